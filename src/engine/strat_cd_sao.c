/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_cd_sao.c — CD session at once: a cue sheet announces the session
 * (MMC-6 6.33: every track, index, pregap, ISRC, the catalog number, the
 * control flags and data forms; mmc/cd.h builds it), the lead-in's CD-TEXT
 * is written as R-W from the lead-in start READ DISC INFORMATION gives, the
 * first track's 2-second pregap from LBA -150 (its first 150 blocks: the
 * session's start), then every track's sectors in their data form; the
 * drive writes lead-in and lead-out itself, so there is nothing to close
 * but the cache. SAO writes exactly the layout: no run-out blocks. A
 * session follows an earlier one on an appendable disc the same way. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "drive/device.h"
#include "engine/strategy.h"
#include "mmc/cd.h"

enum { CD_PREGAP = 150 };       /* 2 s before a session's first track */

static void check(struct burn *b)
{
	struct db_error e;
	if (!b->cfg.f_cd_sao) {
		db_fail(&e, DB_R_SAO_NO_FEATURE, .subject = device_name(b->d));
		burn_reason(b, &e);
	}
}

static int plan(struct burn *b)
{
	(void)b;
	return 0;
}

/* Page 05 for SAO. A data image keeps the mode 1 parameters it always had;
 * a layout gets raw blocks (the cue sheet decides each block's form), 2448
 * with CD-TEXT as MMC-3 and cdrdao's generic-mmc ask, and the session
 * format of its tracks. */
static int page05(struct burn *b)
{
	if (!b->image->sheet)
		return burn_set_page05(b, WT_SAO, 4);
	struct mmc_write_params wp = {
		.write_type = WT_SAO, .track_mode = b->trk[0].ctl,
		.data_block_type = b->cdtext && b->session <= 1 ? 3 : 0,
		.session_format = b->xa ? 0x20 : 0x00, .audio_pause = CD_PREGAP,
	};
	return burn_set_page05_cd(b, &wp);
}

static int setup(struct burn *b)
{
	return page05(b);
}

/* The CD-TEXT of the lead-in: 96-byte R-W blocks, four packs each, over and
 * over from the lead-in's start up to the block before the program area. */
static int write_cdtext(struct burn *b, int32_t program)
{
	int32_t start;
	if (!mmc_disc_addr_lba(b->di.last_session_leadin, true, &start) || start >= program)
		return db_fail(b->err, DB_R_ANSWER_BAD, .what = "READ DISC INFORMATION (lead-in start)");
	enum { PER = BURN_CHUNK / CD_SUB_BYTES };
	uint8_t *buf = malloc((size_t)PER * CD_SUB_BYTES);
	if (!buf)
		return db_fail(b->err, DB_R_NO_MEMORY);
	size_t npacks = b->cdtext_len / CD_PACK_BYTES, next = 0;
	int rc = 0;
	for (int32_t lba = start; lba < program && rc == 0;) {
		uint32_t n = program - lba < PER ? (uint32_t)(program - lba) : PER;
		for (uint32_t i = 0; i < n; i++, next = (next + 4) % npacks)
			cd_text_rw_block(b->cdtext, npacks, next, buf + (size_t)i * CD_SUB_BYTES);
		rc = burn_write_blocks(b, lba, buf, n, CD_SUB_BYTES);
		lba += (int32_t)n;
	}
	free(buf);
	return rc;
}

static int lead_in(struct burn *b)
{
	int rc;
	if (b->session > 1 && (rc = page05(b)) < 0)
		return rc;
	unsigned first, end;
	cd_session_tracks(b, b->session, &first, &end);
	struct cd_cue_track *ct = calloc(end - first, sizeof(*ct));
	uint8_t *cue = NULL;
	if (!ct)
		return db_fail(b->err, DB_R_NO_MEMORY);
	struct cd_cue c = { .cdtext = b->cdtext && b->session == 1, .ntracks = end - first,
			    .track = ct };
	if (b->session == 1)
		memcpy(c.mcn, b->layout->mcn, sizeof(c.mcn));
	for (unsigned i = first; i < end; i++) {
		const struct burn_track *t = &b->trk[i];
		struct cd_cue_track *x = &ct[i - first];
		x->number = (uint8_t)t->number;
		x->ctl = t->ctl;
		x->form = t->form;
		x->scms = t->lt->scms;
		x->index0 = t->index0;
		x->index1 = t->index1;
		x->nindex = t->lt->nindex;
		for (unsigned k = 0; k < x->nindex; k++)
			x->index[k] = t->index1 + (int32_t)t->lt->index[k];
		if (t->mode == TRACK_AUDIO)
			memcpy(x->isrc, t->lt->isrc, sizeof(x->isrc));
		c.leadout = t->index1 + (int32_t)(t->length + t->pad);
	}
	size_t len = cd_cue_size(&c);
	if (!(cue = malloc(len))) {
		free(ct);
		return db_fail(b->err, DB_R_NO_MEMORY);
	}
	size_t n = cd_cue_build(&c, cue, len);
	free(ct);
	if (!n) {
		free(cue);
		return db_fail(b->err, DB_R_INTERNAL, .what = "cue sheet", .n1 = b->total_blocks);
	}
	rc = drive_send_cue_sheet(b->d, cue, n, b->err);
	free(cue);
	if (rc < 0)
		return rc;
	struct burn_track *t = &b->trk[first];
	if (c.cdtext && (rc = write_cdtext(b, t->index0)) < 0)
		return rc;
	/* the cue sheet declares the session's first pregap as host data:
	 * zeros in the first track's form */
	return cd_write_zeros(b, t, t->index0, CD_PREGAP, false);
}

static int close_disc(struct burn *b)
{
	return burn_sync(b);
}

const struct strategy strat_cd_sao = {
	"CD SAO", DS_CD_SAO, check, plan, setup, lead_in, close_disc, NULL, NULL,
};
