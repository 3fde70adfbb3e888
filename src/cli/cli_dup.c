/* cli_dup.c — what a duplication job shows: one progress line per drive on a
 * terminal (redrawn in place), tagged lines otherwise, NDJSON events tagged
 * with the drive with --json, and a summary table at the end. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "drive/device.h"
#include "engine/dup.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "base/json.h"

struct dup_view {
	struct cli *c;
	unsigned n;
	const char *const *devs;
	char line[DUP_MAX_DRIVES][160];
	unsigned step[DUP_MAX_DRIVES];
	bool drawn;
};

/* Terminal: redraw the block of per-drive lines. */
static void redraw(struct dup_view *v)
{
	if (v->drawn)
		fprintf(stderr, "\033[%uA", v->n);
	for (unsigned i = 0; i < v->n; i++)
		fprintf(stderr, "\r\033[K%-24.24s %s\n", v->devs[i], v->line[i]);
	v->drawn = true;
}

static void say(struct dup_view *v, unsigned i, const char *text)
{
	if (v->c->tty) {
		snprintf(v->line[i], sizeof(v->line[i]), "%s", text);
		redraw(v);
	} else {
		fprintf(stderr, "[%s] %s\n", v->devs[i], text);
	}
}

static void json_tagged(const struct dup_event *e, const char *event, struct json *j)
{
	json_begin(j, event);
	json_str(j, "device", e->dev);
	json_u64(j, "copy", e->copy);
}

static void burn_ev(struct dup_view *v, const struct dup_event *e)
{
	const struct burn_event *be = e->burn;
	struct cli *c = v->c;
	char text[160];
	if (c->json) {
		/* reuse the single-drive renderer, tagged by device */
		const char *dev = c->dev;
		c->dev = e->dev;
		cli_burn_event(c, be);
		c->dev = dev;
		return;
	}
	switch (be->type) {
	case BEV_PROGRESS: {
		const struct burn_progress *p = be->u.progress;
		unsigned pct = p->total ? (unsigned)(p->done * 100 / p->total) : 0;
		snprintf(text, sizeof(text), "copy %u: %s %4u of %4u MB (%3u%%) %5.1fx", e->copy,
			 p->verify ? "verified" : "written", (unsigned)(p->done >> 20),
			 (unsigned)(p->total >> 20), pct, p->speed_x);
		if (!c->tty && pct / 10 == v->step[e->drive] && pct != 100)
			return;
		v->step[e->drive] = pct / 10;
		say(v, e->drive, text);
		break;
	}
	case BEV_REASON:
		say(v, e->drive, cli_text(be->u.reason, text, sizeof(text)));
		break;
	case BEV_WARNING:
		snprintf(text, sizeof(text), "warning: %s", be->u.warning);
		say(v, e->drive, text);
		break;
	case BEV_PHASE:
		v->step[e->drive] = 0;
		break;
	default:
		break;
	}
}

static void dup_event(void *ctx, const struct dup_event *e)
{
	struct dup_view *v = ctx;
	struct cli *c = v->c;
	char text[800], why[512];
	struct json j;
	switch (e->type) {
	case DEV_DRIVE:
		burn_ev(v, e);
		return;
	case DEV_WAITING:
		if (c->json) {
			json_tagged(e, "waiting", &j);
			json_end(&j, stdout);
		} else {
			snprintf(text, sizeof(text), "copy %u: insert a blank disc", e->copy);
			say(v, e->drive, text);
		}
		return;
	case DEV_REJECTED:
		if (c->json) {
			json_tagged(e, "rejected", &j);
			json_str(&j, "message", e->text);
			json_end(&j, stdout);
		} else {
			say(v, e->drive, e->text);
		}
		return;
	case DEV_DISC_DONE:
		if (c->json) {
			json_tagged(e, "disc", &j);
			json_bool(&j, "ok", e->ok);
			if (e->stats)
				json_bool(&j, "verified", e->stats->verified);
			if (e->err)
				json_str(&j, "message", cli_text(e->err, why, sizeof(why)));
			json_end(&j, stdout);
		} else {
			snprintf(text, sizeof(text), "copy %u: %s%s%s", e->copy,
				 e->ok ? "good" : "FAILED: ", e->ok && e->stats &&
				 e->stats->verified ? " (verified)" : "",
				 e->err ? cli_text(e->err, why, sizeof(why)) : "");
			say(v, e->drive, text);
		}
		return;
	case DEV_DRIVE_OUT:
		if (c->json) {
			json_tagged(e, "drive-out", &j);
			json_str(&j, "message", cli_text(e->err, why, sizeof(why)));
			json_end(&j, stdout);
		} else {
			snprintf(text, sizeof(text), "out of the job: %s",
				 cli_text(e->err, why, sizeof(why)));
			say(v, e->drive, text);
		}
		return;
	}
}

static void setup(void *ctx, struct device *d)
{
	struct dup_view *v = ctx;
	device_set_cancel(d, &v->c->cancel);
	device_set_min_timeout(d, v->c->o->timeout * 1000u);
}

static void summary(struct dup_view *v, const struct dup_summary *s)
{
	struct cli *c = v->c;
	char why[512];
	if (c->json) {
		for (unsigned i = 0; i < s->ndev; i++) {
			const struct dup_drive_summary *d = &s->drive[i];
			struct json j;
			json_begin(&j, "drive-summary");
			json_str(&j, "device", d->dev);
			json_u64(&j, "good", d->ok);
			json_u64(&j, "failed", d->failed);
			json_u64(&j, "not_made", d->owed);
			if (d->last_error.code)
				json_str(&j, "reason", cli_text(&d->last_error, why, sizeof(why)));
			json_end(&j, stdout);
		}
		return;
	}
	if (!s->ndev)
		return;         /* refused before any drive was involved */
	int w = 5;
	for (unsigned i = 0; i < s->ndev; i++)
		if ((int)strlen(s->drive[i].dev) > w)
			w = (int)strlen(s->drive[i].dev);
	fprintf(stderr, "\n%-*s %5s %7s %9s  %s\n", w, "drive", "good", "failed", "not made",
		"reason");
	for (unsigned i = 0; i < s->ndev; i++) {
		const struct dup_drive_summary *d = &s->drive[i];
		fprintf(stderr, "%-*s %5u %7u %9u  %s\n", w, d->dev, d->ok, d->failed, d->owed,
			d->last_error.code ? cli_text(&d->last_error, why, sizeof(why)) : "");
	}
	fprintf(stderr, "%-*s %5u %7u %9u\n", w, "total", s->ok, s->failed, s->owed);
	if (s->resumed)
		fprintf(stderr, "(%u discs were already done according to the journal)\n",
			s->resumed);
	if (s->sha256[0])
		fprintf(stderr, "SHA-256 of the image: %s (read %llu bytes from the source)\n",
			s->sha256, (unsigned long long)s->source_bytes);
}

int cli_duplicate(struct cli *c, const char *const *devs, unsigned ndev)
{
	const struct options *o = c->o;
	static struct dup_params p;
	struct db_error err;
	memset(&p, 0, sizeof(p));
	p.image = o->image;
	p.tsize = o->tsize;
	p.ndev = ndev;
	for (unsigned i = 0; i < ndev; i++)
		p.devs[i] = devs[i];
	p.copies = o->copies ? o->copies : 1;
	p.journal = o->journal;
	p.disc_wait_s = o->wait_disc;
	p.burn = cli_burn_params(c);      /* each drive's burn sets image, eject... */
	static struct dup_view v;
	memset(&v, 0, sizeof(v));
	v.c = c;
	v.n = ndev;
	v.devs = devs;
	struct dup_events ev = { dup_event, setup, &v };
	static struct dup_summary sum;
	int rc = dup_run(&p, &c->cancel, &ev, &sum, &err);
	summary(&v, &sum);
	int code = EXIT_OK;
	if (rc < 0) {
		if (sum.ok + sum.failed == 0 && err.reason != DB_R_COPIES_NOT_MADE)
			code = msg_exit_code(&err, MSG_BURN);
		else
			code = err.code == DB_ECANCEL ? EXIT_INTERRUPTED : EXIT_BATCH_PARTIAL;
		cli_error(c, &err, code);
	}
	if (c->json) {
		struct json j;
		json_begin(&j, "done");
		json_i64(&j, "exit", code);
		json_bool(&j, "ok", code == 0);
		json_u64(&j, "good", sum.ok);
		json_u64(&j, "failed", sum.failed);
		json_u64(&j, "not_made", sum.owed);
		json_u64(&j, "source_bytes", sum.source_bytes);
		if (sum.sha256[0])
			json_str(&j, "sha256", sum.sha256);
		json_end(&j, stdout);
	}
	return code;
}
