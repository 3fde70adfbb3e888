/* SPDX-License-Identifier: GPL-3.0-or-later */
/* read.c — a disc into an image file with a map of what was read (read.h),
 * and the start and statistics of every run of a read or a check. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/sha256.h"
#include "drive/device.h"
#include "drive/drive_read.h"
#include "engine/cdcue.h"
#include "engine/read.h"
#include "engine/read_int.h"
#include "engine/readmap.h"
#include "image/image.h"
#include "mmc/disctype.h"

enum {
	SECTOR = DISC_SECTOR,
	DEFAULT_BLOCKS = 32,
	PROGRESS_MS = 250,
	MAP_SAVE_MS = 1000,
};

static void emit(const struct read_events *ev, struct read_event *e)
{
	if (ev && ev->fn)
		ev->fn(ev->ctx, e);
}


/* ---- shared: probe, plan, speed ------------------------------------------------- */

int read_plan(struct disc_reader *r, const struct disc_plan_params *pp, struct disc *disc,
	      struct disc_plan *plan, struct db_error *err)
{
	int rc = disc_probe(r, disc, err);
	if (rc == 0)
		rc = disc_plan(r, disc, pp, plan, err);
	return rc;
}

int read_set_speed(struct disc_reader *r, const struct disc *disc, const struct disc_plan *plan,
		   unsigned speed_x10, uint32_t *kbps, struct db_error *err)
{
	enum mmc_family fam = disc_type(disc->profile)->family;
	*kbps = (uint32_t)((uint64_t)speed_x10 * mmc_family_kbps_1x(fam) / 10);
	if (fam == MMC_FAM_NONE)
		return 0;
	/* on CD "the fastest" is said too: a drive slowed down by an earlier
	 * reader keeps that speed otherwise */
	if (!speed_x10 && fam != MMC_FAM_CD)
		return 0;
	uint32_t end = plan->first + (plan->sectors ? plan->sectors - 1 : 0);
	return drive_set_read_speed(r->d, disc->profile, *kbps, end, err);
}

static void note_sector(void *ctx, uint32_t lba, unsigned tries, bool ok,
			const struct db_error *why)
{
	struct read_run *u = ctx;
	if (ok)
		u->res->recovered++;
	struct read_event e = { .type = REV_SECTOR, .lba = lba, .tries = tries, .ok = ok,
				.why = why };
	emit(u->ev, &e);
}

int read_run_start(struct read_run *u, struct device *d, const struct read_params *p,
		 const struct read_events *ev, struct read_result *res, struct db_error *err)
{
	memset(res, 0, sizeof(*res));
	memset(u, 0, sizeof(*u));
	u->p = p;
	u->ev = ev;
	u->res = res;
	u->r = (struct disc_reader){
		.d = d, .name = p->dev ? p->dev : device_name(d), .retries = p->retries,
		.max_blocks = p->max_blocks ? p->max_blocks : DEFAULT_BLOCKS,
		.cancel = p->cancel, .note = note_sector, .ctx = u,
	};
	int rc;
	if (p->cue) {
		/* a CD session whole: its tracks from the TOC and sub-channel */
		if ((rc = disc_probe(&u->r, &res->disc, err)) < 0)
			return rc;
		if (disc_type(res->disc.profile)->family != MMC_FAM_CD)
			return db_fail(err, DB_R_READ_NOT_CD, .subject = u->r.name,
				       .profile = res->disc.profile);
		u->cd = calloc(1, sizeof(*u->cd));
		if (!u->cd)
			return db_fail(err, DB_R_NO_MEMORY);
		if ((rc = cd_describe(&u->r, &res->disc, p->plan.session, u->cd, err)) < 0)
			return rc;
		disc_plan_raw(u->cd->first, u->cd->leadout, u->cd->session, &res->plan);
		u->r.sector_bytes = 2352;
	} else if ((rc = read_plan(&u->r, &p->plan, &res->disc, &res->plan, err)) < 0) {
		return rc;
	}
	u->sb = res->plan.sector_bytes ? res->plan.sector_bytes : SECTOR;
	struct read_event e = { .type = REV_PLAN, .disc = &res->disc, .plan = &res->plan,
				.total = res->plan.bytes };
	emit(ev, &e);
	uint32_t kbps;
	struct db_error se;
	int s = read_set_speed(&u->r, &res->disc, &res->plan, p->speed_x10, &kbps, &se);
	if (p->speed_x10 || s < 0) {
		struct read_event sp = { .type = REV_SPEED, .n = kbps, .ok = s == 0, .why = &se };
		emit(ev, &sp);
	}
	u->t0 = clock_now_s();
	return 0;
}

void read_run_progress(struct read_run *u, uint64_t done, uint64_t total, uint32_t lba, uint64_t bad,
		     bool force)
{
	uint64_t now = clock_now_ms();
	if (!force && now - u->last_progress_ms < PROGRESS_MS)
		return;
	u->last_progress_ms = now;
	double dt = clock_now_s() - u->t0;
	unsigned x1 = mmc_family_kbps_1x(disc_type(u->res->disc.profile)->family);
	double read = (double)(done - (done >= u->base_done ? u->base_done : 0));
	struct read_event e = { .type = REV_PROGRESS, .done = done, .total = total, .lba = lba,
				.bad = bad,
				.speed_x = dt > 0 && x1 ? read / dt / (x1 * 1000.0) : 0 };
	emit(u->ev, &e);
}

void read_run_finish(struct read_run *u)
{
	struct read_result *res = u->res;
	res->seconds = clock_now_s() - u->t0;
	unsigned x1 = mmc_family_kbps_1x(disc_type(res->disc.profile)->family);
	res->avg_x = res->seconds > 0 && x1 ? res->read_bytes / res->seconds / (x1 * 1000.0) : 0;
}

/* ---- the image in order, for hashing while reading ----------------------------- */

struct hasher {
	size_t sb;              /* bytes of a sector */
	bool ok;                /* every byte so far came in order */
	uint32_t next;          /* the next image sector to hash */
	struct sha256 sha;
};

static void hash_zeros(struct hasher *h, uint64_t bytes)
{
	static const uint8_t zero[SECTOR * 16];
	while (bytes) {
		size_t k = bytes < sizeof(zero) ? (size_t)bytes : sizeof(zero);
		sha256_update(&h->sha, zero, k);
		bytes -= k;
	}
}

/* Sectors [i, i+n) of the image, with their bytes (NULL: zeros). Gaps
 * before them are hashed as the zeros they are; anything else out of order
 * ends hashing while reading. */
static void hash_at(struct hasher *h, const struct disc_plan *pl, uint32_t i, uint32_t n,
		    const void *data)
{
	if (!h->ok)
		return;
	while (h->next < i && disc_plan_in_gap(pl, h->next)) {
		uint32_t e = disc_plan_region_end(pl, h->next);
		if (e > i)
			e = i;
		hash_zeros(h, (uint64_t)(e - h->next) * h->sb);
		h->next = e;
	}
	if (h->next != i) {
		h->ok = false;
		return;
	}
	if (data)
		sha256_update(&h->sha, data, (size_t)n * h->sb);
	else
		hash_zeros(h, (uint64_t)n * h->sb);
	h->next = i + n;
}

/* ---- read_disc ---------------------------------------------------------------------- */

struct out {
	const char *name;
	int fd;
	bool seq;               /* standard output or another stream: in order only */
	uint64_t seq_pos;       /* bytes written in order */
};

static int out_write(struct out *o, uint64_t off, const void *buf, size_t len,
		     struct db_error *err)
{
	const uint8_t *p = buf;
	for (size_t done = 0; done < len;) {
		ssize_t n = o->seq ? write(o->fd, p + done, len - done)
				   : pwrite(o->fd, p + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return db_fail(err, DB_R_READ_OUTPUT_WRITE, .subject = o->name,
				       .n1 = off + done, .os_errno = n < 0 ? errno : ENOSPC);
		done += (size_t)n;
	}
	if (o->seq)
		o->seq_pos = off + len;
	return 0;
}

static int out_zeros(struct out *o, uint64_t off, uint64_t len, struct db_error *err)
{
	static const uint8_t zero[SECTOR * 16];
	while (len) {
		size_t k = len < sizeof(zero) ? (size_t)len : sizeof(zero);
		int rc = out_write(o, off, zero, k, err);
		if (rc < 0)
			return rc;
		off += k;
		len -= k;
	}
	return 0;
}

/* The SHA-256 of the finished image file, read back. */
static int hash_file(int fd, uint64_t size, char hex[65], struct db_error *err,
		     const char *name)
{
	struct sha256 sha;
	sha256_init(&sha);
	uint8_t *buf = malloc(1 << 20);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	for (uint64_t off = 0; off < size;) {
		size_t want = size - off < (1 << 20) ? (size_t)(size - off) : (1 << 20);
		ssize_t n = pread(fd, buf, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			sha256_discard(&sha);
			return db_fail(err, DB_R_STREAM_READ, .subject = name, .n1 = off,
				       .os_errno = n < 0 ? errno : EIO);
		}
		sha256_update(&sha, buf, (size_t)n);
		off += (uint64_t)n;
	}
	free(buf);
	uint8_t d[SHA256_DIGEST_LEN];
	sha256_final(&sha, d);
	sha256_to_hex(d, hex);
	return 0;
}

struct reading {
	struct read_run *u;
	struct out *o;
	struct readmap *m;      /* NULL for a stream */
	struct hasher h;
	uint8_t *buf;
	uint64_t last_save_ms;
	uint32_t *failed;       /* sectors that failed in this run's first pass */
	size_t nfailed, capfailed;
	uint64_t bad_stream;    /* a stream's sectors given up (zeros) */
	uint32_t first_bad_stream;
};

static int save_map(struct reading *g, bool force, struct db_error *err)
{
	if (!g->m || !g->u->p->map)
		return 0;
	uint64_t now = clock_now_ms();
	if (!force && now - g->last_save_ms < MAP_SAVE_MS)
		return 0;
	g->last_save_ms = now;
	/* the map never claims what is not in the file yet */
	if (fdatasync(g->o->fd) < 0 && errno != EINVAL && errno != EROFS)
		return db_fail(err, DB_R_READ_OUTPUT_WRITE, .subject = g->o->name,
			       .os_errno = errno);
	return readmap_save(g->m, g->u->p->map, g->u->p->command, err);
}

static uint64_t done_bytes(const struct reading *g)
{
	if (g->m)
		return readmap_count(g->m, '+') * g->u->sb;
	return g->o->seq_pos;
}

static uint64_t bad_now(const struct reading *g)
{
	return g->m ? readmap_count(g->m, '-') : g->bad_stream;
}

static int remember_failed(struct reading *g, uint32_t i, struct db_error *err)
{
	if (g->nfailed == g->capfailed) {
		size_t cap = g->capfailed ? g->capfailed * 2 : 64;
		uint32_t *f = realloc(g->failed, cap * sizeof(*f));
		if (!f)
			return db_fail(err, DB_R_NO_MEMORY);
		g->failed = f;
		g->capfailed = cap;
	}
	g->failed[g->nfailed++] = i;
	return 0;
}

static bool failed_this_run(const struct reading *g, uint32_t i)
{
	for (size_t k = 0; k < g->nfailed; k++)
		if (g->failed[k] == i)
			return true;
	return false;
}

/* The failure that stops a read at a sector that stayed unreadable. */
static int unreadable(struct reading *g, uint32_t lba, unsigned tries, const struct db_error *why,
		      struct db_error *err)
{
	struct db_error e;
	db_fail(&e, DB_R_READ_UNREADABLE, .subject = g->u->r.name, .lba = lba, .lba_valid = true,
		.n1 = tries, .other = g->m && g->u->p->map ? g->u->p->map : "");
	if (why->opcode_valid)
		db_set_command(&e, why->opcode);
	if (why->have_sense)
		db_set_sense(&e, why->key, why->asc, why->ascq);
	*err = e;
	return e.code;
}

/* Image sectors [i, i+n), all within one span, in pass 1. */
static int read_chunk(struct reading *g, uint32_t i, uint32_t n, struct db_error *err)
{
	struct read_run *u = g->u;
	const struct read_params *p = u->p;
	const struct disc_plan *pl = &u->res->plan;
	uint32_t lba = pl->first + i;
	const size_t SB = u->sb;
	int rc = disc_read_once(&u->r, lba, n, g->buf, err);
	if (rc == 0) {
		if ((rc = out_write(g->o, (uint64_t)i * SB, g->buf, (size_t)n * SB, err)) < 0)
			return rc;
		u->res->read_bytes += (uint64_t)n * SB;
		hash_at(&g->h, pl, i, n, g->buf);
		return g->m ? readmap_set(g->m, i, n, '+', err) : 0;
	}
	if (drive_read_failure(rc, err) == READ_FAIL_DRIVE)
		return rc;
	/* which sectors? one by one. The failed READ was the first try of
	 * each; without noerror a sector gets its `retries` more now, with it
	 * one now and the rest in the second pass (a stream cannot go back: it
	 * gets them all now). One at least, to know which sector failed. */
	unsigned tries = p->noerror && g->m ? 1 : p->retries ? p->retries : 1;
	for (uint32_t k = 0; k < n; k++) {
		uint8_t *sec = g->buf + (size_t)k * SB;
		unsigned used;
		struct db_error e;
		rc = disc_read_sector(&u->r, lba + k, sec, tries, &used, &e);
		if (rc < 0 && (e.reason == DB_R_READ_CANCELLED ||
			       drive_read_failure(rc, &e) == READ_FAIL_DRIVE)) {
			*err = e;
			return rc;
		}
		used++;         /* the READ of several was its first try */
		uint64_t off = (uint64_t)(i + k) * SB;
		if (rc == 0) {
			if ((rc = out_write(g->o, off, sec, SB, err)) < 0)
				return rc;
			u->res->read_bytes += SB;
			hash_at(&g->h, pl, i + k, 1, sec);
			if (used > 2)
				note_sector(u, lba + k, used, true, NULL);
			if (g->m && (rc = readmap_set(g->m, i + k, 1, '+', err)) < 0)
				return rc;
			continue;
		}
		if (!p->noerror || !g->m || p->retries <= 1)   /* no second pass for it */
			note_sector(u, lba + k, used, false, &e);
		if (!p->noerror) {
			if (g->m) {
				readmap_set(g->m, i + k, 1, '-', err);
				g->m->pos = i + k;
			}
			return unreadable(g, lba + k, used, &e, err);
		}
		if (g->m) {
			if ((rc = readmap_set(g->m, i + k, 1, '-', err)) < 0 ||
			    (rc = remember_failed(g, i + k, err)) < 0)
				return rc;
			g->h.ok = false;
			if ((rc = save_map(g, true, err)) < 0)
				return rc;
		} else {
			/* a stream gets its zeros in place */
			if (!g->bad_stream++)
				g->first_bad_stream = lba + k;
			if ((rc = out_zeros(g->o, off, SB, err)) < 0)
				return rc;
			hash_at(&g->h, pl, i + k, 1, NULL);
		}
	}
	return 0;
}

/* Pass 1: every sector not tried yet, in order. */
static int pass_read(struct reading *g, struct db_error *err)
{
	struct read_run *u = g->u;
	const struct disc_plan *pl = &u->res->plan;
	uint32_t max = u->r.max_blocks;
	uint32_t from = 0, s, n;
	for (;;) {
		if (g->m) {
			if (!readmap_next(g->m, from, '?', &s, &n))
				break;
		} else {
			if (from >= pl->sectors)
				break;
			s = from;
			n = pl->sectors - from;
		}
		uint32_t e = s + n;
		for (uint32_t i = s; i < e;) {
			if (read_cancelled(u->p))
				return db_fail(err, DB_R_READ_CANCELLED, .subject = u->r.name,
					       .other = g->m && u->p->map ? u->p->map : "");
			uint32_t re = disc_plan_region_end(pl, i);
			if (re > e)
				re = e;
			int rc;
			if (disc_plan_in_gap(pl, i)) {
				/* between sessions: no sectors there, zeros in the image */
				uint32_t k = re - i;
				if (!g->m && (rc = out_zeros(g->o, (uint64_t)i * u->sb,
							     (uint64_t)k * u->sb, err)) < 0)
					return rc;
				hash_at(&g->h, pl, i, k, NULL);
				if (g->m && (rc = readmap_set(g->m, i, k, '+', err)) < 0)
					return rc;
				i = re;
				continue;
			}
			uint32_t k = re - i < max ? re - i : max;
			if (g->m)
				g->m->pos = i;
			if ((rc = read_chunk(g, i, k, err)) < 0)
				return rc;
			i += k;
			read_run_progress(u, done_bytes(g), pl->bytes, pl->first + i, bad_now(g), false);
			if ((rc = save_map(g, false, err)) < 0)
				return rc;
		}
		from = e;
	}
	return 0;
}

/* Pass 2: each bad sector its remaining tries. */
static int pass_retry(struct reading *g, struct db_error *err)
{
	struct read_run *u = g->u;
	const struct read_params *p = u->p;
	const struct disc_plan *pl = &u->res->plan;
	if (!g->m || !readmap_count(g->m, '-'))
		return 0;
	struct read_event e = { .type = REV_PASS, .pass = 2, .bad = readmap_count(g->m, '-') };
	emit(u->ev, &e);
	g->m->phase = '-';
	g->m->pass = 2;
	uint32_t from = 0, s, n;
	while (readmap_next(g->m, from, '-', &s, &n)) {
		for (uint32_t i = s; i < s + n; i++) {
			if (read_cancelled(p))
				return db_fail(err, DB_R_READ_CANCELLED, .subject = u->r.name,
					       .other = p->map ? p->map : "");
			/* 1 + retries tries in all: a sector that failed in this
			 * run's first pass has had two (its READ and one alone) */
			bool before = failed_this_run(g, i);
			unsigned tries = before ? (p->retries > 1 ? p->retries - 1 : 0) : 1 + p->retries;
			if (!tries)
				continue;
			uint8_t *sec = g->buf;
			unsigned used;
			struct db_error why;
			g->m->pos = i;
			int rc = disc_read_sector(&u->r, pl->first + i, sec, tries, &used, &why);
			if (rc < 0 && (why.reason == DB_R_READ_CANCELLED ||
				       drive_read_failure(rc, &why) == READ_FAIL_DRIVE)) {
				*err = why;
				return rc;
			}
			unsigned total = used + (before ? 2 : 0);
			if (rc == 0) {
				if ((rc = out_write(g->o, (uint64_t)i * u->sb, sec, u->sb, err)) < 0)
					return rc;
				u->res->read_bytes += u->sb;
				note_sector(u, pl->first + i, total, true, NULL);
				if ((rc = readmap_set(g->m, i, 1, '+', err)) < 0)
					return rc;
			} else {
				note_sector(u, pl->first + i, total, false, &why);
				if (!p->noerror) {
					save_map(g, true, err);
					return unreadable(g, pl->first + i, total, &why, err);
				}
			}
			read_run_progress(u, done_bytes(g), pl->bytes, pl->first + i, bad_now(g), false);
			if ((rc = save_map(g, true, err)) < 0)
				return rc;
		}
		from = s + n;
	}
	return 0;
}

static int open_output(struct out *o, const struct read_params *p, struct db_error *err)
{
	o->name = p->output;
	if (!strcmp(p->output, "-")) {
		o->name = "standard output";
		o->fd = STDOUT_FILENO;
		o->seq = true;
		return 0;
	}
	o->fd = open(p->output, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (o->fd < 0)
		return db_fail(err, DB_R_READ_OUTPUT_OPEN, .subject = p->output, .os_errno = errno);
	struct stat st;
	if (fstat(o->fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		o->seq = true;          /* a FIFO, a character device: in order */
	return 0;
}

static void free_cd(struct read_run *u)
{
	if (u->cd) {
		cd_session_free(u->cd);
		free(u->cd);
		u->cd = NULL;
	}
}

int read_disc(struct device *d, const struct read_params *p, const struct read_events *ev,
	      struct read_result *res, struct db_error *err)
{
	struct read_run u;
	int rc = read_run_start(&u, d, p, ev, res, err);
	if (rc < 0) {
		free_cd(&u);
		return rc;
	}
	if (u.cd) {
		char comment[200];
		snprintf(comment, sizeof(comment), "read by discburn %s: session %u, %u track(s)",
			 PACKAGE_VERSION, u.cd->session, u.cd->ntracks);
		if ((rc = cd_write_cue(u.cd, p->bin_name ? p->bin_name : p->output, p->cue, comment,
				       err)) < 0) {
			free_cd(&u);
			return rc;
		}
		struct read_event ce = { .type = REV_CUE, .cd = u.cd, .disc = &res->disc,
					 .plan = &res->plan };
		emit(ev, &ce);
	}
	const struct disc_plan *pl = &res->plan;
	res->bytes = pl->bytes;
	struct out o = { .fd = -1 };
	struct readmap map;
	bool have_map = false;
	struct reading g = { .u = &u, .o = &o };
	if ((rc = open_output(&o, p, err)) < 0) {
		free_cd(&u);
		return rc;
	}
	const char *mpath = o.seq ? NULL : p->map;
	char ident[200];
	disc_plan_ident(&res->disc, pl, ident, sizeof(ident));
	if (!o.seq) {
		struct stat st;
		bool resume = false;
		if (fstat(o.fd, &st) < 0) {
			rc = db_fail(err, DB_R_READ_OUTPUT_OPEN, .subject = o.name, .os_errno = errno);
			goto done;
		}
		if (mpath && (uint64_t)st.st_size == pl->bytes) {
			rc = readmap_load(&map, mpath, pl->sectors, (uint32_t)u.sb, ident, err);
			if (rc < 0)
				goto done;
			resume = rc == 0;
		}
		if (resume) {
			have_map = true;
			res->resumed = true;
			res->resumed_done = readmap_count(&map, '+');
			u.base_done = res->resumed_done * u.sb;
			struct read_event e = { .type = REV_RESUME, .done = res->resumed_done,
						.bad = readmap_count(&map, '-'),
						.total = pl->sectors };
			emit(ev, &e);
		} else {
			/* a new image: the file of exactly its size, zeros where
			 * nothing is read yet */
			if (ftruncate(o.fd, 0) < 0 || ftruncate(o.fd, (off_t)pl->bytes) < 0) {
				if (S_ISREG(st.st_mode) || errno != EINVAL) {
					rc = db_fail(err, DB_R_READ_OUTPUT_WRITE, .subject = o.name,
						     .os_errno = errno);
					goto done;
				}
			}
			if ((rc = readmap_init(&map, pl->sectors, (uint32_t)u.sb, ident, err)) < 0)
				goto done;
			have_map = true;
		}
		g.m = &map;
		map.pass = 1;
		map.phase = '?';
	}
	g.buf = malloc((size_t)u.r.max_blocks * u.sb);
	if (!g.buf) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto done;
	}
	g.h.ok = !res->resumed;
	g.h.sb = u.sb;
	sha256_init(&g.h.sha);
	g.last_save_ms = clock_now_ms();
	if (g.m && (rc = save_map(&g, true, err)) < 0)
		goto done;
	struct read_event e1 = { .type = REV_PASS, .pass = 1 };
	emit(ev, &e1);
	if ((rc = pass_read(&g, err)) == 0)
		rc = pass_retry(&g, err);
	read_run_progress(&u, done_bytes(&g), pl->bytes, pl->first + pl->sectors, bad_now(&g), true);
	if (rc < 0) {
		if (g.m) {
			struct db_error me;
			if (save_map(&g, true, &me) == 0)
				res->map_kept = p->map != NULL;
		}
		goto done;
	}
	res->bad = bad_now(&g);
	if (res->bad) {
		uint32_t s, n;
		if (g.m && readmap_next(g.m, 0, '-', &s, &n))
			res->first_bad = pl->first + s;
		else
			res->first_bad = g.first_bad_stream;
		if (g.m) {
			g.m->phase = '-';
			if ((rc = save_map(&g, true, err)) < 0)
				goto done;
			res->map_kept = mpath != NULL;
		}
		rc = db_fail(err, DB_R_READ_BAD_SECTORS, .subject = u.r.name, .n1 = res->bad,
			     .lba = res->first_bad, .lba_valid = true,
			     .other = res->map_kept ? mpath : "");
		goto done;
	}
	/* all read */
	if (g.h.ok && g.h.next == pl->sectors) {
		uint8_t dg[SHA256_DIGEST_LEN];
		sha256_final(&g.h.sha, dg);
		sha256_to_hex(dg, res->sha256);
		res->sha256_while_reading = true;
	} else if (!o.seq && (rc = hash_file(o.fd, pl->bytes, res->sha256, err, o.name)) < 0) {
		goto done;
	}
	if (!o.seq && fsync(o.fd) < 0 && errno != EINVAL) {
		rc = db_fail(err, DB_R_READ_OUTPUT_WRITE, .subject = o.name, .os_errno = errno);
		goto done;
	}
	if (g.m && mpath) {
		if (p->keep_map) {
			g.m->phase = '+';
			g.m->pos = pl->sectors;
			if ((rc = save_map(&g, true, err)) < 0)
				goto done;
			res->map_kept = true;
		} else {
			unlink(mpath);
		}
	}
	rc = 0;
done:
	read_run_finish(&u);
	free_cd(&u);
	sha256_discard(&g.h.sha);       /* a hash left unfinished */
	free(g.buf);
	free(g.failed);
	if (have_map)
		readmap_free(&map);
	if (o.fd >= 0 && !o.seq)
		close(o.fd);
	return rc;
}
