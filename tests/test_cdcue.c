/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cdcue.c — reading a CD into BIN/CUE: the READ CD, READ SUB-CHANNEL
 * and full TOC builders and parsers (src/mmc/mmc_cd.c), and the cue sheet
 * written of a session (src/engine/cdcue.c), read back by the cue parser
 * (src/image/cue.c) into the same tracks, pregaps, indices, codes and text. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine/cdcue.h"
#include "image/cue.h"
#include "mmc/mmc.h"
#include "mmc/mmc_cd.h"

static void test_builders(void **state)
{
	(void)state;
	struct scsi_cmd c;
	uint8_t buf[2352 * 2];
	mmc_build_read_cd(&c, 0, 0x1234, 2, MMC_CD_RAW_FIELDS, 0, buf, sizeof(buf));
	const uint8_t want[12] = { 0xBE, 0, 0, 0, 0x12, 0x34, 0, 0, 2, 0xF8, 0, 0 };
	assert_memory_equal(c.cdb, want, 12);
	assert_int_equal(c.cdb_len, 12);
	assert_int_equal(c.dir, SCSI_DIR_IN);
	assert_int_equal(c.data_len, sizeof(buf));
	/* the Q of a sector in the pregap: no main data, sub-channel 2, LBA -150 */
	mmc_build_read_cd(&c, 0, -150, 1, 0, 2, buf, 16);
	const uint8_t q[12] = { 0xBE, 0, 0xFF, 0xFF, 0xFF, 0x6A, 0, 0, 1, 0, 2, 0 };
	assert_memory_equal(c.cdb, q, 12);
	mmc_build_read_subchannel(&c, 3, 7, buf, 24);
	const uint8_t sc[10] = { 0x42, 0, 0x40, 3, 0, 0, 7, 0, 24, 0 };
	assert_memory_equal(c.cdb, sc, 10);
}

static void test_parsers(void **state)
{
	(void)state;
	struct mmc_q q;
	uint8_t f[16] = { 0x01, 0x12, 0x03 };
	f[15] = 0x80;
	assert_int_equal(mmc_parse_q(f, 16, &q), 0);
	assert_int_equal(q.adr, 1);
	assert_int_equal(q.control, 0);
	assert_int_equal(q.track, 12);
	assert_int_equal(q.index, 3);
	assert_true(q.pause);
	f[0] = 0x41;            /* data, ADR 1 */
	f[1] = 0x1A;            /* not BCD */
	assert_int_equal(mmc_parse_q(f, 16, &q), DB_EINVAL);
	f[0] = 0x02;            /* a catalog frame: no position */
	assert_int_equal(mmc_parse_q(f, 16, &q), 0);
	assert_int_equal(q.adr, 2);
	assert_int_equal(mmc_parse_q(f, 12, &q), DB_ESHORT);

	uint8_t m[24] = { 0, 0x15, 0, 20, 0x02, 0, 0, 0, 0x80 };
	memcpy(m + 9, "0123456789012", 13);
	char mcn[14], isrc[13];
	assert_int_equal(mmc_parse_mcn(m, 24, mcn), 0);
	assert_string_equal(mcn, "0123456789012");
	m[8] = 0;               /* MCVAL clear: none */
	assert_int_equal(mmc_parse_mcn(m, 24, mcn), 0);
	assert_string_equal(mcn, "");
	m[8] = 0x80;
	memcpy(m + 9, "0000000000000", 13);
	assert_int_equal(mmc_parse_mcn(m, 24, mcn), 0);
	assert_string_equal(mcn, "");   /* all zeros is none */
	m[9] = 'x';
	assert_int_equal(mmc_parse_mcn(m, 24, mcn), DB_EINVAL);
	uint8_t i[24] = { 0, 0x15, 0, 20, 0x03, 0x10, 2, 0, 0x80 };
	memcpy(i + 9, "DEA123300001", 12);
	assert_int_equal(mmc_parse_isrc(i, 24, isrc), 0);
	assert_string_equal(isrc, "DEA123300001");
	assert_int_equal(mmc_parse_isrc(i, 20, isrc), DB_ESHORT);
	i[4] = 2;
	assert_int_equal(mmc_parse_isrc(i, 24, isrc), DB_EINVAL);

	/* full TOC: A0, A1, A2 and two tracks of session 1 */
	uint8_t t[4 + 5 * 11] = { 0, 2 + 5 * 11, 1, 1 };
	const uint8_t d[5][11] = {
		{ 1, 0x10, 0, 0xA0, 0, 0, 0, 0, 1, 0x00, 0 },
		{ 1, 0x10, 0, 0xA1, 0, 0, 0, 0, 2, 0, 0 },
		{ 1, 0x10, 0, 0xA2, 0, 0, 0, 0, 0, 17, 0 },
		{ 1, 0x14, 0, 0x01, 0, 0, 0, 0, 0, 2, 0 },
		{ 1, 0x11, 0, 0x02, 0, 0, 0, 0, 0, 9, 0 },
	};
	memcpy(t + 4, d, sizeof(d));
	struct mmc_full_toc toc;
	assert_int_equal(mmc_parse_full_toc(t, sizeof(t), &toc), 0);
	assert_int_equal(toc.n, 5);
	assert_int_equal(toc.e[3].point, 1);
	assert_int_equal(toc.e[3].control, 4);
	assert_int_equal(toc.e[4].control, 1);
	assert_int_equal(mmc_full_toc_leadout(&toc, 1), 15 * 75);
	assert_int_equal(mmc_full_toc_leadout(&toc, 2), -1);
}

/* A session of a data track, then audio with a pregap, an index 2,
 * pre-emphasis, an ISRC, and CD-TEXT with a Latin-1 letter. */
static void session(struct cd_session *cd)
{
	memset(cd, 0, sizeof(*cd));
	cd->session = 1;
	cd->ntracks = 3;
	cd->first = 0;
	cd->leadout = 2000;
	strcpy(cd->mcn, "0400012345678");
	cd->track[0] = (struct cd_track){ .number = 1, .control = 4, .data_mode = 1,
					  .index0 = 0, .start = 0 };
	cd->track[1] = (struct cd_track){ .number = 2, .audio = true, .control = 1,
					  .index0 = 600, .start = 750, .nindex = 1,
					  .index = { 900 } };
	strcpy(cd->track[1].isrc, "GBAYE6400123");
	cd->track[2] = (struct cd_track){ .number = 3, .audio = true, .control = 2,
					  .index0 = 1200, .start = 1200 };
	cd->have_text = true;
	cd->text.nblocks = 1;
	cd->text.block[0].disc.field[CDTEXT_TITLE] = strdup("Caf\xe9 \"Live\"");
	cd->text.block[0].track[1].field[CDTEXT_PERFORMER] = strdup("Alice");
}

static void test_cue_text(void **state)
{
	(void)state;
	struct cd_session cd;
	session(&cd);
	char *text;
	size_t len;
	struct db_error err;
	assert_int_equal(cd_format_cue(&cd, "disc.bin", "read by a test", &text, &len, &err), 0);
	assert_string_equal(text,
		"REM read by a test\n"
		"CATALOG 0400012345678\n"
		"TITLE \"Caf\xc3\xa9 'Live'\"\n"
		"FILE \"disc.bin\" BINARY\n"
		"  TRACK 01 MODE1/2352\n"
		"    INDEX 01 00:00:00\n"
		"  TRACK 02 AUDIO\n"
		"    FLAGS PRE\n"
		"    PERFORMER \"Alice\"\n"
		"    ISRC GBAYE6400123\n"
		"    INDEX 00 00:08:00\n"
		"    INDEX 01 00:10:00\n"
		"    INDEX 02 00:12:00\n"
		"  TRACK 03 AUDIO\n"
		"    FLAGS DCP\n"
		"    INDEX 01 00:16:00\n");
	free(text);
	cd_session_free(&cd);
}

/* The cue parser reads the sheet back into the session's layout. */
static void test_cue_round_trip(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_cdcue.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char bin[300];
	snprintf(bin, sizeof(bin), "%s/disc.bin", dir);
	FILE *f = fopen(bin, "wb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 2000L * 2352 - 1, SEEK_SET), 0);
	fputc(0, f);
	fclose(f);
	struct cd_session cd;
	session(&cd);
	char *text;
	size_t len;
	struct db_error err;
	assert_int_equal(cd_format_cue(&cd, "disc.bin", NULL, &text, &len, &err), 0);
	struct layout l;
	struct layout_problems pr = { 0 };
	assert_int_equal(cue_parse_mem(text, len, "disc.cue", dir, NULL, &l, &pr, &err), 0);
	assert_int_equal(l.ntracks, 3);
	assert_string_equal(l.mcn, "0400012345678");
	assert_int_equal(l.track[0].mode, TRACK_MODE1_RAW);
	assert_int_equal(l.track[0].length, 600);
	assert_int_equal(l.track[1].mode, TRACK_AUDIO);
	assert_int_equal(l.track[1].pregap, 150);
	assert_int_equal(l.track[1].length, 450);
	assert_int_equal(l.track[1].nindex, 1);
	assert_int_equal(l.track[1].index[0], 150);
	assert_true(l.track[1].preemphasis);
	assert_false(l.track[1].copy);
	assert_string_equal(l.track[1].isrc, "GBAYE6400123");
	assert_true(l.track[2].copy);
	assert_int_equal(l.track[2].length, 800);
	assert_string_equal(l.text.field[CDTEXT_TITLE], "Caf\xe9 'Live'");
	assert_string_equal(l.track[1].text.field[CDTEXT_PERFORMER], "Alice");
	assert_int_equal(l.stream_bytes, 2000ull * 2352);
	layout_free(&l);
	free(text);
	cd_session_free(&cd);
	unlink(bin);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builders),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_cue_text),
		cmocka_unit_test(test_cue_round_trip),
	};
	return cmocka_run_group_tests_name("cdcue", tests, NULL, NULL);
}
