/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disctype.c — the disc-type table (see disctype.h). */
#include "config.h"

#include <string.h>
#include "mmc/disctype.h"
#include "mmc/mmc.h"

static const struct disc_format dvdplusrw_formats[] = {
	{ "full", 0x26, false },        /* DVD+RW full format (MMC-6 6.5.4.2.14) */
	{ NULL, 0, false },
};
static const struct disc_format dvdrw_formats[] = {
	{ "quick", 0x15, false },       /* quick: to restricted overwrite */
	{ "ro", 0x15, false },
	{ "full", 0x10, false },        /* full format, restricted overwrite */
	{ "seq", 0, true },             /* back to sequential: a fast blank */
	{ NULL, 0, false },
};
static const struct disc_format bdre_formats[] = {
	{ "spare", 0x30, false },       /* with spare areas (default) */
	{ "nospare", 0x31, false },     /* without */
	{ NULL, 0, false },
};

#define CD  .family = MMC_FAM_CD, .ecc = 1, .max_x = 48
#define DVD .family = MMC_FAM_DVD, .ecc = 16, .max_x = 16
#define BD  .family = MMC_FAM_BD, .ecc = 32, .max_x = 16

const struct disc_type disc_types[] = {
	{ PROF_CD_ROM, "CD-ROM", CD },
	{ PROF_CD_R, "CD-R", CD, .writable = true, .can_simulate = true, .uses_page05 = true,
	  .strategies = DS_CD_SAO | DS_CD_TAO, .final_close = 2, .min_track = 300 },
	{ PROF_CD_RW, "CD-RW", CD, .writable = true, .erasable = true, .can_simulate = true,
	  .uses_page05 = true, .reblank_on_failure = true, .strategies = DS_CD_SAO | DS_CD_TAO,
	  .final_close = 2, .min_track = 300 },
	{ PROF_DVD_ROM, "DVD-ROM", DVD },
	{ PROF_DVD_R_SEQ, "DVD-R", DVD, .writable = true, .can_simulate = true,
	  .uses_page05 = true, .strategies = DS_DVDR_DAO | DS_DVDR_INCR, .final_close = 2 },
	{ PROF_DVD_RAM, "DVD-RAM", DVD, .writable = true, .overwritable = true,
	  .strategies = DS_OVERWRITE },
	{ PROF_DVD_RW_RO, "DVD-RW (restricted overwrite)", DVD, .writable = true,
	  .overwritable = true, .erasable = true, .strategies = DS_OVERWRITE,
	  .formats = dvdrw_formats },
	{ PROF_DVD_RW_SEQ, "DVD-RW (sequential)", DVD, .writable = true, .erasable = true,
	  .can_simulate = true, .uses_page05 = true, .reblank_on_failure = true,
	  .strategies = DS_DVDR_DAO | DS_DVDR_INCR, .final_close = 2, .formats = dvdrw_formats },
	{ PROF_DVD_R_DL_SEQ, "DVD-R DL (sequential)", DVD, .writable = true, .dual_layer = true,
	  .can_simulate = true, .uses_page05 = true, .strategies = DS_DVDR_DAO | DS_DVDR_INCR,
	  .final_close = 2 },
	/* layer jump recording is not implemented: read only for discburn */
	{ PROF_DVD_R_DL_JUMP, "DVD-R DL (layer jump)", DVD, .dual_layer = true },
	{ PROF_DVD_PLUS_RW, "DVD+RW", DVD, .writable = true, .overwritable = true,
	  .strategies = DS_OVERWRITE, .format_for_write = 0x26, .formats = dvdplusrw_formats },
	{ PROF_DVD_PLUS_R, "DVD+R", DVD, .writable = true, .strategies = DS_SEQUENTIAL,
	  .final_close = 6 },
	{ PROF_DVD_PLUS_RW_DL, "DVD+RW DL", DVD, .writable = true, .overwritable = true,
	  .dual_layer = true, .strategies = DS_OVERWRITE, .format_for_write = 0x26,
	  .formats = dvdplusrw_formats },
	{ PROF_DVD_PLUS_R_DL, "DVD+R DL", DVD, .writable = true, .dual_layer = true,
	  .strategies = DS_SEQUENTIAL, .final_close = 6 },
	{ PROF_BD_ROM, "BD-ROM", BD },
	{ PROF_BD_R_SRM, "BD-R (SRM)", BD, .writable = true, .strategies = DS_SEQUENTIAL,
	  .final_close = 6 },
	/* random recording mode is not implemented: read only for discburn */
	{ PROF_BD_R_RRM, "BD-R (RRM)", BD },
	{ PROF_BD_RE, "BD-RE", BD, .writable = true, .overwritable = true,
	  .strategies = DS_OVERWRITE, .format_for_write = 0x30, .formats = bdre_formats },
};
const unsigned disc_ntypes = sizeof(disc_types) / sizeof(disc_types[0]);

static const struct disc_type no_medium = { PROF_NONE, "no medium", .family = MMC_FAM_NONE,
					    .ecc = 1 };
static const struct disc_type unknown = { 0xFFFF, "unknown", .family = MMC_FAM_NONE, .ecc = 1 };

const struct disc_type *disc_type(uint16_t profile)
{
	if (profile == PROF_NONE)
		return &no_medium;
	for (unsigned i = 0; i < disc_ntypes; i++)
		if (disc_types[i].profile == profile)
			return &disc_types[i];
	return &unknown;
}

const struct disc_format *disc_format_named(const struct disc_type *t, const char *name)
{
	if (!t->formats)
		return NULL;
	if (!name || !*name)
		return &t->formats[0];
	for (const struct disc_format *f = t->formats; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

unsigned mmc_family_kbps_1x(enum mmc_family f)
{
	switch (f) {
	case MMC_FAM_CD:  return 176;
	case MMC_FAM_DVD: return 1385;
	case MMC_FAM_BD:  return 4495;
	case MMC_FAM_NONE: break;
	}
	return 0;
}

uint64_t disc_ecc_round(const struct disc_type *t, uint64_t blocks)
{
	uint64_t unit = t->ecc ? t->ecc : 1;
	return (blocks + unit - 1) / unit * unit;
}
