/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cue.c — cue sheets into layouts: exact tracks, pregaps, indices and
 * streams for the sheets rippers write, and every refusal. */
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
#include "image/cue.h"

#define SEC 588                 /* frames a sector */
#define B 2352                  /* bytes an audio sector */

static int parse(const char *sheet, struct layout *l, struct layout_problems *pr,
		 struct db_error *err)
{
	fix_text("disc.cue", sheet);
	return cue_parse_file(fix_path("disc.cue"), l, pr, err);
}

static void expect_track(const struct layout *l, unsigned i, enum track_mode mode,
			 uint32_t pregap, uint32_t length)
{
	assert_true(i < l->ntracks);
	assert_int_equal(l->track[i].number, i + 1);
	assert_int_equal(l->track[i].mode, mode);
	assert_int_equal(l->track[i].pregap, pregap);
	assert_int_equal(l->track[i].length, length);
}

/* One BINARY file, three tracks, a gap inside the file (INDEX 00), an
 * INDEX 02: the stream is the file. */
static void test_single_bin(void **state)
{
	(void)state;
	fix_dir();
	fix_raw("a.bin", 1, 1200 * SEC, false);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("FILE \"a.bin\" BINARY\n"
			       "  TRACK 01 AUDIO\n"
			       "    INDEX 01 00:00:00\n"
			       "  TRACK 02 AUDIO\n"
			       "    INDEX 00 00:05:00\n"          /* sector 375 */
			       "    INDEX 01 00:07:00\n"          /* 525 */
			       "    INDEX 02 00:09:10\n"          /* 685 */
			       "  TRACK 03 AUDIO\n"
			       "    INDEX 01 00:12:00\n",         /* 900 */
			       &l, NULL, &err), 0);
	assert_int_equal(l.ntracks, 3);
	assert_int_equal(l.nsessions, 1);
	expect_track(&l, 0, TRACK_AUDIO, 0, 375);
	expect_track(&l, 1, TRACK_AUDIO, 150, 375);
	assert_int_equal(l.track[1].nindex, 1);
	assert_int_equal(l.track[1].index[0], 160);
	expect_track(&l, 2, TRACK_AUDIO, 0, 300);
	assert_int_equal(l.track[1].stream_offset, 375u * B);
	assert_int_equal(l.track[2].stream_offset, 900u * B);
	assert_int_equal(l.stream_bytes, 1200u * B);
	uint8_t *s = fix_stream(&l), *want = fix_pcm(1, 1200 * SEC);
	assert_memory_equal(s, want, 1200u * B);
	free(s);
	free(want);
	layout_free(&l);
	fix_rmrf();
}

/* EAC, gaps appended to the previous track: INDEX 00 of track 2 lies in
 * the first FILE (the "non-compliant" sheet). */
static void test_eac_noncompliant(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("01.wav", 1, 500 * SEC);
	fix_wav("02.wav", 2, 400 * SEC);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("REM GENRE Rock\r\nREM DATE 1999\r\n"
			       "PERFORMER \"The Band\"\r\nTITLE \"Album\"\r\n"
			       "FILE \"01.wav\" WAVE\r\n"
			       "  TRACK 01 AUDIO\r\n"
			       "    TITLE \"One\"\r\n"
			       "    INDEX 01 00:00:00\r\n"
			       "  TRACK 02 AUDIO\r\n"
			       "    TITLE \"Two\"\r\n"
			       "    INDEX 00 00:04:00\r\n"       /* 01.wav, sector 300 */
			       "FILE \"02.wav\" WAVE\r\n"
			       "    INDEX 01 00:00:00\r\n",
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_AUDIO, 0, 300);
	expect_track(&l, 1, TRACK_AUDIO, 200, 400);
	assert_string_equal(l.text.field[CDTEXT_TITLE], "Album");
	assert_string_equal(l.track[1].text.field[CDTEXT_TITLE], "Two");
	/* the WAVs are read where their samples lie */
	for (unsigned i = 0; i < l.npieces; i++)
		assert_int_equal(l.piece[i].kind, PIECE_FILE);
	assert_int_equal(l.piece[0].offset, 56);
	uint8_t *s = fix_stream(&l), *a = fix_pcm(1, 500 * SEC), *b = fix_pcm(2, 400 * SEC);
	assert_memory_equal(s, a, 500u * B);
	assert_memory_equal(s + 500u * B, b, 400u * B);
	free(s);
	free(a);
	free(b);
	layout_free(&l);
	fix_rmrf();
}

/* Gaps prepended to the track's own file; gaps left out with PREGAP. */
static void test_gaps_prepended_and_pregap(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("01.wav", 1, 400 * SEC);
	fix_wav("02.wav", 2, 500 * SEC);
	fix_wav("03.wav", 3, 300 * SEC);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("FILE \"01.wav\" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n"
			       "FILE \"02.wav\" WAVE\n TRACK 02 AUDIO\n  INDEX 00 00:00:00\n"
			       "  INDEX 01 00:01:20\n"
			       "FILE \"03.wav\" WAVE\n TRACK 03 AUDIO\n  PREGAP 00:02:00\n"
			       "  INDEX 01 00:00:00\n  POSTGAP 00:01:00\n",
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_AUDIO, 0, 400);
	expect_track(&l, 1, TRACK_AUDIO, 95, 405);
	expect_track(&l, 2, TRACK_AUDIO, 150, 375);
	assert_int_equal(l.track[2].postgap, 75);
	assert_int_equal(l.stream_bytes, (400u + 500 + 150 + 300 + 75) * B);
	uint8_t *s = fix_stream(&l);
	uint8_t *c = fix_pcm(3, 300 * SEC);
	const uint8_t zero[B] = { 0 };
	uint64_t t3 = l.track[2].stream_offset;
	for (unsigned k = 0; k < 150; k++)
		assert_memory_equal(s + t3 + (uint64_t)k * B, zero, B);
	assert_memory_equal(s + t3 + 150u * B, c, 300u * B);
	assert_memory_equal(s + t3 + 450u * B, zero, B);
	free(s);
	free(c);
	layout_free(&l);
	fix_rmrf();
}

/* A hidden track-one audio: INDEX 00 at the file's start, INDEX 01 later. */
static void test_hidden_track_one(void **state)
{
	(void)state;
	fix_dir();
	fix_raw("htoa.bin", 4, 1050 * SEC, false);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("FILE htoa.bin BINARY\nTRACK 01 AUDIO\nINDEX 00 00:00:00\n"
			       "INDEX 01 00:06:00\nTRACK 02 AUDIO\nINDEX 01 00:10:00\n",
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_AUDIO, 450, 300);
	expect_track(&l, 1, TRACK_AUDIO, 0, 300);
	/* the 2 s lead pregap comes on top: 150 + 1050 sectors */
	struct layout_time t;
	layout_time(&l, &t);
	assert_int_equal(t.tracks, 1050);
	assert_int_equal(t.from_lba0, 1050);
	assert_int_equal(t.total, 1200);
	/* the fit: from LBA 0 against the disc's last lead-out start */
	assert_int_equal(layout_check_fit(&l, 1050, "htoa.cue", &err), 0);
	assert_int_equal(layout_check_fit(&l, 1049, "htoa.cue", &err), DB_ENOSPACE);
	assert_int_equal(err.reason, DB_R_CD_TOO_LONG);
	assert_int_equal(err.n1, 1050);
	assert_string_equal(msg_of(&err), "htoa.cue plays for 00:14:00 but the disc holds "
			    "00:13:74");
	const char *r = fix_report(&l, NULL);
	assert_non_null(strstr(r, "\nlayout.time=00:16:00\n"));     /* with the 2 s */
	assert_non_null(strstr(r, "\nlayout.fits-cd74=true\n"));
	assert_non_null(strstr(r, "\ntrack.1.start=450\n"));
	assert_non_null(strstr(r, "\ntrack.2.start=750\n"));
	layout_free(&l);

	/* 81 minutes of silence and a file: over an 80-minute CD */
	assert_int_equal(parse("FILE htoa.bin BINARY\nTRACK 01 AUDIO\nPREGAP 81:00:00\n"
			       "INDEX 01 00:00:00\n", &l, NULL, &err), 0);
	r = fix_report(&l, NULL);
	assert_non_null(strstr(r, "\nlayout.fits-cd74=false\n"));
	assert_non_null(strstr(r, "\nlayout.fits-cd80=false\n"));
	assert_int_equal(layout_check_fit(&l, CD80_SECTORS, "x", &err), DB_ENOSPACE);
	layout_free(&l);

	/* audio before track 1's INDEX 01 without an INDEX 00 is its pregap too */
	assert_int_equal(parse("FILE htoa.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:02:00\n",
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_AUDIO, 150, 900);
	layout_free(&l);
	fix_rmrf();
}

/* FLAC named as WAVE (foobar2000, EAC with an external encoder), AIFF and
 * AU: decoded or read, the same samples in the stream. */
static void test_decoded_files(void **state)
{
	(void)state;
	fix_dir();
	fix_sf("01.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 1, 300 * SEC + 100);
	fix_sf("02.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 44100, 2, 2, 300 * SEC);
	fix_sf("03.au", SF_FORMAT_AU | SF_FORMAT_PCM_16, 44100, 2, 3, 300 * SEC);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("FILE \"01.flac\" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
			       "FILE \"02.aiff\" AIFF\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n"
			       "FILE \"03.au\" WAVE\nTRACK 03 AUDIO\nINDEX 01 00:00:00\n",
			       &l, NULL, &err), 0);
	/* 01.flac ends 100 frames into a sector: completed with silence */
	expect_track(&l, 0, TRACK_AUDIO, 0, 301);
	expect_track(&l, 1, TRACK_AUDIO, 0, 300);
	expect_track(&l, 2, TRACK_AUDIO, 0, 300);
	assert_int_equal(l.piece[0].kind, PIECE_DECODER);
	assert_int_equal(l.piece[1].kind, PIECE_ZERO);
	assert_int_equal(l.piece[1].length, (SEC - 100) * 4);
	assert_int_equal(l.piece[2].kind, PIECE_DECODER);
	assert_int_equal(l.piece[3].kind, PIECE_FILE);  /* AU: big-endian samples as they lie */
	assert_true(l.piece[3].swap16);
	uint8_t *s = fix_stream(&l);
	for (unsigned k = 0; k < 3; k++) {
		uint64_t frames = k == 0 ? 300 * SEC + 100 : 300 * SEC;
		uint8_t *w = fix_pcm(k + 1, frames);
		assert_memory_equal(s + l.track[k].stream_offset, w, frames * 4);
		free(w);
	}
	const uint8_t zero[(SEC - 100) * 4] = { 0 };
	assert_memory_equal(s + (300u * SEC + 100) * 4, zero, sizeof(zero));
	free(s);
	layout_free(&l);
	fix_rmrf();
}

/* MP3, where libsndfile is built with it (Debian's is): the frame count it
 * reports in advance is what the decoder then delivers. */
static void test_mp3(void **state)
{
	(void)state;
	fix_dir();
	SF_FORMAT_INFO fi = { .format = SF_FORMAT_MPEG };
	if (sf_command(NULL, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) != 0) {
		skip();
		return;
	}
	fix_sf("a.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 44100, 2, 1, 400 * SEC);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("FILE a.mp3 MP3\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n", &l, NULL,
			       &err), 0);
	assert_int_equal(l.piece[0].kind, PIECE_DECODER);
	assert_true(l.track[0].length >= 400);
	free(fix_stream(&l));   /* aborts if the decoder delivers less */
	layout_free(&l);
	fix_rmrf();
}

static void test_motorola(void **state)
{
	(void)state;
	fix_dir();
	fix_raw("be.bin", 5, 300 * SEC, true);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("FILE be.bin MOTOROLA\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n",
			       &l, NULL, &err), 0);
	assert_true(l.piece[0].swap16);
	uint8_t *s = fix_stream(&l), *w = fix_pcm(5, 300 * SEC);
	assert_memory_equal(s, w, 300u * B);
	free(s);
	free(w);
	layout_free(&l);
	fix_rmrf();
}

/* Mixed mode: a data track and audio in one BIN; then MODE1/2048 sectors
 * before audio ones, so an INDEX time counts sectors of two sizes. */
static void test_mixed_mode(void **state)
{
	(void)state;
	fix_dir();
	fix_data("game.bin", 7, (uint64_t)(1000 + 450) * 2352);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("FILE \"game.bin\" BINARY\n"
			       "  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n"
			       "  TRACK 02 AUDIO\n    INDEX 00 00:13:25\n    INDEX 01 00:15:25\n",
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_MODE1_RAW, 0, 1000);
	expect_track(&l, 1, TRACK_AUDIO, 150, 300);
	assert_false(l.piece[0].swap16);
	layout_free(&l);

	fix_data("iso.bin", 9, 2000u * 2048 + 300u * 2352);
	assert_int_equal(parse("FILE \"iso.bin\" BINARY\n"
			       "  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n"
			       "  TRACK 02 AUDIO\n    INDEX 01 00:26:50\n",     /* sector 2000 */
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_MODE1, 0, 2000);
	expect_track(&l, 1, TRACK_AUDIO, 0, 300);
	assert_int_equal(l.track[1].stream_offset, 2000u * 2048);
	assert_int_equal(l.piece[1].offset, 2000u * 2048);
	layout_free(&l);

	/* the other modes */
	fix_data("m2.bin", 1, 300u * 2336);
	assert_int_equal(parse("FILE m2.bin BINARY\nTRACK 01 MODE2/2336\nINDEX 01 00:00:00\n",
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_MODE2, 0, 300);
	layout_free(&l);
	assert_int_equal(parse("FILE m2.bin BINARY\nTRACK 01 CDI/2336\nINDEX 01 00:00:00\n",
			       &l, NULL, &err), 0);
	expect_track(&l, 0, TRACK_MODE2, 0, 300);
	layout_free(&l);
	fix_rmrf();
}

/* Sub-channel and CD-TEXT statements; UTF-8 titles become ISO-8859-1;
 * REM SESSION makes a second session. */
static void test_statements(void **state)
{
	(void)state;
	fix_dir();
	fix_raw("a.bin", 1, 700 * SEC, false);
	fix_data("d.bin", 1, 300u * 2048);
	struct layout l;
	struct db_error err;
	assert_int_equal(parse("\xEF\xBB\xBF" "CATALOG 0724384260928\n"
			       "rem COMMENT \"ExactAudioCopy v1.6\"\n"
			       "TITLE \"Gr\xC3\xBC\xC3\x9F" "e\"\nSONGWRITER Some One\n"
			       "MESSAGE \"hi\"\nDISC_ID ABC123\n"
			       "file a.bin binary\n"
			       "track 01 audio\n  flags dcp pre\n  isrc usrc17607839\n"
			       "  performer \"Caf\xC3\xA9\"\n  REM COMPOSER Bach\n"
			       "  arranger Arr\n  index 01 00:00:00\n"
			       "TRACK 02 AUDIO\n  FLAGS 4CH SCMS DATA\n  INDEX 01 00:05:00\n"
			       "REM SESSION 02\n"
			       "FILE d.bin BINARY\nTRACK 03 MODE1/2048\n  INDEX 01 00:00:00\n",
			       &l, NULL, &err), 0);
	assert_string_equal(l.mcn, "0724384260928");
	assert_string_equal(l.text.field[CDTEXT_TITLE], "Gr\xFC\xDF" "e");
	assert_string_equal(l.text.field[CDTEXT_SONGWRITER], "Some One");
	assert_string_equal(l.text.field[CDTEXT_DISC_ID], "ABC123");
	assert_string_equal(l.text.field[CDTEXT_MESSAGE], "hi");
	assert_true(l.track[0].copy && l.track[0].preemphasis);
	assert_false(l.track[0].four_channel || l.track[0].scms);
	assert_true(l.track[1].four_channel && l.track[1].scms && !l.track[1].copy);
	assert_string_equal(l.track[0].isrc, "USRC17607839");
	assert_string_equal(l.track[1].isrc, "");
	assert_string_equal(l.track[0].text.field[CDTEXT_PERFORMER], "Caf\xE9");
	assert_string_equal(l.track[0].text.field[CDTEXT_COMPOSER], "Bach");
	assert_string_equal(l.track[0].text.field[CDTEXT_ARRANGER], "Arr");
	assert_int_equal(l.nsessions, 2);
	assert_int_equal(l.track[1].session, 1);
	assert_int_equal(l.track[2].session, 2);
	expect_track(&l, 2, TRACK_MODE1, 0, 300);
	struct layout_time t;
	layout_time(&l, &t);
	assert_int_equal(t.overhead, 6750 + 4500 + 150);
	assert_int_equal(t.from_lba0, 1000 + 11400);
	layout_free(&l);

	/* a Windows path and a .wav that became a .flac */
	fix_sf("Track01.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 1, 300 * SEC);
	assert_int_equal(parse("FILE \"C:\\Rips\\Track01.wav\" WAVE\nTRACK 01 AUDIO\n"
			       "INDEX 01 00:00:00\n", &l, NULL, &err), 0);
	assert_non_null(strstr(l.piece[0].name, "/Track01.flac"));
	layout_free(&l);
	fix_rmrf();
}

/* Every file problem is listed, the parse goes on, the report says what is
 * known. */
static void test_file_problems(void **state)
{
	(void)state;
	fix_dir();
	fix_wav("01.wav", 1, 400 * SEC);
	fix_sf("03.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 3, 1000);
	fix_sf("04.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 44100, 2, 3, 1000);
	fix_raw("05.bin", 1, 400 * SEC, false);
	struct layout l;
	struct layout_problems pr = { 0 };
	struct db_error err;
	int rc = parse("FILE 01.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
		       "FILE missing.wav WAVE\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n"
		       "FILE 03.wav WAVE\nTRACK 03 AUDIO\nINDEX 01 00:00:00\n"
		       "FILE 04.flac WAVE\nTRACK 04 AUDIO\nINDEX 01 00:00:00\n"
		       "FILE 05.bin BINARY\nTRACK 05 AUDIO\nINDEX 01 00:00:00\n"
		       "TRACK 06 AUDIO\nINDEX 01 00:03:00\n", &l, &pr, &err);
	assert_int_equal(rc, DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_TRACK_FILE_OPEN);
	assert_non_null(strstr(err.subject, "missing.wav"));
	assert_non_null(strstr(msg_of(&err), "disc.cue"));
	assert_int_equal(pr.n, 5);
	assert_int_equal(pr.e[1].reason, DB_R_AUDIO_FORMAT);
	assert_int_equal(pr.e[1].n1, 48000);
	assert_int_equal(pr.e[1].n2, 2);
	assert_string_equal(pr.e[1].what, "16-bit");
	assert_non_null(strstr(advice_of(&pr.e[1]), "sox"));
	assert_non_null(strstr(advice_of(&pr.e[1]), "-r 44100"));
	assert_int_equal(pr.e[2].reason, DB_R_AUDIO_FORMAT);
	assert_string_equal(pr.e[2].what, "24-bit");
	assert_non_null(strstr(msg_of(&pr.e[2]), "44100 Hz, 2 channel(s), 24-bit"));
	/* tracks of unusable files last nothing, which is not said again
	 * (their files' problems are the cause); 05.bin's 400 sectors are
	 * cut in two short tracks */
	for (unsigned k = 3; k < 5; k++) {
		assert_int_equal(pr.e[k].reason, DB_R_TRACK_TOO_SHORT);
		assert_int_equal(pr.e[k].n1, k + 2);
	}
	assert_int_equal(pr.e[3].n2, 225);
	assert_int_equal(pr.e[4].n2, 175);
	assert_non_null(strstr(msg_of(&pr.e[3]), "track 5 of"));
	assert_non_null(strstr(msg_of(&pr.e[3]), "00:03:00 (225 sectors)"));
	expect_track(&l, 0, TRACK_AUDIO, 0, 400);
	assert_int_equal(l.ntracks, 6);
	/* the report lists them */
	const char *r = fix_report(&l, &pr);
	assert_non_null(strstr(r, "\nlayout.tracks=6\n"));
	assert_non_null(strstr(r, "\ntrack.1.length=400\n"));
	assert_non_null(strstr(r, "\ntrack.1.time=00:05:25\n"));
	assert_non_null(strstr(r, "\ntrack.5.start=400\n"));
	assert_non_null(strstr(r, "\ntrack.6.start=625\n"));
	assert_non_null(strstr(r, "\nproblem.1.reason=track-file-open\n"));
	assert_non_null(strstr(r, "\nproblem.2.reason=audio-format\n"));
	assert_non_null(strstr(r, "\nproblem.2.n1=48000\n"));
	assert_non_null(strstr(r, "\nproblem.5.reason=track-too-short\n"));
	assert_null(strstr(r, "\nproblem.6."));
	assert_non_null(strstr(r, "/05.bin\n"));
	layout_free(&l);
	fix_rmrf();
}

static void test_file_short(void **state)
{
	(void)state;
	fix_dir();
	fix_raw("a.bin", 1, 700 * SEC, false);
	struct layout l;
	struct layout_problems pr = { 0 };
	struct db_error err;
	assert_int_equal(parse("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
			       "TRACK 02 AUDIO\nINDEX 01 00:05:00\n"
			       "TRACK 03 AUDIO\nINDEX 01 00:10:00\n",      /* 750 > 700 */
			       &l, &pr, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_TRACK_FILE_SHORT);
	assert_int_equal(err.n1, 50);
	assert_int_equal(err.n2, 3);
	assert_non_null(strstr(msg_of(&err), "50 sectors (00:00:50) too short for track 3"));
	/* track 3 starts past the end: it has nothing, which the file's
	 * shortness says; it is not said again as a track too short */
	assert_int_equal(pr.n, 1);
	/* the layout keeps the sheet's times */
	expect_track(&l, 1, TRACK_AUDIO, 0, 375);
	layout_free(&l);
	fix_rmrf();
}

static void expect_refusal(const char *sheet, enum db_reason r, unsigned line)
{
	struct layout l;
	struct db_error err;
	assert_int_equal(parse(sheet, &l, NULL, &err), db_reason_result(r));
	if (err.reason != r)
		fail_msg("sheet gave %d (%s), expected %d", err.reason, msg_of(&err), r);
	if (line)
		assert_int_equal(err.n1, line);
	assert_null(strchr(msg_of(&err), '{'));
	layout_free(&l);
}

static void test_refusals(void **state)
{
	(void)state;
	fix_dir();
	fix_raw("a.bin", 1, 2000 * SEC, false);
	fix_wav("a.wav", 1, 400 * SEC);
	const char *F = "FILE a.bin BINARY\n";
	char sheet[8192];
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 AUDIO\nINDEX 01 00:10:00\n"
		 "TRACK 02 AUDIO\nINDEX 01 00:05:00\n", F);
	expect_refusal(sheet, DB_R_SHEET_INDEX_ORDER, 5);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 AUDIO\nINDEX 01 00:00:00\nINDEX 03 00:10:00\n",
		 F);
	expect_refusal(sheet, DB_R_SHEET_INDEX_ORDER, 4);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 AUDIO\nINDEX 00 00:00:00\n"
		 "TRACK 02 AUDIO\nINDEX 01 00:05:00\n", F);
	expect_refusal(sheet, DB_R_SHEET_NO_INDEX1, 2);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
		 "TRACK 03 AUDIO\nINDEX 01 00:05:00\n", F);
	expect_refusal(sheet, DB_R_SHEET_TRACK_ORDER, 4);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 CDG\nINDEX 01 00:00:00\n", F);
	expect_refusal(sheet, DB_R_SHEET_TRACK_MODE, 2);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 MODE3/2352\nINDEX 01 00:00:00\n", F);
	expect_refusal(sheet, DB_R_SHEET_VALUE, 2);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 AUDIO\nISRC US-RC1-76-07839\n", F);
	expect_refusal(sheet, DB_R_SHEET_VALUE, 3);
	snprintf(sheet, sizeof(sheet), "CATALOG 12345\n%sTRACK 01 AUDIO\n", F);
	expect_refusal(sheet, DB_R_SHEET_VALUE, 1);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 AUDIO\nINDEX 01 00:60:00\n", F);
	expect_refusal(sheet, DB_R_SHEET_VALUE, 3);
	snprintf(sheet, sizeof(sheet), "%sTRACK 01 AUDIO\nINDEX 01 00:00:00\nFROB 1\n", F);
	expect_refusal(sheet, DB_R_SHEET_SYNTAX, 4);
	expect_refusal("TRACK 01 AUDIO\nINDEX 01 00:00:00\n", DB_R_SHEET_NO_FILE, 2);
	expect_refusal("FILE a.bin OGG\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n",
		       DB_R_SHEET_FILE_TYPE, 1);
	expect_refusal("FILE a.wav WAVE\nTRACK 01 MODE1/2352\nINDEX 01 00:00:00\n",
		       DB_R_SHEET_FILE_TYPE, 3);
	expect_refusal("REM only\n", DB_R_SHEET_NO_TRACKS, 0);
	/* 100 tracks */
	size_t n = (size_t)snprintf(sheet, sizeof(sheet), "%s", F);
	for (unsigned t = 1; t <= 100; t++)
		n += (size_t)snprintf(sheet + n, sizeof(sheet) - n,
				      "TRACK %02u AUDIO\nINDEX 01 %02u:00:00\n", t, t);
	expect_refusal(sheet, DB_R_SHEET_TOO_MANY_TRACKS, 100);
	fix_rmrf();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_bin),
		cmocka_unit_test(test_eac_noncompliant),
		cmocka_unit_test(test_gaps_prepended_and_pregap),
		cmocka_unit_test(test_hidden_track_one),
		cmocka_unit_test(test_decoded_files),
		cmocka_unit_test(test_mp3),
		cmocka_unit_test(test_motorola),
		cmocka_unit_test(test_mixed_mode),
		cmocka_unit_test(test_statements),
		cmocka_unit_test(test_file_problems),
		cmocka_unit_test(test_file_short),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
