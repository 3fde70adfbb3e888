/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_readmap.c — the map of what a read got (src/engine/readmap.c): runs
 * split and merged, the ddrescue mapfile written and read back, and maps of
 * another disc or damaged ones refused. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine/readmap.h"

static const char ID[] = "first=0 sectors=100 disc=DVD+R volume=\"T\"";

static void expect_runs(const struct readmap *m, const char *want)
{
	char got[512] = "";
	size_t n = 0;
	for (unsigned i = 0; i < m->n; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%u+%u%c", i ? " " : "",
				      m->run[i].start, m->run[i].count, m->run[i].status);
	assert_string_equal(got, want);
}

static void test_runs(void **state)
{
	(void)state;
	struct readmap m;
	struct db_error err;
	assert_int_equal(readmap_init(&m, 100, 0, ID, &err), 0);
	expect_runs(&m, "0+100?");
	assert_int_equal(readmap_set(&m, 0, 10, '+', &err), 0);
	expect_runs(&m, "0+10+ 10+90?");
	assert_int_equal(readmap_set(&m, 10, 5, '+', &err), 0);
	expect_runs(&m, "0+15+ 15+85?");             /* merged with its neighbour */
	assert_int_equal(readmap_set(&m, 40, 1, '-', &err), 0);
	expect_runs(&m, "0+15+ 15+25? 40+1- 41+59?");
	assert_int_equal(readmap_set(&m, 95, 20, '+', &err), 0);      /* clipped */
	expect_runs(&m, "0+15+ 15+25? 40+1- 41+54? 95+5+");
	assert_int_equal(readmap_set(&m, 15, 25, '+', &err), 0);
	expect_runs(&m, "0+40+ 40+1- 41+54? 95+5+");
	assert_int_equal(readmap_set(&m, 40, 1, '+', &err), 0);
	expect_runs(&m, "0+41+ 41+54? 95+5+");
	readmap_free(&m);
}

static void test_queries(void **state)
{
	(void)state;
	struct readmap m;
	struct db_error err;
	readmap_init(&m, 100, 0, ID, &err);
	readmap_set(&m, 0, 30, '+', &err);
	readmap_set(&m, 30, 2, '-', &err);
	readmap_set(&m, 50, 1, '-', &err);
	assert_int_equal(readmap_count(&m, '+'), 30);
	assert_int_equal(readmap_count(&m, '-'), 3);
	assert_int_equal(readmap_count(&m, '?'), 67);
	assert_int_equal(readmap_get(&m, 0), '+');
	assert_int_equal(readmap_get(&m, 31), '-');
	assert_int_equal(readmap_get(&m, 32), '?');
	assert_int_equal(readmap_get(&m, 50), '-');
	assert_int_equal(readmap_get(&m, 99), '?');
	uint32_t s, n;
	assert_true(readmap_next(&m, 0, '-', &s, &n));
	assert_int_equal(s, 30);
	assert_int_equal(n, 2);
	assert_true(readmap_next(&m, 31, '-', &s, &n));
	assert_int_equal(s, 31);
	assert_int_equal(n, 1);
	assert_true(readmap_next(&m, 32, '-', &s, &n));
	assert_int_equal(s, 50);
	assert_false(readmap_next(&m, 51, '-', &s, &n));
	assert_true(readmap_next(&m, 0, '?', &s, &n));
	assert_int_equal(s, 32);
	assert_int_equal(n, 18);
	readmap_free(&m);
}

/* The file: ddrescue's layout in bytes, and read back to the same runs. */
static void test_format_parse(void **state)
{
	(void)state;
	struct readmap m, back;
	struct db_error err;
	readmap_init(&m, 100, 0, ID, &err);
	readmap_set(&m, 0, 30, '+', &err);
	readmap_set(&m, 30, 1, '-', &err);
	m.pos = 31;
	char *text;
	size_t len;
	assert_int_equal(readmap_format(&m, "discburn f=x.iso", &text, &len, &err), 0);
	assert_non_null(strstr(text, "# Mapfile. Created by discburn"));
	assert_non_null(strstr(text, "# Command line: discburn f=x.iso\n"));
	assert_non_null(strstr(text, "# discburn: first=0 sectors=100 disc=DVD+R volume=\"T\"\n"));
	assert_non_null(strstr(text, "\n0x0000F800     ?               1\n"));
	assert_non_null(strstr(text, "\n0x00000000  0x0000F000  +\n"));
	assert_non_null(strstr(text, "\n0x0000F000  0x00000800  -\n"));
	assert_non_null(strstr(text, "\n0x0000F800  0x00022800  ?\n"));
	assert_int_equal(readmap_parse(&back, text, len, "x.map", 100, 0, ID, &err), 0);
	assert_int_equal(back.n, m.n);
	for (unsigned i = 0; i < m.n; i++) {
		assert_int_equal(back.run[i].start, m.run[i].start);
		assert_int_equal(back.run[i].count, m.run[i].count);
		assert_int_equal(back.run[i].status, m.run[i].status);
	}
	assert_int_equal(back.pos, 31);
	readmap_free(&back);
	free(text);
	readmap_free(&m);
}

static int parse(const char *text, uint32_t sectors, struct db_error *err)
{
	struct readmap m;
	int rc = readmap_parse(&m, text, strlen(text), "t.map", sectors, 0, ID, err);
	if (rc == 0)
		readmap_free(&m);
	return rc;
}

#define HEAD "# discburn: first=0 sectors=100 disc=DVD+R volume=\"T\"\n0x0 ? 1\n"

static void test_refused(void **state)
{
	(void)state;
	struct db_error err;
	/* ddrescue's own marks for failed blocks read as bad */
	struct readmap m;
	const char *dd = HEAD "0x0 0x800 *\n0x800 0x800 /\n0x1000 0x31000 +\n";
	assert_int_equal(readmap_parse(&m, dd, strlen(dd), "t.map", 100, 0, ID, &err), 0);
	assert_int_equal(readmap_count(&m, '-'), 2);
	assert_int_equal(readmap_count(&m, '+'), 98);
	readmap_free(&m);
	/* another disc */
	assert_int_equal(parse("# discburn: first=0 sectors=100 disc=CD-R volume=\"T\"\n0x0 ?\n"
			       "0x0 0x32000 ?\n", 100, &err), DB_ESTATE);
	assert_int_equal(err.reason, DB_R_READ_MAP_OTHER_DISC);
	assert_int_equal(parse("0x0 ?\n0x0 0x32000 ?\n", 100, &err), DB_ESTATE);
	assert_int_equal(err.reason, DB_R_READ_MAP_OTHER_DISC);
	/* a size that is not this image's */
	assert_int_equal(parse(HEAD "0x0 0x31800 ?\n", 100, &err), DB_ESTATE);
	assert_int_equal(err.reason, DB_R_READ_MAP_OTHER_DISC);
	assert_int_equal(parse(HEAD "0x0 0x32800 ?\n", 100, &err), DB_ESTATE);
	assert_int_equal(err.reason, DB_R_READ_MAP_OTHER_DISC);
	/* damaged: the line is named */
	assert_int_equal(parse(HEAD "0x0 0x1000 +\nzz 0x1000 +\n", 100, &err), DB_ESTATE);
	assert_int_equal(err.reason, DB_R_READ_MAP_BAD);
	assert_int_equal(err.n1, 4);
	assert_int_equal(parse(HEAD "0x0 0x200 +\n0x200 0x31E00 ?\n", 100, &err), DB_ESTATE);
	assert_int_equal(err.reason, DB_R_READ_MAP_BAD);
	assert_string_equal(err.what, "not whole 2048-byte sectors");
	assert_int_equal(parse(HEAD "0x800 0x31800 ?\n", 100, &err), DB_ESTATE);
	assert_string_equal(err.what, "blocks not in order");
	assert_int_equal(parse(HEAD "0x0 0x32000 x\n", 100, &err), DB_ESTATE);
	assert_string_equal(err.what, "unknown status");
	assert_int_equal(parse("# discburn: first=0 sectors=100 disc=DVD+R volume=\"T\"\n", 100,
			       &err), DB_ESTATE);
	assert_string_equal(err.what, "no status line");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests_name("readmap", tests, NULL, NULL);
}
