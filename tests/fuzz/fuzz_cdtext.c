/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_cdtext.c — libFuzzer harness for the CD-TEXT pack decoder (and the
 * WAV header walker, which reads the same kind of untrusted bytes).
 *
 * Each input is decoded as a binary CD-TEXT file, strictly and as a disc
 * read back (tolerant). What a strict decode accepts is put into a layout
 * of as many tracks, encoded, and decoded again: the texts must come back
 * the same (the encoder writes what the decoder reads). Built and run by
 * tests/fuzz/run.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/audio.h"
#include "image/cdtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t off, len;
	if (audio_wav_data(data, size, size, &off, &len) == 0 && (off > size || len > size - off))
		abort();

	struct cdtext_info *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct db_error err;
	if (cdtext_decode(data, size, "fuzz", true, a, &err) == 0)
		cdtext_info_free(a);
	if (cdtext_decode(data, size, "fuzz", false, a, &err) != 0) {
		free(a);
		free(b);
		return 0;
	}
	if (a->bad_crc)
		abort();
	/* the decoded text of block 0 as a layout: tracks up to the highest one with text */
	struct layout l;
	layout_init(&l);
	unsigned n = 0;
	for (unsigned i = 0; i < LAYOUT_MAX_TRACKS; i++)
		for (unsigned f = 0; f < CDTEXT_FIELDS; f++)
			if (a->block[0].track[i].field[f])
				n = i + 1;
	for (unsigned i = 0; i < (n ? n : 1); i++) {
		struct layout_track t = { .mode = TRACK_AUDIO, .length = 300 };
		if (layout_add_track(&l, &t, &err) != 0)
			abort();
	}
	for (unsigned f = 0; f < CDTEXT_FIELDS; f++) {
		if (a->block[0].disc.field[f])
			layout_set_text(&l.text, f, a->block[0].disc.field[f], &err);
		for (unsigned i = 0; i < n; i++)
			if (a->block[0].track[i].field[f])
				layout_set_text(&l.track[i].text, f, a->block[0].track[i].field[f],
						&err);
	}
	uint8_t *packs;
	size_t plen;
	int rc = cdtext_encode(&l, &packs, &plen, &err);
	if (rc != 0 && err.reason != DB_R_CDTEXT_TOO_LONG)
		abort();
	if (rc == 0 && plen) {
		if (cdtext_decode(packs, plen, "again", false, b, &err) != 0)
			abort();
		for (unsigned f = 0; f < CDTEXT_FIELDS; f++) {
			if (!same(l.text.field[f], b->block[0].disc.field[f]))
				abort();
			for (unsigned i = 0; i < n; i++)
				if (f != CDTEXT_DISC_ID &&
				    !same(l.track[i].text.field[f], b->block[0].track[i].field[f]))
					abort();
		}
		cdtext_info_free(b);
		free(packs);
	}
	layout_free(&l);
	cdtext_info_free(a);
	free(a);
	free(b);
	return 0;
}
