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

#endif
