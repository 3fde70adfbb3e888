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
#include <sys/stat.h>
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
	};
	return cmocka_run_group_tests_name("emu", tests, setup, teardown);
}
