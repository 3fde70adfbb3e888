/* SPDX-License-Identifier: GPL-3.0-or-later */
/* readmap.c — the map of what was read, and its ddrescue mapfile (readmap.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/readmap.h"

static const char IDENT_PREFIX[] = "# discburn: ";

static int grow(struct readmap *m, unsigned need, struct db_error *err)
{
	if (need <= m->cap)
		return 0;
	unsigned cap = m->cap ? m->cap : 16;
	while (cap < need)
		cap *= 2;
	struct readmap_run *r = realloc(m->run, cap * sizeof(*r));
	if (!r)
		return db_fail(err, DB_R_NO_MEMORY);
	m->run = r;
	m->cap = cap;
	return 0;
}

int readmap_init(struct readmap *m, uint32_t sectors, uint32_t sector_bytes, const char *ident,
		 struct db_error *err)
{
	memset(m, 0, sizeof(*m));
	m->sectors = sectors;
	m->sector_bytes = sector_bytes ? sector_bytes : READMAP_SECTOR;
	m->phase = '?';
	m->pass = 1;
	snprintf(m->ident, sizeof(m->ident), "%s", ident ? ident : "");
	if (!sectors)
		return 0;
	int rc = grow(m, 1, err);
	if (rc < 0)
		return rc;
	m->run[0] = (struct readmap_run){ 0, sectors, '?' };
	m->n = 1;
	return 0;
}

void readmap_free(struct readmap *m)
{
	free(m->run);
	m->run = NULL;
	m->n = m->cap = 0;
}

/* Append a run to a list being built, merging it into an alike neighbour. */
static void put(struct readmap_run *out, unsigned *n, uint32_t start, uint32_t count, char s)
{
	if (!count)
		return;
	if (*n && out[*n - 1].status == s && out[*n - 1].start + out[*n - 1].count == start) {
		out[*n - 1].count += count;
		return;
	}
	out[(*n)++] = (struct readmap_run){ start, count, s };
}

int readmap_set(struct readmap *m, uint32_t start, uint32_t count, char status,
		struct db_error *err)
{
	if (start >= m->sectors || !count)
		return 0;
	if (count > m->sectors - start)
		count = m->sectors - start;
	uint32_t end = start + count;
	struct readmap_run *out = malloc((m->n + 2) * sizeof(*out));
	if (!out)
		return db_fail(err, DB_R_NO_MEMORY);
	unsigned n = 0;
	bool placed = false;
	for (unsigned i = 0; i < m->n; i++) {
		const struct readmap_run *r = &m->run[i];
		uint32_t rs = r->start, re = r->start + r->count;
		if (re <= start || rs >= end) {
			if (rs >= end && !placed) {
				put(out, &n, start, count, status);
				placed = true;
			}
			put(out, &n, rs, r->count, r->status);
			continue;
		}
		if (rs < start)
			put(out, &n, rs, start - rs, r->status);
		if (!placed) {
			put(out, &n, start, count, status);
			placed = true;
		}
		if (re > end)
			put(out, &n, end, re - end, r->status);
	}
	if (!placed)
		put(out, &n, start, count, status);
	free(m->run);
	m->run = out;
	m->n = n;
	m->cap = n + 2;
	return 0;
}

char readmap_get(const struct readmap *m, uint32_t i)
{
	/* binary search over the runs, which are in order */
	unsigned lo = 0, hi = m->n;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const struct readmap_run *r = &m->run[mid];
		if (i < r->start)
			hi = mid;
		else if (i >= r->start + r->count)
			lo = mid + 1;
		else
			return r->status;
	}
	return '?';
}

uint64_t readmap_count(const struct readmap *m, char s)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < m->n; i++)
		if (m->run[i].status == s)
			n += m->run[i].count;
	return n;
}

bool readmap_next(const struct readmap *m, uint32_t from, char s, uint32_t *start,
		  uint32_t *count)
{
	for (unsigned i = 0; i < m->n; i++) {
		const struct readmap_run *r = &m->run[i];
		uint32_t re = r->start + r->count;
		if (r->status != s || re <= from)
			continue;
		uint32_t b = r->start > from ? r->start : from;
		*start = b;
		*count = re - b;
		return true;
	}
	return false;
}

/* ---- the mapfile ------------------------------------------------------------- */

static int bad_line(const char *name, unsigned line, const char *why, struct db_error *err)
{
	return db_fail(err, DB_R_READ_MAP_BAD, .subject = name, .n1 = line, .what = why);
}

/* A "0x..." (or decimal) number at *p, advancing *p. */
static bool number(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	char buf[32];
	size_t n = 0;
	while (s + n < end && n < sizeof(buf) - 1 && s[n] != ' ' && s[n] != '\t')
		n++;
	if (!n || n >= sizeof(buf) - 1)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *e;
	errno = 0;
	unsigned long long v = strtoull(buf, &e, 0);
	if (*e || errno || buf[0] == '-')
		return false;
	*out = v;
	*p = s + n;
	return true;
}

static bool status_char(const char **p, const char *end, char *out)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end)
		return false;
	*out = *s;
	*p = s + 1;
	return true;
}

static bool rest_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
}

int readmap_parse(struct readmap *m, const char *text, size_t len, const char *name,
		  uint32_t sectors, uint32_t sector_bytes, const char *ident,
		  struct db_error *err)
{
	struct readmap t;
	int rc = readmap_init(&t, 0, sector_bytes, NULL, err);
	if (rc < 0)
		return rc;
	t.sectors = sectors;
	const uint64_t SB = t.sector_bytes;
	bool have_status = false, have_ident = false;
	uint64_t expect = 0;    /* bytes: where the next block must start */
	unsigned line = 0;
	for (size_t pos = 0; pos < len;) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', len - pos);
		const char *end = nl ? nl : text + len;
		pos = (size_t)(end - text) + (nl ? 1 : 0);
		line++;
		if (end > l && end[-1] == '\r')
			end--;
		if (end == l)
			continue;
		if (*l == '#') {
			size_t pl = sizeof(IDENT_PREFIX) - 1;
			if ((size_t)(end - l) >= pl && !memcmp(l, IDENT_PREFIX, pl)) {
				snprintf(t.ident, sizeof(t.ident), "%.*s", (int)(end - l - pl), l + pl);
				have_ident = true;
			}
			continue;
		}
		const char *p = l;
		uint64_t a, b = 0;
		char s;
		if (!have_status) {
			/* current_pos current_status [current_pass] */
			if (!number(&p, end, &a) || !status_char(&p, end, &s))
				goto bad;
			uint64_t pass = 1;
			if (!rest_blank(p, end) && !number(&p, end, &pass))
				goto bad;
			if (!rest_blank(p, end) || !strchr("?*/-FG+", s))
				goto bad;
			t.pos = (uint32_t)(a / SB);
			t.phase = s == '+' ? '+' : s == '?' ? '?' : '-';
			t.pass = pass > 0 && pass < 1000 ? (unsigned)pass : 1;
			have_status = true;
			continue;
		}
		if (!number(&p, end, &a) || !number(&p, end, &b) || !status_char(&p, end, &s) ||
		    !rest_blank(p, end))
			goto bad;
		if (!strchr("?*/-+", s)) {
			rc = bad_line(name, line, "unknown status", err);
			goto fail;
		}
		if (a != expect) {
			rc = bad_line(name, line, "blocks not in order", err);
			goto fail;
		}
		if (a % SB || b % SB || !b) {
			rc = bad_line(name, line, t.sector_bytes == 2352 ? "not whole 2352-byte sectors" : "not whole 2048-byte sectors", err);
			goto fail;
		}
		if (a / SB + b / SB > sectors) {
			rc = db_fail(err, DB_R_READ_MAP_OTHER_DISC, .subject = name,
				     .what = "longer than this disc's image");
			goto fail;
		}
		char st = s == '?' ? '?' : s == '+' ? '+' : '-';
		if ((rc = grow(&t, t.n + 1, err)) < 0)
			goto fail;
		put(t.run, &t.n, (uint32_t)(a / SB), (uint32_t)(b / SB), st);
		expect = a + b;
		continue;
bad:
		rc = bad_line(name, line, have_status ? "not \"pos size status\"" :
				   "not \"current_pos current_status\"", err);
		goto fail;
	}
	if (!have_status) {
		rc = bad_line(name, line, "no status line", err);
		goto fail;
	}
	if (!have_ident || strcmp(t.ident, ident ? ident : "")) {
		rc = db_fail(err, DB_R_READ_MAP_OTHER_DISC, .subject = name,
			     .what = have_ident ? t.ident : "no discburn line");
		goto fail;
	}
	if (expect != (uint64_t)sectors * SB) {
		rc = db_fail(err, DB_R_READ_MAP_OTHER_DISC, .subject = name,
			     .what = "shorter than this disc's image");
		goto fail;
	}
	*m = t;
	return 0;
fail:
	readmap_free(&t);
	return rc;
}

struct buf {
	char *p;
	size_t len, cap;
	bool failed;
};

static void bput(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bput(struct buf *b, const char *fmt, ...)
{
	if (b->failed)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap * 2 + (size_t)n + 64;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

int readmap_format(const struct readmap *m, const char *command, char **out, size_t *len,
		   struct db_error *err)
{
	struct buf b = { malloc(4096), 0, 4096, false };
	if (!b.p)
		return db_fail(err, DB_R_NO_MEMORY);
	char now[32] = "";
	time_t t = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
	bput(&b, "# Mapfile. Created by discburn %s\n", PACKAGE_VERSION);
	if (command)
		bput(&b, "# Command line: %s\n", command);
	bput(&b, "# Current time: %s\n", now);
	bput(&b, "# %s\n", m->phase == '+' ? "Finished" :
	     m->phase == '-' ? "Retrying bad sectors..." : "Copying non-tried blocks...");
	bput(&b, "%s%s\n", IDENT_PREFIX, m->ident);
	bput(&b, "# current_pos  current_status  current_pass\n");
	bput(&b, "0x%08" PRIX64 "     %c               %u\n", (uint64_t)m->pos * (uint64_t)m->sector_bytes,
	     m->phase, m->pass);
	bput(&b, "#      pos        size  status\n");
	for (unsigned i = 0; i < m->n; i++)
		bput(&b, "0x%08" PRIX64 "  0x%08" PRIX64 "  %c\n",
		     (uint64_t)m->run[i].start * (uint64_t)m->sector_bytes,
		     (uint64_t)m->run[i].count * (uint64_t)m->sector_bytes, m->run[i].status);
	if (b.failed) {
		free(b.p);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

int readmap_load(struct readmap *m, const char *path, uint32_t sectors, uint32_t sector_bytes,
		 const char *ident, struct db_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return db_fail(err, DB_R_OS_CALL, .what = "open", .subject = path, .other = path,
			       .os_errno = errno);
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (64 << 20)) {
		int e = errno;
		close(fd);
		return db_fail(err, DB_R_READ_MAP_BAD, .subject = path, .n1 = 0,
			       .what = e && !S_ISREG(st.st_mode) ? strerror(e) : "not a map file");
	}
	size_t size = (size_t)st.st_size;
	char *text = malloc(size + 1);
	if (!text) {
		close(fd);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, text + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	int rc = readmap_parse(m, text, got, path, sectors, sector_bytes, ident, err);
	free(text);
	return rc;
}

int readmap_save(const struct readmap *m, const char *path, const char *command,
		 struct db_error *err)
{
	char *text;
	size_t len;
	int rc = readmap_format(m, command, &text, &len, err);
	if (rc < 0)
		return rc;
	size_t pl = strlen(path);
	char *tmp = malloc(pl + 16);
	if (!tmp) {
		free(text);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	snprintf(tmp, pl + 16, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	int e = 0;
	if (fd < 0) {
		e = errno;
	} else {
		for (size_t off = 0; off < len && !e;) {
			ssize_t n = write(fd, text + off, len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				e = n < 0 ? errno : EIO;
			else
				off += (size_t)n;
		}
		if (!e && fsync(fd) < 0)
			e = errno;
		if (close(fd) < 0 && !e)
			e = errno;
		if (!e && rename(tmp, path) < 0)
			e = errno;
		if (e)
			unlink(tmp);
	}
	free(tmp);
	free(text);
	if (e)
		return db_fail(err, DB_R_READ_MAP_WRITE, .subject = path, .os_errno = e);
	return 0;
}
