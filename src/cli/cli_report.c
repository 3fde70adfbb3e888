/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_report.c — what a person or a script sees of a burn.
 *
 * The streams are split as wodim splits them (wodim.c, drv_mmc.c): what it
 * prints with printf goes to stdout (the track list, "Starting to write",
 * "Starting new track at sector:", the progress line, "Fixating...",
 * "Fixating time:", the statistics, the drive and medium lines of -v), and
 * errors and warnings go to stderr, where wodim's errmsgno() writes (so the
 * FIFO's count too). Some front ends read stdout only.
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

#include "base/clock.h"
#include "cli/cli.h"
#include "drive/device.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "image/iso.h"
#include "image/layout.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "base/json.h"

static void end_line(struct cli *c)
{
	if (c->line_open) {
		fputc('\n', stderr);
		c->line_open = false;
	}
	if (c->out_line_open) {
		fputc('\n', stdout);
		c->out_line_open = false;
	}
	fflush(stdout);         /* what stdout said comes before what stderr says */
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
		json_bool(&j, "verified", st->verified);
	}
	/* only where --sha256 gave a digest to match: true when the stream
	 * was compared and equal, false when it differed; absent otherwise */
	if (c->o && c->o->sha256 && st && st->sha256_checked)
		json_bool(&j, "sha256_matched", true);
	else if (c->o && c->o->sha256 && exit_code == EXIT_CHECKSUM)
		json_bool(&j, "sha256_matched", false);
	json_end(&j, stdout);
}

static void ev_media(struct cli *c, const struct burn_media *m)
{
	c->profile = m->profile;
	c->image_blocks = m->image_blocks;
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
		printf("Device: '%s' '%s' '%s' (%s)\n"
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

static void track_list(struct cli *c);
static void fixated(struct cli *c);

/* Track i of the layout in its stream: where its index 1 starts and its
 * bytes from there (its pregap is not its size, as wodim counts a track's
 * file). */
static uint64_t track_bytes(const struct layout *l, unsigned i, uint64_t *start)
{
	const struct layout_track *t = &l->track[i];
	uint64_t end = i + 1 < l->ntracks ? l->track[i + 1].stream_offset : l->stream_bytes;
	uint64_t s = t->stream_offset + (uint64_t)t->pregap * track_mode_sector_bytes(t->mode);
	if (s > end)
		s = end;
	*start = s;
	return end - s;
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
		track_list(c);
		printf("FIFO size      : %llu = %llu KB\n", (unsigned long long)p->fifo_size,
		       (unsigned long long)(p->fifo_size >> 10));
		/* K3b's slotStdLine (k3bcdrecordwriter.cpp) reads "BURN-Free is ON" */
		printf("BURN-Free is %s.\n", p->burnfree ? "ON" : "OFF");
	}
	if (c->o->silent)
		return;
	/* wodim's line, with the speed the drive set (the request only where
	 * the drive does not say), as a bare number: K3b's slotStdLine reads
	 * the text between "at speed " and " in" as a number */
	double x = p->set_kbps ? p->set_x : p->speed_x;
	char speed[48] = "at the drive's own speed";
	if (x > 0)
		snprintf(speed, sizeof(speed), "at speed %5.1f", x);
	printf("Starting to write CD/DVD/BD %s in %s %s mode for %s session.\n", speed,
	       p->dummy ? "dummy" : "real", method, p->multi ? "multi" : "single");
}

/* wodim's track list of -v (printdata, printaudio in wodim.c): a front end
 * takes each track's size from it, so every line starts "Track NN: data "
 * or "Track NN: audio" and gives the size in whole MB before "MB". */
static void track_list(struct cli *c)
{
	const struct layout *l = c->layout;
	if (!l || !l->ntracks)
		return;
	for (unsigned i = 0; i < l->ntracks; i++) {
		const struct layout_track *t = &l->track[i];
		uint64_t start, bytes = track_bytes(l, i, &start);
		if (t->mode == TRACK_AUDIO) {
			/* playing time of 44.1 kHz 16-bit stereo: 176400 bytes a second */
			uint64_t cs = bytes * 100 / 176400;
			printf("Track %02u: audio %4llu MB (%02u:%02u.%02u) %spreemp\n", t->number,
			       (unsigned long long)(bytes >> 20), (unsigned)(cs / 6000),
			       (unsigned)(cs / 100 % 60), (unsigned)(cs % 100),
			       t->preemphasis ? "" : "no ");
		} else {
			printf("Track %02u: data  %4llu MB\n", t->number,
			       (unsigned long long)(bytes >> 20));
		}
	}
	uint64_t blocks = c->image_blocks;
	if (disc_type(c->profile)->family == MMC_FAM_CD) {
		uint64_t cs = blocks * 100 / 75;
		printf("Total size:     %4llu MB (%02u:%02u.%02u) = %llu sectors\n",
		       (unsigned long long)(blocks * 2352 >> 20), (unsigned)(cs / 6000),
		       (unsigned)(cs / 100 % 60), (unsigned)(cs % 100), (unsigned long long)blocks);
	} else {
		printf("Total size:     %4llu MB = %llu sectors\n",
		       (unsigned long long)(blocks * 2048 >> 20), (unsigned long long)blocks);
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
	if (c->out_tty) {
		printf("\r%s: [%s] %3u%%", what, bar, pct);
		fflush(stdout);
		c->out_line_open = true;
	} else if (pct / 10 != c->last_step || pct == 100) {
		if (pct / 10 == c->last_step && pct == 100 && c->last_step == 10)
			return;
		c->last_step = pct / 10;
		printf("%s: [%s] %3u%%\n", what, bar, pct);
		fflush(stdout);
	}
}

static void ev_progress(struct cli *c, const struct burn_progress *p)
{
	if (p->fraction) {
		ev_long_op(c, p);
		return;
	}
	uint64_t done = p->done, tot = p->total;
	if (!p->verify && c->layout && c->track_idx && c->track_idx <= c->layout->ntracks) {
		/* wodim's line counts the track being written, not the disc:
		 * Brasero adds up the tracks' totals (brasero_wodim_compute) */
		uint64_t start;
		tot = track_bytes(c->layout, c->track_idx - 1, &start);
		done = p->done > start ? p->done - start : 0;
		if (done > tot)
			done = tot;
	}
	unsigned done_mb = (unsigned)(done >> 20), total_mb = (unsigned)(tot >> 20);
	if (c->json) {
		struct json j;
		json_begin(&j, "progress");
		json_str(&j, "device", c->dev);
		json_str(&j, "phase", p->verify ? "verify" : "write");
		json_u64(&j, "bytes", p->done);
		json_u64(&j, "total", p->total);
		json_u64(&j, "lba", p->lba);
		if (!p->verify && p->disc_lba >= 0)
			json_i64(&j, "disc_lba", p->disc_lba);
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
	if (c->o->silent || p->drained)
		return;         /* closing has begun: no more progress lines */
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
	if (c->out_tty) {
		printf("\r%s", line);
		fflush(stdout);
		c->out_line_open = true;
		return;
	}
	unsigned step = tot ? (unsigned)(done * 10 / tot) : 10;
	if (step != c->last_step || done == tot) {
		if (step == c->last_step && done == tot && !p->verify)
			return;
		c->last_step = step;
		printf("%s\n", line);
		fflush(stdout);
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
	fixated(c);
	if (c->o->silent)
		return;
	printf("Track 01: Total bytes read/written: %llu/%llu (%u sectors).\n",
	       (unsigned long long)s->bytes, (unsigned long long)(s->written_bytes ? s->written_bytes
				      : (uint64_t)s->sectors * 2048), s->sectors);
	if (c->verbose) {
		printf("Writing  time: %8.3fs\nAverage write speed %5.1fx.\n",
		       s->seconds, s->avg_speed_x);
		if (s->drive_buf_min_pct >= 0)
			printf("Min drive buffer fill was %d%%\n", s->drive_buf_min_pct);
		/* BURN-Free as wodim's drv_mmc.c says it: the drive's own count
		 * (K3b's slotStdLine reads "BURN-Free was N times used") */
		if (!s->burnfree_on)
			printf("BURN-Free was off.\n");
		else if (s->burnfree_counted && s->burnfree_used == 0)
			printf("BURN-Free was never needed.\n");
		else if (s->burnfree_counted)
			printf("BURN-Free was %u times used.\n", s->burnfree_used);
		else
			printf("BURN-Free was on; the drive does not count its uses.\n");
		printf("SHA-256 %s%s\n", s->sha256,
		       s->sha256_checked ? " (matches the expected checksum)" : "");
		fflush(stdout);
		/* wodim's fifo_stats() writes this with errmsgno(), on stderr */
		fprintf(stderr, "discburn: fifo was %u times empty, min fill was %u%%.\n",
			s->fifo_empty, s->fifo_min_pct);
	}
	if (s->verified)
		printf("Verify: the disc equals the image.\n");
	fflush(stdout);
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
	printf("Image: %s%s%s%s, %llu blocks (%s)%s%s%s%s, fits %s\n",
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

/* wodim's "Fixating time:" once the close is over (the next phase, or the
 * statistics): Xfburn takes it as the end of the burn. */
static void fixated(struct cli *c)
{
	if (c->phase != PHASE_CLOSE || c->json || !c->verbose)
		return;
	c->phase = PHASE_DONE;
	printf("Fixating time: %8.3fs\n", clock_now_s() - c->close_t0);
	fflush(stdout);
}

static void ev_phase(struct cli *c, enum burn_phase ph)
{
	end_line(c);
	fixated(c);
	c->last_step = 0;
	c->phase = ph;
	if (ph == PHASE_CLOSE) {
		c->close_t0 = clock_now_s();
		if (!c->json && c->verbose) {
			/* wodim's line before CLOSE TRACK/SESSION; Brasero and
			 * K3b take it as the start of the close */
			printf("Fixating...\n");
			fflush(stdout);
		}
	}
	if (c->json) {
		struct json j;
		json_begin(&j, "phase");
		json_str(&j, "device", c->dev);
		json_str(&j, "phase", cli_phase_name(ph));
		json_end(&j, stdout);
	} else if (c->verbose > 1) {
		printf("Phase: %s\n", cli_phase_name(ph));
	}
}

/* wodim's line of -v before a track's data: K3b's slotStdLine counts the
 * tracks by it, and takes the "Track" lines after it as progress. */
static void ev_track(struct cli *c, const struct burn_track_start *t)
{
	c->track_idx++;
	if (c->json || !c->verbose)
		return;
	end_line(c);
	c->last_step = 0;
	printf("Starting new track at sector: %u\n", t->lba);
	fflush(stdout);
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
			printf("%sLast chance to quit, starting real write in %2u seconds.",
			       c->out_tty ? "\r" : "", ev->u.seconds_left);
			if (c->out_tty)
				c->out_line_open = true;
			else
				putchar('\n');
			fflush(stdout);
		}
		break;
	case JEV_PHASE:
		ev_phase(c, ev->u.phase);
		break;
	case JEV_PROGRESS:
		ev_progress(c, ev->u.progress);
		break;
	case JEV_TRACK:
		ev_track(c, ev->u.track);
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
