/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive.h — one call per MMC command: build, run through device_run(), parse.
 *
 * Every function takes the open device first and a struct db_error last, and
 * returns 0 or a negative DB_E* code (err.h) with err filled: DB_ECHECK when
 * the drive refused (sense decoded by device_run), DB_EOS for a transport
 * failure, DB_EUNSAFE when the safety gate refused a writing command,
 * DB_ESHORT when the answer was too short to parse, DB_ENOMEM, DB_EINVAL for
 * arguments the command cannot carry. Output structs are only meaningful on 0.
 *
 * Retries (not ready, long write in progress, unit attention) happen inside
 * device_run(); these wrappers never retry by themselves. They are not
 * thread safe beyond the device's own rule: one thread per device.
 */
#ifndef DISCBURN_DRIVE_H
#define DISCBURN_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "drive/device.h"
#include "base/err.h"
#include "mmc/mmc.h"
#include "mmc/sense.h"

int drive_test_unit_ready(struct device *d, struct db_error *err);

/* TEST UNIT READY; when the tray is open (2/3A/02), close it (START STOP
 * UNIT load) and ask again. err must not be NULL. */
int drive_ready_closing_tray(struct device *d, struct db_error *err);

int drive_inquiry(struct device *d, struct mmc_inquiry *out, struct db_error *err);

/* GET CONFIGURATION, all features (RT 0), so the capability flags cover
 * what the drive can do, not only what the current disc allows. Asks with a
 * 2 KiB buffer and asks again with the length the drive declares when that
 * was too small (up to the 65532-byte limit of the CDB field). */
int drive_get_configuration(struct device *d, struct mmc_config *out, struct db_error *err);

int drive_read_disc_info(struct device *d, struct mmc_disc_info *out, struct db_error *err);

/* addr_type: 0 LBA, 1 track number (0xFF = the invisible/incomplete track),
 * 2 session number. */
int drive_read_track_info(struct device *d, uint8_t addr_type, uint32_t addr,
			  struct mmc_track_info *out, struct db_error *err);

int drive_read_capacity(struct device *d, struct mmc_capacity *out, struct db_error *err);

int drive_read_format_capacities(struct device *d, struct mmc_format_caps *out,
				 struct db_error *err);

/* MODE SENSE(10) of one page (current values). Copies the page, starting at
 * its page code byte, into out (at most out_size bytes) and sets *page_len to
 * the bytes copied. DB_EINVAL when the drive answered with another page. */
int drive_mode_sense_page(struct device *d, uint8_t page, uint8_t *out, size_t out_size,
			  size_t *page_len, struct db_error *err);

/* Page 05 (write parameters), parsed. */
int drive_get_write_params(struct device *d, struct mmc_write_params *out,
			   struct db_error *err);

/* Read page 05 as the drive has it, write the fields of p into it (other
 * bytes stay as the drive returned them), clear PS, zero the mode data
 * length, drop block descriptors, and MODE SELECT it back (SPC-4 6.12). */
int drive_set_write_params(struct device *d, const struct mmc_write_params *p,
			   struct db_error *err);

/* Page 2A (capabilities and mechanical status). */
int drive_get_caps(struct device *d, struct mmc_caps *out, struct db_error *err);
/* MODE SENSE of vendor page 30h: the drive's count of BURN-Free links
 * (mmc.h, struct mmc_link_page). Drives without it refuse (5/24/00). */
int drive_link_page(struct device *d, struct mmc_link_page *out, struct db_error *err);
/* GET PERFORMANCE type 00h, write: the speed the drive writes at now, in
 * kB/s (0: it does not say). */
int drive_write_performance(struct device *d, uint32_t *kbps, struct db_error *err);

/* GET PERFORMANCE type 3: the write speeds the drive offers for this disc. */
int drive_write_speeds(struct device *d, struct mmc_speeds *out, struct db_error *err);

/* Set the write speed in kB/s for the current medium's profile: SET CD SPEED
 * on CD profiles (0 = as fast as possible, sent as FFFFh), SET STREAMING on
 * DVD and BD (0 = the fastest speed GET PERFORMANCE lists; end_lba should be
 * the last LBA of the medium). DB_EINVAL for an unknown profile family. */
int drive_set_speed(struct device *d, uint16_t profile, uint32_t write_kbps,
		    uint32_t end_lba, struct db_error *err);

/* READ BUFFER CAPACITY in bytes (size and free). */
int drive_read_buffer_capacity(struct device *d, struct mmc_buffer_cap *out,
			       struct db_error *err);

/* WRITE blocks sectors of block_size bytes from buf at lba. WRITE(10) while
 * blocks fits 16 bits, else WRITE(12). lba is signed because CD SAO writes
 * the pregap from LBA -150. */
int drive_write(struct device *d, int32_t lba, uint32_t blocks, const void *buf,
		uint32_t block_size, struct db_error *err);

/* READ blocks sectors into buf; DB_ESHORT if the drive sent fewer bytes. */
int drive_read(struct device *d, uint32_t lba, uint32_t blocks, void *buf,
	       uint32_t block_size, struct db_error *err);

/* SYNCHRONIZE CACHE, waiting for completion (no IMMED): the drive writes
 * its buffer out, which takes seconds to minutes. timeout_ms bounds the
 * command and the not-ready waiting around it; 0 = MMC_TIMEOUT_LONG_MS. */
int drive_sync_cache(struct device *d, unsigned timeout_ms, struct db_error *err);

/* CLOSE TRACK/SESSION, waiting for completion; func/number as
 * mmc_build_close_track_session(); timeout_ms as drive_sync_cache(). */
int drive_close_track_session(struct device *d, uint8_t func, uint16_t number,
			      unsigned timeout_ms, struct db_error *err);

int drive_reserve_track(struct device *d, uint32_t blocks, struct db_error *err);

int drive_send_cue_sheet(struct device *d, const uint8_t *cue, size_t len,
			 struct db_error *err);

/* START STOP UNIT: eject = (start false, loej true); load = (true, true). */
int drive_start_stop(struct device *d, bool start, bool loej, struct db_error *err);

/* PREVENT (lock true) / ALLOW medium removal. */
int drive_lock(struct device *d, bool lock, struct db_error *err);

/* BLANK type (0 all, 1 minimal/fast, ...) with addr the start address or
 * track number some types need. With immed, returns at once and the caller
 * polls drive_request_sense_progress(). */
int drive_blank(struct device *d, uint8_t type, uint32_t addr, bool immed,
		struct db_error *err);

/* FORMAT UNIT with one format descriptor (MMC-6 6.5.3). */
int drive_format_unit(struct device *d, uint32_t blocks, uint8_t format_type,
		      uint32_t param, bool immed, struct db_error *err);

/* READ TOC format 0 in LBA form, all tracks and the lead-out. */
int drive_read_toc(struct device *d, struct mmc_toc *out, struct db_error *err);

/* READ TOC format 4: the ATIP of a CD-R/RW. */
int drive_read_atip(struct device *d, struct mmc_atip *out, struct db_error *err);

/* READ TOC format 1: start of the last complete session. */
int drive_session_info(struct device *d, struct mmc_session_info *out,
		       struct db_error *err);

/* REQUEST SENSE while a BLANK/FORMAT/CLOSE with IMMED runs: out->progress
 * (0..65535) is set when out->progress_valid. Returns 0 when the command went
 * through, whatever the sense says; DB_ESHORT (NO_SENSE_DATA, the command
 * named) when no parsable sense came, or one that stops before ASC/ASCQ. */
int drive_request_sense_progress(struct device *d, struct sense *out, struct db_error *err);

/* GET EVENT STATUS NOTIFICATION, polled, media class. */
int drive_get_event_media(struct device *d, struct mmc_event_media *out,
			  struct db_error *err);

#endif
