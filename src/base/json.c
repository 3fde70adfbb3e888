/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c — the NDJSON line writer (see json.h for what it guarantees). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"

/* Room for n more bytes and a NUL; false (and oom set) when it cannot grow. */
static bool reserve(struct json *j, size_t n)
{
	if (j->oom)
		return false;
	if (n < j->cap - j->len)
		return true;
	size_t cap = j->cap;
	while (n >= cap - j->len) {
		if (cap > SIZE_MAX / 2) {
			j->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *p;
	if (j->buf == j->inline_buf) {
		p = malloc(cap);
		if (p)
			memcpy(p, j->buf, j->len + 1);
	} else {
		p = realloc(j->buf, cap);
	}
	if (!p) {
		j->oom = true;
		return false;
	}
	j->buf = p;
	j->cap = cap;
	return true;
}

static void put(struct json *j, const char *s, size_t n)
{
	if (!reserve(j, n))
		return;
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void add(struct json *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct json *j, const char *fmt, ...)
{
	char tmp[400];  /* %.3f of DBL_MAX is 313 characters */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		j->oom = true;  /* numbers only: cannot happen */
		return;
	}
	put(j, tmp, (size_t)n);
}

/* Length of the well-formed UTF-8 sequence at s (Unicode 15, table 3-7: no
 * overlong forms, no surrogates, nothing past U+10FFFF), or 0 if there is
 * none. s is NUL terminated, and NUL is never a continuation byte. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

static void add_escaped(struct json *j, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *run = s;   /* bytes still to copy as they are */

	put(j, "\"", 1);
	while (*s) {
		unsigned char c = *s;
		const char *esc = NULL;
		char tmp[8];
		size_t n = utf8_seq(s);

		if (n > 1) {
			s += n;
			continue;
		}
		if (n == 1 && c >= 0x20 && c != '"' && c != '\\') {
			s++;
			continue;
		}
		put(j, (const char *)run, (size_t)(s - run));
		switch (c) {
		case '"':  esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			if (c < 0x20) {
				snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			} else {
				/* not UTF-8: the byte is a Latin-1 code point */
				tmp[0] = (char)(0xC0 | (c >> 6));
				tmp[1] = (char)(0x80 | (c & 0x3F));
				tmp[2] = '\0';
			}
			esc = tmp;
		}
		puts_(j, esc);
		run = ++s;
	}
	put(j, (const char *)run, (size_t)(s - run));
	put(j, "\"", 1);
}

void json_begin(struct json *j, const char *event)
{
	j->buf = j->inline_buf;
	j->cap = sizeof(j->inline_buf);
	j->len = 0;
	j->oom = false;
	j->buf[0] = '\0';
	puts_(j, "{\"event\":");
	add_escaped(j, event ? event : "");
}

/* Start a field: remember where it began, so a field that could not be
 * added whole can be taken out whole and the line stays valid. */
static size_t key(struct json *j, const char *k)
{
	size_t keep = j->len;
	put(j, ",", 1);
	add_escaped(j, k ? k : "");
	put(j, ":", 1);
	return keep;
}

static void field_done(struct json *j, size_t keep)
{
	if (j->oom) {
		j->len = keep;
		j->buf[keep] = '\0';
		j->oom = false;
	}
}

void json_str(struct json *j, const char *k, const char *v)
{
	size_t keep = key(j, k);
	if (v)
		add_escaped(j, v);
	else
		puts_(j, "null");
	field_done(j, keep);
}

void json_u64(struct json *j, const char *k, uint64_t v)
{
	size_t keep = key(j, k);
	add(j, "%" PRIu64, v);
	field_done(j, keep);
}

void json_i64(struct json *j, const char *k, int64_t v)
{
	size_t keep = key(j, k);
	add(j, "%" PRId64, v);
	field_done(j, keep);
}

static void add_dbl(struct json *j, double v)
{
	/* JSON has no NaN or infinity; printf would write "nan" or "inf" */
	if (isfinite(v))
		add(j, "%.3f", v);
	else
		puts_(j, "null");
}

void json_dbl(struct json *j, const char *k, double v)
{
	size_t keep = key(j, k);
	add_dbl(j, v);
	field_done(j, keep);
}

void json_bool(struct json *j, const char *k, bool v)
{
	size_t keep = key(j, k);
	puts_(j, v ? "true" : "false");
	field_done(j, keep);
}

void json_dbl_array(struct json *j, const char *k, const double *v, size_t n)
{
	size_t keep = key(j, k);
	put(j, "[", 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(j, ",", 1);
		add_dbl(j, v[i]);
	}
	put(j, "]", 1);
	field_done(j, keep);
}

void json_str_array(struct json *j, const char *k, const char *const *v, size_t n)
{
	size_t keep = key(j, k);
	put(j, "[", 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(j, ",", 1);
		if (v[i])
			add_escaped(j, v[i]);
		else
			puts_(j, "null");
	}
	put(j, "]", 1);
	field_done(j, keep);
}

void json_end(struct json *j, FILE *f)
{
	/* the closing brace goes straight to f: it needs no room in buf */
	fwrite(j->buf, 1, j->len, f);
	fputs("}\n", f);
	fflush(f);
	if (j->buf != j->inline_buf)
		free(j->buf);
	j->buf = j->inline_buf;
	j->cap = sizeof(j->inline_buf);
	j->len = 0;
	j->oom = false;
	j->inline_buf[0] = '\0';
}
