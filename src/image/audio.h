/* SPDX-License-Identifier: GPL-3.0-or-later */
/* audio.h — audio files as pieces of a layout's stream.
 *
 * A CD-DA stream is 16-bit stereo 44.1 kHz samples, little-endian (see
 * layout.h). audio_open() finds out what a file holds and how many sample
 * frames (4 bytes each) it has — exactly, before anything is burnt, since a
 * cue sheet needs the sizes — and refuses audio of another rate, channel
 * count or sample size. audio_add() then appends a run of it to a layout:
 *
 *  - headerless files (cdrecord's .cdr/.raw, a cue sheet's BINARY or
 *    MOTOROLA audio, cdrdao's raw audio files) and the samples of a PCM
 *    WAV or AU file are read from the file as they are (PIECE_FILE, with
 *    swap16 for big-endian samples): no decoding, no copy;
 *  - everything else libsndfile reads (FLAC, AIFF, WAV with other
 *    encodings, Ogg Vorbis, MP3 where libsndfile is built with it) is
 *    decoded in the producer thread (PIECE_DECODER).
 *
 * Headerless audio is big-endian unless told otherwise, as cdrecord takes
 * it (-swab: little-endian); a cue sheet's FILE ... BINARY is
 * little-endian, MOTOROLA big-endian.
 */
#ifndef DISCBURN_AUDIO_H
#define DISCBURN_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "image/layout.h"

#define CD_FRAME_BYTES 4                /* one stereo sample frame */
#define CD_FRAMES_PER_SECTOR 588        /* 2352 / 4 */
#define CD_SECTOR_BYTES 2352

enum audio_container {
	AUDIO_DECODE,           /* what libsndfile recognises; headerless is refused */
	AUDIO_RAW_BE,           /* headerless big-endian (MOTOROLA, cdrecord's default) */
	AUDIO_RAW_LE,           /* headerless little-endian (BINARY, cdrecord -swab) */
	AUDIO_BY_NAME,          /* cdrecord's rule: .wav/.au/.aif(f)/.flac/... by their
				 * contents, anything else headerless big-endian */
};

/* One opened audio file. The fd belongs to the layout it was opened for. */
struct audio_src {
	const char *path;       /* owned by the layout */
	int fd;
	uint64_t bytes;         /* bytes of sample data (frames * 4, or a raw file's size) */
	uint64_t data_offset;   /* direct: where the samples start in the file */
	bool direct;            /* read from the file as they are */
	bool big_endian;        /* direct and big-endian: pieces swap16 */
	int sf_format;          /* the libsndfile format; 0 for headerless */
	const char *format;     /* "raw", "wav", "flac", ... for reports */
};

/* Open path (with `container` deciding how to read it) for layout l: the
 * fd is handed to l. Refusals: DB_R_TRACK_FILE_OPEN (.subject = path,
 * .other = sheet, errno), DB_R_AUDIO_UNREADABLE (.other = libsndfile's
 * account), DB_R_AUDIO_FORMAT (.n1 = rate, .n2 = channels, .what = sample
 * format). `sheet` (may be NULL) names the file that named it. */
int audio_open(struct layout *l, const char *path, const char *sheet,
	       enum audio_container container, struct audio_src *out,
	       struct db_error *err);

/* Append `len` bytes of s's samples from byte `offset` of the sample data
 * to l. Decoded sources take whole frames only. */
int audio_add(struct layout *l, const struct audio_src *s, uint64_t offset, uint64_t len,
	      struct db_error *err);

/* Append n zero bytes (silence, padding) to l; nothing for n == 0. */
int layout_add_zero(struct layout *l, uint64_t n, const char *name, struct db_error *err);

/* The data chunk of a RIFF WAVE file with 16-bit stereo PCM at 44.1 kHz:
 * 0 and its offset and size (clipped to the buffer's claims), or -1 when
 * it is not such a file. buf holds the file's first len bytes; file_size is
 * the whole file's. Exposed for the fuzzer. */
int audio_wav_data(const uint8_t *buf, size_t len, uint64_t file_size,
		   uint64_t *offset, uint64_t *size);

#endif
