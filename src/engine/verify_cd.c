/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verify_cd.c — a CD burn read back sector by sector (cdverify.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "drive/drive_cd.h"
#include "engine/cdverify.h"
#include "engine/strategy.h"
#include "pipeline/verify.h"

enum { CHUNK = BURN_CHUNK };

struct extent {
	int32_t lba;
	uint32_t n;
	unsigned track;                 /* index into b->trk */
	size_t first;                   /* its first hash */
};

struct cd_vmap {
	bool failed;
	size_t nhash, hash_cap;
	uint64_t *hash;
	unsigned next, cap;
	struct extent *x;
};

struct cd_vmap *cd_vmap_new(void)
{
	return calloc(1, sizeof(struct cd_vmap));
}

void cd_vmap_free(struct cd_vmap *m)
{
	if (!m)
		return;
	free(m->hash);
	free(m->x);
	free(m);
}

bool cd_vmap_ok(const struct cd_vmap *m)
{
	return m && !m->failed;
}

/* The bytes a sector reads back as, and how many (see cdverify.h). */
static const uint8_t *expected(enum track_mode m, const uint8_t *in, unsigned *len)
{
	switch (m) {
	case TRACK_MODE1_RAW: *len = 2048; return in + 16;
	case TRACK_MODE2_RAW: *len = 2336; return in + 16;
	default:              *len = track_mode_sector_bytes(m); return in;
	}
}

void cd_vmap_add(struct cd_vmap *m, const struct burn_track *t, int32_t lba, const uint8_t *in,
		 uint32_t n)
{
	if (m->failed)
		return;
	unsigned track = (unsigned)t->number;   /* told apart by disc number */
	struct extent *last = m->next ? &m->x[m->next - 1] : NULL;
	if (!last || last->track != track || last->lba + (int32_t)last->n != lba) {
		if (m->next == m->cap) {
			unsigned cap = m->cap ? m->cap * 2 : 64;
			struct extent *x = realloc(m->x, cap * sizeof(*x));
			if (!x) {
				m->failed = true;
				return;
			}
			m->x = x;
			m->cap = cap;
		}
		last = &m->x[m->next++];
		*last = (struct extent){ .lba = lba, .track = track, .first = m->nhash };
	}
	if (m->nhash + n > m->hash_cap) {
		size_t cap = m->hash_cap ? m->hash_cap * 2 : 4096;
		while (cap < m->nhash + n)
			cap *= 2;
		uint64_t *h = realloc(m->hash, cap * sizeof(*h));
		if (!h) {
			m->failed = true;
			return;
		}
		m->hash = h;
		m->hash_cap = cap;
	}
	for (uint32_t i = 0; i < n; i++) {
		unsigned len;
		const uint8_t *e = expected(t->mode, in + (size_t)i * t->in_bytes, &len);
		m->hash[m->nhash++] = verify_hash(e, len);
	}
	last->n += n;
}

/* Read n sectors of a track of mode m back in the form they are compared in.
 * A data track's pregap is not in the track as READ sees it (drives answer
 * 5/21/00 there): READ CD reads it. */
static int read_back(struct burn *b, enum track_mode m, int32_t lba, uint32_t n, bool pregap,
		     uint8_t *buf, unsigned *bytes)
{
	uint8_t type, fields = READ_CD_USER;
	switch (m) {
	case TRACK_MODE1: case TRACK_MODE1_RAW:
		*bytes = 2048;
		if (pregap)
			return drive_read_cd(b->d, lba, n, READ_CD_TYPE_MODE1, READ_CD_USER, 0, buf,
					     2048, b->err);
		return drive_read(b->d, (uint32_t)lba, n, buf, 2048, b->err);
	case TRACK_AUDIO:     type = READ_CD_TYPE_CDDA; *bytes = 2352; break;
	case TRACK_MODE2:     type = READ_CD_TYPE_MODE2; *bytes = 2336; break;
	case TRACK_MODE2_RAW: type = READ_CD_TYPE_ANY; fields = READ_CD_AFTER_HEADER;
			      *bytes = 2336; break;
	case TRACK_XA_FORM1:  type = READ_CD_TYPE_FORM1; *bytes = 2048; break;
	default:              type = READ_CD_TYPE_FORM2; *bytes = 2324; break;
	}
	return drive_read_cd(b->d, lba, n, type, fields, 0, buf, *bytes, b->err);
}

static const struct burn_track *track_numbered(const struct burn *b, unsigned number)
{
	for (unsigned i = 0; i < b->ntrk; i++)
		if (b->trk[i].number == number)
			return &b->trk[i];
	return NULL;
}

static int unreadable(struct burn *b, int32_t lba)
{
	/* keep the read's command and sense; name the sector the drive named */
	b->err->code = DB_EVERIFY;
	b->err->reason = DB_R_VERIFY_UNREADABLE;
	if (!b->err->lba_valid) {
		b->err->lba = (uint32_t)lba;
		b->err->lba_valid = 1;
	}
	return DB_EVERIFY;
}

static int mismatch(struct burn *b, const struct burn_track *t, int32_t lba)
{
	if (!b->image->sheet)   /* a data image: as on every medium */
		return db_fail(b->err, DB_R_VERIFY_MISMATCH, .lba = (uint32_t)lba,
			       .lba_valid = true);
	return db_fail(b->err, DB_R_VERIFY_TRACK_MISMATCH, .n1 = t->number,
		       .n2 = (uint64_t)(lba - (t->index1 - (int32_t)t->pregap)),
		       .lba = (uint32_t)lba, .lba_valid = true);
}

static void progress(struct burn *b, struct burn_sampler *smp, uint64_t done, uint64_t total,
		     int32_t lba, unsigned track)
{
	struct burn_progress pr = { .done = done, .total = total, .lba = (uint32_t)lba,
				    .verify = true, .track = track };
	burn_sample(b, smp, &pr, done / 2352);
}

int cd_verify(struct burn *b)
{
	struct cd_vmap *m = b->cvmap;
	if (b->p->dummy) {
		burn_warn(b, WARN_DUMMY_NOT_VERIFIED, 0);
		return 0;
	}
	burn_phase(b, PHASE_VERIFY);
	if (!cd_vmap_ok(m))
		return db_fail(b->err, DB_R_NO_MEMORY);
	uint8_t *buf = malloc(CHUNK);
	if (!buf)
		return db_fail(b->err, DB_R_NO_MEMORY);
	uint64_t total = (uint64_t)m->nhash * 2352, done = 0;
	struct burn_sampler smp;
	burn_sampler_begin(b, &smp, false);
	int rc = 0;
	for (unsigned k = 0; k < m->next && rc == 0; k++) {
		const struct extent *x = &m->x[k];
		const struct burn_track *t = track_numbered(b, x->track);
		unsigned bytes = track_mode_sector_bytes(t->mode);
		uint32_t per = CHUNK / 2352;
		for (uint32_t off = 0; off < x->n && rc == 0;) {
			if (burn_cancelled(b)) {
				rc = db_fail(b->err, DB_R_CANCELLED);
				break;
			}
			uint32_t n = x->n - off < per ? x->n - off : per;
			int32_t lba = x->lba + (int32_t)off;
			bool pregap = lba < t->index1;
			if (pregap && n > (uint32_t)(t->index1 - lba))
				n = (uint32_t)(t->index1 - lba);
			if (read_back(b, t->mode, lba, n, pregap, buf, &bytes) < 0) {
				rc = unreadable(b, lba);
				break;
			}
			for (uint32_t i = 0; i < n; i++)
				if (verify_hash(buf + (size_t)i * bytes, bytes) !=
				    m->hash[x->first + off + i]) {
					rc = mismatch(b, t, lba + (int32_t)i);
					break;
				}
			off += n;
			done += (uint64_t)n * 2352;
			if (burn_sample_due(b, &smp))
				progress(b, &smp, done, total, lba + (int32_t)n, t->number);
		}
	}
	free(buf);
	if (rc == 0)
		rc = cd_verify_disc(b);
	if (rc < 0)
		return rc;
	progress(b, &smp, total, total, 0, 0);
	b->st->verified = true;
	return 0;
}
