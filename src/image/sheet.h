/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sheet.h — what the cue sheet, cdrdao TOC and track-list parsers share:
 * reading the text, finding the files it names, opening them as track
 * sources, times, ISRC/MCN, CD-TEXT strings and the checks every finished
 * layout gets. Internal to src/image.
 */
#ifndef DISCBURN_SHEET_H
#define DISCBURN_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "image/audio.h"
#include "image/layout.h"

#define SHEET_MAX_BYTES (1u << 20)      /* larger is not a sheet */

/* How a sheet's file is to be read. */
enum sheet_file_kind {
	SHEET_FILE_BINARY,      /* headerless, little-endian audio (cue BINARY) */
	SHEET_FILE_MOTOROLA,    /* headerless, big-endian audio */
	SHEET_FILE_DECODE,      /* audio with a header (WAVE, AIFF, FLAC, MP3) */
	SHEET_FILE_BY_NAME,     /* cdrecord's and cdrdao's rule: .wav etc. decoded, else raw BE */
};

/* Opens a file a sheet names. The default (sheet_open_default) resolves
 * `name` against `dir` (see sheet_resolve) and calls audio_open(); the
 * fuzzers pass one that invents files. Fills out, returns 0 or a problem. */
typedef int (*sheet_open_fn)(void *ctx, struct layout *l, const char *name, const char *dir,
			     const char *sheet, enum sheet_file_kind kind, struct audio_src *out,
			     struct db_error *err);

struct sheet_io {
	sheet_open_fn open;
	void *ctx;
};

int sheet_open_default(void *ctx, struct layout *l, const char *name, const char *dir,
		       const char *sheet, enum sheet_file_kind kind, struct audio_src *out,
		       struct db_error *err);

/* The path of a file named `name` in a sheet in directory dir: name itself
 * if absolute, else dir/name; if that does not exist, the first that does
 * of: backslashes as slashes, the base name alone in dir, a Latin-1 name
 * as UTF-8, and the same with .flac or .wav for the other (rippers'
 * sheets often outlive a conversion). Returns a malloc'ed path (the first
 * form when none exists), NULL without memory. */
char *sheet_resolve(const char *name, const char *dir);

/* Read a whole sheet (at most SHEET_MAX_BYTES) into a NUL-terminated
 * malloc'ed buffer. DB_R_SHEET_OPEN, DB_R_SHEET_TOO_BIG. */
int sheet_read(const char *path, char **text, size_t *len, struct db_error *err);

/* The directory part of path ("." when none), malloc'ed. */
char *sheet_dir(const char *path);

/* True when text is UTF-8 (a BOM, or valid UTF-8 with bytes >= 80h). */
bool sheet_is_utf8(const char *text, size_t len);

/* A CD-TEXT string from a sheet: UTF-8 converted to ISO-8859-1 when utf8,
 * else taken as ISO-8859-1. False when a character has no ISO-8859-1
 * form. out holds at least strlen(in) + 1 bytes. */
bool sheet_latin1(const char *in, bool utf8, char *out);

/* "mm:ss:ff" (ss < 60, ff < 75) to sectors; false if not such a time. */
bool sheet_msf(const char *s, uint32_t *sectors);

/* An ISRC: 12 characters, 5 letters or digits then 7 digits (lower case
 * taken as upper); out gets the 12 and a NUL. */
bool sheet_isrc(const char *s, char out[13]);

/* An MCN (UPC/EAN): 13 digits. */
bool sheet_mcn(const char *s, char out[14]);

/* Whether a problem already in pr is about the file path (it could not be
 * opened, its audio is of the wrong format, ...). */
bool sheet_file_said(const struct layout_problems *pr, const char *path);

/* The checks of every finished CD layout: tracks of at least 4 s
 * (DB_R_TRACK_TOO_SHORT, .n1 = track, .n2 = sectors, .subject and .other =
 * sheet). Each problem goes to pr; returns the first one's code, or rc if
 * that is already a failure. */
int sheet_check_tracks(const struct layout *l, const char *sheet, int rc,
		       struct layout_problems *pr, struct db_error *err);

/* Record problem e (in pr, and in err if it is the first, i.e. *rc is 0). */
void sheet_problem(int *rc, struct db_error *err, struct layout_problems *pr,
		   const struct db_error *e);

#endif
