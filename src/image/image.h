/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image.h — the one handle on what the user asked to burn.
 *
 * An image is opened once: the descriptor, its size, its identity, the
 * inspection (src/image/iso.h) and the layout the burn streams all come from
 * that one open, so what was inspected is what is burnt and what verify
 * reads again. Nothing else opens the image by its path.
 *
 * A regular file or a block device is `seekable`: it is inspected, and
 * verify can re-read any part of it. Standard input ("-") is read once, in
 * order; its size must be declared (tsize=).
 */
#ifndef DISCBURN_IMAGE_H
#define DISCBURN_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/err.h"
#include "image/iso.h"
#include "image/layout.h"

struct image {
	char *path;             /* as given ("-" for standard input) */
	char *name;             /* for messages: the path or "standard input" */
	int fd;
	bool own_fd;            /* false for standard input */
	bool seekable;          /* a regular file or a block device */
	bool regular;           /* a regular file */
	uint64_t size;          /* the bytes to burn (tsize= or the whole file) */
	uint64_t file_size;     /* what the file holds from its start (seekable) */
	dev_t dev;              /* identity of a regular file */
	ino_t ino;
	struct iso_report *report;      /* after image_inspect(); NULL for a pipe */
	struct layout layout;           /* one data track of `size` bytes, or a sheet's */
	bool sheet;                     /* the layout is a cue sheet's, a TOC file's or a
					 * track list's (image_from_layout) */
};

/* Open path ("-" = standard input) to burn size bytes (0 = the whole file;
 * required for a pipe). A size larger than a file is refused (the image is
 * truncated), and so is a smaller one (the disc would hold a cut image); a
 * block device or a pipe is read as far as the size says. Returns 0 or DB_EIMAGE,
 * DB_EINVAL (a pipe without a size), DB_EOS, DB_ENOMEM with the reason. */
int image_open(const char *path, uint64_t size, struct image **out, struct db_error *err);
/* As image_open, the size the ISO 9660 volume's from its primary volume
 * descriptor (cdrecord's -isosize), for a file or block device; shorter
 * than the file is allowed then. */
int image_open_isosize(const char *path, struct image **out, struct db_error *err);

/* The image of a layout a cue sheet, cdrdao TOC file or track list made
 * (cue.h, toc.h, tracklist.h): its files were opened once by the parser and
 * are read through those descriptors. *l is moved into the image (left
 * empty); name is the sheet's path, or what names the track list. Returns 0
 * or DB_ENOMEM, DB_EIMAGE (an empty layout). */
int image_from_layout(struct layout *l, const char *name, struct image **out,
		      struct db_error *err);

/* Inspect a seekable image through its descriptor (no-op for a pipe). */
int image_inspect(struct image *im, struct db_error *err);

/* May it be burnt? iso_preflight() on the inspection; 0 for a pipe. */
int image_check(const struct image *im, bool force, struct db_error *err);

/* The base name, as the journal records it. */
const char *image_base_name(const struct image *im);

void image_close(struct image *im);

#endif
