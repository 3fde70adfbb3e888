/* mmc_cd.c — the commands a CD is read back with (see cd.h). */
#include "config.h"

#include <string.h>
#include "base/bytes.h"
#include "base/err.h"
#include "mmc/cd.h"
#include "mmc/mmc.h"

/* MMC-6 6.19 READ CD: expected sector type byte 1 bits 2-4, LBA 2-5,
 * transfer length (blocks) 6-8, byte 9 the fields, byte 10 bits 0-2 the
 * sub-channel. */
void mmc_build_read_cd(struct scsi_cmd *c, int32_t lba, uint32_t blocks, uint8_t type,
		       uint8_t fields, uint8_t sub, void *buf, uint32_t len)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = MMC_READ_CD;
	c->cdb_len = 12;
	c->cdb[1] = (uint8_t)((type & 0x07) << 2);
	put_be32(c->cdb + 2, (uint32_t)lba);
	put_be24(c->cdb + 6, blocks);
	c->cdb[9] = fields;
	c->cdb[10] = sub & 0x07;
	c->dir = len ? SCSI_DIR_IN : SCSI_DIR_NONE;
	c->data = len ? buf : NULL;
	c->data_len = len;
	c->timeout_ms = MMC_TIMEOUT_WRITE_MS;
}

/* MMC-6 6.28 READ SUB-CHANNEL: SubQ byte 2 bit 6, format byte 3, track
 * number byte 6, allocation length 7-8. */
void mmc_build_read_subchannel(struct scsi_cmd *c, uint8_t format, uint8_t track, void *buf,
			       uint16_t alloc)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = MMC_READ_SUBCHANNEL;
	c->cdb_len = 10;
	c->cdb[2] = 0x40;
	c->cdb[3] = format;
	c->cdb[6] = track;
	put_be16(c->cdb + 7, alloc);
	c->dir = alloc ? SCSI_DIR_IN : SCSI_DIR_NONE;
	c->data = alloc ? buf : NULL;
	c->data_len = alloc;
	c->timeout_ms = MMC_TIMEOUT_SHORT_MS;
}

/* The 24-byte answers of formats 2 and 3 (6.28.3.3, 6.28.3.4): the format
 * code in byte 4, the valid bit in byte 8 bit 7, the code from byte 9. */
static int code_answer(const uint8_t *buf, size_t len, uint8_t format, size_t n, char *out)
{
	out[0] = '\0';
	if (len < 24)
		return DB_ESHORT;
	if (buf[4] != format)
		return DB_EINVAL;
	if (!(buf[8] & 0x80))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = (char)buf[9 + i];
		if (ch < 0x20 || ch > 0x7E)
			return DB_EINVAL;
		out[i] = ch;
	}
	out[n] = '\0';
	return 0;
}

int mmc_parse_subchannel_mcn(const uint8_t *buf, size_t len, char mcn[14])
{
	return code_answer(buf, len, 0x02, 13, mcn);
}

int mmc_parse_subchannel_isrc(const uint8_t *buf, size_t len, char isrc[13])
{
	return code_answer(buf, len, 0x03, 12, isrc);
}

int mmc_parse_full_toc(const uint8_t *buf, size_t len, struct mmc_full_toc *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 4)
		return DB_ESHORT;
	size_t end = (size_t)get_be16(buf) + 2;
	if (end > len)
		end = len;
	out->first_session = buf[2];
	out->last_session = buf[3];
	for (size_t off = 4; off + 11 <= end && out->n < MMC_MAX_TOC_ENTRIES; off += 11) {
		const uint8_t *p = buf + off;
		struct mmc_toc_entry *e = &out->e[out->n++];
		e->session = p[0];
		e->adr = p[1] >> 4;
		e->ctl = p[1] & 0x0F;
		e->point = p[3];
		e->min = p[4];
		e->sec = p[5];
		e->frame = p[6];
		e->zero = p[7];
		e->pmin = p[8];
		e->psec = p[9];
		e->pframe = p[10];
	}
	return 0;
}

int mmc_parse_cdtext(const uint8_t *buf, size_t len, size_t *offset, size_t *bytes)
{
	*offset = 4;
	*bytes = 0;
	if (len < 4)
		return DB_ESHORT;
	size_t end = (size_t)get_be16(buf) + 2;
	if (end > len)
		end = len;
	if (end > 4)
		*bytes = (end - 4) / CD_PACK_BYTES * CD_PACK_BYTES;
	return 0;
}
