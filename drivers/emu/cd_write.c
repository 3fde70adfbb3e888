/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd_write.c — WRITE on CD media in Track At Once and packet writing
 * (MMC-5 4.2.3, 6.44; page 05, 7.5.4), and how the blocks a host sends are
 * kept (cd_files.c has the layout). SAO is in cd_cue.c, RAW in cd_raw.c. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

unsigned emu_hb_size(enum emu_hb hb)
{
	switch (hb) {
	case HB_AUDIO: case HB_RAW: return 2352;
	case HB_MODE1: case HB_XA1: return 2048;
	case HB_MODE2:              return 2336;
	case HB_XA1_SH:             return 2056;
	case HB_XA2:                return 2324;
	case HB_XA_SH:              return 2332;
	default:                    return 0;
	}
}

/* The sub-header of form 1 (page 05's, or the drive's own when the host
 * left it zero) and of form 2 (its form bit set). */
static void subheader(const struct emu *e, bool form2, uint8_t out[4])
{
	memcpy(out, e->wp.subheader, 4);
	if (!out[0] && !out[1] && !out[2] && !out[3])
		out[2] = 0x08;                  /* data */
	if (form2)
		out[2] = (uint8_t)((out[2] & ~0x08) | 0x20);
}

/* The 2048 bytes of user data a raw sector carries for PATH, or NULL. */
static const uint8_t *raw_user(const uint8_t *raw)
{
	if (raw[15] == 1)
		return &raw[16];
	if (raw[15] == 2 && !(raw[18] & 0x20))
		return &raw[24];                /* form 1 */
	return NULL;
}

static int put_user(struct emu *e, int32_t lba, const uint8_t *user)
{
	if (!user || lba < 0)
		return 0;
	return emu_write_user(e, lba, user, 1);
}

int emu_cd_store(struct emu *e, int32_t lba, enum emu_hb hb, uint8_t form,
		 const uint8_t *data, uint32_t n)
{
	unsigned bs = emu_hb_size(hb);
	if (hb == HB_MODE1 && !e->d.has_bin)
		return emu_write_image(e, lba, data, n);    /* a data CD as ever */
	if (hb != HB_MODE1 && hb != HB_XA1 && hb != HB_XA1_SH && emu_bin_need(e) < 0)
		return -EIO;
	for (uint32_t i = 0; i < n; i++, lba++, data += bs) {
		uint8_t raw[2352], sh[4];
		const uint8_t *user = NULL;
		switch (hb) {
		case HB_AUDIO:
			memcpy(raw, data, 2352);
			break;
		case HB_RAW:
			memcpy(raw, data, 2352);
			user = raw_user(raw);
			break;
		case HB_MODE1:
			emu_cd_mode1(raw, lba, data);
			user = data;
			break;
		case HB_MODE2:
			emu_cd_mode2(raw, lba, data);
			if (form == FORM_XA)
				user = raw_user(raw);
			break;
		case HB_XA1:
			subheader(e, false, sh);
			emu_cd_xa(raw, lba, sh, data);
			user = data;
			break;
		case HB_XA1_SH:
			memcpy(sh, data, 4);
			sh[2] &= (uint8_t)~0x20;
			emu_cd_xa(raw, lba, sh, data + 8);
			user = data + 8;
			break;
		case HB_XA2:
			subheader(e, true, sh);
			emu_cd_xa(raw, lba, sh, data);
			break;
		case HB_XA_SH:
			memcpy(sh, data, 4);
			emu_cd_xa(raw, lba, sh, data + 8);
			user = raw_user(raw);
			break;
		default:
			return 0;
		}
		if (lba >= 0 && emu_fault_in(e, FAULT_CORRUPT, lba, 1)) {
			/* the sector as it reaches the disc, PATH and PATH.bin
			 * alike: byte 100 of its user data, of an audio sector
			 * or a formless one its byte 100 */
			uint8_t *u = user ? (uint8_t *)raw_user(raw) : raw;
			u[100] ^= 0x5A;
			if (user)
				user = u;
		}
		if (put_user(e, lba, user) < 0)
			return -EIO;
		if (e->d.has_bin && emu_bin_write(e, lba, raw) < 0)
			return -EIO;
	}
	return 0;
}

/* ---- TAO and packet: page 05 decides -------------------------------------------- */

/* How the host sends the blocks of page 05's Data Block Type, and the form
 * of the track they make; HB_NONE when the track mode (the control nibble,
 * bit 2 data) does not go with the block type. */
static enum emu_hb tao_block(const struct emu *e, uint8_t *form)
{
	bool data = e->wp.track_mode & 0x04;
	switch (e->wp.data_block_type) {
	case 0:  *form = data ? FORM_MODE1 : FORM_AUDIO; return data ? HB_RAW : HB_AUDIO;
	case 8:  *form = FORM_MODE1; return data ? HB_MODE1 : HB_NONE;
	case 9:  *form = FORM_MODE2; return data ? HB_MODE2 : HB_NONE;
	case 10: *form = FORM_XA; return data ? HB_XA1 : HB_NONE;
	case 11: *form = FORM_XA; return data ? HB_XA1_SH : HB_NONE;
	case 12: *form = FORM_XA; return data ? HB_XA2 : HB_NONE;
	case 13: *form = FORM_XA; return data ? HB_XA_SH : HB_NONE;
	default: return HB_NONE;
	}
}

/* A first write makes the track what page 05 says: its control nibble,
 * its form, the ISRC of an audio track; the catalog number goes to the
 * disc. Later writes must keep to it. */
static bool tao_track_mode(struct emu *e, struct emu_track *t, uint8_t form, const uint8_t *data,
			   enum emu_hb hb)
{
	if (hb == HB_RAW && data[15] == 2)
		form = FORM_XA;                 /* raw mode 2 sectors */
	if (e->wp.test_write) {
		/* a simulated track keeps its mode in the simulation alone */
		if (e->sim_written)
			return e->sim_mode == (e->wp.track_mode & 0x0f) && e->sim_form == form;
		e->sim_mode = e->wp.track_mode & 0x0f;
		e->sim_form = form;
		return true;
	}
	if (t->written)
		return t->mode == (e->wp.track_mode & 0x0f) && t->form == form;
	t->mode = e->wp.track_mode & 0x0f;
	t->form = form;
	memcpy(t->isrc, form == FORM_AUDIO ? e->wp.isrc : "", form == FORM_AUDIO ? 13 : 1);
	if (e->wp.mcn[0] && !e->d.mcn[0])
		memcpy(e->d.mcn, e->wp.mcn, 14);
	return true;
}

int emu_cd_write(struct emu *e, int32_t lba, uint32_t n)
{
	struct scsi_cmd *c = e->cmd;
	struct emu_disc *d = &e->d;

	if (d->finalized)
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	if (e->sao.active)
		return emu_sao_write(e, lba, n);
	if (e->wp.write_type == 3)
		return emu_raw_write(e, lba, n);
	if (e->wp.write_type == 2)
		return emu_sense(e, 0x05, 0x2C, 0x00);  /* SAO without cue sheet */

	uint8_t form = FORM_MODE1;
	enum emu_hb hb = tao_block(e, &form);
	unsigned bs = emu_hb_size(hb);
	/* blocks of another size than the track's mode, or a block type the
	 * track mode does not take: illegal mode for this track */
	if (hb == HB_NONE)
		return emu_sense(e, 0x05, 0x64, 0x00);
	if ((uint64_t)n * bs > c->data_len)
		return bs == EMU_BLOCK ? emu_sense(e, 0x05, 0x24, 0x00)
				       : emu_sense(e, 0x05, 0x64, 0x00);

	struct emu_track *t = emu_track_at_nwa(e, lba);
	if (!t)
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	uint32_t room = t->state == TRK_RESERVED ? t->size - t->written
		      : (uint32_t)((int64_t)d->capacity - lba);
	if ((int64_t)lba >= d->capacity || n > room)
		return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)lba);
	if (t->damaged)
		return emu_sense_info(e, 0x03, 0x0C, 0x09, (uint32_t)lba);
	if (!tao_track_mode(e, t, form, c->data, hb))
		return emu_sense_info(e, 0x05, 0x64, 0x00, (uint32_t)lba);

	int rc;
	if (emu_write_faults(e, lba, n, &rc))
		return rc;
	if (emu_write_underrun(e, t, n * bs, n, lba))
		return 0;
	if (e->wp.test_write) {
		e->sim_written += n;
		return emu_reply(e, NULL, 0, 0);
	}
	if (emu_cd_store(e, lba, hb, t->form, c->data, n) < 0)
		return -EIO;
	t->written += n;
	emu_save_cadence(e, n);
	return emu_reply(e, NULL, 0, 0);
}
