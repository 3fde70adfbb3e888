/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.c — a master disc as the image of a job (master.h). */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/device.h"
#include "drive/drive_read.h"
#include "engine/master.h"
#include "engine/read.h"
#include "image/image.h"

enum { SECTOR = DISC_SECTOR, START_SECTORS = 32 };

struct master {
	pthread_mutex_t lock;           /* the producer and a verifying writer */
	struct disc_reader r;
	uint32_t first, sectors;
	uint8_t bounce[SECTOR];
};

/* A failed read of the master, as the stream's failure. */
static int unreadable(const struct master *m, int rc, const struct db_error *why,
		      struct db_error *err)
{
	if (why->reason == DB_R_READ_CANCELLED || drive_read_failure(rc, why) == READ_FAIL_DRIVE) {
		if (err)
			*err = *why;
		return rc;
	}
	struct db_error e;
	db_fail(&e, DB_R_MASTER_UNREADABLE, .subject = m->r.name, .lba = why->lba,
		.lba_valid = true, .n1 = why->n1 ? why->n1 : 1);
	if (why->opcode_valid)
		db_set_command(&e, why->opcode);
	if (why->have_sense)
		db_set_sense(&e, why->key, why->asc, why->ascq);
	if (err)
		*err = e;
	return e.code;
}

static int master_read_at(void *ctx, uint64_t off, void *buf, size_t len, struct db_error *err)
{
	struct master *m = ctx;
	uint8_t *out = buf;
	int rc = 0;
	struct db_error why;
	pthread_mutex_lock(&m->lock);
	while (len && rc == 0) {
		uint32_t sec = (uint32_t)(off / SECTOR);
		size_t in = (size_t)(off % SECTOR);
		if (sec >= m->sectors) {
			rc = db_fail(err, DB_R_INTERNAL, .what = "read beyond the master");
			break;
		}
		if (!in && len >= SECTOR) {
			uint32_t n = (uint32_t)(len / SECTOR);
			if (n > m->sectors - sec)
				n = m->sectors - sec;
			if ((rc = disc_read_all(&m->r, m->first + sec, n, out, &why)) < 0) {
				rc = unreadable(m, rc, &why, err);
				break;
			}
			size_t k = (size_t)n * SECTOR;
			out += k;
			off += k;
			len -= k;
			continue;
		}
		if ((rc = disc_read_all(&m->r, m->first + sec, 1, m->bounce, &why)) < 0) {
			rc = unreadable(m, rc, &why, err);
			break;
		}
		size_t k = SECTOR - in < len ? SECTOR - in : len;
		memcpy(out, m->bounce + in, k);
		out += k;
		off += k;
		len -= k;
	}
	pthread_mutex_unlock(&m->lock);
	return rc;
}

static void master_close(void *ctx)
{
	struct master *m = ctx;
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	free((char *)m->r.name);
	free(m);
}

/* The master's name in the journal: its volume id, without slashes. */
static char *journal_name(const struct iso_report *rep)
{
	const char *v = rep->volume_id[0] ? rep->volume_id : rep->udf_logical_volume_id;
	char *s = strdup(v[0] ? v : "disc");
	for (char *c = s; c && *c; c++)
		if (*c == '/' || *c == ' ')
			*c = '_';
	return s;
}

int master_open(struct device *d, const struct master_params *p, struct image **out,
		struct master_info *info, struct db_error *err)
{
	*out = NULL;
	struct master *m = calloc(1, sizeof(*m));
	struct image *im = calloc(1, sizeof(*im));
	struct iso_report *rep = calloc(1, sizeof(*rep));
	int rc;
	if (!m || !im || !rep) {
		free(m);
		free(im);
		free(rep);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	pthread_mutex_init(&m->lock, NULL);
	m->r = (struct disc_reader){
		.d = d, .name = strdup(p->dev ? p->dev : device_name(d)), .retries = p->retries,
		.max_blocks = p->max_blocks, .cancel = p->cancel,
	};
	im->fd = -1;
	layout_init(&im->layout);
	struct disc_plan_params pp = { 0 };
	if (!m->r.name) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto fail;
	}
	if ((rc = disc_probe(&m->r, &info->disc, err)) < 0)
		goto fail;
	if (info->disc.naudio) {
		/* its data track alone would be a copy without its music */
		rc = db_fail(err, DB_R_MASTER_AUDIO, .subject = m->r.name, .n1 = info->disc.naudio);
		goto fail;
	}
	if ((rc = disc_plan(&m->r, &info->disc, &pp, &info->plan, err)) < 0)
		goto fail;
	const struct disc_plan *pl = &info->plan;
	if (pl->sessions > 1) {
		rc = db_fail(err, DB_R_MASTER_MULTISESSION, .subject = m->r.name, .n1 = pl->sessions);
		goto fail;
	}
	m->first = pl->first;
	m->sectors = pl->sectors;
	/* readable where it starts and where it ends, before any writer is
	 * involved; the fastest speed (a drive slowed by an earlier reader
	 * keeps that speed otherwise) */
	uint32_t kbps;
	struct db_error ignored;
	read_set_speed(&m->r, &info->disc, pl, 0, &kbps, &ignored);
	uint8_t *probe = malloc((size_t)START_SECTORS * SECTOR);
	if (!probe) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto fail;
	}
	uint32_t n = pl->sectors < START_SECTORS ? pl->sectors : START_SECTORS;
	rc = master_read_at(m, 0, probe, (size_t)n * SECTOR, err);
	if (rc == 0 && pl->sectors > n)
		rc = master_read_at(m, (uint64_t)(pl->sectors - 1) * SECTOR, probe, SECTOR, err);
	free(probe);
	if (rc < 0)
		goto fail;
	if ((rc = disc_inspect(&m->r, &info->disc, pl, rep, err)) < 0)
		goto fail;
	im->path = journal_name(rep);
	char name[300];
	snprintf(name, sizeof(name), "the master in %s", m->r.name);
	im->name = strdup(name);
	if (!im->path || !im->name) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto fail;
	}
	im->size = im->file_size = pl->bytes;
	im->report = rep;
	rep = NULL;
	struct layout_track t = { .mode = TRACK_MODE1, .length = pl->sectors };
	if ((rc = layout_add_track(&im->layout, &t, err)) < 0)
		goto fail;
	struct layout_piece pc = {
		.kind = PIECE_READER, .length = pl->bytes, .name = im->name,
		.rd = { master_read_at, master_close, m },
	};
	if ((rc = layout_add_piece(&im->layout, &pc, err)) < 0)
		goto fail;
	*out = im;
	return 0;
fail:
	free(rep);
	if (im->layout.npieces == 0)
		master_close(m);        /* else the layout owns it */
	image_close(im);
	return rc;
}
