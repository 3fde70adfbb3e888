/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ring.c — one producer, N readers, a byte ring in RAM.
 *
 * Cursors are 64-bit byte counts since the start of the stream, never
 * wrapped; the buffer index is cursor % capacity. The producer owns wpos,
 * reader r owns readers[r].pos; both are C11 atomics, so the fast paths
 * (enough data, enough space) take no lock. Sequentially consistent order
 * carries the data: the producer stores the bytes, then wpos; a reader loads
 * wpos, then reads the bytes. Space is handed back the same way: a reader
 * stores its pos after it is done with the bytes, and the producer loads
 * every live pos before it overwrites anything.
 *
 * Blocking uses one mutex and two condition variables. A thread that must
 * wait raises a "waiting" counter under the mutex and re-checks its condition
 * before sleeping; a thread that moves a cursor stores the cursor first and
 * then looks at the counter, taking the mutex to broadcast only when someone
 * waits. With seq_cst on both sides, either the waiter sees the new cursor or
 * the mover sees the waiter — no lost wake-up, no lock on the hot path, no
 * polling.
 *
 * Contiguous reads across the wrap: the buffer is capacity + max_read bytes.
 * Whatever the producer commits into [0, max_read) it also copies to
 * [capacity, capacity + max_read), so a reader at index i can always read
 * `want` <= max_read bytes straight from buf + i. The copy costs
 * max_read / capacity of the stream (e.g. 1.5% for 64 KiB in 4 MiB).
 */
#include "config.h"

#include <assert.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/err.h"
#include "pipeline/ring.h"

#define RING_ALIGN 4096		/* page-aligned data for SG_IO and friends */
#define CACHE_LINE 64

struct ring_reader {
	/* own cache line: the reader writes pos, the producer reads it */
	alignas(CACHE_LINE) _Atomic uint64_t pos;
	atomic_bool live;
	size_t held;			/* *got of the last ring_read_ptr */
	_Atomic uint64_t bytes;
	_Atomic uint64_t reads;
	_Atomic uint64_t empty_count;
	_Atomic size_t min_fill;	/* SIZE_MAX until the first sample */
};

struct ring {
	uint8_t *buf;			/* capacity + max_read bytes */
	size_t cap;
	size_t max_read;
	unsigned nreaders;

	alignas(CACHE_LINE) _Atomic uint64_t wpos;
	size_t granted;			/* *avail of the last ring_write_ptr */
	_Atomic uint64_t full_count;

	atomic_bool finished;
	atomic_bool cancelled;
	atomic_int status;
	atomic_uint live_count;

	pthread_mutex_t lock;
	pthread_cond_t space_cv;	/* the producer waits here */
	pthread_cond_t data_cv;		/* readers and ring_wait_fill wait here */
	atomic_uint prod_waiting;
	atomic_uint readers_waiting;

	struct ring_reader readers[];
};

int ring_new(struct ring **out, size_t capacity, size_t max_read,
	     unsigned nreaders)
{
	*out = NULL;
	if (nreaders == 0 || max_read == 0 || max_read > capacity ||
	    capacity > SIZE_MAX / 2 - RING_ALIGN || nreaders > RING_MAX_READERS)
		return DB_EINVAL;

	size_t head = sizeof(struct ring) + nreaders * sizeof(struct ring_reader);
	head = (head + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
	struct ring *ring = aligned_alloc(CACHE_LINE, head);
	if (!ring)
		return DB_ENOMEM;
	memset(ring, 0, head);

	size_t bufsize = capacity + max_read;
	bufsize = (bufsize + RING_ALIGN - 1) / RING_ALIGN * RING_ALIGN;
	ring->buf = aligned_alloc(RING_ALIGN, bufsize);
	if (!ring->buf) {
		free(ring);
		return DB_ENOMEM;
	}
	ring->cap = capacity;
	ring->max_read = max_read;
	ring->nreaders = nreaders;
	atomic_init(&ring->wpos, 0);
	atomic_init(&ring->full_count, 0);
	atomic_init(&ring->finished, false);
	atomic_init(&ring->cancelled, false);
	atomic_init(&ring->status, 0);
	atomic_init(&ring->live_count, nreaders);
	atomic_init(&ring->prod_waiting, 0);
	atomic_init(&ring->readers_waiting, 0);
	for (unsigned r = 0; r < nreaders; r++) {
		struct ring_reader *rd = &ring->readers[r];
		atomic_init(&rd->pos, 0);
		atomic_init(&rd->live, true);
		atomic_init(&rd->bytes, 0);
		atomic_init(&rd->reads, 0);
		atomic_init(&rd->empty_count, 0);
		atomic_init(&rd->min_fill, SIZE_MAX);
	}
	if (pthread_mutex_init(&ring->lock, NULL) != 0)
		goto fail_mutex;
	if (pthread_cond_init(&ring->space_cv, NULL) != 0)
		goto fail_space;
	if (pthread_cond_init(&ring->data_cv, NULL) != 0)
		goto fail_data;
	*out = ring;
	return 0;

fail_data:
	pthread_cond_destroy(&ring->space_cv);
fail_space:
	pthread_mutex_destroy(&ring->lock);
fail_mutex:
	free(ring->buf);
	free(ring);
	return DB_ENOMEM;
}

void ring_free(struct ring *ring)
{
	if (!ring)
		return;
	pthread_cond_destroy(&ring->data_cv);
	pthread_cond_destroy(&ring->space_cv);
	pthread_mutex_destroy(&ring->lock);
	free(ring->buf);
	free(ring);
}

size_t ring_capacity(const struct ring *ring)
{
	return ring->cap;
}

size_t ring_max_read(const struct ring *ring)
{
	return ring->max_read;
}

unsigned ring_readers(const struct ring *ring)
{
	return ring->nreaders;
}

/* Position of the slowest live reader; wpos when none is live. */
static uint64_t slowest_pos(struct ring *ring, uint64_t wpos)
{
	uint64_t min = wpos;

	for (unsigned r = 0; r < ring->nreaders; r++) {
		struct ring_reader *rd = &ring->readers[r];
		if (!atomic_load(&rd->live))
			continue;
		uint64_t p = atomic_load(&rd->pos);
		if (p < min)
			min = p;
	}
	return min;
}

static void wake(struct ring *ring, pthread_cond_t *cv)
{
	pthread_mutex_lock(&ring->lock);
	pthread_cond_broadcast(cv);
	pthread_mutex_unlock(&ring->lock);
}

static void set_status(struct ring *ring, int err)
{
	int expected = 0;

	atomic_compare_exchange_strong(&ring->status, &expected, err);
}

/* ---- producer ---- */

int ring_write_ptr(struct ring *ring, size_t want, void **data, size_t *avail)
{
	*data = NULL;
	*avail = 0;
	if (want == 0 || atomic_load(&ring->finished))
		return DB_EINVAL;

	uint64_t w = atomic_load_explicit(&ring->wpos, memory_order_relaxed);
	size_t idx = (size_t)(w % ring->cap);
	size_t tail = ring->cap - idx;
	/* Never ask for more than capacity - max_read + 1: a reader waits
	 * only while its fill is below max_read, so then at least that much
	 * is free and producer and reader cannot wait for each other. */
	size_t need = ring->cap - ring->max_read + 1;
	if (want < need)
		need = want;
	if (tail < need)
		need = tail;
	size_t space = ring->cap - (size_t)(w - slowest_pos(ring, w));

	if (space < need) {
		atomic_fetch_add_explicit(&ring->full_count, 1,
					  memory_order_relaxed);
		pthread_mutex_lock(&ring->lock);
		atomic_store(&ring->prod_waiting, 1);
		/* ring_wait_fill treats a blocked producer as "full enough" */
		if (atomic_load(&ring->readers_waiting))
			pthread_cond_broadcast(&ring->data_cv);
		for (;;) {
			if (atomic_load(&ring->cancelled) ||
			    atomic_load(&ring->live_count) == 0)
				break;
			space = ring->cap - (size_t)(w - slowest_pos(ring, w));
			if (space >= need)
				break;
			pthread_cond_wait(&ring->space_cv, &ring->lock);
		}
		atomic_store(&ring->prod_waiting, 0);
		pthread_mutex_unlock(&ring->lock);
	}
	if (atomic_load(&ring->cancelled) || atomic_load(&ring->live_count) == 0)
		return DB_ECANCEL;

	ring->granted = space < tail ? space : tail;
	*data = ring->buf + idx;
	*avail = ring->granted;
	return 0;
}

void ring_write_commit(struct ring *ring, size_t n)
{
	assert(n <= ring->granted);
	ring->granted = 0;
	if (n == 0)
		return;

	uint64_t w = atomic_load_explicit(&ring->wpos, memory_order_relaxed);
	size_t idx = (size_t)(w % ring->cap);
	if (idx < ring->max_read) {
		size_t end = idx + n < ring->max_read ? idx + n : ring->max_read;
		memcpy(ring->buf + ring->cap + idx, ring->buf + idx, end - idx);
	}
	atomic_store(&ring->wpos, w + n);
	if (atomic_load(&ring->readers_waiting))
		wake(ring, &ring->data_cv);
}

void ring_finish(struct ring *ring, int err)
{
	pthread_mutex_lock(&ring->lock);
	if (!atomic_load(&ring->finished)) {
		if (err < 0)
			set_status(ring, err);
		atomic_store(&ring->finished, true);
		pthread_cond_broadcast(&ring->data_cv);
	}
	pthread_mutex_unlock(&ring->lock);
}

/* ---- readers ---- */

static void note_fill(struct ring_reader *rd, size_t fill, size_t want)
{
	size_t min = atomic_load_explicit(&rd->min_fill, memory_order_relaxed);

	if (fill < min)
		atomic_store_explicit(&rd->min_fill, fill, memory_order_relaxed);
	if (fill < want)
		atomic_fetch_add_explicit(&rd->empty_count, 1,
					  memory_order_relaxed);
}

int ring_read_ptr(struct ring *ring, unsigned r, size_t want,
		  const void **data, size_t *got)
{
	*data = NULL;
	*got = 0;
	if (r >= ring->nreaders || want == 0 || want > ring->max_read)
		return DB_EINVAL;

	struct ring_reader *rd = &ring->readers[r];
	if (!atomic_load(&rd->live))
		return DB_ESTATE;
	int st = atomic_load(&ring->status);
	if (st < 0)
		return st;

	uint64_t pos = atomic_load_explicit(&rd->pos, memory_order_relaxed);
	/* finished before wpos: once finished is seen, wpos is final */
	bool fin = atomic_load(&ring->finished);
	size_t have = (size_t)(atomic_load(&ring->wpos) - pos);

	if (!fin)
		note_fill(rd, have, want);
	if (have < want && !fin) {
		pthread_mutex_lock(&ring->lock);
		atomic_fetch_add(&ring->readers_waiting, 1);
		for (;;) {
			if (atomic_load(&ring->status) < 0 ||
			    !atomic_load(&rd->live))
				break;
			fin = atomic_load(&ring->finished);
			have = (size_t)(atomic_load(&ring->wpos) - pos);
			if (have >= want || fin)
				break;
			pthread_cond_wait(&ring->data_cv, &ring->lock);
		}
		atomic_fetch_sub(&ring->readers_waiting, 1);
		pthread_mutex_unlock(&ring->lock);
	}

	if (!atomic_load(&rd->live))
		return DB_ESTATE;
	st = atomic_load(&ring->status);
	if (st < 0)
		return st;
	if (have == 0)
		return 0;	/* clean end of data */

	size_t n = have < want ? have : want;
	rd->held = n;
	atomic_fetch_add_explicit(&rd->reads, 1, memory_order_relaxed);
	*data = ring->buf + (size_t)(pos % ring->cap);
	*got = n;
	return 0;
}

void ring_read_commit(struct ring *ring, unsigned r, size_t n)
{
	assert(r < ring->nreaders);
	struct ring_reader *rd = &ring->readers[r];
	assert(n <= rd->held);
	rd->held = 0;
	if (n == 0)
		return;

	uint64_t pos = atomic_load_explicit(&rd->pos, memory_order_relaxed);
	atomic_store(&rd->pos, pos + n);
	atomic_fetch_add_explicit(&rd->bytes, n, memory_order_relaxed);
	if (atomic_load(&ring->prod_waiting))
		wake(ring, &ring->space_cv);
}

void ring_detach(struct ring *ring, unsigned r)
{
	if (r >= ring->nreaders)
		return;
	pthread_mutex_lock(&ring->lock);
	if (atomic_exchange(&ring->readers[r].live, false)) {
		atomic_fetch_sub(&ring->live_count, 1);
		pthread_cond_broadcast(&ring->space_cv);
		pthread_cond_broadcast(&ring->data_cv);
	}
	pthread_mutex_unlock(&ring->lock);
}

/* ---- any thread ---- */

void ring_cancel(struct ring *ring)
{
	pthread_mutex_lock(&ring->lock);
	atomic_store(&ring->cancelled, true);
	set_status(ring, DB_ECANCEL);
	pthread_cond_broadcast(&ring->space_cv);
	pthread_cond_broadcast(&ring->data_cv);
	pthread_mutex_unlock(&ring->lock);
}

int ring_wait_fill(struct ring *ring, size_t bytes)
{
	int st;

	if (bytes > ring->cap)
		bytes = ring->cap;
	pthread_mutex_lock(&ring->lock);
	atomic_fetch_add(&ring->readers_waiting, 1);
	for (;;) {
		st = atomic_load(&ring->status);
		if (st < 0 || atomic_load(&ring->finished))
			break;
		if (atomic_load(&ring->live_count) == 0) {
			st = DB_ECANCEL;
			break;
		}
		/* Under the mutex, prod_waiting means the producer sleeps
		 * for space: the ring is as full as it will get. */
		if (atomic_load(&ring->prod_waiting))
			break;
		uint64_t w = atomic_load(&ring->wpos);
		if (w - slowest_pos(ring, w) >= bytes)
			break;
		pthread_cond_wait(&ring->data_cv, &ring->lock);
	}
	atomic_fetch_sub(&ring->readers_waiting, 1);
	pthread_mutex_unlock(&ring->lock);
	return st < 0 ? st : 0;
}

int ring_status(const struct ring *ring)
{
	return atomic_load(&ring->status);
}

bool ring_finished(const struct ring *ring)
{
	return atomic_load(&ring->finished);
}

size_t ring_fill(const struct ring *ring, unsigned r)
{
	if (r >= ring->nreaders || !atomic_load(&ring->readers[r].live))
		return 0;
	uint64_t p = atomic_load(&ring->readers[r].pos);
	return (size_t)(atomic_load(&ring->wpos) - p);
}

int ring_stats(const struct ring *ring, unsigned r, struct ring_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (r >= ring->nreaders)
		return DB_EINVAL;
	const struct ring_reader *rd = &ring->readers[r];
	st->bytes = atomic_load(&rd->bytes);
	st->reads = atomic_load(&rd->reads);
	st->empty_count = atomic_load(&rd->empty_count);
	size_t min = atomic_load(&rd->min_fill);
	if (min != SIZE_MAX) {
		st->min_fill = min;
		st->min_fill_valid = true;
		st->min_fill_pct = (unsigned)((uint64_t)min * 100 / ring->cap);
	}
	st->detached = !atomic_load(&rd->live);
	return 0;
}

void ring_write_stats(const struct ring *ring, struct ring_write_stats *st)
{
	st->bytes = atomic_load(&ring->wpos);
	st->full_count = atomic_load(&ring->full_count);
}
