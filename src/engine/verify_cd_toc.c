/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verify_cd_toc.c — what a CD burn asked for, read back from the disc:
 * the TOC (READ TOC format 0: each track's start and control nibble, the
 * lead-out; format 1: the last session's first track; format 2: each
 * session's first and last track, lead-out and disc type), the catalog number and ISRCs (READ SUB-CHANNEL formats 2 and
 * 3), every index boundary (the Q sub-channel READ CD returns on both sides
 * of it) and the CD-TEXT (READ TOC format 5, byte for byte). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/drive_cd.h"
#include "drive/drive_read.h"
#include "engine/cdverify.h"
#include "engine/strategy.h"

static int toc_fail(struct burn *b, unsigned track, const char *what, const char *want,
		    const char *got)
{
	return db_fail(b->err, DB_R_VERIFY_TOC, .n1 = track, .what = what, .subject = want,
		       .other = got);
}

static int toc_lba(struct burn *b, unsigned track, const char *what, int32_t want, int32_t got)
{
	char w[32], g[32];
	snprintf(w, sizeof(w), "LBA %d", (int)want);
	snprintf(g, sizeof(g), "LBA %d", (int)got);
	return toc_fail(b, track, what, w, g);
}

static int toc_num(struct burn *b, unsigned track, const char *what, unsigned want, unsigned got)
{
	char w[32], g[32];
	snprintf(w, sizeof(w), "%u", want);
	snprintf(g, sizeof(g), "%u", got);
	return toc_fail(b, track, what, w, g);
}

static const struct burn_track *last_track(const struct burn *b)
{
	return &b->trk[b->ntrk - 1];
}

static int32_t track_end(const struct burn_track *t)
{
	return t->index1 + (int32_t)(t->length + t->pad);
}

/* The lead-out the burn put after t: where its last sector ends; in TAO
 * the drive may add a data track's run-out blocks (2). */
static bool leadout_ok(const struct burn *b, const struct burn_track *t, int32_t lba)
{
	int32_t end = track_end(t);
	if (b->strat == &strat_cd_tao && t->mode != TRACK_AUDIO)
		return lba >= end && lba <= end + 2;
	return lba == end;
}

static int check_toc(struct burn *b)
{
	struct mmc_toc toc;
	int rc = drive_read_toc(b->d, &toc, b->err);
	if (rc < 0)
		return rc;
	for (unsigned i = 0; i < b->ntrk; i++) {
		const struct burn_track *t = &b->trk[i];
		unsigned k = 0;
		while (k < toc.n && toc.e[k].track != t->number)
			k++;
		if (k == toc.n)
			return toc_fail(b, t->number, "entry", "present", "missing");
		if ((int32_t)toc.e[k].lba != t->index1)
			return toc_lba(b, t->number, "start", t->index1, (int32_t)toc.e[k].lba);
		if ((toc.e[k].adr_ctl & 0x0F) != t->ctl)
			return toc_num(b, t->number, "control nibble", t->ctl,
				       toc.e[k].adr_ctl & 0x0F);
	}
	for (unsigned k = 0; k < toc.n; k++)
		if (toc.e[k].track == 0xAA && !leadout_ok(b, last_track(b), (int32_t)toc.e[k].lba))
			return toc_lba(b, 0, "lead-out", track_end(last_track(b)),
				       (int32_t)toc.e[k].lba);
	/* format 1: the last complete session is the burn's last, from its
	 * first track on */
	struct mmc_session_info si;
	if ((rc = drive_session_info(b->d, &si, b->err)) < 0)
		return rc;
	unsigned first, end;
	cd_session_tracks(b, last_track(b)->session, &first, &end);
	const struct burn_track *t = &b->trk[first];
	if (si.first_track_last != t->number)
		return toc_num(b, 0, "first track of the last session", t->number,
			       si.first_track_last);
	if ((int32_t)si.lba != t->index1)
		return toc_lba(b, t->number, "start in the session information", t->index1,
			       (int32_t)si.lba);
	return 0;
}

static int32_t msf_lba(uint8_t m, uint8_t s, uint8_t f)
{
	return ((int32_t)m * 60 + s) * 75 + f - 150;
}

static const struct mmc_toc_point *point(const struct mmc_full_toc *ft, uint8_t session,
					 uint8_t p)
{
	for (unsigned k = 0; k < ft->n; k++)
		if (ft->e[k].adr == 1 && ft->e[k].point == p && (!session || ft->e[k].session == session))
			return &ft->e[k];
	return NULL;
}

/* Each layout session is one session of the disc, the next one each: its
 * first and last track, its lead-out, its disc type (20h with mode 2). */
static int check_full_toc(struct burn *b)
{
	struct mmc_full_toc *f = malloc(sizeof(*f));
	if (!f)
		return db_fail(b->err, DB_R_NO_MEMORY);
	int rc = drive_read_full_toc(b->d, f, b->err);
	unsigned sessions = last_track(b)->session;
	int disc_session = -1;
	for (unsigned s = 1; rc == 0 && s <= sessions; s++) {
		unsigned first, end;
		cd_session_tracks(b, s, &first, &end);
		if (first == end)
			continue;
		const struct burn_track *a = &b->trk[first], *z = &b->trk[end - 1];
		const struct mmc_toc_point *e = point(f, 0, (uint8_t)a->number);
		if (!e) {
			rc = toc_fail(b, a->number, "full TOC entry", "present", "missing");
			break;
		}
		if (disc_session >= 0 && e->session != disc_session + 1) {
			rc = toc_num(b, a->number, "session", (unsigned)disc_session + 1, e->session);
			break;
		}
		disc_session = e->session;
		bool xa = false;
		for (unsigned i = first; i < end; i++) {
			const struct mmc_toc_point *x = point(f, 0, (uint8_t)b->trk[i].number);
			if (!x || x->session != disc_session) {
				rc = toc_num(b, b->trk[i].number, "session", (unsigned)disc_session,
					     x ? x->session : 0);
				break;
			}
			xa |= b->trk[i].mode != TRACK_AUDIO && b->trk[i].mode != TRACK_MODE1 &&
			      b->trk[i].mode != TRACK_MODE1_RAW;
		}
		if (rc < 0)
			break;
		const struct mmc_toc_point *a0 = point(f, (uint8_t)disc_session, 0xA0);
		const struct mmc_toc_point *a1 = point(f, (uint8_t)disc_session, 0xA1);
		const struct mmc_toc_point *a2 = point(f, (uint8_t)disc_session, 0xA2);
		if (!a0 || !a1 || !a2)
			rc = toc_fail(b, 0, "session's A0, A1 and A2 points", "present", "missing");
		else if (a0->pmin != a->number)
			rc = toc_num(b, 0, "first track of the session (A0)", a->number, a0->pmin);
		else if (a1->pmin != z->number)
			rc = toc_num(b, 0, "last track of the session (A1)", z->number, a1->pmin);
		else if (a0->psec != (xa ? 0x20 : 0x00))
			rc = toc_num(b, 0, "disc type (A0)", xa ? 0x20 : 0x00, a0->psec);
		else if (!leadout_ok(b, z, msf_lba(a2->pmin, a2->psec, a2->pframe)))
			rc = toc_lba(b, 0, "session's lead-out (A2)", track_end(z),
				     msf_lba(a2->pmin, a2->psec, a2->pframe));
	}
	free(f);
	return rc;
}

static int check_codes(struct burn *b)
{
	char got[16];
	int rc;
	if (b->layout->mcn[0]) {
		if ((rc = drive_read_mcn(b->d, got, b->err)) < 0)
			return rc;
		if (strcmp(got, b->layout->mcn))
			return db_fail(b->err, DB_R_VERIFY_MCN, .subject = b->layout->mcn,
				       .other = got);
	}
	for (unsigned i = 0; i < b->ntrk; i++) {
		const struct burn_track *t = &b->trk[i];
		if (t->mode != TRACK_AUDIO)
			continue;
		if ((rc = drive_read_isrc(b->d, (uint8_t)t->number, got, b->err)) < 0)
			return rc;
		if (strcmp(got, t->lt->isrc))
			return db_fail(b->err, DB_R_VERIFY_ISRC, .n1 = t->number,
				       .subject = t->lt->isrc, .other = got);
	}
	return 0;
}

static uint8_t unbcd(uint8_t v)
{
	return (uint8_t)((v >> 4) * 10 + (v & 0x0F));
}

static void where(char *out, size_t n, unsigned tno, unsigned idx)
{
	snprintf(out, n, "track %u index %u", tno, idx);
}

/* The Q of the blocks around L: position frames before L say (tp, ip),
 * from L on (tn, in), each with its own absolute time; at least one
 * position frame on each side (catalog and ISRC frames are skipped). */
static int boundary(struct burn *b, int32_t at, unsigned tp, unsigned ip, unsigned tn,
		    unsigned in, int32_t lo, int32_t hi, const char *what)
{
	enum { SPAN = 3 };
	int32_t from = at - SPAN < lo ? lo : at - SPAN;
	int32_t to = at + SPAN > hi ? hi : at + SPAN;
	if (from >= at || to <= at)
		return 0;
	uint8_t q[2 * SPAN * 16];
	int rc = drive_read_cd(b->d, from, (uint32_t)(to - from), READ_CD_TYPE_ANY, 0,
			       READ_CD_SUB_Q, q, 16, b->err);
	if (rc < 0)
		return rc;
	bool before = false, after = false;
	for (int32_t l = from; l < to; l++) {
		const uint8_t *f = &q[(l - from) * 16];
		if ((f[0] & 0x0F) != 1)
			continue;
		bool side = l >= at;
		unsigned wt = side ? tn : tp, wi = side ? in : ip;
		int32_t abs = ((int32_t)unbcd(f[7]) * 60 + unbcd(f[8])) * 75 + unbcd(f[9]) - 150;
		if (unbcd(f[1]) != wt || unbcd(f[2]) != wi || abs != l) {
			char w[48], g[48];
			where(w, sizeof(w), wt, wi);
			snprintf(g, sizeof(g), "track %u index %u at LBA %d", unbcd(f[1]),
				 unbcd(f[2]), (int)abs);
			return db_fail(b->err, DB_R_VERIFY_INDEX, .n1 = tn, .what = what,
				       .subject = w, .other = g, .lba = (uint32_t)l,
				       .lba_valid = true);
		}
		if (side)
			after = true;
		else
			before = true;
	}
	if (!before || !after) {
		char w[48];
		where(w, sizeof(w), tn, in);
		return db_fail(b->err, DB_R_VERIFY_INDEX, .n1 = tn, .what = what, .subject = w,
			       .other = "no position frame", .lba = (uint32_t)at, .lba_valid = true);
	}
	return 0;
}

static int check_indices(struct burn *b)
{
	int rc = 0;
	for (unsigned i = 0; i < b->ntrk && rc == 0; i++) {
		const struct burn_track *t = &b->trk[i];
		const struct burn_track *p = i && b->trk[i - 1].session == t->session ? &b->trk[i - 1]
										      : NULL;
		int32_t end = track_end(t);
		unsigned plast = p ? p->lt->nindex + 1 : 0;
		int32_t lo = p ? p->index1 : t->index0 > 0 ? t->index0 : 0;
		if (t->index0 < t->index1 && p)
			rc = boundary(b, t->index0, p->number, plast, t->number, 0, lo, end,
				      "start of the pregap");
		if (rc == 0 && t->index0 < t->index1)
			rc = boundary(b, t->index1, t->number, 0, t->number, 1, lo, end, "index 1");
		else if (rc == 0 && p)
			rc = boundary(b, t->index1, p->number, plast, t->number, 1, lo, end,
				      "index 1");
		for (unsigned k = 0; rc == 0 && k < t->lt->nindex; k++)
			rc = boundary(b, t->index1 + (int32_t)t->lt->index[k], t->number, k + 1,
				      t->number, k + 2, t->index1, end, "a later index");
	}
	return rc;
}

static int check_cdtext(struct burn *b)
{
	if (!b->cdtext)
		return 0;
	uint8_t *answer;
	size_t len;
	int rc = drive_read_cdtext(b->d, &answer, &len, b->err);
	if (rc < 0)
		return rc;
	/* the packs behind the answer's 4-byte header, whole ones */
	const uint8_t *packs = len > 4 ? answer + 4 : NULL;
	size_t n = len > 4 ? (len - 4) / CD_PACK_BYTES * CD_PACK_BYTES : 0;
	char what[80] = "";
	if (n != b->cdtext_len) {
		snprintf(what, sizeof(what), "%zu packs read back, %zu written", n / CD_PACK_BYTES,
			 b->cdtext_len / CD_PACK_BYTES);
	} else {
		for (size_t k = 0; k < n / CD_PACK_BYTES; k++)
			if (memcmp(packs + k * CD_PACK_BYTES, b->cdtext + k * CD_PACK_BYTES,
				   CD_PACK_BYTES)) {
				snprintf(what, sizeof(what), "pack %zu of %zu differs", k + 1,
					 n / CD_PACK_BYTES);
				break;
			}
	}
	free(answer);
	if (what[0])
		return db_fail(b->err, DB_R_VERIFY_CDTEXT, .other = what);
	return 0;
}

int cd_verify_disc(struct burn *b)
{
	int rc;
	if ((rc = check_toc(b)) < 0 || (rc = check_full_toc(b)) < 0 ||
	    (rc = check_codes(b)) < 0 || (rc = check_indices(b)) < 0 ||
	    (rc = check_cdtext(b)) < 0)
		return rc;
	return 0;
}
