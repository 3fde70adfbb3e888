/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout.h — what is to be burnt: a disc layout.
 *
 * A layout is sessions of tracks. Each track has a mode (what its sectors
 * are), a length in sectors, a pregap, indices, its sub-channel facts (ISRC,
 * flags) and CD-TEXT; the disc has an MCN and CD-TEXT of its own. The bytes
 * of all tracks, in disc order, form ONE stream: the producer thread reads
 * it piece by piece into the ring (a piece is a run of a file, a run of
 * zeros, or a decoder's output), the hasher hashes it, and the write
 * strategies cut it into sectors of each track's size. So a single ISO
 * image is a layout of one session holding one mode-1 track whose one piece
 * is the whole file, and a BIN/CUE image or a list of WAV files is the same
 * thing with more tracks and pieces.
 *
 * Who fills a layout: layout_from_image() for an ISO (or any data) image;
 * the cue sheet, cdrdao TOC and track-list parsers (src/image/cue.h ...) for
 * CD layouts. Who reads it: the write strategies (src/engine), -inspect.
 * Sizes are checked for overflow where they are added (layout_add_*).
 */
#ifndef DISCBURN_LAYOUT_H
#define DISCBURN_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/fact.h"

#define LAYOUT_MAX_TRACKS 99
#define LAYOUT_MAX_INDICES 99          /* index 1..99 of a track */

/* What a track's sectors are, and how many bytes of the stream each takes. */
enum track_mode {
	TRACK_MODE1,            /* data mode 1: 2048 user bytes a sector */
	TRACK_MODE1_RAW,        /* mode 1 as 2352-byte raw sectors */
	TRACK_MODE2,            /* mode 2 formless: 2336 bytes */
	TRACK_MODE2_RAW,        /* mode 2 (XA) as 2352-byte raw sectors */
	TRACK_XA_FORM1,         /* mode 2 XA form 1: 2048 user bytes */
	TRACK_XA_FORM2,         /* mode 2 XA form 2: 2324 user bytes */
	TRACK_AUDIO,            /* CD-DA: 2352 bytes, 16-bit stereo 44.1 kHz,
				 * little-endian samples in the stream */
};

/* Bytes of the stream per sector of mode m. */
unsigned track_mode_sector_bytes(enum track_mode m);
/* True for every mode but TRACK_AUDIO. */
bool track_mode_is_data(enum track_mode m);
/* "mode1", "mode1-raw", "mode2", "mode2-raw", "xa-form1", "xa-form2", "audio". */
const char *track_mode_name(enum track_mode m);

/* CD-TEXT fields of one track (or of the disc, in layout.text) as the
 * pack types 80h-86h and 8Eh carry them (MMC-6 annex J / Red Book). */
enum cdtext_field {
	CDTEXT_TITLE,           /* 80h */
	CDTEXT_PERFORMER,       /* 81h */
	CDTEXT_SONGWRITER,      /* 82h */
	CDTEXT_COMPOSER,        /* 83h */
	CDTEXT_ARRANGER,        /* 84h */
	CDTEXT_MESSAGE,         /* 85h */
	CDTEXT_DISC_ID,         /* 86h, disc only */
	CDTEXT_UPC_ISRC,        /* 8Eh: the disc's UPC/EAN, a track's ISRC */
	CDTEXT_FIELDS
};

struct layout_text {
	char *field[CDTEXT_FIELDS];     /* NULL or a string, ISO-8859-1 */
};

/* CD-TEXT character codes (the block size information's first byte). */
enum cdtext_charset {
	CDTEXT_ISO8859_1 = 0x00,
	CDTEXT_ASCII = 0x01,            /* ISO 646 */
	CDTEXT_MS_JIS = 0x80,           /* carried as given, not converted */
};

#define LAYOUT_TEXT_BLOCKS 8            /* CD-TEXT language blocks 0..7 */
#define CDTEXT_LANG_ENGLISH 0x09        /* EBU Tech 3264 language code */

/* A further CD-TEXT language block (cdrdao's LANGUAGE 1..7): the texts of
 * the disc and of each track (track[i] belongs to layout.track[i]). Block 0
 * is layout.text and layout_track.text. */
struct layout_text_block {
	uint8_t language;               /* EBU language code */
	uint8_t charset;                /* enum cdtext_charset */
	struct layout_text disc;
	struct layout_text track[LAYOUT_MAX_TRACKS];
};

/* A run of the stream. */
enum piece_kind {
	PIECE_FILE,             /* length bytes of file fd from offset */
	PIECE_ZERO,             /* length zero bytes (generated pregap, padding) */
	PIECE_DECODER,          /* length bytes from a decoder (FLAC, AU...) */
	PIECE_READER,           /* length bytes read at offsets from a reader that
				 * is not a file: a master disc in a drive
				 * (src/engine/master.h) */
};

struct layout_decoder {
	/* Fill exactly len bytes of decoded samples (16-bit little-endian
	 * stereo); 0 or a negative DB_E* code. Called from the producer
	 * thread only. */
	int (*read)(void *ctx, void *buf, size_t len, struct db_error *err);
	void (*close)(void *ctx);
	void *ctx;
};

/* A piece that can be read at any offset, again: the producer reads it in
 * order, verify re-reads parts of it. read_at fills exactly len bytes from
 * off (bytes into the piece) or fails with a DB_E* code and err; it may be
 * called from the producer and from a verifying writer, so it serialises
 * itself. close releases ctx. */
struct layout_reader {
	int (*read_at)(void *ctx, uint64_t off, void *buf, size_t len, struct db_error *err);
	void (*close)(void *ctx);
	void *ctx;
};

struct layout_piece {
	enum piece_kind kind;
	int fd;                         /* PIECE_FILE: not owned (the layout's files own it) */
	uint64_t offset;                /* PIECE_FILE, PIECE_READER: where the piece starts */
	bool sequential;                /* PIECE_FILE: a pipe or terminal: read() in order
					 * (offset ignored), and read() may wait */
	uint64_t length;                /* bytes */
	bool swap16;                    /* swap the bytes of 16-bit samples (big-endian audio) */
	struct layout_decoder dec;      /* PIECE_DECODER */
	struct layout_reader rd;        /* PIECE_READER */
	const char *name;               /* the file, for messages */
};

struct layout_track {
	unsigned number;                /* 1..99 on the disc */
	unsigned session;               /* 1-based */
	enum track_mode mode;
	uint32_t pregap;                /* sectors before index 1 (index 0); in the stream */
	uint32_t length;                /* sectors from index 1 to the track's end */
	uint32_t postgap;               /* sectors of the length that are postgap */
	unsigned nindex;                /* indices 2.. given */
	uint32_t index[LAYOUT_MAX_INDICES]; /* sector offset of index 2+i from index 1 */
	char isrc[13];                  /* 12 characters or "" */
	bool copy, preemphasis, four_channel, scms;
	struct layout_text text;
	uint64_t stream_offset;         /* where the track's pregap starts in the stream */
};

struct layout {
	unsigned ntracks;
	struct layout_track track[LAYOUT_MAX_TRACKS];
	unsigned nsessions;
	char mcn[14];                   /* 13 digits or "" */
	struct layout_text text;        /* the disc's CD-TEXT */
	uint8_t cdtext_language;        /* block 0's language code (0 = English, 09h) */
	uint8_t cdtext_charset;         /* block 0's enum cdtext_charset */
	unsigned ntext_blocks;          /* further language blocks in text_block[] */
	struct layout_text_block *text_block;
	uint8_t *cdtext_packs;          /* raw CD-TEXT packs given as such (textfile=), or NULL */
	size_t cdtext_len;              /* bytes, a multiple of 18 */

	unsigned npieces;
	struct layout_piece *piece;
	uint64_t stream_bytes;          /* sum of the pieces */

	/* files the layout opened (it closes them) */
	unsigned nfiles;
	int *files;
	/* strings the layout owns: piece names, paths */
	unsigned nnames;
	char **names;
};

/* An empty layout; layout_free() releases what it holds. */
void layout_init(struct layout *l);
void layout_free(struct layout *l);

/* Append a piece; fails (DB_R_IMAGE_TOO_LARGE) if the stream would overflow
 * 64 bits, DB_R_NO_MEMORY. */
int layout_add_piece(struct layout *l, const struct layout_piece *p, struct db_error *err);

/* Append a track (number, session, stream_offset are set from what came
 * before); its bytes must be the pieces added after it. */
int layout_add_track(struct layout *l, const struct layout_track *t, struct db_error *err);

/* A data image as a layout: one session, one TRACK_MODE1 track whose one
 * piece is `size` bytes of fd (not owned) from offset 0. The last sector
 * may be partial: it is completed with zeros by the writer. */
int layout_from_image(struct layout *l, int fd, bool sequential, uint64_t size,
		      const char *name, struct db_error *err);

/* Read len bytes of the stream at off again, for naming the first bad
 * sector after a verify mismatch: file pieces by pread(), zero pieces as
 * zeros, reader pieces by their read_at. Returns 0, or -1 when that part
 * cannot be read again (a pipe, a decoder, an I/O error). */
int layout_read_at(const struct layout *l, uint64_t off, void *buf, size_t len);

/* Sectors of track t in the stream: pregap + length. */
uint64_t layout_track_sectors(const struct layout_track *t);

/* Hand fd to the layout, which closes it in layout_free(); on failure fd is
 * closed at once (DB_R_NO_MEMORY). */
int layout_add_file(struct layout *l, int fd, struct db_error *err);

/* A copy of s that lives as long as the layout (piece names, paths). NULL
 * with DB_R_NO_MEMORY in err. */
const char *layout_keep_name(struct layout *l, const char *s, struct db_error *err);

/* Set a CD-TEXT field to a copy of s (replacing what was there). */
int layout_set_text(struct layout_text *t, enum cdtext_field f, const char *s,
		    struct db_error *err);

/* Language block b (1..7) of the layout's CD-TEXT, made (empty) if absent:
 * blocks are numbered from 0 without holes, so asking for b makes the blocks
 * before it too. NULL only without memory (err is filled). */
struct layout_text_block *layout_text_block(struct layout *l, unsigned b,
					    struct db_error *err);

/* ---- playing time and fit (a CD's layout) -----------------------------------
 *
 * A CD starts with a 150-sector (2 s) pregap before LBA 0 that the writer
 * adds itself: the stream begins at LBA 0, so track 1's layout pregap counts
 * only sectors beyond those 150 (a hidden track-one audio, or an explicit
 * PREGAP). Sessions after the first cost a lead-in (4500 sectors, 1 min) and
 * a 150-sector pregap, and each session followed by another its lead-out
 * (6750 sectors after the first session, 2250 after later ones), as
 * cdrecord and mkisofs -C count them. The last lead-out is not counted: a
 * disc's capacity is where its last lead-out may start. */
#define CD_LEAD_PREGAP 150
#define CD_LEADIN_LATER 4500
#define CD_LEADOUT_FIRST 6750
#define CD_LEADOUT_LATER 2250
#define CD_SECTORS_PER_SECOND 75
#define CD_MIN_TRACK_SECTORS 300        /* 4 s */
/* The last possible lead-out start of common CD-Rs, as an LBA. */
#define CD74_SECTORS 332850             /* 74:00:00 */
#define CD80_SECTORS 359849             /* 79:59:74 */

struct layout_time {
	uint64_t tracks;        /* the tracks' sectors (pregaps and lengths) */
	uint64_t overhead;      /* lead-ins, pregaps and lead-outs between sessions */
	uint64_t from_lba0;     /* tracks + overhead: what must fit the disc's capacity */
	uint64_t total;         /* from_lba0 + the 150-sector lead pregap: the playing
				 * time as players show it, and the start of the last
				 * lead-out in absolute sectors */
};

void layout_time(const struct layout *l, struct layout_time *t);

/* Refuse (DB_R_CD_TOO_LONG, n1 = sectors needed from LBA 0, n2 = capacity)
 * a layout that does not fit `capacity` sectors (the disc's last possible
 * lead-out start as an LBA, e.g. CD80_SECTORS); name is the sheet, for the
 * message. */
int layout_check_fit(const struct layout *l, uint64_t capacity, const char *name,
		     struct db_error *err);

/* ---- what is wrong with a layout ------------------------------------------
 *
 * The parsers (cue sheets, TOC files, track lists) do not stop at a missing
 * or short file: they go on, so that every such problem can be listed at
 * once (as the burn's pre-flight does) and -inspect can describe the rest.
 * They return the first problem's code and fill err with it; a `struct
 * layout_problems` passed to them receives all of them. A syntax error
 * still stops the parse. */
#define LAYOUT_MAX_PROBLEMS 16

struct layout_problems {
	unsigned n;                     /* problems kept in e[] */
	unsigned dropped;               /* problems past LAYOUT_MAX_PROBLEMS */
	struct db_error e[LAYOUT_MAX_PROBLEMS];
};

/* Record a problem (pr may be NULL); returns e->code. */
int layout_problem(struct layout_problems *pr, const struct db_error *e);

/* ---- a report of a layout, as typed facts (base/fact.h) --------------------
 *
 * Keys (stable; the JSON field names):
 *   layout.sessions, layout.tracks, layout.bytes                       u64
 *   layout.sectors, layout.time (mm:ss:ff), layout.overhead            u64, str, u64
 *   layout.fits-cd74, layout.fits-cd80                                 bool
 *   disc.mcn, disc.cdtext (packs source: "none", "fields", "packs")    str
 *   disc.text.title ... disc.text.message, disc.text.disc-id           str
 *   track.N.session, track.N.mode, track.N.start (LBA)                  u64, str, u64
 *   track.N.pregap, track.N.length, track.N.postgap (sectors)          u64
 *   track.N.time (mm:ss:ff of the length), track.N.index.K (LBA, K >= 2) str, u64
 *   track.N.isrc, track.N.copy, track.N.preemphasis, track.N.four-channel,
 *   track.N.scms, track.N.text.title ...                               str, bool
 *   track.N.file (the first file its bytes come from)                  str
 *   problem.K.reason (db_reason_name), problem.K.subject, problem.K.n1,
 *   problem.K.n2, problems.dropped                                     str, u64
 * N is the track number, K counts from 1. pr may be NULL. Returns what fn
 * returned if it stopped the walk, else 0. */
int layout_report(const struct layout *l, const struct layout_problems *pr,
		  fact_fn fn, void *ctx);

/* The key name of a CD-TEXT field in the report ("title", "performer",
 * "songwriter", "composer", "arranger", "message", "disc-id", "upc-isrc"). */
const char *cdtext_field_name(enum cdtext_field f);

#endif
