/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h — the command-line front end: output (text, progress line, NDJSON)
 * and the actions that are not burns. Only code under src/cli prints. */
#ifndef DISCBURN_CLI_H
#define DISCBURN_CLI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/err.h"
#include "cli/options.h"
#include "engine/burn.h"
#include "engine/job.h"
#include "image/iso.h"

struct device;
struct report;

struct cli {
	const struct options *o;
	bool json;              /* NDJSON events on stdout */
	bool tty;               /* stderr is a terminal: redraw its progress lines */
	bool out_tty;           /* stdout is a terminal: redraw a burn's progress line */
	int verbose;
	const char *dev;        /* the device being worked on, for messages/events */
	atomic_int cancel;
	/* progress line state */
	bool line_open;
	unsigned last_step;     /* plain mode: last 10% step printed */
	unsigned errors;        /* error lines printed so far */
	enum burn_phase phase;  /* the current phase */
	bool out_line_open;     /* a progress line on stdout waits for its newline */
	uint16_t profile;       /* the disc's, from the media event */
	uint32_t image_blocks;  /* the sectors to write, from the media event */
	double close_t0;        /* when the close began ("Fixating time:") */
	const struct layout *layout;    /* a one-drive burn's tracks (the track list) */
	unsigned track_idx;     /* 1-based: the layout's track being written; 0 before */
	char expect[65];        /* expected SHA-256 (hex) or "" */
	char clause[160];       /* appended to the next error: what the disc holds now */
	bool many_drives;       /* a job of several drives: -V names the drive */
	struct report *report;  /* --report: what the run's events drew (report.c) */
};

/* Print err as one line "discburn: cause. advice." (JSON: an "error" event),
 * with the raw sense bytes when verbose. */
void cli_error(struct cli *c, const struct db_error *err, int exit_code);
/* The cause of err in words (no advice), in buf. */
const char *cli_text(const struct db_error *err, char *buf, size_t size);
/* After a failed burn: what the disc holds now, appended to the next error
 * line ("the disc is untouched", "written partly"...). */
void cli_disc_clause(struct cli *c, const struct db_error *err, const struct burn_stats *st);
/* printf-style one-line error for usage problems. */
void cli_usage_error(struct cli *c, const char *msg);
/* A "done" event / final line. */
void cli_done(struct cli *c, int exit_code, const struct burn_stats *st);
/* What a one-disc burn shows of an event. */
void cli_burn_event(struct cli *c, const struct job_event *ev);
/* The image's facts: a line with -v, an "image" event with --json. */
void cli_image_event(struct cli *c, const struct iso_report *r);
/* A warning event's words. */
void cli_warning_text(const struct job_event *ev, char *out, size_t n);
/* "write", "verify"... as --json names phases. */
const char *cli_phase_name(enum burn_phase ph);

/* One fact of iso_report_emit as a JSON field of its own type (numbers and
 * booleans unquoted), for -inspect and the burn's image event. */
struct json;
void cli_json_fact(struct json *j, const struct fact *f);

/* The burn parameters the options ask for, for every disc. */
struct burn_params cli_burn_params(const struct cli *c);

/* The expected SHA-256 from --sha256 or --checksum-file, as hex; "" if none. */
int cli_expected_digest(struct cli *c, char hex[65], struct db_error *err);

/* Audio and mixed CDs (cli_tracks.c): is the burn a cue sheet, TOC file or
 * track list; its name in messages; its layout with every problem in pr
 * (0, or the first problem's code; a sheet that cannot be read leaves pr
 * empty); its image, the problems said one by one (an exit status). */
struct layout;
struct layout_problems;
struct image;
bool cli_sheet(const struct options *o);
const char *cli_sheet_name(const struct options *o);
int cli_sheet_layout(const struct options *o, struct layout *l, struct layout_problems *pr,
		     struct db_error *err);
int cli_sheet_image(struct cli *c, struct image **out);

/* Burning (cli_burn.c): one disc, or a duplication job; an exit status. */
int cli_burn(struct cli *c);
/* blank= or -format on an open drive; an exit status. */
int cli_blank_format(struct cli *c, struct device *d);

/* Open dev for the action, with the -V trace and cancel flag wired. */
int cli_open(struct cli *c, const char *dev, unsigned flags, struct device **d,
	     struct db_error *err);

/* Info actions (cli_info.c): each returns an exit status. */
int cli_devices(struct cli *c);
int cli_disc_types(struct cli *c);
int cli_minfo(struct cli *c, struct device *d);
int cli_checkdrive(struct cli *c, struct device *d);
int cli_msinfo(struct cli *c, struct device *d);
int cli_toc(struct cli *c, struct device *d);
int cli_atip(struct cli *c, struct device *d);
int cli_prcap(struct cli *c, struct device *d);
int cli_tray(struct cli *c, struct device *d, enum action a);
/* -fix (cli_fix.c): close the session a -nofix burn left open. */
int cli_fix(struct cli *c, struct device *d);

/* Stations (cli_station.c): --submit, --station, --status, --cancel, --pause,
 * --resume, --set-priority; an exit status. */
int cli_station(struct cli *c);

/* Reading discs (cli_read.c): f=FILE, --check, -inspect with dev=; each
 * returns an exit status. cli_master_open opens the drive of --from and its
 * disc as the image of a job. */
int cli_read(struct cli *c);
int cli_check(struct cli *c);
int cli_inspect_disc(struct cli *c);
struct image;
int cli_master_open(struct cli *c, struct device **d, struct image **im, struct db_error *err);

/* Duplication (cli_dup.c): the view of a job of several drives or copies. */
struct dup_view;
struct dup_view *cli_dup_view(struct cli *c, const struct job_drive *drives, unsigned n);
void cli_dup_event(void *ctx, const struct job_event *ev);
/* The summary table and the done event; returns the exit status. */
int cli_dup_finish(struct dup_view *v, int rc, const struct db_error *err,
		   const struct job_summary *sum);

#endif
