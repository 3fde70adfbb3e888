/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive_read.c — read speed and the meaning of a failed READ (drive_read.h). */
#include "config.h"

#include "drive/drive_read.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
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
