/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive_read.h — the commands a disc is read with, beyond drive.h's READ.
 *
 * Reading a disc to a file, checking it or copying it from a master needs
 * the read speed (SET CD SPEED's read field on CD, SET STREAMING's read
 * figures on DVD and BD) and, per sector, to know why a READ failed. Same
 * conventions as drive.h: the open device first, a struct db_error last,
 * 0 or a negative DB_E* code.
 */
#ifndef DISCBURN_DRIVE_READ_H
#define DISCBURN_DRIVE_READ_H

#include <stdbool.h>
#include <stdint.h>
#include "drive/device.h"
#include "base/err.h"

/* Set the read speed in kB/s for the medium's profile: SET CD SPEED with
 * the read field (the write field FFFFh: as the drive likes) on CD, SET
 * STREAMING with read size per read time on DVD and BD (end_lba: the last
 * LBA to be read). 0 asks for the fastest: FFFFh on CD; on DVD/BD the
 * drive's own choice, so nothing is sent. DB_EINVAL for a profile of no
 * known family. */
int drive_set_read_speed(struct device *d, uint16_t profile, uint32_t read_kbps,
			 uint32_t end_lba, struct db_error *err);

/* What a failed READ of a sector means for whoever reads the disc. */
enum read_failure {
	READ_FAIL_MEDIUM,       /* the sector did not read (medium error, a
				 * drive's time-out on it): worth trying again */
	READ_FAIL_NOT_THERE,    /* the drive says the address holds no readable
				 * data (out of range, another mode, blank):
				 * trying again will not help */
	READ_FAIL_DRIVE,        /* the drive or its link failed, or the read was
				 * cancelled: stop reading */
};
enum read_failure drive_read_failure(int rc, const struct db_error *err);

/* ---- CD: raw sectors, the Q sub-channel, codes, full TOC, CD-TEXT ---- */
struct mmc_q;
struct mmc_full_toc;

/* READ CD of n whole 2352-byte sectors of any kind (audio, mode 1, mode 2)
 * at lba into buf. DB_ESHORT (READ_SHORT) when fewer bytes came. */
int drive_read_cd_raw(struct device *d, int32_t lba, uint32_t n, void *buf,
		      struct db_error *err);

/* The formatted Q sub-channel of the sector at lba (READ CD with no main
 * channel data and sub-channel selection 2). */
int drive_read_q(struct device *d, int32_t lba, struct mmc_q *out, struct db_error *err);

/* READ SUB-CHANNEL: the disc's media catalog number, a track's ISRC; ""
 * when there is none. */
int drive_read_mcn(struct device *d, char out[14], struct db_error *err);
int drive_read_isrc(struct device *d, uint8_t track, char out[13], struct db_error *err);

/* READ TOC format 2 (the full TOC, MSF). */
int drive_read_full_toc(struct device *d, struct mmc_full_toc *out, struct db_error *err);

/* READ TOC format 5: the CD-TEXT packs behind their 4-byte header, *out
 * malloc'ed; *out NULL and *len 0 when the disc has none (the drive
 * answers 5/24/00 or an empty list). */
int drive_read_cdtext(struct device *d, uint8_t **out, size_t *len, struct db_error *err);

#endif
