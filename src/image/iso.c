/* iso.c — inspecting an image before burning it.
 *
 * References: ECMA-119 (ISO 9660) 8.4 (primary volume descriptor), 8.5
 * (supplementary, Joliet escape sequences), 9.1 (directory records, the
 * multi-extent flag); "El Torito" Bootable CD-ROM Format Specification 1.0,
 * 2.0-2.5 (boot record, validation/default/section entries); ECMA-167 2/9
 * (volume recognition sequence: BEA01 NSR02 NSR03 TEA01), 3/7.2 (descriptor
 * tag), 3/10.2 (anchor volume descriptor pointer at sector 256), 3/10.1,
 * 3/10.5, 3/10.6 (primary, partition and logical volume descriptors); UEFI
 * 2.x 5.2-5.3 (MBR, GPT header and entries).
 *
 * Rule: every read goes through src_read(), which refuses anything not
 * entirely inside the source; sizes and pointers taken from the image only
 * ever bound loops after being clamped against fixed limits.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cdio/iso9660.h>

#include "image/iso.h"

#define VD_FIRST 16u            /* ECMA-119 6.2.1: system area is 0..15 */
#define VD_SCAN_MAX 64u         /* descriptors we look at before giving up */
#define UDF_ANCHOR_LBA 256u
#define UDF_VDS_MAX 64u         /* sectors of the main VDS we read */
#define CATALOG_MAX_SECTORS 4u
#define DIR_MAX 4096u           /* directories the tree walk visits */
#define DIR_BYTES_MAX (16u << 20)
#define RECORDS_MAX 1000000u
#define GPT_ENTRIES_BYTES_MAX (1u << 20)
#define EXTENSION_CHAIN_MAX 64u
/* Larger than any recordable disc (BD-R XL 128 GB, 62,500,864 blocks): a
 * volume claiming more than this is a corrupt descriptor, not a download. */
#define ABSURD_BLOCKS 62500864u

static const struct {
	const char *name;
	uint32_t blocks;
} media[] = {
	{ "cd74", 333000 },
	{ "cd80", 359849 },
	{ "dvd", 2295104 },
	{ "dvd-dl", 4173824 },
	{ "bd25", 12219392 },
	{ "bd50", 24438784 },
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

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

/* CRC-ITU-T (polynomial 0x1021, initial 0), ECMA-167 3/7.2.6. */
static uint16_t crc_itu(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;
	while (n--) {
		crc ^= (uint16_t)(*p++ << 8);
		for (int k = 0; k < 8; k++) {
			unsigned top = crc & 0x8000u;
			crc = (uint16_t)(crc << 1);
			if (top)
				crc ^= 0x1021u;
		}
	}
	return crc;
}

struct scan {
	const struct iso_source *src;
	struct iso_report *r;
	struct db_error *err;
	int io_error;           /* first read failure of the source itself */
	uint8_t sec[ISO_SECTOR];
};

/* Read len bytes at off. Returns 1 when done, 0 when the range is not inside
 * the source (a fact about the image, not a failure), and -1 when the source
 * failed (recorded in s->io_error; parsing stops). */
static int src_read(struct scan *s, uint64_t off, void *buf, size_t len)
{
	if (s->io_error)
		return -1;
	if (off > s->src->size || len > s->src->size - off)
		return 0;
	int rc = s->src->read(s->src->ctx, off, buf, len);
	if (rc < 0) {
		s->io_error = rc;
		return -1;
	}
	return 1;
}

static bool inside(const struct scan *s, uint64_t off, uint64_t len)
{
	return off <= s->src->size && len <= s->src->size - off;
}

/* Copy a text field for display: printable ASCII kept, anything else '?',
 * trailing blanks and NULs removed. The result never holds a control
 * character, so a CLI may print it on one line or put it in JSON. */
static void text_copy(char *dst, size_t cap, const char *src, size_t n)
{
	size_t len = n < cap - 1 ? n : cap - 1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		dst[i] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
		if (c == 0)
			dst[i] = ' ';
	}
	while (len > 0 && dst[len - 1] == ' ')
		len--;
	dst[len] = '\0';
}

/* Take a string libiso9660 allocated (it strips trailing blanks), sanitise
 * it into dst, free it. */
static void take_text(char *dst, size_t cap, char *lib)
{
	if (!lib) {
		dst[0] = '\0';
		return;
	}
	text_copy(dst, cap, lib, strlen(lib));
	free(lib);
}

/* ECMA-119 8.4.26.1: 16 digits and a signed offset in 15-minute units. An
 * unset date is all '0' (or all NUL); anything malformed is left unset. */
static void parse_ltime(char *dst, size_t cap, const uint8_t *f)
{
	int v[16];
	bool zero = true;
	dst[0] = '\0';
	for (int i = 0; i < 16; i++) {
		if (f[i] < '0' || f[i] > '9')
			return;
		v[i] = f[i] - '0';
		if (v[i])
			zero = false;
	}
	if (zero)
		return;
	int year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	int mon = v[4] * 10 + v[5], day = v[6] * 10 + v[7];
	int hour = v[8] * 10 + v[9], min = v[10] * 10 + v[11];
	int sec = v[12] * 10 + v[13];
	int off = (int8_t)f[16];
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 ||
	    min > 59 || sec > 60 || off < -48 || off > 52)
		return;
	unsigned aoff = (unsigned)(off < 0 ? -off : off);
	snprintf(dst, cap, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u",
		 (unsigned)year % 10000u, (unsigned)mon % 100u,
		 (unsigned)day % 100u, (unsigned)hour % 100u,
		 (unsigned)min % 100u, (unsigned)sec % 100u,
		 off < 0 ? '-' : '+', aoff * 15 / 60 % 100u, aoff * 15 % 60);
}

/* ECMA-119 8.4: the first primary volume descriptor. */
static void parse_pvd(struct scan *s, uint32_t lba, const uint8_t *d)
{
	struct iso_report *r = s->r;
	r->iso9660 = true;
	r->pvd_lba = lba;

	uint32_t size_le = le32(d + 80), size_be = be32(d + 84);
	uint16_t bs_le = le16(d + 128), bs_be = be16(d + 130);
	if (size_le != size_be || bs_le != bs_be)
		r->issues |= ISO_ISSUE_PVD_INCONSISTENT;
	r->volume_blocks = size_le;
	r->block_size = bs_le;
	if (bs_le != ISO_SECTOR)
		r->issues |= ISO_ISSUE_BLOCK_SIZE;
	if (size_le == 0 || size_le > ABSURD_BLOCKS)
		r->issues |= ISO_ISSUE_PVD_ABSURD;

	/* libiso9660's accessors work on the descriptor alone, so they run
	 * on memory buffers too (tests, fuzzer). */
	iso9660_pvd_t pvd;
	_Static_assert(sizeof(pvd) == ISO_SECTOR, "PVD is one sector");
	memcpy(&pvd, d, sizeof(pvd));
	take_text(r->system_id, sizeof(r->system_id),
		  iso9660_get_system_id(&pvd));
	take_text(r->volume_id, sizeof(r->volume_id),
		  iso9660_get_volume_id(&pvd));
	take_text(r->volume_set_id, sizeof(r->volume_set_id),
		  iso9660_get_volumeset_id(&pvd));
	take_text(r->publisher_id, sizeof(r->publisher_id),
		  iso9660_get_publisher_id(&pvd));
	take_text(r->preparer_id, sizeof(r->preparer_id),
		  iso9660_get_preparer_id(&pvd));
	take_text(r->application_id, sizeof(r->application_id),
		  iso9660_get_application_id(&pvd));
	/* Own parse: libiso9660's iso9660_get_ltime folds the zone offset
	 * away, and the offset is part of what the author wrote. */
	parse_ltime(r->created, sizeof(r->created), d + 813);
}

/* ECMA-119 8.5 + Joliet: escape sequences %/@ %/C %/E = UCS-2 level 1..3. */
static void parse_svd(struct scan *s, const uint8_t *d)
{
	const uint8_t *esc = d + 88;
	for (int i = 0; i + 2 < 32; i++) {
		if (esc[i] != '%' || esc[i + 1] != '/')
			continue;
		uint8_t level = esc[i + 2] == '@' ? 1 : esc[i + 2] == 'C' ? 2 :
				esc[i + 2] == 'E' ? 3 : 0;
		if (level > s->r->joliet_level)
			s->r->joliet_level = level;
	}
}

/* Walk sectors 16.. : the ISO 9660 volume descriptor set and, after its
 * terminator, the UDF volume recognition sequence (ECMA-167 2/9.1). */
static void scan_descriptors(struct scan *s, uint8_t *nsr)
{
	bool terminated = false;
	for (uint32_t lba = VD_FIRST; lba < VD_FIRST + VD_SCAN_MAX; lba++) {
		uint8_t *d = s->sec;
		if (src_read(s, (uint64_t)lba * ISO_SECTOR, d, ISO_SECTOR) <= 0)
			break;
		const char *id = (const char *)d + 1;
		if (!memcmp(id, "CD001", 5)) {
			if (terminated)
				continue;
			switch (d[0]) {
			case 0:     /* boot record, El Torito 2.0 */
				if (!memcmp(d + 7, "EL TORITO SPECIFICATION",
					    23)) {
					s->r->eltorito = true;
					s->r->boot_catalog_lba = le32(d + 71);
				}
				break;
			case 1:
				if (!s->r->iso9660 && d[6] == 1)
					parse_pvd(s, lba, d);
				break;
			case 2:
				parse_svd(s, d);
				break;
			case 255:
				terminated = true;
				break;
			}
			continue;
		}
		if (d[0] != 0)
			break;
		if (!memcmp(id, "BEA01", 5) || !memcmp(id, "BOOT2", 5) ||
		    !memcmp(id, "CDW02", 5))
			continue;
		if (!memcmp(id, "NSR02", 5) || !memcmp(id, "NSR03", 5)) {
			*nsr = (uint8_t)(id[4] - '0');
			continue;
		}
		if (!memcmp(id, "TEA01", 5))
			break;
		break;
	}
	if (s->r->iso9660 && !terminated)
		s->r->issues |= ISO_ISSUE_NO_TERMINATOR;
}

/* ECMA-167 3/7.2: tag checksum, location and CRC. */
static bool udf_tag_ok(const uint8_t *d, uint16_t want_id, uint32_t lba)
{
	uint8_t sum = 0;
	for (int i = 0; i < 16; i++)
		if (i != 4)
			sum = (uint8_t)(sum + d[i]);
	if (sum != d[4] || le16(d) != want_id || le32(d + 12) != lba)
		return false;
	uint16_t crc_len = le16(d + 10);
	if (crc_len > ISO_SECTOR - 16)
		return false;
	return crc_itu(d + 16, crc_len) == le16(d + 8);
}

/* ECMA-167 1/7.2.12 dstring in OSTA CS0: byte 0 = compression id (8 or 16),
 * last byte = bytes used. Folded to ASCII. */
static void udf_dstring(char *dst, size_t cap, const uint8_t *f, size_t n)
{
	dst[0] = '\0';
	size_t used = f[n - 1];
	if (used < 1 || used > n - 1)
		return;
	char tmp[256];
	size_t k = 0;
	if (f[0] == 8) {
		for (size_t i = 1; i < used && k < sizeof(tmp); i++)
			tmp[k++] = (char)f[i];
	} else if (f[0] == 16) {
		for (size_t i = 1; i + 1 < used && k < sizeof(tmp); i += 2)
			tmp[k++] = f[i] ? '?' : (char)f[i + 1];
	}
	text_copy(dst, cap, tmp, k);
}

static void scan_udf(struct scan *s, uint8_t nsr)
{
	struct iso_report *r = s->r;
	uint8_t *d = s->sec;
	r->udf_nsr = nsr;
	int rc = src_read(s, (uint64_t)UDF_ANCHOR_LBA * ISO_SECTOR, d,
			  ISO_SECTOR);
	if (rc < 0)
		return;
	if (rc == 0) {
		r->issues |= ISO_ISSUE_UDF_ANCHOR_OUT;
		return;
	}
	if (!udf_tag_ok(d, 2, UDF_ANCHOR_LBA)) {
		r->issues |= ISO_ISSUE_UDF_ANCHOR_BAD;
		return;
	}
	r->udf_anchor = true;
	r->udf = true;

	uint32_t vds_len = le32(d + 16), vds_lba = le32(d + 20);
	uint32_t n = vds_len / ISO_SECTOR;
	if (n > UDF_VDS_MAX)
		n = UDF_VDS_MAX;
	if (!inside(s, (uint64_t)vds_lba * ISO_SECTOR, ISO_SECTOR)) {
		r->issues |= ISO_ISSUE_UDF_VDS_OUT;
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t lba = vds_lba + i;
		rc = src_read(s, (uint64_t)lba * ISO_SECTOR, d, ISO_SECTOR);
		if (rc < 0)
			return;
		if (rc == 0) {
			r->issues |= ISO_ISSUE_UDF_VDS_OUT;
			return;
		}
		uint16_t tag = le16(d);
		if (!udf_tag_ok(d, tag, lba))
			return;
		if (tag == 8)       /* terminating descriptor */
			return;
		if (tag == 1)       /* primary volume descriptor, 3/10.1 */
			udf_dstring(r->udf_volume_id, sizeof(r->udf_volume_id),
				    d + 24, 32);
		if (tag == 6)       /* logical volume descriptor, 3/10.6 */
			udf_dstring(r->udf_logical_volume_id,
				    sizeof(r->udf_logical_volume_id),
				    d + 84, 128);
		if (tag == 5) {     /* partition descriptor, 3/10.5 */
			uint64_t end = ((uint64_t)le32(d + 188) +
					le32(d + 192)) * ISO_SECTOR;
			if (end > r->udf_end)
				r->udf_end = end;
		}
	}
}

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
	b->load_segment = le16(e + 2);
	b->system_type = e[4];
	b->load_sectors = le16(e + 6);
	b->lba = le32(e + 8);
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
		if (src_read(s, start, mbr, sizeof(mbr)) == 1 &&
		    mbr[510] == 0x55 && mbr[511] == 0xAA) {
			for (int i = 0; i < 4; i++) {
				const uint8_t *p = mbr + 446 + 16 * i;
				uint64_t end = ((uint64_t)le32(p + 8) +
						le32(p + 12)) * 512;
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
	b->in_file = inside(s, start, need);
	if (!b->in_file)
		r->issues |= ISO_ISSUE_BOOT_IMAGE_OUT;
}

static void scan_eltorito(struct scan *s)
{
	struct iso_report *r = s->r;
	uint64_t off = (uint64_t)r->boot_catalog_lba * ISO_SECTOR;
	if (!inside(s, off, 64)) {
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
	if (src_read(s, off, c, len) != 1)
		goto out;

	/* 2.1 validation entry: header 1, key 55 AA, words sum to zero. */
	uint16_t sum = 0;
	for (int i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + le16(c + i));
	if (c[0] != 1 || c[30] != 0x55 || c[31] != 0xAA || sum != 0) {
		r->issues |= ISO_ISSUE_BOOT_CATALOG_BAD;
		goto out;
	}
	r->boot_catalog_valid = true;
	r->boot_platform = c[1];
	text_copy(r->boot_id, sizeof(r->boot_id), (const char *)c + 4, 24);

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
		unsigned count = le16(h + 2);
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

static void scan_mbr(struct scan *s)
{
	struct iso_report *r = s->r;
	uint8_t *m = s->sec;
	if (src_read(s, 0, m, 512) != 1 || m[510] != 0x55 || m[511] != 0xAA)
		return;
	r->mbr = true;
	for (int i = 0; i < ISO_MBR_PARTS; i++) {
		const uint8_t *p = m + 446 + 16 * i;
		if (!p[4] && !le32(p + 8) && !le32(p + 12))
			continue;
		struct iso_mbr_part *q = &r->mbr_part[r->mbr_count++];
		q->slot = (uint8_t)(i + 1);
		q->status = p[0];
		q->type = p[4];
		q->start = le32(p + 8);
		q->sectors = le32(p + 12);
		/* 0xFFFFFFFF sectors: a protective entry for "the rest of a
		 * large disk", not a size claim. */
		if (q->sectors != 0xFFFFFFFFu &&
		    ((uint64_t)q->start + q->sectors) * 512 > s->src->size)
			r->issues |= ISO_ISSUE_PART_BEYOND_END;
	}
}

static void scan_gpt(struct scan *s)
{
	struct iso_report *r = s->r;
	uint8_t *h = s->sec;
	if (src_read(s, 512, h, 512) != 1 || memcmp(h, "EFI PART", 8))
		return;
	r->gpt = true;
	uint32_t hsize = le32(h + 12);
	bool ok = hsize >= 92 && hsize <= 512;
	if (ok) {
		uint8_t tmp[512];
		memcpy(tmp, h, hsize);
		memset(tmp + 16, 0, 4);
		ok = crc32_ieee(0, tmp, hsize) == le32(h + 16);
	}
	r->gpt_alternate_lba = le64(h + 32);
	uint64_t pe_lba = le64(h + 72);
	uint32_t n = le32(h + 80), esz = le32(h + 84), pe_crc = le32(h + 88);
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
	if (src_read(s, pe_lba * 512, e, len) != 1) {
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
		uint64_t last = le64(p + 40);
		if (last >= s->src->size / 512)
			r->issues |= ISO_ISSUE_PART_BEYOND_END;
		if (r->gpt_count == ISO_GPT_MAX) {
			r->gpt_more = true;
			continue;
		}
		struct iso_gpt_part *q = &r->gpt_part[r->gpt_count++];
		q->index = i + 1;
		memcpy(q->type_guid, p, 16);
		q->first_lba = le64(p + 32);
		q->last_lba = last;
		q->attributes = le64(p + 48);
		char name[36];
		size_t k = 0;
		for (size_t j = 0; j < 36; j++, k++) {
			uint16_t ch = le16(p + 56 + 2 * j);
			if (!ch)
				break;
			name[k] = ch < 0x80 ? (char)ch : '?';
		}
		text_copy(q->name, sizeof(q->name), name, k);
	}
out:
	r->gpt_crc_ok = ok;
	if (!ok)
		r->issues |= ISO_ISSUE_GPT_CRC;
	free(e);
}

/* SUSP (IEEE P1281) entries in a system use area: SP marks SUSP, ER with a
 * Rock Ridge identifier or RRIP entries (PX, NM, RR) mark Rock Ridge. */
static bool susp_rock_ridge(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i + 4 <= n) {
		uint8_t len = p[i + 2];
		if (len < 4 || i + len > n)
			break;
		const uint8_t *e = p + i;
		if (!memcmp(e, "PX", 2) || !memcmp(e, "NM", 2) ||
		    !memcmp(e, "RR", 2))
			return true;
		if (!memcmp(e, "ER", 2) && len >= 8) {
			size_t idl = e[4];
			if (8 + idl <= len &&
			    ((idl >= 4 && !memcmp(e + 8, "RRIP", 4)) ||
			     (idl >= 9 && !memcmp(e + 8, "IEEE_1282", 9)) ||
			     (idl >= 10 && !memcmp(e + 8, "IEEE_P1282", 10))))
				return true;
		}
		if (!memcmp(e, "ST", 2))
			break;
		i += len;
	}
	return false;
}

struct dir_ref {
	uint32_t lba, size;
};

/* ECMA-119 9.1: walk the directory tree breadth first, bounded by DIR_MAX
 * directories and RECORDS_MAX records, counting files, the largest file and
 * multi-extent files (flag bit 7 = more extents of this file follow). */
static void walk_tree(struct scan *s, const uint8_t *pvd_root)
{
	struct iso_report *r = s->r;
	struct dir_ref *q = malloc(DIR_MAX * sizeof(*q));
	if (!q) {
		s->io_error = DB_ENOMEM;
		return;
	}
	size_t head = 0, tail = 0;
	q[tail++] = (struct dir_ref){ le32(pvd_root + 2), le32(pvd_root + 10) };
	uint32_t records = 0;
	bool limited = false, first = true;

	while (head < tail && !limited) {
		struct dir_ref dir = q[head++];
		uint32_t bytes = dir.size < DIR_BYTES_MAX ? dir.size
							  : DIR_BYTES_MAX;
		uint64_t pending = 0;
		bool multi = false;
		for (uint32_t o = 0; o < bytes && !limited; o += ISO_SECTOR) {
			uint64_t off = ((uint64_t)dir.lba + o / ISO_SECTOR) *
				       ISO_SECTOR;
			if (src_read(s, off, s->sec, ISO_SECTOR) != 1)
				break;
			uint32_t end = bytes - o < ISO_SECTOR ? bytes - o
							       : ISO_SECTOR;
			uint32_t i = 0;
			while (i + 34 <= end) {
				const uint8_t *d = s->sec + i;
				uint8_t len = d[0], nlen = d[32];
				if (len == 0)
					break;  /* rest of sector unused */
				if (len < 33 + nlen || i + len > end)
					break;
				if (++records > RECORDS_MAX) {
					limited = true;
					break;
				}
				i += len;
				bool dot = nlen == 1 && d[33] <= 1;
				if (first && dot && d[33] == 0) {
					size_t su = 33u + nlen + !(nlen & 1);
					if (su < len && susp_rock_ridge(
						    d + su, len - su)) {
						r->rock_ridge = true;
					}
				}
				if (dot)
					continue;
				if (d[25] & 0x02) {
					if (tail == DIR_MAX) {
						limited = true;
						break;
					}
					q[tail++] = (struct dir_ref){
						le32(d + 2), le32(d + 10) };
					continue;
				}
				pending += le32(d + 10);
				if (d[25] & 0x80) {
					multi = true;
					continue;
				}
				r->files++;
				if (multi)
					r->multi_extent_files++;
				if (pending > r->largest_file)
					r->largest_file = pending;
				pending = 0;
				multi = false;
			}
			first = false;
		}
		first = false;
	}
	free(q);
	r->tree_walked = true;
	r->rock_ridge_known = true;
	if (limited)
		r->issues |= ISO_ISSUE_TREE_LIMIT;
}

static void judge_size(struct iso_report *r)
{
	uint64_t declared = 0;
	if (r->iso9660 && !(r->issues & (ISO_ISSUE_PVD_ABSURD |
					  ISO_ISSUE_PVD_INCONSISTENT))) {
		uint64_t bs = r->block_size;
		if (bs != 512 && bs != 1024 && bs != 2048)
			bs = ISO_SECTOR;
		declared = (uint64_t)r->volume_blocks * bs;
	}
	if (r->udf && r->udf_end > declared && r->udf_end / ISO_SECTOR <=
	    ABSURD_BLOCKS)
		declared = r->udf_end;
	r->declared_bytes = declared;
	if (!declared)
		r->size_state = ISO_SIZE_UNKNOWN;
	else if (r->file_size < declared)
		r->size_state = ISO_SIZE_TRUNCATED;
	else if (r->file_size > declared)
		r->size_state = ISO_SIZE_PADDED;
	else
		r->size_state = ISO_SIZE_EXACT;
}

int iso_inspect_source(const struct iso_source *src, struct iso_report *out,
		       struct db_error *err)
{
	if (!src || !src->read || !out)
		return db_fail(err, DB_R_INTERNAL, .what = "no image source");
	struct scan *s = calloc(1, sizeof(*s));
	if (!s)
		return db_fail(err, DB_R_NO_MEMORY);
	memset(out, 0, sizeof(*out));
	s->src = src;
	s->r = out;
	s->err = err;
	out->file_size = src->size;
	if (src->size % ISO_SECTOR)
		out->issues |= ISO_ISSUE_NOT_MULTIPLE;

	uint8_t nsr = 0;
	scan_descriptors(s, &nsr);
	uint8_t root[34];
	bool have_root = out->iso9660 &&
		src_read(s, (uint64_t)out->pvd_lba * ISO_SECTOR + 156, root,
			 sizeof(root)) == 1;
	if (nsr)
		scan_udf(s, nsr);
	if (out->eltorito)
		scan_eltorito(s);
	scan_mbr(s);
	scan_gpt(s);
	if (have_root && !s->io_error &&
	    !(out->issues & ISO_ISSUE_PVD_INCONSISTENT))
		walk_tree(s, root);

	if (out->iso9660 && out->udf)
		out->format = ISO_FMT_UDF_BRIDGE;
	else if (out->iso9660)
		out->format = ISO_FMT_ISO9660;
	else if (out->udf)
		out->format = ISO_FMT_UDF;
	else if (out->mbr || out->gpt)
		out->format = ISO_FMT_DISK;
	judge_size(out);

	int rc = s->io_error;
	free(s);
	if (rc == DB_ENOMEM)
		return db_fail(err, DB_R_NO_MEMORY);
	if (rc)
		return db_fail(err, DB_R_IMAGE_READ);
	return 0;
}

struct mem_ctx {
	const uint8_t *p;
};

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct mem_ctx *m = ctx;
	memcpy(buf, m->p + off, len);
	return 0;
}

int iso_inspect_mem(const void *buf, size_t len, struct iso_report *out,
		    struct db_error *err)
{
	struct mem_ctx m = { buf };
	struct iso_source src = { mem_read, &m, len };
	if (!buf && len)
		return db_fail(err, DB_R_INTERNAL, .what = "no image buffer");
	return iso_inspect_source(&src, out, err);
}

struct fd_ctx {
	int fd;
	int os_errno;
};

static int fd_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct fd_ctx *f = ctx;
	uint8_t *p = buf;
	while (len) {
		ssize_t n = pread(f->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			f->os_errno = n < 0 ? errno : EIO;
			return DB_EOS;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int iso_inspect_fd(int fd, uint64_t size, struct iso_report *out,
		   struct db_error *err)
{
	struct fd_ctx f = { fd, 0 };
	struct iso_source src = { fd_read, &f, size };
	int rc = iso_inspect_source(&src, out, err);
	if (rc == DB_EIMAGE && err)
		err->os_errno = f.os_errno;
	return rc;
}

/* What libiso9660 can tell from the file by path: the Joliet level it
 * accepts and Rock Ridge. Only asked when our own parse found a sane PVD, so
 * the library never sees a descriptor we already know to be corrupt. */
static void ask_libiso9660(const char *path, struct iso_report *r)
{
	iso9660_t *iso = iso9660_open_ext(path, ISO_EXTENSION_ALL);
	if (!iso)
		return;
	/* Same SVD as ours; it answers 0 when it could not use it. */
	uint8_t joliet = iso9660_ifs_get_joliet_level(iso);
	if (joliet)
		r->joliet_level = joliet;
	if (r->size_state != ISO_SIZE_TRUNCATED) {
		/* Ours looks at the root, libiso9660 at the files below
		 * it; either finding Rock Ridge is enough. */
		if (iso9660_have_rr(iso, 1000) == yep) {
			r->rock_ridge = true;
			r->rock_ridge_known = true;
		}
	}
	iso9660_close(iso);
}

int iso_inspect(const char *path, struct iso_report *out,
		struct db_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return db_fail(err, DB_R_IMAGE_OPEN, .subject = path, .os_errno = errno);
	}
	struct stat st;
	uint64_t size = 0;
	int rc = 0;
	if (fstat(fd, &st) < 0) {
		rc = db_fail(err, DB_R_IMAGE_STAT, .subject = path, .os_errno = errno);
	} else if (S_ISDIR(st.st_mode)) {
		rc = db_fail(err, DB_R_IMAGE_DIRECTORY, .subject = path);
	} else if (S_ISREG(st.st_mode)) {
		size = (uint64_t)st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(fd, 0, SEEK_END);
		if (end < 0)
			rc = db_fail(err, DB_R_IMAGE_STAT, .subject = path, .os_errno = errno);
		else
			size = (uint64_t)end;
	} else {
		rc = db_fail(err, DB_R_IMAGE_NOT_FILE, .subject = path);
	}
	if (!rc)
		rc = iso_inspect_fd(fd, size, out, err);
	close(fd);
	if (!rc && out->iso9660 &&
	    !(out->issues & (ISO_ISSUE_PVD_ABSURD | ISO_ISSUE_PVD_INCONSISTENT)))
		ask_libiso9660(path, out);
	return rc;
}

const char *iso_smallest_medium(uint64_t bytes)
{
	uint64_t blocks = (bytes + ISO_SECTOR - 1) / ISO_SECTOR;
	for (size_t i = 0; i < sizeof(media) / sizeof(media[0]); i++)
		if (blocks <= media[i].blocks)
			return media[i].name;
	return "none";
}

const char *iso_format_name(enum iso_format f)
{
	switch (f) {
	case ISO_FMT_UNKNOWN:    return "unknown";
	case ISO_FMT_DISK:       return "disk-image";
	case ISO_FMT_ISO9660:    return "iso9660";
	case ISO_FMT_UDF:        return "udf";
	case ISO_FMT_UDF_BRIDGE: return "udf-bridge";
	}
	return "unknown";
}

const char *iso_size_state_name(enum iso_size_state st)
{
	switch (st) {
	case ISO_SIZE_UNKNOWN:   return "unknown";
	case ISO_SIZE_EXACT:     return "exact";
	case ISO_SIZE_PADDED:    return "padded";
	case ISO_SIZE_TRUNCATED: return "truncated";
	}
	return "unknown";
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

static const char *const issue_texts[ISO_ISSUE_COUNT] = {
	"primary volume descriptor copies disagree",
	"primary volume descriptor declares an impossible size",
	"logical block size is not 2048",
	"volume descriptor set has no terminator",
	"boot catalogue lies beyond the end of the file",
	"boot catalogue validation entry is invalid",
	"a boot image lies beyond the end of the file",
	"UDF anchor lies beyond the end of the file",
	"UDF anchor descriptor is corrupt",
	"UDF volume descriptors lie beyond the end of the file",
	"GPT header or partition entries fail their CRC",
	"a partition ends beyond the end of the file",
	"GPT backup header lies beyond the end of the file",
	"file size is not a multiple of 2048 bytes",
	"directory tree too large or looping; walk stopped",
};

const char *iso_issue_text(unsigned issue_bit)
{
	for (unsigned i = 0; i < ISO_ISSUE_COUNT; i++)
		if (issue_bit == 1u << i)
			return issue_texts[i];
	return "unknown issue";
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
		 le32(g), le16(g + 4), le16(g + 6), g[8], g[9], g[10], g[11],
		 g[12], g[13], g[14], g[15]);
}

int iso_preflight(const struct iso_report *r, unsigned flags,
		  struct db_error *err)
{
	bool force = flags & ISO_PREFLIGHT_FORCE;
	if (r->file_size == 0) {
		return db_fail(err, DB_R_IMAGE_EMPTY);
	}
	if (r->size_state == ISO_SIZE_TRUNCATED) {
		return db_fail(err, DB_R_IMAGE_TRUNCATED,
			       .n1 = r->declared_bytes - r->file_size,
			       .what = r->iso9660 ? "ISO 9660" : "UDF");
	}
	if (force)
		return 0;
	if (r->issues & (ISO_ISSUE_PVD_ABSURD | ISO_ISSUE_PVD_INCONSISTENT)) {
		return db_fail(err, DB_R_IMAGE_PVD_CORRUPT,
			       .n1 = r->issues & ISO_ISSUE_PVD_ABSURD ? ISO_ISSUE_PVD_ABSURD
								       : ISO_ISSUE_PVD_INCONSISTENT);
	}
	if (r->format == ISO_FMT_DISK) {
		return db_fail(err, DB_R_IMAGE_DISK_ONLY, .what = r->gpt ? "GPT" : "MBR");
	}
	if (r->format == ISO_FMT_UNKNOWN) {
		return db_fail(err, DB_R_IMAGE_UNKNOWN);
	}
	static const unsigned short_signs[] = {
		ISO_ISSUE_BOOT_CATALOG_OUT, ISO_ISSUE_BOOT_IMAGE_OUT,
		ISO_ISSUE_UDF_ANCHOR_OUT, ISO_ISSUE_UDF_VDS_OUT,
		ISO_ISSUE_GPT_BACKUP_OUT, ISO_ISSUE_PART_BEYOND_END,
	};
	for (size_t i = 0; i < sizeof(short_signs) / sizeof(short_signs[0]);
	     i++) {
		if (!(r->issues & short_signs[i]))
			continue;
		return db_fail(err, DB_R_IMAGE_INCOMPLETE, .n1 = short_signs[i]);
	}
	return 0;
}

/* Emission helpers: stop at the first nonzero answer of the callback. */
struct emit {
	iso_kv_fn fn;
	void *ctx;
	int rc;
};

static void kv(struct emit *e, const char *key, enum iso_kv_type t,
	       const char *v)
{
	if (!e->rc)
		e->rc = e->fn(e->ctx, key, t, v);
}

static void kv_str(struct emit *e, const char *key, const char *v)
{
	kv(e, key, ISO_KV_STRING, v);
}

static void kv_opt(struct emit *e, const char *key, const char *v)
{
	if (v[0])
		kv_str(e, key, v);
}

static void kv_num(struct emit *e, const char *key, uint64_t v)
{
	char b[24];
	snprintf(b, sizeof(b), "%" PRIu64, v);
	kv(e, key, ISO_KV_NUMBER, b);
}

static void kv_bool(struct emit *e, const char *key, bool v)
{
	kv(e, key, ISO_KV_BOOL, v ? "true" : "false");
}

/* Keys with an index: "<prefix>.<n>.<field>". */
static void kv_fmt_key(char *key, size_t cap, const char *prefix, unsigned n,
		       const char *field)
{
	snprintf(key, cap, "%s.%u.%s", prefix, n, field);
}

static void emit_boot(struct emit *e, const struct iso_report *r)
{
	kv_bool(e, "eltorito", r->eltorito);
	if (!r->eltorito)
		return;
	kv_num(e, "eltorito.catalog_lba", r->boot_catalog_lba);
	kv_bool(e, "eltorito.valid", r->boot_catalog_valid);
	if (!r->boot_catalog_valid)
		return;
	kv_opt(e, "eltorito.id", r->boot_id);
	kv_num(e, "eltorito.entries", r->boot_count);
	if (r->boot_more)
		kv_bool(e, "eltorito.more", true);
	char key[64], hex[8];
	for (unsigned i = 0; i < r->boot_count; i++) {
		const struct iso_boot_entry *b = &r->boot[i];
		unsigned n = i + 1;
		kv_fmt_key(key, sizeof(key), "eltorito", n, "platform");
		kv_str(e, key, iso_platform_name(b->platform));
		kv_fmt_key(key, sizeof(key), "eltorito", n, "platform_id");
		snprintf(hex, sizeof(hex), "0x%02X", b->platform);
		kv_str(e, key, hex);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "bootable");
		kv_bool(e, key, b->bootable);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "emulation");
		kv_str(e, key, iso_emulation_name(b->emulation));
		kv_fmt_key(key, sizeof(key), "eltorito", n, "load_segment");
		kv_num(e, key, b->load_segment);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "system_type");
		kv_num(e, key, b->system_type);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "load_sectors");
		kv_num(e, key, b->load_sectors);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "lba");
		kv_num(e, key, b->lba);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "image_bytes");
		kv_num(e, key, b->image_bytes);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "section");
		kv_num(e, key, b->section);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "in_file");
		kv_bool(e, key, b->in_file);
	}
}

static void emit_partitions(struct emit *e, const struct iso_report *r)
{
	char key[64], hex[8];
	kv_bool(e, "mbr", r->mbr);
	if (r->mbr) {
		kv_num(e, "mbr.partitions", r->mbr_count);
		for (unsigned i = 0; i < r->mbr_count; i++) {
			const struct iso_mbr_part *p = &r->mbr_part[i];
			unsigned n = p->slot;
			kv_fmt_key(key, sizeof(key), "mbr", n, "status");
			snprintf(hex, sizeof(hex), "0x%02X", p->status);
			kv_str(e, key, hex);
			kv_fmt_key(key, sizeof(key), "mbr", n, "type");
			snprintf(hex, sizeof(hex), "0x%02X", p->type);
			kv_str(e, key, hex);
			kv_fmt_key(key, sizeof(key), "mbr", n, "start");
			kv_num(e, key, p->start);
			kv_fmt_key(key, sizeof(key), "mbr", n, "sectors");
			kv_num(e, key, p->sectors);
		}
	}
	kv_bool(e, "gpt", r->gpt);
	if (!r->gpt)
		return;
	kv_bool(e, "gpt.crc_ok", r->gpt_crc_ok);
	kv_num(e, "gpt.alternate_lba", r->gpt_alternate_lba);
	kv_num(e, "gpt.partitions", r->gpt_count);
	if (r->gpt_more)
		kv_bool(e, "gpt.more", true);
	char guid[37];
	for (unsigned i = 0; i < r->gpt_count; i++) {
		const struct iso_gpt_part *p = &r->gpt_part[i];
		unsigned n = p->index;
		const char *tn = iso_gpt_type_name(p->type_guid);
		iso_guid_text(p->type_guid, guid);
		kv_fmt_key(key, sizeof(key), "gpt", n, "type");
		kv_str(e, key, tn ? tn : "other");
		kv_fmt_key(key, sizeof(key), "gpt", n, "type_guid");
		kv_str(e, key, guid);
		kv_fmt_key(key, sizeof(key), "gpt", n, "first_lba");
		kv_num(e, key, p->first_lba);
		kv_fmt_key(key, sizeof(key), "gpt", n, "last_lba");
		kv_num(e, key, p->last_lba);
		if (p->name[0]) {
			kv_fmt_key(key, sizeof(key), "gpt", n, "name");
			kv_str(e, key, p->name);
		}
	}
}

int iso_report_emit(const struct iso_report *r, iso_kv_fn fn, void *ctx)
{
	struct emit e = { fn, ctx, 0 };
	kv_str(&e, "format", iso_format_name(r->format));
	kv_num(&e, "file.size", r->file_size);
	kv_num(&e, "file.blocks", (r->file_size + ISO_SECTOR - 1) / ISO_SECTOR);
	kv_str(&e, "size.state", iso_size_state_name(r->size_state));
	if (r->declared_bytes) {
		kv_num(&e, "size.declared", r->declared_bytes);
		if (r->size_state == ISO_SIZE_TRUNCATED)
			kv_num(&e, "size.missing",
			       r->declared_bytes - r->file_size);
		if (r->size_state == ISO_SIZE_PADDED)
			kv_num(&e, "size.extra",
			       r->file_size - r->declared_bytes);
	}
	kv_str(&e, "fits", iso_smallest_medium(r->file_size));

	kv_bool(&e, "iso9660", r->iso9660);
	if (r->iso9660) {
		kv_opt(&e, "volume.id", r->volume_id);
		kv_opt(&e, "volume.set_id", r->volume_set_id);
		kv_opt(&e, "system.id", r->system_id);
		kv_opt(&e, "publisher", r->publisher_id);
		kv_opt(&e, "preparer", r->preparer_id);
		kv_opt(&e, "application", r->application_id);
		kv_opt(&e, "created", r->created);
		kv_num(&e, "volume.blocks", r->volume_blocks);
		kv_num(&e, "volume.block_size", r->block_size);
		kv_num(&e, "joliet.level", r->joliet_level);
		if (r->rock_ridge_known)
			kv_bool(&e, "rock_ridge", r->rock_ridge);
		if (r->tree_walked) {
			kv_num(&e, "files", r->files);
			kv_num(&e, "files.largest", r->largest_file);
			kv_num(&e, "files.multi_extent",
			       r->multi_extent_files);
		}
	}
	kv_bool(&e, "udf", r->udf);
	if (r->udf_nsr)
		kv_num(&e, "udf.nsr", r->udf_nsr);
	if (r->udf) {
		kv_opt(&e, "udf.volume_id", r->udf_volume_id);
		kv_opt(&e, "udf.logical_volume_id", r->udf_logical_volume_id);
		if (r->udf_end)
			kv_num(&e, "udf.end", r->udf_end);
	}
	emit_boot(&e, r);
	emit_partitions(&e, r);
	unsigned n = 0;
	char key[32];
	for (unsigned i = 0; i < ISO_ISSUE_COUNT; i++) {
		if (!(r->issues & (1u << i)))
			continue;
		snprintf(key, sizeof(key), "issue.%u", ++n);
		kv_str(&e, key, iso_issue_text(1u << i));
	}
	return e.rc;
}
