/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_read.c — reading discs from the command line: f=FILE (a disc into an
 * image, readom's options), --check (a disc against an image or a checksum),
 * -inspect of the disc in a drive, and the master of --from.
 *
 * On a terminal the progress line is redrawn in place
 *   Read    123 of    650 MB ( 18%)  16.0x
 * elsewhere it is printed at every 10%; --json gives one NDJSON object per
 * event (disc, speed, resume, pass, progress, sector, done) on stdout. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "drive/device.h"
#include "engine/cdcue.h"
#include "engine/master.h"
#include "engine/read.h"
#include "image/image.h"
#include "image/iso.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "mmc/sense.h"

struct view {
	struct cli *c;
	const char *cue;        /* BIN/CUE: the cue sheet's path */
	const char *verb;       /* "Read", "Checked" */
	const char *doing;      /* "Reading", "Checking" */
	unsigned step;          /* plain mode: the last 10% printed */
	uint64_t bad;
};

static void end_line(struct cli *c)
{
	if (c->line_open) {
		fputc('\n', stderr);
		c->line_open = false;
	}
}

static void say(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct cli *c, const char *fmt, ...)
{
	if (c->json || c->o->silent)
		return;
	end_line(c);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void plan_event(struct view *v, const struct read_event *e)
{
	struct cli *c = v->c;
	const struct disc *d = e->disc;
	const struct disc_plan *p = e->plan;
	const char *type = disc_type(d->profile)->name;
	if (c->json) {
		struct json j;
		json_begin(&j, "disc");
		json_str(&j, "device", c->dev);
		json_str(&j, "profile", type);
		json_u64(&j, "sessions", d->nsessions);
		json_u64(&j, "data_tracks", d->ndata);
		json_u64(&j, "audio_tracks", d->naudio);
		json_u64(&j, "first_lba", p->first);
		json_u64(&j, "sectors", p->sectors);
		json_u64(&j, "bytes", p->bytes);
		json_str(&j, "size_from", disc_length_from_name(p->from));
		json_u64(&j, "image_sessions", p->sessions);
		json_end(&j, stdout);
		return;
	}
	if (p->sector_bytes == 2352) {
		say(c, "%s the %s in %s: %u sectors of 2352 bytes (%.1f MB) from LBA %u to the "
		    "lead-out of the session%s", v->doing, type, c->dev, p->sectors, p->bytes / 1e6,
		    p->first, d->nsessions > 1 ? " (one of several: session= names another)" : "");
		return;
	}
	say(c, "%s the %s in %s: %u sectors (%.1f MB) from LBA %u, as long as its %s%s", v->doing,
	    type, c->dev, p->sectors, p->bytes / 1e6, p->first, disc_length_from_name(p->from),
	    p->sessions > 1 ? "; every session at its own LBA, the gaps between them zeros" : "");
	if (c->verbose)
		for (unsigned i = 0; i < d->ntracks; i++) {
			const struct disc_track *t = &d->track[i];
			say(c, "  track %u (session %u, %s): LBA %u, %u sectors%s%s%s", t->number,
			    t->session, t->data ? "data" : "audio", t->start, t->size,
			    t->data && t->length != t->size ? "; image " : "",
			    t->data && t->length != t->size ? disc_length_from_name(t->from) : "",
			    t->volume_beyond ? "; its volume claims more than the track holds" : "");
		}
	if (p->volume_beyond)
		say(c, "discburn: warning: the volume on the disc claims more sectors than its "
		    "track holds (a burn cut short?); the track is read as it is");
	if (d->naudio)
		say(c, "discburn: warning: %u audio track(s) are not read into an ISO image "
		    "(f=NAME.cue reads the whole CD as BIN/CUE)", d->naudio);
}

static void progress_event(struct view *v, const struct read_event *e)
{
	struct cli *c = v->c;
	v->bad = e->bad;
	if (c->json) {
		struct json j;
		json_begin(&j, "progress");
		json_str(&j, "device", c->dev);
		json_u64(&j, "done", e->done);
		json_u64(&j, "total", e->total);
		json_u64(&j, "lba", e->lba);
		json_dbl(&j, "speed_x", e->speed_x);
		json_u64(&j, "bad", e->bad);
		json_end(&j, stdout);
		return;
	}
	if (c->o->silent)
		return;
	unsigned pct = e->total ? (unsigned)(e->done * 100 / e->total) : 100;
	char bad[32] = "";
	if (e->bad)
		snprintf(bad, sizeof(bad), ", %llu bad", (unsigned long long)e->bad);
	if (c->tty) {
		fprintf(stderr, "\r%s %6llu of %6llu MB (%3u%%) %5.1fx%s\033[K", v->verb,
			(unsigned long long)(e->done >> 20), (unsigned long long)(e->total >> 20),
			pct, e->speed_x, bad);
		c->line_open = true;
	} else if (pct / 10 != v->step || (pct == 100 && v->step != 11)) {
		v->step = pct == 100 ? 11 : pct / 10;
		fprintf(stderr, "%s %6llu of %6llu MB (%3u%%) %5.1fx%s\n", v->verb,
			(unsigned long long)(e->done >> 20), (unsigned long long)(e->total >> 20),
			pct, e->speed_x, bad);
	}
}

static void event(void *ctx, const struct read_event *e)
{
	struct view *v = ctx;
	struct cli *c = v->c;
	struct json j;
	char why[512];
	switch (e->type) {
	case REV_PLAN:
		plan_event(v, e);
		return;
	case REV_SPEED:
		if (c->json) {
			json_begin(&j, "speed");
			json_str(&j, "device", c->dev);
			json_u64(&j, "read_kbps", e->n);
			json_bool(&j, "ok", e->ok);
			json_end(&j, stdout);
		} else if (!e->ok) {
			say(c, "discburn: warning: the drive refused the read speed (%s); it reads at "
			    "its own", cli_text(e->why, why, sizeof(why)));
		} else if (c->verbose) {
			say(c, "read speed: %llu kB/s", (unsigned long long)e->n);
		}
		return;
	case REV_RESUME:
		if (c->json) {
			json_begin(&j, "resume");
			json_str(&j, "device", c->dev);
			json_u64(&j, "read", e->done);
			json_u64(&j, "bad", e->bad);
			json_u64(&j, "sectors", e->total);
			json_end(&j, stdout);
		} else {
			say(c, "Continuing from the map: %llu of %llu sectors were read, %llu bad; "
			    "reading only what is missing", (unsigned long long)e->done,
			    (unsigned long long)e->total, (unsigned long long)e->bad);
		}
		return;
	case REV_PASS:
		if (e->pass < 2)
			return;
		if (c->json) {
			json_begin(&j, "pass");
			json_str(&j, "device", c->dev);
			json_u64(&j, "pass", e->pass);
			json_u64(&j, "bad", e->bad);
			json_end(&j, stdout);
		} else {
			say(c, "Retrying %llu bad sector(s)", (unsigned long long)e->bad);
		}
		return;
	case REV_PROGRESS:
		progress_event(v, e);
		return;
	case REV_CUE: {
		const struct cd_session *cd = e->cd;
		unsigned audio = 0, idx = 0;
		for (unsigned i = 0; i < cd->ntracks; i++) {
			audio += cd->track[i].audio;
			idx += cd->track[i].nindex + (cd->track[i].index0 < cd->track[i].start);
		}
		if (c->json) {
			json_begin(&j, "cue");
			json_str(&j, "device", c->dev);
			json_str(&j, "cue", v->cue);
			json_u64(&j, "session", cd->session);
			json_u64(&j, "tracks", cd->ntracks);
			json_u64(&j, "audio_tracks", audio);
			if (cd->mcn[0])
				json_str(&j, "mcn", cd->mcn);
			json_bool(&j, "cdtext", cd->have_text);
			json_end(&j, stdout);
		} else {
			say(c, "Cue sheet %s: session %u, %u track(s), %u audio; %u pregap(s) and "
			    "further indices%s%s%s (%u sub-channel reads)", v->cue, cd->session,
			    cd->ntracks, audio, idx, cd->mcn[0] ? "; catalog " : "", cd->mcn,
			    cd->have_text ? "; CD-TEXT" : "", cd->q_reads);
		}
		return;
	}
	case REV_SECTOR:
		if (c->json) {
			json_begin(&j, "sector");
			json_str(&j, "device", c->dev);
			json_u64(&j, "lba", e->lba);
			json_u64(&j, "tries", e->tries);
			json_bool(&j, "ok", e->ok);
			if (!e->ok && e->why && e->why->have_sense) {
				char sk[16];
				snprintf(sk, sizeof(sk), "%X/%02X/%02X", e->why->key, e->why->asc,
					 e->why->ascq);
				json_str(&j, "sense", sk);
			}
			json_end(&j, stdout);
		} else if (e->ok) {
			if (c->verbose)
				say(c, "LBA %u read after %u tries", e->lba, e->tries);
		} else if (e->why && e->why->have_sense) {
			say(c, "LBA %u: unreadable after %u tr%s (%s, sense %X/%02X/%02X)", e->lba,
			    e->tries, e->tries == 1 ? "y" : "ies",
			    sense_lookup(e->why->key, e->why->asc, e->why->ascq)->text,
			    e->why->key, e->why->asc, e->why->ascq);
		} else {
			say(c, "LBA %u: unreadable after %u tr%s (%s)", e->lba, e->tries,
			    e->tries == 1 ? "y" : "ies", e->why ? cli_text(e->why, why, sizeof(why))
								: "no data");
		}
		return;
	}
}

/* A failure's exit status. Reading never writes, so a drive that fails
 * reading (f=, --check) is "failed before anything reached the disc" (9);
 * -inspect is an information command (1), as -minfo. */
static int fail_code(struct cli *c, const struct db_error *err)
{
	struct db_error e = *err;
	e.touched = false;
	int code = msg_exit_code(&e, c->o->action == ACT_INSPECT ? MSG_INFO : MSG_BURN);
	end_line(c);
	cli_error(c, err, code);
	return code;
}

static void done_json(struct cli *c, int code, const struct read_result *r, bool check)
{
	if (!c->json)
		return;
	struct json j;
	json_begin(&j, "done");
	json_str(&j, "device", c->dev);
	json_i64(&j, "exit", code);
	json_bool(&j, "ok", code == 0);
	json_u64(&j, "bytes", r->bytes);
	json_u64(&j, "read_bytes", r->read_bytes);
	if (r->sha256[0])
		json_str(&j, "sha256", r->sha256);
	if (!check) {
		json_u64(&j, "bad", r->bad);
		if (r->bad)
			json_u64(&j, "first_bad", r->first_bad);
		json_u64(&j, "recovered", r->recovered);
		json_bool(&j, "resumed", r->resumed);
		json_bool(&j, "map_kept", r->map_kept);
	}
	json_dbl(&j, "seconds", r->seconds);
	json_end(&j, stdout);
}

static void params(const struct cli *c, struct read_params *p)
{
	const struct options *o = c->o;
	memset(p, 0, sizeof(*p));
	p->dev = c->dev;
	p->plan.session = o->session;
	p->plan.ranged = o->sectors_given;
	p->plan.a = o->sector_start;
	p->plan.b = o->sector_end;
	p->retries = o->retries_given ? o->retries : READ_RETRIES_DEFAULT;
	p->max_blocks = o->transfer_blocks;
	p->speed_x10 = o->speed_x10;
	p->noerror = o->noerror;
	p->cancel = &c->cancel;
}

static int open_drive(struct cli *c, struct device **d)
{
	struct db_error err;
	c->dev = c->o->dev[0];
	if (cli_open(c, c->dev, TRANSPORT_READONLY, d, &err) < 0) {
		int code = fail_code(c, &err);
		if (c->json) {
			struct read_result none;
			memset(&none, 0, sizeof(none));
			done_json(c, code, &none, true);
		}
		return code;
	}
	return EXIT_OK;
}

/* ---- f=FILE ----------------------------------------------------------------------- */

int cli_read(struct cli *c)
{
	const struct options *o = c->o;
	if (c->json && !strcmp(o->read_file, "-")) {
		cli_usage_error(c, "f=- writes the image to standard output, where --json writes "
				"its events; give a file");
		return EXIT_USAGE;
	}
	struct device *d;
	int code = open_drive(c, &d);
	if (code)
		return code;
	struct read_params p;
	params(c, &p);
	p.output = o->read_file;
	/* f=NAME.cue: the CD as BIN/CUE, NAME.bin beside the sheet (a .bin
	 * named alone is an ordinary image file) */
	static char bin[4096], cue[4096];
	size_t fl = strlen(o->read_file);
	if (fl > 4 && !strcasecmp(o->read_file + fl - 4, ".cue")) {
		if (o->sectors_given) {
			device_close(d);
			cli_usage_error(c, "a BIN/CUE holds a whole CD session: give session=N, "
					"not sectors=");
			return EXIT_USAGE;
		}
		snprintf(bin, sizeof(bin), "%.*s.bin", (int)(fl - 4), o->read_file);
		snprintf(cue, sizeof(cue), "%s", o->read_file);
		p.output = bin;
		p.cue = cue;
		const char *slash = strrchr(bin, '/');
		p.bin_name = slash ? slash + 1 : bin;
	}
	char map[4096], cmd[512];
	if (o->read_map) {
		p.map = o->read_map;
		p.keep_map = true;
	} else if (strcmp(p.output, "-")) {
		snprintf(map, sizeof(map), "%s.map", p.output);
		p.map = map;
	}
	snprintf(cmd, sizeof(cmd), "discburn dev=%s f=%s", c->dev, o->read_file);
	p.command = cmd;
	struct view v = { c, p.cue, "Read", "Reading", 0, 0 };
	struct read_events ev = { event, &v };
	static struct read_result r;
	struct db_error err;
	int rc = read_disc(d, &p, &ev, &r, &err);
	device_close(d);
	end_line(c);
	if (rc < 0) {
		code = fail_code(c, &err);
		done_json(c, code, &r, false);
		return code;
	}
	if (!c->json && !o->silent) {
		fprintf(stderr, "Read %llu bytes (%u sectors) of the disc in %s into %s in %.1f s "
			"(%.1fx)%s\n", (unsigned long long)r.bytes, r.plan.sectors, c->dev,
			strcmp(p.output, "-") ? p.output : "standard output", r.seconds,
			r.avg_x, r.resumed ? ", continuing an earlier read" : "");
		if (r.recovered)
			fprintf(stderr, "%llu sector(s) read only after more than one try\n",
				(unsigned long long)r.recovered);
		if (r.sha256[0])
			fprintf(stderr, "SHA-256: %s%s\n", r.sha256,
				r.sha256_while_reading ? "" : " (of the finished file)");
	}
	done_json(c, EXIT_OK, &r, false);
	return EXIT_OK;
}

/* ---- --check ------------------------------------------------------------------------ */

int cli_check(struct cli *c)
{
	const struct options *o = c->o;
	struct db_error err;
	char expect[65] = "";
	struct image *im = NULL;
	c->dev = o->dev[0];
	if (cli_expected_digest(c, expect, &err) < 0) {
		int code = fail_code(c, &err);
		return code;
	}
	/* the image, if there is one: with a checksum, IMAGE may only name the
	 * checksum file's entry */
	struct stat st;
	if (o->image && (!expect[0] || stat(o->image, &st) == 0)) {
		if (image_open(o->image, o->tsize, &im, &err) < 0)
			return fail_code(c, &err);
		if (!im->seekable) {
			image_close(im);
			db_fail(&err, DB_R_IMAGE_NOT_FILE, .subject = o->image);
			return fail_code(c, &err);
		}
	}
	struct device *d;
	int code = open_drive(c, &d);
	if (code) {
		image_close(im);
		return code;
	}
	struct read_params p;
	params(c, &p);
	p.image = im;
	p.expect_sha256 = expect[0] ? expect : NULL;
	p.size = o->tsize;
	struct view v = { c, NULL, "Checked", "Checking", 0, 0 };
	struct read_events ev = { event, &v };
	static struct read_result r;
	int rc = check_disc(d, &p, &ev, &r, &err);
	device_close(d);
	end_line(c);
	if (rc < 0) {
		code = fail_code(c, &err);
		done_json(c, code, &r, true);
		image_close(im);
		return code;
	}
	if (!c->json && !o->silent) {
		if (im)
			fprintf(stderr, "The disc in %s equals %s: %llu bytes compared\n", c->dev,
				im->name, (unsigned long long)r.bytes);
		fprintf(stderr, "SHA-256 of its %llu bytes: %s%s\n", (unsigned long long)r.bytes,
			r.sha256, expect[0] ? " (as expected)" : "");
	}
	done_json(c, EXIT_OK, &r, true);
	image_close(im);
	return EXIT_OK;
}

/* ---- -inspect of a disc -------------------------------------------------------------- */

struct kv_ctx {
	struct json *j;
};

static int kv(void *ctx, const struct fact *f)
{
	struct kv_ctx *k = ctx;
	if (k->j)
		cli_json_fact(k->j, f);
	else if (f->type == FACT_U64)
		printf("%-28s %llu\n", f->key, (unsigned long long)f->u64);
	else if (f->type == FACT_BOOL)
		printf("%-28s %s\n", f->key, f->b ? "true" : "false");
	else
		printf("%-28s %s\n", f->key, f->str);
	return 0;
}

static void kv_num(struct kv_ctx *k, const char *key, uint64_t v)
{
	kv(k, &(struct fact){ .key = key, .type = FACT_U64, .u64 = v });
}

static void kv_str(struct kv_ctx *k, const char *key, const char *v)
{
	kv(k, &(struct fact){ .key = key, .type = FACT_STR, .str = v });
}

/* The CD session's facts: pregaps, indices, codes, flags, CD-TEXT. */
static void cd_facts(struct kv_ctx *k, const struct cd_session *cd)
{
	char key[64];
	kv_num(k, "cd.session", cd->session);
	kv_num(k, "cd.first_lba", (uint64_t)cd->first);
	kv_num(k, "cd.leadout", (uint64_t)cd->leadout);
	if (cd->mcn[0])
		kv_str(k, "cd.mcn", cd->mcn);
	const struct layout_text_block *tb = cd->have_text ? &cd->text.block[0] : NULL;
	if (tb && tb->disc.field[CDTEXT_TITLE])
		kv_str(k, "cd.text.title", tb->disc.field[CDTEXT_TITLE]);
	if (tb && tb->disc.field[CDTEXT_PERFORMER])
		kv_str(k, "cd.text.performer", tb->disc.field[CDTEXT_PERFORMER]);
	for (unsigned i = 0; i < cd->ntracks; i++) {
		const struct cd_track *t = &cd->track[i];
#define TK(name) (snprintf(key, sizeof(key), "cd.track.%u." name, t->number), key)
		kv_str(k, TK("mode"), t->audio ? "audio" : t->data_mode == 2 ? "mode2" : "mode1");
		kv_num(k, TK("start"), (uint64_t)t->start);
		kv_num(k, TK("pregap"), (uint64_t)(t->start - t->index0));
		for (unsigned x = 0; x < t->nindex; x++) {
			snprintf(key, sizeof(key), "cd.track.%u.index.%u", t->number, x + 2);
			kv_num(k, key, (uint64_t)t->index[x]);
		}
		if (t->isrc[0])
			kv_str(k, TK("isrc"), t->isrc);
		kv(k, &(struct fact){ .key = TK("preemphasis"), .type = FACT_BOOL,
				      .b = t->audio && (t->control & 1) });
		kv(k, &(struct fact){ .key = TK("copy"), .type = FACT_BOOL, .b = t->control & 2 });
		if (tb && t->number >= 1 && tb->track[t->number - 1].field[CDTEXT_TITLE])
			kv_str(k, TK("text.title"), tb->track[t->number - 1].field[CDTEXT_TITLE]);
		if (tb && t->number >= 1 && tb->track[t->number - 1].field[CDTEXT_PERFORMER])
			kv_str(k, TK("text.performer"),
			       tb->track[t->number - 1].field[CDTEXT_PERFORMER]);
#undef TK
	}
}

int cli_inspect_disc(struct cli *c)
{
	struct device *d;
	int code = open_drive(c, &d);
	if (code)
		return code;
	struct read_params p;
	params(c, &p);
	struct disc_reader r = { .d = d, .name = c->dev, .retries = p.retries,
				 .max_blocks = p.max_blocks, .cancel = &c->cancel };
	static struct disc disc;
	static struct disc_plan plan;
	static struct iso_report rep;
	static struct cd_session cd;
	bool have_cd = false;
	struct db_error err;
	int rc = disc_probe(&r, &disc, &err);
	if (rc == 0 && disc.ndata && (rc = disc_plan(&r, &disc, &p.plan, &plan, &err)) == 0)
		rc = disc_inspect(&r, &disc, &plan, &rep, &err);
	/* a CD with audio: the session as a BIN/CUE would describe it */
	if (rc == 0 && disc.naudio && disc_type(disc.profile)->family == MMC_FAM_CD)
		have_cd = (rc = cd_describe(&r, &disc, p.plan.session, &cd, &err)) == 0;
	device_close(d);
	if (rc < 0)
		return fail_code(c, &err);
	struct json j;
	struct kv_ctx k = { c->json ? &j : NULL };
	if (c->json) {
		json_begin(&j, "inspect");
		json_str(&j, "device", c->dev);
	}
	kv_str(&k, "disc.type", disc_type(disc.profile)->name);
	kv_str(&k, "disc.status", mmc_disc_status_name(disc.status));
	kv_num(&k, "disc.sessions", disc.nsessions);
	kv_num(&k, "disc.tracks", disc.ntracks);
	for (unsigned i = 0; i < disc.ntracks; i++) {
		const struct disc_track *t = &disc.track[i];
		char key[64];
#define TK(name) (snprintf(key, sizeof(key), "track.%u." name, t->number), key)
		kv_num(&k, TK("session"), t->session);
		kv_str(&k, TK("mode"), t->data ? "data" : "audio");
		kv_num(&k, TK("start"), t->start);
		kv_num(&k, TK("size"), t->size);
		if (t->data && t->length) {
			kv_num(&k, TK("image_sectors"), t->length);
			kv_str(&k, TK("image_size_from"), disc_length_from_name(t->from));
		}
#undef TK
	}
	if (have_cd) {
		cd_facts(&k, &cd);
		cd_session_free(&cd);
	}
	if (disc.ndata) {
		kv_num(&k, "image.first_lba", plan.first);
		kv_num(&k, "image.sectors", plan.sectors);
		kv_num(&k, "image.bytes", plan.bytes);
		kv_str(&k, "image.size_from", disc_length_from_name(plan.from));
		iso_report_emit(&rep, kv, &k);
		struct db_error verdict;
		bool burnable = iso_preflight(&rep, 0, &verdict) == 0;
		kv(&k, &(struct fact){ .key = "burnable", .type = FACT_BOOL, .b = burnable });
	}
	if (c->json)
		json_end(&j, stdout);
	return EXIT_OK;
}

/* ---- --from: the master of a job ---------------------------------------------------- */

int cli_master_open(struct cli *c, struct device **d, struct image **im, struct db_error *err)
{
	const struct options *o = c->o;
	bool many = c->many_drives;
	c->many_drives = true;          /* -V names the master's commands */
	int rc = cli_open(c, o->from, TRANSPORT_READONLY, d, err);
	c->many_drives = many;
	if (rc < 0)
		return rc;
	struct master_params mp = {
		.dev = o->from, .retries = o->retries_given ? o->retries : READ_RETRIES_DEFAULT,
		.max_blocks = o->transfer_blocks, .cancel = &c->cancel,
	};
	static struct master_info info;
	if ((rc = master_open(*d, &mp, im, &info, err)) < 0) {
		device_close(*d);
		*d = NULL;
		return rc;
	}
	const char *type = disc_type(info.disc.profile)->name;
	bool cd = info.plan.sector_bytes == 2352;
	if (c->json) {
		struct json j;
		json_begin(&j, "master");
		json_str(&j, "device", o->from);
		json_str(&j, "profile", type);
		json_u64(&j, "sectors", info.plan.sectors);
		json_u64(&j, "sector_bytes", info.plan.sector_bytes);
		json_u64(&j, "bytes", info.plan.bytes);
		json_str(&j, "size_from", disc_length_from_name(info.plan.from));
		json_u64(&j, "tracks", info.ntracks);
		json_u64(&j, "audio_tracks", info.disc.naudio);
		json_str(&j, "name", (*im)->path);
		json_end(&j, stdout);
	} else if (!o->silent && cd) {
		fprintf(stderr, "Master: the %s in %s, \"%s\", %u track(s) (%u audio), %u sectors "
			"of 2352 bytes (%.1f MB) to the %s; readable at its start and end\n", type,
			o->from, (*im)->path, info.ntracks, info.disc.naudio, info.plan.sectors,
			info.plan.bytes / 1e6, disc_length_from_name(info.plan.from));
	} else if (!o->silent) {
		fprintf(stderr, "Master: the %s in %s, \"%s\", %u sectors (%.1f MB) as long as its "
			"%s; readable at its start and end\n", type, o->from, (*im)->path,
			info.plan.sectors, info.plan.bytes / 1e6,
			disc_length_from_name(info.plan.from));
	}
	return 0;
}
