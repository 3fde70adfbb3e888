/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_tracklist.c — cdrecord-style track lists and .inf files into
 * layouts. */
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
#include "image/cdtext.h"
#include "image/tracklist.h"

#define SEC 588
#define B 2352

static struct tracklist_track audio(const char *name)
{
	return (struct tracklist_track){ .path = fix_path(name), .mode = TRACK_AUDIO,
					 .pregap = -1 };
}

static void test_audio_defaults(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("a.wav", 1, 300 * SEC);
	fix_raw("b.cdr", 2, 400 * SEC, true);
	fix_sf("c.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 3, 350 * SEC);
	fix_raw("d.raw", 4, 300 * SEC, false);
	struct tracklist_track t[4] = { audio("a.wav"), audio("b.cdr"), audio("c.flac"),
					audio("d.raw") };
	t[3].swab = true;
	struct tracklist tl = { .track = t, .ntracks = 4 };
	struct layout l;
	struct db_error err;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_int_equal(l.ntracks, 4);
	const uint32_t len[4] = { 300, 400, 350, 300 }, pre[4] = { 0, 150, 150, 150 };
	uint8_t *s = fix_stream(&l);
	const uint8_t zero[B] = { 0 };
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(l.track[i].mode, TRACK_AUDIO);
		assert_int_equal(l.track[i].pregap, pre[i]);
		assert_int_equal(l.track[i].length, len[i]);
		uint64_t o = l.track[i].stream_offset;
		for (unsigned k = 0; k < pre[i]; k++)
			assert_memory_equal(s + o + (uint64_t)k * B, zero, B);
		uint8_t *w = fix_pcm(i + 1, (uint64_t)len[i] * SEC);
		assert_memory_equal(s + o + (uint64_t)pre[i] * B, w, (uint64_t)len[i] * B);
		free(w);
	}
	/* .cdr: big-endian, swapped; -swab .raw: as it is */
	assert_true(l.piece[2].swap16);
	assert_false(l.piece[l.npieces - 1].swap16);
	assert_int_equal(l.piece[l.npieces - 1].kind, PIECE_FILE);
	free(s);
	layout_free(&l);
	fix_rmrf();
}

static void test_pad(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("odd.wav", 1, 300 * SEC + 1);
	struct tracklist_track t[1] = { audio("odd.wav") };
	struct tracklist tl = { .track = t, .ntracks = 1 };
	struct layout l;
	struct db_error err;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_TRACK_PARTIAL_SECTOR);
	assert_int_equal(err.n1, 4);
	assert_int_equal(err.n2, 2352);
	assert_non_null(strstr(advice_of(&err), "-pad"));
	layout_free(&l);
	t[0].pad = true;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_int_equal(l.track[0].length, 301);
	assert_int_equal(l.stream_bytes, 301u * B);
	layout_free(&l);

	/* a data track: completed to 2048 bytes; -pad adds 15 sectors */
	fix_data("x.iso", 3, 400u * 2048 + 5);
	struct tracklist_track d = { .path = fix_path("x.iso"), .mode = TRACK_MODE1,
				     .pregap = -1 };
	tl.track = &d;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_int_equal(l.track[0].mode, TRACK_MODE1);
	assert_int_equal(l.track[0].length, 401);
	layout_free(&l);
	d.pad = true;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_int_equal(l.track[0].length, 416);
	layout_free(&l);
	d.padsize = 30;
	d.mode = TRACK_XA_FORM2;        /* 30 * 2048 bytes in 2324-byte sectors: 27 */
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_int_equal(l.track[0].length, (400u * 2048 + 5 + 2323) / 2324 + 27);
	layout_free(&l);
	fix_rmrf();
}

static void test_options(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("a.wav", 1, 1000 * SEC);
	fix_wav("b.wav", 2, 300 * SEC);
	fix_data("x.iso", 1, 300u * 2048);
	struct tracklist_track t[3] = { audio("a.wav"), audio("b.wav"),
					{ .path = fix_path("x.iso"), .mode = TRACK_MODE1,
					  .pregap = -1 } };
	t[0].isrc = "GBAYE6800011";
	t[0].index = "0,100,250";
	t[0].preemp = true;
	t[0].copy = true;
	t[1].scms = true;
	t[1].pregap = 0;
	struct tracklist tl = { .track = t, .ntracks = 3, .mcn = "0077774609928" };
	struct layout l;
	struct db_error err;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_string_equal(l.mcn, "0077774609928");
	assert_string_equal(l.track[0].isrc, "GBAYE6800011");
	assert_int_equal(l.track[0].nindex, 2);
	assert_int_equal(l.track[0].index[0], 100);
	assert_int_equal(l.track[0].index[1], 250);
	assert_true(l.track[0].preemphasis && l.track[0].copy && !l.track[0].scms);
	assert_true(l.track[1].scms && !l.track[1].copy);
	assert_int_equal(l.track[1].pregap, 0);
	assert_int_equal(l.track[2].mode, TRACK_MODE1);
	assert_int_equal(l.track[2].pregap, 150);
	assert_int_equal(l.stream_bytes, 1300u * B + 150u * 2048 + 300u * 2048);
	layout_free(&l);

	/* bad values: all listed */
	t[0].isrc = "GB-AYE";
	t[0].index = "5,100";
	tl.mcn = "12345";
	struct layout_problems pr = { 0 };
	assert_int_equal(tracklist_build(&tl, &l, &pr, &err), DB_EINVAL);
	assert_int_equal(err.reason, DB_R_TRACKLIST_VALUE);
	assert_string_equal(err.what, "mcn");
	assert_int_equal(pr.n, 3);
	assert_string_equal(pr.e[1].what, "isrc");
	assert_int_equal(pr.e[1].n1, 1);
	assert_string_equal(msg_of(&pr.e[2]), "index=5,100 is not valid (track 1)");
	layout_free(&l);
	fix_rmrf();
}

static void test_refusals(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("short.wav", 1, 299 * SEC);
	fix_sf("mono.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 1, 1, 300 * SEC);
	struct tracklist_track t[3] = { audio("short.wav"), audio("mono.wav"), audio("no.wav") };
	struct tracklist tl = { .track = t, .ntracks = 3 };
	struct layout l;
	struct layout_problems pr = { 0 };
	struct db_error err;
	assert_int_equal(tracklist_build(&tl, &l, &pr, &err), DB_EIMAGE);
	/* the unusable files' tracks last nothing, which is not said again */
	assert_int_equal(pr.n, 3);
	assert_int_equal(pr.e[0].reason, DB_R_AUDIO_FORMAT);
	assert_int_equal(pr.e[0].n2, 1);
	assert_int_equal(pr.e[1].reason, DB_R_TRACK_FILE_OPEN);
	assert_int_equal(pr.e[2].reason, DB_R_TRACK_TOO_SHORT);
	assert_int_equal(pr.e[2].n2, 299);
	assert_non_null(strstr(msg_of(&pr.e[2]), "short.wav lasts 00:03:74 (299 sectors)"));
	layout_free(&l);
	tl.ntracks = 0;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), DB_EINVAL);
	assert_int_equal(err.reason, DB_R_TRACKLIST_EMPTY);
	layout_free(&l);
	fix_rmrf();
}

/* -useinfo: cdda2wav/icedax .inf files, Index0 moving the end of a file into
 * the next track's pregap; -text: their CD-TEXT. */
static void test_useinfo(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("audio_01.wav", 1, 500 * SEC);
	fix_wav("audio_02.wav", 2, 400 * SEC);
	fix_text("audio_01.inf",
		 "#created by icedax 1.1.11 01/01/26 12:00:00\n"
		 "#\n"
		 "CDINDEX_DISCID=\t'abc'\n"
		 "CDDB_DISCID=\t0x12345678\n"
		 "MCN=\t\t0724384260928\n"
		 "ISRC=\t\tUS-RC1-76-07839\n"
		 "#\n"
		 "Albumperformer=\t'The Band'\n"
		 "Performer=\t'Singer'\n"
		 "Albumtitle=\t'It''s an album'\n"
		 "Tracktitle=\t'Caf\xe9'\n"
		 "Tracknumber=\t1\n"
		 "Trackstart=\t0\n"
		 "# track length in sectors (1/75 seconds each), rest samples\n"
		 "Tracklength=\t500, 0\n"
		 "Pre-emphasis=\tyes\n"
		 "Channels=\t2\n"
		 "Copy_permitted=\tno\n"
		 "Endianess=\tlittle\n"
		 "# index list\n"
		 "Index=\t\t0 100 200\n"
		 "Index0=\t\t450\n");
	fix_text("audio_02.inf", "Tracktitle=\t'Two'\nCopy_permitted=\tyes\n"
		 "Tracknumber=\t2\nIndex=\t0\nIndex0=\t-1\n");
	struct tracklist_track t[2] = { audio("audio_01.wav"), audio("audio_02.wav") };
	struct tracklist tl = { .track = t, .ntracks = 2, .useinfo = true, .text = true };
	struct layout l;
	struct db_error err;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_int_equal(l.track[0].pregap, 0);
	assert_int_equal(l.track[0].length, 450);
	assert_int_equal(l.track[1].pregap, 50);        /* the last 50 sectors of audio_01 */
	assert_int_equal(l.track[1].length, 400);
	assert_int_equal(l.track[0].nindex, 2);
	assert_int_equal(l.track[0].index[1], 200);
	assert_string_equal(l.track[0].isrc, "USRC17607839");
	assert_string_equal(l.mcn, "0724384260928");
	assert_true(l.track[0].preemphasis && l.track[0].scms && !l.track[0].copy);
	assert_true(l.track[1].copy && !l.track[1].scms);
	assert_string_equal(l.text.field[CDTEXT_TITLE], "It''s an album");
	assert_string_equal(l.text.field[CDTEXT_PERFORMER], "The Band");
	assert_string_equal(l.track[0].text.field[CDTEXT_TITLE], "Caf\xe9");
	assert_string_equal(l.track[0].text.field[CDTEXT_UPC_ISRC], "USRC17607839");
	assert_string_equal(l.track[1].text.field[CDTEXT_TITLE], "Two");
	uint8_t *s = fix_stream(&l), *a = fix_pcm(1, 500 * SEC);
	assert_memory_equal(s, a, 500u * B);    /* track 1, then track 2's pregap */
	free(s);
	free(a);
	uint8_t *packs;
	size_t n;
	assert_int_equal(cdtext_encode(&l, &packs, &n, &err), 0);
	assert_true(n > 0);
	free(packs);
	layout_free(&l);

	/* without -text no CD-TEXT; a broken .inf is a refusal naming its line */
	tl.text = false;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_false(cdtext_any(&l));
	layout_free(&l);
	fix_text("audio_02.inf", "Tracktitle='Two'\nIndex0=\tlots\n");
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_SHEET_VALUE);
	assert_int_equal(err.n1, 2);
	assert_string_equal(err.what, "Index0");
	layout_free(&l);
	fix_rmrf();
}

static void test_textfile(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("a.wav", 1, 300 * SEC);
	fix_wav("b.wav", 2, 300 * SEC);
	char src[1024];
	const char *top = getenv("top_srcdir");
	snprintf(src, sizeof(src), "%s/tests/data/cdrskin-1.cdt", top ? top : "..");
	struct tracklist_track t[2] = { audio("a.wav"), audio("b.wav") };
	struct tracklist tl = { .track = t, .ntracks = 2, .text = true, .textfile = src };
	struct layout l;
	struct db_error err;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), 0);
	assert_int_equal(l.cdtext_len, 13 * 18);
	assert_string_equal(l.track[0].text.field[CDTEXT_TITLE], "First Song");
	assert_non_null(strstr(fix_report(&l, NULL), "\ndisc.cdtext=packs\n"));
	layout_free(&l);
	tl.ntracks = 1;
	assert_int_equal(tracklist_build(&tl, &l, NULL, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_CDTEXT_TRACKS);
	layout_free(&l);
	fix_rmrf();
}

static void test_inf_parse(void **state)
{
	(void)state;
	struct inf_info inf;
	struct db_error err;
	const char *t = "Tracklength=\t16035, 12\nPerformer= 'x'y' '\nIndex=\t0, 7500,15000\n"
			"Copy_permitted=\tonce (copyright protected)\nISRC=\n";
	assert_int_equal(inf_parse(t, strlen(t), "t.inf", &inf, &err), 0);
	assert_int_equal(inf.tracklength, 16035ull * 2352 + 48);
	assert_string_equal(inf.text[CDTEXT_PERFORMER], "x'y' ");
	assert_int_equal(inf.nindex, 3);
	assert_int_equal(inf.index[2], 15000);
	assert_int_equal(inf.copy, 2);
	assert_string_equal(inf.isrc, "");
	assert_int_equal(inf.index0, -1);
	inf_free(&inf);
	t = "Tracklength=\t1, 600\n";
	assert_int_equal(inf_parse(t, strlen(t), "t.inf", &inf, &err), DB_EIMAGE);
	assert_string_equal(msg_of(&err), "t.inf, line 1: '1, 600' is not a valid Tracklength");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audio_defaults),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_useinfo),
		cmocka_unit_test(test_textfile),
		cmocka_unit_test(test_inf_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
