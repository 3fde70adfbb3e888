/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fetch.c — images by path or URL into the station's cache (fetch.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_LIBCURL
#include <curl/curl.h>
#endif

#include "base/sha256.h"
#include "station/fetch.h"

enum { PIECE = 1 << 20 };

bool fetch_is_url(const char *src)
{
	return !strncmp(src, "http://", 7) || !strncmp(src, "https://", 8);
}

/* Where the bytes go: the hash, and a file when one is being written. */
struct sink {
	struct sha256 h;
	uint64_t bytes;
	int fd;                 /* -1: hash only */
	int werrno;
};

static int sink_put(struct sink *s, const void *data, size_t n)
{
	sha256_update(&s->h, data, n);
	s->bytes += n;
	const uint8_t *p = data;
	while (s->fd >= 0 && n) {
		ssize_t w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->werrno = w < 0 ? errno : ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int from_path(const char *src, struct sink *s, struct db_error *err)
{
	int fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return db_fail(err, DB_R_IMAGE_OPEN, .subject = src, .os_errno = errno);
	static __thread uint8_t *buf;
	if (!buf && !(buf = malloc(PIECE))) {
		close(fd);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf, PIECE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = db_fail(err, DB_R_IMAGE_READ, .subject = src, .os_errno = errno,
				     .n1 = s->bytes);
			break;
		}
		if (n == 0)
			break;
		if (sink_put(s, buf, (size_t)n) < 0) {
			rc = -1;
			break;
		}
	}
	close(fd);
	return rc;
}

#ifdef HAVE_LIBCURL
static size_t curl_write(char *data, size_t size, size_t n, void *ctx)
{
	return sink_put(ctx, data, size * n) < 0 ? 0 : size * n;
}

static int from_url(const char *src, struct sink *s, struct db_error *err)
{
	static bool inited;
	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = true;
	}
	CURL *c = curl_easy_init();
	if (!c)
		return db_fail(err, DB_R_NO_MEMORY);
	char why[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, src);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, curl_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);   /* a 404 page is not the image */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	/* a stalled transfer (under 1 kB/s for a minute) is given up */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	CURLcode cc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	if (cc == CURLE_WRITE_ERROR && s->werrno)
		return -1;
	if (cc != CURLE_OK)
		return db_fail(err, DB_R_STATION_FETCH, .subject = src,
			       .other = why[0] ? why : curl_easy_strerror(cc));
	return 0;
}
#else
static int from_url(const char *src, struct sink *s, struct db_error *err)
{
	(void)s;
	return db_fail(err, DB_R_STATION_NO_CURL, .subject = src);
}
#endif

static int pump(const char *src, struct sink *s, struct db_error *err)
{
	sha256_init(&s->h);
	s->bytes = 0;
	s->werrno = 0;
	int rc = fetch_is_url(src) ? from_url(src, s, err) : from_path(src, s, err);
	if (rc < 0)
		sha256_discard(&s->h);  /* abandoned: libcrypto's context is freed */
	return rc;
}

static void finish_hex(struct sink *s, char hex[65])
{
	uint8_t d[SHA256_DIGEST_LEN];
	sha256_final(&s->h, d);
	sha256_to_hex(d, hex);
}

int fetch_digest(const char *src, char hex[65], uint64_t *size, struct db_error *err)
{
	struct sink s = { .fd = -1 };
	if (pump(src, &s, err) < 0)
		return err->code ? err->code : db_fail(err, DB_R_INTERNAL, .what = "fetch");
	finish_hex(&s, hex);
	*size = s.bytes;
	if (!s.bytes)
		return db_fail(err, DB_R_IMAGE_EMPTY, .subject = src);
	return 0;
}

int fetch_cached(const char *src, const char *dir, const char *want, char *path, size_t size,
		 bool *hit, struct db_error *err)
{
	*hit = false;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return db_fail(err, DB_R_STATION_CACHE, .subject = dir, .os_errno = errno);
	snprintf(path, size, "%s/%s.img", dir, want);
	char hex[65];
	struct sink s = { .fd = -1 };
	struct db_error ignored;
	if (access(path, F_OK) == 0) {
		if (pump(path, &s, &ignored) == 0) {
			finish_hex(&s, hex);
			if (!strcmp(hex, want)) {
				*hit = true;
				return 0;
			}
		}
		unlink(path);           /* damaged: fetch it again */
	}
	char part[4200];
	snprintf(part, sizeof(part), "%s/%s.part.%ld", dir, want, (long)getpid());
	s.fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (s.fd < 0)
		return db_fail(err, DB_R_STATION_CACHE, .subject = dir, .os_errno = errno);
	int rc = pump(src, &s, err);
	if (rc < 0 && s.werrno)
		rc = db_fail(err, DB_R_STATION_CACHE, .subject = dir, .os_errno = s.werrno);
	if (rc == 0 && fsync(s.fd) < 0)
		rc = db_fail(err, DB_R_STATION_CACHE, .subject = dir, .os_errno = errno);
	close(s.fd);
	if (rc == 0) {
		finish_hex(&s, hex);
		if (strcmp(hex, want))
			rc = db_fail(err, DB_R_STATION_IMAGE_DIGEST, .subject = src, .other = hex,
				     .what = want);
	}
	if (rc == 0 && rename(part, path) < 0)
		rc = db_fail(err, DB_R_STATION_CACHE, .subject = dir, .os_errno = errno);
	if (rc < 0)
		unlink(part);
	return rc;
}
