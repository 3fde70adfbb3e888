/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_json.c — the NDJSON writer: values of any length, bytes that are not
 * UTF-8 (taken as Latin-1), non-finite numbers, escaping, field order. Every
 * line written is checked to be one valid JSON object in valid UTF-8 by a
 * small RFC 8259 checker below, not only compared with a string. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json.h"

/* ---- a strict checker for what json_end wrote ---- */

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static int utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	int n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (!n || s[0] > 0xF4)
		return 0;
	uint32_t cp = s[0] & (0x7F >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static const char *str(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 5;
			} else if (*p && strchr("\"\\/bfnrt", *p)) {
				p++;
			} else {
				return NULL;
			}
			continue;
		}
		int n = utf8_len((const unsigned char *)p);
		if (!n)
			return NULL;
		p += n;
	}
	return p + 1;
}

static const char *num(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

/* A scalar: string, number, true, false or null. */
static const char *scalar(const char *p)
{
	if (*p == '"')
		return str(p);
	if (!strncmp(p, "true", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (!strncmp(p, "null", 4))
		return p + 4;
	return num(p);
}

/* A scalar, or an array of scalars. */
static const char *value(const char *p)
{
	if (*p != '[')
		return scalar(p);
	p = ws(p + 1);
	if (*p == ']')
		return p + 1;
	for (;;) {
		if (!(p = scalar(ws(p))))
			return NULL;
		p = ws(p);
		if (*p == ']')
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

/* One object (what the writer makes): string keys; string, number, true,
 * false or null values, or arrays of them. */
static int valid_line(const char *line)
{
	size_t len = strlen(line);
	if (len < 3 || line[len - 1] != '\n' || memchr(line, '\n', len - 1))
		return 0;
	const char *p = ws(line);
	if (*p++ != '{')
		return 0;
	p = ws(p);
	if (*p == '}')
		return *ws(p + 1) == '\0';
	for (;;) {
		if (!(p = str(ws(p))))
			return 0;
		p = ws(p);
		if (*p++ != ':')
			return 0;
		p = value(ws(p));
		if (!p)
			return 0;
		p = ws(p);
		if (*p == '}')
			return *ws(p + 1) == '\0';
		if (*p++ != ',')
			return 0;
	}
}

/* ---- capturing what json_end writes ---- */

struct out {
	char *text;
	size_t len;
	FILE *f;
};

static struct json *start(struct out *o, struct json *j, const char *event)
{
	o->text = NULL;
	o->f = open_memstream(&o->text, &o->len);
	assert_non_null(o->f);
	json_begin(j, event);
	return j;
}

/* End the line, check it is valid JSON, return it (the caller frees). */
static char *finish(struct out *o, struct json *j)
{
	json_end(j, o->f);
	fclose(o->f);
	if (!valid_line(o->text))
		fail_msg("not one valid JSON object in UTF-8: %s", o->text);
	return o->text;
}

static void test_fields_in_order(void **state)
{
	struct out o;
	struct json j;
	start(&o, &j, "progress");
	json_u64(&j, "done", 18446744073709551615u);
	json_i64(&j, "delta", -42);
	json_dbl(&j, "speed", 16.0);
	json_bool(&j, "ok", true);
	json_bool(&j, "bad", false);
	json_str(&j, "none", NULL);
	json_str(&j, "device", "/dev/sr0");
	char *t = finish(&o, &j);
	assert_string_equal(t, "{\"event\":\"progress\",\"done\":18446744073709551615,"
			    "\"delta\":-42,\"speed\":16.000,\"ok\":true,\"bad\":false,"
			    "\"none\":null,\"device\":\"/dev/sr0\"}\n");
	free(t);
}

/* The old writer cut a 2,999-character value to 1,035 characters (and
 * dropped whole fields past 8 KiB of line). */
static void test_long_values_whole(void **state)
{
	static const size_t lens[] = { 511, 512, 1035, 2999, 8192, 100000 };
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t n = lens[i];
		char *v = malloc(n + 1);
		assert_non_null(v);
		for (size_t k = 0; k < n; k++)
			v[k] = (char)('a' + k % 26);
		v[n] = '\0';

		struct out o;
		struct json j;
		start(&o, &j, "error");
		json_str(&j, "first", v);
		json_str(&j, "second", v);
		json_u64(&j, "after", 7);
		char *t = finish(&o, &j);

		size_t want = strlen("{\"event\":\"error\",\"first\":\"\",\"second\":\"\",\"after\":7}\n")
			      + 2 * n;
		assert_int_equal(strlen(t), want);
		char *p = strstr(t, "\"first\":\"");
		assert_non_null(p);
		assert_memory_equal(p + 9, v, n);
		assert_int_equal(p[9 + n], '"');
		assert_non_null(strstr(t, "\"after\":7}"));
		free(t);
		free(v);
	}
}

/* A long key is whole too, and a long value full of escapes. */
static void test_long_escaped(void **state)
{
	enum { N = 5000 };
	char v[N + 1];
	for (size_t k = 0; k < N; k++)
		v[k] = k % 2 ? '"' : '\n';
	v[N] = '\0';
	struct out o;
	struct json j;
	start(&o, &j, "x");
	json_str(&j, v, v);
	char *t = finish(&o, &j);
	/* each '"' becomes \" and each newline \n: 2 bytes for 1 */
	assert_int_equal(strlen(t), strlen("{\"event\":\"x\",\"\":\"\"}\n") + 4 * N);
	free(t);
}

static void test_escapes(void **state)
{
	struct out o;
	struct json j;
	start(&o, &j, "e\"v");
	json_str(&j, "k\\", "q\" b\\ \b\f\n\r\t \x01\x1f \x7f /");
	char *t = finish(&o, &j);
	assert_string_equal(t, "{\"event\":\"e\\\"v\",\"k\\\\\":"
			    "\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f \x7f /\"}\n");
	free(t);
}

/* Valid UTF-8 is kept byte for byte, including 4-byte sequences. */
static void test_utf8_kept(void **state)
{
	static const char v[] = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbf \xf4\x8f\xbf\xbf \xef\xbf\xbf";
	struct out o;
	struct json j;
	start(&o, &j, "x");
	json_str(&j, "v", v);
	char *t = finish(&o, &j);
	char want[128];
	snprintf(want, sizeof(want), "{\"event\":\"x\",\"v\":\"%s\"}\n", v);
	assert_string_equal(t, want);
	free(t);
}

/* The old writer passed such bytes through: invalid UTF-8 on the line. */
static void test_latin1_encoded(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		/* ISO-8859-1 "café", "Grüße", "½" */
		{ "caf\xe9", "caf\xc3\xa9" },
		{ "Gr\xfc\xdf" "e", "Gr\xc3\xbc\xc3\x9f" "e" },
		{ "\xbd", "\xc2\xbd" },
		{ "\xff\xfe", "\xc3\xbf\xc3\xbe" },
		/* C1 range, as Latin-1 defines it */
		{ "\x80\x9f", "\xc2\x80\xc2\x9f" },
		/* overlong encodings of '/' and NUL are not UTF-8 */
		{ "\xc0\xaf", "\xc3\x80\xc2\xaf" },
		{ "\xc1\xbf", "\xc3\x81\xc2\xbf" },
		{ "\xe0\x80\xaf", "\xc3\xa0\xc2\x80\xc2\xaf" },
		/* a UTF-16 surrogate (U+D800) is not UTF-8 */
		{ "\xed\xa0\x80", "\xc3\xad\xc2\xa0\xc2\x80" },
		/* past U+10FFFF */
		{ "\xf4\x90\x80\x80", "\xc3\xb4\xc2\x90\xc2\x80\xc2\x80" },
		{ "\xf5\x80", "\xc3\xb5\xc2\x80" },
		/* a sequence cut short, at the end and before ASCII */
		{ "ab\xe2\x82", "ab\xc3\xa2\xc2\x82" },
		{ "\xe2\x82x", "\xc3\xa2\xc2\x82x" },
		/* Latin-1 next to real UTF-8 in one string */
		{ "\xe9\xc3\xa9\xe9", "\xc3\xa9\xc3\xa9\xc3\xa9" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct out o;
		struct json j;
		start(&o, &j, "x");
		json_str(&j, "v", v[i].in);
		json_str(&j, v[i].in, "key");
		char *t = finish(&o, &j);
		char want[128];
		snprintf(want, sizeof(want), "{\"event\":\"x\",\"v\":\"%s\",\"%s\":\"key\"}\n",
			 v[i].out, v[i].out);
		assert_string_equal(t, want);
		free(t);
	}
}

/* The old writer printed NaN as nan (and infinity as inf): not JSON. */
static void test_non_finite_null(void **state)
{
	struct out o;
	struct json j;
	start(&o, &j, "stats");
	json_dbl(&j, "nan", NAN);
	json_dbl(&j, "neg_nan", -NAN);
	json_dbl(&j, "inf", INFINITY);
	json_dbl(&j, "ninf", -INFINITY);
	json_dbl(&j, "half", 0.5);
	json_dbl(&j, "neg", -2.25);
	json_dbl(&j, "big", 1e300);
	char *t = finish(&o, &j);
	assert_int_equal(strncmp(t, "{\"event\":\"stats\",\"nan\":null,\"neg_nan\":null,"
				 "\"inf\":null,\"ninf\":null,\"half\":0.500,\"neg\":-2.250,\"big\":1",
				 strlen("{\"event\":\"stats\",\"nan\":null,\"neg_nan\":null,"
					"\"inf\":null,\"ninf\":null,\"half\":0.500,\"neg\":-2.250,\"big\":1")),
			 0);
	/* 1e300 is written out whole: 301 digits, then the decimals */
	assert_int_equal(strlen(strstr(t, "\"big\":") + 6), 301 + 4 + 2);
	free(t);
}

/* Arrays: numbers (NaN as null), strings escaped, empty ones. */
static void test_arrays(void **state)
{
	struct out o;
	struct json j;
	start(&o, &j, "minfo");
	static const double x[] = { 8.0, 2.4, NAN };
	static const char *const names[] = { "emu", "a\"b", NULL };
	json_dbl_array(&j, "write_speeds_x", x, 3);
	json_str_array(&j, "backends", names, 3);
	json_dbl_array(&j, "none", NULL, 0);
	char *t = finish(&o, &j);
	assert_string_equal(t, "{\"event\":\"minfo\",\"write_speeds_x\":[8.000,2.400,null],"
			    "\"backends\":[\"emu\",\"a\\\"b\",null],\"none\":[]}\n");
	free(t);
}

/* One struct json is reused line after line, short after long. */
static void test_reuse(void **state)
{
	struct out o;
	struct json j;
	char big[3000];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	start(&o, &j, "one");
	json_str(&j, "v", big);
	json_end(&j, o.f);
	json_begin(&j, "two");
	json_u64(&j, "n", 2);
	json_end(&j, o.f);
	fclose(o.f);
	char *second = strchr(o.text, '\n');
	assert_non_null(second);
	assert_int_equal(second - o.text, (ptrdiff_t)(strlen("{\"event\":\"one\",\"v\":\"\"}") + 2999));
	assert_string_equal(second + 1, "{\"event\":\"two\",\"n\":2}\n");
	free(o.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_in_order),
		cmocka_unit_test(test_long_values_whole),
		cmocka_unit_test(test_long_escaped),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8_kept),
		cmocka_unit_test(test_latin1_encoded),
		cmocka_unit_test(test_non_finite_null),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_reuse),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
