/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_verify.c — chunk hashes recorded while writing, checked on read-back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "image/image.h"
#include "pipeline/verify.h"

enum { SECTOR = 2048, CHUNK_BLOCKS = 4 };

static uint8_t *pattern(uint32_t blocks)
{
	uint8_t *p = malloc((size_t)blocks * SECTOR);
	for (size_t i = 0; i < (size_t)blocks * SECTOR; i++)
		p[i] = (uint8_t)(i * 7 + i / 2048);
	return p;
}

static void matches_what_was_recorded(void **state)
{
	(void)state;
	uint32_t blocks = 10;   /* two whole chunks and a short one */
	uint8_t *img = pattern(blocks);
	struct verify_map *m = verify_map_new(blocks, CHUNK_BLOCKS);
	assert_non_null(m);
	for (uint32_t off = 0; off < blocks; off += CHUNK_BLOCKS) {
		uint32_t n = blocks - off < CHUNK_BLOCKS ? blocks - off : CHUNK_BLOCKS;
		verify_map_add(m, img + (size_t)off * SECTOR, n);
	}
	uint32_t bad = 1234;
	for (uint32_t off = 0; off < blocks; off += CHUNK_BLOCKS) {
		uint32_t n = blocks - off < CHUNK_BLOCKS ? blocks - off : CHUNK_BLOCKS;
		assert_int_equal(verify_map_check(m, off, img + (size_t)off * SECTOR, n, &bad), 0);
	}
	assert_int_equal(bad, 1234);
	/* one flipped bit in sector 5 is caught in the chunk starting at 4 */
	img[5 * SECTOR + 100] ^= 0x01;
	assert_int_equal(verify_map_check(m, 4, img + 4 * SECTOR, CHUNK_BLOCKS, &bad), 1);
	assert_int_equal(bad, 4);
	/* outside what was recorded, or not on a chunk boundary */
	assert_int_equal(verify_map_check(m, 12, img, 1, &bad), -1);
	assert_int_equal(verify_map_check(m, 3, img, 1, &bad), -1);
	verify_map_free(m);
	free(img);
}

static void refine_names_the_sector(void **state)
{
	(void)state;
	uint32_t blocks = 8;
	uint8_t *img = pattern(blocks);
	char path[] = "/tmp/test_verify.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	/* the image ends 100 bytes into its last sector: the rest reads as zero */
	uint64_t size = (uint64_t)(blocks - 1) * SECTOR + 100;
	memset(img + size, 0, (size_t)blocks * SECTOR - size);
	assert_int_equal(write(fd, img, size), (ssize_t)size);
	close(fd);
	/* the image as a burn holds it: one handle, its layout */
	struct image *im;
	struct db_error err;
	assert_int_equal(image_open(path, 0, &im, &err), 0);
	const struct layout *l = &im->layout;

	uint8_t *disc = malloc((size_t)blocks * SECTOR);
	memcpy(disc, img, (size_t)blocks * SECTOR);
	uint32_t bad = 4;
	verify_refine(l, 4, disc + 4 * SECTOR, 4, &bad);
	assert_int_equal(bad, 4);       /* identical: left alone */
	disc[6 * SECTOR + 2047] ^= 0xFF;
	verify_refine(l, 4, disc + 4 * SECTOR, 4, &bad);
	assert_int_equal(bad, 6);
	memcpy(disc, img, (size_t)blocks * SECTOR);
	disc[7 * SECTOR + 1000] = 1;    /* in the zero padding after the image */
	verify_refine(l, 4, disc + 4 * SECTOR, 4, &bad);
	assert_int_equal(bad, 7);
	image_close(im);
	unlink(path);
	free(disc);
	free(img);
}

static void hash_sees_every_byte(void **state)
{
	(void)state;
	uint8_t buf[37] = { 0 };
	uint64_t h0 = verify_hash(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = 1;
		assert_true(verify_hash(buf, sizeof(buf)) != h0);
		buf[i] = 0;
	}
	assert_true(verify_hash(buf, 36) != h0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_what_was_recorded),
		cmocka_unit_test(refine_names_the_sector),
		cmocka_unit_test(hash_sees_every_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
