/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_write.c — MODE SELECT (page 05), WRITE(10)/(12), and the drive buffer
 * model. Section numbers cite MMC-5 (T10/1675-D r03c); MMC-6 describes the
 * same commands. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

/* ---- drive buffer ----------------------------------------------------------- */

/* An underrun is a buffer that ran dry during a track for longer than this. */
#define UNDERRUN_GRACE_S 0.010

static double now_diff(const struct timespec *then, struct timespec *now)
{
	clock_gettime(CLOCK_MONOTONIC, now);
	return (double)(now->tv_sec - then->tv_sec) + (double)(now->tv_nsec - then->tv_nsec) / 1e9;
}

/* Bytes a second leaving the buffer for the disc. A DVD's or BD's 1x is a
 * rate of user data; a CD's is 75 sectors a second whatever a sector
 * carries (2048 bytes of mode 1 data, 2352 of audio, 2448 with sub-channel),
 * so its rate in bytes follows what the WRITEs hold. */
static double buf_rate(const struct emu *e)
{
	double rate = (double)emu_write_kbps(e) * 1000.0;
	if (emu_is_cd(e) && e->buf_sector_bytes)
		rate = rate * e->buf_sector_bytes / 2352.0;
	return rate;
}

void emu_buffer_update(struct emu *e)
{
	struct timespec now;
	double dt = now_diff(&e->buf_at, &now);
	double rate = buf_rate(e);

	e->buf_at = now;
	if (rate <= 0) {
		e->buf_fill = 0;
		return;
	}
	e->buf_fill -= rate * dt;
	if (e->buf_fill < 0)
		e->buf_fill = 0;
}

static void sleep_s(double s)
{
	if (s <= 0)
		return;
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Before a WRITE of len bytes in n sectors: detect an underrun (returns
 * true), then wait until the buffer has room and account the data. */
static bool buffer_accept(struct emu *e, uint32_t len, uint32_t n)
{
	double rate = buf_rate(e);      /* at the rate of what the buffer holds */
	if (n)
		e->buf_sector_bytes = len / n;
	if (rate <= 0)
		return false;

	struct timespec now;
	double fill_before = e->buf_fill;
	double dt = now_diff(&e->buf_at, &now);
	double dry = dt - fill_before / rate;  /* seconds the buffer has been empty */
	bool underrun = e->buf_streaming && dry > UNDERRUN_GRACE_S;

	e->buf_fill = fill_before - rate * dt > 0 ? fill_before - rate * dt : 0;
	e->buf_at = now;
	rate = buf_rate(e);             /* this WRITE's sectors */
	double room = (double)e->buffer_bytes - e->buf_fill;
	if (room < len) {
		double need = len > e->buffer_bytes ? e->buf_fill : len - room;
		sleep_s(need / rate);
		emu_buffer_update(e);
	}
	e->buf_fill += len;
	return underrun;
}

void emu_buffer_drain(struct emu *e)
{
	double rate = buf_rate(e);
	emu_buffer_update(e);
	if (rate > 0)
		sleep_s(e->buf_fill / rate);
	e->buf_fill = 0;
	e->buf_streaming = false;
	clock_gettime(CLOCK_MONOTONIC, &e->buf_at);
}

/* ---- MODE SELECT(10) (SPC-4 6.11), page 05 (MMC-5 7.5.4) ------------------- */

/* CD write type and Data Block Type (MMC-5 7.5.4, Table "Data Block Type
 * codes"): 0 raw 2352 bytes (audio), 1-3 raw with P-Q or P-W subchannel,
 * 8 mode 1, 9 mode 2, 10-13 mode 2 form 1/2 variants; 4-7 and 14-15 are
 * reserved or vendor specific. RAW writing carries its subchannel, so it
 * takes 1-3 only; TAO and packet write the main channel (0, 8-13); SAO
 * takes either (the cue sheet lays the tracks out, page 05 may name the
 * subchannel). Burners probe these to learn a drive's write modes (wodim
 * RAW/R16, RAW/R96P, RAW/R96R; libburn TAO audio); a valid combination is
 * accepted even where the emulator then cannot write it (emu_write). */
static bool cd_block_type_ok(uint8_t write_type, uint8_t dbt)
{
	bool raw_sub = dbt >= 1 && dbt <= 3;
	bool main = dbt == 0 || (dbt >= 8 && dbt <= 13);
	switch (write_type) {
	case 0:                 /* packet */
	case 1:                 /* TAO */
		return main;
	case 2:                 /* SAO */
		return main || raw_sub;
	case 3:                 /* RAW */
		return raw_sub;
	default:
		return false;
	}
}

static int check_page05(struct emu *e, const uint8_t *p, size_t plen, struct emu_wparams *w)
{
	const struct emu_kind_info *ki = emu_ki(e);

	if (plen < 12)
		return -1;
	memset(w, 0, sizeof(*w));
	w->bufe = p[2] & 0x40;
	w->ls_v = p[2] & 0x20;
	w->test_write = p[2] & 0x10;
	w->write_type = p[2] & 0x0f;
	w->multisession = p[3] >> 6;
	w->fp = p[3] & 0x20;
	w->track_mode = p[3] & 0x0f;
	w->data_block_type = p[4] & 0x0f;
	w->session_format = p[8];
	w->packet_size = plen >= 14 ? get_be32(&p[10]) : 0;
	/* catalog number and ISRC for TAO (7.5.4.16, 7.5.4.17): digits, and
	 * the ISRC's country and owner letters or digits */
	if (plen >= 48 && (p[16] & 0x80)) {
		memcpy(w->mcn, &p[17], 13);
		if (!emu_mcn_valid(w->mcn))
			return -1;
	}
	if (plen >= 48 && (p[32] & 0x80)) {
		memcpy(w->isrc, &p[33], 12);
		if (!emu_isrc_valid(w->isrc))
			return -1;
	}
	if (plen >= 52)
		memcpy(w->subheader, &p[48], 4);

	if (w->multisession == 2)
		return -1;
	/* simulation exists only on CD-R/RW and DVD-R/RW (sequential) */
	if (w->test_write && !ki->test_write)
		return -1;
	if (ki->family == EMU_FAM_CD) {
		/* a drive without that write type (the options no-tao, no-sao,
		 * no-raw) refuses it */
		if ((w->write_type == 1 && e->no_tao) || (w->write_type == 2 && e->no_sao) ||
		    (w->write_type == 3 && e->no_raw))
			return -1;
		return cd_block_type_ok(w->write_type, w->data_block_type) ? 0 : -1;
	}
	if (ki->dash) {
		if (w->write_type != 0 && w->write_type != 2)
			return -1;
		if (w->data_block_type != 8)
			return -1;
		return 0;
	}
	/* DVD+R/RW, BD: page 05 is not used (MMC-5 7.5.3); write type ignored */
	if (w->write_type > 2)
		return -1;
	return 0;
}

/* Page 01h as sent: the page length the drive reports (0Ah; the 06h of
 * older drafts is taken too, as a prefix), and no field changed that the
 * drive does not let change (SPC-4 6.11: 5/26/00). Only the bits of the
 * changeable mask are taken. */
static int select_page01(struct emu *e, const uint8_t *p, size_t plen, uint8_t *out)
{
	if (plen != EMU_PAGE01_LEN && plen != 8)
		return -1;
	for (size_t i = 2; i < plen; i++)
		if ((p[i] ^ e->page01[i]) & ~emu_page01_changeable[i])
			return -1;
	for (size_t i = 2; i < plen; i++)
		out[i] = (uint8_t)((p[i] & emu_page01_changeable[i]) |
				   (e->page01[i] & ~emu_page01_changeable[i]));
	return 0;
}

int emu_mode_select(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	uint32_t len = get_be16(&c->cdb[7]);
	const uint8_t *d = c->data;

	if (len > c->data_len || !d)
		return emu_sense(e, 0x05, 0x1A, 0x00);
	if (len == 0)
		return emu_reply(e, NULL, 0, 0);
	if (len < 8)
		return emu_sense(e, 0x05, 0x1A, 0x00);
	size_t off = 8 + get_be16(&d[6]);
	struct emu_wparams w = e->wp;
	uint8_t page01[EMU_PAGE01_LEN];
	memcpy(page01, e->page01, sizeof(page01));
	int32_t links = -1;
	while (off + 2 <= len) {
		uint8_t page = d[off] & 0x3f;
		size_t plen = (size_t)d[off + 1] + 2;
		if (off + plen > len)
			return emu_sense(e, 0x05, 0x1A, 0x00);
		switch (page) {
		case 0x05:
			if (check_page05(e, &d[off], plen, &w) < 0)
				return emu_sense(e, 0x05, 0x26, 0x00);
			break;
		case 0x01:      /* read/write error recovery (MMC-5 7.3) */
			if (select_page01(e, &d[off], plen, page01) < 0)
				return emu_sense(e, 0x05, 0x26, 0x00);
			break;
		case 0x30:      /* vendor: BURN-Free links; only the count changes */
			if (e->ptype != 5 || plen != 16)
				return emu_sense(e, 0x05, 0x26, 0x00);
			uint8_t now[16];
			emu_page30(e, now);
			if (d[off + 2] != now[2] || d[off + 3] != now[3])
				return emu_sense(e, 0x05, 0x26, 0x02);
			links = get_be16(&d[off + 4]);
			break;
		default:
			return emu_sense(e, 0x05, 0x26, 0x00);
		}
		off += plen;
	}
	if (w.test_write != e->wp.test_write)
		e->sim_written = 0;
	e->wp = w;
	memcpy(e->page01, page01, sizeof(page01));
	if (links >= 0)
		e->link_counter = (uint32_t)links;
	return emu_reply(e, NULL, 0, 0);
}

/* ---- WRITE(10)/(12) (6.44, 6.45) ------------------------------------------- */

int emu_write_image(struct emu *e, int32_t lba, const uint8_t *data, uint32_t n)
{
	int rc = emu_write_user(e, lba, data, n);
	if (rc < 0 || lba + (int64_t)n <= 0)
		return rc;
	struct emu_fault *f = emu_fault_in(e, FAULT_CORRUPT, lba, n);
	if (f) {
		uint8_t byte = data[(size_t)(f->arg - (uint32_t)lba) * EMU_BLOCK + 100] ^ 0x5A;
		if (pwrite(e->fd, &byte, 1, (off_t)f->arg * EMU_BLOCK + 100) != 1)
			return -EIO;
	}
	return 0;
}

int emu_write_user(struct emu *e, int32_t lba, const uint8_t *data, uint32_t n)
{
	/* blocks before LBA 0 (CD pregap, lead-in) are not user data */
	if (lba < 0) {
		uint32_t skip = (uint32_t)-lba < n ? (uint32_t)-lba : n;
		lba += (int32_t)skip;
		data += (size_t)skip * EMU_BLOCK;
		n -= skip;
	}
	if (n == 0)
		return 0;
	size_t want = (size_t)n * EMU_BLOCK;
	ssize_t w = pwrite(e->fd, data, want, (off_t)lba * EMU_BLOCK);
	if (w < 0 || (size_t)w != want)
		return -EIO;
	return 0;
}

struct emu_track *emu_track_at_nwa(struct emu *e, int32_t lba)
{
	struct emu_disc *d = &e->d;
	for (unsigned i = 0; i < d->ntracks; i++) {
		struct emu_track *t = &d->trk[i];
		if (t->state == TRK_CLOSED)
			continue;
		if (t->state == TRK_RESERVED && t->written >= t->size)
			continue;
		int32_t nwa = emu_track_nwa(t) + (e->wp.test_write ? (int32_t)e->sim_written : 0);
		if (nwa == lba)
			return t;
	}
	return NULL;
}

int emu_write_faults(struct emu *e, int32_t lba, uint32_t n, int *rc)
{
	struct emu_fault *f;
	*rc = 0;
	if ((f = emu_fault_in(e, FAULT_VANISH, lba, n)) != NULL) {
		e->gone = true;
		*rc = -ENODEV;
		return 1;
	}
	if ((f = emu_fault_in(e, FAULT_TIMEOUT, lba, n)) != NULL) {
		f->used = true;
		*rc = -ETIMEDOUT;
		return 1;
	}
	for (unsigned i = 0; i < e->nfaults; i++) {
		f = &e->faults[i];
		if (f->used)
			continue;
		if (f->kind == FAULT_OPC_FAIL) {
			f->used = true;
			emu_sense(e, 0x03, 0x73, 0x03);
			return 1;
		}
		if (f->kind == FAULT_LWIP && f->arg > 0) {
			if (--f->arg == 0)
				f->used = true;
			emu_sense(e, 0x02, 0x04, 0x08);
			return 1;
		}
	}
	if ((f = emu_fault_in(e, FAULT_MEDIUM_ERROR, lba, n)) != NULL) {
		emu_sense_info(e, 0x03, 0x0C, 0x00, f->arg);
		return 1;
	}
	return 0;
}

static int write_random(struct emu *e, int32_t lba, uint32_t n, const uint8_t *data)
{
	if (e->ptype == 5 && !e->d.formatted)
		return emu_sense(e, 0x02, 0x30, 0x10);  /* medium not formatted */
	if (lba < 0 || (int64_t)lba + n > e->d.capacity)
		return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)lba);
	/* restricted overwrite: whole 32 KiB ECC blocks only */
	if (e->d.kind == EMU_DVD_RW_RO && (lba % 16 || n % 16))
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	int rc;
	if (emu_write_faults(e, lba, n, &rc))
		return rc;
	buffer_accept(e, n * EMU_BLOCK, n);
	if (emu_write_image(e, lba, data, n) < 0)
		return -EIO;
	e->buf_streaming = true;
	return emu_reply(e, NULL, 0, 0);
}

/* The buffer takes len bytes for track t (NULL in SAO): true when an
 * underrun ruined the track and the WRITE was answered. */
bool emu_write_underrun(struct emu *e, struct emu_track *t, uint32_t len, uint32_t n,
			int32_t lba)
{
	struct emu_disc *d = &e->d;
	if (buffer_accept(e, len, n)) {
		/* Page 05's BUFE governs CD and DVD-R/RW; DVD+R, BD and the
		 * overwritable media have no page 05 and link losslessly
		 * whenever the drive can. */
		bool page05 = emu_is_cd(e) || emu_ki(e)->dash;
		if ((e->wp.bufe || !page05) && !e->no_burnfree) {
			d->burnfree_count++;
			e->link_counter++;
		} else {
			/* the laser stopped mid-track: the track is ruined */
			d->underruns++;
			if (t)
				t->damaged = 1;
			e->buf_streaming = false;
			emu_save(e);
			emu_sense_info(e, 0x03, 0x0C, 0x09, (uint32_t)lba);
			return true;
		}
	}
	e->buf_streaming = true;
	return false;
}

int emu_write(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	const uint8_t *cdb = c->cdb;
	int32_t lba = (int32_t)get_be32(&cdb[2]);
	uint32_t n = cdb[0] == 0x2A ? get_be16(&cdb[7]) : get_be32(&cdb[6]);
	struct emu_disc *d = &e->d;

	if (n == 0)
		return emu_reply(e, NULL, 0, 0);
	if (!c->data)
		return emu_sense(e, 0x05, 0x24, 0x00);
	if (e->ptype == 5 && emu_is_cd(e) && !emu_ki(e)->overwrite)
		return emu_cd_write(e, lba, n);
	if ((uint64_t)n * EMU_BLOCK > c->data_len)
		return emu_sense(e, 0x05, 0x24, 0x00);
	if (e->ptype != 5 || emu_ki(e)->overwrite)
		return write_random(e, lba, n, c->data);
	if (d->finalized)
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);

	struct emu_track *t = emu_track_at_nwa(e, lba);
	if (!t)
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	uint32_t room = t->state == TRK_RESERVED ? t->size - t->written
		      : (uint32_t)((int64_t)d->capacity - lba);
	if ((int64_t)lba >= d->capacity || n > room)
		return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)lba);
	if (t->damaged)
		return emu_sense_info(e, 0x03, 0x0C, 0x09, (uint32_t)lba);

	int rc;
	if (emu_write_faults(e, lba, n, &rc))
		return rc;
	if (emu_write_underrun(e, t, n * EMU_BLOCK, n, lba))
		return 0;
	if (e->wp.test_write) {
		/* simulation: the drive acts as if it wrote; the disc is unchanged */
		e->sim_written += n;
		return emu_reply(e, NULL, 0, 0);
	}
	if (emu_write_image(e, lba, c->data, n) < 0)
		return -EIO;
	t->written += n;
	emu_save_cadence(e, n);
	return emu_reply(e, NULL, 0, 0);
}
