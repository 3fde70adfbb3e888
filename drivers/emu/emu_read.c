/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_read.c — reading the disc: READ(10)/(12) (MMC-5 6.15, 6.16), READ CD
 * and READ CD MSF (6.19, 6.20), the sectors of a CD as a reader sees them,
 * and the read faults. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

/* ---- read faults ----------------------------------------------------------- */

static void sleep_ms(uint32_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

bool emu_read_faults(struct emu *e, int64_t lba, uint32_t n)
{
	struct emu_fault *f;
	/* a slow sector: the drive retries and recovers (every read of it) */
	for (unsigned i = 0; i < e->nfaults; i++) {
		f = &e->faults[i];
		if (f->kind == FAULT_SLOW && (int64_t)f->arg >= lba && (int64_t)f->arg < lba + n)
			sleep_ms(f->arg2);
	}
	f = emu_fault_in(e, FAULT_READ_ERROR, lba, n);
	if (f) {
		emu_sense_info(e, 0x03, 0x11, 0x00, f->arg);
		return true;
	}
	/* a flaky sector: the first reads covering it fail, later ones work */
	f = emu_fault_in(e, FAULT_FLAKY, lba, n);
	if (f) {
		if (--f->arg2 == 0)
			f->used = true;
		emu_sense_info(e, 0x03, 0x11, 0x00, f->arg);
		return true;
	}
	return false;
}

/* ---- READ(10)/(12) ------------------------------------------------------ */

static bool readable(const struct emu *e, int64_t lba)
{
	const struct emu_disc *d = &e->d;
	if (e->ptype != 5 || (emu_ki(e)->overwrite && d->formatted))
		return lba >= 0 && lba < d->capacity;
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		int64_t end = t->state == TRK_CLOSED ? (int64_t)t->start + t->size
						     : (int64_t)t->start + t->written;
		if (lba >= t->start && lba < end)
			return true;
	}
	return false;
}

int emu_read(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	const uint8_t *cdb = c->cdb;
	uint32_t lba = get_be32(&cdb[2]);
	uint32_t n = cdb[0] == 0x28 ? get_be16(&cdb[7]) : get_be32(&cdb[6]);

	if (n == 0)
		return emu_reply(e, NULL, 0, 0);
	if ((uint64_t)n * EMU_BLOCK > c->data_len || !c->data)
		return emu_sense(e, 0x05, 0x24, 0x00);
	for (uint32_t i = 0; i < n; i++) {
		if (!readable(e, (int64_t)lba + i))
			return emu_sense_info(e, 0x05, 0x21, 0x00, lba + i);
		/* READ returns 2048-byte user data: audio, mode 2 formless and
		 * form 2 sectors have none (MMC-5 6.15.3: 5/64/00) */
		const struct emu_track *t;
		if (e->ptype == 5 && emu_is_cd(e) && (t = emu_cd_track_at(e, (int32_t)(lba + i))) &&
		    (t->form == FORM_AUDIO || t->form == FORM_MODE2))
			return emu_sense_info(e, 0x05, 0x64, 0x00, lba + i);
	}
	if (emu_read_faults(e, lba, n))
		return 0;
	uint8_t *p = c->data;
	size_t want = (size_t)n * EMU_BLOCK;
	ssize_t got = pread(e->fd, p, want, (off_t)lba * EMU_BLOCK);
	if (got < 0)
		return -EIO;
	if ((size_t)got < want)
		memset(p + got, 0, want - (size_t)got);
	e->head_lba = (int32_t)(lba + n - 1);
	c->resid = c->data_len - (uint32_t)want;
	c->status = SCSI_STATUS_GOOD;
	return 0;
}

/* ---- the sectors of a CD ------------------------------------------------------ */

/* End (exclusive) of what can be read of track t. */
static int32_t track_read_end(const struct emu_track *t)
{
	return t->state == TRK_CLOSED ? t->start + (int32_t)t->size : t->start + (int32_t)t->written;
}

const struct emu_track *emu_cd_track_at(const struct emu *e, int32_t lba)
{
	const struct emu_disc *d = &e->d;
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		if (lba >= t->start - (int32_t)t->pregap && lba < track_read_end(t))
			return t;
	}
	return NULL;
}

/* The form 1 sub-header the drive writes for 2048-byte mode 2 data (file 0,
 * channel 0, submode data, coding 0): CD-ROM XA. */
static const uint8_t xa_form1_subheader[4] = { 0x00, 0x00, 0x08, 0x00 };

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static enum emu_sector raw_kind(const struct emu_track *t, const uint8_t *raw)
{
	switch (t->form) {
	case FORM_AUDIO: return SEC_AUDIO;
	case FORM_MODE1: return SEC_MODE1;
	case FORM_MODE2: return SEC_MODE2;
	default:         return raw[18] & 0x20 ? SEC_FORM2 : SEC_FORM1;
	}
}

int emu_cd_sector(struct emu *e, int32_t lba, uint8_t *raw, enum emu_sector *kind)
{
	const struct emu_track *t = emu_cd_track_at(e, lba);
	if (!t || lba < 0)
		return -1;
	if (e->d.has_bin && e->bin_fd >= 0) {
		ssize_t got = pread(e->bin_fd, raw, 2352, (off_t)lba * 2352);
		if (got < 0)
			return -EIO;
		if (got < 2352)
			memset(raw + got, 0, 2352 - (size_t)got);
		if (t->form == FORM_AUDIO || !all_zero(raw, 2352)) {
			*kind = raw_kind(t, raw);
			return 0;
		}
		/* a data sector never written (a gap the drive made itself):
		 * what the drive recorded there is a zero sector of the track's
		 * mode, built below */
	}
	uint8_t user[2048];
	bool in_gap = lba < t->start;
	if (t->form == FORM_AUDIO || in_gap) {
		memset(user, 0, sizeof(user));
	} else {
		ssize_t got = pread(e->fd, user, sizeof(user), (off_t)lba * EMU_BLOCK);
		if (got < 0)
			return -EIO;
		if ((size_t)got < sizeof(user))
			memset(user + got, 0, sizeof(user) - (size_t)got);
	}
	switch (t->form) {
	case FORM_AUDIO:
		memset(raw, 0, 2352);
		*kind = SEC_AUDIO;
		break;
	case FORM_MODE2:
		memset(raw, 0, 2352);
		emu_cd_mode2(raw, lba, &raw[16]);
		*kind = SEC_MODE2;
		break;
	case FORM_XA:
		emu_cd_xa(raw, lba, xa_form1_subheader, user);
		*kind = SEC_FORM1;
		break;
	default:
		emu_cd_mode1(raw, lba, user);
		*kind = SEC_MODE1;
		break;
	}
	return 0;
}

/* ---- READ CD (6.19) ---------------------------------------------------------- */

/* Byte 9 of READ CD: SYNC, header codes, user data, EDC/ECC, C2 error
 * information. The combinations MMC-5 Table 355 allows (C2 aside). */
static bool fields_ok(uint8_t f)
{
	static const uint8_t ok[] = {
		0x00, 0x10, 0x18, 0x20, 0x30, 0x38, 0x40, 0x50, 0x58, 0x60, 0x70, 0x78,
		0xA0, 0xB0, 0xB8, 0xE0, 0xF0, 0xF8,
	};
	for (size_t i = 0; i < sizeof(ok); i++)
		if (ok[i] == (f & 0xF8))
			return true;
	return false;
}

/* The bytes of sector s that the fields f select, in disc order. */
static size_t cd_fields(const uint8_t *s, enum emu_sector k, uint8_t f, uint8_t *out)
{
	size_t n = 0;
#define TAKE(off, len) do { memcpy(out + n, s + (off), (len)); n += (len); } while (0)
	if (k == SEC_AUDIO) {
		if (f & 0x10)
			TAKE(0, 2352);
		return n;
	}
	if (f & 0x80)
		TAKE(0, 12);
	if (f & 0x20)
		TAKE(12, 4);
	switch (k) {
	case SEC_MODE1:
		if (f & 0x10)
			TAKE(16, 2048);
		if (f & 0x08)
			TAKE(2064, 288);
		break;
	case SEC_MODE2:
		if (f & 0x10)
			TAKE(16, 2336);
		break;
	case SEC_FORM1:
		if (f & 0x40)
			TAKE(16, 8);
		if (f & 0x10)
			TAKE(24, 2048);
		if (f & 0x08)
			TAKE(2072, 280);
		break;
	default:        /* form 2 */
		if (f & 0x40)
			TAKE(16, 8);
		if (f & 0x10)
			TAKE(24, 2324);
		if (f & 0x08)
			TAKE(2348, 4);
		break;
	}
#undef TAKE
	return n;
}

static int read_cd(struct emu *e, int32_t lba, uint32_t n, uint8_t type, uint8_t f, uint8_t sub)
{
	struct scsi_cmd *c = e->cmd;
	uint8_t raw[2352];
	size_t at = 0;
	enum emu_sector k;

	if (!emu_is_cd(e))
		return emu_sense(e, 0x05, 0x30, 0x02);  /* cannot read medium: not a CD */
	/* C2 error information is not offered (feature 001Eh: C2 flag 0) */
	if (type > 5 || (f & 0x06) || !fields_ok(f) || (sub != 0 && sub != 1 && sub != 2 && sub != 4))
		return emu_sense(e, 0x05, 0x24, 0x00);
	if (n == 0)
		return emu_reply(e, NULL, 0, 0);
	for (uint32_t i = 0; i < n; i++) {
		int r = emu_cd_sector(e, lba + (int32_t)i, raw, &k);
		if (r == -EIO)
			return r;
		if (r < 0)
			return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)(lba + (int32_t)i));
		/* the expected sector type must match (6.19.2.2): 5/64/00 */
		if (type && type != k)
			return emu_sense_info(e, 0x05, 0x64, 0x00, (uint32_t)(lba + (int32_t)i));
	}
	if (emu_read_faults(e, lba, n))
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t buf[2352 + 96];
		int32_t l = lba + (int32_t)i;
		if (emu_cd_sector(e, l, raw, &k) < 0)
			return -EIO;
		size_t len = cd_fields(raw, k, f, buf);
		if (sub)
			len += emu_cd_subchannel(e, l, sub, buf + len);
		if (at + len > c->data_len || !c->data)
			return emu_sense(e, 0x05, 0x24, 0x00);
		memcpy((uint8_t *)c->data + at, buf, len);
		at += len;
	}
	e->head_lba = lba + (int32_t)n - 1;
	c->resid = c->data_len - (uint32_t)at;
	c->status = SCSI_STATUS_GOOD;
	return 0;
}

int emu_read_cd(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	uint8_t type = (cdb[1] >> 2) & 7, f = cdb[9], sub = cdb[10] & 7;
	int32_t lba;
	uint32_t n;

	if (cdb[0] == 0xBE) {
		lba = (int32_t)get_be32(&cdb[2]);
		n = get_be24(&cdb[6]);
	} else {        /* READ CD MSF (6.20): start and end (exclusive) addresses */
		lba = emu_msf_to_lba(cdb[3], cdb[4], cdb[5]);
		int32_t end = emu_msf_to_lba(cdb[6], cdb[7], cdb[8]);
		if (end < lba)
			return emu_sense(e, 0x05, 0x24, 0x00);
		n = (uint32_t)(end - lba);
	}
	return read_cd(e, lba, n, type, f, sub);
}
