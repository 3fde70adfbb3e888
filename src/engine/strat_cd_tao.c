/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_cd_tao.c — CD track at once: each track written from the NWA the
 * drive gives it, with page 05 set for it (track mode: its control nibble;
 * data block type: its sectors; the ISRC of an audio track, the catalog
 * number with the first), then SYNCHRONIZE CACHE and CLOSE TRACK; CLOSE
 * SESSION at the end (page 05's multi-session field decides whether the
 * disc is finalized). The drive writes the lead-in, each track's 2 s pregap
 * and a data track's run-out blocks itself, so a layout that needs other
 * pregaps, indices or CD-TEXT is refused for TAO (cdplan.c). A data image
 * keeps the mode 1 parameters it always had. */
#include "config.h"

#include <string.h>

#include "drive/device.h"
#include "engine/strategy.h"
#include "mmc/cd.h"

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

static int page05(struct burn *b, const struct burn_track *t)
{
	if (!b->image->sheet)
		return burn_set_page05(b, WT_TAO, 4);   /* data, recorded uninterrupted */
	const struct layout_track *lt = t->lt;
	bool audio = t->mode == TRACK_AUDIO;
	struct mmc_write_params wp = {
		.write_type = WT_TAO, .track_mode = t->ctl, .data_block_type = t->dbt,
		.session_format = b->xa ? 0x20 : 0x00, .audio_pause = CD_LEAD_PREGAP,
		.codes = true, .copy = lt->scms,
	};
	if (t == &b->trk[0])
		memcpy(wp.mcn, b->layout->mcn, sizeof(wp.mcn));
	if (audio)
		memcpy(wp.isrc, lt->isrc, sizeof(wp.isrc));
	if (t->mode == TRACK_XA_FORM1 || t->mode == TRACK_XA_FORM2)
		memcpy(wp.subheader, t->mode == TRACK_XA_FORM1 ? cd_xa_form1_subheader
							      : cd_xa_form2_subheader, 4);
	return burn_set_page05_cd(b, &wp);
}

static int setup(struct burn *b)
{
	return page05(b, &b->trk[0]);
}

static int lead_in(struct burn *b)
{
	(void)b;
	return 0;
}

/* Page 05 for the track, and where the drive puts it: the invisible track's
 * next writable address (after the previous track's run-out and this one's
 * pregap). */
static int track_begin(struct burn *b, struct burn_track *t)
{
	if (!b->image->sheet)
		return 0;       /* page 05 and the NWA came with the pre-flight */
	int rc = page05(b, t);
	if (rc < 0)
		return rc;
	struct mmc_track_info ti;
	if ((rc = drive_read_track_info(b->d, 1, 0xFF, &ti, b->err)) < 0)
		return rc;
	if (!ti.nwa_valid)
		return db_fail(b->err, DB_R_NO_NWA, .subject = device_name(b->d));
	t->index1 = (int32_t)ti.nwa;
	t->index0 = t->index1 - CD_LEAD_PREGAP;
	b->ti = ti;
	return 0;
}

static int track_end(struct burn *b, struct burn_track *t)
{
	if (!b->image->sheet)
		return 0;
	int rc = burn_sync(b);
	if (rc < 0)
		return rc;
	return drive_close_track_session(b->d, 1, (uint16_t)t->number, MMC_TIMEOUT_LONG_MS, b->err);
}

static int close_disc(struct burn *b)
{
	if (!b->image->sheet)
		return burn_close_track_session(b, b->type->final_close);
	if (b->p->dummy || b->p->nofix)
		return 0;       /* a test write leaves nothing to close; -nofix, an open session */
	return drive_close_track_session(b->d, burn_session_multi(b) ? 2 : b->type->final_close, 0,
					 MMC_TIMEOUT_LONG_MS, b->err);
}

const struct strategy strat_cd_tao = {
	"CD TAO", DS_CD_TAO, check, plan, setup, lead_in, close_disc, track_begin, track_end,
};
