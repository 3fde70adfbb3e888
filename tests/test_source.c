/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_source.c — the producer thread: file and pipe sources, declared
 * sizes, truncation, the stream digest (against sha256sum), the expected
 * digest check, and cancel of a source waiting on an idle pipe. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "base/err.h"
#include "pipeline/ring.h"
#include "base/sha256.h"
#include "image/image.h"
#include "pipeline/source.h"
#include "msgtext.h"

#define IMAGE_LEN ((3u << 20) + 12345)	/* not a multiple of anything */

static char tmpdir[256];

/* A source as a burn makes one: the image opened once (image.h), its
 * layout's pieces streamed. The image of the source under test: */
static struct image *test_image;

static int open_source(const char *path, uint64_t size, struct source **src,
		       struct db_error *err)
{
	*src = NULL;
	int rc = image_open(path, size, &test_image, err);
	if (rc == 0)
		rc = source_new(test_image->layout.piece, test_image->layout.npieces,
				test_image->name, src, err);
	if (rc < 0) {
		image_close(test_image);
		test_image = NULL;
	}
	return rc;
}

static void close_source(struct source *src)
{
	source_close(src);
	image_close(test_image);
	test_image = NULL;
}
static uint8_t *image;

static void path_in_tmp(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmpdir, name);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	signal(SIGPIPE, SIG_IGN);
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_source.XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	image = malloc(IMAGE_LEN);
	if (!image)
		return -1;
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < IMAGE_LEN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		image[i] = (uint8_t)x;
	}
	return 0;
}

static int teardown(void **state)
{
	static const char *names[] = { "image.iso", "short.iso", "empty.iso",
				       "fifo", "sub" };
	char p[512];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		path_in_tmp(p, sizeof(p), names[i]);
		unlink(p);
		rmdir(p);
	}
	rmdir(tmpdir);
	free(image);
	return 0;
}

/* Drain reader 0 of ring into a buffer; returns the ring_read_ptr result
 * that ended the stream. */
struct sink {
	struct ring *ring;
	uint8_t *buf;
	size_t cap;
	size_t len;
	int rc;
};

static void *sink_main(void *arg)
{
	struct sink *s = arg;

	for (;;) {
		const void *p;
		size_t n;
		s->rc = ring_read_ptr(s->ring, 0, 32768, &p, &n);
		if (s->rc < 0 || n == 0)
			return NULL;
		if (s->len + n <= s->cap)
			memcpy(s->buf + s->len, p, n);
		s->len += n;
		ring_read_commit(s->ring, 0, n);
	}
}

/* Run src through a small ring (many laps) into a sink; returns the source
 * result and fills *sink (caller frees sink->buf) and err. With hashed, the
 * SHA-256 runs in its own thread as reader 1 of the ring. */
static int pump_with(struct source *src, struct sink *sink, struct db_error *err, bool hashed)
{
	struct ring *ring;
	pthread_t t;

	assert_int_equal(ring_new(&ring, 256u << 10, hashed ? 64u << 10 : 32768,
				  hashed ? 2 : 1), 0);
	memset(sink, 0, sizeof(*sink));
	sink->ring = ring;
	sink->cap = IMAGE_LEN + 4096;
	sink->buf = malloc(sink->cap);
	assert_non_null(sink->buf);
	if (hashed)
		assert_int_equal(source_hash_in_thread(src, 1), 0);
	assert_int_equal(pthread_create(&t, NULL, sink_main, sink), 0);
	assert_int_equal(source_start(src, ring), 0);
	assert_int_equal(source_start(src, ring), DB_ESTATE);
	if (hashed)
		assert_int_equal(source_hash_in_thread(src, 1), DB_ESTATE);
	int rc = source_join(src, err);
	pthread_join(t, NULL);
	ring_free(ring);
	return rc;
}

static int pump(struct source *src, struct sink *sink, struct db_error *err)
{
	return pump_with(src, sink, err, false);
}

static int pump_hashed(struct source *src, struct sink *sink, struct db_error *err)
{
	return pump_with(src, sink, err, true);
}

static void sha256sum_of(const char *path, char hex[SHA256_HEX_LEN + 1])
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "sha256sum '%s'", path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(hex, SHA256_HEX_LEN + 1, f));
	pclose(f);
	assert_int_equal(strlen(hex), SHA256_HEX_LEN);
}

/* The test image in a file, and its digest as bytes and as hex. */
static void image_file(char *path, size_t size, uint8_t d[SHA256_DIGEST_LEN],
		       char hex[SHA256_HEX_LEN + 1])
{
	path_in_tmp(path, size, "image.iso");
	write_file(path, image, IMAGE_LEN);
	sha256_buf(image, IMAGE_LEN, d);
	sha256_to_hex(d, hex);
}

/* The sink got the whole image, unchanged, and no error. */
static void assert_sink_is_image(const struct sink *sink)
{
	assert_int_equal(sink->rc, 0);
	assert_int_equal(sink->len, IMAGE_LEN);
	assert_memory_equal(sink->buf, image, IMAGE_LEN);
}

static void test_file_whole(void **state)
{
	char path[512], want[SHA256_HEX_LEN + 1], got[SHA256_HEX_LEN + 1];
	struct source *src;
	struct db_error err;
	struct sink sink;

	path_in_tmp(path, sizeof(path), "image.iso");
	write_file(path, image, IMAGE_LEN);
	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_size(src), IMAGE_LEN);
	assert_null(source_digest(src));

	assert_int_equal(pump(src, &sink, &err), 0);
	assert_sink_is_image(&sink);
	assert_int_equal(source_bytes_read(src), IMAGE_LEN);

	const uint8_t *d = source_digest(src);
	assert_non_null(d);
	sha256_to_hex(d, got);
	sha256sum_of(path, want);
	assert_string_equal(got, want);
	free(sink.buf);
	close_source(src);
}

/* No digest asked for: the stream is delivered whole and the same, and no
 * digest is ever known; an expected digest or a hash thread cannot be
 * combined with it, whichever comes first. */
static void test_skip_digest(void **state)
{
	char path[512], hex[SHA256_HEX_LEN + 1];
	struct source *src;
	struct db_error err;
	struct sink sink;
	uint8_t d[SHA256_DIGEST_LEN];

	image_file(path, sizeof(path), d, hex);
	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_expect_digest(src, hex, &err), 0);
	assert_int_equal(source_skip_digest(src), DB_ESTATE);
	close_source(src);

	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_hash_in_thread(src, 1), 0);
	assert_int_equal(source_skip_digest(src), DB_ESTATE);
	close_source(src);

	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_skip_digest(src), 0);
	assert_int_equal(source_hash_in_thread(src, 1), DB_ESTATE);
	assert_int_equal(source_expect_digest(src, hex, &err), DB_EINVAL);
	assert_int_equal(pump(src, &sink, &err), 0);
	assert_sink_is_image(&sink);
	assert_null(source_digest(src));
	free(sink.buf);
	close_source(src);
}

/* Pieces: a run of a file in the other byte order (big-endian audio) comes
 * out swapped sample by sample, zeros and a second run of the same file
 * follow, and the source delivers exactly their sum. */
static void test_pieces_and_swap(void **state)
{
	char path[512];
	struct source *src;
	struct db_error err;
	struct sink sink;
	path_in_tmp(path, sizeof(path), "samples.raw");
	write_file(path, image, IMAGE_LEN);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	struct layout_piece pc[3] = {
		{ .kind = PIECE_FILE, .fd = fd, .offset = 2, .length = 100000, .swap16 = true,
		  .name = "samples" },
		{ .kind = PIECE_ZERO, .length = 4096, .name = "gap" },
		{ .kind = PIECE_FILE, .fd = fd, .offset = 0, .length = 1000, .name = "samples" },
	};
	assert_int_equal(source_new(pc, 3, "the layout", &src, &err), 0);
	assert_int_equal(source_size(src), 100000 + 4096 + 1000);
	assert_int_equal(pump(src, &sink, &err), 0);
	assert_int_equal(sink.rc, 0);
	assert_int_equal(sink.len, 100000 + 4096 + 1000);
	for (size_t i = 0; i < 100000; i += 2) {
		assert_int_equal(sink.buf[i], image[2 + i + 1]);
		assert_int_equal(sink.buf[i + 1], image[2 + i]);
	}
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(sink.buf[100000 + i], 0);
	assert_memory_equal(sink.buf + 104096, image, 1000);
	free(sink.buf);
	source_close(src);
	close(fd);
}

/* A declared size below a file's is refused: the disc would hold a cut
 * image (-isosize is how the volume inside a longer file is burnt). */
static void test_file_prefix(void **state)
{
	char path[512];
	struct source *src;
	struct db_error err;

	path_in_tmp(path, sizeof(path), "image.iso");
	write_file(path, image, IMAGE_LEN);
	assert_int_equal(open_source(path, 1000000, &src, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_TSIZE_SHORT);
	assert_int_equal(err.n1, IMAGE_LEN);
	assert_int_equal(err.n2, 1000000);
	assert_null(src);
	assert_int_equal(open_source(path, IMAGE_LEN, &src, &err), 0);
	assert_int_equal(source_size(src), IMAGE_LEN);
	close_source(src);
}

static void test_open_refusals(void **state)
{
	char path[512];
	struct source *src = (struct source *)&src;
	struct db_error err;

	path_in_tmp(path, sizeof(path), "image.iso");
	write_file(path, image, 5000);
	/* the file is shorter than declared: truncated image */
	assert_int_equal(open_source(path, 5001, &src, &err), DB_EIMAGE);
	assert_null(src);
	assert_int_equal(err.code, DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "5000"));

	path_in_tmp(path, sizeof(path), "empty.iso");
	write_file(path, "", 0);
	assert_int_equal(open_source(path, 0, &src, &err), DB_EIMAGE);

	path_in_tmp(path, sizeof(path), "missing.iso");
	assert_int_equal(open_source(path, 0, &src, &err), DB_EIMAGE);
	assert_int_equal(err.os_errno, ENOENT);

	path_in_tmp(path, sizeof(path), "sub");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(open_source(path, 0, &src, &err), DB_EIMAGE);

	/* stdin needs a declared size */
	assert_int_equal(open_source("-", 0, &src, &err), DB_EINVAL);
	assert_non_null(strstr(advice_of(&err), "tsize="));
	assert_int_equal(open_source("", 0, &src, NULL), DB_EINVAL);
}

/* The file shrinks between planning and burning: the reader gets DB_EIMAGE
 * instead of a clean end of data. */
static void test_file_truncated_after_open(void **state)
{
	char path[512];
	struct source *src;
	struct db_error err;
	struct sink sink;

	path_in_tmp(path, sizeof(path), "short.iso");
	write_file(path, image, IMAGE_LEN);
	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(truncate(path, 1u << 20), 0);
	assert_int_equal(pump(src, &sink, &err), DB_EIMAGE);
	assert_int_equal(sink.rc, DB_EIMAGE);
	assert_true(sink.len <= 1u << 20);
	assert_memory_equal(sink.buf, image, sink.len);
	assert_int_equal(err.code, DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "ended after 1048576 of"));
	assert_null(source_digest(src));
	free(sink.buf);
	close_source(src);
}

static void test_expected_digest_match(void **state)
{
	char path[512], hex[SHA256_HEX_LEN + 1];
	struct source *src;
	struct db_error err;
	struct sink sink;
	uint8_t d[SHA256_DIGEST_LEN];

	image_file(path, sizeof(path), d, hex);
	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_expect_digest(src, "not hex", &err), DB_EINVAL);
	assert_int_equal(source_expect_digest(src, hex, &err), 0);
	assert_int_equal(pump(src, &sink, &err), 0);
	assert_int_equal(sink.rc, 0);
	assert_int_equal(sink.len, IMAGE_LEN);
	free(sink.buf);
	close_source(src);
}

/* A wrong expected digest: all data flows, then the reader gets
 * DB_ECHECKSUM instead of end of data, so the writer never closes. */
static void test_expected_digest_mismatch(void **state)
{
	char path[512], hex[SHA256_HEX_LEN + 1];
	struct source *src;
	struct db_error err;
	struct sink sink;
	uint8_t d[SHA256_DIGEST_LEN];

	image_file(path, sizeof(path), d, hex);
	d[31] ^= 1;
	sha256_to_hex(d, hex);
	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_expect_digest(src, hex, &err), 0);
	assert_int_equal(pump(src, &sink, &err), DB_ECHECKSUM);
	assert_int_equal(sink.rc, DB_ECHECKSUM);
	assert_int_equal(err.code, DB_ECHECKSUM);
	assert_non_null(strstr(msg_of(&err), hex));
	/* the digest actually read is still reported */
	d[31] ^= 1;
	assert_memory_equal(source_digest(src), d, sizeof(d));
	free(sink.buf);
	close_source(src);
}

/* The hash on its own thread: same digest, and a mismatch still reaches
 * the reader before the end of the stream. */
static void test_hash_thread(void **state)
{
	char path[512], hex[SHA256_HEX_LEN + 1];
	struct source *src;
	struct db_error err;
	struct sink sink;
	uint8_t d[SHA256_DIGEST_LEN];

	image_file(path, sizeof(path), d, hex);

	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_expect_digest(src, hex, &err), 0);
	assert_int_equal(pump_hashed(src, &sink, &err), 0);
	assert_sink_is_image(&sink);
	assert_memory_equal(source_digest(src), d, sizeof(d));
	free(sink.buf);
	close_source(src);

	d[0] ^= 0x80;
	sha256_to_hex(d, hex);
	assert_int_equal(open_source(path, 0, &src, &err), 0);
	assert_int_equal(source_expect_digest(src, hex, &err), 0);
	assert_int_equal(pump_hashed(src, &sink, &err), DB_ECHECKSUM);
	assert_int_equal(sink.rc, DB_ECHECKSUM);
	free(sink.buf);
	close_source(src);
}

struct feeder {
	int fd;
	size_t len;		/* bytes of image to write, then close */
};

static void *feeder_main(void *arg)
{
	struct feeder *f = arg;
	size_t off = 0;

	while (off < f->len) {
		size_t n = f->len - off < 7000 ? f->len - off : 7000;
		ssize_t w = write(f->fd, image + off, n);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(f->fd);
	return NULL;
}

/* stdin ("-") as a pipe: with tsize= the whole stream, and a pipe that ends
 * early is DB_EIMAGE. */
static void run_stdin(size_t feed, uint64_t tsize, int want_rc)
{
	int p[2], saved = dup(STDIN_FILENO);
	struct source *src;
	struct db_error err;
	struct sink sink;
	pthread_t t;

	assert_true(saved >= 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(dup2(p[0], STDIN_FILENO), STDIN_FILENO);
	close(p[0]);
	assert_int_equal(open_source("-", tsize, &src, &err), 0);
	assert_int_equal(source_size(src), tsize);
	struct feeder f = { .fd = p[1], .len = feed };
	assert_int_equal(pthread_create(&t, NULL, feeder_main, &f), 0);
	assert_int_equal(pump(src, &sink, &err), want_rc);
	assert_int_equal(sink.rc, want_rc);
	if (want_rc == 0) {
		assert_int_equal(sink.len, tsize);
		assert_memory_equal(sink.buf, image, tsize);
		uint8_t d[SHA256_DIGEST_LEN];
		sha256_buf(image, tsize, d);
		assert_memory_equal(source_digest(src), d, sizeof(d));
	} else {
		assert_non_null(strstr(msg_of(&err), "standard input ended after"));
		assert_memory_equal(sink.buf, image, sink.len);
	}
	close_source(src);
	/* stdin is not the source's to close */
	assert_int_equal(fcntl(STDIN_FILENO, F_GETFD) >= 0, 1);
	/* closing the read end stops a feeder with more to write (EPIPE) */
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	pthread_join(t, NULL);
	free(sink.buf);
}

static void test_stdin_pipe(void **state)
{
	run_stdin(IMAGE_LEN, IMAGE_LEN, 0);
}

/* More data than tsize: the source stops at the declared size. */
static void test_stdin_pipe_longer(void **state)
{
	run_stdin(IMAGE_LEN, 2000000, 0);
}

static void test_stdin_pipe_short(void **state)
{
	run_stdin(1000000, IMAGE_LEN, DB_EIMAGE);
}

/* stdin redirected from a file that was partly read already: the image is
 * the rest of the file, and no tsize= is needed. */
static void test_stdin_file_offset(void **state)
{
	char path[512];
	int saved = dup(STDIN_FILENO);
	struct source *src;
	struct db_error err;
	struct sink sink;

	path_in_tmp(path, sizeof(path), "image.iso");
	write_file(path, image, IMAGE_LEN);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(lseek(fd, 1000, SEEK_SET), 1000);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_int_equal(open_source("-", 0, &src, &err), 0);
	assert_int_equal(source_size(src), IMAGE_LEN - 1000);
	assert_int_equal(pump(src, &sink, &err), 0);
	assert_int_equal(sink.len, IMAGE_LEN - 1000);
	assert_memory_equal(sink.buf, image + 1000, IMAGE_LEN - 1000);
	close_source(src);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	free(sink.buf);
}

/* A named FIFO needs tsize= like stdin. */
static void test_fifo_path(void **state)
{
	char path[512];
	struct source *src;
	struct db_error err;
	struct sink sink;
	pthread_t t;

	path_in_tmp(path, sizeof(path), "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	/* O_RDWR keeps the open from waiting for a writer */
	int wfd = open(path, O_RDWR);
	assert_true(wfd >= 0);
	assert_int_equal(open_source(path, 0, &src, &err), DB_EINVAL);
	assert_int_equal(open_source(path, 500000, &src, &err), 0);
	struct feeder f = { .fd = wfd, .len = 500000 };
	assert_int_equal(pthread_create(&t, NULL, feeder_main, &f), 0);
	assert_int_equal(pump(src, &sink, &err), 0);
	pthread_join(t, NULL);
	assert_int_equal(sink.len, 500000);
	assert_memory_equal(sink.buf, image, 500000);
	free(sink.buf);
	close_source(src);
}

/* A source waiting on a pipe nobody writes to stops on source_cancel, and
 * the reader sees DB_ECANCEL. */
static void test_cancel_idle_pipe(void **state)
{
	char path[512];
	struct source *src;
	struct db_error err;
	struct ring *ring;
	struct sink sink = { 0 };
	pthread_t t;

	path_in_tmp(path, sizeof(path), "fifo");
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	int wfd = open(path, O_RDWR);
	assert_true(wfd >= 0);
	assert_int_equal(open_source(path, 1000, &src, &err), 0);
	assert_int_equal(ring_new(&ring, 65536, 32768, 1), 0);
	sink.ring = ring;
	assert_int_equal(pthread_create(&t, NULL, sink_main, &sink), 0);
	assert_int_equal(source_start(src, ring), 0);
	source_cancel(src);
	assert_int_equal(source_join(src, &err), DB_ECANCEL);
	assert_int_equal(err.code, DB_ECANCEL);
	pthread_join(t, NULL);
	assert_int_equal(sink.rc, DB_ECANCEL);
	assert_int_equal(sink.len, 0);
	assert_null(source_digest(src));
	close_source(src);
	ring_free(ring);
	close(wfd);
}

/* source_close on a running source cancels and joins it. */
static void test_close_running(void **state)
{
	char path[512];
	struct source *src;
	struct db_error err;
	struct ring *ring;

	path_in_tmp(path, sizeof(path), "image.iso");
	write_file(path, image, IMAGE_LEN);
	assert_int_equal(open_source(path, 0, &src, &err), 0);
	/* nobody reads: the producer fills the ring and waits */
	assert_int_equal(ring_new(&ring, 65536, 32768, 1), 0);
	assert_int_equal(source_start(src, ring), 0);
	assert_int_equal(ring_wait_fill(ring, 65536), 0);
	close_source(src);
	assert_int_equal(ring_status(ring), DB_ECANCEL);
	ring_free(ring);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_whole),
		cmocka_unit_test(test_skip_digest),
		cmocka_unit_test(test_pieces_and_swap),
		cmocka_unit_test(test_file_prefix),
		cmocka_unit_test(test_open_refusals),
		cmocka_unit_test(test_file_truncated_after_open),
		cmocka_unit_test(test_expected_digest_match),
		cmocka_unit_test(test_expected_digest_mismatch),
		cmocka_unit_test(test_hash_thread),
		cmocka_unit_test(test_stdin_pipe),
		cmocka_unit_test(test_stdin_pipe_longer),
		cmocka_unit_test(test_stdin_pipe_short),
		cmocka_unit_test(test_stdin_file_offset),
		cmocka_unit_test(test_fifo_path),
		cmocka_unit_test(test_cancel_idle_pipe),
		cmocka_unit_test(test_close_running),
	};
	return cmocka_run_group_tests_name("source", tests, setup, teardown);
}
