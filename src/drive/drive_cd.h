/* drive_cd.h — the commands a written CD is read back with: its sectors in
 * any form (READ CD), the Q sub-channel's codes (READ SUB-CHANNEL), the full
 * TOC and the CD-TEXT (READ TOC formats 2 and 5). Same conventions as
 * drive.h: the open device first, a struct db_error last, 0 or a negative
 * DB_E* code; builders and parsers are in mmc/cd.h. */
#ifndef DISCBURN_DRIVE_CD_H
#define DISCBURN_DRIVE_CD_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "drive/device.h"
#include "mmc/cd.h"

/* READ CD of blocks sectors from lba, each `bytes` long as type, fields and
 * sub select them (mmc_build_read_cd); DB_ESHORT (DB_R_READ_SHORT) when
 * fewer bytes came. */
int drive_read_cd(struct device *d, int32_t lba, uint32_t blocks, uint8_t type,
		  uint8_t fields, uint8_t sub, void *buf, uint32_t bytes, struct db_error *err);

/* The disc's catalog number, a track's ISRC: "" when the drive says none. */
int drive_read_mcn(struct device *d, char mcn[14], struct db_error *err);
int drive_read_isrc(struct device *d, uint8_t track, char isrc[13], struct db_error *err);

/* READ TOC format 2, every session. */
int drive_read_full_toc(struct device *d, struct mmc_full_toc *out, struct db_error *err);

/* READ TOC format 5: the CD-TEXT packs of the lead-in, malloc'ed into
 * *packs (NULL and 0 when there are none). */
int drive_read_cdtext(struct device *d, uint8_t **packs, size_t *bytes, struct db_error *err);

#endif
