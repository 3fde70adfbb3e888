/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sha256.c — SHA-256 (the libcrypto wrapper) against the FIPS 180-2 /
 * NIST example vectors, the padding boundaries, incremental feeding in
 * uneven pieces, a large odd-sized buffer, and the hex helpers. */
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

/* One-shot, and through init/update/final in one piece. */
static void check_oneshot(const void *data, size_t len, const char *hex)
{
	uint8_t d[SHA256_DIGEST_LEN];
	struct sha256 ctx;

	sha256_buf(data, len, d);
	expect_digest(d, hex);
	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	assert_int_equal(ctx.total, len);
	sha256_final(&ctx, d);
	assert_null(ctx.evp);
	expect_digest(d, hex);
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

	{
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

/* A large odd-sized buffer, whole and in uneven pieces, and its prefixes
 * around the block size; reference digests from Python's hashlib. */
static void test_large_buffer(void **state)
{
	enum { LEN = 300000 + 17 };
	static const struct {
		size_t len;
		const char *hex;
	} v[] = {
		{ 1, "334359b90efed75da5f0ada1d5e6b256f4a6bd0aee7eb39c0f90182a021ffc8b" },
		{ 63, "c7fbf5b928d5f61ebb2e814f8409ce916f7da153b858fc7f3c7d997fbb0a3301" },
		{ 64, "0b63244efd9d232fa09a58b3dffc94a0f5a60708c33489fd177501ba14ef5ca7" },
		{ 65, "c6ad0216f02cdd826d43acef481fab9b643f33996628630c3b6a6a19ddb58768" },
		{ 127, "b999aeee3b672b3be40dfd2e065da4091049b93168ef53c830480a86de435421" },
		{ 128, "a15138c0f5f071235cdb0e20f616892cf6b0cbd022b3ccc7a53cdd863978693d" },
		{ 129, "fa4febde20d1480452d0418d54414ea13163107d9682813340880a579257a6f6" },
		{ 300, "439da304848f7eb8c8cdc15f5ef530666bd6d9c0f79b9474452ff8f96a07488a" },
		{ LEN, "ac98744295ee5bc56112c1929a59b4e469ccfa69c446883cc837a0b5e97128ab" },
	};
	uint8_t *buf = malloc(LEN);
	uint8_t d[SHA256_DIGEST_LEN];
	uint32_t x = 88172645;

	assert_non_null(buf);
	for (size_t i = 0; i < LEN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		check_oneshot(buf, v[i].len, v[i].hex);

	struct sha256 ctx;
	size_t off = 0, step = 1;
	sha256_init(&ctx);
	while (off < LEN) {
		size_t n = step < LEN - off ? step : LEN - off;
		sha256_update(&ctx, buf + off, n);
		off += n;
		step = step * 7 % 65599 + 1;
	}
	sha256_final(&ctx, d);
	expect_digest(d, v[sizeof(v) / sizeof(v[0]) - 1].hex);
	free(buf);
}

/* An abandoned digest is discarded (ASan's leak check would see it kept);
 * discarding twice, or a zeroed context, is harmless. */
static void test_discard(void **state)
{
	struct sha256 ctx = { 0 };
	uint8_t d[SHA256_DIGEST_LEN];

	sha256_discard(&ctx);
	sha256_init(&ctx);
	sha256_update(&ctx, "abc", 3);
	sha256_discard(&ctx);
	assert_null(ctx.evp);
	sha256_discard(&ctx);
	/* and the context starts again from nothing */
	sha256_init(&ctx);
	sha256_update(&ctx, "abc", 3);
	sha256_final(&ctx, d);
	expect_digest(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_string_equal(sha256_impl(), "openssl");
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
		cmocka_unit_test(test_large_buffer),
		cmocka_unit_test(test_discard),
		cmocka_unit_test(test_hex_roundtrip),
		cmocka_unit_test(test_hex_rejects),
	};
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
