/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_checksum.c — expected digests from --sha256 and checksum files. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "image/checksum.h"
#include "msgtext.h"

#define HEX_A "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define HEX_B "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define HEX_SHA1 "da39a3ee5e6b4b0d3255bfef95601890afd80709"

static void expect_hex(const uint8_t d[32], const char *hex)
{
	char got[65];
	checksum_to_hex(d, got);
	assert_string_equal(got, hex);
}

static int find(const char *text, const char *image, uint8_t d[32],
		struct db_error *err)
{
	return checksum_find_sha256_mem(text, strlen(text), "SHA256SUMS",
					image, d, err);
}

static void test_parse_hex(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	assert_int_equal(checksum_parse_sha256(HEX_A, d, &err), 0);
	expect_hex(d, HEX_A);
	assert_int_equal(checksum_parse_sha256("  sha256:" HEX_B "\n", d,
					       &err), 0);
	expect_hex(d, HEX_B);
	char upper[65];
	for (int i = 0; i < 64; i++)
		upper[i] = (char)(HEX_A[i] >= 'a' ? HEX_A[i] - 32 : HEX_A[i]);
	upper[64] = '\0';
	assert_int_equal(checksum_parse_sha256(upper, d, &err), 0);
	expect_hex(d, HEX_A);
}

static void test_parse_hex_errors(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	assert_int_equal(checksum_parse_sha256(HEX_SHA1, d, &err), DB_EINVAL);
	assert_non_null(strstr(msg_of(&err), "got 40"));
	assert_non_null(strstr(msg_of(&err), "SHA-1"));
	assert_int_equal(checksum_parse_sha256(HEX_A "0", d, &err), DB_EINVAL);
	assert_non_null(strstr(msg_of(&err), "got 65"));
	char bad[] = HEX_A;
	bad[10] = 'g';
	assert_int_equal(checksum_parse_sha256(bad, d, &err), DB_EINVAL);
	assert_non_null(strstr(msg_of(&err), "position 11"));
	assert_int_equal(checksum_parse_sha256("", d, &err), DB_EINVAL);
	assert_int_equal(checksum_parse_sha256(NULL, d, &err), DB_EINVAL);
}

static void test_gnu_lines(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	const char *sums =
		HEX_B "  debian-12.5.0-amd64-netinst.iso\n"
		HEX_A " *debian-12.5.0-amd64-DVD-1.iso\n";
	assert_int_equal(find(sums, "/home/u/Downloads/debian-12.5.0-amd64-"
			      "netinst.iso", d, &err), 0);
	expect_hex(d, HEX_B);
	assert_int_equal(find(sums, "debian-12.5.0-amd64-DVD-1.iso", d, &err),
			 0);
	expect_hex(d, HEX_A);
}

static void test_bsd_lines(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	const char *sums =
		"SHA512 (x.iso) = " HEX_A HEX_A "\n"
		"SHA256 (FreeBSD-14.0-RELEASE-amd64-disc1.iso) = " HEX_A "\n"
		"SHA256 (x.iso) = " HEX_B "\n";
	assert_int_equal(find(sums, "FreeBSD-14.0-RELEASE-amd64-disc1.iso", d,
			      &err), 0);
	expect_hex(d, HEX_A);
	assert_int_equal(find(sums, "x.iso", d, &err), 0);
	expect_hex(d, HEX_B);
}

static void test_crlf_and_comments(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	const char *sums =
		"# checksums for the release\r\n"
		"\r\n"
		HEX_A "  a.iso\r\n"
		"SHA256 (b.iso) = " HEX_B "\r\n";
	assert_int_equal(find(sums, "a.iso", d, &err), 0);
	expect_hex(d, HEX_A);
	assert_int_equal(find(sums, "b.iso", d, &err), 0);
	expect_hex(d, HEX_B);
}

static void test_names_with_spaces_and_paths(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	const char *sums =
		HEX_A "  My Disc (final) .iso\n"
		"SHA256 (odd ) = name.iso) = " HEX_B "\n"
		HEX_B "  ./sub/dir/c.iso\n"
		"\\" HEX_A "  back\\\\slash.iso\n";
	assert_int_equal(find(sums, "/tmp/My Disc (final) .iso", d, &err), 0);
	expect_hex(d, HEX_A);
	assert_int_equal(find(sums, "odd ) = name.iso", d, &err), 0);
	expect_hex(d, HEX_B);
	assert_int_equal(find(sums, "c.iso", d, &err), 0);
	expect_hex(d, HEX_B);
	assert_int_equal(find(sums, "back\\slash.iso", d, &err), 0);
	expect_hex(d, HEX_A);
	/* "My Disc" must not match a prefix or a trimmed name. */
	assert_int_equal(find(sums, "My Disc (final).iso", d, &err),
			 DB_ECHECKSUM);
}

static void test_missing_entry(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	const char *sums = HEX_A "  ubuntu.iso\n";
	assert_int_equal(checksum_find_sha256_mem(sums, strlen(sums),
						  "/srv/SHA256SUMS",
						  "/x/debian.iso", d, &err),
			 DB_ECHECKSUM);
	assert_string_equal(msg_of(&err), "debian.iso is not listed in SHA256SUMS");
	assert_true(advice_of(&err)[0] != '\0');
	/* A name that is only a suffix of a listed one is not listed. */
	assert_int_equal(find(sums, "buntu.iso", d, &err), DB_ECHECKSUM);
}

static void test_bad_hex_and_other_algorithms(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	char bad[] = HEX_A "  a.iso\n";
	bad[5] = 'x';
	assert_int_equal(find(bad, "a.iso", d, &err), DB_ECHECKSUM);
	assert_non_null(strstr(msg_of(&err), "not listed"));

	const char *sha1 = HEX_SHA1 "  a.iso\n";
	assert_int_equal(find(sha1, "a.iso", d, &err), DB_ECHECKSUM);
	assert_non_null(strstr(msg_of(&err), "SHA-1"));

	const char *bsd512 = "SHA512 (a.iso) = " HEX_A HEX_A "\n";
	assert_int_equal(find(bsd512, "a.iso", d, &err), DB_ECHECKSUM);
	assert_non_null(strstr(msg_of(&err), "SHA512"));

	const char *conflict = HEX_A "  a.iso\n" HEX_B "  mirror/a.iso\n";
	assert_int_equal(find(conflict, "a.iso", d, &err), DB_ECHECKSUM);
	assert_non_null(strstr(msg_of(&err), "different digests"));

	const char *same = HEX_A "  a.iso\n" HEX_A " *a.iso\n";
	assert_int_equal(find(same, "a.iso", d, &err), 0);
	expect_hex(d, HEX_A);
}

static void test_bare_file(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	assert_int_equal(find(HEX_B "\n", "anything.iso", d, &err), 0);
	expect_hex(d, HEX_B);
	assert_int_equal(find("  " HEX_A "\r\n\r\n", "x.iso", d, &err), 0);
	expect_hex(d, HEX_A);
	/* Two bare lines: which one? Neither. */
	assert_int_equal(find(HEX_A "\n" HEX_B "\n", "x.iso", d, &err),
			 DB_ECHECKSUM);
	/* A short bare line is not a SHA-256. */
	assert_int_equal(find(HEX_SHA1 "\n", "x.iso", d, &err), DB_ECHECKSUM);
}

static void test_clearsigned(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	const char *sums =
		"-----BEGIN PGP SIGNED MESSAGE-----\n"
		"Hash: SHA256\n"
		"\n"
		"- " HEX_B "  signed.iso\n"
		"-----BEGIN PGP SIGNATURE-----\n"
		"\n"
		"iQIzBAEBCAAdFiEEabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdef\n"
		"=abcd\n"
		"-----END PGP SIGNATURE-----\n";
	assert_int_equal(find(sums, "signed.iso", d, &err), 0);
	expect_hex(d, HEX_B);
}

static void test_file_io(void **state)
{
	(void)state;
	uint8_t d[32];
	struct db_error err;
	char path[] = "/tmp/test_checksum_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *sums = "SHA256 (disk.iso) = " HEX_A "\n";
	assert_int_equal(write(fd, sums, strlen(sums)), (ssize_t)strlen(sums));
	close(fd);
	assert_int_equal(checksum_find_sha256(path, "disk.iso", d, &err), 0);
	expect_hex(d, HEX_A);
	unlink(path);
	assert_int_equal(checksum_find_sha256(path, "disk.iso", d, &err),
			 DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "cannot open checksum file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_hex),
		cmocka_unit_test(test_parse_hex_errors),
		cmocka_unit_test(test_gnu_lines),
		cmocka_unit_test(test_bsd_lines),
		cmocka_unit_test(test_crlf_and_comments),
		cmocka_unit_test(test_names_with_spaces_and_paths),
		cmocka_unit_test(test_missing_entry),
		cmocka_unit_test(test_bad_hex_and_other_algorithms),
		cmocka_unit_test(test_bare_file),
		cmocka_unit_test(test_clearsigned),
		cmocka_unit_test(test_file_io),
	};
	return cmocka_run_group_tests_name("checksum", tests, NULL, NULL);
}
