/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_iso.c — the inspection on images built byte by byte in memory.
 *
 * Real images (genisoimage, xorriso, Debian's shipped ISOs) are checked
 * against isoinfo/xorriso by tests/iso-inspect.sh; here every structure is
 * laid out by hand so each branch of the parser, and each malformed case,
 * is reached on purpose.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "image/image.h"
#include "image/iso.h"
#include "image/iso_session.h"
#include "msgtext.h"

#define SEC 2048u

struct img {
	uint8_t *p;
	size_t len;
};

static struct img img_new(size_t sectors)
{
	struct img m = { calloc(sectors ? sectors : 1, SEC), sectors * SEC };
	assert_non_null(m.p);
	return m;
}

static uint8_t *sec(struct img *m, uint32_t lba)
{
	assert_true((size_t)(lba + 1) * SEC <= m->len);
	return m->p + (size_t)lba * SEC;
}

static void le16w(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32w(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void le64w(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void be32w(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static void both32(uint8_t *p, uint32_t v)
{
	le32w(p, v);
	be32w(p + 4, v);
}

static void padded(uint8_t *dst, const char *s, size_t n)
{
	memset(dst, ' ', n);
	memcpy(dst, s, strlen(s) < n ? strlen(s) : n);
}

/* ECMA-119 9.1 directory record; returns its length. */
static size_t dirrec(uint8_t *d, uint32_t lba, uint32_t size, uint8_t flags,
		     const char *name, size_t nlen)
{
	size_t len = 33 + nlen + !(nlen & 1);
	memset(d, 0, len);
	d[0] = (uint8_t)len;
	both32(d + 2, lba);
	both32(d + 10, size);
	d[25] = flags;
	le16w(d + 28, 1);
	d[29 + 1] = 0;
	d[32] = (uint8_t)nlen;
	memcpy(d + 33, name, nlen);
	return len;
}

/* A minimal ISO 9660 image: PVD at 16, terminator at 17, root at 18 with
 * "." and "..". volume_blocks is what the PVD declares. */
static struct img iso_new(size_t sectors, uint32_t volume_blocks)
{
	struct img m = img_new(sectors);
	uint8_t *d = sec(&m, 16);
	d[0] = 1;
	memcpy(d + 1, "CD001", 5);
	d[6] = 1;
	padded(d + 8, "LINUX", 32);
	padded(d + 40, "TESTVOL", 32);
	both32(d + 80, volume_blocks);
	le16w(d + 128, SEC);
	d[130] = SEC >> 8;
	d[131] = SEC & 0xFF;
	dirrec(d + 156, 18, SEC, 0x02, "\0", 1);
	padded(d + 190, "", 128);
	padded(d + 318, "PUBLISHER", 128);
	padded(d + 446, "PREPARER", 128);
	padded(d + 574, "APP", 128);
	memcpy(d + 813, "2024030512345600", 16);
	d[829] = 8;     /* +02:00 */
	d[881] = 1;
	uint8_t *t = sec(&m, 17);
	t[0] = 255;
	memcpy(t + 1, "CD001", 5);
	t[6] = 1;
	uint8_t *root = sec(&m, 18);
	size_t o = dirrec(root, 18, SEC, 0x02, "\0", 1);
	dirrec(root + o, 18, SEC, 0x02, "\1", 1);
	return m;
}

static void inspect(const struct img *m, struct iso_report *r)
{
	struct db_error err;
	assert_int_equal(iso_inspect_mem(m->p, m->len, r, &err), 0);
}

static void test_pvd_fields(void **state)
{
	(void)state;
	struct img m = iso_new(40, 40);
	struct iso_report r;
	inspect(&m, &r);
	assert_int_equal(r.format, ISO_FMT_ISO9660);
	assert_true(r.iso9660);
	assert_string_equal(r.volume_id, "TESTVOL");
	assert_string_equal(r.system_id, "LINUX");
	assert_string_equal(r.publisher_id, "PUBLISHER");
	assert_string_equal(r.preparer_id, "PREPARER");
	assert_string_equal(r.application_id, "APP");
	assert_string_equal(r.volume_set_id, "");
	assert_string_equal(r.created, "2024-03-05T12:34:56+02:00");
	assert_int_equal(r.volume_blocks, 40);
	assert_int_equal(r.block_size, 2048);
	assert_int_equal(r.root_lba, 18);
	assert_int_equal(r.root_size, SEC);
	assert_int_equal(r.size_state, ISO_SIZE_EXACT);
	assert_int_equal(r.declared_bytes, 40 * SEC);
	assert_int_equal(r.issues, 0);
	assert_false(r.eltorito);
	assert_false(r.mbr);
	assert_false(r.gpt);
	assert_true(r.tree_walked);
	assert_int_equal(r.files, 0);
	struct db_error err;
	assert_int_equal(iso_preflight(&r, 0, &err), 0);
	free(m.p);
}

static void test_text_is_sanitised_and_date_checked(void **state)
{
	(void)state;
	struct img m = iso_new(40, 40);
	uint8_t *d = sec(&m, 16);
	d[41] = '\n';
	d[42] = 0xC3;
	memcpy(d + 813, "2024133012345600", 16);  /* month 13 */
	struct iso_report r;
	inspect(&m, &r);
	assert_string_equal(r.volume_id, "T??TVOL");
	assert_string_equal(r.created, "");
	d[829] = (uint8_t)-20;                    /* -05:00 */
	memcpy(d + 813, "1999123123595900", 16);
	inspect(&m, &r);
	assert_string_equal(r.created, "1999-12-31T23:59:59-05:00");
	free(m.p);
}

static void test_truncated(void **state)
{
	(void)state;
	/* Declares 7,000 blocks (14 MB), file holds 40. */
	struct img m = iso_new(40, 7000);
	struct iso_report r;
	inspect(&m, &r);
	assert_int_equal(r.size_state, ISO_SIZE_TRUNCATED);
	struct db_error err;
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);
	assert_string_equal(msg_of(&err), "The file is 13 MB shorter than the "
			    "ISO 9660 volume it declares: the download is "
			    "incomplete");
	assert_non_null(strstr(advice_of(&err), "Download it again"));
	/* Force does not make a truncated image whole. */
	assert_int_equal(iso_preflight(&r, ISO_PREFLIGHT_FORCE, &err),
			 DB_EIMAGE);
	free(m.p);
}

static void test_padded_is_fine(void **state)
{
	(void)state;
	struct img m = iso_new(100, 40);
	struct iso_report r;
	inspect(&m, &r);
	assert_int_equal(r.size_state, ISO_SIZE_PADDED);
	struct db_error err;
	assert_int_equal(iso_preflight(&r, 0, &err), 0);
	free(m.p);
}

static void test_absurd_and_inconsistent_pvd(void **state)
{
	(void)state;
	struct img m = iso_new(40, 0xFFFFFFF0u);
	struct iso_report r;
	struct db_error err;
	inspect(&m, &r);
	assert_true(r.issues & ISO_ISSUE_PVD_ABSURD);
	assert_int_equal(r.size_state, ISO_SIZE_UNKNOWN);
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "corrupt"));
	assert_int_equal(iso_preflight(&r, ISO_PREFLIGHT_FORCE, &err), 0);

	uint8_t *d = sec(&m, 16);
	both32(d + 80, 40);
	be32w(d + 84, 41);
	inspect(&m, &r);
	assert_true(r.issues & ISO_ISSUE_PVD_INCONSISTENT);
	assert_false(r.tree_walked);
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);

	both32(d + 80, 0);
	inspect(&m, &r);
	assert_true(r.issues & ISO_ISSUE_PVD_ABSURD);

	/* The root directory extent is a both-byte-order field too. */
	both32(d + 80, 40);
	be32w(d + 156 + 6, 19);
	inspect(&m, &r);
	assert_true(r.issues & ISO_ISSUE_PVD_INCONSISTENT);
	assert_false(r.tree_walked);
	free(m.p);
}

static void test_parse_pvd(void **state)
{
	(void)state;
	struct img m = iso_new(40, 40);
	uint8_t *d = sec(&m, 16);
	struct iso_pvd p;
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_true(p.valid);
	assert_int_equal(p.issues, 0);
	assert_int_equal(p.volume_blocks, 40);
	assert_int_equal(p.block_size, SEC);
	assert_int_equal(p.root_lba, 18);
	assert_int_equal(p.root_size, SEC);
	assert_string_equal(p.system_id, "LINUX");
	assert_string_equal(p.volume_id, "TESTVOL");
	assert_string_equal(p.volume_set_id, "");
	assert_string_equal(p.publisher_id, "PUBLISHER");
	assert_string_equal(p.preparer_id, "PREPARER");
	assert_string_equal(p.application_id, "APP");
	assert_string_equal(p.created, "2024-03-05T12:34:56+02:00");

	/* A field ends at its first NUL, as isoinfo shows it; blanks before
	 * it are trailing blanks. A field of all blanks is empty. */
	memcpy(d + 40, "AB  \0CD", 7);
	memset(d + 574, ' ', 128);
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_string_equal(p.volume_id, "AB");
	assert_string_equal(p.application_id, "");
	/* ...and a field full to its last byte keeps every byte. */
	memset(d + 8, 'X', 32);
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_int_equal(strlen(p.system_id), 32);

	/* Not a PVD: the terminator, another version, another standard. */
	assert_int_equal(iso_parse_pvd(sec(&m, 17), &p), 0);
	assert_false(p.valid);
	assert_int_equal(p.volume_blocks, 0);
	d[6] = 2;
	assert_int_equal(iso_parse_pvd(d, &p), 0);
	d[6] = 1;
	d[5] = '2';
	assert_int_equal(iso_parse_pvd(d, &p), 0);
	assert_string_equal(p.volume_id, "");
	d[5] = '1';

	/* A PVD, but not one whose sizes can be trusted. */
	be32w(d + 84, 41);
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_false(p.valid);
	assert_true(p.issues & ISO_ISSUE_PVD_INCONSISTENT);
	both32(d + 80, 40);
	both32(d + 156 + 10, 4096);
	be32w(d + 156 + 14, 2048);
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_false(p.valid);
	both32(d + 156 + 10, SEC);
	d[131] = 0x01;          /* block size BE 0x0801 */
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_false(p.valid);
	d[131] = SEC & 0xFF;
	both32(d + 80, 0);
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_false(p.valid);
	assert_true(p.issues & ISO_ISSUE_PVD_ABSURD);
	both32(d + 80, 62500865u);
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_false(p.valid);
	/* A block size other than 2048 is an issue, not a corrupt PVD. */
	both32(d + 80, 160);
	le16w(d + 128, 512);
	d[130] = 512 >> 8;
	d[131] = 512 & 0xFF;
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_true(p.valid);
	assert_int_equal(p.issues, ISO_ISSUE_BLOCK_SIZE);
	assert_int_equal(p.block_size, 512);
	free(m.p);
}

static void test_session(void **state)
{
	(void)state;
	/* A later session built for LBA 1000 (mkisofs -C 0,1000): 60 blocks
	 * of its own, the root at 1018, the volume counting 1060 blocks. */
	struct img m = iso_new(60, 1060);
	uint8_t *d = sec(&m, 16);
	dirrec(d + 156, 1018, SEC, 0x02, "\0", 1);
	struct iso_pvd p;
	assert_int_equal(iso_parse_pvd(d, &p), 1);
	assert_true(iso_session_relocated(&p, 60, NULL));
	assert_true(iso_session_fits_at(&p, 1000, 60));
	assert_true(iso_session_fits_at(&p, 959, 60));
	assert_false(iso_session_fits_at(&p, 958, 60));
	assert_false(iso_session_fits_at(&p, 1019, 60));
	assert_int_equal(iso_session_next(&p, 16), 1072);
	assert_int_equal(iso_session_next(&p, 32), 1088);
	assert_int_equal(iso_session_next(&p, 0), 1060);

	/* A first session is not relocated; an invalid PVD answers no. */
	struct img first = iso_new(40, 40);
	assert_int_equal(iso_parse_pvd(sec(&first, 16), &p), 1);
	assert_false(iso_session_relocated(&p, 40, sec(&first, p.root_lba)));
	assert_false(iso_session_relocated(&p, 40, NULL));

	/* A later session larger than its start (mkisofs -C 0,16 of 60
	 * blocks, the root at 34): the image's sector 34 is not the root. */
	struct img big = iso_new(60, 60);
	uint8_t *bd = sec(&big, 16);
	dirrec(bd + 156, 34, SEC, 0x02, "\0", 1);
	assert_int_equal(iso_parse_pvd(bd, &p), 1);
	assert_true(iso_session_relocated(&p, 60, sec(&big, 34)));
	assert_true(iso_session_fits_at(&p, 16, 60));
	assert_int_equal(iso_parse_pvd(sec(&first, 16), &p), 1);
	assert_int_equal(iso_session_next(&p, 16), 48);
	assert_int_equal(iso_parse_pvd(sec(&first, 17), &p), 0);
	assert_false(iso_session_relocated(&p, 0, NULL));
	assert_false(iso_session_fits_at(&p, 0, 40));
	assert_int_equal(iso_session_next(&p, 16), 0);

	/* The descriptor set: PVD at 16, a Joliet SVD at 17, terminator at
	 * 18; the volume space size of both descriptors is raised. */
	struct img h = img_new(32);
	memcpy(sec(&h, 16), d, SEC);
	memcpy(sec(&h, 17), d, SEC);
	sec(&h, 17)[0] = 2;
	memcpy(sec(&h, 18), sec(&first, 17), SEC);
	assert_int_equal(iso_session_descriptor_sectors(h.p, 32), 3);
	iso_session_set_volume_blocks(h.p, 3, 5000);
	assert_int_equal(iso_parse_pvd(sec(&h, 16), &p), 1);
	assert_true(p.valid);
	assert_int_equal(p.volume_blocks, 5000);
	assert_int_equal(p.root_lba, 1018);
	const uint8_t *svd = sec(&h, 17);
	assert_int_equal(svd[80] | svd[81] << 8 | svd[82] << 16 |
			 (uint32_t)svd[83] << 24, 5000);
	assert_int_equal(svd[84] << 24 | svd[85] << 16 | svd[86] << 8 |
			 svd[87], 5000);
	assert_int_equal(sec(&h, 18)[80], 0);   /* the terminator is left */
	/* Only the sectors buffered count; no terminator, no set. */
	assert_int_equal(iso_session_descriptor_sectors(h.p, 18), 0);
	sec(&h, 17)[1] = 'X';
	assert_int_equal(iso_session_descriptor_sectors(h.p, 32), 0);
	free(h.p);
	free(first.p);
	free(m.p);
}

static void test_random_and_empty(void **state)
{
	(void)state;
	struct img m = img_new(64);
	srand(7);
	for (size_t i = 0; i < m.len; i++)
		m.p[i] = (uint8_t)rand();
	m.p[510] = 0;   /* no accidental MBR signature */
	struct iso_report r;
	struct db_error err;
	inspect(&m, &r);
	assert_int_equal(r.format, ISO_FMT_UNKNOWN);
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "not a disc image"));
	assert_int_equal(iso_preflight(&r, ISO_PREFLIGHT_FORCE, &err), 0);

	assert_int_equal(iso_inspect_mem(m.p, 0, &r, &err), 0);
	assert_int_equal(r.file_size, 0);
	assert_int_equal(iso_preflight(&r, ISO_PREFLIGHT_FORCE, &err),
			 DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "empty"));

	/* Every length from 0 to past the PVD: never a crash. */
	struct img iso = iso_new(40, 40);
	for (size_t len = 0; len <= 17 * SEC + 1; len += 97)
		assert_int_equal(iso_inspect_mem(iso.p, len, &r, &err), 0);
	free(iso.p);
	free(m.p);
}

/* El Torito: boot record at 17, terminator 18, catalogue at 20. */
static struct img eltorito_new(size_t sectors)
{
	struct img m = iso_new(sectors, (uint32_t)sectors);
	uint8_t *t = sec(&m, 18);
	memcpy(t, sec(&m, 17), SEC);       /* terminator moves to 18 */
	uint8_t *b = sec(&m, 17);
	memset(b, 0, SEC);
	b[0] = 0;
	memcpy(b + 1, "CD001", 5);
	b[6] = 1;
	memcpy(b + 7, "EL TORITO SPECIFICATION", 23);
	le32w(b + 71, 20);
	/* root moves to 19 */
	uint8_t *pvd = sec(&m, 16);
	dirrec(pvd + 156, 19, SEC, 0x02, "\0", 1);
	uint8_t *root = sec(&m, 19);
	size_t o = dirrec(root, 19, SEC, 0x02, "\0", 1);
	dirrec(root + o, 19, SEC, 0x02, "\1", 1);

	uint8_t *c = sec(&m, 20);
	c[0] = 1;
	c[1] = ISO_PLATFORM_BIOS;
	memcpy(c + 4, "TEST", 4);
	c[30] = 0x55;
	c[31] = 0xAA;
	uint16_t sum = 0;
	for (int i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + (c[i] | c[i + 1] << 8));
	le16w(c + 28, (uint16_t)(0x10000 - sum));
	/* default entry: bootable, no emulation, 4 sectors at 21 */
	c[32] = 0x88;
	c[33] = ISO_EMUL_NONE;
	le16w(c + 38, 4);
	le32w(c + 40, 21);
	/* final section header, UEFI, one entry + one extension */
	c[64] = 0x91;
	c[65] = ISO_PLATFORM_UEFI;
	le16w(c + 66, 1);
	c[96] = 0x88;
	c[97] = ISO_EMUL_NONE | 0x20;
	le16w(c + 102, 8);
	le32w(c + 104, 22);
	c[128] = 0x44;
	return m;
}

static void test_eltorito(void **state)
{
	(void)state;
	struct img m = eltorito_new(40);
	struct iso_report r;
	inspect(&m, &r);
	assert_true(r.eltorito);
	assert_true(r.boot_catalog_valid);
	assert_int_equal(r.boot_catalog_lba, 20);
	assert_string_equal(r.boot_id, "TEST");
	assert_int_equal(r.boot_count, 2);
	assert_int_equal(r.boot[0].platform, ISO_PLATFORM_BIOS);
	assert_true(r.boot[0].bootable);
	assert_int_equal(r.boot[0].emulation, ISO_EMUL_NONE);
	assert_int_equal(r.boot[0].load_sectors, 4);
	assert_int_equal(r.boot[0].lba, 21);
	assert_int_equal(r.boot[0].section, 0);
	assert_true(r.boot[0].in_file);
	assert_int_equal(r.boot[1].platform, ISO_PLATFORM_UEFI);
	assert_int_equal(r.boot[1].load_sectors, 8);
	assert_int_equal(r.boot[1].image_bytes, 4096);
	assert_int_equal(r.boot[1].section, 1);
	assert_int_equal(r.issues, 0);
	struct db_error err;
	assert_int_equal(iso_preflight(&r, 0, &err), 0);

	/* 1.44 MB floppy emulation at 21 does not fit in 40 sectors. */
	uint8_t *c = sec(&m, 20);
	c[33] = ISO_EMUL_FLOPPY_1440;
	inspect(&m, &r);
	assert_int_equal(r.boot[0].image_bytes, 1474560);
	assert_false(r.boot[0].in_file);
	assert_true(r.issues & ISO_ISSUE_BOOT_IMAGE_OUT);
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "boot image"));
	assert_int_equal(iso_preflight(&r, ISO_PREFLIGHT_FORCE, &err), 0);

	/* Hard-disk emulation: the size is the end of the partition in the
	 * image's own MBR (El Torito 2.5), here 1 + 63 sectors. */
	c[33] = ISO_EMUL_HARD_DISK;
	uint8_t *hd = sec(&m, 21);
	hd[446 + 4] = 0x06;
	le32w(hd + 446 + 8, 1);
	le32w(hd + 446 + 12, 63);
	hd[510] = 0x55;
	hd[511] = 0xAA;
	inspect(&m, &r);
	assert_string_equal(iso_emulation_name(r.boot[0].emulation),
			    "hard-disk");
	assert_int_equal(r.boot[0].image_bytes, 64 * 512);
	assert_true(r.boot[0].in_file);
	le32w(hd + 446 + 12, 0xFFFFFFF0u);
	inspect(&m, &r);
	assert_false(r.boot[0].in_file);
	free(m.p);
}

static void test_eltorito_malformed(void **state)
{
	(void)state;
	struct img m = eltorito_new(40);
	struct iso_report r;
	struct db_error err;
	uint8_t *c = sec(&m, 20);
	c[4] ^= 1;      /* checksum no longer sums to zero */
	inspect(&m, &r);
	assert_true(r.eltorito);
	assert_false(r.boot_catalog_valid);
	assert_int_equal(r.boot_count, 0);
	assert_true(r.issues & ISO_ISSUE_BOOT_CATALOG_BAD);
	c[4] ^= 1;

	le32w(sec(&m, 17) + 71, 0x7FFFFFFF);
	inspect(&m, &r);
	assert_true(r.issues & ISO_ISSUE_BOOT_CATALOG_OUT);
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "boot catalogue"));

	/* Catalogue in the very last sector, section header claiming 65535
	 * entries: the walk stops at the end of the buffer. */
	le32w(sec(&m, 17) + 71, 39);
	memcpy(sec(&m, 39), c, SEC);
	le16w(sec(&m, 39) + 66, 0xFFFF);
	for (unsigned i = 3; i < 64; i++)
		memcpy(sec(&m, 39) + 32 * i, sec(&m, 39) + 96, 32);
	inspect(&m, &r);
	assert_true(r.boot_catalog_valid);
	assert_int_equal(r.boot_count, ISO_BOOT_MAX);
	assert_true(r.boot_more);
	free(m.p);
}

static uint32_t crc32_ref(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
	}
	return ~c;
}

/* Protective MBR + GPT with one EFI system partition, 512-byte LBAs. */
static void put_gpt(struct img *m, uint64_t part_last, uint64_t alt)
{
	uint8_t *p = m->p;
	p[446 + 4] = 0xEE;
	le32w(p + 446 + 8, 1);
	le32w(p + 446 + 12, (uint32_t)(m->len / 512 - 1));
	p[510] = 0x55;
	p[511] = 0xAA;
	uint8_t *e = p + 1024;      /* entries at LBA 2, 4 x 128 bytes */
	static const uint8_t esp[16] = {
		0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11,
		0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B };
	memcpy(e, esp, 16);
	e[16] = 1;
	le64w(e + 32, 4);
	le64w(e + 40, part_last);
	const char *name = "EFI boot";
	for (size_t i = 0; name[i]; i++)
		le16w(e + 56 + 2 * i, (uint16_t)name[i]);
	uint8_t *h = p + 512;
	memset(h, 0, 512);
	memcpy(h, "EFI PART", 8);
	le32w(h + 8, 0x00010000);
	le32w(h + 12, 92);
	le64w(h + 24, 1);
	le64w(h + 32, alt);
	le64w(h + 40, 4);
	le64w(h + 48, alt - 1);
	le64w(h + 72, 2);
	le32w(h + 80, 4);
	le32w(h + 84, 128);
	le32w(h + 88, crc32_ref(e, 4 * 128));
	le32w(h + 16, crc32_ref(h, 92));
}

static void test_mbr_gpt(void **state)
{
	(void)state;
	struct img m = iso_new(40, 40);
	size_t lbas = m.len / 512;
	put_gpt(&m, 20, lbas - 1);
	struct iso_report r;
	struct db_error err;
	inspect(&m, &r);
	assert_true(r.mbr);
	assert_int_equal(r.mbr_count, 1);
	assert_int_equal(r.mbr_part[0].type, 0xEE);
	assert_int_equal(r.mbr_part[0].start, 1);
	assert_true(r.gpt);
	assert_true(r.gpt_crc_ok);
	assert_int_equal(r.gpt_entries, 4);
	assert_int_equal(r.gpt_count, 1);
	assert_string_equal(iso_gpt_type_name(r.gpt_part[0].type_guid),
			    "efi-system");
	char g[37];
	iso_guid_text(r.gpt_part[0].type_guid, g);
	assert_string_equal(g, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
	assert_string_equal(r.gpt_part[0].name, "EFI boot");
	assert_int_equal(r.gpt_part[0].first_lba, 4);
	assert_int_equal(r.gpt_part[0].last_lba, 20);
	assert_int_equal(r.format, ISO_FMT_ISO9660);
	assert_int_equal(r.issues, 0);
	assert_int_equal(iso_preflight(&r, 0, &err), 0);

	/* A partition and the backup header beyond the end: a hybrid image
	 * cut short after its ISO 9660 part. */
	put_gpt(&m, lbas + 100, lbas + 200);
	inspect(&m, &r);
	assert_true(r.gpt_crc_ok);
	assert_true(r.issues & ISO_ISSUE_PART_BEYOND_END);
	assert_true(r.issues & ISO_ISSUE_GPT_BACKUP_OUT);
	assert_int_equal(r.size_state, ISO_SIZE_EXACT);
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "incomplete"));

	/* A flipped byte in the entries breaks their CRC. */
	put_gpt(&m, 20, lbas - 1);
	m.p[1024 + 60] ^= 0x20;
	inspect(&m, &r);
	assert_false(r.gpt_crc_ok);
	assert_true(r.issues & ISO_ISSUE_GPT_CRC);

	/* An absurd entry count is not followed. */
	put_gpt(&m, 20, lbas - 1);
	le32w(m.p + 512 + 80, 0xFFFFFFFFu);
	inspect(&m, &r);
	assert_false(r.gpt_crc_ok);
	assert_int_equal(r.gpt_count, 0);

	/* MBR and GPT without any file system: a USB disk image. */
	memset(sec(&m, 16), 0, SEC);
	memset(sec(&m, 17), 0, SEC);
	put_gpt(&m, 20, lbas - 1);
	inspect(&m, &r);
	assert_int_equal(r.format, ISO_FMT_DISK);
	assert_int_equal(iso_preflight(&r, 0, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "disk image (GPT)"));
	assert_non_null(strstr(advice_of(&err), "USB stick"));
	free(m.p);
}

/* ECMA-167 3/7.2 descriptor tag, with CRC over the whole rest of the
 * sector and the checksum last. */
static void udf_tag(uint8_t *d, uint16_t id, uint32_t lba)
{
	le16w(d, id);
	le16w(d + 2, 3);
	uint16_t crc_len = SEC - 16;
	uint16_t crc = 0;
	for (size_t i = 16; i < 16u + crc_len; i++) {
		crc ^= (uint16_t)(d[i] << 8);
		for (int k = 0; k < 8; k++)
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021
						      : crc << 1);
	}
	le16w(d + 8, crc);
	le16w(d + 10, crc_len);
	le32w(d + 12, lba);
	uint8_t sum = 0;
	for (int i = 0; i < 16; i++)
		if (i != 4)
			sum = (uint8_t)(sum + d[i]);
	d[4] = sum;
}

static void dstring(uint8_t *f, size_t n, const char *s)
{
	f[0] = 8;
	memcpy(f + 1, s, strlen(s));
	f[n - 1] = (uint8_t)(strlen(s) + 1);
}

/* Pure UDF: VRS at 16-18, anchor at 256, VDS at 257-260, partition
 * 300..399. */
static struct img udf_new(size_t sectors)
{
	struct img m = img_new(sectors);
	const char *vrs[] = { "BEA01", "NSR03", "TEA01" };
	for (int i = 0; i < 3; i++) {
		uint8_t *d = sec(&m, 16 + (uint32_t)i);
		memcpy(d + 1, vrs[i], 5);
		d[6] = 1;
	}
	uint8_t *a = sec(&m, 256);
	le32w(a + 16, 4 * SEC);
	le32w(a + 20, 257);
	udf_tag(a, 2, 256);
	uint8_t *pvd = sec(&m, 257);
	dstring(pvd + 24, 32, "UDF_VOLUME");
	udf_tag(pvd, 1, 257);
	uint8_t *pd = sec(&m, 258);
	le32w(pd + 188, 300);
	le32w(pd + 192, 100);
	udf_tag(pd, 5, 258);
	uint8_t *lvd = sec(&m, 259);
	dstring(lvd + 84, 128, "LOGICAL");
	udf_tag(lvd, 6, 259);
	udf_tag(sec(&m, 260), 8, 260);
	return m;
}

static void test_udf(void **state)
{
	(void)state;
	struct img m = udf_new(400);
	struct iso_report r;
	struct db_error err;
	inspect(&m, &r);
	assert_int_equal(r.format, ISO_FMT_UDF);
	assert_true(r.udf);
	assert_int_equal(r.udf_nsr, 3);
	assert_string_equal(r.udf_volume_id, "UDF_VOLUME");
	assert_string_equal(r.udf_logical_volume_id, "LOGICAL");
	assert_int_equal(r.udf_end, 400 * SEC);
	assert_int_equal(r.size_state, ISO_SIZE_EXACT);
	assert_int_equal(iso_preflight(&r, 0, &err), 0);

	/* Same descriptors, file cut at sector 350: truncated UDF. */
	struct iso_report t;
	assert_int_equal(iso_inspect_mem(m.p, 350 * SEC, &t, &err), 0);
	assert_int_equal(t.size_state, ISO_SIZE_TRUNCATED);
	assert_int_equal(iso_preflight(&t, 0, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "UDF volume"));

	/* Cut inside the anchor: NSR seen, anchor unreadable. */
	assert_int_equal(iso_inspect_mem(m.p, 256 * SEC + 100, &t, &err), 0);
	assert_false(t.udf);
	assert_int_equal(t.udf_nsr, 3);
	assert_true(t.issues & ISO_ISSUE_UDF_ANCHOR_OUT);
	assert_int_equal(t.format, ISO_FMT_UNKNOWN);

	/* Cut inside the volume descriptor sequence. */
	assert_int_equal(iso_inspect_mem(m.p, 258 * SEC + 10, &t, &err), 0);
	assert_true(t.udf);
	assert_true(t.issues & ISO_ISSUE_UDF_VDS_OUT);
	assert_int_equal(iso_preflight(&t, 0, &err), DB_EIMAGE);

	/* A wrong tag checksum makes the anchor invalid. */
	sec(&m, 256)[4] ^= 0xFF;
	inspect(&m, &r);
	assert_false(r.udf);
	assert_true(r.issues & ISO_ISSUE_UDF_ANCHOR_BAD);
	free(m.p);
}

static void test_multi_extent_and_tree(void **state)
{
	(void)state;
	struct img m = iso_new(40, 40);
	uint8_t *root = sec(&m, 18);
	size_t o = root[0];
	o += root[o];
	/* BIG.BIN in two extents (4 GiB - 2 KiB and 1 MiB), then A.TXT. */
	o += dirrec(root + o, 30, 0xFFFFF800u, 0x80, "BIG.BIN;1", 9);
	o += dirrec(root + o, 31, 1u << 20, 0x00, "BIG.BIN;1", 9);
	o += dirrec(root + o, 32, 5, 0x00, "A.TXT;1", 7);
	o += dirrec(root + o, 20, SEC, 0x02, "SUB", 3);
	uint8_t *sub = sec(&m, 20);
	size_t s = dirrec(sub, 20, SEC, 0x02, "\0", 1);
	s += dirrec(sub + s, 18, SEC, 0x02, "\1", 1);
	dirrec(sub + s, 33, 7, 0x00, "C.TXT;1", 7);
	struct iso_report r;
	inspect(&m, &r);
	assert_true(r.tree_walked);
	assert_int_equal(r.files, 3);
	assert_int_equal(r.multi_extent_files, 1);
	assert_int_equal(r.largest_file, 0xFFFFF800ull + (1u << 20));
	assert_int_equal(r.issues, 0);

	/* SUB now names the root as a child: a loop. The walk is bounded. */
	dirrec(root + o - 36, 18, SEC, 0x02, "SUB", 3);
	inspect(&m, &r);
	assert_true(r.issues & ISO_ISSUE_TREE_LIMIT);
	struct db_error err;
	assert_int_equal(iso_preflight(&r, 0, &err), 0);
	free(m.p);
}

static void test_rock_ridge_in_root(void **state)
{
	(void)state;
	struct img m = iso_new(40, 40);
	uint8_t *root = sec(&m, 18);
	uint8_t dot[34 + 7 + 36];
	memcpy(dot, root, 34);
	uint8_t *su = dot + 34;
	memcpy(su, "SP\x07\x01\xBE\xEF\x00", 7);
	memcpy(su + 7, "PX\x24\x01", 4);
	memset(su + 11, 0, 32);
	dot[0] = sizeof(dot);
	uint8_t dotdot[34];
	memcpy(dotdot, root + 34, 34);
	memset(root, 0, 200);
	memcpy(root, dot, sizeof(dot));
	memcpy(root + sizeof(dot), dotdot, 34);
	struct iso_report r;
	inspect(&m, &r);
	assert_true(r.rock_ridge_known);
	assert_true(r.rock_ridge);

	memcpy(root + 41, "ZZ", 2);
	inspect(&m, &r);
	assert_false(r.rock_ridge);
	free(m.p);
}

/* A directory record with a system use area (padded to an even length). */
static size_t dirrec_su(uint8_t *d, uint32_t lba, uint32_t size, uint8_t flags,
			const char *name, size_t nlen, const void *su,
			size_t sulen)
{
	size_t base = dirrec(d, lba, size, flags, name, nlen);
	size_t len = base + sulen + (sulen & 1);
	assert_true(len <= 255);
	memset(d + base, 0, len - base);
	memcpy(d + base, su, sulen);
	d[0] = (uint8_t)len;
	return len;
}

/* Root at 18 ("." with root_su), SUB at 20 holding F.TXT with file_su. */
static struct img rr_tree(const void *root_su, size_t root_len,
			  const void *file_su, size_t file_len)
{
	struct img m = iso_new(40, 40);
	uint8_t *root = sec(&m, 18);
	memset(root, 0, SEC);
	size_t o = dirrec_su(root, 18, SEC, 0x02, "\0", 1, root_su, root_len);
	o += dirrec(root + o, 18, SEC, 0x02, "\1", 1);
	dirrec(root + o, 20, SEC, 0x02, "SUB", 3);
	uint8_t *sub = sec(&m, 20);
	o = dirrec(sub, 20, SEC, 0x02, "\0", 1);
	o += dirrec(sub + o, 18, SEC, 0x02, "\1", 1);
	dirrec_su(sub + o, 30, 5, 0x00, "F.TXT;1", 7, file_su, file_len);
	return m;
}

static bool rock_ridge_of(const struct img *m)
{
	struct iso_report r;
	inspect(m, &r);
	assert_true(r.rock_ridge_known);
	assert_int_equal(r.files, 1);
	return r.rock_ridge;
}

/* RRIP NM "f.txt" */
static const uint8_t nm_entry[] = { 'N', 'M', 10, 1, 0, 'f', '.', 't', 'x', 't' };

static void test_rock_ridge_below_root(void **state)
{
	(void)state;
	/* Nothing in the root, NM on a file two levels down: Rock Ridge
	 * (isoinfo -d, which looks at the root only, would say none). */
	struct img m = rr_tree("", 0, nm_entry, sizeof(nm_entry));
	assert_true(rock_ridge_of(&m));
	free(m.p);
	/* The same tree without it. */
	m = rr_tree("", 0, "", 0);
	assert_false(rock_ridge_of(&m));
	free(m.p);
	/* Every RRIP signature counts; other SUSP entries do not. */
	static const char *rrip[] = { "PX", "PN", "SL", "NM", "CL", "PL",
				      "RE", "TF", "SF", "RR" };
	for (size_t i = 0; i < sizeof(rrip) / sizeof(rrip[0]); i++) {
		uint8_t e[6] = { (uint8_t)rrip[i][0], (uint8_t)rrip[i][1], 6, 1 };
		m = rr_tree("", 0, e, sizeof(e));
		assert_true(rock_ridge_of(&m));
		free(m.p);
	}
	static const uint8_t other[] = { 'A', 'L', 6, 1, 0, 0, 'Z', 'Z', 4, 1 };
	m = rr_tree("", 0, other, sizeof(other));
	assert_false(rock_ridge_of(&m));
	free(m.p);
	/* Entries after ST (the end of the area) are not entries. */
	static const uint8_t st[] = { 'S', 'T', 4, 1, 'N', 'M', 6, 1, 0, 'f' };
	m = rr_tree("", 0, st, sizeof(st));
	assert_false(rock_ridge_of(&m));
	free(m.p);
	/* An entry whose length runs past the record is not one. */
	static const uint8_t runs[] = { 'N', 'M', 40, 1, 0, 'f' };
	m = rr_tree("", 0, runs, sizeof(runs));
	assert_false(rock_ridge_of(&m));
	free(m.p);
}

/* ER entry: LEN_ID, LEN_DES 0, LEN_SRC 0, version 1, then the id. */
static size_t er_entry(uint8_t *e, const char *id)
{
	size_t idl = strlen(id);
	e[0] = 'E';
	e[1] = 'R';
	e[2] = (uint8_t)(8 + idl);
	e[3] = 1;
	e[4] = (uint8_t)idl;
	e[5] = e[6] = 0;
	e[7] = 1;
	memcpy(e + 8, id, idl);
	return 8 + idl;
}

static void test_rock_ridge_er_and_continuation(void **state)
{
	(void)state;
	/* SP, then CE pointing at sector 25, offset 100, 18 bytes: the ER
	 * naming RRIP is there, as mkisofs records it. */
	uint8_t su[7 + 28];
	memcpy(su, "SP\x07\x01\xBE\xEF\x00", 7);
	memset(su + 7, 0, 28);
	memcpy(su + 7, "CE\x1C\x01", 4);
	struct img m = rr_tree(su, sizeof(su), "", 0);
	uint8_t *ce = sec(&m, 18) + 34 + 7;     /* the root's CE entry */
	both32(ce + 4, 25);
	both32(ce + 12, 100);
	both32(ce + 20, 18);
	assert_false(rock_ridge_of(&m));        /* nothing at 25 yet */
	er_entry(sec(&m, 25) + 100, "RRIP_1991A");
	assert_true(rock_ridge_of(&m));
	/* RRIP's later identifiers, and another extension's. */
	er_entry(sec(&m, 25) + 100, "IEEE_P1282");
	assert_true(rock_ridge_of(&m));
	er_entry(sec(&m, 25) + 100, "IEEE_1282");
	assert_true(rock_ridge_of(&m));
	er_entry(sec(&m, 25) + 100, "AAIP_0002");
	assert_false(rock_ridge_of(&m));

	/* A chain: the area at 25 holds only a CE for 26, where the ER is. */
	uint8_t *next = sec(&m, 25) + 100;
	memset(next, 0, 28);
	memcpy(next, "CE\x1C\x01", 4);
	both32(next + 4, 26);
	both32(next + 12, 0);
	both32(next + 20, 18);
	both32(ce + 20, 28);
	er_entry(sec(&m, 26), "RRIP_1991A");
	assert_true(rock_ridge_of(&m));
	/* A chain that loops on itself ends at its bound. */
	both32(next + 4, 25);
	both32(next + 12, 100);
	assert_false(rock_ridge_of(&m));

	/* Not read: an area beyond the end of the file, one across the end
	 * of its block (SUSP 5.1); one inside it is. */
	both32(ce + 4, 0x7FFFFFF0u);
	both32(ce + 12, 0);
	both32(ce + 20, 18);
	assert_false(rock_ridge_of(&m));
	both32(ce + 4, 26);
	both32(ce + 12, 2040);
	er_entry(sec(&m, 26) + 2040, "RRIP_1991A");
	assert_false(rock_ridge_of(&m));
	both32(ce + 12, 2030);
	er_entry(sec(&m, 26) + 2030, "RRIP_1991A");
	assert_true(rock_ridge_of(&m));
	free(m.p);
}

static void test_rock_ridge_skip_and_xa(void **state)
{
	(void)state;
	/* The root's SP says 4 bytes precede SUSP in every other record. */
	uint8_t sp[7];
	memcpy(sp, "SP\x07\x01\xBE\xEF\x04", 7);
	uint8_t file[4 + sizeof(nm_entry)] = { 0, 0, 0, 0 };
	memcpy(file + 4, nm_entry, sizeof(nm_entry));
	struct img m = rr_tree(sp, sizeof(sp), file, sizeof(file));
	assert_true(rock_ridge_of(&m));
	/* Without the skip, the zeros end the area at once. */
	sec(&m, 18)[34 + 6] = 0;
	assert_false(rock_ridge_of(&m));
	free(m.p);

	/* genisoimage -XA: 14 bytes of CD-XA attributes first, SP behind
	 * them with LEN_SKP 14, then the file's XA attributes and PX. */
	uint8_t xa[14] = { 0, 0, 0, 0, 0x8D, 0x55, 'X', 'A', 0 };
	uint8_t root[14 + 7];
	memcpy(root, xa, 14);
	memcpy(root + 14, "SP\x07\x01\xBE\xEF\x0E", 7);
	uint8_t f[14 + 6];
	memcpy(f, xa, 14);
	memcpy(f + 14, "PX\x06\x01\x00\x00", 6);
	m = rr_tree(root, sizeof(root), f, sizeof(f));
	assert_true(rock_ridge_of(&m));
	/* Without SP, readers still look behind XA attributes. */
	memset(sec(&m, 18) + 34 + 14, 0, 7);
	assert_true(rock_ridge_of(&m));
	/* Bytes 6-7 not "XA": nothing is skipped, nothing found. */
	sec(&m, 20)[34 + 34 + 33 + 7 + 6] = 'Y';
	assert_false(rock_ridge_of(&m));
	free(m.p);
}

static void svd_at(struct img *m, uint32_t lba, const char *esc)
{
	uint8_t *s = sec(m, lba);
	memset(s, 0, SEC);
	s[0] = 2;
	memcpy(s + 1, "CD001", 5);
	s[6] = 1;
	memcpy(s + 88, esc, strlen(esc));
}

static void test_joliet_levels(void **state)
{
	(void)state;
	struct img m = iso_new(40, 40);
	/* SVD at 17, terminator moves to 18, root to 19 */
	memcpy(sec(&m, 19), sec(&m, 18), SEC);
	memcpy(sec(&m, 18), sec(&m, 17), SEC);
	dirrec(sec(&m, 16) + 156, 19, SEC, 0x02, "\0", 1);
	const char *esc[] = { "%/@", "%/C", "%/E" };
	struct iso_report r;
	for (int lvl = 1; lvl <= 3; lvl++) {
		svd_at(&m, 17, esc[lvl - 1]);
		inspect(&m, &r);
		assert_int_equal(r.joliet_level, lvl);
	}
	/* ECMA-119 8.5.6: the first escape sequence begins at the first byte
	 * of the field; later in it, it is not Joliet (as for isoinfo,
	 * libiso9660 and Linux). Nor is another sequence. */
	svd_at(&m, 17, "\0\0\0%/E");
	inspect(&m, &r);
	assert_int_equal(r.joliet_level, 0);
	svd_at(&m, 17, "%/F");
	inspect(&m, &r);
	assert_int_equal(r.joliet_level, 0);
	svd_at(&m, 17, "%(E");
	inspect(&m, &r);
	assert_int_equal(r.joliet_level, 0);
	/* Without a terminator the set is reported as such. */
	uint8_t term[SEC];
	memcpy(term, sec(&m, 18), SEC);
	memset(sec(&m, 18), 0, SEC);
	inspect(&m, &r);
	assert_true(r.issues & ISO_ISSUE_NO_TERMINATOR);

	/* Two SVDs: the higher level is the image's; one after the
	 * terminator is not part of the set. 16 PVD, 17-18 SVD, 19
	 * terminator, 20 SVD, root at 21. */
	memcpy(sec(&m, 21), sec(&m, 19), SEC);
	dirrec(sec(&m, 16) + 156, 21, SEC, 0x02, "\0", 1);
	svd_at(&m, 17, "%/C");
	svd_at(&m, 18, "%/@");
	memcpy(sec(&m, 19), term, SEC);
	svd_at(&m, 20, "%/E");
	inspect(&m, &r);
	assert_int_equal(r.joliet_level, 2);
	assert_int_equal(r.issues, 0);
	svd_at(&m, 18, "%/E");
	inspect(&m, &r);
	assert_int_equal(r.joliet_level, 3);
	free(m.p);
}

static void test_smallest_medium(void **state)
{
	(void)state;
	assert_string_equal(iso_smallest_medium(0), "cd74");
	assert_string_equal(iso_smallest_medium(333000ull * SEC), "cd74");
	assert_string_equal(iso_smallest_medium(333000ull * SEC + 1), "cd80");
	assert_string_equal(iso_smallest_medium(359849ull * SEC), "cd80");
	assert_string_equal(iso_smallest_medium(359850ull * SEC), "dvd");
	assert_string_equal(iso_smallest_medium(2295104ull * SEC), "dvd");
	assert_string_equal(iso_smallest_medium(2295105ull * SEC), "dvd-dl");
	assert_string_equal(iso_smallest_medium(4173824ull * SEC), "dvd-dl");
	assert_string_equal(iso_smallest_medium(4173825ull * SEC), "bd25");
	assert_string_equal(iso_smallest_medium(12219392ull * SEC), "bd25");
	assert_string_equal(iso_smallest_medium(12219393ull * SEC), "bd50");
	assert_string_equal(iso_smallest_medium(24438784ull * SEC), "bd50");
	assert_string_equal(iso_smallest_medium(24438785ull * SEC), "none");
}

struct kv_log {
	unsigned count;
	unsigned stop_at;
	char volume_id[64];
	enum fact_type blocks_type;
	uint64_t blocks;
	char eltorito_2_platform[16];
	bool eltorito_valid;
	char first_keys[4][32];
	bool saw_issue;
};

static int log_kv(void *ctx, const struct fact *f)
{
	struct kv_log *l = ctx;
	if (l->count < 4)
		snprintf(l->first_keys[l->count], sizeof(l->first_keys[0]), "%s",
			 f->key);
	l->count++;
	if (f->type == FACT_STR)
		assert_non_null(f->str);
	if (!strcmp(f->key, "volume.id")) {
		assert_int_equal(f->type, FACT_STR);
		snprintf(l->volume_id, sizeof(l->volume_id), "%s", f->str);
	}
	if (!strcmp(f->key, "volume.blocks")) {
		l->blocks_type = f->type;
		l->blocks = f->u64;
	}
	if (!strcmp(f->key, "eltorito.2.platform"))
		snprintf(l->eltorito_2_platform,
			 sizeof(l->eltorito_2_platform), "%s", f->str);
	if (!strncmp(f->key, "issue.", 6))
		l->saw_issue = true;
	if (!strcmp(f->key, "eltorito.valid")) {
		assert_int_equal(f->type, FACT_BOOL);
		l->eltorito_valid = f->b;
	}
	if (!strcmp(f->key, "mbr.1.type") || !strcmp(f->key, "eltorito.1.platform_id"))
		assert_int_equal(f->type, FACT_STR);    /* "0x.." stays text */
	return l->stop_at && l->count == l->stop_at ? 42 : 0;
}

static void test_emit(void **state)
{
	(void)state;
	struct img m = eltorito_new(40);
	struct iso_report r;
	inspect(&m, &r);
	struct kv_log l = { 0 };
	assert_int_equal(iso_report_emit(&r, log_kv, &l), 0);
	assert_string_equal(l.volume_id, "TESTVOL");
	assert_int_equal(l.blocks_type, FACT_U64);
	assert_int_equal(l.blocks, 40);
	assert_true(l.eltorito_valid);
	assert_string_equal(l.eltorito_2_platform, "uefi");
	/* The order is part of the interface: the JSON fields follow it. */
	assert_string_equal(l.first_keys[0], "format");
	assert_string_equal(l.first_keys[1], "file.size");
	assert_string_equal(l.first_keys[2], "file.blocks");
	assert_string_equal(l.first_keys[3], "size.state");
	assert_false(l.saw_issue);
	unsigned all = l.count;
	assert_true(all > 30);

	struct kv_log s = { .stop_at = 3 };
	assert_int_equal(iso_report_emit(&r, log_kv, &s), 42);
	assert_int_equal(s.count, 3);

	sec(&m, 20)[33] = ISO_EMUL_FLOPPY_2880;
	inspect(&m, &r);
	struct kv_log w = { 0 };
	iso_report_emit(&r, log_kv, &w);
	assert_true(w.saw_issue);
	free(m.p);
}

/* The image handle opens a path once and the inspection reads through
 * that descriptor. */
static void test_inspect_fd(void **state)
{
	(void)state;
	struct image *im = NULL;
	struct db_error err;
	assert_int_equal(image_open("/nonexistent/x.iso", 0, &im, &err),
			 DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "cannot open"));
	assert_int_equal(image_open("/tmp", 0, &im, &err), DB_EIMAGE);
	assert_non_null(strstr(msg_of(&err), "directory"));

	struct img m = eltorito_new(40);
	char path[] = "/tmp/test_iso_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, m.p, m.len), (ssize_t)m.len);
	close(fd);
	assert_int_equal(image_open(path, 0, &im, &err), 0);
	assert_int_equal(image_inspect(im, &err), 0);
	unlink(path);
	const struct iso_report *r = im->report;
	assert_non_null(r);
	assert_int_equal(r->format, ISO_FMT_ISO9660);
	assert_int_equal(r->file_size, m.len);
	assert_string_equal(r->volume_id, "TESTVOL");
	assert_int_equal(r->boot_count, 2);

	/* The same descriptor, read directly; then one that fails. */
	struct iso_report direct;
	assert_int_equal(iso_inspect_fd(im->fd, m.len, &direct, &err), 0);
	assert_string_equal(direct.volume_id, "TESTVOL");
	assert_int_equal(direct.root_lba, r->root_lba);
	image_close(im);
	int dead = open("/dev/null", O_RDONLY);
	assert_true(dead >= 0);
	close(dead);
	assert_int_equal(iso_inspect_fd(dead, m.len, &direct, &err), DB_EIMAGE);
	assert_int_equal(err.reason, DB_R_IMAGE_READ);
	assert_int_equal(err.os_errno, EBADF);
	free(m.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pvd_fields),
		cmocka_unit_test(test_text_is_sanitised_and_date_checked),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_padded_is_fine),
		cmocka_unit_test(test_absurd_and_inconsistent_pvd),
		cmocka_unit_test(test_parse_pvd),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_random_and_empty),
		cmocka_unit_test(test_eltorito),
		cmocka_unit_test(test_eltorito_malformed),
		cmocka_unit_test(test_mbr_gpt),
		cmocka_unit_test(test_udf),
		cmocka_unit_test(test_multi_extent_and_tree),
		cmocka_unit_test(test_rock_ridge_in_root),
		cmocka_unit_test(test_rock_ridge_below_root),
		cmocka_unit_test(test_rock_ridge_er_and_continuation),
		cmocka_unit_test(test_rock_ridge_skip_and_xa),
		cmocka_unit_test(test_joliet_levels),
		cmocka_unit_test(test_smallest_medium),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_inspect_fd),
	};
	return cmocka_run_group_tests_name("iso", tests, NULL, NULL);
}
