/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verify.c — chunk hashes recorded while writing, checked while reading back. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/verify.h"

enum { SECTOR = 2048 };

struct verify_map {
	uint32_t blocks, chunk_blocks;
	uint32_t nchunks, filled;
	uint64_t hash[];
};

/* Not cryptographic: it only has to tell a wrong sector from the right one,
 * at several GB/s. 8 bytes per step, multiply-xorshift mixing (the constants
 * are the 64-bit golden ratio and a Murmur finaliser multiplier). */
uint64_t verify_hash(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001B3ull;
	h ^= h >> 29;
	return h;
}

struct verify_map *verify_map_new(uint32_t blocks, uint32_t chunk_blocks)
{
	if (!chunk_blocks)
		return NULL;
	uint32_t n = (blocks + chunk_blocks - 1) / chunk_blocks;
	struct verify_map *m = calloc(1, sizeof(*m) + (size_t)n * sizeof(uint64_t));
	if (!m)
		return NULL;
	m->blocks = blocks;
	m->chunk_blocks = chunk_blocks;
	m->nchunks = n;
	return m;
}

void verify_map_free(struct verify_map *m)
{
	free(m);
}

void verify_map_add(struct verify_map *m, const void *data, uint32_t blocks)
{
	if (m->filled < m->nchunks)
		m->hash[m->filled++] = verify_hash(data, (size_t)blocks * SECTOR);
}

int verify_map_check(const struct verify_map *m, uint32_t off, const void *data,
		     uint32_t n, uint32_t *first_bad)
{
	uint32_t i = off / m->chunk_blocks;
	if (off % m->chunk_blocks || i >= m->filled)
		return -1;
	if (verify_hash(data, (size_t)n * SECTOR) == m->hash[i])
		return 0;
	*first_bad = off;
	return 1;
}

void verify_refine(const struct layout *l, uint32_t off, const void *disc, uint32_t n,
		   uint32_t *first_bad)
{
	uint8_t sector[SECTOR];
	const uint8_t *d = disc;
	for (uint32_t i = 0; i < n; i++) {
		if (layout_read_at(l, (uint64_t)(off + i) * SECTOR, sector, SECTOR) < 0)
			return;
		if (memcmp(sector, d + (size_t)i * SECTOR, SECTOR)) {
			*first_bad = off + i;
			return;
		}
	}
}
