/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mmc_cd.h — the commands a CD is read with beyond data sectors: READ CD
 * (raw sectors, sub-channel), READ SUB-CHANNEL (catalog number, ISRC) and
 * READ TOC's full TOC. Pure builders and bounded parsers, as mmc.h.
 * Section numbers cite MMC-6 unless noted.
 */
#ifndef DISCBURN_MMC_CD_H
#define DISCBURN_MMC_CD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "transport.h"

/* READ CD (6.19). type: the expected sector type (0 any, 1 CD-DA, 2 mode 1,
 * 3 mode 2 formless, 4 mode 2 form 1, 5 form 2); fields: byte 9 (80h sync,
 * 20h header, 40h sub-header, 10h user data, 08h EDC/ECC; F8h is the whole
 * 2352-byte sector of any kind); sub: byte 10 (0 none, 1 raw P-W, 2
 * formatted Q, 4 R-W). len is the buffer: per sector 2352 for F8h, 16 more
 * with sub 2, 96 with 1 or 4. */
#define MMC_CD_RAW_FIELDS 0xF8
void mmc_build_read_cd(struct scsi_cmd *c, uint8_t type, int32_t lba, uint32_t blocks,
		       uint8_t fields, uint8_t sub, void *buf, uint32_t len);

/* READ SUB-CHANNEL (6.28) with SubQ set: format 2 the media catalog number,
 * 3 the ISRC of track. */
void mmc_build_read_subchannel(struct scsi_cmd *c, uint8_t format, uint8_t track, void *buf,
			       uint16_t alloc);

/* A formatted Q sub-channel frame (the 16 bytes READ CD returns with sub 2,
 * 6.19.2.5): control and ADR, and for ADR 1 (position) the track and index
 * (BCD on the disc, decoded here). */
struct mmc_q {
	uint8_t control, adr;
	uint8_t track, index;           /* ADR 1 only */
	bool pause;                     /* the P channel */
};
int mmc_parse_q(const uint8_t *buf, size_t len, struct mmc_q *out);

/* READ SUB-CHANNEL formats 2 and 3 (6.28.3.3, 6.28.3.4): the MCN (13
 * digits) or ISRC (12 characters) when the drive found one (MCVAL/TCVAL),
 * else "". */
int mmc_parse_mcn(const uint8_t *buf, size_t len, char out[14]);
int mmc_parse_isrc(const uint8_t *buf, size_t len, char out[13]);

/* READ TOC format 2, the full TOC (6.26.3.4): 11-byte descriptors. */
#define MMC_FULL_TOC_MAX 128
struct mmc_toc_point {
	uint8_t session, adr, control, point;
	uint8_t min, sec, frame;        /* ATIME (mode 5 pointers) */
	uint8_t pmin, psec, pframe;     /* the point's address or value */
};
struct mmc_full_toc {
	uint8_t first_session, last_session;
	unsigned n;
	struct mmc_toc_point e[MMC_FULL_TOC_MAX];
};
int mmc_parse_full_toc(const uint8_t *buf, size_t len, struct mmc_full_toc *out);

/* The lead-out of session s (point A2), as an LBA; -1 when not listed. */
int32_t mmc_full_toc_leadout(const struct mmc_full_toc *t, unsigned s);

#endif
