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
	ACT_FIX,        /* -fix: close the session a -nofix burn left open */
	ACT_DRIVEROPTS_HELP, /* driveropts=help */
	ACT_NOTHING,    /* -reset, -abort, -setdropts alone: their warning, exit 0 */
};

enum write_mode { MODE_AUTO = 0, MODE_TAO, MODE_SAO, MODE_RAW };

#define OPT_MAX_DEVS 16
/* the longest one device of dev= may be, its terminating NUL counted: a path
 * of PATH_MAX with a backend prefix and options (emu:dvd+r:speed=4:...) */
#define OPT_DEV_MAX (4096 + 256)

/* ---- audio and mixed CDs: cdrecord's track list, cue sheets, TOC files ----
 *
 * As cdrecord reads them: every file on the command line is a track; the
 * track type (-audio, -data, -mode2, -xa, -xa1, -xa2) and -swab, -pad
 * (-nopad), -preemp (-nopreemp), -copy (-nocopy), -scms hold for every
 * later file until changed; pregap=, isrc=, index= and padsize= for the next
 * file only; mcn=, -text, textfile=, -useinfo, cuefile= for the disc. A
 * single file without any of them is an image, as before (a .cue or .toc
 * file is a sheet). Two files or more need a track type. -raw96r (and -raw)
 * asks for raw writing (of a track list or a sheet); -raw16 and -raw96p are
 * refused. The parser only records; src/cli/cli_tracks.c builds the
 * layout (tracklist_build, cue_parse_file, toc_parse_file). */
#define OPT_MAX_TRACKS 99

enum opt_track_mode {
	OPT_TRACK_DATA = 0,     /* mode 1 (-data, the default) */
	OPT_TRACK_AUDIO,        /* -audio */
	OPT_TRACK_MODE2,        /* -mode2: mode 2 formless, 2336 bytes */
	OPT_TRACK_XA1,          /* -xa, -xa1: CD-ROM XA form 1 */
	OPT_TRACK_XA2,          /* -xa2: CD-ROM XA form 2 */
};

struct opt_track {
	const char *path;
	enum opt_track_mode mode;
	bool swab, pad, preemp, copy, scms;
	uint32_t padsize;               /* padsize= for this track, sectors (0: 15 with -pad) */
	int32_t pregap;                 /* pregap= in sectors, -1: cdrecord's default */
	const char *isrc, *index;       /* isrc=, index= or NULL */
};

struct opt_tracks {
	unsigned n;
	struct opt_track t[OPT_MAX_TRACKS];
	struct opt_track next;          /* what the next file gets */
	bool list;                      /* the files are a track list (a track option
					 * was given, or more than one file) */
	bool typed;                     /* a track type was given */
	const char *mcn, *textfile, *cuefile;
	bool text, useinfo;
};

struct options {
	enum action action;
	/* The drives: the last dev= (one device, or a list, see parse_dev),
	 * then every --drive; else CDR_DEVICE, else the defaults file's. */
	const char *dev[OPT_MAX_DEVS];
	unsigned ndev;
	bool dev_from_env;              /* dev[] came from CDR_DEVICE or the defaults */
	bool all_drives;
	const char *image;              /* path or "-" */

	int verbose;                    /* -v count */
	int scsi_trace;                 /* -V count */
	bool json;                      /* --json: NDJSON events on stdout */
	bool silent;                    /* -s / -silent */
	bool scanbus;                   /* -scanbus: cdrecord's table, not --devices' list */

	unsigned speed_x10;             /* tenths of x (speed=2.4: 24); 0 = fastest */
	bool speed_given;               /* speed= on the command line */
	bool dummy, eject, multi, pad, overburn, force;
	bool nofix;                     /* -nofix: leave the session open */
	bool waiti;                     /* -waiti: wait for stdin's first byte */
	bool isosize;                   /* -isosize: the size from the ISO volume */
	const char *msifile;            /* msifile=: -msinfo's answer into a file too */
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

	/* --report FILE [--report-axis lba|time]: after a burn, a blank or a
	 * format, a picture of it (FILE.svg) and a page of its facts with the
	 * picture inline (FILE.html); src/cli/report.c */
	const char *report;             /* FILE, "x.svg" names the SVG itself */
	enum report_axis {
		REPORT_AXIS_AUTO = 0,   /* the disc's LBAs for a burn, time for a blank */
		REPORT_AXIS_LBA, REPORT_AXIS_TIME,
	} report_axis;

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
	struct opt_tracks tracks;       /* audio and mixed CDs (see above) */

	/* dev[] point here (split copies of dev=): room for a few devices of
	 * the longest path Linux opens (PATH_MAX 4096) with their prefixes */
	char dev_storage[16384];
	size_t dev_used;

	/* Options accepted that mean nothing here, or a value overridden: one
	 * line each, which main prints before the action (nothing is ignored
	 * silently; doc/cdrecord-compat.md lists them). */
#define OPT_MAX_WARN 24
	const char *warn[OPT_MAX_WARN];
	unsigned nwarn;
	char warn_storage[4096];
	size_t warn_used;

	/* parse state */
	const char *dev_arg;            /* the last dev= */
	unsigned ndev_arg;
	const char *drive_arg[OPT_MAX_DEVS];    /* --drive DEV, in order */
	unsigned ndrive_arg;
	bool fs_given;
	const char *driveropts_arg;
	bool nothing;                   /* -reset, -abort or -setdropts was given */
};

struct cdr_defaults;

/* Environment values that cdrecord honours, passed in so parsing stays pure;
 * defaults: /etc/default/cdrecord or /etc/wodim.conf as read (defaults.h),
 * or NULL. */
struct options_env {
	const char *cdr_device;         /* CDR_DEVICE */
	const char *cdr_speed;          /* CDR_SPEED */
	const char *cdr_fifosize;       /* CDR_FIFOSIZE */
	const struct cdr_defaults *defaults;
};

/* Parse argv into o. Returns 0, or -1 with a one-line message in why. */
int options_parse(int argc, char **argv, const struct options_env *env,
		  struct options *o, char *why, size_t whylen);

/* cdrecord's drive options (driveropts=): a NULL text is one discburn
 * accepts with a warning that it does not set it. */
struct driveropt {
	const char *name;       /* "varirec=" takes a value */
	const char *text;
};
extern const struct driveropt driveropts_known[];

/* "12", "64k", "4m", "1g", "300s" (sectors of 2048) -> bytes. -1 if bad. */
int options_parse_size(const char *s, uint64_t *out);

#endif
