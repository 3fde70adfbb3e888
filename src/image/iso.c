/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iso.c — inspecting an image before burning it: the driver that runs each
 * structure's scanner over one source (src/image/iso9660.c, udf.c,
 * eltorito.c, parttab.c), the sources (memory, descriptor), the size
 * judgement, the pre-flight verdict, names, and the report's facts.
 *
 * Rule: every read goes through iso_scan_read(), which refuses anything not
 * entirely inside the source; sizes and pointers taken from the image only
 * ever bound loops after being clamped against fixed limits.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image/iso_int.h"

static const struct {
	const char *name;
	uint32_t blocks;
} media[] = {
	{ "cd74", 333000 },
	{ "cd80", 359849 },
	{ "dvd", 2295104 },
	{ "dvd-dl", 4173824 },
	{ "bd25", 12219392 },
	{ "bd50", 24438784 },
};

int iso_scan_read(struct scan *s, uint64_t off, void *buf, size_t len)
{
	if (s->io_error)
		return -1;
	if (off > s->src->size || len > s->src->size - off)
		return 0;
	int rc = s->src->read(s->src->ctx, off, buf, len);
	if (rc < 0) {
		s->io_error = rc;
		return -1;
	}
	return 1;
}

bool iso_scan_inside(const struct scan *s, uint64_t off, uint64_t len)
{
	return off <= s->src->size && len <= s->src->size - off;
}

void iso_text_copy(char *dst, size_t cap, const char *src, size_t n)
{
	size_t len = n < cap - 1 ? n : cap - 1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		dst[i] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
		if (c == 0)
			dst[i] = ' ';
	}
	while (len > 0 && dst[len - 1] == ' ')
		len--;
	dst[len] = '\0';
}

static void judge_size(struct iso_report *r)
{
	uint64_t declared = 0;
	if (r->iso9660 && !(r->issues & (ISO_ISSUE_PVD_ABSURD |
					  ISO_ISSUE_PVD_INCONSISTENT))) {
		uint64_t bs = r->block_size;
		if (bs != 512 && bs != 1024 && bs != 2048)
			bs = ISO_SECTOR;
		declared = (uint64_t)r->volume_blocks * bs;
	}
	if (r->udf && r->udf_end > declared && r->udf_end / ISO_SECTOR <=
	    ISO_ABSURD_BLOCKS)
		declared = r->udf_end;
	r->declared_bytes = declared;
	if (!declared)
		r->size_state = ISO_SIZE_UNKNOWN;
	else if (r->file_size < declared)
		r->size_state = ISO_SIZE_TRUNCATED;
	else if (r->file_size > declared)
		r->size_state = ISO_SIZE_PADDED;
	else
		r->size_state = ISO_SIZE_EXACT;
}

int iso_inspect_source(const struct iso_source *src, struct iso_report *out,
		       struct db_error *err)
{
	if (!src || !src->read || !out)
		return db_fail(err, DB_R_INTERNAL, .what = "no image source");
	struct scan *s = calloc(1, sizeof(*s));
	if (!s)
		return db_fail(err, DB_R_NO_MEMORY);
	memset(out, 0, sizeof(*out));
	s->src = src;
	s->r = out;
	out->file_size = src->size;
	if (src->size % ISO_SECTOR)
		out->issues |= ISO_ISSUE_NOT_MULTIPLE;

	uint8_t nsr = 0;
	iso_scan_descriptors(s, &nsr);
	if (nsr)
		iso_udf_scan(s, nsr);
	if (out->eltorito)
		iso_eltorito_scan(s);
	iso_mbr_scan(s);
	iso_gpt_scan(s);
	if (out->iso9660 && !s->io_error &&
	    !(out->issues & ISO_ISSUE_PVD_INCONSISTENT))
		iso_walk_tree(s);

	if (out->iso9660 && out->udf)
		out->format = ISO_FMT_UDF_BRIDGE;
	else if (out->iso9660)
		out->format = ISO_FMT_ISO9660;
	else if (out->udf)
		out->format = ISO_FMT_UDF;
	else if (out->mbr || out->gpt)
		out->format = ISO_FMT_DISK;
	judge_size(out);

	int rc = s->io_error;
	free(s);
	if (rc == DB_ENOMEM)
		return db_fail(err, DB_R_NO_MEMORY);
	if (rc)
		return db_fail(err, DB_R_IMAGE_READ);
	return 0;
}

struct mem_ctx {
	const uint8_t *p;
};

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct mem_ctx *m = ctx;
	memcpy(buf, m->p + off, len);
	return 0;
}

int iso_inspect_mem(const void *buf, size_t len, struct iso_report *out,
		    struct db_error *err)
{
	struct mem_ctx m = { buf };
	struct iso_source src = { mem_read, &m, len };
	if (!buf && len)
		return db_fail(err, DB_R_INTERNAL, .what = "no image buffer");
	return iso_inspect_source(&src, out, err);
}

struct fd_ctx {
	int fd;
	int os_errno;
};

static int fd_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct fd_ctx *f = ctx;
	uint8_t *p = buf;
	while (len) {
		ssize_t n = pread(f->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			f->os_errno = n < 0 ? errno : EIO;
			return DB_EOS;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int iso_inspect_fd(int fd, uint64_t size, struct iso_report *out,
		   struct db_error *err)
{
	struct fd_ctx f = { fd, 0 };
	struct iso_source src = { fd_read, &f, size };
	int rc = iso_inspect_source(&src, out, err);
	if (rc == DB_EIMAGE && err)
		err->os_errno = f.os_errno;
	return rc;
}

const char *iso_smallest_medium(uint64_t bytes)
{
	uint64_t blocks = (bytes + ISO_SECTOR - 1) / ISO_SECTOR;
	for (size_t i = 0; i < sizeof(media) / sizeof(media[0]); i++)
		if (blocks <= media[i].blocks)
			return media[i].name;
	return "none";
}

const char *iso_format_name(enum iso_format f)
{
	switch (f) {
	case ISO_FMT_UNKNOWN:    return "unknown";
	case ISO_FMT_DISK:       return "disk-image";
	case ISO_FMT_ISO9660:    return "iso9660";
	case ISO_FMT_UDF:        return "udf";
	case ISO_FMT_UDF_BRIDGE: return "udf-bridge";
	}
	return "unknown";
}

const char *iso_size_state_name(enum iso_size_state st)
{
	switch (st) {
	case ISO_SIZE_UNKNOWN:   return "unknown";
	case ISO_SIZE_EXACT:     return "exact";
	case ISO_SIZE_PADDED:    return "padded";
	case ISO_SIZE_TRUNCATED: return "truncated";
	}
	return "unknown";
}


static const char *const issue_texts[ISO_ISSUE_COUNT] = {
	"primary volume descriptor copies disagree",
	"primary volume descriptor declares an impossible size",
	"logical block size is not 2048",
	"volume descriptor set has no terminator",
	"boot catalogue lies beyond the end of the file",
	"boot catalogue validation entry is invalid",
	"a boot image lies beyond the end of the file",
	"UDF anchor lies beyond the end of the file",
	"UDF anchor descriptor is corrupt",
	"UDF volume descriptors lie beyond the end of the file",
	"GPT header or partition entries fail their CRC",
	"a partition ends beyond the end of the file",
	"GPT backup header lies beyond the end of the file",
	"file size is not a multiple of 2048 bytes",
	"directory tree too large or looping; walk stopped",
};

const char *iso_issue_text(unsigned issue_bit)
{
	for (unsigned i = 0; i < ISO_ISSUE_COUNT; i++)
		if (issue_bit == 1u << i)
			return issue_texts[i];
	return "unknown issue";
}

int iso_preflight(const struct iso_report *r, unsigned flags,
		  struct db_error *err)
{
	bool force = flags & ISO_PREFLIGHT_FORCE;
	if (r->file_size == 0) {
		return db_fail(err, DB_R_IMAGE_EMPTY);
	}
	if (r->size_state == ISO_SIZE_TRUNCATED) {
		return db_fail(err, DB_R_IMAGE_TRUNCATED,
			       .n1 = r->declared_bytes - r->file_size,
			       .what = r->iso9660 ? "ISO 9660" : "UDF");
	}
	if (force)
		return 0;
	if (r->issues & (ISO_ISSUE_PVD_ABSURD | ISO_ISSUE_PVD_INCONSISTENT)) {
		return db_fail(err, DB_R_IMAGE_PVD_CORRUPT,
			       .n1 = r->issues & ISO_ISSUE_PVD_ABSURD ? ISO_ISSUE_PVD_ABSURD
								       : ISO_ISSUE_PVD_INCONSISTENT);
	}
	if (r->format == ISO_FMT_DISK) {
		return db_fail(err, DB_R_IMAGE_DISK_ONLY, .what = r->gpt ? "GPT" : "MBR");
	}
	if (r->format == ISO_FMT_UNKNOWN) {
		return db_fail(err, DB_R_IMAGE_UNKNOWN);
	}
	static const unsigned short_signs[] = {
		ISO_ISSUE_BOOT_CATALOG_OUT, ISO_ISSUE_BOOT_IMAGE_OUT,
		ISO_ISSUE_UDF_ANCHOR_OUT, ISO_ISSUE_UDF_VDS_OUT,
		ISO_ISSUE_GPT_BACKUP_OUT, ISO_ISSUE_PART_BEYOND_END,
	};
	for (size_t i = 0; i < sizeof(short_signs) / sizeof(short_signs[0]);
	     i++) {
		if (!(r->issues & short_signs[i]))
			continue;
		return db_fail(err, DB_R_IMAGE_INCOMPLETE, .n1 = short_signs[i]);
	}
	return 0;
}

/* Emission helpers: stop at the first nonzero answer of the callback. */
struct emit {
	fact_fn fn;
	void *ctx;
	int rc;
};

static void put(struct emit *e, const struct fact *f)
{
	if (!e->rc)
		e->rc = e->fn(e->ctx, f);
}

static void kv_str(struct emit *e, const char *key, const char *v)
{
	put(e, &(struct fact){ .key = key, .type = FACT_STR, .str = v });
}

static void kv_opt(struct emit *e, const char *key, const char *v)
{
	if (v[0])
		kv_str(e, key, v);
}

static void kv_num(struct emit *e, const char *key, uint64_t v)
{
	put(e, &(struct fact){ .key = key, .type = FACT_U64, .u64 = v });
}

static void kv_bool(struct emit *e, const char *key, bool v)
{
	put(e, &(struct fact){ .key = key, .type = FACT_BOOL, .b = v });
}

/* Keys with an index: "<prefix>.<n>.<field>". */
static void kv_fmt_key(char *key, size_t cap, const char *prefix, unsigned n,
		       const char *field)
{
	snprintf(key, cap, "%s.%u.%s", prefix, n, field);
}

static void emit_boot(struct emit *e, const struct iso_report *r)
{
	kv_bool(e, "eltorito", r->eltorito);
	if (!r->eltorito)
		return;
	kv_num(e, "eltorito.catalog_lba", r->boot_catalog_lba);
	kv_bool(e, "eltorito.valid", r->boot_catalog_valid);
	if (!r->boot_catalog_valid)
		return;
	kv_opt(e, "eltorito.id", r->boot_id);
	kv_num(e, "eltorito.entries", r->boot_count);
	if (r->boot_more)
		kv_bool(e, "eltorito.more", true);
	char key[64], hex[8];
	for (unsigned i = 0; i < r->boot_count; i++) {
		const struct iso_boot_entry *b = &r->boot[i];
		unsigned n = i + 1;
		kv_fmt_key(key, sizeof(key), "eltorito", n, "platform");
		kv_str(e, key, iso_platform_name(b->platform));
		kv_fmt_key(key, sizeof(key), "eltorito", n, "platform_id");
		snprintf(hex, sizeof(hex), "0x%02X", b->platform);
		kv_str(e, key, hex);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "bootable");
		kv_bool(e, key, b->bootable);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "emulation");
		kv_str(e, key, iso_emulation_name(b->emulation));
		kv_fmt_key(key, sizeof(key), "eltorito", n, "load_segment");
		kv_num(e, key, b->load_segment);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "system_type");
		kv_num(e, key, b->system_type);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "load_sectors");
		kv_num(e, key, b->load_sectors);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "lba");
		kv_num(e, key, b->lba);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "image_bytes");
		kv_num(e, key, b->image_bytes);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "section");
		kv_num(e, key, b->section);
		kv_fmt_key(key, sizeof(key), "eltorito", n, "in_file");
		kv_bool(e, key, b->in_file);
	}
}

static void emit_partitions(struct emit *e, const struct iso_report *r)
{
	char key[64], hex[8];
	kv_bool(e, "mbr", r->mbr);
	if (r->mbr) {
		kv_num(e, "mbr.partitions", r->mbr_count);
		for (unsigned i = 0; i < r->mbr_count; i++) {
			const struct iso_mbr_part *p = &r->mbr_part[i];
			unsigned n = p->slot;
			kv_fmt_key(key, sizeof(key), "mbr", n, "status");
			snprintf(hex, sizeof(hex), "0x%02X", p->status);
			kv_str(e, key, hex);
			kv_fmt_key(key, sizeof(key), "mbr", n, "type");
			snprintf(hex, sizeof(hex), "0x%02X", p->type);
			kv_str(e, key, hex);
			kv_fmt_key(key, sizeof(key), "mbr", n, "start");
			kv_num(e, key, p->start);
			kv_fmt_key(key, sizeof(key), "mbr", n, "sectors");
			kv_num(e, key, p->sectors);
		}
	}
	kv_bool(e, "gpt", r->gpt);
	if (!r->gpt)
		return;
	kv_bool(e, "gpt.crc_ok", r->gpt_crc_ok);
	kv_num(e, "gpt.alternate_lba", r->gpt_alternate_lba);
	kv_num(e, "gpt.partitions", r->gpt_count);
	if (r->gpt_more)
		kv_bool(e, "gpt.more", true);
	char guid[37];
	for (unsigned i = 0; i < r->gpt_count; i++) {
		const struct iso_gpt_part *p = &r->gpt_part[i];
		unsigned n = p->index;
		const char *tn = iso_gpt_type_name(p->type_guid);
		iso_guid_text(p->type_guid, guid);
		kv_fmt_key(key, sizeof(key), "gpt", n, "type");
		kv_str(e, key, tn ? tn : "other");
		kv_fmt_key(key, sizeof(key), "gpt", n, "type_guid");
		kv_str(e, key, guid);
		kv_fmt_key(key, sizeof(key), "gpt", n, "first_lba");
		kv_num(e, key, p->first_lba);
		kv_fmt_key(key, sizeof(key), "gpt", n, "last_lba");
		kv_num(e, key, p->last_lba);
		if (p->name[0]) {
			kv_fmt_key(key, sizeof(key), "gpt", n, "name");
			kv_str(e, key, p->name);
		}
	}
}

int iso_report_emit(const struct iso_report *r, fact_fn fn, void *ctx)
{
	struct emit e = { fn, ctx, 0 };
	kv_str(&e, "format", iso_format_name(r->format));
	kv_num(&e, "file.size", r->file_size);
	kv_num(&e, "file.blocks", (r->file_size + ISO_SECTOR - 1) / ISO_SECTOR);
	kv_str(&e, "size.state", iso_size_state_name(r->size_state));
	if (r->declared_bytes) {
		kv_num(&e, "size.declared", r->declared_bytes);
		if (r->size_state == ISO_SIZE_TRUNCATED)
			kv_num(&e, "size.missing",
			       r->declared_bytes - r->file_size);
		if (r->size_state == ISO_SIZE_PADDED)
			kv_num(&e, "size.extra",
			       r->file_size - r->declared_bytes);
	}
	kv_str(&e, "fits", iso_smallest_medium(r->file_size));

	kv_bool(&e, "iso9660", r->iso9660);
	if (r->iso9660) {
		kv_opt(&e, "volume.id", r->volume_id);
		kv_opt(&e, "volume.set_id", r->volume_set_id);
		kv_opt(&e, "system.id", r->system_id);
		kv_opt(&e, "publisher", r->publisher_id);
		kv_opt(&e, "preparer", r->preparer_id);
		kv_opt(&e, "application", r->application_id);
		kv_opt(&e, "created", r->created);
		kv_num(&e, "volume.blocks", r->volume_blocks);
		kv_num(&e, "volume.block_size", r->block_size);
		kv_num(&e, "joliet.level", r->joliet_level);
		if (r->rock_ridge_known)
			kv_bool(&e, "rock_ridge", r->rock_ridge);
		if (r->tree_walked) {
			kv_num(&e, "files", r->files);
			kv_num(&e, "files.largest", r->largest_file);
			kv_num(&e, "files.multi_extent",
			       r->multi_extent_files);
		}
	}
	kv_bool(&e, "udf", r->udf);
	if (r->udf_nsr)
		kv_num(&e, "udf.nsr", r->udf_nsr);
	if (r->udf) {
		kv_opt(&e, "udf.volume_id", r->udf_volume_id);
		kv_opt(&e, "udf.logical_volume_id", r->udf_logical_volume_id);
		if (r->udf_end)
			kv_num(&e, "udf.end", r->udf_end);
	}
	emit_boot(&e, r);
	emit_partitions(&e, r);
	unsigned n = 0;
	char key[32];
	for (unsigned i = 0; i < ISO_ISSUE_COUNT; i++) {
		if (!(r->issues & (1u << i)))
			continue;
		snprintf(key, sizeof(key), "issue.%u", ++n);
		kv_str(&e, key, iso_issue_text(1u << i));
	}
	return e.rc;
}
