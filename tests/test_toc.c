/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_toc.c — cdrdao TOC files into layouts: the man page's examples,
 * what cdrdao read-cd writes, CD-TEXT language blocks, refusals; and the
 * track positions cdrdao's own show-toc computes for the same files. */
#include "msgtext.h"
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

#include "audiofix.h"
#include "image/toc.h"

#define SEC 588
#define B 2352

static int parse(const char *toc, struct layout *l, struct layout_problems *pr,
		 struct db_error *err)
{
	fix_text("disc.toc", toc);
	return toc_parse_file(fix_path("disc.toc"), l, pr, err);
}

static void expect_track(const struct layout *l, unsigned i, enum track_mode mode,
			 uint32_t pregap, uint32_t length)
{
	assert_true(i < l->ntracks);
	assert_int_equal(l->track[i].mode, mode);
	assert_int_equal(l->track[i].pregap, pregap);
	assert_int_equal(l->track[i].length, length);
}

/* cdrdao show-toc's START, END and INDEX of each track (LBAs from the
 * stream's start), compared with ours. Skipped without cdrdao. */
static void same_as_cdrdao(const struct layout *l)
{
	if (system("command -v cdrdao >/dev/null 2>&1") != 0)
		return;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "cd '%s' && cdrdao show-toc disc.toc 2>&1", fix_root);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[256];
	int track = -1;
	unsigned starts = 0, ends = 0;
	uint64_t lba = 0;
	while (fgets(line, sizeof(line), p)) {
		unsigned t, n, k;
		char msf[16];
		if (sscanf(line, "TRACK %u", &t) == 1) {
			track = (int)t - 1;
			assert_true(track < (int)l->ntracks);
			lba = 0;
			for (int i = 0; i < track; i++)
				lba += layout_track_sectors(&l->track[i]);
		} else if (track >= 0 && sscanf(line, " START %15[0-9:](%u)", msf, &n) == 2) {
			assert_int_equal(n, lba + l->track[track].pregap);
			starts++;
		} else if (track >= 0 && sscanf(line, " END %15[0-9:](%u)", msf, &n) == 2) {
			assert_int_equal(n, lba + layout_track_sectors(&l->track[track]));
			ends++;
		} else if (track >= 0 && sscanf(line, " INDEX %u %15[0-9:](%u)", &k, msf, &n) == 3) {
			assert_true(k >= 2 && k - 2 < l->track[track].nindex);
			assert_int_equal(n, lba + l->track[track].pregap +
					 l->track[track].index[k - 2]);
		} else if (strstr(line, "ERROR")) {
			fail_msg("cdrdao: %s", line);
		}
	}
	pclose(p);
	assert_int_equal(starts, l->ntracks);
	assert_int_equal(ends, l->ntracks);
}

/* The examples of cdrdao(1), scaled to seconds. */
static void test_man_examples(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("data.wav", 1, 400 * SEC);
	fix_wav("pregapdata.wav", 2, 100 * SEC);
	fix_raw("track.cdr", 3, 2000 * SEC, true);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("CD_DA\n"
			       "CD_TEXT {\n  LANGUAGE_MAP {\n    0 : EN\n  }\n"
			       "  LANGUAGE 0 {\n    TITLE \"CD Title\"\n    PERFORMER \"Performer\"\n"
			       "    DISC_ID \"XY12345\"\n    UPC_EAN \"\"\n  }\n}\n"
			       "TRACK AUDIO\nISRC \"DEXXX9800001\"\n"
			       "CD_TEXT {\n  LANGUAGE 0 {\n    TITLE \"Track Title\"\n"
			       "    PERFORMER \"Performer\"\n    ISRC \"DE-XXX-98-00001\"\n  }\n}\n"
			       "PREGAP 0:2:0\nFILE \"data.wav\" 0\n"
			       "// composed: pregap from one file, a cut, silence, indices\n"
			       "TRACK AUDIO\nFILE \"pregapdata.wav\" 0\nSTART\n"
			       "FILE \"track.cdr\" 0:10:0 0:10:0\nSILENCE 0:2:0\n"
			       "FILE \"track.cdr\" 0:20:0\nINDEX 0:4:0\nINDEX 0:8:0\n"
			       "TRACK AUDIO\nFILE \"track.cdr\" 0:10:0\nSTART 0:3:0\n",
			       &l, NULL, &err), 0);
	assert_int_equal(l.ntracks, 3);
	expect_track(&l, 0, TRACK_AUDIO, 150, 400);
	assert_string_equal(l.track[0].isrc, "DEXXX9800001");
	assert_string_equal(l.text.field[CDTEXT_TITLE], "CD Title");
	assert_string_equal(l.text.field[CDTEXT_DISC_ID], "XY12345");
	assert_string_equal(l.track[0].text.field[CDTEXT_TITLE], "Track Title");
	assert_string_equal(l.track[0].text.field[CDTEXT_UPC_ISRC], "DEXXX9800001");
	assert_int_equal(l.cdtext_language, 0x09);
	/* 100 pregap + 750 (10 s) + 150 silence + (2000 - 1500) */
	expect_track(&l, 1, TRACK_AUDIO, 100, 750 + 150 + 500);
	assert_int_equal(l.track[1].nindex, 2);
	assert_int_equal(l.track[1].index[0], 300);
	assert_int_equal(l.track[1].index[1], 600);
	expect_track(&l, 2, TRACK_AUDIO, 225, 2000 - 750 - 225);
	/* the stream: raw track.cdr is big-endian */
	uint8_t *s = fix_stream(&l), *c = fix_pcm(3, 2000 * SEC);
	uint64_t t2 = l.track[1].stream_offset + 100u * B;
	assert_memory_equal(s + t2, c + 750u * B, 750u * B);
	const uint8_t zero[B] = { 0 };
	assert_memory_equal(s + t2 + 750u * B, zero, B);
	assert_memory_equal(s + t2 + 900u * B, c + 1500u * B, 500u * B);
	free(s);
	free(c);
	same_as_cdrdao(&l);
	layout_free(&l);
	fix_rmrf();
}

/* A mixed-mode CD (the man page's), and what cdrdao read-cd writes: one
 * image, byte offsets, lengths in samples. */
static void test_mixed_and_read_cd(void **state)
{
	(void)state;
	fix_dir();
	fix_data("data_1", 1, 500u * 2048);
	fix_wav("data_2.wav", 2, 300 * SEC);
	fix_wav("data_3.wav", 3, 300 * SEC);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("CD_ROM\nTRACK MODE1\nDATAFILE \"data_1\"\nZERO 00:02:00 // post-gap\n"
			       "TRACK AUDIO\nSILENCE 00:02:00 // pre-gap\nSTART\nFILE \"data_2.wav\" 0\n"
			       "TRACK AUDIO\nFILE \"data_3.wav\" 0\n", &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_MODE1, 0, 650);
	expect_track(&l, 1, TRACK_AUDIO, 150, 300);
	expect_track(&l, 2, TRACK_AUDIO, 0, 300);
	same_as_cdrdao(&l);
	layout_free(&l);

	fix_data("data.bin", 7, 400u * 2048 + 700u * 2352);
	assert_int_equal(parse("CATALOG \"0000000000000\"\nCD_ROM\n\n"
			       "// Track 1\nTRACK MODE1\nNO COPY\n"
			       "DATAFILE \"data.bin\" 00:05:25 // length in bytes: 819200\n\n"
			       "// Track 2\nTRACK AUDIO\nCOPY\nPRE_EMPHASIS\nFOUR_CHANNEL_AUDIO\n"
			       "FILE \"data.bin\" #819200 0 220500\n"
			       "START 00:01:00\n"
			       "// Track 3\nTRACK AUDIO\nNO PRE_EMPHASIS\nTWO_CHANNEL_AUDIO\n"
			       "FILE \"data.bin\" #819200 00:05:00 0\n", &l, NULL, &err), 0);
	assert_string_equal(l.mcn, "0000000000000");
	expect_track(&l, 0, TRACK_MODE1, 0, 400);
	expect_track(&l, 1, TRACK_AUDIO, 75, 300);
	assert_true(l.track[1].copy && l.track[1].preemphasis && l.track[1].four_channel);
	expect_track(&l, 2, TRACK_AUDIO, 0, 325);
	assert_false(l.track[2].preemphasis || l.track[2].four_channel);
	/* one file, opened once as data and once as (big-endian) audio */
	assert_int_equal(l.nfiles, 2);
	assert_int_equal(l.piece[1].offset, 819200);
	assert_true(l.piece[1].swap16);
	assert_false(l.piece[0].swap16);
	assert_int_equal(l.piece[2].offset, 819200 + 375u * B);
	same_as_cdrdao(&l);
	layout_free(&l);
	fix_rmrf();
}

static void test_languages(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("a.wav", 1, 300 * SEC);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("CD_DA\nCD_TEXT {\n LANGUAGE_MAP { 0 : EN 1 : 8 }\n"
			       " LANGUAGE 0 { TITLE \"Caf\\351\" PERFORMER { 65, 66, 67 }\n"
			       "   GENRE { 0, 8, 0 } SIZE_INFO { 0, 1, 2 } }\n"
			       " LANGUAGE 1 { TITLE \"K\\366ln\" }\n"
			       " LANGUAGE 2 { TITLE \"ignored: no map\" }\n}\n"
			       "TRACK AUDIO\nCD_TEXT { LANGUAGE 1 { TITLE \"Eins\" } }\n"
			       "FILE \"a.wav\" 0\n", &l, NULL, &err), 0);
	assert_string_equal(l.text.field[CDTEXT_TITLE], "Caf\xe9");
	assert_string_equal(l.text.field[CDTEXT_PERFORMER], "ABC");
	assert_int_equal(l.ntext_blocks, 1);
	assert_int_equal(l.text_block[0].language, 8);
	assert_string_equal(l.text_block[0].disc.field[CDTEXT_TITLE], "K\xf6ln");
	assert_string_equal(l.text_block[0].track[0].field[CDTEXT_TITLE], "Eins");
	layout_free(&l);
	fix_rmrf();
}

static void expect_refusal(const char *toc, enum db_reason r, unsigned line)
{
	struct layout l;
	struct db_error err;
	int rc = parse(toc, &l, NULL, &err);
	assert_int_equal(rc, db_reason_result(r));
	if (err.reason != r)
		fail_msg("gave %d (%s), expected %d", err.reason, msg_of(&err), r);
	if (line)
		assert_int_equal(err.n1, line);
	assert_null(strchr(msg_of(&err), '{'));
	layout_free(&l);
}

static void test_refusals(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("a.wav", 1, 600 * SEC);
	expect_refusal("TRACK MODE0\nZERO 0:5:0\n", DB_R_SHEET_TRACK_MODE, 1);
	expect_refusal("TRACK AUDIO RW\nFILE \"a.wav\" 0\n", DB_R_SHEET_TRACK_MODE, 1);
	expect_refusal("TRACK AUDIO\nFIFO \"/tmp/f\" 1000\n", DB_R_SHEET_FILE_TYPE, 2);
	expect_refusal("TRACK AUDIO\nFILE \"-\" 0 0:5:0\n", DB_R_SHEET_FILE_TYPE, 2);
	expect_refusal("CD_DA\n\nTRACK AUDIO\nFILE \"a.wav\" 0\nFROB\n", DB_R_SHEET_SYNTAX, 5);
	expect_refusal("TRACK AUDIO\nFILE \"a.wav\" 0\nINDEX 0:5:0\nINDEX 0:4:0\n",
		       DB_R_SHEET_INDEX_ORDER, 4);
	expect_refusal("TRACK AUDIO\nFILE \"a.wav\" 0\nINDEX 0:9:0\n", DB_R_SHEET_VALUE, 0);
	expect_refusal("TRACK AUDIO\nFILE \"a.wav\" 0 0:5:0\nSTART 0:6:0\n", DB_R_SHEET_VALUE, 3);
	expect_refusal("TRACK AUDIO\nFILE \"a.wav\" 0\nPREGAP 0:2:0\n", DB_R_SHEET_SYNTAX, 3);
	expect_refusal("TRACK AUDIO\nISRC \"XX\"\n", DB_R_SHEET_VALUE, 2);
	expect_refusal("CATALOG \"12\"\n", DB_R_SHEET_VALUE, 1);
	expect_refusal("TRACK AUDIO\nFILE \"a.wav\" 0:61:0\n", DB_R_SHEET_SYNTAX, 2);
	expect_refusal("TRACK AUDIO\nFILE \"a.wav 0\n", DB_R_SHEET_SYNTAX, 2);
	expect_refusal("CD_DA\n", DB_R_SHEET_NO_TRACKS, 0);
	expect_refusal("TRACK AUDIO\nFILE \"a.wav\" 0 0:3:0\n", DB_R_TRACK_TOO_SHORT, 0);

	/* files: all problems listed */
	struct layout l;
	struct layout_problems pr = { 0 };
	struct db_error err;
	assert_int_equal(parse("TRACK AUDIO\nFILE \"gone.wav\" 0 0:5:0\n"
			       "TRACK AUDIO\nFILE \"a.wav\" 0:5:0 0:5:0\n"
			       "TRACK AUDIO\nFILE \"a.wav\" 0:4:0 0:5:0\n", &l, &pr, &err),
			 DB_EIMAGE);
	assert_int_equal(pr.n, 2);
	assert_int_equal(pr.e[0].reason, DB_R_TRACK_FILE_OPEN);
	assert_int_equal(pr.e[1].reason, DB_R_TRACK_FILE_SHORT);
	assert_int_equal(pr.e[1].n1, 150);
	assert_int_equal(pr.e[1].n2, 2);
	expect_track(&l, 0, TRACK_AUDIO, 0, 375);
	layout_free(&l);
	fix_rmrf();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_examples),
		cmocka_unit_test(test_mixed_and_read_cd),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
