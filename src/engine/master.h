/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.h — a disc in a drive as the image of a job: disc to disc.
 *
 * A duplication usually starts from a master disc. master_open() makes of
 * it what image_open() makes of a file: a struct image whose layout is what
 * is to be burnt and whose pieces (PIECE_READER) read the master. The job
 * streams it like a pipe: the producer reads the master once into the ring
 * that feeds every writer, and into the spool when more rounds follow, so
 * the master is read once whatever the number of copies; the journal
 * records its digest.
 *
 * A data disc is one data track of exactly the master's image
 * (src/engine/disc.h: its size from the track and the volume, so a TAO
 * master's run-out is not copied), read in 2048-byte sectors.
 *
 * A CD with audio tracks (an audio CD, a mixed-mode CD) is its session as
 * src/engine/cdcue.h describes it: every track with its mode, pregap and
 * indices, ISRC, the MCN and the CD-TEXT packs as the master has them; the
 * stream is the session's 2352-byte sectors from its first track's first
 * sector to the lead-out, read by READ CD (audio as little-endian samples,
 * a data track's sectors raw, in disc order with the rest: read once), one
 * piece a track. Its image is a sheet's (image.sheet): the writers burn it
 * as they burn a cue sheet's layout (src/engine/cdplan.c), nothing padded.
 *
 * Before any writer is involved, master_open() has found the master's size
 * and proven it readable at its start and at its end; a sector that fails
 * later, while the job streams, fails the stream (MASTER_UNREADABLE) and so
 * every copy before its track is closed.
 *
 * The image is not seekable (nothing reads it twice but verify, which
 * narrows a mismatch through the piece's read_at); the master's device must
 * stay open until image_close().
 */
#ifndef DISCBURN_MASTER_H
#define DISCBURN_MASTER_H

#include <stdatomic.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/disc.h"

struct device;
struct image;

struct master_params {
	const char *dev;                /* the master's drive, for messages */
	unsigned retries;               /* tries after a sector's first failure */
	uint32_t max_blocks;            /* sectors per READ; 0 = 32 */
	const atomic_int *cancel;
};

struct master_info {
	struct disc disc;
	struct disc_plan plan;          /* sector_bytes 2352: a CD session whole */
	unsigned ntracks;               /* the image's tracks */
};

/* Open the master in d as an image. MASTER_MULTISESSION, MASTER_UNREADABLE,
 * the disc's refusals (NO_DISC, READ_BLANK_DISC), or the drive's failure. */
int master_open(struct device *d, const struct master_params *p, struct image **out,
		struct master_info *info, struct db_error *err);

#endif
