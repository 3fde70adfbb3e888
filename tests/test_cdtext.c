/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cdtext.c — CD-TEXT packs: the encoder against packs cdrskin (libburn)
 * wrote for the same text (tests/data/cdrskin-*.cdt, see tests/data/README),
 * the decoder on them, round trips, limits and refusals. */
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

#include "image/cdtext.h"

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s ? s : "..";
}

static uint8_t *slurp(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t *buf = malloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static void add_tracks(struct layout *l, unsigned n)
{
	struct db_error err;
	for (unsigned i = 0; i < n; i++) {
		struct layout_track t = { .mode = TRACK_AUDIO, .length = 300 };
		assert_int_equal(layout_add_track(l, &t, &err), 0);
	}
}

static void set(struct layout_text *t, enum cdtext_field f, const char *s)
{
	struct db_error err;
	assert_int_equal(layout_set_text(t, f, s, &err), 0);
}

/* The text of tests/data/cdrskin-en.v07t. */
static void english(struct layout *l)
{
	layout_init(l);
	add_tracks(l, 2);
	set(&l->text, CDTEXT_TITLE, "My Album");
	set(&l->text, CDTEXT_PERFORMER, "The Band");
	set(&l->text, CDTEXT_UPC_ISRC, "1234567890123");
	set(&l->track[0].text, CDTEXT_TITLE, "First Song");
	set(&l->track[0].text, CDTEXT_PERFORMER, "Singer A");
	set(&l->track[0].text, CDTEXT_UPC_ISRC, "USXXX0000001");
	set(&l->track[1].text, CDTEXT_TITLE, "Second");
	set(&l->track[1].text, CDTEXT_PERFORMER, "Singer B");
	set(&l->track[1].text, CDTEXT_UPC_ISRC, "USXXX0000002");
}

static void test_crc(void **state)
{
	(void)state;
	size_t n;
	uint8_t *b = slurp("tests/data/cdrskin-1.cdt", &n);
	assert_int_equal(n, 13 * 18);
	for (size_t i = 0; i < n; i += 18)
		assert_int_equal(cdtext_crc(b + i), (uint16_t)(b[i + 16] << 8 | b[i + 17]));
	/* the first pack by hand: 80 00 00 00 "My Album\0Fir" -> 42 C2 */
	const uint8_t p[16] = { 0x80, 0, 0, 0, 'M', 'y', ' ', 'A', 'l', 'b', 'u', 'm', 0,
				'F', 'i', 'r' };
	assert_int_equal(cdtext_crc(p), 0x42C2);
	free(b);
}

static void test_encode_like_cdrskin(void **state)
{
	(void)state;
	struct layout l;
	english(&l);
	uint8_t *out;
	size_t len;
	struct db_error err;
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), 0);
	size_t n;
	uint8_t *want = slurp("tests/data/cdrskin-1.cdt", &n);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);
	free(out);
	free(want);

	/* a second language block, German, as cdrskin wrote it */
	struct layout_text_block *b = layout_text_block(&l, 1, &err);
	assert_non_null(b);
	b->language = 0x08;
	set(&b->disc, CDTEXT_TITLE, "Mein Album");
	set(&b->disc, CDTEXT_PERFORMER, "The Band");
	set(&b->disc, CDTEXT_UPC_ISRC, "1234567890123");
	set(&b->track[0], CDTEXT_TITLE, "Erstes Lied");
	set(&b->track[0], CDTEXT_PERFORMER, "Singer A");
	set(&b->track[0], CDTEXT_UPC_ISRC, "USXXX0000001");
	set(&b->track[1], CDTEXT_TITLE, "Second");
	set(&b->track[1], CDTEXT_PERFORMER, "Singer B");
	set(&b->track[1], CDTEXT_UPC_ISRC, "USXXX0000002");
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), 0);
	want = slurp("tests/data/cdrskin-2.cdt", &n);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);
	free(out);
	free(want);
	layout_free(&l);
}

static void test_decode_cdrskin(void **state)
{
	(void)state;
	size_t n;
	uint8_t *b = slurp("tests/data/cdrskin-2.cdt", &n);
	struct cdtext_info *info = malloc(sizeof(*info));
	struct db_error err;
	assert_int_equal(cdtext_decode(b, n, "x.cdt", false, info, &err), 0);
	assert_int_equal(info->nblocks, 2);
	assert_int_equal(info->packs, 26);
	assert_true(info->have_size_info[0] && info->have_size_info[1]);
	assert_int_equal(info->first_track[0], 1);
	assert_int_equal(info->last_track[0], 2);
	assert_int_equal(info->block[0].language, 0x09);
	assert_int_equal(info->block[1].language, 0x08);
	assert_string_equal(info->block[0].disc.field[CDTEXT_TITLE], "My Album");
	assert_string_equal(info->block[0].disc.field[CDTEXT_UPC_ISRC], "1234567890123");
	assert_string_equal(info->block[0].track[0].field[CDTEXT_TITLE], "First Song");
	assert_string_equal(info->block[0].track[1].field[CDTEXT_PERFORMER], "Singer B");
	assert_string_equal(info->block[0].track[1].field[CDTEXT_UPC_ISRC], "USXXX0000002");
	assert_string_equal(info->block[1].disc.field[CDTEXT_TITLE], "Mein Album");
	assert_string_equal(info->block[1].track[0].field[CDTEXT_TITLE], "Erstes Lied");
	assert_null(info->block[0].track[2].field[CDTEXT_TITLE]);
	assert_null(info->block[0].disc.field[CDTEXT_SONGWRITER]);
	cdtext_info_free(info);
	free(info);
	free(b);
}

/* encode -> decode gives the fields back, for long strings (character
 * positions past 15), Latin-1 bytes, empty fields, many tracks. */
static void test_round_trip(void **state)
{
	(void)state;
	struct layout l;
	layout_init(&l);
	add_tracks(&l, 40);
	l.cdtext_charset = CDTEXT_ISO8859_1;
	set(&l.text, CDTEXT_TITLE, "A rather long album title that spans several packs");
	set(&l.text, CDTEXT_DISC_ID, "XY-1234");
	set(&l.text, CDTEXT_MESSAGE, "Gr\xfc\xdf" "e aus K\xf6ln");
	char s[64];
	for (unsigned i = 0; i < 40; i++) {
		snprintf(s, sizeof(s), "Track %u with a title of some length", i + 1);
		set(&l.track[i].text, CDTEXT_TITLE, s);
		if (i % 3 == 0) {
			snprintf(s, sizeof(s), "Composer %u", i);
			set(&l.track[i].text, CDTEXT_COMPOSER, s);
		}
	}
	uint8_t *out;
	size_t len;
	struct db_error err;
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), 0);
	assert_int_equal(len % 18, 0);
	/* every pack's sequence number counts from 0, its CRC holds, its
	 * character position is at most 15 */
	for (size_t i = 0; i < len / 18; i++) {
		const uint8_t *p = out + 18 * i;
		assert_int_equal(p[2], i);
		assert_int_equal(p[3] >> 4, 0);        /* block 0 */
		assert_int_equal(cdtext_crc(p), (uint16_t)(p[16] << 8 | p[17]));
	}
	/* last three are the size information, the last sequence number in it */
	const uint8_t *si = out + len - 3 * 18;
	assert_int_equal(si[0], 0x8F);
	assert_int_equal(si[1], 0);
	assert_int_equal(si[4 + 1], 1);        /* first track */
	assert_int_equal(si[4 + 2], 40);       /* last track */
	assert_int_equal(si[18 + 4 + 8], len / 18 - 1);        /* byte 20: last seq of block 0 */
	assert_int_equal(si[36 + 4 + 4], 0x09);               /* byte 28: English */
	struct cdtext_info *info = malloc(sizeof(*info));
	assert_int_equal(cdtext_decode(out, len, "mem", false, info, &err), 0);
	assert_string_equal(info->block[0].disc.field[CDTEXT_TITLE], l.text.field[CDTEXT_TITLE]);
	assert_string_equal(info->block[0].disc.field[CDTEXT_DISC_ID], "XY-1234");
	assert_string_equal(info->block[0].disc.field[CDTEXT_MESSAGE], l.text.field[CDTEXT_MESSAGE]);
	for (unsigned i = 0; i < 40; i++) {
		assert_string_equal(info->block[0].track[i].field[CDTEXT_TITLE],
				    l.track[i].text.field[CDTEXT_TITLE]);
		if (i % 3 == 0)
			assert_string_equal(info->block[0].track[i].field[CDTEXT_COMPOSER],
					    l.track[i].text.field[CDTEXT_COMPOSER]);
		else
			assert_null(info->block[0].track[i].field[CDTEXT_COMPOSER]);
	}
	cdtext_info_free(info);
	free(info);
	free(out);
	layout_free(&l);
}

static void test_no_text(void **state)
{
	(void)state;
	struct layout l;
	layout_init(&l);
	add_tracks(&l, 3);
	uint8_t *out = (uint8_t *)1;
	size_t len = 1;
	struct db_error err;
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), 0);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_false(cdtext_any(&l));
	layout_free(&l);
}

static void test_too_long(void **state)
{
	(void)state;
	struct layout l;
	layout_init(&l);
	add_tracks(&l, 99);
	char s[161];
	memset(s, 'x', 160);
	s[160] = '\0';
	/* 99 titles of 161 bytes: 1339 packs, past 256 */
	for (unsigned i = 0; i < 99; i++)
		set(&l.track[i].text, CDTEXT_TITLE, s);
	uint8_t *out;
	size_t len;
	struct db_error err;
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_CDTEXT_TOO_LONG);
	assert_int_equal(err.n1, 257);
	assert_int_equal(err.n2, 0);
	assert_non_null(strstr(msg_of(&err), "at most 256"));
	/* exactly at the limit: 253 text packs and 3 size packs fit */
	for (unsigned i = 0; i < 99; i++) {
		free(l.track[i].text.field[CDTEXT_TITLE]);
		l.track[i].text.field[CDTEXT_TITLE] = NULL;
	}
	/* disc "" + 99 tracks "": 100 NULs; title of the disc fills the rest:
	 * 253 * 12 = 3036 bytes = 100 + 2936 characters */
	char *big = malloc(2937);
	memset(big, 'y', 2936);
	big[2936] = '\0';
	set(&l.text, CDTEXT_TITLE, big);
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), 0);
	assert_int_equal(len, 256 * 18);
	free(out);
	big[2936] = 'y';
	big = realloc(big, 2938);
	big[2937] = '\0';
	set(&l.text, CDTEXT_TITLE, big);
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_CDTEXT_TOO_LONG);
	free(big);
	layout_free(&l);
}

static void test_decode_refusals(void **state)
{
	(void)state;
	size_t n;
	uint8_t *b = slurp("tests/data/cdrskin-1.cdt", &n);
	struct cdtext_info *info = malloc(sizeof(*info));
	struct db_error err;
	assert_int_equal(cdtext_decode(b, n - 1, "f", false, info, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_CDTEXT_FILE_BAD);
	assert_string_equal(err.what, "size");
	b[18 * 3 + 5] ^= 1;             /* pack 4's text */
	assert_int_equal(cdtext_decode(b, n, "f", false, info, &err), DB_EIMAGE);
	assert_string_equal(err.what, "CRC");
	assert_int_equal(err.n1, 4);
	assert_non_null(strstr(msg_of(&err), "pack 4"));
	/* read back from a disc: that pack is skipped, the rest kept */
	assert_int_equal(cdtext_decode(b, n, "f", true, info, &err), 0);
	assert_int_equal(info->bad_crc, 1);
	assert_string_equal(info->block[0].disc.field[CDTEXT_TITLE], "My Album");
	cdtext_info_free(info);
	b[18 * 3 + 5] ^= 1;
	/* a 4-byte header in front (READ TOC format 5, cdrecord textfile) */
	uint8_t *h = malloc(n + 4);
	h[0] = (uint8_t)((n + 2) >> 8);
	h[1] = (uint8_t)(n + 2);
	h[2] = h[3] = 0;
	memcpy(h + 4, b, n);
	assert_int_equal(cdtext_decode(h, n + 4, "f", false, info, &err), 0);
	assert_string_equal(info->block[0].track[0].field[CDTEXT_TITLE], "First Song");
	cdtext_info_free(info);
	h[1] ^= 2;
	assert_int_equal(cdtext_decode(h, n + 4, "f", false, info, &err), DB_EIMAGE);
	assert_string_equal(err.what, "header");
	free(h);
	free(info);
	free(b);
}

static void test_load_file(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/data/cdrskin-2.cdt", srcdir());
	struct layout l;
	layout_init(&l);
	add_tracks(&l, 2);
	struct db_error err;
	assert_int_equal(cdtext_load_file(&l, path, &err), 0);
	assert_int_equal(l.cdtext_len, 26 * 18);
	assert_string_equal(l.text.field[CDTEXT_TITLE], "My Album");
	assert_string_equal(l.track[1].text.field[CDTEXT_TITLE], "Second");
	assert_int_equal(l.ntext_blocks, 1);
	assert_int_equal(l.text_block[0].language, 0x08);
	assert_string_equal(l.text_block[0].track[0].field[CDTEXT_TITLE], "Erstes Lied");
	layout_free(&l);
	/* three tracks: the file is for two */
	layout_init(&l);
	add_tracks(&l, 3);
	assert_int_equal(cdtext_load_file(&l, path, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_CDTEXT_TRACKS);
	assert_int_equal(err.n1, 2);
	assert_int_equal(err.n2, 3);
	layout_free(&l);
}

/* A decoder nobody here wrote reads what we encode: cdrskin's
 * textfile_to_v07t= (skipped where cdrskin is missing). */
static void test_cdrskin_reads_ours(void **state)
{
	(void)state;
	if (system("command -v cdrskin >/dev/null 2>&1") != 0) {
		skip();
		return;
	}
	struct layout l;
	english(&l);
	set(&l.track[1].text, CDTEXT_TITLE, "A title long enough to run past fifteen");
	uint8_t *out;
	size_t len;
	struct db_error err;
	assert_int_equal(cdtext_encode(&l, &out, &len, &err), 0);
	char tmp[] = "/tmp/test_cdtext.XXXXXX";
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	/* cdrecord's textfile: a 4-byte header, then the packs */
	uint8_t hdr[4] = { (uint8_t)((len + 2) >> 8), (uint8_t)(len + 2), 0, 0 };
	assert_int_equal(write(fd, hdr, 4), 4);
	assert_int_equal(write(fd, out, len), (ssize_t)len);
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "cdrskin textfile_to_v07t=%s 2>/dev/null", tmp);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char all[8192];
	size_t n = fread(all, 1, sizeof(all) - 1, p);
	all[n] = '\0';
	/* "Album Title         = My Album": one space before the '=' */
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (!(all[i] == ' ' && i + 1 < n && all[i + 1] == ' '))
			all[o++] = all[i];
	all[o] = '\0';
	pclose(p);
	unlink(tmp);
	assert_non_null(strstr(all, "Album Title = My Album"));
	assert_non_null(strstr(all, "Artist Name = The Band"));
	assert_non_null(strstr(all, "Track 01 Title = First Song"));
	assert_non_null(strstr(all, "Track 02 Title = A title long enough to run past fifteen"));
	assert_non_null(strstr(all, "ISRC 02 = USXXX0000002"));
	free(out);
	layout_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_encode_like_cdrskin),
		cmocka_unit_test(test_decode_cdrskin),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_no_text),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_decode_refusals),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_cdrskin_reads_ours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
