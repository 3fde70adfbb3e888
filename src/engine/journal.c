/* SPDX-License-Identifier: GPL-3.0-or-later */
/* journal.c — the duplication journal (see journal.h), read and written
 * with jansson. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "drive/device.h"
#include "engine/journal.h"

enum { JOURNAL_MAX = 64u << 20 };   /* a journal of a million discs is smaller */

struct journal {
	int fd;
	char *path;
	char sha256[65];
};

void journal_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A JSON string of s: valid UTF-8 as it is, anything else read as
 * ISO-8859-1 (file names from older systems) and encoded. */
static json_t *text(const char *s)
{
	json_t *v = json_string(s);
	if (v)
		return v;
	size_t n = strlen(s);
	char *u = malloc(2 * n + 1), *o = u;
	if (!u)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80) {
			*o++ = (char)*p;
		} else {
			*o++ = (char)(0xC0 | *p >> 6);
			*o++ = (char)(0x80 | (*p & 0x3F));
		}
	}
	*o = '\0';
	v = json_string(u);
	free(u);
	return v;
}

/* One record: the object compact, a newline, one write(), fsync(). */
static int put(struct journal *j, json_t *o, struct db_error *err)
{
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!text)
		return db_fail(err, DB_R_NO_MEMORY);
	size_t n = strlen(text);
	char *line = realloc(text, n + 2);
	if (!line) {
		free(text);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	line[n] = '\n';
	line[n + 1] = '\0';
	int rc = 0;
	for (size_t off = 0; off < n + 1;) {
		ssize_t w = write(j->fd, line + off, n + 1 - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = db_fail(err, DB_R_JOURNAL_WRITE, .subject = j->path,
				     .os_errno = w < 0 ? errno : ENOSPC);
			break;
		}
		off += (size_t)w;
	}
	if (rc == 0 && fsync(j->fd) < 0)
		rc = db_fail(err, DB_R_JOURNAL_WRITE, .subject = j->path, .os_errno = errno);
	free(line);
	return rc;
}

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Does the recorded string equal s as text() would have recorded it? */
static bool same_text(const char *recorded, const char *s)
{
	json_t *v = text(s);
	bool same = v && !strcmp(recorded, json_string_value(v));
	json_decref(v);
	return same;
}

static int bad_line(const struct journal *j, unsigned line, const char *what,
		    struct db_error *err)
{
	return db_fail(err, DB_R_JOURNAL_BAD_LINE, .subject = j->path, .n1 = line, .what = what);
}

/* The job line must be this job's. */
static int check_job(const struct journal *j, json_t *o, const struct journal_job *job,
		     struct db_error *err)
{
	const char *image = str_of(o, "image");
	json_t *size = json_object_get(o, "size"), *copies = json_object_get(o, "copies");
	if (!image || !json_is_integer(size) || !json_is_integer(copies))
		return bad_line(j, 1, "job line without image, size or copies", err);
	if (!same_text(image, job->image) || (uint64_t)json_integer_value(size) != job->size ||
	    (unsigned)json_integer_value(copies) != job->copies)
		return db_fail(err, DB_R_JOURNAL_OTHER_JOB, .subject = j->path, .other = image,
			       .n1 = (uint64_t)json_integer_value(size),
			       .n2 = (uint64_t)json_integer_value(copies));
	return 0;
}

static int note_digest(struct journal *j, json_t *o, unsigned line, const char *key,
		       struct db_error *err)
{
	const char *d = str_of(o, key);
	if (!d)
		return 0;
	if (strlen(d) != 64)
		return bad_line(j, line, "a SHA-256 that is not 64 hex digits", err);
	if (j->sha256[0] && strcmp(j->sha256, d))
		return bad_line(j, line, "a second, different SHA-256", err);
	snprintf(j->sha256, sizeof(j->sha256), "%s", d);
	return 0;
}

/* Read what is there. A torn last line (no newline: the crash came while
 * it was written) is cut off; any other line that is not a record is an
 * error naming its number. */
static int replay(struct journal *j, const struct journal_job *job, const char *const *devs,
		  unsigned ndev, struct journal_resume *r, struct db_error *err)
{
	struct stat st;
	if (fstat(j->fd, &st) < 0)
		return db_fail(err, DB_R_JOURNAL_OPEN, .subject = j->path, .os_errno = errno);
	if (st.st_size == 0)
		return 0;
	if (st.st_size > JOURNAL_MAX)
		return bad_line(j, 0, "larger than a journal can be", err);
	size_t size = (size_t)st.st_size;
	char *buf = malloc(size + 1);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	size_t got = 0;
	while (got < size) {
		ssize_t n = pread(j->fd, buf + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return db_fail(err, DB_R_JOURNAL_OPEN, .subject = j->path,
				       .os_errno = n < 0 ? errno : EIO);
		}
		got += (size_t)n;
	}
	buf[size] = '\0';
	size_t whole = size;
	while (whole && buf[whole - 1] != '\n')
		whole--;
	/* Only a torn job line, the crash came while the journal was being
	 * created: no disc was burnt yet, so it starts afresh. Anything else
	 * without a single whole line is not a journal (and is not cut). */
	static const char job_start[] = "{\"event\":\"job\"";
	bool torn_job = !whole && !memcmp(buf, job_start,
					  size < sizeof(job_start) - 1 ? size : sizeof(job_start) - 1);
	int rc = 0;
	unsigned line = 0;
	for (char *p = buf; p < buf + whole && rc == 0;) {
		char *nl = memchr(p, '\n', (size_t)(buf + whole - p));
		*nl = '\0';
		line++;
		json_error_t je;
		json_t *o = json_loads(p, JSON_REJECT_DUPLICATES, &je);
		const char *ev = o ? str_of(o, "event") : NULL;
		if (!o || !json_is_object(o) || !ev) {
			rc = bad_line(j, line, o ? "a record without an event" : "not JSON", err);
		} else if (line == 1) {
			if (strcmp(ev, "job"))
				rc = db_fail(err, DB_R_JOURNAL_NO_JOB, .subject = j->path);
			else if ((rc = check_job(j, o, job, err)) == 0)
				rc = note_digest(j, o, line, "sha256", err);
		} else if (!strcmp(ev, "digest") || !strcmp(ev, "round")) {
			rc = note_digest(j, o, line, "sha256", err);
		} else if (!strcmp(ev, "disc")) {
			const char *dev = str_of(o, "device"), *res = str_of(o, "result");
			json_t *copy = json_object_get(o, "copy");
			if (!dev || !res) {
				rc = bad_line(j, line, "a disc without device or result", err);
			} else if (strcmp(res, "ok") && strcmp(res, "failed")) {
				rc = bad_line(j, line, "a disc whose result is neither ok nor failed", err);
			} else if (!json_is_integer(copy) || json_integer_value(copy) < 1) {
				rc = bad_line(j, line, "a disc without a copy number", err);
			} else {
				for (unsigned i = 0; i < ndev && i < 16; i++) {
					if (!same_text(dev, devs[i]))
						continue;
					r->discs[i]++;
					if (!strcmp(res, "ok")) {
						r->ok[i]++;
						r->resumed++;
					}
				}
			}
		} else if (!strcmp(ev, "job")) {
			rc = bad_line(j, line, "a second job line", err);
		}
		json_decref(o);
		p = nl + 1;
	}
	free(buf);
	if (rc == 0 && line == 0 && whole == 0 && size && !torn_job)
		rc = db_fail(err, DB_R_JOURNAL_NO_JOB, .subject = j->path);
	if (rc == 0 && whole < size && ftruncate(j->fd, (off_t)whole) < 0)
		rc = db_fail(err, DB_R_JOURNAL_WRITE, .subject = j->path, .os_errno = errno);
	return rc;
}

int journal_open(const char *path, const struct journal_job *job, const char *const *devs,
		 unsigned ndev, struct journal **out, struct journal_resume *r,
		 struct db_error *err)
{
	*out = NULL;
	memset(r, 0, sizeof(*r));
	r->ndev = ndev;
	struct journal *j = calloc(1, sizeof(*j));
	if (!j || !(j->path = strdup(path))) {
		free(j);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	/* O_NONBLOCK: a FIFO planted at the path must not hang the open */
	j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
		     0644);
	int rc;
	struct stat st;
	if (j->fd < 0) {
		rc = db_fail(err, errno == ELOOP ? DB_R_JOURNAL_NOT_FILE : DB_R_JOURNAL_OPEN,
			     .subject = path, .os_errno = errno);
		goto fail;
	}
	if (fstat(j->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = db_fail(err, DB_R_JOURNAL_NOT_FILE, .subject = path);
		goto fail;
	}
	if ((rc = replay(j, job, devs, ndev, r, err)) < 0)
		goto fail;
	/* replay may have cut a torn job line: empty now means fresh */
	if (fstat(j->fd, &st) < 0) {
		rc = db_fail(err, DB_R_JOURNAL_OPEN, .subject = path, .os_errno = errno);
		goto fail;
	}
	bool fresh = st.st_size == 0;
	if (job->expect_sha256 && j->sha256[0] && strcmp(job->expect_sha256, j->sha256)) {
		rc = db_fail(err, DB_R_JOURNAL_OTHER_IMAGE, .subject = path, .what = j->sha256,
			     .other = job->image);
		goto fail;
	}
	if (fresh) {
		char now[32];
		journal_now(now);
		json_t *o = json_pack("{s:s, s:i, s:o, s:I, s:i, s:i, s:s}", "event", "job",
				      "version", 1, "image", text(job->image), "size", (json_int_t)job->size,
				      "copies", (int)job->copies, "drives", (int)job->drives,
				      "started", now);
		if (o && job->expect_sha256)
			json_object_set_new(o, "sha256", json_string(job->expect_sha256));
		if (!o) {
			rc = db_fail(err, DB_R_NO_MEMORY);
			goto fail;
		}
		if ((rc = put(j, o, err)) < 0)
			goto fail;
		if (job->expect_sha256)
			snprintf(j->sha256, sizeof(j->sha256), "%s", job->expect_sha256);
	}
	snprintf(r->sha256, sizeof(r->sha256), "%s", j->sha256);
	*out = j;
	return 0;
fail:
	journal_close(j);
	return rc;
}

int journal_digest(struct journal *j, const char *sha256, struct db_error *err)
{
	if (!j || !sha256 || !*sha256 || !strcmp(j->sha256, sha256))
		return 0;
	json_t *o = json_pack("{s:s, s:s}", "event", "digest", "sha256", sha256);
	if (!o)
		return db_fail(err, DB_R_NO_MEMORY);
	snprintf(j->sha256, sizeof(j->sha256), "%s", sha256);
	return put(j, o, err);
}

int journal_disc(struct journal *j, const char *dev, unsigned copy, const char *start,
		 bool ok, const struct db_error *e, const struct burn_stats *st,
		 struct db_error *err)
{
	if (!j)
		return 0;
	char end[32];
	journal_now(end);
	json_t *o = json_pack("{s:s, s:o, s:i, s:s, s:s, s:I, s:b, s:s}", "event", "disc",
			      "device", text(dev), "copy", (int)copy, "start", start, "end", end,
			      "bytes", (json_int_t)(st ? st->bytes : 0),
			      "verified", st && st->verified, "result", ok ? "ok" : "failed");
	if (!o)
		return db_fail(err, DB_R_NO_MEMORY);
	if (!ok && e) {
		char why[DB_REASON_NAME_MAX];
		db_reason_name(e->reason, why);
		json_object_set_new(o, "reason", json_string(why));
		json_object_set_new(o, "code", json_string(db_strerror(e->code)));
		if (e->opcode_valid)
			json_object_set_new(o, "command",
					    json_string(device_opcode_name(e->opcode)));
		if (e->have_sense) {
			char sk[16];
			snprintf(sk, sizeof(sk), "%X/%02X/%02X", e->key, e->asc, e->ascq);
			json_object_set_new(o, "sense", json_string(sk));
		}
		if (e->lba_valid)
			json_object_set_new(o, "lba", json_integer(e->lba));
		json_object_set_new(o, "touched", json_boolean(e->touched));
	}
	return put(j, o, err);
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j);
}
