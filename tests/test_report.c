/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_report.c — the burn report's marks, fed the events a burn sends
 * (src/cli/report.c): a BURN-Free link is marked where the drive's count
 * went up, counting from 0 at the burn's start, so links made before the
 * first sample are marked at it. The pictures themselves are looked at by
 * tests/report-emu.sh with a real renderer. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "cli/report.h"

struct fixture {
	char dir[64], base[80], svg[96], html[96];
	struct options o;
	struct cli c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_report.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->base, sizeof(f->base), "%s/r", f->dir);
	snprintf(f->svg, sizeof(f->svg), "%s.svg", f->base);
	snprintf(f->html, sizeof(f->html), "%s.html", f->base);
	f->o.report = f->base;
	f->o.silent = true;     /* no "Report: ..." line */
	f->c.o = &f->o;
	f->c.dev = "emu:dvd+r:x.img";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unlink(f->svg);
	unlink(f->html);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void send(struct cli *c, struct job_event ev)
{
	ev.dev = c->dev;
	ev.copy = 1;
	report_event(report_of(c), &ev);
}

/* A write of four samples; links[i] is the drive's count at sample i. */
static void burn(struct cli *c, const int links[4])
{
	send(c, (struct job_event){ .type = JEV_PHASE, .u.phase = PHASE_WRITE });
	for (unsigned i = 0; i < 4; i++) {
		struct burn_progress p = {
			.done = (i + 1) * 1048576u, .total = 4 * 1048576u,
			.lba = (i + 1) * 512, .disc_lba = (i + 1) * 512 - 100, .buf_pct = 50,
			.fifo_pct = 90, .seconds = 0.25 * (i + 1), .rate_x = 4, .speed_x = 4,
			.burnfree = links[i],
		};
		send(c, (struct job_event){ .type = JEV_PROGRESS, .u.progress = &p });
	}
	send(c, (struct job_event){ .type = JEV_DISC_DONE, .ok = true });
	report_finish(c, 0, NULL, NULL);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = 0;
	return buf;
}

static unsigned count(const char *s, const char *what)
{
	unsigned n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

/* The first sample already counts a link: it is marked there. */
static void test_link_before_first_sample(void **state)
{
	struct fixture *f = *state;
	burn(&f->c, (const int[]){ 1, 1, 1, 1 });
	const char *svg = slurp(f->svg);
	assert_int_equal(count(svg, "BURN-Free link near LBA 412 (1 in this burn so far)"), 1);
	assert_int_equal(count(svg, " near LBA "), 1);
}

/* Links later in the burn, two at once: one mark each time the count rose. */
static void test_links_where_the_count_rose(void **state)
{
	struct fixture *f = *state;
	burn(&f->c, (const int[]){ 0, 1, 1, 3 });
	const char *svg = slurp(f->svg);
	assert_int_equal(count(svg, "BURN-Free link near LBA 924 (1 in this burn so far)"), 1);
	assert_int_equal(count(svg, "BURN-Free links near LBA 1948 (3 in this burn so far)"), 1);
	assert_int_equal(count(svg, " near LBA "), 2);
}

/* A drive that does not count its links: no marks. */
static void test_links_unknown(void **state)
{
	struct fixture *f = *state;
	burn(&f->c, (const int[]){ -1, -1, -1, -1 });
	assert_int_equal(count(slurp(f->svg), " near LBA "), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_link_before_first_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_where_the_count_rose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_unknown, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
