/* SPDX-License-Identifier: GPL-3.0-or-later */
/* read.h — reading a disc into an image file, and checking a disc against an
 * image or a checksum without writing anything.
 *
 * Both start alike: the disc is probed and planned (src/engine/disc.h: the
 * exact image, from the track and its volume, so a TAO CD reads back without
 * its run-out and a padded burn without its padding), the read speed is set
 * (SET CD SPEED / SET STREAMING), and sectors are read with a bounded number
 * of tries each.
 *
 * read_disc() writes the image to a file (or standard output) and keeps a
 * map (src/engine/readmap.h, a ddrescue mapfile) of what was read, saved as
 * it goes: a rerun of the same command with the map finds the file, reads
 * only the sectors still missing and retries only the bad ones. The first
 * pass reads in large READs; a READ that fails is read again sector by
 * sector. Without `noerror` a sector that stays unreadable after 1 + retries
 * tries stops the read (the map says how far it got); with it, the first
 * pass tries each failing sector once and moves on, and a second pass gives
 * every bad sector its remaining tries. Bad sectors stay zeros in the image.
 * The SHA-256 of the image is computed while reading when the image is read
 * in one go, in order; otherwise (a resumed read, a sector read in the
 * second pass) from the file once it is complete.
 *
 * check_disc() reads the disc and compares it with an image (naming the
 * first LBA that differs) and/or hashes it for an expected SHA-256 — over
 * exactly the image's length: the image file's, a size stated with the
 * checksum, or else the disc's volume. So a correctly burnt disc matches
 * the published checksum of its ISO, run-out and padding notwithstanding.
 *
 * With p->cue the output is a CD session as BIN/CUE (src/engine/cdcue.h):
 * every sector of the session, 2352 bytes each (audio, data with its
 * headers and EDC/ECC), and the cue sheet of its tracks, pregaps, indices,
 * codes and CD-TEXT, written before the sectors are read; the map and the
 * retries are the same.
 *
 * Nothing here prints; progress and what happened to sectors arrive as
 * struct read_event from the calling thread.
 */
#ifndef DISCBURN_READ_H
#define DISCBURN_READ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/disc.h"

struct device;
struct image;
struct cd_session;

#define READ_RETRIES_DEFAULT 16

enum read_event_type {
	REV_PLAN,               /* disc, plan: what will be read */
	REV_RESUME,             /* a map was found: done/bad/total in sectors */
	REV_SPEED,              /* n: the read speed asked (kB/s); ok false: refused */
	REV_PASS,               /* pass 1 (reading) or 2 (retrying bad sectors) */
	REV_PROGRESS,           /* done/total bytes, lba, speed_x, bad */
	REV_SECTOR,             /* a sector that failed at least once: lba, tries,
				 * ok (read in the end), why */
	REV_CUE,                /* the cue sheet was written: cd */
};

struct read_event {
	enum read_event_type type;
	const struct disc *disc;
	const struct disc_plan *plan;
	uint64_t done, total, bad, n;
	uint32_t lba;
	unsigned tries, pass;
	bool ok;
	double speed_x;
	const struct db_error *why;
	const struct cd_session *cd;
};

struct read_events {
	void (*fn)(void *ctx, const struct read_event *e);
	void *ctx;
};

struct read_params {
	const char *dev;                /* the drive's name, for messages */
	struct disc_plan_params plan;   /* all sessions, one, or sectors= */
	unsigned retries;               /* tries after a sector's first failure */
	uint32_t max_blocks;            /* sectors per READ (ts=); 0 = 32 */
	unsigned speed_x10;             /* tenths of x of the medium; 0 = fastest */
	bool noerror;                   /* read on past bad sectors */
	const atomic_int *cancel;

	/* read_disc */
	const char *output;             /* a file, or "-" for standard output */
	const char *map;                /* the map's path; NULL: none */
	bool keep_map;                  /* keep the map once all is read (map= given) */
	const char *command;            /* the command line, for the map's header */
	const char *cue;                /* BIN/CUE: the output is the BIN of a CD
					 * session (plan.session, default 1) of whole
					 * 2352-byte sectors, and this its cue sheet */
	const char *bin_name;           /* the BIN as the cue sheet names it */

	/* check_disc */
	struct image *image;            /* compare with it (NULL: a checksum only) */
	const char *expect_sha256;      /* 64 hex digits or NULL */
	uint64_t size;                  /* bytes to hash without an image; 0 = the volume */
};

struct read_result {
	struct disc disc;
	struct disc_plan plan;
	uint64_t bytes;                 /* the image's (read), or the bytes checked */
	uint64_t read_bytes;            /* read from the disc by this run */
	uint64_t bad;                   /* sectors left unreadable */
	uint32_t first_bad;             /* LBA */
	uint64_t recovered;             /* sectors read after more than one try */
	bool resumed;                   /* a map was continued */
	uint64_t resumed_done;          /* sectors it said were read */
	double seconds, avg_x;
	char sha256[65];                /* of the image; "" when not known */
	bool sha256_while_reading;      /* computed as the sectors came */
	bool map_kept;
};

/* Read the disc in d into p->output. 0 when every sector was read;
 * READ_UNREADABLE (stopped at a bad sector), READ_BAD_SECTORS (some stayed
 * unreadable, with noerror), READ_CANCELLED, or the failure. */
int read_disc(struct device *d, const struct read_params *p, const struct read_events *ev,
	      struct read_result *res, struct db_error *err);

/* Check the disc in d against p->image and/or p->expect_sha256. 0 when it
 * matches; CHECK_MISMATCH, CHECK_SHORT, CHECK_UNREADABLE,
 * CHECK_CHECKSUM_MISMATCH, or the failure. */
int check_disc(struct device *d, const struct read_params *p, const struct read_events *ev,
	       struct read_result *res, struct db_error *err);

/* Probe and plan only (for -inspect of a disc, and a master). */
int read_plan(struct disc_reader *r, const struct disc_plan_params *pp, struct disc *disc,
	      struct disc_plan *plan, struct db_error *err);

/* Set the read speed for the plan: 0 when set or nothing was asked; the
 * drive's refusal otherwise (a warning: it reads at its own speed). */
int read_set_speed(struct disc_reader *r, const struct disc *disc, const struct disc_plan *plan,
		   unsigned speed_x10, uint32_t *kbps, struct db_error *err);

#endif
