/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdcue.c — the SAO cue sheet and the CD-TEXT lead-in (see cd.h).
 *
 * MMC-6 6.33.3: a cue sheet is a list of 8-byte entries, CTL/ADR, TNO,
 * INDEX, DATA FORM, SCMS, and the absolute MIN SEC FRAME where the entry's
 * part begins (binary, not BCD; 00:00:00 is LBA -150). The entries a
 * session needs, in order: the catalog number (ADR 2, two entries: 7 and 6
 * ASCII digits), the lead-in (ADR 1, TNO 0, index 0), each track's ISRC
 * (ADR 3, two entries of 6 characters after the TNO) and indices (ADR 1),
 * the lead-out (TNO AAh, index 1). cdrdao's generic-mmc, libburn and wodim
 * lay them out so; the emulator (drivers/emu/cd_cue.c) checks the same
 * rules a drive does. */
#include "config.h"

#include <string.h>
#include "mmc/cd.h"

unsigned cd_form_bytes(uint8_t form)
{
	unsigned sub = (form & 0xC0) ? 96 : 0;
	switch (form & 0x3F) {
	case CD_FORM_AUDIO: case CD_FORM_MODE1_RAW: case CD_FORM_XA_RAW: case CD_FORM_MODE2_RAW:
		return 2352 + sub;
	case CD_FORM_MODE1:
		return 2048 + sub;
	case CD_FORM_XA: case CD_FORM_MODE2:
		return 2336 + sub;
	default:
		return 0;
	}
}

uint8_t cd_form_generated(uint8_t form)
{
	switch (form & 0x30) {
	case 0x00: return CD_FORM_AUDIO_GEN;
	case 0x10: return CD_FORM_MODE1_GEN;
	case 0x20: return CD_FORM_XA_GEN;
	default:   return CD_FORM_MODE2_GEN;
	}
}

bool cd_mcn_valid(const char *s)
{
	if (strlen(s) != 13)
		return false;
	for (int i = 0; i < 13; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool alnum_upper(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

bool cd_isrc_valid(const char *s)
{
	if (strlen(s) != 12)
		return false;
	for (int i = 0; i < 5; i++)
		if (!alnum_upper(s[i]))
			return false;
	for (int i = 5; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

size_t cd_cue_size(const struct cd_cue *c)
{
	size_t n = 2;                   /* lead-in, lead-out */
	if (c->mcn[0])
		n += 2;
	for (unsigned i = 0; i < c->ntracks; i++) {
		const struct cd_cue_track *t = &c->track[i];
		n += 1 + t->nindex;
		if (i == 0 || t->index0 != t->index1)
			n++;
		if (t->isrc[0])
			n += 2;
	}
	return n * 8;
}

/* The highest address a cue sheet can carry: 99:59:74. */
enum { MSF_LAST = (99 * 60 + 59) * 75 + 74 - 150 };

static bool addr_ok(int32_t lba)
{
	return lba >= -150 && lba <= MSF_LAST;
}

static uint8_t *entry(uint8_t *p, uint8_t ctl, uint8_t adr, uint8_t tno, uint8_t idx,
		      uint8_t form, bool scms, int32_t lba)
{
	int32_t f = lba + 150;
	p[0] = (uint8_t)((ctl & 0x0F) << 4 | adr);
	p[1] = tno;
	p[2] = idx;
	p[3] = form;
	p[4] = scms ? 0x80 : 0x00;
	p[5] = (uint8_t)(f / 4500);
	p[6] = (uint8_t)(f / 75 % 60);
	p[7] = (uint8_t)(f % 75);
	return p + 8;
}

static bool track_ok(const struct cd_cue *c, unsigned i)
{
	const struct cd_cue_track *t = &c->track[i];
	if (t->number < 1 || t->number > 99 || (i && t->number != c->track[i - 1].number + 1))
		return false;
	if (cd_form_bytes(t->form) == 0 || t->nindex > CD_MAX_INDEX)
		return false;
	if (((t->ctl & CD_CTL_DATA) != 0) != ((t->form & 0x30) != 0))
		return false;   /* the control nibble and the data form agree */
	if (!addr_ok(t->index0) || t->index1 < t->index0 || (i == 0 && t->index1 == t->index0))
		return false;   /* the first track's pregap opens the program area */
	int32_t last = t->index1;
	for (unsigned k = 0; k < t->nindex; k++) {
		if (t->index[k] <= last)
			return false;
		last = t->index[k];
	}
	int32_t end = i + 1 < c->ntracks ? c->track[i + 1].index0 : c->leadout;
	if (end <= last || !addr_ok(end))
		return false;
	return !t->isrc[0] || cd_isrc_valid(t->isrc);
}

size_t cd_cue_build(const struct cd_cue *c, uint8_t *out, size_t out_size)
{
	size_t need = cd_cue_size(c);
	if (c->ntracks < 1 || c->ntracks > 99 || need > out_size)
		return 0;
	if (c->mcn[0] && !cd_mcn_valid(c->mcn))
		return 0;
	for (unsigned i = 0; i < c->ntracks; i++)
		if (!track_ok(c, i))
			return 0;

	const struct cd_cue_track *first = &c->track[0];
	const struct cd_cue_track *last = &c->track[c->ntracks - 1];
	uint8_t lctl = first->ctl & CD_CTL_DATA;
	uint8_t *p = out;
	if (c->mcn[0]) {
		/* ADR 2: digits 1-7 in bytes 1-7, digits 8-13 in bytes 1-6 */
		memset(p, 0, 16);
		p[0] = p[8] = (uint8_t)(lctl << 4 | 0x02);
		memcpy(&p[1], c->mcn, 7);
		memcpy(&p[9], c->mcn + 7, 6);
		p += 16;
	}
	p = entry(p, lctl, 1, 0, 0,
		  c->cdtext ? CD_FORM_LEADIN_TEXT : cd_form_generated(first->form), false, -150);
	for (unsigned i = 0; i < c->ntracks; i++) {
		const struct cd_cue_track *t = &c->track[i];
		if (t->isrc[0]) {
			/* ADR 3: the TNO, then characters 1-6 and 7-12 */
			for (int k = 0; k < 2; k++) {
				p[0] = (uint8_t)((t->ctl & 0x0F) << 4 | 0x03);
				p[1] = t->number;
				memcpy(&p[2], t->isrc + 6 * k, 6);
				p += 8;
			}
		}
		if (i == 0 || t->index0 != t->index1)
			p = entry(p, t->ctl, 1, t->number, 0, t->form, t->scms, t->index0);
		p = entry(p, t->ctl, 1, t->number, 1, t->form, t->scms, t->index1);
		for (unsigned k = 0; k < t->nindex; k++)
			p = entry(p, t->ctl, 1, t->number, (uint8_t)(k + 2), t->form, t->scms,
				  t->index[k]);
	}
	p = entry(p, last->ctl & CD_CTL_DATA, 1, 0xAA, 1, cd_form_generated(last->form), false,
		  c->leadout);
	return (size_t)(p - out);
}

void cd_text_rw_block(const uint8_t *packs, size_t npacks, size_t first, uint8_t out[96])
{
	uint8_t d[72];
	for (int k = 0; k < 4; k++)
		memcpy(&d[18 * k], &packs[(first + (size_t)k) % npacks * CD_PACK_BYTES],
		       CD_PACK_BYTES);
	/* 3 bytes are 4 symbols of 6 bits, the most significant first */
	for (int i = 0; i < 24; i++) {
		const uint8_t *s = &d[3 * i];
		uint8_t *o = &out[4 * i];
		o[0] = s[0] >> 2;
		o[1] = (uint8_t)((s[0] & 0x03) << 4 | s[1] >> 4);
		o[2] = (uint8_t)((s[1] & 0x0F) << 2 | s[2] >> 6);
		o[3] = s[2] & 0x3F;
	}
}
