/* json.c — a minimal NDJSON line writer. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "base/json.h"

/* Append formatted text only if all of it fits (keeps the line valid). */
static void add(struct json *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct json *j, const char *fmt, ...)
{
	if (j->full)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(j->buf + j->len, sizeof(j->buf) - j->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(j->buf) - j->len - 2) {
		j->buf[j->len] = '\0';
		j->full = true;
		return;
	}
	j->len += (size_t)n;
}

static void add_escaped(struct json *j, const char *s)
{
	char tmp[1024];
	size_t n = 0;
	tmp[n++] = '"';
	for (; *s && n < sizeof(tmp) - 8; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			tmp[n++] = '\\';
			tmp[n++] = (char)c;
		} else if (c < 0x20) {
			n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "\\u%04x", c);
		} else {
			tmp[n++] = (char)c;
		}
	}
	tmp[n++] = '"';
	tmp[n] = '\0';
	add(j, "%s", tmp);
}

static void key(struct json *j, const char *k)
{
	add(j, ",");
	add_escaped(j, k);
	add(j, ":");
}

void json_begin(struct json *j, const char *event)
{
	j->len = 0;
	j->full = false;
	j->buf[0] = '\0';
	add(j, "{\"event\":");
	add_escaped(j, event);
}

/* A field that does not fit whole is dropped whole, so the line stays valid. */
static void field_done(struct json *j, size_t keep)
{
	if (j->full) {
		j->len = keep;
		j->buf[keep] = '\0';
	}
}

void json_str(struct json *j, const char *k, const char *v)
{
	size_t keep = j->len;
	key(j, k);
	if (v)
		add_escaped(j, v);
	else
		add(j, "null");
	field_done(j, keep);
}

void json_u64(struct json *j, const char *k, uint64_t v)
{
	size_t keep = j->len;
	key(j, k);
	add(j, "%" PRIu64, v);
	field_done(j, keep);
}

void json_i64(struct json *j, const char *k, int64_t v)
{
	size_t keep = j->len;
	key(j, k);
	add(j, "%" PRId64, v);
	field_done(j, keep);
}

void json_dbl(struct json *j, const char *k, double v)
{
	size_t keep = j->len;
	key(j, k);
	add(j, "%.3f", v);
	field_done(j, keep);
}

void json_bool(struct json *j, const char *k, bool v)
{
	size_t keep = j->len;
	key(j, k);
	add(j, "%s", v ? "true" : "false");
	field_done(j, keep);
}

void json_end(struct json *j, FILE *f)
{
	j->full = false;
	add(j, "}");
	fprintf(f, "%s\n", j->buf);
	fflush(f);
}
