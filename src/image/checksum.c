/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checksum.c — finding the expected SHA-256 of an image. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/checksum.h"
#include "base/sha256.h"

#define HEX_LEN (2 * CHECKSUM_SHA256_LEN)

/* Length of the run of hex digits at p (at most n). */
static size_t hex_run(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && isxdigit((unsigned char)p[i]))
		i++;
	return i;
}

/* p holds HEX_LEN hex digits (hex_run said so). */
static void hex_decode(const char *p, uint8_t out[CHECKSUM_SHA256_LEN])
{
	char hex[HEX_LEN + 1];
	memcpy(hex, p, HEX_LEN);
	hex[HEX_LEN] = '\0';
	sha256_from_hex(hex, out);
}

static const char *algo_of_len(size_t hex_len)
{
	switch (hex_len) {
	case 32:  return "MD5";
	case 40:  return "SHA-1";
	case 56:  return "SHA-224";
	case 96:  return "SHA-384";
	case 128: return "SHA-512";
	}
	return NULL;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

int checksum_parse_sha256(const char *hex, uint8_t out[CHECKSUM_SHA256_LEN],
			  struct db_error *err)
{
	if (!hex)
		return db_fail(err, DB_R_SHA256_EMPTY);
	const char *p = hex;
	while (blank(*p))
		p++;
	if (!strncmp(p, "sha256:", 7) || !strncmp(p, "SHA256:", 7))
		p += 7;
	size_t n = strlen(p);
	while (n > 0 && (blank(p[n - 1]) || p[n - 1] == '\n' ||
			 p[n - 1] == '\r'))
		n--;
	size_t run = hex_run(p, n);
	if (run != n) {
		char bad[2] = { p[run], '\0' };
		return db_fail(err, DB_R_SHA256_NOT_HEX, .what = bad, .n1 = run + 1);
	}
	if (n != HEX_LEN) {
		return db_fail(err, DB_R_SHA256_LENGTH, .n1 = n, .what = algo_of_len(n));
	}
	hex_decode(p, out);
	return 0;
}

static const char *base_name(const char *path, size_t n, size_t *out_len)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++)
		if (path[i] == '/' || path[i] == '\\')
			start = i + 1;
	*out_len = n - start;
	return path + start;
}

/* One parsed line: where its digest and its file name are. The name may
 * need unescaping (GNU "\" lines), done when comparing. */
struct entry {
	const char *hex;
	size_t hex_len;
	const char *name;
	size_t name_len;
	bool escaped;
};

/* GNU escaped names use \\ for a backslash and \n for a newline. Compare the
 * unescaped base name of the entry with want. */
static bool name_matches(const struct entry *e, const char *want,
			 size_t want_len)
{
	char buf[4096];
	const char *name = e->name;
	size_t len = e->name_len;
	if (e->escaped) {
		size_t k = 0;
		for (size_t i = 0; i < e->name_len; i++) {
			if (k == sizeof(buf))
				return false;
			char c = e->name[i];
			if (c == '\\' && i + 1 < e->name_len) {
				char x = e->name[++i];
				c = x == 'n' ? '\n' : x;
			}
			buf[k++] = c;
		}
		name = buf;
		len = k;
	} else if (len >= 2 && name[0] == '.' && name[1] == '/') {
		name += 2;
		len -= 2;
	}
	size_t blen;
	const char *b = base_name(name, len, &blen);
	return blen == want_len && !memcmp(b, want, want_len);
}

/* "SHA256 (name) = hex" and the other tagged algorithms. */
static bool parse_bsd(const char *p, size_t n, struct entry *e,
		      char *algo, size_t algo_cap)
{
	size_t i = 0;
	while (i < n && ((p[i] >= 'A' && p[i] <= 'Z') ||
			 (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
		i++;
	if (i == 0 || i + 2 > n || p[i] != ' ' || p[i + 1] != '(')
		return false;
	snprintf(algo, algo_cap, "%.*s", (int)i, p);
	/* The name may itself contain ") = ": take the last one. */
	size_t close = 0;
	for (size_t j = i + 2; j + 4 <= n; j++)
		if (!memcmp(p + j, ") = ", 4))
			close = j;
	if (!close)
		return false;
	e->name = p + i + 2;
	e->name_len = close - (i + 2);
	e->hex = p + close + 4;
	e->hex_len = n - (close + 4);
	e->escaped = false;
	return hex_run(e->hex, e->hex_len) == e->hex_len && e->hex_len > 0;
}

/* "hex  name", "hex *name", "\hex  esc\\aped"; also "hex name" with one
 * blank, which some tools write. */
static bool parse_gnu(const char *p, size_t n, struct entry *e)
{
	e->escaped = false;
	if (n && p[0] == '\\') {
		e->escaped = true;
		p++;
		n--;
	}
	size_t run = hex_run(p, n);
	if (run == 0 || run >= n || !blank(p[run]))
		return false;
	size_t i = run + 1;
	if (i < n && (p[i] == ' ' || p[i] == '*'))
		i++;
	if (i >= n)
		return false;
	e->hex = p;
	e->hex_len = run;
	e->name = p + i;
	e->name_len = n - i;
	return true;
}

int checksum_find_sha256_mem(const char *text, size_t len,
			     const char *sums_name, const char *image_path,
			     uint8_t out[CHECKSUM_SHA256_LEN],
			     struct db_error *err)
{
	size_t want_len;
	const char *want = base_name(image_path, strlen(image_path), &want_len);
	size_t sn_len;
	const char *sn = base_name(sums_name, strlen(sums_name), &sn_len);
	if (want_len == 0)
		return db_fail(err, DB_R_INTERNAL, .what = "no image name");
	/* the names the failures below are about */
	char sums[256], image[256];
	snprintf(sums, sizeof(sums), "%.*s", (int)sn_len, sn);
	snprintf(image, sizeof(image), "%.*s", (int)want_len, want);

	bool found = false, other_algo = false, only_bare = true;
	const char *bare = NULL;
	unsigned lines_with_content = 0;
	char algo[16] = "";
	size_t pos = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n && line[n - 1] == '\r')
			n--;
		if (n >= 2 && line[0] == '-' && line[1] == ' ') {
			line += 2;  /* RFC 4880 7.1 dash-escaping */
			n -= 2;
		}
		while (n && blank(line[n - 1]))
			n--;
		size_t lead = 0;
		while (lead < n && blank(line[lead]))
			lead++;
		if (lead == n || line[lead] == '#')
			continue;
		lines_with_content++;
		if (hex_run(line + lead, n - lead) == n - lead &&
		    n - lead == HEX_LEN && lines_with_content == 1)
			bare = line + lead;
		else
			only_bare = false;

		struct entry e;
		char tag[16] = "";
		bool bsd = parse_bsd(line, n, &e, tag, sizeof(tag));
		if (!bsd && !parse_gnu(line, n, &e))
			continue;
		if (!name_matches(&e, want, want_len))
			continue;
		bool sha256 = bsd ? !strcmp(tag, "SHA256")
				  : e.hex_len == HEX_LEN;
		if (!sha256 || e.hex_len != HEX_LEN) {
			other_algo = true;
			if (bsd)
				snprintf(algo, sizeof(algo), "%s", tag);
			else if (algo_of_len(e.hex_len))
				snprintf(algo, sizeof(algo), "%s",
					 algo_of_len(e.hex_len));
			continue;
		}
		uint8_t d[CHECKSUM_SHA256_LEN];
		hex_decode(e.hex, d);
		if (found && memcmp(d, out, sizeof(d))) {
			return db_fail(err, DB_R_SUMS_TWICE, .subject = sums, .other = image);
		}
		memcpy(out, d, sizeof(d));
		found = true;
	}
	if (found)
		return 0;
	if (bare && only_bare && lines_with_content == 1) {
		hex_decode(bare, out);
		return 0;
	}
	if (other_algo) {
		return db_fail(err, DB_R_SUMS_OTHER_ALGO, .subject = sums, .other = image,
			       .what = algo[0] ? algo : "non-SHA-256");
	}
	return db_fail(err, DB_R_SUMS_NOT_LISTED, .subject = sums, .other = image);
}

int checksum_find_sha256(const char *sums_path, const char *image_path,
			 uint8_t out[CHECKSUM_SHA256_LEN], struct db_error *err)
{
	FILE *f = fopen(sums_path, "rb");
	if (!f) {
		return db_fail(err, DB_R_SUMS_OPEN, .subject = sums_path, .os_errno = errno);
	}
	char *buf = malloc(CHECKSUM_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	size_t n = fread(buf, 1, CHECKSUM_FILE_MAX + 1, f);
	int rd_err = ferror(f);
	fclose(f);
	int rc;
	if (rd_err)
		rc = db_fail(err, DB_R_SUMS_READ, .subject = sums_path);
	else if (n > CHECKSUM_FILE_MAX)
		rc = db_fail(err, DB_R_SUMS_TOO_BIG, .subject = sums_path,
			     .n1 = CHECKSUM_FILE_MAX >> 20);
	else
		rc = checksum_find_sha256_mem(buf, n, sums_path, image_path,
					      out, err);
	free(buf);
	return rc;
}

void checksum_to_hex(const uint8_t digest[CHECKSUM_SHA256_LEN],
		     char out[2 * CHECKSUM_SHA256_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < CHECKSUM_SHA256_LEN; i++) {
		out[2 * i] = digits[digest[i] >> 4];
		out[2 * i + 1] = digits[digest[i] & 15];
	}
	out[2 * CHECKSUM_SHA256_LEN] = '\0';
}
