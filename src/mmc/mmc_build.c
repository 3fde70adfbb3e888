/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mmc_build.c — SCSI MMC CDB builders (see mmc.h).
 *
 * Pure functions: no I/O, no allocation, no printing. A builder fills a
 * struct scsi_cmd and cannot fail.
 */
#include "config.h"

#include <string.h>
#include "base/bytes.h"
#include "mmc/mmc.h"

/* ---- builders ------------------------------------------------------------ */

static void cmd_init(struct scsi_cmd *c, uint8_t op, uint8_t cdb_len, enum scsi_dir dir,
		     void *buf, uint32_t len, uint32_t timeout_ms)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = op;
	c->cdb_len = cdb_len;
	c->dir = len ? dir : SCSI_DIR_NONE;
	c->data = len ? buf : NULL;
	c->data_len = len;
	c->timeout_ms = timeout_ms;
}

/* SPC-4 6.37 TEST UNIT READY */
void mmc_build_test_unit_ready(struct scsi_cmd *c)
{
	cmd_init(c, MMC_TEST_UNIT_READY, 6, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_SHORT_MS);
}

/* SPC-4 6.29 REQUEST SENSE: allocation length in byte 4 */
void mmc_build_request_sense(struct scsi_cmd *c, void *buf, uint8_t alloc)
{
	cmd_init(c, MMC_REQUEST_SENSE, 6, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	c->cdb[4] = alloc;
}

/* SPC-4 6.6 INQUIRY (standard data, EVPD 0): allocation length bytes 3-4 */
void mmc_build_inquiry(struct scsi_cmd *c, void *buf, uint8_t alloc)
{
	cmd_init(c, MMC_INQUIRY, 6, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	c->cdb[4] = alloc;
}

/* MMC-6 6.6 GET CONFIGURATION: RT in byte 1 bits 0-1, starting feature 2-3,
 * allocation length 7-8 */
void mmc_build_get_configuration(struct scsi_cmd *c, uint8_t rt, uint16_t start_feature,
				 void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_GET_CONFIGURATION, 10, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	c->cdb[1] = rt & 0x03;
	put_be16(c->cdb + 2, start_feature);
	put_be16(c->cdb + 7, alloc);
}

/* MMC-6 6.22 READ DISC INFORMATION, data type 000b (standard disc info) */
void mmc_build_read_disc_info(struct scsi_cmd *c, void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_READ_DISC_INFO, 10, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	put_be16(c->cdb + 7, alloc);
}

/* MMC-6 6.27 READ TRACK INFORMATION: address type byte 1 bits 0-1,
 * LBA / track / session number bytes 2-5 */
void mmc_build_read_track_info(struct scsi_cmd *c, uint8_t addr_type, uint32_t addr,
			       void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_READ_TRACK_INFO, 10, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	c->cdb[1] = addr_type & 0x03;
	put_be32(c->cdb + 2, addr);
	put_be16(c->cdb + 7, alloc);
}

/* MMC-6 6.26 READ TOC/PMA/ATIP: MSF byte 1 bit 1, format byte 2 bits 0-3,
 * track/session number byte 6 */
void mmc_build_read_toc(struct scsi_cmd *c, uint8_t format, bool msf, uint8_t track,
			void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_READ_TOC, 10, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	c->cdb[1] = msf ? 0x02 : 0x00;
	c->cdb[2] = format & 0x0F;
	c->cdb[6] = track;
	put_be16(c->cdb + 7, alloc);
}

/* MMC-6 6.23 READ CAPACITY: 8 bytes of answer */
void mmc_build_read_capacity(struct scsi_cmd *c, void *buf)
{
	cmd_init(c, MMC_READ_CAPACITY, 10, SCSI_DIR_IN, buf, 8, MMC_TIMEOUT_SHORT_MS);
}

/* MMC-6 6.24 READ FORMAT CAPACITIES: allocation length bytes 7-8 */
void mmc_build_read_format_capacities(struct scsi_cmd *c, void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_READ_FORMAT_CAPS, 10, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	put_be16(c->cdb + 7, alloc);
}

/* SPC-4 6.14 MODE SENSE(10): DBD set (byte 1 bit 3) since MMC devices have no
 * block descriptors worth reading; PC 00b (current values); page in byte 2 */
void mmc_build_mode_sense10(struct scsi_cmd *c, uint8_t page, void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_MODE_SENSE10, 10, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	c->cdb[1] = 0x08;
	c->cdb[2] = page & 0x3F;
	put_be16(c->cdb + 7, alloc);
}

/* SPC-4 6.12 MODE SELECT(10): PF set (byte 1 bit 4), list length bytes 7-8 */
void mmc_build_mode_select10(struct scsi_cmd *c, void *buf, uint16_t len)
{
	cmd_init(c, MMC_MODE_SELECT10, 10, SCSI_DIR_OUT, buf, len, MMC_TIMEOUT_SHORT_MS);
	c->cdb[1] = 0x10;
	put_be16(c->cdb + 7, len);
}

/* MMC-6 6.34 RESERVE TRACK: ARSV 0 (size form), reservation size bytes 5-8 */
void mmc_build_reserve_track(struct scsi_cmd *c, uint32_t blocks)
{
	cmd_init(c, MMC_RESERVE_TRACK, 10, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_WRITE_MS);
	put_be32(c->cdb + 5, blocks);
}

/* MMC-6 6.33 SEND CUE SHEET: cue sheet size bytes 6-8 */
void mmc_build_send_cue_sheet(struct scsi_cmd *c, void *buf, uint32_t len)
{
	cmd_init(c, MMC_SEND_CUE_SHEET, 10, SCSI_DIR_OUT, buf, len, MMC_TIMEOUT_SHORT_MS);
	put_be24(c->cdb + 6, len);
}

/* MMC-6 6.44 WRITE(10): LBA bytes 2-5, transfer length (blocks) bytes 7-8.
 * The transport never writes into an OUT buffer, hence the cast. */
void mmc_build_write10(struct scsi_cmd *c, uint32_t lba, uint16_t blocks,
		       const void *buf, uint32_t len)
{
	cmd_init(c, MMC_WRITE10, 10, SCSI_DIR_OUT, (void *)buf, len, MMC_TIMEOUT_WRITE_MS);
	put_be32(c->cdb + 2, lba);
	put_be16(c->cdb + 7, blocks);
}

/* MMC-6 6.45 WRITE(12): LBA bytes 2-5, transfer length bytes 6-9 */
void mmc_build_write12(struct scsi_cmd *c, uint32_t lba, uint32_t blocks,
		       const void *buf, uint32_t len)
{
	cmd_init(c, MMC_WRITE12, 12, SCSI_DIR_OUT, (void *)buf, len, MMC_TIMEOUT_WRITE_MS);
	put_be32(c->cdb + 2, lba);
	put_be32(c->cdb + 6, blocks);
}

/* MMC-6 6.16 READ(10) */
void mmc_build_read10(struct scsi_cmd *c, uint32_t lba, uint16_t blocks, void *buf, uint32_t len)
{
	cmd_init(c, MMC_READ10, 10, SCSI_DIR_IN, buf, len, MMC_TIMEOUT_WRITE_MS);
	put_be32(c->cdb + 2, lba);
	put_be16(c->cdb + 7, blocks);
}

/* MMC-6 6.17 READ(12) */
void mmc_build_read12(struct scsi_cmd *c, uint32_t lba, uint32_t blocks, void *buf, uint32_t len)
{
	cmd_init(c, MMC_READ12, 12, SCSI_DIR_IN, buf, len, MMC_TIMEOUT_WRITE_MS);
	put_be32(c->cdb + 2, lba);
	put_be32(c->cdb + 6, blocks);
}

/* MMC-6 6.20 READ BUFFER CAPACITY: Block byte 1 bit 0; 12 bytes of answer */
void mmc_build_read_buffer_capacity(struct scsi_cmd *c, bool block, void *buf)
{
	cmd_init(c, MMC_READ_BUFFER_CAP, 10, SCSI_DIR_IN, buf, 12, MMC_TIMEOUT_SHORT_MS);
	c->cdb[1] = block ? 0x01 : 0x00;
	put_be16(c->cdb + 7, 12);
}

/* MMC-6 6.41 SYNCHRONIZE CACHE: IMMED byte 1 bit 1 */
void mmc_build_synchronize_cache(struct scsi_cmd *c, bool immed)
{
	cmd_init(c, MMC_SYNCHRONIZE_CACHE, 10, SCSI_DIR_NONE, NULL, 0,
		 immed ? MMC_TIMEOUT_SHORT_MS : MMC_TIMEOUT_LONG_MS);
	c->cdb[1] = immed ? 0x02 : 0x00;
}

/* MMC-6 6.3 CLOSE TRACK/SESSION: IMMED byte 1 bit 0, close function byte 2
 * bits 0-2, track number bytes 4-5 */
void mmc_build_close_track_session(struct scsi_cmd *c, bool immed, uint8_t func, uint16_t number)
{
	cmd_init(c, MMC_CLOSE_TRACK_SESSION, 10, SCSI_DIR_NONE, NULL, 0,
		 immed ? MMC_TIMEOUT_SHORT_MS : MMC_TIMEOUT_LONG_MS);
	c->cdb[1] = immed ? 0x01 : 0x00;
	c->cdb[2] = func & 0x07;
	put_be16(c->cdb + 4, number);
}

/* MMC-6 6.39 SET CD SPEED: read speed bytes 2-3, write speed 4-5 (kB/s),
 * rotational control 00b (CLV) */
void mmc_build_set_cd_speed(struct scsi_cmd *c, uint16_t read_kbps, uint16_t write_kbps)
{
	cmd_init(c, MMC_SET_CD_SPEED, 12, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_SHORT_MS);
	put_be16(c->cdb + 2, read_kbps);
	put_be16(c->cdb + 4, write_kbps);
}

/* MMC-6 6.40 SET STREAMING: type 0 (performance descriptor) in byte 8,
 * parameter list length bytes 9-10 */
void mmc_build_set_streaming(struct scsi_cmd *c, void *buf, uint16_t len)
{
	cmd_init(c, MMC_SET_STREAMING, 12, SCSI_DIR_OUT, buf, len, MMC_TIMEOUT_SHORT_MS);
	c->cdb[8] = 0x00;
	put_be16(c->cdb + 9, len);
}

/* MMC-6 6.40.3.1 performance descriptor: start LBA 4-7 (0), end LBA 8-11,
 * read size 12-15 per read time 16-19, write size 20-23 per write time
 * 24-27. Sizes in kB per 1000 ms give the speed in kB/s directly. */
void mmc_fill_streaming_descriptor(uint8_t out[28], uint32_t end_lba,
				   uint32_t read_kbps, uint32_t write_kbps)
{
	memset(out, 0, 28);
	put_be32(out + 8, end_lba);
	put_be32(out + 12, read_kbps);
	put_be32(out + 16, 1000);
	put_be32(out + 20, write_kbps);
	put_be32(out + 24, 1000);
}

/* MMC-6 6.8 GET PERFORMANCE: maximum number of descriptors bytes 8-9,
 * type byte 10. There is no allocation length: the caller sizes buf for
 * 8 + 16 * max_desc bytes (type 3) and passes that as alloc. */
void mmc_build_get_performance(struct scsi_cmd *c, uint8_t type, uint16_t max_desc,
			       void *buf, uint32_t alloc)
{
	cmd_init(c, MMC_GET_PERFORMANCE, 12, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	put_be16(c->cdb + 8, max_desc);
	c->cdb[10] = type;
}

/* SBC-3 5.25 / MMC-6 6.42 START STOP UNIT: IMMED byte 1 bit 0, LoEj byte 4
 * bit 1, Start byte 4 bit 0. Loading a tray can take seconds: long timeout. */
void mmc_build_start_stop(struct scsi_cmd *c, bool immed, bool start, bool loej)
{
	cmd_init(c, MMC_START_STOP_UNIT, 6, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_WRITE_MS);
	c->cdb[1] = immed ? 0x01 : 0x00;
	c->cdb[4] = (uint8_t)((loej ? 0x02 : 0x00) | (start ? 0x01 : 0x00));
}

/* SPC-4 6.13 / MMC-6 6.11 PREVENT ALLOW MEDIUM REMOVAL: Prevent byte 4 bit 0 */
void mmc_build_prevent_allow(struct scsi_cmd *c, bool prevent)
{
	cmd_init(c, MMC_PREVENT_ALLOW, 6, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_SHORT_MS);
	c->cdb[4] = prevent ? 0x01 : 0x00;
}

/* MMC-6 6.2 BLANK: IMMED byte 1 bit 4, blanking type bits 0-2, start
 * address / track number bytes 2-5 */
void mmc_build_blank(struct scsi_cmd *c, bool immed, uint8_t type, uint32_t addr)
{
	cmd_init(c, MMC_BLANK, 12, SCSI_DIR_NONE, NULL, 0,
		 immed ? MMC_TIMEOUT_SHORT_MS : MMC_TIMEOUT_LONG_MS);
	c->cdb[1] = (uint8_t)((immed ? 0x10 : 0x00) | (type & 0x07));
	put_be32(c->cdb + 2, addr);
}

/* MMC-6 6.5 FORMAT UNIT: FmtData byte 1 bit 4, format code 001b. The IMMED
 * bit lives in the parameter list header, so use the long timeout unless the
 * caller knows better. */
void mmc_build_format_unit(struct scsi_cmd *c, void *buf, uint16_t len)
{
	cmd_init(c, MMC_FORMAT_UNIT, 6, SCSI_DIR_OUT, buf, len, MMC_TIMEOUT_LONG_MS);
	c->cdb[1] = 0x11;
	if (len >= 2 && buf && (((const uint8_t *)buf)[1] & 0x02))
		c->timeout_ms = MMC_TIMEOUT_SHORT_MS;
}

/* MMC-6 6.5.3: list header (byte 1: FOV bit 7, IMMED bit 1; bytes 2-3
 * descriptor length 8), then the format descriptor: number of blocks 0-3,
 * format type byte 4 bits 2-7, type dependent parameter bytes 5-7. FOV is set
 * with IMMED because IMMED is only honoured when FOV is one. */
void mmc_fill_format_descriptor(uint8_t out[12], bool immed, uint32_t blocks,
				uint8_t format_type, uint32_t param)
{
	memset(out, 0, 12);
	if (immed)
		out[1] = 0x82;
	put_be16(out + 2, 8);
	put_be32(out + 4, blocks);
	out[8] = (uint8_t)(format_type << 2);
	put_be24(out + 9, param);
}

/* MMC-6 6.7 GET EVENT STATUS NOTIFICATION: Polled byte 1 bit 0, class
 * request byte 4, allocation length bytes 7-8 */
void mmc_build_get_event_status(struct scsi_cmd *c, bool polled, uint8_t class_mask,
				void *buf, uint16_t alloc)
{
	cmd_init(c, MMC_GET_EVENT_STATUS, 10, SCSI_DIR_IN, buf, alloc, MMC_TIMEOUT_SHORT_MS);
	c->cdb[1] = polled ? 0x01 : 0x00;
	c->cdb[4] = class_mask;
	put_be16(c->cdb + 7, alloc);
}

