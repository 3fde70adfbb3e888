/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sgpt.c — the sg_pt backend (drivers/sgpt.c) against a fake
 * libsgutils2: its entry points are wrapped at link time (-Wl,--wrap), so the
 * test sees what the backend hands to sg_pt and decides what sg_pt answers.
 * Checks the transport.h contract: status, sense, residual, timeouts, the
 * -errno mapping, and the refusals before anything is sent. The real kernel
 * path is tested in the QEMU guest (tests/rig/guest-test.sh). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <scsi/sg_pt.h>

#include "transport.h"

extern const struct transport_ops sgpt_transport;

/* ---- the fake sg_pt ---- */

static struct {
	/* what the backend did */
	char open_path[256];
	int open_flags, opens, closes, constructs, destructs, clears;
	const uint8_t *cdb;
	int cdb_len;
	uint8_t *sense;
	int sense_max;
	void *din, *dout;
	int din_len, dout_len;
	int timeout_secs, dos;
	/* what sg_pt answers */
	int open_rc;
	int do_rc, category, status, sense_len, resid, os_err, transport_err;
	uint8_t sense_bytes[SCSI_SENSE_MAX];
} pt;

static int fake_obj;    /* the address stands for the object */

int __wrap_scsi_pt_open_flags(const char *name, int flags, int verbose);
int __wrap_scsi_pt_close_device(int fd);
struct sg_pt_base *__wrap_construct_scsi_pt_obj_with_fd(int fd, int verbose);
void __wrap_destruct_scsi_pt_obj(struct sg_pt_base *p);
void __wrap_clear_scsi_pt_obj(struct sg_pt_base *p);
void __wrap_set_scsi_pt_cdb(struct sg_pt_base *p, const uint8_t *cdb, int len);
void __wrap_set_scsi_pt_sense(struct sg_pt_base *p, uint8_t *sense, int max);
void __wrap_set_scsi_pt_data_in(struct sg_pt_base *p, uint8_t *d, int len);
void __wrap_set_scsi_pt_data_out(struct sg_pt_base *p, const uint8_t *d, int len);
int __wrap_do_scsi_pt(struct sg_pt_base *p, int fd, int secs, int verbose);
int __wrap_get_scsi_pt_result_category(const struct sg_pt_base *p);
int __wrap_get_scsi_pt_status_response(const struct sg_pt_base *p);
int __wrap_get_scsi_pt_sense_len(const struct sg_pt_base *p);
int __wrap_get_scsi_pt_resid(const struct sg_pt_base *p);
int __wrap_get_scsi_pt_os_err(const struct sg_pt_base *p);
int __wrap_get_scsi_pt_transport_err(const struct sg_pt_base *p);

int __wrap_scsi_pt_open_flags(const char *name, int flags, int verbose)
{
	snprintf(pt.open_path, sizeof(pt.open_path), "%s", name);
	pt.open_flags = flags;
	pt.opens++;
	return pt.open_rc;
}

int __wrap_scsi_pt_close_device(int fd)
{
	assert_int_equal(fd, 42);
	pt.closes++;
	return 0;
}

struct sg_pt_base *__wrap_construct_scsi_pt_obj_with_fd(int fd, int verbose)
{
	assert_int_equal(fd, 42);
	pt.constructs++;
	return (struct sg_pt_base *)&fake_obj;
}

void __wrap_destruct_scsi_pt_obj(struct sg_pt_base *p)
{
	assert_ptr_equal(p, &fake_obj);
	pt.destructs++;
}

void __wrap_clear_scsi_pt_obj(struct sg_pt_base *p)
{
	pt.clears++;
	pt.cdb = NULL;
	pt.cdb_len = 0;
	pt.sense = NULL;
	pt.din = pt.dout = NULL;
	pt.din_len = pt.dout_len = 0;
}

void __wrap_set_scsi_pt_cdb(struct sg_pt_base *p, const uint8_t *cdb, int len)
{
	pt.cdb = cdb;
	pt.cdb_len = len;
}

void __wrap_set_scsi_pt_sense(struct sg_pt_base *p, uint8_t *sense, int max)
{
	pt.sense = sense;
	pt.sense_max = max;
	memset(sense, 0, (size_t)max);
}

void __wrap_set_scsi_pt_data_in(struct sg_pt_base *p, uint8_t *d, int len)
{
	pt.din = d;
	pt.din_len = len;
}

void __wrap_set_scsi_pt_data_out(struct sg_pt_base *p, const uint8_t *d, int len)
{
	pt.dout = (void *)d;
	pt.dout_len = len;
}

int __wrap_do_scsi_pt(struct sg_pt_base *p, int fd, int secs, int verbose)
{
	assert_int_equal(fd, 42);
	assert_int_equal(verbose, 0);       /* a library never prints */
	pt.timeout_secs = secs;
	pt.dos++;
	if (pt.sense && pt.sense_len > 0)
		memcpy(pt.sense, pt.sense_bytes,
		       (size_t)(pt.sense_len < pt.sense_max ? pt.sense_len : pt.sense_max));
	return pt.do_rc;
}

int __wrap_get_scsi_pt_result_category(const struct sg_pt_base *p) { return pt.category; }
int __wrap_get_scsi_pt_status_response(const struct sg_pt_base *p) { return pt.status; }
int __wrap_get_scsi_pt_sense_len(const struct sg_pt_base *p) { return pt.sense_len; }
int __wrap_get_scsi_pt_resid(const struct sg_pt_base *p) { return pt.resid; }
int __wrap_get_scsi_pt_os_err(const struct sg_pt_base *p) { return pt.os_err; }
int __wrap_get_scsi_pt_transport_err(const struct sg_pt_base *p) { return pt.transport_err; }

/* ---- helpers ---- */

static int setup(void **state)
{
	memset(&pt, 0, sizeof(pt));
	pt.open_rc = 42;
	return 0;
}

/* /dev/null is a character device every machine has */
static struct transport *open_ok(unsigned flags)
{
	struct transport *t = NULL;
	char why[256];
	assert_int_equal(sgpt_transport.open("sgpt:/dev/null", flags, &t, why, sizeof(why)), 0);
	assert_non_null(t);
	assert_ptr_equal(t->ops, &sgpt_transport);
	return t;
}

static struct scsi_cmd read_cmd(uint8_t *buf, uint32_t len)
{
	return (struct scsi_cmd){ .cdb = { 0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0 }, .cdb_len = 10,
				  .dir = SCSI_DIR_IN, .data = buf, .data_len = len };
}

/* ---- tests ---- */

static void test_match(void **state)
{
	assert_true(sgpt_transport.match("sgpt:/dev/sr0"));
	assert_true(sgpt_transport.match("sgpt:/dev/cd0"));
	assert_false(sgpt_transport.match("cdio:/dev/sr0"));
	assert_false(sgpt_transport.match("emu:dvd+r:/tmp/x"));
	assert_false(sgpt_transport.match(NULL));
#ifdef HAVE_LINUX_SG
	/* on Linux plain names belong to linux-sg */
	assert_false(sgpt_transport.match("/dev/sr0"));
#else
	assert_true(sgpt_transport.match("/dev/cd0"));
#endif
	assert_null(sgpt_transport.scan);
}

static void test_open_modes(void **state)
{
	struct transport *t = open_ok(0);
	assert_string_equal(pt.open_path, "/dev/null");
	/* a burn needs the drive alone */
	assert_int_equal(pt.open_flags, O_RDWR | O_NONBLOCK | O_EXCL);
	sgpt_transport.close(t);
	assert_int_equal(pt.destructs, 1);
	assert_int_equal(pt.closes, 1);

	t = open_ok(TRANSPORT_READONLY);
	assert_int_equal(pt.open_flags, O_RDONLY | O_NONBLOCK);
	sgpt_transport.close(t);
}

/* Nothing that is not a device node is handed to sg_pt. */
static void test_open_refusals(void **state)
{
	struct transport *t = (struct transport *)1;
	char why[256], file[] = "/tmp/test_sgpt.XXXXXX", dev[64];
	int fd = mkstemp(file);
	assert_true(fd >= 0);
	close(fd);

	snprintf(dev, sizeof(dev), "sgpt:%s", file);
	assert_int_equal(sgpt_transport.open(dev, 0, &t, why, sizeof(why)), -ENOTBLK);
	assert_null(t);
	assert_non_null(strstr(why, "not a device node"));
	unlink(file);

	assert_int_equal(sgpt_transport.open("sgpt:/dev/no-such-drive", 0, &t, why, sizeof(why)),
			 -ENOENT);
	assert_non_null(strstr(why, "discburn --devices"));
	assert_int_equal(sgpt_transport.open("sgpt:", 0, &t, why, sizeof(why)), -EINVAL);
	assert_int_equal(pt.opens, 0);

	/* sg_pt's own refusals come back with a sentence naming the fix */
	pt.open_rc = -EBUSY;
	assert_int_equal(sgpt_transport.open("sgpt:/dev/null", 0, &t, why, sizeof(why)), -EBUSY);
	assert_non_null(strstr(why, "busy"));
	pt.open_rc = -EACCES;
	assert_int_equal(sgpt_transport.open("sgpt:/dev/null", 0, &t, why, sizeof(why)), -EACCES);
	assert_non_null(strstr(why, "cdrom"));
	pt.open_rc = -1;        /* "-1 or a negated errno" */
	assert_int_equal(sgpt_transport.open("sgpt:/dev/null", 0, &t, why, sizeof(why)), -EIO);
	assert_null(t);
	assert_int_equal(pt.constructs, 0);
}

static void test_good_read_with_residual(void **state)
{
	struct transport *t = open_ok(0);
	uint8_t buf[2048];
	struct scsi_cmd c = read_cmd(buf, sizeof(buf));
	c.status = 0xff;
	c.resid = 7;
	pt.resid = 1500;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(pt.clears, 1);
	assert_ptr_equal(pt.cdb, c.cdb);
	assert_int_equal(pt.cdb_len, 10);
	assert_ptr_equal(pt.din, buf);
	assert_int_equal(pt.din_len, 2048);
	assert_null(pt.dout);
	assert_ptr_equal(pt.sense, c.sense);
	assert_int_equal(pt.sense_max, SCSI_SENSE_MAX);
	assert_int_equal(c.status, SCSI_STATUS_GOOD);
	assert_int_equal(c.sense_len, 0);
	assert_int_equal(c.resid, 1500);
	/* a residual larger than the buffer is not believed past it */
	pt.resid = 5000;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(c.resid, 2048);
	sgpt_transport.close(t);
}

static void test_write_and_no_data(void **state)
{
	struct transport *t = open_ok(0);
	uint8_t buf[4096] = { 0 };
	struct scsi_cmd c = { .cdb = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 2, 0 }, .cdb_len = 10,
			      .dir = SCSI_DIR_OUT, .data = buf, .data_len = sizeof(buf) };
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_ptr_equal(pt.dout, buf);
	assert_int_equal(pt.dout_len, 4096);
	assert_null(pt.din);

	struct scsi_cmd tur = { .cdb = { 0 }, .cdb_len = 6, .dir = SCSI_DIR_NONE };
	pt.resid = 99;          /* meaningless without a data phase */
	assert_int_equal(sgpt_transport.exec(t, &tur), 0);
	assert_null(pt.din);
	assert_null(pt.dout);
	assert_int_equal(tur.resid, 0);
	sgpt_transport.close(t);
}

/* CHECK CONDITION: the answer, with its sense, is not an error. */
static void test_check_condition_sense(void **state)
{
	struct transport *t = open_ok(0);
	uint8_t buf[8];
	struct scsi_cmd c = read_cmd(buf, sizeof(buf));
	static const uint8_t fixed[18] = { 0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0x00 };
	memcpy(pt.sense_bytes, fixed, sizeof(fixed));
	pt.sense_len = sizeof(fixed);
	pt.category = SCSI_PT_RESULT_SENSE;
	pt.status = SCSI_STATUS_CHECK_CONDITION;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(c.status, SCSI_STATUS_CHECK_CONDITION);
	assert_int_equal(c.sense_len, 18);
	assert_memory_equal(c.sense, fixed, sizeof(fixed));

	/* sense with an additional length of 0 is still sense (libcdio drops it) */
	pt.sense_len = 8;
	pt.sense_bytes[7] = 0;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(c.sense_len, 8);
	/* a length past the buffer is capped at what was copied */
	pt.sense_len = 300;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(c.sense_len, SCSI_SENSE_MAX);
	sgpt_transport.close(t);
}

/* BUSY and RESERVATION CONFLICT are answers with their status (libcdio
 * cannot tell them from a failure). */
static void test_other_status(void **state)
{
	struct transport *t = open_ok(0);
	uint8_t buf[8];
	struct scsi_cmd c = read_cmd(buf, sizeof(buf));
	pt.category = SCSI_PT_RESULT_STATUS;
	pt.status = SCSI_STATUS_BUSY;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(c.status, SCSI_STATUS_BUSY);
	pt.status = SCSI_STATUS_RESERVATION;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(c.status, SCSI_STATUS_RESERVATION);
	sgpt_transport.close(t);
}

/* sg_pt counts whole seconds: rounded up, never 0 (which is sg_pt's default). */
static void test_timeouts(void **state)
{
	static const struct {
		uint32_t ms;
		int secs;
	} v[] = { { 0, 30 }, { 1, 1 }, { 999, 1 }, { 1000, 1 }, { 1001, 2 }, { 1500, 2 },
		  { 3600000, 3600 }, { 0xffffffffu, 2147483 } };
	struct transport *t = open_ok(0);
	uint8_t buf[8];
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct scsi_cmd c = read_cmd(buf, sizeof(buf));
		c.timeout_ms = v[i].ms;
		assert_int_equal(sgpt_transport.exec(t, &c), 0);
		assert_int_equal(pt.timeout_secs, v[i].secs);
	}
	sgpt_transport.close(t);
}

/* When the device did not answer, exec() returns -errno. */
static void test_errors(void **state)
{
	static const struct {
		int do_rc, category, os_err, transport_err, want;
	} v[] = {
		{ -ENODEV, 0, 0, 0, -ENODEV },
		{ -ENXIO, 0, 0, 0, -ENODEV },       /* the device went away */
		{ -EINTR, 0, 0, 0, -EINTR },
		{ -EPERM, 0, 0, 0, -EPERM },
		{ SCSI_PT_DO_TIMEOUT, 0, 0, 0, -ETIMEDOUT },
		{ SCSI_PT_DO_BAD_PARAMS, 0, 0, 0, -EINVAL },
		{ SCSI_PT_DO_NOT_SUPPORTED, 0, 0, 0, -EOPNOTSUPP },
		{ 0, SCSI_PT_RESULT_OS_ERR, EIO, 0, -EIO },
		{ 0, SCSI_PT_RESULT_OS_ERR, ENOMEM, 0, -ENOMEM },
		{ 0, SCSI_PT_RESULT_OS_ERR, 0, 0, -EIO },
#ifdef HAVE_LINUX_SG
		/* Linux: host byte << 8 | driver byte, mapped as linux-sg does */
		{ 0, SCSI_PT_RESULT_TRANSPORT_ERR, 0, 0x03 << 8, -ETIMEDOUT },  /* DID_TIME_OUT */
		{ 0, SCSI_PT_RESULT_TRANSPORT_ERR, 0, 0x01 << 8, -ENODEV },     /* DID_NO_CONNECT */
		{ 0, SCSI_PT_RESULT_TRANSPORT_ERR, 0, 0x02 << 8, -EBUSY },      /* DID_BUS_BUSY */
		{ 0, SCSI_PT_RESULT_TRANSPORT_ERR, 0, 0x06, -ETIMEDOUT },       /* DRIVER_TIMEOUT */
		{ 0, SCSI_PT_RESULT_TRANSPORT_ERR, 0, 0x04, -EIO },             /* DRIVER_ERROR */
		{ 0, SCSI_PT_RESULT_TRANSPORT_ERR, 0, 0, -EIO },
#else
		{ 0, SCSI_PT_RESULT_TRANSPORT_ERR, 0, 0x0300, -EIO },
#endif
	};
	struct transport *t = open_ok(0);
	uint8_t buf[8];
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct scsi_cmd c = read_cmd(buf, sizeof(buf));
		pt.do_rc = v[i].do_rc;
		pt.category = v[i].category;
		pt.os_err = v[i].os_err;
		pt.transport_err = v[i].transport_err;
		pt.status = SCSI_STATUS_CHECK_CONDITION;
		int rc = sgpt_transport.exec(t, &c);
		if (rc != v[i].want)
			fail_msg("case %zu: exec returned %d, wanted %d", i, rc, v[i].want);
		assert_int_equal(c.status, 0);      /* no answer, no status */
	}
	sgpt_transport.close(t);
}

/* CDBs of 6 to 16 bytes pass with their length as given (libcdio stops at
 * 12); anything else is refused before sg_pt sees it. */
static void test_cdb_lengths(void **state)
{
	struct transport *t = open_ok(0);
	uint8_t buf[32];
	struct scsi_cmd c = { .cdb = { 0x9e, 0x10 }, .cdb_len = 16, .dir = SCSI_DIR_IN,
			      .data = buf, .data_len = sizeof(buf) };
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(pt.cdb_len, 16);
	c.cdb_len = 12;
	assert_int_equal(sgpt_transport.exec(t, &c), 0);
	assert_int_equal(pt.cdb_len, 12);

	int before = pt.dos;
	c.cdb_len = 5;
	assert_int_equal(sgpt_transport.exec(t, &c), -EINVAL);
	c.cdb_len = 17;
	assert_int_equal(sgpt_transport.exec(t, &c), -EINVAL);
	c.cdb_len = 10;
	c.data = NULL;          /* a data phase without a buffer */
	assert_int_equal(sgpt_transport.exec(t, &c), -EINVAL);
	assert_int_equal(pt.dos, before);
	sgpt_transport.close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_match, setup),
		cmocka_unit_test_setup(test_open_modes, setup),
		cmocka_unit_test_setup(test_open_refusals, setup),
		cmocka_unit_test_setup(test_good_read_with_residual, setup),
		cmocka_unit_test_setup(test_write_and_no_data, setup),
		cmocka_unit_test_setup(test_check_condition_sense, setup),
		cmocka_unit_test_setup(test_other_status, setup),
		cmocka_unit_test_setup(test_timeouts, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_cdb_lengths, setup),
	};
	return cmocka_run_group_tests_name("sgpt", tests, NULL, NULL);
}
