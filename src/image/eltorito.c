/* SPDX-License-Identifier: GPL-3.0-or-later */
/* eltorito.c — the El Torito boot catalogue of an image.
 *
 * References: "El Torito" Bootable CD-ROM Format Specification 1.0,
 * 2.0-2.5 (boot record, validation/default/section entries, extension
 * entries, hard-disk emulation).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "image/iso_int.h"

#define CATALOG_MAX_SECTORS 4u
#define EXTENSION_CHAIN_MAX 64u

/* El Torito 2.3-2.5: one initial/default or section entry. */
static void boot_entry(struct scan *s, const uint8_t *e, uint8_t platform,
		       uint16_t section)
{
	struct iso_report *r = s->r;
	if (r->boot_count == ISO_BOOT_MAX) {
		r->boot_more = true;
		return;
	}
	struct iso_boot_entry *b = &r->boot[r->boot_count++];
	b->platform = platform;
	b->bootable = e[0] == 0x88;
	b->emulation = e[1] & 0x0F;
	b->load_segment = iso_le16(e + 2);
	b->system_type = e[4];
	b->load_sectors = iso_le16(e + 6);
	b->lba = iso_le32(e + 8);
	b->section = section;

	uint64_t start = (uint64_t)b->lba * ISO_SECTOR;
	switch (b->emulation) {
	case ISO_EMUL_FLOPPY_1200: b->image_bytes = 1228800; break;
	case ISO_EMUL_FLOPPY_1440: b->image_bytes = 1474560; break;
	case ISO_EMUL_FLOPPY_2880: b->image_bytes = 2949120; break;
	case ISO_EMUL_HARD_DISK: {
		/* 2.5: the image is a disk with an MBR and one partition. */
		uint8_t mbr[512];
		b->image_bytes = 512;
		if (iso_scan_read(s, start, mbr, sizeof(mbr)) == 1 &&
		    mbr[510] == 0x55 && mbr[511] == 0xAA) {
			for (int i = 0; i < 4; i++) {
				const uint8_t *p = mbr + 446 + 16 * i;
				uint64_t end = ((uint64_t)iso_le32(p + 8) +
						iso_le32(p + 12)) * 512;
				if (p[4] && end > b->image_bytes)
					b->image_bytes = end;
			}
		}
		break;
	}
	default:
		b->image_bytes = (uint64_t)b->load_sectors * 512;
		break;
	}
	uint64_t need = b->image_bytes > 512 ? b->image_bytes : 512;
	b->in_file = iso_scan_inside(s, start, need);
	if (!b->in_file)
		r->issues |= ISO_ISSUE_BOOT_IMAGE_OUT;
}

void iso_eltorito_scan(struct scan *s)
{
	struct iso_report *r = s->r;
	uint64_t off = (uint64_t)r->boot_catalog_lba * ISO_SECTOR;
	if (!iso_scan_inside(s, off, 64)) {
		r->issues |= ISO_ISSUE_BOOT_CATALOG_OUT;
		return;
	}
	size_t len = CATALOG_MAX_SECTORS * ISO_SECTOR;
	if (s->src->size - off < len)
		len = (size_t)(s->src->size - off) & ~(size_t)31;
	uint8_t *c = malloc(len);
	if (!c) {
		s->io_error = DB_ENOMEM;
		return;
	}
	if (iso_scan_read(s, off, c, len) != 1)
		goto out;

	/* 2.1 validation entry: header 1, key 55 AA, words sum to zero. */
	uint16_t sum = 0;
	for (int i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + iso_le16(c + i));
	if (c[0] != 1 || c[30] != 0x55 || c[31] != 0xAA || sum != 0) {
		r->issues |= ISO_ISSUE_BOOT_CATALOG_BAD;
		goto out;
	}
	r->boot_catalog_valid = true;
	r->boot_platform = c[1];
	iso_text_copy(r->boot_id, sizeof(r->boot_id), (const char *)c + 4, 24);

	boot_entry(s, c + 32, c[1], 0);

	/* 2.3-2.4: section headers 0x90 (more follow) / 0x91 (last), each
	 * followed by its entries; an entry with bit 5 of the media byte
	 * set is followed by extension entries (0x44). */
	size_t pos = 64;
	uint16_t section = 0;
	while (pos + 32 <= len) {
		const uint8_t *h = c + pos;
		if (h[0] != 0x90 && h[0] != 0x91)
			break;
		bool last = h[0] == 0x91;
		uint8_t platform = h[1];
		unsigned count = iso_le16(h + 2);
		section++;
		pos += 32;
		for (unsigned i = 0; i < count && pos + 32 <= len; i++) {
			const uint8_t *e = c + pos;
			if (e[0] != 0x88 && e[0] != 0x00)
				break;
			boot_entry(s, e, platform, section);
			pos += 32;
			for (unsigned x = 0; x < EXTENSION_CHAIN_MAX &&
			     pos + 32 <= len && c[pos] == 0x44; x++)
				pos += 32;
		}
		if (last)
			break;
	}
out:
	free(c);
}

const char *iso_platform_name(uint8_t platform)
{
	switch (platform) {
	case ISO_PLATFORM_BIOS: return "bios";
	case ISO_PLATFORM_PPC:  return "ppc";
	case ISO_PLATFORM_MAC:  return "mac";
	case ISO_PLATFORM_UEFI: return "uefi";
	}
	return "other";
}

const char *iso_emulation_name(uint8_t emulation)
{
	switch (emulation) {
	case ISO_EMUL_NONE:        return "none";
	case ISO_EMUL_FLOPPY_1200: return "floppy-1.2m";
	case ISO_EMUL_FLOPPY_1440: return "floppy-1.44m";
	case ISO_EMUL_FLOPPY_2880: return "floppy-2.88m";
	case ISO_EMUL_HARD_DISK:   return "hard-disk";
	}
	return "reserved";
}
