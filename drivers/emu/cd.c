/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd.c — CD sector and sub-channel arithmetic: addresses (MSF, BCD), the
 * sector layouts of CD-ROM (sync, header, EDC, ECC) and the Q sub-channel
 * with its CRC, written from the standards:
 *
 *   ECMA-130 (2nd edition, 1996), "Data interchange on read-only 120 mm
 *   optical data disks (CD-ROM)": 14 (sector structure: sync, header, mode 1
 *   user data, EDC, ECC), 14.3 and Annex A (the EDC polynomial and the
 *   Reed-Solomon product code, P and Q parity), 22.3 (the Q channel: control,
 *   ADR, modes 1-3, CRC).
 *   The CD-ROM XA specification as summarised in ECMA-130 and MMC-5 4.2.3
 *   (mode 2 form 1 and form 2: sub-header, EDC over sub-header and data,
 *   ECC computed with the header taken as zero).
 *
 * No code was copied from any implementation; the tables are generated here
 * from the polynomials the standard gives. */
#include <string.h>
#include "emu_int.h"

/* ---- addresses ----------------------------------------------------------- */

void emu_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f)
{
	int32_t v = lba + 150;
	if (v < 0)
		v += 450000;            /* the lead-in: 90:00:00 and later */
	*m = (uint8_t)(v / 4500);
	*s = (uint8_t)(v / 75 % 60);
	*f = (uint8_t)(v % 75);
}

int32_t emu_msf_to_lba(uint8_t m, uint8_t s, uint8_t f)
{
	int32_t v = (m * 60 + s) * 75 + f;
	if (m >= 90)
		v -= 450000;            /* lead-in addresses are negative */
	return v - 150;
}

uint8_t emu_bcd(unsigned v)
{
	return (uint8_t)((v / 10) << 4 | (v % 10));
}

unsigned emu_unbcd(uint8_t b)
{
	return (unsigned)(b >> 4) * 10 + (b & 0x0f);
}

bool emu_bcd_ok(uint8_t b)
{
	return (b >> 4) <= 9 && (b & 0x0f) <= 9;
}

/* ---- EDC (ECMA-130 14.3) ------------------------------------------------------
 * P(x) = (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1)
 *      = x^32 + x^31 + x^16 + x^15 + x^4 + x^3 + x + 1,
 * computed least significant bit first (the bit order in which the standard
 * numbers the bytes' bits), no preset, no inversion; the 32 bits are stored
 * least significant byte first. */

static uint32_t edc_table[256];
static uint8_t gf_exp[512], gf_log[256];
static bool tables_ready;

static void make_tables(void)
{
	/* reversed form of P(x) without its x^32 term */
	uint32_t poly = 0;
	static const int terms[] = { 31, 16, 15, 4, 3, 1, 0 };
	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++)
		poly |= 1u << (31 - terms[i]);
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ poly : c >> 1;
		edc_table[i] = c;
	}
	/* GF(2^8) of the Reed-Solomon code (ECMA-130 Annex A): the primitive
	 * polynomial x^8 + x^4 + x^3 + x^2 + 1, alpha = x */
	unsigned v = 1;
	for (int i = 0; i < 255; i++) {
		gf_exp[i] = (uint8_t)v;
		gf_log[v] = (uint8_t)i;
		v <<= 1;
		if (v & 0x100)
			v ^= 0x11D;
	}
	for (int i = 255; i < 512; i++)
		gf_exp[i] = gf_exp[i - 255];
	tables_ready = true;
}

static void need_tables(void)
{
	if (!__atomic_load_n(&tables_ready, __ATOMIC_ACQUIRE))
		make_tables();  /* idempotent: racing threads compute the same */
}

uint32_t emu_edc(const uint8_t *p, size_t n)
{
	need_tables();
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++)
		c = (c >> 8) ^ edc_table[(c ^ p[i]) & 0xff];
	return c;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* ---- ECC (ECMA-130 Annex A) ------------------------------------------------------
 * Bytes 12 to 2351 of the sector are 1170 16-bit words S(n), the most
 * significant byte first; each byte plane (MSB, LSB) is coded on its own.
 * Words 0..1031 (header to the end of the intermediate field) are the data;
 * P parity: 43 columns, codeword Mp = S(Mp + 43 i), i = 0..25, the words of
 * i = 24, 25 (1032..1117) being the parity. Q parity: 26 diagonals over the
 * 1118 words so far, codeword Mq = S((43 Mq + 44 i) mod 1118), i = 0..42,
 * then the parity words 1118 + Mq and 1144 + Mq. Each codeword V of length L
 * satisfies sum V(i) = 0 and sum alpha^(L-1-i) V(i) = 0, so its two parity
 * symbols p0 = V(L-2), p1 = V(L-1) solve
 *     p0 + p1 = S0,   alpha p0 + p1 = S1
 * with S0, S1 the sums over the data symbols: p0 = (S0 + S1) / (alpha + 1). */

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
	if (!a || !b)
		return 0;
	return gf_exp[gf_log[a] + gf_log[b]];
}

static uint8_t gf_div(uint8_t a, uint8_t b)
{
	if (!a)
		return 0;
	return gf_exp[gf_log[a] + 255 - gf_log[b]];
}

static uint8_t *word(uint8_t *sector, unsigned n, unsigned plane)
{
	return &sector[12 + 2 * n + plane];
}

static void rs_parity(uint8_t *sym[], unsigned len)
{
	uint8_t s0 = 0, s1 = 0;
	for (unsigned i = 0; i + 2 < len; i++) {
		s0 ^= *sym[i];
		s1 ^= gf_mul(*sym[i], gf_exp[len - 1 - i]);
	}
	uint8_t p0 = gf_div(s0 ^ s1, gf_exp[1] ^ 1);
	*sym[len - 2] = p0;
	*sym[len - 1] = s0 ^ p0;
}

static void ecc_generate(uint8_t *sector)
{
	uint8_t *sym[45];
	need_tables();
	for (unsigned plane = 0; plane < 2; plane++) {
		for (unsigned mp = 0; mp < 43; mp++) {
			for (unsigned i = 0; i < 26; i++)
				sym[i] = word(sector, mp + 43 * i, plane);
			rs_parity(sym, 26);
		}
		for (unsigned mq = 0; mq < 26; mq++) {
			for (unsigned i = 0; i < 43; i++)
				sym[i] = word(sector, (43 * mq + 44 * i) % 1118, plane);
			sym[43] = word(sector, 1118 + mq, plane);
			sym[44] = word(sector, 1144 + mq, plane);
			rs_parity(sym, 45);
		}
	}
}

/* ---- sectors ------------------------------------------------------------------ */

static void sync_header(uint8_t *s, int32_t lba, uint8_t mode)
{
	uint8_t m, sec, f;
	s[0] = 0x00;
	memset(&s[1], 0xff, 10);
	s[11] = 0x00;
	emu_lba_to_msf(lba, &m, &sec, &f);
	s[12] = emu_bcd(m);
	s[13] = emu_bcd(sec);
	s[14] = emu_bcd(f);
	s[15] = mode;
}

void emu_cd_mode1(uint8_t *s, int32_t lba, const uint8_t *user)
{
	sync_header(s, lba, 1);
	if (user != &s[16])
		memcpy(&s[16], user, 2048);
	put_le32(&s[2064], emu_edc(s, 2064));
	memset(&s[2068], 0, 8);
	ecc_generate(s);
}

void emu_cd_mode2(uint8_t *s, int32_t lba, const uint8_t *body)
{
	sync_header(s, lba, 2);
	if (body != &s[16])
		memcpy(&s[16], body, 2336);
}

void emu_cd_xa(uint8_t *s, int32_t lba, const uint8_t subheader[4], const uint8_t *user)
{
	sync_header(s, lba, 2);
	memcpy(&s[16], subheader, 4);
	memcpy(&s[20], subheader, 4);
	bool form2 = subheader[2] & 0x20;
	if (form2) {
		if (user && user != &s[24])
			memcpy(&s[24], user, 2324);
		put_le32(&s[2348], emu_edc(&s[16], 2332));
		return;
	}
	if (user && user != &s[24])
		memcpy(&s[24], user, 2048);
	put_le32(&s[2072], emu_edc(&s[16], 2056));
	/* the ECC of form 1 does not cover the header: computed as zero */
	uint8_t hdr[4];
	memcpy(hdr, &s[12], 4);
	memset(&s[12], 0, 4);
	ecc_generate(s);
	memcpy(&s[12], hdr, 4);
}

/* ---- scrambling (ECMA-130 Annex B) ----------------------------------------------
 * Bytes 12 to 2351 of a data sector are added to the output of a 15-bit
 * shift register with the feedback x^15 + x + 1, preset to 1 at the first
 * bit of byte 12, least significant bit first. Applied twice, it undoes
 * itself. Hosts writing RAW send data sectors scrambled; READ CD returns
 * them unscrambled. */

void emu_cd_scramble(uint8_t *s)
{
	unsigned reg = 1;
	for (int i = 12; i < 2352; i++) {
		uint8_t x = 0;
		for (int b = 0; b < 8; b++) {
			x |= (uint8_t)((reg & 1) << b);
			unsigned fb = (reg ^ (reg >> 1)) & 1;
			reg = reg >> 1 | fb << 14;
		}
		s[i] ^= x;
	}
}

/* ---- the Q sub-channel (ECMA-130 22.3) -------------------------------------------
 * Ten bytes of Q data and a CRC: x^16 + x^12 + x^5 + 1 over bytes 0-9, most
 * significant bit first, preset 0, the remainder inverted, stored most
 * significant byte first. The same CRC protects CD-TEXT packs (MMC-5 Annex
 * J: 16 bytes and two CRC bytes). */

uint16_t emu_crc16(const uint8_t *p, size_t n)
{
	uint16_t c = 0;
	for (size_t i = 0; i < n; i++) {
		c ^= (uint16_t)(p[i] << 8);
		for (int k = 0; k < 8; k++)
			c = c & 0x8000 ? (uint16_t)(c << 1) ^ 0x1021 : (uint16_t)(c << 1);
	}
	return (uint16_t)~c;
}

void emu_q_crc(uint8_t q[12])
{
	uint16_t c = emu_crc16(q, 10);
	q[10] = (uint8_t)(c >> 8);
	q[11] = (uint8_t)c;
}

bool emu_q_crc_ok(const uint8_t q[12])
{
	uint16_t c = emu_crc16(q, 10);
	return q[10] == (uint8_t)(c >> 8) && q[11] == (uint8_t)c;
}

/* The 6-bit ISRC character code of the Q channel: '0'-'9' are 00h-09h,
 * 'A'-'Z' 11h-2Ah. */
static uint8_t isrc_code(char c)
{
	if (c >= '0' && c <= '9')
		return (uint8_t)(c - '0');
	return (uint8_t)(c - 'A' + 0x11);
}

static char isrc_char(uint8_t v)
{
	if (v <= 9)
		return (char)('0' + v);
	if (v >= 0x11 && v <= 0x2A)
		return (char)('A' + v - 0x11);
	return '?';
}

bool emu_isrc_valid(const char *s)
{
	for (int i = 0; i < 12; i++) {
		char c = s[i];
		bool digit = c >= '0' && c <= '9', upper = c >= 'A' && c <= 'Z';
		if (i < 5 ? !(digit || upper) : !digit)
			return false;
	}
	return true;
}

bool emu_mcn_valid(const char *s)
{
	for (int i = 0; i < 13; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

void emu_q_isrc(uint8_t q[12], const char isrc[12])
{
	uint8_t c[5];
	for (int i = 0; i < 5; i++)
		c[i] = isrc_code(isrc[i]);
	q[1] = (uint8_t)(c[0] << 2 | c[1] >> 4);
	q[2] = (uint8_t)(c[1] << 4 | c[2] >> 2);
	q[3] = (uint8_t)(c[2] << 6 | c[3]);
	q[4] = (uint8_t)(c[4] << 2);
	for (int i = 0; i < 4; i++)
		q[5 + i] = (uint8_t)((isrc[5 + 2 * i] - '0') << 4 |
				     (i < 3 ? isrc[6 + 2 * i] - '0' : 0));
}

void emu_q_isrc_decode(const uint8_t q[12], char isrc[12])
{
	uint8_t c[5];
	c[0] = q[1] >> 2;
	c[1] = (uint8_t)((q[1] & 3) << 4 | q[2] >> 4);
	c[2] = (uint8_t)((q[2] & 0x0f) << 2 | q[3] >> 6);
	c[3] = q[3] & 0x3f;
	c[4] = q[4] >> 2;
	for (int i = 0; i < 5; i++)
		isrc[i] = isrc_char(c[i]);
	for (int i = 0; i < 7; i++) {
		uint8_t b = q[5 + i / 2];
		isrc[5 + i] = (char)('0' + (i % 2 ? b & 0x0f : b >> 4));
	}
}

void emu_q_mcn(uint8_t q[12], const char mcn[13])
{
	memset(&q[1], 0, 8);
	for (int i = 0; i < 13; i++) {
		uint8_t d = (uint8_t)(mcn[i] - '0');
		q[1 + i / 2] |= i % 2 ? d : (uint8_t)(d << 4);
	}
}

void emu_q_mcn_decode(const uint8_t q[12], char mcn[13])
{
	for (int i = 0; i < 13; i++) {
		uint8_t b = q[1 + i / 2];
		mcn[i] = (char)('0' + (i % 2 ? b & 0x0f : b >> 4));
	}
}
