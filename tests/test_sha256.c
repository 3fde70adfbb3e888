/* test_sha256.c — SHA-256 against the FIPS 180-2 / NIST example vectors, the
 * padding boundaries, incremental feeding, and the hex helpers; every vector
 * runs through the portable code and, where the CPU has them, the x86 SHA
 * instructions. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "base/err.h"
#include "base/sha256.h"

static void expect_digest(const uint8_t digest[SHA256_DIGEST_LEN],
			  const char *hex)
{
	char got[SHA256_HEX_LEN + 1];

	sha256_to_hex(digest, got);
	assert_string_equal(got, hex);
}

/* Run the check under each implementation this CPU has: the portable code
 * always, the SHA instructions when present. Leaves the default on. */
static void check_oneshot(const void *data, size_t len, const char *hex)
{
	uint8_t d[SHA256_DIGEST_LEN];

	for (int accel = 0; accel < 2; accel++) {
		if (sha256_set_accel(accel) < 0)
			continue;
		sha256_buf(data, len, d);
		expect_digest(d, hex);
	}
	sha256_set_accel(true);
}

static void test_nist_empty(void **state)
{
	check_oneshot("", 0,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_nist_abc(void **state)
{
	check_oneshot("abc", 3,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static const char msg448[] =
	"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg448_hex[] =
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

static void test_nist_448(void **state)
{
	check_oneshot(msg448, strlen(msg448), msg448_hex);
}

static void test_nist_896(void **state)
{
	static const char m[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	check_oneshot(m, strlen(m),
		"cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* A million 'a', fed in uneven pieces so block carry-over is exercised. */
static void test_nist_million_a(void **state)
{
	static const char hex[] =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char *buf = malloc(1000000);
	assert_non_null(buf);
	memset(buf, 'a', 1000000);
	check_oneshot(buf, 1000000, hex);

	for (int accel = 0; accel < 2; accel++) {
		if (sha256_set_accel(accel) < 0)
			continue;
		struct sha256 ctx;
		uint8_t d[SHA256_DIGEST_LEN];
		size_t off = 0, step = 1;
		sha256_init(&ctx);
		while (off < 1000000) {
			size_t n = step < 1000000 - off ? step : 1000000 - off;
			sha256_update(&ctx, buf + off, n);
			off += n;
			step = step * 3 % 997 + 1;
		}
		sha256_final(&ctx, d);
		expect_digest(d, hex);
	}
	sha256_set_accel(true);
	free(buf);
}

/* Lengths around the padding boundary: 55 bytes fit the length in the same
 * block, 56 do not. Reference digests from coreutils sha256sum. */
static void test_padding_boundaries(void **state)
{
	static const struct {
		size_t len;
		const char *hex;
	} v[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	char a[128];

	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		check_oneshot(a, v[i].len, v[i].hex);
}

/* Splitting the input anywhere gives the same digest. */
static void test_split_anywhere(void **state)
{
	size_t len = strlen(msg448);

	for (size_t cut = 0; cut <= len; cut++) {
		struct sha256 ctx;
		uint8_t d[SHA256_DIGEST_LEN];
		sha256_init(&ctx);
		sha256_update(&ctx, msg448, cut);
		sha256_update(&ctx, NULL, 0);
		sha256_update(&ctx, msg448 + cut, len - cut);
		sha256_final(&ctx, d);
		expect_digest(d, msg448_hex);
	}
}

/* The SHA instructions and the portable code agree on every length up to a
 * few blocks and on a large odd-sized buffer; switching is reported. */
static void test_implementations_agree(void **state)
{
	enum { LEN = 300000 + 17 };
	uint8_t *buf = malloc(LEN);
	uint8_t a[SHA256_DIGEST_LEN], b[SHA256_DIGEST_LEN];
	uint32_t x = 88172645;

	assert_non_null(buf);
	for (size_t i = 0; i < LEN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
	assert_int_equal(sha256_set_accel(false), 0);
	assert_string_equal(sha256_impl(), "portable");
	if (sha256_set_accel(true) == DB_EUNSUPP) {
		/* nothing to compare with on this CPU */
		assert_string_equal(sha256_impl(), "portable");
		free(buf);
		return;
	}
	assert_string_equal(sha256_impl(), "x86-sha");
	for (size_t len = 0; len <= 300; len++) {
		sha256_set_accel(false);
		sha256_buf(buf, len, a);
		sha256_set_accel(true);
		sha256_buf(buf, len, b);
		assert_memory_equal(a, b, sizeof(a));
	}
	sha256_set_accel(false);
	sha256_buf(buf, LEN, a);
	sha256_set_accel(true);
	sha256_buf(buf, LEN, b);
	assert_memory_equal(a, b, sizeof(a));
	free(buf);
}

static void test_hex_roundtrip(void **state)
{
	uint8_t d[SHA256_DIGEST_LEN], back[SHA256_DIGEST_LEN];
	char hex[SHA256_HEX_LEN + 1];

	sha256_buf("abc", 3, d);
	sha256_to_hex(d, hex);
	assert_int_equal(sha256_from_hex(hex, back), 0);
	assert_memory_equal(d, back, sizeof(d));

	/* upper case is accepted */
	assert_int_equal(sha256_from_hex(
		"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
		back), 0);
	assert_memory_equal(d, back, sizeof(d));
}

static void test_hex_rejects(void **state)
{
	uint8_t d[SHA256_DIGEST_LEN], keep[SHA256_DIGEST_LEN];
	const char *good =
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	char buf[80];

	memset(d, 0x5a, sizeof(d));
	memcpy(keep, d, sizeof(d));
	assert_int_equal(sha256_from_hex(NULL, d), DB_EINVAL);
	assert_int_equal(sha256_from_hex("", d), DB_EINVAL);
	/* 63 digits */
	snprintf(buf, sizeof(buf), "%.63s", good);
	assert_int_equal(sha256_from_hex(buf, d), DB_EINVAL);
	/* 65 digits */
	snprintf(buf, sizeof(buf), "%s0", good);
	assert_int_equal(sha256_from_hex(buf, d), DB_EINVAL);
	/* trailing text, as in a sha256sum line */
	snprintf(buf, sizeof(buf), "%s  x.iso", good);
	assert_int_equal(sha256_from_hex(buf, d), DB_EINVAL);
	/* a non-hex digit */
	snprintf(buf, sizeof(buf), "%s", good);
	buf[10] = 'g';
	assert_int_equal(sha256_from_hex(buf, d), DB_EINVAL);
	/* failures leave the output alone */
	assert_memory_equal(d, keep, sizeof(d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_empty),
		cmocka_unit_test(test_nist_abc),
		cmocka_unit_test(test_nist_448),
		cmocka_unit_test(test_nist_896),
		cmocka_unit_test(test_nist_million_a),
		cmocka_unit_test(test_padding_boundaries),
		cmocka_unit_test(test_split_anywhere),
		cmocka_unit_test(test_implementations_agree),
		cmocka_unit_test(test_hex_roundtrip),
		cmocka_unit_test(test_hex_rejects),
	};
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
