/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iso9660.c — the ISO 9660 side of an image: the volume descriptor set and
 * the directory tree.
 *
 * References: ECMA-119 (ISO 9660) 8.4 (primary volume descriptor), 8.5
 * (supplementary, Joliet escape sequences), 9.1 (directory records, the
 * multi-extent flag); ECMA-167 2/9.1 (the volume recognition sequence that
 * follows the set on a UDF bridge); SUSP (IEEE P1281) and RRIP (IEEE
 * P1282) for Rock Ridge.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/iso_int.h"

#define VD_SCAN_MAX 64u         /* descriptors we look at before giving up */
#define DIR_MAX 4096u           /* directories the tree walk visits */
#define DIR_BYTES_MAX (16u << 20)
#define RECORDS_MAX 1000000u

/* A d-/a-character field of the descriptor as readers show it: up to the
 * first NUL, trailing blanks removed (isoinfo and libiso9660 do the same),
 * then sanitised. */
static void pvd_text(char *dst, size_t cap, const uint8_t *f, size_t n)
{
	const uint8_t *nul = memchr(f, 0, n);
	iso_text_copy(dst, cap, (const char *)f, nul ? (size_t)(nul - f) : n);
}

/* ECMA-119 8.4.26.1: 16 digits and a signed offset in 15-minute units. An
 * unset date is all '0' (or all NUL); anything malformed is left unset. */
static void parse_ltime(char *dst, size_t cap, const uint8_t *f)
{
	int v[16];
	bool zero = true;
	dst[0] = '\0';
	for (int i = 0; i < 16; i++) {
		if (f[i] < '0' || f[i] > '9')
			return;
		v[i] = f[i] - '0';
		if (v[i])
			zero = false;
	}
	if (zero)
		return;
	int year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	int mon = v[4] * 10 + v[5], day = v[6] * 10 + v[7];
	int hour = v[8] * 10 + v[9], min = v[10] * 10 + v[11];
	int sec = v[12] * 10 + v[13];
	int off = (int8_t)f[16];
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 ||
	    min > 59 || sec > 60 || off < -48 || off > 52)
		return;
	unsigned aoff = (unsigned)(off < 0 ? -off : off);
	snprintf(dst, cap, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u",
		 (unsigned)year % 10000u, (unsigned)mon % 100u,
		 (unsigned)day % 100u, (unsigned)hour % 100u,
		 (unsigned)min % 100u, (unsigned)sec % 100u,
		 off < 0 ? '-' : '+', aoff * 15 / 60 % 100u, aoff * 15 % 60);
}

/* ECMA-119 7.3.3: a both-byte-order 32-bit field; do the copies agree? */
static bool both32_agree(const uint8_t *p)
{
	return iso_le32(p) == iso_be32(p + 4);
}

/* ECMA-119 8.4. */
int iso_parse_pvd(const uint8_t d[ISO_SECTOR], struct iso_pvd *out)
{
	memset(out, 0, sizeof(*out));
	if (d[0] != 1 || memcmp(d + 1, "CD001", 5) || d[6] != 1)
		return 0;
	const uint8_t *root = d + 156;  /* 8.4.18: root directory record */
	if (!both32_agree(d + 80) || iso_le16(d + 128) != iso_be16(d + 130) ||
	    !both32_agree(root + 2) || !both32_agree(root + 10))
		out->issues |= ISO_ISSUE_PVD_INCONSISTENT;
	out->volume_blocks = iso_le32(d + 80);
	out->block_size = iso_le16(d + 128);
	out->root_lba = iso_le32(root + 2);
	out->root_size = iso_le32(root + 10);
	if (out->block_size != ISO_SECTOR)
		out->issues |= ISO_ISSUE_BLOCK_SIZE;
	if (out->volume_blocks == 0 || out->volume_blocks > ISO_ABSURD_BLOCKS)
		out->issues |= ISO_ISSUE_PVD_ABSURD;
	out->valid = !(out->issues & (ISO_ISSUE_PVD_INCONSISTENT |
				      ISO_ISSUE_PVD_ABSURD));
	pvd_text(out->system_id, sizeof(out->system_id), d + 8, 32);
	pvd_text(out->volume_id, sizeof(out->volume_id), d + 40, 32);
	pvd_text(out->volume_set_id, sizeof(out->volume_set_id), d + 190, 128);
	pvd_text(out->publisher_id, sizeof(out->publisher_id), d + 318, 128);
	pvd_text(out->preparer_id, sizeof(out->preparer_id), d + 446, 128);
	pvd_text(out->application_id, sizeof(out->application_id), d + 574,
		 128);
	/* 8.4.26: the zone offset is part of what the author wrote, so it is
	 * kept rather than folded into a local time. */
	parse_ltime(out->created, sizeof(out->created), d + 813);
	return 1;
}

/* The first primary volume descriptor of the set, into the report. */
static void take_pvd(struct scan *s, uint32_t lba, const struct iso_pvd *p)
{
	struct iso_report *r = s->r;
	r->iso9660 = true;
	r->pvd_lba = lba;
	r->issues |= p->issues;
	r->volume_blocks = p->volume_blocks;
	r->block_size = p->block_size;
	r->root_lba = p->root_lba;
	r->root_size = p->root_size;
#define TAKE(f) do { \
		_Static_assert(sizeof(r->f) == sizeof(p->f), #f); \
		memcpy(r->f, p->f, sizeof(r->f)); \
	} while (0)
	TAKE(system_id);
	TAKE(volume_id);
	TAKE(volume_set_id);
	TAKE(publisher_id);
	TAKE(preparer_id);
	TAKE(application_id);
	TAKE(created);
#undef TAKE
}

/* ECMA-119 8.5.6 + Joliet: the escape sequences field of a supplementary
 * volume descriptor begins with %/@, %/C or %/E for UCS-2 level 1, 2 or 3
 * (8.5.6: the first sequence begins at the first byte; Joliet leaves the
 * rest zero). isoinfo, libiso9660 and Linux look there and only there. The
 * highest level of the set's SVDs is kept. */
static void parse_svd(struct scan *s, const uint8_t *d)
{
	const uint8_t *esc = d + 88;
	if (esc[0] != '%' || esc[1] != '/')
		return;
	uint8_t level = esc[2] == '@' ? 1 : esc[2] == 'C' ? 2 :
			esc[2] == 'E' ? 3 : 0;
	if (level > s->r->joliet_level)
		s->r->joliet_level = level;
}

/* Walk sectors 16.. : the ISO 9660 volume descriptor set and, after its
 * terminator, the UDF volume recognition sequence (ECMA-167 2/9.1). */
void iso_scan_descriptors(struct scan *s, uint8_t *nsr)
{
	bool terminated = false;
	for (uint32_t lba = ISO_VD_FIRST; lba < ISO_VD_FIRST + VD_SCAN_MAX; lba++) {
		uint8_t *d = s->sec;
		if (iso_scan_read(s, (uint64_t)lba * ISO_SECTOR, d, ISO_SECTOR) <= 0)
			break;
		const char *id = (const char *)d + 1;
		if (!memcmp(id, "CD001", 5)) {
			if (terminated)
				continue;
			switch (d[0]) {
			case 0:     /* boot record, El Torito 2.0 */
				if (!memcmp(d + 7, "EL TORITO SPECIFICATION",
					    23)) {
					s->r->eltorito = true;
					s->r->boot_catalog_lba = iso_le32(d + 71);
				}
				break;
			case 1: {
				struct iso_pvd pvd;
				if (!s->r->iso9660 && iso_parse_pvd(d, &pvd))
					take_pvd(s, lba, &pvd);
				break;
			}
			case 2:
				parse_svd(s, d);
				break;
			case 255:
				terminated = true;
				break;
			}
			continue;
		}
		if (d[0] != 0)
			break;
		if (!memcmp(id, "BEA01", 5) || !memcmp(id, "BOOT2", 5) ||
		    !memcmp(id, "CDW02", 5))
			continue;
		if (!memcmp(id, "NSR02", 5) || !memcmp(id, "NSR03", 5)) {
			*nsr = (uint8_t)(id[4] - '0');
			continue;
		}
		if (!memcmp(id, "TEA01", 5))
			break;
		break;
	}
	if (s->r->iso9660 && !terminated)
		s->r->issues |= ISO_ISSUE_NO_TERMINATOR;
}

/* Rock Ridge (RRIP, IEEE P1282) is a set of SUSP (IEEE P1281) entries in
 * the system use area of directory records, after the name: SUSP 5.3 SP
 * (in the root's "." only: SUSP is in use, and LEN_SKP bytes to skip at
 * the start of every other system use area), 5.1 CE (more entries in a
 * continuation area: block, offset, length), 5.4 ST (the end), 5.5 ER (an
 * extension reference: RRIP names itself "RRIP_1991A", later "IEEE_P1282"
 * or "IEEE_1282"), and RRIP's own PX PN SL NM CL PL RE TF SF and (1.09) RR.
 * An RRIP entry, or an ER naming RRIP, anywhere in the walked tree means
 * Rock Ridge (libiso9660 looks at the files too; isoinfo -d at the root's
 * "." record only). */
#define CE_CHAIN_MAX 8u         /* continuation areas followed per record */
#define CE_TOTAL_MAX 64u        /* ... and per walk */
#define XA_SYSTEM_USE 14u       /* CD-XA attributes before SUSP (-XA) */

struct ce_ref {
	uint32_t lba, off, len;
};

struct dir_ref {
	uint32_t lba, size;
};

struct walk {
	struct dir_ref q[DIR_MAX];
	uint8_t skip;           /* LEN_SKP of the root's SP entry */
	unsigned ce_reads;
	uint8_t ce[ISO_SECTOR];
};

static bool rrip_entry(const uint8_t *e, uint8_t len)
{
	static const char sigs[][2] = {
		{ 'P', 'X' }, { 'P', 'N' }, { 'S', 'L' }, { 'N', 'M' },
		{ 'C', 'L' }, { 'P', 'L' }, { 'R', 'E' }, { 'T', 'F' },
		{ 'S', 'F' }, { 'R', 'R' },
	};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!memcmp(e, sigs[i], 2))
			return true;
	if (memcmp(e, "ER", 2) || len < 8)
		return false;
	size_t idl = e[4];
	if (8 + idl > len)
		return false;
	return (idl >= 4 && !memcmp(e + 8, "RRIP", 4)) ||
	       (idl >= 9 && !memcmp(e + 8, "IEEE_1282", 9)) ||
	       (idl >= 10 && !memcmp(e + 8, "IEEE_P1282", 10));
}

/* The SUSP entries of one system use or continuation area: true at the
 * first Rock Ridge entry. A CE entry is noted in *ce (followed by the
 * caller), an SP entry's LEN_SKP in *skip. */
static bool susp_area(const uint8_t *p, size_t n, struct ce_ref *ce,
		      int *skip)
{
	size_t i = 0;
	while (i + 4 <= n) {
		const uint8_t *e = p + i;
		uint8_t len = e[2];
		if (len < 4 || i + len > n)
			break;
		if (rrip_entry(e, len))
			return true;
		if (!memcmp(e, "SP", 2) && len >= 7 && e[4] == 0xBE &&
		    e[5] == 0xEF)
			*skip = e[6];
		if (!memcmp(e, "CE", 2) && len >= 28)
			*ce = (struct ce_ref){ iso_le32(e + 4), iso_le32(e + 12),
					       iso_le32(e + 20) };
		if (!memcmp(e, "ST", 2))
			break;
		i += len;
	}
	return false;
}

/* Rock Ridge in the directory record d (len bytes, name nlen bytes)? */
static bool record_rock_ridge(struct scan *s, struct walk *w,
			      const uint8_t *d, uint8_t len, uint8_t nlen,
			      bool root_dot)
{
	size_t su = 33u + nlen + !(nlen & 1);   /* 9.1.13: name padded even */
	if (su >= len)
		return false;
	const uint8_t *p = d + su;
	size_t n = len - su;
	size_t skip = root_dot ? 0 : w->skip;
	struct ce_ref ce = { 0, 0, 0 };
	int sp = -1;
	bool found = skip < n && susp_area(p + skip, n - skip, &ce, &sp);
	/* CD-XA puts 14 bytes of attributes ("XA" at 6) first; readers then
	 * look behind them (genisoimage -XA says so with SP's LEN_SKP). */
	if (!found && skip < XA_SYSTEM_USE && n > XA_SYSTEM_USE &&
	    p[6] == 'X' && p[7] == 'A')
		found = susp_area(p + XA_SYSTEM_USE, n - XA_SYSTEM_USE, &ce,
				  &sp);
	if (root_dot && sp >= 0)
		w->skip = (uint8_t)sp;
	/* A continuation area is read only when it lies within one logical
	 * block, as Linux requires; each is read on its own. */
	for (unsigned k = 0; !found && ce.len && k < CE_CHAIN_MAX &&
	     w->ce_reads < CE_TOTAL_MAX; k++) {
		if (ce.off >= ISO_SECTOR || ce.len > ISO_SECTOR - ce.off)
			break;
		w->ce_reads++;
		if (iso_scan_read(s, (uint64_t)ce.lba * ISO_SECTOR + ce.off,
				  w->ce, ce.len) != 1)
			break;
		size_t area = ce.len;
		ce.len = 0;
		int ignored = -1;
		found = susp_area(w->ce, area, &ce, &ignored);
	}
	return found;
}

/* ECMA-119 9.1: walk the directory tree breadth first, bounded by DIR_MAX
 * directories and RECORDS_MAX records, counting files, the largest file and
 * multi-extent files (flag bit 7 = more extents of this file follow), and
 * looking for Rock Ridge in every record until it is found. */
void iso_walk_tree(struct scan *s)
{
	struct iso_report *r = s->r;
	struct walk *w = calloc(1, sizeof(*w));
	if (!w) {
		s->io_error = DB_ENOMEM;
		return;
	}
	struct dir_ref *q = w->q;
	size_t head = 0, tail = 0;
	q[tail++] = (struct dir_ref){ r->root_lba, r->root_size };
	uint32_t records = 0;
	bool limited = false, first = true;

	while (head < tail && !limited) {
		struct dir_ref dir = q[head++];
		uint32_t bytes = dir.size < DIR_BYTES_MAX ? dir.size
							  : DIR_BYTES_MAX;
		uint64_t pending = 0;
		bool multi = false;
		for (uint32_t o = 0; o < bytes && !limited; o += ISO_SECTOR) {
			uint64_t off = ((uint64_t)dir.lba + o / ISO_SECTOR) *
				       ISO_SECTOR;
			if (iso_scan_read(s, off, s->sec, ISO_SECTOR) != 1)
				break;
			uint32_t end = bytes - o < ISO_SECTOR ? bytes - o
							       : ISO_SECTOR;
			uint32_t i = 0;
			while (i + 34 <= end) {
				const uint8_t *d = s->sec + i;
				uint8_t len = d[0], nlen = d[32];
				if (len == 0)
					break;  /* rest of sector unused */
				if (len < 33 + nlen || i + len > end)
					break;
				if (++records > RECORDS_MAX) {
					limited = true;
					break;
				}
				i += len;
				bool dot = nlen == 1 && d[33] <= 1;
				bool root_dot = first && dot && d[33] == 0;
				if (!r->rock_ridge &&
				    record_rock_ridge(s, w, d, len, nlen,
						      root_dot))
					r->rock_ridge = true;
				if (dot)
					continue;
				if (d[25] & 0x02) {
					if (tail == DIR_MAX) {
						limited = true;
						break;
					}
					q[tail++] = (struct dir_ref){
						iso_le32(d + 2), iso_le32(d + 10) };
					continue;
				}
				pending += iso_le32(d + 10);
				if (d[25] & 0x80) {
					multi = true;
					continue;
				}
				r->files++;
				if (multi)
					r->multi_extent_files++;
				if (pending > r->largest_file)
					r->largest_file = pending;
				pending = 0;
				multi = false;
			}
			first = false;
		}
		first = false;
	}
	free(w);
	r->tree_walked = true;
	r->rock_ridge_known = true;
	if (limited)
		r->issues |= ISO_ISSUE_TREE_LIMIT;
}
