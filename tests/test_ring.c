/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_ring.c — the ring buffer: integrity through wrap-around with random
 * chunk sizes, one and three readers, detach, cancel from either side, error
 * propagation, prefill and the fifo statistics.
 *
 * Threads never call cmocka asserts (they are not thread-safe); they record
 * what they saw and the main thread asserts after joining. Nothing here
 * depends on timing: where a test needs the producer to be slow, the test
 * itself decides when each piece is written.
 */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "base/err.h"
#include "pipeline/ring.h"

/* The byte at stream position i: depends on i in a way no period of the
 * ring sizes used here can hide, so reordering or a stale lap is caught. */
static uint8_t pattern(uint64_t i)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ull;
	return (uint8_t)(x >> 56 ^ i >> 17);
}

static void fill_pattern(uint8_t *p, uint64_t pos, size_t n)
{
	for (size_t k = 0; k < n; k++)
		p[k] = pattern(pos + k);
}

static bool check_pattern(const uint8_t *p, uint64_t pos, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] != pattern(pos + k))
			return false;
	return true;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

/* ---- threads ---- */

struct producer {
	struct ring *ring;
	uint64_t total;
	uint64_t seed;
	int finish_err;
	int rc;			/* last ring_write_ptr result */
	uint64_t written;
};

static void *producer_main(void *arg)
{
	struct producer *p = arg;
	size_t cap = ring_capacity(p->ring);

	p->rc = 0;
	while (p->written < p->total) {
		size_t want = 1 + (size_t)(xorshift(&p->seed) % cap);
		void *dst;
		size_t avail;
		p->rc = ring_write_ptr(p->ring, want, &dst, &avail);
		if (p->rc < 0)
			return NULL;
		size_t n = 1 + (size_t)(xorshift(&p->seed) % avail);
		if (n > p->total - p->written)
			n = (size_t)(p->total - p->written);
		fill_pattern(dst, p->written, n);
		ring_write_commit(p->ring, n);
		p->written += n;
	}
	ring_finish(p->ring, p->finish_err);
	return NULL;
}

struct reader {
	struct ring *ring;
	unsigned r;
	uint64_t seed;
	size_t max_read;
	uint64_t detach_after;	/* detach itself after this many bytes; 0 = never */
	uint64_t got;		/* bytes verified */
	bool bad;		/* a byte differed or got exceeded want */
	int rc;			/* the ring_read_ptr result that ended the loop */
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;

	for (;;) {
		if (rd->detach_after && rd->got >= rd->detach_after) {
			ring_detach(rd->ring, rd->r);
			rd->rc = ring_read_ptr(rd->ring, rd->r, 1,
					       &(const void *){ NULL },
					       &(size_t){ 0 });
			return NULL;
		}
		size_t want = 1 + (size_t)(xorshift(&rd->seed) % rd->max_read);
		const void *src;
		size_t n;
		rd->rc = ring_read_ptr(rd->ring, rd->r, want, &src, &n);
		if (rd->rc < 0 || n == 0)
			return NULL;
		if (n > want || !check_pattern(src, rd->got, n)) {
			rd->bad = true;
			return NULL;
		}
		/* sometimes consume only part of what was offered */
		size_t used = xorshift(&rd->seed) % 4 ? n
						      : 1 + (size_t)(xorshift(&rd->seed) % n);
		ring_read_commit(rd->ring, rd->r, used);
		rd->got += used;
	}
}

/* Stream `total` bytes through a ring of odd capacity to nreaders readers. */
static void run_stream(unsigned nreaders, uint64_t total, size_t cap,
		       size_t max_read, int finish_err, struct reader *rds)
{
	struct ring *ring;
	pthread_t pt, rt[8];

	assert_int_equal(ring_new(&ring, cap, max_read, nreaders), 0);
	struct producer p = { .ring = ring, .total = total, .seed = 0x1234567,
			      .finish_err = finish_err };
	for (unsigned r = 0; r < nreaders; r++) {
		rds[r].ring = ring;
		rds[r].r = r;
		rds[r].seed = 0xabcdef + 77 * r;
		rds[r].max_read = max_read;
		assert_int_equal(pthread_create(&rt[r], NULL, reader_main, &rds[r]), 0);
	}
	assert_int_equal(pthread_create(&pt, NULL, producer_main, &p), 0);
	for (unsigned r = 0; r < nreaders; r++)
		pthread_join(rt[r], NULL);
	pthread_join(pt, NULL);

	assert_int_equal(p.rc, 0);
	assert_int_equal(p.written, total);
	struct ring_write_stats ws;
	ring_write_stats(ring, &ws);
	assert_int_equal(ws.bytes, total);
	for (unsigned r = 0; r < nreaders; r++) {
		struct ring_stats st;
		assert_int_equal(ring_stats(ring, r, &st), 0);
		assert_int_equal(st.bytes, rds[r].got);
	}
	ring_free(ring);
}

/* ---- tests ---- */

static void test_one_reader_integrity(void **state)
{
	struct reader rd[1] = { { 0 } };

	/* 8 MiB through 64 KiB + 13: about 128 laps, odd wrap positions */
	run_stream(1, 8u << 20, (64u << 10) + 13, 16u << 10, 0, rd);
	assert_false(rd[0].bad);
	assert_int_equal(rd[0].rc, 0);
	assert_int_equal(rd[0].got, 8u << 20);
}

static void test_three_readers_integrity(void **state)
{
	struct reader rd[3] = { { 0 } };

	run_stream(3, 6u << 20, (96u << 10) + 7, 32u << 10, 0, rd);
	for (int r = 0; r < 3; r++) {
		assert_false(rd[r].bad);
		assert_int_equal(rd[r].rc, 0);
		assert_int_equal(rd[r].got, 6u << 20);
	}
}

/* max_read == capacity: a reader may ask for the whole ring at once. */
static void test_max_read_equals_capacity(void **state)
{
	struct reader rd[2] = { { 0 } };

	run_stream(2, 1u << 20, 4099, 4099, 0, rd);
	for (int r = 0; r < 2; r++) {
		assert_false(rd[r].bad);
		assert_int_equal(rd[r].got, 1u << 20);
	}
}

/* A reader that is detached no longer holds the producer back: the other
 * reader still gets the whole stream, many laps after the detach. */
static void test_detach_releases_producer(void **state)
{
	struct reader rd[3] = { { 0 } };

	rd[1].detach_after = 10000;
	run_stream(3, 4u << 20, 32u << 10, 8u << 10, 0, rd);
	assert_false(rd[0].bad);
	assert_false(rd[1].bad);
	assert_false(rd[2].bad);
	assert_int_equal(rd[0].got, 4u << 20);
	assert_int_equal(rd[2].got, 4u << 20);
	assert_true(rd[1].got >= 10000 && rd[1].got < (4u << 20));
	assert_int_equal(rd[1].rc, DB_ESTATE);
}

/* The exact bytes at the wrap: a reader gets `want` contiguous bytes that
 * straddle the physical end of the buffer. */
static void test_contiguous_across_wrap(void **state)
{
	struct ring *ring;
	void *w;
	const void *rp;
	size_t avail, got;

	assert_int_equal(ring_new(&ring, 1000, 300, 1), 0);
	/* move both cursors to 900 */
	assert_int_equal(ring_write_ptr(ring, 900, &w, &avail), 0);
	assert_int_equal(avail, 1000);
	fill_pattern(w, 0, 900);
	ring_write_commit(ring, 900);
	for (uint64_t pos = 0; pos < 900; pos += 300) {
		assert_int_equal(ring_read_ptr(ring, 0, 300, &rp, &got), 0);
		assert_int_equal(got, 300);
		assert_true(check_pattern(rp, pos, 300));
		ring_read_commit(ring, 0, 300);
	}
	/* the producer gets only the 100 bytes up to the physical end */
	assert_int_equal(ring_write_ptr(ring, 500, &w, &avail), 0);
	assert_int_equal(avail, 100);
	fill_pattern(w, 900, 100);
	ring_write_commit(ring, 100);
	/* then the rest from the start */
	assert_int_equal(ring_write_ptr(ring, 500, &w, &avail), 0);
	assert_int_equal(avail, 900);
	fill_pattern(w, 1000, 250);
	ring_write_commit(ring, 250);

	assert_int_equal(ring_read_ptr(ring, 0, 300, &rp, &got), 0);
	assert_int_equal(got, 300);
	assert_true(check_pattern(rp, 900, 300));
	ring_read_commit(ring, 0, 300);
	assert_int_equal(ring_fill(ring, 0), 50);
	ring_free(ring);
}

/* Clean end: the rest of the data, a short last piece, then end of data. */
static void test_clean_end(void **state)
{
	struct ring *ring;
	void *w;
	const void *rp;
	size_t avail, got;

	assert_int_equal(ring_new(&ring, 4096, 64, 1), 0);
	assert_int_equal(ring_write_ptr(ring, 100, &w, &avail), 0);
	fill_pattern(w, 0, 100);
	ring_write_commit(ring, 100);
	ring_finish(ring, 0);
	assert_true(ring_finished(ring));
	assert_int_equal(ring_write_ptr(ring, 1, &w, &avail), DB_EINVAL);

	assert_int_equal(ring_read_ptr(ring, 0, 64, &rp, &got), 0);
	assert_int_equal(got, 64);
	ring_read_commit(ring, 0, 64);
	assert_int_equal(ring_read_ptr(ring, 0, 64, &rp, &got), 0);
	assert_int_equal(got, 36);
	assert_true(check_pattern(rp, 64, 36));
	ring_read_commit(ring, 0, 36);
	assert_int_equal(ring_read_ptr(ring, 0, 64, &rp, &got), 0);
	assert_int_equal(got, 0);
	assert_null(rp);
	assert_int_equal(ring_status(ring), 0);
	ring_free(ring);
}

/* A producer error reaches the reader at once, with data still buffered. */
static void test_producer_error_at_once(void **state)
{
	struct ring *ring;
	void *w;
	const void *rp;
	size_t avail, got;

	assert_int_equal(ring_new(&ring, 4096, 64, 2), 0);
	assert_int_equal(ring_write_ptr(ring, 1000, &w, &avail), 0);
	fill_pattern(w, 0, 1000);
	ring_write_commit(ring, 1000);
	assert_int_equal(ring_read_ptr(ring, 0, 64, &rp, &got), 0);
	ring_read_commit(ring, 0, 64);
	ring_finish(ring, DB_EIMAGE);
	ring_finish(ring, DB_ECHECKSUM);	/* only the first counts */
	assert_int_equal(ring_fill(ring, 0), 936);
	assert_int_equal(ring_read_ptr(ring, 0, 64, &rp, &got), DB_EIMAGE);
	assert_int_equal(got, 0);
	assert_null(rp);
	assert_int_equal(ring_read_ptr(ring, 1, 64, &rp, &got), DB_EIMAGE);
	assert_int_equal(ring_status(ring), DB_EIMAGE);
	assert_int_equal(ring_wait_fill(ring, 4096), DB_EIMAGE);
	ring_free(ring);
}

/* The same through threads: readers blocked waiting for data are woken by
 * the error, and the producer stops in the middle of a large stream. */
static void test_producer_error_threads(void **state)
{
	struct reader rd[3] = { { 0 } };

	run_stream(3, 1u << 20, 8192, 4096, DB_ECHECKSUM, rd);
	for (int r = 0; r < 3; r++) {
		assert_false(rd[r].bad);
		assert_int_equal(rd[r].rc, DB_ECHECKSUM);
		assert_true(rd[r].got <= 1u << 20);
	}
}

struct blocked_writer {
	struct ring *ring;
	size_t want;
	int rc;
};

static void *blocked_writer_main(void *arg)
{
	struct blocked_writer *b = arg;
	void *w;
	size_t avail;

	b->rc = ring_write_ptr(b->ring, b->want, &w, &avail);
	return NULL;
}

struct blocked_reader {
	struct ring *ring;
	unsigned r;
	int rc;
	size_t got;
};

static void *blocked_reader_main(void *arg)
{
	struct blocked_reader *b = arg;
	const void *rp;

	b->rc = ring_read_ptr(b->ring, b->r, 64, &rp, &b->got);
	return NULL;
}

static struct ring *full_ring(size_t cap, unsigned nreaders)
{
	struct ring *ring;
	void *w;
	size_t avail;

	assert_int_equal(ring_new(&ring, cap, 64, nreaders), 0);
	assert_int_equal(ring_write_ptr(ring, cap, &w, &avail), 0);
	assert_int_equal(avail, cap);
	memset(w, 0, cap);
	ring_write_commit(ring, cap);
	return ring;
}

/* Cancel from the reader side: a producer blocked on a full ring returns. */
static void test_cancel_wakes_producer(void **state)
{
	struct ring *ring = full_ring(1024, 1);
	struct blocked_writer b = { .ring = ring, .want = 1 };
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, blocked_writer_main, &b), 0);
	/* the producer is (or will be) blocked; a prefill sees it as full */
	assert_int_equal(ring_wait_fill(ring, 1024), 0);
	ring_cancel(ring);
	pthread_join(t, NULL);
	assert_int_equal(b.rc, DB_ECANCEL);
	assert_int_equal(ring_status(ring), DB_ECANCEL);
	const void *rp;
	size_t got;
	assert_int_equal(ring_read_ptr(ring, 0, 64, &rp, &got), DB_ECANCEL);
	ring_free(ring);
}

/* Cancel from the producer side: readers blocked on an empty ring return. */
static void test_cancel_wakes_readers(void **state)
{
	struct ring *ring;
	struct blocked_reader b[2];
	pthread_t t[2];

	assert_int_equal(ring_new(&ring, 1024, 64, 2), 0);
	for (unsigned r = 0; r < 2; r++) {
		b[r] = (struct blocked_reader){ .ring = ring, .r = r };
		assert_int_equal(pthread_create(&t[r], NULL, blocked_reader_main,
						&b[r]), 0);
	}
	ring_cancel(ring);
	ring_cancel(ring);
	for (unsigned r = 0; r < 2; r++) {
		pthread_join(t[r], NULL);
		assert_int_equal(b[r].rc, DB_ECANCEL);
		assert_int_equal(b[r].got, 0);
	}
	void *w;
	size_t avail;
	assert_int_equal(ring_write_ptr(ring, 1, &w, &avail), DB_ECANCEL);
	assert_int_equal(ring_wait_fill(ring, 10), DB_ECANCEL);
	ring_free(ring);
}

/* Detaching the last reader stops a blocked producer; detaching a reader
 * blocked for data wakes it with DB_ESTATE. */
static void test_detach_all_and_blocked(void **state)
{
	struct ring *ring = full_ring(512, 2);
	struct blocked_writer bw = { .ring = ring, .want = 100 };
	pthread_t tw, tr;
	const void *rp;
	size_t got;

	assert_int_equal(pthread_create(&tw, NULL, blocked_writer_main, &bw), 0);
	/* reader 1 drains everything and then blocks for more */
	assert_int_equal(ring_read_ptr(ring, 1, 64, &rp, &got), 0);
	while (got) {
		ring_read_commit(ring, 1, got);
		if (ring_fill(ring, 1) == 0)
			break;
		assert_int_equal(ring_read_ptr(ring, 1, 64, &rp, &got), 0);
	}
	struct blocked_reader br = { .ring = ring, .r = 1 };
	assert_int_equal(pthread_create(&tr, NULL, blocked_reader_main, &br), 0);
	ring_detach(ring, 1);
	pthread_join(tr, NULL);
	assert_int_equal(br.rc, DB_ESTATE);

	ring_detach(ring, 0);
	ring_detach(ring, 0);
	pthread_join(tw, NULL);
	assert_int_equal(bw.rc, DB_ECANCEL);
	assert_int_equal(ring_read_ptr(ring, 0, 64, &rp, &got), DB_ESTATE);
	struct ring_stats st;
	assert_int_equal(ring_stats(ring, 0, &st), 0);
	assert_true(st.detached);
	assert_int_equal(ring_wait_fill(ring, 10), DB_ECANCEL);
	ring_free(ring);
}

/* A producer fed by the test: it writes piece i only after the test allows
 * it, so the test decides exactly how full the ring is at every moment. */
struct gated_producer {
	struct ring *ring;
	pthread_mutex_t lock;
	pthread_cond_t cv;
	unsigned allowed;	/* pieces the test has released */
	unsigned pieces;
	size_t piece;
	unsigned done;		/* pieces written */
};

static void *gated_producer_main(void *arg)
{
	struct gated_producer *g = arg;
	uint64_t pos = 0;

	for (unsigned i = 0; i < g->pieces; i++) {
		pthread_mutex_lock(&g->lock);
		while (g->allowed <= i)
			pthread_cond_wait(&g->cv, &g->lock);
		pthread_mutex_unlock(&g->lock);

		size_t left = g->piece;
		while (left) {
			void *w;
			size_t avail;
			if (ring_write_ptr(g->ring, left, &w, &avail) < 0)
				return NULL;
			size_t n = avail < left ? avail : left;
			fill_pattern(w, pos, n);
			ring_write_commit(g->ring, n);
			pos += n;
			left -= n;
		}
		pthread_mutex_lock(&g->lock);
		g->done = i + 1;
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->lock);
	}
	ring_finish(g->ring, 0);
	return NULL;
}

static void gate_release(struct gated_producer *g, unsigned upto, bool wait)
{
	pthread_mutex_lock(&g->lock);
	g->allowed = upto;
	pthread_cond_broadcast(&g->cv);
	while (wait && g->done < upto)
		pthread_cond_wait(&g->cv, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void gate_init(struct gated_producer *g, struct ring *ring,
		      unsigned pieces, size_t piece)
{
	memset(g, 0, sizeof(*g));
	g->ring = ring;
	g->pieces = pieces;
	g->piece = piece;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cv, NULL);
}

static void gate_destroy(struct gated_producer *g)
{
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->cv);
}

/* Prefill waits for the asked fill, not less. */
static void test_prefill(void **state)
{
	struct ring *ring;
	struct gated_producer g;
	pthread_t t;

	assert_int_equal(ring_new(&ring, 10000, 1000, 1), 0);
	gate_init(&g, ring, 10, 1000);
	assert_int_equal(pthread_create(&t, NULL, gated_producer_main, &g), 0);
	/* release 7 pieces without waiting; the prefill must wait for them */
	gate_release(&g, 7, false);
	assert_int_equal(ring_wait_fill(ring, 7000), 0);
	assert_true(ring_fill(ring, 0) >= 7000);
	/* asking for more than the capacity means "full" */
	gate_release(&g, 10, false);
	assert_int_equal(ring_wait_fill(ring, 1u << 30), 0);
	assert_int_equal(ring_fill(ring, 0), 10000);
	pthread_join(t, NULL);
	/* finished: prefill returns at once */
	assert_int_equal(ring_wait_fill(ring, 10000), 0);
	gate_destroy(&g);
	ring_free(ring);
}

/* A producer whose next read does not fit counts as "full": prefill must
 * not wait for a fill the producer will never reach. */
static void test_prefill_producer_blocked(void **state)
{
	struct ring *ring;
	void *w;
	size_t avail;
	pthread_t t;

	const void *rp;
	size_t got;

	assert_int_equal(ring_new(&ring, 1000, 100, 1), 0);
	assert_int_equal(ring_write_ptr(ring, 1000, &w, &avail), 0);
	memset(w, 1, 1000);
	ring_write_commit(ring, 1000);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(ring_read_ptr(ring, 0, 100, &rp, &got), 0);
		ring_read_commit(ring, 0, got);
	}
	assert_int_equal(ring_write_ptr(ring, 500, &w, &avail), 0);
	assert_int_equal(avail, 600);
	memset(w, 2, 500);
	ring_write_commit(ring, 500);
	/* 900 buffered, 100 free: a producer wanting 300 must wait */
	struct blocked_writer b = { .ring = ring, .want = 300 };
	assert_int_equal(pthread_create(&t, NULL, blocked_writer_main, &b), 0);
	assert_int_equal(ring_wait_fill(ring, 1000), 0);
	assert_int_equal(ring_fill(ring, 0), 900);
	struct ring_write_stats ws;
	ring_write_stats(ring, &ws);
	assert_int_equal(ws.full_count, 1);
	ring_cancel(ring);
	pthread_join(t, NULL);
	assert_int_equal(b.rc, DB_ECANCEL);
	ring_free(ring);
}

/* Min fill and no empties when the ring stays ahead of the reader; the
 * drain after the end is not counted. */
static void test_stats_min_fill(void **state)
{
	struct ring *ring;
	void *w;
	const void *rp;
	size_t avail, got;
	struct ring_stats st;

	assert_int_equal(ring_new(&ring, 1000, 100, 1), 0);
	assert_int_equal(ring_stats(ring, 0, &st), 0);
	assert_false(st.min_fill_valid);
	assert_int_equal(ring_stats(ring, 1, &st), DB_EINVAL);

	assert_int_equal(ring_write_ptr(ring, 1000, &w, &avail), 0);
	memset(w, 7, 1000);
	ring_write_commit(ring, 1000);
	/* fills seen: 1000, 900, 800, 700 */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(ring_read_ptr(ring, 0, 100, &rp, &got), 0);
		ring_read_commit(ring, 0, got);
	}
	assert_int_equal(ring_stats(ring, 0, &st), 0);
	assert_true(st.min_fill_valid);
	assert_int_equal(st.min_fill, 700);
	assert_int_equal(st.min_fill_pct, 70);
	assert_int_equal(st.empty_count, 0);
	assert_int_equal(st.reads, 4);
	assert_int_equal(st.bytes, 400);

	ring_finish(ring, 0);
	while (ring_read_ptr(ring, 0, 100, &rp, &got) == 0 && got)
		ring_read_commit(ring, 0, got);
	assert_int_equal(ring_stats(ring, 0, &st), 0);
	assert_int_equal(st.min_fill, 700);
	assert_int_equal(st.empty_count, 0);
	assert_int_equal(st.bytes, 1000);
	ring_free(ring);
}

struct counting_reader {
	struct ring *ring;
	uint64_t total;		/* stop after this many bytes */
	uint64_t got;
	bool bad;
	int rc;
};

static void *counting_reader_main(void *arg)
{
	struct counting_reader *c = arg;

	/* Stop at the known total rather than at end of data: one more call
	 * could find the ring empty before ring_finish and count it. */
	while (c->got < c->total) {
		const void *rp;
		size_t n;
		c->rc = ring_read_ptr(c->ring, 0, 500, &rp, &n);
		if (c->rc < 0 || n == 0)
			return NULL;
		if (!check_pattern(rp, c->got, n))
			c->bad = true;
		ring_read_commit(c->ring, 0, n);
		c->got += n;
	}
	return NULL;
}

/* The producer writes each piece only after the reader has found the ring
 * empty and counted it, so the empty count is exactly the number of pieces. */
static void test_stats_empty_count(void **state)
{
	struct ring *ring;
	struct gated_producer g;
	struct counting_reader c = { 0 };
	pthread_t tp, tr;
	enum { PIECES = 20 };

	assert_int_equal(ring_new(&ring, 4000, 500, 1), 0);
	gate_init(&g, ring, PIECES, 500);
	c.ring = ring;
	c.total = PIECES * 500;
	assert_int_equal(pthread_create(&tp, NULL, gated_producer_main, &g), 0);
	assert_int_equal(pthread_create(&tr, NULL, counting_reader_main, &c), 0);
	for (unsigned i = 1; i <= PIECES; i++) {
		struct ring_stats st;
		/* wait until the reader has come back for more and found
		 * nothing; it counts that on entry, before it sleeps */
		do {
			sched_yield();
			ring_stats(ring, 0, &st);
		} while (st.empty_count < i);
		gate_release(&g, i, true);
	}
	pthread_join(tp, NULL);
	pthread_join(tr, NULL);

	/* after the end nothing more is counted */
	const void *rp;
	size_t got;
	assert_int_equal(ring_read_ptr(ring, 0, 500, &rp, &got), 0);
	assert_int_equal(got, 0);

	struct ring_stats st;
	assert_int_equal(ring_stats(ring, 0, &st), 0);
	assert_false(c.bad);
	assert_int_equal(c.rc, 0);
	assert_int_equal(c.got, PIECES * 500);
	assert_int_equal(st.empty_count, PIECES);
	assert_true(st.min_fill_valid);
	assert_int_equal(st.min_fill, 0);
	assert_int_equal(st.min_fill_pct, 0);
	gate_destroy(&g);
	ring_free(ring);
}

static void test_bad_arguments(void **state)
{
	struct ring *ring;
	const void *rp;
	void *w;
	size_t got, avail;

	assert_int_equal(ring_new(&ring, 1000, 0, 1), DB_EINVAL);
	assert_null(ring);
	assert_int_equal(ring_new(&ring, 1000, 1001, 1), DB_EINVAL);
	assert_int_equal(ring_new(&ring, 1000, 100, 0), DB_EINVAL);
	assert_int_equal(ring_new(&ring, 1000, 100, RING_MAX_READERS + 1),
			 DB_EINVAL);
	assert_int_equal(ring_new(&ring, 1000, 100, 2), 0);
	assert_int_equal(ring_capacity(ring), 1000);
	assert_int_equal(ring_readers(ring), 2);
	assert_int_equal(ring_read_ptr(ring, 2, 10, &rp, &got), DB_EINVAL);
	assert_int_equal(ring_read_ptr(ring, 0, 0, &rp, &got), DB_EINVAL);
	assert_int_equal(ring_read_ptr(ring, 0, 101, &rp, &got), DB_EINVAL);
	assert_int_equal(ring_write_ptr(ring, 0, &w, &avail), DB_EINVAL);
	assert_int_equal(ring_fill(ring, 5), 0);
	ring_free(ring);
	ring_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_reader_integrity),
		cmocka_unit_test(test_three_readers_integrity),
		cmocka_unit_test(test_max_read_equals_capacity),
		cmocka_unit_test(test_detach_releases_producer),
		cmocka_unit_test(test_contiguous_across_wrap),
		cmocka_unit_test(test_clean_end),
		cmocka_unit_test(test_producer_error_at_once),
		cmocka_unit_test(test_producer_error_threads),
		cmocka_unit_test(test_cancel_wakes_producer),
		cmocka_unit_test(test_cancel_wakes_readers),
		cmocka_unit_test(test_detach_all_and_blocked),
		cmocka_unit_test(test_prefill),
		cmocka_unit_test(test_prefill_producer_blocked),
		cmocka_unit_test(test_stats_min_fill),
		cmocka_unit_test(test_stats_empty_count),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests_name("ring", tests, NULL, NULL);
}
