/* sha256.c — SHA-256 as specified in FIPS 180-4, sections 4.1.2, 4.2.2, 5.1.1,
 * 5.3.3 and 6.2. Written from the standard; byte order is explicit, so the code
 * does not depend on the host's endianness. */
#include "config.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include "base/err.h"
#include "base/sha256.h"

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* FIPS 180-4 6.2.2: process nblocks consecutive 64-byte blocks. The message
 * schedule is kept as a 16-word window instead of all 64 words. */
static void sha256_blocks_portable(uint32_t h[8], const uint8_t *p,
				   size_t nblocks)
{
	while (nblocks--) {
		uint32_t w[16];
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
		uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];

		for (unsigned t = 0; t < 16; t++)
			w[t] = load_be32(p + 4 * t);
		for (unsigned t = 0; t < 64; t++) {
			uint32_t wt;
			if (t < 16) {
				wt = w[t];
			} else {
				uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
				uint32_t s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3);
				uint32_t s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10);
				wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
				w[t & 15] = wt;
			}
			uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
			uint32_t ch = (e & f) ^ (~e & g);
			uint32_t t1 = hh + S1 + ch + sha256_k[t] + wt;
			uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
			uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
			uint32_t t2 = S0 + maj;
			hh = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a; h[1] += b; h[2] += c; h[3] += d;
		h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
		p += SHA256_BLOCK_LEN;
	}
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define SHA256_HAVE_SHANI 1
#include <cpuid.h>
#include <immintrin.h>

/* The same compression with the x86 SHA extensions (Intel SHA-NI, also on
 * AMD Zen): SHA256RNDS2 does two rounds on the state split into the
 * register pairs {A,B,E,F} and {C,D,G,H}; SHA256MSG1/MSG2 compute the
 * sigma0/sigma1 parts of the message schedule four words at a time. A burn
 * hashes the whole image, and this is several times faster than the
 * portable code (see bench/). */
__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	/* byte-swap each 32-bit word: the message is big-endian */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					     0x0405060700010203ULL);
	/* h[] is A..H; the instructions want dwords 3..0 = A,B,E,F and
	 * C,D,G,H */
	__m128i abcd = _mm_loadu_si128((const __m128i *)&h[0]);
	__m128i efgh = _mm_loadu_si128((const __m128i *)&h[4]);
	abcd = _mm_shuffle_epi32(abcd, 0xB1);		/* B A D C */
	efgh = _mm_shuffle_epi32(efgh, 0x1B);		/* H G F E */
	__m128i abef = _mm_alignr_epi8(abcd, efgh, 8);	/* F E B A */
	__m128i cdgh = _mm_blend_epi16(efgh, abcd, 0xF0);	/* H G D C */

	while (nblocks--) {
		__m128i save_abef = abef, save_cdgh = cdgh;
		__m128i m[4];

		for (unsigned g = 0; g < 16; g++) {
			__m128i w;
			if (g < 4) {
				w = _mm_loadu_si128((const __m128i *)(p + 16 * g));
				w = _mm_shuffle_epi8(w, bswap);
			} else {
				/* W[t..t+3] from W[t-16..t-13], W[t-15..t-12],
				 * W[t-7..t-4] and W[t-4..t-1] */
				__m128i w16 = m[g & 3], w12 = m[(g + 1) & 3];
				__m128i w8 = m[(g + 2) & 3], w4 = m[(g + 3) & 3];
				w = _mm_sha256msg1_epu32(w16, w12);
				w = _mm_add_epi32(w, _mm_alignr_epi8(w4, w8, 4));
				w = _mm_sha256msg2_epu32(w, w4);
			}
			m[g & 3] = w;
			__m128i wk = _mm_add_epi32(w,
				_mm_loadu_si128((const __m128i *)&sha256_k[4 * g]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
			wk = _mm_shuffle_epi32(wk, 0x0E);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
		}
		abef = _mm_add_epi32(abef, save_abef);
		cdgh = _mm_add_epi32(cdgh, save_cdgh);
		p += SHA256_BLOCK_LEN;
	}

	__m128i t = _mm_shuffle_epi32(abef, 0x1B);	/* A B E F */
	cdgh = _mm_shuffle_epi32(cdgh, 0xB1);		/* G H C D */
	abcd = _mm_blend_epi16(t, cdgh, 0xF0);		/* A B C D */
	efgh = _mm_alignr_epi8(cdgh, t, 8);		/* E F G H */
	_mm_storeu_si128((__m128i *)&h[0], abcd);
	_mm_storeu_si128((__m128i *)&h[4], efgh);
}

static bool cpu_has_shani(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return false;
	if (!(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return false;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return false;
	return (b & bit_SHA) != 0;
}
#endif

/* -1: not probed yet; 0: portable; 1: SHA-NI. Probing races are harmless. */
static atomic_int sha256_accel = -1;

static bool use_accel(void)
{
	int v = atomic_load_explicit(&sha256_accel, memory_order_relaxed);

	if (v < 0) {
#ifdef SHA256_HAVE_SHANI
		v = cpu_has_shani();
#else
		v = 0;
#endif
		atomic_store_explicit(&sha256_accel, v, memory_order_relaxed);
	}
	return v > 0;
}

static void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
#ifdef SHA256_HAVE_SHANI
	if (use_accel()) {
		sha256_blocks_shani(h, p, nblocks);
		return;
	}
#endif
	sha256_blocks_portable(h, p, nblocks);
}

int sha256_set_accel(bool on)
{
	if (!on) {
		atomic_store(&sha256_accel, 0);
		return 0;
	}
#ifdef SHA256_HAVE_SHANI
	if (cpu_has_shani()) {
		atomic_store(&sha256_accel, 1);
		return 0;
	}
#endif
	return DB_EUNSUPP;
}

const char *sha256_impl(void)
{
	return use_accel() ? "x86-sha" : "portable";
}

void sha256_init(struct sha256 *ctx)
{
	/* FIPS 180-4 5.3.3: fractional parts of the square roots of the first
	 * eight primes. */
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(ctx->h, iv, sizeof(iv));
	ctx->total = 0;
	ctx->fill = 0;
}

void sha256_update(struct sha256 *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (len == 0)
		return;
	ctx->total += len;
	if (ctx->fill) {
		size_t n = SHA256_BLOCK_LEN - ctx->fill;
		if (n > len)
			n = len;
		memcpy(ctx->block + ctx->fill, p, n);
		ctx->fill += n;
		p += n;
		len -= n;
		if (ctx->fill < SHA256_BLOCK_LEN)
			return;
		sha256_blocks(ctx->h, ctx->block, 1);
		ctx->fill = 0;
	}
	if (len >= SHA256_BLOCK_LEN) {
		size_t nblocks = len / SHA256_BLOCK_LEN;
		sha256_blocks(ctx->h, p, nblocks);
		p += nblocks * SHA256_BLOCK_LEN;
		len -= nblocks * SHA256_BLOCK_LEN;
	}
	if (len) {
		memcpy(ctx->block, p, len);
		ctx->fill = len;
	}
}

void sha256_final(struct sha256 *ctx, uint8_t digest[SHA256_DIGEST_LEN])
{
	/* FIPS 180-4 5.1.1: append 0x80, zeros up to 56 mod 64, then the
	 * message length in bits as a 64-bit big-endian number. */
	uint64_t bits = ctx->total * 8;

	ctx->block[ctx->fill++] = 0x80;
	if (ctx->fill > SHA256_BLOCK_LEN - 8) {
		memset(ctx->block + ctx->fill, 0, SHA256_BLOCK_LEN - ctx->fill);
		sha256_blocks(ctx->h, ctx->block, 1);
		ctx->fill = 0;
	}
	memset(ctx->block + ctx->fill, 0, SHA256_BLOCK_LEN - 8 - ctx->fill);
	store_be32(ctx->block + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->block + 60, (uint32_t)bits);
	sha256_blocks(ctx->h, ctx->block, 1);
	for (unsigned i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->h[i]);
	memset(ctx, 0, sizeof(*ctx));
}

void sha256_buf(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LEN])
{
	struct sha256 ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
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
