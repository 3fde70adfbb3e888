/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_page.c — the burn report's HTML page: the facts of every lane
 * around the picture, self-contained (the SVG inline). */
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

/* ---- the page ----------------------------------------------------------------- */

static void row(FILE *f, const char *key, const char *val)
{
	fputs("<tr><th>", f);
	report_esc(f, key);
	fputs("</th><td>", f);
	report_esc(f, val);
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
	report_lane_result(r, l, a, sizeof(a));
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

void report_render_html(FILE *f, const struct report *r, const struct cli *c, const char *svg,
			size_t svg_len)
{
	char title[600];
	const char *img = report_image_name(c);
	snprintf(title, sizeof(title), "discburn %s%s%s", report_what_was_done(r), img[0] ? " of " : "",
		 img);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	report_esc(f, title);
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
	report_esc(f, title);
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
	if (r->sum && report_several_drives(r)) {
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
		if (!report_drawn(l) && !l->nnotes)
			continue;
		fputs("<h2>", f);
		if (l->long_op)
			snprintf(v, sizeof(v), "%s: %s", l->dev ? l->dev : "",
				 l->long_phase == PHASE_FORMAT ? "format" : "blank");
		else
			snprintf(v, sizeof(v), "%s: copy %u", l->dev ? l->dev : "", l->copy);
		report_esc(f, v);
		fputs("</h2>\n", f);
		lane_facts(f, r, l, c);
	}
	fputs("</body>\n</html>\n", f);
}

