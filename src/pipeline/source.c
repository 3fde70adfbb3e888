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

struct source {
	int fd;
	bool own_fd;		/* false for stdin: not ours to close */
	bool may_block;		/* pipe, socket, tty: read() may wait forever */
	char *name;		/* for messages */
	uint64_t size;
	_Atomic uint64_t bytes_read;

	bool expect;
	uint8_t expected[SHA256_DIGEST_LEN];
	uint8_t digest[SHA256_DIGEST_LEN];
	bool have_digest;
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

/* Establish the size to burn from what the file is and what was declared. */
static int source_size_check(struct source *src, uint64_t declared,
			     struct db_error *err)
{
	struct stat st;
	uint64_t actual = 0;
	bool known = false;

	if (fstat(src->fd, &st) < 0) {
		return db_fail(err, DB_R_IMAGE_STAT, .subject = src->name, .os_errno = errno);
	}
	if (S_ISDIR(st.st_mode))
		return db_fail(err, DB_R_IMAGE_DIRECTORY, .subject = src->name);
	/* A file given as stdin may have been read partly before us: what is
	 * left starts at the current offset (0 for a file we opened). */
	off_t here = lseek(src->fd, 0, SEEK_CUR);
	if (here < 0)
		here = 0;
	if (S_ISREG(st.st_mode)) {
		actual = st.st_size > here ? (uint64_t)(st.st_size - here) : 0;
		known = true;
	} else if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(src->fd, 0, SEEK_END);
		if (end >= 0 && lseek(src->fd, here, SEEK_SET) == here) {
			actual = end > here ? (uint64_t)(end - here) : 0;
			known = true;
		}
	} else {
		src->may_block = true;
	}

	if (declared == 0) {
		if (!known) {
			return db_fail(err, DB_R_IMAGE_SIZE_UNKNOWN, .subject = src->name);
		}
		if (actual == 0)
			return db_fail(err, DB_R_IMAGE_EMPTY, .subject = src->name);
		src->size = actual;
		return 0;
	}
	if (known && declared > actual) {
		return db_fail(err, DB_R_IMAGE_SMALLER_THAN_TSIZE, .subject = src->name,
			       .n1 = actual, .n2 = declared);
	}
	src->size = declared;
	return 0;
}

int source_open(const char *path, uint64_t size, struct source **out,
		struct db_error *err)
{
	*out = NULL;
	if (!path || !*path)
		return db_fail(err, DB_R_INTERNAL, .what = "no image");

	struct source *src = calloc(1, sizeof(*src));
	if (!src)
		return db_fail(err, DB_R_NO_MEMORY);
	src->cancel_pipe[0] = src->cancel_pipe[1] = -1;
	atomic_init(&src->bytes_read, 0);
	atomic_init(&src->cancelled, false);

	bool is_stdin = strcmp(path, "-") == 0;
	src->name = strdup(is_stdin ? "standard input" : path);
	if (!src->name) {
		free(src);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	int rc;
	if (is_stdin) {
		src->fd = STDIN_FILENO;
		src->own_fd = false;
	} else {
		src->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (src->fd < 0) {
			rc = db_fail(err, DB_R_IMAGE_OPEN, .subject = path, .os_errno = errno);
			goto fail;
		}
		src->own_fd = true;
	}
	rc = source_size_check(src, size, err);
	if (rc < 0)
		goto fail;
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
	if (sha256_from_hex(hex, src->expected) < 0) {
		return db_fail(err, DB_R_SHA256_LENGTH, .n1 = hex ? strlen(hex) : 0);
	}
	src->expect = true;
	return 0;
}

/* Wait until fd is readable or the source is cancelled. Returns 0, or
 * DB_ECANCEL, or DB_EOS with errno set. */
static int wait_readable(struct source *src)
{
	struct pollfd pfd[2] = {
		{ .fd = src->fd, .events = POLLIN },
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

/* Fill the ring; returns the result and sets src->err. */
static int source_run(struct source *src)
{
	struct ring *ring = src->ring;
	uint64_t done = 0;

#ifdef POSIX_FADV_SEQUENTIAL
	/* read-ahead for the whole file; a failure only costs speed */
	if (!src->may_block)
		posix_fadvise(src->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	if (!src->hash_thread)
		sha256_init(&src->sha);
	while (done < src->size) {
		if (atomic_load(&src->cancelled))
			return db_fail(&src->err, DB_R_STREAM_CANCELLED, .subject = src->name);
		uint64_t left = src->size - done;
		size_t want = left < SOURCE_MIN_GRANT ? (size_t)left
						       : SOURCE_MIN_GRANT;
		void *p;
		size_t avail;
		int rc = ring_write_ptr(ring, want, &p, &avail);
		if (rc < 0)
			return db_fail(&src->err, DB_R_STREAM_NO_READER, .subject = src->name);
		if (avail > left)
			avail = (size_t)left;
		if (avail > SOURCE_MAX_READ)
			avail = SOURCE_MAX_READ;

		if (src->may_block) {
			rc = wait_readable(src);
			if (rc == DB_ECANCEL)
				return db_fail(&src->err, DB_R_STREAM_CANCELLED,
					       .subject = src->name);
			if (rc < 0) {
				return db_fail(&src->err, DB_R_OS_CALL, .subject = src->name,
					       .what = "poll", .os_errno = errno);
			}
		}
		ssize_t n = read(src->fd, p, avail);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return db_fail(&src->err, DB_R_STREAM_READ, .subject = src->name,
				       .n1 = done, .os_errno = errno);
		}
		if (n == 0) {
			return db_fail(&src->err, src->may_block ? DB_R_STREAM_ENDED_PIPE
								  : DB_R_STREAM_ENDED_FILE,
				       .subject = src->name, .n1 = done, .n2 = src->size);
		}
		if (!src->hash_thread)
			sha256_update(&src->sha, p, (size_t)n);
		ring_write_commit(ring, (size_t)n);
		done += (uint64_t)n;
		atomic_store_explicit(&src->bytes_read, done,
				      memory_order_relaxed);
	}
	if (src->hash_thread) {
		/* the stream ends for the readers only once its digest is known */
		pthread_join(src->hasher, NULL);
		src->hash_thread = false;
		if (src->hash_result < 0)
			return db_fail(&src->err, DB_R_STREAM_CANCELLED, .subject = src->name);
	} else {
		sha256_final(&src->sha, src->digest);
	}
	src->have_digest = true;
	if (src->expect && memcmp(src->digest, src->expected,
				  SHA256_DIGEST_LEN) != 0) {
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
		/* whole 1 MiB pieces when the ring allows: fewer wake-ups */
		size_t want = ring_max_read(src->ring);
		if (want > left)
			want = (size_t)left;
		int rc = ring_read_ptr(src->ring, src->hash_reader, want, &p, &got);
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

int source_hash_in_thread(struct source *src, unsigned reader)
{
	if (src->started)
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
	if (!src->joined || !src->have_digest)
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
	if (src->own_fd && src->fd >= 0)
		close(src->fd);
	for (int i = 0; i < 2; i++)
		if (src->cancel_pipe[i] >= 0)
			close(src->cancel_pipe[i]);
	sha256_discard(&src->sha);   /* a stream that did not reach its end */
	free(src->name);
	free(src);
}
