/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_device.c — the safety gate and the retry loop (src/device.c), driven
 * through the emulator backend; a trace callback records every command that
 * actually reached the "drive". */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <time.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "msgtext.h"
#include "drive/device.h"
#include "mmc/mmc.h"

static char dir[] = "/tmp/test_device.XXXXXX";

struct seen {
	unsigned n;
	uint8_t op[256];
	uint32_t timeout[256];
};

static void trace(void *ctx, const struct scsi_cmd *c, int rc)
{
	(void)rc;
	struct seen *s = ctx;
	if (s->n < 256) {
		s->op[s->n] = c->cdb[0];
		s->timeout[s->n] = c->timeout_ms;
		s->n++;
	}
}

static unsigned count(const struct seen *s, uint8_t op)
{
	unsigned n = 0;
	for (unsigned i = 0; i < s->n; i++)
		n += s->op[i] == op;
	return n;
}

static struct device *open_dev(const char *spec, struct seen *s)
{
	char dev[512];
	snprintf(dev, sizeof(dev), spec, dir);
	struct device *d;
	struct db_error err;
	assert_int_equal(device_open(dev, 0, &d, &err), 0);
	memset(s, 0, sizeof(*s));
	device_set_trace(d, trace, s);
	return d;
}

static int write_one(struct device *d, uint32_t lba, struct db_error *err)
{
	static uint8_t block[2048];
	struct scsi_cmd c;
	mmc_build_write10(&c, lba, 1, block, sizeof(block));
	return device_exec(d, &c, err);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A hard disk never sees a WRITE: the gate asks INQUIRY first and stops. */
static void gate_refuses_a_disk(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:type=0:%s/disk.img", &s);
	struct db_error err;
	assert_int_equal(write_one(d, 0, &err), DB_EUNSAFE);
	assert_non_null(strstr(msg_of(&err), "not an optical recorder"));
	assert_int_equal(count(&s, MMC_INQUIRY), 1);
	assert_int_equal(count(&s, MMC_WRITE10), 0);
	/* nor a BLANK, a FORMAT UNIT, a MODE SELECT or an opcode nobody knows */
	uint8_t ops[] = { MMC_BLANK, MMC_FORMAT_UNIT, MMC_MODE_SELECT10, MMC_CLOSE_TRACK_SESSION,
			  MMC_SEND_CUE_SHEET, MMC_RESERVE_TRACK, 0x2E /* WRITE AND VERIFY */,
			  0x41 /* WRITE SAME */, 0xC0 /* vendor */ };
	for (size_t i = 0; i < sizeof(ops); i++) {
		struct scsi_cmd c = { .cdb = { ops[i] }, .cdb_len = 10 };
		assert_int_equal(device_exec(d, &c, &err), DB_EUNSAFE);
	}
	for (size_t i = 0; i < sizeof(ops); i++)
		assert_int_equal(count(&s, ops[i]), 0);
	/* questions still reach it */
	struct scsi_cmd tur;
	mmc_build_test_unit_ready(&tur);
	assert_int_equal(device_exec(d, &tur, &err), 0);
	assert_int_equal(count(&s, MMC_TEST_UNIT_READY), 1);
	device_close(d);
}

/* Reading a pressed disc: READ CD is a question (the gate asks nothing), the
 * speed commands go to any MMC device whatever its disc, and a disk still
 * gets none of them. */
static void gate_lets_a_reader_set_its_speed(void **state)
{
	(void)state;
	struct seen s;
	char img[512];
	snprintf(img, sizeof(img), "%s/pressed.iso", dir);
	FILE *f = fopen(img, "wb");
	assert_non_null(f);
	for (int i = 0; i < 300 * 2048; i++)
		fputc(i & 0xff, f);
	fclose(f);
	struct device *d = open_dev("emu:cd-rom:%s/pressed.iso", &s);
	struct db_error err;
	struct scsi_cmd c = { .cdb = { MMC_READ_CD, 0, 0, 0, 0, 0, 0, 0, 1, 0x10 }, .cdb_len = 12,
			      .dir = SCSI_DIR_IN };
	uint8_t buf[2352];
	c.data = buf;
	c.data_len = 2048;
	assert_int_equal(device_exec(d, &c, &err), 0);
	assert_int_equal(s.n, 1);               /* no INQUIRY, no GET CONFIGURATION */
	mmc_build_set_cd_speed(&c, 4 * 176, 0xFFFF);
	assert_int_equal(device_exec(d, &c, &err), 0);
	assert_int_equal(count(&s, MMC_SET_CD_SPEED), 1);
	assert_int_equal(count(&s, MMC_INQUIRY), 1);
	assert_int_equal(count(&s, MMC_GET_CONFIGURATION), 0);   /* the disc need not be writable */
	assert_false(device_touched(d));
	/* a WRITE to the same pressed disc is still the gate's to refuse */
	assert_int_equal(write_one(d, 0, &err), DB_EMEDIA);
	assert_int_equal(count(&s, MMC_WRITE10), 0);
	device_close(d);

	d = open_dev("emu:type=0:%s/disk2.img", &s);
	mmc_build_set_cd_speed(&c, 0xFFFF, 0xFFFF);
	assert_int_equal(device_exec(d, &c, &err), DB_EUNSAFE);
	assert_int_equal(count(&s, MMC_SET_CD_SPEED), 0);
	device_close(d);
}

/* A recorder without a disc: refused as media, not as the wrong device. */
static void gate_wants_a_writable_profile(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:removed:%s/empty.img", &s);
	struct db_error err;
	assert_int_equal(write_one(d, 0, &err), DB_EMEDIA);
	assert_non_null(strstr(msg_of(&err), "no disc"));
	assert_int_equal(count(&s, MMC_WRITE10), 0);
	device_close(d);
}

/* Questions pass without the gate asking anything. */
static void questions_are_not_gated(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:%s/q.img", &s);
	struct db_error err;
	uint8_t buf[64];
	struct scsi_cmd c;
	mmc_build_read_disc_info(&c, buf, 34);
	assert_int_equal(device_exec(d, &c, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.op[0], MMC_READ_DISC_INFO);
	device_close(d);
}

/* The gate asks once, then remembers, until a unit attention or START STOP. */
static void gate_asks_again_after_a_change(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:%s/g.img", &s);
	struct db_error err;
	assert_int_equal(write_one(d, 0, &err), 0);
	assert_int_equal(write_one(d, 1, &err), 0);
	assert_int_equal(count(&s, MMC_INQUIRY), 1);
	assert_int_equal(count(&s, MMC_GET_CONFIGURATION), 1);
	struct scsi_cmd c;
	mmc_build_start_stop(&c, false, true, true);    /* load (already loaded) */
	assert_int_equal(device_exec(d, &c, &err), 0);
	assert_int_equal(write_one(d, 2, &err), 0);
	assert_int_equal(count(&s, MMC_INQUIRY), 1);    /* the device is the same */
	assert_int_equal(count(&s, MMC_GET_CONFIGURATION), 2);
	struct device_ident id;
	device_ident(d, &id);
	assert_true(id.known);
	assert_int_equal(id.peripheral_type, 5);
	assert_int_equal(id.profile, PROF_DVD_PLUS_R);
	device_close(d);
}

/* device_run waits out "long write in progress" and "becoming ready". */
static void run_waits_for_busy_drives(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:fault=lwip@3:%s/w.img", &s);
	struct db_error err;
	static uint8_t block[2048];
	struct scsi_cmd c;
	mmc_build_write10(&c, 0, 1, block, sizeof(block));
	assert_int_equal(device_run(d, &c, 0, &err), 0);
	assert_int_equal(count(&s, MMC_WRITE10), 4);    /* three 2/04/08, then done */
	device_close(d);

	d = open_dev("emu:dvd+r:fault=not-ready@1000:%s/nr.img", &s);
	struct scsi_cmd tur;
	mmc_build_test_unit_ready(&tur);
	assert_int_equal(device_run(d, &tur, 200, &err), DB_ETIMEOUT);     /* budget */
	assert_true(count(&s, MMC_TEST_UNIT_READY) > 1);
	device_close(d);
}

/* A unit attention is asked again for a question, never for a WRITE. */
static void unit_attention_policy(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:fault=unit-attention:%s/ua.img", &s);
	struct db_error err;
	struct scsi_cmd tur;
	mmc_build_test_unit_ready(&tur);
	assert_int_equal(device_run(d, &tur, 0, &err), 0);
	assert_int_equal(count(&s, MMC_TEST_UNIT_READY), 2);
	device_close(d);
}

/* Cancellation ends a wait. */
static void cancel_stops_waiting(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:fault=not-ready@1000:%s/c.img", &s);
	atomic_int flag = 1;
	device_set_cancel(d, &flag);
	struct db_error err;
	struct scsi_cmd tur;
	mmc_build_test_unit_ready(&tur);
	assert_int_equal(device_run(d, &tur, 60000, &err), DB_ECANCEL);
	assert_int_equal(count(&s, MMC_TEST_UNIT_READY), 1);
	device_close(d);
}

/* timeout=: no command gets less, longer ones keep theirs. */
static void minimum_timeout(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:%s/t.img", &s);
	device_set_min_timeout(d, 90000);
	struct db_error err;
	struct scsi_cmd c;
	mmc_build_test_unit_ready(&c);
	assert_int_equal(device_exec(d, &c, &err), 0);
	mmc_build_close_track_session(&c, false, 1, 1);
	c.timeout_ms = MMC_TIMEOUT_LONG_MS;
	device_exec(d, &c, &err);
	assert_int_equal(s.op[0], MMC_TEST_UNIT_READY);
	assert_int_equal(s.timeout[0], 90000);
	assert_int_equal(s.op[s.n - 1], MMC_CLOSE_TRACK_SESSION);
	assert_int_equal(s.timeout[s.n - 1], MMC_TIMEOUT_LONG_MS);
	device_close(d);
}

/* A backend of the test's own, through device_open_with: INQUIRY says a
 * recorder, GET CONFIGURATION names `profile`; WRITEs are counted. */
static struct {
	struct transport t;
	uint16_t profile;
	unsigned writes;
} mine;

static int mine_open(const char *dev, unsigned flags, struct transport **out, char *why,
		     size_t whylen)
{
	(void)dev; (void)flags; (void)why; (void)whylen;
	*out = &mine.t;
	return 0;
}

static void mine_close(struct transport *t)
{
	(void)t;
}

static int mine_exec(struct transport *t, struct scsi_cmd *c)
{
	(void)t;
	uint8_t *d = c->data;
	c->status = SCSI_STATUS_GOOD;
	c->resid = 0;
	if (c->dir == SCSI_DIR_IN && d)
		memset(d, 0, c->data_len);
	if (c->cdb[0] == MMC_INQUIRY && c->data_len >= 36) {
		d[0] = 5;
		d[4] = 31;
		c->resid = c->data_len - 36;
	} else if (c->cdb[0] == MMC_GET_CONFIGURATION && c->data_len >= 8) {
		d[3] = 4;
		d[6] = (uint8_t)(mine.profile >> 8);
		d[7] = (uint8_t)mine.profile;
		c->resid = c->data_len - 8;
	} else if (c->cdb[0] == MMC_WRITE10) {
		mine.writes++;
	}
	return 0;
}

static const struct transport_ops mine_ops = {
	.name = "test", .open = mine_open, .close = mine_close, .exec = mine_exec,
};

/* The gate judges by the latest answer: a GET CONFIGURATION anyone asked
 * that names a disc discburn cannot write stops the next WRITE. */
static void gate_learns_from_every_answer(void **state)
{
	(void)state;
	memset(&mine, 0, sizeof(mine));
	mine.profile = PROF_DVD_PLUS_R;
	struct device *d;
	struct db_error err;
	assert_int_equal(device_open_with(&mine_ops, "mine", 0, &d, &err), 0);
	assert_int_equal(write_one(d, 0, &err), 0);
	assert_int_equal(mine.writes, 1);
	/* the disc changed without a unit attention; someone asks */
	mine.profile = PROF_DVD_ROM;
	uint8_t conf[64];
	struct scsi_cmd c;
	mmc_build_get_configuration(&c, 0, 0, conf, sizeof(conf));
	assert_int_equal(device_exec(d, &c, &err), 0);
	assert_int_equal(write_one(d, 1, &err), DB_EMEDIA);
	assert_int_equal(mine.writes, 1);
	mine.profile = PROF_DVD_PLUS_R;
	assert_int_equal(device_exec(d, &c, &err), 0);
	assert_int_equal(write_one(d, 1, &err), 0);
	assert_int_equal(mine.writes, 2);
	device_close(d);
}

/* Ctrl-C ends the back-off at once, not when the current 1 s sleep is over. */
static struct timespec flag_set_at;

static void *cancel_later(void *arg)
{
	struct timespec ts = { 1, 500000000L };     /* the back-off is at 1 s by now */
	nanosleep(&ts, NULL);
	clock_gettime(CLOCK_MONOTONIC, &flag_set_at);
	atomic_store((atomic_int *)arg, 1);
	return NULL;
}

static void cancel_wakes_the_back_off(void **state)
{
	(void)state;
	struct seen s;
	struct device *d = open_dev("emu:dvd+r:fault=not-ready@100000:%s/cb.img", &s);
	static atomic_int flag;
	atomic_store(&flag, 0);
	device_set_cancel(d, &flag);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, cancel_later, &flag), 0);
	struct db_error err;
	struct scsi_cmd tur;
	mmc_build_test_unit_ready(&tur);
	assert_int_equal(device_run(d, &tur, 60000, &err), DB_ECANCEL);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_join(th, NULL);
	double late = (double)(now.tv_sec - flag_set_at.tv_sec) +
		      (double)(now.tv_nsec - flag_set_at.tv_nsec) / 1e9;
	assert_true(late < 0.2);
	device_close(d);
}

static void open_failures_say_why(void **state)
{
	(void)state;
	struct device *d;
	struct db_error err;
	assert_int_equal(device_open("", 0, &d, &err), DB_EINVAL);
	assert_non_null(strstr(advice_of(&err), "--devices"));
	assert_int_equal(device_open("emu:/nonexistent-dir/x.img", 0, &d, &err), DB_EOS);
	assert_true(msg_of(&err)[0] != '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gate_refuses_a_disk),
		cmocka_unit_test(gate_wants_a_writable_profile),
		cmocka_unit_test(gate_lets_a_reader_set_its_speed),
		cmocka_unit_test(questions_are_not_gated),
		cmocka_unit_test(gate_asks_again_after_a_change),
		cmocka_unit_test(run_waits_for_busy_drives),
		cmocka_unit_test(unit_attention_policy),
		cmocka_unit_test(cancel_stops_waiting),
		cmocka_unit_test(minimum_timeout),
		cmocka_unit_test(open_failures_say_why),
		cmocka_unit_test(gate_learns_from_every_answer),
		cmocka_unit_test(cancel_wakes_the_back_off),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
