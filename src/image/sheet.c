/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sheet.c — what the sheet parsers share (see sheet.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/sheet.h"

static bool exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static char *join(const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !dir[0])
		return strdup(name);
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* name with its extension replaced by ext (name has one of the others). */
static char *swap_ext(const char *path, const char *from, const char *to)
{
	size_t n = strlen(path), f = strlen(from);
	if (n <= f || strcasecmp(path + n - f, from))
		return NULL;
	char *p = malloc(n - f + strlen(to) + 1);
	if (p) {
		memcpy(p, path, n - f);
		strcpy(p + n - f, to);
	}
	return p;
}

static char *latin1_to_utf8(const char *s)
{
	size_t n = strlen(s);
	char *o = malloc(2 * n + 1), *q = o;
	if (!o)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80) {
			*q++ = (char)(0xC0 | *p >> 6);
			*q++ = (char)(0x80 | (*p & 0x3F));
		} else {
			*q++ = (char)*p;
		}
	}
	*q = '\0';
	return o;
}

char *sheet_resolve(const char *name, const char *dir)
{
	char *first = join(dir, name);
	if (!first || exists(first))
		return first;
	char *cand[4] = { NULL, NULL, NULL, NULL };
	char *slashed = strdup(name);
	if (slashed) {
		for (char *p = slashed; *p; p++)
			if (*p == '\\')
				*p = '/';
		/* a Windows path: the drive letter means "not here" */
		bool drive = isalpha((unsigned char)slashed[0]) && slashed[1] == ':';
		if (!drive)
			cand[0] = join(dir, slashed);
		const char *base = strrchr(slashed, '/');
		cand[1] = join(dir, base ? base + 1 : slashed);
		free(slashed);
	}
	char *u = latin1_to_utf8(name);
	if (u) {
		cand[2] = strcmp(u, name) ? join(dir, u) : NULL;
		free(u);
	}
	char *found = NULL;
	for (int i = 0; i < 3 && !found; i++)
		if (cand[i] && exists(cand[i]))
			found = cand[i];
	static const char *const exts[][2] = { { ".wav", ".flac" }, { ".flac", ".wav" } };
	for (int i = 0; i < 2 && !found; i++) {
		const char *base = cand[1] ? cand[1] : first;
		const char *bases[2] = { first, base };
		for (int b = 0; b < 2 && !found; b++) {
			char *alt = swap_ext(bases[b], exts[i][0], exts[i][1]);
			if (alt && exists(alt))
				cand[3] = found = alt;
			else
				free(alt);
		}
	}
	for (int i = 0; i < 4; i++)
		if (cand[i] != found)
			free(cand[i]);
	if (found) {
		free(first);
		return found;
	}
	return first;
}

int sheet_open_default(void *ctx, struct layout *l, const char *name, const char *dir,
		       const char *sheet, enum sheet_file_kind kind, struct audio_src *out,
		       struct db_error *err)
{
	(void)ctx;
	char *path = sheet_resolve(name, dir);
	if (!path)
		return db_fail(err, DB_R_NO_MEMORY);
	static const enum audio_container map[] = {
		[SHEET_FILE_BINARY] = AUDIO_RAW_LE,
		[SHEET_FILE_MOTOROLA] = AUDIO_RAW_BE,
		[SHEET_FILE_DECODE] = AUDIO_DECODE,
		[SHEET_FILE_BY_NAME] = AUDIO_BY_NAME,
	};
	int rc = audio_open(l, path, sheet, map[kind], out, err);
	free(path);
	return rc;
}

int sheet_read(const char *path, char **text, size_t *len, struct db_error *err)
{
	*text = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return db_fail(err, DB_R_SHEET_OPEN, .subject = path, .os_errno = errno);
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return db_fail(err, DB_R_SHEET_OPEN, .subject = path, .os_errno = e);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return db_fail(err, DB_R_SHEET_OPEN, .subject = path, .os_errno = EISDIR);
	}
	char *buf = malloc(SHEET_MAX_BYTES + 1);
	if (!buf) {
		close(fd);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	size_t n = 0;
	for (;;) {
		ssize_t r = read(fd, buf + n, SHEET_MAX_BYTES + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return db_fail(err, DB_R_SHEET_OPEN, .subject = path, .os_errno = e);
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > SHEET_MAX_BYTES) {
			close(fd);
			free(buf);
			return db_fail(err, DB_R_SHEET_TOO_BIG, .subject = path,
				       .n1 = SHEET_MAX_BYTES >> 10);
		}
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

char *sheet_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* One UTF-8 sequence at p (n bytes left): its code point and length, or
 * length 0 when invalid. */
static unsigned utf8_one(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	unsigned len = p[0] >= 0xF0 && p[0] < 0xF5 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
	if (p[0] >= 0xF5)
		len = 0;
	if (!len || len > n)
		return 0;
	uint32_t c = p[0] & (0x7F >> len);
	for (unsigned i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c < 0xE000))
		return 0;
	*cp = c;
	return len;
}

bool sheet_is_utf8(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return true;
	bool high = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		unsigned n = utf8_one(p + i, len - i, &cp);
		if (!n)
			return false;
		high |= n > 1;
		i += n;
	}
	return high;
}

bool sheet_latin1(const char *in, bool utf8, char *out)
{
	if (!utf8) {
		strcpy(out, in);
		return true;
	}
	const unsigned char *p = (const unsigned char *)in;
	size_t n = strlen(in), i = 0, o = 0;
	while (i < n) {
		uint32_t cp;
		unsigned k = utf8_one(p + i, n - i, &cp);
		if (!k || cp > 0xFF)
			return false;
		out[o++] = (char)cp;
		i += k;
	}
	out[o] = '\0';
	return true;
}

bool sheet_msf(const char *s, uint32_t *sectors)
{
	unsigned long v[3];
	for (int i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*s))
			return false;
		char *end;
		errno = 0;
		v[i] = strtoul(s, &end, 10);
		if (errno || end - s > 6)
			return false;
		s = end;
		if (i < 2 && *s++ != ':')
			return false;
	}
	if (*s || v[1] >= 60 || v[2] >= 75 || v[0] > 9999)
		return false;
	*sectors = (uint32_t)((v[0] * 60 + v[1]) * 75 + v[2]);
	return true;
}

bool sheet_isrc(const char *s, char out[13])
{
	if (strlen(s) != 12)
		return false;
	for (int i = 0; i < 12; i++) {
		unsigned char c = (unsigned char)toupper((unsigned char)s[i]);
		if (i < 5 ? !(isdigit(c) || (c >= 'A' && c <= 'Z')) : !isdigit(c))
			return false;
		out[i] = (char)c;
	}
	out[12] = '\0';
	return true;
}

bool sheet_mcn(const char *s, char out[14])
{
	if (strlen(s) != 13)
		return false;
	for (int i = 0; i < 13; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	memcpy(out, s, 14);
	return true;
}

void sheet_problem(int *rc, struct db_error *err, struct layout_problems *pr,
		   const struct db_error *e)
{
	if (*rc == 0) {
		*rc = e->code;
		if (err && err != e)
			*err = *e;
	}
	layout_problem(pr, e);
}

bool sheet_file_said(const struct layout_problems *pr, const char *path)
{
	for (unsigned i = 0; pr && i < pr->n; i++)
		if (!strcmp(pr->e[i].subject, path))
			return true;
	return false;
}

int sheet_check_tracks(const struct layout *l, const char *sheet, int rc,
		       struct layout_problems *pr, struct db_error *err)
{
	for (unsigned i = 0; i < l->ntracks; i++) {
		const struct layout_track *t = &l->track[i];
		/* a track of nothing after a file's problem was said (it could
		 * not be opened, or is audio of the wrong format): that problem
		 * alone is the cause */
		if (!t->length && pr && pr->n)
			continue;
		if (t->length < CD_MIN_TRACK_SECTORS) {
			struct db_error e;
			db_fail(&e, DB_R_TRACK_TOO_SHORT, .subject = sheet, .other = sheet,
				.n1 = t->number, .n2 = t->length);
			sheet_problem(&rc, err, pr, &e);
		}
	}
	return rc;
}
