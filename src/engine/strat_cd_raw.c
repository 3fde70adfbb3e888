/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strat_cd_raw.c — CD raw writing, RAW96R (page 05 write type 3, data block
 * type 3: 2352 bytes of main channel and 96 of raw P-W a block; MMC-6
 * 4.2.3.6). The drive records what it is sent, so the host makes every
 * block of the session from the lead-in start on:
 *
 *   lead-in    Q mode 1: the TOC, each point three times in a row (A0 the
 *              first track and the disc type, A1 the last track, A2 the
 *              lead-out, then every track's start), and mode 5 B0 (the next
 *              program area) when another session may follow; P 0; main
 *              channel zeros (audio) or scrambled mode 0 sectors (data);
 *   program    each sector whole: audio as it is, data made by the ECMA-130
 *              encoder (sync, header of its own address, EDC, ECC), or a raw
 *              image's sector as it is when made for its address (a sector
 *              with a wrong EDC on purpose stays so: what only raw writing
 *              keeps), and scrambled; Q the position (track, index, relative and
 *              absolute time), the catalog number every 100 blocks (at
 *              frame 25) and an audio track's ISRC (at 75), never next to a
 *              change of track or index (readers find indices by the first
 *              position frame); P 1 in pauses (index 0);
 *   lead-out   90 s (6750 blocks) after the first session, 30 s after later
 *              ones; Q TNO AAh; P 1 for 2 s, then 2 Hz.
 *
 * Every Q carries its CRC-16. Chosen when the drive can (GET CONFIGURATION:
 * CD Mastering's Raw bit, Raw MS for a multi-session disc) and asked for
 * (-raw96r), or when neither SAO nor TAO can write the layout; the R-W of
 * a RAW96R lead-in would have to carry CD-TEXT interleaved and error
 * corrected, which discburn does not do, so CD-TEXT is refused for RAW. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "drive/device.h"
#include "engine/strategy.h"
#include "image/cdtext.h"
#include "mmc/cd.h"

enum {
	BLOCK = CD_RAW_BYTES + CD_SUB_BYTES,    /* 2448 */
	PER = BURN_CHUNK / BLOCK,               /* 26 blocks a WRITE */
	MAX_POINTS = 99 + 4,
};

struct cd_raw {
	int32_t leadin;                 /* the session's first lead-in block */
	unsigned npoints;
	uint8_t point[MAX_POINTS][12];  /* the lead-in's Q frames, running time unset */
};

static bool layout_multi(const struct burn *b)
{
	return b->p->multi || (b->ntrk && b->trk[b->ntrk - 1].session > 1);
}

static void check(struct burn *b)
{
	struct db_error e;
	if (!b->cfg.f_cd_raw) {
		db_fail(&e, DB_R_RAW_NO_FEATURE, .subject = device_name(b->d));
		burn_reason(b, &e);
	} else if (layout_multi(b) && !b->cfg.f_cd_raw_ms) {
		db_fail(&e, DB_R_RAW_NO_FEATURE, .subject = device_name(b->d),
			.what = "not for a disc another session may follow");
		burn_reason(b, &e);
	}
	if (cdtext_any(b->layout) || (b->layout->cdtext_packs && b->layout->cdtext_len)) {
		db_fail(&e, DB_R_RAW_CDTEXT, .subject = b->image->name);
		burn_reason(b, &e);
	}
}

static int plan(struct burn *b)
{
	(void)b;
	return 0;
}

static int setup(struct burn *b)
{
	struct mmc_write_params wp = {
		.write_type = WT_RAW, .track_mode = b->trk[0].ctl, .data_block_type = 3,
		.session_format = b->xa ? 0x20 : 0x00, .audio_pause = CD_LEAD_PREGAP,
	};
	return burn_set_page05_cd(b, &wp);
}

void cd_raw_free(struct burn *b)
{
	free(b->raw);
	b->raw = NULL;
}

static int32_t track_end(const struct burn_track *t)
{
	return t->index1 + (int32_t)(t->length + t->pad);
}

/* The index of lba in t: 0 in the pregap, then 1 and the later ones. */
static unsigned index_at(const struct burn_track *t, int32_t lba)
{
	if (lba < t->index1)
		return 0;
	unsigned idx = 1;
	for (unsigned k = 0; k < t->lt->nindex; k++)
		if (lba - t->index1 >= (int32_t)t->lt->index[k])
			idx = k + 2;
	return idx;
}

/* Is the raw sector in made for lba: its sync and header address? */
static bool made_for(const uint8_t *in, int32_t lba)
{
	uint8_t h[16];
	cd_sector_header(h, lba, in[15]);
	return !memcmp(in, h, 15) && (in[15] == 1 || in[15] == 2);
}

static void raw_data(uint8_t *out, enum track_mode m, int32_t lba, const uint8_t *in)
{
	switch (m) {
	case TRACK_MODE1:     cd_sector_mode1(out, lba, in); break;
	case TRACK_MODE2:     cd_sector_mode2(out, lba, in); break;
	case TRACK_MODE1_RAW: case TRACK_MODE2_RAW:
		/* a raw image's sector goes to the disc as it is when it was
		 * made for this address (EDC and ECC included, right or not:
		 * what only raw writing keeps); else its header is renewed */
		if (made_for(in, lba))
			memcpy(out, in, CD_RAW_BYTES);
		else if (m == TRACK_MODE1_RAW)
			cd_sector_mode1(out, lba, in + 16);
		else
			cd_sector_mode2(out, lba, in + 16);
		break;
	case TRACK_XA_FORM1:  cd_sector_form1(out, lba, cd_xa_form1_subheader, in); break;
	case TRACK_XA_FORM2:  cd_sector_form2(out, lba, cd_xa_form2_subheader, in); break;
	case TRACK_AUDIO:     memcpy(out, in, CD_RAW_BYTES); return;
	}
	cd_scramble(out);
}

void cd_raw_sector(struct burn *b, struct burn_track *t, int32_t lba, const uint8_t *in,
		   uint8_t *out)
{
	uint8_t q[12];
	unsigned idx = index_at(t, lba);
	/* a catalog or ISRC frame only inside a run of one track and index */
	bool inner = lba - 1 >= t->index0 && lba + 1 < track_end(t) &&
		     index_at(t, lba - 1) == idx && index_at(t, lba + 1) == idx;
	int32_t abs = lba + 150;
	if (inner && b->layout->mcn[0] && abs % 100 == 25)
		cd_q_mcn(q, t->ctl, b->layout->mcn, lba);
	else if (inner && idx > 0 && t->mode == TRACK_AUDIO && t->lt->isrc[0] && abs % 100 == 75)
		cd_q_isrc(q, t->ctl, t->lt->isrc, lba);
	else
		cd_q_position(q, t->ctl, (uint8_t)t->number, (uint8_t)idx,
			      idx ? lba - t->index1 : t->index1 - 1 - lba, lba);
	raw_data(out, t->mode, lba, in);
	cd_sub_pw(out + CD_RAW_BYTES, idx == 0, q, NULL);
}

/* The lead-in's TOC of the session being written. */
static void make_toc(struct burn *b, struct cd_raw *r)
{
	unsigned first, end;
	cd_session_tracks(b, b->session, &first, &end);
	const struct burn_track *a = &b->trk[first], *z = &b->trk[end - 1];
	uint8_t none[3] = { 0, 0, 0 }, m[3];
	r->npoints = 0;
	uint8_t p[3] = { cd_bcd(a->number), b->xa ? 0x20 : 0x00, 0 };
	cd_q_leadin(r->point[r->npoints++], 1, a->ctl, 0xA0, none, 0, p);
	uint8_t p1[3] = { cd_bcd(z->number), 0, 0 };
	cd_q_leadin(r->point[r->npoints++], 1, z->ctl, 0xA1, none, 0, p1);
	cd_msf_bcd(track_end(z) + 150, m);
	cd_q_leadin(r->point[r->npoints++], 1, z->ctl, 0xA2, none, 0, m);
	for (unsigned i = first; i < end; i++) {
		const struct burn_track *t = &b->trk[i];
		cd_msf_bcd(t->index1 + 150, m);
		cd_q_leadin(r->point[r->npoints++], 1, t->ctl, cd_bcd(t->number), none, 0, m);
	}
	if (burn_session_multi(b)) {
		/* B0: where the next session's program area may start (after
		 * this lead-out and the next lead-in), how many mode 5 points,
		 * the last possible lead-out (the ATIP's) */
		int32_t lo = b->session == 1 && b->di.sessions <= 1 ? CD_LEADOUT_FIRST
								     : CD_LEADOUT_LATER;
		int32_t last;
		uint8_t next[3], max[3];
		cd_msf_bcd(track_end(z) + lo + CD_LEADIN_LATER + 150, next);
		if (!mmc_disc_addr_lba(b->di.last_leadout_start, true, &last))
			last = track_end(z);
		cd_msf_bcd(last + 150, max);
		cd_q_leadin(r->point[r->npoints++], 5, 0, 0xB0, next, 1, max);
	}
}

/* Main channel of a lead-in or lead-out block: zeros after audio, a
 * scrambled mode 0 (lead-in) or mode 1 (lead-out) zero sector after data. */
static void empty_main(uint8_t *out, bool data, int32_t lba, uint8_t mode)
{
	memset(out, 0, CD_RAW_BYTES);
	if (!data)
		return;
	if (mode == 0)
		cd_sector_header(out, lba, 0);
	else
		cd_sector_mode1(out, lba, out + 16);
	cd_scramble(out);
}

static int write_leadin(struct burn *b, struct cd_raw *r, int32_t program)
{
	uint8_t *buf = malloc((size_t)PER * BLOCK);
	if (!buf)
		return db_fail(b->err, DB_R_NO_MEMORY);
	unsigned first, end;
	cd_session_tracks(b, b->session, &first, &end);
	bool data = b->trk[first].mode != TRACK_AUDIO;
	int rc = 0;
	for (int32_t lba = r->leadin; lba < program && rc == 0;) {
		uint32_t n = program - lba < PER ? (uint32_t)(program - lba) : PER;
		for (uint32_t i = 0; i < n; i++) {
			int32_t l = lba + (int32_t)i;
			uint32_t k = (uint32_t)(l - r->leadin);
			uint8_t q[12], run[3];
			memcpy(q, r->point[k / 3 % r->npoints], 12);
			cd_msf_bcd((int32_t)k, run);
			memcpy(&q[3], run, 3);
			cd_q_set_crc(q);
			uint8_t *blk = buf + (size_t)i * BLOCK;
			empty_main(blk, data, l, 0);
			cd_sub_pw(blk + CD_RAW_BYTES, false, q, NULL);
		}
		rc = burn_write_blocks(b, lba, buf, n, BLOCK);
		lba += (int32_t)n;
	}
	free(buf);
	return rc;
}

static int lead_in(struct burn *b)
{
	int rc;
	if (b->session > 1) {
		if ((rc = drive_read_disc_info(b->d, &b->di, b->err)) < 0 || (rc = setup(b)) < 0)
			return rc;
	}
	if (!b->raw && !(b->raw = calloc(1, sizeof(*b->raw))))
		return db_fail(b->err, DB_R_NO_MEMORY);
	struct cd_raw *r = b->raw;
	unsigned first, end;
	cd_session_tracks(b, b->session, &first, &end);
	struct burn_track *t = &b->trk[first];
	if (!mmc_disc_addr_lba(b->di.last_session_leadin, true, &r->leadin) ||
	    r->leadin >= t->index0)
		r->leadin = t->index0 - CD_LEADIN_LATER;
	make_toc(b, r);
	if ((rc = write_leadin(b, r, t->index0)) < 0)
		return rc;
	/* the first 2 s of the program area: the first track's index 0 */
	return cd_write_zeros(b, t, t->index0, CD_LEAD_PREGAP, false);
}

static int close_disc(struct burn *b)
{
	unsigned first, end;
	cd_session_tracks(b, b->session, &first, &end);
	const struct burn_track *z = &b->trk[end - 1];
	uint32_t count = b->session == 1 && b->di.sessions <= 1 ? CD_LEADOUT_FIRST
							       : CD_LEADOUT_LATER;
	uint8_t *buf = malloc((size_t)PER * BLOCK);
	if (!buf)
		return db_fail(b->err, DB_R_NO_MEMORY);
	int32_t start = track_end(z);
	bool data = z->mode != TRACK_AUDIO;
	int rc = 0;
	for (uint32_t done = 0; done < count && rc == 0;) {
		uint32_t n = count - done < PER ? count - done : PER;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t k = done + i;
			int32_t l = start + (int32_t)k;
			uint8_t q[12];
			cd_q_position(q, z->ctl, 0xAA, 1, (int32_t)k, l);
			uint8_t *blk = buf + (size_t)i * BLOCK;
			empty_main(blk, data, l, 1);
			/* P: 2 s on, then 2 Hz (about 19 blocks on, 19 off) */
			bool p = k < 150 || (k - 150) / 19 % 2 == 0;
			cd_sub_pw(blk + CD_RAW_BYTES, p, q, NULL);
		}
		rc = burn_write_blocks(b, start + (int32_t)done, buf, n, BLOCK);
		done += n;
	}
	free(buf);
	if (rc < 0)
		return rc;
	return burn_sync(b);
}

const struct strategy strat_cd_raw = {
	"CD RAW96R", DS_CD_SAO, check, plan, setup, lead_in, close_disc, NULL, NULL,
};
