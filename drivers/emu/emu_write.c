/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_write.c — commands that change the disc: MODE SELECT (page 05), WRITE,
 * RESERVE TRACK, SEND CUE SHEET, SYNCHRONIZE CACHE, CLOSE TRACK/SESSION,
 * BLANK, FORMAT UNIT, SEND OPC; and the drive buffer model. Section numbers
 * cite MMC-5 (T10/1675-D r03c); MMC-6 describes the same commands. */
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

static double buf_rate(const struct emu *e)
{
	return (double)emu_write_kbps(e) * 1000.0;     /* bytes per second */
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

/* Before a WRITE of len bytes: detect an underrun (returns true), then wait
 * until the buffer has room and account the data. */
static bool buffer_accept(struct emu *e, uint32_t len)
{
	double rate = buf_rate(e);
	if (rate <= 0)
		return false;

	struct timespec now;
	double fill_before = e->buf_fill;
	double dt = now_diff(&e->buf_at, &now);
	double dry = dt - fill_before / rate;  /* seconds the buffer has been empty */
	bool underrun = e->buf_streaming && dry > UNDERRUN_GRACE_S;

	emu_buffer_update(e);
	double room = (double)e->buffer_bytes - e->buf_fill;
	if (room < len) {
		double need = len > e->buffer_bytes ? e->buf_fill : len - room;
		sleep_s(need / rate);
		emu_buffer_update(e);
	}
	e->buf_fill += len;
	return underrun;
}

static void buffer_drain(struct emu *e)
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
	enum emu_kind k = e->d.kind;

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

	if (w->multisession == 2)
		return -1;
	/* simulation exists only on CD-R/RW and DVD-R/RW (sequential) */
	if (w->test_write && !ki->test_write)
		return -1;
	if (ki->family == EMU_FAM_CD)
		return cd_block_type_ok(w->write_type, w->data_block_type) ? 0 : -1;
	if (k == EMU_DVD_R || k == EMU_DVD_RW) {
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
		default:
			return emu_sense(e, 0x05, 0x26, 0x00);
		}
		off += plen;
	}
	if (w.test_write != e->wp.test_write)
		e->sim_written = 0;
	e->wp = w;
	memcpy(e->page01, page01, sizeof(page01));
	return emu_reply(e, NULL, 0, 0);
}

/* ---- WRITE(10)/(12) (6.44, 6.45) ------------------------------------------- */

static int write_image(struct emu *e, int32_t lba, const uint8_t *data, uint32_t n)
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
	struct emu_fault *f = emu_fault_in(e, FAULT_CORRUPT, lba, n);
	if (f) {
		uint8_t byte = data[(size_t)(f->arg - (uint32_t)lba) * EMU_BLOCK + 100] ^ 0x5A;
		if (pwrite(e->fd, &byte, 1, (off_t)f->arg * EMU_BLOCK + 100) != 1)
			return -EIO;
	}
	return 0;
}

/* The track whose next writable address is lba, or NULL. */
static struct emu_track *track_at_nwa(struct emu *e, int32_t lba)
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

static int write_faults(struct emu *e, int32_t lba, uint32_t n, int *rc)
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
	if (write_faults(e, lba, n, &rc))
		return rc;
	buffer_accept(e, n * EMU_BLOCK);
	if (write_image(e, lba, data, n) < 0)
		return -EIO;
	e->buf_streaming = true;
	return emu_reply(e, NULL, 0, 0);
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
	if ((uint64_t)n * EMU_BLOCK > c->data_len || !c->data)
		return emu_sense(e, 0x05, 0x24, 0x00);
	if (e->ptype != 5 || emu_ki(e)->overwrite)
		return write_random(e, lba, n, c->data);
	if (d->finalized)
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	/* data tracks of 2048-byte blocks only: RAW, and TAO/packet with a
	 * block type other than mode 1 or mode 2 form 1, are not modelled */
	if (emu_is_cd(e) && (e->wp.write_type == 3 ||
			     (e->wp.write_type < 2 && e->wp.data_block_type != 8 &&
			      e->wp.data_block_type != 10)))
		return emu_sense(e, 0x05, 0x64, 0x00);  /* illegal mode for this track */

	struct emu_track *t = NULL;
	if (e->sao.active) {
		if (lba != e->sao.next + (e->wp.test_write ? (int32_t)e->sim_written : 0))
			return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
		if ((int64_t)lba + n > e->sao.leadout)
			return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)lba);
	} else {
		if (emu_is_cd(e) && e->wp.write_type == 2)
			return emu_sense(e, 0x05, 0x2C, 0x00);  /* SAO without cue sheet */
		t = track_at_nwa(e, lba);
		if (!t)
			return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
		uint32_t room = t->state == TRK_RESERVED ? t->size - t->written
			      : (uint32_t)((int64_t)d->capacity - lba);
		if ((int64_t)lba >= d->capacity || n > room)
			return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)lba);
		if (t->damaged)
			return emu_sense_info(e, 0x03, 0x0C, 0x09, (uint32_t)lba);
	}

	int rc;
	if (write_faults(e, lba, n, &rc))
		return rc;

	if (buffer_accept(e, n * EMU_BLOCK)) {
		/* Page 05's BUFE governs CD and DVD-R/RW; DVD+R, BD and the
		 * overwritable media have no page 05 and link losslessly
		 * whenever the drive can. */
		bool page05 = emu_is_cd(e) || d->kind == EMU_DVD_R || d->kind == EMU_DVD_RW;
		if ((e->wp.bufe || !page05) && !e->no_burnfree) {
			d->burnfree_count++;
		} else {
			/* the laser stopped mid-track: the track is ruined */
			d->underruns++;
			if (t)
				t->damaged = 1;
			e->buf_streaming = false;
			emu_save(e);
			return emu_sense_info(e, 0x03, 0x0C, 0x09, (uint32_t)lba);
		}
	}
	e->buf_streaming = true;

	if (e->wp.test_write) {
		/* simulation: the drive acts as if it wrote; the disc is unchanged */
		e->sim_written += n;
		return emu_reply(e, NULL, 0, 0);
	}
	if (write_image(e, lba, c->data, n) < 0)
		return -EIO;
	if (e->sao.active) {
		e->sao.next = lba + (int32_t)n;
		for (unsigned i = 0; i < d->ntracks; i++) {
			struct emu_track *x = &d->trk[i];
			if (x->state != TRK_RESERVED)
				continue;
			int64_t lo = lba > x->start ? lba : x->start;
			int64_t hi = (int64_t)lba + n;
			if (hi > (int64_t)x->start + x->size)
				hi = (int64_t)x->start + x->size;
			if (hi > lo)
				x->written = (uint32_t)(hi - x->start);
		}
	} else {
		t->written += n;
	}
	return emu_reply(e, NULL, 0, 0);
}

/* ---- RESERVE TRACK (6.31) -------------------------------------------------- */

int emu_reserve_track(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	struct emu_track *inv = emu_invisible(d);

	if (emu_ki(e)->overwrite || !inv || inv->written || e->sao.active ||
	    d->ntracks >= EMU_MAX_TRACKS)
		return emu_sense(e, 0x05, 0x2C, 0x00);  /* command sequence error */
	if (cdb[1] & 1)                                 /* ARSV: by address, not modelled */
		return emu_sense(e, 0x05, 0x24, 0x00);
	uint32_t size = get_be32(&cdb[5]);
	uint32_t ecc = emu_ki(e)->ecc;
	if (ecc > 1)
		size = (size + ecc - 1) / ecc * ecc;
	if (size == 0 || (int64_t)inv->start + size > d->capacity)
		return emu_sense(e, 0x05, 0x24, 0x00);
	if (e->wp.test_write)
		return emu_reply(e, NULL, 0, 0);
	inv->state = TRK_RESERVED;
	inv->size = size;
	struct emu_track *n = &d->trk[d->ntracks++];
	memset(n, 0, sizeof(*n));
	n->start = inv->start + (int32_t)size + (emu_is_cd(e) ? 150 : 0);
	n->state = TRK_INVISIBLE;
	n->session = inv->session;
	n->mode = 4;
	if (n->start >= (int32_t)d->capacity)
		d->ntracks--;   /* the disc is fully reserved */
	emu_save(e);
	return emu_reply(e, NULL, 0, 0);
}

/* ---- SEND CUE SHEET (6.33), CD SAO ----------------------------------------- */

static int32_t cue_lba(const uint8_t *p)
{
	int32_t f = (p[5] * 60 + p[6]) * 75 + p[7];
	return f - 150;
}

int emu_send_cue_sheet(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	uint32_t len = get_be24(&c->cdb[6]);
	const uint8_t *q = c->data;
	struct emu_disc *d = &e->d;
	struct emu_track *inv = emu_invisible(d);

	if (!emu_is_cd(e) || e->wp.write_type != 2 || !inv || inv->written ||
	    emu_open_reserved(d))
		return emu_sense(e, 0x05, 0x2C, 0x00);
	if (len > c->data_len || !q || len % 8 || len < 24)
		return emu_sense(e, 0x05, 0x1A, 0x00);

	struct { int32_t start; uint8_t ctl; } trk[EMU_MAX_TRACKS];
	unsigned nt = 0;
	int32_t first = INT32_MIN, prev = INT32_MIN, leadout = INT32_MIN;
	int last_tno = 0, last_started = 0;
	bool leadin = false;

	for (uint32_t off = 0; off < len; off += 8) {
		const uint8_t *p = &q[off];
		uint8_t adr = p[0] & 0x0f, tno = p[1], idx = p[2], form = p[3];
		if (adr == 2 || adr == 3)       /* catalog number, ISRC */
			continue;
		if (adr != 1 || leadout != INT32_MIN)
			goto bad;
		if (!leadin) {
			if (tno != 0)
				goto bad;
			leadin = true;
			continue;
		}
		int32_t lba = cue_lba(p);
		if (p[6] > 59 || p[7] > 74 || (prev != INT32_MIN && lba < prev))
			goto bad;
		prev = lba;
		if (tno == 0xAA) {
			leadout = lba;
			continue;
		}
		if (tno < 1 || tno > 99 || (last_tno && tno != last_tno && tno != last_tno + 1))
			goto bad;
		/* data tracks only: mode 1 / mode 2 form 1 user data of 2048 bytes
		 * (10h, 14h pause) -- CD-DA (00h, 01h) is not modelled */
		if ((form & 0x3f) != 0x10 && (form & 0x3f) != 0x14 && (form & 0x3f) != 0x20 &&
		    (form & 0x3f) != 0x24)
			goto bad;
		if (first == INT32_MIN && (form & 0x0f) != 0x04)
			first = lba;
		if (idx == 1 && tno != last_started) {
			if (nt >= EMU_MAX_TRACKS)
				goto bad;
			last_started = tno;
			trk[nt].start = lba;
			trk[nt].ctl = (uint8_t)(p[0] >> 4);
			nt++;
		}
		last_tno = tno;
	}
	if (!leadin || leadout == INT32_MIN || nt == 0 || first == INT32_MIN ||
	    trk[0].start != inv->start || first < inv->start - 150 ||
	    leadout > (int32_t)d->capacity)
		goto bad;

	if (e->wp.test_write) {
		e->sim_written = 0;
	} else {
		unsigned base = d->ntracks - 1;
		if (base + nt > EMU_MAX_TRACKS)
			goto bad;
		uint8_t session = inv->session;
		for (unsigned i = 0; i < nt; i++) {
			struct emu_track *t = &d->trk[base + i];
			memset(t, 0, sizeof(*t));
			t->start = trk[i].start;
			t->size = (uint32_t)((i + 1 < nt ? trk[i + 1].start : leadout) - trk[i].start);
			t->state = TRK_RESERVED;
			t->session = session;
			t->mode = trk[i].ctl & 0x0d;
		}
		d->ntracks = base + nt;
	}
	e->sao.active = true;
	e->sao.first = first;
	e->sao.next = first;
	e->sao.leadout = leadout;
	return emu_reply(e, NULL, 0, 0);
bad:
	return emu_sense(e, 0x05, 0x26, 0x00);
}

/* ---- SYNCHRONIZE CACHE (6.41) ---------------------------------------------- */

int emu_synchronize_cache(struct emu *e)
{
	struct emu_disc *d = &e->d;

	buffer_drain(e);
	if (e->wp.test_write)
		return emu_reply(e, NULL, 0, 0);
	/* A SAO session written to its lead-out is closed by the drive now;
	 * so is a DVD-R DAO track written to its reserved end. (libburn and growisofs rely on this.) */
	if (e->sao.active && e->sao.next >= e->sao.leadout) {
		e->sao.active = false;
		emu_close_session(e, e->wp.multisession == 3);
	} else if (!emu_is_cd(e) && e->wp.write_type == 2 &&
		   (d->kind == EMU_DVD_R || d->kind == EMU_DVD_RW)) {
		struct emu_track *t = &d->trk[0];
		/* the reservation was rounded up to whole ECC blocks; wodim and
		 * libburn write the image's own length and the drive pads the
		 * last ECC block (MMC-5, DVD-R Disc-at-once recording) */
		uint32_t ecc = emu_ki(e)->ecc;
		if (d->sessions == 0 && d->ntracks >= 1 && t->state == TRK_RESERVED &&
		    t->written > 0 && t->size - t->written < ecc) {
			t->written = t->size;
			if (d->ntracks == 2 && d->trk[1].state == TRK_INVISIBLE)
				d->ntracks = 1;
			emu_close_session(e, false);
		}
	}
	emu_save(e);
	return emu_reply(e, NULL, 0, 0);
}

/* The last track holding data in the open session, or NULL. */
static struct emu_track *last_open_track(struct emu_disc *d)
{
	for (unsigned i = d->ntracks; i-- > 0;) {
		struct emu_track *t = &d->trk[i];
		if (t->session <= d->sessions)
			return NULL;
		if (t->state != TRK_INVISIBLE || t->written)
			return t;
	}
	return NULL;
}

/* ---- CLOSE TRACK/SESSION (6.3) --------------------------------------------- */

int emu_close_track_session(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	uint8_t func = cdb[2] & 0x07;
	uint16_t num = get_be16(&cdb[4]);
	enum emu_kind k = d->kind;
	bool plus = k == EMU_DVD_PLUS_R || k == EMU_DVD_PLUS_R_DL;
	bool bd = k == EMU_BD_R;

	buffer_drain(e);
	if (emu_ki(e)->overwrite) {
		/* DVD+RW: stop or complete background format; others: nothing open */
		if (func > 3)
			return emu_sense(e, 0x05, 0x24, 0x00);
		return emu_reply(e, NULL, 0, 0);
	}
	if (d->finalized) {
		/* DVD-R DAO and CD SAO close themselves; a late close is harmless */
		return emu_reply(e, NULL, 0, 0);
	}
	if (e->wp.test_write) {
		e->sim_written = 0;
		return emu_reply(e, NULL, 0, 0);
	}
	switch (func) {
	case 1: {       /* close track: the logical track number, or FFh (CD) */
		struct emu_track *t = NULL;
		if (num == 0xFF) {
			t = emu_invisible(d);
			if (!t || t->written == 0)
				t = emu_open_reserved(d);
		} else if (num >= 1 && num <= d->ntracks) {
			t = &d->trk[num - 1];
		}
		if (!t)
			return emu_sense(e, 0x05, 0x24, 0x00);
		if (t->state == TRK_CLOSED || (t->state == TRK_INVISIBLE && t->written == 0))
			return emu_reply(e, NULL, 0, 0);
		emu_close_track(e, t);
		break;
	}
	case 2:         /* close session; CD/DVD-R: page 05 Multi-session decides */
		if (plus || bd)
			emu_close_session(e, true);
		else
			emu_close_session(e, e->wp.multisession == 3);
		break;
	case 3:
		return emu_sense(e, 0x05, 0x24, 0x00);
	case 5:         /* DVD+R: finalize with minimal radius */
	case 6:         /* DVD+R, BD-R: finalize the disc */
		if (!plus && !bd)
			return emu_sense(e, 0x05, 0x24, 0x00);
		if (func == 5 && bd)
			return emu_sense(e, 0x05, 0x24, 0x00);
		{
			struct emu_track *inv = emu_invisible(d);
			if (last_open_track(d)) {
				emu_close_session(e, false);
			} else if (d->sessions > 0) {
				if (inv)
					d->ntracks--;
				d->finalized = true;
			} else {
				return emu_sense(e, 0x05, 0x2C, 0x00);  /* blank disc */
			}
		}
		break;
	default:
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	emu_save(e);
	return emu_reply(e, NULL, 0, 0);
}

/* ---- BLANK (6.2) ------------------------------------------------------------- */

static void reopen_at(struct emu *e, struct emu_track *t)
{
	struct emu_disc *d = &e->d;
	uint8_t session = t->session;
	int32_t start = t->start;
	d->ntracks = (unsigned)(t - d->trk) + 1;
	memset(t, 0, sizeof(*t));
	t->start = start;
	t->state = TRK_INVISIBLE;
	t->session = session;
	t->mode = 4;
}

int emu_blank(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	uint8_t type = cdb[1] & 0x07;
	bool immed = cdb[1] & 0x10;
	uint32_t addr = get_be32(&cdb[2]);
	uint32_t work = 4500;

	if (!emu_ki(e)->erasable)
		return emu_sense(e, 0x05, 0x30, 0x05);  /* cannot write: incompatible format */
	switch (type) {
	case 0:         /* blank the disc */
	case 1: {       /* minimally blank: PMA, TOC, first pregap */
		enum emu_kind k = d->kind == EMU_DVD_RW_RO ? EMU_DVD_RW : d->kind;
		uint32_t cap = d->capacity, bf = d->burnfree_count, ur = d->underruns;
		emu_disc_fresh(d, k, cap);
		d->burnfree_count = bf;
		d->underruns = ur;
		if (ftruncate(e->fd, 0) != 0)
			return -EIO;
		if (type == 0)
			work = cap;
		break;
	}
	case 2:         /* blank a track: the last one of the open session */
	case 4: {       /* blank the tail of that track from addr */
		struct emu_track *t = last_open_track(d);
		if (!t || (type == 2 && (uint32_t)emu_track_number(d, t) != addr))
			return emu_sense(e, 0x05, 0x24, 0x00);
		if (type == 4) {
			if ((int32_t)addr < t->start || (int32_t)addr >= emu_track_end(e, t))
				return emu_sense(e, 0x05, 0x24, 0x00);
			uint32_t keep = addr - (uint32_t)t->start;
			if (keep < t->written)
				t->written = keep;
			if (t->state == TRK_CLOSED) {
				t->state = TRK_INVISIBLE;
				t->size = 0;
				d->ntracks = (unsigned)(t - d->trk) + 1;
			}
		} else {
			reopen_at(e, t);
		}
		break;
	}
	case 3: {       /* unreserve the last reserved, unwritten track */
		struct emu_track *t = last_open_track(d);
		if (!t || t->state != TRK_RESERVED || t->written)
			return emu_sense(e, 0x05, 0x24, 0x00);
		reopen_at(e, t);
		break;
	}
	case 5:         /* unclose the last session */
		if (d->sessions == 0 || last_open_track(d))
			return emu_sense(e, 0x05, 0x2C, 0x00);
		if (emu_invisible(d))
			d->ntracks--;
		d->finalized = false;
		d->sessions--;
		{
			struct emu_track *l = &d->trk[d->ntracks - 1];
			struct emu_track *n = &d->trk[d->ntracks++];
			memset(n, 0, sizeof(*n));
			n->start = emu_track_end(e, l) + (emu_is_cd(e) ? 150 : 0);
			n->state = TRK_INVISIBLE;
			n->session = l->session;
			n->mode = 4;
		}
		break;
	case 6: {       /* erase the last session */
		if (emu_invisible(d) && !last_open_track(d))
			d->ntracks--;
		if (d->ntracks == 0)
			return emu_sense(e, 0x05, 0x2C, 0x00);
		unsigned s = d->trk[d->ntracks - 1].session;
		unsigned i = d->ntracks;
		while (i > 0 && d->trk[i - 1].session == s)
			i--;
		if (s <= d->sessions)
			d->sessions--;
		d->finalized = false;
		reopen_at(e, &d->trk[i]);
		break;
	}
	default:
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	e->sao.active = false;
	e->sim_written = 0;
	emu_wparams_default(e);
	emu_save(e);
	if (immed)
		emu_busy_start(e, 0x07, work);
	return emu_reply(e, NULL, 0, 0);
}

/* ---- FORMAT UNIT (6.5) -------------------------------------------------------- */

/* BD-R: format with spare areas (6.5.4.2.17, type 32h; type 00h takes the
 * default spare). Only a blank disc, and it stays blank and sequential (SRM),
 * its capacity reduced by the spare areas. Subtype 00b asks for SRM with
 * pseudo-overwrite, 01b for SRM without; both are accepted, but POW itself is
 * not modelled (no feature 0038h, writes stay sequential). As drives do, type
 * 00h ignores Number of Blocks; 32h takes any whole number of clusters that
 * leaves a spare area the drive can allocate. */
static int format_bdr(struct emu *e, uint8_t type, uint8_t subtype, uint32_t blocks, bool immed)
{
	struct emu_disc *d = &e->d;
	struct emu_format f[1];

	if (emu_bdr_formats(d, f, 1) == 0 || subtype > 1)
		return emu_sense(e, 0x05, 0x26, 0x00);
	if (type == 0x00)
		blocks = f[0].blocks;
	else if (type != 0x32 || !emu_bdr_spare_ok(d, blocks))
		return emu_sense(e, 0x05, 0x26, 0x00);
	uint32_t raw = d->capacity + d->spare;
	d->capacity = blocks;
	d->spare = raw - blocks;
	d->formatted = true;
	emu_save(e);
	if (immed)
		emu_busy_start(e, 0x04, d->spare);
	return emu_reply(e, NULL, 0, 0);
}

int emu_format_unit(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	const uint8_t *cdb = c->cdb;
	const uint8_t *p = c->data;
	struct emu_disc *d = &e->d;
	enum emu_kind k = d->kind;

	if (!(cdb[1] & 0x10) || (cdb[1] & 7) != 1)
		return emu_sense(e, 0x05, 0x24, 0x00);
	if (!p || c->data_len < 12)
		return emu_sense(e, 0x05, 0x1A, 0x00);
	bool immed = p[1] & 0x02;
	uint8_t type = p[8] >> 2;
	uint32_t blocks = get_be32(&p[4]);
	bool busy = immed;

	if (k == EMU_BD_R)
		return format_bdr(e, type, p[8] & 0x03, blocks, immed);
	switch (k) {
	case EMU_DVD_PLUS_RW:
		if (type != 0x26)
			return emu_sense(e, 0x05, 0x26, 0x00);
		/* background format: the drive answers at once (MMC-5 6.5.4.2.14) */
		busy = false;
		break;
	case EMU_DVD_RW:
	case EMU_DVD_RW_RO:
		if (type != 0x00 && type != 0x10 && type != 0x15)
			return emu_sense(e, 0x05, 0x26, 0x00);
		if (ftruncate(e->fd, 0) != 0)
			return -EIO;
		d->kind = EMU_DVD_RW_RO;
		break;
	case EMU_BD_RE:
		if (type != 0x00 && type != 0x30 && type != 0x31)
			return emu_sense(e, 0x05, 0x26, 0x00);
		break;
	default:
		return emu_sense(e, 0x05, 0x30, 0x05);
	}
	if (blocks == 0 || (blocks > d->capacity && blocks != 0xFFFFFFFF && type != 0x31))
		return emu_sense(e, 0x05, 0x26, 0x00);
	uint32_t cap = d->capacity, bf = d->burnfree_count, ur = d->underruns;
	emu_disc_fresh(d, d->kind, cap);
	d->burnfree_count = bf;
	d->underruns = ur;
	d->formatted = true;
	d->trk[0].state = TRK_CLOSED;
	d->trk[0].size = d->capacity;
	d->sessions = 1;
	emu_wparams_default(e);
	emu_save(e);
	if (busy)
		emu_busy_start(e, 0x04, type == 0x15 ? 16384 : cap);
	return emu_reply(e, NULL, 0, 0);
}

/* ---- SEND OPC INFORMATION ---------------------------------------------- */

int emu_send_opc(struct emu *e)
{
	for (unsigned i = 0; i < e->nfaults; i++) {
		struct emu_fault *f = &e->faults[i];
		if (f->kind == FAULT_OPC_FAIL && !f->used) {
			f->used = true;
			return emu_sense(e, 0x03, 0x73, 0x03);
		}
	}
	return emu_reply(e, NULL, 0, 0);
}
