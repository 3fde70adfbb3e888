/* SPDX-License-Identifier: GPL-3.0-or-later */
/* udf.c — the UDF side of an image: the anchor volume descriptor pointer
 * and the main volume descriptor sequence.
 *
 * References: ECMA-167 3/7.2 (descriptor tag and its CRC), 3/10.2 (anchor
 * volume descriptor pointer at sector 256), 3/10.1, 3/10.5, 3/10.6
 * (primary, partition and logical volume descriptors), 1/7.2.12 (dstring).
 */
#include "config.h"

#include <string.h>

#include "image/iso_int.h"

#define UDF_ANCHOR_LBA 256u
#define UDF_VDS_MAX 64u         /* sectors of the main VDS we read */

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

/* ECMA-167 3/7.2: tag checksum, location and CRC. */
static bool udf_tag_ok(const uint8_t *d, uint16_t want_id, uint32_t lba)
{
	uint8_t sum = 0;
	for (int i = 0; i < 16; i++)
		if (i != 4)
			sum = (uint8_t)(sum + d[i]);
	if (sum != d[4] || iso_le16(d) != want_id || iso_le32(d + 12) != lba)
		return false;
	uint16_t crc_len = iso_le16(d + 10);
	if (crc_len > ISO_SECTOR - 16)
		return false;
	return crc_itu(d + 16, crc_len) == iso_le16(d + 8);
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
	iso_text_copy(dst, cap, tmp, k);
}

void iso_udf_scan(struct scan *s, uint8_t nsr)
{
	struct iso_report *r = s->r;
	uint8_t *d = s->sec;
	r->udf_nsr = nsr;
	int rc = iso_scan_read(s, (uint64_t)UDF_ANCHOR_LBA * ISO_SECTOR, d,
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

	uint32_t vds_len = iso_le32(d + 16), vds_lba = iso_le32(d + 20);
	uint32_t n = vds_len / ISO_SECTOR;
	if (n > UDF_VDS_MAX)
		n = UDF_VDS_MAX;
	if (!iso_scan_inside(s, (uint64_t)vds_lba * ISO_SECTOR, ISO_SECTOR)) {
		r->issues |= ISO_ISSUE_UDF_VDS_OUT;
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t lba = vds_lba + i;
		rc = iso_scan_read(s, (uint64_t)lba * ISO_SECTOR, d, ISO_SECTOR);
		if (rc < 0)
			return;
		if (rc == 0) {
			r->issues |= ISO_ISSUE_UDF_VDS_OUT;
			return;
		}
		uint16_t tag = iso_le16(d);
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
			uint64_t end = ((uint64_t)iso_le32(d + 188) +
					iso_le32(d + 192)) * ISO_SECTOR;
			if (end > r->udf_end)
				r->udf_end = end;
		}
	}
}
