/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.h — cdrecord-compatible command line, parsed into one action.
 *
 * Parsing is pure: it reads argv and the environment values passed in, and
 * never opens a device or a file, so it is unit-tested on its own.
 */
#ifndef DISCBURN_OPTIONS_H
#define DISCBURN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum action {
	ACT_NONE = 0,   /* nothing asked: usage error */
	ACT_BURN,       /* write an image (optionally after blank=) */
	ACT_BLANK,      /* blank= without an image */
	ACT_FORMAT,     /* -format / format= without an image */
	ACT_DEVICES,    /* --devices, -scanbus */
	ACT_DISC_TYPES, /* --disc-types: what discburn does with each kind of disc */
	ACT_MINFO,      /* -minfo / -media-info */
	ACT_CHECKDRIVE, /* -checkdrive, -inq */
	ACT_ATIP,
	ACT_TOC,
	ACT_PRCAP,
	ACT_MSINFO,
	ACT_EJECT,      /* -eject with nothing else */
	ACT_LOAD,
	ACT_LOCK,
	ACT_UNLOCK,
	ACT_INSPECT,    /* -inspect IMAGE */
	ACT_VERSION,
	ACT_HELP,
	ACT_BLANK_HELP, /* blank=help */
	/* stations: one job shared by many machines through PostgreSQL */
	ACT_SUBMIT,     /* --submit DB IMAGE-OR-URL */
	ACT_STATION,    /* --station DB */
	ACT_STATUS,     /* --status DB */
	ACT_JOB_CANCEL, /* --cancel DB JOB */
	ACT_JOB_PAUSE,  /* --pause DB JOB */
	ACT_JOB_RESUME, /* --resume DB JOB */
	ACT_JOB_PRIORITY, /* --set-priority DB JOB P */
	ACT_READ,       /* f=FILE: read the disc into an image file */
	ACT_CHECK,      /* --check [IMAGE]: compare the disc with an image or a checksum */
};

enum write_mode { MODE_AUTO = 0, MODE_TAO, MODE_SAO };

#define OPT_MAX_DEVS 16

struct options {
	enum action action;
	const char *dev[OPT_MAX_DEVS];  /* dev=a,b,c or repeated dev= */
	unsigned ndev;
	bool dev_from_env;              /* dev[] came from CDR_DEVICE */
	bool all_drives;
	const char *image;              /* path or "-" */

	int verbose;                    /* -v count */
	int scsi_trace;                 /* -V count */
	bool json;                      /* --json: NDJSON events on stdout */
	bool silent;                    /* -s / -silent */
	bool scanbus;                   /* -scanbus: cdrecord's table, not --devices' list */

	unsigned speed;                 /* x; 0 = fastest */
	bool dummy, eject, multi, pad, overburn, force, nofix, immed;
	bool data;                      /* -data (the only track type so far) */
	bool verify;
	enum write_mode mode;
	bool burnfree;                  /* driveropts=burnfree (default on) */
	uint64_t fifo_size;             /* fs=, bytes; 0 = default */
	uint64_t tsize;                 /* tsize=, bytes; 0 = from the file */
	uint32_t padsize;               /* padsize=, sectors of 2048 */
	unsigned gracetime;             /* seconds */
	unsigned timeout;               /* timeout=, seconds per command; 0 = default */

	const char *blank;              /* blank=TYPE */
	const char *format;             /* format=TYPE or "" for -format */

	const char *sha256;             /* --sha256 HEX */
	const char *checksum_file;      /* --checksum-file FILE */

	unsigned copies;                /* --copies N (0 = 1) */
	const char *journal;            /* --journal FILE */
	unsigned wait_disc;             /* --wait-disc SECONDS (0 = default) */

	/* stations (src/station): the options of ACT_SUBMIT ... ACT_JOB_PRIORITY */
	struct station_options {
		const char *db;         /* connection string, @FILE or - */
		const char *job;        /* the JOB of --cancel and the like */
		const char *label;      /* --label TEXT */
		int priority;           /* --priority P, or set-priority's P */
		bool priority_set;
		const char *name;       /* --name: the station's name */
		const char *cache;      /* --cache DIR */
		unsigned lease;         /* --lease S */
		bool until_idle;        /* --until-idle */
	} st;
	/* ---- reading discs (readom's names where it has them) ---- */
	const char *read_file;          /* f=FILE: the image to read into ("-" = stdout) */
	const char *read_map;           /* map=FILE: the map of what was read (default
					 * FILE.map beside f=) */
	bool noerror;                   /* -noerror: read on past unreadable sectors */
	unsigned retries;               /* retries=N: tries after a sector's first failure */
	bool retries_given;
	bool sectors_given;             /* sectors=START-END: exactly LBAs START..END-1 */
	uint32_t sector_start, sector_end;
	unsigned session;               /* session=N: only that session's data; 0 = all */
	uint32_t transfer_blocks;       /* ts=SIZE: sectors per READ; 0 = default */
	const char *from;               /* --from DEV: copy the disc in DEV (disc to disc) */
	bool inspect_disc;              /* -inspect with dev= and no image */

	char dev_storage[2048];         /* dev[] point here (split copies of dev=) */
	size_t dev_used;
};

/* Environment values that cdrecord honours, passed in so parsing stays pure. */
struct options_env {
	const char *cdr_device;         /* CDR_DEVICE */
	const char *cdr_speed;          /* CDR_SPEED */
	const char *cdr_fifosize;       /* CDR_FIFOSIZE */
};

/* Parse argv into o. Returns 0, or -1 with a one-line message in why. */
int options_parse(int argc, char **argv, const struct options_env *env,
		  struct options *o, char *why, size_t whylen);

/* "12", "64k", "4m", "1g", "300s" (sectors of 2048) -> bytes. -1 if bad. */
int options_parse_size(const char *s, uint64_t *out);

#endif
