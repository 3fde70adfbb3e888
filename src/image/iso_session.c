/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iso_session.c — ISO 9660 volume facts for multisession (ECMA-119 8.4),
 * asked of the one PVD parser's answer (iso9660.c). */
#include "config.h"

#include <string.h>

#include "image/iso_session.h"

/* The sector starts with a directory's "." record (length at least 34, a
 * one-byte name 00h, a directory) whose extent is lba. */
static bool root_here(const uint8_t *s, uint32_t lba)
{
	uint32_t extent = (uint32_t)s[2] | (uint32_t)s[3] << 8 | (uint32_t)s[4] << 16 |
			  (uint32_t)s[5] << 24;
	return s[0] >= 34 && s[32] == 1 && s[33] == 0 && (s[25] & 0x02) && extent == lba;
}

bool iso_session_relocated(const struct iso_pvd *pvd, uint32_t file_blocks,
			   const uint8_t *root_sector)
{
	if (!pvd->valid)
		return false;
	if (pvd->root_lba >= file_blocks)
		return true;
	return root_sector && !root_here(root_sector, pvd->root_lba);
}

bool iso_session_fits_at(const struct iso_pvd *pvd, uint32_t start,
			 uint32_t file_blocks)
{
	return pvd->valid && pvd->root_lba >= start &&
	       pvd->root_lba - start < file_blocks;
}

uint32_t iso_session_next(const struct iso_pvd *pvd, uint32_t ecc)
{
	if (!pvd->valid)
		return 0;
	if (!ecc)
		ecc = 1;
	return (pvd->volume_blocks + ecc - 1) / ecc * ecc;
}

unsigned iso_session_descriptor_sectors(const uint8_t *buf, unsigned sectors)
{
	for (unsigned i = 16; i < sectors; i++) {
		const uint8_t *s = buf + (size_t)i * ISO_SECTOR;
		if (memcmp(s + 1, "CD001", 5))
			return 0;
		if (s[0] == 255)
			return i - 16 + 1;
	}
	return 0;
}

/* ECMA-119 7.3.3: little-endian copy, then big-endian. */
static void put_both32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
		p[7 - i] = (uint8_t)(v >> (8 * i));
	}
}

void iso_session_set_volume_blocks(uint8_t *buf, unsigned n, uint32_t blocks)
{
	for (unsigned i = 0; i < n; i++) {
		uint8_t *s = buf + (size_t)(16 + i) * ISO_SECTOR;
		/* primary (1) and supplementary (2, Joliet) descriptors carry it */
		if (s[0] == 1 || s[0] == 2)
			put_both32(s + 80, blocks);
	}
}
