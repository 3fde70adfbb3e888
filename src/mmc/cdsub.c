/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdsub.c — the sub-channel a RAW writer sends (see cd.h).
 *
 * Q (ECMA-130 22.3) is 96 bits a sector: CONTROL (4) and ADR (4), 72 bits
 * of data, and a CRC-16 over both, stored inverted. ADR 1 is the position
 * (track, index, relative and absolute time) in the program area and the
 * lead-out, and the TOC in the lead-in (TNO 0, the POINT and its PMIN PSEC
 * PFRAME); ADR 2 the catalog number, ADR 3 the ISRC (each with the absolute
 * frame, AFRAME, of its sector); ADR 5 in the lead-in the multisession
 * pointers (B0: the next program area). P is one bit: 1 in pauses. The raw
 * P-W block carries bit i of each channel in byte i, P the most significant. */
#include "config.h"

#include <string.h>
#include "mmc/cd.h"

uint16_t cd_crc16(const uint8_t *p, size_t n)
{
	uint16_t c = 0;
	for (size_t i = 0; i < n; i++) {
		c ^= (uint16_t)(p[i] << 8);
		for (int k = 0; k < 8; k++)
			c = (uint16_t)(c & 0x8000 ? c << 1 ^ 0x1021 : c << 1);
	}
	return c;
}

void cd_q_set_crc(uint8_t q[12])
{
	uint16_t c = (uint16_t)~cd_crc16(q, 10);
	q[10] = (uint8_t)(c >> 8);
	q[11] = (uint8_t)c;
}

bool cd_q_crc_ok(const uint8_t q[12])
{
	uint16_t c = (uint16_t)~cd_crc16(q, 10);
	return q[10] == (uint8_t)(c >> 8) && q[11] == (uint8_t)c;
}

void cd_q_position(uint8_t q[12], uint8_t ctl, uint8_t tno, uint8_t idx, int32_t rel,
		   int32_t lba)
{
	q[0] = (uint8_t)((ctl & 0x0F) << 4 | 0x01);
	q[1] = tno == 0xAA ? 0xAA : cd_bcd(tno);
	q[2] = cd_bcd(idx);
	cd_msf_bcd(rel < 0 ? -rel : rel, &q[3]);
	q[6] = 0;
	cd_msf_bcd(lba + 150, &q[7]);
	cd_q_set_crc(q);
}

static uint8_t aframe(int32_t lba)
{
	int32_t abs = lba + 150;
	return cd_bcd((unsigned)((abs < 0 ? 0 : abs) % 75));
}

void cd_q_mcn(uint8_t q[12], uint8_t ctl, const char mcn[13], int32_t lba)
{
	memset(q, 0, 12);
	q[0] = (uint8_t)((ctl & 0x0F) << 4 | 0x02);
	for (int i = 0; i < 13; i++) {
		uint8_t d = (uint8_t)(mcn[i] - '0');
		q[1 + i / 2] |= i % 2 ? d : (uint8_t)(d << 4);
	}
	q[9] = aframe(lba);
	cd_q_set_crc(q);
}

/* The 6-bit code of an ISRC letter or digit (ECMA-130 22.3.3.5: '0'-'9'
 * are 00h-09h, 'A'-'Z' 11h-2Ah). */
static uint8_t isrc_code(char c)
{
	return (uint8_t)(c >= 'A' ? c - 'A' + 0x11 : c - '0');
}

void cd_q_isrc(uint8_t q[12], uint8_t ctl, const char isrc[12], int32_t lba)
{
	uint8_t c[5];
	for (int i = 0; i < 5; i++)
		c[i] = isrc_code(isrc[i]);
	memset(q, 0, 12);
	q[0] = (uint8_t)((ctl & 0x0F) << 4 | 0x03);
	/* five 6-bit codes and two zero bits, then seven BCD digits and four
	 * zero bits */
	q[1] = (uint8_t)(c[0] << 2 | c[1] >> 4);
	q[2] = (uint8_t)((c[1] & 0x0F) << 4 | c[2] >> 2);
	q[3] = (uint8_t)((c[2] & 0x03) << 6 | c[3]);
	q[4] = (uint8_t)(c[4] << 2);
	for (int i = 0; i < 7; i++) {
		uint8_t d = (uint8_t)(isrc[5 + i] - '0');
		q[5 + i / 2] |= i % 2 ? d : (uint8_t)(d << 4);
	}
	q[9] = aframe(lba);
	cd_q_set_crc(q);
}

void cd_q_leadin(uint8_t q[12], uint8_t adr, uint8_t ctl, uint8_t point, const uint8_t msf[3],
		 uint8_t zero, const uint8_t pmsf[3])
{
	q[0] = (uint8_t)((ctl & 0x0F) << 4 | (adr & 0x0F));
	q[1] = 0;
	q[2] = point;
	memcpy(&q[3], msf, 3);
	q[6] = zero;
	memcpy(&q[7], pmsf, 3);
	cd_q_set_crc(q);
}

void cd_sub_pw(uint8_t out[96], bool p, const uint8_t q[12], const uint8_t *rw)
{
	for (int i = 0; i < 96; i++) {
		uint8_t b = rw ? rw[i] & 0x3F : 0;
		if (p)
			b |= 0x80;
		if (q[i / 8] & (0x80 >> (i % 8)))
			b |= 0x40;
		out[i] = b;
	}
}
