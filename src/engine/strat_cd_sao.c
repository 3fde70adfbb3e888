/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_cd_sao.c — CD session at once: a cue sheet announces the session
 * (MMC-6 6.33), the 2-second pregap is written from LBA -150, then the data;
 * the drive writes lead-in and lead-out itself, so there is nothing to close.
 * SAO writes exactly the image: no run-out blocks. */
#include "config.h"

#include "drive/device.h"
#include "engine/strategy.h"

enum { CD_PREGAP = 150 };       /* 2 s before track 1 */

static void check(struct burn *b)
{
	struct db_error e;
	if (!b->cfg.f_cd_sao) {
		db_fail(&e, DB_R_SAO_NO_FEATURE, .subject = device_name(b->d));
		burn_reason(b, &e);
	}
	if (b->di.status != DISC_EMPTY) {
		db_fail(&e, DB_R_SAO_NOT_BLANK, .profile = b->profile);
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
	return burn_set_page05(b, WT_SAO, 4);
}

static int lead_in(struct burn *b)
{
	uint8_t cue[64];
	size_t n = mmc_cue_single_data_track(cue, sizeof(cue), b->total_blocks);
	if (!n)
		return db_fail(b->err, DB_R_INTERNAL, .what = "cue sheet", .n1 = b->total_blocks);
	int rc = drive_send_cue_sheet(b->d, cue, n, b->err);
	if (rc < 0)
		return rc;
	/* the cue sheet declares the pregap as host data: zeros from -150 */
	return burn_write_zeros(b, -CD_PREGAP, CD_PREGAP);
}

static int close_disc(struct burn *b)
{
	return drive_sync_cache(b->d, MMC_TIMEOUT_LONG_MS, b->err);
}

const struct strategy strat_cd_sao = {
	"CD SAO", DS_CD_SAO, check, plan, setup, lead_in, close_disc,
};
