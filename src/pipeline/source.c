/* SPDX-License-Identifier: GPL-3.0-or-later */
/* source.c — the producer thread: image file or stdin -> ring, hashing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pipeline/source.h"

/* The producer asks the ring for at least this much room before reading, so
 * a nearly full ring is refilled in useful pieces rather than byte by byte;
 * when more room is free, one read() takes up to SOURCE_MAX_READ: large
 * enough that system calls cost nothing, small enough that the bytes are
 * still in the CPU cache when SHA-256 reads them right after. */
#define SOURCE_MIN_GRANT (64 * 1024)
#define SOURCE_MAX_READ (1024 * 1024)
#define HASH_PIECE (1024 * 1024)       /* the hasher's largest piece */

struct source {
	struct layout_piece *piece;
	unsigned npieces;
	char *name;		/* for messages */
	uint64_t size;
	_Atomic uint64_t bytes_read;

	bool expect;
	bool skip_digest;	/* source_skip_digest: no hashing at all */
	uint8_t expected[SHA256_DIGEST_LEN];
	uint8_t digest[SHA256_DIGEST_LEN];
	atomic_bool have_digest;	/* set before the stream's clean end */
	struct sha256 sha;

	struct ring *ring;
	pthread_t thread;
	/* hashing in a thread of its own, as a reader of the ring */
	bool hash_thread;
	unsigned hash_reader;
	pthread_t hasher;
	int hash_result;
	bool started;
	bool joined;
	int cancel_pipe[2];	/* source_cancel writes a byte to wake poll() */
	atomic_bool cancelled;

	int result;
	struct db_error err;
};

static int set_cloexec_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFD);
	if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0)
		return -1;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return 0;
}

int source_new(const struct layout_piece *pieces, unsigned n, const char *name,
	       struct source **out, struct db_error *err)
{
	*out = NULL;
	struct source *src = calloc(1, sizeof(*src));
	if (!src)
		return db_fail(err, DB_R_NO_MEMORY);
	src->cancel_pipe[0] = src->cancel_pipe[1] = -1;
	atomic_init(&src->bytes_read, 0);
	atomic_init(&src->cancelled, false);
	atomic_init(&src->have_digest, false);
	src->name = strdup(name ? name : "the image");
	src->piece = n ? calloc(n, sizeof(*src->piece)) : NULL;
	int rc;
	if (!src->name || (n && !src->piece)) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto fail;
	}
	memcpy(src->piece, pieces, n * sizeof(*pieces));
	src->npieces = n;
	for (unsigned i = 0; i < n; i++)
		src->size += pieces[i].length;
	if (pipe(src->cancel_pipe) < 0 ||
	    set_cloexec_nonblock(src->cancel_pipe[0]) < 0 ||
	    set_cloexec_nonblock(src->cancel_pipe[1]) < 0) {
		rc = db_fail(err, DB_R_OS_CALL, .what = "pipe", .os_errno = errno);
		goto fail;
	}
	*out = src;
	return 0;

fail:
	source_close(src);
	return rc;
}

uint64_t source_size(const struct source *src)
{
	return src->size;
}

int source_expect_digest(struct source *src, const char *hex,
			 struct db_error *err)
{
	if (src->skip_digest)
		return db_fail(err, DB_R_INTERNAL, .what = "an expected digest without hashing");
	if (sha256_from_hex(hex, src->expected) < 0) {
		return db_fail(err, DB_R_SHA256_LENGTH, .n1 = hex ? strlen(hex) : 0);
	}
	src->expect = true;
	return 0;
}

/* Wait until fd is readable or the source is cancelled. Returns 0, or
 * DB_ECANCEL, or DB_EOS with errno set. */
static int wait_readable(struct source *src, int fd)
{
	struct pollfd pfd[2] = {
		{ .fd = fd, .events = POLLIN },
		{ .fd = src->cancel_pipe[0], .events = POLLIN },
	};

	for (;;) {
		if (atomic_load(&src->cancelled))
			return DB_ECANCEL;
		int n = poll(pfd, 2, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return DB_EOS;
		}
		if (pfd[1].revents)
			return DB_ECANCEL;
		/* POLLHUP/POLLERR: let read() tell EOF or the error */
		if (pfd[0].revents)
			return 0;
	}
}

/* Read up to n bytes of piece p at `in` bytes into it into buf; > 0 bytes
 * read, 0 at an early end, < 0 a DB_E* code with src->err set. */
static ssize_t piece_read_raw(struct source *src, struct layout_piece *p, uint64_t in,
			      void *buf, size_t n)
{
	switch (p->kind) {
	case PIECE_ZERO:
		memset(buf, 0, n);
		return (ssize_t)n;
	case PIECE_DECODER: {
		int rc = p->dec.read(p->dec.ctx, buf, n, &src->err);
		return rc < 0 ? rc : (ssize_t)n;
	}
	case PIECE_READER: {
		int rc = p->rd.read_at(p->rd.ctx, p->offset + in, buf, n, &src->err);
		return rc < 0 ? rc : (ssize_t)n;
	}
	case PIECE_FILE:
		break;
	}
	for (;;) {
		if (p->sequential) {
			int rc = wait_readable(src, p->fd);
			if (rc == DB_ECANCEL)
				return db_fail(&src->err, DB_R_STREAM_CANCELLED, .subject = p->name);
			if (rc < 0)
				return db_fail(&src->err, DB_R_OS_CALL, .subject = p->name,
					       .what = "poll", .os_errno = errno);
		}
		ssize_t r = p->sequential ? read(p->fd, buf, n)
					  : pread(p->fd, buf, n, (off_t)(p->offset + in));
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			return db_fail(&src->err, DB_R_STREAM_READ, .subject = p->name,
				       .n1 = atomic_load(&src->bytes_read), .os_errno = errno);
		return r;
	}
}

/* As piece_read_raw, for a piece of 16-bit samples in the other byte order
 * too: read whole samples (an odd read is completed by its second byte)
 * and swap them in place, so the stream holds little-endian audio. */
static ssize_t piece_read(struct source *src, struct layout_piece *p, uint64_t in, void *buf,
			  size_t n)
{
	if (!p->swap16)
		return piece_read_raw(src, p, in, buf, n);
	if (n > 1)
		n &= ~(size_t)1;
	ssize_t r = piece_read_raw(src, p, in, buf, n);
	uint8_t *b = buf;
	while (r > 0 && (r & 1) && (size_t)r < n) {
		ssize_t more = piece_read_raw(src, p, in + (uint64_t)r, b + r, 1);
		if (more <= 0)
			return more < 0 ? more : 0;     /* the piece ended inside a sample */
		r += more;
	}
	for (ssize_t i = 0; i + 1 < r; i += 2) {
		uint8_t t = b[i];
		b[i] = b[i + 1];
		b[i + 1] = t;
	}
	return r;
}

/* Fill the ring; returns the result and sets src->err. */
static int source_run(struct source *src)
{
	struct ring *ring = src->ring;
	uint64_t done = 0;

	bool inline_hash = !src->hash_thread && !src->skip_digest;
	if (inline_hash)
		sha256_init(&src->sha);
	for (unsigned i = 0; i < src->npieces; i++) {
		struct layout_piece *p = &src->piece[i];
#ifdef POSIX_FADV_SEQUENTIAL
		/* read-ahead for the whole file; a failure only costs speed */
		if (p->kind == PIECE_FILE && !p->sequential)
			posix_fadvise(p->fd, (off_t)p->offset, (off_t)p->length,
				      POSIX_FADV_SEQUENTIAL);
#endif
		for (uint64_t in = 0; in < p->length;) {
			if (atomic_load(&src->cancelled))
				return db_fail(&src->err, DB_R_STREAM_CANCELLED, .subject = src->name);
			uint64_t left = p->length - in;
			size_t want = left < SOURCE_MIN_GRANT ? (size_t)left : SOURCE_MIN_GRANT;
			void *buf;
			size_t avail;
			int rc = ring_write_ptr(ring, want, &buf, &avail);
			if (rc < 0)
				return db_fail(&src->err, DB_R_STREAM_NO_READER, .subject = src->name);
			if (avail > left)
				avail = (size_t)left;
			if (avail > SOURCE_MAX_READ)
				avail = SOURCE_MAX_READ;
			ssize_t n = piece_read(src, p, in, buf, avail);
			if (n < 0)
				return (int)n;
			if (n == 0)
				return db_fail(&src->err, p->sequential ? DB_R_STREAM_ENDED_PIPE
									: DB_R_STREAM_ENDED_FILE,
					       .subject = p->name, .n1 = done, .n2 = src->size);
			if (inline_hash)
				sha256_update(&src->sha, buf, (size_t)n);
			ring_write_commit(ring, (size_t)n);
			in += (uint64_t)n;
			done += (uint64_t)n;
			atomic_store_explicit(&src->bytes_read, done, memory_order_relaxed);
		}
	}
	if (src->skip_digest)
		return 0;
	if (src->hash_thread) {
		/* the stream ends for the readers only once its digest is known */
		pthread_join(src->hasher, NULL);
		src->hash_thread = false;
		if (src->hash_result < 0)
			return db_fail(&src->err, DB_R_STREAM_CANCELLED, .subject = src->name);
	} else {
		sha256_final(&src->sha, src->digest);
	}
	atomic_store_explicit(&src->have_digest, true, memory_order_release);
	if (src->expect && memcmp(src->digest, src->expected, SHA256_DIGEST_LEN) != 0) {
		char got[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
		sha256_to_hex(src->digest, got);
		sha256_to_hex(src->expected, want);
		return db_fail(&src->err, DB_R_CHECKSUM_MISMATCH, .subject = src->name,
			       .other = got, .what = want);
	}
	return 0;
}

/* The hasher reads the stream as one more reader of the ring, so hashing
 * (the pipeline's main CPU cost) runs on its own core while the producer
 * reads ahead. It knows the size and needs no end-of-stream mark. */
static void *hash_thread(void *arg)
{
	struct source *src = arg;
	uint64_t done = 0;
	sha256_init(&src->sha);
	while (done < src->size) {
		const void *p;
		size_t got;
		uint64_t left = src->size - done;
		/* pieces of a quarter of the ring, at most 1 MiB, at least what
		 * every reader may take: fewer wake-ups, and no mirror of that
		 * size (ring_read_ptr_long) */
		size_t want = ring_capacity(src->ring) / 4;
		if (want > HASH_PIECE)
			want = HASH_PIECE;
		if (want < ring_max_read(src->ring))
			want = ring_max_read(src->ring);
		if (want > left)
			want = (size_t)left;
		int rc = ring_read_ptr_long(src->ring, src->hash_reader, want, &p, &got);
		if (rc < 0 || got == 0) {
			src->hash_result = rc < 0 ? rc : DB_ECANCEL;
			return NULL;
		}
		sha256_update(&src->sha, p, got);
		ring_read_commit(src->ring, src->hash_reader, got);
		done += got;
	}
	sha256_final(&src->sha, src->digest);
	src->hash_result = 0;
	return NULL;
}

static void *source_thread(void *arg)
{
	struct source *src = arg;

	src->result = source_run(src);
	if (src->hash_thread) {
		/* failed before the end: stop the hasher too */
		ring_detach(src->ring, src->hash_reader);
		pthread_join(src->hasher, NULL);
		src->hash_thread = false;
	}
	ring_finish(src->ring, src->result);
	return NULL;
}

int source_skip_digest(struct source *src)
{
	if (src->started || src->expect || src->hash_thread)
		return DB_ESTATE;
	src->skip_digest = true;
	return 0;
}

int source_hash_in_thread(struct source *src, unsigned reader)
{
	if (src->started || src->skip_digest)
		return DB_ESTATE;
	src->hash_thread = true;
	src->hash_reader = reader;
	return 0;
}

int source_start(struct source *src, struct ring *ring)
{
	if (src->started)
		return DB_ESTATE;
	src->ring = ring;
	if (src->hash_thread) {
		if (src->hash_reader >= ring_readers(ring) ||
		    pthread_create(&src->hasher, NULL, hash_thread, src) != 0) {
			src->ring = NULL;
			return DB_EOS;
		}
	}
	int e = pthread_create(&src->thread, NULL, source_thread, src);
	if (e != 0) {
		if (src->hash_thread) {
			ring_cancel(ring);
			pthread_join(src->hasher, NULL);
			src->hash_thread = false;
		}
		src->ring = NULL;
		return DB_EOS;
	}
	src->started = true;
	return 0;
}

void source_cancel(struct source *src)
{
	atomic_store(&src->cancelled, true);
	if (src->cancel_pipe[1] >= 0) {
		char c = 0;
		/* EAGAIN means the pipe already holds a wake-up; nothing
		 * else can fail on our own open pipe. */
		ssize_t n = write(src->cancel_pipe[1], &c, 1);
		(void)n;
	}
	if (src->ring)
		ring_cancel(src->ring);
}

int source_join(struct source *src, struct db_error *err)
{
	if (!src->started)
		return db_fail(err, DB_R_INTERNAL, .what = "source not started");
	if (!src->joined) {
		pthread_join(src->thread, NULL);
		src->joined = true;
	}
	if (err)
		*err = src->err;
	return src->result;
}

uint64_t source_bytes_read(const struct source *src)
{
	return atomic_load_explicit(&src->bytes_read, memory_order_relaxed);
}

const uint8_t *source_digest(const struct source *src)
{
	if (!atomic_load_explicit(&src->have_digest, memory_order_acquire))
		return NULL;
	return src->digest;
}

void source_close(struct source *src)
{
	if (!src)
		return;
	if (src->started && !src->joined) {
		source_cancel(src);
		pthread_join(src->thread, NULL);
		src->joined = true;
	}
	for (int i = 0; i < 2; i++)
		if (src->cancel_pipe[i] >= 0)
			close(src->cancel_pipe[i]);
	sha256_discard(&src->sha);   /* a stream that did not reach its end */
	free(src->piece);
	free(src->name);
	free(src);
}
