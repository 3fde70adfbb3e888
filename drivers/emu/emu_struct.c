/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_struct.c — READ DISC STRUCTURE (MMC-5 6.23): the DVD and BD
 * structures that identify a disc. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

/* ---- READ DISC STRUCTURE (MMC-5 6.23): DVD formats 00h, 0Eh, 11h, FFh; BD
 * formats 00h, FFh ----------------------------------------------------------- */

/* The media identity of the emulated discs: a manufacturer ID and a media
 * type ID as recordable media carry them (DVD-R/-RW pre-pit lead-in, DVD+R/RW
 * ADIP, BD disc information). Deliberately not a real maker's code, so no
 * tool mistakes an emulated disc for a known brand. */
#define EMU_MEDIA_MAKER  "DSCBRN"
#define EMU_MEDIA_TYPE   "EMU"
#define EMU_MEDIA_REV    1

static bool dvd_plus(enum emu_kind k)
{
	return emu_kinds[k].plus;
}

/* DVD-R, DVD-RW (either mode), DVD-R DL: media with a pre-pit lead-in */
static bool dvd_dash(enum emu_kind k)
{
	return emu_kinds[k].dash || k == EMU_DVD_RW_RO;
}

/* The DVD+ media identity: manufacturer ID (8 bytes at 19), media type ID
 * (3 at 27), product revision (30) -- where ADIP (format 11h) keeps them and
 * where the physical format information of DVD+ media repeats them. */
static void put_plus_media_id(uint8_t *p)
{
	memset(&p[19], 0, 8);           /* NUL-padded, as on real media */
	memcpy(&p[19], EMU_MEDIA_MAKER, strlen(EMU_MEDIA_MAKER));
	memcpy(&p[27], EMU_MEDIA_TYPE, 3);
	p[30] = EMU_MEDIA_REV;
}

enum { DVD_PFI_LEN = 2048, DVD_PREPIT_LEN = 40, DVD_ADIP_LEN = 256, BD_DI_LEN = 4096,
       DVD_CPY_LEN = 4 };

/* The largest single-layer DVD-ROM (ECMA-267: 2,298,496 sectors). */
#define DVD_SL_BLOCKS 2298496

/* Physical Format Information (format 00h), 2048 bytes. */
static size_t dvd_pfi(const struct emu *e, uint8_t *p)
{
	enum emu_kind k = e->d.kind;
	p[0] = (uint8_t)(emu_kinds[k].book << 4 | 0x2);
	p[1] = 0x0F;                    /* 120 mm, max rate unspecified */
	p[2] = emu_kinds[k].layer_byte;
	if (k == EMU_DVD_ROM && e->d.capacity > DVD_SL_BLOCKS)
		p[2] = 0x21;            /* a pressed DL: two layers, parallel paths */
	p[3] = 0x00;
	put_be32(&p[4], 0x030000);      /* start PSN of the data area */
	put_be32(&p[8], 0x030000 + e->d.capacity - 1);
	if (emu_kinds[k].dual_layer)    /* end PSN of layer 0: half the data */
		put_be32(&p[12], 0x030000 + e->d.capacity / 2 - 1);
	if (dvd_plus(k))
		put_plus_media_id(p);
	return DVD_PFI_LEN;
}

/* Pre-recorded Information in Lead-in (format 0Eh), DVD-R/-RW:
 * five 8-byte pre-pit fields, each a field ID and 6 bytes; fields 3 and 4
 * hold the manufacturer ID (ECMA-279/338). */
static size_t dvd_prepit(uint8_t *p)
{
	static const char maker[12] = EMU_MEDIA_MAKER EMU_MEDIA_TYPE "-01";
	for (int f = 0; f < 5; f++)
		p[8 * f] = (uint8_t)(f + 1);
	p[1] = 0x20;                    /* field 1: DVD-R, part version 0 */
	memcpy(&p[17], maker, 6);
	memcpy(&p[25], maker + 6, 6);
	return DVD_PREPIT_LEN;
}

/* ADIP information (format 11h), DVD+R/+RW: 256 bytes; the disc category
 * and version as in the PFI, then the media identity. */
static size_t dvd_adip(const struct emu *e, uint8_t *p)
{
	p[0] = (uint8_t)(emu_ki(e)->book << 4 | 0x2);
	p[1] = 0x0F;
	p[2] = emu_ki(e)->layer_byte;
	put_plus_media_id(p);
	return DVD_ADIP_LEN;
}

/* BD Disc Information (format 00h, media type 1): the 4096-byte DI block
 * holding one DI unit as a single-layer BD-R/RE's: "DI", unit format 1,
 * units per block and layer in byte 3, disc type ID BDR/BDW at 8, the
 * manufacturer ID at 100, media type ID at 106, revision at 111 (where
 * libburn and dvd+rw-mediainfo read them). */
static size_t bd_di(const struct emu *e, uint8_t *p)
{
	p[0] = 'D';
	p[1] = 'I';
	p[2] = 0x01;                    /* DI unit format 1 */
	p[3] = 0x08;                    /* one unit per block, layer 0 */
	p[6] = 0x62;                    /* as a real single-layer BD-R */
	memcpy(&p[8], e->d.kind == EMU_BD_RE ? "BDW" : e->d.kind == EMU_BD_ROM ? "BDO" : "BDR", 3);
	p[11] = 0x01;                   /* 120 mm, class 0, version 1 */
	p[12] = 0x12;                   /* one layer, 25 GB per layer */
	memcpy(&p[100], EMU_MEDIA_MAKER, 6);
	memcpy(&p[106], EMU_MEDIA_TYPE, 3);
	p[111] = EMU_MEDIA_REV;
	return BD_DI_LEN;
}

static void list_entry(uint8_t *p, uint8_t fmt, size_t len)
{
	p[0] = fmt;
	p[1] = 0x40;                    /* RDS: readable, not sendable */
	put_be16(&p[2], (uint16_t)(len + 4));
}

int emu_read_disc_structure(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	uint8_t media = cdb[1] & 0x0F, fmt = cdb[7];
	enum emu_kind k = e->d.kind;
	bool bd = emu_ki(e)->family == EMU_FAM_BD;
	uint8_t b[4 + 4096] = { 0 };
	size_t n;

	/* Media Type 0 asks for DVD structures, 1 for BD (6.23.2.2) */
	if (emu_is_cd(e) || media > 1 || (media == 1) != bd)
		return emu_sense(e, 0x05, 0x30, 0x02);  /* cannot read medium: incompatible format */
	switch (fmt) {
	case 0x00:
		n = bd ? bd_di(e, &b[4]) : dvd_pfi(e, &b[4]);
		break;
	case 0x01:      /* copyright information (6.23.3.2.2), pressed DVD: no
			 * protection system, playable in every region */
		if (bd || k != EMU_DVD_ROM)
			return emu_sense(e, 0x05, 0x24, 0x00);
		n = DVD_CPY_LEN;
		break;
	case 0x0E:
		if (bd || !dvd_dash(k))
			return emu_sense(e, 0x05, 0x24, 0x00);
		n = dvd_prepit(&b[4]);
		break;
	case 0x11:
		if (bd || !dvd_plus(k))
			return emu_sense(e, 0x05, 0x24, 0x00);
		n = dvd_adip(e, &b[4]);
		break;
	case 0xFF:      /* list of the structures this medium has */
		list_entry(&b[4], 0x00, bd ? BD_DI_LEN : DVD_PFI_LEN);
		n = 4;
		if (k == EMU_DVD_ROM) {
			list_entry(&b[4 + n], 0x01, DVD_CPY_LEN);
			n += 4;
		}
		if (!bd && dvd_dash(k)) {
			list_entry(&b[4 + n], 0x0E, DVD_PREPIT_LEN);
			n += 4;
		}
		if (!bd && dvd_plus(k)) {
			list_entry(&b[4 + n], 0x11, DVD_ADIP_LEN);
			n += 4;
		}
		break;
	default:
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	put_be16(b, (uint16_t)(n + 2));
	return emu_reply(e, b, 4 + n, get_be16(&cdb[8]));
}
