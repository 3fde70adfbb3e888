/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_iso.c — libFuzzer harness for the image parser.
 *
 * Runs iso_inspect_mem() (PVD, Joliet SVD, El Torito catalogue, UDF
 * recognition sequence and anchor, MBR, GPT, the directory walk with Rock
 * Ridge and its continuation areas) on each input, then iso_preflight() and
 * iso_report_emit(), and iso_parse_pvd() with the multisession questions on
 * sector 16; checks what they promise: the parser never fails on a readable
 * buffer, its counts stay within their arrays, no emitted value or
 * descriptor string holds a control character, and the PVD parser agrees
 * with the inspection.
 * Built and run by tests/fuzz/run.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/iso.h"
#include "image/iso_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
			abort();
}

static int check_kv(void *ctx, const struct fact *f)
{
	(void)ctx;
	if (!f->key || !f->key[0])
		abort();
	check_text(f->key);
	if (f->type == FACT_STR) {
		if (!f->str)
			abort();
		check_text(f->str);
	} else if (f->type != FACT_U64 && f->type != FACT_BOOL) {
		abort();
	}
	return 0;
}

/* iso_parse_pvd on sector 16 and the session helpers built on it. */
static void check_pvd(const uint8_t *data, size_t size,
		      const struct iso_report *r)
{
	if (size < 17 * ISO_SECTOR)
		return;
	struct iso_pvd p;
	int is = iso_parse_pvd(data + 16 * ISO_SECTOR, &p);
	if (!is && (p.valid || p.volume_blocks || p.volume_id[0]))
		abort();
	check_text(p.system_id);
	check_text(p.volume_id);
	check_text(p.volume_set_id);
	check_text(p.publisher_id);
	check_text(p.preparer_id);
	check_text(p.application_id);
	check_text(p.created);
	if (p.valid && (p.volume_blocks == 0 || p.volume_blocks > 62500864u ||
			(p.issues & ISO_ISSUE_PVD_INCONSISTENT)))
		abort();
	uint32_t next = iso_session_next(&p, 16);
	if (p.valid ? next < p.volume_blocks || next % 16 : next != 0)
		abort();
	if (iso_session_relocated(&p, 0, NULL) != p.valid)
		abort();
	/* The inspection takes the first PVD of the set; at 16 it is this. */
	if (is && r->iso9660 && r->pvd_lba == 16 &&
	    (r->volume_blocks != p.volume_blocks || r->root_lba != p.root_lba ||
	     r->root_size != p.root_size || strcmp(r->volume_id, p.volume_id) ||
	     strcmp(r->created, p.created)))
		abort();
	unsigned sectors = size / ISO_SECTOR < 32 ? (unsigned)(size / ISO_SECTOR)
						  : 32;
	unsigned n = iso_session_descriptor_sectors(data, sectors);
	if (n > sectors - 16)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iso_report r;
	struct db_error err;
	if (iso_inspect_mem(data, size, &r, &err) != 0)
		abort();
	if (r.boot_count > ISO_BOOT_MAX || r.mbr_count > ISO_MBR_PARTS ||
	    r.gpt_count > ISO_GPT_MAX || r.file_size != size)
		abort();
	if (r.size_state == ISO_SIZE_TRUNCATED && r.declared_bytes <= size)
		abort();
	int rc = iso_preflight(&r, 0, &err);
	if (rc != 0 && rc != DB_EIMAGE)
		abort();
	if (r.size_state == ISO_SIZE_TRUNCATED && rc == 0)
		abort();
	iso_report_emit(&r, check_kv, NULL);
	check_pvd(data, size, &r);
	return 0;
}
