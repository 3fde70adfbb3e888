/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench_ring.c — throughput, CPU cost and memory of the data pipeline.
 *
 * Not a test: it measures. Two modes:
 *   source (default)  the real pipeline: source thread reading a file with
 *                     SHA-256 on the way -> ring -> N sink threads;
 *   ring              a generator producer (no file, no hash) -> ring -> N
 *                     sinks: the cost of the ring alone.
 * Sinks touch every byte (they sum 64-bit words) the way a writer's SG_IO
 * copy would. Without --file, a sparse file of --size bytes is created in
 * $TMPDIR and removed afterwards, so a multi-GB image costs no disk space.
 * --warm reads the file once untimed, so the run sees it in the page cache
 * (the usual case right after an image was downloaded or built).
 *
 * Output: one line of key=value pairs (easy to grep from bench/run.sh).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "base/err.h"
#include "pipeline/ring.h"
#include "base/sha256.h"
#include "image/image.h"
#include "pipeline/source.h"

#define MAX_SINKS 16

struct sink {
	struct ring *ring;
	unsigned r;
	size_t chunk;
	uint64_t bytes;
	uint64_t sum;
	int rc;
};

static void *sink_main(void *arg)
{
	struct sink *s = arg;

	for (;;) {
		const void *p;
		size_t n;
		s->rc = ring_read_ptr(s->ring, s->r, s->chunk, &p, &n);
		if (s->rc < 0 || n == 0)
			return NULL;
		const uint8_t *b = p;
		uint64_t sum = 0;
		size_t i = 0;
		for (; i + 8 <= n; i += 8) {
			uint64_t w;
			memcpy(&w, b + i, 8);
			sum += w;
		}
		for (; i < n; i++)
			sum += b[i];
		s->sum += sum;
		s->bytes += n;
		ring_read_commit(s->ring, s->r, n);
	}
}

struct generator {
	struct ring *ring;
	uint64_t size;
	int rc;
};

static void *generator_main(void *arg)
{
	struct generator *g = arg;
	uint64_t done = 0;

	while (done < g->size) {
		void *p;
		size_t avail;
		g->rc = ring_write_ptr(g->ring, 64 * 1024, &p, &avail);
		if (g->rc < 0)
			return NULL;
		if (avail > g->size - done)
			avail = (size_t)(g->size - done);
		if (avail > 4u << 20)
			avail = 4u << 20;
		/* cheap content that still writes every page */
		memset(p, (int)(done >> 20), avail);
		ring_write_commit(g->ring, avail);
		done += avail;
	}
	ring_finish(g->ring, 0);
	return NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static uint64_t parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	uint64_t mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ull << 10; break;
	case 'm': case 'M': mul = 1ull << 20; break;
	case 'g': case 'G': mul = 1ull << 30; break;
	case '\0': break;
	default: return 0;
	}
	return v > 0 ? (uint64_t)(v * (double)mul) : 0;
}

/* Read the file once so the timed run measures the pipeline, not the
 * filesystem: reading a hole makes the kernel zero-fill a page cache page,
 * which alone costs more than everything discburn does with the bytes. */
static int warm_cache(const char *path)
{
	static char buf[1 << 20];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	return n < 0 ? -1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_ring [--mode source|ring] [--size N[kMG]] [--fifo N[kMG]]\n"
		"                  [--chunk N[kMG]] [--readers N] [--file PATH]\n"
		"                  [--warm]   (read the file once before timing)\n"
		"defaults: source mode, 1G sparse file in $TMPDIR, 16M fifo, 64k chunk, 1 reader\n");
}

int main(int argc, char **argv)
{
	const char *mode = "source", *file = NULL;
	uint64_t size = 1ull << 30, fifo = 16u << 20, chunk = 64u << 10;
	unsigned readers = 1;
	bool warm = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--warm")) {
			warm = true;
			continue;
		}
		if (!v) {
			usage();
			return 2;
		}
		if (!strcmp(a, "--mode"))
			mode = v;
		else if (!strcmp(a, "--size"))
			size = parse_size(v);
		else if (!strcmp(a, "--fifo"))
			fifo = parse_size(v);
		else if (!strcmp(a, "--chunk"))
			chunk = parse_size(v);
		else if (!strcmp(a, "--readers"))
			readers = (unsigned)atoi(v);
		else if (!strcmp(a, "--file"))
			file = v;
		else {
			usage();
			return 2;
		}
		i++;
	}
	bool use_source = !strcmp(mode, "source");
	if ((!use_source && strcmp(mode, "ring")) || !size || !fifo || !chunk ||
	    chunk > fifo || readers < 1 || readers > MAX_SINKS) {
		usage();
		return 2;
	}

	char tmp[512] = "";
	if (use_source && !file) {
		const char *dir = getenv("TMPDIR");
		snprintf(tmp, sizeof(tmp), "%s/bench_ring.XXXXXX",
			 dir && *dir ? dir : "/tmp");
		int fd = mkstemp(tmp);
		if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
			fprintf(stderr, "bench_ring: cannot create %s: %s\n", tmp,
				strerror(errno));
			return 1;
		}
		close(fd);
		file = tmp;
	}

	if (use_source && warm && warm_cache(file) < 0) {
		fprintf(stderr, "bench_ring: cannot read %s: %s\n", file,
			strerror(errno));
		return 1;
	}

	struct ring *ring;
	int rc = ring_new(&ring, fifo, chunk, readers);
	if (rc < 0) {
		fprintf(stderr, "bench_ring: ring_new: %s\n", db_strerror(rc));
		return 1;
	}
	struct source *src = NULL;
	struct image *im = NULL;
	struct db_error err;
	if (use_source) {
		rc = image_open(file, 0, &im, &err);
		if (rc == 0)
			rc = source_new(im->layout.piece, im->layout.npieces, im->name, &src, &err);
		if (rc < 0) {
			char why[DB_REASON_NAME_MAX];
			db_reason_name(err.reason, why);
			fprintf(stderr, "bench_ring: %s: %s\n", file, why);
			return 1;
		}
		size = source_size(src);
	}

	struct rusage ru0, ru1;
	getrusage(RUSAGE_SELF, &ru0);
	double t0 = now();

	struct sink sinks[MAX_SINKS];
	pthread_t st[MAX_SINKS], gt;
	for (unsigned r = 0; r < readers; r++) {
		sinks[r] = (struct sink){ .ring = ring, .r = r, .chunk = chunk };
		pthread_create(&st[r], NULL, sink_main, &sinks[r]);
	}
	struct generator gen = { .ring = ring, .size = size };
	if (use_source)
		rc = source_start(src, ring);
	else
		rc = pthread_create(&gt, NULL, generator_main, &gen) ? DB_EOS : 0;
	if (rc < 0) {
		fprintf(stderr, "bench_ring: cannot start the producer\n");
		return 1;
	}
	for (unsigned r = 0; r < readers; r++)
		pthread_join(st[r], NULL);
	if (use_source) {
		rc = source_join(src, &err);
	} else {
		pthread_join(gt, NULL);
		rc = gen.rc;
	}
	double wall = now() - t0;
	getrusage(RUSAGE_SELF, &ru1);

	int status = 0;
	for (unsigned r = 0; r < readers; r++) {
		if (sinks[r].rc < 0 || sinks[r].bytes != size) {
			fprintf(stderr, "bench_ring: reader %u got %" PRIu64
				" of %" PRIu64 " bytes (%s)\n", r, sinks[r].bytes,
				size, db_strerror(sinks[r].rc));
			status = 1;
		}
	}
	if (rc < 0) {
		char why[DB_REASON_NAME_MAX];
		db_reason_name(err.reason, why);
		fprintf(stderr, "bench_ring: producer: %s\n", use_source ? why : db_strerror(rc));
		status = 1;
	}

	double cpu = tv_s(ru1.ru_utime) - tv_s(ru0.ru_utime) +
		     tv_s(ru1.ru_stime) - tv_s(ru0.ru_stime);
	double gb = (double)size / 1e9;
	struct ring_stats rs;
	struct ring_write_stats ws;
	ring_stats(ring, 0, &rs);
	ring_write_stats(ring, &ws);
	char hex[SHA256_HEX_LEN + 1] = "-";
	if (use_source && source_digest(src))
		sha256_to_hex(source_digest(src), hex);

	printf("mode=%s size=%" PRIu64 " fifo=%" PRIu64 " chunk=%" PRIu64
	       " readers=%u wall_s=%.3f gb_per_s=%.3f cpu_s=%.3f cpu_s_per_gb=%.3f"
	       " maxrss_kib=%ld fifo_empty=%" PRIu64 " fifo_full=%" PRIu64
	       " sha256=%s sha_impl=%s\n",
	       mode, size, fifo, chunk, readers, wall, wall > 0 ? gb / wall : 0,
	       cpu, cpu / gb, ru1.ru_maxrss, rs.empty_count, ws.full_count, hex,
	       sha256_impl());

	source_close(src);
	image_close(im);
	ring_free(ring);
	if (tmp[0])
		unlink(tmp);
	return status;
}
