/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_layout.h — what the sheet fuzzers share: files that are invented
 * instead of opened (their sizes and kinds from their names, so an input
 * decides them), and the promises every layout a parser accepts keeps. */
#ifndef DISCBURN_FUZZ_LAYOUT_H
#define DISCBURN_FUZZ_LAYOUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/cdtext.h"
#include "image/layout.h"
#include "image/sheet.h"

/* A name hashed: its size in bytes (0 to about 40 MB, often whole
 * sectors), whether it is missing, and whether it is decoded audio. */
static int fake_open(void *ctx, struct layout *l, const char *name, const char *dir,
		     const char *sheet, enum sheet_file_kind kind, struct audio_src *out,
		     struct db_error *err)
{
	(void)ctx;
	(void)dir;
	uint32_t h = 2166136261u;
	for (const char *p = name; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->path = layout_keep_name(l, name, err);
	if (!out->path)
		return DB_ENOMEM;
	if (h % 11 == 0)
		return db_fail(err, DB_R_TRACK_FILE_OPEN, .subject = name, .other = sheet,
			       .os_errno = 2);
	uint64_t sectors = h % 17000;
	out->bytes = sectors * 2352 + (h % 5 == 0 ? (h >> 8) % 2352 : 0);
	out->direct = kind != SHEET_FILE_DECODE || h % 3 != 0;
	if (!out->direct)
		out->bytes &= ~(uint64_t)3;     /* decoded audio is whole frames */
	out->big_endian = kind == SHEET_FILE_MOTOROLA;
	out->format = out->direct ? "raw" : "wav";
	return 0;
}

static const struct sheet_io fake_io = { fake_open, NULL };

static int fact_check(void *ctx, const struct fact *f)
{
	(void)ctx;
	if (!f->key || !f->key[0])
		abort();
	if (f->type == FACT_STR) {
		if (!f->str)
			abort();
		for (const char *p = f->str; *p; p++)
			if ((unsigned char)*p < 0x20)
				abort();
	}
	return 0;
}

/* What an accepted layout promises: 1..99 tracks, numbered in order, each
 * at least 4 s, whose sectors are exactly the stream; and a CD-TEXT that
 * encodes (or is refused for its size) and decodes back. */
static void check_layout(const struct layout *l, int rc, const struct layout_problems *pr)
{
	if (pr->n > LAYOUT_MAX_PROBLEMS)
		abort();
	if (rc == 0 && pr->n)
		abort();
	layout_report(l, pr, fact_check, NULL);
	if (rc != 0)
		return;
	if (l->ntracks == 0 || l->ntracks > LAYOUT_MAX_TRACKS)
		abort();
	uint64_t bytes = 0, pieces = 0;
	for (unsigned i = 0; i < l->ntracks; i++) {
		const struct layout_track *t = &l->track[i];
		if (t->stream_offset != bytes || t->length < CD_MIN_TRACK_SECTORS ||
		    (i && t->number != l->track[i - 1].number + 1) || t->nindex >= LAYOUT_MAX_INDICES)
			abort();
		for (unsigned k = 0; k < t->nindex; k++)
			if (t->index[k] >= t->length || (k && t->index[k] <= t->index[k - 1]))
				abort();
		bytes += layout_track_sectors(t) * track_mode_sector_bytes(t->mode);
	}
	for (unsigned i = 0; i < l->npieces; i++)
		pieces += l->piece[i].length;
	if (bytes != l->stream_bytes || pieces != l->stream_bytes)
		abort();
	uint8_t *packs;
	size_t len;
	struct db_error err;
	int e = cdtext_encode(l, &packs, &len, &err);
	if (e != 0) {
		if (err.reason != DB_R_CDTEXT_TOO_LONG)
			abort();
		return;
	}
	if (!len)
		return;
	struct cdtext_info *info = malloc(sizeof(*info));
	if (!info || cdtext_decode(packs, len, "fuzz", false, info, &err) != 0)
		abort();
	const char *want = l->text.field[CDTEXT_TITLE];
	const char *got = info->block[0].disc.field[CDTEXT_TITLE];
	if (want && *want && (!got || strcmp(want, got)))
		abort();
	cdtext_info_free(info);
	free(info);
	free(packs);
}

#endif
