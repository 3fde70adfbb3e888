/* drive_cd.c — reading a CD back (drive_cd.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include "base/bytes.h"
#include "drive/drive_cd.h"
#include "mmc/mmc.h"

static int run(struct device *d, struct scsi_cmd *c, struct db_error *err, size_t *got)
{
	int rc = device_run(d, c, 0, err);
	if (rc < 0)
		return rc;
	*got = c->resid > c->data_len ? 0 : (size_t)(c->data_len - c->resid);
	return 0;
}

static int parsed(int rc, const char *what, struct db_error *err)
{
	if (rc == DB_ESHORT)
		return db_fail(err, DB_R_ANSWER_SHORT, .what = what);
	if (rc < 0)
		return db_fail(err, DB_R_ANSWER_BAD, .what = what);
	return 0;
}

int drive_read_cd(struct device *d, int32_t lba, uint32_t blocks, uint8_t type,
		  uint8_t fields, uint8_t sub, void *buf, uint32_t bytes, struct db_error *err)
{
	if (!blocks || blocks > 0xFFFFFF || bytes > UINT32_MAX / blocks)
		return db_fail(err, DB_R_INTERNAL, .what = "READ CD length", .n1 = blocks);
	struct scsi_cmd c;
	uint32_t len = blocks * bytes;
	size_t got;
	mmc_build_read_cd(&c, lba, blocks, type, fields, sub, buf, len);
	int rc = run(d, &c, err, &got);
	if (rc < 0)
		return rc;
	if (got != len)
		return db_fail(err, DB_R_READ_SHORT, .n1 = got, .n2 = len, .lba = (uint32_t)lba,
			       .lba_valid = true);
	return 0;
}

static int read_code(struct device *d, uint8_t format, uint8_t track, char *out,
		     struct db_error *err)
{
	uint8_t buf[24] = { 0 };
	struct scsi_cmd c;
	size_t got;
	mmc_build_read_subchannel(&c, format, track, buf, sizeof(buf));
	int rc = run(d, &c, err, &got);
	if (rc < 0)
		return rc;
	rc = format == 2 ? mmc_parse_subchannel_mcn(buf, got, out)
			 : mmc_parse_subchannel_isrc(buf, got, out);
	return parsed(rc, "READ SUB-CHANNEL", err);
}

int drive_read_mcn(struct device *d, char mcn[14], struct db_error *err)
{
	return read_code(d, 2, 0, mcn, err);
}

int drive_read_isrc(struct device *d, uint8_t track, char isrc[13], struct db_error *err)
{
	return read_code(d, 3, track, isrc, err);
}

/* READ TOC of format 2 or 5 with the largest allocation length: both
 * declare their length first, and are far below 64 KiB. */
static int read_toc_whole(struct device *d, uint8_t format, uint8_t **out, size_t *got,
			  struct db_error *err)
{
	enum { ALLOC = 65532 };
	uint8_t *buf = calloc(1, ALLOC);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	struct scsi_cmd c;
	mmc_build_read_toc(&c, format, format == 2, 1, buf, ALLOC);
	c.cdb[6] = format == 2 ? 1 : 0;        /* full TOC from session 1 */
	int rc = run(d, &c, err, got);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

int drive_read_full_toc(struct device *d, struct mmc_full_toc *out, struct db_error *err)
{
	uint8_t *buf;
	size_t got;
	int rc = read_toc_whole(d, 2, &buf, &got, err);
	if (rc < 0)
		return rc;
	rc = parsed(mmc_parse_full_toc(buf, got, out), "READ TOC (full TOC)", err);
	free(buf);
	return rc;
}

int drive_read_cdtext(struct device *d, uint8_t **packs, size_t *bytes, struct db_error *err)
{
	*packs = NULL;
	*bytes = 0;
	uint8_t *buf;
	size_t got, off, n;
	int rc = read_toc_whole(d, 5, &buf, &got, err);
	if (rc < 0)
		return rc;
	if ((rc = parsed(mmc_parse_cdtext(buf, got, &off, &n), "READ TOC (CD-TEXT)", err)) == 0 &&
	    n) {
		memmove(buf, buf + off, n);
		*packs = buf;
		*bytes = n;
		return 0;
	}
	free(buf);
	return rc;
}
