/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_disctype.c — the disc-type table is consistent, and every row
 * answers each consumer: the safety gate (writable), the burn engine (a
 * write method; ECC; the close function), blanking, formatting, the
 * information commands (names). tests/types-emu.sh burns, blanks, formats
 * and describes every writable row on the emulator. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mmc/disctype.h"
#include "mmc/mmc.h"

static void test_every_row(void **state)
{
	for (unsigned i = 0; i < disc_ntypes; i++) {
		const struct disc_type *t = &disc_types[i];
		const char *n = t->name;
		/* found by its profile, and named */
		assert_ptr_equal(disc_type(t->profile), t);
		assert_true(n && *n);
		/* the family follows the profile's range (MMC-6 5.3.1) */
		enum mmc_family want = t->profile < 0x10 ? MMC_FAM_CD :
				       t->profile < 0x40 ? MMC_FAM_DVD : MMC_FAM_BD;
		if (t->family != want)
			fail_msg("%s: family %d", n, t->family);
		assert_true(mmc_family_kbps_1x(t->family) > 0);
		/* ECC blocks: CD sectors, DVD 16, BD 32 */
		unsigned ecc = t->family == MMC_FAM_CD ? 1 : t->family == MMC_FAM_DVD ? 16 : 32;
		if (t->ecc != ecc)
			fail_msg("%s: ecc %u", n, t->ecc);
		assert_true(t->max_x > 0);
		/* the gate lets discburn change exactly the rows it can write */
		if (t->writable != (t->strategies != 0))
			fail_msg("%s: writable without a write method, or the reverse", n);
		if (!t->writable) {
			assert_false(t->erasable || t->overwritable || t->can_simulate ||
				     t->formats || t->format_for_write);
			continue;
		}
		/* overwritable media are written in place and nothing else */
		if (t->overwritable != (t->strategies == DS_OVERWRITE))
			fail_msg("%s: overwritable and its write method disagree", n);
		/* what is closed, is closed with a real function */
		bool closes = t->strategies & (DS_CD_TAO | DS_DVDR_INCR | DS_SEQUENTIAL);
		if (closes != (t->final_close == 2 || t->final_close == 6))
			fail_msg("%s: final close %u", n, t->final_close);
		/* page 05 exists for CD and DVD-R/-RW only (MMC-6 7.5), and so does
		 * simulation */
		if (t->uses_page05 != ((t->strategies & (DS_CD_SAO | DS_DVDR_DAO)) != 0))
			fail_msg("%s: page 05", n);
		if (t->can_simulate && !t->uses_page05)
			fail_msg("%s: simulates without page 05", n);
		/* a blank disc that must be formatted first can be formatted */
		if (t->format_for_write) {
			assert_true(t->overwritable);
			assert_non_null(t->formats);
			assert_int_equal(disc_format_named(t, "")->type, t->format_for_write);
		}
		/* format= names: the first is the default, all are found */
		for (const struct disc_format *f = t->formats; f && f->name; f++) {
			assert_ptr_equal(disc_format_named(t, f->name), f);
			assert_true(f->by_blank ? t->erasable : f->type != 0);
		}
		assert_null(disc_format_named(t, "no-such-format"));
		/* a broken track is blanked away only where BLANK works */
		if (t->reblank_on_failure)
			assert_true(t->erasable && !t->overwritable);
		/* CD tracks last at least 4 s; nothing else has a minimum */
		assert_int_equal(t->min_track, t->family == MMC_FAM_CD ? 300 : 0);
	}
}

static void test_rows_that_must_exist(void **state)
{
	static const uint16_t writable[] = {
		PROF_CD_R, PROF_CD_RW, PROF_DVD_R_SEQ, PROF_DVD_RAM, PROF_DVD_RW_RO,
		PROF_DVD_RW_SEQ, PROF_DVD_R_DL_SEQ, PROF_DVD_PLUS_RW, PROF_DVD_PLUS_R,
		PROF_DVD_PLUS_RW_DL, PROF_DVD_PLUS_R_DL, PROF_BD_R_SRM, PROF_BD_RE,
	};
	for (unsigned i = 0; i < sizeof(writable) / sizeof(writable[0]); i++)
		if (!disc_type(writable[i])->writable)
			fail_msg("profile %04X is not writable", writable[i]);
	static const uint16_t read_only[] = {
		PROF_NONE, PROF_CD_ROM, PROF_DVD_ROM, PROF_BD_ROM, PROF_DVD_R_DL_JUMP,
		PROF_BD_R_RRM, 0x0050 /* HD DVD-ROM */, 0xFFFF,
	};
	for (unsigned i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++)
		assert_false(disc_type(read_only[i])->writable);
	assert_string_equal(disc_type(PROF_NONE)->name, "no medium");
	assert_string_equal(disc_type(0x0050)->name, "unknown");
	/* the one that was forgotten twice */
	assert_int_equal(disc_type(PROF_DVD_PLUS_RW_DL)->format_for_write, 0x26);
}

static void test_ecc_round(void **state)
{
	assert_int_equal(disc_ecc_round(disc_type(PROF_DVD_PLUS_R), 17), 32);
	assert_int_equal(disc_ecc_round(disc_type(PROF_BD_R_SRM), 33), 64);
	assert_int_equal(disc_ecc_round(disc_type(PROF_CD_R), 301), 301);
	/* no wrap near the top of 32 bits */
	assert_true(disc_ecc_round(disc_type(PROF_BD_RE), UINT32_MAX) > UINT32_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row),
		cmocka_unit_test(test_rows_that_must_exist),
		cmocka_unit_test(test_ecc_round),
	};
	return cmocka_run_group_tests_name("disctype", tests, NULL, NULL);
}
