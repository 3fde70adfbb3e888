/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iso_int.h — what the image inspection files share, and nobody else sees.
 *
 * iso.c drives one inspection (struct scan) over a struct iso_source and
 * calls each structure's scanner in turn: iso9660.c (volume descriptors,
 * directory tree, Rock Ridge), udf.c, eltorito.c, parttab.c (MBR, GPT).
 * Every scanner reads through iso_scan_read(), which refuses anything not
 * entirely inside the source, and records what it finds in s->r.
 */
#ifndef DISCBURN_ISO_INT_H
#define DISCBURN_ISO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image/iso.h"

#define ISO_VD_FIRST 16u        /* ECMA-119 6.2.1: system area is 0..15 */
/* Larger than any recordable disc (BD-R XL 128 GB, 62,500,864 blocks): a
 * volume claiming more than this is a corrupt descriptor, not a download. */
#define ISO_ABSURD_BLOCKS 62500864u

static inline uint16_t iso_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t iso_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t iso_le64(const uint8_t *p)
{
	return (uint64_t)iso_le32(p) | (uint64_t)iso_le32(p + 4) << 32;
}

static inline uint16_t iso_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t iso_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* One inspection in progress. */
struct scan {
	const struct iso_source *src;
	struct iso_report *r;
	int io_error;           /* first read failure of the source itself,
				 * or DB_ENOMEM; parsing stops */
	uint8_t sec[ISO_SECTOR];        /* scratch sector for any scanner */
};

/* Read len bytes at off. Returns 1 when done, 0 when the range is not inside
 * the source (a fact about the image, not a failure), and -1 when the source
 * failed (recorded in s->io_error; parsing stops). */
int iso_scan_read(struct scan *s, uint64_t off, void *buf, size_t len);

/* Does [off, off + len) lie inside the source? */
bool iso_scan_inside(const struct scan *s, uint64_t off, uint64_t len);

/* Copy a text field for display: printable ASCII kept, anything else '?',
 * a NUL as a blank, trailing blanks removed. The result never holds a
 * control character, so a CLI may print it on one line or put it in JSON. */
void iso_text_copy(char *dst, size_t cap, const char *src, size_t n);

/* iso9660.c: sectors 16.. — the ISO 9660 volume descriptor set (PVD,
 * Joliet SVD, El Torito boot record) and, after it, the UDF volume
 * recognition sequence, whose NSR version (2 or 3, 0 if none) lands in
 * *nsr. */
void iso_scan_descriptors(struct scan *s, uint8_t *nsr);
/* iso9660.c: the bounded walk of the directory tree from the root
 * directory extent the PVD gave (s->r->root_lba, root_size). */
void iso_walk_tree(struct scan *s);

/* udf.c: the anchor at 256 and the main volume descriptor sequence. */
void iso_udf_scan(struct scan *s, uint8_t nsr);

/* eltorito.c: the boot catalogue the boot record pointed at. */
void iso_eltorito_scan(struct scan *s);

/* parttab.c: a hybrid MBR at 0 and a GPT at 512. */
void iso_mbr_scan(struct scan *s);
void iso_gpt_scan(struct scan *s);

#endif
