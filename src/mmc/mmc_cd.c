/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mmc_cd.c — READ CD, READ SUB-CHANNEL, the full TOC (mmc_cd.h). */
#include "config.h"

#include <string.h>
#include "base/bytes.h"
#include "base/err.h"
#include "mmc/mmc.h"
#include "mmc/mmc_cd.h"

static void init(struct scsi_cmd *c, uint8_t op, uint8_t len, enum scsi_dir dir, void *buf,
		 uint32_t n)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = op;
	c->cdb_len = len;
	c->dir = dir;
	c->data = buf;
	c->data_len = n;
	c->timeout_ms = MMC_TIMEOUT_SHORT_MS;
}

void mmc_build_read_cd(struct scsi_cmd *c, uint8_t type, int32_t lba, uint32_t blocks,
		       uint8_t fields, uint8_t sub, void *buf, uint32_t len)
{
	init(c, MMC_READ_CD, 12, SCSI_DIR_IN, buf, len);
	c->cdb[1] = (uint8_t)((type & 7) << 2);
	put_be32(c->cdb + 2, (uint32_t)lba);
	c->cdb[6] = (uint8_t)(blocks >> 16);
	c->cdb[7] = (uint8_t)(blocks >> 8);
	c->cdb[8] = (uint8_t)blocks;
	c->cdb[9] = fields;
	c->cdb[10] = sub & 7;
}

void mmc_build_read_subchannel(struct scsi_cmd *c, uint8_t format, uint8_t track, void *buf,
			       uint16_t alloc)
{
	init(c, MMC_READ_SUBCHANNEL, 10, SCSI_DIR_IN, buf, alloc);
	c->cdb[2] = 0x40;               /* SubQ: return the sub-channel data */
	c->cdb[3] = format;
	c->cdb[6] = track;
	put_be16(c->cdb + 7, alloc);
}

static int bcd(uint8_t b)
{
	return (b >> 4) > 9 || (b & 15) > 9 ? -1 : (b >> 4) * 10 + (b & 15);
}

int mmc_parse_q(const uint8_t *buf, size_t len, struct mmc_q *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 16)
		return DB_ESHORT;
	out->control = buf[0] >> 4;
	out->adr = buf[0] & 15;
	out->pause = buf[15] & 0x80;
	if (out->adr == 1) {
		int t = bcd(buf[1]), i = bcd(buf[2]);
		if (t < 0 || i < 0)
			return DB_EINVAL;
		out->track = (uint8_t)t;
		out->index = (uint8_t)i;
	}
	return 0;
}

/* Formats 2 and 3: a 4-byte header, the sub-channel data format code in
 * byte 4, the VAL bit at byte 8, the code from byte 9. */
static int code(const uint8_t *buf, size_t len, uint8_t format, char *out, size_t n)
{
	out[0] = '\0';
	if (len < 9 + n)
		return DB_ESHORT;
	if (buf[4] != format)
		return DB_EINVAL;
	if (!(buf[8] & 0x80))
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = buf[9 + i];
		if (ch < 0x20 || ch > 0x7E)
			return DB_EINVAL;
		out[i] = (char)ch;
	}
	out[n] = '\0';
	return 0;
}

int mmc_parse_mcn(const uint8_t *buf, size_t len, char out[14])
{
	int rc = code(buf, len, 2, out, 13);
	for (const char *p = out; rc == 0 && *p; p++)
		if (*p < '0' || *p > '9')
			rc = DB_EINVAL;
	if (rc < 0 || !strcmp(out, "0000000000000"))
		out[0] = '\0';          /* an all-zero catalog number is none */
	return rc;
}

int mmc_parse_isrc(const uint8_t *buf, size_t len, char out[13])
{
	int rc = code(buf, len, 3, out, 12);
	if (rc < 0)
		out[0] = '\0';
	return rc;
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
	for (size_t p = 4; p + 11 <= end && out->n < MMC_FULL_TOC_MAX; p += 11) {
		const uint8_t *d = buf + p;
		struct mmc_toc_point *e = &out->e[out->n++];
		e->session = d[0];
		e->adr = d[1] >> 4;
		e->control = d[1] & 15;
		e->point = d[3];
		e->min = d[4];
		e->sec = d[5];
		e->frame = d[6];
		e->pmin = d[8];
		e->psec = d[9];
		e->pframe = d[10];
	}
	return 0;
}

int32_t mmc_full_toc_leadout(const struct mmc_full_toc *t, unsigned s)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->e[i].session == s && t->e[i].adr == 1 && t->e[i].point == 0xA2)
			return mmc_msf_to_lba(t->e[i].pmin, t->e[i].psec, t->e[i].pframe);
	return -1;
}
