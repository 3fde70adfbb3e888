/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iso.h — knowing an image before burning it.
 *
 * The inspection reads the structures that decide whether a file is worth
 * burning and onto what: the ISO 9660 volume descriptor set (PVD, Joliet SVD,
 * El Torito boot record) and directory tree (files, Rock Ridge), the UDF
 * volume recognition sequence and anchor, the El Torito boot catalogue, a
 * hybrid MBR and a GPT. It never trusts a size or a pointer found in the
 * image: every read is checked against the size of the source, and anything
 * that points outside it is reported, not followed; every loop is bounded.
 *
 * One parser, whatever the source: an open descriptor (iso_inspect_fd: the
 * one the image handle, src/image/image.h, opened the image with), memory
 * (iso_inspect_mem: tests, fuzzer) or any reader (iso_inspect_source).
 * Nothing here opens a file by its path.
 *
 * Nothing here prints. iso_report_emit() hands the facts out one by one
 * so the CLI can print text or JSON; iso_preflight() decides whether the
 * image may be burnt and names the reason why not.
 */
#ifndef DISCBURN_ISO_H
#define DISCBURN_ISO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/fact.h"

#define ISO_SECTOR 2048u

enum iso_format {
	ISO_FMT_UNKNOWN = 0,    /* no structure we recognise: raw bytes */
	ISO_FMT_DISK,           /* MBR or GPT only: a hard-disk/USB image */
	ISO_FMT_ISO9660,        /* ISO 9660 (maybe Joliet / Rock Ridge) */
	ISO_FMT_UDF,            /* UDF alone */
	ISO_FMT_UDF_BRIDGE,     /* ISO 9660 and UDF describing the same files */
};

/* How the file size compares with the size the image declares. */
enum iso_size_state {
	ISO_SIZE_UNKNOWN = 0,   /* no declared size (raw file) */
	ISO_SIZE_EXACT,
	ISO_SIZE_PADDED,        /* longer: padding or appended partitions; fine */
	ISO_SIZE_TRUNCATED,     /* shorter than its own volume: incomplete */
};

/* El Torito boot media type (emulation), low nibble of the media byte. */
enum iso_emulation {
	ISO_EMUL_NONE = 0,
	ISO_EMUL_FLOPPY_1200 = 1,
	ISO_EMUL_FLOPPY_1440 = 2,
	ISO_EMUL_FLOPPY_2880 = 3,
	ISO_EMUL_HARD_DISK = 4,
};

/* El Torito platform ids. */
#define ISO_PLATFORM_BIOS 0x00
#define ISO_PLATFORM_PPC  0x01
#define ISO_PLATFORM_MAC  0x02
#define ISO_PLATFORM_UEFI 0xEF

/* Problems found; each is a bit of iso_report.issues. */
enum iso_issue {
	ISO_ISSUE_PVD_INCONSISTENT = 1u << 0,  /* both-endian fields disagree */
	ISO_ISSUE_PVD_ABSURD       = 1u << 1,  /* zero size or bigger than any disc */
	ISO_ISSUE_BLOCK_SIZE       = 1u << 2,  /* logical block size is not 2048 */
	ISO_ISSUE_NO_TERMINATOR    = 1u << 3,  /* descriptor set not terminated */
	ISO_ISSUE_BOOT_CATALOG_OUT = 1u << 4,  /* catalogue beyond end of file */
	ISO_ISSUE_BOOT_CATALOG_BAD = 1u << 5,  /* bad validation entry */
	ISO_ISSUE_BOOT_IMAGE_OUT   = 1u << 6,  /* a boot image beyond end of file */
	ISO_ISSUE_UDF_ANCHOR_OUT   = 1u << 7,  /* NSR found but anchor unreadable */
	ISO_ISSUE_UDF_ANCHOR_BAD   = 1u << 8,  /* anchor tag checksum/CRC wrong */
	ISO_ISSUE_UDF_VDS_OUT      = 1u << 9,  /* volume descriptors beyond end */
	ISO_ISSUE_GPT_CRC          = 1u << 10, /* GPT header or entries CRC wrong */
	ISO_ISSUE_PART_BEYOND_END  = 1u << 11, /* a partition ends after the file */
	ISO_ISSUE_GPT_BACKUP_OUT   = 1u << 12, /* GPT backup header after the file */
	ISO_ISSUE_NOT_MULTIPLE     = 1u << 13, /* size not a multiple of 2048 */
	ISO_ISSUE_TREE_LIMIT       = 1u << 14, /* directory walk stopped at a limit */
};
#define ISO_ISSUE_COUNT 15

/* The primary volume descriptor (ECMA-119 8.4), the one parser for it:
 * the inspection takes the first one of the set from it, and multisession
 * (src/image/iso_session.h) reads sector 16 of a disc or an image with it.
 * Strings are as readers show them: up to the first NUL, trailing blanks
 * removed, anything but printable ASCII as '?'. */
struct iso_pvd {
	bool valid;                     /* a PVD whose sizes can be trusted:
					 * no PVD_INCONSISTENT, no PVD_ABSURD */
	unsigned issues;                /* ISO_ISSUE_PVD_INCONSISTENT (a
					 * both-byte-order copy of the volume
					 * space size, block size or root
					 * extent disagrees), _PVD_ABSURD (no
					 * size, or more than any disc),
					 * _BLOCK_SIZE */
	uint32_t volume_blocks;         /* volume space size, logical blocks */
	uint16_t block_size;            /* logical block size */
	uint32_t root_lba;              /* root directory extent */
	uint32_t root_size;             /* its data length, bytes */
	char system_id[33];
	char volume_id[33];
	char volume_set_id[129];
	char publisher_id[129];
	char preparer_id[129];
	char application_id[129];
	char created[32];               /* ISO 8601 with offset; "" if unset */
};

/* Parse one 2048-byte sector. Returns 1 when it is a primary volume
 * descriptor (type 1, "CD001", version 1) with *out filled, else 0 with
 * *out zeroed (valid false). Reads nothing beyond the sector. */
int iso_parse_pvd(const uint8_t sector[ISO_SECTOR], struct iso_pvd *out);

#define ISO_BOOT_MAX 16
#define ISO_MBR_PARTS 4
#define ISO_GPT_MAX 16

struct iso_boot_entry {
	uint8_t platform;       /* ISO_PLATFORM_* or another id */
	bool bootable;          /* indicator 0x88 */
	uint8_t emulation;      /* enum iso_emulation (or a reserved value) */
	uint16_t load_segment;
	uint8_t system_type;
	uint16_t load_sectors;  /* 512-byte virtual sectors loaded at boot */
	uint32_t lba;           /* start of the image, 2048-byte blocks */
	uint64_t image_bytes;   /* size known from emulation or load count */
	uint16_t section;       /* 0 = initial/default entry, else section 1.. */
	bool in_file;           /* lba .. lba+image_bytes lies inside the file */
};

struct iso_mbr_part {
	uint8_t slot;           /* 1..4, position in the table */
	uint8_t status;         /* 0x80 = active */
	uint8_t type;
	uint32_t start;         /* 512-byte sectors */
	uint32_t sectors;
};

struct iso_gpt_part {
	uint32_t index;         /* 1-based position in the entry array */
	uint8_t type_guid[16];  /* as stored (mixed endian) */
	uint64_t first_lba, last_lba;   /* 512-byte sectors, inclusive */
	uint64_t attributes;
	char name[73];          /* UTF-16LE name folded to ASCII ('?' else) */
};

struct iso_report {
	uint64_t file_size;             /* bytes */
	enum iso_format format;

	/* ISO 9660 */
	bool iso9660;
	uint32_t pvd_lba;
	uint8_t joliet_level;           /* 0 = none, 1..3 */
	bool rock_ridge;                /* a Rock Ridge (RRIP) entry in any
					 * directory record of the walked tree
					 * (continuation areas followed) */
	bool rock_ridge_known;          /* the tree was walked */
	char system_id[33];
	char volume_id[33];
	char volume_set_id[129];
	char publisher_id[129];
	char preparer_id[129];
	char application_id[129];
	char created[32];               /* ISO 8601 with offset; "" if unset */
	uint32_t volume_blocks;         /* volume space size, logical blocks */
	uint16_t block_size;            /* logical block size */
	uint32_t root_lba;              /* root directory extent */
	uint32_t root_size;             /* bytes */

	/* UDF */
	bool udf;                       /* NSR descriptor and a valid anchor */
	uint8_t udf_nsr;                /* 2 (UDF <= 1.50) or 3 (UDF >= 2.00) */
	bool udf_anchor;                /* AVDP at sector 256 is valid */
	char udf_volume_id[128];        /* from the UDF primary descriptor */
	char udf_logical_volume_id[128];
	uint64_t udf_end;               /* bytes: end of the last partition */

	/* Sizes: declared_bytes is the larger of what ISO 9660 and UDF declare. */
	uint64_t declared_bytes;
	enum iso_size_state size_state;

	/* El Torito */
	bool eltorito;
	uint32_t boot_catalog_lba;
	bool boot_catalog_valid;        /* validation entry checks out */
	uint8_t boot_platform;          /* from the validation entry */
	char boot_id[25];
	unsigned boot_count;            /* entries in boot[] */
	bool boot_more;                 /* more entries than ISO_BOOT_MAX */
	struct iso_boot_entry boot[ISO_BOOT_MAX];

	/* USB hybrid */
	bool mbr;                       /* 0x55AA at offset 510 */
	unsigned mbr_count;             /* entries in mbr_part[]: slots with
					 * a type, start or size (type 0x00
					 * with a size occurs in hybrids) */
	struct iso_mbr_part mbr_part[ISO_MBR_PARTS];
	bool gpt;                       /* "EFI PART" at 512 */
	bool gpt_crc_ok;
	uint64_t gpt_alternate_lba;
	uint32_t gpt_entries;           /* declared number of entries */
	unsigned gpt_count;             /* used entries in gpt_part[] */
	bool gpt_more;
	struct iso_gpt_part gpt_part[ISO_GPT_MAX];

	/* Files (our own bounded walk of the ISO 9660 directory tree) */
	bool tree_walked;
	uint32_t files;
	uint32_t multi_extent_files;    /* files stored in more than one extent */
	uint64_t largest_file;          /* bytes, all extents together */

	unsigned issues;                /* enum iso_issue bits */
};

/* A source of image bytes. read() fills exactly len bytes at off and returns
 * 0, or returns a negative DB_E* code; the parser never asks beyond size. */
struct iso_source {
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	void *ctx;
	uint64_t size;
};

/* Inspect size bytes of an open descriptor (regular file or block device),
 * read with pread(). Returns 0 with *out filled, even for a file that is not
 * an image (format ISO_FMT_UNKNOWN: that is iso_preflight's judgement to
 * make). Returns DB_EIMAGE (IMAGE_READ, with the errno) when a read fails;
 * DB_ENOMEM. */
int iso_inspect_fd(int fd, uint64_t size, struct iso_report *out,
		   struct db_error *err);

/* The same on a memory buffer. */
int iso_inspect_mem(const void *buf, size_t len, struct iso_report *out,
		    struct db_error *err);

/* The same on any source. */
int iso_inspect_source(const struct iso_source *src, struct iso_report *out,
		       struct db_error *err);

#define ISO_PREFLIGHT_FORCE 1u  /* burn a file we do not recognise anyway */

/* Decide whether the inspected file may be burnt. Returns 0, or DB_EIMAGE with
 * a one-sentence cause and advice in err. Refused always: an empty file, a
 * file shorter than the volume it declares. Refused unless
 * ISO_PREFLIGHT_FORCE: no recognisable format (random bytes, a disk image
 * without a disc file system), a corrupt primary volume descriptor, a boot
 * catalogue or boot image beyond the end of the file, a partition table that
 * says the image is longer than the file. */
int iso_preflight(const struct iso_report *r, unsigned flags,
		  struct db_error *err);

/* Smallest common medium the file fits on ("cd74", "cd80", "dvd", "dvd-dl",
 * "bd25", "bd50"), or "none". Blocks are the whole file in 2048-byte blocks,
 * rounded up: the whole file is burnt. */
const char *iso_smallest_medium(uint64_t bytes);

/* Names for report values. Never NULL. */
const char *iso_format_name(enum iso_format f);
const char *iso_size_state_name(enum iso_size_state s);
const char *iso_platform_name(uint8_t platform);
const char *iso_emulation_name(uint8_t emulation);
/* Short text of one issue bit, e.g. "boot catalogue beyond end of file". */
const char *iso_issue_text(unsigned issue_bit);
/* Well-known GPT partition type name ("efi-system", ...) or NULL. */
const char *iso_gpt_type_name(const uint8_t guid[16]);
/* GUID text, 36 characters plus NUL. */
void iso_guid_text(const uint8_t guid[16], char out[37]);

/* Hand the report out as typed facts (src/base/fact.h) in a fixed order;
 * stops at the first nonzero answer of fn and returns it. Keys are stable
 * and dotted ("volume.id", "eltorito.1.platform"): they are JSON field
 * names. Numbers are FACT_U64, flags FACT_BOOL, names, ids and hex bytes
 * ("0x80") FACT_STR. Boot entries count from 1 as xorriso does; MBR and GPT
 * entries are numbered by their slot in the table. Empty optional strings
 * and absent structures are left out, but "format", "fits", "size.state",
 * "iso9660", "udf", "eltorito", "mbr" and "gpt" are always emitted. A
 * fact's key and string live only during the call. */
int iso_report_emit(const struct iso_report *r, fact_fn fn, void *ctx);

#endif
