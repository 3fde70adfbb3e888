/* isovol.c — ISO 9660 volume facts for multisession (ECMA-119 8.4). */
#include "config.h"

#include <string.h>

#include "image/isovol.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void isovol_parse_pvd(const uint8_t s[2048], struct isovol_pvd *out)
{
	memset(out, 0, sizeof(*out));
	/* type 1, "CD001", version 1; both-endian fields must agree */
	if (s[0] != 1 || memcmp(s + 1, "CD001", 5) || s[6] != 1)
		return;
	uint32_t vss = le32(s + 80);
	uint32_t root = le32(s + 156 + 2);
	if (vss != be32(s + 84) || root != be32(s + 156 + 6) || vss == 0)
		return;
	out->valid = true;
	out->volume_blocks = vss;
	out->root_lba = root;
}

bool isovol_relocated(const struct isovol_pvd *pvd, uint32_t file_blocks)
{
	return pvd->valid && pvd->root_lba >= file_blocks;
}

bool isovol_fits_at(const struct isovol_pvd *pvd, uint32_t start, uint32_t file_blocks)
{
	return pvd->valid && pvd->root_lba >= start && pvd->root_lba - start < file_blocks;
}

static void put_both32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	p[4] = (uint8_t)(v >> 24);
	p[5] = (uint8_t)(v >> 16);
	p[6] = (uint8_t)(v >> 8);
	p[7] = (uint8_t)v;
}

void isovol_set_volume_blocks(uint8_t *buf, unsigned n, uint32_t blocks)
{
	for (unsigned i = 0; i < n; i++) {
		uint8_t *s = buf + (size_t)(16 + i) * 2048;
		/* primary (1) and supplementary (2, Joliet) descriptors carry it */
		if (s[0] == 1 || s[0] == 2)
			put_both32(s + 80, blocks);
	}
}

uint32_t isovol_next_session(const struct isovol_pvd *pvd, uint32_t ecc)
{
	if (!pvd->valid)
		return 0;
	if (!ecc)
		ecc = 1;
	return (pvd->volume_blocks + ecc - 1) / ecc * ecc;
}

unsigned isovol_descriptor_sectors(const uint8_t *buf, unsigned sectors)
{
	for (unsigned i = 16; i < sectors; i++) {
		const uint8_t *s = buf + (size_t)i * 2048;
		if (memcmp(s + 1, "CD001", 5))
			return 0;
		if (s[0] == 255)
			return i - 16 + 1;
	}
	return 0;
}
