/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image.c — the one handle on an image (see image.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"
#include "image/iso.h"

/* The size to burn from what the file is and what was declared. */
static int size_check(struct image *im, uint64_t declared, bool from_volume,
		      struct db_error *err)
{
	struct stat st;
	if (fstat(im->fd, &st) < 0)
		return db_fail(err, DB_R_IMAGE_STAT, .subject = im->name, .os_errno = errno);
	if (S_ISDIR(st.st_mode))
		return db_fail(err, DB_R_IMAGE_DIRECTORY, .subject = im->name);
	/* A file given as stdin may have been read partly before us: what is
	 * left starts at the current offset (0 for a file we opened). */
	off_t here = lseek(im->fd, 0, SEEK_CUR);
	if (here < 0)
		here = 0;
	bool known = false;
	uint64_t actual = 0;
	if (S_ISREG(st.st_mode)) {
		actual = st.st_size > here ? (uint64_t)(st.st_size - here) : 0;
		known = im->regular = true;
		im->dev = st.st_dev;
		im->ino = st.st_ino;
	} else if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(im->fd, 0, SEEK_END);
		if (end >= 0 && lseek(im->fd, here, SEEK_SET) == here) {
			actual = end > here ? (uint64_t)(end - here) : 0;
			known = true;
		}
	}
	/* only a file we opened ourselves is read by offset; anything handed
	 * to us on stdin is read in order from where it stands */
	im->seekable = known && im->own_fd;
	im->file_size = actual;
	if (from_volume) {
		uint8_t sector[ISO_SECTOR];
		struct iso_pvd pvd;
		if (!im->seekable || actual < 17 * ISO_SECTOR ||
		    pread(im->fd, sector, sizeof(sector), 16 * ISO_SECTOR) != ISO_SECTOR ||
		    iso_parse_pvd(sector, &pvd) < 0 || !pvd.valid)
			return db_fail(err, DB_R_ISOSIZE_NOT_ISO, .subject = im->name);
		declared = (uint64_t)pvd.volume_blocks * pvd.block_size;
	}
	if (declared == 0) {
		if (!known)
			return db_fail(err, DB_R_IMAGE_SIZE_UNKNOWN, .subject = im->name);
		if (actual == 0)
			return db_fail(err, DB_R_IMAGE_EMPTY, .subject = im->name);
		im->size = actual;
		return 0;
	}
	if (known && declared > actual)
		return db_fail(err, DB_R_IMAGE_SMALLER_THAN_TSIZE, .subject = im->name,
			       .n1 = actual, .n2 = declared);
	/* a file is burnt whole: a smaller tsize= would cut it short (a
	 * block device, a partition say, is read as far as declared) */
	if (im->regular && declared < actual && !from_volume)
		return db_fail(err, DB_R_TSIZE_SHORT, .subject = im->name, .n1 = actual,
			       .n2 = declared);
	im->size = declared;
	return 0;
}

static int open_image(const char *path, uint64_t size, bool from_volume, struct image **out,
		      struct db_error *err)
{
	*out = NULL;
	if (!path || !*path)
		return db_fail(err, DB_R_INTERNAL, .what = "no image");
	struct image *im = calloc(1, sizeof(*im));
	if (!im)
		return db_fail(err, DB_R_NO_MEMORY);
	bool is_stdin = !strcmp(path, "-");
	im->fd = -1;
	im->path = strdup(path);
	im->name = strdup(is_stdin ? "standard input" : path);
	int rc;
	if (!im->path || !im->name) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto fail;
	}
	if (is_stdin) {
		im->fd = STDIN_FILENO;
	} else {
		im->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (im->fd < 0) {
			rc = db_fail(err, DB_R_IMAGE_OPEN, .subject = path, .os_errno = errno);
			goto fail;
		}
		im->own_fd = true;
	}
	if ((rc = size_check(im, size, from_volume, err)) < 0)
		goto fail;
	if ((rc = layout_from_image(&im->layout, im->fd, !im->seekable, im->size, im->name,
				    err)) < 0)
		goto fail;
	*out = im;
	return 0;
fail:
	image_close(im);
	return rc;
}

int image_open(const char *path, uint64_t size, struct image **out, struct db_error *err)
{
	return open_image(path, size, false, out, err);
}

int image_open_isosize(const char *path, struct image **out, struct db_error *err)
{
	return open_image(path, 0, true, out, err);
}

int image_from_layout(struct layout *l, const char *name, struct image **out,
		      struct db_error *err)
{
	*out = NULL;
	if (!l->ntracks || !l->stream_bytes)
		return db_fail(err, DB_R_IMAGE_EMPTY, .subject = name, .other = name);
	struct image *im = calloc(1, sizeof(*im));
	if (!im)
		return db_fail(err, DB_R_NO_MEMORY);
	im->fd = -1;
	im->path = strdup(name);
	im->name = strdup(name);
	if (!im->path || !im->name) {
		image_close(im);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	/* a sheet's files are read by offset, decoders in order: what verify
	 * cannot read again (layout_read_at) it names by its first sector */
	im->seekable = true;
	for (unsigned i = 0; i < l->npieces; i++)
		if (l->piece[i].kind == PIECE_FILE && l->piece[i].sequential)
			im->seekable = false;
	im->size = im->file_size = l->stream_bytes;
	im->layout = *l;
	layout_init(l);
	im->sheet = true;
	*out = im;
	return 0;
}

int image_inspect(struct image *im, struct db_error *err)
{
	if (!im->seekable || im->report)
		return 0;
	struct iso_report *r = calloc(1, sizeof(*r));
	if (!r)
		return db_fail(err, DB_R_NO_MEMORY);
	/* the whole file is inspected (a hybrid image's partitions lie beyond
	 * what tsize= may burn) */
	int rc = iso_inspect_fd(im->fd, im->file_size, r, err);
	if (rc < 0) {
		if (err)
			snprintf(err->subject, sizeof(err->subject), "%s", im->name);
		free(r);
		return rc;
	}
	im->report = r;
	return 0;
}

int image_check(const struct image *im, bool force, struct db_error *err)
{
	if (!im->report)
		return 0;
	return iso_preflight(im->report, force ? ISO_PREFLIGHT_FORCE : 0, err);
}

const char *image_base_name(const struct image *im)
{
	const char *s = strrchr(im->path, '/');
	return s ? s + 1 : im->path;
}

void image_close(struct image *im)
{
	if (!im)
		return;
	layout_free(&im->layout);
	if (im->own_fd && im->fd >= 0)
		close(im->fd);
	free(im->report);
	free(im->path);
	free(im->name);
	free(im);
}
