/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdcue.c — a CD session described from its TOC and sub-channel, and its cue
 * sheet (cdcue.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drive/drive_read.h"
#include "engine/cdcue.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "mmc/mmc_cd.h"

enum { Q_STEPS = 8 };   /* frames to step over a catalog or ISRC frame */

/* The track and index the Q sub-channel gives at lba: the first position
 * frame (ADR 1) at or after it, within limit. 0, or the drive's failure. */
static int q_at(struct disc_reader *r, struct cd_session *cd, int32_t lba, int32_t limit,
		unsigned *track, unsigned *index, struct db_error *err)
{
	for (int k = 0; k < Q_STEPS && lba + k < limit; k++) {
		struct mmc_q q;
		cd->q_reads++;
		int rc = drive_read_q(r->d, lba + k, &q, err);
		if (rc < 0)
			return rc;
		if (q.adr == 1) {
			*track = q.track;
			*index = q.index;
			return 0;
		}
	}
	/* no position frame: take it for the index before */
	*track = 0;
	*index = 0;
	return 0;
}

/* The first LBA in [lo, hi) where `past(track, index)` holds, given that it
 * does not hold at lo - 1 and does at hi (or hi itself when it holds nowhere
 * before): halving, as the track and index only grow. */
typedef bool (*past_fn)(unsigned track, unsigned index, unsigned n, unsigned k);

static int first_where(struct disc_reader *r, struct cd_session *cd, int32_t lo, int32_t hi,
		       past_fn past, unsigned n, unsigned k, int32_t *out, struct db_error *err)
{
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		unsigned t, i;
		int rc = q_at(r, cd, mid, hi, &t, &i, err);
		if (rc < 0)
			return rc;
		if (t && past(t, i, n, k))
			hi = mid;
		else
			lo = mid + 1;
	}
	*out = hi;
	return 0;
}

static bool in_track(unsigned t, unsigned i, unsigned n, unsigned k)
{
	(void)i;
	(void)k;
	return t >= n;
}

static bool at_index(unsigned t, unsigned i, unsigned n, unsigned k)
{
	return t > n || (t == n && i >= k);
}

/* Tracks, sessions and lead-out from the full TOC; the track information
 * when the drive has no full TOC. */
static int tracks_of(struct disc_reader *r, const struct disc *disc, unsigned s,
		     struct cd_session *cd, struct db_error *err)
{
	struct mmc_full_toc *toc = calloc(1, sizeof(*toc));
	if (!toc)
		return db_fail(err, DB_R_NO_MEMORY);
	struct db_error e;
	cd->ntracks = 0;
	if (drive_read_full_toc(r->d, toc, &e) == 0 && mmc_full_toc_leadout(toc, s) >= 0) {
		for (unsigned i = 0; i < toc->n; i++) {
			const struct mmc_toc_point *p = &toc->e[i];
			if (p->session != s || p->adr != 1 || p->point < 1 || p->point > 99 ||
			    cd->ntracks >= DISC_MAX_TRACKS)
				continue;
			struct cd_track *t = &cd->track[cd->ntracks++];
			memset(t, 0, sizeof(*t));
			t->number = p->point;
			t->control = p->control;
			t->audio = !(p->control & 4);
			t->start = mmc_msf_to_lba(p->pmin, p->psec, p->pframe);
		}
		cd->leadout = mmc_full_toc_leadout(toc, s);
	} else {
		for (unsigned i = 0; i < disc->ntracks && cd->ntracks < DISC_MAX_TRACKS; i++) {
			const struct disc_track *dt = &disc->track[i];
			if (dt->session != s)
				continue;
			struct cd_track *t = &cd->track[cd->ntracks++];
			memset(t, 0, sizeof(*t));
			t->number = dt->number;
			t->audio = !dt->data;
			t->control = dt->data ? 4 : 0;
			t->start = (int32_t)dt->start;
			cd->leadout = (int32_t)(dt->start + dt->size);
		}
	}
	free(toc);
	if (!cd->ntracks)
		return db_fail(err, DB_R_READ_NO_SESSION, .subject = r->name, .n1 = s,
			       .n2 = disc->nsessions);
	return 0;
}

int cd_describe(struct disc_reader *r, const struct disc *disc, unsigned session,
		struct cd_session *out, struct db_error *err)
{
	memset(out, 0, sizeof(*out));
	if (disc_type(disc->profile)->family != MMC_FAM_CD)
		return db_fail(err, DB_R_INTERNAL, .what = "BIN/CUE of a disc that is not a CD");
	unsigned s = session ? session : 1;
	out->session = s;
	int rc = tracks_of(r, disc, s, out, err);
	if (rc < 0)
		return rc;
	/* pregaps: where the Q channel first names each track. The first
	 * track's is on the disc only as a hidden track (from LBA 0). */
	for (unsigned i = 0; i < out->ntracks; i++) {
		struct cd_track *t = &out->track[i];
		t->index0 = t->start;
		int32_t lo = i ? out->track[i - 1].start + 1 : (s == 1 ? 0 : t->start);
		if (lo < t->start && (rc = first_where(r, out, lo, t->start, in_track, t->number, 0,
						       &t->index0, err)) < 0)
			return rc;
	}
	/* indices 2 and up, before the next track's pregap */
	for (unsigned i = 0; i < out->ntracks; i++) {
		struct cd_track *t = &out->track[i];
		int32_t end = i + 1 < out->ntracks ? out->track[i + 1].index0 : out->leadout;
		int32_t from = t->start + 1;
		for (unsigned k = 2; k <= LAYOUT_MAX_INDICES && from < end; k++) {
			unsigned tt = 0, ii = 0;
			/* the last sector tells whether any index k is there */
			int32_t last = end - 1;
			for (int b = 0; b < Q_STEPS && last > from; b++, last--) {
				if ((rc = q_at(r, out, last, last + 1, &tt, &ii, err)) < 0)
					return rc;
				if (tt)
					break;
			}
			if (!tt || !at_index(tt, ii, t->number, k))
				break;
			int32_t at;
			if ((rc = first_where(r, out, from, end, at_index, t->number, k, &at, err)) < 0)
				return rc;
			if (at >= end)
				break;
			t->index[t->nindex++] = at;
			from = at + 1;
		}
	}
	/* the first sector of the session's BIN */
	out->first = out->track[0].index0;
	/* codes, modes, text */
	struct db_error e;
	if (drive_read_mcn(r->d, out->mcn, &e) < 0)
		out->mcn[0] = '\0';
	for (unsigned i = 0; i < out->ntracks; i++) {
		struct cd_track *t = &out->track[i];
		if (t->audio) {
			if (drive_read_isrc(r->d, (uint8_t)t->number, t->isrc, &e) < 0)
				t->isrc[0] = '\0';
			continue;
		}
		uint8_t raw[2352];
		t->data_mode = 1;
		if (drive_read_cd_raw(r->d, t->start, 1, raw, &e) == 0 && raw[15] == 2)
			t->data_mode = 2;
	}
	uint8_t *packs;
	size_t len;
	if (drive_read_cdtext(r->d, &packs, &len, &e) == 0 && packs) {
		if (cdtext_decode(packs, len, r->name, true, &out->text, &e) == 0 &&
		    out->text.nblocks) {
			out->have_text = true;
			out->packs = packs;
			out->packs_len = len;
		} else {
			free(packs);
		}
	}
	return 0;
}

void cd_session_free(struct cd_session *cd)
{
	if (cd->have_text)
		cdtext_info_free(&cd->text);
	cd->have_text = false;
	free(cd->packs);
	cd->packs = NULL;
	cd->packs_len = 0;
}

/* ---- the cue sheet ------------------------------------------------------------ */

struct buf {
	char *p;
	size_t len, cap;
	bool failed;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	while (!b->failed) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap * 2 + (size_t)n;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

/* A CD-TEXT string (ISO-8859-1) as a quoted cue value in UTF-8: a double
 * quote, which a cue sheet cannot hold, becomes a single one, control
 * characters spaces. */
static void put_text(struct buf *b, const char *key, const char *latin1, const char *indent)
{
	if (!latin1 || !*latin1)
		return;
	put(b, "%s%s \"", indent, key);
	for (const unsigned char *c = (const unsigned char *)latin1; *c; c++) {
		if (*c == '"')
			put(b, "'");
		else if (*c < 0x20)
			put(b, " ");
		else if (*c < 0x80)
			put(b, "%c", *c);
		else
			put(b, "%c%c", 0xC0 | *c >> 6, 0x80 | (*c & 0x3F));
	}
	put(b, "\"\n");
}

static void put_texts(struct buf *b, const struct layout_text *t, bool disc, const char *indent)
{
	static const char *const keys[] = {
		[CDTEXT_TITLE] = "TITLE", [CDTEXT_PERFORMER] = "PERFORMER",
		[CDTEXT_SONGWRITER] = "SONGWRITER", [CDTEXT_COMPOSER] = "COMPOSER",
		[CDTEXT_ARRANGER] = "ARRANGER", [CDTEXT_MESSAGE] = "MESSAGE",
	};
	for (unsigned f = CDTEXT_TITLE; f <= CDTEXT_MESSAGE; f++)
		put_text(b, keys[f], t->field[f], indent);
	if (disc) {
		put_text(b, "DISC_ID", t->field[CDTEXT_DISC_ID], indent);
		put_text(b, "UPC_EAN", t->field[CDTEXT_UPC_ISRC], indent);
	}
}

static void put_time(struct buf *b, unsigned idx, int32_t frames)
{
	if (frames < 0)
		frames = 0;
	put(b, "    INDEX %02u %02d:%02d:%02d\n", idx, frames / 4500, frames / 75 % 60, frames % 75);
}

int cd_format_cue(const struct cd_session *cd, const char *bin_name, const char *comment,
		  char **out, size_t *len, struct db_error *err)
{
	struct buf b = { malloc(4096), 0, 4096, false };
	if (!b.p)
		return db_fail(err, DB_R_NO_MEMORY);
	if (comment)
		put(&b, "REM %s\n", comment);
	if (cd->mcn[0])
		put(&b, "CATALOG %s\n", cd->mcn);
	const struct layout_text_block *tb = cd->have_text ? &cd->text.block[0] : NULL;
	if (tb)
		put_texts(&b, &tb->disc, true, "");
	put(&b, "FILE \"");
	for (const char *c = bin_name; *c; c++)
		put(&b, "%c", *c == '"' ? '\'' : *c);
	put(&b, "\" BINARY\n");
	for (unsigned i = 0; i < cd->ntracks; i++) {
		const struct cd_track *t = &cd->track[i];
		put(&b, "  TRACK %02u %s\n", t->number,
		    t->audio ? "AUDIO" : t->data_mode == 2 ? "MODE2/2352" : "MODE1/2352");
		if (t->audio && (t->control & 0x0B)) {
			put(&b, "    FLAGS");
			if (t->control & 2)
				put(&b, " DCP");
			if (t->control & 8)
				put(&b, " 4CH");
			if (t->control & 1)
				put(&b, " PRE");
			put(&b, "\n");
		} else if (!t->audio && (t->control & 2)) {
			put(&b, "    FLAGS DCP\n");
		}
		if (tb && t->number >= 1 && t->number <= LAYOUT_MAX_TRACKS)
			put_texts(&b, &tb->track[t->number - 1], false, "    ");
		if (t->isrc[0])
			put(&b, "    ISRC %s\n", t->isrc);
		if (t->index0 < t->start)
			put_time(&b, 0, t->index0 - cd->first);
		put_time(&b, 1, t->start - cd->first);
		for (unsigned k = 0; k < t->nindex; k++)
			put_time(&b, k + 2, t->index[k] - cd->first);
	}
	if (b.failed) {
		free(b.p);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

int cd_write_cue(const struct cd_session *cd, const char *bin_name, const char *path,
		 const char *comment, struct db_error *err)
{
	char *text;
	size_t len;
	int rc = cd_format_cue(cd, bin_name, comment, &text, &len, err);
	if (rc < 0)
		return rc;
	size_t pl = strlen(path);
	char *tmp = malloc(pl + 16);
	if (!tmp) {
		free(text);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	snprintf(tmp, pl + 16, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	int e = fd < 0 ? errno : 0;
	for (size_t off = 0; fd >= 0 && off < len && !e;) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			e = n < 0 ? errno : EIO;
		else
			off += (size_t)n;
	}
	if (fd >= 0) {
		if (!e && fchmod(fd, 0644) < 0)
			e = errno;
		if (close(fd) < 0 && !e)
			e = errno;
		if (!e && rename(tmp, path) < 0)
			e = errno;
		if (e)
			unlink(tmp);
	}
	free(tmp);
	free(text);
	if (e)
		return db_fail(err, fd < 0 ? DB_R_READ_OUTPUT_OPEN : DB_R_READ_OUTPUT_WRITE,
			       .subject = path, .os_errno = e);
	return 0;
}
