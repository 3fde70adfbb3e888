/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdsector.c — CD sectors as ECMA-130 records them (see cd.h).
 *
 * A data sector is 2352 bytes: the sync pattern (12), the header (the
 * BCD address and the mode, 4), then by mode:
 *   mode 1        user data 2048, EDC 4 (over bytes 0-2063), 8 zeros,
 *                 P parity 172, Q parity 104;
 *   XA form 1     sub-header 8 (4 bytes twice), user data 2048, EDC 4 (over
 *                 16-2071), P 172, Q 104, the ECC computed as if the header
 *                 were zero (so it does not depend on the address);
 *   XA form 2     sub-header 8, user data 2324, EDC 4 (over 16-2347);
 *   mode 2        2336 bytes as the host gives them.
 * The P and Q parity (annex A) are RS(26,24) and RS(45,43) codes over
 * GF(2^8) of the 1032 (P) and 1118 (Q) 16-bit words from byte 12, each
 * byte plane on its own: 43 P vectors of 24 words down the columns of a
 * 24 x 43 grid, 26 Q vectors of 43 words along its diagonals. Each code
 * word has two check bytes p0, p1 with sum(c) = 0 and sum(c_j a^(N-1-j)) = 0
 * (a = alpha, N the code word's length), which gives
 *   b = sum(d_i), s = sum(d_i a^(n-i)),  p0 = (a s + b) / (1 + a),  p1 = p0 + b.
 */
#include "config.h"

#include <string.h>
#include "mmc/cd.h"
#include "mmc/cd_tables.h"

const uint8_t cd_xa_form1_subheader[4] = { 0x00, 0x00, 0x08, 0x00 };
const uint8_t cd_xa_form2_subheader[4] = { 0x00, 0x00, 0x20, 0x00 };

uint8_t cd_bcd(unsigned v)
{
	return (uint8_t)((v / 10 % 10) << 4 | v % 10);
}

void cd_msf_bcd(int32_t frames, uint8_t out[3])
{
	if (frames < 0)
		frames = 0;
	out[0] = cd_bcd((unsigned)(frames / 4500));
	out[1] = cd_bcd((unsigned)(frames / 75 % 60));
	out[2] = cd_bcd((unsigned)(frames % 75));
}

void cd_sector_header(uint8_t raw[16], int32_t lba, uint8_t mode)
{
	raw[0] = 0x00;
	memset(&raw[1], 0xFF, 10);
	raw[11] = 0x00;
	int32_t abs = lba + 150;
	if (abs < 0)
		abs += 450000;  /* the lead-in counts down from 100:00:00 */
	cd_msf_bcd(abs, &raw[12]);
	raw[15] = mode;
}

uint32_t cd_edc(const uint8_t *p, size_t n)
{
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++)
		c = (c >> 8) ^ edc_table[(c ^ p[i]) & 0xFF];
	return c;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint8_t gf_mul(uint8_t x, uint8_t y)
{
	return x && y ? gf_exp[gf_log[x] + gf_log[y]] : 0;
}

/* The two check bytes of the n data bytes d[start + k * step] (indices
 * modulo size), stored at out[0] and out[len]. */
static void rs_check(const uint8_t *d, unsigned start, unsigned step, unsigned n, unsigned size,
		     uint8_t *out, unsigned len)
{
	uint8_t b = 0, s = 0;
	unsigned at = start;
	for (unsigned i = 0; i < n; i++) {
		b ^= d[at];
		s = gf_mul((uint8_t)(s ^ d[at]), 2);
		at += step;
		if (at >= size)
			at -= size;
	}
	uint8_t num = (uint8_t)(gf_mul(s, 2) ^ b);
	/* divide by 1 + a = 3 */
	uint8_t p0 = num ? gf_exp[(gf_log[num] + 255 - gf_log[3]) % 255] : 0;
	out[0] = p0;
	out[len] = (uint8_t)(p0 ^ b);
}

/* P and Q parity of bytes 12..2075 into 2076..2351. */
static void ecc(uint8_t raw[2352])
{
	uint8_t *d = raw + 12;
	/* P: byte plane v of word column c is major = 2c + v; its 24 bytes
	 * lie 86 apart */
	for (unsigned major = 0; major < 86; major++)
		rs_check(d, major, 86, 24, 2064, raw + 2076 + major, 86);
	/* Q: 52 diagonals of 43 bytes over the 2236 bytes of data and P, each
	 * element 44 words (88 bytes) after the previous, wrapping */
	for (unsigned major = 0; major < 52; major++)
		rs_check(d, (major >> 1) * 86 + (major & 1), 88, 43, 2236, raw + 2248 + major, 52);
}

void cd_sector_mode1(uint8_t raw[2352], int32_t lba, const uint8_t user[2048])
{
	cd_sector_header(raw, lba, 1);
	memmove(&raw[16], user, 2048);
	put_le32(&raw[2064], cd_edc(raw, 2064));
	memset(&raw[2068], 0, 8);
	ecc(raw);
}

void cd_xa_body_form1(uint8_t out[2336], const uint8_t sh[4], const uint8_t user[2048])
{
	uint8_t raw[2352];
	memset(raw, 0, 16);             /* ECC over a zero header: address-free */
	memcpy(&raw[16], sh, 4);
	memcpy(&raw[20], sh, 4);
	raw[18] &= (uint8_t)~0x20;
	raw[22] &= (uint8_t)~0x20;
	memcpy(&raw[24], user, 2048);
	put_le32(&raw[2072], cd_edc(&raw[16], 2056));
	ecc(raw);
	memcpy(out, &raw[16], 2336);
}

void cd_xa_body_form2(uint8_t out[2336], const uint8_t sh[4], const uint8_t user[2324])
{
	memmove(&out[8], user, 2324);
	memcpy(&out[0], sh, 4);
	memcpy(&out[4], sh, 4);
	out[2] |= 0x20;
	out[6] |= 0x20;
	put_le32(&out[2332], cd_edc(out, 2332));
}

void cd_sector_form1(uint8_t raw[2352], int32_t lba, const uint8_t sh[4], const uint8_t user[2048])
{
	uint8_t body[2336];
	cd_xa_body_form1(body, sh, user);
	cd_sector_header(raw, lba, 2);
	memcpy(&raw[16], body, 2336);
}

void cd_sector_form2(uint8_t raw[2352], int32_t lba, const uint8_t sh[4], const uint8_t user[2324])
{
	uint8_t body[2336];
	memcpy(&body[8], user, 2324);
	cd_xa_body_form2(body, sh, &body[8]);
	cd_sector_header(raw, lba, 2);
	memcpy(&raw[16], body, 2336);
}

void cd_sector_mode2(uint8_t raw[2352], int32_t lba, const uint8_t body[2336])
{
	memmove(&raw[16], body, 2336);
	cd_sector_header(raw, lba, 2);
}

void cd_scramble(uint8_t raw[2352])
{
	for (unsigned i = 0; i < 2340; i++)
		raw[12 + i] ^= scramble_table[i];
}
