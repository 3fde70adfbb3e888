/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disctype.h — what each kind of disc can do, in one table.
 *
 * One row per MMC profile (MMC-6 5.3.1) discburn knows. Every decision that
 * depends on the kind of disc — may it be written at all (the safety gate),
 * how (the write strategies), blanked, formatted, simulated, how large are
 * its ECC blocks, how is it closed — reads this table; nothing else in the
 * code tests a profile number. A profile not in the table gets a row of its
 * own that says "not writable", so callers never see NULL.
 *
 * Pure data, no I/O. tests/test_disctype.c walks every row through each
 * consumer; tests/types-emu.sh burns, blanks, formats and describes every
 * writable row on the emulator.
 */
#ifndef DISCBURN_DISCTYPE_H
#define DISCBURN_DISCTYPE_H

#include <stdbool.h>
#include <stdint.h>

/* Family of a profile, for sector math and speed units. */
enum mmc_family { MMC_FAM_NONE, MMC_FAM_CD, MMC_FAM_DVD, MMC_FAM_BD };

/* The write strategies (src/engine/strategy.h) a disc type can take. */
enum disc_strategy {
	DS_CD_SAO      = 1u << 0,  /* session at once: cue sheet, exact size */
	DS_CD_TAO      = 1u << 1,  /* track at once */
	DS_DVDR_DAO    = 1u << 2,  /* disc at once: one reserved track */
	DS_DVDR_INCR   = 1u << 3,  /* incremental streaming: sessions, -multi */
	DS_SEQUENTIAL  = 1u << 4,  /* DVD+R, BD-R: from the NWA, no page 05 */
	DS_OVERWRITE   = 1u << 5,  /* written in place at any LBA */
};

/* A format=NAME choice: FORMAT UNIT of type `type`, or (by_blank) back to
 * sequential recording by a fast BLANK (DVD-RW, MMC-6 4.5.4). The first
 * entry is what a bare -format means. */
struct disc_format {
	const char *name;
	uint8_t type;
	bool by_blank;
};

struct disc_type {
	uint16_t profile;
	const char *name;               /* "DVD+R", "DVD-RW (sequential)" */
	enum mmc_family family;
	bool writable;                  /* discburn may change it (the gate's test) */
	bool overwritable;              /* written in place once formatted */
	bool erasable;                  /* BLANK applies */
	bool can_simulate;              /* Test Write exists (MMC-6 7.5.4) */
	bool uses_page05;               /* write parameters are set with page 05 */
	bool dual_layer;
	bool reblank_on_failure;        /* a broken track is blanked away again */
	uint16_t ecc;                   /* sectors per ECC block: 1, 16 or 32 */
	unsigned strategies;            /* enum disc_strategy bits */
	uint8_t final_close;            /* CLOSE TRACK/SESSION function that closes
					 * the last session: 2 (CD, DVD-R: page 05's
					 * multi-session field decides), 6 (DVD+R,
					 * BD-R: finalize); 0 none */
	uint8_t format_for_write;       /* FORMAT UNIT type a blank disc needs before
					 * its first write; 0 none */
	const struct disc_format *formats; /* format= choices; NULL: not formattable */
	uint32_t min_track;             /* shortest track in sectors (CD: 4 s) */
	unsigned max_x;                 /* fastest write speed of its kind, in x */
};

/* The row of profile; never NULL (unknown profiles get a not-writable row
 * named "unknown", PROF_NONE one named "no medium"). */
const struct disc_type *disc_type(uint16_t profile);

/* Every known row, for tests and listings. */
extern const struct disc_type disc_types[];
extern const unsigned disc_ntypes;

/* The format=NAME entry of t ("" = the first), or NULL. */
const struct disc_format *disc_format_named(const struct disc_type *t, const char *name);

/* kB/s of 1x for the family (CD 176.4 rounded to 176, DVD 1385, BD 4495). */
unsigned mmc_family_kbps_1x(enum mmc_family f);

/* Blocks rounded up to whole ECC blocks of t (the drive pads the last). */
uint64_t disc_ecc_round(const struct disc_type *t, uint64_t blocks);

#endif
