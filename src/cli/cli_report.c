/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_report.c — what a person or a script sees of a burn.
 *
 * On a terminal: cdrecord's progress line, redrawn in place
 *   Track 01:  123 of  650 MB written (fifo 100%) [buf  99%]  16.0x.
 * Not on a terminal: the same line at every 10%, so logs stay short.
 * With --json: one NDJSON object per event on stdout (start, media, plan,
 * progress, stats, warning, error, done), human text suppressed.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "drive/device.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "image/iso.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "base/json.h"

static void end_line(struct cli *c)
{
	if (c->line_open) {
		fputc('\n', stderr);
		c->line_open = false;
	}
}

void cli_error(struct cli *c, const struct db_error *err, int exit_code)
{
	end_line(c);
	c->errors++;
	struct msg_text m;
	msg_render(err, &m);
	if (c->clause[0]) {
		/* what the failure left on the disc, said once, by the caller */
		size_t n = strlen(m.text);
		snprintf(m.text + n, sizeof(m.text) - n, "; %s", c->clause);
		c->clause[0] = '\0';
	}
	if (c->json) {
		struct json j;
		char reason[DB_REASON_NAME_MAX];
		db_reason_name(err->reason, reason);
		json_begin(&j, "error");
		if (c->dev)
			json_str(&j, "device", c->dev);
		json_str(&j, "code", db_strerror(err->code));
		json_str(&j, "reason", reason);
		json_i64(&j, "exit", exit_code);
		json_str(&j, "message", m.text);
		if (m.advice[0])
			json_str(&j, "advice", m.advice);
		if (err->have_sense) {
			char sk[16];
			snprintf(sk, sizeof(sk), "%X/%02X/%02X", err->key, err->asc, err->ascq);
			json_str(&j, "sense", sk);
		}
		if (err->lba_valid)
			json_u64(&j, "lba", err->lba);
		json_end(&j, stdout);
		return;
	}
	/* "cause. advice." — whether or not the texts bring their own stop */
	size_t ml = strlen(m.text), al = strlen(m.advice);
	bool mstop = ml && m.text[ml - 1] == '.', astop = al && m.advice[al - 1] == '.';
	fprintf(stderr, "discburn: %s%s%s%s%s\n", m.text, mstop ? "" : ".", al ? " " : "",
		m.advice, al && !astop ? "." : "");
	if (c->verbose && err->sense_len) {
		fprintf(stderr, "discburn: %s sense bytes:", device_opcode_name(err->opcode));
		for (unsigned i = 0; i < err->sense_len; i++)
			fprintf(stderr, " %02x", err->sense[i]);
		fputc('\n', stderr);
	}
}

const char *cli_text(const struct db_error *err, char *buf, size_t size)
{
	struct msg_text m;
	msg_render(err, &m);
	snprintf(buf, size, "%s", m.text);
	return buf;
}

void cli_disc_clause(struct cli *c, const struct db_error *err, const struct burn_stats *st)
{
	bool by_write = err->opcode_valid && (err->opcode == 0x2A || err->opcode == 0xAA);
	c->clause[0] = '\0';
	if (st->reblanked)
		snprintf(c->clause, sizeof(c->clause), "the disc was blanked again");
	else if (!err->touched) {
		/* said exactly where it is true and news: a drive failure
		 * (exit 9) or an interruption before anything reached the disc */
		if (err->reason == DB_R_CANCELLED || msg_exit_code(err, MSG_BURN) == EXIT_PREWRITE)
			snprintf(c->clause, sizeof(c->clause), "the disc is untouched");
	} else if (c->o->dummy)
		snprintf(c->clause, sizeof(c->clause), "it was a simulation, the disc is unchanged");
	else if (st->sectors == 0 && by_write)
		snprintf(c->clause, sizeof(c->clause),
			 "the first WRITE failed, so the disc may still be blank");
	else if (st->sectors == 0 && err->opcode_valid && device_opcode_touches(err->opcode))
		snprintf(c->clause, sizeof(c->clause), "%s had reached the disc, so it may no "
			 "longer be blank", device_opcode_name(err->opcode));
	else if (st->sectors == 0)
		snprintf(c->clause, sizeof(c->clause), "the disc may have been changed");
	else
		snprintf(c->clause, sizeof(c->clause),
			 "the disc was written partly and is probably unusable");
}

void cli_usage_error(struct cli *c, const char *msg)
{
	struct db_error e;
	db_fail(&e, DB_R_USAGE, .other = msg);
	cli_error(c, &e, EXIT_USAGE);
}

void cli_done(struct cli *c, int exit_code, const struct burn_stats *st)
{
	end_line(c);
	if (!c->json)
		return;
	struct json j;
	json_begin(&j, "done");
	if (c->dev)
		json_str(&j, "device", c->dev);
	json_i64(&j, "exit", exit_code);
	json_bool(&j, "ok", exit_code == 0);
	if (st && st->sha256[0]) {
		json_str(&j, "sha256", st->sha256);
		json_bool(&j, "sha256_matched", st->sha256_checked && exit_code == 0);
		json_bool(&j, "verified", st->verified);
	}
	json_end(&j, stdout);
}

static void ev_media(struct cli *c, const struct burn_media *m)
{
	c->profile = m->profile;
	const char *profile = disc_type(m->profile)->name;
	const char *status = mmc_disc_status_name(m->disc_status);
	if (c->json) {
		struct json j;
		json_begin(&j, "media");
		json_str(&j, "device", c->dev);
		json_str(&j, "vendor", m->vendor);
		json_str(&j, "model", m->model);
		json_str(&j, "profile", profile);
		json_u64(&j, "profile_code", m->profile);
		json_str(&j, "status", status);
		json_u64(&j, "nwa", m->nwa);
		json_u64(&j, "free_blocks", m->free_blocks);
		json_u64(&j, "image_blocks", m->image_blocks);
		json_end(&j, stdout);
		return;
	}
	if (c->verbose)
		fprintf(stderr, "Device: '%s' '%s' '%s' (%s)\n"
			"Media: %s, %s, next writable address %u, %u blocks free (%.1f MB)\n"
			"To write: %u blocks (%.1f MB)\n",
			m->vendor, m->model, m->revision, c->dev, profile, status, m->nwa,
			m->free_blocks, m->free_blocks * 2048.0 / 1e6,
			m->image_blocks, m->image_blocks * 2048.0 / 1e6);
}

/* The write method's name as it is shown: sequential writing is named with
 * the disc it is for ("DVD+R sequential"). */
static void method_name(const struct cli *c, const struct burn_plan *p, char *out, size_t n)
{
	if (!strcmp(p->strategy, "sequential"))
		snprintf(out, n, "%s sequential", disc_type(c->profile)->name);
	else
		snprintf(out, n, "%s", p->strategy);
}

static void ev_plan(struct cli *c, const struct burn_plan *p)
{
	char method[64];
	method_name(c, p, method, sizeof(method));
	if (c->json) {
		struct json j;
		json_begin(&j, "start");
		json_str(&j, "device", c->dev);
		json_str(&j, "mode", method);
		json_dbl(&j, "speed_x", p->speed_x);
		if (p->set_kbps)
			json_dbl(&j, "speed_set_x", p->set_x);
		json_bool(&j, "dummy", p->dummy);
		json_bool(&j, "multi", p->multi);
		json_bool(&j, "burnfree", p->burnfree);
		json_u64(&j, "fifo_bytes", p->fifo_size);
		json_end(&j, stdout);
		return;
	}
	if (c->verbose) {
		char speed[32] = "maximum speed";
		if (p->speed_x > 0)
			snprintf(speed, sizeof(speed), "speed %.1fx", p->speed_x);
		fprintf(stderr, "Starting to write at %s in %s %s mode for %s session.\n"
			"FIFO size %.1f MB, BURN-Free %s.\n", speed,
			p->dummy ? "dummy" : "real", method, p->multi ? "multi" : "single",
			p->fifo_size / 1048576.0, p->burnfree ? "on" : "off");
	}
}

/* Blanking and formatting report a fraction of 65536, not bytes. */
static void ev_long_op(struct cli *c, const struct burn_progress *p)
{
	unsigned pct = p->total ? (unsigned)(p->done * 100 / p->total) : 0;
	if (c->json) {
		struct json j;
		json_begin(&j, "progress");
		json_str(&j, "device", c->dev);
		json_str(&j, "phase", cli_phase_name(c->phase));
		json_u64(&j, "pct", pct);
		json_end(&j, stdout);
		return;
	}
	if (c->o->silent)
		return;
	char bar[41];
	unsigned fill = pct * 40 / 100;
	memset(bar, '#', fill);
	memset(bar + fill, '.', 40 - fill);
	bar[40] = '\0';
	const char *what = c->phase == PHASE_FORMAT ? "Formatting" : "Blanking";
	if (c->tty) {
		fprintf(stderr, "\r%s: [%s] %3u%%", what, bar, pct);
		c->line_open = true;
	} else if (pct / 10 != c->last_step || pct == 100) {
		if (pct / 10 == c->last_step && pct == 100 && c->last_step == 10)
			return;
		c->last_step = pct / 10;
		fprintf(stderr, "%s: [%s] %3u%%\n", what, bar, pct);
	}
}

static void ev_progress(struct cli *c, const struct burn_progress *p)
{
	if (p->fraction) {
		ev_long_op(c, p);
		return;
	}
	unsigned done_mb = (unsigned)(p->done >> 20), total_mb = (unsigned)(p->total >> 20);
	if (c->json) {
		struct json j;
		json_begin(&j, "progress");
		json_str(&j, "device", c->dev);
		json_str(&j, "phase", p->verify ? "verify" : "write");
		json_u64(&j, "bytes", p->done);
		json_u64(&j, "total", p->total);
		json_u64(&j, "lba", p->lba);
		if (p->track)
			json_u64(&j, "track", p->track);
		json_dbl(&j, "speed_x", p->speed_x);
		if (!p->verify)
			json_u64(&j, "fifo_pct", p->fifo_pct);
		if (p->buf_pct >= 0)
			json_i64(&j, "buf_pct", p->buf_pct);
		/* the sample's rest (README: Burn reports) */
		json_dbl(&j, "t", p->seconds);
		json_dbl(&j, "rate_x", p->rate_x);
		if (!p->verify)
			json_u64(&j, "fifo_empty", p->fifo_empty);
		if (p->burnfree >= 0)
			json_i64(&j, "burnfree", p->burnfree);
		json_end(&j, stdout);
		return;
	}
	if (c->o->silent)
		return;
	char line[160];
	if (p->verify)
		snprintf(line, sizeof(line), "Verify:   %4u of %4u MB read  %5.1fx.",
			 done_mb, total_mb, p->speed_x);
	else if (p->buf_pct >= 0)
		snprintf(line, sizeof(line), "Track %02u: %4u of %4u MB written (fifo %3u%%) "
			 "[buf %3d%%] %5.1fx.", p->track ? p->track : 1, done_mb, total_mb,
			 p->fifo_pct, p->buf_pct, p->speed_x);
	else
		snprintf(line, sizeof(line), "Track %02u: %4u of %4u MB written (fifo %3u%%) "
			 "%5.1fx.", p->track ? p->track : 1, done_mb, total_mb, p->fifo_pct,
			 p->speed_x);
	if (c->tty) {
		fprintf(stderr, "\r%s", line);
		c->line_open = true;
		return;
	}
	unsigned step = p->total ? (unsigned)(p->done * 10 / p->total) : 10;
	if (step != c->last_step || p->done == p->total) {
		if (step == c->last_step && p->done == p->total && !p->verify)
			return;
		c->last_step = step;
		fprintf(stderr, "%s\n", line);
	}
}

static void ev_stats(struct cli *c, const struct burn_stats *s)
{
	if (c->json) {
		struct json j;
		json_begin(&j, "stats");
		json_str(&j, "device", c->dev);
		json_u64(&j, "bytes", s->bytes);
		json_u64(&j, "sectors", s->sectors);
		json_dbl(&j, "seconds", s->seconds);
		json_dbl(&j, "avg_speed_x", s->avg_speed_x);
		json_u64(&j, "fifo_bytes", s->fifo_size);
		json_u64(&j, "fifo_min_pct", s->fifo_min_pct);
		json_u64(&j, "fifo_empty", s->fifo_empty);
		if (s->drive_buf_min_pct >= 0)
			json_i64(&j, "drive_buf_min_pct", s->drive_buf_min_pct);
		json_bool(&j, "burnfree", s->burnfree_on);
		if (s->burnfree_counted)
			json_u64(&j, "burnfree_used", s->burnfree_used);
		json_str(&j, "sha256", s->sha256);
		json_bool(&j, "sha256_checked", s->sha256_checked);
		json_bool(&j, "verified", s->verified);
		json_end(&j, stdout);
		return;
	}
	end_line(c);
	if (c->o->silent)
		return;
	fprintf(stderr, "Track 01: Total bytes read/written: %llu/%llu (%u sectors).\n",
		(unsigned long long)s->bytes, (unsigned long long)(s->written_bytes ? s->written_bytes
				       : (uint64_t)s->sectors * 2048), s->sectors);
	if (c->verbose) {
		fprintf(stderr, "Writing  time: %8.3fs\nAverage write speed %5.1fx.\n",
			s->seconds, s->avg_speed_x);
		if (s->drive_buf_min_pct >= 0)
			fprintf(stderr, "Min drive buffer fill was %d%%\n", s->drive_buf_min_pct);
		fprintf(stderr, "Fifo was %u times empty, min fill was %u%%.\n",
			s->fifo_empty, s->fifo_min_pct);
		fprintf(stderr, "BURN-Free was %s.\n", s->burnfree_on ? "on" : "off");
		if (s->burnfree_counted)
			fprintf(stderr, "BURN-Free was %u times used.\n", s->burnfree_used);
		fprintf(stderr, "SHA-256 %s%s\n", s->sha256,
			s->sha256_checked ? " (matches the expected checksum)" : "");
	}
	if (s->verified)
		fprintf(stderr, "Verify: the disc equals the image.\n");
}

void cli_json_fact(struct json *j, const struct fact *f)
{
	if (f->type == FACT_U64)
		json_u64(j, f->key, f->u64);
	else if (f->type == FACT_BOOL)
		json_bool(j, f->key, f->b);
	else
		json_str(j, f->key, f->str);
}

static int image_fact(void *ctx, const struct fact *f)
{
	cli_json_fact(ctx, f);
	return 0;
}

/* --json gets every fact of the image; -v a line of the main ones. */
static void ev_image(struct cli *c, const struct iso_report *r)
{
	if (c->json) {
		struct json j;
		json_begin(&j, "image");
		json_str(&j, "device", c->dev);
		iso_report_emit(r, image_fact, &j);
		json_end(&j, stdout);
		return;
	}
	if (!c->verbose)
		return;
	char boot[48] = "";
	for (unsigned i = 0; i < r->boot_count; i++) {
		const char *p = iso_platform_name(r->boot[i].platform);
		size_t n = strlen(boot);
		if (!strstr(boot, p) && n + strlen(p) + 2 < sizeof(boot))
			snprintf(boot + n, sizeof(boot) - n, "%s%s", n ? "+" : "", p);
	}
	const char *vol = r->iso9660 ? r->volume_id : "";
	fprintf(stderr, "Image: %s%s%s%s, %llu blocks (%s)%s%s%s%s, fits %s\n",
		iso_format_name(r->format), vol[0] ? " '" : "", vol, vol[0] ? "'" : "",
		(unsigned long long)((r->file_size + ISO_SECTOR - 1) / ISO_SECTOR),
		iso_size_state_name(r->size_state), boot[0] ? ", El Torito " : "", boot,
		r->mbr ? ", hybrid MBR" : "", r->gpt ? ", GPT" : "",
		iso_smallest_medium(r->file_size));
}

const char *cli_phase_name(enum burn_phase ph)
{
	static const char *const names[] = {
		[PHASE_PREFLIGHT] = "preflight", [PHASE_BLANK] = "blank", [PHASE_FORMAT] = "format",
		[PHASE_WRITE] = "write", [PHASE_CLOSE] = "close", [PHASE_VERIFY] = "verify",
		[PHASE_DONE] = "done",
	};
	return (unsigned)ph < sizeof(names) / sizeof(names[0]) ? names[ph] : "unknown";
}

void cli_warning_text(const struct job_event *ev, char *out, size_t n)
{
	switch (ev->u.warning) {
	case WARN_SPEED_REFUSED:
		snprintf(out, n, "the drive did not accept the speed; it writes at its own choice");
		return;
	case WARN_PADDED_TO_MIN_TRACK:
		snprintf(out, n, "the image is shorter than the 4-second minimum of a CD track; "
			 "padding it to %llu sectors", (unsigned long long)ev->n);
		return;
	case WARN_DUMMY_NOT_VERIFIED:
		snprintf(out, n, "a simulated burn wrote nothing, so there is nothing to verify");
		return;
	case WARN_NOFIX_OVERWRITE:
		snprintf(out, n, "-nofix is ignored: this disc is written in place and has no "
			 "session to leave open");
		return;
	}
	snprintf(out, n, "unexplained warning");
}

static void ev_phase(struct cli *c, enum burn_phase ph)
{
	end_line(c);
	c->last_step = 0;
	c->phase = ph;
	if (c->json) {
		struct json j;
		json_begin(&j, "phase");
		json_str(&j, "device", c->dev);
		json_str(&j, "phase", cli_phase_name(ph));
		json_end(&j, stdout);
	} else if (c->verbose > 1) {
		fprintf(stderr, "Phase: %s\n", cli_phase_name(ph));
	}
}

void cli_burn_event(struct cli *c, const struct job_event *ev)
{
	switch (ev->type) {
	case JEV_MEDIA:
		ev_media(c, ev->u.media);
		break;
	case JEV_PLAN:
		ev_plan(c, ev->u.plan);
		break;
	case JEV_REASON:
		/* every pre-flight reason, one line each */
		cli_error(c, ev->u.err, msg_exit_code(ev->u.err, MSG_BURN));
		break;
	case JEV_GRACE:
		if (!c->json && !c->o->silent) {
			fprintf(stderr, "%sLast chance to quit, starting real write in %2u "
				"seconds.", c->tty ? "\r" : "", ev->u.seconds_left);
			if (c->tty)
				c->line_open = true;
			else
				fputc('\n', stderr);
		}
		break;
	case JEV_PHASE:
		ev_phase(c, ev->u.phase);
		break;
	case JEV_PROGRESS:
		ev_progress(c, ev->u.progress);
		break;
	case JEV_STATS:
		ev_stats(c, ev->stats);
		break;
	case JEV_WARNING: {
		char text[256];
		cli_warning_text(ev, text, sizeof(text));
		end_line(c);
		if (c->json) {
			struct json j;
			json_begin(&j, "warning");
			json_str(&j, "device", c->dev);
			json_str(&j, "message", text);
			json_end(&j, stdout);
		} else {
			fprintf(stderr, "discburn: warning: %s.\n", text);
		}
		break;
	}
	case JEV_WAITING:
	case JEV_REJECTED:
	case JEV_DISC_DONE:
	case JEV_DRIVE_OUT:
		break;          /* a job of many discs: cli_dup.c shows these */
	}
}

void cli_image_event(struct cli *c, const struct iso_report *r)
{
	ev_image(c, r);
}
