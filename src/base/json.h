/* json.h — one NDJSON line at a time, for --json event streams.
 *
 * Usage: struct json j; json_begin(&j, "progress"); json_u64(&j, "done", n);
 * ...; json_end(&j, stdout). Keys and string values are escaped per RFC 8259;
 * a line longer than the buffer is cut at a field boundary and still valid.
 */
#ifndef DISCBURN_JSON_H
#define DISCBURN_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	char buf[8192];
	size_t len;
	bool full;
};

void json_begin(struct json *j, const char *event);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_dbl(struct json *j, const char *key, double v);
void json_bool(struct json *j, const char *key, bool v);
/* Close the object, write it and a newline to f, flush. */
void json_end(struct json *j, FILE *f);

#endif
