/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_drive.c — the drive wrappers against a fake device: the fake records
 * every command (CDB and outgoing data) and plays back canned answers.
 *
 * This program links src/drive.c, mmc.c, sense.c and err.c directly and
 * defines device_run() itself, so no backend and no device.c are involved.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drive/drive.h"

/* device.h leaves struct device opaque; the fake needs nothing in it. */
struct device {
	int unused;
};

#define MAX_CMDS 8
#define MAX_DATA 4096

struct answer {
	uint8_t data[MAX_DATA];
	size_t len;             /* bytes the "drive" returns for an IN command */
	uint8_t key, asc, ascq; /* key != 0: CHECK CONDITION */
};

static struct {
	unsigned ncmds;
	struct scsi_cmd cmd[MAX_CMDS];
	uint8_t out[MAX_CMDS][MAX_DATA];        /* data sent by OUT commands */
	unsigned budget[MAX_CMDS];
	unsigned nanswers, next;
	struct answer ans[MAX_CMDS];
} fake;

static struct device dev;

int device_run(struct device *d, struct scsi_cmd *c, unsigned budget_ms, struct db_error *err)
{
	assert_ptr_equal(d, &dev);
	assert_non_null(err);   /* device_run needs err; drive.c must always pass one */
	assert_true(fake.ncmds < MAX_CMDS);
	unsigned i = fake.ncmds++;
	fake.cmd[i] = *c;
	fake.budget[i] = budget_ms;
	if (c->dir == SCSI_DIR_OUT)
		memcpy(fake.out[i], c->data, c->data_len < MAX_DATA ? c->data_len : MAX_DATA);

	assert_true(fake.next < fake.nanswers);
	const struct answer *a = &fake.ans[fake.next++];
	if (a->key) {
		db_fail(err, DB_R_COMMAND_FAILED, .subject = "fake");
		err->have_sense = 1;
		err->key = a->key;
		err->asc = a->asc;
		err->ascq = a->ascq;
		err->opcode = c->cdb[0];
		return DB_ECHECK;
	}
	c->status = SCSI_STATUS_GOOD;
	c->resid = c->data_len;
	if (c->dir == SCSI_DIR_IN) {
		size_t n = a->len < c->data_len ? a->len : c->data_len;
		memcpy(c->data, a->data, n);
		c->resid = c->data_len - (uint32_t)n;
	} else {
		c->resid = 0;
	}
	return 0;
}

static int reset(void **state)
{
	memset(&fake, 0, sizeof(fake));
	return 0;
}

static void answer(const void *data, size_t len)
{
	struct answer *a = &fake.ans[fake.nanswers++];
	memset(a, 0, sizeof(*a));
	if (len)
		memcpy(a->data, data, len);
	a->len = len;
}

static void answer_check(uint8_t key, uint8_t asc, uint8_t ascq)
{
	struct answer *a = &fake.ans[fake.nanswers++];
	memset(a, 0, sizeof(*a));
	a->key = key;
	a->asc = asc;
	a->ascq = ascq;
}

static void expect_sent(unsigned i, const uint8_t *cdb, size_t n)
{
	assert_true(i < fake.ncmds);
	assert_int_equal(fake.cmd[i].cdb_len, n);
	assert_memory_equal(fake.cmd[i].cdb, cdb, n);
}

#define CDB(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

/* ---- tests --------------------------------------------------------------- */

static void test_tur_and_check_condition(void **state)
{
	struct db_error err;

	answer(NULL, 0);
	assert_int_equal(drive_test_unit_ready(&dev, &err), 0);
	expect_sent(0, CDB(0x00, 0, 0, 0, 0, 0));

	answer_check(0x2, 0x3A, 0x00);
	assert_int_equal(drive_test_unit_ready(&dev, &err), DB_ECHECK);
	assert_int_equal(err.key, 2);
	assert_int_equal(err.asc, 0x3A);

	/* a caller without a db_error still gets the code */
	answer_check(0x2, 0x3A, 0x00);
	assert_int_equal(drive_test_unit_ready(&dev, NULL), DB_ECHECK);
}

static void test_inquiry(void **state)
{
	const uint8_t inq[36] = {
		0x05, 0x80, 0x05, 0x32, 0x1F, 0, 0, 0,
		'E', 'M', 'U', ' ', ' ', ' ', ' ', ' ',
		'R', 'e', 'c', 'o', 'r', 'd', 'e', 'r', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
		'0', '.', '1', ' ',
	};
	struct mmc_inquiry q;
	struct db_error err;

	answer(inq, sizeof(inq));
	assert_int_equal(drive_inquiry(&dev, &q, &err), 0);
	expect_sent(0, CDB(0x12, 0, 0, 0, 96, 0));
	assert_int_equal(q.peripheral_type, 5);
	assert_string_equal(q.vendor, "EMU");
	assert_string_equal(q.model, "Recorder");
	assert_string_equal(q.revision, "0.1");

	answer(inq, 3);
	assert_int_equal(drive_inquiry(&dev, &q, &err), DB_ESHORT);
	assert_int_equal(err.code, DB_ESHORT);
	assert_non_null(strstr(err.what, "INQUIRY"));
}

/* A configuration longer than the first allocation: asked again, larger. */
static void test_get_configuration_grows(void **state)
{
	static uint8_t big[3000];
	struct mmc_config cfg;
	struct db_error err;

	memset(big, 0, sizeof(big));
	uint32_t total = sizeof(big);
	big[0] = (uint8_t)((total - 4) >> 24);
	big[1] = (uint8_t)((total - 4) >> 16);
	big[2] = (uint8_t)((total - 4) >> 8);
	big[3] = (uint8_t)(total - 4);
	big[7] = 0x09;                          /* CD-R */
	/* Profile List, then padding features up to the end, then CD Mastering
	 * last of all: only the second, larger answer contains it */
	const uint8_t plist[8] = { 0x00, 0x00, 0x03, 0x04, 0x00, 0x09, 0x01, 0x00 };
	memcpy(big + 8, plist, sizeof(plist));
	size_t off = 16;
	while (off + 8 + 8 <= total) {
		big[off + 0] = 0xFF;            /* vendor feature 0xFF00, 4 bytes */
		big[off + 3] = 4;
		off += 8;
	}
	const uint8_t mastering[8] = { 0x00, 0x2E, 0x01, 0x04, 0x60, 0, 0, 0 };
	memcpy(big + off, mastering, sizeof(mastering));
	total = (uint32_t)(off + 8);
	big[2] = (uint8_t)((total - 4) >> 8);
	big[3] = (uint8_t)(total - 4);

	answer(big, total);
	answer(big, total);
	assert_int_equal(drive_get_configuration(&dev, &cfg, &err), 0);
	assert_int_equal(fake.ncmds, 2);
	expect_sent(0, CDB(0x46, 0x00, 0, 0, 0, 0, 0, 0x08, 0x00, 0));
	expect_sent(1, CDB(0x46, 0x00, 0, 0, 0, 0, 0, (uint8_t)(total >> 8), (uint8_t)total, 0));
	assert_int_equal(cfg.current_profile, PROF_CD_R);
	assert_int_equal(cfg.nprofiles, 1);
	assert_true(cfg.f_cd_sao);
	assert_true(cfg.f_burnfree);
}

static void test_get_configuration_fits(void **state)
{
	const uint8_t small[16] = { 0, 0, 0, 12, 0, 0, 0x00, 0x1B,
				    0x00, 0x00, 0x03, 0x04, 0x00, 0x1B, 0x01, 0x00 };
	struct mmc_config cfg;
	struct db_error err;

	answer(small, sizeof(small));
	assert_int_equal(drive_get_configuration(&dev, &cfg, &err), 0);
	assert_int_equal(fake.ncmds, 1);
	assert_int_equal(cfg.current_profile, PROF_DVD_PLUS_R);
}

static void test_disc_track_capacity(void **state)
{
	uint8_t di[34] = { 0x00, 0x20, 0x00, 0x01, 0x01, 0x01, 0x01, 0x00 };
	uint8_t ti[36] = { 0x00, 0x22, 0x01, 0x01, 0x00, 0x07, 0x40, 0x01 };
	ti[19] = 0x40;          /* free blocks 0x40 */
	const uint8_t cap[8] = { 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x00 };
	struct mmc_disc_info d;
	struct mmc_track_info t;
	struct mmc_capacity c;
	struct db_error err;

	answer(di, sizeof(di));
	answer(ti, sizeof(ti));
	answer(cap, sizeof(cap));
	assert_int_equal(drive_read_disc_info(&dev, &d, &err), 0);
	assert_int_equal(drive_read_track_info(&dev, 1, 0xFF, &t, &err), 0);
	assert_int_equal(drive_read_capacity(&dev, &c, &err), 0);
	expect_sent(0, CDB(0x51, 0, 0, 0, 0, 0, 0, 0x00, 34, 0));
	expect_sent(1, CDB(0x52, 0x01, 0, 0, 0, 0xFF, 0, 0x00, 48, 0));
	expect_sent(2, CDB(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(d.status, DISC_EMPTY);
	assert_true(t.blank);
	assert_true(t.nwa_valid);
	assert_int_equal(t.free_blocks, 0x40);
	assert_int_equal(c.last_lba, 0x1000);

	/* the drive sent 20 bytes of disc information: too short */
	answer(di, 20);
	assert_int_equal(drive_read_disc_info(&dev, &d, &err), DB_ESHORT);
	assert_non_null(strstr(err.what, "READ DISC INFORMATION"));
}

/* MODE SENSE answer for page 05 with a block descriptor and PS set. */
static size_t page05(uint8_t *b)
{
	memset(b, 0, 8 + 8 + 60);
	b[1] = 8 + 8 + 60 - 2;
	b[7] = 8;
	uint8_t *p = b + 16;
	p[0] = 0x85;
	p[1] = 58;              /* a drive with 4 vendor bytes after the subheader */
	p[2] = 0x02;            /* SAO */
	p[3] = 0x04;
	p[4] = 0x08;
	p[5] = 0x07;            /* link size */
	memcpy(p + 16, "0123456789012", 13);
	p[56] = 0xDE;
	p[57] = 0xAD;
	return 8 + 8 + 60;
}

static void test_write_params(void **state)
{
	uint8_t ms[128];
	size_t n = page05(ms);
	struct mmc_write_params wp;
	struct db_error err;

	answer(ms, n);
	assert_int_equal(drive_get_write_params(&dev, &wp, &err), 0);
	expect_sent(0, CDB(0x5A, 0x08, 0x05, 0, 0, 0, 0, 0x02, 0x00, 0));
	assert_int_equal(wp.write_type, WT_SAO);

	reset(NULL);
	answer(ms, n);
	answer(NULL, 0);
	wp.write_type = WT_TAO;
	wp.test_write = true;
	wp.bufe = true;
	wp.multisession = 3;
	assert_int_equal(drive_set_write_params(&dev, &wp, &err), 0);
	assert_int_equal(fake.ncmds, 2);
	expect_sent(1, CDB(0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 8 + 60, 0));
	const uint8_t *sent = fake.out[1];
	for (int i = 0; i < 8; i++)
		assert_int_equal(sent[i], 0);   /* mode data length and BD length zero */
	assert_int_equal(sent[8], 0x05);        /* PS stripped */
	assert_int_equal(sent[9], 58);
	assert_int_equal(sent[10], 0x40 | 0x10 | 0x01);
	assert_int_equal(sent[11], 0xC0 | 0x04);
	assert_int_equal(sent[12], 0x08);
	assert_int_equal(sent[13], 0x07);       /* kept */
	assert_memory_equal(sent + 8 + 16, "0123456789012", 13);
	assert_int_equal(sent[8 + 56], 0xDE);   /* vendor bytes kept */
	assert_int_equal(sent[8 + 57], 0xAD);

	/* the drive refuses the parameters: the MODE SELECT's sense comes back */
	reset(NULL);
	answer(ms, n);
	answer_check(0x5, 0x26, 0x00);
	assert_int_equal(drive_set_write_params(&dev, &wp, &err), DB_ECHECK);
	assert_int_equal(err.opcode, 0x55);
	assert_int_equal(err.asc, 0x26);

	/* the drive answers with another page: nothing is selected */
	reset(NULL);
	ms[16] = 0x2A;
	answer(ms, n);
	assert_int_equal(drive_set_write_params(&dev, &wp, &err), DB_EINVAL);
	assert_int_equal(fake.ncmds, 1);
}

static void test_mode_sense_page_and_caps(void **state)
{
	uint8_t ms[8 + 32] = { 0x00, 38, 0, 0, 0, 0, 0, 0, 0x2A, 30 };
	ms[8 + 3] = 0x01;       /* writes CD-R */
	ms[8 + 4] = 0x80;       /* BUF (byte 4 bit 7) */
	ms[8 + 18] = 0x1B;
	ms[8 + 19] = 0x90;
	uint8_t page[64];
	size_t plen;
	struct mmc_caps caps;
	struct db_error err;

	answer(ms, sizeof(ms));
	assert_int_equal(drive_mode_sense_page(&dev, 0x2A, page, sizeof(page), &plen, &err), 0);
	expect_sent(0, CDB(0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x02, 0x00, 0));
	assert_int_equal(plen, 32);
	assert_memory_equal(page, ms + 8, 32);

	answer(ms, sizeof(ms));
	assert_int_equal(drive_mode_sense_page(&dev, 0x2A, page, 10, &plen, &err), 0);
	assert_int_equal(plen, 10);

	answer(ms, sizeof(ms));
	assert_int_equal(drive_get_caps(&dev, &caps, &err), 0);
	assert_true(caps.write_cdr);
	assert_true(caps.burnfree);
	assert_int_equal(caps.max_write_kbps, 0x1B90);
}

static void test_speeds(void **state)
{
	const uint8_t perf[8 + 32] = {
		0, 0, 0, 36, 0x02, 0, 0, 0,
		0, 0, 0, 0, 0, 0x23, 0x05, 0x3F, 0, 0, 0x2B, 0x50, 0, 0, 0x15, 0xA8,
		0, 0, 0, 0, 0, 0x23, 0x05, 0x3F, 0, 0, 0x2B, 0x50, 0, 0, 0x2B, 0x50,
	};
	struct db_error err;

	/* CD: SET CD SPEED, maximum read, write in kB/s */
	answer(NULL, 0);
	assert_int_equal(drive_set_speed(&dev, PROF_CD_R, 1764, 0, &err), 0);
	expect_sent(0, CDB(0xBB, 0, 0xFF, 0xFF, 0x06, 0xE4, 0, 0, 0, 0, 0, 0));
	answer(NULL, 0);
	assert_int_equal(drive_set_speed(&dev, PROF_CD_RW, 0, 0, &err), 0);
	expect_sent(1, CDB(0xBB, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0));

	/* DVD with a speed: SET STREAMING with the descriptor */
	reset(NULL);
	answer(NULL, 0);
	assert_int_equal(drive_set_speed(&dev, PROF_DVD_PLUS_R, 5540, 0x0023053F, &err), 0);
	expect_sent(0, CDB(0xB6, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x1C, 0));
	const uint8_t want[28] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x23, 0x05, 0x3F,
		0, 0, 0x15, 0xA4, 0, 0, 0x03, 0xE8, 0, 0, 0x15, 0xA4, 0, 0, 0x03, 0xE8,
	};
	assert_memory_equal(fake.out[0], want, 28);

	/* BD without a speed: the fastest GET PERFORMANCE lists */
	reset(NULL);
	answer(perf, sizeof(perf));
	answer(NULL, 0);
	assert_int_equal(drive_set_speed(&dev, PROF_BD_R_SRM, 0, 1000, &err), 0);
	expect_sent(0, CDB(0xAC, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x20, 0x03, 0));
	assert_int_equal(fake.out[1][22], 0x2B);
	assert_int_equal(fake.out[1][23], 0x50);

	/* no medium / unknown family: refused without a command */
	reset(NULL);
	assert_int_equal(drive_set_speed(&dev, PROF_NONE, 1000, 0, &err), DB_EINVAL);
	assert_int_equal(fake.ncmds, 0);

	struct mmc_speeds sp;
	answer(perf, sizeof(perf));
	assert_int_equal(drive_write_speeds(&dev, &sp, &err), 0);
	assert_int_equal(sp.n, 2);
	assert_int_equal(sp.write_kbps[0], 5544);
}

static void test_write_read(void **state)
{
	static uint8_t buf[4 * 2048];
	struct db_error err;

	answer(NULL, 0);
	assert_int_equal(drive_write(&dev, 16, 4, buf, 2048, &err), 0);
	expect_sent(0, CDB(0x2A, 0, 0, 0, 0, 16, 0, 0x00, 0x04, 0));
	assert_ptr_equal(fake.cmd[0].data, buf);
	assert_int_equal(fake.cmd[0].data_len, sizeof(buf));
	assert_int_equal(fake.cmd[0].dir, SCSI_DIR_OUT);

	/* CD SAO writes the pregap from LBA -150 */
	answer(NULL, 0);
	assert_int_equal(drive_write(&dev, -150, 1, buf, 2048, &err), 0);
	expect_sent(1, CDB(0x2A, 0, 0xFF, 0xFF, 0xFF, 0x6A, 0, 0x00, 0x01, 0));

	/* more blocks than WRITE(10) carries: WRITE(12) */
	static uint8_t big[70000];
	answer(NULL, 0);
	assert_int_equal(drive_write(&dev, 0, 70000, big, 1, &err), 0);
	expect_sent(2, CDB(0xAA, 0, 0, 0, 0, 0, 0x00, 0x01, 0x11, 0x70, 0, 0));

	/* nothing to write is a caller bug, not a command */
	assert_int_equal(drive_write(&dev, 0, 0, buf, 2048, &err), DB_EINVAL);
	assert_int_equal(drive_write(&dev, 0, 0x200000, buf, 4096, &err), DB_EINVAL);
	assert_int_equal(fake.ncmds, 3);

	/* a write error carries the drive's sense */
	answer_check(0x3, 0x0C, 0x00);
	assert_int_equal(drive_write(&dev, 0, 1, buf, 2048, &err), DB_ECHECK);
	assert_int_equal(err.key, 3);

	reset(NULL);
	memset(buf, 0x5A, sizeof(buf));
	answer(buf, 2 * 2048);
	uint8_t in[2 * 2048];
	assert_int_equal(drive_read(&dev, 7, 2, in, 2048, &err), 0);
	expect_sent(0, CDB(0x28, 0, 0, 0, 0, 7, 0, 0x00, 0x02, 0));
	assert_memory_equal(in, buf, sizeof(in));

	answer(buf, 2048);      /* one block short */
	assert_int_equal(drive_read(&dev, 7, 2, in, 2048, &err), DB_ESHORT);
	assert_int_equal(err.code, DB_ESHORT);
}

static void test_closing(void **state)
{
	struct db_error err;

	answer(NULL, 0);
	assert_int_equal(drive_sync_cache(&dev, 0, &err), 0);
	expect_sent(0, CDB(0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(fake.cmd[0].timeout_ms, MMC_TIMEOUT_LONG_MS);
	assert_int_equal(fake.budget[0], MMC_TIMEOUT_LONG_MS);

	answer(NULL, 0);
	assert_int_equal(drive_sync_cache(&dev, 90000, &err), 0);
	assert_int_equal(fake.cmd[1].timeout_ms, 90000);

	answer(NULL, 0);
	assert_int_equal(drive_close_track_session(&dev, 1, 1, 0, &err), 0);
	expect_sent(2, CDB(0x5B, 0x00, 0x01, 0, 0x00, 0x01, 0, 0, 0, 0));
	assert_int_equal(fake.cmd[2].timeout_ms, MMC_TIMEOUT_LONG_MS);

	answer(NULL, 0);
	assert_int_equal(drive_close_track_session(&dev, 6, 0, 5000, &err), 0);
	expect_sent(3, CDB(0x5B, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(fake.cmd[3].timeout_ms, 5000);

	answer(NULL, 0);
	assert_int_equal(drive_reserve_track(&dev, 0x1000, &err), 0);
	expect_sent(4, CDB(0x53, 0, 0, 0, 0, 0, 0, 0x10, 0x00, 0));

	uint8_t cue[32];
	assert_int_equal(mmc_cue_single_data_track(cue, sizeof(cue), 1000), 32);
	answer(NULL, 0);
	assert_int_equal(drive_send_cue_sheet(&dev, cue, sizeof(cue), &err), 0);
	expect_sent(5, CDB(0x5D, 0, 0, 0, 0, 0, 0x00, 0x00, 0x20, 0));
	assert_memory_equal(fake.out[5], cue, 32);
	assert_int_equal(drive_send_cue_sheet(&dev, cue, 12, &err), DB_EINVAL);
	assert_int_equal(drive_send_cue_sheet(&dev, cue, 0, &err), DB_EINVAL);
	assert_int_equal(fake.ncmds, 6);
}

static void test_mechanics_and_blanking(void **state)
{
	struct db_error err;

	answer(NULL, 0);
	assert_int_equal(drive_start_stop(&dev, false, true, &err), 0);
	expect_sent(0, CDB(0x1B, 0, 0, 0, 0x02, 0));
	answer(NULL, 0);
	assert_int_equal(drive_lock(&dev, true, &err), 0);
	expect_sent(1, CDB(0x1E, 0, 0, 0, 0x01, 0));

	answer(NULL, 0);
	assert_int_equal(drive_blank(&dev, 1, 0, true, &err), 0);
	expect_sent(2, CDB(0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(fake.budget[2], 0);

	answer(NULL, 0);
	assert_int_equal(drive_blank(&dev, 0, 0, false, &err), 0);
	expect_sent(3, CDB(0xA1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(fake.cmd[3].timeout_ms, MMC_TIMEOUT_LONG_MS);
	assert_int_equal(fake.budget[3], MMC_TIMEOUT_LONG_MS);

	answer(NULL, 0);
	assert_int_equal(drive_format_unit(&dev, 0x00230540, 0x26, 0, true, &err), 0);
	expect_sent(4, CDB(0x04, 0x11, 0, 0, 0, 0));
	const uint8_t list[12] = { 0, 0x82, 0, 8, 0x00, 0x23, 0x05, 0x40, 0x98, 0, 0, 0 };
	assert_memory_equal(fake.out[4], list, 12);

	/* progress while the blank runs: 2/04/07 with SKSV, half done */
	const uint8_t sense[18] = { 0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0,
				    0x04, 0x07, 0, 0x80, 0x80, 0x00 };
	struct sense s;
	answer(sense, sizeof(sense));
	assert_int_equal(drive_request_sense_progress(&dev, &s, &err), 0);
	expect_sent(5, CDB(0x03, 0, 0, 0, SCSI_SENSE_MAX, 0));
	assert_true(s.progress_valid);
	assert_int_equal(s.progress, 0x8000);
	assert_int_equal(s.key, SK_NOT_READY);

	answer(NULL, 0);
	assert_int_equal(drive_request_sense_progress(&dev, &s, &err), DB_ESHORT);
}

/* A malformed answer is the drive's fault, named by its command; a poll of
 * REQUEST SENSE that stops before ASC/ASCQ tells nothing about the drive. */
static void test_short_answers_name_the_command(void **state)
{
	struct db_error err;
	struct sense s;
	/* fixed format cut after 9 bytes: the key, but no ASC/ASCQ */
	const uint8_t cut[9] = { 0x70, 0, 0x02, 0, 0, 0, 0, 10, 0 };
	answer(cut, sizeof(cut));
	assert_int_equal(drive_request_sense_progress(&dev, &s, &err), DB_ESHORT);
	assert_int_equal(err.reason, DB_R_NO_SENSE_DATA);
	assert_true(err.opcode_valid);
	assert_int_equal(err.opcode, MMC_REQUEST_SENSE);
	/* descriptor format needs only 4 bytes for ASC/ASCQ */
	const uint8_t desc[4] = { 0x72, 0x02, 0x04, 0x04 };
	answer(desc, sizeof(desc));
	assert_int_equal(drive_request_sense_progress(&dev, &s, &err), 0);
	assert_int_equal(s.asc, 0x04);
	assert_int_equal(s.ascq, 0x04);

	struct mmc_disc_info di;
	const uint8_t two[2] = { 0, 32 };
	answer(two, sizeof(two));
	assert_int_equal(drive_read_disc_info(&dev, &di, &err), DB_ESHORT);
	assert_int_equal(err.reason, DB_R_ANSWER_SHORT);
	assert_string_equal(err.what, "READ DISC INFORMATION");
	assert_true(err.opcode_valid);
	assert_int_equal(err.opcode, MMC_READ_DISC_INFO);

	struct mmc_speeds sp;
	answer(NULL, 0);
	assert_true(drive_write_speeds(&dev, &sp, &err) < 0);
	assert_true(err.opcode_valid);
	assert_int_equal(err.opcode, MMC_GET_PERFORMANCE);

	struct mmc_format_caps fc;
	answer(NULL, 0);
	assert_true(drive_read_format_capacities(&dev, &fc, &err) < 0);
	assert_int_equal(err.opcode, MMC_READ_FORMAT_CAPS);
}

static void test_toc_and_events(void **state)
{
	const uint8_t toc[4 + 16] = {
		0x00, 0x12, 1, 1,
		0, 0x14, 1, 0, 0, 0, 0, 0,
		0, 0x14, 0xAA, 0, 0, 0, 0x20, 0,
	};
	const uint8_t sess[12] = { 0x00, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0 };
	const uint8_t ev[8] = { 0x00, 0x06, 0x04, 0x10, 0x00, 0x01, 0, 0 };
	const uint8_t bc[12] = { 0, 10, 0, 0, 0, 0x10, 0, 0, 0, 0x08, 0, 0 };
	const uint8_t fc[12] = { 0, 0, 0, 8, 0x00, 0x23, 0x05, 0x40, 0x03, 0x00, 0x08, 0x00 };
	struct mmc_toc t;
	struct mmc_session_info si;
	struct mmc_event_media em;
	struct mmc_buffer_cap b;
	struct mmc_format_caps f;
	struct db_error err;

	answer(toc, sizeof(toc));
	answer(sess, sizeof(sess));
	answer(ev, sizeof(ev));
	answer(bc, sizeof(bc));
	answer(fc, sizeof(fc));
	assert_int_equal(drive_read_toc(&dev, &t, &err), 0);
	assert_int_equal(drive_session_info(&dev, &si, &err), 0);
	assert_int_equal(drive_get_event_media(&dev, &em, &err), 0);
	assert_int_equal(drive_read_buffer_capacity(&dev, &b, &err), 0);
	assert_int_equal(drive_read_format_capacities(&dev, &f, &err), 0);
	expect_sent(0, CDB(0x43, 0, 0x00, 0, 0, 0, 0, 0x03, 0x24, 0));
	expect_sent(1, CDB(0x43, 0, 0x01, 0, 0, 0, 0, 0x00, 0x0C, 0));
	expect_sent(2, CDB(0x4A, 0x01, 0, 0, 0x10, 0, 0, 0x00, 0x08, 0));
	expect_sent(3, CDB(0x5C, 0x00, 0, 0, 0, 0, 0, 0x00, 0x0C, 0));
	expect_sent(4, CDB(0x23, 0, 0, 0, 0, 0, 0, 0x01, 0x04, 0));
	assert_int_equal(t.n, 2);
	assert_int_equal(t.e[1].track, 0xAA);
	assert_int_equal(t.e[1].lba, 0x2000);
	assert_int_equal(si.first_track_last, 1);
	assert_true(em.valid);
	assert_false(em.present);
	assert_true(em.tray_open);
	assert_int_equal(b.size, 0x100000);
	assert_int_equal(b.free, 0x80000);
	assert_int_equal(f.cur_type, 3);
	assert_int_equal(f.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_tur_and_check_condition, reset),
		cmocka_unit_test_setup(test_inquiry, reset),
		cmocka_unit_test_setup(test_get_configuration_grows, reset),
		cmocka_unit_test_setup(test_get_configuration_fits, reset),
		cmocka_unit_test_setup(test_disc_track_capacity, reset),
		cmocka_unit_test_setup(test_write_params, reset),
		cmocka_unit_test_setup(test_mode_sense_page_and_caps, reset),
		cmocka_unit_test_setup(test_speeds, reset),
		cmocka_unit_test_setup(test_write_read, reset),
		cmocka_unit_test_setup(test_closing, reset),
		cmocka_unit_test_setup(test_mechanics_and_blanking, reset),
		cmocka_unit_test_setup(test_toc_and_events, reset),
		cmocka_unit_test_setup(test_short_answers_name_the_command, reset),
	};
	return cmocka_run_group_tests_name("drive", tests, NULL, NULL);
}
