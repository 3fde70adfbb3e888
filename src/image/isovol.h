/* isovol.h — the two ISO 9660 facts multisession writing needs.
 *
 * An image made with `mkisofs -C last,next` is a later session: every
 * extent in it is relocated by `next`, so its root directory lies at or after
 * `next`. Such an image belongs at LBA `next` and nowhere else. On overwritable media (DVD+RW, BD-RE, DVD-RW restricted
 * overwrite) there are no sessions, so appending works as growisofs -M does:
 * the new session is written after the existing volume and its volume
 * descriptors are then copied over the old ones at LBA 16.
 */
#ifndef DISCBURN_ISOVOL_H
#define DISCBURN_ISOVOL_H

#include <stdbool.h>
#include <stdint.h>

/* The 2048-byte sector at 16 of an image: is it a primary volume descriptor,
 * and if so its volume space size and root directory extent. */
struct isovol_pvd {
	bool valid;
	uint32_t volume_blocks;
	uint32_t root_lba;
};
void isovol_parse_pvd(const uint8_t sector[2048], struct isovol_pvd *out);

/* Is the image built for a later session? mkisofs -C relocates every extent
 * by the session start, so the root directory lies beyond the image's own
 * blocks (its volume space size counts only the new session). */
bool isovol_relocated(const struct isovol_pvd *pvd, uint32_t file_blocks);

/* Could a relocated image of file_blocks blocks have been built for `start`?
 * (its root directory must fall inside [start, start + file_blocks)). */
bool isovol_fits_at(const struct isovol_pvd *pvd, uint32_t start, uint32_t file_blocks);

/* Set the volume space size of every volume descriptor in the set at
 * buf (n sectors from sector 16, as isovol_descriptor_sectors counted) to
 * blocks, as growisofs does after appending on overwritable media, so the
 * volume at LBA 16 covers all sessions. */
void isovol_set_volume_blocks(uint8_t *buf, unsigned n, uint32_t blocks);

/* Where the next session goes on an overwritable disc whose PVD at LBA 16 is
 * pvd: after the volume, rounded up to whole ECC blocks of `ecc` sectors. */
uint32_t isovol_next_session(const struct isovol_pvd *pvd, uint32_t ecc);

/* How many sectors, starting at 16, form the volume descriptor set of a
 * session image whose first 32 sectors are in buf (up to and including the
 * set terminator, type 255). 0 when there is no terminated set within them. */
unsigned isovol_descriptor_sectors(const uint8_t *buf, unsigned sectors);

#endif
