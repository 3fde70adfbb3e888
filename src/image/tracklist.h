/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tracklist.h — a layout from cdrecord's track list:
 *
 *   cdrecord -dao -pad -audio isrc=... a.wav b.flac -data x.iso mcn=... -text textfile=t.cdt
 *
 * The command line's parser fills a struct tracklist (one struct
 * tracklist_track per file, each with the track options in force for it)
 * and tracklist_build() makes the layout, deciding every refusal before a
 * drive is touched. As cdrecord does:
 *
 *  - audio files ending in .wav, .au, .aif(f), .flac, .ogg, .mp3 ... are
 *    read by their contents (WAV and AU samples in place, the others
 *    decoded); any other audio file is headerless 16-bit stereo 44.1 kHz,
 *    big-endian (-swab: little-endian);
 *  - audio that is not a whole number of 2352-byte sectors is refused
 *    unless -pad, which completes it with silence; a data track's last
 *    sector is completed with zeros, and -pad adds padsize= (default 15)
 *    sectors of 2048 bytes to it;
 *  - tracks after the first get a 2 s (150-sector) pregap of silence unless
 *    pregap= says otherwise;
 *  - -useinfo reads each audio file's .inf (cdda2wav/icedax: same name,
 *    .inf extension): ISRC, MCN, Pre-emphasis, Copy_permitted, Index,
 *    Index0 (where the next track's pregap starts in this file: the rest
 *    of the file becomes that pregap), Trackstart of track 1 (silence
 *    before it), and with -text the CD-TEXT fields Albumtitle,
 *    Albumperformer, Tracktitle, Performer, Songwriter, Composer,
 *    Arranger, Message; .inf values win over the options;
 *  - textfile= (binary CD-TEXT, as cdda2wav/icedax and readcd write it)
 *    replaces any other CD-TEXT.
 * Tracks shorter than 4 s are refused (cdrecord's minimum).
 */
#ifndef DISCBURN_TRACKLIST_H
#define DISCBURN_TRACKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "image/layout.h"

struct tracklist_track {
	const char *path;
	enum track_mode mode;   /* TRACK_AUDIO (-audio), TRACK_MODE1 (-data), TRACK_MODE2
				 * (-mode2), TRACK_XA_FORM1 (-xa, -xa1), TRACK_XA_FORM2 (-xa2) */
	bool swab;              /* -swab: headerless audio is little-endian */
	bool pad;               /* -pad */
	uint32_t padsize;       /* padsize=, in 2048-byte sectors (0 with -pad: 15) */
	int32_t pregap;         /* pregap=, sectors; -1: the default */
	bool preemp, copy, scms;        /* -preemp, -copy, -scms */
	const char *isrc;       /* isrc=, or NULL */
	const char *index;      /* index=0,7500,...: where indices 1, 2, ... start, in
				 * sectors from the track's start; or NULL */
};

struct tracklist {
	const struct tracklist_track *track;
	unsigned ntracks;
	const char *mcn;        /* mcn=, or NULL */
	bool useinfo;           /* -useinfo */
	bool text;              /* -text: CD-TEXT from the .inf files (textfile= always counts) */
	const char *textfile;   /* textfile=, or NULL */
};

/* Build l from tl. Problems with files and values are all listed in pr
 * (may be NULL) and the first is returned; l describes what could be
 * read. Refusals besides the files' own: DB_R_TRACKLIST_EMPTY,
 * DB_R_SHEET_TOO_MANY_TRACKS, DB_R_TRACKLIST_VALUE (.what = the option,
 * .other = its value, .n1 = the track), DB_R_TRACK_PARTIAL_SECTOR (.what =
 * "audio"), DB_R_TRACK_TOO_SHORT. Free l with layout_free() either way. */
int tracklist_build(const struct tracklist *tl, struct layout *l,
		    struct layout_problems *pr, struct db_error *err);

/* What one .inf file says (fields absent from it stay as inf_parse set
 * them: strings NULL, numbers -1). */
struct inf_info {
	char *text[CDTEXT_FIELDS];      /* the track's: Tracktitle, Performer, ... */
	char *album_title, *album_performer;
	char isrc[13];                  /* "" if none */
	char mcn[14];
	int preemphasis;                /* -1, 0, 1 */
	int copy;                       /* -1; 0 no (SCMS); 1 yes; 2 once */
	long tracknumber, trackstart, index0;
	uint64_t tracklength;           /* bytes, from "Tracklength= sectors, samples"; 0 if none */
	unsigned nindex;                /* "Index=": starts of indices 1.. */
	long index[LAYOUT_MAX_INDICES];
};

/* Parse a .inf text (name for messages). Values in single quotes are
 * strings; unknown keys are ignored; a malformed known value is refused
 * with DB_R_SHEET_VALUE (.n1 = line). */
int inf_parse(const char *text, size_t len, const char *name, struct inf_info *out,
	      struct db_error *err);
void inf_free(struct inf_info *inf);

#endif
