/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive_cd.c — a CD's sectors read back in the form verify compares (drive_cd.h). */
#include "config.h"

#include "drive/drive_cd.h"
#include "mmc/mmc_cd.h"
#include "mmc/mmc.h"

static int run(struct device *d, struct scsi_cmd *c, struct db_error *err, size_t *got)
{
	int rc = device_run(d, c, 0, err);
	if (rc < 0)
		return rc;
	*got = c->resid > c->data_len ? 0 : (size_t)(c->data_len - c->resid);
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
	mmc_build_read_cd(&c, type, lba, blocks, fields, sub, buf, len);
	int rc = run(d, &c, err, &got);
	if (rc < 0)
		return rc;
	if (got != len)
		return db_fail(err, DB_R_READ_SHORT, .n1 = got, .n2 = len, .lba = (uint32_t)lba,
			       .lba_valid = true);
	return 0;
}
