/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strategy.h — one disc's burn, and the write strategies behind one small
 * interface. Internal to src/engine.
 *
 * burn.c runs the sequence for every disc; a strategy (one file each:
 * strat_cd_tao.c, strat_cd_sao.c, strat_dvdr.c, strat_sequential.c,
 * strat_overwrite.c) fills in what its kind of writing does at each step:
 *
 *   check     can the drive and the disc do it? (adds pre-flight reasons)
 *   plan      where the data goes and how many sectors, padding included
 *   setup     write parameters: nothing that touches the medium
 *   lead_in   what touches the medium before the data: RESERVE TRACK, SEND
 *             CUE SHEET, FORMAT UNIT, the SAO pregap — run only after the
 *             grace countdown and once the FIFO is full
 *   close     after the last sector: SYNCHRONIZE CACHE and the close sequence
 *
 * What a strategy may do with the disc type's facts (ECC block, close
 * function, formats) it reads from the disc-type table (mmc/disctype.h).
 */
#ifndef DISCBURN_STRATEGY_H
#define DISCBURN_STRATEGY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "drive/drive.h"
#include "engine/burn.h"
#include "engine/job.h"
#include "image/image.h"
#include "image/iso_session.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

struct ring;
struct source;
struct verify_map;
struct burn;

struct strategy {
	const char *name;               /* "CD TAO", "DVD+R sequential"... */
	unsigned kind;                  /* its enum disc_strategy bit */
	void (*check)(struct burn *b);
	int (*plan)(struct burn *b);
	int (*setup)(struct burn *b);
	int (*lead_in)(struct burn *b);
	int (*close)(struct burn *b);
};

extern const struct strategy strat_cd_tao, strat_cd_sao, strat_dvdr_dao, strat_dvdr_incr,
			     strat_sequential, strat_overwrite;

enum { BURN_MAX_REASONS = 8, BURN_HEAD_BLOCKS = 32 };

struct burn {
	/* given */
	struct device *d;
	const struct burn_params *p;
	const struct image *image;
	const struct layout *layout;
	struct event_sink sink;
	const atomic_int *cancel;
	struct db_error *err;
	struct burn_stats *st;

	/* found by the pre-flight */
	struct mmc_config cfg;
	struct mmc_disc_info di;
	struct mmc_track_info ti;
	uint16_t profile;
	const struct disc_type *type;
	const struct strategy *strat;
	struct burn_media media;
	struct burn_plan plan;
	struct db_error reasons[BURN_MAX_REASONS];
	unsigned nreasons;

	/* the plan */
	uint32_t start_lba;             /* where the first track's data starts */
	uint32_t image_blocks;          /* sectors the stream fills (last one zero-filled) */
	uint32_t total_blocks;          /* + padding */
	uint32_t free_blocks;           /* room from start_lba */
	struct iso_pvd image_pvd;       /* the image's volume descriptor (multisession) */
	bool relocated;                 /* a later session made with mkisofs -C */
	uint32_t session_start;         /* where it goes on overwritable media */
	bool need_format;               /* blank DVD+RW / BD-RE: format before writing */
	uint8_t *head;                  /* the stream's first BURN_HEAD_BLOCKS sectors */
	uint8_t *rewritten;             /* what close wrote outside the stream (the ECC
					 * blocks holding the volume descriptors), so
					 * that verify reads every sector written */
	uint32_t rewritten_lba, rewritten_blocks;

	/* streaming */
	struct ring *ring;
	unsigned reader;
	const struct source *src;       /* its digest, once the stream ended */
	bool sha_expected;              /* the stream is checked against a digest */
	struct verify_map *vmap;
};

/* For strategies: record a pre-flight reason (the first decides the exit). */
void burn_reason(struct burn *b, const struct db_error *e);
void burn_warn(struct burn *b, enum burn_warning w, uint64_t n);
void burn_phase(struct burn *b, enum burn_phase ph);
bool burn_cancelled(const struct burn *b);

/* Write blocks of zeros from lba (the SAO pregap, padding). */
int burn_write_zeros(struct burn *b, int32_t lba, uint32_t blocks);

/* The close sequence shared by TAO, incremental and sequential writing:
 * SYNCHRONIZE CACHE, CLOSE TRACK, then CLOSE SESSION with `final` (the
 * disc-type table's) unless multi (function 2: the session closes, the disc
 * stays appendable). */
int burn_close_track_session(struct burn *b, uint8_t final);

/* Write page 05 with this write type and track mode (data block type mode
 * 1), test write, BURN-Free and multi-session from the parameters. */
int burn_set_page05(struct burn *b, uint8_t write_type, uint8_t track_mode);

/* ---- the sequence (burn.c), run by the job for every disc ---------------- */

/* Pre-flight, plan and set-up: identify the drive and the disc, choose the
 * strategy, check that the layout fits, set write parameters and speed.
 * Nothing that touches the medium. Reasons and the plan go out as events. */
int burn_prepare(struct burn *b);

/* The FIFO this burn would like: fs=, or about two seconds of writing at the
 * planned speed (8 to 64 MiB), no larger than the stream; whole chunks. */
uint64_t burn_fifo_wish(const struct burn *b);

/* Countdown, a full FIFO, lead-in, stream from reader `reader` of ring, close,
 * verify. The reader is detached when this returns. */
int burn_write(struct burn *b, struct ring *ring, unsigned reader);

/* After the burn, whatever happened: free what prepare and write took, and
 * eject when asked (never when nothing reached the disc and it failed). */
void burn_finish(struct burn *b, int rc);

#endif
