/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive.c — MMC commands with I/O: build (mmc.c), run (device_run), parse.
 *
 * The wrappers add only what a single command needs: buffer sizing (asking
 * again with the length the drive declared), the transferred length from
 * the residual, and a db_error for answers too short to parse.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include "base/bytes.h"
#include "drive/drive.h"
#include "mmc/disctype.h"

/* The largest allocation length a 16-bit CDB field carries, kept a
 * multiple of 4 since some drives truncate odd allocation lengths. */
enum { ALLOC_MAX = 65532 };

/* Run c; on success set *got to the bytes of the data phase that arrived. */
static int run(struct device *d, struct scsi_cmd *c, unsigned budget_ms,
	       struct db_error *err, size_t *got)
{
	struct db_error local;
	int rc = device_run(d, c, budget_ms, err ? err : &local);

	if (rc < 0)
		return rc;
	if (got)
		*got = c->resid > c->data_len ? 0 : (size_t)(c->data_len - c->resid);
	return 0;
}

/* A parser's verdict on an answer: a malformed one is the drive's fault,
 * reported with the command named (what, and the opcode op). */
static int parsed(int rc, uint8_t op, const char *what, struct db_error *err)
{
	int code = 0;
	if (rc == DB_ESHORT)
		code = db_fail(err, DB_R_ANSWER_SHORT, .what = what);
	else if (rc < 0)
		code = db_fail(err, DB_R_ANSWER_BAD, .what = what);
	if (code)
		db_set_command(err, op);
	return code;
}

int drive_test_unit_ready(struct device *d, struct db_error *err)
{
	struct scsi_cmd c;

	mmc_build_test_unit_ready(&c);
	return run(d, &c, 0, err, NULL);
}

int drive_inquiry(struct device *d, struct mmc_inquiry *out, struct db_error *err)
{
	uint8_t buf[96] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_inquiry(&c, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_inquiry(buf, got, out), MMC_INQUIRY, "INQUIRY", err);
}

/* Ask a command whose answer declares its own length in its first bytes;
 * when the first answer was cut short by the allocation length, ask once
 * more with room for all of it. With `what`, an answer that stops before
 * the length it declares is malformed (cut); without, it is taken as it
 * came (mode pages describe themselves and are judged by their parser). build() fills the CDB for a given buffer;
 * declared() reads the total length from the first bytes. *out is malloc'd. */
typedef void (*build_fn)(struct scsi_cmd *c, void *ctx, void *buf, uint16_t alloc);
typedef size_t (*declared_fn)(const uint8_t *buf, size_t got);

/* An answer that declares more bytes than it brought, although the buffer
 * had room for them, was cut on its way or lies about itself: a list read
 * from it would miss entries (a format, a feature, a track), so it is
 * malformed. */
static int cut(size_t got, size_t alloc, size_t declared, uint8_t op, const char *what,
	       struct db_error *err)
{
	if (got >= 4 && declared > got && got < alloc)
		return parsed(DB_ESHORT, op, what, err);
	return 0;
}

static int ask_grow(struct device *d, build_fn build, void *ctx, declared_fn declared,
		    size_t alloc, uint8_t **out, size_t *got, const char *what,
		    struct db_error *err)
{
	bool grown = false;

	for (;;) {
		uint8_t *buf = calloc(1, alloc);
		struct scsi_cmd c;

		if (!buf)
			return db_fail(err, DB_R_NO_MEMORY);
		build(&c, ctx, buf, (uint16_t)alloc);
		int rc = run(d, &c, 0, err, got);
		if (rc < 0) {
			free(buf);
			return rc;
		}
		size_t want = declared(buf, *got);
		if (!grown && want > alloc && alloc < ALLOC_MAX) {
			free(buf);
			alloc = want > ALLOC_MAX ? ALLOC_MAX : want;
			grown = true;
			continue;
		}
		if (what && (rc = cut(*got, alloc, want, c.cdb[0], what, err)) < 0) {
			free(buf);
			return rc;
		}
		*out = buf;
		return 0;
	}
}

static void build_config(struct scsi_cmd *c, void *ctx, void *buf, uint16_t alloc)
{
	mmc_build_get_configuration(c, 0, 0, buf, alloc);
}

static size_t declared32(const uint8_t *buf, size_t got)
{
	return got >= 4 ? (size_t)get_be32(buf) + 4 : 0;
}

int drive_get_configuration(struct device *d, struct mmc_config *out, struct db_error *err)
{
	uint8_t *buf;
	size_t got;
	/* a feature list longer than what came is taken as it came: drives
	 * that declare more than they send exist (tests/faults-emu.sh) */
	int rc = ask_grow(d, build_config, NULL, declared32, 2048, &buf, &got, NULL, err);

	if (rc < 0)
		return rc;
	rc = parsed(mmc_parse_configuration(buf, got, out), MMC_GET_CONFIGURATION,
		    "GET CONFIGURATION", err);
	free(buf);
	return rc;
}

int drive_read_disc_info(struct device *d, struct mmc_disc_info *out, struct db_error *err)
{
	uint8_t buf[34] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_disc_info(&c, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_disc_info(buf, got, out), MMC_READ_DISC_INFO,
		      "READ DISC INFORMATION", err);
}

int drive_read_track_info(struct device *d, uint8_t addr_type, uint32_t addr,
			  struct mmc_track_info *out, struct db_error *err)
{
	uint8_t buf[48] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_track_info(&c, addr_type, addr, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_track_info(buf, got, out), MMC_READ_TRACK_INFO,
		      "READ TRACK INFORMATION", err);
}

int drive_read_capacity(struct device *d, struct mmc_capacity *out, struct db_error *err)
{
	uint8_t buf[8] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_capacity(&c, buf);
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_read_capacity(buf, got, out), MMC_READ_CAPACITY, "READ CAPACITY", err);
}

int drive_read_format_capacities(struct device *d, struct mmc_format_caps *out,
				 struct db_error *err)
{
	uint8_t buf[4 + 8 * 32] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_format_capacities(&c, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	if ((rc = cut(got, sizeof(buf), got >= 4 ? (size_t)buf[3] + 4 : 0, MMC_READ_FORMAT_CAPS,
		      "READ FORMAT CAPACITIES", err)) < 0)
		return rc;
	return parsed(mmc_parse_format_capacities(buf, got, out), MMC_READ_FORMAT_CAPS,
		      "READ FORMAT CAPACITIES", err);
}

static void build_mode_sense(struct scsi_cmd *c, void *ctx, void *buf, uint16_t alloc)
{
	mmc_build_mode_sense10(c, *(const uint8_t *)ctx, buf, alloc);
}

static size_t declared16(const uint8_t *buf, size_t got)
{
	return got >= 2 ? (size_t)get_be16(buf) + 2 : 0;
}

/* MODE SENSE(10) of page into a malloc'd buffer; *pg / *plen locate the page. */
static int mode_sense(struct device *d, uint8_t page, uint8_t **buf, const uint8_t **pg,
		      size_t *plen, struct db_error *err)
{
	size_t got;
	int rc = ask_grow(d, build_mode_sense, &page, declared16, 512, buf, &got, NULL, err);

	if (rc < 0)
		return rc;
	rc = parsed(mmc_mode_page(*buf, got, page, pg, plen), MMC_MODE_SENSE10, NULL, err);
	if (rc < 0) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

int drive_mode_sense_page(struct device *d, uint8_t page, uint8_t *out, size_t out_size,
			  size_t *page_len, struct db_error *err)
{
	uint8_t *buf;
	const uint8_t *pg;
	size_t plen;
	int rc = mode_sense(d, page, &buf, &pg, &plen, err);

	if (rc < 0)
		return rc;
	*page_len = plen < out_size ? plen : out_size;
	memcpy(out, pg, *page_len);
	free(buf);
	return 0;
}

int drive_get_write_params(struct device *d, struct mmc_write_params *out,
			   struct db_error *err)
{
	uint8_t *buf;
	size_t got;
	int rc = ask_grow(d, build_mode_sense, &(uint8_t){ 0x05 }, declared16, 512, &buf,
			  &got, NULL, err);

	if (rc < 0)
		return rc;
	rc = parsed(mmc_parse_write_params(buf, got, out), MMC_MODE_SENSE10, "MODE SENSE page 05", err);
	free(buf);
	return rc;
}

/* SPC-4 6.12 / 7.5.5: in MODE SELECT the mode data length is reserved (0),
 * PS is reserved (0), and the block descriptors may be left out. */
int drive_set_write_params(struct device *d, const struct mmc_write_params *p,
			   struct db_error *err)
{
	uint8_t *buf;
	const uint8_t *pg;
	size_t plen;
	int rc = mode_sense(d, 0x05, &buf, &pg, &plen, err);

	if (rc < 0)
		return rc;
	if (plen < 16) {
		free(buf);
		return parsed(DB_ESHORT, MMC_MODE_SENSE10, "MODE SENSE page 05", err);
	}
	uint8_t *list = calloc(1, 8 + plen);
	if (!list) {
		free(buf);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	memcpy(list + 8, pg, plen);
	free(buf);
	list[9] = (uint8_t)(plen - 2);
	mmc_patch_write_params(list + 8, p);
	if (p->codes && !mmc_patch_write_codes(list + 8, plen, p)) {
		free(list);
		return parsed(DB_ESHORT, MMC_MODE_SENSE10, "MODE SENSE page 05", err);
	}

	struct scsi_cmd c;
	mmc_build_mode_select10(&c, list, (uint16_t)(8 + plen));
	rc = run(d, &c, 0, err, NULL);
	free(list);
	return rc;
}

int drive_get_caps(struct device *d, struct mmc_caps *out, struct db_error *err)
{
	uint8_t *buf;
	size_t got;
	int rc = ask_grow(d, build_mode_sense, &(uint8_t){ 0x2A }, declared16, 512, &buf,
			  &got, NULL, err);

	if (rc < 0)
		return rc;
	rc = parsed(mmc_parse_caps(buf, got, out), MMC_MODE_SENSE10, "MODE SENSE page 2A", err);
	free(buf);
	return rc;
}

int drive_link_page(struct device *d, struct mmc_link_page *out, struct db_error *err)
{
	uint8_t *buf;
	size_t got;
	int rc = ask_grow(d, build_mode_sense, &(uint8_t){ 0x30 }, declared16, 64, &buf,
			  &got, NULL, err);

	if (rc < 0)
		return rc;
	rc = parsed(mmc_parse_link_page(buf, got, out), MMC_MODE_SENSE10, "MODE SENSE page 30", err);
	free(buf);
	return rc;
}

int drive_write_performance(struct device *d, uint32_t *kbps, struct db_error *err)
{
	uint8_t buf[8 + 16] = { 0 };
	struct scsi_cmd c;
	size_t got;

	*kbps = 0;
	mmc_build_get_performance(&c, 0x00, 1, buf, sizeof(buf));
	c.cdb[1] = 0x04;        /* Write; Except 00b: the nominal performance */
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_write_performance(buf, got, kbps), MMC_GET_PERFORMANCE, "GET PERFORMANCE", err);
}

int drive_write_speeds(struct device *d, struct mmc_speeds *out, struct db_error *err)
{
	enum { NDESC = 32 };
	uint8_t buf[8 + 16 * NDESC] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_get_performance(&c, 0x03, NDESC, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	if ((rc = cut(got, sizeof(buf), got >= 4 ? (size_t)get_be32(buf) + 4 : 0,
		      MMC_GET_PERFORMANCE, "GET PERFORMANCE", err)) < 0)
		return rc;
	return parsed(mmc_parse_write_speeds(buf, got, out), MMC_GET_PERFORMANCE,
		      "GET PERFORMANCE", err);
}

int drive_set_speed(struct device *d, uint16_t profile, uint32_t write_kbps,
		    uint32_t end_lba, struct db_error *err)
{
	struct scsi_cmd c;
	enum mmc_family fam = disc_type(profile)->family;

	if (fam == MMC_FAM_CD) {
		/* MMC-6 6.39: FFFFh asks for the fastest speed */
		uint16_t w = write_kbps == 0 || write_kbps >= 0xFFFF ? 0xFFFF : (uint16_t)write_kbps;
		mmc_build_set_cd_speed(&c, 0xFFFF, w);
		return run(d, &c, 0, err, NULL);
	}
	if (fam != MMC_FAM_DVD && fam != MMC_FAM_BD)
		return db_fail(err, DB_R_INTERNAL, .what = "speed for this medium");
	if (write_kbps == 0) {
		struct mmc_speeds sp;
		int rc = drive_write_speeds(d, &sp, err);
		if (rc < 0)
			return rc;
		for (unsigned i = 0; i < sp.n; i++)
			if (sp.write_kbps[i] > write_kbps)
				write_kbps = sp.write_kbps[i];
		if (write_kbps == 0)
			return db_fail(err, DB_R_NO_WRITE_SPEED);
	}
	uint8_t desc[28];
	mmc_fill_streaming_descriptor(desc, end_lba, write_kbps, write_kbps);
	mmc_build_set_streaming(&c, desc, sizeof(desc));
	return run(d, &c, 0, err, NULL);
}

int drive_read_buffer_capacity(struct device *d, struct mmc_buffer_cap *out,
			       struct db_error *err)
{
	uint8_t buf[12] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_buffer_capacity(&c, false, buf);
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_buffer_capacity(buf, got, false, out), MMC_READ_BUFFER_CAP,
		      "READ BUFFER CAPACITY",
		      err);
}

/* Bytes of a transfer of blocks sectors, or 0 when it is empty or does not
 * fit the 32-bit data length of a command. */
static uint32_t xfer_len(uint32_t blocks, uint32_t block_size)
{
	uint64_t n = (uint64_t)blocks * block_size;

	return n > UINT32_MAX ? 0 : (uint32_t)n;
}

static int bad_xfer(uint32_t blocks, uint32_t block_size, struct db_error *err)
{
	return db_fail(err, DB_R_INTERNAL, .what = "transfer size", .n1 = blocks, .n2 = block_size);
}

int drive_write(struct device *d, int32_t lba, uint32_t blocks, const void *buf,
		uint32_t block_size, struct db_error *err)
{
	struct scsi_cmd c;
	uint32_t len = xfer_len(blocks, block_size);

	if (!len)
		return bad_xfer(blocks, block_size, err);
	if (blocks <= 0xFFFF)
		mmc_build_write10(&c, (uint32_t)lba, (uint16_t)blocks, buf, len);
	else
		mmc_build_write12(&c, (uint32_t)lba, blocks, buf, len);
	size_t got;
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	/* GOOD with a residual: the drive says it took fewer bytes than were
	 * sent. Whether the rest reached the medium cannot be known (some USB
	 * bridges report bogus residuals, others drop data), so it is never
	 * counted as written: the burn fails here, naming the LBA. */
	if (got != len) {
		int code = db_fail(err, DB_R_WRITE_SHORT, .n1 = got,
				   .n2 = len, .lba = (uint32_t)lba, .lba_valid = true);
		db_set_command(err, c.cdb[0]);
		return code;
	}
	return 0;
}

int drive_read(struct device *d, uint32_t lba, uint32_t blocks, void *buf,
	       uint32_t block_size, struct db_error *err)
{
	struct scsi_cmd c;
	uint32_t len = xfer_len(blocks, block_size);
	size_t got;

	if (!len)
		return bad_xfer(blocks, block_size, err);
	if (blocks <= 0xFFFF)
		mmc_build_read10(&c, lba, (uint16_t)blocks, buf, len);
	else
		mmc_build_read12(&c, lba, blocks, buf, len);
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	if (got != len)
		return db_fail(err, DB_R_READ_SHORT, .n1 = got,
			       .n2 = len, .lba = lba, .lba_valid = true);
	return 0;
}

int drive_sync_cache(struct device *d, unsigned timeout_ms, struct db_error *err)
{
	struct scsi_cmd c;

	mmc_build_synchronize_cache(&c, false);
	if (timeout_ms)
		c.timeout_ms = timeout_ms;
	return run(d, &c, c.timeout_ms, err, NULL);
}

int drive_close_track_session(struct device *d, uint8_t func, uint16_t number,
			      unsigned timeout_ms, struct db_error *err)
{
	struct scsi_cmd c;

	mmc_build_close_track_session(&c, false, func, number);
	if (timeout_ms)
		c.timeout_ms = timeout_ms;
	return run(d, &c, c.timeout_ms, err, NULL);
}

int drive_reserve_track(struct device *d, uint32_t blocks, struct db_error *err)
{
	struct scsi_cmd c;

	mmc_build_reserve_track(&c, blocks);
	return run(d, &c, 0, err, NULL);
}

int drive_send_cue_sheet(struct device *d, const uint8_t *cue, size_t len,
			 struct db_error *err)
{
	struct scsi_cmd c;

	if (len == 0 || len % 8 || len > 0xFFFFFF)
		return db_fail(err, DB_R_INTERNAL, .what = "cue sheet length", .n1 = len);
	mmc_build_send_cue_sheet(&c, (void *)cue, (uint32_t)len);
	return run(d, &c, 0, err, NULL);
}

int drive_start_stop(struct device *d, bool start, bool loej, struct db_error *err)
{
	struct scsi_cmd c;

	mmc_build_start_stop(&c, false, start, loej);
	return run(d, &c, 0, err, NULL);
}

int drive_lock(struct device *d, bool lock, struct db_error *err)
{
	struct scsi_cmd c;

	mmc_build_prevent_allow(&c, lock);
	return run(d, &c, 0, err, NULL);
}

int drive_blank(struct device *d, uint8_t type, uint32_t addr, bool immed,
		struct db_error *err)
{
	struct scsi_cmd c;

	mmc_build_blank(&c, immed, type, addr);
	return run(d, &c, immed ? 0 : c.timeout_ms, err, NULL);
}

int drive_format_unit(struct device *d, uint32_t blocks, uint8_t format_type,
		      uint32_t param, bool immed, struct db_error *err)
{
	uint8_t list[12];
	struct scsi_cmd c;

	mmc_fill_format_descriptor(list, immed, blocks, format_type, param);
	mmc_build_format_unit(&c, list, sizeof(list));
	return run(d, &c, immed ? 0 : c.timeout_ms, err, NULL);
}

int drive_read_toc(struct device *d, struct mmc_toc *out, struct db_error *err)
{
	uint8_t buf[4 + 8 * (MMC_MAX_TRACKS + 1)] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_toc(&c, 0, false, 0, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	if ((rc = cut(got, sizeof(buf), got >= 2 ? (size_t)get_be16(buf) + 2 : 0, MMC_READ_TOC,
		      "READ TOC", err)) < 0)
		return rc;
	return parsed(mmc_parse_toc(buf, got, out), MMC_READ_TOC, "READ TOC", err);
}

int drive_read_atip(struct device *d, struct mmc_atip *out, struct db_error *err)
{
	uint8_t buf[28] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_toc(&c, 4, false, 0, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_atip(buf, got, out), MMC_READ_TOC, "READ TOC (ATIP)", err);
}

int drive_session_info(struct device *d, struct mmc_session_info *out,
		       struct db_error *err)
{
	uint8_t buf[12] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_read_toc(&c, 1, false, 0, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_session_info(buf, got, out), MMC_READ_TOC,
		      "READ TOC (session info)", err);
}

int drive_request_sense_progress(struct device *d, struct sense *out, struct db_error *err)
{
	uint8_t buf[SCSI_SENSE_MAX] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_request_sense(&c, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	/* the drive's state is in ASC/ASCQ: an answer that stops before them
	 * (byte 13 of fixed, byte 3 of descriptor format) says nothing */
	bool descriptor = got && (buf[0] & 0x7E) == 0x72;
	if (got < (descriptor ? 4u : 14u) || sense_parse(buf, got, out) < 0) {
		int code = db_fail(err, DB_R_NO_SENSE_DATA);
		db_set_command(err, MMC_REQUEST_SENSE);
		return code;
	}
	return 0;
}

int drive_get_event_media(struct device *d, struct mmc_event_media *out,
			  struct db_error *err)
{
	uint8_t buf[8] = { 0 };
	struct scsi_cmd c;
	size_t got;

	mmc_build_get_event_status(&c, true, 0x10, buf, sizeof(buf));
	int rc = run(d, &c, 0, err, &got);
	if (rc < 0)
		return rc;
	return parsed(mmc_parse_event_media(buf, got, out), MMC_GET_EVENT_STATUS,
		      "GET EVENT STATUS NOTIFICATION", err);
}

int drive_ready_closing_tray(struct device *d, struct db_error *err)
{
	int rc = drive_test_unit_ready(d, err);
	if (rc == DB_ECHECK && err && err->key == SK_NOT_READY && err->asc == 0x3A &&
	    err->ascq == 0x02) {
		/* tray open: close it, as cdrecord does, and look again */
		struct db_error ignored;
		if (drive_start_stop(d, true, true, &ignored) == 0)
			rc = drive_test_unit_ready(d, err);
	}
	return rc;
}
