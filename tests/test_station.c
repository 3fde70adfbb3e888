/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_station.c — the parts of stations that need no server: connection
 * strings and their redaction, device names fit to store, the outbox of
 * finished discs, the image cache, and the station options. The server side
 * is tests/station-pg.sh. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/sha256.h"
#include "cli/options.h"
#include "station/conninfo.h"
#include "station/fetch.h"
#include "station/outbox.h"
#include "station/station.h"

static char dir[256];

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "%s/test_station.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- connection strings ------------------------------------------------------- */

static void test_redact_hides_passwords(void **state)
{
	char out[256];
	conninfo_redact("postgresql://station:s3cret@db1:5433/burn?sslmode=require", out,
			sizeof(out));
	assert_null(strstr(out, "s3cret"));
	assert_string_equal(out, "host=db1 port=5433 dbname=burn user=station");
	conninfo_redact("host=db1 dbname=burn user=op password='a b s3cret'", out, sizeof(out));
	assert_null(strstr(out, "s3cret"));
	assert_string_equal(out, "host=db1 dbname=burn user=op");
	conninfo_redact("", out, sizeof(out));
	assert_string_equal(out, "(libpq defaults)");
	conninfo_redact("service=burnfarm", out, sizeof(out));
	assert_string_equal(out, "service=burnfarm");
	/* libpq cannot parse it: nothing of it is repeated */
	conninfo_redact("host=db1 password", out, sizeof(out));
	assert_string_equal(out, "(unparsable)");
}

static void test_has_password(void **state)
{
	assert_true(conninfo_has_password("postgresql://u:pw@h/db"));
	assert_true(conninfo_has_password("host=h password=pw"));
	assert_false(conninfo_has_password("postgresql://u@h/db"));
	assert_false(conninfo_has_password("host=h dbname=d"));
	assert_false(conninfo_has_password(""));
}

static void test_resolve(void **state)
{
	char *ci;
	struct db_error err;
	assert_int_equal(conninfo_resolve("host=h dbname=d", &ci, &err), 0);
	assert_string_equal(ci, "host=h dbname=d");
	free(ci);
	assert_int_equal(conninfo_resolve("-", &ci, &err), 0);
	assert_string_equal(ci, "");
	free(ci);
	/* @FILE: the first line that is not a comment, without its newline */
	char path[300];
	snprintf(path, sizeof(path), "%s/db.conf", dir);
	write_file(path, "# the farm's database\n\n  postgresql://st:pw@db/burn  \nhost=other\n");
	char arg[310];
	snprintf(arg, sizeof(arg), "@%s", path);
	assert_int_equal(conninfo_resolve(arg, &ci, &err), 0);
	assert_string_equal(ci, "postgresql://st:pw@db/burn");
	free(ci);
	snprintf(arg, sizeof(arg), "@%s/missing", dir);
	assert_int_equal(conninfo_resolve(arg, &ci, &err), DB_EOS);
	assert_int_equal(err.reason, DB_R_DB_CONNINFO_FILE);
	assert_int_equal(err.os_errno, ENOENT);
	/* not libpq's: refused, and not repeated in the error */
	assert_int_equal(conninfo_resolve("host=h s3cret", &ci, &err), DB_EINVAL);
	assert_int_equal(err.reason, DB_R_DB_CONNINFO);
	assert_null(strstr(err.subject, "s3cret"));
	assert_null(strstr(err.other, "s3cret"));
	assert_null(strstr(err.what, "s3cret"));
}

static void test_dev_name(void **state)
{
	char out[256];
	station_dev_name("iscsi://joe%secret@10.0.0.1/iqn.2026-01.x:t/1", out, sizeof(out));
	assert_string_equal(out, "iscsi://joe@10.0.0.1/iqn.2026-01.x:t/1");
	station_dev_name("iscsi://10.0.0.1/iqn.x%y/1", out, sizeof(out));
	assert_string_equal(out, "iscsi://10.0.0.1/iqn.x%y/1");
	station_dev_name("emu:dvd+r:stack=3:/tmp/a", out, sizeof(out));
	assert_string_equal(out, "emu:dvd+r:stack=3:/tmp/a");
}

/* ---- the outbox ----------------------------------------------------------------- */

static struct report rep(int64_t id, const char *result)
{
	struct report r = { .disc_id = id, .job_id = 7, .copy_no = (int)id, .bytes = 2048 * id,
			    .verified = true, .lba = -1 };
	snprintf(r.result, sizeof(r.result), "%s", result);
	snprintf(r.start, sizeof(r.start), "2026-12-02T05:00:00Z");
	snprintf(r.end, sizeof(r.end), "2026-12-02T05:01:00Z");
	if (!strcmp(result, "failed")) {
		snprintf(r.reason, sizeof(r.reason), "command-failed");
		snprintf(r.sense, sizeof(r.sense), "3/0C/00");
		r.lba = 1000;
	}
	return r;
}

static void test_outbox_keeps_unreported(void **state)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/station-a.outbox", dir);
	unlink(path);
	struct outbox *ob;
	struct report *p;
	unsigned n;
	struct db_error err;
	assert_int_equal(outbox_open(path, &ob, &p, &n, &err), 0);
	assert_int_equal(n, 0);
	free(p);
	struct report a = rep(1, "good"), b = rep(2, "failed"), c = rep(3, "untouched");
	assert_int_equal(outbox_add(ob, &a, &err), 0);
	assert_int_equal(outbox_add(ob, &b, &err), 0);
	assert_int_equal(outbox_reported(ob, 1, &err), 0);
	assert_int_equal(outbox_add(ob, &c, &err), 0);
	outbox_close(ob);
	/* a torn last line (the process died while writing it) is dropped */
	int fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "{\"type\":\"disc\",\"disc_id\":9", 26), 26);
	close(fd);
	assert_int_equal(outbox_open(path, &ob, &p, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].disc_id, 2);
	assert_string_equal(p[0].result, "failed");
	assert_string_equal(p[0].reason, "command-failed");
	assert_string_equal(p[0].sense, "3/0C/00");
	assert_int_equal(p[0].lba, 1000);
	assert_int_equal(p[0].bytes, 4096);
	assert_string_equal(p[0].start, "2026-12-02T05:00:00Z");
	assert_int_equal(p[1].disc_id, 3);
	assert_string_equal(p[1].result, "untouched");
	free(p);
	assert_int_equal(outbox_reported(ob, 2, &err), 0);
	assert_int_equal(outbox_reported(ob, 3, &err), 0);
	outbox_close(ob);
	/* all delivered: the file is rewritten empty on the next open */
	assert_int_equal(outbox_open(path, &ob, &p, &n, &err), 0);
	assert_int_equal(n, 0);
	free(p);
	outbox_close(ob);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
}

/* ---- the image cache ----------------------------------------------------------- */

static void test_cache_checks_digest(void **state)
{
	char img[300], cache[300], path[4300];
	snprintf(img, sizeof(img), "%s/image.iso", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	write_file(img, "pretend this is an ISO image\n");
	char hex[65];
	uint64_t size;
	struct db_error err;
	assert_int_equal(fetch_digest(img, hex, &size, &err), 0);
	assert_int_equal(size, 29);
	uint8_t d[32];
	sha256_buf("pretend this is an ISO image\n", 29, d);
	char want[65];
	sha256_to_hex(d, want);
	assert_string_equal(hex, want);
	bool hit;
	assert_int_equal(fetch_cached(img, cache, want, path, sizeof(path), &hit, &err), 0);
	assert_false(hit);
	assert_int_equal(access(path, R_OK), 0);
	assert_int_equal(fetch_cached(img, cache, want, path, sizeof(path), &hit, &err), 0);
	assert_true(hit);
	/* a damaged cached copy is fetched again */
	write_file(path, "damaged");
	assert_int_equal(fetch_cached(img, cache, want, path, sizeof(path), &hit, &err), 0);
	assert_false(hit);
	/* another image at the job's path: refused, and nothing of it is kept */
	write_file(img, "another image\n");
	char other[65];
	snprintf(other, sizeof(other), "%064d", 0);
	assert_int_equal(fetch_cached(img, cache, other, path, sizeof(path), &hit, &err),
			 DB_ECHECKSUM);
	assert_int_equal(err.reason, DB_R_STATION_IMAGE_DIGEST);
	assert_string_equal(err.what, other);
	assert_int_equal(access(path, F_OK), -1);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "test $(ls '%s' | wc -l) = 1", cache);
	assert_int_equal(system(cmd), 0);       /* only the good image's copy */
	assert_true(fetch_is_url("https://example.org/x.iso"));
	assert_false(fetch_is_url("/srv/x.iso"));
}

/* ---- options ------------------------------------------------------------------- */

static int parse(struct options *o, char *why, const char *first, ...)
{
	char *argv[32] = { "discburn" };
	int argc = 1;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	struct options_env env = { 0 };
	return options_parse(argc, argv, &env, o, why, 256);
}

static void test_options(void **state)
{
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, why, "--submit", "host=db", "x.iso", "--copies", "12",
			       "--verify", "--label", "Spring", "--priority", "5", NULL), 0);
	assert_int_equal(o.action, ACT_SUBMIT);
	assert_string_equal(o.st.db, "host=db");
	assert_string_equal(o.image, "x.iso");
	assert_int_equal(o.copies, 12);
	assert_true(o.verify);
	assert_int_equal(o.st.priority, 5);
	assert_int_equal(parse(&o, why, "--station", "@/etc/db", "dev=emu:a,emu:b", "--name",
			       "s1", "--lease", "5", "--until-idle", NULL), 0);
	assert_int_equal(o.action, ACT_STATION);
	assert_int_equal(o.ndev, 2);
	assert_int_equal(o.st.lease, 5);
	assert_true(o.st.until_idle);
	assert_int_equal(parse(&o, why, "--set-priority", "-", "3", "-7", NULL), 0);
	assert_int_equal(o.action, ACT_JOB_PRIORITY);
	assert_string_equal(o.st.job, "3");
	assert_int_equal(o.st.priority, -7);
	assert_int_equal(parse(&o, why, "--cancel", "-", "4", "--json", NULL), 0);
	assert_int_equal(o.action, ACT_JOB_CANCEL);
	assert_true(o.json);
	/* what does not go together */
	assert_int_equal(parse(&o, why, "--station", "-", NULL), -1);
	assert_non_null(strstr(why, "dev="));
	assert_int_equal(parse(&o, why, "--submit", "-", NULL), -1);
	assert_int_equal(parse(&o, why, "--submit", "-", "-", NULL), -1);
	assert_int_equal(parse(&o, why, "--status", "-", "dev=/dev/sr0", NULL), -1);
	assert_int_equal(parse(&o, why, "--status", "-", "--label", "x", NULL), -1);
	assert_int_equal(parse(&o, why, "--pause", "-", "x", NULL), -1);
	assert_int_equal(parse(&o, why, "--station", "-", "dev=a", "x.iso", NULL), -1);
	assert_int_equal(parse(&o, why, "--submit", "-", "x.iso", "--journal", "j", NULL), -1);
	assert_int_equal(parse(&o, why, "--submit", "-", "x.iso", "--status", "-", NULL), -1);
	assert_int_equal(parse(&o, why, "--lease", "1", "--station", "-", "dev=a", NULL), -1);
	/* the database is never taken for the image */
	assert_int_equal(parse(&o, why, "--status", NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact_hides_passwords),
		cmocka_unit_test(test_has_password),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_dev_name),
		cmocka_unit_test(test_outbox_keeps_unreported),
		cmocka_unit_test(test_cache_checks_digest),
		cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
