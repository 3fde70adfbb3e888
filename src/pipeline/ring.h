/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ring.h — the RAM buffer between the image source and the writer(s).
 *
 * One producer thread fills the ring; N >= 1 reader threads (one per drive
 * when one image is burned to several drives at once) each consume the whole
 * stream through their own cursor. The producer may overwrite only bytes that
 * every live reader has consumed; a reader that is detached (its drive
 * failed) no longer holds the producer back.
 *
 * Zero-copy on both sides: the producer asks for a pointer into the ring,
 * read()s into it and commits; a reader asks for a pointer to `want`
 * contiguous bytes (a whole WRITE chunk), sends them and commits. A reader
 * always gets its chunk contiguous, also across the wrap-around, as long as
 * want <= max_read given at ring_new (the ring keeps a mirror of its first
 * max_read bytes after its end).
 *
 * Threads: the producer calls ring_write_ptr/ring_write_commit/ring_finish
 * from one thread. Reader r calls ring_read_ptr/ring_read_commit for its own r
 * from one thread. ring_detach, ring_cancel, ring_wait_fill, ring_status,
 * ring_fill and the stats calls may be made from any thread. Blocking calls
 * wait on condition variables and return promptly on ring_cancel.
 *
 * End of data and errors: the producer ends the stream with ring_finish(err).
 * err == 0 is a clean end: readers get the remaining bytes, then end of data.
 * err < 0 (the image was short, unreadable, or its checksum is wrong) is seen
 * by every reader AT ONCE, even with data still buffered, so a writer fails
 * before it closes its track. A writer must therefore keep calling
 * ring_read_ptr until it reports end of data or an error, and only then
 * close the track — also when it already knows how many bytes to expect.
 */
#ifndef DISCBURN_RING_H
#define DISCBURN_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ring;

#define RING_MAX_READERS 4096

/* Per-reader statistics, as cdrecord reports its fifo. */
struct ring_stats {
	uint64_t bytes;		/* bytes this reader committed */
	uint64_t reads;		/* ring_read_ptr calls that returned data */
	/* Times ring_read_ptr found fewer than `want` bytes buffered while the
	 * producer was still running, so the reader had to wait: "the fifo was
	 * empty N times". */
	uint64_t empty_count;
	/* The lowest fill seen on entry to ring_read_ptr while the producer was
	 * still running (the drain at the end of the stream is not counted).
	 * Valid when min_fill_valid. */
	size_t min_fill;
	unsigned min_fill_pct;	/* min_fill as a percentage of the capacity */
	bool min_fill_valid;
	bool detached;
};

/* Producer statistics. */
struct ring_write_stats {
	uint64_t bytes;		/* bytes committed by the producer */
	uint64_t full_count;	/* times the producer had to wait for space */
};

/* Create a ring of `capacity` bytes for `nreaders` readers, each of which may
 * ask for up to `max_read` contiguous bytes at a time. Requires
 * 0 < max_read <= capacity and 1 <= nreaders <= RING_MAX_READERS. The
 * buffer is page-aligned. Memory: capacity + max_read bytes, whatever the
 * image size.
 * Returns 0, DB_EINVAL or DB_ENOMEM. */
int ring_new(struct ring **out, size_t capacity, size_t max_read,
	     unsigned nreaders);
/* Free the ring. No thread may be using it any more. NULL is allowed. */
void ring_free(struct ring *ring);

size_t ring_capacity(const struct ring *ring);
/* The largest contiguous piece a reader may ask for (max_read of ring_new). */
size_t ring_max_read(const struct ring *ring);
unsigned ring_readers(const struct ring *ring);

/* ---- producer ---- */

/* Block until at least min(want, bytes up to the physical end of the
 * buffer, capacity - max_read + 1) bytes are free, then return in *data
 * where to write and in *avail how many contiguous bytes may be written
 * there (may exceed want; is at least 1). The third bound means the
 * producer never waits for space while a reader waits for data. Returns 0, DB_EINVAL (want == 0, or called after ring_finish),
 * or DB_ECANCEL when the ring was cancelled or every reader has been
 * detached — nobody will consume more data, the producer should stop. */
int ring_write_ptr(struct ring *ring, size_t want, void **data, size_t *avail);
/* Publish n bytes written at the pointer from the last ring_write_ptr;
 * n <= the *avail it returned (asserted). Each commit needs its own
 * ring_write_ptr. */
void ring_write_commit(struct ring *ring, size_t n);
/* End the stream: err == 0 at clean end of data, err < 0 (a DB_E* code) when
 * the producer failed. Only the first call counts. Wakes every reader. */
void ring_finish(struct ring *ring, int err);

/* ---- readers ---- */

/* Block until reader r can have `want` contiguous bytes (1 <= want <=
 * max_read), or the stream ended. On data: returns 0, *data points to the
 * bytes and *got is want, or less only at the very end of the stream. At a
 * clean end of data: returns 0 with *got == 0 and *data NULL. Otherwise
 * returns < 0 and *got == 0: the producer's error from ring_finish, or
 * DB_ECANCEL, or DB_ESTATE when r was detached, or DB_EINVAL for a bad r or
 * want. The bytes stay valid until ring_read_commit. */
int ring_read_ptr(struct ring *ring, unsigned r, size_t want,
		  const void **data, size_t *got);
/* Reader r consumed n bytes (n <= the *got of its last ring_read_ptr,
 * asserted); the rest stays buffered for its next ring_read_ptr. */
void ring_read_commit(struct ring *ring, unsigned r, size_t n);
/* Reader r stops (its drive failed, or it is done): it no longer holds the
 * producer back; its later calls return DB_ESTATE. If it is blocked in
 * ring_read_ptr in another thread, that call returns DB_ESTATE. Do not
 * detach r from another thread while r holds bytes from ring_read_ptr: the
 * producer may overwrite them at once. Idempotent. */
void ring_detach(struct ring *ring, unsigned r);

/* ---- any thread ---- */

/* Stop everything: every blocked or later call returns DB_ECANCEL (status
 * becomes DB_ECANCEL unless an error was already recorded). Idempotent. */
void ring_cancel(struct ring *ring);
/* Prefill: block until at least `bytes` (capped at the capacity) are
 * buffered for the slowest live reader, or the stream ended. Returns 0 when
 * that fill is reached or the stream ended cleanly, else the ring status
 * (producer error or DB_ECANCEL). */
int ring_wait_fill(struct ring *ring, size_t bytes);
/* The sticky status: 0, the producer's error, or DB_ECANCEL. */
int ring_status(const struct ring *ring);
/* Whether ring_finish has been called. */
bool ring_finished(const struct ring *ring);
/* Bytes currently buffered for reader r (0 for a bad r), for progress. */
size_t ring_fill(const struct ring *ring, unsigned r);
/* Statistics of reader r; DB_EINVAL for a bad r. */
int ring_stats(const struct ring *ring, unsigned r, struct ring_stats *st);
void ring_write_stats(const struct ring *ring, struct ring_write_stats *st);

#endif
