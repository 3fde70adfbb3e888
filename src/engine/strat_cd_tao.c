/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_cd_tao.c — CD track at once: page 05 TAO, data from the NWA, CLOSE
 * TRACK then CLOSE SESSION (page 05's multi-session field decides whether
 * the disc is finalized). The drive adds the run-out blocks. */
#include "config.h"

#include "drive/device.h"
#include "engine/strategy.h"

static void check(struct burn *b)
{
	if (!b->cfg.f_cd_tao) {
		struct db_error e;
		db_fail(&e, DB_R_TAO_NO_FEATURE, .subject = device_name(b->d));
		burn_reason(b, &e);
	}
}

static int plan(struct burn *b)
{
	(void)b;
	return 0;
}

static int setup(struct burn *b)
{
	return burn_set_page05(b, WT_TAO, 4);   /* data, recorded uninterrupted */
}

static int lead_in(struct burn *b)
{
	(void)b;
	return 0;
}

static int close_disc(struct burn *b)
{
	return burn_close_track_session(b, b->type->final_close);
}

const struct strategy strat_cd_tao = {
	"CD TAO", DS_CD_TAO, check, plan, setup, lead_in, close_disc,
};
