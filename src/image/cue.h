/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cue.h — cue sheets (.cue: CDRWIN's format, and what EAC, cdrdao, whipper,
 * foobar2000 and redumper write) into a disc layout.
 *
 * Accepted:
 *   CATALOG (MCN), CDTEXTFILE (binary CD-TEXT, replaces the sheet's text),
 *   FILE "name" BINARY | MOTOROLA | WAVE | AIFF | FLAC | MP3 (the last four
 *     decoded by libsndfile, whatever the file really holds: sheets often
 *     name a .flac as WAVE),
 *   TRACK nn AUDIO | MODE1/2048 | MODE1/2352 | MODE2/2048 | MODE2/2324 |
 *     MODE2/2336 | MODE2/2352 | CDI/2336 | CDI/2352 (CDG is refused),
 *   INDEX 00..99 mm:ss:ff, PREGAP, POSTGAP (silence), ISRC,
 *   FLAGS DCP 4CH PRE SCMS (DATA ignored),
 *   TITLE PERFORMER SONGWRITER COMPOSER ARRANGER MESSAGE (disc before the
 *     first TRACK, else the track's) and DISC_ID, UPC_EAN as CD-TEXT,
 *   REM SESSION nn (redumper's and EAC's multi-session sheets), REM COMPOSER
 *     (as COMPOSER); any other REM is ignored.
 * Keywords in any case; names and texts quoted or not; UTF-8 (with or
 * without a BOM) or ISO-8859-1 sheets, CR/LF/CRLF lines.
 *
 * The disc is one stream: every FILE from the first INDEX on, in order;
 * each INDEX marks where its part begins, wherever that is — so the gap
 * styles of rippers all work: gaps inside one file, gaps appended to the
 * previous track's file (EAC's default), INDEX 00 of a track in the
 * previous FILE (EAC's "non-compliant" sheets), gaps prepended to the
 * track's own file, gaps left out (PREGAP, or none), and a hidden track-one
 * audio (INDEX 00 00:00:00, INDEX 01 later). Audio before the first INDEX
 * of the first file is track 1's pregap. A part of an audio track that is
 * not a whole number of sectors (a file that ends mid-sector) is completed
 * with silence; a data file's is refused.
 *
 * Relative FILE names are taken from the sheet's directory (with the
 * fall-backs of sheet_resolve(): Windows paths, .wav <-> .flac).
 *
 * Problems with the files (missing, too short, audio of the wrong format)
 * and tracks shorter than 4 s do not stop the parse: they all go to pr and
 * the first is returned, and l describes what could be read. A syntax
 * error stops it. Free l with layout_free() whatever is returned.
 */
#ifndef DISCBURN_CUE_H
#define DISCBURN_CUE_H

#include <stddef.h>
#include "base/err.h"
#include "image/layout.h"
#include "image/sheet.h"

int cue_parse_file(const char *path, struct layout *l, struct layout_problems *pr,
		   struct db_error *err);

/* The same for a sheet in memory: name is for messages, dir for relative
 * FILE names; io NULL for the real files. */
int cue_parse_mem(const char *text, size_t len, const char *name, const char *dir,
		  const struct sheet_io *io, struct layout *l, struct layout_problems *pr,
		  struct db_error *err);

#endif
