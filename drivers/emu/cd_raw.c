/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd_raw.c — RAW writing (page 05 write type 3, MMC-5 4.2.3.6 and 7.5.4):
 * the host sends every block of the session from the lead-in start of the
 * ATIP on -- lead-in, program area, lead-out -- each 2352 bytes of main
 * channel and the sub-channel it generated: 16 bytes of P-Q (Data Block
 * Type 1) or 96 bytes of P-W (2 packed, 3 raw; the Q channel is bit 6 of
 * each byte either way). The drive records what it is sent; the emulator
 * reads the Q channel to learn what it records (ECMA-130 22.3): the lead-in's
 * mode 1 frames carry the TOC (points 01-99, A0, A1, A2), its mode 5 frames
 * B0 when another session may follow; the program area's frames tell where
 * each track and index starts, its mode 2 and 3 frames the catalog number
 * and ISRCs; the first lead-out frame ends the program area. Data sectors
 * come scrambled (ECMA-130 Annex B, as the drive would record them) and are
 * kept unscrambled, as READ CD returns them.
 *
 * A drive writes whatever it gets; the emulator cannot keep a disc it
 * cannot describe, so it refuses (5/64/00) a block whose Q fails its CRC,
 * is not where the block is written, or disagrees with the lead-in's TOC,
 * and a lead-in that gives no complete TOC. The CD-TEXT of a lead-in is
 * kept when its R-W holds packs as SAO sends them (6-bit symbols, not
 * interleaved); interleaved R-W (raw P-W of a RAW96R CD-TEXT lead-in) is
 * recorded nowhere. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "base/bytes.h"
#include "emu_int.h"

struct emu_raw {
	int32_t next;           /* the next block the host writes */
	int32_t first;          /* the program area's first block (-150 ...) */
	int32_t leadout;        /* the first lead-out block, once seen */
	/* the lead-in's TOC */
	bool have[100];
	int32_t start[100];
	uint8_t ctl[100];
	int first_tno, last_tno;
	int32_t toc_leadout;
	bool multi;             /* B0: another session may follow */
	/* the program area */
	int cur_tno, cur_idx;
	int32_t idx0[100];
	uint8_t nidx[100];
	int32_t idx[100][EMU_MAX_INDEX];
	char isrc[100][13];
	char mcn[14];
	uint8_t *packs;
	unsigned npacks;
	bool packs_done;
};

void emu_raw_reset(struct emu *e)
{
	if (e->raw)
		free(e->raw->packs);
	free(e->raw);
	e->raw = NULL;
}

static int bcd_num(uint8_t b)
{
	return emu_bcd_ok(b) ? (int)emu_unbcd(b) : -1;
}

/* An MSF in BCD as an LBA, -1000000 if not BCD. */
static int32_t bcd_lba(const uint8_t *m)
{
	int mm = bcd_num(m[0]), ss = bcd_num(m[1]), ff = bcd_num(m[2]);
	if (mm < 0 || ss < 0 || ff < 0 || ss > 59 || ff > 74)
		return -1000000;
	return emu_msf_to_lba((uint8_t)mm, (uint8_t)ss, (uint8_t)ff);
}

/* The Q channel of one block's sub-channel. */
static void q_of(const uint8_t *sub, uint8_t dbt, uint8_t q[12])
{
	if (dbt == 1) {
		memcpy(q, sub, 12);
		return;
	}
	memset(q, 0, 12);
	for (int i = 0; i < 96; i++)
		q[i / 8] |= (uint8_t)(((sub[i] >> 6) & 1) << (7 - i % 8));
}

/* CD-TEXT packs in the R-W of a lead-in block (6-bit symbols), kept when
 * their CRC is right, the first cycle. */
static void leadin_packs(struct emu_raw *r, const uint8_t *b)
{
	uint8_t d[72];
	for (int i = 0; i < 24; i++) {
		const uint8_t *x = &b[4 * i];
		d[3 * i] = (uint8_t)((x[0] & 0x3f) << 2 | (x[1] & 0x3f) >> 4);
		d[3 * i + 1] = (uint8_t)((x[1] & 0x0f) << 4 | (x[2] & 0x3f) >> 2);
		d[3 * i + 2] = (uint8_t)((x[2] & 0x03) << 6 | (x[3] & 0x3f));
	}
	for (int k = 0; k < 4 && !r->packs_done; k++) {
		const uint8_t *p = &d[18 * k];
		uint16_t c = emu_crc16(p, 16);
		if (p[0] < 0x80 || p[0] > 0x8f || p[16] != (uint8_t)(c >> 8) || p[17] != (uint8_t)c)
			continue;
		if (r->npacks && memcmp(p, r->packs, 18) == 0) {
			r->packs_done = true;
			break;
		}
		uint8_t *n = r->npacks < EMU_MAX_PACKS ? realloc(r->packs, (r->npacks + 1) * 18u)
						       : NULL;
		if (!n)
			break;
		r->packs = n;
		memcpy(&r->packs[18 * r->npacks++], p, 18);
	}
}

/* One lead-in block: its Q is a TOC entry (mode 1) or a mode 5 point. */
static bool take_leadin(struct emu_raw *r, const uint8_t q[12])
{
	uint8_t adr = q[0] & 0x0f, ctl = q[0] >> 4, point = q[2];
	if (adr == 5) {
		if (point == 0xB0)
			r->multi = true;
		return true;
	}
	if (adr != 1 || q[1] != 0)
		return false;
	if (point == 0xA0) {
		r->first_tno = bcd_num(q[7]);
	} else if (point == 0xA1) {
		r->last_tno = bcd_num(q[7]);
	} else if (point == 0xA2) {
		r->toc_leadout = bcd_lba(&q[7]);
	} else {
		int t = bcd_num(point);
		int32_t lba = bcd_lba(&q[7]);
		if (t < 1 || t > 99 || lba < -150)
			return false;
		if (r->have[t] && (r->start[t] != lba || r->ctl[t] != ctl))
			return false;   /* the TOC repeats, it does not change */
		r->have[t] = true;
		r->start[t] = lba;
		r->ctl[t] = ctl;
	}
	return true;
}

static bool toc_complete(const struct emu_raw *r, int32_t capacity)
{
	if (r->first_tno < 1 || r->last_tno < r->first_tno || r->toc_leadout <= 0 ||
	    r->toc_leadout > capacity)
		return false;
	for (int t = r->first_tno; t <= r->last_tno; t++)
		if (!r->have[t] || (t > r->first_tno && r->start[t] <= r->start[t - 1]))
			return false;
	return r->start[r->last_tno] < r->toc_leadout;
}

/* One program area block at lba: its Q against the TOC. */
static bool take_program(struct emu_raw *r, int32_t lba, const uint8_t q[12])
{
	uint8_t adr = q[0] & 0x0f;
	if (adr == 2) {
		emu_q_mcn_decode(q, r->mcn);
		r->mcn[13] = '\0';
		return emu_mcn_valid(r->mcn);
	}
	if (adr == 3) {
		if (r->cur_tno < 1)
			return false;
		char *isrc = r->isrc[r->cur_tno];
		emu_q_isrc_decode(q, isrc);
		isrc[12] = '\0';
		return emu_isrc_valid(isrc);
	}
	if (adr != 1 || bcd_lba(&q[7]) != lba)
		return false;
	if (q[1] == 0xAA) {             /* the lead-out begins */
		if (lba != r->toc_leadout || r->cur_tno != r->last_tno)
			return false;
		r->leadout = lba;
		return true;
	}
	int t = bcd_num(q[1]), idx = bcd_num(q[2]);
	if (t < r->first_tno || t > r->last_tno || idx < 0 || (q[0] >> 4) != r->ctl[t])
		return false;
	if (t != r->cur_tno) {
		/* the next track, from its index 0 or its index 1 */
		if (t != (r->cur_tno < 1 ? r->first_tno : r->cur_tno + 1) || idx > 1)
			return false;
		r->cur_tno = t;
		r->cur_idx = idx;
		r->idx0[t] = lba;
		r->nidx[t] = 0;
		if (idx == 1 && lba != r->start[t])
			return false;
		return true;
	}
	if (idx == r->cur_idx)
		return lba < r->start[t] ? idx == 0 : idx >= 1;
	if (idx != r->cur_idx + 1)
		return false;
	if (idx == 1 && lba != r->start[t])
		return false;           /* index 1 where the TOC puts the track */
	if (idx >= 2) {
		if (r->nidx[t] >= EMU_MAX_INDEX)
			return false;
		r->idx[t][r->nidx[t]++] = lba;
	}
	r->cur_idx = idx;
	return true;
}

int emu_raw_write(struct emu *e, int32_t lba, uint32_t n)
{
	struct scsi_cmd *c = e->cmd;
	struct emu_disc *d = &e->d;
	uint8_t dbt = e->wp.data_block_type;
	unsigned bs = dbt == 1 ? 2368 : 2448;
	struct emu_track *inv = emu_invisible(d);

	if (dbt < 1 || dbt > 3)
		return emu_sense(e, 0x05, 0x64, 0x00);
	if ((uint64_t)n * bs > c->data_len)
		return emu_sense(e, 0x05, 0x64, 0x00);
	if (!inv || (inv->written && !e->raw) || emu_open_reserved(d))
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	if (!e->raw) {
		e->raw = calloc(1, sizeof(*e->raw));
		if (!e->raw)
			return -ENOMEM;
		struct emu_raw *r = e->raw;
		r->first = inv->start - 150;
		r->next = d->sessions == 0 ? emu_atip_leadin(e) : r->first - 4500;
		r->leadout = INT32_MAX;
		r->first_tno = r->last_tno = -1;
		r->toc_leadout = -1;
	}
	struct emu_raw *r = e->raw;
	if (lba != r->next)
		return emu_sense_info(e, 0x05, 0x21, 0x02, (uint32_t)lba);
	if (lba + (int64_t)n > (int64_t)d->capacity + 6750)
		return emu_sense_info(e, 0x05, 0x21, 0x00, (uint32_t)lba);

	int rc;
	if (emu_write_faults(e, lba, n, &rc))
		return rc;
	if (emu_write_underrun(e, NULL, n * bs, n, lba))
		return 0;
	/* a refused WRITE leaves what was learnt as it was */
	struct emu_raw *saved = malloc(sizeof(*r));
	if (!saved)
		return -ENOMEM;
	memcpy(saved, r, sizeof(*r));
	const uint8_t *data = c->data;
	for (uint32_t i = 0; i < n; i++, data += bs) {
		int32_t l = lba + (int32_t)i;
		const uint8_t *sub = data + 2352;
		uint8_t q[12];
		q_of(sub, dbt, q);
		/* with 16-byte P-Q the drive makes the CRC itself: hosts differ
		 * in what they put there (wodim the CRC, cdrdao its inverse) */
		if (dbt == 1)
			emu_q_crc(q);
		bool ok = emu_q_crc_ok(q);
		if (ok && l < r->first) {
			ok = take_leadin(r, q);
			if (ok && dbt != 1 && !e->wp.test_write)
				leadin_packs(r, sub);
		} else if (ok && l < r->leadout) {
			if (l == r->first && !toc_complete(r, (int32_t)d->capacity))
				ok = false;     /* no program area without a TOC */
			else
				ok = take_program(r, l, q);
			if (ok && l < r->leadout && !e->wp.test_write) {
				/* a data sector (the track's control nibble says data,
				 * the block has a sync pattern) gives PATH its user
				 * data too; PATH.bin gets every block as sent */
				int t = r->cur_tno;
				bool sync = data[0] == 0 && data[1] == 0xff && data[10] == 0xff &&
					    data[11] == 0;
				bool raw = t >= 1 && (r->ctl[t] & 0x04) && sync;
				uint8_t blk[2352];
				memcpy(blk, data, 2352);
				if (raw)
					emu_cd_scramble(blk);   /* sent scrambled, read back plain */
				if (emu_cd_store(e, l, raw ? HB_RAW : HB_AUDIO,
						 raw ? FORM_MODE1 : FORM_AUDIO, blk, 1) < 0) {
					free(saved);
					return -EIO;
				}
				bool rw = false;
				for (int k = 0; dbt != 1 && k < 96 && !rw; k++)
					rw = sub[k] & 0x3f;
				if (rw && emu_sub_write(e, l, sub) < 0) {
					free(saved);
					return -EIO;
				}
			}
		}
		if (!ok) {
			uint8_t *packs = r->packs;
			memcpy(r, saved, sizeof(*r));
			r->packs = packs;
			free(saved);
			return emu_sense_info(e, 0x05, 0x64, 0x00, (uint32_t)l);
		}
	}
	free(saved);
	r->next = lba + (int32_t)n;
	if (!e->wp.test_write)
		emu_save_cadence(e, n);
	return emu_reply(e, NULL, 0, 0);
}

bool emu_raw_done(const struct emu *e)
{
	return e->raw && e->raw->leadout != INT32_MAX;
}

/* The lead-out was reached: the session is what the Q channel said. */
void emu_raw_finish(struct emu *e)
{
	struct emu_raw *r = e->raw;
	struct emu_disc *d = &e->d;
	if (!r || e->wp.test_write) {
		emu_raw_reset(e);
		return;
	}
	unsigned base = d->ntracks - 1;
	uint8_t session = d->trk[base].session;
	unsigned nt = (unsigned)(r->last_tno - r->first_tno + 1);
	if (base + nt > EMU_MAX_TRACKS || r->first_tno != (int)base + 1) {
		emu_raw_reset(e);
		return;
	}
	for (unsigned i = 0; i < nt; i++) {
		int tn = r->first_tno + (int)i;
		struct emu_track *t = &d->trk[base + i];
		int32_t end = i + 1 < nt ? r->idx0[tn + 1] : r->leadout;
		memset(t, 0, sizeof(*t));
		t->start = r->start[tn];
		t->pregap = (uint32_t)(r->start[tn] - (r->idx0[tn] < r->start[tn] ? r->idx0[tn]
							: r->start[tn]));
		t->size = t->written = (uint32_t)(end - t->start);
		t->state = TRK_RESERVED;
		t->session = session;
		t->mode = r->ctl[tn] & 0x0f;
		t->form = FORM_AUDIO;
		if (t->mode & 0x04) {
			uint8_t raw[2352];
			enum emu_sector k;
			t->form = FORM_MODE1;
			if (emu_cd_sector(e, t->start, raw, &k) == 0 && raw[15] == 2)
				t->form = FORM_XA;
		} else {
			memcpy(t->isrc, r->isrc[tn], 13);
		}
		t->nidx = r->nidx[tn];
		memcpy(t->idx, r->idx[tn], sizeof(t->idx));
	}
	d->ntracks = base + nt;
	if (r->mcn[0])
		memcpy(d->mcn, r->mcn, 14);
	if (r->npacks && d->sessions == 0) {
		free(d->packs);
		d->packs = r->packs;
		d->npacks = r->npacks;
		r->packs = NULL;
	}
	bool multi = r->multi;
	emu_raw_reset(e);
	emu_close_session(e, multi);
}
