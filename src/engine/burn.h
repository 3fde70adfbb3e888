/* SPDX-License-Identifier: GPL-3.0-or-later */
/* burn.h — what one disc's burn is asked to do and what it tells.
 *
 * A burn is a job (src/engine/job.h) of one drive; a duplication is a job of
 * several. Every disc goes through the same sequence (src/engine/burn.c):
 * pre-flight, plan, set-up, [the job starts the stream], grace countdown,
 * a full FIFO, lead-in set-up, stream, close, verify. Nothing that changes
 * the medium is sent before the countdown is over and the FIFO is full.
 *
 * The engine never prints: it reports through struct job_event (the CLI
 * renders them as cdrecord's progress line, plain lines or NDJSON) and fails
 * with a reason and its facts (src/base/err.h), whose `touched` says whether
 * the disc had been changed.
 */
#ifndef DISCBURN_BURN_H
#define DISCBURN_BURN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

/* The write method asked for; AUTO: chosen from the disc and the drive. */
enum burn_mode { BURN_MODE_AUTO = 0, BURN_MODE_TAO, BURN_MODE_SAO, BURN_MODE_RAW };

struct burn_params {
	unsigned speed_x10;         /* tenths of x of the media family; 0 = fastest */
	bool dummy, multi, pad, overburn, force, verify, burnfree, eject;
	bool nofix;                 /* -nofix: the track is closed, the session left
				     * open (-fix closes it later); TAO/incremental */
	enum burn_mode mode;
	uint32_t padsize;           /* sectors of zeros after the image (with pad) */
	uint64_t fifo_size;         /* bytes; 0 = about 2 s of writing */
	unsigned gracetime;         /* seconds of countdown before the medium is touched */
};

/* ---- what a burn tells ---------------------------------------------------- */

enum burn_phase {
	PHASE_PREFLIGHT,
	PHASE_BLANK,
	PHASE_FORMAT,
	PHASE_WRITE,
	PHASE_CLOSE,
	PHASE_VERIFY,
	PHASE_DONE,
};

/* Things worth saying that do not stop the burn. */
enum burn_warning {
	WARN_SPEED_REFUSED,         /* the drive kept its own speed */
	WARN_PADDED_TO_MIN_TRACK,   /* a CD track padded to n sectors (4 s) */
	WARN_DUMMY_NOT_VERIFIED,    /* a simulation wrote nothing to verify */
	WARN_NOFIX_OVERWRITE,       /* -nofix on media written in place: no session */
};

struct burn_progress {
	bool fraction;              /* done/total is a fraction (blank, format), not bytes */
	uint64_t done, total;
	double speed_x;             /* current write speed in x */
	unsigned fifo_pct;          /* ring fill */
	int buf_pct;                /* drive buffer fill; -1 unknown */
	uint32_t lba;               /* the LBA reached: sent to the drive, or read back */
	int64_t disc_lba;           /* writing: where the laser is, lba less what the
				     * drive's buffer holds; -1 unknown */
	bool verify;                /* progress of the read-back */
	bool drained;               /* the sample after SYNCHRONIZE CACHE: the drive's
				     * buffer written out (a report's, not a
				     * progress line's) */
	unsigned track;             /* CD: the track being written or read (0: not known) */
	/* a sample for a report (writing and verifying) */
	double seconds;             /* since the stream (or the read-back) began */
	double rate_x;              /* speed since the previous progress event, in x */
	int burnfree;               /* BURN-Free links the drive counted in this burn so
				     * far (vendor mode page 30h); -1 unknown */
	unsigned fifo_empty;        /* times the writer found the FIFO empty so far */
};

/* A track's data begins: its number on the disc, the LBA of its first
 * sector (index 1), its sectors incl. padding. */
struct burn_track_start {
	unsigned number;
	uint32_t lba;
	uint32_t blocks;
	bool audio;
};

struct burn_stats {
	uint64_t bytes;             /* image bytes written */
	uint32_t sectors;           /* sectors written incl. padding */
	uint64_t written_bytes;     /* bytes sent for them (CD: sectors of every size);
				     * 0: sectors of 2048 bytes */
	double seconds;             /* writing time */
	double avg_speed_x;
	uint64_t fifo_size;
	unsigned fifo_min_pct;
	unsigned fifo_empty;        /* times the writer found the fifo empty */
	int drive_buf_min_pct;      /* -1 unknown */
	unsigned burnfree_used;     /* underruns BURN-Free absorbed, when known */
	bool burnfree_counted;      /* burnfree_used is the drive's own count (page 30h) */
	bool burnfree_on;
	char sha256[65];            /* of the stream */
	bool sha256_checked;        /* compared with an expected digest */
	bool verified;
	bool reblanked;             /* a broken track was blanked away again */
};

struct burn_media {
	uint16_t profile;
	uint8_t disc_status;        /* enum mmc_disc_status */
	uint32_t nwa;
	uint32_t free_blocks;
	uint32_t image_blocks;      /* incl. padding */
	char vendor[9], model[17], revision[5];
};

struct burn_plan {
	const char *strategy;       /* the write method: "CD TAO", "DVD+R sequential"... */
	unsigned speed_kbps;        /* asked of the drive; 0 = its fastest */
	double speed_x;
	unsigned set_kbps;          /* what the drive says it writes at once the speed
				     * was set (mode page 2A); 0 = it does not say */
	double set_x;
	bool dummy, multi, burnfree;
	uint64_t fifo_size;
};

/* The burn engine reads its stream in pieces of this size (whole 2048-byte
 * sectors: two DVD ECC blocks, one BD cluster). */
#define BURN_CHUNK (32 * 2048)

#endif
