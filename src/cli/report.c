/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c — the burn report: FILE.svg and FILE.html (see report.h).
 *
 * What is kept while the job runs: for every disc (a lane) its drive, disc,
 * plan and statistics, its samples (the progress events: time, LBA, the
 * write speed since the previous sample, the average, FIFO and drive buffer
 * fill; the read-back's speed; a blank's or a format's fraction) and its
 * marks (a BURN-Free link where the drive's count went up, an error at its
 * LBA). Samples are bounded: a lane that reaches MAX_SAMPLES drops every
 * other one, so memory stays small whatever the disc; marks are never
 * dropped before MAX_MARKS.
 *
 * The picture: a header (title, what was burnt, the legend, a colour per
 * drive in a duplication), then one lane per disc. A lane is a plot over
 * the disc's LBAs (from 0 to the end of what the burn wrote — the disc's
 * whole capacity is named under the axis; an earlier session shaded) or over
 * time: write speed and the read-back's speed on
 * the left axis (x of the medium), the speed asked (dashed) and the speed
 * the drive set (dotted); drive buffer and FIFO fill on the right axis (%);
 * BURN-Free links as magenta bars, errors as red bars with their LBA. A
 * blank or a format is a lane of its progress over time.
 *
 * The plot area of every lane is given in data- attributes of its <g>
 * (x0, x1, y0, y1 in pixels and the axis' first and last value), so a test
 * can find where a mark must be on the rendered picture.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/json.h"
#include "cli/cli.h"
#include "cli/report.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

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

/* A colour per drive for a duplication: none of them near the fixed ones. */
static const char *const drive_colour[] = {
	"#1f5fbf", "#0b7a8a", "#7a5230", "#5a6bd8", "#0a3d62", "#7f7f00", "#4a90a4", "#6d214f",
	"#2d3436", "#218c74", "#84817a", "#574b90", "#596275", "#1e3799", "#b33939", "#40407a",
};

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

/* ---- gathering --------------------------------------------------------------- */

struct report *report_of(struct cli *c)
{
	if (!c->o->report)
		return NULL;
	if (!c->report) {
		c->report = calloc(1, sizeof(*c->report));
		if (c->report) {
			c->report->c = c;
			c->report->t0 = clock_now_s();
			c->report->wall0 = time(NULL);
		}
	}
	return c->report;
}

static struct lane *lane_of(struct report *r, const struct job_event *ev)
{
	for (unsigned i = r->nlanes; i-- > 0;)
		if (r->lanes[i]->drive == ev->drive && r->lanes[i]->copy == ev->copy)
			return r->lanes[i];
	if (r->nlanes == MAX_LANES)
		return NULL;
	struct lane *l = calloc(1, sizeof(*l));
	if (!l || !(l->marks = calloc(MAX_MARKS, sizeof(*l->marks)))) {
		free(l);
		return NULL;
	}
	l->drive = ev->drive;
	l->copy = ev->copy;
	l->dev = ev->dev ? ev->dev : r->c->dev;
	l->wall = time(NULL);
	l->t_first = clock_now_s() - r->t0;
	l->t_write = l->t_close = l->t_verify = l->t_end = -1;
	l->last_links = -1;
	r->lanes[r->nlanes++] = l;
	return l;
}

static void add_sample(struct lane *l, const struct sample *s)
{
	if (!l->s && !(l->s = malloc(MAX_SAMPLES * sizeof(*l->s))))
		return;
	if (l->ns == MAX_SAMPLES) {
		/* keep every other sample: the shape stays, memory does not grow */
		for (size_t i = 0; i < MAX_SAMPLES / 2; i++)
			l->s[i] = l->s[2 * i + 1];
		l->ns = MAX_SAMPLES / 2;
	}
	l->s[l->ns++] = *s;
}

static struct mark *add_mark(struct lane *l, enum mark_kind k, float t)
{
	if (l->nmarks == MAX_MARKS)
		return NULL;
	struct mark *m = &l->marks[l->nmarks++];
	memset(m, 0, sizeof(*m));
	m->kind = k;
	m->t = t;
	return m;
}

static void add_error(struct lane *l, const struct db_error *err, float t)
{
	char why[200];
	cli_text(err, why, sizeof(why));
	for (unsigned i = 0; i < l->nmarks; i++)
		if (l->marks[i].kind == M_ERROR && !strcmp(l->marks[i].text, why))
			return;         /* the same failure, told twice */
	struct mark *m = add_mark(l, M_ERROR, t);
	if (!m)
		return;
	snprintf(m->text, sizeof(m->text), "%s", why);
	m->lba_valid = err->lba_valid;
	m->lba = err->lba_valid ? (uint32_t)err->lba : 0;
}

static void add_note(struct lane *l, const char *fmt, const char *text)
{
	if (l->nnotes < MAX_NOTES)
		snprintf(l->notes[l->nnotes++], sizeof(l->notes[0]), fmt, text);
}

static void on_progress(struct report *r, struct lane *l, const struct burn_progress *p,
			double t)
{
	struct sample s = { .t = (float)t, .lba = p->lba, .fifo = -1, .buf = -1 };
	if (p->fraction) {
		l->long_op = true;
		l->long_phase = r->phase[l->drive % JOB_MAX_DRIVES];
		s.kind = S_LONG;
		s.pct = p->total ? (float)(p->done * 100.0 / p->total) : 0;
		add_sample(l, &s);
		return;
	}
	s.kind = p->verify ? S_VERIFY : S_WRITE;
	s.rate_x = (float)p->rate_x;
	s.avg_x = (float)p->speed_x;
	if (!p->verify) {
		s.fifo = (int8_t)(p->fifo_pct > 100 ? 100 : p->fifo_pct);
		s.buf = (int8_t)(p->buf_pct > 100 ? 100 : p->buf_pct);
	}
	add_sample(l, &s);
	if (!p->verify && p->burnfree >= 0) {
		if (l->last_links >= 0 && p->burnfree > l->last_links) {
			struct mark *m = add_mark(l, M_BURNFREE, (float)t);
			if (m) {
				m->lba = p->lba;
				m->lba_valid = true;
				m->n = (unsigned)p->burnfree;
				snprintf(m->text, sizeof(m->text), "BURN-Free link%s near LBA %u "
					 "(%d in this burn so far)",
					 p->burnfree - l->last_links > 1 ? "s" : "", p->lba,
					 p->burnfree);
			}
		}
		l->last_links = p->burnfree;
	}
}

/* The drive's latest lane: where what comes after its last disc belongs
 * (leaving the job is no disc of its own). */
static struct lane *latest_lane(struct report *r, unsigned drive)
{
	for (unsigned i = r->nlanes; i-- > 0;)
		if (r->lanes[i]->drive == drive)
			return r->lanes[i];
	return NULL;
}

void report_event(struct report *r, const struct job_event *ev)
{
	if (!r)
		return;
	double t = clock_now_s() - r->t0;
	struct lane *l = ev->type == JEV_DRIVE_OUT ? latest_lane(r, ev->drive) : NULL;
	if (!l)
		l = lane_of(r, ev);
	if (!l)
		return;
	if (ev->dev)
		l->dev = ev->dev;
	char text[240];
	switch (ev->type) {
	case JEV_MEDIA:
		l->media = *ev->u.media;
		l->have_media = true;
		break;
	case JEV_PLAN:
		l->plan = *ev->u.plan;
		l->have_plan = true;
		if (!strcmp(l->plan.strategy, "sequential") && l->have_media)
			snprintf(l->method, sizeof(l->method), "%s sequential",
				 disc_type(l->media.profile)->name);
		else
			snprintf(l->method, sizeof(l->method), "%s", l->plan.strategy);
		l->plan.strategy = NULL;        /* not kept: l->method is */
		break;
	case JEV_REASON:
		add_error(l, ev->u.err, (float)t);
		break;
	case JEV_GRACE:
	case JEV_WAITING:
		break;
	case JEV_PHASE:
		r->phase[ev->drive % JOB_MAX_DRIVES] = ev->u.phase;
		if (ev->u.phase == PHASE_WRITE)
			l->t_write = t;
		else if (ev->u.phase == PHASE_CLOSE)
			l->t_close = t;
		else if (ev->u.phase == PHASE_VERIFY)
			l->t_verify = t;
		else if (ev->u.phase == PHASE_DONE)
			l->t_end = t;
		break;
	case JEV_PROGRESS:
		on_progress(r, l, ev->u.progress, t);
		break;
	case JEV_STATS:
		l->stats = *ev->stats;
		l->have_stats = true;
		break;
	case JEV_WARNING:
		cli_warning_text(ev, text, sizeof(text));
		add_note(l, "warning: %s", text);
		break;
	case JEV_REJECTED:
		add_note(l, "disc ejected: %s", cli_text(ev->u.err, text, sizeof(text)));
		break;
	case JEV_DISC_DONE:
		l->done = true;
		l->ok = ev->ok;
		l->t_end = t;
		if (ev->stats) {
			l->stats = *ev->stats;
			l->have_stats = true;
		}
		if (ev->u.err)
			add_error(l, ev->u.err, (float)t);
		break;
	case JEV_DRIVE_OUT:
		add_note(l, "out of the job: %s", cli_text(ev->u.err, text, sizeof(text)));
		break;
	}
}

/* ---- small helpers ------------------------------------------------------------ */

/* Text for XML (SVG and HTML alike): & < > " escaped, control bytes dropped. */
static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				fputc(*s, f);
		}
	}
}

/* A step of 1, 2, 2.5 or 5 times a power of ten, about range/ticks. */
static double nice_step(double range, unsigned ticks)
{
	if (range <= 0)
		return 1;
	double raw = range / ticks, p = 1;
	while (p * 10 <= raw)
		p *= 10;
	while (p > raw)
		p /= 10;
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	for (unsigned i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i] * p >= raw)
			return m[i] * p;
	return 10 * p;
}

static double nice_max(double v)
{
	if (v <= 0)
		return 1;
	double st = nice_step(v, 4);
	double top = st;
	while (top < v * 1.0001)
		top += st;
	return top;
}

static void fmt_count(char *out, size_t n, double v)
{
	if (v >= 1e6)
		snprintf(out, n, "%.4gM", v / 1e6);
	else if (v >= 1e3)
		snprintf(out, n, "%.4gk", v / 1e3);
	else
		snprintf(out, n, "%.0f", v);
}

static void fmt_secs(char *out, size_t n, double s, bool clock)
{
	if (clock)
		snprintf(out, n, "%u:%02u", (unsigned)(s / 60), (unsigned)s % 60);
	else
		snprintf(out, n, "%.3g s", s);
}

static void fmt_x(char *out, size_t n, double x)
{
	snprintf(out, n, "%.1fx", x);
}

static const char *image_name(const struct cli *c)
{
	if (!c->o->image)
		return "";
	return strcmp(c->o->image, "-") ? c->o->image : "standard input";
}

static const char *lane_colour(const struct report *r, const struct lane *l)
{
	bool many = false;
	for (unsigned i = 0; i < r->nlanes; i++)
		if (r->lanes[i]->drive != r->lanes[0]->drive)
			many = true;
	return many ? drive_colour[l->drive % (sizeof(drive_colour) / sizeof(drive_colour[0]))]
		    : C_SPEED;
}

static bool several_drives(const struct report *r)
{
	for (unsigned i = 0; i < r->nlanes; i++)
		if (r->lanes[i]->drive != r->lanes[0]->drive)
			return true;
	return false;
}

/* A lane worth drawing: it wrote, read back, blanked, or failed. */
static bool drawn(const struct lane *l)
{
	return l->ns || l->nmarks || l->have_media;
}

/* How far the lane's axis runs: to the end of what the burn was to write
 * (so that a small burn on a big disc stays readable), or further where a
 * sample or a mark lies beyond. */
static uint64_t lane_capacity(const struct lane *l)
{
	uint64_t cap = l->have_media ? (uint64_t)l->media.nwa + l->media.image_blocks : 0;
	for (size_t i = 0; i < l->ns; i++)
		if (l->s[i].kind != S_LONG && l->s[i].lba > cap)
			cap = l->s[i].lba;
	for (unsigned i = 0; i < l->nmarks; i++)
		if (l->marks[i].lba_valid && l->marks[i].lba > cap)
			cap = l->marks[i].lba;
	return cap ? cap : 1;
}

static const char *lane_result(const struct report *r, const struct lane *l, char *out,
			       size_t n)
{
	bool failed = l->done ? !l->ok : (r->exit_code != 0);
	for (unsigned i = 0; i < l->nmarks; i++)
		if (l->marks[i].kind == M_ERROR)
			failed = true;
	if (failed)
		snprintf(out, n, "FAILED");
	else if (l->long_op && !l->have_media)
		snprintf(out, n, "done");
	else if (l->stats.verified)
		snprintf(out, n, "good, verified");
	else
		snprintf(out, n, "good");
	return out;
}

static const char *lane_disc(const struct lane *l)
{
	return l->have_media ? disc_type(l->media.profile)->name : "";
}

static const char *what_was_done(const struct report *r)
{
	bool burn = false, blank = false, format = false;
	for (unsigned i = 0; i < r->nlanes; i++) {
		const struct lane *l = r->lanes[i];
		if (l->long_op && l->long_phase == PHASE_FORMAT)
			format = true;
		else if (l->long_op)
			blank = true;
		if (l->have_media || (!l->long_op && l->ns))
			burn = true;
	}
	if (burn && several_drives(r))
		return "duplication";
	if (burn)
		return blank ? "blank and burn" : format ? "format and burn" : "burn";
	return format ? "format" : "blank";
}

/* ---- the picture --------------------------------------------------------------- */

struct axes {
	bool by_lba;
	double x_lo, x_hi;      /* LBA or seconds */
	double y_hi;            /* speed, x */
	int px0, px1, py0, py1; /* plot area */
};

static double ax_x(const struct axes *a, double v)
{
	double f = a->x_hi > a->x_lo ? (v - a->x_lo) / (a->x_hi - a->x_lo) : 0;
	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	return a->px0 + f * (a->px1 - a->px0);
}

static double ax_speed(const struct axes *a, double x)
{
	if (x > a->y_hi)
		x = a->y_hi;            /* a burst into the drive's buffer: clipped */
	if (x < 0)
		x = 0;
	return a->py1 - x / a->y_hi * (a->py1 - a->py0);
}

static double ax_pct(const struct axes *a, double pct)
{
	return a->py1 - pct / 100.0 * (a->py1 - a->py0);
}

static double sample_x(const struct axes *a, const struct sample *s)
{
	return ax_x(a, a->by_lba ? s->lba : s->t);
}

/* A polyline of the lane's samples of one kind; what = 0 speed, 1 FIFO,
 * 2 drive buffer, 3 percent done. */
static void polyline(FILE *f, const struct axes *a, const struct lane *l, enum sample_kind k,
		     int what, const char *colour, double width, const char *dash)
{
	size_t n = 0;
	for (size_t i = 0; i < l->ns; i++) {
		const struct sample *s = &l->s[i];
		if (s->kind != k || (what == 1 && s->fifo < 0) || (what == 2 && s->buf < 0))
			continue;
		double y = what == 0 ? ax_speed(a, s->rate_x) : what == 1 ? ax_pct(a, s->fifo) :
			   what == 2 ? ax_pct(a, s->buf) : ax_pct(a, s->pct);
		if (n++ == 0)
			fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s "
				"stroke-linejoin=\"round\" points=\"", colour, width,
				dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
		fprintf(f, "%.1f,%.1f ", sample_x(a, s), y);
	}
	if (n == 1) {
		/* one point: a dot, so it shows */
		fputs("\"/>\n", f);
		for (size_t i = 0; i < l->ns; i++) {
			const struct sample *s = &l->s[i];
			if (s->kind != k || (what == 1 && s->fifo < 0) || (what == 2 && s->buf < 0))
				continue;
			double y = what == 0 ? ax_speed(a, s->rate_x) : what == 1 ?
				   ax_pct(a, s->fifo) : what == 2 ? ax_pct(a, s->buf) : ax_pct(a, s->pct);
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n",
				sample_x(a, s), y, colour);
		}
		return;
	}
	if (n)
		fputs("\"/>\n", f);
}

static void hline(FILE *f, const struct axes *a, double x0, double x1, double y,
		  const char *colour, const char *dash, const char *label)
{
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		"stroke-width=\"1.5\" stroke-dasharray=\"%s\"/>\n", x0, y, x1, y, colour, dash);
	/* the label at the line's end, inside the plot however short the line */
	double lx = x1 - 2 < a->px0 + 110 ? a->px0 + 110 : x1 - 2;
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\" "
		"text-anchor=\"end\">", lx, y - 3, colour);
	esc(f, label);
	fputs("</text>\n", f);
}

static void marks(FILE *f, const struct axes *a, const struct lane *l)
{
	for (unsigned i = 0; i < l->nmarks; i++) {
		const struct mark *m = &l->marks[i];
		if (a->by_lba && !m->lba_valid && m->kind == M_BURNFREE)
			continue;
		double x;
		if (a->by_lba)
			x = m->lba_valid ? ax_x(a, m->lba) : a->px1;
		else
			x = ax_x(a, m->t);
		const char *colour = m->kind == M_BURNFREE ? C_BURNFREE : C_ERROR;
		fprintf(f, "<g class=\"%s\"", m->kind == M_BURNFREE ? "burnfree" : "error");
		if (m->lba_valid)
			fprintf(f, " data-lba=\"%u\"", m->lba);
		fprintf(f, " data-x=\"%.1f\"><title>", x);
		esc(f, m->text);
		fprintf(f, "</title>\n<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
			"stroke-width=\"3\"/>\n", x, a->py0, x, a->py1, colour);
		if (m->kind == M_BURNFREE)
			fprintf(f, "<path d=\"M%.1f,%d l-5,-8 h10 z\" fill=\"%s\"/>\n", x, a->py0, colour);
		else
			fprintf(f, "<path d=\"M%.1f,%d m-5,-9 l10,8 m0,-8 l-10,8\" stroke=\"%s\" "
				"stroke-width=\"2\"/>\n", x, a->py0, colour);
		fputs("</g>\n", f);
	}
	/* the errors' words, under the plot's top edge */
	int row = 0;
	for (unsigned i = 0; i < l->nmarks && row < 3; i++) {
		const struct mark *m = &l->marks[i];
		if (m->kind != M_ERROR)
			continue;
		char lba[32] = "";
		if (m->lba_valid)
			snprintf(lba, sizeof(lba), "LBA %u: ", m->lba);
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">", a->px0 + 6,
			a->py0 + 14 + 13 * row++, C_ERROR);
		esc(f, lba);
		char cut[120];
		snprintf(cut, sizeof(cut), "%.110s%s", m->text, strlen(m->text) > 110 ? "..." : "");
		esc(f, cut);
		fputs("</text>\n", f);
	}
}

static void frame(FILE *f, const struct axes *a, bool speed_axis, const char *x_title)
{
	char lab[32];
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fbfbfb\" "
		"stroke=\"#999999\"/>\n", a->px0, a->py0, a->px1 - a->px0, a->py1 - a->py0);
	/* right axis: percent */
	for (int p = 0; p <= 100; p += 25) {
		double y = ax_pct(a, p);
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>\n",
			a->px0, y, a->px1, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#444\">%d%%</text>\n",
			a->px1 + 4, y + 3, p);
	}
	/* left axis: speed */
	if (speed_axis) {
		double st = nice_step(a->y_hi, 4);
		for (double v = 0; v <= a->y_hi * 1.0001; v += st) {
			fmt_x(lab, sizeof(lab), v);
			fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#444\" "
				"text-anchor=\"end\">%s</text>\n", a->px0 - 4, ax_speed(a, v) + 3, lab);
		}
	}
	/* bottom axis */
	double range = a->x_hi - a->x_lo, st = nice_step(range, 8);
	bool clock = !a->by_lba && range >= 120;
	if (clock && st < 60)
		st = st <= 30 ? 30 : 60;
	for (double v = a->x_lo; v <= a->x_hi * 1.0001 + 1e-9; v += st) {
		double x = ax_x(a, v);
		if (a->by_lba)
			fmt_count(lab, sizeof(lab), v);
		else
			fmt_secs(lab, sizeof(lab), v, clock);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>\n",
			x, a->py0, x, a->py1);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#444\" "
			"text-anchor=\"middle\">%s</text>\n", x, a->py1 + 13, lab);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#444\" text-anchor=\"end\">",
		a->px1, a->py1 + 27);
	esc(f, x_title);
	fputs("</text>\n", f);
}

static void lane_svg(FILE *f, const struct report *r, const struct lane *l, int y0, int h,
		     bool by_lba, uint64_t cap, double t_hi, double y_hi)
{
	struct axes a = {
		.by_lba = by_lba && !l->long_op, .px0 = PLOT_L, .px1 = PLOT_R,
		.py0 = y0 + 24, .py1 = y0 + h - 34, .y_hi = y_hi,
	};
	char buf[160], x_title[160];
	if (a.by_lba) {
		a.x_lo = 0;
		a.x_hi = (double)cap;
		uint64_t disc = l->have_media ? (uint64_t)l->media.nwa + l->media.free_blocks : cap;
		snprintf(x_title, sizeof(x_title), "LBA (sectors of 2048 bytes) to the end of this burn; "
			 "the disc holds %llu sectors (%.2f GB)", (unsigned long long)disc,
			 disc * 2048.0 / 1e9);
	} else {
		a.x_lo = 0;
		a.x_hi = t_hi > 0 ? t_hi : 1;
		if (l->long_op && by_lba) {
			/* the report is over LBAs; a blank has none: its own time */
			a.x_lo = l->t_first;
			a.x_hi = l->ns ? l->s[l->ns - 1].t : l->t_first + 1;
			if (a.x_hi <= a.x_lo)
				a.x_hi = a.x_lo + 1;
		}
		snprintf(x_title, sizeof(x_title), "time since discburn started");
	}
	const char *colour = l->long_op ? C_LONG : lane_colour(r, l);
	fprintf(f, "<g class=\"lane\" data-drive=\"%u\" data-copy=\"%u\" data-axis=\"%s\" "
		"data-x0=\"%d\" data-x1=\"%d\" data-y0=\"%d\" data-y1=\"%d\" data-lo=\"%.3f\" "
		"data-hi=\"%.3f\" data-colour=\"%s\">\n", l->drive, l->copy,
		a.by_lba ? "lba" : "time", a.px0, a.px1, a.py0, a.py1, a.x_lo, a.x_hi, colour);
	/* the lane's title: drive, disc, method, result */
	char res[40];
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" font-weight=\"bold\" fill=\"%s\">",
		PLOT_L, y0 + 16, colour);
	esc(f, l->dev ? l->dev : "");
	fputs("</text>\n", f);
	if (l->long_op)
		snprintf(buf, sizeof(buf), "%s — %s", l->long_phase == PHASE_FORMAT ? "format" :
			 "blank", lane_result(r, l, res, sizeof(res)));
	else
		snprintf(buf, sizeof(buf), "%s%s%s%scopy %u — %s", lane_disc(l),
			 l->have_media ? ", " : "", l->method, l->method[0] ? ", " : "", l->copy,
			 lane_result(r, l, res, sizeof(res)));
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#222\" text-anchor=\"end\">",
		PLOT_R, y0 + 16);
	esc(f, buf);
	fputs("</text>\n", f);

	frame(f, &a, !l->long_op, x_title);
	if (a.by_lba && l->have_media && l->media.nwa > 0) {
		/* earlier sessions */
		double x = ax_x(&a, l->media.nwa);
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#dddddd\" "
			"opacity=\"0.6\"><title>earlier sessions</title></rect>\n", a.px0, a.py0,
			x - a.px0, a.py1 - a.py0);
	}
	if (a.by_lba && l->have_media && l->media.image_blocks) {
		double x = ax_x(&a, (double)l->media.nwa + l->media.image_blocks);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#777\" "
			"stroke-dasharray=\"2,3\"><title>end of this burn</title></line>\n", x, a.py0,
			x, a.py1);
	}
	if (l->long_op) {
		polyline(f, &a, l, S_LONG, 3, C_LONG, 2, NULL);
	} else {
		/* from the start of writing to its end, on either axis */
		double xs = a.px0, xe = a.px1;
		if (a.by_lba && l->have_media) {
			xs = ax_x(&a, l->media.nwa);
			xe = ax_x(&a, (double)l->media.nwa + l->media.image_blocks);
		} else if (!a.by_lba && l->t_write >= 0) {
			xs = ax_x(&a, l->t_write);
			xe = ax_x(&a, l->t_close >= 0 ? l->t_close : a.x_hi);
		}
		/* the speed asked (dashed) and the one the drive set (dotted); one
		 * label when they are the same */
		bool same = l->have_plan && l->plan.speed_x > 0 &&
			    l->plan.set_x > l->plan.speed_x * 0.99 &&
			    l->plan.set_x < l->plan.speed_x * 1.01;
		char lab[64];
		if (l->have_plan && l->plan.speed_x > 0) {
			fmt_x(buf, sizeof(buf), l->plan.speed_x);
			snprintf(lab, sizeof(lab), "asked %.20s%s", buf, same ? " = drive set" : "");
			hline(f, &a, xs, xe, ax_speed(&a, l->plan.speed_x), C_ASKED, "7,4", lab);
		}
		if (l->have_plan && l->plan.set_x > 0) {
			fmt_x(buf, sizeof(buf), l->plan.set_x);
			snprintf(lab, sizeof(lab), "drive set %.20s", buf);
			hline(f, &a, xs, xe, ax_speed(&a, l->plan.set_x), C_SET, "1.5,3",
			      same ? "" : lab);
		}
		polyline(f, &a, l, S_WRITE, 1, C_FIFO, 1.4, NULL);
		polyline(f, &a, l, S_WRITE, 2, C_BUFFER, 1.4, NULL);
		polyline(f, &a, l, S_VERIFY, 0, C_VERIFY, 1.6, "5,2");
		polyline(f, &a, l, S_WRITE, 0, colour, 2.2, NULL);
	}
	marks(f, &a, l);
	fputs("</g>\n", f);
}

static int legend_width(const char *label)
{
	return 26 + 6 * (int)strlen(label) + 18;
}

static void legend_item(FILE *f, int *x, int y, const char *colour, const char *dash,
			double width, const char *label)
{
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		"stroke-width=\"%.1f\"%s%s%s/>\n", *x, y - 4, *x + 22, y - 4, colour, width,
		dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#222\">", *x + 26, y);
	esc(f, label);
	fputs("</text>\n", f);
	*x += legend_width(label);
}

/* A drive's name in the legend: at most 48 characters, its end kept (the
 * path tells drives apart more than the prefix). */
static void legend_name(char *out, size_t n, const char *dev)
{
	size_t len = strlen(dev);
	if (len <= 48)
		snprintf(out, n, "%s", dev);
	else
		snprintf(out, n, "%.12s...%s", dev, dev + len - 33);
}

/* The rows the drives' legend takes (W wide). */
static int drive_legend_rows(const struct report *r)
{
	int rows = 1, x = PLOT_L;
	char name[64];
	bool seen[JOB_MAX_DRIVES] = { false };
	for (unsigned i = 0; i < r->nlanes; i++) {
		const struct lane *l = r->lanes[i];
		if (!drawn(l) || l->drive >= JOB_MAX_DRIVES || seen[l->drive])
			continue;
		seen[l->drive] = true;
		legend_name(name, sizeof(name), l->dev ? l->dev : "?");
		if (x + legend_width(name) > W - 10 && x > PLOT_L) {
			rows++;
			x = PLOT_L;
		}
		x += legend_width(name);
	}
	return rows;
}

static void render_svg(FILE *f, const struct report *r, const struct cli *c)
{
	bool by_lba = c->o->report_axis != REPORT_AXIS_TIME;
	bool many = several_drives(r);
	unsigned nd = 0;
	uint64_t cap = 1;
	double t_hi = 0, y_hi = 0;
	bool any_burnfree = false, any_error = false, any_verify = false, any_set = false,
	     any_asked = false, any_write = false, any_long = false;
	for (unsigned i = 0; i < r->nlanes; i++) {
		const struct lane *l = r->lanes[i];
		if (!drawn(l))
			continue;
		nd++;
		if (!l->long_op && lane_capacity(l) > cap)
			cap = lane_capacity(l);
		double asked = l->have_plan ? l->plan.speed_x : 0, set = l->have_plan ? l->plan.set_x : 0;
		double top = asked > set ? asked : set, peak = 0;
		any_asked |= asked > 0;
		any_set |= set > 0;
		any_long |= l->long_op;
		for (size_t k = 0; k < l->ns; k++) {
			const struct sample *s = &l->s[k];
			if (s->t > t_hi)
				t_hi = s->t;
			if (s->kind != S_LONG && s->rate_x > peak)
				peak = s->rate_x;
			any_verify |= s->kind == S_VERIFY;
			any_write |= s->kind == S_WRITE;
		}
		for (unsigned k = 0; k < l->nmarks; k++) {
			any_burnfree |= l->marks[k].kind == M_BURNFREE;
			any_error |= l->marks[k].kind == M_ERROR;
			if (l->marks[k].t > t_hi)
				t_hi = l->marks[k].t;
		}
		if (l->t_end > t_hi)
			t_hi = l->t_end;
		/* the drive's known speed sets the scale; bursts into its buffer
		 * above one and a half times that are clipped */
		double want = top > 0 ? (peak < top * 1.5 ? (peak > top ? peak : top) : top * 1.5) : peak;
		if (want > y_hi)
			y_hi = want;
	}
	y_hi = nice_max(y_hi > 0 ? y_hi * 1.08 : 1);

	int lane_h = nd <= 1 ? 330 : nd <= 3 ? 250 : nd <= 8 ? 200 : 170;
	int legend_rows = many ? 1 + drive_legend_rows(r) : 1;
	int head = 64 + 18 * legend_rows;
	int hgt = head + (int)(nd ? nd : 1) * lane_h + 10;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n",
		W, hgt, W, hgt);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", W, hgt);

	/* title */
	char title[600], when[64];
	struct tm tm;
	localtime_r(&r->wall0, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	const char *img = image_name(c);
	const char *slash = strrchr(img, '/');
	snprintf(title, sizeof(title), "discburn %s%s%s", what_was_done(r), img[0] ? " of " : "",
		 slash ? slash + 1 : img);
	fprintf(f, "<text x=\"%d\" y=\"26\" font-size=\"18\" font-weight=\"bold\" fill=\"#111\">",
		PLOT_L);
	esc(f, title);
	fputs("</text>\n", f);
	snprintf(title, sizeof(title), "%s — %u disc%s — %s", when, nd, nd == 1 ? "" : "s",
		 r->exit_code == 0 ? "finished" : r->error[0] ? r->error : "failed");
	fprintf(f, "<text x=\"%d\" y=\"44\" font-size=\"12\" fill=\"#333\">", PLOT_L);
	char cut[200];
	snprintf(cut, sizeof(cut), "%.130s%s", title, strlen(title) > 130 ? "..." : "");
	esc(f, cut);
	fputs("</text>\n", f);

	/* legend: what each line is; a duplication names each drive's colour */
	int x = PLOT_L, y = 66;
	if (any_write)
		legend_item(f, &x, y, many ? "#333333" : C_SPEED, NULL, 2.2,
			    many ? "write speed (drive's colour)" : "write speed");
	if (any_asked)
		legend_item(f, &x, y, C_ASKED, "7,4", 1.5, "speed asked");
	if (any_set)
		legend_item(f, &x, y, C_SET, "1.5,3", 1.5, "speed the drive set");
	if (any_write) {
		legend_item(f, &x, y, C_BUFFER, NULL, 1.4, "drive buffer %");
		legend_item(f, &x, y, C_FIFO, NULL, 1.4, "FIFO %");
	}
	if (any_verify)
		legend_item(f, &x, y, C_VERIFY, "5,2", 1.6, "read-back speed");
	if (any_long)
		legend_item(f, &x, y, C_LONG, NULL, 2, "done %");
	if (any_burnfree)
		legend_item(f, &x, y, C_BURNFREE, NULL, 3, "BURN-Free link");
	if (any_error)
		legend_item(f, &x, y, C_ERROR, NULL, 3, "error");
	if (many) {
		x = PLOT_L;
		y += 18;
		bool seen[JOB_MAX_DRIVES] = { false };
		for (unsigned i = 0; i < r->nlanes; i++) {
			const struct lane *l = r->lanes[i];
			if (!drawn(l) || l->drive >= JOB_MAX_DRIVES || seen[l->drive])
				continue;
			seen[l->drive] = true;
			char name[64];
			legend_name(name, sizeof(name), l->dev ? l->dev : "?");
			if (x + legend_width(name) > W - 10 && x > PLOT_L) {
				x = PLOT_L;
				y += 18;
			}
			fprintf(f, "<g class=\"legend-drive\" data-drive=\"%u\">", l->drive);
			legend_item(f, &x, y, lane_colour(r, l), NULL, 4, name);
			fputs("</g>\n", f);
		}
	}

	int ly = head;
	for (unsigned i = 0; i < r->nlanes; i++) {
		const struct lane *l = r->lanes[i];
		if (!drawn(l))
			continue;
		lane_svg(f, r, l, ly, lane_h, by_lba, cap, t_hi, y_hi);
		ly += lane_h;
	}
	if (!nd)
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"13\">Nothing was written.</text>\n",
			PLOT_L, head + 30);
	fputs("</svg>\n", f);
}

/* ---- the page ----------------------------------------------------------------- */

static void row(FILE *f, const char *key, const char *val)
{
	fputs("<tr><th>", f);
	esc(f, key);
	fputs("</th><td>", f);
	esc(f, val);
	fputs("</td></tr>\n", f);
}

static void speed_text(char *out, size_t n, double x, unsigned kbps)
{
	if (x > 0)
		snprintf(out, n, "%.1fx (%u kB/s)", x, kbps);
	else
		snprintf(out, n, "not said");
}

static void lane_facts(FILE *f, const struct report *r, const struct lane *l,
		       const struct cli *c)
{
	char v[400], a[120], b[120];
	struct tm tm;
	localtime_r(&l->wall, &tm);
	fputs("<table class=\"facts\">\n", f);
	snprintf(v, sizeof(v), "%s%s%s%s%s%s%s", l->dev ? l->dev : "",
		 l->have_media ? " — " : "", l->have_media ? l->media.vendor : "",
		 l->have_media ? " " : "", l->have_media ? l->media.model : "",
		 l->have_media ? " " : "", l->have_media ? l->media.revision : "");
	row(f, "drive", v);
	if (l->long_op) {
		row(f, "operation", l->long_phase == PHASE_FORMAT ? "format" : "blank");
	}
	if (l->have_media) {
		uint64_t cap = (uint64_t)l->media.nwa + l->media.free_blocks;
		snprintf(v, sizeof(v), "%s, %s; %llu sectors (%.2f GB), next writable address %u, "
			 "%u sectors free; %u to write (%.1f MB)", disc_type(l->media.profile)->name,
			 mmc_disc_status_name(l->media.disc_status), (unsigned long long)cap,
			 cap * 2048.0 / 1e9, l->media.nwa, l->media.free_blocks,
			 l->media.image_blocks, l->media.image_blocks * 2048.0 / 1e6);
		row(f, "disc", v);
	}
	if (l->have_plan) {
		snprintf(v, sizeof(v), "%s%s%s%s", l->method, l->plan.dummy ? ", simulation" : "",
			 l->plan.multi ? ", session left open (-multi)" : "",
			 c->many_drives ? "" : "");
		row(f, "write method", v);
		if (l->plan.speed_x > 0)
			speed_text(a, sizeof(a), l->plan.speed_x, l->plan.speed_kbps);
		else
			snprintf(a, sizeof(a), "the fastest");
		speed_text(b, sizeof(b), l->plan.set_x, l->plan.set_kbps);
		snprintf(v, sizeof(v), "asked %s; the drive set %s%s", a, b,
			 l->have_stats ? "" : "");
		if (l->have_stats && l->stats.avg_speed_x > 0) {
			size_t n = strlen(v);
			snprintf(v + n, sizeof(v) - n, "; average %.1fx", l->stats.avg_speed_x);
		}
		row(f, "speed", v);
		snprintf(v, sizeof(v), "%.1f MiB%s", l->plan.fifo_size / 1048576.0, "");
		if (l->have_stats) {
			size_t n = strlen(v);
			snprintf(v + n, sizeof(v) - n, "; lowest fill %u%%, ran empty %u times",
				 l->stats.fifo_min_pct, l->stats.fifo_empty);
		}
		row(f, "FIFO", v);
	}
	if (l->have_stats) {
		if (l->stats.drive_buf_min_pct >= 0)
			snprintf(v, sizeof(v), "lowest fill %d%%", l->stats.drive_buf_min_pct);
		else
			snprintf(v, sizeof(v), "the drive did not say");
		row(f, "drive buffer", v);
		if (l->stats.burnfree_counted)
			snprintf(v, sizeof(v), "%s; the drive made %u link%s", l->stats.burnfree_on ?
				 "on" : "off", l->stats.burnfree_used,
				 l->stats.burnfree_used == 1 ? "" : "s");
		else
			snprintf(v, sizeof(v), "%s; the drive does not count its links",
				 l->stats.burnfree_on ? "on" : "off");
		row(f, "BURN-Free", v);
	} else if (l->have_plan) {
		row(f, "BURN-Free", l->plan.burnfree ? "on" : "off");
	}
	strftime(a, sizeof(a), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(v, sizeof(v), "started %s", a);
	size_t n = strlen(v);
	if (l->t_write >= 0) {
		double we = l->t_close >= 0 ? l->t_close : l->t_end;
		snprintf(v + n, sizeof(v) - n, "; pre-flight and lead-in %.1f s", l->t_write - l->t_first);
		n = strlen(v);
		if (we >= 0)
			snprintf(v + n, sizeof(v) - n, "; writing %.1f s", we - l->t_write);
		n = strlen(v);
	}
	if (l->t_close >= 0 && (l->t_verify >= 0 || l->t_end >= 0)) {
		double ce = l->t_verify >= 0 ? l->t_verify : l->t_end;
		snprintf(v + n, sizeof(v) - n, "; closing %.1f s", ce - l->t_close);
		n = strlen(v);
	}
	if (l->t_verify >= 0 && l->t_end >= 0) {
		snprintf(v + n, sizeof(v) - n, "; verifying %.1f s", l->t_end - l->t_verify);
		n = strlen(v);
	}
	double end = l->t_end >= 0 ? l->t_end : (l->ns ? l->s[l->ns - 1].t : -1);
	if (end >= 0)
		snprintf(v + n, sizeof(v) - n, "; %.1f s in all", end - l->t_first);
	row(f, "times", v);
	if (l->have_stats && l->stats.sha256[0]) {
		snprintf(v, sizeof(v), "%s%s", l->stats.sha256, l->stats.sha256_checked ?
			 " (matches the expected checksum)" : "");
		row(f, "SHA-256", v);
	}
	if (!l->long_op) {
		bool asked = c->o->verify;
		bool bad = false;
		for (unsigned i = 0; i < l->nmarks; i++)
			if (l->marks[i].kind == M_ERROR && strstr(l->marks[i].text, "verif"))
				bad = true;
		row(f, "verify", l->stats.verified ? "the disc equals the image" : bad ?
		    "the disc differs from the image (see errors)" : asked ?
		    "not finished" : "not asked");
	}
	lane_result(r, l, a, sizeof(a));
	row(f, "result", a);
	for (unsigned i = 0; i < l->nmarks; i++) {
		const struct mark *m = &l->marks[i];
		if (m->kind != M_ERROR)
			continue;
		if (m->lba_valid)
			snprintf(v, sizeof(v), "at LBA %u: %s", m->lba, m->text);
		else
			snprintf(v, sizeof(v), "%s", m->text);
		row(f, "error", v);
	}
	unsigned links = 0;
	for (unsigned i = 0; i < l->nmarks; i++)
		if (l->marks[i].kind == M_BURNFREE)
			links++;
	if (links) {
		fputs("<tr><th>BURN-Free links</th><td>", f);
		unsigned shown = 0;
		for (unsigned i = 0; i < l->nmarks && shown < 40; i++)
			if (l->marks[i].kind == M_BURNFREE)
				fprintf(f, "%sLBA %u (%.1f s)", shown++ ? ", " : "", l->marks[i].lba,
					l->marks[i].t);
		if (links > shown)
			fprintf(f, ", ... (%u in all)", links);
		fputs("</td></tr>\n", f);
	}
	for (unsigned i = 0; i < l->nnotes; i++)
		row(f, "note", l->notes[i]);
	fputs("</table>\n", f);
}

static void render_html(FILE *f, const struct report *r, const struct cli *c, const char *svg,
			size_t svg_len)
{
	char title[600];
	const char *img = image_name(c);
	snprintf(title, sizeof(title), "discburn %s%s%s", what_was_done(r), img[0] ? " of " : "",
		 img);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	esc(f, title);
	fputs("</title>\n<style>\n"
	      "body { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; margin: 1.5em; "
	      "color: #111; }\n"
	      "h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }\n"
	      "table.facts { border-collapse: collapse; margin: 0.5em 0 1em 0; }\n"
	      "table.facts th { text-align: left; vertical-align: top; padding: 2px 1em 2px 0; "
	      "color: #444; font-weight: normal; white-space: nowrap; }\n"
	      "table.facts td { padding: 2px 0; }\n"
	      "figure { margin: 1em 0; } svg { max-width: 100%; height: auto; }\n"
	      "</style>\n</head>\n<body>\n<h1>", f);
	esc(f, title);
	fputs("</h1>\n<table class=\"facts\">\n", f);
	char v[400];
	char when[64];
	struct tm tm;
	localtime_r(&r->wall0, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm);
	row(f, "started", when);
	if (img[0]) {
		snprintf(v, sizeof(v), "%s%s", img, "");
		if (r->source_bytes) {
			size_t n = strlen(v);
			snprintf(v + n, sizeof(v) - n, " (%llu bytes read)",
				 (unsigned long long)r->source_bytes);
		}
		row(f, "image", v);
	}
	if (r->sha256[0])
		row(f, "SHA-256", r->sha256);
	if (r->sum && several_drives(r)) {
		snprintf(v, sizeof(v), "%u good, %u failed, %u not made", r->sum->ok, r->sum->failed,
			 r->sum->not_made);
		row(f, "copies", v);
	}
	snprintf(v, sizeof(v), "%.380s (exit %d)", r->exit_code == 0 ? "success" :
		 r->error[0] ? r->error : "failed", r->exit_code);
	row(f, "result", v);
	fputs("</table>\n<figure>\n", f);
	fwrite(svg, 1, svg_len, f);
	fputs("</figure>\n", f);
	for (unsigned i = 0; i < r->nlanes; i++) {
		const struct lane *l = r->lanes[i];
		if (!drawn(l) && !l->nnotes)
			continue;
		fputs("<h2>", f);
		if (l->long_op)
			snprintf(v, sizeof(v), "%s: %s", l->dev ? l->dev : "",
				 l->long_phase == PHASE_FORMAT ? "format" : "blank");
		else
			snprintf(v, sizeof(v), "%s: copy %u", l->dev ? l->dev : "", l->copy);
		esc(f, v);
		fputs("</h2>\n", f);
		lane_facts(f, r, l, c);
	}
	fputs("</body>\n</html>\n", f);
}

/* ---- writing ------------------------------------------------------------------ */

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -errno;
	size_t put = fwrite(data, 1, len, f);
	int e = ferror(f) ? errno : 0;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (put != len && !e)
		e = EIO;
	return e ? -e : 0;
}

static void free_report(struct report *r)
{
	for (unsigned i = 0; i < r->nlanes; i++) {
		free(r->lanes[i]->s);
		free(r->lanes[i]->marks);
		free(r->lanes[i]);
	}
	free(r);
}

/* Lanes in the order of the drives, then of their copies (they were made
 * in the order the drives' first events came). */
static int lane_order(const void *a, const void *b)
{
	const struct lane *x = *(struct lane *const *)a, *y = *(struct lane *const *)b;
	if (x->drive != y->drive)
		return x->drive < y->drive ? -1 : 1;
	return x->copy < y->copy ? -1 : x->copy > y->copy;
}

void report_finish(struct cli *c, int exit_code, const struct db_error *err,
		   const struct job_summary *sum)
{
	struct report *r = c->report;
	if (!r)
		return;
	c->report = NULL;
	r->exit_code = exit_code;
	r->sum = sum;
	if (sum) {
		memcpy(r->sha256, sum->sha256, sizeof(r->sha256));
		r->source_bytes = sum->source_bytes;
		if (!r->sha256[0] && sum->last.sha256[0])
			memcpy(r->sha256, sum->last.sha256, sizeof(r->sha256));
	}
	qsort(r->lanes, r->nlanes, sizeof(r->lanes[0]), lane_order);
	if (err && err->code) {
		cli_text(err, r->error, sizeof(r->error));
		/* a single disc's failure is its lane's error too: the last lane
		 * that wrote or found a disc */
		struct lane *last = NULL;
		for (unsigned i = 0; i < r->nlanes; i++)
			if (!last || r->lanes[i]->have_media || r->lanes[i]->ns)
				last = r->lanes[i];
		if (last && !several_drives(r) && err->reason != DB_R_COPIES_NOT_MADE)
			add_error(last, err, (float)(clock_now_s() - r->t0));
	}

	/* the names: FILE.svg and FILE.html, or FILE itself when it ends in .svg */
	const char *name = c->o->report;
	size_t nl = strlen(name);
	bool svg_named = nl > 4 && !strcmp(name + nl - 4, ".svg");
	size_t base = svg_named ? nl - 4 : nl;
	char *svg_path = malloc(base + 6), *html_path = malloc(base + 6);
	char *svg = NULL, *html = NULL;
	size_t svg_len = 0, html_len = 0;
	int rc = -ENOMEM;
	if (svg_path && html_path) {
		snprintf(svg_path, base + 6, "%.*s.svg", (int)base, name);
		snprintf(html_path, base + 6, "%.*s.html", (int)base, name);
		FILE *m = open_memstream(&svg, &svg_len);
		if (m) {
			render_svg(m, r, c);
			fclose(m);
			FILE *h = open_memstream(&html, &html_len);
			if (h) {
				render_html(h, r, c, svg, svg_len);
				fclose(h);
				rc = write_file(svg_path, svg, svg_len);
				const char *failed = svg_path;
				if (rc == 0) {
					rc = write_file(html_path, html, html_len);
					failed = html_path;
				}
				if (rc < 0) {
					struct db_error e;
					db_fail(&e, DB_R_REPORT_WRITE, .subject = failed,
						.os_errno = -rc);
					cli_error(c, &e, exit_code);
				} else if (c->json) {
					struct json j;
					json_begin(&j, "report");
					json_str(&j, "svg", svg_path);
					json_str(&j, "html", html_path);
					json_end(&j, stdout);
				} else if (!c->o->silent) {
					fprintf(stderr, "Report: %s, %s\n", svg_path, html_path);
				}
			}
		}
	}
	if (rc == -ENOMEM) {
		struct db_error e;
		db_fail(&e, DB_R_NO_MEMORY);
		cli_error(c, &e, exit_code);
	}
	free(svg);
	free(html);
	free(svg_path);
	free(html_path);
	free_report(r);
}
