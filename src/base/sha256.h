/* sha256.h — SHA-256 (FIPS 180-4) for the image stream digest.
 *
 * The producer thread hashes the image as it fills the ring, so the digest of
 * what was burned is known without a second read of the source; verify and the
 * expected-checksum option compare against it. One context per stream; a
 * context is not shared between threads.
 */
#ifndef DISCBURN_SHA256_H
#define DISCBURN_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_BLOCK_LEN 64
#define SHA256_HEX_LEN 64	/* characters, without the terminating NUL */

struct sha256 {
	uint32_t h[8];
	uint64_t total;			/* bytes hashed so far */
	uint8_t block[SHA256_BLOCK_LEN];
	size_t fill;			/* bytes waiting in block */
};

void sha256_init(struct sha256 *ctx);
/* Hash len more bytes; data may be NULL only when len is 0. */
void sha256_update(struct sha256 *ctx, const void *data, size_t len);
/* Finish and write the digest; ctx must be re-initialised before reuse. */
void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_DIGEST_LEN]);

/* One-shot digest of a buffer. */
void sha256_buf(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LEN]);

/* Lower-case hex of a digest into out (SHA256_HEX_LEN + 1 bytes, NUL-terminated). */
void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_LEN],
		   char out[SHA256_HEX_LEN + 1]);
/* Parse exactly 64 hex digits (either case, nothing else) into digest.
 * Returns 0, or DB_EINVAL when hex is not such a string. */
int sha256_from_hex(const char *hex, uint8_t digest[SHA256_DIGEST_LEN]);

/* The compression runs on the CPU's SHA instructions when it has them
 * (x86 SHA-NI), else in portable C; both give the same digests. Turn the
 * instructions off or back on (for tests and benchmarks; affects every
 * thread). Returns 0, or DB_EUNSUPP when on is asked and the CPU lacks them. */
int sha256_set_accel(bool on);
/* Which implementation runs now: "x86-sha" or "portable". */
const char *sha256_impl(void);

#endif
