/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.c — a master disc as the image of a job (master.h). */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/device.h"
#include "drive/drive_read.h"
#include "engine/cdcue.h"
#include "engine/master.h"
#include "engine/read.h"
#include "image/cdtext.h"
#include "image/image.h"
#include "mmc/disctype.h"

enum { RAW = 2352, START_SECTORS = 32 };

struct master {
	pthread_mutex_t lock;           /* the producer and a verifying writer */
	struct disc_reader r;
	uint32_t first, sectors;
	size_t sb;                      /* bytes a sector: 2048, or 2352 (READ CD) */
	/* the last sector read alone: a 2352-byte sector that a chunk of the
	 * stream cuts in two is read once for both halves */
	uint32_t bounce_sec;
	bool bounce_valid;
	uint8_t bounce[RAW];
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
	const size_t sb = m->sb;
	uint8_t *out = buf;
	int rc = 0;
	struct db_error why;
	pthread_mutex_lock(&m->lock);
	while (len && rc == 0) {
		uint32_t sec = (uint32_t)(off / sb);
		size_t in = (size_t)(off % sb);
		if (sec >= m->sectors) {
			rc = db_fail(err, DB_R_INTERNAL, .what = "read beyond the master");
			break;
		}
		if (!in && len >= sb) {
			uint32_t n = (uint32_t)(len / sb);
			if (n > m->sectors - sec)
				n = m->sectors - sec;
			if ((rc = disc_read_all(&m->r, m->first + sec, n, out, &why)) < 0) {
				rc = unreadable(m, rc, &why, err);
				break;
			}
			size_t k = (size_t)n * sb;
			out += k;
			off += k;
			len -= k;
			continue;
		}
		if (!m->bounce_valid || m->bounce_sec != sec) {
			m->bounce_valid = false;
			if ((rc = disc_read_all(&m->r, m->first + sec, 1, m->bounce, &why)) < 0) {
				rc = unreadable(m, rc, &why, err);
				break;
			}
			m->bounce_sec = sec;
			m->bounce_valid = true;
		}
		size_t k = sb - in < len ? sb - in : len;
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

/* The master's name in the journal: its volume id (a CD's title), without
 * slashes. */
static char *journal_name(const char *v)
{
	char *s = strdup(v[0] ? v : "disc");
	for (char *c = s; c && *c; c++)
		if (*c == '/' || *c == ' ')
			*c = '_';
	return s;
}

/* Readable where it starts and where it ends, before any writer is
 * involved; at the fastest speed (a drive slowed by an earlier reader keeps
 * that speed otherwise). */
static int readable(struct master *m, const struct master_info *info, struct db_error *err)
{
	uint32_t kbps;
	struct db_error ignored;
	read_set_speed(&m->r, &info->disc, &info->plan, 0, &kbps, &ignored);
	uint8_t *probe = malloc((size_t)START_SECTORS * m->sb);
	if (!probe)
		return db_fail(err, DB_R_NO_MEMORY);
	uint32_t n = m->sectors < START_SECTORS ? m->sectors : START_SECTORS;
	int rc = master_read_at(m, 0, probe, (size_t)n * m->sb, err);
	if (rc == 0 && m->sectors > n)
		rc = master_read_at(m, (uint64_t)(m->sectors - 1) * m->sb, probe, m->sb, err);
	free(probe);
	return rc;
}

/* A data master: one mode 1 track of exactly its image. */
static int data_master(struct master *m, struct image *im, struct master_info *info,
		       struct db_error *err)
{
	struct disc_plan_params pp = { 0 };
	int rc;
	if ((rc = disc_plan(&m->r, &info->disc, &pp, &info->plan, err)) < 0)
		return rc;
	const struct disc_plan *pl = &info->plan;
	if (pl->sessions > 1)
		return db_fail(err, DB_R_MASTER_MULTISESSION, .subject = m->r.name,
			       .n1 = pl->sessions);
	m->first = pl->first;
	m->sectors = pl->sectors;
	m->sb = DISC_SECTOR;
	if ((rc = readable(m, info, err)) < 0)
		return rc;
	struct iso_report *rep = calloc(1, sizeof(*rep));
	if (!rep)
		return db_fail(err, DB_R_NO_MEMORY);
	if ((rc = disc_inspect(&m->r, &info->disc, pl, rep, err)) < 0) {
		free(rep);
		return rc;
	}
	im->report = rep;
	im->path = journal_name(rep->volume_id[0] ? rep->volume_id : rep->udf_logical_volume_id);
	im->size = im->file_size = pl->bytes;
	struct layout_track t = { .mode = TRACK_MODE1, .length = pl->sectors };
	if ((rc = layout_add_track(&im->layout, &t, err)) < 0)
		return rc;
	struct layout_piece pc = {
		.kind = PIECE_READER, .length = pl->bytes,
		.rd = { master_read_at, master_close, m },
	};
	return layout_add_piece(&im->layout, &pc, err);
}

/* An audio or mixed CD: its session as cdcue.c describes it (tracks, their
 * modes, pregaps and indices, ISRC, MCN, CD-TEXT) over its 2352-byte
 * sectors, one reader piece a track, read once in disc order, data tracks
 * as raw sectors among the others. */
static int cd_master(struct master *m, struct image *im, struct master_info *info,
		     struct db_error *err)
{
	const struct disc *disc = &info->disc;
	if (disc_type(disc->profile)->family != MMC_FAM_CD)
		return db_fail(err, DB_R_INTERNAL, .what = "audio tracks on a disc that is not a CD");
	if (disc->nsessions > 1)
		return db_fail(err, DB_R_MASTER_MULTISESSION, .subject = m->r.name,
			       .n1 = disc->nsessions);
	struct cd_session *cd = calloc(1, sizeof(*cd));
	if (!cd)
		return db_fail(err, DB_R_NO_MEMORY);
	int rc = cd_describe(&m->r, disc, 1, cd, err);
	if (rc < 0)
		goto out;
	disc_plan_raw(cd->first, cd->leadout, cd->session, &info->plan);
	m->r.sector_bytes = RAW;
	m->first = (uint32_t)cd->first;
	m->sectors = info->plan.sectors;
	m->sb = RAW;
	if ((rc = readable(m, info, err)) < 0)
		goto out;
	struct layout *l = &im->layout;
	memcpy(l->mcn, cd->mcn, sizeof(l->mcn));
	for (unsigned i = 0; i < cd->ntracks; i++) {
		const struct cd_track *ct = &cd->track[i];
		int32_t end = i + 1 < cd->ntracks ? cd->track[i + 1].index0 : cd->leadout;
		struct layout_track t = {
			.number = ct->number,
			.mode = ct->audio ? TRACK_AUDIO : ct->data_mode == 2 ? TRACK_MODE2_RAW
									  : TRACK_MODE1_RAW,
			/* track 1's pregap beyond the writer's 2 s: a hidden track */
			.pregap = (uint32_t)(ct->start - ct->index0),
			.length = (uint32_t)(end - ct->start),
			.nindex = ct->nindex,
			.copy = ct->control & 2, .preemphasis = ct->audio && (ct->control & 1),
			.four_channel = ct->audio && (ct->control & 8),
		};
		for (unsigned k = 0; k < ct->nindex; k++)
			t.index[k] = (uint32_t)(ct->index[k] - ct->start);
		memcpy(t.isrc, ct->isrc, sizeof(t.isrc));
		if ((rc = layout_add_track(l, &t, err)) < 0)
			goto out;
		struct layout_piece pc = {
			.kind = PIECE_READER, .offset = (uint64_t)(ct->index0 - cd->first) * RAW,
			.length = (uint64_t)(end - ct->index0) * RAW,
			/* the first piece owns the reader */
			.rd = { master_read_at, i ? NULL : master_close, m },
		};
		if ((rc = layout_add_piece(l, &pc, err)) < 0)
			goto out;
	}
	if (cd->packs) {
		/* the CD-TEXT as the master has it, pack for pack */
		rc = cdtext_load_packs(l, cd->packs, cd->packs_len, m->r.name, true, err);
		cd->packs = NULL;
		if (rc < 0)
			goto out;
	}
	const char *title = l->text.field[CDTEXT_TITLE];
	im->path = journal_name(title && *title ? title : cd->mcn[0] ? cd->mcn : "cd");
	im->size = im->file_size = l->stream_bytes;
	im->sheet = true;       /* a CD layout, burnt as a cue sheet's */
out:
	cd_session_free(cd);
	free(cd);
	return rc;
}

int master_open(struct device *d, const struct master_params *p, struct image **out,
		struct master_info *info, struct db_error *err)
{
	*out = NULL;
	struct master *m = calloc(1, sizeof(*m));
	struct image *im = calloc(1, sizeof(*im));
	int rc;
	if (!m || !im) {
		free(m);
		free(im);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	pthread_mutex_init(&m->lock, NULL);
	m->r = (struct disc_reader){
		.d = d, .name = strdup(p->dev ? p->dev : device_name(d)), .retries = p->retries,
		.max_blocks = p->max_blocks, .cancel = p->cancel,
	};
	im->fd = -1;
	layout_init(&im->layout);
	memset(info, 0, sizeof(*info));
	if (!m->r.name) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto fail;
	}
	if ((rc = disc_probe(&m->r, &info->disc, err)) < 0)
		goto fail;
	rc = info->disc.naudio ? cd_master(m, im, info, err) : data_master(m, im, info, err);
	if (rc < 0)
		goto fail;
	char name[300];
	snprintf(name, sizeof(name), "the master in %s", m->r.name);
	im->name = strdup(name);
	if (!im->path || !im->name) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto fail;
	}
	for (unsigned i = 0; i < im->layout.npieces; i++)
		im->layout.piece[i].name = im->name;
	info->ntracks = im->layout.ntracks;
	*out = im;
	return 0;
fail:
	if (im->layout.npieces == 0)
		master_close(m);        /* else the layout owns it */
	image_close(im);
	return rc;
}
