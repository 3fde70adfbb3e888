/* SPDX-License-Identifier: GPL-3.0-or-later */
/* write.c — one disc, the second half: countdown, a full FIFO, lead-in,
 * stream, close, verify (strategy.h has the order of business).
 *
 * Close only after the ring reported a clean end: a short image or a
 * checksum mismatch fails the burn before the track is closed, so a wrong
 * disc is never finalized. Verify reads back every sector this burn wrote,
 * the volume descriptors rewritten at LBA 16 of an overwritable disc
 * included.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "drive/device.h"
#include "engine/blank.h"
#include "engine/strategy.h"
#include "pipeline/ring.h"
#include "pipeline/source.h"
#include "pipeline/verify.h"

enum {
	BLOCK = 2048,
	CHUNK = BURN_CHUNK,
	CHUNK_BLOCKS = CHUNK / BLOCK,
};

static void emit(struct burn *b, struct job_event *e)
{
	if (b->sink.fn)
		b->sink.fn(b->sink.ctx, e);
}

int burn_write_blocks(struct burn *b, int32_t lba, const void *buf, uint32_t n,
		      uint32_t bytes)
{
	int rc = drive_write(b->d, lba, n, buf, bytes, b->err);
	if (rc == 0) {
		b->st->sectors += n;    /* so a failure can tell what reached the disc */
		b->block_bytes = bytes;
		burn_sampler_wrote(b, &b->smp);
	}
	return rc;
}

static int write_blocks(struct burn *b, int32_t lba, const void *buf, uint32_t blocks)
{
	return burn_write_blocks(b, lba, buf, blocks, BLOCK);
}

int burn_write_zeros(struct burn *b, int32_t lba, uint32_t blocks)
{
	uint8_t *zero = calloc(1, CHUNK);
	if (!zero)
		return db_fail(b->err, DB_R_NO_MEMORY);
	int rc = 0;
	while (blocks && rc == 0) {
		uint32_t n = blocks < CHUNK_BLOCKS ? blocks : CHUNK_BLOCKS;
		rc = write_blocks(b, lba, zero, n);
		lba += (int32_t)n;
		blocks -= n;
	}
	free(zero);
	return rc;
}

int burn_close_track_session(struct burn *b, uint8_t final)
{
	unsigned long_to = MMC_TIMEOUT_LONG_MS;
	int rc = burn_sync(b);
	if (rc < 0)
		return rc;
	uint16_t track = b->ti.track ? b->ti.track : 1;
	if ((rc = drive_close_track_session(b->d, 1, track, long_to, b->err)) < 0)
		return rc;
	if (b->p->dummy)
		return 0;       /* a test write leaves nothing to close */
	if (b->p->nofix)
		return 0;       /* -nofix: the session stays open for -fix */
	return drive_close_track_session(b->d, b->p->multi ? 2 : final, 0, long_to, b->err);
}

/* ---- countdown ------------------------------------------------------------- */

static int grace(struct burn *b)
{
	for (unsigned left = b->p->gracetime; left > 0; left--) {
		struct job_event e = { .type = JEV_GRACE, .u.seconds_left = left };
		emit(b, &e);
		if (clock_sleep_cancel_ms(1000, b->cancel))
			return db_fail(b->err, DB_R_CANCELLED);
	}
	return 0;
}

/* ---- the stream -------------------------------------------------------------- */

static void progress(struct burn *b, uint64_t done, uint64_t total, uint32_t lba)
{
	struct burn_progress pr = { .done = done, .total = total, .lba = lba };
	burn_sample(b, &b->smp, &pr, b->st->sectors);
}

/* The read-back has read its first `sectors`, up to lba. */
static void read_progress(struct burn *b, struct burn_sampler *smp, uint32_t sectors,
			  uint64_t total, uint32_t lba)
{
	struct burn_progress pr = { .done = (uint64_t)sectors * BLOCK, .total = total,
				    .lba = lba, .verify = true };
	burn_sample(b, smp, &pr, sectors);
}

static int stream_stopped(struct burn *b, int rc)
{
	/* Ctrl-C is the account, also when the stream broke meanwhile (a
	 * pipe closed as the user gave up on it) */
	if (rc == DB_ECANCEL || burn_cancelled(b))
		return db_fail(b->err, DB_R_CANCELLED);
	return db_fail(b->err, DB_R_INTERNAL, .what = "image stream");
}

/* Write the stream to the disc in whole chunks from start_lba, then the
 * padding. Fills the statistics it knows. */
static int stream(struct burn *b)
{
	uint8_t *zero = calloc(1, CHUNK);
	if (!zero)
		return db_fail(b->err, DB_R_NO_MEMORY);
	struct burn_sampler *smp = &b->smp;
	burn_sampler_begin(b, smp, true);
	uint32_t lba = b->start_lba;
	int rc = 0;
	uint64_t done = 0, total = b->layout->stream_bytes;

	burn_track_start(b, b->ti.track ? b->ti.track : 1, b->start_lba, b->total_blocks, false);
	for (;;) {
		if (burn_cancelled(b)) {
			rc = db_fail(b->err, DB_R_CANCELLED);
			goto out;
		}
		const void *data;
		size_t got;
		rc = ring_read_ptr(b->ring, b->reader, CHUNK, &data, &got);
		if (rc < 0) {
			stream_stopped(b, rc);
			goto out;
		}
		if (got == 0)
			break;
		uint32_t blocks = (uint32_t)((got + BLOCK - 1) / BLOCK);
		const void *out = data;
		if (got < CHUNK) {
			/* The last piece of the stream: zero-fill its last sector
			 * and let padding complete the chunk, so chunks stay
			 * aligned (the verify map and ECC blocks count on it). */
			uint32_t left = b->total_blocks - (lba - b->start_lba);
			blocks = left < CHUNK_BLOCKS ? left : CHUNK_BLOCKS;
			memcpy(zero, data, got);
			memset(zero + got, 0, (size_t)blocks * BLOCK - got);
			out = zero;
		}
		if (b->vmap)
			verify_map_add(b->vmap, out, blocks);
		if (b->head && lba - b->start_lba < BURN_HEAD_BLOCKS) {
			uint32_t at = lba - b->start_lba;
			uint32_t n = blocks < BURN_HEAD_BLOCKS - at ? blocks : BURN_HEAD_BLOCKS - at;
			memcpy(b->head + (size_t)at * BLOCK, out, (size_t)n * BLOCK);
		}
		rc = write_blocks(b, (int32_t)lba, out, blocks);
		if (out == zero)
			memset(zero, 0, CHUNK);
		ring_read_commit(b->ring, b->reader, got);
		if (rc < 0)
			goto out;
		lba += blocks;
		done += got;
		if (burn_sample_due(b, smp))
			progress(b, done, total, lba);
	}
	/* padding after the stream */
	for (uint32_t left = b->total_blocks - (lba - b->start_lba); left && rc == 0;) {
		uint32_t n = left < CHUNK_BLOCKS ? left : CHUNK_BLOCKS;
		if (b->vmap)
			verify_map_add(b->vmap, zero, n);
		rc = write_blocks(b, (int32_t)lba, zero, n);
		lba += n;
		left -= n;
	}
	if (rc < 0)
		goto out;
	progress(b, done, total, lba);
	burn_sampler_stats(b, smp);
	b->st->bytes = done;
	b->st->sectors = lba - b->start_lba;
out:
	free(zero);
	return rc;
}

/* ---- verify ---------------------------------------------------------------- */

static int verify_failed_read(struct burn *b, uint32_t lba)
{
	/* keep the read's command and sense; name the sector the drive named,
	 * else the chunk */
	b->err->code = DB_EVERIFY;
	b->err->reason = DB_R_VERIFY_UNREADABLE;
	if (!b->err->lba_valid) {
		b->err->lba = lba;
		b->err->lba_valid = 1;
	}
	return DB_EVERIFY;
}

/* What close wrote outside the stream (overwritable multisession: the ECC
 * blocks holding the rewritten volume descriptors, the sectors around them
 * included) read back whole: every sector written is verified. */
static int verify_rewritten(struct burn *b)
{
	uint32_t n = b->rewritten_blocks;
	if (!b->rewritten || !n)
		return 0;
	uint8_t *buf = malloc((size_t)n * BLOCK);
	if (!buf)
		return db_fail(b->err, DB_R_NO_MEMORY);
	int rc = 0;
	if (drive_read(b->d, b->rewritten_lba, n, buf, BLOCK, b->err) < 0) {
		rc = verify_failed_read(b, b->rewritten_lba);
	} else {
		for (uint32_t i = 0; i < n; i++)
			if (memcmp(buf + (size_t)i * BLOCK, b->rewritten + (size_t)i * BLOCK, BLOCK)) {
				rc = db_fail(b->err, DB_R_VERIFY_MISMATCH,
					     .lba = b->rewritten_lba + i, .lba_valid = true);
				break;
			}
	}
	free(buf);
	return rc;
}

static int verify(struct burn *b)
{
	if (b->p->dummy) {
		burn_warn(b, WARN_DUMMY_NOT_VERIFIED, 0);
		return 0;
	}
	burn_phase(b, PHASE_VERIFY);
	uint8_t *buf = malloc(CHUNK);
	if (!buf)
		return db_fail(b->err, DB_R_NO_MEMORY);
	struct burn_sampler smp;
	burn_sampler_begin(b, &smp, false);
	int rc = 0;
	uint64_t total = (uint64_t)b->total_blocks * BLOCK;
	for (uint32_t off = 0; off < b->total_blocks; off += CHUNK_BLOCKS) {
		if (burn_cancelled(b)) {
			rc = db_fail(b->err, DB_R_CANCELLED);
			break;
		}
		uint32_t n = b->total_blocks - off < CHUNK_BLOCKS ? b->total_blocks - off : CHUNK_BLOCKS;
		if (drive_read(b->d, b->start_lba + off, n, buf, BLOCK, b->err) < 0) {
			rc = verify_failed_read(b, b->start_lba + off);
			break;
		}
		uint32_t first_bad = off;
		int differs = verify_map_check(b->vmap, off, buf, n, &first_bad);
		if (differs < 0) {
			rc = db_fail(b->err, DB_R_INTERNAL, .what = "verify map");
			break;
		}
		if (differs) {
			/* narrow it to the sector by reading that part of the
			 * stream again (a pipe cannot: the chunk is named) */
			verify_refine(b->layout, off, buf, n, &first_bad);
			rc = db_fail(b->err, DB_R_VERIFY_MISMATCH, .lba = b->start_lba + first_bad,
				     .lba_valid = true);
			break;
		}
		if (burn_sample_due(b, &smp))
			read_progress(b, &smp, off + n, total, b->start_lba + off + n);
	}
	free(buf);
	if (rc == 0)
		rc = verify_rewritten(b);
	if (rc < 0)
		return rc;
	read_progress(b, &smp, b->total_blocks, total, b->start_lba + b->total_blocks);
	b->st->verified = true;
	return 0;
}

/* The stream turned out wrong after writing began (short, or not the one
 * the checksum is for). A disc the table says can be blanked away again is
 * (CD-RW, DVD-RW): it is not left holding a broken track; write-once media
 * cannot be helped, and overwritable media simply get overwritten by the
 * next burn. */
static void reblank(struct burn *b)
{
	if (!b->type->reblank_on_failure)
		return;
	struct db_error e;
	if (blank_run(b->d, "fast", NULL, NULL, &e) == 0)
		b->st->reblanked = true;
}

/* ---- the whole second half ------------------------------------------------- */

static int write_all(struct burn *b)
{
	int rc = grace(b);
	if (rc < 0)
		return rc;
	/* nothing touches the medium before the FIFO is full (or holds the
	 * whole stream): a source that fails early leaves the disc as it was */
	if ((rc = ring_wait_fill(b->ring, ring_capacity(b->ring))) < 0)
		return stream_stopped(b, rc);   /* the job puts the source's account here */
	if (b->relocated && b->strat->kind == DS_OVERWRITE &&
	    !(b->head = calloc(BURN_HEAD_BLOCKS, BLOCK)))
		return db_fail(b->err, DB_R_NO_MEMORY);
	if (b->cd) {
		/* a CD: lead-in, tracks and close, session by session */
		if ((rc = cd_write_all(b)) < 0) {
			if ((rc == DB_ECHECKSUM || rc == DB_EIMAGE) && device_touched(b->d))
				reblank(b);
			return rc;
		}
		if (b->p->verify && (rc = cd_verify(b)) < 0)
			return rc;
		struct job_event se = { .type = JEV_STATS, .stats = b->st };
		emit(b, &se);
		return 0;
	}
	if ((rc = b->strat->lead_in(b)) < 0)
		return rc;
	burn_phase(b, PHASE_WRITE);
	if ((rc = stream(b)) < 0) {
		if ((rc == DB_ECHECKSUM || rc == DB_EIMAGE) && device_touched(b->d))
			reblank(b);
		return rc;
	}
	const uint8_t *digest = b->src ? source_digest(b->src) : NULL;
	if (digest) {
		sha256_to_hex(digest, b->st->sha256);
		b->st->sha256_checked = b->sha_expected;
	}
	burn_phase(b, PHASE_CLOSE);
	if ((rc = b->strat->close(b)) < 0)
		return rc;
	if (b->p->verify && (rc = verify(b)) < 0)
		return rc;
	struct job_event se = { .type = JEV_STATS, .stats = b->st };
	emit(b, &se);
	return 0;
}

int burn_write(struct burn *b, struct ring *ring, unsigned reader)
{
	b->ring = ring;
	b->reader = reader;
	b->st->fifo_size = ring_capacity(ring);
	b->plan.fifo_size = ring_capacity(ring);
	struct job_event pe = { .type = JEV_PLAN, .u.plan = &b->plan };
	emit(b, &pe);
	int rc = write_all(b);
	ring_detach(ring, reader);
	return rc;
}
