/* blank.c — BLANK and FORMAT UNIT with progress, and the refusals around them.
 *
 * Refused before anything is sent: write-once media (DB_EMEDIA), a drive that
 * cannot blank (DB_EDRIVE), and formatting a disc that holds data unless the
 * user asked for it (DB_EHASDATA). Blanking is itself the user's request to
 * destroy the data, so blank= needs no further confirmation.
 */
#include "config.h"

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
	{ "all", 0, "blank the entire disc" },
	{ "disc", 0, "blank the entire disc" },
	{ "disk", 0, "blank the entire disc" },
	{ "fast", 1, "minimally blank the disc (PMA, TOC, pregap)" },
	{ "minimal", 1, "minimally blank the disc (PMA, TOC, pregap)" },
	{ "track", 2, "blank the last track" },
	{ "unreserve", 3, "unreserve a track" },
	{ "trtail", 4, "blank the tail of the last track" },
	{ "unclose", 5, "unclose the last session" },
	{ "session", 6, "blank the last session" },
};
const unsigned blank_nkinds = sizeof(blank_kinds) / sizeof(blank_kinds[0]);

int blank_type_from_name(const char *name)
{
	for (unsigned i = 0; i < blank_nkinds; i++)
		if (!strcmp(name, blank_kinds[i].name))
			return blank_kinds[i].type;
	return -1;
}

static void emit(const struct burn_events *ev, struct burn_event *e)
{
	if (ev && ev->fn)
		ev->fn(ev->ctx, e);
}

enum { POLL_MS = 200, LONG_OP_S = 4 * 3600 };

/* Poll REQUEST SENSE until the drive no longer reports "in progress"
 * (2/04/04 format, 2/04/07 operation, 2/04/08 long write). Progress comes in
 * the sense-key specific bytes. */
static int wait_long_op(struct device *d, const char *what, const atomic_int *cancel,
			const struct burn_events *ev, struct db_error *err)
{
	double t0 = clock_now_s();
	struct burn_progress pr = { .total = 65536, .buf_pct = -1 };
	struct burn_event e = { .type = BEV_PROGRESS, .u.progress = &pr };
	for (;;) {
		struct sense s;
		int rc = drive_request_sense_progress(d, &s, err);
		if (rc < 0 && rc != DB_ESHORT)
			return rc;
		/* Busy: NOT READY "in progress", or - as some drives answer - NO
		 * SENSE that still carries a progress indication (SPC-4 4.5.2.4.4). */
		bool busy = rc == 0 && s.valid &&
			    ((s.key == SK_NOT_READY && s.asc == 0x04 &&
			      (s.ascq == 0x04 || s.ascq == 0x07 || s.ascq == 0x08 || s.ascq == 0x01)) ||
			     (s.key == SK_NO_SENSE && s.progress_valid));
		if (!busy) {
			if (rc == 0 && s.valid && s.key != SK_NO_SENSE && s.key != SK_RECOVERED &&
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
		if (cancel && atomic_load(cancel)) {
			return db_fail(err, DB_R_LONG_OP_CANCELLED, .subject = device_name(d),
				       .what = what);
		}
		if (clock_now_s() - t0 > LONG_OP_S) {
			return db_fail(err, DB_R_LONG_OP_TIMEOUT, .subject = device_name(d),
				       .what = what, .n1 = LONG_OP_S / 3600);
		}
		clock_sleep_ms(POLL_MS);
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

static void phase(const struct burn_events *ev, const char *text)
{
	struct burn_event e = { .type = BEV_PHASE, .u.phase = text };
	emit(ev, &e);
}

int blank_run(struct device *d, const char *type_name, const atomic_int *cancel,
	      const struct burn_events *ev, struct db_error *err)
{
	int type = blank_type_from_name(type_name);
	if (type < 0) {
		return db_fail(err, DB_R_BLANK_TYPE_UNKNOWN, .what = type_name);
	}
	struct media m;
	int rc = look(d, &m, err);
	if (rc < 0)
		return rc;
	if (m.profile != PROF_CD_RW && m.profile != PROF_DVD_RW_SEQ &&
	    m.profile != PROF_DVD_RW_RO) {
		return db_fail(err, disc_type(m.profile)->overwritable ? DB_R_BLANK_OVERWRITABLE
								       : DB_R_BLANK_WRITE_ONCE,
			       .profile = m.profile);
	}
	if (!m.cfg.f_blank) {
		return db_fail(err, DB_R_BLANK_NO_FEATURE, .subject = device_name(d),
			       .profile = m.profile);
	}
	phase(ev, "blank");
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

/* Does an overwritable disc hold anything? Formatted DVD+RW/BD-RE report
 * "complete" whether or not they were ever written, so look at the first
 * 32 sectors (where any file system keeps its anchors). */
int blank_disc_holds_data(struct device *d, bool *yes, struct db_error *err)
{
	enum { N = 32 };
	uint8_t *buf = calloc(N, 2048);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	*yes = false;
	struct db_error ignored;
	if (drive_read(d, 0, N, buf, 2048, &ignored) == 0) {
		for (size_t i = 0; i < (size_t)N * 2048 && !*yes; i++)
			*yes = buf[i] != 0;
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
		     const struct burn_events *ev, struct db_error *err)
{
	uint32_t blocks = 0, param = 0;
	int rc = pick_format(d, type, &blocks, &param, err);
	if (rc < 0)
		return rc;
	phase(ev, "format");
	rc = drive_format_unit(d, blocks, type, param, true, err);
	if (rc < 0)
		return rc;
	return wait_long_op(d, "formatting", cancel, ev, err);
}

int format_for_write(struct device *d, uint16_t profile, const atomic_int *cancel,
		     const struct burn_events *ev, struct db_error *err)
{
	switch (profile) {
	case PROF_DVD_PLUS_RW:
		return do_format(d, 0x26, cancel, ev, err);    /* DVD+RW full format */
	case PROF_BD_RE:
		return do_format(d, 0x30, cancel, ev, err);    /* BD-RE with spare areas */
	}
	return 0;
}

int format_run(struct device *d, const char *type_name, bool force, const atomic_int *cancel,
	       const struct burn_events *ev, struct db_error *err)
{
	struct media m;
	int rc = look(d, &m, err);
	if (rc < 0)
		return rc;
	uint8_t type;
	const char *t = type_name ? type_name : "";
	switch (m.profile) {
	case PROF_DVD_PLUS_RW:
		if (*t && strcmp(t, "full"))
			goto bad_type;
		type = 0x26;
		break;
	case PROF_DVD_RW_SEQ:
	case PROF_DVD_RW_RO:
		if (!strcmp(t, "seq")) {
			if (m.profile == PROF_DVD_RW_SEQ)
				return 0;       /* already sequential */
			/* back to sequential recording: a fast blank (MMC-6 4.5.4) */
			phase(ev, "blank");
			if ((rc = drive_blank(d, 1, 0, true, err)) < 0)
				return rc;
			return wait_long_op(d, "blanking", cancel, ev, err);
		}
		if (*t && strcmp(t, "ro") && strcmp(t, "quick") && strcmp(t, "full"))
			goto bad_type;
		type = !strcmp(t, "full") ? 0x10 : 0x15;
		break;
	case PROF_BD_RE:
		if (*t && strcmp(t, "spare") && strcmp(t, "nospare"))
			goto bad_type;
		type = !strcmp(t, "nospare") ? 0x31 : 0x30;
		break;
	default:
		return db_fail(err, DB_R_FORMAT_NOT_APPLICABLE, .profile = m.profile);
	}
	bool data = m.di.status == DISC_APPENDABLE ||
		    (m.di.status == DISC_COMPLETE && m.profile == PROF_DVD_RW_SEQ);
	if (!data && disc_type(m.profile)->overwritable && (rc = blank_disc_holds_data(d, &data, err)) < 0)
		return rc;
	if (data && !force) {
		return db_fail(err, DB_R_FORMAT_HOLDS_DATA, .subject = device_name(d),
			       .profile = m.profile);
	}
	return do_format(d, type, cancel, ev, err);

bad_type:
	return db_fail(err, DB_R_FORMAT_TYPE_WRONG, .what = t, .profile = m.profile);
}
