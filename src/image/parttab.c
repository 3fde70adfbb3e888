/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parttab.c — the partition tables of a hybrid image: the MBR at 0 and the
 * GPT at 512 (512-byte LBAs).
 *
 * References: UEFI 2.x 5.2 (legacy and protective MBR), 5.3 (GPT header
 * and partition entries, their CRC-32).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/iso_int.h"

#define GPT_ENTRIES_BYTES_MAX (1u << 20)

/* Reflected CRC-32 (IEEE 802.3), as the GPT uses. Bitwise: the inputs are a
 * few kilobytes, and no table means no shared state to initialise. */
static uint32_t crc32_ieee(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
	}
	return ~crc;
}

void iso_mbr_scan(struct scan *s)
{
	struct iso_report *r = s->r;
	uint8_t *m = s->sec;
	if (iso_scan_read(s, 0, m, 512) != 1 || m[510] != 0x55 || m[511] != 0xAA)
		return;
	r->mbr = true;
	for (int i = 0; i < ISO_MBR_PARTS; i++) {
		const uint8_t *p = m + 446 + 16 * i;
		if (!p[4] && !iso_le32(p + 8) && !iso_le32(p + 12))
			continue;
		struct iso_mbr_part *q = &r->mbr_part[r->mbr_count++];
		q->slot = (uint8_t)(i + 1);
		q->status = p[0];
		q->type = p[4];
		q->start = iso_le32(p + 8);
		q->sectors = iso_le32(p + 12);
		/* 0xFFFFFFFF sectors: a protective entry for "the rest of a
		 * large disk", not a size claim. */
		if (q->sectors != 0xFFFFFFFFu &&
		    ((uint64_t)q->start + q->sectors) * 512 > s->src->size)
			r->issues |= ISO_ISSUE_PART_BEYOND_END;
	}
}

void iso_gpt_scan(struct scan *s)
{
	struct iso_report *r = s->r;
	uint8_t *h = s->sec;
	if (iso_scan_read(s, 512, h, 512) != 1 || memcmp(h, "EFI PART", 8))
		return;
	r->gpt = true;
	uint32_t hsize = iso_le32(h + 12);
	bool ok = hsize >= 92 && hsize <= 512;
	if (ok) {
		uint8_t tmp[512];
		memcpy(tmp, h, hsize);
		memset(tmp + 16, 0, 4);
		ok = crc32_ieee(0, tmp, hsize) == iso_le32(h + 16);
	}
	r->gpt_alternate_lba = iso_le64(h + 32);
	uint64_t pe_lba = iso_le64(h + 72);
	uint32_t n = iso_le32(h + 80), esz = iso_le32(h + 84), pe_crc = iso_le32(h + 88);
	r->gpt_entries = n;
	if (r->gpt_alternate_lba >= s->src->size / 512)
		r->issues |= ISO_ISSUE_GPT_BACKUP_OUT;

	/* UEFI 5.3.2: entry size is 128 * 2^k. */
	if (esz < 128 || esz > 4096 || (esz & (esz - 1)) ||
	    (uint64_t)n * esz > GPT_ENTRIES_BYTES_MAX || pe_lba > UINT64_MAX / 512) {
		r->gpt_crc_ok = false;
		r->issues |= ISO_ISSUE_GPT_CRC;
		return;
	}
	size_t len = (size_t)n * esz;
	uint8_t *e = malloc(len ? len : 1);
	if (!e) {
		s->io_error = DB_ENOMEM;
		return;
	}
	if (iso_scan_read(s, pe_lba * 512, e, len) != 1) {
		ok = false;
		goto out;
	}
	if (crc32_ieee(0, e, len) != pe_crc)
		ok = false;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = e + (size_t)i * esz;
		static const uint8_t zero[16];
		if (!memcmp(p, zero, 16))
			continue;
		uint64_t last = iso_le64(p + 40);
		if (last >= s->src->size / 512)
			r->issues |= ISO_ISSUE_PART_BEYOND_END;
		if (r->gpt_count == ISO_GPT_MAX) {
			r->gpt_more = true;
			continue;
		}
		struct iso_gpt_part *q = &r->gpt_part[r->gpt_count++];
		q->index = i + 1;
		memcpy(q->type_guid, p, 16);
		q->first_lba = iso_le64(p + 32);
		q->last_lba = last;
		q->attributes = iso_le64(p + 48);
		char name[36];
		size_t k = 0;
		for (size_t j = 0; j < 36; j++, k++) {
			uint16_t ch = iso_le16(p + 56 + 2 * j);
			if (!ch)
				break;
			name[k] = ch < 0x80 ? (char)ch : '?';
		}
		iso_text_copy(q->name, sizeof(q->name), name, k);
	}
out:
	r->gpt_crc_ok = ok;
	if (!ok)
		r->issues |= ISO_ISSUE_GPT_CRC;
	free(e);
}

/* Type GUIDs in their on-disk byte order (first three fields little endian). */
static const struct {
	uint8_t guid[16];
	const char *name;
} gpt_types[] = {
	{ { 0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11,
	    0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B }, "efi-system" },
	{ { 0xA2, 0xA0, 0xD0, 0xEB, 0xE5, 0xB9, 0x33, 0x44,
	    0x87, 0xC0, 0x68, 0xB6, 0xB7, 0x26, 0x99, 0xC7 }, "basic-data" },
	{ { 0xAF, 0x3D, 0xC6, 0x0F, 0x83, 0x84, 0x72, 0x47,
	    0x8E, 0x79, 0x3D, 0x69, 0xD8, 0x47, 0x7D, 0xE4 }, "linux-data" },
	{ { 0x48, 0x61, 0x68, 0x21, 0x49, 0x64, 0x6F, 0x6E,
	    0x74, 0x4E, 0x65, 0x65, 0x64, 0x45, 0x46, 0x49 }, "bios-boot" },
	{ { 0x00, 0x53, 0x46, 0x48, 0x00, 0x00, 0xAA, 0x11,
	    0xAA, 0x11, 0x00, 0x30, 0x65, 0x43, 0xEC, 0xAC }, "apple-hfs" },
};

const char *iso_gpt_type_name(const uint8_t guid[16])
{
	for (size_t i = 0; i < sizeof(gpt_types) / sizeof(gpt_types[0]); i++)
		if (!memcmp(guid, gpt_types[i].guid, 16))
			return gpt_types[i].name;
	return NULL;
}

void iso_guid_text(const uint8_t g[16], char out[37])
{
	snprintf(out, 37,
		 "%08" PRIX32 "-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
		 iso_le32(g), iso_le16(g + 4), iso_le16(g + 6), g[8], g[9], g[10], g[11],
		 g[12], g[13], g[14], g[15]);
}
