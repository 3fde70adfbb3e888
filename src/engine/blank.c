/* SPDX-License-Identifier: GPL-3.0-or-later */
/* blank.c — BLANK and FORMAT UNIT with progress, and the refusals around them.
 *
 * Refused before anything is sent: write-once media (DB_EMEDIA), a drive that
 * cannot blank (DB_EDRIVE), and formatting a disc that holds data unless the
 * user asked for it (DB_EHASDATA). Blanking is itself the user's request to
 * destroy the data, so blank= needs no further confirmation.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/blank.h"
#include "base/clock.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "mmc/sense.h"

const struct blank_kind blank_kinds[] = {
	{ "all", 0 }, { "disc", 0 }, { "disk", 0 }, { "fast", 1 }, { "minimal", 1 },
	{ "track", 2 }, { "unreserve", 3 }, { "trtail", 4 }, { "unclose", 5 }, { "session", 6 },
};
const unsigned blank_nkinds = sizeof(blank_kinds) / sizeof(blank_kinds[0]);

int blank_type_from_name(const char *name)
{
	for (unsigned i = 0; i < blank_nkinds; i++)
		if (!strcmp(name, blank_kinds[i].name))
			return blank_kinds[i].type;
	return -1;
}

static void emit(const struct event_sink *ev, struct job_event *e)
{
	if (ev && ev->fn)
		ev->fn(ev->ctx, e);
}

enum { POLL_MS = 200, LONG_OP_S = 4 * 3600 };

/* Poll REQUEST SENSE until the drive no longer reports "in progress"
 * (2/04/04 format, 2/04/07 operation, 2/04/08 long write). Progress comes in
 * the sense-key specific bytes. */
static int wait_long_op(struct device *d, const char *what, const atomic_int *cancel,
			const struct event_sink *ev, struct db_error *err)
{
	double t0 = clock_now_s();
	struct burn_progress pr = { .fraction = true, .total = 65536, .buf_pct = -1 };
	struct job_event e = { .type = JEV_PROGRESS, .u.progress = &pr };
	for (;;) {
		struct sense s;
		/* An answer without parsable sense data is not "done": the
		 * drive's state is unknown, and it is reported as the drive's
		 * fault, naming REQUEST SENSE. */
		int rc = drive_request_sense_progress(d, &s, err);
		if (rc < 0)
			return rc;
		/* Busy: NOT READY "in progress", or - as some drives answer - NO
		 * SENSE that still carries a progress indication (SPC-4 4.5.2.4.4). */
		bool busy = s.valid &&
			    ((s.key == SK_NOT_READY && s.asc == 0x04 &&
			      (s.ascq == 0x04 || s.ascq == 0x07 || s.ascq == 0x08 || s.ascq == 0x01)) ||
			     (s.key == SK_NO_SENSE && s.progress_valid));
		if (!busy) {
			if (s.valid && s.key != SK_NO_SENSE && s.key != SK_RECOVERED &&
			    s.key != SK_UNIT_ATTENTION) {
				int code = db_fail(err, DB_R_LONG_OP_FAILED, .subject = device_name(d),
						   .what = what);
				db_set_sense(err, s.key, s.asc, s.ascq);
				return code;
			}
			break;
		}
		if (s.progress_valid) {
			pr.done = s.progress;
			emit(ev, &e);
		}
		if (clock_now_s() - t0 > LONG_OP_S) {
			return db_fail(err, DB_R_LONG_OP_TIMEOUT, .subject = device_name(d),
				       .what = what, .n1 = LONG_OP_S / 3600);
		}
		if (clock_sleep_cancel_ms(POLL_MS, cancel)) {
			return db_fail(err, DB_R_LONG_OP_CANCELLED, .subject = device_name(d),
				       .what = what);
		}
	}
	pr.done = 65536;
	emit(ev, &e);
	return 0;
}

struct media {
	struct mmc_config cfg;
	struct mmc_disc_info di;
	uint16_t profile;
};

static int look(struct device *d, struct media *m, struct db_error *err)
{
	int rc = drive_ready_closing_tray(d, err);
	if (rc == DB_ECHECK && err->key == SK_NOT_READY && err->asc == 0x3A) {
		return db_fail(err, DB_R_NO_DISC, .subject = device_name(d));
	}
	if (rc < 0)
		return rc;
	if ((rc = device_gate_check(d, err)) < 0)
		return rc;
	if ((rc = drive_get_configuration(d, &m->cfg, err)) < 0)
		return rc;
	m->profile = m->cfg.current_profile;
	return drive_read_disc_info(d, &m->di, err);
}

static void phase(const struct event_sink *ev, enum burn_phase ph)
{
	struct job_event e = { .type = JEV_PHASE, .u.phase = ph };
	emit(ev, &e);
}

int blank_run(struct device *d, const char *type_name, const atomic_int *cancel,
	      const struct event_sink *ev, struct db_error *err)
{
	int type = blank_type_from_name(type_name);
	if (type < 0) {
		return db_fail(err, DB_R_BLANK_TYPE_UNKNOWN, .what = type_name);
	}
	struct media m;
	int rc = look(d, &m, err);
	if (rc < 0)
		return rc;
	const struct disc_type *t = disc_type(m.profile);
	if (!t->erasable) {
		return db_fail(err, t->overwritable ? DB_R_BLANK_OVERWRITABLE
								       : DB_R_BLANK_WRITE_ONCE,
			       .profile = m.profile);
	}
	if (!m.cfg.f_blank) {
		return db_fail(err, DB_R_BLANK_NO_FEATURE, .subject = device_name(d),
			       .profile = m.profile);
	}
	phase(ev, PHASE_BLANK);
	/* track-oriented types address the last track of the last session */
	uint32_t addr = (type == 2) ? m.di.last_track_last_session : 0;
	if (type == 4) {
		struct mmc_track_info ti;
		if ((rc = drive_read_track_info(d, 1, m.di.last_track_last_session, &ti, err)) < 0)
			return rc;
		addr = ti.start_lba;
	}
	rc = drive_blank(d, (uint8_t)type, addr, true, err);
	if (rc < 0)
		return rc;
	return wait_long_op(d, "blanking", cancel, ev, err);
}

int blank_disc_content(struct device *d, enum disc_content *out, struct db_error *why)
{
	enum { N = 32 };
	uint8_t *buf = calloc(N, 2048);
	if (!buf)
		return db_fail(why, DB_R_NO_MEMORY);
	*out = DISC_HOLDS_NOTHING;
	/* an unformatted disc holds nothing; a formatted one whose start
	 * cannot be read may hold anything. A drive that refuses READ FORMAT
	 * CAPACITIES is judged by what it reads; one that answers it with
	 * something malformed has failed. */
	struct mmc_format_caps fc;
	int rc = drive_read_format_capacities(d, &fc, why);
	if (rc < 0 && rc != DB_ECHECK) {
		free(buf);
		return rc;
	}
	if (rc == 0 && fc.cur_type == 1) {
		free(buf);
		return 0;
	}
	if (drive_read(d, 0, N, buf, 2048, why) < 0) {
		*out = DISC_START_UNREADABLE;
	} else {
		for (size_t i = 0; i < (size_t)N * 2048; i++)
			if (buf[i]) {
				*out = DISC_HOLDS_DATA;
				break;
			}
	}
	free(buf);
	return 0;
}

/* Pick the descriptor of `type` from READ FORMAT CAPACITIES. */
static int pick_format(struct device *d, uint8_t type, uint32_t *blocks, uint32_t *param,
		       struct db_error *err)
{
	struct mmc_format_caps fc;
	int rc = drive_read_format_capacities(d, &fc, err);
	if (rc < 0)
		return rc;
	for (unsigned i = 0; i < fc.n; i++)
		if (fc.d[i].format_type == type) {
			*blocks = fc.d[i].blocks;
			*param = fc.d[i].param;
			return 0;
		}
	return db_fail(err, DB_R_FORMAT_UNAVAILABLE, .n1 = type);
}

static int do_format(struct device *d, uint8_t type, const atomic_int *cancel,
		     const struct event_sink *ev, struct db_error *err)
{
	uint32_t blocks = 0, param = 0;
	int rc = pick_format(d, type, &blocks, &param, err);
	if (rc < 0)
		return rc;
	phase(ev, PHASE_FORMAT);
	rc = drive_format_unit(d, blocks, type, param, true, err);
	if (rc < 0)
		return rc;
	return wait_long_op(d, "formatting", cancel, ev, err);
}

int format_for_write(struct device *d, const struct disc_type *t, const atomic_int *cancel,
		     const struct event_sink *ev, struct db_error *err)
{
	if (!t->format_for_write)
		return 0;
	return do_format(d, t->format_for_write, cancel, ev, err);
}

int format_run(struct device *d, const char *type_name, bool force, const atomic_int *cancel,
	       const struct event_sink *ev, struct db_error *err)
{
	struct media m;
	int rc = look(d, &m, err);
	if (rc < 0)
		return rc;
	const struct disc_type *t = disc_type(m.profile);
	const char *name = type_name ? type_name : "";
	if (!t->formats)
		return db_fail(err, DB_R_FORMAT_NOT_APPLICABLE, .profile = m.profile);
	const struct disc_format *f = disc_format_named(t, name);
	if (!f)
		return db_fail(err, DB_R_FORMAT_TYPE_WRONG, .what = name, .profile = m.profile);
	if (f->by_blank && t->strategies & DS_DVDR_INCR)
		return 0;       /* already sequential */
	/* format=seq is a blank: like blank=, the request itself is the
	 * permission to erase */
	if (f->by_blank) {
		/* back to sequential recording: a fast blank (MMC-6 4.5.4) */
		phase(ev, PHASE_BLANK);
		if ((rc = drive_blank(d, 1, 0, true, err)) < 0)
			return rc;
		return wait_long_op(d, "blanking", cancel, ev, err);
	}
	/* A disc that may hold data is not destroyed unless asked: written
	 * sessions on a sequential disc, or anything in the first sectors of
	 * an overwritable one (whose start, unreadable, may hold data too). */
	bool data = m.di.status == DISC_APPENDABLE ||
		    (m.di.status == DISC_COMPLETE && !t->overwritable);
	struct db_error why;
	enum disc_content c = DISC_HOLDS_NOTHING;
	if (!data && t->overwritable) {
		if ((rc = blank_disc_content(d, &c, &why)) < 0) {
			*err = why;
			return rc;
		}
		data = c != DISC_HOLDS_NOTHING;
	}
	if (data && !force) {
		if (c == DISC_START_UNREADABLE) {
			*err = why;
			err->code = DB_EHASDATA;
			err->reason = DB_R_FORMAT_START_UNREADABLE;
			err->profile = m.profile;
			snprintf(err->subject, sizeof(err->subject), "%s", device_name(d));
			return DB_EHASDATA;
		}
		return db_fail(err, DB_R_FORMAT_HOLDS_DATA, .subject = device_name(d),
			       .profile = m.profile);
	}
	return do_format(d, f->type, cancel, ev, err);
}
