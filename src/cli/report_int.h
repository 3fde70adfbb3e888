/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_int.h — what the burn report's three parts share: the lanes and
 * samples gathered while the job runs (report.c), the picture drawn from
 * them (report_draw.c) and the page of facts around it (report_page.c).
 * Not for use outside src/cli/report*.c.
 */
#ifndef DISCBURN_REPORT_INT_H
#define DISCBURN_REPORT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/report.h"

enum {
	MAX_LANES = 64,
	MAX_SAMPLES = 1 << 17,
	MAX_MARKS = 512,
	MAX_NOTES = 8,
	W = 1000,                       /* picture width, px */
	PLOT_L = 70, PLOT_R = W - 64,   /* plot area, px */
};

/* The colours (also the test's: tests/report-emu.sh) */
#define C_SPEED    "#1f5fbf"    /* write speed (a single drive) */
#define C_ASKED    "#555555"    /* the speed asked: dashed */
#define C_SET      "#111111"    /* the speed the drive set: dotted */
#define C_BUFFER   "#00a651"    /* drive buffer fill */
#define C_FIFO     "#f28e00"    /* FIFO fill */
#define C_VERIFY   "#8e44ad"    /* the read-back's speed */
#define C_BURNFREE "#e6007e"    /* a BURN-Free link */
#define C_ERROR    "#d0021b"    /* an error */
#define C_LONG     "#1f5fbf"    /* blank or format progress */


enum sample_kind { S_WRITE, S_VERIFY, S_LONG };

struct sample {
	float t;                /* seconds since the report began */
	float rate_x;           /* write (or read) speed since the previous sample */
	float avg_x;            /* average since the stream began */
	float pct;              /* S_LONG: percent done */
	uint32_t lba;
	int8_t fifo, buf;       /* percent; -1 unknown */
	uint8_t kind;
};

enum mark_kind { M_BURNFREE, M_ERROR };

struct mark {
	enum mark_kind kind;
	float t;
	uint32_t lba;
	bool lba_valid;
	unsigned n;             /* BURN-Free: links at this point */
	char text[200];
};

struct lane {
	unsigned drive, copy;
	const char *dev;
	time_t wall;            /* when its first event came */
	double t_first, t_write, t_close, t_verify, t_end;      /* -1: not reached */
	bool have_media, have_plan, have_stats, done, ok, long_op;
	enum burn_phase long_phase;     /* PHASE_BLANK or PHASE_FORMAT */
	struct burn_media media;
	struct burn_plan plan;
	char method[64];
	struct burn_stats stats;
	struct sample *s;
	size_t ns;
	int last_links;         /* -1 unknown */
	struct mark *marks;
	unsigned nmarks;
	char notes[MAX_NOTES][280];     /* warnings, rejected discs, leaving the job */
	unsigned nnotes;
	char result[300];
};

struct report {
	const struct cli *c;    /* its device names a lane whose events name none */
	double t0;
	time_t wall0;
	struct lane *lanes[MAX_LANES];
	unsigned nlanes;
	enum burn_phase phase[JOB_MAX_DRIVES];  /* the current one, per drive */
	char error[400];        /* how the run failed, or "" */
	char sha256[65];
	uint64_t source_bytes;
	const struct job_summary *sum;
	int exit_code;
};

void report_esc(FILE *f, const char *s);

const char *report_image_name(const struct cli *c);

bool report_several_drives(const struct report *r);

bool report_drawn(const struct lane *l);

const char *report_lane_result(const struct report *r, const struct lane *l, char *out,
			       size_t n);

const char *report_what_was_done(const struct report *r);

void report_render_svg(FILE *f, const struct report *r, const struct cli *c);

void report_render_html(FILE *f, const struct report *r, const struct cli *c, const char *svg,
			size_t svg_len);

#endif
