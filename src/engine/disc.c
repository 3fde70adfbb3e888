/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disc.c — what a disc holds, which sectors make its image, and reading them
 * with a bounded number of tries (disc.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/device.h"
#include "drive/drive.h"
#include "drive/drive_read.h"
#include "engine/disc.h"
#include "image/iso_session.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "mmc/sense.h"

enum {
	DEFAULT_BLOCKS = 32,            /* 64 KiB per READ */
	CACHE_BLOCKS = 16,
	CD_RUNOUT = 2,                  /* run-out blocks after a TAO data track */
};

const char *disc_length_from_name(enum disc_length_from f)
{
	switch (f) {
	case DLEN_TRACK: return "track size";
	case DLEN_ISO9660: return "ISO 9660 volume";
	case DLEN_UDF: return "UDF volume";
	case DLEN_PARTITIONS: return "partition table";
	case DLEN_NO_RUNOUT: return "track without run-out";
	case DLEN_RANGE: return "sectors=";
	case DLEN_LEADOUT: return "session's lead-out";
	}
	return "?";
}

static bool cancelled(const struct disc_reader *r)
{
	return r->cancel && atomic_load(r->cancel);
}

static int cancel_fail(const struct disc_reader *r, struct db_error *err)
{
	return db_fail(err, DB_R_READ_CANCELLED, .subject = r->name);
}

/* ---- reading ------------------------------------------------------------------ */

static size_t sector_bytes(const struct disc_reader *r)
{
	return r->sector_bytes ? r->sector_bytes : DISC_SECTOR;
}

int disc_read_once(struct disc_reader *r, uint32_t lba, uint32_t n, void *buf,
		   struct db_error *err)
{
	r->commands++;
	int rc = r->sector_bytes == 2352 ? drive_read_cd_raw(r->d, (int32_t)lba, n, buf, err)
					 : drive_read(r->d, lba, n, buf, DISC_SECTOR, err);
	if (rc < 0)
		r->failed_commands++;
	return rc;
}

int disc_read_sector(struct disc_reader *r, uint32_t lba, void *buf, unsigned tries,
		     unsigned *used, struct db_error *err)
{
	if (tries < 1)
		tries = 1;
	int rc = 0;
	unsigned i;
	for (i = 0; i < tries; i++) {
		if (cancelled(r)) {
			*used = i;
			return cancel_fail(r, err);
		}
		rc = disc_read_once(r, lba, 1, buf, err);
		if (rc == 0 || drive_read_failure(rc, err) != READ_FAIL_MEDIUM) {
			i++;
			break;
		}
	}
	*used = i;
	return rc;
}

/* One sector of a READ of several that failed: that READ was its first
 * try; `retries` more on its own (at least one, to know which sector it is). */
static int read_one_hard(struct disc_reader *r, uint32_t lba, void *buf, struct db_error *err)
{
	unsigned used;
	int rc = disc_read_sector(r, lba, buf, r->retries ? r->retries : 1, &used, err);
	used++;                 /* the READ of several */
	if (rc == 0) {
		if (used > 2 && r->note)
			r->note(r->ctx, lba, used, true, NULL);
		return 0;
	}
	if (err->reason == DB_R_READ_CANCELLED || drive_read_failure(rc, err) == READ_FAIL_DRIVE)
		return rc;
	err->lba = lba;
	err->lba_valid = 1;
	err->n1 = used;
	if (r->note)
		r->note(r->ctx, lba, used, false, err);
	return rc;
}

int disc_read_all(struct disc_reader *r, uint32_t lba, uint32_t n, void *buf,
		  struct db_error *err)
{
	uint32_t max = r->max_blocks ? r->max_blocks : DEFAULT_BLOCKS;
	uint8_t *p = buf;
	while (n) {
		if (cancelled(r))
			return cancel_fail(r, err);
		uint32_t k = n < max ? n : max;
		int rc = disc_read_once(r, lba, k, p, err);
		if (rc < 0) {
			if (drive_read_failure(rc, err) == READ_FAIL_DRIVE)
				return rc;
			/* sector by sector: which one is it, and does it read on
			 * another try? */
			for (uint32_t i = 0; i < k; i++)
				if ((rc = read_one_hard(r, lba + i, p + (size_t)i * sector_bytes(r),
							err)) < 0)
					return rc;
		}
		lba += k;
		n -= k;
		p += (size_t)k * sector_bytes(r);
	}
	return 0;
}

/* ---- an iso_source over the disc ------------------------------------------------ */

static int source_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct disc_source *s = ctx;
	uint8_t *out = buf;
	while (len) {
		uint32_t sec = (uint32_t)(off / DISC_SECTOR);
		size_t in = (size_t)(off % DISC_SECTOR);
		if (!(s->cache_n && sec >= s->cache_lba && sec < s->cache_lba + s->cache_n)) {
			uint32_t n = s->sectors - sec < CACHE_BLOCKS ? s->sectors - sec : CACHE_BLOCKS;
			s->cache_n = 0;
			int rc = disc_read_all(s->r, s->first + sec, n, s->cache, &s->err);
			if (rc < 0)
				return rc;
			s->cache_lba = sec;
			s->cache_n = n;
		}
		size_t at = (size_t)(sec - s->cache_lba) * DISC_SECTOR + in;
		size_t have = (size_t)s->cache_n * DISC_SECTOR - at;
		size_t k = len < have ? len : have;
		memcpy(out, s->cache + at, k);
		out += k;
		off += k;
		len -= k;
	}
	return 0;
}

int disc_source_init(struct disc_source *s, struct disc_reader *r, uint32_t first,
		     uint32_t sectors, struct db_error *err)
{
	memset(s, 0, sizeof(*s));
	s->cache = malloc(CACHE_BLOCKS * DISC_SECTOR);
	if (!s->cache)
		return db_fail(err, DB_R_NO_MEMORY);
	s->r = r;
	s->first = first;
	s->sectors = sectors;
	s->src = (struct iso_source){ source_read, s, (uint64_t)sectors * DISC_SECTOR };
	return 0;
}

void disc_source_free(struct disc_source *s)
{
	free(s->cache);
	s->cache = NULL;
}

static int inspect_range(struct disc_reader *r, uint32_t first, uint32_t sectors,
			 struct iso_report *out, struct db_error *err)
{
	struct disc_source s;
	int rc = disc_source_init(&s, r, first, sectors, err);
	if (rc < 0)
		return rc;
	rc = iso_inspect_source(&s.src, out, err);
	if (rc < 0 && s.err.code) {
		*err = s.err;   /* the disc's own account of the failed read */
		rc = err->code;
	}
	disc_source_free(&s);
	return rc;
}

/* ---- what the disc holds ---------------------------------------------------------- */

static int probe_toc(struct disc_reader *r, struct disc *out, struct db_error *err)
{
	struct mmc_toc toc;
	int rc = drive_read_toc(r->d, &toc, err);
	if (rc < 0)
		return rc;
	out->ntracks = 0;
	for (unsigned i = 0; i + 1 < toc.n && out->ntracks < DISC_MAX_TRACKS; i++) {
		struct disc_track *t = &out->track[out->ntracks++];
		memset(t, 0, sizeof(*t));
		t->number = toc.e[i].track;
		t->session = 1;
		t->data = toc.e[i].adr_ctl & 0x04;
		t->start = toc.e[i].lba;
		t->size = toc.e[i + 1].lba > t->start ? toc.e[i + 1].lba - t->start : 0;
	}
	out->nsessions = out->ntracks ? 1 : 0;
	return 0;
}

int disc_probe(struct disc_reader *r, struct disc *out, struct db_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = drive_ready_closing_tray(r->d, err);
	if (rc == DB_ECHECK && err->key == SK_NOT_READY && err->asc == 0x3A)
		return db_fail(err, DB_R_NO_DISC, .subject = r->name);
	if (rc < 0)
		return rc;
	struct mmc_config cfg;
	if ((rc = drive_get_configuration(r->d, &cfg, err)) < 0)
		return rc;
	out->profile = cfg.current_profile;
	if (out->profile == PROF_NONE)
		return db_fail(err, DB_R_NO_DISC, .subject = r->name);
	struct mmc_disc_info di;
	struct db_error e;
	if (drive_read_disc_info(r->d, &di, &e) < 0) {
		/* an old reader without disc information: its TOC says enough */
		if ((rc = probe_toc(r, out, err)) < 0)
			return rc;
		out->status = DISC_COMPLETE;
	} else {
		out->status = di.status;
		if (di.status == DISC_EMPTY)
			return db_fail(err, DB_R_READ_BLANK_DISC, .subject = r->name,
				       .profile = out->profile);
		unsigned last = di.last_track_last_session;
		for (unsigned n = di.first_track ? di.first_track : 1;
		     n <= last && out->ntracks < DISC_MAX_TRACKS; n++) {
			struct mmc_track_info ti;
			if (drive_read_track_info(r->d, 1, n, &ti, &e) < 0) {
				if (out->ntracks)
					break;
				if ((rc = probe_toc(r, out, err)) < 0)
					return rc;
				break;
			}
			if (ti.blank)
				continue;       /* the invisible track of an appendable disc */
			uint32_t size = ti.size;
			/* an incomplete track holds what was written up to its NWA */
			if (ti.nwa_valid && ti.nwa > ti.start_lba && ti.nwa - ti.start_lba < size)
				size = ti.nwa - ti.start_lba;
			if (!size)
				continue;
			struct disc_track *t = &out->track[out->ntracks++];
			memset(t, 0, sizeof(*t));
			t->number = ti.track ? ti.track : n;
			t->session = ti.session ? ti.session : 1;
			t->data = ti.track_mode & 0x04;
			t->start = ti.start_lba;
			t->size = size;
		}
	}
	for (unsigned i = 0; i < out->ntracks; i++) {
		const struct disc_track *t = &out->track[i];
		if (t->data)
			out->ndata++;
		else
			out->naudio++;
		if (t->session > out->nsessions)
			out->nsessions = t->session;
	}
	if (!out->ntracks)
		return db_fail(err, DB_R_READ_BLANK_DISC, .subject = r->name,
			       .profile = out->profile);
	return 0;
}

/* ---- the image's length ------------------------------------------------------------ */

/* Where a hybrid's partition table says the image ends (bytes), 0 if nowhere. */
static uint64_t partitions_end(const struct iso_report *rep)
{
	uint64_t end = 0;
	for (unsigned i = 0; i < rep->mbr_count; i++) {
		const struct iso_mbr_part *p = &rep->mbr_part[i];
		uint64_t e = ((uint64_t)p->start + p->sectors) * 512;
		if (p->sectors && e > end)
			end = e;
	}
	if (rep->gpt) {
		for (unsigned i = 0; i < rep->gpt_count; i++) {
			uint64_t e = (rep->gpt_part[i].last_lba + 1) * 512;
			if (e > end)
				end = e;
		}
		if (rep->gpt_alternate_lba) {
			uint64_t e = (rep->gpt_alternate_lba + 1) * 512;
			if (e > end)
				end = e;
		}
	}
	return end;
}

int disc_overwrite_next(struct device *d, uint32_t disc_blocks, uint32_t ecc,
			struct iso_pvd *pvd, uint32_t *next, struct db_error *err)
{
	uint8_t sector[DISC_SECTOR];
	*next = 0;
	memset(pvd, 0, sizeof(*pvd));
	int rc = drive_read(d, 16, 1, sector, DISC_SECTOR, err);
	if (rc < 0)
		return rc;
	iso_parse_pvd(sector, pvd);
	if (!pvd->valid)
		return 0;
	if (!ecc)
		ecc = 1;
	*next = iso_session_next(pvd, ecc);     /* after the ISO volume */
	uint64_t cap = (uint64_t)disc_blocks * DISC_SECTOR;
	uint64_t end = 0;                       /* bytes: what lies beyond it */
	struct iso_report *rep = calloc(1, sizeof(*rep));
	if (!rep)
		return db_fail(err, DB_R_NO_MEMORY);
	struct disc_reader r = { .d = d, .name = device_name(d) };
	/* a disc whose structures cannot be read may hold anything beyond its
	 * volume: no answer then, rather than one that writes over it */
	if (disc_blocks && (rc = inspect_range(&r, 0, disc_blocks, rep, err)) < 0 &&
	    !(err->have_sense && (err->key == 0x8 || (err->key == 0x5 && err->asc == 0x21)))) {
		free(rep);
		*next = 0;
		return rc;
	}
	/* (a read that found blank sectors, or none past the disc's end -- the
	 * parser's reads go a little past what they need -- is not a failure:
	 * nothing is written there, and what was read is in rep) */
	if (disc_blocks) {
		uint64_t ends[3 + ISO_BOOT_MAX];
		unsigned n = 0;
		if (rep->udf)
			ends[n++] = rep->udf_end;
		ends[n++] = partitions_end(rep);
		for (unsigned i = 0; i < rep->boot_count; i++)
			ends[n++] = (uint64_t)rep->boot[i].lba * DISC_SECTOR + rep->boot[i].image_bytes;
		for (unsigned i = 0; i < n; i++)
			if (ends[i] > end && ends[i] <= cap)
				end = ends[i];
	}
	free(rep);
	uint64_t blocks = (end + DISC_SECTOR - 1) / DISC_SECTOR;
	blocks = (blocks + ecc - 1) / ecc * ecc;
	if (blocks > *next)
		*next = blocks > UINT32_MAX ? UINT32_MAX : (uint32_t)blocks;
	return 0;
}

/* The sectors of track t that hold its image, from the volume in it. */
static int track_length(struct disc_reader *r, const struct disc *disc, struct disc_track *t,
			struct db_error *err)
{
	t->length = t->size;
	t->from = DLEN_TRACK;
	struct iso_report *rep = calloc(1, sizeof(*rep));
	if (!rep)
		return db_fail(err, DB_R_NO_MEMORY);
	struct db_error e;
	int rc = inspect_range(r, t->start, t->size, rep, &e);
	if (rc < 0 && (e.reason == DB_R_READ_CANCELLED || e.code == DB_ENOMEM ||
		       drive_read_failure(rc, &e) == READ_FAIL_DRIVE)) {
		free(rep);
		*err = e;
		return rc;
	}
	if (rc == 0)
		snprintf(t->volume_id, sizeof(t->volume_id), "%.32s",
			 rep->volume_id[0] ? rep->volume_id : rep->udf_logical_volume_id);
	uint64_t vol = 0;               /* sectors */
	enum disc_length_from from = DLEN_TRACK;
	if (rc == 0 && rep->iso9660 && !(rep->issues & ISO_ISSUE_PVD_ABSURD) &&
	    !(rep->issues & ISO_ISSUE_PVD_INCONSISTENT)) {
		uint64_t bs = rep->block_size == 512 || rep->block_size == 1024 ? rep->block_size
									       : DISC_SECTOR;
		uint64_t v = ((uint64_t)rep->volume_blocks * bs + DISC_SECTOR - 1) / DISC_SECTOR;
		/* a later session's volume counts either from LBA 0 (growisofs,
		 * xorriso) or its own blocks (some mkisofs -C): the reading that
		 * fits the track best */
		if (t->start && v > t->start && v - t->start <= t->size &&
		    (v > t->size || t->size - (v - t->start) < t->size - v))
			v -= t->start;
		vol = v;
		from = DLEN_ISO9660;
	}
	if (rc == 0 && rep->udf && rep->udf_end) {
		uint64_t u = (rep->udf_end + DISC_SECTOR - 1) / DISC_SECTOR;
		if (u > vol) {
			vol = u;
			from = DLEN_UDF;
		}
	}
	if (rc == 0 && vol) {
		uint64_t pe = (partitions_end(rep) + DISC_SECTOR - 1) / DISC_SECTOR;
		if (pe > vol && pe <= t->size) {
			vol = pe;
			from = DLEN_PARTITIONS;
		}
	}
	free(rep);
	if (vol) {
		if (vol > t->size) {
			t->volume_beyond = true;        /* the burn was cut short */
		} else {
			t->length = (uint32_t)vol;
			t->from = from;
		}
		return 0;
	}
	/* no volume: the whole track, less run-out blocks that do not read
	 * (a TAO data track on CD) */
	if (disc_type(disc->profile)->family == MMC_FAM_CD && t->size > CD_RUNOUT) {
		uint8_t sec[DISC_SECTOR];
		uint32_t keep = t->size;
		for (uint32_t i = 1; i <= CD_RUNOUT; i++) {
			unsigned used;
			struct db_error re;
			int x = disc_read_sector(r, t->start + t->size - i, sec, 1, &used, &re);
			if (x == 0)
				break;
			if (re.reason == DB_R_READ_CANCELLED) {
				*err = re;
				return x;
			}
			keep = t->size - i;
		}
		if (keep < t->size) {
			t->length = keep;
			t->from = DLEN_NO_RUNOUT;
		}
	}
	return 0;
}

int disc_plan(struct disc_reader *r, struct disc *disc, const struct disc_plan_params *p,
	      struct disc_plan *out, struct db_error *err)
{
	memset(out, 0, sizeof(*out));
	out->volume_track = -1;
	if (!disc->ndata)
		return db_fail(err, DB_R_READ_NO_DATA_TRACK, .subject = r->name, .n1 = disc->naudio);
	unsigned data_sessions = 0, last_session = 0;
	for (unsigned i = 0; i < disc->ntracks; i++)
		if (disc->track[i].data && disc->track[i].session != last_session) {
			last_session = disc->track[i].session;
			data_sessions++;
		}
	if (p->session && p->session > data_sessions)
		return db_fail(err, DB_R_READ_NO_SESSION, .subject = r->name, .n1 = p->session,
			       .n2 = data_sessions);
	/* the data tracks the image is made of */
	unsigned nth = 0;
	last_session = 0;
	for (unsigned i = 0; i < disc->ntracks; i++) {
		struct disc_track *t = &disc->track[i];
		if (!t->data)
			continue;
		if (t->session != last_session) {
			last_session = t->session;
			nth++;
		}
		if (p->session && nth != p->session)
			continue;
		if (!p->ranged) {
			int rc = track_length(r, disc, t, err);
			if (rc < 0)
				return rc;
		} else {
			t->length = t->size;
		}
		out->span[out->nspans].lba = t->start;
		out->span[out->nspans].count = t->length;
		out->nspans++;
		out->volume_track = (int)i;
		out->from = t->from;
		out->volume_beyond |= t->volume_beyond;
		out->end_lba = t->start + t->size;
	}
	out->sessions = p->session ? 1 : data_sessions;
	if (p->ranged) {
		/* exactly LBAs [a, b), which must lie on the disc's data */
		uint32_t end = 0;
		for (unsigned i = 0; i < out->nspans; i++)
			if (out->span[i].lba + out->span[i].count > end)
				end = out->span[i].lba + out->span[i].count;
		if (p->b <= p->a || p->b > end)
			return db_fail(err, DB_R_READ_RANGE_OUTSIDE, .subject = r->name, .n1 = p->a,
				       .n2 = p->b, .lba = end, .lba_valid = true);
		out->first = p->a;
		out->sectors = p->b - p->a;
		out->from = DLEN_RANGE;
		/* the spans, clipped to the range */
		unsigned n = 0;
		for (unsigned i = 0; i < out->nspans; i++) {
			uint32_t s = out->span[i].lba, e = s + out->span[i].count;
			if (s < p->a)
				s = p->a;
			if (e > p->b)
				e = p->b;
			if (e > s)
				out->span[n++] = (struct disc_span){ s, e - s };
		}
		out->nspans = n;
	} else if (out->nspans == 1) {
		out->first = out->span[0].lba;
		out->sectors = out->span[0].count;
	} else {
		/* several sessions: the disc as its last volume addresses it */
		out->first = 0;
		const struct disc_span *l = &out->span[out->nspans - 1];
		out->sectors = l->lba + l->count;
	}
	out->sector_bytes = DISC_SECTOR;
	out->bytes = (uint64_t)out->sectors * DISC_SECTOR;
	return 0;
}

void disc_plan_raw(int32_t first, int32_t leadout, unsigned session, struct disc_plan *out)
{
	(void)session;
	memset(out, 0, sizeof(*out));
	out->volume_track = -1;
	out->first = (uint32_t)first;
	out->sectors = leadout > first ? (uint32_t)(leadout - first) : 0;
	out->sector_bytes = 2352;
	out->bytes = (uint64_t)out->sectors * 2352;
	out->nspans = 1;
	out->span[0] = (struct disc_span){ out->first, out->sectors };
	out->sessions = 1;
	out->from = DLEN_LEADOUT;
	out->end_lba = (uint32_t)leadout;
}

/* Is image sector i between the spans (a gap between sessions: zeros)? */
bool disc_plan_in_gap(const struct disc_plan *pl, uint32_t i)
{
	uint32_t lba = pl->first + i;
	for (unsigned k = 0; k < pl->nspans; k++)
		if (lba >= pl->span[k].lba && lba < pl->span[k].lba + pl->span[k].count)
			return false;
	return true;
}

/* The end (image sector, exclusive) of the gap or span sector i lies in. */
uint32_t disc_plan_region_end(const struct disc_plan *pl, uint32_t i)
{
	uint32_t lba = pl->first + i, end = pl->first + pl->sectors;
	for (unsigned k = 0; k < pl->nspans; k++) {
		uint32_t s = pl->span[k].lba, e = s + pl->span[k].count;
		if (lba >= s && lba < e)
			return e - pl->first;
		if (s > lba && s < end)
			end = s;
	}
	return end - pl->first;
}

void disc_plan_ident(const struct disc *disc, const struct disc_plan *plan, char *out,
		     size_t size)
{
	char vol[40];
	size_t k = 0;
	const char *volume_id = plan->volume_track >= 0 ? disc->track[plan->volume_track].volume_id
							: "";
	for (const char *s = volume_id; *s && k < sizeof(vol) - 1; s++)
		vol[k++] = *s == '"' || *s < ' ' ? '_' : *s;
	vol[k] = '\0';
	snprintf(out, size, "first=%u sectors=%u disc=%s volume=\"%s\"%s", plan->first,
		 plan->sectors, disc_type(disc->profile)->name, vol,
		 plan->sector_bytes == 2352 ? " raw=2352" : "");
}

int disc_inspect(struct disc_reader *r, const struct disc *disc, const struct disc_plan *plan,
		 struct iso_report *out, struct db_error *err)
{
	uint32_t first = plan->first, n = plan->sectors;
	if (plan->nspans > 1 && plan->volume_track >= 0) {
		const struct disc_track *t = &disc->track[plan->volume_track];
		first = t->start;
		n = t->length;
	}
	return inspect_range(r, first, n, out, err);
}
