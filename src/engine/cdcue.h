/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdcue.h — a CD session as a BIN/CUE: what the disc says of its tracks
 * (cd_describe) and the cue sheet that says it again (cd_write_cue).
 *
 * The tracks and the session's lead-out come from the full TOC (READ TOC
 * format 2; the track information when a drive has none). What the TOC
 * does not hold is found on the disc: a track's pregap (index 0) and its
 * indices 2 and up from the Q sub-channel, which says at every sector the
 * track and index it belongs to (READ CD with the formatted Q) — searched
 * by halving, since the index only grows within a track and the track
 * number only grows on the disc; the catalog number and each audio track's
 * ISRC from READ SUB-CHANNEL; CD-TEXT from READ TOC format 5, decoded by
 * src/image/cdtext.c; a data track's mode from its first sector's header.
 *
 * The BIN holds every sector of the session from the first track's first
 * sector (its pregap on the disc, when it has one there: a hidden track
 * one) to the lead-out, 2352 bytes each as READ CD gives them: audio as
 * little-endian 16-bit stereo samples (the cue's BINARY), data sectors
 * whole with sync, header and EDC/ECC (MODE1/2352, MODE2/2352). The cue
 * sheet names it with FILE ... BINARY and gives each track INDEX 00 (when
 * it has a pregap), 01 and the higher ones as times into that file, its
 * FLAGS (PRE, DCP, 4CH from the Q control bits), ISRC, and the CD-TEXT of
 * the first language block as TITLE, PERFORMER, SONGWRITER, COMPOSER,
 * ARRANGER, MESSAGE (and the disc's CATALOG, DISC_ID, UPC_EAN), in UTF-8;
 * src/image/cue.c reads it back into the layout the disc had.
 */
#ifndef DISCBURN_CDCUE_H
#define DISCBURN_CDCUE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/disc.h"
#include "image/cdtext.h"
#include "image/layout.h"

struct cd_track {
	unsigned number;
	bool audio;
	uint8_t control;                /* Q control: 1 pre-emphasis, 2 copy permitted,
					 * 4 data, 8 four channels */
	uint8_t data_mode;              /* a data track's: 1 or 2 */
	int32_t index0;                 /* where its pregap begins (== start: none) */
	int32_t start;                  /* index 1 */
	unsigned nindex;                /* indices 2.. */
	int32_t index[LAYOUT_MAX_INDICES];
	char isrc[13];
};

struct cd_session {
	unsigned session;
	unsigned ntracks;
	struct cd_track track[DISC_MAX_TRACKS];
	int32_t first;                  /* the BIN's first LBA */
	int32_t leadout;
	char mcn[14];
	bool have_text;
	struct cdtext_info text;        /* block 0 is written to the cue */
	uint8_t *packs;                 /* the CD-TEXT packs as the disc gave them
					 * (when they decoded), for a copy */
	size_t packs_len;
	unsigned q_reads;               /* sub-channel reads the search took */
};

/* Describe session `session` (1-based) of the CD in r's drive. Fails on a
 * disc that is not a CD, or with the drive's failure. */
int cd_describe(struct disc_reader *r, const struct disc *disc, unsigned session,
		struct cd_session *out, struct db_error *err);
void cd_session_free(struct cd_session *cd);

/* Write the cue sheet of cd, naming bin_name (a file beside it), to path
 * (a new file renamed over an old one). READ_OUTPUT_OPEN/WRITE on failure. */
int cd_write_cue(const struct cd_session *cd, const char *bin_name, const char *path,
		 const char *comment, struct db_error *err);

/* The same into a malloc'ed string. */
int cd_format_cue(const struct cd_session *cd, const char *bin_name, const char *comment,
		  char **out, size_t *len, struct db_error *err);

#endif
