/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd_cue.c — Session At Once on CD: SEND CUE SHEET (MMC-5 6.33) lays a
 * session out -- tracks, indices, pregaps (a hidden track one included),
 * catalog number (ADR 2), ISRC (ADR 3), control flags, SCMS and the data
 * form of every part -- and the WRITEs that follow fill it in order: the
 * lead-in with CD-TEXT when its data form asks for R-W, then the program
 * area, each block in the size its data form gives.
 *
 * How burners send CD-TEXT in SAO (cdrdao generic-mmc, libburn, wodim): the
 * cue sheet's lead-in entry has data form 41h (CD-DA main data the drive
 * generates, R-W sub-channel from the host), its address 00:00:00 or the
 * lead-in start; the host then WRITEs 96-byte blocks from the lead-in start
 * of the ATIP (READ DISC INFORMATION bytes 17-19) up to LBA -151, each the
 * R-W bits of one sector: four 18-byte CD-TEXT packs in 6-bit symbols,
 * repeated cyclically over the whole lead-in. The drive keeps them (the
 * first cycle here) for READ TOC format 5. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "base/bytes.h"
#include "emu_int.h"

/* ---- data forms (6.33.3.13 to 6.33.3.15) ------------------------------------ */

static bool form_known(uint8_t form)
{
	switch (form & 0x3f) {
	case 0x00: case 0x01: case 0x10: case 0x11: case 0x14: case 0x20: case 0x21:
	case 0x24: case 0x30: case 0x31: case 0x34:
		return (form & 0xc0) != 0x80;   /* sub-channel 10b is reserved */
	default:
		return false;
	}
}

/* What the host sends for a block of this data form; HB_NONE: nothing,
 * the drive generates it (01h, 14h, 24h, 34h: zero data). */
static enum emu_hb form_hb(uint8_t form)
{
	switch (form & 0x3f) {
	case 0x00: return HB_AUDIO;
	case 0x10: return HB_MODE1;
	case 0x11: case 0x21: case 0x31: return HB_RAW;
	case 0x20: case 0x30: return HB_MODE2;
	default:   return HB_NONE;
	}
}

/* R-W (01b) or P-W (11b) sub-channel from the host: 96 bytes more. */
static unsigned form_sub(uint8_t form)
{
	return form & 0xc0 ? 96 : 0;
}

static uint8_t form_track(uint8_t form)
{
	switch (form & 0x30) {
	case 0x00: return FORM_AUDIO;
	case 0x10: return FORM_MODE1;
	case 0x20: return FORM_XA;
	default:   return FORM_MODE2;
	}
}

/* ---- the session being written --------------------------------------------------- */

void emu_sao_reset(struct emu *e)
{
	free(e->sao.packs);
	memset(&e->sao, 0, sizeof(e->sao));
}

static const struct emu_cue_point *point_at(const struct emu_sao *s, int32_t lba)
{
	unsigned lo = 0, hi = s->npts;
	while (hi - lo > 1) {
		unsigned mid = (lo + hi) / 2;
		if (s->pts[mid].lba <= lba)
			lo = mid;
		else
			hi = mid;
	}
	return &s->pts[lo];
}

/* Past the blocks the drive generates itself. */
static void skip_generated(struct emu_sao *s)
{
	while (s->next >= s->first && s->next < s->leadout) {
		const struct emu_cue_point *p = point_at(s, s->next);
		if (form_hb(p->form) != HB_NONE)
			break;
		s->next = (p + 1)->lba;
	}
}

void emu_sao_finish(struct emu *e)
{
	struct emu_sao *s = &e->sao;
	struct emu_disc *d = &e->d;
	/* CD-TEXT is read from the first lead-in of the disc */
	if (s->npacks && d->sessions == 0) {
		free(d->packs);
		d->packs = s->packs;
		d->npacks = s->npacks;
		s->packs = NULL;
	}
	emu_close_session(e, e->wp.multisession == 3);
	emu_sao_reset(e);
}

/* ---- SEND CUE SHEET ------------------------------------------------------------------ */

struct cue_track {
	int32_t idx0, idx1;
	bool has1, nctl;
	uint8_t ctl, form;
	bool scms;
	uint8_t nidx;
	int32_t idx[EMU_MAX_INDEX];
};

struct cue_parse {
	char mcn[14];
	char isrc[100][13];
	uint8_t leadin_form;
	int32_t leadout;
	unsigned nt;
	uint8_t first_tno;
	struct cue_track t[EMU_MAX_TRACKS];
};

/* MCN (ADR 2) and ISRC (ADR 3) come as two entries each: the catalog
 * number's 13 digits in bytes 1-7 of the first and 1-6 of the second, the
 * ISRC's 12 characters in bytes 2-7 of both (6.33.3.6, 6.33.3.7). */
static bool take_code(struct cue_parse *cp, const uint8_t *a, const uint8_t *b)
{
	if ((a[0] & 0x0f) == 2) {
		if ((b[0] & 0x0f) != 2)
			return false;
		memcpy(cp->mcn, &a[1], 7);
		memcpy(cp->mcn + 7, &b[1], 6);
		cp->mcn[13] = '\0';
		return emu_mcn_valid(cp->mcn);
	}
	if ((b[0] & 0x0f) != 3 || a[1] != b[1] || a[1] < 1 || a[1] > 99)
		return false;
	char *isrc = cp->isrc[a[1]];
	memcpy(isrc, &a[2], 6);
	memcpy(isrc + 6, &b[2], 6);
	isrc[12] = '\0';
	return emu_isrc_valid(isrc);
}

/* Parse and check the cue sheet into cp and the points of s. */
static bool parse_cue(struct emu *e, const uint8_t *q, uint32_t len, struct cue_parse *cp,
		      struct emu_sao *s)
{
	bool leadin = false;
	int cur = -1;           /* index into cp->t of the track being read */
	int last_idx = -1;
	int32_t prev = INT32_MIN;

	cp->leadout = INT32_MIN;
	for (uint32_t off = 0; off < len; off += 8) {
		const uint8_t *p = &q[off];
		uint8_t adr = p[0] & 0x0f, ctl = p[0] >> 4, tno = p[1], idx = p[2], form = p[3];
		if (adr == 2 || adr == 3) {
			if (off + 8 >= len || !take_code(cp, p, p + 8))
				return false;
			off += 8;
			continue;
		}
		if (adr != 1 || cp->leadout != INT32_MIN)
			return false;
		if (p[6] > 59 || p[7] > 74 || !form_known(form))
			return false;
		int32_t lba = emu_msf_to_lba(p[5], p[6], p[7]);
		if (!leadin) {          /* the lead-in: TNO 0, index 0 */
			if (tno != 0 || idx != 0 || form_hb(form) != HB_NONE)
				return false;
			cp->leadin_form = form;
			leadin = true;
			continue;
		}
		if (lba <= prev || s->npts >= EMU_MAX_CUE - 1)
			return false;
		prev = lba;
		s->pts[s->npts++] = (struct emu_cue_point){ lba, tno, idx, form, ctl };
		if (tno == 0xAA) {
			if (idx != 1 || form_hb(form) != HB_NONE || cur < 0)
				return false;
			cp->leadout = lba;
			continue;
		}
		if (tno < 1 || tno > 99)
			return false;
		if (cur >= 0 && tno == cp->first_tno + cur) {
			/* the next index of the same track */
			if (idx != last_idx + 1 || idx > 99)
				return false;
		} else {
			/* a new track: the next number, index 0 or 1 (track one
			 * of the session: its pregap, index 0) */
			if (cur < 0 ? idx != 0 : tno != cp->first_tno + cur + 1 || idx > 1)
				return false;
			if (cur < 0)
				cp->first_tno = tno;
			if (++cur >= EMU_MAX_TRACKS)
				return false;
			memset(&cp->t[cur], 0, sizeof(cp->t[cur]));
			cp->t[cur].idx0 = lba;
			cp->nt = (unsigned)cur + 1;
		}
		struct cue_track *t = &cp->t[cur];
		/* one control nibble for the whole track */
		if (t->nctl && t->ctl != ctl)
			return false;
		t->ctl = ctl;
		t->nctl = true;
		last_idx = idx;
		if (idx == 1) {
			t->has1 = true;
			t->idx1 = lba;
			t->form = form;
			t->scms = p[4] & 0x80;
		} else if (idx >= 2) {
			t->idx[t->nidx++] = lba;
		}
	}
	if (!leadin || cp->leadout == INT32_MIN || cp->nt == 0)
		return false;
	for (unsigned i = 0; i < cp->nt; i++) {
		struct cue_track *t = &cp->t[i];
		/* index 1 is required, with data the host sends; the control
		 * nibble's data bit and the data form agree */
		if (!t->has1 || form_hb(t->form) == HB_NONE)
			return false;
		if (((t->ctl & 0x04) != 0) != (form_track(t->form) != FORM_AUDIO))
			return false;
	}
	return true;
}

int emu_send_cue_sheet(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	uint32_t len = get_be24(&c->cdb[6]);
	const uint8_t *q = c->data;
	struct emu_disc *d = &e->d;
	struct emu_track *inv = emu_invisible(d);

	if (!emu_is_cd(e) || e->wp.write_type != 2 || !inv || inv->written ||
	    emu_open_reserved(d))
		return emu_sense(e, 0x05, 0x2C, 0x00);
	if (len > c->data_len || !q || len % 8 || len < 24)
		return emu_sense(e, 0x05, 0x1A, 0x00);

	struct cue_parse *cp = calloc(1, sizeof(*cp));
	if (!cp)
		return -ENOMEM;
	emu_sao_reset(e);
	struct emu_sao *s = &e->sao;
	unsigned base = d->ntracks - 1;
	int32_t first = inv->start - 150;       /* where the session's program area starts */
	bool ok = parse_cue(e, q, len, cp, s);
	/* the session's first track: the next track number, its index 0 at
	 * the start of the program area, at least 2 s of pregap (6.33.3.8);
	 * each index 1 after its index 0; the lead-out within the disc */
	if (ok && (cp->first_tno != base + 1 || cp->t[0].idx0 != first ||
		   cp->t[0].idx1 < first + 150 || cp->leadout > (int32_t)d->capacity ||
		   base + cp->nt > EMU_MAX_TRACKS))
		ok = false;
	for (unsigned i = 0; ok && i < cp->nt; i++)
		if (cp->t[i].idx1 < cp->t[i].idx0)
			ok = false;
	if (!ok) {
		free(cp);
		emu_sao_reset(e);
		return emu_sense(e, 0x05, 0x26, 0x00);
	}

	bool raw = false;
	for (unsigned i = 0; i < s->npts; i++)
		if (form_hb(s->pts[i].form) != HB_MODE1 && form_hb(s->pts[i].form) != HB_NONE)
			raw = true;
	if (!e->wp.test_write) {
		if (raw && emu_bin_need(e) < 0) {
			free(cp);
			emu_sao_reset(e);
			return -EIO;
		}
		uint8_t session = inv->session;
		for (unsigned i = 0; i < cp->nt; i++) {
			const struct cue_track *ct = &cp->t[i];
			struct emu_track *t = &d->trk[base + i];
			int32_t end = i + 1 < cp->nt ? cp->t[i + 1].idx0 : cp->leadout;
			memset(t, 0, sizeof(*t));
			t->start = ct->idx1;
			t->pregap = (uint32_t)(ct->idx1 - ct->idx0);
			t->size = (uint32_t)(end - ct->idx1);
			t->state = TRK_RESERVED;
			t->session = session;
			t->mode = ct->ctl & 0x0f;
			t->form = form_track(ct->form);
			t->scms = ct->scms;
			t->nidx = ct->nidx;
			memcpy(t->idx, ct->idx, sizeof(t->idx));
			if (t->form == FORM_AUDIO)
				memcpy(t->isrc, cp->isrc[cp->first_tno + i], 13);
		}
		d->ntracks = base + cp->nt;
		if (cp->mcn[0])
			memcpy(d->mcn, cp->mcn, 14);
	}
	e->sim_written = 0;
	s->active = true;
	s->first = first;
	s->leadout = cp->leadout;
	s->cdtext = cp->leadin_form & 0xc0;
	s->leadin = d->sessions == 0 ? emu_atip_leadin(e) : first - 4500;
	s->next = s->cdtext ? s->leadin : first;
	skip_generated(s);
	free(cp);
	return emu_reply(e, NULL, 0, 0);
}

/* ---- WRITE in a SAO session ------------------------------------------------------------- */

/* Four CD-TEXT packs from the R-W bits of one lead-in sector (6 bits of
 * each of its 96 bytes, most significant first), kept until the cycle
 * starts again with the first pack. */
static void collect_packs(struct emu_sao *s, const uint8_t *b)
{
	uint8_t d[72];
	for (int i = 0; i < 24; i++) {
		const uint8_t *x = &b[4 * i];
		d[3 * i] = (uint8_t)((x[0] & 0x3f) << 2 | (x[1] & 0x3f) >> 4);
		d[3 * i + 1] = (uint8_t)((x[1] & 0x0f) << 4 | (x[2] & 0x3f) >> 2);
		d[3 * i + 2] = (uint8_t)((x[2] & 0x03) << 6 | (x[3] & 0x3f));
	}
	for (int k = 0; k < 4 && !s->packs_done; k++) {
		const uint8_t *p = &d[18 * k];
		if (p[0] < 0x80 || p[0] > 0x8f)
			continue;               /* no pack: a lead-in without text */
		if (s->npacks && memcmp(p, s->packs, 18) == 0) {
			s->packs_done = true;
			break;
		}
		if (s->npacks >= EMU_MAX_PACKS)
			break;
		uint8_t *n = realloc(s->packs, (size_t)(s->npacks + 1) * 18);
		if (!n)
			break;
		s->packs = n;
		memcpy(&s->packs[s->npacks++ * 18], p, 18);
	}
}

int emu_sao_write(struct emu *e, int32_t lba, uint32_t n)
{
	struct scsi_cmd *c = e->cmd;
	struct emu_sao *s = &e->sao;
	struct emu_disc *d = &e->d;

	if (lba != s->next && s->next < s->first) {
		/* a host that writes no CD-TEXT, or stops early, goes on with
		 * the program area */
		int32_t save = s->next;
		s->next = s->first;
		skip_generated(s);
		if (lba != s->next)
			s->next = save;
	}
	if (lba != s->next)
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	uint64_t total = 0;
	bool all2048 = true;
	for (uint32_t i = 0; i < n; i++) {
		int32_t l = lba + (int32_t)i;
		unsigned bs;
		if (l < s->first) {
			bs = 96;                /* the lead-in's R-W */
		} else {
			if (l >= s->leadout)
				return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)l);
			const struct emu_cue_point *p = point_at(s, l);
			enum emu_hb hb = form_hb(p->form);
			if (hb == HB_NONE)      /* the drive makes this block */
				return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)l);
			bs = emu_hb_size(hb) + form_sub(p->form);
		}
		all2048 &= bs == EMU_BLOCK;
		total += bs;
	}
	if (total > c->data_len)
		return all2048 ? emu_sense(e, 0x05, 0x24, 0x00) : emu_sense(e, 0x05, 0x64, 0x00);

	int rc;
	if (emu_write_faults(e, lba, n, &rc))
		return rc;
	if (emu_write_underrun(e, NULL, (uint32_t)total, n, lba))
		return 0;
	const uint8_t *data = c->data;
	for (uint32_t i = 0; i < n;) {
		int32_t l = lba + (int32_t)i;
		if (l < s->first) {
			if (!e->wp.test_write)
				collect_packs(s, data);
			data += 96;
			i++;
			continue;
		}
		const struct emu_cue_point *p = point_at(s, l);
		enum emu_hb hb = form_hb(p->form);
		unsigned bs = emu_hb_size(hb), sub = form_sub(p->form);
		/* a run of blocks of this point; one at a time with sub-channel
		 * (the R-W goes to PATH.sub) */
		uint32_t run = sub ? 1 : n - i;
		if (l + (int32_t)run > (p + 1)->lba)
			run = (uint32_t)((p + 1)->lba - l);
		if (!e->wp.test_write &&
		    emu_cd_store(e, l, hb, form_track(p->form), data, run) < 0)
			return -EIO;
		if (sub && !e->wp.test_write && emu_sub_write(e, l, data + bs) < 0)
			return -EIO;
		data += (size_t)run * (bs + sub);
		i += run;
	}
	s->next = lba + (int32_t)n;
	skip_generated(s);
	if (e->wp.test_write)
		return emu_reply(e, NULL, 0, 0);
	for (unsigned i = 0; i < d->ntracks; i++) {
		struct emu_track *x = &d->trk[i];
		if (x->state != TRK_RESERVED)
			continue;
		int64_t lo = lba > x->start ? lba : x->start;
		int64_t hi = (int64_t)lba + n;
		if (hi > (int64_t)x->start + x->size)
			hi = (int64_t)x->start + x->size;
		if (hi > lo && hi - x->start > x->written)
			x->written = (uint32_t)(hi - x->start);
	}
	emu_save_cadence(e, n);
	return emu_reply(e, NULL, 0, 0);
}
