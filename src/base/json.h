/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.h — one NDJSON line at a time, for --json event streams.
 *
 * Usage: struct json j; json_begin(&j, "progress"); json_u64(&j, "done", n);
 * ...; json_end(&j, stdout). Fields are written in the order they are added.
 * What comes out is always one valid RFC 8259 object encoded in UTF-8:
 *   - strings of any length (the line grows on the heap past a small inline
 *     buffer; json_end frees it, so every json_begin needs its json_end);
 *   - keys and values are escaped; a byte that does not start a valid UTF-8
 *     sequence is taken as ISO-8859-1 (Latin-1) and encoded to UTF-8, so a
 *     volume id or file name in a legacy encoding is kept, not mangled;
 *   - numbers that are not finite (NaN, infinities) are written as null;
 *   - if memory runs out, the field being added is left out whole.
 */
#ifndef DISCBURN_JSON_H
#define DISCBURN_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	char *buf;              /* inline[] or a heap copy once the line outgrows it */
	size_t len, cap;
	bool oom;               /* the current field could not be added */
	char inline_buf[512];
};

void json_begin(struct json *j, const char *event);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
/* Three decimals; NaN and infinities are null. */
void json_dbl(struct json *j, const char *key, double v);
void json_bool(struct json *j, const char *key, bool v);
/* Arrays of n numbers (three decimals, as json_dbl) or n strings. */
void json_dbl_array(struct json *j, const char *key, const double *v, size_t n);
void json_str_array(struct json *j, const char *key, const char *const *v, size_t n);
/* Close the object, write it and a newline to f, flush, free the line. */
void json_end(struct json *j, FILE *f);

#endif
