/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive_cd.h — a written CD's sectors read back in any form READ CD gives
 * (user data of one sector type, the 2336 bytes after the header, the
 * formatted Q of a run of sectors), as verify compares them. The codes, the
 * full TOC and the CD-TEXT are drive_read.h's. Same conventions as drive.h:
 * the open device first, a struct db_error last, 0 or a negative DB_E* code;
 * the builder is mmc_cd.h's. */
#ifndef DISCBURN_DRIVE_CD_H
#define DISCBURN_DRIVE_CD_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "drive/device.h"
#include "mmc/cd.h"
#include "mmc/mmc_cd.h"

/* READ CD of blocks sectors from lba, each `bytes` long as type, fields and
 * sub select them (mmc_build_read_cd, cd.h's READ_CD_*); DB_ESHORT
 * (DB_R_READ_SHORT) when fewer bytes came. */
int drive_read_cd(struct device *d, int32_t lba, uint32_t blocks, uint8_t type,
		  uint8_t fields, uint8_t sub, void *buf, uint32_t bytes, struct db_error *err);

#endif
