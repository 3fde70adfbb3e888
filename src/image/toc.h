/* SPDX-License-Identifier: GPL-3.0-or-later */
/* toc.h — cdrdao TOC files (.toc, cdrdao(1) "TOC FILES") into a disc layout.
 *
 * Accepted: CATALOG; CD_DA, CD_ROM, CD_ROM_XA, CD_I; CD_TEXT blocks with
 * LANGUAGE_MAP (EN or a number) and LANGUAGE n { TITLE PERFORMER SONGWRITER
 * COMPOSER ARRANGER MESSAGE DISC_ID UPC_EAN ISRC "..." } (GENRE, TOC_INFO1,
 * TOC_INFO2, SIZE_INFO are read and dropped: the encoder makes its own size
 * information); TRACK AUDIO | MODE1 | MODE1_RAW | MODE2 | MODE2_FORM1 |
 * MODE2_FORM2 | MODE2_FORM_MIX | MODE2_RAW (MODE0 and the RW/RW_RAW
 * sub-channel modes are refused); [NO] COPY, [NO] PRE_EMPHASIS,
 * TWO_CHANNEL_AUDIO, FOUR_CHANNEL_AUDIO, ISRC; SILENCE, ZERO [mode]
 * length, FILE/AUDIOFILE "name" [#offset] start [length], DATAFILE "name"
 * [#offset] [length], START [time], PREGAP time, INDEX time; // comments.
 * Lengths are samples (audio) or bytes (data), or MM:SS:FF blocks.
 *
 * Audio files are read as cdrdao reads them, with libsndfile's formats
 * added: a name ending in .wav (.flac, .aiff, ...) by its contents, any
 * other name headerless big-endian. FIFO "path" and "-" (standard input)
 * are refused: the sizes must be known before burning. A track not a
 * whole number of blocks is completed with zeros, as cdrdao does.
 *
 * Problems with the files are listed in pr, the parse goes on, the first
 * is returned (see cue.h); a syntax error stops the parse.
 */
#ifndef DISCBURN_TOC_H
#define DISCBURN_TOC_H

#include <stddef.h>
#include "base/err.h"
#include "image/layout.h"
#include "image/sheet.h"

int toc_parse_file(const char *path, struct layout *l, struct layout_problems *pr,
		   struct db_error *err);
int toc_parse_mem(const char *text, size_t len, const char *name, const char *dir,
		  const struct sheet_io *io, struct layout *l, struct layout_problems *pr,
		  struct db_error *err);

#endif
