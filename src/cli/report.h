/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.h — --report FILE: after a burn, a duplication, a blank or a
 * format, a picture of it (FILE.svg, or FILE itself when it ends in .svg)
 * and a self-contained page of its facts with the same picture inline
 * (FILE.html).
 *
 * The picture is drawn from the job's events as they pass (report_event):
 * the progress events are its samples (write speed, drive buffer, FIFO,
 * BURN-Free links, the read-back's speed), the plan gives the speed asked
 * and the speed the drive set, failures give the errors and their LBAs.
 * One lane per disc (a duplication: per drive and copy, a colour per drive,
 * with a legend), over the disc's LBAs or over time. The SVG is written
 * here, by hand: it is small text, and no plotting library is needed.
 */
#ifndef DISCBURN_REPORT_H
#define DISCBURN_REPORT_H

#include "base/err.h"
#include "engine/job.h"

struct cli;
struct report;

/* The report of this run, begun on first use; NULL without --report. */
struct report *report_of(struct cli *c);

/* An event of the job or of blanking, before it is shown. */
void report_event(struct report *r, const struct job_event *ev);

/* The run ended with exit_code; err is why it failed (NULL when it did
 * not), sum the job's summary (NULL for a blank or a format). Writes the
 * SVG and the HTML page and frees the report. A report that cannot be
 * written is said as an error line; the run's exit code stays what it is. */
void report_finish(struct cli *c, int exit_code, const struct db_error *err,
		   const struct job_summary *sum);

#endif
