/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd_toc.c — READ TOC/PMA/ATIP (MMC-5 6.26): formatted TOC (format 0, LBA
 * or MSF), session information (1), full TOC (2) with points A0, A1, A2 of
 * every session and the mode 5 points B0 and C0 of a disc open for another
 * session (with the option toc-mode5: drives differ, and the emulator's
 * default keeps to the mode 1 points), ATIP (4), CD-TEXT (5); and READ
 * SUB-CHANNEL (6.28): current
 * position, media catalog number, ISRC. DVD and BD drives answer formats 0
 * and 1 with a TOC made up from their tracks, as real ones do. */
#include <string.h>
#include "base/bytes.h"
#include "emu_int.h"

static void put_addr(uint8_t *p, int32_t lba, bool msf)
{
	if (msf)
		emu_msf4(p, lba);
	else
		put_be32(p, (uint32_t)lba);
}

/* Tracks of closed sessions are in the TOC. */
static unsigned toc_tracks(const struct emu *e)
{
	unsigned n = 0;
	for (unsigned i = 0; i < e->d.ntracks; i++)
		if (e->d.trk[i].session <= e->d.sessions && e->d.trk[i].state == TRK_CLOSED)
			n = i + 1;
	return n;
}

uint8_t emu_cd_disc_type(const struct emu *e, unsigned session)
{
	const struct emu_disc *d = &e->d;
	for (unsigned i = 0; i < d->ntracks; i++)
		if ((session == 0 || d->trk[i].session == session) &&
		    (d->trk[i].form == FORM_XA || d->trk[i].form == FORM_MODE2))
			return 0x20;    /* CD-ROM XA */
	return 0x00;            /* CD-DA or CD-ROM */
}

/* Where the program area of the session after session s may start (its
 * first pregap), or -1 when no session may follow. */
static int32_t next_program_area(const struct emu *e, unsigned s)
{
	const struct emu_disc *d = &e->d;
	for (unsigned i = 0; i < d->ntracks; i++)
		if (d->trk[i].session == s + 1)
			return d->trk[i].start - (int32_t)d->trk[i].pregap;
	return -1;
}

static uint8_t *full_entry(uint8_t *p, unsigned s, uint8_t adr_ctl, uint8_t point)
{
	memset(p, 0, 11);
	p[0] = (uint8_t)s;
	p[1] = adr_ctl;
	p[3] = point;
	return p;
}

static size_t full_toc(const struct emu *e, unsigned nt, uint8_t start, uint8_t *b)
{
	const struct emu_disc *d = &e->d;
	size_t n = 4;
	uint8_t m[4];
	bool multi = false;
	for (unsigned s = 1; s <= d->sessions; s++)
		multi |= next_program_area(e, s) >= 0;
	for (unsigned s = 1; s <= d->sessions; s++) {
		if (start && s < start)
			continue;
		unsigned ft = 0, lt = 0;
		for (unsigned i = 0; i < nt; i++)
			if (d->trk[i].session == s) {
				if (!ft)
					ft = i + 1;
				lt = i + 1;
			}
		if (!ft)
			continue;
		uint8_t cf = d->trk[ft - 1].mode, cl = d->trk[lt - 1].mode;
		uint8_t *p = full_entry(&b[n], s, (uint8_t)(0x10 | cf), 0xA0);
		p[8] = (uint8_t)ft;
		p[9] = emu_cd_disc_type(e, s);
		n += 11;
		p = full_entry(&b[n], s, (uint8_t)(0x10 | cl), 0xA1);
		p[8] = (uint8_t)lt;
		n += 11;
		p = full_entry(&b[n], s, (uint8_t)(0x10 | cl), 0xA2);
		emu_msf4(m, emu_session_leadout(d, s));
		memcpy(&p[8], &m[1], 3);
		n += 11;
		for (unsigned i = ft; i <= lt; i++) {
			p = full_entry(&b[n], s, (uint8_t)(0x10 | d->trk[i - 1].mode), (uint8_t)i);
			emu_msf4(m, d->trk[i - 1].start);
			memcpy(&p[8], &m[1], 3);
			n += 11;
		}
		/* B0 (mode 5): the next possible program area and the last
		 * possible lead-out, while another session may follow; C0 in
		 * the first session of such a recordable disc: the ATIP's
		 * lead-in start (MMC-5 Table 481, ECMA-394 / Orange Book) */
		int32_t next = e->toc_mode5 ? next_program_area(e, s) : -1;
		if (next >= 0) {
			p = full_entry(&b[n], s, 0x50, 0xB0);
			emu_msf4(m, next);
			memcpy(&p[4], &m[1], 3);
			p[7] = s == 1 ? 2 : 1;  /* mode 5 pointers in this session */
			emu_msf4(m, (int32_t)d->capacity);
			memcpy(&p[8], &m[1], 3);
			n += 11;
		}
		if (s == 1 && multi && e->toc_mode5 && !emu_ki(e)->rom) {
			p = full_entry(&b[n], s, 0x50, 0xC0);
			p[4] = 0x80 | 0x04 << 4;        /* ATIP: indicative writing power */
			emu_msf4(m, emu_atip_leadin(e));
			memcpy(&p[8], &m[1], 3);
			n += 11;
		}
	}
	b[2] = 1;
	b[3] = (uint8_t)d->sessions;
	return n;
}

int emu_read_toc(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	bool msf = cdb[1] & 0x02;
	uint8_t fmt = cdb[2] & 0x0f;
	uint8_t start = cdb[6];
	uint16_t alloc = get_be16(&cdb[7]);
	uint8_t b[4 + 11 * (EMU_MAX_TRACKS + 6 * EMU_MAX_TRACKS) + 16];
	size_t n = 4;
	unsigned nt = toc_tracks(e);

	if (fmt == 0 && cdb[9] >> 6)    /* old SFF-8020 format field */
		fmt = cdb[9] >> 6;
	if (fmt == 4) {
		/* ATIP (6.26.3.6): recordable CD only; a pressed disc has none */
		if (!emu_is_cd(e) || emu_ki(e)->rom)
			return emu_sense(e, 0x05, 0x24, 0x00);
		memset(b, 0, 28);
		put_be16(b, 26);
		b[4] = 0x80 | 0x04 << 4;        /* indicative target writing power */
		b[5] = 0x00;                    /* URU clear: a general purpose disc */
		b[6] = 0x80 | (d->kind == EMU_CD_RW ? 0x40 : 0);   /* erasable disc type */
		emu_msf4(&b[7], emu_atip_leadin(e));    /* bytes 8..10 */
		emu_msf4(&b[11], (int32_t)d->capacity);     /* bytes 12..14 */
		return emu_reply(e, b, 28, alloc);
	}
	if (fmt == 5) {
		/* CD-TEXT (6.26.3.7): the packs of the lead-in as written, or
		 * none (the header alone) */
		if (!emu_is_cd(e))
			return emu_sense(e, 0x05, 0x24, 0x00);
		size_t len = 4 + (size_t)d->npacks * 18;
		uint8_t big[4 + EMU_MAX_PACKS * 18];
		put_be16(big, (uint16_t)(len - 2));
		big[2] = big[3] = 0;
		if (d->npacks)
			memcpy(&big[4], d->packs, (size_t)d->npacks * 18);
		return emu_reply(e, big, len, alloc);
	}
	if (nt == 0)
		return emu_sense(e, 0x05, 0x24, 0x00);

	switch (fmt) {
	case 0: {       /* formatted TOC */
		if (start > nt && start != 0xAA)
			return emu_sense(e, 0x05, 0x24, 0x00);
		for (unsigned i = 0; i < nt; i++) {
			if (i + 1 < start || start == 0xAA)
				continue;
			uint8_t *p = &b[n];
			memset(p, 0, 8);
			p[1] = 0x10 | d->trk[i].mode;
			p[2] = (uint8_t)(i + 1);
			put_addr(&p[4], d->trk[i].start, msf);
			n += 8;
		}
		uint8_t *p = &b[n];
		memset(p, 0, 8);
		p[1] = 0x10 | d->trk[nt - 1].mode;
		p[2] = 0xAA;
		put_addr(&p[4], emu_session_leadout(d, d->trk[nt - 1].session), msf);
		n += 8;
		b[2] = 1;
		b[3] = (uint8_t)nt;
		break;
	}
	case 1: {       /* session info: first track of the last complete session */
		unsigned ls = d->sessions, first = 1;
		for (unsigned i = 0; i < nt; i++)
			if (d->trk[i].session == ls) {
				first = i + 1;
				break;
			}
		memset(&b[4], 0, 8);
		b[5] = 0x10 | d->trk[first - 1].mode;
		b[6] = (uint8_t)first;
		put_addr(&b[8], d->trk[first - 1].start, msf);
		n = 12;
		b[2] = 1;
		b[3] = (uint8_t)ls;
		break;
	}
	case 2:         /* full TOC (6.26.3.4) */
		n = full_toc(e, nt, start, b);
		break;
	default:
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	put_be16(b, (uint16_t)(n - 2));
	return emu_reply(e, b, n, alloc);
}

/* ---- READ SUB-CHANNEL (6.28) --------------------------------------------------- */

int emu_read_subchannel(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	const struct emu_disc *d = &e->d;
	bool msf = cdb[1] & 0x02, subq = cdb[2] & 0x40;
	uint8_t fmt = cdb[3], tno = cdb[6];
	uint8_t b[24] = { 0 };
	size_t n = 4;

	if (!emu_is_cd(e))
		return emu_sense(e, 0x05, 0x30, 0x02);
	b[1] = 0x15;                            /* no current audio status */
	if (subq) {
		switch (fmt) {
		case 1: {       /* current position: the last block read */
			uint8_t q[12];
			bool pause;
			int32_t lba = e->head_lba;
			const struct emu_track *t = emu_cd_track_at(e, lba);
			if (!t)
				t = &d->trk[0];
			emu_cd_q(e, lba, q, &pause);
			b[4] = 0x01;
			b[5] = (uint8_t)(0x10 | t->mode);
			b[6] = (uint8_t)emu_track_number(d, t);
			b[7] = (uint8_t)emu_cd_index(t, lba);
			put_addr(&b[8], lba, msf);
			if (msf) {
				int32_t rel = lba - t->start;
				emu_msf4(&b[12], (rel < 0 ? -rel : rel) - 150);
			} else {
				put_be32(&b[12], (uint32_t)(lba - t->start));
			}
			n = 16;
			break;
		}
		case 2:         /* media catalog number (6.28.3.3) */
			b[4] = 0x02;
			if (d->mcn[0]) {
				b[8] = 0x80;    /* MCVAL */
				memcpy(&b[9], d->mcn, 13);
			}
			n = 24;
			break;
		case 3: {       /* ISRC of track tno (6.28.3.4) */
			if (tno < 1 || tno > d->ntracks)
				return emu_sense(e, 0x05, 0x24, 0x00);
			const struct emu_track *t = &d->trk[tno - 1];
			b[4] = 0x03;
			b[5] = (uint8_t)(0x10 | t->mode);
			b[6] = tno;
			if (t->isrc[0]) {
				b[8] = 0x80;    /* TCVAL */
				memcpy(&b[9], t->isrc, 12);
			}
			n = 24;
			break;
		}
		default:
			return emu_sense(e, 0x05, 0x24, 0x00);
		}
	}
	put_be16(&b[2], (uint16_t)(n - 4));
	return emu_reply(e, b, n, get_be16(&cdb[7]));
}
