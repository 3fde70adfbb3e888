/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd.h — what a CD is, for a writer that lays one out sector by sector.
 *
 * Pure, like the rest of src/mmc: no I/O, no allocation.
 *
 *  - the SAO cue sheet (MMC-6 6.33): lead-in, catalog number (ADR 2),
 *    ISRCs (ADR 3), every track's index 0 (pregap), index 1 and higher
 *    indices with its control nibble, data form and SCMS, the lead-out;
 *  - the R-W of the lead-in that carries CD-TEXT packs in SAO (data form
 *    41h: four packs a sector as 6-bit symbols);
 *  - sectors as ECMA-130 records them: sync, header, EDC, the P and Q
 *    parity of the CIRC-independent layer (annex A), the scrambler (annex
 *    B), CD-ROM XA form 1 and form 2 with their sub-headers;
 *  - the sub-channel a RAW writer sends: Q frames of mode 1 (position, the
 *    TOC in the lead-in), 2 (catalog number), 3 (ISRC) and 5 (B0), the
 *    CRC-16 of Q, and the 96-byte raw P-W block;
 *  - the forms a written CD is read back in (the commands are mmc_cd.h's).
 *
 * Addresses are LBAs (LBA 0 = 00:02:00); BCD where the disc stores BCD.
 */
#ifndef DISCBURN_CD_H
#define DISCBURN_CD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CD_RAW_BYTES 2352
#define CD_SUB_BYTES 96
#define CD_PACK_BYTES 18

/* The control nibble of a track (ECMA-130 22.3.1). */
enum cd_ctl {
	CD_CTL_PREEMPHASIS = 0x1,       /* audio: pre-emphasis 50/15 us */
	CD_CTL_COPY = 0x2,              /* digital copy permitted */
	CD_CTL_DATA = 0x4,              /* a data track */
	CD_CTL_FOUR_CHANNEL = 0x8,      /* audio: four channels */
};

/* Data forms of main data in a cue sheet entry (MMC-6 Tables 544-546):
 * what the host sends for each block, or that the drive makes the block
 * (the _GEN forms: zero data, nothing sent). 40h in the lead-in entry: R-W
 * sub-channel from the host (CD-TEXT), main data generated. */
enum cd_form {
	CD_FORM_AUDIO = 0x00,           /* 2352 bytes of samples */
	CD_FORM_AUDIO_GEN = 0x01,
	CD_FORM_MODE1 = 0x10,           /* 2048 bytes of user data */
	CD_FORM_MODE1_RAW = 0x11,       /* 2352: the whole sector */
	CD_FORM_MODE1_GEN = 0x14,
	CD_FORM_XA = 0x20,              /* 2336: sub-header, user data, EDC/ECC */
	CD_FORM_XA_RAW = 0x21,
	CD_FORM_XA_GEN = 0x24,
	CD_FORM_MODE2 = 0x30,           /* 2336: mode 2 formless */
	CD_FORM_MODE2_RAW = 0x31,
	CD_FORM_MODE2_GEN = 0x34,
	CD_FORM_LEADIN_TEXT = 0x41,     /* the lead-in: R-W from the host */
};

/* Bytes the host sends per block of data form f (0: the drive makes it). */
unsigned cd_form_bytes(uint8_t form);
/* The generated form of the same kind (the lead-out's, after a track of
 * form f): 01h, 14h, 24h or 34h. */
uint8_t cd_form_generated(uint8_t form);

/* ---- the cue sheet ---------------------------------------------------------- */

#define CD_MAX_INDEX 98                 /* indices 2..99 */

struct cd_cue_track {
	uint8_t number;                 /* 1..99 on the disc */
	uint8_t ctl;                    /* enum cd_ctl */
	uint8_t form;                   /* enum cd_form of its blocks */
	bool scms;                      /* SCMS: the copy bit alternates */
	int32_t index0;                 /* first block of the pregap (index 0);
					 * == index1 when it has none */
	int32_t index1;
	unsigned nindex;                /* indices 2.. */
	int32_t index[CD_MAX_INDEX];    /* their first blocks */
	char isrc[13];                  /* 12 characters, or "" */
};

struct cd_cue {
	char mcn[14];                   /* 13 digits, or "" */
	bool cdtext;                    /* the host writes the lead-in's R-W */
	unsigned ntracks;
	const struct cd_cue_track *track;
	int32_t leadout;                /* first block of the lead-out */
};

/* Bytes the cue sheet of c takes: 8 per entry. */
size_t cd_cue_size(const struct cd_cue *c);

/* Build the cue sheet (entries as cdrdao's generic-mmc and libburn send
 * them): the catalog number's two ADR 2 entries, the lead-in (TNO 0,
 * index 0, form 01h/14h/24h/34h after the first track's kind, or 41h with
 * CD-TEXT; 00:00:00), then for each track its two ADR 3 ISRC entries,
 * index 0 when it has a pregap (always for the first track: the session's
 * program area starts with it), index 1, indices 2.., and the lead-out
 * (TNO AAh, index 1, the last track's generated form). The control nibble
 * of each entry is its track's; the lead-in's and the catalog number's are
 * the first track's data bit. Returns the bytes written, 0 when out is too
 * small or c is not a valid session: no tracks or more than 99, numbers not
 * consecutive from 1..99, an address before -150 or past 99:59:74, indices
 * not in order, a track not before the next one's index 0, a lead-out not
 * after the last index, a form the drive generates for a track, an ISRC or
 * MCN of the wrong characters. */
size_t cd_cue_build(const struct cd_cue *c, uint8_t *out, size_t out_size);

/* The R-W of one lead-in block in SAO (data form 41h): packs `first`,
 * first+1, first+2, first+3 of the npacks (cyclically), 72 bytes as 96 6-bit
 * symbols, one in the low 6 bits of each byte (MMC-6 4.2.5.3, Red Book
 * annex: CD-TEXT in the lead-in). npacks > 0. */
void cd_text_rw_block(const uint8_t *packs, size_t npacks, size_t first, uint8_t out[96]);

/* ---- sectors (ECMA-130) ------------------------------------------------------- */

extern const uint8_t cd_xa_form1_subheader[4];  /* file 0, channel 0, data, coding 0 */
extern const uint8_t cd_xa_form2_subheader[4];  /* the same with the form 2 bit */

/* Sync pattern, the header's BCD address of lba and the mode byte. */
void cd_sector_header(uint8_t raw[16], int32_t lba, uint8_t mode);
/* The EDC (ECMA-130 14.3: x^32+x^31+x^16+x^15+x^4+x^3+x+1, LSB first) of n bytes. */
uint32_t cd_edc(const uint8_t *p, size_t n);
/* A whole sector: mode 1 (2048 bytes of user data), CD-ROM XA form 1
 * (sub-header, 2048), form 2 (sub-header, 2324; the optional EDC made),
 * mode 2 formless (2336 bytes after the header, as given). */
void cd_sector_mode1(uint8_t raw[2352], int32_t lba, const uint8_t user[2048]);
void cd_sector_form1(uint8_t raw[2352], int32_t lba, const uint8_t sh[4], const uint8_t user[2048]);
void cd_sector_form2(uint8_t raw[2352], int32_t lba, const uint8_t sh[4], const uint8_t user[2324]);
void cd_sector_mode2(uint8_t raw[2352], int32_t lba, const uint8_t body[2336]);
/* The 2336 bytes after the header of an XA sector (data form 20h): the
 * sub-header twice, the user data, the EDC and ECC (form 1) or the EDC
 * (form 2); the ECC of form 1 does not depend on the address. */
void cd_xa_body_form1(uint8_t out[2336], const uint8_t sh[4], const uint8_t user[2048]);
void cd_xa_body_form2(uint8_t out[2336], const uint8_t sh[4], const uint8_t user[2324]);
/* Scramble (or unscramble: it is its own inverse) bytes 12..2351 of a data
 * sector, as a drive records it (ECMA-130 annex B). */
void cd_scramble(uint8_t raw[2352]);

/* ---- the sub-channel ---------------------------------------------------------------- */

/* The CRC-16 of Q (x^16+x^12+x^5+1, initial 0) over n bytes. */
uint16_t cd_crc16(const uint8_t *p, size_t n);
/* Set bytes 10-11 of q: the CRC of bytes 0-9, inverted (ECMA-130 22.3.5). */
void cd_q_set_crc(uint8_t q[12]);
bool cd_q_crc_ok(const uint8_t q[12]);
/* frames (>= 0) as BCD minutes, seconds, frames. */
void cd_msf_bcd(int32_t frames, uint8_t out[3]);
uint8_t cd_bcd(unsigned v);

/* Mode 1 position in the program area or the lead-out: track tno (binary,
 * AAh for the lead-out), index idx, relative time rel (frames, counted from
 * index 1, or down to the end of the pregap), absolute time of lba. With
 * its CRC. */
void cd_q_position(uint8_t q[12], uint8_t ctl, uint8_t tno, uint8_t idx, int32_t rel,
		   int32_t lba);
/* Mode 2: the catalog number (13 digits) and AFRAME of lba; with its CRC. */
void cd_q_mcn(uint8_t q[12], uint8_t ctl, const char mcn[13], int32_t lba);
/* Mode 3: an ISRC (country and owner as 6-bit codes, year and serial in
 * BCD) and AFRAME of lba; with its CRC. */
void cd_q_isrc(uint8_t q[12], uint8_t ctl, const char isrc[12], int32_t lba);
/* A lead-in frame: ADR adr, TNO 0, POINT point, the running time (or, in
 * mode 5, what the point puts there) in msf[3], ZERO zero, PMIN PSEC PFRAME
 * in pmsf[3] (all already BCD where BCD is due); with its CRC. */
void cd_q_leadin(uint8_t q[12], uint8_t adr, uint8_t ctl, uint8_t point, const uint8_t msf[3],
		 uint8_t zero, const uint8_t pmsf[3]);
/* The 96-byte raw P-W block of one sector: P in bit 7 of every byte, Q
 * (12 bytes, most significant bit first) in bit 6, R-W (or zeros) in bits
 * 5-0. */
void cd_sub_pw(uint8_t out[96], bool p, const uint8_t q[12], const uint8_t *rw);
/* A 13-digit catalog number, a 12-character ISRC (2 letters or digits, 3
 * letters or digits, 7 digits). */
bool cd_mcn_valid(const char *s);
bool cd_isrc_valid(const char *s);

/* ---- reading a CD back (the commands are mmc_cd.h's) -------------------------- */

/* READ CD's expected sector types and fields (MMC-6 6.19, mmc_build_read_cd). */
enum {
	READ_CD_TYPE_ANY = 0, READ_CD_TYPE_CDDA = 1, READ_CD_TYPE_MODE1 = 2,
	READ_CD_TYPE_MODE2 = 3, READ_CD_TYPE_FORM1 = 4, READ_CD_TYPE_FORM2 = 5,
	READ_CD_USER = 0x10,            /* user data */
	READ_CD_AFTER_HEADER = 0x58,    /* sub-header, user data, EDC/ECC: 2336 bytes */
	READ_CD_SUB_Q = 2,              /* formatted Q, 16 bytes a sector */
};

#endif
