/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check.c — a disc checked against an image (byte for byte) or a published
 * checksum (its SHA-256), reading only the image's sectors (read.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sha256.h"
#include "drive/drive_read.h"
#include "engine/disc.h"
#include "engine/read_int.h"
#include "image/image.h"

enum { SECTOR = DISC_SECTOR };

int check_disc(struct device *d, const struct read_params *p, const struct read_events *ev,
	       struct read_result *res, struct db_error *err)
{
	struct read_run u;
	if (p->cue)
		return db_fail(err, DB_R_INTERNAL, .what = "a check of a BIN/CUE");
	int rc = read_run_start(&u, d, p, ev, res, err);
	if (rc < 0)
		return rc;
	const struct disc_plan *pl = &res->plan;
	struct image *im = p->image;
	uint64_t bytes = im ? im->size : p->size ? p->size : pl->bytes;
	res->bytes = bytes;
	uint32_t sectors = (uint32_t)((bytes + SECTOR - 1) / SECTOR);
	uint32_t max = u.r.max_blocks;
	uint8_t *buf = malloc((size_t)max * SECTOR * 2);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	uint8_t *want = buf + (size_t)max * SECTOR;
	const char *iname = im ? im->name : "the image";
	struct sha256 sha;
	sha256_init(&sha);
	uint32_t planned_end = pl->first + pl->sectors;
	for (uint32_t i = 0; i < sectors;) {
		if (read_cancelled(p)) {
			rc = db_fail(err, DB_R_READ_CANCELLED, .subject = u.r.name);
			goto done;
		}
		uint32_t k = sectors - i < max ? sectors - i : max;
		uint32_t lba = pl->first + i;
		/* the gaps between sessions hold zeros in the image */
		if (i < pl->sectors && disc_plan_in_gap(pl, i)) {
			uint32_t re = disc_plan_region_end(pl, i);
			if (k > re - i)
				k = re - i;
			memset(buf, 0, (size_t)k * SECTOR);
		} else {
			if (i < pl->sectors && disc_plan_region_end(pl, i) - i < k)
				k = disc_plan_region_end(pl, i) - i;
			rc = disc_read_all(&u.r, lba, k, buf, err);
			if (rc < 0) {
				if (err->reason == DB_R_READ_CANCELLED ||
				    drive_read_failure(rc, err) == READ_FAIL_DRIVE)
					goto done;
				uint32_t at = err->lba_valid ? err->lba : lba;
				struct db_error e;
				if (at >= planned_end && drive_read_failure(rc, err) == READ_FAIL_NOT_THERE)
					db_fail(&e, DB_R_CHECK_SHORT, .subject = u.r.name, .other = iname,
						.lba = at, .lba_valid = true, .n1 = sectors);
				else
					db_fail(&e, DB_R_CHECK_UNREADABLE, .subject = u.r.name,
						.lba = at, .lba_valid = true, .n1 = err->n1 ? err->n1 : 1);
				if (err->opcode_valid)
					db_set_command(&e, err->opcode);
				if (err->have_sense)
					db_set_sense(&e, err->key, err->asc, err->ascq);
				*err = e;
				rc = e.code;
				goto done;
			}
			res->read_bytes += (uint64_t)k * SECTOR;
		}
		uint64_t off = (uint64_t)i * SECTOR;
		size_t len = (size_t)k * SECTOR;
		if (off + len > bytes)
			len = (size_t)(bytes - off);    /* the image's last, partial sector */
		if (im) {
			for (size_t got = 0; got < len;) {
				ssize_t n = pread(im->fd, want + got, len - got, (off_t)(off + got));
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0) {
					rc = db_fail(err, DB_R_STREAM_READ, .subject = im->name,
						     .n1 = off + got, .os_errno = n < 0 ? errno : EIO);
					goto done;
				}
				got += (size_t)n;
			}
			if (memcmp(buf, want, len)) {
				size_t b = 0;
				while (buf[b] == want[b])
					b++;
				rc = db_fail(err, DB_R_CHECK_MISMATCH, .subject = u.r.name,
					     .other = im->name, .lba = lba + (uint32_t)(b / SECTOR),
					     .lba_valid = true, .n1 = off + b);
				goto done;
			}
		}
		sha256_update(&sha, buf, len);
		i += k;
		read_run_progress(&u, off + len, bytes, pl->first + i, 0, false);
	}
	read_run_progress(&u, bytes, bytes, pl->first + sectors, 0, true);
	uint8_t dg[SHA256_DIGEST_LEN];
	sha256_final(&sha, dg);
	sha256_to_hex(dg, res->sha256);
	res->sha256_while_reading = true;
	if (p->expect_sha256 && *p->expect_sha256) {
		char lower[65];
		snprintf(lower, sizeof(lower), "%s", p->expect_sha256);
		for (char *c = lower; *c; c++)
			if (*c >= 'A' && *c <= 'F')
				*c = (char)(*c - 'A' + 'a');
		if (strcmp(lower, res->sha256)) {
			rc = db_fail(err, DB_R_CHECK_CHECKSUM_MISMATCH, .subject = u.r.name,
				     .n1 = bytes, .other = res->sha256, .what = lower);
			goto done;
		}
	}
	rc = 0;
done:
	read_run_finish(&u);
	sha256_discard(&sha);
	free(buf);
	return rc;
}
