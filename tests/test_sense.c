/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sense.c — fixed and descriptor sense, progress, deferred errors,
 * truncated sense, and the classification table. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/messages.h"
#include "mmc/sense.h"

/* 2/04/04 format in progress, 25% done, INFORMATION 0x12345 valid */
static const uint8_t fixed_progress[18] = {
	0xF0, 0x00, 0x02, 0x00, 0x01, 0x23, 0x45, 0x0A,
	0, 0, 0, 0, 0x04, 0x04, 0x00, 0x80, 0x40, 0x00,
};

/* descriptor format: 2/04/07 with information (64-bit) and progress 0xC000 */
static const uint8_t desc_progress[8 + 12 + 8] = {
	0x72, 0x02, 0x04, 0x07, 0, 0, 0, 20,
	0x00, 0x0A, 0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x06, 0x00, 0x00, 0x80, 0xC0, 0x00, 0x00,
};

static void test_fixed(void **state)
{
	struct sense s;
	assert_int_equal(sense_parse(fixed_progress, sizeof(fixed_progress), &s), 0);
	assert_true(s.valid);
	assert_false(s.deferred);
	assert_int_equal(s.response_code, 0x70);
	assert_int_equal(s.key, SK_NOT_READY);
	assert_int_equal(s.asc, 0x04);
	assert_int_equal(s.ascq, 0x04);
	assert_true(s.info_valid);
	assert_int_equal(s.info, 0x12345);
	assert_true(s.progress_valid);
	assert_int_equal(s.progress, 0x4000);

	/* write error at LBA 1000, VALID clear: no information */
	const uint8_t werr[18] = { 0x70, 0, 0x03, 0x00, 0x00, 0x03, 0xE8, 0x0A,
				   0, 0, 0, 0, 0x0C, 0x00, 0, 0, 0, 0 };
	assert_int_equal(sense_parse(werr, sizeof(werr), &s), 0);
	assert_int_equal(s.key, SK_MEDIUM_ERROR);
	assert_int_equal(s.asc, 0x0C);
	assert_false(s.info_valid);
	assert_false(s.progress_valid);

	/* the upper bits of byte 2 (FILEMARK, EOM, ILI) do not leak into the key */
	uint8_t ili[18];
	memcpy(ili, werr, sizeof(ili));
	ili[2] = 0xE5;
	assert_int_equal(sense_parse(ili, sizeof(ili), &s), 0);
	assert_int_equal(s.key, SK_ILLEGAL_REQUEST);
}

static void test_progress_rules(void **state)
{
	struct sense s;
	uint8_t b[18];

	/* SKSV clear: no progress */
	memcpy(b, fixed_progress, sizeof(b));
	b[15] = 0x00;
	assert_int_equal(sense_parse(b, sizeof(b), &s), 0);
	assert_false(s.progress_valid);

	/* ILLEGAL REQUEST with SKSV: a field pointer, not progress */
	memcpy(b, fixed_progress, sizeof(b));
	b[2] = SK_ILLEGAL_REQUEST;
	assert_int_equal(sense_parse(b, sizeof(b), &s), 0);
	assert_false(s.progress_valid);

	/* NO SENSE carries progress too (REQUEST SENSE during an IMMED blank) */
	memcpy(b, fixed_progress, sizeof(b));
	b[2] = SK_NO_SENSE;
	b[16] = 0xFF;
	b[17] = 0xFF;
	assert_int_equal(sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.progress_valid);
	assert_int_equal(s.progress, 0xFFFF);

	/* additional length 6 ends the sense at byte 14: SKS bytes beyond it
	 * are not sense data */
	memcpy(b, fixed_progress, sizeof(b));
	b[7] = 6;
	assert_int_equal(sense_parse(b, sizeof(b), &s), 0);
	assert_int_equal(s.asc, 0x04);
	assert_false(s.progress_valid);
}

static void test_deferred(void **state)
{
	struct sense s;
	uint8_t b[18];

	memcpy(b, fixed_progress, sizeof(b));
	b[0] = 0x71;
	b[2] = SK_MEDIUM_ERROR;
	b[12] = 0x0C;
	b[13] = 0x00;
	assert_int_equal(sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.deferred);
	assert_int_equal(s.response_code, 0x71);
	assert_false(s.info_valid);     /* VALID bit clear in 0x71 */

	uint8_t d[sizeof(desc_progress)];
	memcpy(d, desc_progress, sizeof(d));
	d[0] = 0x73;
	assert_int_equal(sense_parse(d, sizeof(d), &s), 0);
	assert_true(s.deferred);
	assert_int_equal(s.response_code, 0x73);
}

static void test_descriptor(void **state)
{
	struct sense s;
	assert_int_equal(sense_parse(desc_progress, sizeof(desc_progress), &s), 0);
	assert_true(s.valid);
	assert_int_equal(s.key, SK_NOT_READY);
	assert_int_equal(s.asc, 0x04);
	assert_int_equal(s.ascq, 0x07);
	assert_true(s.info_valid);
	assert_int_equal(s.info, 0x0000000100000002ULL);
	assert_true(s.progress_valid);
	assert_int_equal(s.progress, 0xC000);

	/* additional length covering only the information descriptor */
	uint8_t d[sizeof(desc_progress)];
	memcpy(d, desc_progress, sizeof(d));
	d[7] = 12;
	assert_int_equal(sense_parse(d, sizeof(d), &s), 0);
	assert_true(s.info_valid);
	assert_false(s.progress_valid);

	/* a descriptor claiming more than is there is skipped, not read */
	memcpy(d, desc_progress, sizeof(d));
	d[9] = 0x40;
	assert_int_equal(sense_parse(d, sizeof(d), &s), 0);
	assert_false(s.info_valid);
	assert_false(s.progress_valid);
	assert_int_equal(s.ascq, 0x07);
}

static void test_not_sense(void **state)
{
	struct sense s;
	const uint8_t junk[18] = { 0x00, 0, 0x05, 0 };
	assert_int_equal(sense_parse(junk, sizeof(junk), &s), -1);
	assert_false(s.valid);
	assert_int_equal(sense_parse(NULL, 0, &s), -1);
	assert_false(s.valid);
	const uint8_t vendor[18] = { 0x7F, 0, 0x05, 0 };
	assert_int_equal(sense_parse(vendor, sizeof(vendor), &s), -1);
}

static void sweep(const uint8_t *sample, size_t n, size_t min_ok)
{
	for (size_t len = 0; len <= n; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, sample, len);
		struct sense s;
		int rc = sense_parse(len ? copy : NULL, len, &s);
		if (len < min_ok) {
			assert_int_equal(rc, -1);
			assert_false(s.valid);
		} else {
			assert_int_equal(rc, 0);
			assert_true(s.valid);
			assert_int_equal(s.key, SK_NOT_READY);
			/* ASC needs byte 12 (fixed) / 2 (descriptor) */
			if (s.asc)
				assert_int_equal(s.asc, 0x04);
		}
		free(copy);
	}
}

static void test_truncated(void **state)
{
	sweep(fixed_progress, sizeof(fixed_progress), 3);
	sweep(desc_progress, sizeof(desc_progress), 2);

	/* 8-byte old-style fixed sense: key only */
	struct sense s;
	assert_int_equal(sense_parse(fixed_progress, 8, &s), 0);
	assert_int_equal(s.key, SK_NOT_READY);
	assert_int_equal(s.asc, 0);
	assert_false(s.progress_valid);
	/* 17 bytes: ASC present, progress cut */
	assert_int_equal(sense_parse(fixed_progress, 17, &s), 0);
	assert_int_equal(s.ascq, 0x04);
	assert_false(s.progress_valid);
}

static void expect_action(uint8_t key, uint8_t asc, uint8_t ascq, enum sense_action act)
{
	const struct sense_info *si = sense_lookup(key, asc, ascq);
	assert_non_null(si);
	if (si->action != act)
		fail_msg("%X/%02X/%02X: action %d, expected %d", key, asc, ascq, si->action, act);
	assert_non_null(si->text);
	assert_non_null(msg_sense_advice(0x2A, key, asc, ascq));
	assert_true(si->text[0] != '\0');
}

static void test_actions(void **state)
{
	expect_action(0x0, 0x00, 0x00, SENSE_ACT_OK);
	expect_action(0x1, 0x17, 0x01, SENSE_ACT_OK);
	expect_action(0x2, 0x04, 0x00, SENSE_ACT_WAIT);
	expect_action(0x2, 0x04, 0x01, SENSE_ACT_WAIT);
	expect_action(0x2, 0x04, 0x04, SENSE_ACT_WAIT);
	expect_action(0x2, 0x04, 0x07, SENSE_ACT_WAIT);
	expect_action(0x2, 0x04, 0x08, SENSE_ACT_WAIT);
	expect_action(0x2, 0x04, 0x03, SENSE_ACT_FAIL);  /* manual intervention required */
	expect_action(0x2, 0x3A, 0x00, SENSE_ACT_FAIL);
	expect_action(0x2, 0x3A, 0x02, SENSE_ACT_FAIL);
	expect_action(0x2, 0x30, 0x02, SENSE_ACT_FAIL);
	expect_action(0x3, 0x0C, 0x00, SENSE_ACT_FAIL);
	expect_action(0x3, 0x11, 0x05, SENSE_ACT_FAIL);
	expect_action(0x3, 0x02, 0x00, SENSE_ACT_FAIL);
	expect_action(0x3, 0x73, 0x03, SENSE_ACT_FAIL);
	expect_action(0x4, 0x09, 0x02, SENSE_ACT_FAIL);
	expect_action(0x4, 0x3E, 0x01, SENSE_ACT_FAIL);
	expect_action(0x5, 0x20, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x21, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x21, 0x02, SENSE_ACT_FAIL);
	expect_action(0x5, 0x24, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x26, 0x01, SENSE_ACT_FAIL);
	expect_action(0x5, 0x27, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x2C, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x30, 0x05, SENSE_ACT_FAIL);
	expect_action(0x5, 0x30, 0x06, SENSE_ACT_FAIL);
	expect_action(0x5, 0x63, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x64, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x6F, 0x01, SENSE_ACT_FAIL);
	expect_action(0x5, 0x72, 0x00, SENSE_ACT_FAIL);
	expect_action(0x5, 0x73, 0x03, SENSE_ACT_FAIL);
	expect_action(0x6, 0x28, 0x00, SENSE_ACT_MEDIA_CHANGED);
	expect_action(0x6, 0x29, 0x00, SENSE_ACT_MEDIA_CHANGED);
	expect_action(0x6, 0x29, 0x02, SENSE_ACT_MEDIA_CHANGED);
	expect_action(0x6, 0x2A, 0x01, SENSE_ACT_MEDIA_CHANGED);
	expect_action(0x7, 0x27, 0x00, SENSE_ACT_FAIL);
	expect_action(0x8, 0x00, 0x00, SENSE_ACT_FAIL);
	expect_action(0xB, 0x00, 0x00, SENSE_ACT_RETRY);
	expect_action(0xB, 0x47, 0x00, SENSE_ACT_RETRY);
}

static void expect_text(uint8_t key, uint8_t asc, uint8_t ascq, const char *in_text,
			const char *in_advice)
{
	const struct sense_info *si = sense_lookup(key, asc, ascq);
	if (!strstr(si->text, in_text))
		fail_msg("%X/%02X/%02X: text \"%s\" lacks \"%s\"", key, asc, ascq, si->text, in_text);
	/* the advice is the CLI's (src/cli/messages.c), asked for a WRITE */
	const char *advice = msg_sense_advice(0x2A, key, asc, ascq);
	if (in_advice && !strstr(advice, in_advice))
		fail_msg("%X/%02X/%02X: advice \"%s\" lacks \"%s\"", key, asc, ascq, advice,
			 in_advice);
}

static void test_texts(void **state)
{
	expect_text(0x2, 0x04, 0x08, "long write in progress", NULL);
	expect_text(0x2, 0x3A, 0x01, "no disc", "Insert a disc");
	expect_text(0x3, 0x0C, 0x00, "write error", "speed=4");
	expect_text(0x3, 0x0C, 0x09, "underrun", "burnfree");
	expect_text(0x5, 0x30, 0x05, "incompatible format", "blank=fast");
	expect_text(0x5, 0x73, 0x03, "OPC", "speed=4");
	expect_text(0x3, 0x73, 0x03, "OPC", "speed=4");
	expect_text(0x5, 0x73, 0x02, "calibration area is full", "new disc");
	expect_text(0x5, 0x63, 0x00, "end of user area", "larger");
	expect_text(0x5, 0x21, 0x02, "invalid address for write", NULL);
	expect_text(0x4, 0x09, 0x01, "tracking", "lens");
	expect_text(0x8, 0x00, 0x00, "blank check", NULL);
	expect_text(0x6, 0x28, 0x00, "changed", NULL);
	/* unknown ASC: the key's text */
	expect_text(0x5, 0x99, 0x99, "refused", NULL);
	expect_text(0x3, 0x99, 0x00, "medium error", "speed=4");
	expect_text(0x4, 0x99, 0x00, "hardware", NULL);
	/* never NULL, whatever the triple */
	for (unsigned k = 0; k < 256; k++)
		for (unsigned a = 0; a < 256; a += 17) {
			const struct sense_info *si = sense_lookup((uint8_t)k, (uint8_t)a, 0);
			assert_non_null(si);
			assert_non_null(si->text);
			assert_non_null(msg_sense_advice(0x2A, (uint8_t)k, (uint8_t)a, 0));
		}
}

static void test_key_names(void **state)
{
	assert_string_equal(sense_key_name(SK_NO_SENSE), "NO SENSE");
	assert_string_equal(sense_key_name(SK_NOT_READY), "NOT READY");
	assert_string_equal(sense_key_name(SK_MEDIUM_ERROR), "MEDIUM ERROR");
	assert_string_equal(sense_key_name(SK_ILLEGAL_REQUEST), "ILLEGAL REQUEST");
	assert_string_equal(sense_key_name(SK_UNIT_ATTENTION), "UNIT ATTENTION");
	assert_string_equal(sense_key_name(SK_BLANK_CHECK), "BLANK CHECK");
	assert_string_equal(sense_key_name(SK_ABORTED_COMMAND), "ABORTED COMMAND");
	assert_string_equal(sense_key_name(SK_MISCOMPARE), "MISCOMPARE");
	assert_string_equal(sense_key_name(0x10), "UNKNOWN");
	assert_string_equal(sense_key_name(0xFF), "UNKNOWN");
	for (unsigned k = 0; k < 16; k++)
		assert_non_null(sense_key_name((uint8_t)k));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_progress_rules),
		cmocka_unit_test(test_deferred),
		cmocka_unit_test(test_descriptor),
		cmocka_unit_test(test_not_sense),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_key_names),
	};
	return cmocka_run_group_tests_name("sense", tests, NULL, NULL);
}
