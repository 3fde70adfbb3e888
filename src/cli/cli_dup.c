/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_dup.c — what a duplication job shows: one progress line per drive on a
 * terminal (redrawn in place), tagged lines otherwise, NDJSON events tagged
 * with the drive with --json, and a summary table at the end. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "drive/device.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "base/json.h"

struct dup_view {
	struct cli *c;
	unsigned n;
	const char *devs[JOB_MAX_DRIVES];
	char line[JOB_MAX_DRIVES][160];
	unsigned step[JOB_MAX_DRIVES];
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

static void json_tagged(const struct job_event *e, const char *event, struct json *j)
{
	json_begin(j, event);
	json_str(j, "device", e->dev);
	json_u64(j, "copy", e->copy);
}

static void burn_ev(struct dup_view *v, const struct job_event *be)
{
	const struct job_event *e = be;
	struct cli *c = v->c;
	char text[160], why[512];
	if (c->json) {
		/* reuse the single-drive renderer, tagged by device */
		const char *dev = c->dev;
		c->dev = e->dev;
		cli_burn_event(c, be);
		c->dev = dev;
		return;
	}
	switch (be->type) {
	case JEV_PROGRESS: {
		const struct burn_progress *p = be->u.progress;
		if (p->drained)
			break;  /* closing has begun: no more progress lines */
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
	case JEV_REASON:
		say(v, e->drive, cli_text(be->u.err, why, sizeof(why)));
		break;
	case JEV_PHASE:
		v->step[e->drive] = 0;
		break;
	default:
		break;
	}
}

void cli_dup_event(void *ctx, const struct job_event *e)
{
	struct dup_view *v = ctx;
	struct cli *c = v->c;
	char text[800], why[512];
	struct json j;
	switch (e->type) {
	case JEV_MEDIA: case JEV_PLAN: case JEV_REASON: case JEV_GRACE: case JEV_PHASE:
	case JEV_PROGRESS: case JEV_STATS: case JEV_WARNING:
		burn_ev(v, e);
		return;
	case JEV_TRACK:
		return;         /* the track list is a one-drive burn's */
	case JEV_WAITING:
		if (c->json) {
			json_tagged(e, "waiting", &j);
			json_end(&j, stdout);
		} else {
			snprintf(text, sizeof(text), "copy %u: insert a blank disc", e->copy);
			say(v, e->drive, text);
		}
		return;
	case JEV_REJECTED: {
		/* a disc that may not be written, or cannot take this burn */
		bool says = e->u.err->reason == DB_R_REJECT_NOT_BLANK ||
			    e->u.err->reason == DB_R_REJECT_UNWRITABLE ||
			    e->u.err->reason == DB_R_REJECT_START_UNREADABLE;
		snprintf(text, sizeof(text), "%s%s", cli_text(e->u.err, why, sizeof(why)),
			 says ? "" : "; ejected");
		if (c->json) {
			json_tagged(e, "rejected", &j);
			json_str(&j, "message", text);
			json_end(&j, stdout);
		} else {
			say(v, e->drive, text);
		}
		return;
	}
	case JEV_DISC_DONE:
		if (c->json) {
			json_tagged(e, "disc", &j);
			json_bool(&j, "ok", e->ok);
			if (e->stats)
				json_bool(&j, "verified", e->stats->verified);
			if (e->u.err)
				json_str(&j, "message", cli_text(e->u.err, why, sizeof(why)));
			json_end(&j, stdout);
		} else {
			snprintf(text, sizeof(text), "copy %u: %s%s%s", e->copy,
				 e->ok ? "good" : "FAILED: ", e->ok && e->stats &&
				 e->stats->verified ? " (verified)" : "",
				 e->u.err ? cli_text(e->u.err, why, sizeof(why)) : "");
			say(v, e->drive, text);
		}
		return;
	case JEV_DRIVE_OUT:
		if (c->json) {
			json_tagged(e, "drive-out", &j);
			json_str(&j, "message", cli_text(e->u.err, why, sizeof(why)));
			json_end(&j, stdout);
		} else {
			snprintf(text, sizeof(text), "out of the job: %s",
				 cli_text(e->u.err, why, sizeof(why)));
			say(v, e->drive, text);
		}
		return;
	}
}

static void summary(struct dup_view *v, const struct job_summary *s)
{
	struct cli *c = v->c;
	char why[512];
	if (c->json) {
		for (unsigned i = 0; i < s->ndrive; i++) {
			const struct job_drive_summary *d = &s->drive[i];
			struct json j;
			json_begin(&j, "drive-summary");
			json_str(&j, "device", d->dev);
			json_u64(&j, "good", d->ok);
			json_u64(&j, "failed", d->failed);
			json_u64(&j, "not_made", d->not_made);
			if (d->last_error.code)
				json_str(&j, "reason", cli_text(&d->last_error, why, sizeof(why)));
			json_end(&j, stdout);
		}
		return;
	}
	if (!s->ndrive)
		return;         /* refused before any drive was involved */
	int w = 5;
	for (unsigned i = 0; i < s->ndrive; i++)
		if ((int)strlen(s->drive[i].dev) > w)
			w = (int)strlen(s->drive[i].dev);
	fprintf(stderr, "\n%-*s %5s %7s %9s  %s\n", w, "drive", "good", "failed", "not made",
		"reason");
	for (unsigned i = 0; i < s->ndrive; i++) {
		const struct job_drive_summary *d = &s->drive[i];
		fprintf(stderr, "%-*s %5u %7u %9u  %s\n", w, d->dev, d->ok, d->failed, d->not_made,
			d->last_error.code ? cli_text(&d->last_error, why, sizeof(why)) : "");
	}
	fprintf(stderr, "%-*s %5u %7u %9u\n", w, "total", s->ok, s->failed, s->not_made);
	if (s->resumed)
		fprintf(stderr, "(%u discs were already done according to the journal)\n",
			s->resumed);
	if (s->sha256[0])
		fprintf(stderr, "SHA-256 of the image: %s (read %llu bytes from the source)\n",
			s->sha256, (unsigned long long)s->source_bytes);
}

struct dup_view *cli_dup_view(struct cli *c, const struct job_drive *drives, unsigned n)
{
	static struct dup_view v;
	memset(&v, 0, sizeof(v));
	v.c = c;
	v.n = n;
	for (unsigned i = 0; i < n && i < JOB_MAX_DRIVES; i++)
		v.devs[i] = drives[i].name;
	return &v;
}

int cli_dup_finish(struct dup_view *v, int rc, const struct db_error *err,
		   const struct job_summary *sum)
{
	struct cli *c = v->c;
	summary(v, sum);
	int code = EXIT_OK;
	if (rc < 0) {
		if (err->reason == DB_R_COPIES_NOT_MADE)
			code = EXIT_BATCH_PARTIAL;
		else if (sum->ok + sum->failed == 0 || err->code == DB_ECANCEL)
			code = msg_exit_code(err, MSG_BURN);
		else
			code = EXIT_BATCH_PARTIAL;
		cli_error(c, err, code);
	}
	if (c->json) {
		struct json j;
		json_begin(&j, "done");
		json_i64(&j, "exit", code);
		json_bool(&j, "ok", code == 0);
		json_u64(&j, "good", sum->ok);
		json_u64(&j, "failed", sum->failed);
		json_u64(&j, "not_made", sum->not_made);
		json_u64(&j, "source_bytes", sum->source_bytes);
		if (sum->sha256[0])
			json_str(&j, "sha256", sum->sha256);
		json_end(&j, stdout);
	}
	return code;
}
