/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cd.c — src/mmc/cd.h: the SAO cue sheet byte for byte, the CD-TEXT
 * lead-in's R-W, ECMA-130 sectors (against the definitions, and against
 * the emulator's independent encoder), the scrambler, the Q frames and
 * their CRC (decoded by the emulator's decoder). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mmc/cd.h"
#include "mmc/mmc.h"
#include "base/err.h"
#include "emu_int.h"

/* ---- the cue sheet ------------------------------------------------------------ */

static void test_cue_audio_exact(void **state)
{
	(void)state;
	struct cd_cue_track t[2] = {
		{ .number = 1, .ctl = CD_CTL_COPY, .form = CD_FORM_AUDIO, .index0 = -150,
		  .index1 = 0, .nindex = 1, .index = { 1000 }, .isrc = "DEA123300001" },
		{ .number = 2, .ctl = CD_CTL_PREEMPHASIS, .form = CD_FORM_AUDIO, .scms = true,
		  .index0 = 1500, .index1 = 1650 },
	};
	struct cd_cue c = { .mcn = "0123456789012", .cdtext = true, .ntracks = 2, .track = t,
			    .leadout = 3000 };
	static const uint8_t want[] = {
		0x02, '0', '1', '2', '3', '4', '5', '6',        /* MCN, digits 1-7 */
		0x02, '7', '8', '9', '0', '1', '2', 0x00,       /* digits 8-13 */
		0x01, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, /* lead-in, R-W from the host */
		0x23, 0x01, 'D', 'E', 'A', '1', '2', '3',       /* ISRC of track 1 */
		0x23, 0x01, '3', '0', '0', '0', '0', '1',
		0x21, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* track 1 index 0 at 00:00:00 */
		0x21, 0x01, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, /* index 1 at 00:02:00 */
		0x21, 0x01, 0x02, 0x00, 0x00, 0x00, 0x0F, 0x19, /* index 2 at LBA 1000: 00:15:25 */
		0x11, 0x02, 0x00, 0x00, 0x80, 0x00, 0x16, 0x00, /* track 2 pregap, SCMS, 00:22:00 */
		0x11, 0x02, 0x01, 0x00, 0x80, 0x00, 0x18, 0x00, /* index 1 at 00:24:00 */
		0x01, 0xAA, 0x01, 0x01, 0x00, 0x00, 0x2A, 0x00, /* lead-out at 00:42:00 */
	};
	uint8_t out[256];
	assert_int_equal(cd_cue_size(&c), sizeof(want));
	assert_int_equal(cd_cue_build(&c, out, sizeof(out)), sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	/* one byte too small: nothing */
	assert_int_equal(cd_cue_build(&c, out, sizeof(want) - 1), 0);
}

static void test_cue_mixed_and_xa(void **state)
{
	(void)state;
	/* a mode 1 track, then audio after a 2 s pregap: the lead-in and the
	 * catalog number take the first track's data bit, the lead-out the
	 * last track's kind */
	struct cd_cue_track t[2] = {
		{ .number = 1, .ctl = CD_CTL_DATA, .form = CD_FORM_MODE1, .index0 = -150,
		  .index1 = 0 },
		{ .number = 2, .ctl = 0, .form = CD_FORM_AUDIO, .index0 = 4000, .index1 = 4150 },
	};
	struct cd_cue c = { .ntracks = 2, .track = t, .leadout = 6000 };
	static const uint8_t want[] = {
		0x41, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,
		0x41, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
		0x41, 0x01, 0x01, 0x10, 0x00, 0x00, 0x02, 0x00,
		0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x37, 0x19, /* 4150 frames: 00:55:25 */
		0x01, 0x02, 0x01, 0x00, 0x00, 0x00, 0x39, 0x19, /* 4300: 00:57:25 */
		0x01, 0xAA, 0x01, 0x01, 0x00, 0x01, 0x16, 0x00, /* 6150: 01:22:00 */
	};
	uint8_t out[128];
	assert_int_equal(cd_cue_build(&c, out, sizeof(out)), sizeof(want));
	assert_memory_equal(out, want, sizeof(want));

	/* an XA track and a later session's numbers: TNO 3, lead-in and
	 * lead-out of form 24h, a four-channel audio track after it */
	struct cd_cue_track x[2] = {
		{ .number = 3, .ctl = CD_CTL_DATA | CD_CTL_COPY, .form = CD_FORM_XA,
		  .index0 = 20000, .index1 = 20150 },
		{ .number = 4, .ctl = CD_CTL_FOUR_CHANNEL, .form = CD_FORM_AUDIO, .index0 = 21000,
		  .index1 = 21000 },
	};
	struct cd_cue cx = { .ntracks = 2, .track = x, .leadout = 22000 };
	assert_int_equal(cd_cue_build(&cx, out, sizeof(out)), 5 * 8);
	assert_memory_equal(&out[0], ((uint8_t[]){ 0x41, 0, 0, 0x24, 0, 0, 0, 0 }), 8);
	assert_memory_equal(&out[8], ((uint8_t[]){ 0x61, 3, 0, 0x20, 0, 4, 28, 50 }), 8);
	/* track 4 has no pregap: index 1 alone */
	assert_memory_equal(&out[24], ((uint8_t[]){ 0x81, 4, 1, 0x00, 0, 4, 42, 0 }), 8);
	assert_memory_equal(&out[32], ((uint8_t[]){ 0x01, 0xAA, 1, 0x01, 0, 4, 55, 25 }), 8);
}

static void test_cue_refused(void **state)
{
	(void)state;
	uint8_t out[512];
	struct cd_cue_track t[2] = {
		{ .number = 1, .form = CD_FORM_AUDIO, .index0 = -150, .index1 = 0 },
		{ .number = 2, .form = CD_FORM_AUDIO, .index0 = 1000, .index1 = 1150 },
	};
	struct cd_cue c = { .ntracks = 2, .track = t, .leadout = 2000 };
	assert_int_not_equal(cd_cue_build(&c, out, sizeof(out)), 0);
#define REFUSED(stmt) do { struct cd_cue_track s0 = t[0], s1 = t[1]; struct cd_cue sc = c; \
	stmt; assert_int_equal(cd_cue_build(&c, out, sizeof(out)), 0); \
	t[0] = s0; t[1] = s1; c = sc; } while (0)
	REFUSED(t[1].number = 3);                       /* numbers not consecutive */
	REFUSED(t[0].number = 0);
	REFUSED(c.ntracks = 0);
	REFUSED(t[0].index0 = -151);                    /* before the program area */
	REFUSED(t[0].index0 = 0);                       /* the first track without a pregap */
	REFUSED(t[1].index1 = 999);                     /* index 1 before index 0 */
	REFUSED(t[0].index1 = 1000);                    /* into the next track's pregap */
	REFUSED(c.leadout = 1150);                      /* a lead-out on the last index */
	REFUSED(c.leadout = 450000);                    /* past 99:59:74 */
	REFUSED(t[1].form = CD_FORM_AUDIO_GEN);         /* the drive's own blocks */
	REFUSED(t[1].ctl = CD_CTL_DATA);                /* data bit with audio blocks */
	REFUSED(strcpy(t[0].isrc, "de1233000011"));     /* lower case */
	REFUSED(strcpy(c.mcn, "01234567890A"));
	REFUSED((t[0].nindex = 2, t[0].index[0] = 500, t[0].index[1] = 500)); /* not in order */
#undef REFUSED
}

/* The R-W symbols give back the packs, cyclically. */
static void test_text_rw_block(void **state)
{
	(void)state;
	uint8_t packs[5 * 18];
	for (unsigned i = 0; i < sizeof(packs); i++)
		packs[i] = (uint8_t)(i * 37 + 11);
	for (size_t first = 0; first < 10; first += 3) {
		uint8_t rw[96], back[72];
		cd_text_rw_block(packs, 5, first, rw);
		for (int i = 0; i < 96; i++)
			assert_int_equal(rw[i] & 0xC0, 0);      /* P and Q untouched */
		for (int i = 0; i < 24; i++) {
			uint32_t v = (uint32_t)rw[4 * i] << 18 | (uint32_t)rw[4 * i + 1] << 12 |
				     (uint32_t)rw[4 * i + 2] << 6 | rw[4 * i + 3];
			back[3 * i] = (uint8_t)(v >> 16);
			back[3 * i + 1] = (uint8_t)(v >> 8);
			back[3 * i + 2] = (uint8_t)v;
		}
		for (int k = 0; k < 4; k++)
			assert_memory_equal(&back[18 * k], &packs[(first + k) % 5 * 18], 18);
	}
}

/* ---- sectors -------------------------------------------------------------------- */

static uint32_t edc_bitwise(const uint8_t *p, size_t n)
{
	/* the polynomial's terms, LSB first: bit k of the register is x^(31-k) */
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? c >> 1 ^ 0xD8018001u : c >> 1;
	}
	return c;
}

static void fill(uint8_t *p, size_t n, unsigned seed)
{
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345;
		p[i] = (uint8_t)(x >> 16);
	}
}

static void test_edc(void **state)
{
	(void)state;
	uint8_t b[2352];
	fill(b, sizeof(b), 7);
	for (size_t n = 0; n < sizeof(b); n += 331)
		assert_int_equal(cd_edc(b, n), edc_bitwise(b, n));
}

/* GF(2^8) arithmetic done the long way, to check the parity bytes. */
static uint8_t gmul(uint8_t a, uint8_t b)
{
	uint8_t r = 0;
	while (b) {
		if (b & 1)
			r ^= a;
		a = (uint8_t)(a & 0x80 ? a << 1 ^ 0x1D : a << 1);
		b >>= 1;
	}
	return r;
}

/* Both syndromes of every P and Q code word of a sector are zero. */
static void check_parity(const uint8_t raw[2352])
{
	const uint8_t *d = raw + 12;
	for (unsigned m = 0; m < 86; m++) {
		uint8_t s0 = 0, s1 = 0;
		uint8_t cw[26];
		for (unsigned i = 0; i < 24; i++)
			cw[i] = d[m + 86 * i];
		cw[24] = raw[2076 + m];
		cw[25] = raw[2076 + 86 + m];
		for (unsigned j = 0; j < 26; j++) {
			s0 ^= cw[j];
			s1 = (uint8_t)(gmul(s1, 2) ^ cw[j]);
		}
		assert_int_equal(s0, 0);
		assert_int_equal(s1, 0);
	}
	for (unsigned m = 0; m < 52; m++) {
		uint8_t s0 = 0, s1 = 0;
		uint8_t cw[45];
		unsigned at = (m >> 1) * 86 + (m & 1);
		for (unsigned i = 0; i < 43; i++) {
			cw[i] = d[at];
			at = (at + 88) % 2236;
		}
		cw[43] = raw[2248 + m];
		cw[44] = raw[2248 + 52 + m];
		for (unsigned j = 0; j < 45; j++) {
			s0 ^= cw[j];
			s1 = (uint8_t)(gmul(s1, 2) ^ cw[j]);
		}
		assert_int_equal(s0, 0);
		assert_int_equal(s1, 0);
	}
}

static void test_sectors(void **state)
{
	(void)state;
	uint8_t user[2336], a[2352], b[2352];
	const int32_t lbas[] = { -150, 0, 16, 4499, 333000 };
	for (unsigned k = 0; k < sizeof(lbas) / sizeof(lbas[0]); k++) {
		int32_t lba = lbas[k];
		fill(user, sizeof(user), k + 1);

		cd_sector_mode1(a, lba, user);
		emu_cd_mode1(b, lba, user);
		assert_memory_equal(a, b, 2352);
		assert_int_equal(a[15], 1);
		check_parity(a);
		assert_int_equal(cd_edc(a, 2064),
				 (uint32_t)a[2064] | a[2065] << 8 | a[2066] << 16 | (uint32_t)a[2067] << 24);

		cd_sector_form1(a, lba, cd_xa_form1_subheader, user);
		emu_cd_xa(b, lba, cd_xa_form1_subheader, user);
		assert_memory_equal(a, b, 2352);
		uint8_t z[2352];
		memcpy(z, a, 2352);
		memset(&z[12], 0, 4);           /* form 1's ECC: as if the header were zero */
		check_parity(z);
		uint8_t body[2336];
		cd_xa_body_form1(body, cd_xa_form1_subheader, user);
		assert_memory_equal(body, &a[16], 2336);

		cd_sector_form2(a, lba, cd_xa_form2_subheader, user);
		emu_cd_xa(b, lba, cd_xa_form2_subheader, user);
		assert_memory_equal(a, b, 2352);
		cd_xa_body_form2(body, cd_xa_form2_subheader, user);
		assert_memory_equal(body, &a[16], 2336);

		cd_sector_mode2(a, lba, user);
		emu_cd_mode2(b, lba, user);
		assert_memory_equal(a, b, 2352);
	}
	/* the header: 00:02:00 at LBA 0, the lead-in's addresses from 99:59:74 down */
	cd_sector_header(a, 0, 1);
	assert_memory_equal(a, ((uint8_t[]){ 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
					      0xFF, 0xFF, 0, 0x00, 0x02, 0x00, 0x01 }), 16);
	cd_sector_header(a, -151, 1);
	assert_memory_equal(&a[12], ((uint8_t[]){ 0x99, 0x59, 0x74, 0x01 }), 4);
}

static void test_scramble(void **state)
{
	(void)state;
	uint8_t a[2352], b[2352];
	fill(a, sizeof(a), 3);
	memcpy(b, a, sizeof(a));
	cd_scramble(a);
	emu_cd_scramble(b);
	assert_memory_equal(a, b, 2352);
	/* the first bytes of the sequence (ECMA-130 annex B) */
	memset(a, 0, sizeof(a));
	cd_scramble(a);
	assert_memory_equal(&a[12], ((uint8_t[]){ 0x01, 0x80, 0x00, 0x60, 0x00, 0x28, 0x00, 0x1E }),
			    8);
	assert_memory_equal(a, ((uint8_t[12]){ 0 }), 12);       /* the sync is left alone */
	cd_scramble(a);
	assert_memory_equal(a, ((uint8_t[2352]){ 0 }), 2352);
}

/* ---- the sub-channel ---------------------------------------------------------------- */

static void test_q_frames(void **state)
{
	(void)state;
	uint8_t q[12], e[12];
	/* position: track 2 index 1, 00:01:05 into it, at LBA 1000 (00:15:25) */
	cd_q_position(q, 0, 2, 1, 80, 1000);
	assert_memory_equal(q, ((uint8_t[]){ 0x01, 0x02, 0x01, 0x00, 0x01, 0x05, 0x00, 0x00, 0x15,
					      0x25 }), 10);
	memcpy(e, q, 12);
	emu_q_crc(e);
	assert_memory_equal(q, e, 12);
	assert_true(cd_q_crc_ok(q));
	q[4] ^= 1;
	assert_false(cd_q_crc_ok(q));
	/* the lead-out */
	cd_q_position(q, CD_CTL_DATA, 0xAA, 1, 0, 300000);
	assert_int_equal(q[0], 0x41);
	assert_int_equal(q[1], 0xAA);
	assert_true(emu_q_crc_ok(q));

	char back[14];
	cd_q_mcn(q, 0, "0400012345678", 1000);
	assert_int_equal(q[0], 0x02);
	assert_int_equal(q[9], 0x25);           /* AFRAME of 00:15:25 */
	assert_true(emu_q_crc_ok(q));
	emu_q_mcn_decode(q, back);
	assert_memory_equal(back, "0400012345678", 13);

	cd_q_isrc(q, CD_CTL_COPY, "GBAYE6400123", 74);
	assert_int_equal(q[0], 0x23);
	assert_true(emu_q_crc_ok(q));
	emu_q_isrc_decode(q, back);
	assert_memory_equal(back, "GBAYE6400123", 12);
	uint8_t r[12];
	memcpy(r, q, 12);
	emu_q_isrc(r, "GBAYE6400123");
	assert_memory_equal(&r[1], &q[1], 8);

	uint8_t msf[3] = { 0x99, 0x01, 0x02 }, pmsf[3] = { 0x01, 0x20, 0x00 };
	cd_q_leadin(q, 1, CD_CTL_DATA, 0xA0, msf, 0, pmsf);
	assert_memory_equal(q, ((uint8_t[]){ 0x41, 0x00, 0xA0, 0x99, 0x01, 0x02, 0x00, 0x01, 0x20,
					      0x00 }), 10);
	assert_true(emu_q_crc_ok(q));

	/* raw P-W: Q MSB first in bit 6, P in bit 7, R-W in the low bits */
	uint8_t pw[96], rw[96];
	memset(rw, 0xFF, sizeof(rw));
	cd_sub_pw(pw, true, q, rw);
	for (int i = 0; i < 96; i++) {
		assert_int_equal(pw[i] & 0x80, 0x80);
		assert_int_equal(pw[i] & 0x3F, 0x3F);
		assert_int_equal(!!(pw[i] & 0x40), !!(q[i / 8] & (0x80 >> (i % 8))));
	}
	cd_sub_pw(pw, false, q, NULL);
	assert_int_equal(pw[0], 0x00);          /* q[0] = 41h: bit 7 clear */
	assert_int_equal(pw[1], 0x40);
}

static void test_codes_valid(void **state)
{
	(void)state;
	assert_true(cd_isrc_valid("DEA123300001"));
	assert_true(cd_isrc_valid("US1234567890"));
	assert_false(cd_isrc_valid("DEA12330000"));
	assert_false(cd_isrc_valid("DEA12330000X"));
	assert_true(cd_mcn_valid("0123456789012"));
	assert_false(cd_mcn_valid("012345678901"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cue_audio_exact),
		cmocka_unit_test(test_cue_mixed_and_xa),
		cmocka_unit_test(test_cue_refused),
		cmocka_unit_test(test_text_rw_block),
		cmocka_unit_test(test_edc),
		cmocka_unit_test(test_sectors),
		cmocka_unit_test(test_scramble),
		cmocka_unit_test(test_q_frames),
		cmocka_unit_test(test_codes_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
