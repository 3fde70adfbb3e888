/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_sequential.c — DVD+R, DVD+R DL and BD-R: one way of writing,
 * sequentially from the NWA. No write parameters page (MMC-6 7.5 applies it
 * to CD and DVD-R/RW; tgt and growisofs confirm DVD+R needs none) and no
 * RESERVE TRACK (tgt rejects it, and sequential writing does not need it).
 * Closed with CLOSE TRACK, then CLOSE SESSION: function 2 leaves the disc
 * appendable (-multi), the table's final function (6) finalizes it
 * (MMC-6 6.3.3.3, 6.3.3.5). */
#include "config.h"

#include "engine/strategy.h"

static void check(struct burn *b)
{
	(void)b;
}

static int nothing(struct burn *b)
{
	(void)b;
	return 0;
}

static int close_disc(struct burn *b)
{
	return burn_close_track_session(b, b->type->final_close);
}

const struct strategy strat_sequential = {
	"sequential", DS_SEQUENTIAL, check, nothing, nothing, nothing, close_disc,
};
