/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fetch.h — the image a station burns: a path, or an http(s) URL fetched
 * with libcurl, kept in a local cache under its SHA-256.
 *
 * The cache holds DIR/<sha256>.img, written as DIR/<sha256>.part.<pid> and
 * renamed only once its digest is the job's; a cached file is hashed again
 * before each job uses it. A source whose digest is not the job's is refused
 * (DB_R_STATION_IMAGE_DIGEST) and nothing is kept of it.
 */
#ifndef DISCBURN_FETCH_H
#define DISCBURN_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* "http://..." or "https://...". */
bool fetch_is_url(const char *src);

/* Read src once: its SHA-256 (hex) and size (submitting a job). */
int fetch_digest(const char *src, char hex[65], uint64_t *size, struct db_error *err);

/* The cached copy of src with digest want (hex) in dir, fetched if it is
 * not there yet; its path in path. *hit: it was cached already. */
int fetch_cached(const char *src, const char *dir, const char *want, char *path, size_t size,
		 bool *hit, struct db_error *err);

#endif
