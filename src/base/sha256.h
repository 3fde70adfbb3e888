/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sha256.h — SHA-256 of the image stream, computed by OpenSSL's libcrypto.
 *
 * The producer thread hashes the image as it fills the ring, so the digest of
 * what was burned is known without a second read of the source; verify and the
 * expected-checksum option compare against it. This is a thin wrapper over
 * libcrypto's EVP interface (which picks the CPU's SHA instructions, or its
 * SIMD assembly, on every architecture it knows) plus the hex helpers the
 * pipeline and the CLI use. One context per stream; a context is not shared
 * between threads.
 */
#ifndef DISCBURN_SHA256_H
#define DISCBURN_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_HEX_LEN 64	/* characters, without the terminating NUL */

struct evp_md_ctx_st;		/* OpenSSL's EVP_MD_CTX */

struct sha256 {
	struct evp_md_ctx_st *evp;	/* NULL when finished or discarded */
	uint64_t total;			/* bytes hashed so far */
};

/* Start a digest. ctx need not be initialised, but must not hold a digest
 * in progress (finish or discard it first). libcrypto failing to allocate
 * or set up SHA-256 is fatal: the process aborts rather than report a
 * digest it did not compute. */
void sha256_init(struct sha256 *ctx);
/* Hash len more bytes; data may be NULL only when len is 0. */
void sha256_update(struct sha256 *ctx, const void *data, size_t len);
/* Finish, write the digest and free the context (sha256_init to reuse). */
void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_DIGEST_LEN]);
/* Free a digest that will not be finished (an abandoned stream). Safe on a
 * zeroed, finished or already discarded context. */
void sha256_discard(struct sha256 *ctx);

/* One-shot digest of a buffer. */
void sha256_buf(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LEN]);

/* Lower-case hex of a digest into out (SHA256_HEX_LEN + 1 bytes, NUL-terminated). */
void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_LEN],
		   char out[SHA256_HEX_LEN + 1]);
/* Parse exactly 64 hex digits (either case, nothing else) into digest.
 * Returns 0, or DB_EINVAL when hex is not such a string. */
int sha256_from_hex(const char *hex, uint8_t digest[SHA256_DIGEST_LEN]);

/* What computes the digests, for benchmarks and -version: "openssl". */
const char *sha256_impl(void);

#endif
