/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_overwrite.c — overwritable media (DVD+RW, DVD+RW DL, DVD-RW in
 * restricted overwrite, DVD-RAM, BD-RE): written in place at any LBA.
 *
 * A blank disc is formatted first (the table says with which format type).
 * A session image made with mkisofs -C goes after the volume already there
 * and its volume descriptor set then replaces the one at LBA 16, with the
 * volume space size raised to cover every session (as growisofs -M does);
 * an ordinary image replaces what is there only with -force. Writes are
 * padded to whole ECC blocks: restricted overwrite takes whole blocks only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/device.h"
#include "engine/blank.h"
#include "engine/disc.h"
#include "engine/strategy.h"

enum { BLOCK = 2048 };

static void check(struct burn *b)
{
	(void)b;
}

/* Room: READ FORMAT CAPACITIES knows it also before formatting, READ
 * CAPACITY only after. A drive that refuses the first is asked the second;
 * one whose answer is malformed has failed (its answer is not a size). */
static int capacity(struct burn *b, struct mmc_format_caps *fc, bool *have_fc)
{
	struct mmc_capacity cap;
	int rc = drive_read_format_capacities(b->d, fc, b->err);
	if (rc < 0 && rc != DB_ECHECK)
		return rc;
	*have_fc = rc == 0;
	if (*have_fc && fc->cur_blocks) {
		b->free_blocks = fc->cur_blocks;
		return 0;
	}
	if ((rc = drive_read_capacity(b->d, &cap, b->err)) < 0)
		return rc;
	b->free_blocks = cap.last_lba + 1;
	return 0;
}

static int plan(struct burn *b)
{
	struct db_error e;
	struct mmc_format_caps fc;
	bool have_fc;
	int rc = capacity(b, &fc, &have_fc);
	if (rc < 0)
		return rc;
	b->start_lba = 0;
	b->total_blocks = (uint32_t)disc_ecc_round(b->type, b->total_blocks);
	if (have_fc && fc.cur_type == 1 && b->type->format_for_write) {
		b->need_format = true;
		if (b->relocated) {
			db_fail(&e, DB_R_LATER_SESSION_ON_BLANK, .subject = b->image->name,
				.profile = b->profile);
			burn_reason(b, &e);
			return DB_EIMAGE;
		}
		return 0;
	}
	if (b->relocated) {
		/* after the volume and all it holds beyond (-msinfo's answer) */
		struct iso_pvd pvd;
		struct db_error why;
		uint32_t next = 0;
		if ((rc = disc_overwrite_next(b->d, b->free_blocks, b->type->ecc, &pvd, &next,
					      &why)) < 0) {
			*b->err = why;
			return rc;
		}
		if (!pvd.valid || !iso_session_fits_at(&b->image_pvd, next, b->image_blocks)) {
			db_fail(&e, DB_R_SESSION_NOT_FOR_APPEND, .subject = b->image->name,
				.other = device_name(b->d), .n1 = next);
			burn_reason(b, &e);
			return DB_EIMAGE;
		}
		b->session_start = b->start_lba = next;
		b->free_blocks = b->free_blocks > next ? b->free_blocks - next : 0;
		return 0;
	}
	/* An ordinary image over whatever is there: only when it holds
	 * nothing, or when asked. A start that cannot be read may hold data. */
	enum disc_content c;
	struct db_error why;
	if ((rc = blank_disc_content(b->d, &c, &why)) < 0) {
		*b->err = why;
		return rc;
	}
	if (c != DISC_HOLDS_NOTHING && !b->p->force) {
		if (c == DISC_START_UNREADABLE) {
			e = why;
			e.code = DB_EHASDATA;
			e.reason = DB_R_OVERWRITE_START_UNREADABLE;
			e.profile = b->profile;
			snprintf(e.subject, sizeof(e.subject), "%s", device_name(b->d));
		} else {
			db_fail(&e, DB_R_OVERWRITE_HOLDS_DATA, .subject = device_name(b->d),
				.profile = b->profile);
		}
		burn_reason(b, &e);
		return DB_EHASDATA;
	}
	return 0;
}

static int setup(struct burn *b)
{
	(void)b;
	return 0;
}

static int lead_in(struct burn *b)
{
	if (!b->need_format)
		return 0;
	return format_for_write(b->d, b->type, b->cancel, &b->sink, b->err);
}

/* The new session's volume descriptors (sectors 16.. of the image, already
 * pointing at absolute LBAs) replace the ones at LBA 16, so readers find the
 * new, complete directory tree. Written as whole ECC blocks, read first and
 * patched: restricted overwrite refuses anything less (5/21/02). */
static int rewrite_descriptors(struct burn *b)
{
	unsigned n = iso_session_descriptor_sectors(b->head, BURN_HEAD_BLOCKS);
	if (!n)
		return db_fail(b->err, DB_R_NO_DESCRIPTOR_SET, .subject = b->image->name);
	iso_session_set_volume_blocks(b->head, n, b->start_lba + b->total_blocks);
	uint32_t ecc = b->type->ecc ? b->type->ecc : 1;
	uint32_t first = 16 / ecc * ecc;
	uint32_t end = (uint32_t)disc_ecc_round(b->type, 16 + n);
	uint8_t *blk = malloc((size_t)(end - first) * BLOCK);
	if (!blk)
		return db_fail(b->err, DB_R_NO_MEMORY);
	int rc = drive_read(b->d, first, end - first, blk, BLOCK, b->err);
	if (rc == 0) {
		memcpy(blk + (size_t)(16 - first) * BLOCK, b->head + 16 * BLOCK, (size_t)n * BLOCK);
		rc = drive_write(b->d, (int32_t)first, end - first, blk, BLOCK, b->err);
	}
	if (rc < 0) {
		free(blk);
		return rc;
	}
	/* every sector of it was written: verify reads them all back */
	b->rewritten = blk;
	b->rewritten_lba = first;
	b->rewritten_blocks = end - first;
	return burn_sync(b);
}

static int close_disc(struct burn *b)
{
	int rc = burn_sync(b);
	if (rc < 0 || !b->relocated)
		return rc;
	return rewrite_descriptors(b);
}

const struct strategy strat_overwrite = {
	"overwrite", DS_OVERWRITE, check, plan, setup, lead_in, close_disc, NULL, NULL,
};
