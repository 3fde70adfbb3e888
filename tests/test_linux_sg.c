/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_linux_sg.c — the SG_IO backend against a mocked kernel.
 *
 * ioctl() is wrapped at link time (-Wl,--wrap=ioctl): on the descriptor the
 * backend opened, SG_GET_VERSION_NUM and SG_IO are answered here and the
 * sg_io_hdr the backend built is kept for the assertions. Every other call
 * falls through to the real ioctl. sysfs and procfs are fake trees in a temp
 * directory (DISCBURN_SYSFS_ROOT, DISCBURN_PROC_ROOT).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
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
#include <scsi/sg.h>

#include "linux-sg.h"

int __wrap_ioctl(int fd, unsigned long req, void *arg);
int __real_ioctl(int fd, unsigned long req, ...);

/* What the mocked kernel answers to the next SG_IO. */
static struct {
	int active;             /* answer ioctls at all */
	int version;            /* SG_GET_VERSION_NUM; < 0 = fail ENOTTY */
	int rc, err;            /* ioctl return and errno */
	unsigned char status, host, driver;
	unsigned char sense[32];
	unsigned sense_len;
	int resid;
	unsigned char data[64]; /* copied into a data-in buffer */
	unsigned data_len;
	int calls;
	struct sg_io_hdr seen;  /* as the backend built it */
	unsigned char cdb_seen[16];
	unsigned char out_seen[64];
} k;

int __wrap_ioctl(int fd, unsigned long req, void *arg)
{
	if (!k.active)
		return __real_ioctl(fd, req, arg);
	if (req == SG_GET_VERSION_NUM) {
		if (k.version < 0) {
			errno = ENOTTY;
			return -1;
		}
		*(int *)arg = k.version;
		return 0;
	}
	if (req == SG_IO) {
		struct sg_io_hdr *h = arg;

		k.calls++;
		k.seen = *h;
		if (h->cmdp && h->cmd_len <= sizeof(k.cdb_seen))
			memcpy(k.cdb_seen, h->cmdp, h->cmd_len);
		if (h->dxfer_direction == SG_DXFER_TO_DEV && h->dxferp)
			memcpy(k.out_seen, h->dxferp,
			       h->dxfer_len < sizeof(k.out_seen) ? h->dxfer_len : sizeof(k.out_seen));
		if (k.rc < 0) {
			errno = k.err;
			return -1;
		}
		if (h->dxfer_direction == SG_DXFER_FROM_DEV && h->dxferp)
			memcpy(h->dxferp, k.data, k.data_len < h->dxfer_len ? k.data_len : h->dxfer_len);
		h->status = k.status;
		h->masked_status = k.status >> 1;
		h->host_status = k.host;
		h->driver_status = k.driver;
		h->resid = k.resid;
		h->sb_len_wr = (unsigned char)(k.sense_len < h->mx_sb_len ? k.sense_len : h->mx_sb_len);
		if (h->sbp)
			memcpy(h->sbp, k.sense, h->sb_len_wr);
		return 0;
	}
	return __real_ioctl(fd, req, arg);
}

static char tmpdir[512];

/* snprintf that fails the test instead of truncating. */
#define fmt(buf, ...) assert_true((size_t)snprintf(buf, sizeof(buf), __VA_ARGS__) < sizeof(buf))

static void put_file(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	fmt(path, "%s/%s", tmpdir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *rel)
{
	char path[PATH_MAX], cmd[PATH_MAX + 32];

	fmt(path, "%s/%s", tmpdir, rel);
	fmt(cmd, "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static void link_rel(const char *target, const char *rel)
{
	char path[PATH_MAX];

	fmt(path, "%s/%s", tmpdir, rel);
	assert_int_equal(symlink(target, path), 0);
}

/* A fake sysfs: a disk at 0:0:0:0 (sg0, sda), a recorder at 2:0:1:0 (sg1,
 * sr1), a device at 3:0:0:0 with no block child (sg10, sorts after sg1 and
 * sg2 only by version order), and a second recorder sr0 for scan(). */
static void build_sysfs(void)
{
	mkdirs("sys/devices/host0/0:0:0:0/block/sda");
	mkdirs("sys/devices/host2/2:0:1:0/block/sr1");
	mkdirs("sys/devices/host3/3:0:0:0");
	mkdirs("sys/devices/host4/4:0:0:0/block/sr0");
	mkdirs("sys/class/scsi_generic/sg0");
	mkdirs("sys/class/scsi_generic/sg1");
	mkdirs("sys/class/scsi_generic/sg10");
	mkdirs("sys/class/block");
	link_rel("../../../devices/host0/0:0:0:0", "sys/class/scsi_generic/sg0/device");
	link_rel("../../../devices/host2/2:0:1:0", "sys/class/scsi_generic/sg1/device");
	link_rel("../../../devices/host3/3:0:0:0", "sys/class/scsi_generic/sg10/device");
	mkdirs("sys/class/block/sda/device");
	mkdirs("sys/class/block/sr0");
	mkdirs("sys/class/block/sr1");
	mkdirs("sys/class/block/sr10/device");
	link_rel("../../../devices/host4/4:0:0:0", "sys/class/block/sr0/device");
	link_rel("../../../devices/host2/2:0:1:0", "sys/class/block/sr1/device");
	put_file("sys/devices/host4/4:0:0:0/vendor", "HL-DT-ST\n");
	put_file("sys/devices/host4/4:0:0:0/model", "BD-RE  BH16NS40 \n");
	put_file("sys/devices/host4/4:0:0:0/rev", "1.02\n");
	put_file("sys/devices/host4/4:0:0:0/type", "5\n");
	put_file("sys/devices/host2/2:0:1:0/vendor", "RIGTEST \n");
	put_file("sys/devices/host2/2:0:1:0/model", "AVERYLONGMODELNAMEOVER16\n");
	put_file("sys/devices/host2/2:0:1:0/rev", "0001\n");
	put_file("sys/devices/host2/2:0:1:0/type", "5\n");
	put_file("sys/class/block/sr10/device/vendor", "X\n");
	put_file("sys/class/block/sr10/device/type", "junk\n");
}

static int group_setup(void **state)
{
	(void)state;
	const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	if ((size_t)snprintf(tmpdir, sizeof(tmpdir), "%s/test_linux_sg.XXXXXX", base) >= sizeof(tmpdir) ||
	    !mkdtemp(tmpdir))
		return -1;
	build_sysfs();
	char root[PATH_MAX];
	fmt(root, "%s/sys", tmpdir);
	setenv("DISCBURN_SYSFS_ROOT", root, 1);
	fmt(root, "%s/proc", tmpdir);
	setenv("DISCBURN_PROC_ROOT", root, 1);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	fmt(cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int reset_kernel(void **state)
{
	(void)state;
	memset(&k, 0, sizeof(k));
	k.active = 1;
	k.version = 30536;
	return 0;
}

/* Open /dev/null through the backend with the mocked version check. */
static struct transport *open_null(void)
{
	struct transport *t = NULL;
	char why[256];

	assert_int_equal(linux_sg_transport.open("/dev/null", 0, &t, why, sizeof(why)), 0);
	assert_non_null(t);
	return t;
}

/* ---- b,t,l ---- */

static void test_parse_btl(void **state)
{
	int b = -1, t = -1, l = -1;

	(void)state;
	assert_true(linux_sg_parse_btl("1,2,3", &b, &t, &l));
	assert_int_equal(b, 1);
	assert_int_equal(t, 2);
	assert_int_equal(l, 3);
	assert_true(linux_sg_parse_btl("ATA:0,1,0", &b, &t, &l));
	assert_int_equal(b, 0);
	assert_int_equal(t, 1);
	assert_int_equal(l, 0);
	assert_true(linux_sg_parse_btl("atapi:10,0,7", &b, &t, &l));
	assert_int_equal(b, 10);
	assert_int_equal(l, 7);
	assert_false(linux_sg_parse_btl("1,2", &b, &t, &l));
	assert_false(linux_sg_parse_btl("1,2,3,4", &b, &t, &l));
	assert_false(linux_sg_parse_btl("1,,3", &b, &t, &l));
	assert_false(linux_sg_parse_btl("1,2,3x", &b, &t, &l));
	assert_false(linux_sg_parse_btl("-1,2,3", &b, &t, &l));
	assert_false(linux_sg_parse_btl("/dev/sr0", &b, &t, &l));
	assert_false(linux_sg_parse_btl("USB:1,2,3", &b, &t, &l));
	assert_false(linux_sg_parse_btl("99999999999,0,0", &b, &t, &l));
	assert_false(linux_sg_parse_btl("", &b, &t, &l));
}

static void test_resolve_btl(void **state)
{
	char node[64];

	(void)state;
	assert_int_equal(linux_sg_resolve_btl("2,1,0", node, sizeof(node)), 0);
	assert_string_equal(node, "/dev/sr1");
	assert_int_equal(linux_sg_resolve_btl("ATA:2,1,0", node, sizeof(node)), 0);
	assert_string_equal(node, "/dev/sr1");
	assert_int_equal(linux_sg_resolve_btl("0,0,0", node, sizeof(node)), 0);
	assert_string_equal(node, "/dev/sda");
	/* no block child: the generic node */
	assert_int_equal(linux_sg_resolve_btl("3,0,0", node, sizeof(node)), 0);
	assert_string_equal(node, "/dev/sg10");
	/* target and lun must match too, not only the host */
	assert_int_equal(linux_sg_resolve_btl("2,0,0", node, sizeof(node)), -ENOENT);
	assert_int_equal(linux_sg_resolve_btl("2,1,1", node, sizeof(node)), -ENOENT);
	assert_int_equal(linux_sg_resolve_btl("9,9,9", node, sizeof(node)), -ENOENT);
	assert_int_equal(linux_sg_resolve_btl("/dev/sr0", node, sizeof(node)), -EINVAL);
	assert_int_equal(linux_sg_resolve_btl("2,1,0", node, 6), -ENAMETOOLONG);
}

static void test_open_btl_missing(void **state)
{
	struct transport *t = NULL;
	char why[256];

	(void)state;
	assert_int_equal(linux_sg_transport.open("7,7,7", 0, &t, why, sizeof(why)), -ENOENT);
	assert_null(t);
	assert_non_null(strstr(why, "7,7,7"));
	assert_non_null(strstr(why, "--devices"));
}

/* ---- match and open refusals ---- */

static void test_match(void **state)
{
	char file[PATH_MAX];

	(void)state;
	fmt(file, "%s/image.iso", tmpdir);
	put_file("image.iso", "not a drive");
	assert_true(linux_sg_transport.match("/dev/sr0"));
	assert_true(linux_sg_transport.match("/dev/sg3"));
	assert_true(linux_sg_transport.match("/dev/scd0"));
	assert_true(linux_sg_transport.match("/dev/cdrom"));
	assert_true(linux_sg_transport.match("1,0,0"));
	assert_true(linux_sg_transport.match("ATA:1,0,0"));
	assert_true(linux_sg_transport.match("/dev/null"));   /* a char device */
	assert_false(linux_sg_transport.match(file));
	assert_false(linux_sg_transport.match("iscsi://127.0.0.1/iqn.x:y/1"));
	assert_false(linux_sg_transport.match("cdio:/dev/sr0"));
	assert_false(linux_sg_transport.match("emu:disc.img"));
	assert_false(linux_sg_transport.match(""));
}

static void test_open_refuses_regular_file(void **state)
{
	struct transport *t = NULL;
	char file[PATH_MAX], why[256];

	(void)state;
	put_file("image2.iso", "not a drive");
	fmt(file, "%s/image2.iso", tmpdir);
	assert_int_equal(linux_sg_transport.open(file, 0, &t, why, sizeof(why)), -ENOTBLK);
	assert_null(t);
	assert_non_null(strstr(why, "regular file"));
	assert_int_equal(k.calls, 0);
}

static void test_open_missing_node(void **state)
{
	struct transport *t = NULL;
	char why[256];

	(void)state;
	assert_int_equal(linux_sg_transport.open("/dev/sr-does-not-exist", 0, &t, why,
						 sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "/dev/sr-does-not-exist"));
	assert_non_null(strstr(why, "discburn --devices"));
}

static void test_open_refuses_non_sg_node(void **state)
{
	struct transport *t = NULL;
	char why[256];

	(void)state;
	k.version = -1;
	assert_int_equal(linux_sg_transport.open("/dev/null", 0, &t, why, sizeof(why)), -ENOTTY);
	assert_null(t);
	assert_non_null(strstr(why, "SG_IO"));
	/* an sg driver too old for the v3 header is refused the same way */
	k.version = 20000;
	assert_int_equal(linux_sg_transport.open("/dev/null", 0, &t, why, sizeof(why)), -ENOTTY);
}

/* ---- the sg_io_hdr built, and the answer mapped ---- */

static void test_exec_data_in(void **state)
{
	struct transport *t = open_null();
	uint8_t buf[96];
	struct scsi_cmd c = {
		.cdb = { 0x46, 0x02, 0, 0, 0, 0, 0, 0, 96, 0 }, .cdb_len = 10,
		.dir = SCSI_DIR_IN, .data = buf, .data_len = sizeof(buf),
	};

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	memcpy(k.data, "\x00\x00\x00\x20\x00\x00\x00\x1b", 8);
	k.data_len = 8;
	k.resid = 88;
	c.status = 0x55;
	c.sense_len = 9;
	assert_int_equal(linux_sg_transport.exec(t, &c), 0);
	assert_int_equal(k.calls, 1);
	assert_int_equal(k.seen.interface_id, 'S');
	assert_int_equal(k.seen.dxfer_direction, SG_DXFER_FROM_DEV);
	assert_int_equal(k.seen.cmd_len, 10);
	assert_memory_equal(k.cdb_seen, c.cdb, 10);
	assert_int_equal(k.seen.dxfer_len, 96);
	assert_ptr_equal(k.seen.dxferp, buf);
	assert_int_equal(k.seen.mx_sb_len, SCSI_SENSE_MAX);
	assert_int_equal(k.seen.timeout, LINUX_SG_TIMEOUT_MS);
	assert_int_equal(k.seen.iovec_count, 0);
	assert_int_equal(c.status, SCSI_STATUS_GOOD);
	assert_int_equal(c.sense_len, 0);
	assert_int_equal(c.resid, 88);
	assert_int_equal(buf[7], 0x1b);
	linux_sg_transport.close(t);
}

static void test_exec_data_out(void **state)
{
	struct transport *t = open_null();
	uint8_t buf[32];
	struct scsi_cmd c = {
		.cdb = { 0x2a, 0, 0, 0, 0, 16, 0, 0, 1, 0 }, .cdb_len = 10,
		.dir = SCSI_DIR_OUT, .data = buf, .data_len = sizeof(buf),
		.timeout_ms = 60000,
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)i;
	assert_int_equal(linux_sg_transport.exec(t, &c), 0);
	assert_int_equal(k.seen.dxfer_direction, SG_DXFER_TO_DEV);
	assert_int_equal(k.seen.dxfer_len, 32);
	assert_int_equal(k.seen.timeout, 60000);
	assert_memory_equal(k.out_seen, buf, sizeof(buf));
	assert_int_equal(c.resid, 0);
	linux_sg_transport.close(t);
}

static void test_exec_no_data(void **state)
{
	struct transport *t = open_null();
	struct scsi_cmd c = { .cdb = { 0x00 }, .cdb_len = 6, .dir = SCSI_DIR_NONE };

	(void)state;
	assert_int_equal(linux_sg_transport.exec(t, &c), 0);
	assert_int_equal(k.seen.dxfer_direction, SG_DXFER_NONE);
	assert_int_equal(k.seen.dxfer_len, 0);
	assert_null(k.seen.dxferp);
	assert_int_equal(k.seen.cmd_len, 6);
	/* a data direction with no buffer length sends no data phase either */
	c.dir = SCSI_DIR_IN;
	assert_int_equal(linux_sg_transport.exec(t, &c), 0);
	assert_int_equal(k.seen.dxfer_direction, SG_DXFER_NONE);
	linux_sg_transport.close(t);
}

static void test_exec_check_condition(void **state)
{
	struct transport *t = open_null();
	uint8_t buf[8];
	static const uint8_t sense[18] = {
		0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x20, 0x00,
	};
	struct scsi_cmd c = {
		.cdb = { 0x53 }, .cdb_len = 10, .dir = SCSI_DIR_IN, .data = buf,
		.data_len = sizeof(buf),
	};

	(void)state;
	k.status = SCSI_STATUS_CHECK_CONDITION;
	k.driver = 0x08;        /* DRIVER_SENSE */
	memcpy(k.sense, sense, sizeof(sense));
	k.sense_len = sizeof(sense);
	k.resid = 8;
	assert_int_equal(linux_sg_transport.exec(t, &c), 0);
	assert_int_equal(c.status, SCSI_STATUS_CHECK_CONDITION);
	assert_int_equal(c.sense_len, 18);
	assert_memory_equal(c.sense, sense, 18);
	assert_int_equal(c.resid, 8);
	linux_sg_transport.close(t);
}

static void test_exec_resid_clamped(void **state)
{
	struct transport *t = open_null();
	uint8_t buf[16];
	struct scsi_cmd c = {
		.cdb = { 0x12, 0, 0, 0, 16, 0 }, .cdb_len = 6, .dir = SCSI_DIR_IN,
		.data = buf, .data_len = sizeof(buf),
	};

	(void)state;
	k.resid = 4096;         /* a broken LLD must not make resid exceed data_len */
	assert_int_equal(linux_sg_transport.exec(t, &c), 0);
	assert_int_equal(c.resid, 16);
	k.resid = -5;
	assert_int_equal(linux_sg_transport.exec(t, &c), 0);
	assert_int_equal(c.resid, 0);
	linux_sg_transport.close(t);
}

static void test_exec_errors(void **state)
{
	struct transport *t = open_null();
	struct scsi_cmd c = { .cdb = { 0x00 }, .cdb_len = 6, .dir = SCSI_DIR_NONE };

	(void)state;
	k.rc = -1;
	k.err = ENODEV;
	assert_int_equal(linux_sg_transport.exec(t, &c), -ENODEV);
	k.err = ENXIO;
	assert_int_equal(linux_sg_transport.exec(t, &c), -ENODEV);
	k.err = EIO;
	assert_int_equal(linux_sg_transport.exec(t, &c), -EIO);
	k.err = ENOMEM;
	assert_int_equal(linux_sg_transport.exec(t, &c), -ENOMEM);
	k.rc = 0;
	k.host = 0x03;          /* DID_TIME_OUT */
	assert_int_equal(linux_sg_transport.exec(t, &c), -ETIMEDOUT);
	k.host = 0x01;          /* DID_NO_CONNECT */
	assert_int_equal(linux_sg_transport.exec(t, &c), -ENODEV);
	k.host = 0;
	k.driver = 0x06;        /* DRIVER_TIMEOUT */
	assert_int_equal(linux_sg_transport.exec(t, &c), -ETIMEDOUT);
	/* a refused command never reaches the kernel */
	k.calls = 0;
	c.cdb_len = 17;
	assert_int_equal(linux_sg_transport.exec(t, &c), -EINVAL);
	c.cdb_len = 0;
	assert_int_equal(linux_sg_transport.exec(t, &c), -EINVAL);
	c.cdb_len = 10;
	c.dir = SCSI_DIR_IN;
	c.data_len = 8;
	assert_int_equal(linux_sg_transport.exec(t, &c), -EINVAL);
	assert_int_equal(k.calls, 0);
	linux_sg_transport.close(t);
}

static void test_map_result(void **state)
{
	(void)state;
	assert_int_equal(linux_sg_map_result(0, 0, 0, 0), 0);
	assert_int_equal(linux_sg_map_result(0, 0, 0, 0x08), 0);
	assert_int_equal(linux_sg_map_result(-1, ENODEV, 0, 0), -ENODEV);
	assert_int_equal(linux_sg_map_result(-1, EPERM, 0, 0), -EPERM);
	assert_int_equal(linux_sg_map_result(-1, 0, 0, 0), -EIO);
	assert_int_equal(linux_sg_map_result(0, 0, 0x01, 0), -ENODEV);
	assert_int_equal(linux_sg_map_result(0, 0, 0x02, 0), -EBUSY);
	assert_int_equal(linux_sg_map_result(0, 0, 0x03, 0), -ETIMEDOUT);
	assert_int_equal(linux_sg_map_result(0, 0, 0x04, 0), -ENODEV);
	assert_int_equal(linux_sg_map_result(0, 0, 0x05, 0), -ETIMEDOUT);
	assert_int_equal(linux_sg_map_result(0, 0, 0x07, 0), -EIO);
	assert_int_equal(linux_sg_map_result(0, 0, 0x08, 0), -ECONNRESET);
	assert_int_equal(linux_sg_map_result(0, 0, 0x0f, 0), -ENODEV);
	assert_int_equal(linux_sg_map_result(0, 0, 0, 0x06), -ETIMEDOUT);
	assert_int_equal(linux_sg_map_result(0, 0, 0, 0x04), -EIO);
	/* obsolete suggestion bits above the driver byte's low nibble */
	assert_int_equal(linux_sg_map_result(0, 0, 0, 0x18), 0);
}

/* ---- open failure sentences ---- */

static void test_explain_eacces(void **state)
{
	char file[PATH_MAX], why[512], want[160];
	struct group *g = getgrgid(getgid());

	(void)state;
	put_file("sr7", "");
	fmt(file, "%s/sr7", tmpdir);
	assert_int_equal(chmod(file, 0660), 0);
	linux_sg_explain_open(file, EACCES, why, sizeof(why));
	assert_non_null(strstr(why, file));
	assert_non_null(strstr(why, "mode rw-rw----"));
	assert_non_null(g);
	snprintf(want, sizeof(want), "add yourself to group '%s'", g->gr_name);
	assert_non_null(strstr(why, want));
	assert_int_equal(chmod(file, 0600), 0);
	linux_sg_explain_open(file, EACCES, why, sizeof(why));
	assert_non_null(strstr(why, "mode rw-------"));
	assert_null(strstr(why, "add yourself"));
	assert_non_null(strstr(why, "ask root"));
}

static void test_explain_ebusy(void **state)
{
	char why[512];

	(void)state;
	/* The node is /dev/null (a real char device, so an fd link stats to
	 * it); the fake mountinfo names it as a mount source, with an escaped
	 * space in the mount point; a fake process holds it open. */
	mkdirs("proc/self");
	put_file("proc/self/mountinfo",
		 "22 1 0:21 / /proc rw,relatime - proc proc rw\n"
		 "97 29 0:99 / /media/my\\040cd ro,nosuid - iso9660 /dev/null ro\n");
	mkdirs("proc/4194305/fd");
	put_file("proc/4194305/comm", "growisofs\n");
	link_rel("/dev/null", "proc/4194305/fd/3");
	mkdirs("proc/4194306/fd");
	link_rel("/etc/passwd", "proc/4194306/fd/0");
	linux_sg_explain_open("/dev/null", EBUSY, why, sizeof(why));
	assert_non_null(strstr(why, "/dev/null is busy"));
	assert_non_null(strstr(why, "umount /media/my cd first"));
	assert_non_null(strstr(why, "PID 4194305 (growisofs)"));
	assert_null(strstr(why, "4194306"));
	/* nothing found: a generic sentence that still says what to do */
	put_file("proc/self/mountinfo", "22 1 0:21 / /proc rw - proc proc rw\n");
	fmt(why, "%s/proc/4194305/fd/3", tmpdir);
	assert_int_equal(unlink(why), 0);
	linux_sg_explain_open("/dev/null", EBUSY, why, sizeof(why));
	assert_null(strstr(why, "umount"));
	assert_non_null(strstr(why, "close it and retry"));
	/* a tiny buffer is never overrun and stays terminated */
	linux_sg_explain_open("/dev/null", EBUSY, why, 8);
	assert_int_equal(strlen(why), 7);
}

static void test_explain_other(void **state)
{
	char why[256];

	(void)state;
	linux_sg_explain_open("/dev/sr3", ENOENT, why, sizeof(why));
	assert_non_null(strstr(why, "no such device /dev/sr3"));
	assert_non_null(strstr(why, "discburn --devices"));
	linux_sg_explain_open("/dev/sr3", ENXIO, why, sizeof(why));
	assert_non_null(strstr(why, "no drive behind /dev/sr3"));
	linux_sg_explain_open("/dev/sr3", EINVAL, why, sizeof(why));
	assert_non_null(strstr(why, strerror(EINVAL)));
}

/* ---- discovery (sysfs fallback) ---- */

struct found_list {
	int n;
	struct transport_found f[8];
};

static void collect(void *ctx, const struct transport_found *f)
{
	struct found_list *l = ctx;

	if (l->n < 8)
		l->f[l->n] = *f;
	l->n++;
}

static void test_scan_sysfs(void **state)
{
	struct found_list l = { 0 };

	(void)state;
	assert_int_equal(linux_sg_transport.scan(collect, &l), 3);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.f[0].dev, "/dev/sr0");
	assert_string_equal(l.f[0].vendor, "HL-DT-ST");
	assert_string_equal(l.f[0].model, "BD-RE  BH16NS40");
	assert_string_equal(l.f[0].revision, "1.02");
	assert_int_equal(l.f[0].peripheral_type, 5);
	/* cdrecord's b,t,l from the h:c:t:l directory the device link points to */
	assert_int_equal(l.f[0].bus, 4);
	assert_int_equal(l.f[0].target, 0);
	assert_int_equal(l.f[0].lun, 0);
	assert_int_equal(l.f[1].bus, 2);
	assert_int_equal(l.f[1].target, 1);
	assert_int_equal(l.f[1].lun, 0);
	assert_string_equal(l.f[1].dev, "/dev/sr1");
	assert_string_equal(l.f[1].vendor, "RIGTEST");
	assert_string_equal(l.f[1].model, "AVERYLONGMODELNA");  /* cut to 16 */
	/* sr10 sorts after sr1 by number; unreadable attributes stay empty */
	assert_string_equal(l.f[2].dev, "/dev/sr10");
	assert_string_equal(l.f[2].model, "");
	assert_int_equal(l.f[2].peripheral_type, -1);
	assert_int_equal(l.f[2].bus, -1);       /* a plain directory: no address */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_btl),
		cmocka_unit_test_setup(test_resolve_btl, reset_kernel),
		cmocka_unit_test_setup(test_open_btl_missing, reset_kernel),
		cmocka_unit_test_setup(test_match, reset_kernel),
		cmocka_unit_test_setup(test_open_refuses_regular_file, reset_kernel),
		cmocka_unit_test_setup(test_open_missing_node, reset_kernel),
		cmocka_unit_test_setup(test_open_refuses_non_sg_node, reset_kernel),
		cmocka_unit_test_setup(test_exec_data_in, reset_kernel),
		cmocka_unit_test_setup(test_exec_data_out, reset_kernel),
		cmocka_unit_test_setup(test_exec_no_data, reset_kernel),
		cmocka_unit_test_setup(test_exec_check_condition, reset_kernel),
		cmocka_unit_test_setup(test_exec_resid_clamped, reset_kernel),
		cmocka_unit_test_setup(test_exec_errors, reset_kernel),
		cmocka_unit_test(test_map_result),
		cmocka_unit_test(test_explain_eacces),
		cmocka_unit_test(test_explain_ebusy),
		cmocka_unit_test(test_explain_other),
		cmocka_unit_test(test_scan_sysfs),
	};

	return cmocka_run_group_tests_name("linux_sg", tests, group_setup, group_teardown);
}
