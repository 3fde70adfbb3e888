/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_dvdr.c — DVD-R/-RW sequential recording, two ways:
 *   DAO: RESERVE TRACK for the whole image, then the data; the drive closes
 *        the disc when the reserved size is written, so the track is padded
 *        to whole ECC blocks and there is nothing to close;
 *   incremental: page 05 packet writing from the NWA, CLOSE TRACK and CLOSE
 *        SESSION; sessions can follow (-multi, -tao, an appendable disc). */
#include "config.h"

#include "drive/device.h"
#include "engine/strategy.h"

static void dao_check(struct burn *b)
{
	if (b->p->multi) {
		struct db_error e;
		db_fail(&e, DB_R_DAO_MULTI, .profile = b->profile);
		burn_reason(b, &e);
	}
}

static int dao_plan(struct burn *b)
{
	b->total_blocks = (uint32_t)disc_ecc_round(b->type, b->total_blocks);
	return 0;
}

static int dao_setup(struct burn *b)
{
	return burn_set_page05(b, WT_SAO, 5);
}

static int dao_lead_in(struct burn *b)
{
	return drive_reserve_track(b->d, b->total_blocks, b->err);
}

static int dao_close(struct burn *b)
{
	return burn_sync(b);
}

const struct strategy strat_dvdr_dao = {
	"DVD-R DAO", DS_DVDR_DAO, dao_check, dao_plan, dao_setup, dao_lead_in, dao_close, NULL, NULL,
};

static void incr_check(struct burn *b)
{
	if (!b->cfg.f_incremental) {
		struct db_error e;
		db_fail(&e, DB_R_INCR_NO_FEATURE, .subject = device_name(b->d),
			.profile = b->profile);
		burn_reason(b, &e);
	}
}

static int incr_plan(struct burn *b)
{
	(void)b;
	return 0;
}

static int incr_setup(struct burn *b)
{
	return burn_set_page05(b, WT_PACKET, 5);        /* data, recorded incrementally */
}

static int incr_lead_in(struct burn *b)
{
	(void)b;
	return 0;
}

static int incr_close(struct burn *b)
{
	return burn_close_track_session(b, b->type->final_close);
}

const struct strategy strat_dvdr_incr = {
	"DVD-R incremental", DS_DVDR_INCR, incr_check, incr_plan, incr_setup, incr_lead_in,
	incr_close, NULL, NULL,
};
