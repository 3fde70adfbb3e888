/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_burn.c — the burn command: the image opened and checked once, the
 * drives opened by the one function that opens drives (cli_open), blank= or
 * -format first when asked, then one job — of one disc, or of many copies
 * on many drives — and its result as words and an exit code. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "cli/report.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "engine/blank.h"
#include "engine/job.h"
#include "image/checksum.h"
#include "image/image.h"

struct burn_params cli_burn_params(const struct cli *c)
{
	const struct options *o = c->o;
	return (struct burn_params){
		.speed_x10 = o->speed_x10, .dummy = o->dummy, .multi = o->multi, .pad = o->pad,
		.overburn = o->overburn, .force = o->force, .verify = o->verify,
		.burnfree = o->burnfree, .eject = o->eject, .nofix = o->nofix,
		.mode = o->mode == MODE_TAO ? BURN_MODE_TAO :
			o->mode == MODE_SAO ? BURN_MODE_SAO :
			o->mode == MODE_RAW ? BURN_MODE_RAW : BURN_MODE_AUTO,
		.padsize = o->padsize, .fifo_size = o->fifo_size, .gracetime = o->gracetime,
	};
}

/* The expected SHA-256 from --sha256 or --checksum-file, as hex; "" if none. */
int cli_expected_digest(struct cli *c, char hex[65], struct db_error *err)
{
	uint8_t d[CHECKSUM_SHA256_LEN];
	hex[0] = '\0';
	int rc = 0;
	if (c->o->sha256)
		rc = checksum_parse_sha256(c->o->sha256, d, err);
	else if (c->o->checksum_file && c->o->image)
		rc = checksum_find_sha256(c->o->checksum_file, c->o->image, d, err);
	else if (c->o->checksum_file) {
		/* no image to name the entry (--check, --from): a file of one
		 * bare digest only */
		rc = checksum_find_sha256(c->o->checksum_file, "-", d, err);
		if (rc == DB_ECHECKSUM)
			rc = db_fail(err, DB_R_SUMS_WHICH, .subject = c->o->checksum_file);
	} else
		return 0;
	if (rc == 0)
		checksum_to_hex(d, hex);
	return rc;
}

static int fail(struct cli *c, const struct db_error *err, enum msg_context ctx)
{
	int code = msg_exit_code(err, ctx);
	cli_error(c, err, code);
	cli_done(c, code, NULL);
	return code;
}

static void sink_event(void *ctx, struct job_event *e)
{
	report_event(report_of(ctx), e);
	cli_burn_event(ctx, e);
}

/* blank= or -format, alone or before a burn. */
int cli_blank_format(struct cli *c, struct device *d)
{
	const struct options *o = c->o;
	struct db_error err;
	struct event_sink ev = { sink_event, c };
	double t0 = clock_now_s();
	int rc = o->blank ? blank_run(d, o->blank, &c->cancel, &ev, &err)
			  : format_run(d, o->format, o->force, &c->cancel, &ev, &err);
	struct job_event done = { .type = JEV_PHASE, .u.phase = PHASE_DONE };
	sink_event(c, &done);
	bool alone = o->action != ACT_BURN;     /* else the burn's report goes on */
	if (rc < 0) {
		int code = msg_exit_code(&err, MSG_BLANK);
		cli_error(c, &err, code);
		report_finish(c, code, &err, NULL);
		return code;
	}
	if (alone)
		report_finish(c, EXIT_OK, NULL, NULL);
	if (!c->json && !o->silent)
		printf("%s time: %8.3fs\n", o->blank ? "Blanking" : "Formatting",
		       clock_now_s() - t0);
	return EXIT_OK;
}

/* ---- the drives ------------------------------------------------------------ */

struct found_list {
	char dev[JOB_MAX_DRIVES][256];
	unsigned n;
};

static void found_one(void *ctx, const struct transport_found *f)
{
	struct found_list *l = ctx;
	if (l->n < JOB_MAX_DRIVES && f->peripheral_type == 5)
		snprintf(l->dev[l->n++], sizeof(l->dev[0]), "%s", f->dev);
}

static void single_event(void *ctx, const struct job_event *ev)
{
	cli_burn_event(ctx, ev);
}

/* --report: every event of the job passes the report before it is shown. */
struct report_tee {
	struct report *r;
	struct job_events shown;
};

static void tee_event(void *ctx, const struct job_event *ev)
{
	struct report_tee *t = ctx;
	report_event(t->r, ev);
	t->shown.fn(t->shown.ctx, ev);
}

/* ---- the burn ---------------------------------------------------------------- */

/* What a drive's name comes to, so that two spellings of one drive are
 * found (the parser compares the names as given): the emulator's disc file
 * (what follows its last ':') or a device path, through symbolic links; a
 * file not made yet by its directory. Other names stay as they are. */
static void drive_key(const char *name, char *out, size_t n)
{
	const char *path = NULL, *tag = "";
	if (!strncmp(name, "emu:", 4))
		path = strrchr(name, ':') + 1, tag = "emu:";
	else if (name[0] == '/')
		path = name;
	else if (!strncmp(name, "cdio:/", 6) || !strncmp(name, "sgpt:/", 6))
		path = name + 5;
	char real[PATH_MAX];
	if (path && realpath(path, real)) {
		snprintf(out, n, "%s%s", tag, real);
		return;
	}
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (slash) {
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		if (realpath(slash == path ? "/" : dir, real)) {
			snprintf(out, n, "%s%s%s", tag, real, slash);
			return;
		}
	}
	snprintf(out, n, "%s%s", tag, path ? path : name);
}

static int same_drive_twice(const char *const *names, unsigned n, struct db_error *err)
{
	static char key[JOB_MAX_DRIVES][PATH_MAX + 8];
	for (unsigned i = 0; i < n; i++) {
		drive_key(names[i], key[i], sizeof(key[i]));
		for (unsigned k = 0; k < i; k++)
			if (!strcmp(key[i], key[k]))
				return db_fail(err, DB_R_SAME_DRIVE_TWICE, .subject = names[k],
					       .other = names[i]);
	}
	return 0;
}

static bool is_duplication(const struct options *o)
{
	return o->ndev > 1 || o->copies > 1 || o->all_drives || o->journal || o->wait_disc;
}

static int run_job(struct cli *c, struct image *im, struct job_drive *drives, unsigned n)
{
	const struct options *o = c->o;
	bool dup = is_duplication(o);
	struct job_params jp = {
		.image = im, .expect_sha256 = c->expect[0] ? c->expect : NULL,
		.burn = cli_burn_params(c), .copies = o->copies ? o->copies : 1, .batch = dup,
		.journal = o->journal, .disc_wait_s = o->wait_disc, .cancel = &c->cancel,
		/* the digest is shown with -v, --json and --report only (as
		 * cdrecord, a plain burn spends no CPU on a digest nobody sees) */
		.digest_unused = !dup && !c->verbose && !c->json && !report_of(c),
	};
	struct dup_view *v = dup ? cli_dup_view(c, drives, n) : NULL;
	struct job_events ev = { dup ? cli_dup_event : single_event, dup ? (void *)v : (void *)c };
	struct report_tee tee = { report_of(c), ev };
	if (tee.r)
		ev = (struct job_events){ tee_event, &tee };
	static struct job_summary sum;
	struct db_error err;
	int rc = job_run(&jp, drives, n, &ev, &sum, &err);
	if (dup) {
		int dcode = cli_dup_finish(v, rc, &err, &sum);
		report_finish(c, dcode, rc < 0 ? &err : NULL, &sum);
		return dcode;
	}
	int code = EXIT_OK;
	if (rc < 0) {
		code = msg_exit_code(&err, MSG_BURN);
		cli_disc_clause(c, &err, &sum.last);
		/* pre-flight reasons were said one by one already */
		if (!c->errors || err.touched)
			cli_error(c, &err, code);
	}
	report_finish(c, code, rc < 0 ? &err : NULL, &sum);
	cli_done(c, code, rc < 0 ? NULL : &sum.last);
	return code;
}

int cli_burn(struct cli *c)
{
	const struct options *o = c->o;
	struct db_error err;
	c->dev = o->ndev ? o->dev[0] : NULL;
	if (cli_expected_digest(c, c->expect, &err) < 0)
		return fail(c, &err, MSG_BURN);
	bool dup = is_duplication(o);
	if (dup && (o->blank || o->format)) {
		cli_usage_error(c, "blank= and -format apply to one drive; blank the discs before "
				"a duplication job");
		return EXIT_USAGE;
	}

	/* the image, once, before any drive: what is checked is what is burnt;
	 * a master disc (--from) is found readable and its size known first */
	struct image *im;
	struct device *master = NULL;
	for (unsigned i = 0; o->from && i < o->ndev; i++)
		if (!strcmp(o->dev[i], o->from)) {
			db_fail(&err, DB_R_MASTER_IN_JOB, .subject = o->from);
			return fail(c, &err, MSG_BURN);
		}
	if (!o->from && cli_sheet(o)) {
		/* a cue sheet, TOC file or track list: its files opened once */
		int code = cli_sheet_image(c, &im);
		if (code != EXIT_OK) {
			cli_done(c, code, NULL);
			return code;
		}
	} else if (o->from ? cli_master_open(c, &master, &im, &err) < 0 :
		   (o->isosize ? image_open_isosize(o->image, &im, &err)
			       : image_open(o->image, o->tsize, &im, &err)) < 0 ||
		   image_inspect(im, &err) < 0) {
		int code = fail(c, &err, MSG_BURN);
		return code;
	}
	if (im->report)
		cli_image_event(c, im->report);
	if (image_check(im, o->force, &err) < 0) {
		image_close(im);
		device_close(master);
		return fail(c, &err, MSG_BURN);
	}

	static struct found_list found;
	const char *names[JOB_MAX_DRIVES];
	unsigned n = 0;
	if (o->all_drives) {
		device_scan(found_one, &found);
		for (unsigned i = 0; i < found.n; i++)
			if (!o->from || strcmp(found.dev[i], o->from))
				names[n++] = found.dev[i];
		if (!n) {
			image_close(im);
			device_close(master);
			db_fail(&err, DB_R_NO_DRIVES_FOUND, .what = "--all-drives");
			return fail(c, &err, MSG_BURN);
		}
	} else {
		for (unsigned i = 0; i < o->ndev && n < JOB_MAX_DRIVES; i++)
			names[n++] = o->dev[i];
	}
	if (same_drive_twice(names, n, &err) < 0) {
		image_close(im);
		device_close(master);
		return fail(c, &err, MSG_BURN);
	}
	static struct job_drive drives[JOB_MAX_DRIVES];
	c->many_drives = n > 1;
	for (unsigned i = 0; i < n; i++) {
		drives[i].name = names[i];
		drives[i].d = NULL;
		if (cli_open(c, names[i], 0, &drives[i].d, &drives[i].open_err) < 0 && !dup) {
			image_close(im);
			device_close(master);
			return fail(c, &drives[i].open_err, MSG_BURN);
		}
	}
	c->dev = n ? names[0] : NULL;
	c->layout = dup ? NULL : &im->layout;
	int code = EXIT_OK;
	if (!dup && (o->blank || o->format))
		code = cli_blank_format(c, drives[0].d);
	if (code == EXIT_OK)
		code = run_job(c, im, drives, n);
	else
		cli_done(c, code, NULL);
	for (unsigned i = 0; i < n; i++)
		device_close(drives[i].d);
	image_close(im);
	device_close(master);   /* after the image, whose piece reads it */
	return code;
}
