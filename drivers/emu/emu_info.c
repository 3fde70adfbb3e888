/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_info.c — what the drive says about the disc: READ DISC INFORMATION,
 * READ TRACK INFORMATION, READ TOC/PMA/ATIP, READ CAPACITY, READ FORMAT
 * CAPACITIES. Section numbers cite MMC-5 (T10/1675-D r03c). */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

/* ---- READ DISC INFORMATION (6.22) ----------------------------------------- */

void emu_msf4(uint8_t *p, int32_t lba)
{
	int32_t v = lba + 150;
	if (v < 0)
		v += 450000;
	p[0] = 0;
	p[1] = (uint8_t)(v / 4500);
	p[2] = (uint8_t)(v / 75 % 60);
	p[3] = (uint8_t)(v % 75);
}

/* ATIP lead-in start: a typical manufacturer value, 97:26:66 (LBA -11634).
 * CD-RW media of the same maker report a slightly different one. */
int32_t emu_atip_leadin(const struct emu *e)
{
	return e->d.kind == EMU_CD_RW ? -11850 : -11634;
}

int emu_read_disc_info(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	uint8_t b[34] = { 0 };

	if ((cdb[1] & 7) != 0)
		return emu_sense(e, 0x05, 0x24, 0x00);
	uint8_t status = emu_disc_status(d);
	unsigned nsess = d->finalized || emu_ki(e)->overwrite ? d->sessions : d->sessions + 1;
	if (nsess == 0)
		nsess = 1;
	unsigned last = d->ntracks ? d->ntracks : 1;
	unsigned first_last = last;
	for (unsigned i = 0; i < d->ntracks; i++)
		if (d->trk[i].session == nsess) {
			first_last = i + 1;
			break;
		}
	uint8_t last_state;
	if (status == 2)
		last_state = 3;
	else if (emu_invisible(d) && emu_invisible(d)->written == 0 &&
		 first_last == last && !emu_open_reserved(d))
		last_state = 0;
	else
		last_state = 1;

	put_be16(b, 32);
	b[2] = (uint8_t)((emu_ki(e)->erasable || emu_ki(e)->overwrite ? 0x10 : 0) |
			 last_state << 2 | status);
	b[3] = 1;
	b[4] = (uint8_t)nsess;
	b[5] = (uint8_t)first_last;
	b[6] = (uint8_t)last;
	b[7] = 0x20;    /* URU */
	if (e->d.kind == EMU_DVD_PLUS_RW || e->d.kind == EMU_DVD_PLUS_RW_DL)
		b[7] |= d->formatted ? 3 : 0;   /* background format complete */
	b[8] = emu_is_cd(e) ? emu_cd_disc_type(e, 1) : 0x00;   /* CD-DA/CD-ROM, XA */
	b[9] = (uint8_t)(nsess >> 8);
	b[10] = (uint8_t)(first_last >> 8);
	b[11] = (uint8_t)(last >> 8);
	if (emu_is_cd(e)) {
		if (status == 2) {
			memset(&b[16], 0xff, 8);
		} else {
			struct emu_track *inv = emu_invisible(d);
			int32_t nwa = inv ? inv->start : 0;
			/* the next session's lead-in sits before its pregap */
			int32_t leadin = status == 0 ? emu_atip_leadin(e) : nwa - 150 - 4500;
			emu_msf4(&b[16], leadin);
			emu_msf4(&b[20], (int32_t)d->capacity);
		}
	} else if (status != 2) {
		struct emu_track *inv = emu_invisible(d);
		put_be32(&b[16], inv ? (uint32_t)inv->start : 0);
		put_be32(&b[20], d->capacity);
	}
	return emu_reply(e, b, sizeof(b), get_be16(&cdb[7]));
}

/* ---- READ TRACK INFORMATION (6.27) ---------------------------------------- */

static uint32_t free_blocks(const struct emu *e, const struct emu_track *t)
{
	int32_t nwa = emu_track_nwa(t);
	if (t->state == TRK_RESERVED)
		return t->size - t->written;
	if (nwa >= (int32_t)e->d.capacity)
		return 0;
	return (uint32_t)((int32_t)e->d.capacity - nwa);
}

int emu_read_track_info(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	uint32_t addr = get_be32(&cdb[2]);
	struct emu_track *t = NULL;
	uint8_t b[48] = { 0 };

	switch (cdb[1] & 3) {
	case 0:         /* LBA: the track containing it */
		for (unsigned i = 0; i < d->ntracks; i++) {
			struct emu_track *x = &d->trk[i];
			int32_t end = x->state == TRK_INVISIBLE ? (int32_t)d->capacity
								: x->start + (int32_t)x->size;
			if ((int32_t)addr >= x->start - (emu_is_cd(e) ? 150 : 0) &&
			    (int32_t)addr < end)
				t = x;
		}
		break;
	case 1:         /* track number; 0xFF = the invisible track (CD) */
		if (addr == 0xFF && (t = emu_invisible(d)) != NULL)
			break;
		if (addr >= 1 && addr <= d->ntracks)
			t = &d->trk[addr - 1];
		break;
	case 2:         /* session number: its first track */
		for (unsigned i = 0; i < d->ntracks; i++)
			if (d->trk[i].session == addr) {
				t = &d->trk[i];
				break;
			}
		break;
	default:
		break;
	}
	if (!t)
		return emu_sense(e, 0x05, 0x24, 0x00);

	int num = emu_track_number(d, t);
	bool inv = t->state == TRK_INVISIBLE;
	bool over = emu_ki(e)->overwrite || emu_ki(e)->rom;
	put_be16(b, 46);
	b[2] = (uint8_t)num;
	b[3] = t->session;
	b[5] = (uint8_t)((t->damaged ? 0x20 : 0) | (emu_is_cd(e) ? t->mode : (over ? 4 : 5)));
	/* data mode: 1 (mode 1), 2 (mode 2, XA), Fh (no data: audio) */
	uint8_t b6 = t->form == FORM_AUDIO ? 0x0F : t->form == FORM_MODE1 ? 0x01 : 0x02;
	if (inv && t->written == 0)             /* blank; a CD's data mode is unknown
						 * until written, a DVD/BD's is always 1 */
		b6 = 0x40 | (emu_is_cd(e) ? 0x0F : 0x01);
	if (t->state == TRK_RESERVED)
		b6 |= 0x80;                     /* RT */
	if (!emu_is_cd(e) && (inv || t->state == TRK_RESERVED) && !over) {
		b6 |= 0x20;                     /* packet/incremental */
		/* DVD-R/-RW sequential tracks are written in variable packets
		 * (FP 0); growisofs refuses such a disc whose track claims FP */
		if (!emu_ki(e)->dash)
			b6 |= 0x10;             /* fixed, 16 blocks */
	}
	b[6] = b6;
	bool nwa_v = !d->finalized && !over && (inv || t->state == TRK_RESERVED) &&
		     free_blocks(e, t) > 0;
	b[7] = (uint8_t)(nwa_v ? 0x01 : 0);
	if (t->written && !over)
		b[7] |= 0x02;                   /* LRA_V */
	put_be32(&b[8], (uint32_t)t->start);
	if (nwa_v)
		put_be32(&b[12], (uint32_t)(emu_track_nwa(t) + (e->sao.active ? 0 : 0)));
	put_be32(&b[16], inv || t->state == TRK_RESERVED ? free_blocks(e, t) : 0);
	put_be32(&b[20], emu_is_cd(e) ? 0 : emu_ki(e)->ecc);
	uint32_t size = inv ? t->written + free_blocks(e, t) : t->size;
	put_be32(&b[24], size);
	if (t->written)
		put_be32(&b[28], (uint32_t)(t->start + (int32_t)t->written - 1));
	b[32] = (uint8_t)(num >> 8);
	b[33] = 0;
	return emu_reply(e, b, sizeof(b), get_be16(&cdb[7]));
}

/* ---- capacities ------------------------------------------------------------ */

/* READ CAPACITY: the last readable block. */
int emu_read_capacity(struct emu *e)
{
	uint8_t b[8];
	int32_t last = -1;
	const struct emu_disc *d = &e->d;

	if (e->ptype != 5 || (emu_ki(e)->overwrite && d->formatted)) {
		last = (int32_t)d->capacity - 1;
	} else {
		for (unsigned i = 0; i < d->ntracks; i++) {
			int32_t end = emu_track_end(e, &d->trk[i]);
			if (d->trk[i].written && end - 1 > last)
				last = end - 1;
		}
	}
	put_be32(b, last < 0 ? 0 : (uint32_t)last);
	put_be32(&b[4], EMU_BLOCK);
	return emu_reply(e, b, 8, 8);
}

/* READ FORMAT CAPACITIES (6.24). */
int emu_read_format_capacities(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	const struct emu_disc *d = &e->d;
	uint8_t b[4 + 8 * 6] = { 0 };
	size_t n = 12;
	enum emu_kind k = d->kind;

	/* current/maximum descriptor: 01b unformatted (the maximum), 10b
	 * formatted (the current capacity); a BD-R formatted with spare
	 * areas is formatted though still blank and sequential */
	put_be32(&b[4], d->capacity);
	b[8] = ((emu_ki(e)->overwrite || k == EMU_BD_R) && d->formatted) || emu_ki(e)->rom
	       ? 0x02 : 0x01;
	put_be24(&b[9], EMU_BLOCK);

	/* formattable descriptors: blocks, format type << 2, parameter */
#define FMT(blocks, type, param) do { \
		put_be32(&b[n], (blocks)); b[n + 4] = (uint8_t)((type) << 2); \
		put_be24(&b[n + 5], (param)); n += 8; } while (0)
	switch (k) {
	case EMU_DVD_PLUS_RW:
	case EMU_DVD_PLUS_RW_DL:
		FMT(d->capacity, 0x26, 0);
		break;
	case EMU_DVD_RAM:
		FMT(d->capacity, 0x00, 0);
		break;
	case EMU_DVD_RW:
	case EMU_DVD_RW_RO:
		FMT(d->capacity, 0x00, 16);
		FMT(d->capacity, 0x10, 16);
		FMT(d->capacity, 0x15, 16);
		break;
	case EMU_BD_RE:
		FMT(d->capacity, 0x00, 0);
		FMT(d->capacity, 0x30, 0);
		FMT(d->capacity + 2048 * 16, 0x31, 0);
		break;
	case EMU_BD_R: {
		/* blank BD-R: 00h and 32h, format with spare areas (growisofs
		 * needs at least one to burn a blank BD-R at all) */
		struct emu_format f[5];
		unsigned nf = emu_bdr_formats(d, f, 5);
		for (unsigned i = 0; i < nf; i++)
			FMT(f[i].blocks, f[i].type, f[i].param);
		break;
	}
	default:
		break;
	}
#undef FMT
	b[3] = (uint8_t)(n - 4);
	return emu_reply(e, b, n, get_be16(&cdb[7]));
}
