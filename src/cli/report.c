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
#include "cli/report_int.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

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
	if (p->disc_lba >= 0)
		s.lba = (uint32_t)p->disc_lba;  /* where the laser is, not the bus */
	s.rate_x = (float)p->rate_x;
	s.avg_x = (float)p->speed_x;
	if (!p->verify) {
		s.fifo = (int8_t)(p->fifo_pct > 100 ? 100 : p->fifo_pct);
		s.buf = (int8_t)(p->buf_pct > 100 ? 100 : p->buf_pct);
	}
	add_sample(l, &s);
	if (!p->verify && p->burnfree >= 0) {
		/* the count starts at 0 with the burn: links before the first
		 * sample are marked at it */
		int before = l->last_links >= 0 ? l->last_links : 0;
		if (p->burnfree > before) {
			struct mark *m = add_mark(l, M_BURNFREE, (float)t);
			if (m) {
				m->lba = s.lba;
				m->lba_valid = true;
				m->n = (unsigned)p->burnfree;
				snprintf(m->text, sizeof(m->text), "BURN-Free link%s near LBA %u "
					 "(%d in this burn so far)",
					 p->burnfree - before > 1 ? "s" : "", s.lba,
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
	case JEV_TRACK:
		break;
	case JEV_DRIVE_OUT:
		add_note(l, "out of the job: %s", cli_text(ev->u.err, text, sizeof(text)));
		break;
	}
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
		if (last && !report_several_drives(r) && err->reason != DB_R_COPIES_NOT_MADE)
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
			report_render_svg(m, r, c);
			fclose(m);
			FILE *h = open_memstream(&html, &html_len);
			if (h) {
				report_render_html(h, r, c, svg, svg_len);
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
