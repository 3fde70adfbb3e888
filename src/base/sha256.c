/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sha256.c — SHA-256 through OpenSSL's libcrypto (EVP), and hex helpers. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include "base/err.h"
#include "base/sha256.h"

/* The digest is looked up once: OpenSSL 3 would otherwise fetch SHA-256
 * from its provider on every init. */
static const EVP_MD *md;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_fetch(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	md = EVP_MD_fetch(NULL, "SHA256", NULL);
#else
	md = EVP_sha256();
#endif
}

void sha256_init(struct sha256 *ctx)
{
	pthread_once(&md_once, md_fetch);
	ctx->total = 0;
	ctx->evp = EVP_MD_CTX_new();
	if (!md || !ctx->evp || EVP_DigestInit_ex(ctx->evp, md, NULL) != 1)
		abort();
}

void sha256_update(struct sha256 *ctx, const void *data, size_t len)
{
	if (!len)
		return;
	if (EVP_DigestUpdate(ctx->evp, data, len) != 1)
		abort();
	ctx->total += len;
}

void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_DIGEST_LEN])
{
	unsigned int n = 0;
	if (EVP_DigestFinal_ex(ctx->evp, digest, &n) != 1 || n != SHA256_DIGEST_LEN)
		abort();
	sha256_discard(ctx);
}

void sha256_discard(struct sha256 *ctx)
{
	EVP_MD_CTX_free(ctx->evp);
	ctx->evp = NULL;
}

void sha256_buf(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LEN])
{
	struct sha256 ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}

const char *sha256_impl(void)
{
	return "openssl";
}

void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_LEN],
		   char out[SHA256_HEX_LEN + 1])
{
	static const char hexdig[] = "0123456789abcdef";

	for (unsigned i = 0; i < SHA256_DIGEST_LEN; i++) {
		out[2 * i] = hexdig[digest[i] >> 4];
		out[2 * i + 1] = hexdig[digest[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int sha256_from_hex(const char *hex, uint8_t digest[SHA256_DIGEST_LEN])
{
	uint8_t tmp[SHA256_DIGEST_LEN];

	if (!hex)
		return DB_EINVAL;
	for (unsigned i = 0; i < SHA256_DIGEST_LEN; i++) {
		int hi = hex_value(hex[2 * i]);
		if (hi < 0)
			return DB_EINVAL;
		int lo = hex_value(hex[2 * i + 1]);
		if (lo < 0)
			return DB_EINVAL;
		tmp[i] = (uint8_t)(hi << 4 | lo);
	}
	if (hex[SHA256_HEX_LEN] != '\0')
		return DB_EINVAL;
	memcpy(digest, tmp, sizeof(tmp));
	return 0;
}
