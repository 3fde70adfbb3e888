/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_mmc.c — MMC builders give the exact CDB bytes of the MMC-6 / SPC-4
 * tables; parsers read hand-made answers and never read past what arrived. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/err.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

/* ---- builders ------------------------------------------------------------ */

static void expect_cdb(const struct scsi_cmd *c, const uint8_t *cdb, size_t n,
		       enum scsi_dir dir, const void *data, uint32_t data_len)
{
	assert_int_equal(c->cdb_len, n);
	assert_memory_equal(c->cdb, cdb, n);
	for (size_t i = n; i < SCSI_CDB_MAX; i++)
		assert_int_equal(c->cdb[i], 0);
	assert_int_equal(c->dir, dir);
	assert_ptr_equal(c->data, data);
	assert_int_equal(c->data_len, data_len);
	assert_true(c->timeout_ms > 0);
}

#define CDB(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

static void test_builders_info(void **state)
{
	struct scsi_cmd c;
	uint8_t buf[1024];

	memset(&c, 0xAA, sizeof(c));   /* builders must clear what they do not set */
	mmc_build_test_unit_ready(&c);
	expect_cdb(&c, CDB(0x00, 0, 0, 0, 0, 0), SCSI_DIR_NONE, NULL, 0);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.resid, 0);

	mmc_build_request_sense(&c, buf, 18);
	expect_cdb(&c, CDB(0x03, 0, 0, 0, 18, 0), SCSI_DIR_IN, buf, 18);

	mmc_build_inquiry(&c, buf, 96);
	expect_cdb(&c, CDB(0x12, 0, 0, 0, 0x60, 0), SCSI_DIR_IN, buf, 96);

	mmc_build_get_configuration(&c, 1, 0x002D, buf, 0x0400);
	expect_cdb(&c, CDB(0x46, 0x01, 0x00, 0x2D, 0, 0, 0, 0x04, 0x00, 0), SCSI_DIR_IN, buf, 0x400);

	mmc_build_read_disc_info(&c, buf, 34);
	expect_cdb(&c, CDB(0x51, 0, 0, 0, 0, 0, 0, 0x00, 0x22, 0), SCSI_DIR_IN, buf, 34);

	mmc_build_read_track_info(&c, 1, 0xFF, buf, 48);
	expect_cdb(&c, CDB(0x52, 0x01, 0, 0, 0, 0xFF, 0, 0x00, 0x30, 0), SCSI_DIR_IN, buf, 48);
	mmc_build_read_track_info(&c, 0, 0x00123456, buf, 48);
	expect_cdb(&c, CDB(0x52, 0x00, 0x00, 0x12, 0x34, 0x56, 0, 0x00, 0x30, 0), SCSI_DIR_IN,
		   buf, 48);

	mmc_build_read_toc(&c, 0, false, 0, buf, 804);
	expect_cdb(&c, CDB(0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24, 0), SCSI_DIR_IN, buf, 804);
	mmc_build_read_toc(&c, 1, true, 1, buf, 12);
	expect_cdb(&c, CDB(0x43, 0x02, 0x01, 0, 0, 0, 0x01, 0x00, 0x0C, 0), SCSI_DIR_IN, buf, 12);

	mmc_build_read_capacity(&c, buf);
	expect_cdb(&c, CDB(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0), SCSI_DIR_IN, buf, 8);

	mmc_build_read_format_capacities(&c, buf, 0xFC);
	expect_cdb(&c, CDB(0x23, 0, 0, 0, 0, 0, 0, 0x00, 0xFC, 0), SCSI_DIR_IN, buf, 0xFC);

	mmc_build_mode_sense10(&c, 0x2A, buf, 0x200);
	expect_cdb(&c, CDB(0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x02, 0x00, 0), SCSI_DIR_IN, buf, 0x200);

	mmc_build_read_buffer_capacity(&c, true, buf);
	expect_cdb(&c, CDB(0x5C, 0x01, 0, 0, 0, 0, 0, 0x00, 0x0C, 0), SCSI_DIR_IN, buf, 12);
	mmc_build_read_buffer_capacity(&c, false, buf);
	expect_cdb(&c, CDB(0x5C, 0x00, 0, 0, 0, 0, 0, 0x00, 0x0C, 0), SCSI_DIR_IN, buf, 12);

	mmc_build_get_performance(&c, 0x03, 32, buf, 8 + 16 * 32);
	expect_cdb(&c, CDB(0xAC, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x20, 0x03, 0), SCSI_DIR_IN, buf,
		   8 + 16 * 32);

	mmc_build_get_event_status(&c, true, 0x10, buf, 8);
	expect_cdb(&c, CDB(0x4A, 0x01, 0, 0, 0x10, 0, 0, 0x00, 0x08, 0), SCSI_DIR_IN, buf, 8);

	/* zero allocation: no data phase at all */
	mmc_build_request_sense(&c, buf, 0);
	assert_int_equal(c.dir, SCSI_DIR_NONE);
	assert_null(c.data);
}

static void test_builders_write(void **state)
{
	struct scsi_cmd c;
	uint8_t buf[64];

	mmc_build_mode_select10(&c, buf, 60);
	expect_cdb(&c, CDB(0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x3C, 0), SCSI_DIR_OUT, buf, 60);

	mmc_build_reserve_track(&c, 0x00123456);
	expect_cdb(&c, CDB(0x53, 0, 0, 0, 0, 0x00, 0x12, 0x34, 0x56, 0), SCSI_DIR_NONE, NULL, 0);

	mmc_build_send_cue_sheet(&c, buf, 32);
	expect_cdb(&c, CDB(0x5D, 0, 0, 0, 0, 0, 0x00, 0x00, 0x20, 0), SCSI_DIR_OUT, buf, 32);

	mmc_build_write10(&c, 0x01020304, 16, buf, 32768);
	expect_cdb(&c, CDB(0x2A, 0, 0x01, 0x02, 0x03, 0x04, 0, 0x00, 0x10, 0), SCSI_DIR_OUT, buf,
		   32768);
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_WRITE_MS);
	mmc_build_write10(&c, (uint32_t)-150, 1, buf, 2048);
	expect_cdb(&c, CDB(0x2A, 0, 0xFF, 0xFF, 0xFF, 0x6A, 0, 0x00, 0x01, 0), SCSI_DIR_OUT, buf,
		   2048);

	mmc_build_write12(&c, 5, 0x00012345, buf, 64);
	expect_cdb(&c, CDB(0xAA, 0, 0, 0, 0, 0x05, 0x00, 0x01, 0x23, 0x45, 0, 0), SCSI_DIR_OUT,
		   buf, 64);

	mmc_build_read10(&c, 7, 2, buf, 4096);
	expect_cdb(&c, CDB(0x28, 0, 0, 0, 0, 0x07, 0, 0x00, 0x02, 0), SCSI_DIR_IN, buf, 4096);
	mmc_build_read12(&c, 7, 2, buf, 4096);
	expect_cdb(&c, CDB(0xA8, 0, 0, 0, 0, 0x07, 0, 0, 0, 0x02, 0, 0), SCSI_DIR_IN, buf, 4096);

	mmc_build_synchronize_cache(&c, true);
	expect_cdb(&c, CDB(0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0), SCSI_DIR_NONE, NULL, 0);
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_SHORT_MS);
	mmc_build_synchronize_cache(&c, false);
	expect_cdb(&c, CDB(0x35, 0x00, 0, 0, 0, 0, 0, 0, 0, 0), SCSI_DIR_NONE, NULL, 0);
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_LONG_MS);

	mmc_build_close_track_session(&c, true, 1, 3);
	expect_cdb(&c, CDB(0x5B, 0x01, 0x01, 0, 0x00, 0x03, 0, 0, 0, 0), SCSI_DIR_NONE, NULL, 0);
	mmc_build_close_track_session(&c, false, 6, 0);
	expect_cdb(&c, CDB(0x5B, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0), SCSI_DIR_NONE, NULL, 0);
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_LONG_MS);

	mmc_build_set_cd_speed(&c, 0xFFFF, 0x0E10);
	expect_cdb(&c, CDB(0xBB, 0, 0xFF, 0xFF, 0x0E, 0x10, 0, 0, 0, 0, 0, 0), SCSI_DIR_NONE,
		   NULL, 0);

	mmc_build_set_streaming(&c, buf, 28);
	expect_cdb(&c, CDB(0xB6, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x1C, 0), SCSI_DIR_OUT, buf, 28);

	mmc_build_start_stop(&c, false, false, true);
	expect_cdb(&c, CDB(0x1B, 0, 0, 0, 0x02, 0), SCSI_DIR_NONE, NULL, 0);
	mmc_build_start_stop(&c, false, true, true);
	expect_cdb(&c, CDB(0x1B, 0, 0, 0, 0x03, 0), SCSI_DIR_NONE, NULL, 0);
	mmc_build_start_stop(&c, true, false, false);
	expect_cdb(&c, CDB(0x1B, 0x01, 0, 0, 0x00, 0), SCSI_DIR_NONE, NULL, 0);

	mmc_build_prevent_allow(&c, true);
	expect_cdb(&c, CDB(0x1E, 0, 0, 0, 0x01, 0), SCSI_DIR_NONE, NULL, 0);
	mmc_build_prevent_allow(&c, false);
	expect_cdb(&c, CDB(0x1E, 0, 0, 0, 0x00, 0), SCSI_DIR_NONE, NULL, 0);

	mmc_build_blank(&c, true, 1, 0);
	expect_cdb(&c, CDB(0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), SCSI_DIR_NONE, NULL, 0);
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_SHORT_MS);
	mmc_build_blank(&c, false, 2, 5);
	expect_cdb(&c, CDB(0xA1, 0x02, 0, 0, 0, 0x05, 0, 0, 0, 0, 0, 0), SCSI_DIR_NONE, NULL, 0);
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_LONG_MS);
}

static void test_parameter_lists(void **state)
{
	uint8_t d[28];
	mmc_fill_streaming_descriptor(d, 0x0023053F, 11080, 5540);
	const uint8_t want_d[28] = {
		0, 0, 0, 0,  0, 0, 0, 0,  0x00, 0x23, 0x05, 0x3F,
		0x00, 0x00, 0x2B, 0x48,  0x00, 0x00, 0x03, 0xE8,
		0x00, 0x00, 0x15, 0xA4,  0x00, 0x00, 0x03, 0xE8,
	};
	assert_memory_equal(d, want_d, 28);

	uint8_t f[12];
	mmc_fill_format_descriptor(f, true, 0x00230540, 0x26, 0);
	const uint8_t want_f[12] = { 0, 0x82, 0x00, 0x08, 0x00, 0x23, 0x05, 0x40, 0x98, 0, 0, 0 };
	assert_memory_equal(f, want_f, 12);
	mmc_fill_format_descriptor(f, false, 0xFFFFFFFF, 0x00, 2048);
	const uint8_t want_g[12] = { 0, 0x00, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
				     0x00, 0x08, 0x00 };
	assert_memory_equal(f, want_g, 12);

	struct scsi_cmd c;
	mmc_fill_format_descriptor(f, true, 1, 0, 0);
	mmc_build_format_unit(&c, f, sizeof(f));
	expect_cdb(&c, CDB(0x04, 0x11, 0, 0, 0, 0), SCSI_DIR_OUT, f, 12);
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_SHORT_MS);
	mmc_fill_format_descriptor(f, false, 1, 0, 0);
	mmc_build_format_unit(&c, f, sizeof(f));
	assert_int_equal(c.timeout_ms, MMC_TIMEOUT_LONG_MS);
}

/* ---- profiles, addressing, cue sheet ------------------------------------- */

static void test_profiles(void **state)
{
	assert_string_equal(disc_type(PROF_DVD_PLUS_R)->name, "DVD+R");
	assert_string_equal(disc_type(PROF_CD_RW)->name, "CD-RW");
	assert_string_equal(disc_type(PROF_BD_RE)->name, "BD-RE");
	assert_string_equal(disc_type(0x1234)->name, "unknown");
	assert_string_equal(disc_type(PROF_NONE)->name, "no medium");
	assert_int_equal(disc_type(PROF_CD_R)->family, MMC_FAM_CD);
	assert_int_equal(disc_type(PROF_DVD_PLUS_R_DL)->family, MMC_FAM_DVD);
	assert_int_equal(disc_type(PROF_DVD_RW_RO)->family, MMC_FAM_DVD);
	assert_int_equal(disc_type(PROF_BD_R_SRM)->family, MMC_FAM_BD);
	assert_int_equal(disc_type(PROF_NONE)->family, MMC_FAM_NONE);
	assert_int_equal(disc_type(0x0050)->family, MMC_FAM_NONE);
	assert_int_equal(mmc_family_kbps_1x(MMC_FAM_CD), 176);
	assert_int_equal(mmc_family_kbps_1x(MMC_FAM_DVD), 1385);
	assert_int_equal(mmc_family_kbps_1x(MMC_FAM_BD), 4495);
	assert_int_equal(mmc_family_kbps_1x(MMC_FAM_NONE), 0);
}

static void expect_msf(int32_t lba, uint8_t m, uint8_t s, uint8_t f)
{
	uint8_t gm, gs, gf;
	mmc_lba_to_msf(lba, &gm, &gs, &gf);
	assert_int_equal(gm, m);
	assert_int_equal(gs, s);
	assert_int_equal(gf, f);
	assert_int_equal(mmc_msf_to_lba(m, s, f), lba);
}

static void test_msf(void **state)
{
	expect_msf(0, 0, 2, 0);
	expect_msf(-150, 0, 0, 0);
	expect_msf(1, 0, 2, 1);
	expect_msf(75 * 60 - 150, 1, 0, 0);
	expect_msf(404849, 89, 59, 74);
	expect_msf(-151, 99, 59, 74);
	expect_msf(-45150, 90, 0, 0);
	expect_msf(-11635, 97, 26, 65);
	/* any LBA a drive may report, without overflow (UBSan watches) and
	 * clamped to what M:S:F can hold */
	uint8_t m, s, f;
	mmc_lba_to_msf(0x7FFFFFFF, &m, &s, &f);
	assert_true(m == 255 && s == 59 && f == 74);
	mmc_lba_to_msf(0x7FFFFFFF - 100, &m, &s, &f);
	assert_true(m == 255 && s == 59 && f == 74);
	mmc_lba_to_msf(INT32_MIN, &m, &s, &f);
	assert_true(m == 0 && s == 0 && f == 0);
	mmc_lba_to_msf(256 * 60 * 75 - 151, &m, &s, &f);
	assert_true(m == 255 && s == 59 && f == 74);
	mmc_lba_to_msf(256 * 60 * 75 - 152, &m, &s, &f);
	assert_true(m == 255 && s == 59 && f == 73);
	for (int32_t lba = -45150; lba <= 404849; lba += 7) {
		mmc_lba_to_msf(lba, &m, &s, &f);
		assert_true(s < 60 && f < 75 && m < 100);
		assert_int_equal(mmc_msf_to_lba(m, s, f), lba);
	}
}

static void test_cue_sheet(void **state)
{
	uint8_t cue[40];
	memset(cue, 0xEE, sizeof(cue));
	assert_int_equal(mmc_cue_single_data_track(cue, sizeof(cue), 1000), 32);
	/* CTL/ADR, TNO, INDEX, FORM, SCMS, MIN, SEC, FRAME (MMC-6 6.33.3): the
	 * drive generates lead-in and lead-out (14h), the host sends the pregap
	 * and the track (10h), byte for byte what libburn and cdrdao send */
	const uint8_t want[32] = {
		0x41, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,   /* lead-in */
		0x41, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,   /* pregap 00:00:00 */
		0x41, 0x01, 0x01, 0x10, 0x00, 0x00, 0x02, 0x00,   /* track 1 at 00:02:00 */
		0x41, 0xAA, 0x01, 0x14, 0x00, 0x00, 0x0F, 0x19,   /* lead-out 00:15:25 */
	};
	assert_memory_equal(cue, want, 32);
	assert_int_equal(cue[32], 0xEE);

	/* a 650 MB image: 333000 blocks, lead-out at LBA 333000 = 74:02:00 */
	assert_int_equal(mmc_cue_single_data_track(cue, 32, 333000), 32);
	assert_int_equal(cue[29], 74);
	assert_int_equal(cue[30], 2);
	assert_int_equal(cue[31], 0);

	assert_int_equal(mmc_cue_single_data_track(cue, 31, 1000), 0);
	assert_int_equal(mmc_cue_single_data_track(cue, 32, 299), 0);
	assert_int_equal(mmc_cue_single_data_track(cue, 32, 300), 32);
	assert_int_equal(mmc_cue_single_data_track(cue, 32, 404849), 32);
	assert_int_equal(mmc_cue_single_data_track(cue, 32, 404850), 0);
}

/* ---- sample answers ------------------------------------------------------ */

static const uint8_t inquiry_ans[36] = {
	0x05, 0x80, 0x05, 0x32, 0x1F, 0, 0, 0,
	'H', 'L', '-', 'D', 'T', '-', 'S', 'T',
	'D', 'V', 'D', 'R', 'A', 'M', ' ', 'G', 'H', '2', '4', 'N', 'S', 'D', '1', ' ',
	'L', 'G', '0', '0',
};

static const uint8_t config_ans[52] = {
	0x00, 0x00, 0x00, 0x30, 0, 0, 0x00, 0x1B,
	0x00, 0x00, 0x03, 0x0C,                 /* Profile List, 3 profiles */
	0x00, 0x1B, 0x01, 0x00,  0x00, 0x1A, 0x00, 0x00,  0x00, 0x09, 0x00, 0x00,
	0x00, 0x2D, 0x09, 0x04,  0x46, 0, 0, 0, /* CD TAO: BUF, test write, CD-RW */
	0x00, 0x2B, 0x01, 0x04,  0x01, 0, 0, 0, /* DVD+R: Write */
	0x01, 0x07, 0x01, 0x04,  0, 0, 0, 0,    /* Real Time Streaming */
	0x00, 0x41, 0x01, 0x00,                 /* BD Write, no data */
};

static const uint8_t disc_info_ans[34] = {
	0x00, 0x20, 0x15, 0x01, 0x02, 0x03, 0x04, 0x02,
	0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0,
	0x00, 0x61, 0x1A, 0x41,  0x00, 0x4F, 0x3B, 0x4A,
};

static const uint8_t track_info_ans[48] = {
	0x00, 0x2E, 0x01, 0x01, 0x00, 0x04, 0x41, 0x03,
	0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x10,
	0x00, 0x23, 0x05, 0x40,  0x00, 0x00, 0x00, 0x20,
	0x00, 0x23, 0x05, 0x50,  0x00, 0x00, 0x00, 0x0F,
	0x01, 0x00,
};

static const uint8_t capacity_ans[8] = { 0x00, 0x23, 0x05, 0x3F, 0x00, 0x00, 0x08, 0x00 };

static const uint8_t buffer_ans[12] = {
	0x00, 0x0A, 0, 0,  0x00, 0x20, 0x00, 0x00,  0x00, 0x10, 0x00, 0x00,
};

static const uint8_t speeds_ans[8 + 48] = {
	0x00, 0x00, 0x00, 0x34, 0x02, 0, 0, 0,
	0, 0, 0, 0,  0x00, 0x23, 0x05, 0x3F,  0x00, 0x00, 0x2B, 0x50,  0x00, 0x00, 0x2B, 0x50,
	0, 0, 0, 0,  0x00, 0x23, 0x05, 0x3F,  0x00, 0x00, 0x2B, 0x50,  0x00, 0x00, 0x15, 0xA8,
	0, 0, 0, 0,  0x00, 0x23, 0x05, 0x3F,  0x00, 0x00, 0x2B, 0x50,  0x00, 0x00, 0x2B, 0x50,
};

/* MODE SENSE(10) page 05 with an 8-byte block descriptor and PS set */
static const uint8_t page05_ans[8 + 8 + 52] = {
	0x00, 0x42, 0, 0, 0, 0, 0x00, 0x08,
	0, 0, 0, 0, 0, 0, 0x08, 0x00,
	0x85, 0x32, 0x52, 0xC4, 0x08, 0x07, 0x00, 0x00,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x96,
	'1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1', '2', '3', 0, 0, 0,
	'U', 'S', 'A', 'B', 'C', '9', '9', '0', '0', '0', '0', '1', 0, 0, 0, 0,
	0x00, 0x00, 0x08, 0x00,
};

static const uint8_t page2a_ans[8 + 40] = {
	0x00, 0x2E, 0, 0, 0, 0, 0x00, 0x00,
	0x2A, 0x26, 0x3B, 0x37, 0xC0, 0x80, 0x09, 0x00,
	0x22, 0x83, 0x01, 0x00, 0x08, 0x00, 0x22, 0x83,
	0x00, 0x00, 0x1B, 0x90, 0x0B, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x1B, 0x90, 0x00, 0x02,
	0x00, 0x00, 0x22, 0x98,  0x00, 0x00, 0x0B, 0x06,
};

static const uint8_t toc_ans[4 + 24] = {
	0x00, 0x1A, 0x01, 0x02,
	0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x10, 0x00,
	0x00, 0x16, 0xAA, 0x00, 0x00, 0x00, 0x20, 0x00,
};

static const uint8_t session_ans[12] = {
	0x00, 0x0A, 0x01, 0x02, 0x00, 0x14, 0x03, 0x00, 0x00, 0x00, 0x30, 0x00,
};

static const uint8_t formats_ans[4 + 24] = {
	0x00, 0x00, 0x00, 0x18,
	0x00, 0x23, 0x05, 0x40, 0x02, 0x00, 0x08, 0x00,
	0x00, 0x23, 0x05, 0x40, 0x98, 0x00, 0x00, 0x00,
	0x00, 0x11, 0x22, 0x33, 0x00, 0x00, 0x08, 0x00,
};

static const uint8_t event_ans[8] = { 0x00, 0x06, 0x04, 0x10, 0x02, 0x02, 0x00, 0x00 };

/* ---- one parser interface, for the truncation sweep ---------------------- */

union any_out {
	struct mmc_inquiry inq;
	struct mmc_config cfg;
	struct mmc_disc_info di;
	struct mmc_track_info ti;
	struct mmc_capacity cap;
	struct mmc_buffer_cap bc;
	struct mmc_speeds sp;
	struct mmc_write_params wp;
	struct mmc_caps caps;
	struct mmc_toc toc;
	struct mmc_session_info si;
	struct mmc_format_caps fc;
	struct mmc_event_media ev;
};

typedef int (*parse_fn)(const uint8_t *buf, size_t len, union any_out *o);

static int p_inq(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_inquiry(b, l, &o->inq); }
static int p_cfg(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_configuration(b, l, &o->cfg); }
static int p_di(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_disc_info(b, l, &o->di); }
static int p_ti(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_track_info(b, l, &o->ti); }
static int p_cap(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_read_capacity(b, l, &o->cap); }
static int p_bc(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_buffer_capacity(b, l, false, &o->bc); }
static int p_sp(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_write_speeds(b, l, &o->sp); }
static int p_wp(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_write_params(b, l, &o->wp); }
static int p_caps(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_caps(b, l, &o->caps); }
static int p_toc(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_toc(b, l, &o->toc); }
static int p_si(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_session_info(b, l, &o->si); }
static int p_fc(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_format_capacities(b, l, &o->fc); }
static int p_ev(const uint8_t *b, size_t l, union any_out *o) { return mmc_parse_event_media(b, l, &o->ev); }

static const struct parser_case {
	const char *name;
	parse_fn fn;
	const uint8_t *sample;
	size_t n;
	size_t min_ok;          /* shortest length that parses */
	size_t len_off, len_size; /* the response's own length field */
} cases[] = {
	{ "inquiry", p_inq, inquiry_ans, sizeof(inquiry_ans), 5, 4, 1 },
	{ "configuration", p_cfg, config_ans, sizeof(config_ans), 8, 0, 4 },
	{ "disc info", p_di, disc_info_ans, sizeof(disc_info_ans), 24, 0, 2 },
	{ "track info", p_ti, track_info_ans, sizeof(track_info_ans), 28, 0, 2 },
	{ "capacity", p_cap, capacity_ans, sizeof(capacity_ans), 8, 0, 0 },
	{ "buffer capacity", p_bc, buffer_ans, sizeof(buffer_ans), 12, 0, 2 },
	{ "write speeds", p_sp, speeds_ans, sizeof(speeds_ans), 8, 0, 4 },
	{ "page 05", p_wp, page05_ans, sizeof(page05_ans), 32, 0, 2 },
	{ "page 2A", p_caps, page2a_ans, sizeof(page2a_ans), 30, 0, 2 },
	{ "toc", p_toc, toc_ans, sizeof(toc_ans), 4, 0, 2 },
	{ "session info", p_si, session_ans, sizeof(session_ans), 12, 0, 2 },
	{ "format capacities", p_fc, formats_ans, sizeof(formats_ans), 12, 3, 1 },
	{ "event media", p_ev, event_ans, sizeof(event_ans), 6, 0, 2 },
};

/* Each parser is handed every prefix of its sample in a buffer of exactly
 * that size, so AddressSanitizer sees any read past the transferred bytes. */
static void test_truncation_sweep(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parser_case *pc = &cases[i];
		for (size_t len = 0; len <= pc->n; len++) {
			uint8_t *copy = malloc(len ? len : 1);
			assert_non_null(copy);
			memcpy(copy, pc->sample, len);
			union any_out o;
			int rc = pc->fn(len ? copy : NULL, len, &o);
			if (rc != (len < pc->min_ok ? DB_ESHORT : 0))
				fail_msg("%s: length %zu gave %d", pc->name, len, rc);
			free(copy);
		}
	}
}

/* A length field claiming far more than arrived must not widen the window. */
static void test_lying_length_fields(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parser_case *pc = &cases[i];
		if (!pc->len_size)
			continue;
		for (size_t len = 0; len <= pc->n; len++) {
			uint8_t *copy = malloc(len ? len : 1);
			assert_non_null(copy);
			memcpy(copy, pc->sample, len);
			for (size_t k = 0; k < pc->len_size; k++)
				if (pc->len_off + k < len)
					copy[pc->len_off + k] = 0xFF;
			union any_out o;
			int rc = pc->fn(len ? copy : NULL, len, &o);
			if (rc != 0 && rc != DB_ESHORT && rc != DB_EINVAL)
				fail_msg("%s: length %zu gave %d", pc->name, len, rc);
			free(copy);
		}
	}
}

/* ---- parsed values ------------------------------------------------------- */

static void test_parse_inquiry(void **state)
{
	struct mmc_inquiry q;
	assert_int_equal(mmc_parse_inquiry(inquiry_ans, sizeof(inquiry_ans), &q), 0);
	assert_int_equal(q.peripheral_type, 5);
	assert_int_equal(q.qualifier, 0);
	assert_true(q.removable);
	assert_string_equal(q.vendor, "HL-DT-ST");
	assert_string_equal(q.model, "DVDRAM GH24NSD1");
	assert_string_equal(q.revision, "LG00");

	/* a hard disk answers type 0 */
	uint8_t disk[36];
	memcpy(disk, inquiry_ans, sizeof(disk));
	disk[0] = 0x00;
	assert_int_equal(mmc_parse_inquiry(disk, sizeof(disk), &q), 0);
	assert_int_equal(q.peripheral_type, 0);

	/* additional length says 20 bytes: the model is cut at byte 24 */
	disk[4] = 20;
	assert_int_equal(mmc_parse_inquiry(disk, sizeof(disk), &q), 0);
	assert_string_equal(q.vendor, "HL-DT-ST");
	assert_string_equal(q.model, "DVDRAM GH");
	assert_string_equal(q.revision, "");
}

static void test_parse_configuration(void **state)
{
	struct mmc_config c;
	assert_int_equal(mmc_parse_configuration(config_ans, sizeof(config_ans), &c), 0);
	assert_int_equal(c.current_profile, PROF_DVD_PLUS_R);
	assert_int_equal(c.nprofiles, 3);
	assert_int_equal(c.profiles[0], PROF_DVD_PLUS_R);
	assert_int_equal(c.profiles[1], PROF_DVD_PLUS_RW);
	assert_int_equal(c.profiles[2], PROF_CD_R);
	assert_true(c.f_cd_tao);
	assert_true(c.f_burnfree);
	assert_true(c.f_test_write);
	assert_true(c.f_blank);
	assert_true(c.f_dvd_plus_r);
	assert_true(c.f_rt_streaming);
	assert_true(c.f_bd_write);
	assert_false(c.f_cd_sao);
	assert_false(c.f_dvd_plus_rw);
	assert_false(c.f_dvd_minus_write);
	assert_false(c.f_incremental);

	/* cut in the middle of the CD TAO descriptor: the profile list stays */
	assert_int_equal(mmc_parse_configuration(config_ans, 8 + 16 + 6, &c), 0);
	assert_int_equal(c.nprofiles, 3);
	assert_false(c.f_cd_tao);

	/* the header declares only the profile list: later bytes are ignored */
	uint8_t short_decl[sizeof(config_ans)];
	memcpy(short_decl, config_ans, sizeof(short_decl));
	short_decl[3] = 4 + 16;
	assert_int_equal(mmc_parse_configuration(short_decl, sizeof(short_decl), &c), 0);
	assert_int_equal(c.nprofiles, 3);
	assert_false(c.f_cd_tao);
	assert_false(c.f_bd_write);
}

static void test_parse_disc_and_track(void **state)
{
	struct mmc_disc_info di;
	assert_int_equal(mmc_parse_disc_info(disc_info_ans, sizeof(disc_info_ans), &di), 0);
	assert_int_equal(di.status, DISC_APPENDABLE);
	assert_int_equal(di.last_session_state, 1);
	assert_true(di.erasable);
	assert_int_equal(di.first_track, 1);
	assert_int_equal(di.sessions, 2);
	assert_int_equal(di.first_track_last_session, 3);
	assert_int_equal(di.last_track_last_session, 4);
	assert_int_equal(di.bg_format_status, 2);
	assert_int_equal(di.last_session_leadin, 0x00611A41);
	int32_t lba;
	assert_true(mmc_disc_addr_lba(di.last_session_leadin, true, &lba));
	assert_int_equal(lba, -11635);
	assert_true(mmc_disc_addr_lba(di.last_leadout_start, true, &lba));
	assert_int_equal(lba, 359849);
	assert_true(mmc_disc_addr_lba(0x00234000, false, &lba));
	assert_int_equal(lba, 0x234000);
	assert_false(mmc_disc_addr_lba(0xFFFFFFFF, true, &lba));
	assert_false(mmc_disc_addr_lba(0xFFFFFFFF, false, &lba));
	assert_false(mmc_disc_addr_lba(0x00103C00, true, &lba));     /* 60 seconds */

	uint8_t b[34];
	memcpy(b, disc_info_ans, sizeof(b));
	b[1] = 0x0A;            /* declares 12 bytes: not enough */
	assert_int_equal(mmc_parse_disc_info(b, sizeof(b), &di), DB_ESHORT);
	b[1] = 0x20;
	b[9] = 0x01;            /* sessions MSB */
	assert_int_equal(mmc_parse_disc_info(b, sizeof(b), &di), 0);
	assert_int_equal(di.sessions, 0x0102);

	struct mmc_track_info ti;
	assert_int_equal(mmc_parse_track_info(track_info_ans, sizeof(track_info_ans), &ti), 0);
	assert_int_equal(ti.track, 0x0101);
	assert_int_equal(ti.session, 1);
	assert_int_equal(ti.track_mode, 4);
	assert_int_equal(ti.data_mode, 1);
	assert_true(ti.blank);
	assert_false(ti.damage);
	assert_false(ti.packet);
	assert_true(ti.nwa_valid);
	assert_true(ti.lra_valid);
	assert_int_equal(ti.nwa, 0x10);
	assert_int_equal(ti.free_blocks, 0x00230540);
	assert_int_equal(ti.fixed_packet_size, 0x20);
	assert_int_equal(ti.size, 0x00230550);
	assert_int_equal(ti.lra, 0x0F);

	/* 28 bytes: no LRA, no MSBs */
	assert_int_equal(mmc_parse_track_info(track_info_ans, 28, &ti), 0);
	assert_false(ti.lra_valid);
	assert_int_equal(ti.track, 1);
	assert_int_equal(ti.size, 0x00230550);
}

static void test_parse_small(void **state)
{
	struct mmc_capacity cap;
	assert_int_equal(mmc_parse_read_capacity(capacity_ans, 8, &cap), 0);
	assert_int_equal(cap.last_lba, 0x0023053F);
	assert_int_equal(cap.block_len, 2048);

	struct mmc_buffer_cap bc;
	assert_int_equal(mmc_parse_buffer_capacity(buffer_ans, 12, false, &bc), 0);
	assert_int_equal(bc.size, 2 * 1024 * 1024);
	assert_int_equal(bc.free, 1024 * 1024);

	struct mmc_speeds sp;
	assert_int_equal(mmc_parse_write_speeds(speeds_ans, sizeof(speeds_ans), &sp), 0);
	assert_int_equal(sp.n, 2);      /* the repeated 11088 is dropped */
	assert_int_equal(sp.write_kbps[0], 11088);
	assert_int_equal(sp.write_kbps[1], 5544);
	assert_int_equal(sp.end_lba[0], 0x0023053F);
	/* the header declares one descriptor */
	uint8_t b[sizeof(speeds_ans)];
	memcpy(b, speeds_ans, sizeof(b));
	b[3] = 4 + 16;
	assert_int_equal(mmc_parse_write_speeds(b, sizeof(b), &sp), 0);
	assert_int_equal(sp.n, 1);

	struct mmc_toc toc;
	assert_int_equal(mmc_parse_toc(toc_ans, sizeof(toc_ans), &toc), 0);
	assert_int_equal(toc.first, 1);
	assert_int_equal(toc.last, 2);
	assert_int_equal(toc.n, 3);
	assert_int_equal(toc.e[1].track, 2);
	assert_int_equal(toc.e[1].adr_ctl, 0x14);
	assert_int_equal(toc.e[1].lba, 0x1000);
	assert_int_equal(toc.e[2].track, 0xAA);
	assert_int_equal(toc.e[2].lba, 0x2000);
	uint8_t t[sizeof(toc_ans)];
	memcpy(t, toc_ans, sizeof(t));
	t[1] = 0x12;
	assert_int_equal(mmc_parse_toc(t, sizeof(t), &toc), 0);
	assert_int_equal(toc.n, 2);

	struct mmc_session_info si;
	assert_int_equal(mmc_parse_session_info(session_ans, sizeof(session_ans), &si), 0);
	assert_int_equal(si.first_session, 1);
	assert_int_equal(si.last_session, 2);
	assert_int_equal(si.first_track_last, 3);
	assert_int_equal(si.lba, 0x3000);

	struct mmc_format_caps fc;
	assert_int_equal(mmc_parse_format_capacities(formats_ans, sizeof(formats_ans), &fc), 0);
	assert_int_equal(fc.cur_blocks, 0x00230540);
	assert_int_equal(fc.cur_type, 2);
	assert_int_equal(fc.n, 2);
	assert_int_equal(fc.d[0].format_type, 0x26);
	assert_int_equal(fc.d[0].blocks, 0x00230540);
	assert_int_equal(fc.d[1].format_type, 0);
	assert_int_equal(fc.d[1].blocks, 0x00112233);
	assert_int_equal(fc.d[1].param, 2048);

	struct mmc_event_media ev;
	assert_int_equal(mmc_parse_event_media(event_ans, sizeof(event_ans), &ev), 0);
	assert_true(ev.valid);
	assert_false(ev.nea);
	assert_int_equal(ev.event, 2);
	assert_true(ev.present);
	assert_false(ev.tray_open);
	const uint8_t nea[4] = { 0x00, 0x02, 0x80, 0x10 };
	assert_int_equal(mmc_parse_event_media(nea, sizeof(nea), &ev), 0);
	assert_true(ev.nea);
	assert_false(ev.valid);
}

static void test_write_params(void **state)
{
	struct mmc_write_params wp;
	assert_int_equal(mmc_parse_write_params(page05_ans, sizeof(page05_ans), &wp), 0);
	assert_int_equal(wp.write_type, WT_SAO);
	assert_true(wp.test_write);
	assert_true(wp.bufe);
	assert_false(wp.ls_v);
	assert_int_equal(wp.multisession, 3);
	assert_false(wp.fp);
	assert_int_equal(wp.track_mode, 4);
	assert_int_equal(wp.data_block_type, 8);
	assert_int_equal(wp.session_format, 0x20);
	assert_int_equal(wp.packet_size, 16);
	assert_int_equal(wp.audio_pause, 150);

	/* another page in the answer is not page 05 */
	uint8_t other[sizeof(page2a_ans)];
	memcpy(other, page2a_ans, sizeof(other));
	assert_int_equal(mmc_parse_write_params(other, sizeof(other), &wp), DB_EINVAL);

	/* patch: only our fields change, PS is cleared */
	uint8_t page[52];
	memcpy(page, page05_ans + 16, sizeof(page));
	struct mmc_write_params np = {
		.write_type = WT_TAO, .bufe = true, .track_mode = 4, .data_block_type = 8,
		.audio_pause = 150,
	};
	mmc_patch_write_params(page, &np);
	assert_int_equal(page[0], 0x05);
	assert_int_equal(page[1], 0x32);
	assert_int_equal(page[2], 0x41);
	assert_int_equal(page[3], 0x04);
	assert_int_equal(page[4], 0x08);
	assert_int_equal(page[5], 0x07);        /* link size kept */
	assert_int_equal(page[8], 0x00);
	assert_memory_equal(page + 10, ((const uint8_t[]){ 0, 0, 0, 0, 0x00, 0x96 }), 6);
	assert_memory_equal(page + 16, page05_ans + 32, 52 - 16);  /* MCN, ISRC, subheader */

	uint8_t list[8 + 0x34];
	assert_int_equal(mmc_fill_write_params(list, sizeof(list) - 1, &np), 0);
	assert_int_equal(mmc_fill_write_params(list, sizeof(list), &np), sizeof(list));
	for (int i = 0; i < 8; i++)
		assert_int_equal(list[i], 0);
	assert_int_equal(list[8], 0x05);
	assert_int_equal(list[9], 0x32);
	assert_int_equal(list[10], 0x41);
	/* and the list it builds parses back as the same parameters, once it
	 * carries a MODE SENSE length */
	list[1] = sizeof(list) - 2;
	struct mmc_write_params back;
	assert_int_equal(mmc_parse_write_params(list, sizeof(list), &back), 0);
	assert_int_equal(back.write_type, WT_TAO);
	assert_true(back.bufe);
	assert_false(back.test_write);
	assert_int_equal(back.multisession, 0);
	assert_int_equal(back.track_mode, 4);
	assert_int_equal(back.data_block_type, 8);
	assert_int_equal(back.audio_pause, 150);
}

/* The CD fields of page 05: the copy bit, MCN, ISRC, the XA sub-header;
 * written only when asked, read back by the parser. */
static void test_write_codes(void **state)
{
	(void)state;
	uint8_t page[52];
	memset(page, 0xEE, sizeof(page));
	page[0] = 0x05;
	page[1] = 0x32;
	page[3] = 0xC4;
	struct mmc_write_params p = { .codes = true, .copy = true, .mcn = "0123456789012",
				      .isrc = "GBAYE6400123", .subheader = { 1, 2, 8, 4 } };
	assert_false(mmc_patch_write_codes(page, 51, &p));
	assert_int_equal(page[16], 0xEE);       /* nothing written into a short page */
	assert_true(mmc_patch_write_codes(page, sizeof(page), &p));
	assert_int_equal(page[3], 0xD4);        /* the copy bit alone changed */
	static const uint8_t want[36] = {
		0x80, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1', '2', 0, 0,
		0x80, 'G', 'B', 'A', 'Y', 'E', '6', '4', '0', '0', '1', '2', '3', 0, 0, 0,
		1, 2, 8, 4,
	};
	assert_memory_equal(page + 16, want, sizeof(want));
	uint8_t ans[8 + 52] = { 0, 8 + 52 - 2 };
	memcpy(ans + 8, page, 52);
	struct mmc_write_params back;
	assert_int_equal(mmc_parse_write_params(ans, sizeof(ans), &back), 0);
	assert_true(back.copy);
	assert_string_equal(back.mcn, "0123456789012");
	assert_string_equal(back.isrc, "GBAYE6400123");
	assert_memory_equal(back.subheader, p.subheader, 4);
	/* no codes: MCVAL and TCVAL cleared */
	struct mmc_write_params none = { .codes = true };
	assert_true(mmc_patch_write_codes(page, sizeof(page), &none));
	assert_int_equal(page[3], 0xC4);
	assert_int_equal(page[16], 0);
	assert_int_equal(page[32], 0);
	memcpy(ans + 8, page, 52);
	assert_int_equal(mmc_parse_write_params(ans, sizeof(ans), &back), 0);
	assert_string_equal(back.mcn, "");
	assert_string_equal(back.isrc, "");
	/* the filled list carries them only with codes */
	uint8_t list[8 + 0x34];
	assert_int_equal(mmc_fill_write_params(list, sizeof(list), &p), sizeof(list));
	assert_int_equal(list[8 + 16], 0x80);
	p.codes = false;
	assert_int_equal(mmc_fill_write_params(list, sizeof(list), &p), sizeof(list));
	assert_int_equal(list[8 + 16], 0);
}

static void test_atip_manufacturer(void **state)
{
	(void)state;
	/* the seconds and the frame's tens name the maker, its last digit the dye */
	assert_string_equal(mmc_atip_manufacturer(97, 24, 0), "Taiyo Yuden Company Limited");
	assert_string_equal(mmc_atip_manufacturer(97, 46, 4), "Taiyo Yuden Company Limited");
	assert_string_equal(mmc_atip_manufacturer(97, 26, 66), "CMC Magnetics Corporation");
	assert_string_equal(mmc_atip_manufacturer(97, 15, 10), "Ritek Co.");
	assert_string_equal(mmc_atip_manufacturer(97, 32, 19), "Prodisc Technology Inc.");
	/* a code of no manufacturer, another minute, nonsense */
	assert_null(mmc_atip_manufacturer(97, 40, 0));
	assert_null(mmc_atip_manufacturer(96, 24, 0));
	assert_null(mmc_atip_manufacturer(97, 24, 99));
	assert_null(mmc_atip_manufacturer(97, 5, 10));
	assert_true(mmc_atip_long_strategy(60));
	assert_false(mmc_atip_long_strategy(66));
}

static void test_caps(void **state)
{
	struct mmc_caps c;
	assert_int_equal(mmc_parse_caps(page2a_ans, sizeof(page2a_ans), &c), 0);
	assert_true(c.read_cdr && c.read_cdrw && c.read_dvdrom && c.read_dvdr && c.read_dvdram);
	assert_true(c.write_cdr && c.write_cdrw && c.test_write && c.write_dvdr && c.write_dvdram);
	assert_true(c.multisession);
	assert_true(c.burnfree);
	assert_true(c.lock);
	assert_true(c.eject);
	assert_int_equal(c.max_read_kbps, 0x2283);
	assert_int_equal(c.buffer_kb, 2048);
	assert_int_equal(c.cur_write_kbps, 0x1B90);
	assert_int_equal(c.nspeeds, 2);
	assert_int_equal(c.write_speeds_kbps[0], 0x2298);
	assert_int_equal(c.write_speeds_kbps[1], 0x0B06);
	assert_int_equal(c.max_write_kbps, 0x2298);
	/* BUF is byte 4 bit 7; byte 5 bit 7 (bar code) says nothing of it */
	uint8_t nobuf[sizeof(page2a_ans)];
	memcpy(nobuf, page2a_ans, sizeof(nobuf));
	nobuf[8 + 4] = 0x40;
	assert_int_equal(mmc_parse_caps(nobuf, sizeof(nobuf), &c), 0);
	assert_false(c.burnfree);
	assert_true(c.multisession);

	/* an MMC-1 sized page (length 0x14): no descriptors, obsolete speed */
	uint8_t old[8 + 22];
	memcpy(old, page2a_ans, sizeof(old));
	old[1] = sizeof(old) - 2;
	old[9] = 0x14;
	assert_int_equal(mmc_parse_caps(old, sizeof(old), &c), 0);
	assert_int_equal(c.nspeeds, 0);
	assert_int_equal(c.cur_write_kbps, 0x0B06);
	assert_int_equal(c.max_write_kbps, 0x1B90);
}

static void test_write_performance(void **state)
{
	/* header (data length 4 bytes, Write set), one descriptor: LBA 0 at
	 * 0x8C80 kB/s to the end at 0x11900 kB/s (a CAV drive) */
	uint8_t a[8 + 16] = { 0, 0, 0, 8 + 16 - 4, 0x02 };
	a[8 + 6] = 0x8C;
	a[8 + 7] = 0x80;
	a[8 + 11] = 0xFF;
	a[8 + 13] = 0x01;
	a[8 + 14] = 0x19;
	uint32_t kbps;
	assert_int_equal(mmc_parse_write_performance(a, sizeof(a), &kbps), 0);
	assert_int_equal(kbps, 0x11900);
	/* no descriptor: the drive does not say */
	a[3] = 4;
	assert_int_equal(mmc_parse_write_performance(a, sizeof(a), &kbps), 0);
	assert_int_equal(kbps, 0);
	assert_int_equal(mmc_parse_write_performance(a, 6, &kbps), DB_ESHORT);
}

static void test_link_page(void **state)
{
	/* MODE SENSE(10) header, then vendor page 30h: supported, enabled,
	 * 0x0102 links */
	uint8_t a[8 + 16] = { 0, 8 + 16 - 2 };
	a[8] = 0x30;
	a[9] = 14;
	a[10] = 0x01;
	a[11] = 0x01;
	a[12] = 0x01;
	a[13] = 0x02;
	struct mmc_link_page lp;
	assert_int_equal(mmc_parse_link_page(a, sizeof(a), &lp), 0);
	assert_true(lp.supported);
	assert_true(lp.enabled);
	assert_int_equal(lp.links, 0x0102);
	/* neither bit, other bits ignored */
	a[10] = 0xFE;
	a[11] = 0xFE;
	assert_int_equal(mmc_parse_link_page(a, sizeof(a), &lp), 0);
	assert_false(lp.supported);
	assert_false(lp.enabled);
	/* another page is not this one; a page cut before the count is short */
	a[8] = 0x2A;
	assert_int_equal(mmc_parse_link_page(a, sizeof(a), &lp), DB_EINVAL);
	a[8] = 0x30;
	assert_int_equal(mmc_parse_link_page(a, 8 + 5, &lp), DB_ESHORT);
	a[1] = 8 + 5 - 2;
	assert_int_equal(mmc_parse_link_page(a, sizeof(a), &lp), DB_ESHORT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builders_info),
		cmocka_unit_test(test_builders_write),
		cmocka_unit_test(test_parameter_lists),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_msf),
		cmocka_unit_test(test_cue_sheet),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_lying_length_fields),
		cmocka_unit_test(test_parse_inquiry),
		cmocka_unit_test(test_parse_configuration),
		cmocka_unit_test(test_parse_disc_and_track),
		cmocka_unit_test(test_parse_small),
		cmocka_unit_test(test_write_params),
		cmocka_unit_test(test_write_codes),
		cmocka_unit_test(test_atip_manufacturer),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_link_page),
		cmocka_unit_test(test_write_performance),
	};
	return cmocka_run_group_tests_name("mmc", tests, NULL, NULL);
}
