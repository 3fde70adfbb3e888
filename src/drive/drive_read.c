/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive_read.c — read speed and the meaning of a failed READ (drive_read.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "drive/drive.h"
#include "drive/drive_read.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "mmc/mmc_cd.h"
#include "mmc/sense.h"

int drive_set_read_speed(struct device *d, uint16_t profile, uint32_t read_kbps,
			 uint32_t end_lba, struct db_error *err)
{
	struct scsi_cmd c;
	enum mmc_family fam = disc_type(profile)->family;

	if (fam == MMC_FAM_CD) {
		/* MMC-6 6.39: bytes 2-3 the read speed, FFFFh the fastest */
		uint16_t r = read_kbps == 0 || read_kbps >= 0xFFFF ? 0xFFFF : (uint16_t)read_kbps;
		mmc_build_set_cd_speed(&c, r, 0xFFFF);
		return device_run(d, &c, 0, err);
	}
	if (fam != MMC_FAM_DVD && fam != MMC_FAM_BD)
		return db_fail(err, DB_R_INTERNAL, .what = "read speed for this medium");
	if (read_kbps == 0)
		return 0;
	/* MMC-6 6.40.3.1: read size (kB) per read time (ms) is the read
	 * speed; the write figures are those of the same speed, which a drive
	 * that only reads ignores */
	uint8_t desc[28];
	mmc_fill_streaming_descriptor(desc, end_lba, read_kbps, read_kbps);
	mmc_build_set_streaming(&c, desc, sizeof(desc));
	return device_run(d, &c, 0, err);
}

enum read_failure drive_read_failure(int rc, const struct db_error *err)
{
	if (rc == DB_ETIMEOUT && err->reason == DB_R_DRIVE_TIMEOUT)
		return READ_FAIL_MEDIUM;        /* a drive struggling with one sector */
	if (rc == DB_ESHORT)
		return READ_FAIL_MEDIUM;        /* fewer bytes than asked: try again */
	if (rc != DB_ECHECK || !err->have_sense)
		return READ_FAIL_DRIVE;
	switch (err->key) {
	case SK_MEDIUM_ERROR:
		return READ_FAIL_MEDIUM;
	case SK_HARDWARE_ERROR:
		/* 4/09: tracking or focus lost on a damaged area; 4/11: not
		 * correctable; other hardware errors are the drive's */
		return err->asc == 0x09 || err->asc == 0x11 || err->asc == 0x15 ? READ_FAIL_MEDIUM
										 : READ_FAIL_DRIVE;
	case SK_ILLEGAL_REQUEST:
		/* 5/21 address out of range, 5/64 illegal mode for this track,
		 * 5/30 incompatible medium */
		return err->asc == 0x21 || err->asc == 0x64 || err->asc == 0x30 ? READ_FAIL_NOT_THERE
										 : READ_FAIL_DRIVE;
	case SK_BLANK_CHECK:
		return READ_FAIL_NOT_THERE;
	}
	return READ_FAIL_DRIVE;
}

/* ---- CD ------------------------------------------------------------------- */

static size_t got_of(const struct scsi_cmd *c)
{
	return c->resid > c->data_len ? 0 : (size_t)(c->data_len - c->resid);
}

int drive_read_cd_raw(struct device *d, int32_t lba, uint32_t n, void *buf,
		      struct db_error *err)
{
	struct scsi_cmd c;
	uint32_t len = n * 2352u;
	if (!n || n > (1u << 24) / 2352)
		return db_fail(err, DB_R_INTERNAL, .what = "READ CD length");
	mmc_build_read_cd(&c, 0, lba, n, MMC_CD_RAW_FIELDS, 0, buf, len);
	int rc = device_run(d, &c, 0, err);
	if (rc < 0)
		return rc;
	if (got_of(&c) != len)
		return db_fail(err, DB_R_READ_SHORT, .n1 = got_of(&c), .n2 = len,
			       .lba = (uint32_t)lba, .lba_valid = true);
	return 0;
}

int drive_read_q(struct device *d, int32_t lba, struct mmc_q *out, struct db_error *err)
{
	uint8_t q[16] = { 0 };
	struct scsi_cmd c;
	mmc_build_read_cd(&c, 0, lba, 1, 0x00, 2, q, sizeof(q));
	int rc = device_run(d, &c, 0, err);
	if (rc < 0)
		return rc;
	rc = mmc_parse_q(q, got_of(&c), out);
	if (rc == DB_ESHORT)
		return db_fail(err, DB_R_ANSWER_SHORT, .what = "READ CD (sub-channel Q)");
	if (rc < 0)
		return db_fail(err, DB_R_ANSWER_BAD, .what = "READ CD (sub-channel Q)");
	return 0;
}

static int subchannel(struct device *d, uint8_t format, uint8_t track, uint8_t *buf,
		      size_t *got, struct db_error *err)
{
	struct scsi_cmd c;
	mmc_build_read_subchannel(&c, format, track, buf, 24);
	int rc = device_run(d, &c, 0, err);
	if (rc == 0)
		*got = got_of(&c);
	return rc;
}

int drive_read_mcn(struct device *d, char out[14], struct db_error *err)
{
	uint8_t b[24] = { 0 };
	size_t got = 0;
	out[0] = '\0';
	int rc = subchannel(d, 2, 0, b, &got, err);
	if (rc == 0 && mmc_parse_mcn(b, got, out) < 0)
		return db_fail(err, DB_R_ANSWER_BAD, .what = "READ SUB-CHANNEL (catalog number)");
	return rc;
}

int drive_read_isrc(struct device *d, uint8_t track, char out[13], struct db_error *err)
{
	uint8_t b[24] = { 0 };
	size_t got = 0;
	out[0] = '\0';
	int rc = subchannel(d, 3, track, b, &got, err);
	if (rc == 0 && mmc_parse_isrc(b, got, out) < 0)
		return db_fail(err, DB_R_ANSWER_BAD, .what = "READ SUB-CHANNEL (ISRC)");
	return rc;
}

int drive_read_full_toc(struct device *d, struct mmc_full_toc *out, struct db_error *err)
{
	enum { ALLOC = 4 + 11 * MMC_FULL_TOC_MAX };
	uint8_t *buf = calloc(1, ALLOC);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	struct scsi_cmd c;
	mmc_build_read_toc(&c, 2, true, 1, buf, ALLOC);
	int rc = device_run(d, &c, 0, err);
	if (rc == 0 && mmc_parse_full_toc(buf, got_of(&c), out) < 0)
		rc = db_fail(err, DB_R_ANSWER_SHORT, .what = "READ TOC (full TOC)");
	free(buf);
	return rc;
}

int drive_read_cdtext(struct device *d, uint8_t **out, size_t *len, struct db_error *err)
{
	*out = NULL;
	*len = 0;
	uint8_t head[4] = { 0 };
	struct scsi_cmd c;
	struct db_error e;
	mmc_build_read_toc(&c, 5, false, 0, head, sizeof(head));
	int rc = device_run(d, &c, 0, &e);
	if (rc == DB_ECHECK && e.have_sense && e.key == SK_ILLEGAL_REQUEST)
		return 0;               /* no CD-TEXT on this disc */
	if (rc < 0) {
		if (err)
			*err = e;
		return rc;
	}
	size_t total = (size_t)get_be16(head) + 2;
	if (got_of(&c) < 4 || total <= 4)
		return 0;
	if (total > 0xFFFF)
		total = 0xFFFF;
	uint8_t *buf = calloc(1, total);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	mmc_build_read_toc(&c, 5, false, 0, buf, (uint16_t)total);
	if ((rc = device_run(d, &c, 0, err)) < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	*len = got_of(&c);
	return 0;
}
