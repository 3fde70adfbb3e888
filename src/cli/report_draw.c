/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_draw.c — the burn report's picture (SVG), drawn from the lanes
 * report.c gathered (see report.c for what the picture shows), and the
 * small helpers the page shares with it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/json.h"
#include "cli/report_int.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

/* A colour per drive for a duplication: none of them near the fixed ones. */
static const char *const drive_colour[] = {
	"#1f5fbf", "#0b7a8a", "#7a5230", "#5a6bd8", "#0a3d62", "#7f7f00", "#4a90a4", "#6d214f",
	"#2d3436", "#218c74", "#84817a", "#574b90", "#596275", "#1e3799", "#b33939", "#40407a",
};

/* ---- small helpers ------------------------------------------------------------ */

/* Text for XML (SVG and HTML alike): & < > " escaped, control bytes dropped. */
void report_esc(FILE *f, const char *s)
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

const char *report_image_name(const struct cli *c)
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

bool report_several_drives(const struct report *r)
{
	for (unsigned i = 0; i < r->nlanes; i++)
		if (r->lanes[i]->drive != r->lanes[0]->drive)
			return true;
	return false;
}

/* A lane worth drawing: it wrote, read back, blanked, or failed. */
bool report_drawn(const struct lane *l)
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

const char *report_lane_result(const struct report *r, const struct lane *l, char *out,
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

const char *report_what_was_done(const struct report *r)
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
	if (burn && report_several_drives(r))
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

static bool drawn(const struct sample *s, enum sample_kind k, int what)
{
	return s->kind == k && !(what == 1 && s->fifo < 0) && !(what == 2 && s->buf < 0);
}

static double sample_y(const struct axes *a, const struct sample *s, int what)
{
	return what == 0 ? ax_speed(a, s->rate_x) : what == 1 ? ax_pct(a, s->fifo) :
	       what == 2 ? ax_pct(a, s->buf) : ax_pct(a, s->pct);
}

/* A polyline of the lane's samples of one kind; what = 0 speed, 1 FIFO,
 * 2 drive buffer, 3 percent done. A speed is the average since the sample
 * before, so it is drawn as a step over that stretch, the first from
 * x_start (where the phase began); the fills are what was seen at the
 * sample, points joined. */
static void polyline(FILE *f, const struct axes *a, const struct lane *l, enum sample_kind k,
		     int what, const char *colour, double width, const char *dash, double x_start)
{
	size_t n = 0;
	double x_prev = x_start;
	for (size_t i = 0; i < l->ns; i++) {
		const struct sample *s = &l->s[i];
		if (!drawn(s, k, what))
			continue;
		double x = sample_x(a, s), y = sample_y(a, s, what);
		if (n++ == 0)
			fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s "
				"stroke-linejoin=\"round\" points=\"", colour, width,
				dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
		if (what == 0 && x_prev >= 0)
			fprintf(f, "%.1f,%.1f ", x_prev, y);
		fprintf(f, "%.1f,%.1f ", x, y);
		x_prev = x;
	}
	if (n == 1 && !(what == 0 && x_start >= 0)) {
		/* one point: a dot, so it shows */
		fputs("\"/>\n", f);
		for (size_t i = 0; i < l->ns; i++)
			if (drawn(&l->s[i], k, what))
				fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n",
					sample_x(a, &l->s[i]), sample_y(a, &l->s[i], what), colour);
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
	report_esc(f, label);
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
		report_esc(f, m->text);
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
		report_esc(f, lba);
		char cut[120];
		snprintf(cut, sizeof(cut), "%.110s%s", m->text, strlen(m->text) > 110 ? "..." : "");
		report_esc(f, cut);
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
	report_esc(f, x_title);
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
	report_esc(f, l->dev ? l->dev : "");
	fputs("</text>\n", f);
	if (l->long_op)
		snprintf(buf, sizeof(buf), "%s — %s", l->long_phase == PHASE_FORMAT ? "format" :
			 "blank", report_lane_result(r, l, res, sizeof(res)));
	else
		snprintf(buf, sizeof(buf), "%s%s%s%scopy %u — %s", lane_disc(l),
			 l->have_media ? ", " : "", l->method, l->method[0] ? ", " : "", l->copy,
			 report_lane_result(r, l, res, sizeof(res)));
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#222\" text-anchor=\"end\">",
		PLOT_R, y0 + 16);
	report_esc(f, buf);
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
		polyline(f, &a, l, S_LONG, 3, C_LONG, 2, NULL, -1);
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
		/* where writing and the read-back began, for their first step */
		double vs = a.by_lba ? xs : l->t_verify >= 0 ? ax_x(&a, l->t_verify) : -1;
		if (!a.by_lba && l->t_write < 0)
			xs = -1;
		polyline(f, &a, l, S_WRITE, 1, C_FIFO, 1.4, NULL, -1);
		polyline(f, &a, l, S_WRITE, 2, C_BUFFER, 1.4, NULL, -1);
		polyline(f, &a, l, S_VERIFY, 0, C_VERIFY, 1.6, "5,2", vs);
		polyline(f, &a, l, S_WRITE, 0, colour, 2.2, NULL, xs);
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
	report_esc(f, label);
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
		if (!report_drawn(l) || l->drive >= JOB_MAX_DRIVES || seen[l->drive])
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

void report_render_svg(FILE *f, const struct report *r, const struct cli *c)
{
	bool by_lba = c->o->report_axis != REPORT_AXIS_TIME;
	bool many = report_several_drives(r);
	unsigned nd = 0;
	uint64_t cap = 1;
	double t_hi = 0, y_hi = 0;
	bool any_burnfree = false, any_error = false, any_verify = false, any_set = false,
	     any_asked = false, any_write = false, any_long = false;
	for (unsigned i = 0; i < r->nlanes; i++) {
		const struct lane *l = r->lanes[i];
		if (!report_drawn(l))
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
	const char *img = report_image_name(c);
	const char *slash = strrchr(img, '/');
	snprintf(title, sizeof(title), "discburn %s%s%s", report_what_was_done(r), img[0] ? " of " : "",
		 slash ? slash + 1 : img);
	fprintf(f, "<text x=\"%d\" y=\"26\" font-size=\"18\" font-weight=\"bold\" fill=\"#111\">",
		PLOT_L);
	report_esc(f, title);
	fputs("</text>\n", f);
	snprintf(title, sizeof(title), "%s — %u disc%s — %s", when, nd, nd == 1 ? "" : "s",
		 r->exit_code == 0 ? "finished" : r->error[0] ? r->error : "failed");
	fprintf(f, "<text x=\"%d\" y=\"44\" font-size=\"12\" fill=\"#333\">", PLOT_L);
	char cut[200];
	snprintf(cut, sizeof(cut), "%.130s%s", title, strlen(title) > 130 ? "..." : "");
	report_esc(f, cut);
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
			if (!report_drawn(l) || l->drive >= JOB_MAX_DRIVES || seen[l->drive])
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
		if (!report_drawn(l))
			continue;
		lane_svg(f, r, l, ly, lane_h, by_lba, cap, t_hi, y_hi);
		ly += lane_h;
	}
	if (!nd)
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"13\">Nothing was written.</text>\n",
			PLOT_L, head + 30);
	fputs("</svg>\n", f);
}

