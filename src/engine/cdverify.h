/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdverify.h — what the read-back of a CD burn compares (verify_cd.c).
 * Internal to src/engine.
 *
 * While writing, each sector's expected read-back is hashed (64 bits a
 * sector: under 3 MB for a full CD) in the form it is read back in: audio
 * as its 2352 bytes (READ CD, CD-DA), mode 1 as its 2048 (READ), a raw
 * mode 1 sector as its user data, mode 2 formless and raw mode 2 as the
 * 2336 bytes after the header (READ CD, sub-header, user data, EDC/ECC),
 * XA form 1 and form 2 as their user data (READ CD, form 1 / form 2). So a
 * mismatch names its sector without reading the source again. */
#ifndef DISCBURN_CDVERIFY_H
#define DISCBURN_CDVERIFY_H

#include <stdbool.h>
#include <stdint.h>

struct burn_track;
struct cd_vmap;

struct cd_vmap *cd_vmap_new(void);
void cd_vmap_free(struct cd_vmap *m);
/* n sectors of track t from lba, each t->in_bytes of the stream at in. */
void cd_vmap_add(struct cd_vmap *m, const struct burn_track *t, int32_t lba, const uint8_t *in,
		 uint32_t n);
/* False once memory ran out (verify then fails as an internal error). */
bool cd_vmap_ok(const struct cd_vmap *m);

struct burn;
/* After the data: the TOC (formats 0 and 2), the catalog number and ISRCs
 * (READ SUB-CHANNEL), every index boundary (READ CD's Q) and the CD-TEXT
 * (READ TOC format 5) against what the burn asked for (verify_cd_toc.c). */
int cd_verify_disc(struct burn *b);

#endif
