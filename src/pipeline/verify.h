/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verify.h — what --verify compares the disc with, without a second read of
 * the source.
 *
 * While streaming, the writer records a 64-bit hash of every chunk it sends
 * (8 bytes per 64 KiB: 6 MB for a 50 GB BD). Reading back, each chunk is
 * hashed again and compared; the first chunk that differs is narrowed down to
 * its first differing sector by reading just that chunk of the image again,
 * when the image is a file (from a pipe, the chunk's first LBA is named).
 */
#ifndef DISCBURN_VERIFY_H
#define DISCBURN_VERIFY_H

#include <stdint.h>
#include "image/layout.h"

struct verify_map;

/* A map for `blocks` 2048-byte sectors in chunks of chunk_blocks. NULL on ENOMEM. */
struct verify_map *verify_map_new(uint32_t blocks, uint32_t chunk_blocks);
void verify_map_free(struct verify_map *m);

/* Record the next chunk in stream order: `blocks` sectors (the last chunk may
 * be shorter). */
void verify_map_add(struct verify_map *m, const void *data, uint32_t blocks);

/* Compare n sectors read back from sector offset `off` (a chunk boundary).
 * Returns 0 when they match, 1 when they differ (then *first_bad is `off`),
 * -1 when off lies outside what was recorded. */
int verify_map_check(const struct verify_map *m, uint32_t off, const void *data,
		     uint32_t n, uint32_t *first_bad);

/* Narrow a differing chunk down to the first differing sector by reading the
 * same sectors of the stream again (src/image/layout.h: zero beyond its
 * end). Leaves *first_bad alone when that part cannot be read again (a
 * pipe). */
void verify_refine(const struct layout *l, uint32_t off, const void *disc, uint32_t n,
		   uint32_t *first_bad);

/* The 64-bit chunk hash (exposed for tests). */
uint64_t verify_hash(const void *data, size_t len);

#endif
