/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mmc_parse.c — SCSI MMC response parsers, the SAO cue sheet and CD
 * addressing (see mmc.h).
 *
 * Pure functions: no I/O, no allocation, no printing. Every parser reads only
 * inside min(len, the length the response declares for itself), so a short
 * transfer or a lying length field can never make it read out of bounds.
 */
#include "config.h"

#include <string.h>
#include "base/bytes.h"
#include "base/err.h"
#include "mmc/mmc.h"

/* ---- parsers ------------------------------------------------------------- */

/* The usable length: what was transferred, capped by what the response
 * declares (hdr_len bytes of length field at the start, counting the bytes
 * after it). */
static size_t declared_be16(const uint8_t *buf, size_t len)
{
	size_t d = (size_t)get_be16(buf) + 2;
	return d < len ? d : len;
}

static size_t declared_be32(const uint8_t *buf, size_t len)
{
	size_t d = (size_t)get_be32(buf) + 4;
	return d < len ? d : len;
}

static void copy_trimmed(char *dst, size_t dst_size, const uint8_t *src, size_t n)
{
	if (n >= dst_size)
		n = dst_size - 1;
	for (size_t i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7F) ? (char)src[i] : ' ';
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '\0'))
		n--;
	dst[n] = '\0';
}

/* SPC-4 6.6.2 standard INQUIRY data: byte 0 qualifier/type, byte 1 RMB,
 * byte 4 additional length, vendor 8-15, product 16-31, revision 32-35.
 * Strings are filled from whatever part of them arrived. */
int mmc_parse_inquiry(const uint8_t *buf, size_t len, struct mmc_inquiry *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 5)
		return DB_ESHORT;
	size_t end = (size_t)buf[4] + 5;
	if (end > len)
		end = len;
	out->peripheral_type = buf[0] & 0x1F;
	out->qualifier = buf[0] >> 5;
	out->removable = buf[1] & 0x80;
	if (end > 8)
		copy_trimmed(out->vendor, sizeof(out->vendor), buf + 8, (end < 16 ? end : 16) - 8);
	if (end > 16)
		copy_trimmed(out->model, sizeof(out->model), buf + 16, (end < 32 ? end : 32) - 16);
	if (end > 32)
		copy_trimmed(out->revision, sizeof(out->revision), buf + 32,
			     (end < 36 ? end : 36) - 32);
	return 0;
}

/* MMC-6 5.2 / 6.6.2: 8-byte feature header (data length 0-3, current profile
 * 6-7), then feature descriptors: code 0-1, version/persistent/current byte
 * 2, additional length byte 3, feature data. Features used (MMC-6 5.3). */
int mmc_parse_configuration(const uint8_t *buf, size_t len, struct mmc_config *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 8)
		return DB_ESHORT;
	size_t end = declared_be32(buf, len);
	if (end < 8)
		return DB_ESHORT;
	out->current_profile = get_be16(buf + 6);

	size_t off = 8;
	while (off + 4 <= end) {
		uint16_t code = get_be16(buf + off);
		size_t alen = buf[off + 3];
		if (off + 4 + alen > end)
			break;          /* truncated descriptor: keep what we have */
		const uint8_t *f = buf + off + 4;
		uint8_t b0 = alen >= 1 ? f[0] : 0;

		switch (code) {
		case 0x0000:    /* Profile List: 4-byte profile descriptors */
			for (size_t i = 0; i + 4 <= alen && out->nprofiles < MMC_MAX_PROFILES; i += 4)
				out->profiles[out->nprofiles++] = get_be16(f + i);
			break;
		case 0x0021:
			out->f_incremental = true;
			break;
		case 0x002A:    /* DVD+RW: Write bit */
			out->f_dvd_plus_rw = b0 & 0x01;
			break;
		case 0x002B:    /* DVD+R: Write bit */
			out->f_dvd_plus_r = b0 & 0x01;
			break;
		case 0x002C:    /* Rigid Restricted Overwrite: Blank bit */
			if (b0 & 0x01)
				out->f_blank = true;
			break;
		case 0x002D:    /* CD TAO: BUF 6, Test Write 2, CD-RW 1 */
			out->f_cd_tao = true;
			out->f_burnfree |= (b0 & 0x40) != 0;
			out->f_test_write |= (b0 & 0x04) != 0;
			out->f_blank |= (b0 & 0x02) != 0;
			break;
		case 0x002E:    /* CD Mastering: BUF 6, SAO 5, Raw MS 4, Raw 3, Test Write 2,
				 * CD-RW 1 */
			out->f_cd_sao = (b0 & 0x20) != 0;
			out->f_cd_raw = (b0 & 0x08) != 0;
			out->f_cd_raw_ms = (b0 & 0x10) != 0;
			out->f_burnfree |= (b0 & 0x40) != 0;
			out->f_test_write |= (b0 & 0x04) != 0;
			out->f_blank |= (b0 & 0x02) != 0;
			break;
		case 0x002F:    /* DVD-R/-RW Write: BUF 6, Test Write 2, DVD-RW 1 */
			out->f_dvd_minus_write = true;
			out->f_burnfree |= (b0 & 0x40) != 0;
			out->f_test_write |= (b0 & 0x04) != 0;
			out->f_blank |= (b0 & 0x02) != 0;
			break;
		case 0x0037:
			out->f_cd_rw = true;
			break;
		case 0x0041:
			out->f_bd_write = true;
			break;
		case 0x0107:
			out->f_rt_streaming = true;
			break;
		default:
			break;
		}
		off += 4 + alen;
	}
	return 0;
}

/* MMC-6 6.22.3.1 standard disc information: length 0-1; byte 2 erasable
 * bit 4, last session state bits 2-3, disc status bits 0-1; first track 3;
 * sessions 4 (LSB) / 9 (MSB); first/last track in last session 5,6 / 10,11;
 * byte 7 background format status bits 0-1; disc type 8; last session
 * lead-in start 16-19; last possible lead-out start 20-23. */
int mmc_parse_disc_info(const uint8_t *buf, size_t len, struct mmc_disc_info *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 2)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	if (end < 24)
		return DB_ESHORT;
	out->status = buf[2] & 0x03;
	out->last_session_state = (buf[2] >> 2) & 0x03;
	out->erasable = buf[2] & 0x10;
	out->first_track = buf[3];
	out->sessions = (uint16_t)(buf[9] << 8 | buf[4]);
	out->first_track_last_session = (uint16_t)(buf[10] << 8 | buf[5]);
	out->last_track_last_session = (uint16_t)(buf[11] << 8 | buf[6]);
	out->bg_format_status = buf[7] & 0x03;
	out->disc_type = buf[8];
	out->last_session_leadin = get_be32(buf + 16);
	out->last_leadout_start = get_be32(buf + 20);
	return 0;
}

bool mmc_disc_addr_lba(uint32_t raw, bool msf, int32_t *lba)
{
	if (raw == 0xFFFFFFFFu)
		return false;
	if (!msf) {
		*lba = (int32_t)raw;
		return true;
	}
	uint8_t m = (uint8_t)(raw >> 16), s = (uint8_t)(raw >> 8), f = (uint8_t)raw;
	if ((raw >> 24) != 0 || s >= 60 || f >= 75)
		return false;
	*lba = mmc_msf_to_lba(m, s, f);
	return true;
}

/* MMC-6 6.27.3 track information block: length 0-1, track 2/32, session
 * 3/33, byte 5 damage 5 copy 4 track mode 0-3, byte 6 RT 7 blank 6 packet 5
 * FP 4 data mode 0-3, byte 7 LRA_V 1 NWA_V 0, start 8-11, NWA 12-15, free
 * 16-19, fixed packet size 20-23, track size 24-27, LRA 28-31. The first 28
 * bytes are required; later fields are read when they arrived. */
int mmc_parse_track_info(const uint8_t *buf, size_t len, struct mmc_track_info *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 2)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	if (end < 28)
		return DB_ESHORT;
	out->track = buf[2];
	out->session = buf[3];
	out->damage = buf[5] & 0x20;
	out->copy = buf[5] & 0x10;
	out->track_mode = buf[5] & 0x0F;
	out->rt = buf[6] & 0x80;
	out->blank = buf[6] & 0x40;
	out->packet = buf[6] & 0x20;
	out->fixed = buf[6] & 0x10;
	out->data_mode = buf[6] & 0x0F;
	out->nwa_valid = buf[7] & 0x01;
	out->start_lba = get_be32(buf + 8);
	out->nwa = get_be32(buf + 12);
	out->free_blocks = get_be32(buf + 16);
	out->fixed_packet_size = get_be32(buf + 20);
	out->size = get_be32(buf + 24);
	if (end >= 32) {
		out->lra_valid = buf[7] & 0x02;
		out->lra = get_be32(buf + 28);
	}
	if (end >= 34) {
		out->track |= (uint16_t)(buf[32] << 8);
		out->session |= (uint16_t)(buf[33] << 8);
	}
	return 0;
}

/* MMC-6 6.23.2 / SBC: last LBA 0-3, block length 4-7 */
int mmc_parse_read_capacity(const uint8_t *buf, size_t len, struct mmc_capacity *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 8)
		return DB_ESHORT;
	out->last_lba = get_be32(buf);
	out->block_len = get_be32(buf + 4);
	return 0;
}

/* MMC-6 6.20.2: length 0-1, buffer length 4-7, available (blank) length
 * 8-11. With Block=1 MMC marks bytes 4-7 reserved, so size is 0 from drives
 * that follow it. */
int mmc_parse_buffer_capacity(const uint8_t *buf, size_t len, bool block,
			      struct mmc_buffer_cap *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 2)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	if (end < 12)
		return DB_ESHORT;
	out->size = get_be32(buf + 4);
	out->free = get_be32(buf + 8);
	return 0;
}

/* MMC-6 6.8.2.6 GET PERFORMANCE type 03h: 8-byte header (length 0-3), then
 * 16-byte write speed descriptors: end LBA 4-7, read speed 8-11, write speed
 * 12-15 (kB/s). Descriptors are kept in drive order, duplicates dropped. */
int mmc_parse_write_speeds(const uint8_t *buf, size_t len, struct mmc_speeds *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 8)
		return DB_ESHORT;
	size_t end = declared_be32(buf, len);
	if (end < 8)
		return DB_ESHORT;
	for (size_t off = 8; off + 16 <= end && out->n < MMC_MAX_SPEEDS; off += 16) {
		uint32_t w = get_be32(buf + off + 12);
		bool dup = false;
		for (unsigned i = 0; i < out->n; i++)
			dup |= out->write_kbps[i] == w;
		if (dup || w == 0)
			continue;
		out->write_kbps[out->n] = w;
		out->end_lba[out->n] = get_be32(buf + off + 4);
		out->n++;
	}
	return 0;
}

int mmc_parse_write_performance(const uint8_t *buf, size_t len, uint32_t *kbps)
{
	*kbps = 0;
	if (len < 8)
		return DB_ESHORT;
	size_t end = declared_be32(buf, len);
	if (end < 8)
		return DB_ESHORT;
	if (end < 8 + 16)
		return 0;       /* no descriptor */
	uint32_t start = get_be32(buf + 8 + 4), stop = get_be32(buf + 8 + 12);
	*kbps = start > stop ? start : stop;
	return 0;
}

/* SPC-4 7.5.5: the MODE SENSE(10) header is 8 bytes (mode data length 0-1,
 * block descriptor length 6-7); the page follows the block descriptors. On
 * success *page points at the page code byte and *page_len counts the bytes
 * of the page that are present (at most 2 + its page length). */
int mmc_mode_page(const uint8_t *buf, size_t len, uint8_t page_code,
		  const uint8_t **page, size_t *page_len)
{
	if (len < 8)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	size_t off = 8 + (size_t)get_be16(buf + 6);
	if (end < off + 2)
		return DB_ESHORT;
	if ((buf[off] & 0x3F) != page_code)
		return DB_EINVAL;
	size_t plen = (size_t)buf[off + 1] + 2;
	if (plen > end - off)
		plen = end - off;
	*page = buf + off;
	*page_len = plen;
	return 0;
}

int mmc_parse_link_page(const uint8_t *buf, size_t len, struct mmc_link_page *out)
{
	const uint8_t *p;
	size_t plen;

	memset(out, 0, sizeof(*out));
	int rc = mmc_mode_page(buf, len, 0x30, &p, &plen);
	if (rc)
		return rc;
	if (plen < 6)
		return DB_ESHORT;
	out->supported = p[2] & 0x01;
	out->enabled = p[3] & 0x01;
	out->links = get_be16(&p[4]);
	return 0;
}

/* MMC-6 7.5 write parameters page 05h: byte 2 BUFE 6, LS_V 5, Test Write 4,
 * write type 0-3; byte 3 multi-session 6-7, FP 5, copy 4, track mode 0-3;
 * byte 4 data block type 0-3; session format 8; packet size 10-13; audio
 * pause length 14-15. */
int mmc_parse_write_params(const uint8_t *buf, size_t len, struct mmc_write_params *out)
{
	const uint8_t *p;
	size_t plen;

	memset(out, 0, sizeof(*out));
	int rc = mmc_mode_page(buf, len, 0x05, &p, &plen);
	if (rc)
		return rc;
	if (plen < 16)
		return DB_ESHORT;
	out->bufe = p[2] & 0x40;
	out->ls_v = p[2] & 0x20;
	out->test_write = p[2] & 0x10;
	out->write_type = p[2] & 0x0F;
	out->multisession = p[3] >> 6;
	out->fp = p[3] & 0x20;
	out->track_mode = p[3] & 0x0F;
	out->data_block_type = p[4] & 0x0F;
	out->session_format = p[8];
	out->packet_size = get_be32(p + 10);
	out->audio_pause = get_be16(p + 14);
	out->copy = p[3] & 0x10;
	if (plen >= 52) {
		/* MCVAL byte 16 bit 7, digits 17-29; TCVAL byte 32 bit 7,
		 * characters 33-44; the XA sub-header 48-51 */
		if (p[16] & 0x80)
			for (int i = 0; i < 13; i++)
				out->mcn[i] = (char)(p[17 + i] >= 0x20 && p[17 + i] < 0x7F ? p[17 + i] : '?');
		if (p[32] & 0x80)
			for (int i = 0; i < 12; i++)
				out->isrc[i] = (char)(p[33 + i] >= 0x20 && p[33 + i] < 0x7F ? p[33 + i] : '?');
		memcpy(out->subheader, p + 48, 4);
	}
	return 0;
}

void mmc_patch_write_params(uint8_t *page, const struct mmc_write_params *p)
{
	page[0] &= 0x3F;        /* PS is reserved in MODE SELECT */
	page[2] = (uint8_t)((page[2] & 0x80) | (p->bufe ? 0x40 : 0) | (p->ls_v ? 0x20 : 0) |
			    (p->test_write ? 0x10 : 0) | (p->write_type & 0x0F));
	page[3] = (uint8_t)((p->multisession & 0x03) << 6 | (p->fp ? 0x20 : 0) |
			    (page[3] & 0x10) | (p->track_mode & 0x0F));
	page[4] = (uint8_t)((page[4] & 0xF0) | (p->data_block_type & 0x0F));
	page[8] = p->session_format;
	put_be32(page + 10, p->packet_size);
	put_be16(page + 14, p->audio_pause);
}

/* MMC-6 7.5.4: byte 3 bit 4 Copy; bytes 16-31 the media catalog number
 * (MCVAL bit 7 of byte 16, N1-N13 in 17-29, zero, AFRAME); bytes 32-47 the
 * ISRC (TCVAL bit 7 of byte 32, I1-I12 in 33-44, zero, AFRAME); bytes 48-51
 * the sub-header. */
bool mmc_patch_write_codes(uint8_t *page, size_t len, const struct mmc_write_params *p)
{
	if (len < 52)
		return false;
	page[3] = (uint8_t)((page[3] & ~0x10) | (p->copy ? 0x10 : 0));
	memset(page + 16, 0, 32);
	if (p->mcn[0]) {
		page[16] = 0x80;
		memcpy(page + 17, p->mcn, 13);
	}
	if (p->isrc[0]) {
		page[32] = 0x80;
		memcpy(page + 33, p->isrc, 12);
	}
	memcpy(page + 48, p->subheader, 4);
	return true;
}

size_t mmc_fill_write_params(uint8_t *out, size_t out_size, const struct mmc_write_params *p)
{
	const size_t n = 8 + 0x34;

	if (out_size < n)
		return 0;
	memset(out, 0, n);
	out[8] = 0x05;
	out[9] = 0x32;
	mmc_patch_write_params(out + 8, p);
	if (p->codes)
		mmc_patch_write_codes(out + 8, 0x34, p);
	return n;
}

/* MMC-3 5.5.10 CD/DVD capabilities page 2Ah (kept as legacy in MMC-5/6):
 * byte 2 read CD-R 0, CD-RW 1, DVD-ROM 3, DVD-R 4, DVD-RAM 5; byte 3 write
 * CD-R 0, CD-RW 1, test write 2, DVD-R 4, DVD-RAM 5; byte 4 BUF 7 (BURN-Free),
 * multi-session 6; byte 5 is about reading (bit 7: bar code); byte 6 lock 0, eject 3; max read speed 8-9; buffer size
 * (KB) 12-13; max write speed 18-19; current write speed 20-21 (obsolete),
 * 28-29 (selected); descriptor count 30-31, 4-byte descriptors from 32 with
 * the write speed in bytes 2-3. */
int mmc_parse_caps(const uint8_t *buf, size_t len, struct mmc_caps *out)
{
	const uint8_t *p;
	size_t plen;

	memset(out, 0, sizeof(*out));
	int rc = mmc_mode_page(buf, len, 0x2A, &p, &plen);
	if (rc)
		return rc;
	if (plen < 22)
		return DB_ESHORT;
	out->read_cdr = p[2] & 0x01;
	out->read_cdrw = p[2] & 0x02;
	out->read_dvdrom = p[2] & 0x08;
	out->read_dvdr = p[2] & 0x10;
	out->read_dvdram = p[2] & 0x20;
	out->write_cdr = p[3] & 0x01;
	out->write_cdrw = p[3] & 0x02;
	out->test_write = p[3] & 0x04;
	out->write_dvdr = p[3] & 0x10;
	out->write_dvdram = p[3] & 0x20;
	out->multisession = p[4] & 0x40;
	out->burnfree = p[4] & 0x80;
	out->lock = p[6] & 0x01;
	out->eject = p[6] & 0x08;
	out->max_read_kbps = get_be16(p + 8);
	out->buffer_kb = get_be16(p + 12);
	out->max_write_kbps = get_be16(p + 18);
	out->cur_write_kbps = get_be16(p + 20);
	if (plen >= 32) {
		uint16_t sel = get_be16(p + 28);
		if (sel)
			out->cur_write_kbps = sel;
		unsigned n = get_be16(p + 30);
		for (unsigned i = 0; i < n && 32 + 4 * (size_t)i + 4 <= plen &&
		     out->nspeeds < MMC_MAX_SPEEDS; i++) {
			uint32_t w = get_be16(p + 32 + 4 * i + 2);
			out->write_speeds_kbps[out->nspeeds++] = w;
			if (w > out->max_write_kbps)
				out->max_write_kbps = w;
		}
	}
	return 0;
}

/* MMC-6 6.26.3.2 TOC format 0000b (LBA form): length 0-1, first 2, last 3,
 * 8-byte descriptors: ADR/CONTROL 1, track number 2, start address 4-7. */
int mmc_parse_toc(const uint8_t *buf, size_t len, struct mmc_toc *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 4)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	if (end < 4)
		return DB_ESHORT;
	out->first = buf[2];
	out->last = buf[3];
	for (size_t off = 4; off + 8 <= end && out->n < MMC_MAX_TRACKS + 1; off += 8) {
		out->e[out->n].adr_ctl = buf[off + 1];
		out->e[out->n].track = buf[off + 2];
		out->e[out->n].lba = get_be32(buf + off + 4);
		out->n++;
	}
	return 0;
}

/* MMC-6 6.26.3.3 format 0001b session information: first/last complete
 * session 2/3, one descriptor: first track of the last session 6, its start
 * address 8-11. */
int mmc_parse_session_info(const uint8_t *buf, size_t len, struct mmc_session_info *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 2)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	if (end < 12)
		return DB_ESHORT;
	out->first_session = buf[2];
	out->last_session = buf[3];
	out->first_track_last = buf[6];
	out->lba = get_be32(buf + 8);
	return 0;
}

/* MMC-6 6.24.3: capacity list header (list length byte 3), current/maximum
 * descriptor (blocks 0-3, descriptor type byte 4 bits 0-1), then formattable
 * descriptors (blocks 0-3, format type byte 4 bits 2-7, parameter 5-7). */
int mmc_parse_format_capacities(const uint8_t *buf, size_t len, struct mmc_format_caps *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 4)
		return DB_ESHORT;
	size_t end = (size_t)buf[3] + 4;
	if (end > len)
		end = len;
	if (end < 12)
		return DB_ESHORT;
	out->cur_blocks = get_be32(buf + 4);
	out->cur_type = buf[8] & 0x03;
	for (size_t off = 12; off + 8 <= end && out->n < MMC_MAX_FORMATS; off += 8) {
		out->d[out->n].blocks = get_be32(buf + off);
		out->d[out->n].format_type = buf[off + 4] >> 2;
		out->d[out->n].param = get_be24(buf + off + 5);
		out->n++;
	}
	return 0;
}

/* MMC-6 6.7.2: event header (length 0-1, NEA byte 2 bit 7, class byte 2
 * bits 0-2), media event descriptor (event code byte 4 bits 0-3; byte 5
 * media present bit 1, tray open bit 0). */
int mmc_parse_event_media(const uint8_t *buf, size_t len, struct mmc_event_media *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 4)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	if (end < 4)
		return DB_ESHORT;
	out->nea = buf[2] & 0x80;
	if (out->nea || (buf[2] & 0x07) != 4)
		return 0;
	if (end < 6)
		return DB_ESHORT;
	out->valid = true;
	out->event = buf[4] & 0x0F;
	out->present = buf[5] & 0x02;
	out->tray_open = buf[5] & 0x01;
	return 0;
}

/* ---- CD addressing and the SAO cue sheet ---------------------------------- */

/* MMC-6 6.26.3.2 (table "LBA to MSF translation"): LBA -150..404849 map to
 * 00:00:00..89:59:74; LBA -45150..-151 (lead-in) map to 90:00:00..99:59:74. */
void mmc_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f)
{
	/* in 64 bits: a drive may report any LBA, 0x7FFFFFFF included; what
	 * M:S:F cannot hold is shown as its largest value, 255:59:74 */
	int64_t x = lba >= -150 ? (int64_t)lba + 150 : (int64_t)lba + 450150;

	if (x < 0)
		x = 0;
	if (x > (int64_t)256 * 60 * 75 - 1)
		x = (int64_t)256 * 60 * 75 - 1;
	*m = (uint8_t)(x / (60 * 75));
	*s = (uint8_t)(x / 75 % 60);
	*f = (uint8_t)(x % 75);
}

int32_t mmc_msf_to_lba(uint8_t m, uint8_t s, uint8_t f)
{
	int32_t x = ((int32_t)m * 60 + s) * 75 + f;

	return m >= 90 ? x - 450150 : x - 150;
}

static void cue_entry(uint8_t *e, uint8_t ctl_adr, uint8_t tno, uint8_t index,
		      uint8_t form, int32_t lba)
{
	e[0] = ctl_adr;
	e[1] = tno;
	e[2] = index;
	e[3] = form;
	e[4] = 0;               /* SCMS: copying permitted is irrelevant for data */
	mmc_lba_to_msf(lba, &e[5], &e[6], &e[7]);
}

/* MMC-6 6.33.3 cue sheet, 8-byte entries CTL/ADR, TNO, INDEX, DATA FORM,
 * SCMS, MIN, SEC, FRAME. A data track has CTL 4 (data, copy prohibited) and
 * ADR 1 (position): 0x41. Data forms (6.33.3.14): 10h = CD-ROM mode 1, the
 * host sends 2048 bytes per sector and the drive adds sync, header, EDC and
 * ECC; 14h = CD-ROM mode 1 that the drive generates by itself, the host
 * sending nothing, which is right only for the lead-in and the lead-out.
 * Track 1 index 0 (the 2 s pregap) starts at 00:00:00 = LBA -150 with form
 * 10h, so the host writes those 150 sectors (zeros) before the image at
 * 00:02:00 = LBA 0; the lead-out starts right after the last sector. This is
 * the cue sheet libburn and cdrdao send for one mode 1 track. A track must be
 * at least 4 s (300 sectors) long (6.33.3.19), and the lead-out must be
 * addressable in MSF below 90 minutes. */
size_t mmc_cue_single_data_track(uint8_t *out, size_t out_size, uint32_t blocks)
{
	const uint8_t ctl_adr = 0x41, form_host = 0x10, form_drive = 0x14;

	if (out_size < 32 || blocks < 300 || blocks > 404849)
		return 0;
	cue_entry(out + 0, ctl_adr, 0x00, 0, form_drive, -150);         /* lead-in */
	cue_entry(out + 8, ctl_adr, 0x01, 0, form_host, -150);          /* pregap */
	cue_entry(out + 16, ctl_adr, 0x01, 1, form_host, 0);            /* track 1 */
	cue_entry(out + 24, ctl_adr, 0xAA, 1, form_drive, (int32_t)blocks); /* lead-out */
	return 32;
}

/* MMC-6 6.26.3.6, ATIP descriptor after the 4-byte header: byte 4 writing
 * power (bits 6-4), byte 5 URU (bit 6), byte 6 disc type (bit 6 erasable),
 * sub-type (bits 5-3), A1/A2/A3 valid (bits 2-0); bytes 8-10 lead-in start
 * M:S:F, bytes 12-14 last possible lead-out start M:S:F. */
int mmc_parse_atip(const uint8_t *buf, size_t len, struct mmc_atip *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 2)
		return DB_ESHORT;
	size_t end = declared_be16(buf, len);
	if (end < 15)
		return DB_ESHORT;
	out->write_power = (buf[4] >> 4) & 0x07;
	out->uru = buf[5] & 0x40;
	out->erasable = buf[6] & 0x40;
	out->sub_type = (buf[6] >> 3) & 0x07;
	out->a1_valid = buf[6] & 0x04;
	out->a2_valid = buf[6] & 0x02;
	out->a3_valid = buf[6] & 0x01;
	out->leadin_m = buf[8];
	out->leadin_s = buf[9];
	out->leadin_f = buf[10];
	out->leadout_m = buf[12];
	out->leadout_s = buf[13];
	out->leadout_f = buf[14];
	out->leadin_lba = mmc_msf_to_lba(buf[8], buf[9], buf[10]);
	out->leadout_lba = mmc_msf_to_lba(buf[12], buf[13], buf[14]);
	return 0;
}

const char *mmc_disc_status_name(uint8_t status)
{
	static const char *const names[] = { "blank", "appendable", "complete", "other" };
	return names[status & 3];
}
