/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_close.c — commands that lay out, close or erase the disc: RESERVE
 * TRACK, SYNCHRONIZE CACHE, CLOSE TRACK/SESSION, BLANK,
 * FORMAT UNIT, SEND OPC. Section numbers cite MMC-5 (T10/1675-D r03c). */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

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
	emu_track_init(e, n, inv->start + (int32_t)size + (emu_is_cd(e) ? 150 : 0), inv->session);
	if (n->start >= (int32_t)d->capacity)
		d->ntracks--;   /* the disc is fully reserved */
	emu_save(e);
	return emu_reply(e, NULL, 0, 0);
}

/* ---- SYNCHRONIZE CACHE (6.41) ---------------------------------------------- */

int emu_synchronize_cache(struct emu *e)
{
	struct emu_disc *d = &e->d;

	emu_buffer_drain(e);
	if (e->wp.test_write) {
		if (e->sao.active && e->sao.next >= e->sao.leadout)
			emu_sao_reset(e);       /* the simulated session is over */
		if (emu_raw_done(e))
			emu_raw_reset(e);
		return emu_reply(e, NULL, 0, 0);
	}
	/* A SAO session written to its lead-out is closed by the drive now;
	 * so is a DVD-R DAO track written to its reserved end. (libburn and growisofs rely on this.) */
	if (e->sao.active && e->sao.next >= e->sao.leadout) {
		emu_sao_finish(e);
	} else if (emu_raw_done(e)) {
		emu_raw_finish(e);      /* RAW: written through to the lead-out */
	} else if (emu_is_cd(e) && e->wp.write_type == 1 && emu_invisible(d) &&
		   emu_invisible(d)->written) {
		/* CD Track At Once: flushing the cache ends the track; the drive
		 * writes its run-out and the next track follows its pregap
		 * (wodim writes track after track so, without CLOSE TRACK) */
		emu_close_track(e, emu_invisible(d));
	} else if (emu_ki(e)->dash && e->wp.write_type == 2) {
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
	bool plus = emu_ki(e)->plus && !emu_ki(e)->overwrite;   /* DVD+R, DVD+R DL */
	bool bd = k == EMU_BD_R;

	emu_buffer_drain(e);
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
			/* a CD TAO track closed by SYNCHRONIZE CACHE already */
			if (!t && emu_is_cd(e) && emu_invisible(d))
				return emu_reply(e, NULL, 0, 0);
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
	uint32_t pregap = t->pregap;
	d->ntracks = (unsigned)(t - d->trk) + 1;
	emu_track_init(e, t, start, session);
	t->pregap = pregap;
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
		if (emu_is_cd(e))
			emu_cd_files_drop(e);   /* PATH.bin, PATH.cue, PATH.cdt */
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
			emu_track_init(e, n, emu_track_end(e, l) + (emu_is_cd(e) ? 150 : 0),
				       l->session);
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
	emu_sao_reset(e);
	emu_raw_reset(e);
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
	case EMU_DVD_PLUS_RW_DL:
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
	case EMU_DVD_RAM:
		/* full format (certification) again; the disc arrived formatted */
		if (type != 0x00)
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
