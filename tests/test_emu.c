/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_emu.c — the recorder emulator answers as an MMC drive does.
 *
 * CDBs are built here byte by byte (not with src/mmc.c), so these tests pin
 * down the emulator's side of the protocol on their own. */
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
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "base/bytes.h"
#include "emu/emu.h"

static char tmpdir[256];

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_emu.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void path_of(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmpdir, name);
}

static struct emu *open_emu(const char *fmt, ...)
{
	char spec[512], why[256] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(spec, sizeof(spec), fmt, ap);
	va_end(ap);
	struct emu *e = NULL;
	int r = emu_open(spec, &e, why, sizeof(why));
	if (r != 0)
		fail_msg("emu_open(%s) = %d: %s", spec, r, why);
	return e;
}

struct res {
	int rc;
	uint8_t status, key, asc, ascq;
	uint32_t got;
};

static struct res run(struct emu *e, const uint8_t *cdb, uint8_t cdb_len, enum scsi_dir dir,
		      void *buf, uint32_t len)
{
	struct scsi_cmd c;
	memset(&c, 0, sizeof(c));
	memcpy(c.cdb, cdb, cdb_len);
	c.cdb_len = cdb_len;
	c.dir = dir;
	c.data = buf;
	c.data_len = len;
	struct res r = { 0 };
	r.rc = emu_exec(e, &c);
	r.status = c.status;
	if (c.status == SCSI_STATUS_CHECK_CONDITION) {
		assert_true(c.sense_len >= 14);
		r.key = c.sense[2] & 0x0f;
		r.asc = c.sense[12];
		r.ascq = c.sense[13];
	}
	r.got = len - c.resid;
	return r;
}

#define assert_good(r) do { struct res r_ = (r); assert_int_equal(r_.rc, 0); \
	if (r_.status) fail_msg("CHECK CONDITION %X/%02X/%02X", r_.key, r_.asc, r_.ascq); } while (0)
#define assert_sense(r, k, a, q) do { struct res r_ = (r); assert_int_equal(r_.rc, 0); \
	assert_int_equal(r_.status, SCSI_STATUS_CHECK_CONDITION); \
	if (r_.key != (k) || r_.asc != (a) || r_.ascq != (q)) \
		fail_msg("sense %X/%02X/%02X, wanted %X/%02X/%02X", r_.key, r_.asc, r_.ascq, \
			 (k), (a), (q)); } while (0)

/* ---- command helpers ---------------------------------------------------- */

static uint16_t profile(struct emu *e)
{
	uint8_t cdb[10] = { 0x46, 0x01 }, b[8];
	put_be16(&cdb[7], sizeof(b));
	assert_good(run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b)));
	return get_be16(&b[6]);
}

struct dinfo { uint8_t status, last_state, erasable; unsigned sessions, first_last, last; uint8_t raw[34]; };

static struct dinfo disc_info(struct emu *e)
{
	uint8_t cdb[10] = { 0x51 };
	struct dinfo d;
	put_be16(&cdb[7], 34);
	assert_good(run(e, cdb, 10, SCSI_DIR_IN, d.raw, 34));
	d.status = d.raw[2] & 3;
	d.last_state = (d.raw[2] >> 2) & 3;
	d.erasable = (d.raw[2] >> 4) & 1;
	d.sessions = d.raw[4] | d.raw[9] << 8;
	d.first_last = d.raw[5] | d.raw[10] << 8;
	d.last = d.raw[6] | d.raw[11] << 8;
	return d;
}

struct tinfo { unsigned track, session; bool blank, nwa_v, rt, damage; int32_t start; uint32_t nwa, free, size; };

static struct res track_info_r(struct emu *e, uint8_t type, uint32_t addr, struct tinfo *t)
{
	uint8_t cdb[10] = { 0x52, type }, b[48];
	put_be32(&cdb[2], addr);
	put_be16(&cdb[7], sizeof(b));
	struct res r = run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b));
	if (r.status == 0) {
		t->track = b[2] | b[32] << 8;
		t->session = b[3] | b[33] << 8;
		t->blank = b[6] & 0x40;
		t->rt = b[6] & 0x80;
		t->damage = b[5] & 0x20;
		t->nwa_v = b[7] & 1;
		t->start = (int32_t)get_be32(&b[8]);
		t->nwa = get_be32(&b[12]);
		t->free = get_be32(&b[16]);
		t->size = get_be32(&b[24]);
	}
	return r;
}

static struct tinfo track_info(struct emu *e, uint8_t type, uint32_t addr)
{
	struct tinfo t;
	assert_good(track_info_r(e, type, addr, &t));
	return t;
}

/* The invisible track the way growisofs and libburn find it: the last track
 * of the last session from READ DISC INFORMATION. */
static struct tinfo next_track(struct emu *e)
{
	return track_info(e, 1, disc_info(e).last);
}

static struct res write_blocks(struct emu *e, int32_t lba, uint16_t n, const uint8_t *data)
{
	uint8_t cdb[10] = { 0x2A };
	put_be32(&cdb[2], (uint32_t)lba);
	put_be16(&cdb[7], n);
	return run(e, cdb, 10, SCSI_DIR_OUT, (void *)data, (uint32_t)n * 2048);
}

static struct res read_blocks(struct emu *e, int32_t lba, uint16_t n, uint8_t *data)
{
	uint8_t cdb[10] = { 0x28 };
	put_be32(&cdb[2], (uint32_t)lba);
	put_be16(&cdb[7], n);
	return run(e, cdb, 10, SCSI_DIR_IN, data, (uint32_t)n * 2048);
}

static struct res sync_cache(struct emu *e)
{
	uint8_t cdb[10] = { 0x35 };
	return run(e, cdb, 10, SCSI_DIR_NONE, NULL, 0);
}

static struct res close_ts(struct emu *e, uint8_t func, uint16_t num)
{
	uint8_t cdb[10] = { 0x5B, 0, func };
	put_be16(&cdb[4], num);
	return run(e, cdb, 10, SCSI_DIR_NONE, NULL, 0);
}

static struct res reserve(struct emu *e, uint32_t blocks)
{
	uint8_t cdb[10] = { 0x53 };
	put_be32(&cdb[5], blocks);
	return run(e, cdb, 10, SCSI_DIR_NONE, NULL, 0);
}

struct wp { uint8_t wt; bool test, bufe; uint8_t ms, tm, dbt; };

static struct res mode_select05(struct emu *e, struct wp w)
{
	uint8_t b[8 + 0x34] = { 0 }, cdb[10] = { 0x55, 0x10 };
	uint8_t *p = &b[8];
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = (uint8_t)((w.bufe ? 0x40 : 0) | (w.test ? 0x10 : 0) | w.wt);
	p[3] = (uint8_t)(w.ms << 6 | w.tm);
	p[4] = w.dbt;
	put_be16(&p[14], 150);
	put_be16(&cdb[7], sizeof(b));
	return run(e, cdb, 10, SCSI_DIR_OUT, b, sizeof(b));
}

static void fill_pattern(uint8_t *buf, int32_t lba, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < 2048; j += 4) {
			uint32_t v = (uint32_t)(lba + (int32_t)i) * 2654435761u + j;
			put_be32(&buf[(size_t)i * 2048 + j], v);
		}
}

/* Write n blocks of the pattern at lba in chunks; assert success. */
static void write_run(struct emu *e, int32_t lba, unsigned n)
{
	uint8_t *buf = malloc(16 * 2048);
	assert_non_null(buf);
	for (unsigned done = 0; done < n;) {
		unsigned k = n - done > 16 ? 16 : n - done;
		fill_pattern(buf, lba + (int32_t)done, k);
		assert_good(write_blocks(e, lba + (int32_t)done, (uint16_t)k, buf));
		done += k;
	}
	free(buf);
}

/* The image file holds the pattern at [lba, lba+n). */
static void assert_image(const char *path, int32_t lba, unsigned n)
{
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	uint8_t *want = malloc(2048), *got = malloc(2048);
	for (unsigned i = 0; i < n; i++) {
		fill_pattern(want, lba + (int32_t)i, 1);
		assert_int_equal(pread(fd, got, 2048, (off_t)(lba + (int32_t)i) * 2048), 2048);
		if (memcmp(want, got, 2048) != 0)
			fail_msg("image differs at LBA %d", lba + (int32_t)i);
	}
	free(want);
	free(got);
	close(fd);
}

static bool file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char line[512];
	bool found = false;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			found = true;
	fclose(f);
	return found;
}

/* ---- identification and fresh media ------------------------------------- */

static void test_inquiry(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "inq.img");
	struct emu *e = open_emu("emu:dvd+r:vendor=ACME:model=BURNER 9000:%s", img);
	uint8_t cdb[6] = { 0x12, 0, 0, 0, 96 }, b[96];
	struct res r = run(e, cdb, 6, SCSI_DIR_IN, b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.got, 96);
	assert_int_equal(b[0] & 0x1f, 5);
	assert_true(b[1] & 0x80);
	assert_memory_equal(&b[8], "ACME    ", 8);
	assert_memory_equal(&b[16], "BURNER 9000     ", 16);
	/* VPD 0x80 serial number */
	uint8_t vcdb[6] = { 0x12, 1, 0x80, 0, 64 };
	assert_good(run(e, vcdb, 6, SCSI_DIR_IN, b, 64));
	assert_int_equal(b[1], 0x80);
	assert_true(b[3] > 0);
	/* unknown opcode */
	uint8_t bad[10] = { 0xE7 };
	assert_sense(run(e, bad, 10, SCSI_DIR_NONE, NULL, 0), 5, 0x20, 0x00);
	emu_close(e);
}

static void test_fresh_media(void **state)
{
	static const struct { const char *kind; uint16_t prof; uint32_t cap; uint8_t status; bool erasable; } k[] = {
		{ "cd-r",     0x09, 359849,   0, false },
		{ "cd-rw",    0x0A, 359849,   0, true },
		{ "dvd-r",    0x11, 2295104,  0, false },
		{ "dvd-rw",   0x14, 2295104,  0, true },
		{ "dvd-rw-ro",0x13, 2295104,  2, true },
		{ "dvd+r",    0x1B, 2295104,  0, false },
		{ "dvd+rw",   0x1A, 2295104,  0, true },
		{ "dvd+r-dl", 0x2B, 4173824,  0, false },
		{ "bd-r",     0x41, 12219392, 0, false },
		{ "bd-re",    0x43, 12219392, 0, true },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		char img[300];
		path_of(img, sizeof(img), k[i].kind);
		struct emu *e = open_emu("emu:%s:%s", k[i].kind, img);
		assert_int_equal(profile(e), k[i].prof);
		struct dinfo d = disc_info(e);
		assert_int_equal(d.status, k[i].status);
		assert_int_equal(d.erasable, k[i].erasable);
		assert_int_equal(d.sessions, 1);
		if (k[i].status == 0 && strcmp(k[i].kind, "dvd+rw") && strcmp(k[i].kind, "bd-re")) {
			assert_int_equal(d.last_state, 0);
			struct tinfo t = next_track(e);
			assert_true(t.blank);
			assert_true(t.nwa_v);
			assert_int_equal(t.nwa, 0);
			assert_int_equal(t.free, k[i].cap);
		}
		/* READ FORMAT CAPACITIES: the current capacity descriptor */
		uint8_t cdb[10] = { 0x23 }, b[64];
		put_be16(&cdb[7], sizeof(b));
		assert_good(run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b)));
		assert_int_equal(get_be32(&b[4]), k[i].cap);
		emu_close(e);
		unlink(img);
		char st[320];
		snprintf(st, sizeof(st), "%s.state", img);
		unlink(st);
	}
}

/* Features the burn path decides by (MMC-6 5.3). */
static bool has_feature(struct emu *e, uint16_t code, bool *current)
{
	uint8_t cdb[10] = { 0x46, 0x02 }, b[64];
	put_be16(&cdb[2], code);
	put_be16(&cdb[7], sizeof(b));
	struct res r = run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b));
	assert_good(r);
	if (get_be32(b) < 8)
		return false;
	assert_int_equal(get_be16(&b[8]), code);
	*current = b[10] & 1;
	return true;
}

static void test_features(void **state)
{
	char img[300];
	bool cur;
	path_of(img, sizeof(img), "feat-cd.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_true(has_feature(e, 0x002D, &cur) && cur);
	assert_true(has_feature(e, 0x002E, &cur) && cur);
	assert_true(has_feature(e, 0x002B, &cur) && !cur);
	emu_close(e);
	path_of(img, sizeof(img), "feat-dvdpr.img");
	e = open_emu("emu:dvd+r:%s", img);
	assert_true(has_feature(e, 0x002B, &cur) && cur);
	assert_true(has_feature(e, 0x002D, &cur) && !cur);
	assert_true(has_feature(e, 0x0107, &cur) && cur);
	emu_close(e);
	path_of(img, sizeof(img), "feat-dvdr.img");
	e = open_emu("emu:dvd-r:%s", img);
	assert_true(has_feature(e, 0x002F, &cur) && cur);
	assert_true(has_feature(e, 0x0021, &cur) && cur);
	emu_close(e);
	path_of(img, sizeof(img), "feat-bd.img");
	e = open_emu("emu:bd-re:%s", img);
	assert_true(has_feature(e, 0x0041, &cur) && cur);
	assert_true(has_feature(e, 0x0023, &cur) && cur);
	/* the whole list starts with the Profile List, current profile flagged */
	uint8_t cdb[10] = { 0x46, 0x00 }, b[512];
	put_be16(&cdb[7], sizeof(b));
	struct res r = run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b));
	assert_good(r);
	assert_int_equal(get_be16(&b[8]), 0x0000);
	bool flagged = false;
	for (unsigned i = 0; i < b[11]; i += 4)
		if (get_be16(&b[12 + i]) == 0x43)
			flagged = b[14 + i] & 1;
	assert_true(flagged);
	assert_int_equal(get_be32(b) + 4, r.got);
	emu_close(e);
}

/* ---- DVD+R --------------------------------------------------------------- */

static void test_dvdplusr_burn(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "dvdpr.img");
	struct emu *e = open_emu("emu:dvd+r:%s", img);
	uint8_t buf[16 * 2048];

	/* refusals on blank media */
	assert_sense(mode_select05(e, (struct wp){ .wt = 0, .test = true, .dbt = 8 }), 5, 0x26, 0x00);
	fill_pattern(buf, 32, 16);
	assert_sense(write_blocks(e, 32, 16, buf), 5, 0x21, 0x02);

	write_run(e, 0, 1000);
	assert_sense(write_blocks(e, 0, 16, buf), 5, 0x21, 0x02);   /* behind the NWA */
	struct tinfo t = next_track(e);
	assert_int_equal(t.nwa, 1000);
	assert_false(t.blank);
	assert_int_equal(t.free, 2295104 - 1000);
	assert_int_equal(disc_info(e).last_state, 1);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 1));
	assert_good(close_ts(e, 2, 0));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 1);          /* appendable */
	assert_int_equal(d.sessions, 2);
	assert_int_equal(d.last, 2);
	assert_image(img, 0, 1000);

	/* reads: written area yes, beyond no */
	assert_good(read_blocks(e, 999, 1, buf));
	assert_sense(read_blocks(e, 1000, 1, buf), 5, 0x21, 0x00);
	emu_close(e);

	/* the state survives: second session after a gap, ECC aligned */
	e = open_emu("emu:%s", img);
	assert_int_equal(profile(e), 0x1B);
	t = next_track(e);
	assert_true(t.nwa > 1000);
	assert_int_equal(t.nwa % 16, 0);
	assert_int_equal(t.session, 2);
	int32_t s2 = (int32_t)t.nwa;
	write_run(e, s2, 40);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 2));
	assert_good(close_ts(e, 6, 0));         /* finalize */
	d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_int_equal(d.last_state, 3);
	assert_int_equal(d.sessions, 2);
	assert_sense(write_blocks(e, s2 + 48, 16, buf), 5, 0x21, 0x02);
	/* TOC: two tracks, session info points at the last session */
	uint8_t cdb[10] = { 0x43, 0, 1 }, b[64];
	put_be16(&cdb[7], sizeof(b));
	assert_good(run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b)));
	assert_int_equal(b[3], 2);
	assert_int_equal(get_be32(&b[8]), (uint32_t)s2);
	emu_close(e);
	assert_image(img, 0, 1000);
	assert_image(img, s2, 40);
}

static void test_dvdplusr_past_end(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "small.img");
	struct emu *e = open_emu("emu:dvd+r:size=64:%s", img);
	uint8_t buf[32 * 2048];
	write_run(e, 0, 48);
	fill_pattern(buf, 48, 32);
	assert_sense(write_blocks(e, 48, 32, buf), 5, 0x21, 0x00);
	write_run(e, 48, 16);
	assert_int_equal(next_track(e).free, 0);
	emu_close(e);
}

/* ---- DVD-R --------------------------------------------------------------- */

static void test_dvdr_dao(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "dvdr-dao.img");
	struct emu *e = open_emu("emu:dvd-r:%s", img);
	assert_sense(mode_select05(e, (struct wp){ .wt = 1, .tm = 5, .dbt = 8 }), 5, 0x26, 0x00);
	assert_good(mode_select05(e, (struct wp){ .wt = 2, .tm = 5, .dbt = 8 }));
	assert_good(reserve(e, 100));
	struct tinfo t = track_info(e, 1, 1);
	assert_true(t.rt);
	assert_int_equal(t.size, 112);          /* rounded to the 16-block ECC unit */
	write_run(e, 0, 112);
	assert_good(sync_cache(e));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);          /* DAO closes the disc itself */
	assert_int_equal(d.last, 1);
	assert_image(img, 0, 112);
	emu_close(e);
}

/* wodim -dao and cdrskin -sao reserve and write the image's own length; the
 * drive pads the last ECC block and closes the disc at SYNCHRONIZE CACHE. */
static void test_dvdr_dao_unpadded(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "dvdr-dao-unpadded.img");
	struct emu *e = open_emu("emu:dvd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 2, .tm = 5, .dbt = 8 }));
	assert_good(reserve(e, 1647));
	write_run(e, 0, 1647);
	assert_good(sync_cache(e));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_image(img, 0, 1647);
	emu_close(e);
}

/* growisofs refuses a sequential DVD-R or DVD-RW whose blank track claims
 * fixed packets ("track is formatted for fixed packet size"): FP is 0 there,
 * the packet/incremental bit is set. */
static void test_dvdr_track_variable_packets(void **state)
{
	static const char *const kinds[] = { "dvd-r", "dvd-rw" };
	for (size_t i = 0; i < 2; i++) {
		char img[300];
		path_of(img, sizeof(img), kinds[i]);
		struct emu *e = open_emu("emu:%s:%s.img", kinds[i], img);
		uint8_t cdb[10] = { 0x52, 0x01 }, b[36];
		put_be32(&cdb[2], 1);
		put_be16(&cdb[7], sizeof(b));
		assert_good(run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b)));
		assert_int_equal(b[6] & 0x30, 0x20);
		emu_close(e);
	}
}

static void test_dvdr_incremental_multisession(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "dvdr-inc.img");
	struct emu *e = open_emu("emu:dvd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 0, .ms = 3, .tm = 5, .dbt = 8 }));
	write_run(e, 0, 200);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 1));
	assert_good(close_ts(e, 2, 0));
	assert_int_equal(disc_info(e).status, 1);
	struct tinfo t = next_track(e);
	assert_int_equal(t.session, 2);
	assert_true(t.nwa > 208);
	emu_close(e);

	/* without Multi-session the close finalizes */
	e = open_emu("emu:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 0, .ms = 0, .tm = 5, .dbt = 8 }));
	t = next_track(e);
	write_run(e, (int32_t)t.nwa, 32);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, (uint16_t)t.track));
	assert_good(close_ts(e, 2, 0));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_int_equal(d.sessions, 2);
	emu_close(e);
	assert_image(img, 0, 200);
	assert_image(img, (int32_t)t.nwa, 32);
}

/* ---- CD-R ---------------------------------------------------------------- */

static void test_cdr_tao_msinfo(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "cdr-tao.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 3, .tm = 4, .dbt = 8 }));
	struct tinfo t = track_info(e, 1, 0xFF);
	assert_int_equal(t.nwa, 0);
	write_run(e, 0, 300);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 0xFF));
	assert_good(close_ts(e, 2, 0));
	emu_close(e);

	e = open_emu("emu:%s", img);
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 1);
	/* what cdrecord -msinfo prints: "0,11702" after a 300-block session */
	uint8_t cdb[10] = { 0x43, 0, 1 }, b[12];
	put_be16(&cdb[7], sizeof(b));
	assert_good(run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b)));
	assert_int_equal(get_be32(&b[8]), 0);
	t = track_info(e, 1, 0xFF);
	assert_int_equal(t.nwa, 11702);
	/* the first track ends with 2 run-out blocks: lead-out at 302 */
	uint8_t c0[10] = { 0x43, 0, 0 }, toc[64];
	put_be16(&c0[7], sizeof(toc));
	assert_good(run(e, c0, 10, SCSI_DIR_IN, toc, sizeof(toc)));
	assert_int_equal(toc[3], 1);
	assert_int_equal(toc[4 + 8 + 2], 0xAA);
	assert_int_equal(get_be32(&toc[4 + 8 + 4]), 302);

	/* second session, then the third starts lead-out + 6900 later */
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 3, .tm = 4, .dbt = 8 }));
	write_run(e, 11702, 300);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 0xFF));
	assert_good(close_ts(e, 2, 0));
	t = track_info(e, 1, 0xFF);
	assert_int_equal(t.nwa, 11702 + 302 + 6900);
	/* full TOC lists both sessions' A0/A1/A2 and tracks */
	uint8_t c2[10] = { 0x43, 0, 2 }, full[256];
	put_be16(&c2[7], sizeof(full));
	struct res r = run(e, c2, 10, SCSI_DIR_IN, full, sizeof(full));
	assert_good(r);
	assert_int_equal((get_be16(full) - 2) / 11, 8);
	assert_int_equal(full[3], 2);
	emu_close(e);
	assert_image(img, 0, 300);
	assert_image(img, 11702, 300);
}

/* Cue sheet for one mode 1 data track (MMC-6 6.33). */
static size_t cue_one_track(uint8_t *q, uint32_t blocks)
{
	uint8_t e[4][8] = {
		{ 0x41, 0x00, 0x00, 0x14, 0, 0, 0, 0 },         /* lead-in */
		{ 0x41, 0x01, 0x00, 0x10, 0, 0, 0, 0 },         /* pregap at 00:00:00 */
		{ 0x41, 0x01, 0x01, 0x10, 0, 0, 2, 0 },         /* index 1 at 00:02:00 */
		{ 0x41, 0xAA, 0x01, 0x14, 0, 0, 0, 0 },         /* lead-out */
	};
	uint32_t f = blocks + 150;
	e[3][5] = (uint8_t)(f / 4500);
	e[3][6] = (uint8_t)(f / 75 % 60);
	e[3][7] = (uint8_t)(f % 75);
	memcpy(q, e, sizeof(e));
	return sizeof(e);
}

static void test_cdr_sao(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "cdr-sao.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	uint8_t q[32], cdb[10] = { 0x5D }, buf[16 * 2048];
	size_t n = cue_one_track(q, 500);
	put_be24(&cdb[6], (uint32_t)n);
	/* a cue sheet needs write type SAO */
	assert_sense(run(e, cdb, 10, SCSI_DIR_OUT, q, (uint32_t)n), 5, 0x2C, 0x00);
	assert_good(mode_select05(e, (struct wp){ .wt = 2 }));
	/* a broken cue sheet is refused */
	uint8_t badq[32];
	memcpy(badq, q, n);
	badq[3 * 8 + 1] = 0x05;
	assert_sense(run(e, cdb, 10, SCSI_DIR_OUT, badq, (uint32_t)n), 5, 0x26, 0x00);
	assert_good(run(e, cdb, 10, SCSI_DIR_OUT, q, (uint32_t)n));
	/* the cue sheet laid the session out up to its lead-out: track 1 is
	 * reserved, and no invisible track is left for track number FFh.
	 * Real recorders answer 5/24/00 there too (PHILIPS DVD8631 and
	 * SDVD8441 in wodim -dao logs); wodim then writes from -150. */
	struct tinfo ti = track_info(e, 1, 1);
	assert_true(ti.rt);
	assert_int_equal(ti.start, 0);
	assert_int_equal(ti.size, 500);
	assert_sense(track_info_r(e, 1, 0xFF, &ti), 5, 0x24, 0x00);
	/* writing starts with the pregap at -150 */
	memset(buf, 0, sizeof(buf));
	assert_sense(write_blocks(e, 0, 16, buf), 5, 0x21, 0x02);
	for (int32_t lba = -150; lba < 0; lba += 15)
		assert_good(write_blocks(e, lba, 15, buf));
	write_run(e, 0, 500);
	assert_good(sync_cache(e));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	struct tinfo t = track_info(e, 1, 1);
	assert_int_equal(t.start, 0);
	assert_int_equal(t.size, 500);
	emu_close(e);
	assert_image(img, 0, 500);
}

static void test_cdr_test_write(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "cdr-dummy.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .test = true, .tm = 4, .dbt = 8 }));
	write_run(e, 0, 64);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 0xFF));
	assert_good(close_ts(e, 2, 0));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 0);          /* still blank */
	struct stat st;
	assert_int_equal(stat(img, &st), 0);
	assert_int_equal(st.st_size, 0);
	emu_close(e);
}

/* ---- BD-R ---------------------------------------------------------------- */

static void test_bdr(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "bdr.img");
	struct emu *e = open_emu("emu:bd-r:%s", img);
	assert_sense(mode_select05(e, (struct wp){ .test = true, .dbt = 8 }), 5, 0x26, 0x00);
	write_run(e, 0, 64);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 1));
	assert_good(close_ts(e, 2, 0));
	struct tinfo t = next_track(e);
	assert_int_equal(t.nwa % 32, 0);
	assert_true(t.nwa > 64);
	assert_sense(close_ts(e, 5, 0), 5, 0x24, 0x00);
	assert_good(close_ts(e, 6, 0));
	assert_int_equal(disc_info(e).status, 2);
	emu_close(e);
	assert_image(img, 0, 64);
}

/* READ FORMAT CAPACITIES: the current descriptor (blocks, type) and the
 * formattable ones as blocks/type/parameter triples; returns their count. */
static unsigned format_caps(struct emu *e, uint32_t *cur, uint8_t *cur_type, uint32_t f[][3],
			    unsigned max)
{
	uint8_t cdb[10] = { 0x23 }, b[4 + 8 * 32];
	put_be16(&cdb[7], sizeof(b));
	struct res r = run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b));
	assert_good(r);
	assert_int_equal(b[3] % 8, 0);
	assert_true(b[3] >= 8 && r.got == 4u + b[3]);
	*cur = get_be32(&b[4]);
	*cur_type = b[8] & 3;
	unsigned n = 0;
	for (unsigned off = 12; off < 4u + b[3] && n < max; off += 8, n++) {
		f[n][0] = get_be32(&b[off]);
		f[n][1] = b[off + 4] >> 2;
		f[n][2] = get_be24(&b[off + 5]);
	}
	return n;
}

static struct res format_unit(struct emu *e, uint8_t type, uint8_t subtype, uint32_t blocks,
			      bool immed)
{
	uint8_t cdb[6] = { 0x04, 0x11 }, p[12] = { 0, 0, 0, 8 };
	p[1] = immed ? 0x02 : 0;
	put_be32(&p[4], blocks);
	p[8] = (uint8_t)(type << 2 | subtype);
	return run(e, cdb, 6, SCSI_DIR_OUT, p, sizeof(p));
}

static struct res tur(struct emu *e);
static unsigned poll_busy(struct emu *e, uint8_t ascq);

/* A blank BD-R offers formats with spare areas (00h, 32h) in READ FORMAT
 * CAPACITIES and accepts FORMAT UNIT; it stays blank and sequential with the
 * capacity the spare areas leave (growisofs formats every blank BD-R so). */
static void test_bdr_format(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "bdr-fmt.img");
	struct emu *e = open_emu("emu:bd-r:%s", img);
	uint32_t cur, f[8][3];
	uint8_t ct;
	unsigned n = format_caps(e, &cur, &ct, f, 8);
	assert_int_equal(cur, 12219392);
	assert_int_equal(ct, 1);                /* unformatted: the maximum */
	assert_true(n >= 2);
	/* 00h first, the default spare: ISA0 4096 + OSA 8192 clusters */
	assert_int_equal(f[0][1], 0x00);
	assert_int_equal(f[0][0], 12219392 - 12288 * 32);
	assert_int_equal(f[0][2], 12288);
	bool min_spare = false;
	for (unsigned i = 1; i < n; i++) {
		assert_int_equal(f[i][1], 0x32);
		assert_int_equal(f[i][0], 12219392 - f[i][2] * 32);
		min_spare |= f[i][2] == 4096;
	}
	assert_true(min_spare);
	/* GET CONFIGURATION: Formattable is current on the blank BD-R */
	uint8_t gc[10] = { 0x46, 0x02, 0x00, 0x23 }, fb[16];
	put_be16(&gc[7], sizeof(fb));
	assert_good(run(e, gc, 10, SCSI_DIR_IN, fb, sizeof(fb)));
	assert_int_equal(get_be16(&fb[8]), 0x0023);
	assert_int_equal(fb[10] & 1, 1);

	/* sizes the drive cannot make, and a subtype BD-R does not have */
	assert_sense(format_unit(e, 0x32, 0, 12088320 + 1, false), 5, 0x26, 0x00);
	assert_sense(format_unit(e, 0x32, 0, 12219392 - 32, false), 5, 0x26, 0x00);
	assert_sense(format_unit(e, 0x32, 2, 12088320, false), 5, 0x26, 0x00);
	assert_sense(format_unit(e, 0x30, 0, 12088320, false), 5, 0x26, 0x00);
	assert_int_equal(format_caps(e, &cur, &ct, f, 8), n);
	assert_int_equal(ct, 1);

	/* 32h with the smallest spare (SRM+POW), IMMED: format in progress */
	assert_good(format_unit(e, 0x32, 0, 12088320, true));
	assert_sense(tur(e), 2, 0x04, 0x04);
	poll_busy(e, 0x04);
	assert_good(tur(e));
	format_caps(e, &cur, &ct, f, 8);
	assert_int_equal(cur, 12088320);
	assert_int_equal(ct, 2);                /* formatted */
	assert_int_equal(profile(e), 0x41);     /* still sequential recording */
	assert_int_equal(disc_info(e).status, 0);
	struct tinfo t = next_track(e);
	assert_int_equal(t.nwa, 0);
	assert_int_equal(t.free, 12088320);
	emu_close(e);

	/* the format is in the state file; once written, no more formats */
	e = open_emu("emu:%s", img);
	assert_int_equal(next_track(e).free, 12088320);
	write_run(e, 0, 64);
	assert_int_equal(format_caps(e, &cur, &ct, f, 8), 0);
	assert_int_equal(ct, 2);
	assert_sense(format_unit(e, 0x00, 0, 0, false), 5, 0x26, 0x00);
	assert_good(run(e, gc, 10, SCSI_DIR_IN, fb, sizeof(fb)));
	assert_true(get_be32(fb) < 8 || get_be16(&fb[8]) != 0x0023 || !(fb[10] & 1));
	emu_close(e);
	assert_image(img, 0, 64);

	/* type 00h: the default spare, whatever Number of Blocks says */
	path_of(img, sizeof(img), "bdr-fmt00.img");
	e = open_emu("emu:bd-r:%s", img);
	assert_good(format_unit(e, 0x00, 1, 0xFFFFFFFF, false));
	assert_good(tur(e));
	assert_int_equal(next_track(e).free, 11826176);
	emu_close(e);
}

static struct res disc_structure(struct emu *e, uint8_t media, uint8_t fmt, uint8_t *b,
				 uint16_t len)
{
	uint8_t cdb[12] = { 0xAD, media };
	cdb[7] = fmt;
	put_be16(&cdb[8], len);
	return run(e, cdb, 12, SCSI_DIR_IN, b, len);
}

/* Whether the READ DISC STRUCTURE FFh list names format fmt. */
static bool lists_structure(struct emu *e, uint8_t media, uint8_t fmt)
{
	uint8_t b[64];
	struct res r = disc_structure(e, media, 0xFF, b, sizeof(b));
	assert_good(r);
	assert_int_equal(get_be16(b) + 2, r.got);
	for (unsigned i = 4; i + 4 <= r.got; i += 4)
		if (b[i] == fmt && (b[i + 1] & 0x40))
			return true;
	return false;
}

/* READ DISC STRUCTURE tells each DVD's own book type and carries the media
 * identity where recordable media keep it: DVD-R/-RW pre-pit lead-in (0Eh),
 * DVD+R/+RW ADIP (11h, repeated in the PFI), BD disc information. */
static void test_disc_structures(void **state)
{
	static const struct { const char *kind; uint8_t book; } dvds[] = {
		{ "dvd-r", 0x2 }, { "dvd-rw", 0x3 }, { "dvd+rw", 0x9 }, { "dvd+r", 0xA },
		{ "dvd+r-dl", 0xE },
	};
	uint8_t b[4 + 4096];
	char img[300];
	for (size_t i = 0; i < sizeof(dvds) / sizeof(dvds[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "ds-%s.img", dvds[i].kind);
		path_of(img, sizeof(img), name);
		struct emu *e = open_emu("emu:%s:%s", dvds[i].kind, img);
		bool plus = dvds[i].kind[3] == '+';
		struct res r = disc_structure(e, 0, 0x00, b, sizeof(b));
		assert_good(r);
		assert_int_equal(r.got, 4 + 2048);
		assert_int_equal(b[4] >> 4, dvds[i].book);
		assert_true(lists_structure(e, 0, 0x00));
		assert_int_equal(lists_structure(e, 0, 0x11), plus);
		assert_int_equal(lists_structure(e, 0, 0x0E), !plus);
		if (plus) {
			assert_memory_equal(&b[4 + 19], "DSCBRN\0\0EMU", 11);
			r = disc_structure(e, 0, 0x11, b, sizeof(b));
			assert_good(r);
			assert_int_equal(r.got, 4 + 256);
			assert_int_equal(b[4] >> 4, dvds[i].book);
			assert_memory_equal(&b[4 + 19], "DSCBRN\0\0EMU", 11);
			assert_sense(disc_structure(e, 0, 0x0E, b, sizeof(b)), 5, 0x24, 0x00);
		} else {
			r = disc_structure(e, 0, 0x0E, b, sizeof(b));
			assert_good(r);
			assert_int_equal(r.got, 4 + 40);
			assert_int_equal(b[4 + 16], 3);
			assert_int_equal(b[4 + 24], 4);
			assert_memory_equal(&b[4 + 17], "DSCBRN", 6);
			assert_memory_equal(&b[4 + 25], "EMU-01", 6);
			assert_sense(disc_structure(e, 0, 0x11, b, sizeof(b)), 5, 0x24, 0x00);
		}
		/* BD structures on a DVD: incompatible format */
		assert_sense(disc_structure(e, 1, 0x00, b, sizeof(b)), 5, 0x30, 0x02);
		emu_close(e);
	}
	path_of(img, sizeof(img), "ds-bd-r.img");
	struct emu *e = open_emu("emu:bd-r:%s", img);
	assert_sense(disc_structure(e, 0, 0x00, b, sizeof(b)), 5, 0x30, 0x02);
	struct res r = disc_structure(e, 1, 0x00, b, sizeof(b));
	assert_good(r);
	assert_int_equal(get_be16(b) + 2, r.got);
	assert_memory_equal(&b[4], "DI", 2);
	assert_memory_equal(&b[4 + 8], "BDR", 3);
	assert_memory_equal(&b[4 + 100], "DSCBRNEMU", 9);
	assert_true(lists_structure(e, 1, 0x00));
	emu_close(e);
	path_of(img, sizeof(img), "ds-cd-r.img");
	e = open_emu("emu:cd-r:%s", img);
	assert_sense(disc_structure(e, 0, 0x00, b, sizeof(b)), 5, 0x30, 0x02);
	emu_close(e);
}

/* ---- rewritable media: BLANK and FORMAT UNIT ----------------------------- */

static struct res request_sense(struct emu *e, uint8_t *s18)
{
	uint8_t cdb[6] = { 0x03, 0, 0, 0, 18 };
	return run(e, cdb, 6, SCSI_DIR_IN, s18, 18);
}

static struct res tur(struct emu *e)
{
	uint8_t cdb[6] = { 0x00 };
	return run(e, cdb, 6, SCSI_DIR_NONE, NULL, 0);
}

/* Poll like a burner: REQUEST SENSE until the drive is ready; returns how
 * many polls showed progress, asserting the progress never goes back. */
static unsigned poll_busy(struct emu *e, uint8_t ascq)
{
	unsigned shown = 0, last = 0;
	for (int i = 0; i < 100000; i++) {
		uint8_t s[18];
		assert_good(request_sense(e, s));
		if ((s[2] & 0x0f) == 0)
			return shown;
		assert_int_equal(s[2] & 0x0f, 2);
		assert_int_equal(s[12], 0x04);
		assert_int_equal(s[13], ascq);
		assert_true(s[15] & 0x80);
		unsigned p = get_be16(&s[16]);
		assert_true(p >= last);
		last = p;
		shown++;
	}
	fail_msg("the drive never became ready");
	return 0;
}

static void test_cdrw_blank(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "cdrw.img");
	struct emu *e = open_emu("emu:cd-rw:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 0, .tm = 4, .dbt = 8 }));
	write_run(e, 0, 300);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 0xFF));
	assert_good(close_ts(e, 2, 0));
	assert_int_equal(disc_info(e).status, 2);
	/* minimal blank with IMMED: busy, progress visible, then blank */
	uint8_t cdb[12] = { 0xA1, 0x10 | 0x01 };
	assert_good(run(e, cdb, 12, SCSI_DIR_NONE, NULL, 0));
	struct res r = tur(e);
	assert_sense(r, 2, 0x04, 0x07);
	assert_true(poll_busy(e, 0x07) >= 2);
	assert_good(tur(e));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 0);
	assert_int_equal(next_track(e).nwa, 0);
	/* blank on write-once media is refused */
	emu_close(e);
	path_of(img, sizeof(img), "cdr-noblank.img");
	e = open_emu("emu:cd-r:%s", img);
	assert_sense(run(e, cdb, 12, SCSI_DIR_NONE, NULL, 0), 5, 0x30, 0x05);
	emu_close(e);
}

static void test_dvdrw_blank_track_and_session(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "dvdrw.img");
	struct emu *e = open_emu("emu:dvd-rw:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 0, .ms = 3, .tm = 5, .dbt = 8 }));
	write_run(e, 0, 64);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 1));
	assert_good(close_ts(e, 2, 0));
	struct tinfo t = next_track(e);
	write_run(e, (int32_t)t.nwa, 32);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, (uint16_t)t.track));
	/* BLANK type 2: the last track of the open session goes away */
	uint8_t cdb[12] = { 0xA1, 0x02 };
	put_be32(&cdb[2], t.track);
	assert_good(run(e, cdb, 12, SCSI_DIR_NONE, NULL, 0));
	struct tinfo t2 = next_track(e);
	assert_int_equal(t2.nwa, t.nwa);
	assert_true(t2.blank);
	/* BLANK type 6: erase the last (closed) session: back to blank */
	uint8_t c6[12] = { 0xA1, 0x06 };
	assert_good(run(e, c6, 12, SCSI_DIR_NONE, NULL, 0));
	assert_int_equal(disc_info(e).status, 0);
	emu_close(e);
}

static void test_dvdrw_format_ro(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "dvdrw-ro.img");
	struct emu *e = open_emu("emu:dvd-rw:%s", img);
	uint8_t cdb[6] = { 0x04, 0x11 }, p[12] = { 0, 0x02, 0, 8 };
	put_be32(&p[4], 2295104);
	p[8] = 0x15 << 2;                       /* quick format to restricted overwrite */
	assert_good(run(e, cdb, 6, SCSI_DIR_OUT, p, sizeof(p)));
	poll_busy(e, 0x04);
	assert_int_equal(profile(e), 0x13);
	uint8_t buf[16 * 2048];
	fill_pattern(buf, 8, 16);
	assert_sense(write_blocks(e, 8, 16, buf), 5, 0x21, 0x02);   /* not ECC aligned */
	write_run(e, 32, 32);
	write_run(e, 0, 16);                    /* random access */
	assert_image(img, 32, 32);
	/* BLANK brings it back to sequential recording */
	uint8_t bl[12] = { 0xA1, 0x00 };
	assert_good(run(e, bl, 12, SCSI_DIR_NONE, NULL, 0));
	assert_int_equal(profile(e), 0x14);
	assert_int_equal(disc_info(e).status, 0);
	emu_close(e);
}

static void test_dvdplusrw_and_bdre(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "dvdprw.img");
	struct emu *e = open_emu("emu:dvd+rw:%s", img);
	uint8_t buf[16 * 2048];
	fill_pattern(buf, 0, 16);
	assert_sense(write_blocks(e, 0, 16, buf), 2, 0x30, 0x10);  /* not formatted */
	uint8_t cdb[6] = { 0x04, 0x11 }, p[12] = { 0, 0x02, 0, 8 };
	put_be32(&p[4], 0xFFFFFFFF);
	p[8] = 0x26 << 2;
	assert_good(run(e, cdb, 6, SCSI_DIR_OUT, p, sizeof(p)));
	assert_good(tur(e));                    /* background format: ready at once */
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_int_equal(d.raw[7] & 3, 3);
	write_run(e, 1000, 16);
	write_run(e, 0, 32);
	fill_pattern(buf, 2295104 - 8, 16);
	assert_sense(write_blocks(e, 2295104 - 8, 16, buf), 5, 0x21, 0x00);
	assert_good(read_blocks(e, 2000, 1, buf));  /* formatted: all readable */
	assert_good(close_ts(e, 2, 0));
	emu_close(e);
	assert_image(img, 1000, 16);
	assert_image(img, 0, 32);

	path_of(img, sizeof(img), "bdre.img");
	e = open_emu("emu:bd-re:%s", img);
	p[8] = 0x30 << 2;
	put_be32(&p[4], 12219392);
	assert_good(run(e, cdb, 6, SCSI_DIR_OUT, p, sizeof(p)));
	poll_busy(e, 0x04);
	write_run(e, 4096, 32);
	/* READ CAPACITY: the whole formatted area */
	uint8_t rc[10] = { 0x25 }, cap[8];
	assert_good(run(e, rc, 10, SCSI_DIR_IN, cap, 8));
	assert_int_equal(get_be32(cap), 12219392 - 1);
	assert_int_equal(get_be32(&cap[4]), 2048);
	/* a write-once format type is refused */
	p[8] = 0x26 << 2;
	assert_sense(run(e, cdb, 6, SCSI_DIR_OUT, p, sizeof(p)), 5, 0x26, 0x00);
	emu_close(e);
	assert_image(img, 4096, 32);
}

/* ---- tray, events, mode pages, speeds ------------------------------------ */

static void test_tray_and_events(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "tray.img");
	struct emu *e = open_emu("emu:dvd+r:removed:%s", img);
	assert_sense(tur(e), 2, 0x3A, 0x01);    /* no medium, tray closed */
	assert_int_equal(profile(e), 0);
	uint8_t ge[10] = { 0x4A, 0x01, 0, 0, 0x10 }, ev[8];
	put_be16(&ge[7], 8);
	/* load: new media event, then a unit attention */
	uint8_t load[6] = { 0x1B, 0, 0, 0, 0x03 }, eject[6] = { 0x1B, 0, 0, 0, 0x02 };
	assert_good(run(e, load, 6, SCSI_DIR_NONE, NULL, 0));
	assert_good(run(e, ge, 10, SCSI_DIR_IN, ev, 8));
	assert_int_equal(ev[2] & 7, 4);
	assert_int_equal(ev[4] & 0x0f, 2);
	assert_int_equal(ev[5] & 2, 2);
	assert_sense(tur(e), 6, 0x28, 0x00);
	assert_good(tur(e));
	assert_good(run(e, ge, 10, SCSI_DIR_IN, ev, 8));
	assert_int_equal(ev[4] & 0x0f, 0);      /* reported once */
	/* eject refused while prevented */
	uint8_t prevent[6] = { 0x1E, 0, 0, 0, 1 }, allow[6] = { 0x1E };
	assert_good(run(e, prevent, 6, SCSI_DIR_NONE, NULL, 0));
	assert_sense(run(e, eject, 6, SCSI_DIR_NONE, NULL, 0), 5, 0x53, 0x02);
	assert_good(run(e, allow, 6, SCSI_DIR_NONE, NULL, 0));
	assert_good(run(e, eject, 6, SCSI_DIR_NONE, NULL, 0));
	assert_good(run(e, ge, 10, SCSI_DIR_IN, ev, 8));
	assert_int_equal(ev[4] & 0x0f, 3);
	assert_int_equal(ev[5] & 2, 0);
	assert_sense(tur(e), 2, 0x3A, 0x02);    /* no medium, tray open */
	/* asynchronous event notification is not offered */
	uint8_t async[10] = { 0x4A, 0x00, 0, 0, 0x10 };
	put_be16(&async[7], 8);
	assert_sense(run(e, async, 10, SCSI_DIR_IN, ev, 8), 5, 0x24, 0x00);
	emu_close(e);
	/* the tray stays open across runs, as a real drive's does, until loaded */
	e = open_emu("emu:%s", img);
	assert_sense(tur(e), 2, 0x3A, 0x02);
	assert_good(run(e, load, 6, SCSI_DIR_NONE, NULL, 0));
	assert_sense(tur(e), 6, 0x28, 0x00);
	assert_good(tur(e));
	emu_close(e);
	e = open_emu("emu:%s", img);
	assert_good(tur(e));
	emu_close(e);
}

static void test_mode_pages_and_speeds(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "pages.img");
	struct emu *e = open_emu("emu:cd-r:buffer=1024:%s", img);
	uint8_t cdb[10] = { 0x5A, 0x08, 0x2A }, b[256];
	put_be16(&cdb[7], sizeof(b));
	struct res r = run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b));
	assert_good(r);
	assert_int_equal(get_be16(b) + 2, r.got);
	const uint8_t *p = &b[8];
	assert_int_equal(p[0] & 0x3f, 0x2A);
	assert_int_equal(get_be16(&p[12]), 1024);       /* buffer size in KB */
	assert_true(p[4] & 0x80);                       /* BUF */
	unsigned ns = get_be16(&p[30]);
	assert_true(ns >= 4);
	assert_int_equal(get_be16(&p[32 + 2]), 48 * 176);
	/* page 05 defaults to TAO for CD */
	cdb[2] = 0x05;
	assert_good(run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b)));
	assert_int_equal(b[8] & 0x3f, 5);
	assert_int_equal(b[8 + 2] & 0x0f, 1);
	/* saved values are not supported */
	cdb[2] = 0xC5;
	assert_sense(run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b)), 5, 0x39, 0x00);
	/* GET PERFORMANCE type 3 lists the same speeds */
	uint8_t gp[12] = { 0xAC };
	put_be16(&gp[8], 16);
	gp[10] = 0x03;
	r = run(e, gp, 12, SCSI_DIR_IN, b, 8 + 16 * 16);
	assert_good(r);
	assert_int_equal((get_be32(b) - 4) / 16, ns);
	assert_int_equal(get_be32(&b[8 + 12]), 48 * 176);
	assert_int_equal(get_be32(&b[8 + 4]), 359849);
	/* invalid mode page values: write type 5, block type 3 */
	assert_sense(mode_select05(e, (struct wp){ .wt = 5, .dbt = 8 }), 5, 0x26, 0x00);
	assert_sense(mode_select05(e, (struct wp){ .wt = 1, .dbt = 3 }), 5, 0x26, 0x00);
	assert_sense(mode_select05(e, (struct wp){ .wt = 1, .ms = 2, .dbt = 8 }), 5, 0x26, 0x00);
	emu_close(e);
}

/* MODE SELECT page 05 on CD takes every write type / data block type pair
 * MMC allows, as the burners' write mode probes expect (wodim RAW/R16,
 * R96P, R96R; libburn's TAO audio), and refuses the others; a WRITE in a
 * mode the emulator does not model gets 5/64/00, not garbage on disc. */
static void test_cd_write_mode_probes(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "probes.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	uint8_t buf[16 * 2048];
	fill_pattern(buf, 0, 16);
	/* libburn: TAO with raw 2352-byte blocks (audio), SAO likewise */
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .bufe = true, .tm = 0, .dbt = 0 }));
	assert_sense(write_blocks(e, 0, 16, buf), 5, 0x64, 0x00);
	assert_good(mode_select05(e, (struct wp){ .wt = 2, .bufe = true, .tm = 0, .dbt = 0 }));
	/* wodim: RAW with P-Q 16, packed P-W 96, raw P-W 96 */
	for (uint8_t dbt = 1; dbt <= 3; dbt++)
		assert_good(mode_select05(e, (struct wp){ .wt = 3, .tm = 4, .dbt = dbt }));
	assert_sense(write_blocks(e, 0, 16, buf), 5, 0x64, 0x00);
	/* invalid pairs: RAW without subchannel, TAO with it, reserved and
	 * vendor-specific block types */
	assert_sense(mode_select05(e, (struct wp){ .wt = 3, .tm = 4, .dbt = 8 }), 5, 0x26, 0x00);
	assert_sense(mode_select05(e, (struct wp){ .wt = 3, .tm = 4, .dbt = 0 }), 5, 0x26, 0x00);
	assert_sense(mode_select05(e, (struct wp){ .wt = 1, .tm = 4, .dbt = 2 }), 5, 0x26, 0x00);
	assert_sense(mode_select05(e, (struct wp){ .wt = 1, .tm = 4, .dbt = 5 }), 5, 0x26, 0x00);
	assert_sense(mode_select05(e, (struct wp){ .wt = 2, .tm = 4, .dbt = 7 }), 5, 0x26, 0x00);
	assert_sense(mode_select05(e, (struct wp){ .wt = 1, .tm = 4, .dbt = 15 }), 5, 0x26, 0x00);
	/* mode 2 form 1 TAO is a 2048-byte data track: written */
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .tm = 4, .dbt = 10 }));
	write_run(e, 0, 16);
	emu_close(e);
	assert_image(img, 0, 16);
}

static struct res mode_sense(struct emu *e, uint8_t pc_page, uint8_t *b, uint16_t len)
{
	uint8_t cdb[10] = { 0x5A, 0x08, pc_page };
	put_be16(&cdb[7], len);
	return run(e, cdb, 10, SCSI_DIR_IN, b, len);
}

static struct res mode_select01(struct emu *e, const uint8_t *page, uint8_t plen)
{
	uint8_t b[8 + 12] = { 0 }, cdb[10] = { 0x55, 0x10 };
	memcpy(&b[8], page, plen);
	put_be16(&cdb[7], (uint16_t)(8 + plen));
	return run(e, cdb, 10, SCSI_DIR_OUT, b, 8u + plen);
}

/* Mode page 01h (read/write error recovery, MMC-5 7.3) is answered with its
 * current, changeable and default values and keeps what MODE SELECT sets;
 * page 2Ah reports the current read speed (SET CD SPEED's read speed). */
static void test_mode_page01_and_read_speed(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "page01.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	uint8_t b[256], p01[12];
	struct res r = mode_sense(e, 0x01, b, sizeof(b));
	assert_good(r);
	assert_int_equal(r.got, 8 + 12);
	assert_int_equal(get_be16(b) + 2, r.got);
	assert_int_equal(b[8] & 0x3f, 0x01);
	assert_int_equal(b[9], 0x0A);
	assert_int_equal(b[8 + 3], 32);         /* read retry count */
	memcpy(p01, &b[8], 12);
	/* changeable: the recovery bits and both retry counts */
	assert_good(mode_sense(e, 0x40 | 0x01, b, sizeof(b)));
	assert_int_equal(b[8 + 2], 0xF7);
	assert_int_equal(b[8 + 3], 0xFF);
	assert_int_equal(b[8 + 8], 0xFF);
	assert_int_equal(b[8 + 10], 0);
	/* MODE SELECT keeps a changeable field, refuses a fixed one */
	p01[3] = 5;
	p01[2] = 0x04;                          /* PER */
	assert_good(mode_select01(e, p01, 12));
	p01[10] = 1;                            /* recovery time limit: fixed */
	assert_sense(mode_select01(e, p01, 12), 5, 0x26, 0x00);
	assert_good(mode_sense(e, 0x01, b, sizeof(b)));
	assert_int_equal(b[8 + 3], 5);
	assert_int_equal(b[8 + 2], 0x04);
	assert_int_equal(b[8 + 10], 0);
	/* defaults stay the drive's */
	assert_good(mode_sense(e, 0x80 | 0x01, b, sizeof(b)));
	assert_int_equal(b[8 + 3], 32);
	/* all pages: 01h, 05h, 2Ah in ascending order */
	r = mode_sense(e, 0x3F, b, sizeof(b));
	assert_good(r);
	assert_int_equal(b[8] & 0x3f, 0x01);
	size_t off = 8 + 2 + b[9];
	assert_int_equal(b[off] & 0x3f, 0x05);
	off += 2u + b[off + 1];
	assert_int_equal(b[off] & 0x3f, 0x2A);
	/* page 2Ah: current read speed, within the maximum */
	assert_good(mode_sense(e, 0x2A, b, sizeof(b)));
	assert_int_equal(get_be16(&b[8 + 8]), 48 * 176);
	assert_int_equal(get_be16(&b[8 + 14]), 48 * 176);
	uint8_t sp[12] = { 0xBB };
	put_be16(&sp[2], 1408);
	put_be16(&sp[4], 0xFFFF);
	assert_good(run(e, sp, 12, SCSI_DIR_NONE, NULL, 0));
	assert_good(mode_sense(e, 0x2A, b, sizeof(b)));
	assert_int_equal(get_be16(&b[8 + 14]), 1408);
	put_be16(&sp[2], 0xFFFF);
	assert_good(run(e, sp, 12, SCSI_DIR_NONE, NULL, 0));
	assert_good(mode_sense(e, 0x2A, b, sizeof(b)));
	assert_int_equal(get_be16(&b[8 + 14]), 48 * 176);
	emu_close(e);
}

/* ---- faults ----------------------------------------------------------------- */

static void test_faults_write(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "faults.img");
	struct emu *e = open_emu("emu:dvd+r:fault=lwip@2:fault=medium-error@40:"
				 "fault=timeout@16:fault=opc-fail:%s", img);
	uint8_t buf[16 * 2048];
	fill_pattern(buf, 0, 16);
	uint8_t opc[10] = { 0x54, 0x01 };
	assert_sense(run(e, opc, 10, SCSI_DIR_NONE, NULL, 0), 3, 0x73, 0x03);
	assert_good(run(e, opc, 10, SCSI_DIR_NONE, NULL, 0));
	assert_sense(write_blocks(e, 0, 16, buf), 2, 0x04, 0x08);
	assert_sense(write_blocks(e, 0, 16, buf), 2, 0x04, 0x08);
	assert_good(write_blocks(e, 0, 16, buf));
	/* the timeout: nothing written, the retry succeeds */
	fill_pattern(buf, 16, 16);
	assert_int_equal(write_blocks(e, 16, 16, buf).rc, -ETIMEDOUT);
	assert_int_equal(next_track(e).nwa, 16);
	assert_good(write_blocks(e, 16, 16, buf));
	fill_pattern(buf, 32, 16);
	assert_sense(write_blocks(e, 32, 16, buf), 3, 0x0C, 0x00);
	emu_close(e);
}

static void test_faults_misc(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "faults2.img");
	struct emu *e = open_emu("emu:dvd+r:fault=unit-attention:fault=not-ready@2:"
				 "fault=corrupt@5:fault=read-error@7:fault=vanish@64:"
				 "fault=short@51:fault=garble@52:%s", img);
	uint8_t inq[6] = { 0x12, 0, 0, 0, 36 }, b[64];
	assert_good(run(e, inq, 6, SCSI_DIR_IN, b, 36));   /* INQUIRY is always answered */
	assert_sense(tur(e), 6, 0x28, 0x00);
	assert_sense(tur(e), 2, 0x04, 0x01);
	assert_sense(tur(e), 2, 0x04, 0x01);
	assert_good(tur(e));
	/* short: READ DISC INFORMATION sends half, with resid */
	uint8_t di[10] = { 0x51 };
	put_be16(&di[7], 34);
	struct res r = run(e, di, 10, SCSI_DIR_IN, b, 34);
	assert_good(r);
	assert_int_equal(r.got, 17);
	/* garble: READ TRACK INFORMATION claims more than it sent */
	uint8_t ti[10] = { 0x52, 1, 0, 0, 0, 1 };
	put_be16(&ti[7], 48);
	r = run(e, ti, 10, SCSI_DIR_IN, b, 48);
	assert_good(r);
	assert_true(get_be16(b) + 2u > r.got);
	/* corrupt: the write succeeds, the disc differs in sector 5 */
	write_run(e, 0, 16);
	uint8_t got[2048], want[2048];
	assert_good(read_blocks(e, 5, 1, got));
	fill_pattern(want, 5, 1);
	assert_memory_not_equal(got, want, 2048);
	assert_good(read_blocks(e, 6, 1, got));
	fill_pattern(want, 6, 1);
	assert_memory_equal(got, want, 2048);
	assert_sense(read_blocks(e, 7, 1, got), 3, 0x11, 0x00);
	/* vanish: the WRITE reaching LBA 64 and everything after fails -ENODEV */
	write_run(e, 16, 48);
	uint8_t buf[16 * 2048];
	fill_pattern(buf, 64, 16);
	assert_int_equal(write_blocks(e, 64, 16, buf).rc, -ENODEV);
	assert_int_equal(tur(e).rc, -ENODEV);
	emu_close(e);
}

static void test_bad_specs(void **state)
{
	char img[300], spec[400], why[256];
	struct emu *e;
	path_of(img, sizeof(img), "nope.img");
	snprintf(spec, sizeof(spec), "emu:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "emu:dvd+r:"));
	snprintf(spec, sizeof(spec), "emu:dvd+r:fault=bogus@1:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -EINVAL);
	snprintf(spec, sizeof(spec), "emu:dvd+r:speed=fast:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "speed"));
}

/* ---- the drive buffer --------------------------------------------------------- */

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void test_underrun(void **state)
{
	char img[300];
	uint8_t buf[16 * 2048];
	/* 64 KB buffer at CD 1x (176 kB/s) drains in about 0.4 s */
	path_of(img, sizeof(img), "underrun.img");
	struct emu *e = open_emu("emu:cd-r:speed=1:buffer=64:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .tm = 4, .dbt = 8 }));
	fill_pattern(buf, 0, 16);
	assert_good(write_blocks(e, 0, 16, buf));
	/* READ BUFFER CAPACITY shows data in the buffer */
	uint8_t rb[10] = { 0x5C }, cap[12];
	put_be16(&rb[7], 12);
	assert_good(run(e, rb, 10, SCSI_DIR_IN, cap, 12));
	assert_int_equal(get_be32(&cap[4]), 64 * 1024);
	assert_true(get_be32(&cap[8]) < 64 * 1024);
	sleep_ms(700);
	fill_pattern(buf, 16, 16);
	assert_sense(write_blocks(e, 16, 16, buf), 3, 0x0C, 0x09);
	struct tinfo t = track_info(e, 1, 1);
	assert_true(t.damage);
	emu_close(e);
	char st[320];
	snprintf(st, sizeof(st), "%s.state", img);
	assert_true(file_contains(st, "underruns=1"));

	/* with BURN-Free the drive counts it and goes on */
	path_of(img, sizeof(img), "burnfree.img");
	e = open_emu("emu:cd-r:speed=1:buffer=64:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .bufe = true, .tm = 4, .dbt = 8 }));
	fill_pattern(buf, 0, 16);
	assert_good(write_blocks(e, 0, 16, buf));
	sleep_ms(700);
	fill_pattern(buf, 16, 16);
	assert_good(write_blocks(e, 16, 16, buf));
	emu_close(e);
	snprintf(st, sizeof(st), "%s.state", img);
	assert_true(file_contains(st, "burnfree_count=1"));
	assert_image(img, 0, 32);

	/* a drive without BURN-Free ignores BUFE */
	path_of(img, sizeof(img), "noburnfree.img");
	e = open_emu("emu:cd-r:speed=1:buffer=64:no-burnfree:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .bufe = true, .tm = 4, .dbt = 8 }));
	fill_pattern(buf, 0, 16);
	assert_good(write_blocks(e, 0, 16, buf));
	sleep_ms(700);
	fill_pattern(buf, 16, 16);
	assert_sense(write_blocks(e, 16, 16, buf), 3, 0x0C, 0x09);
	emu_close(e);
}

/* ---- a hard disk ------------------------------------------------------------- */

static void test_hard_disk(void **state)
{
	char img[300], st[320];
	path_of(img, sizeof(img), "disk.img");
	int fd = open(img, O_CREAT | O_RDWR, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1024 * 2048), 0);
	close(fd);
	struct emu *e = open_emu("emu:type=0:%s", img);
	uint8_t inq[6] = { 0x12, 0, 0, 0, 36 }, b[36];
	assert_good(run(e, inq, 6, SCSI_DIR_IN, b, 36));
	assert_int_equal(b[0] & 0x1f, 0);
	assert_int_equal(b[1] & 0x80, 0);
	uint8_t gc[10] = { 0x46 };
	put_be16(&gc[7], 8);
	assert_sense(run(e, gc, 10, SCSI_DIR_IN, b, 8), 5, 0x20, 0x00);
	write_run(e, 500, 16);                  /* a disk writes anywhere */
	emu_close(e);
	assert_image(img, 500, 16);
	snprintf(st, sizeof(st), "%s.state", img);
	assert_int_equal(access(st, F_OK), -1);
}

/* ---- DVD-R DL, DVD+RW DL, DVD-RAM -------------------------------------------- */

static struct res feature_r(struct emu *e, uint16_t code, bool *listed, bool *current)
{
	uint8_t cdb[10] = { 0x46, 0x02 }, b[64];
	put_be16(&cdb[2], code);
	put_be16(&cdb[7], sizeof(b));
	struct res r = run(e, cdb, 10, SCSI_DIR_IN, b, sizeof(b));
	*listed = r.status == 0 && get_be32(b) >= 8 && get_be16(&b[8]) == code;
	*current = *listed && (b[10] & 1);
	return r;
}

static bool feature_current(struct emu *e, uint16_t code)
{
	bool listed, current;
	assert_good(feature_r(e, code, &listed, &current));
	return current;
}

/* DVD-R DL in sequential recording behaves as DVD-R: page 05, DAO by
 * RESERVE TRACK closed at SYNCHRONIZE CACHE, incremental sessions, test
 * write; twice the capacity; its PFI says two layers, opposite track path. */
static void test_dvdr_dl(void **state)
{
	char img[300];
	uint8_t b[4 + 2048];
	path_of(img, sizeof(img), "dvdrdl-dao.img");
	struct emu *e = open_emu("emu:dvd-r-dl:%s", img);
	assert_int_equal(profile(e), 0x0015);
	assert_int_equal(next_track(e).free, 4171712);
	assert_true(feature_current(e, 0x002F));
	assert_true(feature_current(e, 0x0021));
	struct res r = disc_structure(e, 0, 0x00, b, sizeof(b));
	assert_good(r);
	assert_int_equal(b[4] >> 4, 0x2);
	assert_int_equal(b[4 + 2], 0x32);
	assert_true(lists_structure(e, 0, 0x0E));
	assert_good(mode_select05(e, (struct wp){ .wt = 2, .tm = 5, .dbt = 8 }));
	assert_good(reserve(e, 1647));
	write_run(e, 0, 1647);
	assert_good(sync_cache(e));
	assert_int_equal(disc_info(e).status, 2);
	emu_close(e);
	assert_image(img, 0, 1647);

	path_of(img, sizeof(img), "dvdrdl-inc.img");
	e = open_emu("emu:dvd-r-dl:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 0, .test = true, .ms = 3, .tm = 5, .dbt = 8 }));
	write_run(e, 0, 32);
	assert_good(sync_cache(e));
	assert_int_equal(disc_info(e).status, 0);       /* simulated */
	assert_good(mode_select05(e, (struct wp){ .wt = 0, .ms = 3, .tm = 5, .dbt = 8 }));
	write_run(e, 0, 200);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 1));
	assert_good(close_ts(e, 2, 0));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 1);
	assert_int_equal(next_track(e).session, 2);
	emu_close(e);
	assert_image(img, 0, 200);
}

/* DVD+RW DL is a DVD+RW of two layers: blank until formatted (26h), then
 * written anywhere; feature 003Ah, not 002Ah, is current. */
static void test_dvdplusrw_dl(void **state)
{
	char img[300];
	uint8_t buf[16 * 2048], b[4 + 2048];
	path_of(img, sizeof(img), "dvdprwdl.img");
	struct emu *e = open_emu("emu:dvd+rw-dl:%s", img);
	assert_int_equal(profile(e), 0x002A);
	assert_int_equal(disc_info(e).status, 0);
	assert_true(feature_current(e, 0x003A));
	assert_false(feature_current(e, 0x002A));
	assert_true(feature_current(e, 0x0023));
	uint32_t cur, f[8][3];
	uint8_t ct;
	assert_int_equal(format_caps(e, &cur, &ct, f, 8), 1);
	assert_int_equal(f[0][1], 0x26);
	assert_int_equal(f[0][0], 4173824);
	fill_pattern(buf, 0, 16);
	assert_sense(write_blocks(e, 0, 16, buf), 2, 0x30, 0x10);
	assert_sense(format_unit(e, 0x00, 0, 4173824, false), 5, 0x26, 0x00);
	assert_good(format_unit(e, 0x26, 0, 0xFFFFFFFF, true));
	assert_good(tur(e));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_int_equal(d.raw[7] & 3, 3);
	write_run(e, 4000000, 16);
	write_run(e, 0, 32);
	struct res r = disc_structure(e, 0, 0x00, b, sizeof(b));
	assert_good(r);
	assert_int_equal(b[4] >> 4, 0xD);
	assert_true(lists_structure(e, 0, 0x11));
	uint8_t bl[12] = { 0xA1, 0x00 };
	assert_sense(run(e, bl, 12, SCSI_DIR_NONE, NULL, 0), 5, 0x30, 0x05);
	emu_close(e);
	assert_image(img, 4000000, 16);
	assert_image(img, 0, 32);
}

/* DVD-RAM arrives formatted and is written in place anywhere, block by
 * block (the drive reads, modifies and writes the ECC block); no BLANK,
 * FORMAT UNIT 00h formats it again; defect management and random writing
 * are current features. */
static void test_dvdram(void **state)
{
	char img[300];
	uint8_t b[4 + 2048];
	path_of(img, sizeof(img), "dvdram.img");
	struct emu *e = open_emu("emu:dvd-ram:%s", img);
	assert_int_equal(profile(e), 0x0012);
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_int_equal(d.erasable, 1);
	assert_true(feature_current(e, 0x0020));
	assert_true(feature_current(e, 0x0024));
	assert_true(feature_current(e, 0x0023));
	assert_false(feature_current(e, 0x002F));
	uint32_t cur, f[8][3];
	uint8_t ct;
	assert_int_equal(format_caps(e, &cur, &ct, f, 8), 1);
	assert_int_equal(cur, 2236704);
	assert_int_equal(ct, 2);                /* formatted */
	assert_int_equal(f[0][1], 0x00);
	write_run(e, 7, 3);                     /* not ECC aligned */
	write_run(e, 2236704 - 5, 5);
	uint8_t buf[16 * 2048];
	fill_pattern(buf, 2236704 - 4, 8);
	assert_sense(write_blocks(e, 2236704 - 4, 8, buf), 5, 0x21, 0x00);
	uint8_t rc[10] = { 0x25 }, cap[8];
	assert_good(run(e, rc, 10, SCSI_DIR_IN, cap, 8));
	assert_int_equal(get_be32(cap), 2236704 - 1);
	struct res r = disc_structure(e, 0, 0x00, b, sizeof(b));
	assert_good(r);
	assert_int_equal(b[4] >> 4, 0x1);
	assert_int_equal(b[4 + 2], 0x04);
	uint8_t bl[12] = { 0xA1, 0x00 };
	assert_sense(run(e, bl, 12, SCSI_DIR_NONE, NULL, 0), 5, 0x30, 0x05);
	assert_sense(format_unit(e, 0x26, 0, 0xFFFFFFFF, false), 5, 0x26, 0x00);
	assert_good(format_unit(e, 0x00, 0, 2236704, true));
	poll_busy(e, 0x04);
	assert_int_equal(disc_info(e).status, 2);
	emu_close(e);
	assert_image(img, 7, 3);
	assert_image(img, 2236704 - 5, 5);
	/* the kind survives in the state file */
	e = open_emu("emu:%s", img);
	assert_int_equal(profile(e), 0x0012);
	emu_close(e);
}

/* ---- pressed discs ------------------------------------------------------------- */

/* A file of n pattern blocks: the contents of a pressed disc. */
static void make_image(const char *path, unsigned n)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	assert_true(fd >= 0);
	uint8_t *b = malloc(2048);
	for (unsigned i = 0; i < n; i++) {
		fill_pattern(b, (int32_t)i, 1);
		assert_int_equal(pwrite(fd, b, 2048, (off_t)i * 2048), 2048);
	}
	free(b);
	close(fd);
}

static struct res toc(struct emu *e, uint8_t fmt, bool msf, uint8_t start, uint8_t *b, uint16_t len)
{
	uint8_t cdb[10] = { 0x43, (uint8_t)(msf ? 0x02 : 0), fmt };
	cdb[6] = start;
	put_be16(&cdb[7], len);
	return run(e, cdb, 10, SCSI_DIR_IN, b, len);
}

/* cd-rom, dvd-rom and bd-rom are complete discs made of an image: one data
 * track, readable, and every command that would record is refused as a
 * recorder refuses it for pressed media (5/30/05). No state file. */
static void test_pressed_discs(void **state)
{
	static const struct { const char *kind; uint16_t prof; } k[] = {
		{ "cd-rom", 0x0008 }, { "dvd-rom", 0x0010 }, { "bd-rom", 0x0040 },
	};
	for (size_t i = 0; i < 3; i++) {
		char img[300], st[320];
		path_of(img, sizeof(img), k[i].kind);
		make_image(img, 1000);
		struct stat before;
		assert_int_equal(stat(img, &before), 0);
		struct emu *e = open_emu("emu:%s:%s", k[i].kind, img);
		assert_int_equal(profile(e), k[i].prof);
		struct dinfo d = disc_info(e);
		assert_int_equal(d.status, 2);
		assert_int_equal(d.last_state, 3);
		assert_int_equal(d.erasable, 0);
		assert_int_equal(d.sessions, 1);
		assert_int_equal(d.last, 1);
		uint8_t rc[10] = { 0x25 }, cap[8];
		assert_good(run(e, rc, 10, SCSI_DIR_IN, cap, 8));
		assert_int_equal(get_be32(cap), 999);
		struct tinfo t = track_info(e, 1, 1);
		assert_int_equal(t.start, 0);
		assert_int_equal(t.size, 1000);
		assert_false(t.nwa_v);
		assert_false(t.blank);
		uint8_t b[4 + 4096], blk[2048];
		assert_good(toc(e, 0, false, 0, b, 64));
		assert_int_equal(b[3], 1);
		assert_int_equal(b[4 + 1] & 0x0f, 4);   /* a data track */
		assert_int_equal(get_be32(&b[4 + 8 + 4]), 1000);
		/* reads: every block, none beyond */
		for (int32_t l = 0; l < 1000; l += 333) {
			uint8_t want[2048];
			assert_good(read_blocks(e, l, 1, blk));
			fill_pattern(want, l, 1);
			assert_memory_equal(blk, want, 2048);
		}
		assert_sense(read_blocks(e, 1000, 1, blk), 5, 0x21, 0x00);
		/* nothing that records is accepted */
		fill_pattern(blk, 0, 1);
		assert_sense(write_blocks(e, 0, 1, blk), 5, 0x30, 0x05);
		assert_sense(write_blocks(e, 1000, 1, blk), 5, 0x30, 0x05);
		uint8_t blank[12] = { 0xA1, 0x01 }, cue[10] = { 0x5D }, q[32];
		assert_sense(run(e, blank, 12, SCSI_DIR_NONE, NULL, 0), 5, 0x30, 0x05);
		put_be24(&cue[6], (uint32_t)cue_one_track(q, 300));
		assert_sense(run(e, cue, 10, SCSI_DIR_OUT, q, 32), 5, 0x30, 0x05);
		assert_sense(reserve(e, 16), 5, 0x30, 0x05);
		assert_sense(close_ts(e, 2, 0), 5, 0x30, 0x05);
		assert_sense(format_unit(e, 0x00, 0, 1000, false), 5, 0x30, 0x05);
		assert_good(sync_cache(e));
		/* identity */
		struct res r;
		if (i == 1) {
			r = disc_structure(e, 0, 0x00, b, sizeof(b));
			assert_good(r);
			assert_int_equal(b[4] >> 4, 0x0);       /* DVD-ROM book */
			assert_int_equal(b[4 + 2] & 0x0f, 0x1); /* embossed */
			assert_good(disc_structure(e, 0, 0x01, b, 8));
			assert_int_equal(get_be16(b), 6);
			assert_int_equal(b[4], 0);              /* no copy protection */
			assert_true(lists_structure(e, 0, 0x01));
		} else if (i == 2) {
			r = disc_structure(e, 1, 0x00, b, sizeof(b));
			assert_good(r);
			assert_memory_equal(&b[4 + 8], "BDO", 3);
		} else {
			assert_sense(toc(e, 4, false, 0, b, 28), 5, 0x24, 0x00);   /* no ATIP */
			assert_true(feature_current(e, 0x001E));
		}
		assert_false(feature_current(e, 0x002D));
		assert_false(feature_current(e, 0x002B));
		emu_close(e);
		/* the image is untouched and no state file appeared */
		struct stat after;
		assert_int_equal(stat(img, &after), 0);
		assert_int_equal(after.st_size, before.st_size);
		assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
		assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
		snprintf(st, sizeof(st), "%s.state", img);
		assert_int_equal(access(st, F_OK), -1);
	}
	/* a pressed disc needs its image */
	char img[300], spec[400], why[256];
	struct emu *e;
	path_of(img, sizeof(img), "no-such.iso");
	snprintf(spec, sizeof(spec), "emu:dvd-rom:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "pressed"));
	path_of(img, sizeof(img), "empty.iso");
	make_image(img, 0);
	snprintf(spec, sizeof(spec), "emu:cd-rom:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -EINVAL);
}

/* ---- READ CD -------------------------------------------------------------------- */

static struct res read_cd(struct emu *e, uint8_t type, int32_t lba, uint32_t n, uint8_t fields,
			  uint8_t sub, uint8_t *buf, uint32_t len)
{
	uint8_t cdb[12] = { 0xBE, (uint8_t)(type << 2) };
	put_be32(&cdb[2], (uint32_t)lba);
	put_be24(&cdb[6], n);
	cdb[9] = fields;
	cdb[10] = sub;
	return run(e, cdb, 12, SCSI_DIR_IN, buf, len);
}

/* ECMA-130 14.3, computed here as the standard defines it, independently of
 * the emulator's table: the 32 parity bits of the bit sequence of bytes,
 * least significant bit of each byte first, divided by P(x) =
 * x^32 + x^31 + x^16 + x^15 + x^4 + x^3 + x + 1. */
static uint32_t edc_by_definition(const uint8_t *p, size_t n)
{
	uint64_t reg = 0;       /* bit k: coefficient of x^k */
	const uint64_t poly = (1ull << 32) | (1ull << 31) | (1ull << 16) | (1ull << 15) |
			      (1ull << 4) | (1ull << 3) | (1ull << 1) | 1ull;
	for (size_t i = 0; i < n + 4; i++)
		for (int b = 0; b < 8; b++) {
			unsigned bit = i < n ? (p[i] >> b) & 1 : 0;
			reg = reg << 1 | bit;
			if (reg & (1ull << 32))
				reg ^= poly;
		}
	/* the parity bits x^31..x^0 are sent x^31 first: bit 0 of byte 2064 */
	uint32_t out = 0;
	for (int k = 0; k < 32; k++)
		if (reg & (1ull << (31 - k)))
			out |= 1u << k;
	return out;
}

/* GF(2^8) with x^8 + x^4 + x^3 + x^2 + 1, multiplied bit by bit */
static uint8_t gf_mul_slow(uint8_t a, uint8_t b)
{
	unsigned r = 0, x = a;
	for (int i = 0; i < 8; i++, x <<= 1) {
		if (x & 0x100)
			x ^= 0x11D;
		if (b & (1 << i))
			r ^= x;
	}
	return (uint8_t)r;
}

static uint8_t gf_pow2(unsigned k)
{
	uint8_t r = 1;
	while (k--)
		r = gf_mul_slow(r, 2);
	return r;
}

/* The parity check equations of ECMA-130 Annex A on a raw mode 1 sector:
 * every P codeword (26 symbols) and Q codeword (45) of both byte planes
 * has both syndromes zero. */
static void assert_ecc_checks(const uint8_t *s)
{
	for (int plane = 0; plane < 2; plane++) {
		for (int mp = 0; mp < 43; mp++) {
			uint8_t s0 = 0, s1 = 0;
			for (int i = 0; i < 26; i++) {
				uint8_t v = s[12 + 2 * (mp + 43 * i) + plane];
				s0 ^= v;
				s1 ^= gf_mul_slow(v, gf_pow2((unsigned)(25 - i)));
			}
			if (s0 || s1)
				fail_msg("P codeword %d plane %d fails", mp, plane);
		}
		for (int mq = 0; mq < 26; mq++) {
			uint8_t s0 = 0, s1 = 0;
			for (int i = 0; i < 45; i++) {
				int w = i < 43 ? (43 * mq + 44 * i) % 1118 : (i == 43 ? 1118 : 1144) + mq;
				uint8_t v = s[12 + 2 * w + plane];
				s0 ^= v;
				s1 ^= gf_mul_slow(v, gf_pow2((unsigned)(44 - i)));
			}
			if (s0 || s1)
				fail_msg("Q codeword %d plane %d fails", mq, plane);
		}
	}
}

/* CRC of the Q channel, bit by bit: x^16 + x^12 + x^5 + 1, inverted */
static uint16_t q_crc_slow(const uint8_t *q)
{
	uint32_t reg = 0;
	for (int i = 0; i < 12; i++)
		for (int b = 7; b >= 0; b--) {
			reg = reg << 1 | (i < 10 ? (q[i] >> b) & 1 : 0);
			if (reg & 0x10000)
				reg ^= 0x11021;
		}
	return (uint16_t)~reg;
}

/* READ CD of a data CD: the 2048-byte blocks of the disc file come back in
 * raw sectors with sync, header, EDC and ECC as ECMA-130 defines them; the
 * fields of byte 9 select parts, a sector type that does not match is
 * refused 5/64/00, C2 and illegal field combinations 5/24/00; formatted Q
 * tells track, index and times. */
static void test_read_cd_data(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "readcd.iso");
	make_image(img, 400);
	struct emu *e = open_emu("emu:cd-rom:%s", img);
	uint8_t raw[4 * 2352], want[2048];
	assert_good(read_cd(e, 2, 0, 4, 0xF8, 0, raw, sizeof(raw)));
	for (int i = 0; i < 4; i++) {
		const uint8_t *s = &raw[i * 2352];
		static const uint8_t sync[12] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						  0xff, 0xff, 0xff, 0 };
		assert_memory_equal(s, sync, 12);
		assert_int_equal(s[12], 0x00);
		assert_int_equal(s[13], 0x02);          /* LBA 0 is 00:02:00 */
		assert_int_equal(s[14], i);
		assert_int_equal(s[15], 0x01);          /* mode 1 */
		fill_pattern(want, i, 1);
		assert_memory_equal(&s[16], want, 2048);
		uint32_t edc = edc_by_definition(s, 2064);
		assert_int_equal(s[2064] | s[2065] << 8 | s[2066] << 16 | (uint32_t)s[2067] << 24, edc);
		assert_memory_equal(&s[2068], "\0\0\0\0\0\0\0\0", 8);
		assert_ecc_checks(s);
	}
	/* LBA 1000 past the end; BCD frames: LBA 300 is 00:06:00 */
	assert_good(read_cd(e, 0, 300, 1, 0x20, 0, raw, 4));
	assert_memory_equal(raw, "\x00\x06\x00\x01", 4);
	assert_sense(read_cd(e, 0, 400, 1, 0xF8, 0, raw, 2352), 5, 0x21, 0x00);
	/* fields: user data only, user data and EDC/ECC */
	struct res r = read_cd(e, 0, 7, 1, 0x10, 0, raw, 2352);
	assert_good(r);
	assert_int_equal(r.got, 2048);
	fill_pattern(want, 7, 1);
	assert_memory_equal(raw, want, 2048);
	r = read_cd(e, 2, 7, 1, 0x18, 0, raw, 2352);
	assert_good(r);
	assert_int_equal(r.got, 2048 + 288);
	/* CD-DA, mode 2 expected on a mode 1 sector; C2; sync without header */
	assert_sense(read_cd(e, 1, 7, 1, 0x10, 0, raw, 2352), 5, 0x64, 0x00);
	assert_sense(read_cd(e, 4, 7, 1, 0x10, 0, raw, 2352), 5, 0x64, 0x00);
	assert_sense(read_cd(e, 0, 7, 1, 0xF8 | 0x02, 0, raw, 2352), 5, 0x24, 0x00);
	assert_sense(read_cd(e, 0, 7, 1, 0x90, 0, raw, 2352), 5, 0x24, 0x00);
	assert_sense(read_cd(e, 0, 7, 1, 0x10, 3, raw, 2352), 5, 0x24, 0x00);
	/* formatted Q at LBA 75: data track 1, index 1, 00:01:00 / 00:03:00 */
	r = read_cd(e, 0, 75, 1, 0x00, 2, raw, 16);
	assert_good(r);
	assert_int_equal(r.got, 16);
	assert_memory_equal(raw, "\x41\x01\x01\x00\x01\x00\x00\x00\x03\x00", 10);
	assert_int_equal(get_be16(&raw[10]), q_crc_slow(raw));
	/* raw P-W carries the same Q, one bit per byte in bit 6 */
	uint8_t pw[2352 + 96];
	r = read_cd(e, 0, 75, 1, 0xF8, 1, pw, sizeof(pw));
	assert_good(r);
	assert_int_equal(r.got, 2352 + 96);
	for (int i = 0; i < 96; i++)
		assert_int_equal((pw[2352 + i] >> 6) & 1, (raw[i / 8] >> (7 - i % 8)) & 1);
	/* READ CD MSF: 00:02:10 to 00:02:12 is LBA 10 and 11 */
	uint8_t msf[12] = { 0xB9, 0, 0, 0, 2, 10, 0, 2, 12, 0x10 };
	r = run(e, msf, 12, SCSI_DIR_IN, raw, 2 * 2048);
	assert_good(r);
	assert_int_equal(r.got, 2 * 2048);
	fill_pattern(want, 11, 1);
	assert_memory_equal(&raw[2048], want, 2048);
	emu_close(e);
	/* a written CD-R reads back the same way; a DVD has no READ CD */
	path_of(img, sizeof(img), "readcd-dvd.iso");
	make_image(img, 16);
	e = open_emu("emu:dvd-rom:%s", img);
	assert_sense(read_cd(e, 0, 0, 1, 0x10, 0, raw, 2352), 5, 0x30, 0x02);
	emu_close(e);
}

/* Read faults for a disc-reading feature: a slow sector takes its time, a
 * flaky one fails its first reads (3/11/00) and then reads, a bad one
 * never does; READ and READ CD alike. */
static void test_read_faults(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "readfaults.iso");
	make_image(img, 100);
	struct emu *e = open_emu("emu:cd-rom:fault=flaky@10,2:fault=slow@20,200:"
				 "fault=read-error@30:fault=flaky@40:%s", img);
	uint8_t blk[4 * 2352], want[2048];
	assert_good(read_blocks(e, 0, 4, blk));
	assert_sense(read_blocks(e, 8, 4, blk), 3, 0x11, 0x00);
	assert_sense(read_cd(e, 0, 10, 1, 0x10, 0, blk, 2352), 3, 0x11, 0x00);
	assert_good(read_blocks(e, 8, 4, blk));
	fill_pattern(want, 10, 1);
	assert_memory_equal(&blk[2 * 2048], want, 2048);
	assert_good(read_blocks(e, 10, 1, blk));
	/* the default: two failures */
	assert_sense(read_blocks(e, 40, 1, blk), 3, 0x11, 0x00);
	assert_sense(read_blocks(e, 40, 1, blk), 3, 0x11, 0x00);
	assert_good(read_blocks(e, 40, 1, blk));
	for (int i = 0; i < 3; i++) {
		assert_sense(read_blocks(e, 30, 1, blk), 3, 0x11, 0x00);
		assert_sense(read_cd(e, 0, 29, 2, 0x10, 0, blk, 2 * 2352), 3, 0x11, 0x00);
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_good(read_blocks(e, 19, 2, blk));
	assert_good(read_cd(e, 0, 20, 1, 0x10, 0, blk, 2352));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(s >= 0.4);
	assert_true(s < 3.0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_good(read_blocks(e, 21, 4, blk));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(s < 0.15);
	emu_close(e);
	char spec[400], why[256];
	snprintf(spec, sizeof(spec), "emu:cd-rom:fault=flaky@10,0:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -EINVAL);
	snprintf(spec, sizeof(spec), "emu:cd-rom:fault=slow@10,x:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -EINVAL);
}

/* ---- CD audio: TAO, SAO, cue sheets, CD-TEXT, reading back ---------------------- */

/* Page 05 with a catalog number and an ISRC (TAO, MMC-5 7.5.4.16-17). */
static struct res mode_select05_codes(struct emu *e, struct wp w, const char *mcn, const char *isrc)
{
	uint8_t b[8 + 0x34] = { 0 }, cdb[10] = { 0x55, 0x10 };
	uint8_t *p = &b[8];
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = (uint8_t)((w.bufe ? 0x40 : 0) | (w.test ? 0x10 : 0) | w.wt);
	p[3] = (uint8_t)(w.ms << 6 | w.tm);
	p[4] = w.dbt;
	put_be16(&p[14], 150);
	if (mcn) {
		p[16] = 0x80;
		memcpy(&p[17], mcn, 13);
	}
	if (isrc) {
		p[32] = 0x80;
		memcpy(&p[33], isrc, 12);
	}
	put_be16(&cdb[7], sizeof(b));
	return run(e, cdb, 10, SCSI_DIR_OUT, b, sizeof(b));
}

/* 2352 bytes of "samples" for block lba of a stream seeded seed. */
static void fill_audio(uint8_t *buf, int32_t lba, unsigned n, uint32_t seed)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < 2352; j += 4)
			put_be32(&buf[(size_t)i * 2352 + j],
				 ((uint32_t)(lba + (int32_t)i) * 2246822519u + j) ^ seed);
}

static struct res write_raw(struct emu *e, int32_t lba, uint16_t n, const uint8_t *data, unsigned bs)
{
	uint8_t cdb[10] = { 0x2A };
	put_be32(&cdb[2], (uint32_t)lba);
	put_be16(&cdb[7], n);
	return run(e, cdb, 10, SCSI_DIR_OUT, (void *)data, (uint32_t)n * bs);
}

static void write_audio(struct emu *e, int32_t lba, unsigned n, uint32_t seed)
{
	uint8_t *buf = malloc(16 * 2352);
	for (unsigned done = 0; done < n;) {
		unsigned k = n - done > 16 ? 16 : n - done;
		fill_audio(buf, lba + (int32_t)done, k, seed);
		assert_good(write_raw(e, lba + (int32_t)done, (uint16_t)k, buf, 2352));
		done += k;
	}
	free(buf);
}

/* READ CD of CD-DA returns the samples exactly as written. */
static void assert_audio(struct emu *e, int32_t lba, unsigned n, uint32_t seed)
{
	uint8_t *got = malloc(8 * 2352), *want = malloc(8 * 2352);
	for (unsigned done = 0; done < n;) {
		unsigned k = n - done > 8 ? 8 : n - done;
		assert_good(read_cd(e, 1, lba + (int32_t)done, k, 0xF8, 0, got, k * 2352));
		fill_audio(want, lba + (int32_t)done, k, seed);
		if (memcmp(got, want, (size_t)k * 2352) != 0)
			fail_msg("audio differs at LBA %d", lba + (int32_t)done);
		done += k;
	}
	free(got);
	free(want);
}

static struct res read_subchannel(struct emu *e, uint8_t fmt, uint8_t track, uint8_t *b)
{
	uint8_t cdb[10] = { 0x42, 0, 0x40, fmt, 0, 0, track };
	put_be16(&cdb[7], 24);
	return run(e, cdb, 10, SCSI_DIR_IN, b, 24);
}

static void formatted_q(struct emu *e, int32_t lba, uint8_t q[16])
{
	assert_good(read_cd(e, 0, lba, 1, 0x00, 2, q, 16));
	assert_int_equal(get_be16(&q[10]), q_crc_slow(q));
}

static bool file_has_line(const char *path, const char *line)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	bool found = false;
	if (!f)
		return false;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, line) == 0)
			found = true;
	}
	fclose(f);
	return found;
}

/* TAO audio: page 05 track mode 0 (and 2, copy permitted) with raw
 * 2352-byte blocks, no run-out, the drive's own 2 s pregap before track 2;
 * the catalog number and ISRC of page 05 are on the disc; the samples
 * read back exactly; the disc file keeps them in PATH.bin with PATH.cue. */
static void test_cd_tao_audio(void **state)
{
	char img[300], f[340];
	path_of(img, sizeof(img), "tao-audio.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	uint8_t buf[16 * 2352];
	/* audio blocks need block type 0: 2048-byte mode 1 blocks are refused */
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .tm = 0, .dbt = 8 }));
	fill_pattern(buf, 0, 16);
	assert_sense(write_blocks(e, 0, 16, buf), 5, 0x64, 0x00);
	assert_sense(mode_select05_codes(e, (struct wp){ .wt = 1, .tm = 0, .dbt = 0 },
					 "12345678901X3", NULL), 5, 0x26, 0x00);
	assert_good(mode_select05_codes(e, (struct wp){ .wt = 1, .ms = 0, .tm = 0, .dbt = 0 },
					"0123456789012", "DEA123300001"));
	write_audio(e, 0, 300, 1);
	/* the track's mode is fixed by its first write */
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .tm = 4, .dbt = 8 }));
	fill_pattern(buf, 300, 1);
	assert_sense(write_blocks(e, 300, 1, buf), 5, 0x64, 0x00);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 0xFF));
	struct tinfo t = track_info(e, 1, 1);
	assert_int_equal(t.start, 0);
	assert_int_equal(t.size, 300);          /* audio: no run-out blocks */
	assert_int_equal(track_info(e, 1, 0xFF).nwa, 450);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 0, .tm = 2, .dbt = 0 }));
	write_audio(e, 450, 200, 2);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 1, 0xFF));
	assert_good(close_ts(e, 2, 0));
	assert_int_equal(disc_info(e).status, 2);
	emu_close(e);

	/* the state is version 2 and comes back */
	snprintf(f, sizeof(f), "%s.state", img);
	assert_true(file_contains(f, "emu-state 2"));
	e = open_emu("emu:%s", img);
	assert_audio(e, 0, 300, 1);
	assert_audio(e, 450, 200, 2);
	uint8_t b[64], raw[2352];
	/* TOC: audio tracks, control 0 and 2 (copy permitted) */
	assert_good(toc(e, 0, false, 0, b, sizeof(b)));
	assert_int_equal(b[3], 2);
	assert_int_equal(b[4 + 1], 0x10);
	assert_int_equal(get_be32(&b[4 + 4]), 0);
	assert_int_equal(b[12 + 1], 0x12);
	assert_int_equal(get_be32(&b[12 + 4]), 450);
	assert_int_equal(get_be32(&b[20 + 4]), 650);
	assert_good(toc(e, 0, true, 0, b, sizeof(b)));
	assert_memory_equal(&b[12 + 4], "\x00\x00\x08\x00", 4);     /* 00:08:00 */
	/* track information: audio track mode, no data mode */
	uint8_t ti[10] = { 0x52, 0x01 }, tb[48];
	put_be32(&ti[2], 2);
	put_be16(&ti[7], sizeof(tb));
	assert_good(run(e, ti, 10, SCSI_DIR_IN, tb, sizeof(tb)));
	assert_int_equal(tb[5] & 0x0f, 0x02);
	assert_int_equal(tb[6] & 0x0f, 0x0f);
	/* READ refuses audio; READ CD of another type too */
	assert_sense(read_blocks(e, 10, 1, raw), 5, 0x64, 0x00);
	assert_sense(read_cd(e, 2, 10, 1, 0x10, 0, raw, 2352), 5, 0x64, 0x00);
	/* catalog number and ISRC */
	assert_good(read_subchannel(e, 2, 0, b));
	assert_int_equal(b[8] & 0x80, 0x80);
	assert_memory_equal(&b[9], "0123456789012", 13);
	assert_good(read_subchannel(e, 3, 1, b));
	assert_int_equal(b[6], 1);
	assert_int_equal(b[8] & 0x80, 0x80);
	assert_memory_equal(&b[9], "DEA123300001", 12);
	assert_good(read_subchannel(e, 3, 2, b));
	assert_int_equal(b[8] & 0x80, 0);
	/* Q: track 2's pregap counts down; the codes in their frames */
	uint8_t q[16];
	formatted_q(e, 300, q);
	assert_memory_equal(q, "\x21\x02\x00\x00\x01\x74\x00\x00\x06\x00", 10);
	formatted_q(e, 449, q);
	assert_memory_equal(q, "\x21\x02\x00\x00\x00\x00\x00\x00\x07\x74", 10);
	assert_int_equal(q[15], 0x80);          /* P: a pause */
	formatted_q(e, 451, q);
	assert_memory_equal(q, "\x21\x02\x01\x00\x00\x01\x00\x00\x08\x01", 10);
	formatted_q(e, 75, q);                  /* absolute frame 225: the catalog */
	assert_int_equal(q[0], 0x02);
	assert_memory_equal(&q[1], "\x01\x23\x45\x67\x89\x01\x20", 7);
	formatted_q(e, 125, q);                 /* 275: track 1's ISRC */
	assert_int_equal(q[0], 0x03);
	/* D E A 1 2 are 14h 15h 11h 01h 02h in 6 bits: 010100 010101 010001
	 * 000001 000010 00 */
	assert_memory_equal(&q[1], "\x51\x54\x41\x08", 4);
	assert_memory_equal(&q[5], "\x33\x00\x00\x10", 4);
	emu_close(e);

	/* PATH.bin holds the samples at LBA * 2352, PATH.cue describes it */
	snprintf(f, sizeof(f), "%s.bin", img);
	int fd = open(f, O_RDONLY);
	assert_true(fd >= 0);
	uint8_t want[2352];
	assert_int_equal(pread(fd, raw, 2352, 451 * 2352), 2352);
	fill_audio(want, 451, 1, 2);
	assert_memory_equal(raw, want, 2352);
	close(fd);
	snprintf(f, sizeof(f), "%s.cue", img);
	assert_true(file_has_line(f, "CATALOG 0123456789012"));
	assert_true(file_has_line(f, "FILE \"tao-audio.img.bin\" BINARY"));
	assert_true(file_has_line(f, "  TRACK 01 AUDIO"));
	assert_true(file_has_line(f, "    ISRC DEA123300001"));
	assert_true(file_has_line(f, "    INDEX 01 00:00:00"));
	assert_true(file_has_line(f, "  TRACK 02 AUDIO"));
	assert_true(file_has_line(f, "    FLAGS DCP"));
	assert_true(file_has_line(f, "    INDEX 00 00:04:00"));
	assert_true(file_has_line(f, "    INDEX 01 00:06:00"));
}

/* CD-TEXT packs: the pack type, track, sequence and block/character
 * position bytes, 12 bytes of text, and the CRC (MMC-5 Annex J). */
static void make_pack(uint8_t *p, uint8_t type, uint8_t track, uint8_t seq, const char *text,
		      size_t len)
{
	memset(p, 0, 18);
	p[0] = type;
	p[1] = track;
	p[2] = seq;
	memcpy(&p[4], text, len);
	uint16_t c = 0;
	for (int i = 0; i < 16; i++) {
		c ^= (uint16_t)(p[i] << 8);
		for (int k = 0; k < 8; k++)
			c = c & 0x8000 ? (uint16_t)(c << 1) ^ 0x1021 : (uint16_t)(c << 1);
	}
	c = (uint16_t)~c;
	p[16] = (uint8_t)(c >> 8);
	p[17] = (uint8_t)c;
}

/* 18-byte packs into the 6-bit R-W symbols of 96-byte lead-in blocks,
 * starting with pack `first` of the cycle. */
static void packs_to_rw(const uint8_t *packs, unsigned np, unsigned first, uint8_t *out96)
{
	uint8_t d[72];
	for (unsigned k = 0; k < 4; k++)
		memcpy(&d[18 * k], &packs[18 * ((first + k) % np)], 18);
	for (int i = 0; i < 24; i++) {
		const uint8_t *x = &d[3 * i];
		out96[4 * i] = x[0] >> 2;
		out96[4 * i + 1] = (uint8_t)((x[0] & 3) << 4 | x[1] >> 4);
		out96[4 * i + 2] = (uint8_t)((x[1] & 0x0f) << 2 | x[2] >> 6);
		out96[4 * i + 3] = x[2] & 0x3f;
	}
}

static uint8_t *cue_entry(uint8_t *q, uint8_t ctladr, uint8_t tno, uint8_t idx, uint8_t form,
			  uint8_t scms, int32_t lba)
{
	int32_t f = lba + 150;
	q[0] = ctladr;
	q[1] = tno;
	q[2] = idx;
	q[3] = form;
	q[4] = scms;
	q[5] = (uint8_t)(f / 4500);
	q[6] = (uint8_t)(f / 75 % 60);
	q[7] = (uint8_t)(f % 75);
	return q + 8;
}

/* The session of test_cd_sao: a hidden audio track one (index 0 from
 * 00:00:00 to 00:40:00, index 2 at 01:00:00), an audio track two with
 * pre-emphasis, SCMS and a 1 s pregap, a mode 1 data track three, MCN,
 * ISRC, CD-TEXT in the lead-in. */
enum { T1 = 2850, T1_IDX2 = 4350, T2_IDX0 = 6000, T2 = 6075, T3_IDX0 = 9000, T3 = 9150,
       LEADOUT = 9650 };

static size_t sao_cue(uint8_t *q0, uint8_t leadin_form)
{
	uint8_t *q = q0;
	q = cue_entry(q, 0x02, '0', '4', '0', '0', 0);      /* MCN 0400012345678 */
	memcpy(q - 7, "0400012", 7);
	q = cue_entry(q, 0x02, 0, 0, 0, 0, 0);
	memcpy(q - 7, "345678\0", 7);
	q = cue_entry(q, 0x01, 0, 0, leadin_form, 0, -150);
	q = cue_entry(q, 0x03, 1, 0, 0, 0, 0);              /* ISRC of track 1 */
	memcpy(q - 6, "GBAYE6", 6);
	q = cue_entry(q, 0x03, 1, 0, 0, 0, 0);
	memcpy(q - 6, "400123", 6);
	q = cue_entry(q, 0x01, 1, 0, 0x00, 0, -150);
	q = cue_entry(q, 0x01, 1, 1, 0x00, 0, T1);
	q = cue_entry(q, 0x01, 1, 2, 0x00, 0, T1_IDX2);
	q = cue_entry(q, 0x11, 2, 0, 0x00, 0x80, T2_IDX0);
	q = cue_entry(q, 0x11, 2, 1, 0x00, 0x80, T2);
	q = cue_entry(q, 0x41, 3, 0, 0x10, 0, T3_IDX0);
	q = cue_entry(q, 0x41, 3, 1, 0x10, 0, T3);
	q = cue_entry(q, 0x41, 0xAA, 1, 0x14, 0, LEADOUT);
	return (size_t)(q - q0);
}

static struct res send_cue(struct emu *e, uint8_t *q, size_t n)
{
	uint8_t cdb[10] = { 0x5D };
	put_be24(&cdb[6], (uint32_t)n);
	return run(e, cdb, 10, SCSI_DIR_OUT, q, (uint32_t)n);
}

/* SAO with a cue sheet of many tracks, indices, pregaps, flags, codes
 * and CD-TEXT written into the lead-in as burners send it; what the
 * drive answers afterwards, byte for byte. */
static void test_cd_sao(void **state)
{
	char img[300], f[340];
	path_of(img, sizeof(img), "sao-audio.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 2, .dbt = 0 }));
	uint8_t q[512], bad[512];
	size_t n = sao_cue(q, 0x41);
	/* malformed cue sheets: 5/26/00 */
	struct { size_t at; uint8_t v; } breaks[] = {
		{ 3 * 8 + 2, 'a' },             /* ISRC: a lower case letter */
		{ 3 * 8 + 7, '!' },
		{ 0 + 3, 'X' },                 /* MCN: a letter */
		{ 8 * 8 + 1, 4 },               /* track 2 numbered 4 */
		{ 7 * 8 + 7, 75 },              /* frame 75 */
		{ 8 * 8 + 0, 0x41 },            /* a data track in an audio form */
		{ 10 * 8 + 3, 0x12 },           /* an unknown data form */
		{ 10 * 8 + 3, 0x90 },           /* sub-channel form 10b */
		{ 6 * 8 + 6, 0x01 },            /* track 1 index 1 at 00:01:00 */
	};
	for (size_t i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		memcpy(bad, q, n);
		bad[breaks[i].at] = breaks[i].v;
		if (breaks[i].at == 6 * 8 + 6)
			bad[6 * 8 + 5] = 0, bad[6 * 8 + 7] = 0;
		struct res r = send_cue(e, bad, n);
		if (r.status == 0)
			fail_msg("broken cue sheet %zu accepted", i);
		assert_sense(r, 5, 0x26, 0x00);
	}
	assert_good(send_cue(e, q, n));
	/* the lead-in, from the ATIP's lead-in start to -151: CD-TEXT */
	uint8_t packs[4 * 18];
	make_pack(&packs[0], 0x80, 0, 0, "Album\0One\0Tw", 12);
	make_pack(&packs[18], 0x80, 2, 1, "o\0", 2);     /* Two's last letter */
	packs[18 + 3] = 2;                              /* the 3rd character of it */
	make_pack(&packs[36], 0x81, 0, 2, "Band", 4);
	unsigned cyc = 0;
	uint8_t *lead = malloc(64 * 96);
	memset(lead, 0, 96);
	/* the lead-in starts at the ATIP's lead-in start, not elsewhere */
	assert_sense(write_raw(e, -11633, 1, lead, 96), 5, 0x21, 0x02);
	for (int32_t l = -11634; l < -150;) {
		uint16_t k = (uint16_t)(-150 - l > 64 ? 64 : -150 - l);
		for (unsigned i = 0; i < k; i++, cyc += 4)
			packs_to_rw(packs, 3, cyc % 3, &lead[i * 96]);
		assert_good(write_raw(e, l, k, lead, 96));
		l += k;
	}
	free(lead);
	/* the program area: audio from -150, data track three in 2048 */
	assert_sense(write_raw(e, 0, 1, q, 2352), 5, 0x21, 0x02);
	write_audio(e, -150, (unsigned)(T3_IDX0 + 150), 7);
	write_run(e, T3_IDX0, LEADOUT - T3_IDX0);
	assert_good(sync_cache(e));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_int_equal(d.last, 3);
	emu_close(e);

	e = open_emu("emu:%s", img);
	/* the hidden track: audio before index 1, read from LBA 0 */
	assert_audio(e, 0, 40, 7);
	assert_audio(e, T1 - 8, 16, 7);
	assert_audio(e, T2 - 4, 8, 7);
	uint8_t b[256], qq[16];
	assert_good(toc(e, 0, false, 0, b, sizeof(b)));
	assert_int_equal(b[3], 3);
	assert_int_equal(get_be32(&b[4 + 4]), T1);
	assert_int_equal(b[12 + 1], 0x11);      /* pre-emphasis */
	assert_int_equal(get_be32(&b[12 + 4]), T2);
	assert_int_equal(b[20 + 1], 0x14);
	assert_int_equal(get_be32(&b[20 + 4]), T3);
	assert_int_equal(get_be32(&b[28 + 4]), LEADOUT);
	/* full TOC: A0 (first track 1, CD-DA/CD-ROM), A1 (3), A2, tracks */
	struct res r = toc(e, 2, false, 0, b, sizeof(b));
	assert_good(r);
	assert_int_equal((get_be16(b) - 2) / 11, 6);
	assert_memory_equal(&b[4], "\x01\x10\x00\xA0\x00\x00\x00\x00\x01\x00\x00", 11);
	assert_memory_equal(&b[15], "\x01\x14\x00\xA1\x00\x00\x00\x00\x03\x00\x00", 11);
	assert_memory_equal(&b[26], "\x01\x14\x00\xA2\x00\x00\x00\x00\x02\x0a\x32", 11);
	assert_memory_equal(&b[37], "\x01\x10\x00\x01\x00\x00\x00\x00\x00\x28\x00", 11);
	/* CD-TEXT: the packs as written */
	r = toc(e, 5, false, 0, b, sizeof(b));
	assert_good(r);
	assert_int_equal(get_be16(b), 2 + 3 * 18);
	assert_memory_equal(&b[4], packs, 3 * 18);
	/* track 1: index 0 from -150, index 2 where the cue sheet put it */
	struct tinfo t = track_info(e, 1, 1);
	assert_int_equal(t.start, T1);
	assert_int_equal(t.size, T2_IDX0 - T1);
	formatted_q(e, 100, qq);
	assert_memory_equal(qq, "\x01\x01\x00", 3);
	formatted_q(e, T1_IDX2 + 1, qq);
	assert_memory_equal(qq, "\x01\x01\x02", 3);
	formatted_q(e, T2_IDX0 + 1, qq);
	assert_memory_equal(qq, "\x11\x02\x00", 3);
	assert_good(read_subchannel(e, 2, 0, b));
	assert_memory_equal(&b[9], "0400012345678", 13);
	assert_good(read_subchannel(e, 3, 1, b));
	assert_memory_equal(&b[9], "GBAYE6400123", 12);
	/* the data track reads as 2048-byte blocks and raw mode 1 sectors */
	uint8_t blk[2352], want[2048];
	assert_good(read_blocks(e, T3 + 5, 1, blk));
	fill_pattern(want, T3 + 5, 1);
	assert_memory_equal(blk, want, 2048);
	assert_good(read_cd(e, 2, T3 + 5, 1, 0xF8, 0, blk, 2352));
	assert_memory_equal(&blk[16], want, 2048);
	assert_ecc_checks(blk);
	emu_close(e);
	/* the data track's user data is in PATH; PATH.cue and PATH.cdt */
	assert_image(img, T3, LEADOUT - T3);
	snprintf(f, sizeof(f), "%s.cue", img);
	assert_true(file_has_line(f, "CATALOG 0400012345678"));
	assert_true(file_has_line(f, "CDTEXTFILE \"sao-audio.img.cdt\""));
	assert_true(file_has_line(f, "TITLE \"Album\""));
	assert_true(file_has_line(f, "PERFORMER \"Band\""));
	assert_true(file_has_line(f, "    TITLE \"Two\""));
	assert_true(file_has_line(f, "    INDEX 00 00:00:00"));
	assert_true(file_has_line(f, "    INDEX 01 00:38:00"));
	assert_true(file_has_line(f, "    INDEX 02 00:58:00"));
	assert_true(file_has_line(f, "    FLAGS PRE SCMS"));
	assert_true(file_has_line(f, "  TRACK 03 MODE1/2352"));
	snprintf(f, sizeof(f), "%s.cdt", img);
	int fd = open(f, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, b, sizeof(b)), 4 + 3 * 18);
	assert_memory_equal(&b[4], packs, 3 * 18);
	close(fd);

	/* a host that sends no CD-TEXT begins with the program area */
	path_of(img, sizeof(img), "sao-notext.img");
	e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 2, .dbt = 0 }));
	assert_good(send_cue(e, q, sao_cue(q, 0x41)));
	write_audio(e, -150, (unsigned)(T3_IDX0 + 150), 9);
	write_run(e, T3_IDX0, LEADOUT - T3_IDX0);
	assert_good(sync_cache(e));
	r = toc(e, 5, false, 0, b, sizeof(b));
	assert_good(r);
	assert_int_equal(get_be16(b), 2);
	assert_audio(e, T2, 8, 9);
	emu_close(e);
}

/* TAO in the other block types: mode 2 formless (9), XA form 1 with its
 * own sub-header (11) and form 2 (12): READ CD tells the sector types
 * apart and returns the parts as written; READ gives form 1's user data
 * and refuses formless mode 2; the disc is CD-ROM XA. */
static void test_cd_tao_mode2(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "tao-xa.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	uint8_t b[16 * 2352], raw[2352 + 96];
	/* track 1: mode 2 formless, 2336 bytes */
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 3, .tm = 4, .dbt = 9 }));
	fill_audio(b, 0, 16, 21);       /* 16 blocks of 2336 bytes from it */
	assert_good(write_raw(e, 0, 16, b, 2336));
	assert_good(sync_cache(e));
	/* track 2: XA, 2056-byte form 1 blocks, then a 2324-byte form 2 */
	int32_t t2 = (int32_t)track_info(e, 1, 0xFF).nwa;
	assert_int_equal(t2, 16 + 2 + 150);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 3, .tm = 4, .dbt = 11 }));
	uint8_t f1[2056];
	memcpy(f1, "\x01\x02\x08\x00\x01\x02\x08\x00", 8);
	fill_pattern(f1 + 8, t2, 1);
	assert_good(write_raw(e, t2, 1, f1, 2056));
	/* a WRITE in another block type of the same track: 5/64/00 */
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 3, .tm = 4, .dbt = 8 }));
	assert_sense(write_blocks(e, t2 + 1, 1, f1), 5, 0x64, 0x00);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 2, 0));
	/* READ CD: the sector types, the parts */
	assert_sense(read_cd(e, 2, 0, 1, 0x10, 0, raw, 2352), 5, 0x64, 0x00);
	struct res r = read_cd(e, 3, 0, 1, 0x10, 0, raw, 2352);
	assert_good(r);
	assert_int_equal(r.got, 2336);
	assert_memory_equal(raw, b, 2336);
	r = read_cd(e, 4, t2, 1, 0x58, 0, raw, 2352);      /* sub-header, data, EDC/ECC */
	assert_good(r);
	assert_int_equal(r.got, 8 + 2048 + 280);
	assert_memory_equal(raw, f1, 2056);
	assert_sense(read_cd(e, 5, t2, 1, 0x10, 0, raw, 2352), 5, 0x64, 0x00);
	/* READ: form 1 user data; formless mode 2 has none */
	assert_good(read_blocks(e, t2, 1, raw));
	assert_memory_equal(raw, f1 + 8, 2048);
	assert_sense(read_blocks(e, 0, 1, raw), 5, 0x64, 0x00);
	assert_int_equal(disc_info(e).raw[8], 0x20);        /* CD-ROM XA */
	uint8_t ti[10] = { 0x52, 0x01 }, tb[48];
	put_be32(&ti[2], 2);
	put_be16(&ti[7], sizeof(tb));
	assert_good(run(e, ti, 10, SCSI_DIR_IN, tb, sizeof(tb)));
	assert_int_equal(tb[6] & 0x0f, 0x02);               /* data mode 2 */
	emu_close(e);
}

/* An enhanced CD the other way round -- data first, audio in a second
 * session: the data sectors written before get their raw form in PATH.bin
 * (the same bytes READ CD built before), PATH keeps them; the full TOC
 * has both sessions; with toc-mode5 also B0 and C0. */
static void test_cd_data_then_audio(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "data-audio.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 3, .tm = 4, .dbt = 8 }));
	write_run(e, 0, 300);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 2, 0));
	uint8_t before[2352], after[2352];
	assert_good(read_cd(e, 2, 123, 1, 0xF8, 0, before, 2352));
	int32_t s2 = (int32_t)track_info(e, 1, 0xFF).nwa;
	assert_good(mode_select05(e, (struct wp){ .wt = 1, .ms = 3, .tm = 0, .dbt = 0 }));
	write_audio(e, s2, 100, 4);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 2, 0));
	assert_good(read_cd(e, 2, 123, 1, 0xF8, 0, after, 2352));
	assert_memory_equal(before, after, 2352);
	char f[340];
	snprintf(f, sizeof(f), "%s.bin", img);
	int fd = open(f, O_RDONLY);
	assert_true(fd >= 0);
	uint8_t file[2352];
	assert_int_equal(pread(fd, file, 2352, 123 * 2352), 2352);
	close(fd);
	assert_memory_equal(file, before, 2352);
	assert_audio(e, s2, 100, 4);
	assert_image(img, 0, 300);
	uint8_t b[256];
	struct res r = toc(e, 2, false, 0, b, sizeof(b));
	assert_good(r);
	assert_int_equal((get_be16(b) - 2) / 11, 8);        /* mode 1 points only */
	emu_close(e);

	e = open_emu("emu:toc-mode5:%s", img);
	r = toc(e, 2, false, 0, b, sizeof(b));
	assert_good(r);
	unsigned n = (get_be16(b) - 2) / 11, b0 = 0, c0 = 0;
	assert_int_equal(n, 8 + 3);     /* B0 in both sessions, C0 in the first */
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *p = &b[4 + 11 * i];
		if (p[3] == 0xB0) {
			b0++;
			assert_int_equal(p[1], 0x50);
			if (p[0] == 1) {
				/* session 2's program area: its pregap, at s2 - 150 */
				int32_t next = (p[4] * 60 + p[5]) * 75 + p[6] - 150;
				assert_int_equal(next, s2 - 150);
				assert_int_equal(p[7], 2);
			}
		}
		if (p[3] == 0xC0) {
			c0++;
			assert_int_equal(p[0], 1);
			assert_memory_equal(&p[8], "\x61\x1a\x42", 3);   /* 97:26:66 */
		}
	}
	assert_int_equal(b0, 2);
	assert_int_equal(c0, 1);
	emu_close(e);
}

/* SAO with R-W sub-channel in the program area (data form 40h, CD+G):
 * 2448-byte blocks, the R-W kept in PATH.sub and read back under the
 * drive's own P and Q; READ SUB-CHANNEL's current position is the last
 * block read. */
static void test_cd_sao_rw(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "sao-rw.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 2, .dbt = 0 }));
	uint8_t q[64], *p = q;
	p = cue_entry(p, 0x01, 0, 0, 0x01, 0, -150);
	p = cue_entry(p, 0x01, 1, 0, 0x40, 0, -150);
	p = cue_entry(p, 0x01, 1, 1, 0x40, 0, 0);
	p = cue_entry(p, 0x01, 0xAA, 1, 0x01, 0, 300);
	assert_good(send_cue(e, q, (size_t)(p - q)));
	uint8_t *blk = malloc(30 * 2448);
	for (int32_t l = -150; l < 300; l += 30) {
		for (int i = 0; i < 30; i++) {
			fill_audio(&blk[i * 2448], l + i, 1, 8);
			for (int k = 0; k < 96; k++)
				blk[i * 2448 + 2352 + k] = (uint8_t)((l + i + k) & 0x3f);
		}
		assert_good(write_raw(e, l, 30, blk, 2448));
	}
	free(blk);
	assert_good(sync_cache(e));
	assert_audio(e, 0, 300, 8);
	uint8_t raw[2352 + 96];
	assert_good(read_cd(e, 1, 77, 1, 0x10, 1, raw, sizeof(raw)));
	for (int k = 0; k < 96; k++)
		assert_int_equal(raw[2352 + k] & 0x3f, (77 + k) & 0x3f);
	uint8_t qq[16];
	formatted_q(e, 77, qq);
	for (int k = 0; k < 96; k++)    /* Q in bit 6 is the drive's */
		assert_int_equal((raw[2352 + k] >> 6) & 1, (qq[k / 8] >> (7 - k % 8)) & 1);
	assert_good(read_cd(e, 1, 77, 1, 0x00, 4, raw, 96));
	assert_int_equal(raw[5], (77 + 5) & 0x3f);
	uint8_t sc[24];
	assert_good(read_subchannel(e, 1, 0, sc));
	assert_int_equal(sc[6], 1);
	assert_int_equal(get_be32(&sc[8]), 77);
	emu_close(e);
}

/* A finished disc the emulator wrote, pressed: cd-rom of an audio CD-R
 * answers with profile 0008h and the same tracks, samples and codes, is
 * never written, and its files stay as they were; an unfinished disc or
 * one of another family cannot be pressed. */
static void test_pressed_from_burnt(void **state)
{
	char img[300], st[320];
	path_of(img, sizeof(img), "press-audio.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05_codes(e, (struct wp){ .wt = 1, .tm = 0, .dbt = 0 },
					"0123456789012", NULL));
	write_audio(e, 0, 300, 11);
	assert_good(sync_cache(e));
	assert_good(close_ts(e, 2, 0));
	emu_close(e);
	snprintf(st, sizeof(st), "%s.state", img);
	struct stat before, after;
	assert_int_equal(stat(st, &before), 0);

	e = open_emu("emu:cd-rom:%s", img);
	assert_int_equal(profile(e), 0x0008);
	assert_audio(e, 0, 300, 11);
	uint8_t b[64];
	assert_good(read_subchannel(e, 2, 0, b));
	assert_memory_equal(&b[9], "0123456789012", 13);
	assert_good(toc(e, 0, false, 0, b, sizeof(b)));
	assert_int_equal(b[3], 1);
	assert_int_equal(b[4 + 1], 0x10);
	uint8_t blk[2352];
	assert_sense(write_raw(e, 300, 1, blk, 2352), 5, 0x30, 0x05);
	assert_sense(toc(e, 4, false, 0, b, 28), 5, 0x24, 0x00);
	emu_close(e);
	assert_int_equal(stat(st, &after), 0);
	assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);

	/* not finalized, or of another family */
	char spec[400], why[256];
	path_of(img, sizeof(img), "press-open.img");
	e = open_emu("emu:dvd+r:%s", img);
	write_run(e, 0, 16);
	emu_close(e);
	snprintf(spec, sizeof(spec), "emu:dvd-rom:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "not finalized"));
	path_of(img, sizeof(img), "press-audio.img");
	snprintf(spec, sizeof(spec), "emu:bd-rom:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -EINVAL);
}

/* ---- RAW writing ------------------------------------------------------------------- */

static void q_crc_put(uint8_t *q)
{
	uint16_t c = q_crc_slow(q);
	q[10] = (uint8_t)(c >> 8);
	q[11] = (uint8_t)c;
}

static uint8_t bcd(unsigned v)
{
	return (uint8_t)((v / 10) << 4 | v % 10);
}

static void put_bcd_msf(uint8_t *p, int32_t lba)
{
	int32_t v = lba + 150;
	if (v < 0)
		v += 450000;
	p[0] = bcd((unsigned)(v / 4500));
	p[1] = bcd((unsigned)(v / 75 % 60));
	p[2] = bcd((unsigned)(v % 75));
}

/* A 2448-byte raw block: main data and raw P-W with q in bit 6. */
static void raw_block(uint8_t *b, const uint8_t *main2352, const uint8_t q[12])
{
	memcpy(b, main2352, 2352);
	for (int i = 0; i < 96; i++)
		b[2352 + i] = (uint8_t)(((q[i / 8] >> (7 - i % 8)) & 1) << 6);
}

/* The Q of block lba of the RAW disc of test_raw: two audio tracks, track 2
 * at 600 with index 0 from 450, lead-out at 900; lead-in TOC repeating the
 * points 1, 2, A0, A1, A2. */
static void raw_q(int32_t lba, uint8_t q[12])
{
	memset(q, 0, 12);
	if (lba < -150) {
		static const uint8_t pts[5] = { 0x01, 0x02, 0xA0, 0xA1, 0xA2 };
		uint8_t pt = pts[(unsigned)(lba + 11634) % 5];
		q[0] = 0x01;
		q[2] = pt;
		if (pt == 0x01)
			put_bcd_msf(&q[7], 0);
		else if (pt == 0x02)
			put_bcd_msf(&q[7], 600);
		else if (pt == 0xA0)
			q[7] = 0x01;
		else if (pt == 0xA1)
			q[7] = 0x02;
		else
			put_bcd_msf(&q[7], 900);
	} else if (lba >= 900) {
		q[0] = 0x01;
		q[1] = 0xAA;
		q[2] = 0x01;
		put_bcd_msf(&q[7], lba);
	} else {
		int track = lba < 450 ? 1 : 2, idx = lba < 0 || (lba >= 450 && lba < 600) ? 0 : 1;
		q[0] = 0x01;
		q[1] = bcd((unsigned)track);
		q[2] = bcd((unsigned)idx);
		int32_t start = track == 1 ? 0 : 600;
		put_bcd_msf(&q[3], (idx ? lba - start : start - 1 - lba) - 150);
		put_bcd_msf(&q[7], lba);
		if (lba == 250) {       /* an ISRC frame in track 1: DEA123300001 */
			memcpy(q, "\x03\x51\x54\x41\x08\x33\x00\x00\x10", 9);
			q[9] = bcd((unsigned)((lba + 150) % 75));
		}
	}
	q_crc_put(q);
}

static struct res raw_write_from(struct emu *e, int32_t lba, unsigned n, uint32_t seed,
				 int32_t broken_at, int what)
{
	uint8_t *b = malloc((size_t)n * 2448), main[2352], q[12];
	for (unsigned i = 0; i < n; i++) {
		int32_t l = lba + (int32_t)i;
		fill_audio(main, l, 1, seed);
		if (l < -150 || l >= 900)
			memset(main, 0, sizeof(main));
		raw_q(l, q);
		if (l == broken_at) {
			if (what == 0)
				q[11] ^= 1;                     /* CRC */
			else if (what == 1) {
				put_bcd_msf(&q[7], l + 1);      /* absolute time */
				q_crc_put(q);
			} else {
				q[2] = 0x01;                    /* index 1 too early */
				q_crc_put(q);
			}
		}
		raw_block(&b[(size_t)i * 2448], main, q);
	}
	struct res r = write_raw(e, lba, (uint16_t)n, b, 2448);
	free(b);
	return r;
}

/* RAW (write type 3, raw P-W): the lead-in's Q gives the TOC, the program
 * area's Q indices and codes, the first lead-out frame ends it; malformed
 * Q is refused 5/64/00. */
static void test_raw(void **state)
{
	char img[300];
	path_of(img, sizeof(img), "raw.img");
	struct emu *e = open_emu("emu:cd-r:%s", img);
	assert_good(mode_select05(e, (struct wp){ .wt = 3, .dbt = 3 }));
	/* it starts at the ATIP's lead-in start */
	assert_sense(raw_write_from(e, -150, 1, 5, INT32_MIN, 0), 5, 0x21, 0x02);
	assert_sense(raw_write_from(e, -11634, 8, 5, -11630, 0), 5, 0x64, 0x00);
	int32_t l = -11634;
	for (; l < -150; l += 32) {
		unsigned k = (unsigned)(-150 - l < 32 ? -150 - l : 32);
		assert_good(raw_write_from(e, l, k, 5, INT32_MIN, 0));
	}
	l = -150;
	/* Q at the wrong address, index 1 before the TOC's start: refused */
	assert_sense(raw_write_from(e, l, 16, 5, -140, 1), 5, 0x64, 0x00);
	assert_good(raw_write_from(e, l, 16, 5, INT32_MIN, 0));
	for (l = -134; l < 560; l += 32)
		assert_good(raw_write_from(e, l, (unsigned)(560 - l < 32 ? 560 - l : 32), 5,
					   INT32_MIN, 0));
	assert_sense(raw_write_from(e, 560, 32, 5, 570, 2), 5, 0x64, 0x00);
	for (l = 560; l < 900 + 64; l += 32)
		assert_good(raw_write_from(e, l, 32, 5, INT32_MIN, 0));
	assert_good(sync_cache(e));
	struct dinfo d = disc_info(e);
	assert_int_equal(d.status, 2);
	assert_int_equal(d.last, 2);
	uint8_t b[64];
	assert_good(toc(e, 0, false, 0, b, sizeof(b)));
	assert_int_equal(get_be32(&b[4 + 4]), 0);
	assert_int_equal(get_be32(&b[12 + 4]), 600);
	assert_int_equal(get_be32(&b[20 + 4]), 900);
	struct tinfo t = track_info(e, 1, 2);
	assert_int_equal(t.start, 600);
	assert_int_equal(t.size, 300);
	assert_int_equal(track_info(e, 1, 1).size, 450);
	assert_audio(e, 0, 16, 5);
	assert_audio(e, 440, 170, 5);
	uint8_t q[16];
	formatted_q(e, 500, q);
	assert_memory_equal(q, "\x01\x02\x00", 3);
	assert_good(read_subchannel(e, 3, 1, b));
	assert_memory_equal(&b[9], "DEA123300001", 12);
	emu_close(e);
}

/* ---- the emulator's files: links, crashes ------------------------------------- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static bool file_is(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

static bool is_link(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* A symbolic link planted where the emulator writes (PATH.state.tmp, the
 * log, PATH, PATH.state, PATH.loader) never leads it to write elsewhere:
 * temporary files are made by mkstemp and renamed, the others are opened
 * without following links, and a link is refused with a reason. */
static void test_planted_links(void **state)
{
	char img[300], victim[300], lnk[340], spec[700], why[256];
	struct emu *e;
	path_of(victim, sizeof(victim), "victim");
	write_file(victim, "VICTIM\n");

	/* PATH.state.tmp, the old fixed temporary name */
	path_of(img, sizeof(img), "links.img");
	snprintf(lnk, sizeof(lnk), "%s.state.tmp", img);
	assert_int_equal(symlink(victim, lnk), 0);
	e = open_emu("emu:dvd+r:%s", img);
	write_run(e, 0, 16);
	assert_good(sync_cache(e));
	emu_close(e);
	assert_true(file_is(victim, "VICTIM\n"));
	snprintf(lnk, sizeof(lnk), "%s.state", img);
	assert_false(is_link(lnk));
	assert_true(file_contains(lnk, "track=0,0,16,"));
	assert_image(img, 0, 16);

	/* the log */
	path_of(lnk, sizeof(lnk), "links.log");
	assert_int_equal(symlink(victim, lnk), 0);
	path_of(img, sizeof(img), "links2.img");
	snprintf(spec, sizeof(spec), "emu:dvd+r:log=%s:%s", lnk, img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -ELOOP);
	assert_non_null(strstr(why, "symbolic link"));
	assert_true(file_is(victim, "VICTIM\n"));

	/* the disc file itself, and its state file */
	path_of(lnk, sizeof(lnk), "links3.img");
	assert_int_equal(symlink(victim, lnk), 0);
	snprintf(spec, sizeof(spec), "emu:cd-r:%s", lnk);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -ELOOP);
	assert_non_null(strstr(why, "symbolic link"));
	assert_true(file_is(victim, "VICTIM\n"));
	path_of(img, sizeof(img), "links4.img");
	snprintf(lnk, sizeof(lnk), "%s.state", img);
	assert_int_equal(symlink(victim, lnk), 0);
	snprintf(spec, sizeof(spec), "emu:cd-r:%s", img);
	assert_int_equal(emu_open(spec, &e, why, sizeof(why)), -ELOOP);
	assert_non_null(strstr(why, "symbolic link"));
	assert_true(file_is(victim, "VICTIM\n"));
	assert_true(is_link(lnk));

	/* the autoloader's position */
	path_of(img, sizeof(img), "links-stack");
	snprintf(lnk, sizeof(lnk), "%s.loader", img);
	assert_int_equal(symlink(victim, lnk), 0);
	e = open_emu("emu:dvd+r:stack=2:%s", img);
	uint8_t eject[6] = { 0x1B, 0, 0, 0, 0x02 };
	assert_good(run(e, eject, 6, SCSI_DIR_NONE, NULL, 0));
	emu_close(e);
	assert_true(file_is(victim, "VICTIM\n"));
	assert_false(is_link(lnk));
	assert_true(file_is(lnk, "2\n"));
}

/* The state file's claim about the open track: its written blocks. */
static uint32_t claimed_blocks(const char *img)
{
	char st[320], line[256];
	snprintf(st, sizeof(st), "%s.state", img);
	FILE *f = fopen(st, "r");
	assert_non_null(f);
	uint32_t written = 0;
	while (fgets(line, sizeof(line), f)) {
		int start;
		unsigned size, w;
		if (sscanf(line, "track=%d,%u,%u,", &start, &size, &w) == 3)
			written = w;
	}
	fclose(f);
	return written;
}

/* A burner writing to spec until killed; reports the NWA after each WRITE. */
static pid_t writer(const char *spec, int *rfd)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		struct emu *e;
		char why[256];
		if (emu_open(spec, &e, why, sizeof(why)) != 0)
			_exit(2);
		static uint8_t buf[64 * 2048];
		for (int32_t lba = 0; lba < 60000; lba += 64) {
			fill_pattern(buf, lba, 64);
			uint8_t cdb[10] = { 0x2A };
			put_be32(&cdb[2], (uint32_t)lba);
			put_be16(&cdb[7], 64);
			struct scsi_cmd c;
			memset(&c, 0, sizeof(c));
			memcpy(c.cdb, cdb, 10);
			c.cdb_len = 10;
			c.dir = SCSI_DIR_OUT;
			c.data = buf;
			c.data_len = sizeof(buf);
			if (emu_exec(e, &c) != 0 || c.status)
				_exit(3);
			int32_t nwa = lba + 64;
			if (write(p[1], &nwa, sizeof(nwa)) != sizeof(nwa))
				_exit(4);
		}
		for (;;)
			pause();
	}
	close(p[1]);
	*rfd = p[0];
	return pid;
}

/* SIGKILL at any moment of a long write: the state file never claims more
 * than the disc file holds, and lags it by at most what the save cadence
 * allows (16 MiB, or one second of writing). */
static void test_killed_writer(void **state)
{
	static const int32_t targets[] = { 9000, 13111, 21000, 30523, 41999 };
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		char img[300], spec[400], name[32];
		snprintf(name, sizeof(name), "kill%zu.img", i);
		path_of(img, sizeof(img), name);
		snprintf(spec, sizeof(spec), "emu:dvd+r:%s", img);
		int rfd;
		pid_t pid = writer(spec, &rfd);
		int32_t nwa = 0;
		while (nwa < targets[i])
			assert_int_equal(read(rfd, &nwa, sizeof(nwa)), sizeof(nwa));
		kill(pid, SIGKILL);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		close(rfd);
		struct stat st;
		assert_int_equal(stat(img, &st), 0);
		uint64_t claimed = (uint64_t)claimed_blocks(img) * 2048;
		if (claimed > (uint64_t)st.st_size)
			fail_msg("state claims %llu bytes, the disc file holds %lld",
				 (unsigned long long)claimed, (long long)st.st_size);
		if ((uint64_t)st.st_size - claimed > 8192ull * 2048 + 64 * 2048)
			fail_msg("state lags the disc file by %llu bytes",
				 (unsigned long long)((uint64_t)st.st_size - claimed));
		/* what it claims is what was written */
		assert_image(img, 0, (unsigned)(claimed / 2048));
		struct emu *e = open_emu("emu:%s", img);
		assert_int_equal(next_track(e).nwa, claimed / 2048);
		assert_int_equal(disc_info(e).status, 1);
		emu_close(e);
		unlink(img);
	}
	/* a slow burn: saved every second though far from 16 MiB */
	char img[300], spec[400];
	path_of(img, sizeof(img), "kill-slow.img");
	snprintf(spec, sizeof(spec), "emu:dvd+r:speed=1:buffer=1024:%s", img);
	int rfd;
	pid_t pid = writer(spec, &rfd);
	sleep_ms(2600);
	kill(pid, SIGKILL);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(rfd);
	struct stat st;
	assert_int_equal(stat(img, &st), 0);
	uint64_t claimed = (uint64_t)claimed_blocks(img) * 2048;
	assert_true(st.st_size >= 3000000);
	assert_true(claimed <= (uint64_t)st.st_size);
	if ((uint64_t)st.st_size - claimed > 1800000)
		fail_msg("slow burn: state lags by %llu bytes",
			 (unsigned long long)((uint64_t)st.st_size - claimed));
}

/* ---- the command log ----------------------------------------------------- */

static void test_log(void **state)
{
	char img[300], log[300];
	path_of(img, sizeof(img), "log.img");
	path_of(log, sizeof(log), "cmd.log");
	struct emu *e = open_emu("emu:dvd+r:log=%s:%s", log, img);
	uint8_t buf[16 * 2048] = { 0 };
	assert_good(write_blocks(e, 0, 16, buf));
	assert_sense(write_blocks(e, 0, 16, buf), 5, 0x21, 0x02);
	emu_close(e);
	assert_true(file_contains(log, "WRITE(10) cdb=2a000000000000001000 len=32768 status=0 sense=0/00/00"));
	assert_true(file_contains(log, "len=32768 status=2 sense=5/21/02"));
	assert_true(file_contains(log, "CLOSE burnfree=0 underruns=0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inquiry),
		cmocka_unit_test(test_fresh_media),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_dvdplusr_burn),
		cmocka_unit_test(test_dvdplusr_past_end),
		cmocka_unit_test(test_dvdr_dao),
		cmocka_unit_test(test_dvdr_dao_unpadded),
		cmocka_unit_test(test_dvdr_track_variable_packets),
		cmocka_unit_test(test_dvdr_incremental_multisession),
		cmocka_unit_test(test_cdr_tao_msinfo),
		cmocka_unit_test(test_cdr_sao),
		cmocka_unit_test(test_cdr_test_write),
		cmocka_unit_test(test_bdr),
		cmocka_unit_test(test_bdr_format),
		cmocka_unit_test(test_disc_structures),
		cmocka_unit_test(test_cdrw_blank),
		cmocka_unit_test(test_dvdrw_blank_track_and_session),
		cmocka_unit_test(test_dvdrw_format_ro),
		cmocka_unit_test(test_dvdplusrw_and_bdre),
		cmocka_unit_test(test_tray_and_events),
		cmocka_unit_test(test_mode_pages_and_speeds),
		cmocka_unit_test(test_mode_page01_and_read_speed),
		cmocka_unit_test(test_cd_write_mode_probes),
		cmocka_unit_test(test_faults_write),
		cmocka_unit_test(test_faults_misc),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_underrun),
		cmocka_unit_test(test_hard_disk),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_dvdr_dl),
		cmocka_unit_test(test_dvdplusrw_dl),
		cmocka_unit_test(test_dvdram),
		cmocka_unit_test(test_pressed_discs),
		cmocka_unit_test(test_read_cd_data),
		cmocka_unit_test(test_pressed_from_burnt),
		cmocka_unit_test(test_read_faults),
		cmocka_unit_test(test_cd_tao_audio),
		cmocka_unit_test(test_cd_sao),
		cmocka_unit_test(test_cd_tao_mode2),
		cmocka_unit_test(test_cd_data_then_audio),
		cmocka_unit_test(test_cd_sao_rw),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_planted_links),
		cmocka_unit_test(test_killed_writer),
	};
	return cmocka_run_group_tests_name("emu", tests, setup, teardown);
}
