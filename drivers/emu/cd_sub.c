/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd_sub.c — the sub-channel of a CD as a drive reads it back: the Q channel
 * it generates from the disc's layout (ECMA-130 22.3), in the forms READ CD
 * returns it (MMC-5 6.19.2.5: raw P-W, formatted Q, R-W). */
#include <string.h>
#include "emu_int.h"

static void put_msf_bcd(uint8_t *p, int32_t frames)
{
	if (frames < 0)
		frames = 0;
	p[0] = emu_bcd((unsigned)(frames / 4500));
	p[1] = emu_bcd((unsigned)(frames / 75 % 60));
	p[2] = emu_bcd((unsigned)(frames % 75));
}

/* The index of lba within track t: 0 in the pregap, else 1 (and the higher
 * indices a cue sheet set). */
unsigned emu_cd_index(const struct emu_track *t, int32_t lba)
{
	if (lba < t->start)
		return 0;
	unsigned idx = 1;
	for (unsigned k = 0; k < t->nidx; k++)
		if (lba >= t->idx[k])
			idx = k + 2;
	return idx;
}

bool emu_cd_q(struct emu *e, int32_t lba, uint8_t q[12], bool *pause)
{
	const struct emu_track *t = emu_cd_track_at(e, lba);
	memset(q, 0, 12);
	*pause = false;
	if (!t)
		return false;
	unsigned idx = emu_cd_index(t, lba);
	int32_t abs = lba + 150;
	*pause = idx == 0;
	/* the catalog number (mode 2) and an audio track's ISRC (mode 3) take
	 * the place of a position frame once in every 100 (ECMA-130 22.3.3.4,
	 * 22.3.3.5), never next to a change of track or index: readers find
	 * pregaps and indices by the first mode 1 frame of each (cdrdao) */
	bool inner = emu_cd_track_at(e, lba - 1) == t && emu_cd_track_at(e, lba + 1) == t &&
		     emu_cd_index(t, lba - 1) == idx && emu_cd_index(t, lba + 1) == idx;
	if (!inner) {
		/* position frames only */
	} else if (e->d.mcn[0] && abs % 100 == 25) {
		q[0] = (uint8_t)(t->mode << 4 | 0x02);
		emu_q_mcn(q, e->d.mcn);
		q[9] = emu_bcd((unsigned)(abs % 75));
		emu_q_crc(q);
		return true;
	}
	if (inner && t->isrc[0] && idx > 0 && abs % 100 == 75) {
		q[0] = (uint8_t)(t->mode << 4 | 0x03);
		emu_q_isrc(q, t->isrc);
		q[9] = emu_bcd((unsigned)(abs % 75));
		emu_q_crc(q);
		return true;
	}
	q[0] = (uint8_t)(t->mode << 4 | 0x01);
	q[1] = emu_bcd((unsigned)emu_track_number(&e->d, t));
	q[2] = emu_bcd(idx);
	/* relative time: counting down to 00:00:00 at the last block of the
	 * pause, up from 00:00:00 at index 1 */
	put_msf_bcd(&q[3], idx == 0 ? t->start - 1 - lba : lba - t->start);
	put_msf_bcd(&q[7], abs);
	emu_q_crc(q);
	return true;
}

size_t emu_cd_subchannel(struct emu *e, int32_t lba, uint8_t sel, uint8_t *out)
{
	uint8_t q[12];
	bool pause;
	emu_cd_q(e, lba, q, &pause);
	switch (sel) {
	case 1:         /* raw P-W: one bit of each channel per byte, P in bit 7,
			 * R-W as the host sent it */
		emu_sub_read(e, lba, out);
		for (int i = 0; i < 96; i++)
			out[i] |= (uint8_t)((pause ? 0x80 : 0) |
					    ((q[i / 8] >> (7 - i % 8)) & 1) << 6);
		return 96;
	case 2:         /* formatted Q: Q and its CRC, then zeros; P in byte 15 */
		memcpy(out, q, 12);
		memset(out + 12, 0, 4);
		out[15] = pause ? 0x80 : 0;
		return 16;
	case 4:         /* R-W: as the host sent it (the emulator keeps it as sent,
			 * so there is nothing to de-interleave or correct) */
		emu_sub_read(e, lba, out);
		return 96;
	default:
		return 0;
	}
}
