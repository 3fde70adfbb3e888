/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_media.c — media kinds and the disc model: tracks, sessions, gaps. */
#include <stdlib.h>
#include <string.h>
#include "emu_int.h"

/* Capacities are those of common media: CD 80 min (last possible lead-out
 * 79:59:74 = LBA 359,849), DVD±R/RW 4.7 GB, DVD+R DL and DVD+RW DL 8.5 GB
 * (4,173,824 blocks), DVD-R DL 8.5 GB (4,171,712), DVD-RAM 4.7 GB single
 * sided (2,236,704 user blocks after the spare areas), BD 25 GB. Speeds are
 * the fastest a current recorder writes such media. PFI byte 2 (ECMA-267
 * 3.3.2.1): number of layers minus one in bits 6-5, track path (1 OTP) in
 * bit 4, layer type (1 embossed, 2 recordable, 4 rewritable) in bits 3-0. */
#define CD_K(n, p, cap, er, x) \
	.name = n, .profile = p, .family = EMU_FAM_CD, .capacity = cap, .erasable = er, \
	.test_write = true, .ecc = 1, .max_x10 = x
#define DVD_K(n, p, cap, x, bk, lb) \
	.name = n, .profile = p, .family = EMU_FAM_DVD, .capacity = cap, .ecc = 16, \
	.max_x10 = x, .book = bk, .layer_byte = lb
const struct emu_kind_info emu_kinds[EMU_KIND_COUNT] = {
	[EMU_CD_R]           = { CD_K("cd-r", 0x0009, 359849, false, 480) },
	[EMU_CD_RW]          = { CD_K("cd-rw", 0x000A, 359849, true, 240) },
	[EMU_DVD_R]          = { DVD_K("dvd-r", 0x0011, 2295104, 160, 0x2, 0x01),
				 .test_write = true, .dash = true },
	[EMU_DVD_RW]         = { DVD_K("dvd-rw", 0x0014, 2295104, 60, 0x3, 0x01),
				 .erasable = true, .test_write = true, .dash = true },
	[EMU_DVD_RW_RO]      = { DVD_K("dvd-rw-ro", 0x0013, 2295104, 60, 0x3, 0x01),
				 .erasable = true, .overwrite = true },
	[EMU_DVD_PLUS_R]     = { DVD_K("dvd+r", 0x001B, 2295104, 160, 0xA, 0x01), .plus = true },
	[EMU_DVD_PLUS_RW]    = { DVD_K("dvd+rw", 0x001A, 2295104, 80, 0x9, 0x01),
				 .overwrite = true, .plus = true, .needs_format = true },
	[EMU_DVD_PLUS_R_DL]  = { DVD_K("dvd+r-dl", 0x002B, 4173824, 80, 0xE, 0x21),
				 .plus = true, .dual_layer = true },
	[EMU_BD_R]           = { .name = "bd-r", .profile = 0x0041, .family = EMU_FAM_BD,
				 .capacity = 12219392, .ecc = 32, .max_x10 = 120 },
	[EMU_BD_RE]          = { .name = "bd-re", .profile = 0x0043, .family = EMU_FAM_BD,
				 .capacity = 12219392, .overwrite = true, .ecc = 32, .max_x10 = 20,
				 .needs_format = true },
	[EMU_DVD_R_DL]       = { DVD_K("dvd-r-dl", 0x0015, 4171712, 80, 0x2, 0x32),
				 .test_write = true, .dash = true, .dual_layer = true },
	[EMU_DVD_PLUS_RW_DL] = { DVD_K("dvd+rw-dl", 0x002A, 4173824, 24, 0xD, 0x34),
				 .overwrite = true, .plus = true, .dual_layer = true,
				 .needs_format = true },
	[EMU_DVD_RAM]        = { DVD_K("dvd-ram", 0x0012, 2236704, 50, 0x1, 0x04),
				 .overwrite = true },
	/* pressed discs: the capacity is that of the image they are made of */
	[EMU_CD_ROM]         = { .name = "cd-rom", .profile = 0x0008, .family = EMU_FAM_CD,
				 .ecc = 1, .rom = true },
	[EMU_DVD_ROM]        = { DVD_K("dvd-rom", 0x0010, 0, 0, 0x0, 0x01), .rom = true },
	[EMU_BD_ROM]         = { .name = "bd-rom", .profile = 0x0040, .family = EMU_FAM_BD,
				 .ecc = 32, .rom = true },
};
#undef CD_K
#undef DVD_K

/* CD multisession layout (Red Book; MMC-5 4.2.3): the first lead-out is
 * 6750 blocks (1.5 min), later ones 2250 (0.5 min); each session after the
 * first starts with a 4500-block (1 min) lead-in and the 150-block pregap of
 * its first track. So the next writable address is lead-out + 11400 after
 * the first session and lead-out + 6900 after later ones, which is what
 * cdrecord -msinfo shows on real CD-R. A TAO data track ends with 2 run-out
 * blocks that count in its size; the next track of the session starts after
 * them and a 150-block pregap. */
enum {
	CD_LEADOUT_FIRST = 6750,
	CD_LEADOUT_NEXT  = 2250,
	CD_LEADIN        = 4500,
	CD_PREGAP        = 150,
	CD_RUNOUT        = 2,
};

/* DVD and BD sessions also cost lead-out/lead-in (DVD-R: border-out and
 * border-in, DVD+R: session closure and intro, BD-R: session gaps). The
 * exact sizes depend on the media and the drive; these are plausible values
 * that keep the next session ECC-aligned and visibly apart. */
static uint32_t session_gap(enum emu_family fam, unsigned closed_sessions)
{
	switch (fam) {
	case EMU_FAM_DVD:
		return closed_sessions == 1 ? 16384 : 3072;  /* 32 MiB, then 6 MiB */
	case EMU_FAM_BD:
		return 2048;
	default:
		return 0;
	}
}

static uint32_t align_up(uint32_t v, uint32_t a)
{
	return a <= 1 ? v : (v + a - 1) / a * a;
}

int emu_kind_by_name(const char *name)
{
	for (int k = 0; k < EMU_KIND_COUNT; k++)
		if (strcmp(emu_kinds[k].name, name) == 0)
			return k;
	return -1;
}

void emu_disc_fresh(struct emu_disc *d, enum emu_kind kind, uint32_t capacity)
{
	free(d->packs);
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->capacity = capacity ? capacity : emu_kinds[kind].capacity;
	d->ntracks = 1;
	d->trk[0].state = TRK_INVISIBLE;
	d->trk[0].session = 1;
	d->trk[0].mode = 4;
	d->trk[0].pregap = emu_kinds[kind].family == EMU_FAM_CD ? CD_PREGAP : 0;
	if (emu_kinds[kind].overwrite && !emu_kinds[kind].needs_format) {
		/* restricted overwrite exists only formatted; DVD-RAM arrives
		 * formatted from the factory */
		d->formatted = true;
	}
	if (emu_kinds[kind].overwrite && d->formatted) {
		d->trk[0].state = TRK_CLOSED;
		d->trk[0].size = d->capacity;
		d->sessions = 1;
	}
}

bool emu_disc_blank(const struct emu_disc *d)
{
	if (emu_kinds[d->kind].overwrite)
		return !d->formatted;
	return d->sessions == 0 && d->ntracks == 1 &&
	       d->trk[0].state == TRK_INVISIBLE && d->trk[0].written == 0;
}

uint8_t emu_disc_status(const struct emu_disc *d)
{
	if (emu_disc_blank(d))
		return 0;
	if (d->finalized || emu_kinds[d->kind].overwrite)
		return 2;
	return 1;
}

struct emu_track *emu_invisible(struct emu_disc *d)
{
	if (d->finalized || d->ntracks == 0)
		return NULL;
	struct emu_track *t = &d->trk[d->ntracks - 1];
	return t->state == TRK_INVISIBLE ? t : NULL;
}

struct emu_track *emu_open_reserved(struct emu_disc *d)
{
	for (unsigned i = 0; i < d->ntracks; i++)
		if (d->trk[i].state == TRK_RESERVED && d->trk[i].written < d->trk[i].size)
			return &d->trk[i];
	return NULL;
}

int32_t emu_track_nwa(const struct emu_track *t)
{
	return t->start + (int32_t)t->written;
}

bool emu_is_cd(const struct emu *e)
{
	return emu_kinds[e->d.kind].family == EMU_FAM_CD;
}

int32_t emu_track_end(const struct emu *e, const struct emu_track *t)
{
	if (t->state == TRK_INVISIBLE)
		return t->start + (int32_t)t->written;
	return t->start + (int32_t)t->size;
}

void emu_track_init(const struct emu *e, struct emu_track *t, int32_t start, uint8_t session)
{
	memset(t, 0, sizeof(*t));
	t->start = start;
	t->state = TRK_INVISIBLE;
	t->session = session;
	t->mode = 4;
	t->pregap = emu_is_cd(e) ? CD_PREGAP : 0;
}

int emu_track_number(const struct emu_disc *d, const struct emu_track *t)
{
	return (int)(t - d->trk) + 1;
}

/* Where a new track may start after track t of the same session. */
static int32_t next_track_start(const struct emu *e, const struct emu_track *t)
{
	int32_t end = emu_track_end(e, t);
	if (emu_is_cd(e))
		return end + CD_PREGAP;
	return (int32_t)align_up((uint32_t)end, emu_ki(e)->ecc);
}

void emu_close_track(struct emu *e, struct emu_track *t)
{
	struct emu_disc *d = &e->d;
	bool was_invisible = t->state == TRK_INVISIBLE;

	if (was_invisible) {
		t->size = t->written;
		/* the link blocks of a TAO data track; audio has none */
		if (emu_is_cd(e) && e->wp.write_type != 2 && t->form != FORM_AUDIO)
			t->size += CD_RUNOUT;
	}
	/* A reserved track closed early is padded to its reserved size by the
	 * drive (MMC-5 6.3.3.4.2); reading the padding gives zeros. */
	t->state = TRK_CLOSED;
	if (was_invisible && d->ntracks < EMU_MAX_TRACKS) {
		struct emu_track *n = &d->trk[d->ntracks++];
		emu_track_init(e, n, next_track_start(e, t), t->session);
	}
}

int32_t emu_session_leadout(const struct emu_disc *d, unsigned session)
{
	int32_t end = 0;
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		if (t->session == session && t->state != TRK_INVISIBLE)
			end = t->start + (int32_t)t->size;
	}
	return end;
}

void emu_close_session(struct emu *e, bool multi)
{
	struct emu_disc *d = &e->d;
	struct emu_track *inv = emu_invisible(d);

	if (inv && inv->written > 0)
		emu_close_track(e, inv);
	for (unsigned i = 0; i < d->ntracks; i++)
		if (d->trk[i].state == TRK_RESERVED)
			d->trk[i].state = TRK_CLOSED;
	/* drop the (empty) invisible track; the session ends before it */
	inv = emu_invisible(d);
	if (inv && inv->written == 0)
		d->ntracks--;
	if (d->ntracks == 0 ||
	    d->trk[d->ntracks - 1].session != d->sessions + 1) {
		/* nothing was written in this session: closing is a no-op */
		if (inv)
			d->ntracks++;
		return;
	}
	d->sessions++;
	int32_t leadout = emu_session_leadout(d, d->sessions);
	int32_t next;
	if (emu_is_cd(e))
		next = leadout + (d->sessions == 1 ? CD_LEADOUT_FIRST : CD_LEADOUT_NEXT) +
		       CD_LEADIN + CD_PREGAP;
	else
		next = (int32_t)align_up((uint32_t)leadout + session_gap(emu_ki(e)->family, d->sessions),
					 emu_ki(e)->ecc);
	if (!multi || next >= (int32_t)d->capacity || d->ntracks >= EMU_MAX_TRACKS) {
		d->finalized = true;
		return;
	}
	struct emu_track *n = &d->trk[d->ntracks++];
	emu_track_init(e, n, next, (uint8_t)(d->sessions + 1));
}

/* BD-R spare areas (BD-R format with defect management; MMC-5 6.5.4.2.17
 * format type 32h, and the BD drives' command references): a 25 GB BD-R
 * always gets the inner spare area ISA0 of 4096 clusters (256 MiB) and an
 * outer one, OSA, of 0 to 16384 clusters; the drive's default is 8192, which
 * leaves the familiar 11,826,176 blocks. A cluster is 32 blocks. The Type
 * Dependent Parameter of the descriptors is the spare size in clusters. */
enum {
	BD_CLUSTER       = 32,
	BD_ISA0          = 4096,
	BD_OSA_DEFAULT   = 8192,
	BD_OSA_MAX       = 16384,
};

static void bdr_format(struct emu_format *f, uint32_t raw, uint8_t type, uint32_t clusters)
{
	f->blocks = raw - clusters * BD_CLUSTER;
	f->type = type;
	f->param = clusters;
}

unsigned emu_bdr_formats(const struct emu_disc *d, struct emu_format *out, unsigned max)
{
	static const uint32_t offered[] = {
		BD_ISA0 + BD_OSA_DEFAULT, BD_ISA0 + BD_OSA_MAX, BD_ISA0,
	};
	uint32_t raw = d->capacity + d->spare;
	unsigned n = 0;

	if (d->kind != EMU_BD_R || !emu_disc_blank(d))
		return 0;
	/* 00h first: the default format (libburn insists on this order) */
	if (n < max && raw > offered[0] * BD_CLUSTER)
		bdr_format(&out[n++], raw, 0x00, offered[0]);
	for (size_t i = 0; i < sizeof(offered) / sizeof(offered[0]) && n < max; i++)
		if (raw > offered[i] * BD_CLUSTER)
			bdr_format(&out[n++], raw, 0x32, offered[i]);
	return n;
}

bool emu_bdr_spare_ok(const struct emu_disc *d, uint32_t blocks)
{
	uint32_t raw = d->capacity + d->spare;
	if (blocks == 0 || blocks >= raw || (raw - blocks) % BD_CLUSTER)
		return false;
	uint32_t clusters = (raw - blocks) / BD_CLUSTER;
	return clusters >= BD_ISA0 && clusters <= BD_ISA0 + BD_OSA_MAX;
}
