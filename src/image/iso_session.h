/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iso_session.h — the ISO 9660 facts multisession writing needs.
 *
 * An image made with `mkisofs -C last,next` is a later session: every
 * extent in it is relocated by `next`, so its root directory lies at or
 * after `next`. Such an image belongs at LBA `next` and nowhere else. On
 * overwritable media (DVD+RW, BD-RE, DVD-RW restricted overwrite) there are
 * no sessions, so appending works as growisofs -M does: the new session is
 * written after the existing volume and its volume descriptors are then
 * copied over the old ones at LBA 16.
 *
 * Every question here is asked of a struct iso_pvd that iso_parse_pvd()
 * (src/image/iso.h) filled from sector 16 of the image or of the disc; an
 * invalid one answers false / 0.
 */
#ifndef DISCBURN_ISO_SESSION_H
#define DISCBURN_ISO_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "image/iso.h"

/* Is the image built for a later session? mkisofs -C relocates every extent
 * by the session start, so the root directory lies beyond the image's own
 * blocks (its volume space size counts only the new session) -- or, when the
 * new session is larger than its start, the image's sector at the root's LBA
 * is something else. root_sector is that sector of the image (NULL: the root
 * lies beyond the image, or the sector could not be read); a first session's
 * holds the root directory, whose "." record names the root's own LBA. */
bool iso_session_relocated(const struct iso_pvd *pvd, uint32_t file_blocks,
			   const uint8_t *root_sector);

/* Could a relocated image of file_blocks blocks have been built for `start`?
 * (its root directory must fall inside [start, start + file_blocks)). */
bool iso_session_fits_at(const struct iso_pvd *pvd, uint32_t start,
			 uint32_t file_blocks);

/* Where the next session goes on an overwritable disc whose PVD at LBA 16 is
 * pvd: after the volume, rounded up to whole ECC blocks of `ecc` sectors. */
uint32_t iso_session_next(const struct iso_pvd *pvd, uint32_t ecc);

/* How many sectors, starting at 16, form the volume descriptor set of a
 * session image whose first `sectors` sectors are in buf (up to and
 * including the set terminator, type 255). 0 when there is no terminated
 * set within them. */
unsigned iso_session_descriptor_sectors(const uint8_t *buf, unsigned sectors);

/* Set the volume space size of every primary and supplementary volume
 * descriptor in the set at buf (n sectors from sector 16, as
 * iso_session_descriptor_sectors counted) to blocks, as growisofs does after
 * appending on overwritable media, so the volume at LBA 16 covers all
 * sessions. */
void iso_session_set_volume_blocks(uint8_t *buf, unsigned n, uint32_t blocks);

#endif
