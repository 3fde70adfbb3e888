/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdplan.c — a layout laid out on a CD (see strategy.h).
 *
 * Every CD burn goes through here, the ISO image's one mode 1 track as
 * much as a cue sheet's tracks: each layout track becomes a burn_track
 * with its disc number, control nibble, LBAs, padding and the way its
 * sectors are sent, which depends on the strategy:
 *
 *   track mode      SAO (cue data form, bytes sent)   TAO (page 05 block type)
 *   audio           00h, 2352                          0, 2352
 *   mode 1          10h, 2048                          8, 2048
 *   mode 1 raw      10h, the 2048 user bytes            8, the 2048 user bytes
 *   mode 2          30h, 2336                          9, 2336
 *   mode 2 raw      20h, the 2336 after the header      13, sub-header + 2324
 *   XA form 1       20h, made: sub-header, EDC/ECC     10, 2048 (page 05's sub-header)
 *   XA form 2       20h, made: sub-header, EDC         12, 2324
 *   RAW             every sector whole (made for data), scrambled, with its P-W
 *
 * (cdrdao's generic-mmc sends raw data tracks the same way: the drive makes
 * the sync and header of the address it writes, so a raw image made for
 * another address still burns right.) TAO cannot write what the drive
 * makes itself: a pregap other than its 2 s of silence, indices, CD-TEXT
 * (in the lead-in); such a layout is refused for TAO, with what stands in
 * the way.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strategy.h"
#include "image/cdtext.h"
#include "mmc/cd.h"

enum { DEFAULT_PAD = 15 };      /* cdrecord's -pad for a data image */

static uint8_t track_ctl(const struct layout_track *lt)
{
	uint8_t ctl = lt->copy ? CD_CTL_COPY : 0;
	if (track_mode_is_data(lt->mode))
		return ctl | CD_CTL_DATA;
	if (lt->preemphasis)
		ctl |= CD_CTL_PREEMPHASIS;
	if (lt->four_channel)
		ctl |= CD_CTL_FOUR_CHANNEL;
	return ctl;
}

static void sao_form(struct burn_track *t)
{
	switch (t->mode) {
	case TRACK_AUDIO:     t->form = CD_FORM_AUDIO; t->send = SEND_AS_IS; break;
	case TRACK_MODE1:     t->form = CD_FORM_MODE1; t->send = SEND_AS_IS; break;
	case TRACK_MODE1_RAW: t->form = CD_FORM_MODE1; t->send = SEND_USER_OF_RAW; break;
	case TRACK_MODE2:     t->form = CD_FORM_MODE2; t->send = SEND_AS_IS; break;
	case TRACK_MODE2_RAW: t->form = CD_FORM_XA; t->send = SEND_AFTER_HEADER; break;
	case TRACK_XA_FORM1:  t->form = CD_FORM_XA; t->send = SEND_XA1_BODY; break;
	case TRACK_XA_FORM2:  t->form = CD_FORM_XA; t->send = SEND_XA2_BODY; break;
	}
	t->out_bytes = cd_form_bytes(t->form);
}

static void tao_form(struct burn_track *t)
{
	switch (t->mode) {
	case TRACK_AUDIO:     t->dbt = 0; t->send = SEND_AS_IS; t->out_bytes = 2352; break;
	case TRACK_MODE1:     t->dbt = 8; t->send = SEND_AS_IS; t->out_bytes = 2048; break;
	case TRACK_MODE1_RAW: t->dbt = 8; t->send = SEND_USER_OF_RAW; t->out_bytes = 2048; break;
	case TRACK_MODE2:     t->dbt = 9; t->send = SEND_AS_IS; t->out_bytes = 2336; break;
	case TRACK_MODE2_RAW: t->dbt = 13; t->send = SEND_XA_SUB_2332; t->out_bytes = 2332; break;
	case TRACK_XA_FORM1:  t->dbt = 10; t->send = SEND_AS_IS; t->out_bytes = 2048; break;
	case TRACK_XA_FORM2:  t->dbt = 12; t->send = SEND_AS_IS; t->out_bytes = 2324; break;
	}
}

/* Is the stream between off and off + len made of zero pieces alone? */
static bool stream_silent(const struct layout *l, uint64_t off, uint64_t len)
{
	uint64_t at = 0;
	for (unsigned i = 0; i < l->npieces && len; i++) {
		const struct layout_piece *p = &l->piece[i];
		if (off < at + p->length && off + len > at && p->kind != PIECE_ZERO)
			return false;
		at += p->length;
	}
	return true;
}

static void tao_refuse(struct burn *b, const char *what, unsigned track, uint64_t n)
{
	struct db_error e;
	db_fail(&e, DB_R_CD_TAO_LAYOUT, .what = what, .n1 = track, .n2 = n,
		.subject = b->image->name);
	burn_reason(b, &e);
}

/* What TAO cannot write: the drive writes the lead-in, and 2 s of silence
 * before every track but the first (whose pregap is the disc's first 2 s). */
static void tao_check(struct burn *b)
{
	const struct layout *l = b->layout;
	for (unsigned i = 0; i < b->ntrk; i++) {
		const struct burn_track *t = &b->trk[i];
		bool first = i == 0 || t->session != b->trk[i - 1].session;
		uint32_t want = first ? 0 : CD_LEAD_PREGAP;
		if (t->pregap != want) {
			tao_refuse(b, "a pregap other than the drive's own", t->number, t->pregap);
			return;
		}
		if (t->pregap && !stream_silent(l, t->stream_offset,
						(uint64_t)t->pregap * t->in_bytes)) {
			tao_refuse(b, "audio in a pregap", t->number, t->pregap);
			return;
		}
		if (t->lt->nindex) {
			tao_refuse(b, "indices after index 1", t->number, t->lt->nindex + 1);
			return;
		}
	}
	if (b->cdtext)
		tao_refuse(b, "CD-TEXT", 0, b->cdtext_len / CD_PACK_BYTES);
}

bool cd_session_xa(const struct burn *b, unsigned s)
{
	for (unsigned i = 0; i < b->ntrk; i++)
		if (b->trk[i].session == s && b->trk[i].mode != TRACK_AUDIO &&
		    b->trk[i].mode != TRACK_MODE1 && b->trk[i].mode != TRACK_MODE1_RAW)
			return true;
	return false;
}

bool burn_session_multi(const struct burn *b)
{
	return b->p->multi || (b->ntrk && b->session < b->trk[b->ntrk - 1].session);
}

bool cd_layout(const struct layout *l)
{
	if (l->ntracks != 1 || l->nsessions > 1)
		return true;
	return l->track[0].mode != TRACK_MODE1 && l->track[0].mode != TRACK_XA_FORM1;
}

/* Could TAO write l? (tao_check says why not, once the plan is made.) */
static bool tao_fits(const struct layout *l)
{
	if ((l->cdtext_packs && l->cdtext_len) || cdtext_any(l))
		return false;
	for (unsigned i = 0; i < l->ntracks; i++) {
		const struct layout_track *t = &l->track[i];
		bool first = i == 0 || t->session != l->track[i - 1].session;
		unsigned bytes = track_mode_sector_bytes(t->mode);
		if (t->nindex || t->pregap != (first ? 0u : CD_LEAD_PREGAP) ||
		    (t->pregap && !stream_silent(l, t->stream_offset, (uint64_t)t->pregap * bytes)))
			return false;
	}
	return true;
}

const struct strategy *cd_choose(struct burn *b)
{
	if (b->cfg.f_cd_sao)
		return &strat_cd_sao;
	if (b->cfg.f_cd_tao && tao_fits(b->layout))
		return &strat_cd_tao;
	if (b->cfg.f_cd_raw && !(b->layout->cdtext_packs || cdtext_any(b->layout)))
		return &strat_cd_raw;
	return b->cfg.f_cd_tao && !b->cfg.f_cd_raw ? &strat_cd_tao : &strat_cd_sao;
}

void cd_session_tracks(const struct burn *b, unsigned s, unsigned *first, unsigned *end)
{
	unsigned i = 0;
	while (i < b->ntrk && b->trk[i].session < s)
		i++;
	*first = i;
	while (i < b->ntrk && b->trk[i].session == s)
		i++;
	*end = i;
}

void cd_place(struct burn *b, unsigned session, int32_t nwa)
{
	unsigned first, end;
	cd_session_tracks(b, session, &first, &end);
	int32_t at = nwa;
	for (unsigned i = first; i < end; i++) {
		struct burn_track *t = &b->trk[i];
		t->index0 = i == first ? nwa - CD_LEAD_PREGAP : at;
		t->index1 = at + (int32_t)t->pregap;
		at = t->index1 + (int32_t)(t->length + t->pad);
	}
}

/* The CD-TEXT packs of the lead-in: given as such (textfile=, CDTEXTFILE),
 * or encoded from the layout's fields. */
static int cdtext(struct burn *b)
{
	const struct layout *l = b->layout;
	struct db_error e;
	if (l->cdtext_packs && l->cdtext_len) {
		if (!(b->cdtext = malloc(l->cdtext_len)))
			return db_fail(b->err, DB_R_NO_MEMORY);
		memcpy(b->cdtext, l->cdtext_packs, l->cdtext_len);
		b->cdtext_len = l->cdtext_len;
		return 0;
	}
	if (!cdtext_any(l))
		return 0;
	if (cdtext_encode(l, &b->cdtext, &b->cdtext_len, &e) < 0) {
		if (!e.subject[0])
			snprintf(e.subject, sizeof(e.subject), "%s", b->image->name);
		burn_reason(b, &e);
	}
	return 0;
}

/* The fit: a sheet's layout against the disc's playing time (as the sheet
 * parsers count it, sessions' lead-ins and lead-outs included); an image
 * against the free blocks, as on every medium. */
static void fit(struct burn *b, uint64_t pads)
{
	struct db_error e;
	if (b->p->overburn)
		return;
	if (!b->image->sheet) {
		if (b->total_blocks > b->free_blocks) {
			db_fail(&e, DB_R_NO_FIT, .subject = b->image->name, .n1 = b->total_blocks,
				.n2 = b->free_blocks, .profile = b->profile);
			burn_reason(b, &e);
		}
		return;
	}
	uint64_t room = b->free_blocks > pads ? b->free_blocks - pads : 0;
	if (layout_check_fit(b->layout, room, b->image->name, &e) < 0) {
		e.n1 += pads;
		e.n2 = b->free_blocks;
		burn_reason(b, &e);
	}
}

int cd_plan(struct burn *b)
{
	const struct layout *l = b->layout;
	const struct burn_params *p = b->p;
	b->cd = true;
	b->ntrk = l->ntracks;
	if (!(b->trk = calloc(l->ntracks ? l->ntracks : 1, sizeof(*b->trk))))
		return db_fail(b->err, DB_R_NO_MEMORY);
	unsigned first_number = b->ti.track ? b->ti.track : 1;
	uint64_t sectors = 0, pads = 0;
	for (unsigned i = 0; i < l->ntracks; i++) {
		const struct layout_track *lt = &l->track[i];
		struct burn_track *t = &b->trk[i];
		t->lt = lt;
		t->number = first_number + i;
		t->session = lt->session ? lt->session : 1;
		t->mode = lt->mode;
		t->ctl = track_ctl(lt);
		t->pregap = lt->pregap;
		t->length = lt->length;
		t->in_bytes = track_mode_sector_bytes(lt->mode);
		t->stream_offset = lt->stream_offset;
		uint64_t bytes = layout_track_sectors(lt) * t->in_bytes;
		uint64_t rest = l->stream_bytes - lt->stream_offset;
		t->stream_bytes = bytes < rest ? bytes : rest;
		t->write_pregap = true;
		if (!b->image->sheet && p->pad)         /* -pad of a data image */
			t->pad = p->padsize ? p->padsize : DEFAULT_PAD;
		if (!b->image->sheet && b->type->min_track &&
		    t->length + t->pad < b->type->min_track) {
			/* Red Book: a track lasts at least 4 seconds; a data
			 * image is padded with zeros as cdrecord does. A
			 * layout's tracks never are: a sheet's are refused
			 * shorter, a master's are copied as they are */
			t->pad = b->type->min_track - t->length;
			burn_warn(b, WARN_PADDED_TO_MIN_TRACK, b->type->min_track);
		}
		if (b->strat == &strat_cd_tao) {
			tao_form(t);
			t->write_pregap = false;
		} else if (b->strat == &strat_cd_raw) {
			t->send = SEND_RAW_PW;
			t->out_bytes = CD_RAW_BYTES + CD_SUB_BYTES;
		} else {
			sao_form(t);
		}
		sectors += layout_track_sectors(lt) + t->pad;
		pads += t->pad;
	}
	if (sectors > UINT32_MAX / 4) {
		struct db_error e;
		db_fail(&e, DB_R_IMAGE_TOO_LARGE, .subject = b->image->name);
		burn_reason(b, &e);
		return DB_ENOSPACE;
	}
	int rc = cdtext(b);
	if (rc < 0)
		return rc;
	if (b->strat == &strat_cd_tao)
		tao_check(b);
	if (!burn_address_fits(b, sectors))
		return DB_EINVAL;
	cd_place(b, 1, (int32_t)b->start_lba);
	b->session = 1;
	b->xa = cd_session_xa(b, 1);
	b->image_blocks = (uint32_t)(sectors - pads);
	b->total_blocks = (uint32_t)sectors;
	fit(b, pads);
	return 0;
}

void cd_free(struct burn *b)
{
	free(b->trk);
	b->trk = NULL;
	b->ntrk = 0;
	free(b->cdtext);
	b->cdtext = NULL;
	b->cdtext_len = 0;
}
