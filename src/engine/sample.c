/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sample.c — what a burn's progress events sample, the same for every
 * writer (write.c for data discs, write_cd.c for CDs) and for the read-back
 * (write.c, verify_cd.c): the time, the speed since the previous sample,
 * the drive's buffer, the FIFO and the drive's BURN-Free links. These are
 * the report's data (src/cli/report.c) and the NDJSON progress fields.
 *
 * The speed while writing is the disc's: the sectors sent minus the growth
 * of the drive's buffer (READ BUFFER CAPACITY, read at each sample), so the
 * first megabytes filling the buffer at the bus's speed, or a buffer
 * draining while the host stalls, show what the laser did rather than what
 * the bus carried. A drive that does not answer READ BUFFER CAPACITY gets
 * the host's rate.
 */
#include "config.h"

#include <string.h>

#include "base/clock.h"
#include "drive/device.h"
#include "engine/strategy.h"
#include "pipeline/ring.h"

enum {
	SAMPLE_NS = 250000000,          /* progress events at most 4 per second */
	STALL_NS = 50000000,            /* after the FIFO ran empty: one sooner */
	BUFCAP_EVERY = 16,              /* READ BUFFER CAPACITY every 16 WRITEs */
	SECTOR = 2048,                  /* a DVD's or BD's, and 1x's unit there */
};

/* The drive's buffer: its fill in percent, and the sectors it holds;
 * false if the drive does not say. */
static bool buffer_used(struct burn *b, int *pct, double *sectors)
{
	struct mmc_buffer_cap bc;
	struct db_error e;
	if (drive_read_buffer_capacity(b->d, &bc, &e) < 0 || bc.size == 0)
		return false;
	uint32_t bytes = bc.size - (bc.free > bc.size ? bc.size : bc.free);
	*pct = (int)((uint64_t)bytes * 100 / bc.size);
	*sectors = (double)bytes / (b->block_bytes ? b->block_bytes : SECTOR);
	return true;
}

void burn_sampler_begin(struct burn *b, struct burn_sampler *s, bool writing)
{
	memset(s, 0, sizeof(*s));
	s->writing = writing;
	s->t0 = s->last_t = clock_now_s();
	s->last_emit = s->t0;           /* the first sample after SAMPLE_NS: an
					 * average over a few sectors says nothing */
	s->sps_1x = b->type->family == MMC_FAM_CD
			    ? 75.0
			    : mmc_family_kbps_1x(b->type->family) * 1000.0 / SECTOR;
	s->links = -1;
	s->fifo_min = 100;
	s->buf_pct = s->buf_min = -1;
	if (!writing)
		return;
	s->last_sent = s->sent0 = b->st->sectors;
	/* the FIFO's empties so far were before the first WRITE: only later
	 * ones bring a sample sooner (burn_sample_due) */
	struct ring_stats rs;
	if (b->ring && ring_stats(b->ring, b->reader, &rs) == 0)
		s->empties = rs.empty_count;
	int pct;
	if (buffer_used(b, &pct, &s->last_used)) {
		s->last_used_known = true;
		s->last_t = clock_now_s();      /* paired with that reading */
	}
	struct mmc_link_page lp;
	struct db_error e;
	if (drive_link_page(b->d, &lp, &e) == 0 && lp.supported) {
		s->links_known = true;
		s->links_base = lp.links;
		s->links = 0;
	}
}

void burn_sampler_wrote(struct burn *b, struct burn_sampler *s)
{
	double used;
	int pct;
	if (++s->writes % BUFCAP_EVERY || !buffer_used(b, &pct, &used))
		return;
	s->buf_pct = pct;
	/* the first megabytes fill the buffer; judge it after that */
	if (s->writes > 4 * BUFCAP_EVERY && (s->buf_min < 0 || pct < s->buf_min))
		s->buf_min = pct;
}

bool burn_sample_due(struct burn *b, struct burn_sampler *s)
{
	double since = clock_now_s() - s->last_emit;
	if (since >= SAMPLE_NS / 1e9)
		return true;
	/* the writer waited for the FIFO: the drive's buffer may have run dry
	 * meanwhile (a BURN-Free link), so a sample comes sooner */
	struct ring_stats rs;
	return s->writing && since >= STALL_NS / 1e9 && b->ring &&
	       ring_stats(b->ring, b->reader, &rs) == 0 && rs.empty_count > s->empties;
}

void burn_sample(struct burn *b, struct burn_sampler *s, struct burn_progress *pr,
		 uint64_t sectors)
{
	pr->disc_lba = -1;
	pr->buf_pct = -1;
	double moved = (double)sectors - s->last_sent, used = 0;
	bool used_known = false;
	int pct;
	if (s->writing && buffer_used(b, &pct, &used)) {
		s->buf_pct = pct;
		used_known = true;
	}
	/* the time when the drive said where it was, not before asking: the
	 * speed pairs the two */
	double t = clock_now_s(), di = t - s->last_t;
	pr->seconds = t - s->t0;
	pr->speed_x = pr->seconds > 0 ? (sectors - s->sent0) / pr->seconds / s->sps_1x : 0;
	if (s->writing) {
		pr->buf_pct = s->buf_pct;
		if (used_known && s->last_used_known)
			moved -= used - s->last_used;
		if (used_known)
			pr->disc_lba = pr->lba > (uint32_t)used ? pr->lba - (uint32_t)used : 0;
	}
	pr->rate_x = di > 0 ? (moved > 0 ? moved : 0) / di / s->sps_1x : 0;
	s->last_t = t;
	s->last_emit = t;
	s->last_sent = (double)sectors;
	s->last_used = used;
	s->last_used_known = used_known;

	struct mmc_link_page lp;
	struct db_error e;
	if (s->links_known && drive_link_page(b->d, &lp, &e) == 0)
		s->links = (uint16_t)(lp.links - s->links_base);
	pr->burnfree = s->links;
	if (s->writing && b->ring) {
		pr->fifo_pct = burn_fifo_pct(b);
		if (pr->fifo_pct < s->fifo_min)
			s->fifo_min = pr->fifo_pct;
		struct ring_stats rs;
		if (ring_stats(b->ring, b->reader, &rs) == 0)
			s->empties = rs.empty_count;
		pr->fifo_empty = (unsigned)s->empties;
	}
	s->samples++;
	s->last = *pr;
	struct job_event ev = { .type = JEV_PROGRESS, .u.progress = pr };
	if (b->sink.fn)
		b->sink.fn(b->sink.ctx, &ev);
}

int burn_sync(struct burn *b)
{
	int rc = drive_sync_cache(b->d, MMC_TIMEOUT_LONG_MS, b->err);
	if (rc == 0 && b->smp.writing && b->smp.samples) {
		struct burn_progress pr = b->smp.last;
		pr.drained = true;
		burn_sample(b, &b->smp, &pr, b->st->sectors);
	}
	return rc;
}

void burn_sampler_stats(struct burn *b, const struct burn_sampler *s)
{
	struct burn_stats *st = b->st;
	double secs = clock_now_s() - s->t0;
	st->seconds = secs;
	st->avg_speed_x = secs > 0 ? (st->sectors - s->sent0) / secs / s->sps_1x : 0;
	st->drive_buf_min_pct = s->buf_min;
	st->burnfree_counted = s->links >= 0;
	st->burnfree_used = s->links >= 0 ? (unsigned)s->links : 0;
	struct ring_stats rs;
	if (b->ring && ring_stats(b->ring, b->reader, &rs) == 0) {
		st->fifo_min_pct = rs.min_fill_valid ? rs.min_fill_pct : 100;
		st->fifo_empty = (unsigned)rs.empty_count;
	}
	/* never above a fill a progress line showed */
	if (s->fifo_min < st->fifo_min_pct)
		st->fifo_min_pct = s->fifo_min;
}
