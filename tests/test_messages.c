/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_messages.c — every failure reason has words and an exit code
 * (src/cli/messages.c), and the words are filled from the facts. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "mmc/mmc.h"

/* Every reason renders a sentence with every placeholder filled, whatever
 * facts are set, and has an exit code in the documented range. */
static void test_every_reason(void **state)
{
	for (int r = 1; r < DB_R_COUNT; r++) {
		struct db_error e;
		db_fail(&e, (enum db_reason)r, .subject = "/dev/sr0", .other = "x.iso",
			.what = "SHA-1", .n1 = 3, .n2 = 4, .profile = PROF_DVD_PLUS_R,
			.os_errno = EIO, .lba = 7, .lba_valid = true);
		db_set_command(&e, MMC_WRITE10);
		db_set_sense(&e, 3, 0x0C, 0);
		for (int touched = 0; touched < 2; touched++) {
			e.touched = touched;
			struct msg_text m;
			msg_render(&e, &m);
			char name[DB_REASON_NAME_MAX];
			db_reason_name(e.reason, name);
			if (!m.text[0] || strchr(m.text, '{') || strchr(m.text, '}') ||
			    strchr(m.advice, '{') || strchr(m.advice, '}'))
				fail_msg("%s: \"%s\" / \"%s\"", name, m.text, m.advice);
			for (int ctx = MSG_BURN; ctx <= MSG_BLANK; ctx++) {
				int x = msg_exit_code(&e, (enum msg_context)ctx);
				if (x < EXIT_FAILURE_OTHER || x > EXIT_UNREADABLE)
					fail_msg("%s: exit %d", name, x);
			}
		}
	}
}

static void test_exit_codes(void **state)
{
	struct db_error e;
	db_fail(&e, DB_R_COMMAND_FAILED, .subject = "d");
	assert_int_equal(msg_exit_code(&e, MSG_BURN), EXIT_PREWRITE);
	e.touched = true;
	assert_int_equal(msg_exit_code(&e, MSG_BURN), EXIT_WRITE);
	assert_int_equal(msg_exit_code(&e, MSG_INFO), EXIT_FAILURE_OTHER);
	assert_int_equal(msg_exit_code(&e, MSG_BLANK), EXIT_BLANK);
	db_fail(&e, DB_R_DEVICE_OPEN, .subject = "d", .os_errno = EACCES);
	assert_int_equal(msg_exit_code(&e, MSG_BURN), EXIT_PERMISSION);
	db_fail(&e, DB_R_DEVICE_OPEN, .subject = "d", .os_errno = ENOENT);
	assert_int_equal(msg_exit_code(&e, MSG_BURN), EXIT_NO_DEVICE);
	db_fail(&e, DB_R_NO_FIT, .subject = "i", .n1 = 10, .n2 = 5);
	assert_int_equal(msg_exit_code(&e, MSG_BURN), EXIT_NO_FIT);
	db_fail(&e, DB_R_JOURNAL_OTHER_JOB, .subject = "j");
	assert_int_equal(msg_exit_code(&e, MSG_BURN), EXIT_USAGE);
	db_fail(&e, DB_R_NOT_RECORDER, .subject = "d");
	assert_int_equal(msg_exit_code(&e, MSG_INFO), EXIT_NOT_RECORDER);
}

static void test_templates(void **state)
{
	struct db_error e;
	struct msg_text m;
	db_fail(&e, DB_R_NO_FIT, .subject = "a.iso", .n1 = 1000, .n2 = 500,
		.profile = PROF_CD_R);
	msg_render(&e, &m);
	assert_string_equal(m.text, "a.iso needs 1000 blocks (2.0 MB) but the CD-R has 500 free "
			    "(1.0 MB)");
	assert_string_equal(m.advice, "Use a larger disc (or -overburn, at your own risk)");
	e.profile = PROF_DVD_PLUS_R;
	msg_render(&e, &m);
	assert_string_equal(m.advice, "Use a larger disc");

	db_fail(&e, DB_R_IMAGE_TRUNCATED, .n1 = 13u << 20, .what = "ISO 9660");
	msg_render(&e, &m);
	assert_non_null(strstr(m.text, "is 13 MB shorter than the ISO 9660 volume"));
	db_fail(&e, DB_R_IMAGE_TRUNCATED, .n1 = 100, .what = "UDF");
	msg_render(&e, &m);
	assert_non_null(strstr(m.text, "is 100 bytes shorter than the UDF volume"));

	db_fail(&e, DB_R_CANCELLED);
	msg_render(&e, &m);
	assert_string_equal(m.text, "interrupted before writing");
	e.touched = true;
	msg_render(&e, &m);
	assert_string_equal(m.text, "interrupted while writing");

	/* a command's failure: its name, the sense, the sense's advice */
	db_fail(&e, DB_R_COMMAND_FAILED, .subject = "/dev/sr0");
	db_set_command(&e, MMC_WRITE10);
	db_set_sense(&e, 3, 0x0C, 0x09);
	msg_render(&e, &m);
	assert_non_null(strstr(m.text, "WRITE(10) failed on /dev/sr0: "));
	assert_non_null(strstr(m.text, "(sense 3/0C/09)"));
	assert_non_null(strstr(m.advice, "driveropts=burnfree"));
}

/* Advice fits the command: a refused BLANK or READ TOC is not told to try
 * another write mode. */
static void test_sense_advice_context(void **state)
{
	assert_non_null(strstr(msg_sense_advice(MMC_WRITE10, 5, 0x24, 0), "write mode"));
	assert_null(strstr(msg_sense_advice(MMC_BLANK, 5, 0x24, 0), "write mode"));
	assert_non_null(strstr(msg_sense_advice(MMC_BLANK, 5, 0x24, 0), "blank=fast"));
	assert_null(strstr(msg_sense_advice(MMC_READ_TOC, 5, 0x24, 0), "blank"));
	assert_null(strstr(msg_sense_advice(MMC_READ_TOC, 5, 0x24, 0), "write mode"));
	assert_null(strstr(msg_sense_advice(MMC_READ_TOC, 5, 0x20, 0), "-tao"));
	assert_non_null(strstr(msg_sense_advice(MMC_WRITE10, 5, 0x20, 0), "-tao"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_reason),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_sense_advice_context),
	};
	return cmocka_run_group_tests_name("messages", tests, NULL, NULL);
}
