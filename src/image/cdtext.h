/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdtext.h — CD-TEXT packs (MMC-6 annex J, Red Book): encoding a layout's
 * text fields and decoding packs (cdrecord's textfile=, a disc read back).
 *
 * A pack is 18 bytes: pack type (80h title ... 8Fh block size information),
 * the track number its first character belongs to (bit 7: extension), a
 * sequence number (from 0 in each language block), the block number (bits
 * 6-4) and the position of the first character within its string (bits
 * 3-0, 15 at most), 12 bytes of text and a CRC-16 (x^16 + x^12 + x^5 + 1,
 * initial value 0, inverted, big-endian) over the first 16 bytes. The
 * strings of one pack type — the disc's, then each track's, each ending in
 * a NUL — run on from pack to pack. Each block ends with three 8Fh packs:
 * character code, first and last track, the number of packs of each type,
 * the last sequence number and the language code of every block.
 *
 * Written: 80h-85h (title, performer, songwriter, composer, arranger,
 * message) for the disc and every track when any of them has that field,
 * 86h (disc identification, the disc's only), 8Eh (UPC/EAN and ISRC) and
 * 8Fh; not written: 87h genre, 88h/89h TOC and 8Dh closed information,
 * which are optional and which neither cdrecord nor cdrskin writes by
 * default. The decoder reads every type and keeps the text ones.
 */
#ifndef DISCBURN_CDTEXT_H
#define DISCBURN_CDTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "image/layout.h"

#define CDTEXT_PACK_BYTES 18
#define CDTEXT_MAX_BLOCK_PACKS 256      /* sequence numbers 0..255 */

/* The inverted CRC-16 of a pack's first 16 bytes, as stored in bytes 16-17. */
uint16_t cdtext_crc(const uint8_t *pack);

/* True if l has any CD-TEXT field set (in any block). */
bool cdtext_any(const struct layout *l);

/* Encode l's text fields (block 0: l->text and the tracks' text, language
 * l->cdtext_language, character code l->cdtext_charset; blocks 1..: the
 * text_block[]) into packs: *out is malloc'ed, *len its bytes (a multiple
 * of 18); *out NULL and *len 0 when there is no text. Refused:
 * DB_R_CDTEXT_TOO_LONG (.n1 = packs, .n2 = block) past 256 packs a block. */
int cdtext_encode(const struct layout *l, uint8_t **out, size_t *len, struct db_error *err);

/* What packs say. block[b].track[n - 1] holds track n's text. */
struct cdtext_info {
	unsigned nblocks;
	struct layout_text_block block[LAYOUT_TEXT_BLOCKS];
	uint8_t first_track[LAYOUT_TEXT_BLOCKS], last_track[LAYOUT_TEXT_BLOCKS];
	bool have_size_info[LAYOUT_TEXT_BLOCKS];
	unsigned packs;                 /* packs read */
	unsigned bad_crc;               /* packs skipped for a wrong CRC (tolerant) */
	bool double_byte;               /* a block in a double-byte code (its text skipped) */
};

/* Decode buf (packs, or a READ TOC format 5 answer / cdrecord textfile
 * with its 4-byte header in front) into *info (zeroed first; free with
 * cdtext_info_free()). With `tolerant` (a disc read back) packs with a bad
 * CRC are skipped and counted; without it (a file) they are refused.
 * Refused: DB_R_CDTEXT_FILE_BAD (.subject = name, .what = "size",
 * "header", "CRC", "pack type", .n1 = the pack, from 1). */
int cdtext_decode(const uint8_t *buf, size_t len, const char *name, bool tolerant,
		  struct cdtext_info *info, struct db_error *err);
void cdtext_info_free(struct cdtext_info *info);

/* Read a binary CD-TEXT file (cdrecord textfile=, cdda2wav's/icedax's
 * audio.cdtext) into l: its packs become l->cdtext_packs as they are, and
 * their text fills l's text fields, which must then belong to l's tracks
 * (DB_R_CDTEXT_TRACKS: .n1 = tracks in the file, .n2 = in l). Call after
 * the tracks are added. */
int cdtext_load_file(struct layout *l, const char *path, struct db_error *err);

/* The same from n bytes of packs in buf (malloc'ed; the layout takes it,
 * freed on failure too), with or without READ TOC's 4-byte header. name is
 * for messages. `tolerant` (a disc's own CD-TEXT for its copy): packs with
 * a bad CRC are kept as the disc has them, and the tracks the packs name
 * need not be l's. */
int cdtext_load_packs(struct layout *l, uint8_t *buf, size_t n, const char *name,
		      bool tolerant, struct db_error *err);

#endif
