/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_info.c — commands that only answer: identification, configuration,
 * disc/track/TOC information, capacities, mode pages, performance, events,
 * and READ. Section numbers cite MMC-5 (T10/1675-D r03c), SPC-4 for INQUIRY. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

static void pad_copy(uint8_t *dst, const char *src, size_t n)
{
	size_t l = strlen(src);
	memset(dst, ' ', n);
	memcpy(dst, src, l < n ? l : n);
}

/* SPC-4 6.4: standard data, VPD pages 00 and 80 (unit serial number). */
int emu_inquiry(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	uint16_t alloc = get_be16(&cdb[3]);
	uint8_t b[96] = { 0 };

	if (cdb[1] & 1) {
		b[0] = (uint8_t)e->ptype;
		b[1] = cdb[2];
		if (cdb[2] == 0x00) {
			b[3] = 2;
			b[4] = 0x00;
			b[5] = 0x80;
			return emu_reply(e, b, 6, alloc);
		}
		if (cdb[2] == 0x80) {
			size_t l = strlen(e->serial);
			b[3] = (uint8_t)l;
			memcpy(&b[4], e->serial, l);
			return emu_reply(e, b, 4 + l, alloc);
		}
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	if (cdb[2] != 0)
		return emu_sense(e, 0x05, 0x24, 0x00);
	b[0] = (uint8_t)e->ptype;
	b[1] = e->ptype == 5 ? 0x80 : 0x00;     /* RMB */
	b[2] = 0x05;                            /* SPC-3 */
	b[3] = 0x02;                            /* response data format 2 */
	b[4] = 96 - 5;
	pad_copy(&b[8], e->vendor, 8);
	pad_copy(&b[16], e->model, 16);
	pad_copy(&b[32], e->revision, 4);
	return emu_reply(e, b, 96, alloc);
}

/* ---- GET CONFIGURATION (6.6, features 5.3) ------------------------------- */

struct feat_buf {
	uint8_t b[1024];
	size_t n;
	uint8_t rt;
	uint16_t start;
};

static void feat(struct feat_buf *f, uint16_t code, uint8_t version, bool persistent,
		 bool current, const uint8_t *data, uint8_t len)
{
	if (code < f->start)
		return;
	if (f->rt == 1 && !current)
		return;
	if (f->rt == 2 && code != f->start)
		return;
	if (f->n + 4 + len > sizeof(f->b))
		return;
	uint8_t *p = &f->b[f->n];
	put_be16(p, code);
	p[2] = (uint8_t)(version << 2 | (persistent ? 2 : 0) | (current ? 1 : 0));
	p[3] = len;
	if (len)
		memcpy(p + 4, data, len);
	f->n += 4u + len;
}

static const uint16_t all_profiles[] = {
	0x0043, 0x0041, 0x0040, 0x002B, 0x001B, 0x001A, 0x0014, 0x0013, 0x0011,
	0x0010, 0x000A, 0x0009, 0x0008,
};

static uint16_t current_profile(const struct emu *e)
{
	return e->present ? emu_ki(e)->profile : 0;
}

int emu_get_configuration(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct feat_buf f;
	uint8_t d[64];
	uint16_t prof = current_profile(e);
	enum emu_kind k = e->d.kind;
	bool cd = e->present && emu_is_cd(e);
	bool dvd = e->present && emu_ki(e)->family == EMU_FAM_DVD;
	bool bd = e->present && emu_ki(e)->family == EMU_FAM_BD;
	bool seq_dvdm = e->present && (k == EMU_DVD_R || k == EMU_DVD_RW);
	bool writable = e->present && !e->d.finalized;
	bool buf = !e->no_burnfree;
	uint8_t rw = e->no_blank ? 0 : 0x02;   /* CD-RW / DVD-RW bit: can blank */

	f.n = 8;
	f.rt = cdb[1] & 3;
	f.start = get_be16(&cdb[2]);
	if (f.rt == 3)
		return emu_sense(e, 0x05, 0x24, 0x00);
	memset(f.b, 0, sizeof(f.b));

	/* 0000h Profile List (5.3.1) */
	size_t np = 0;
	for (size_t i = 0; i < sizeof(all_profiles) / sizeof(all_profiles[0]); i++) {
		put_be16(&d[np], all_profiles[i]);
		d[np + 2] = all_profiles[i] == prof ? 1 : 0;
		d[np + 3] = 0;
		np += 4;
	}
	feat(&f, 0x0000, 0, true, true, d, (uint8_t)np);
	/* 0001h Core (5.3.2): ATAPI interface, INQ2, DBE */
	memset(d, 0, 8);
	put_be32(d, 2);
	d[4] = 0x03;
	feat(&f, 0x0001, 2, true, true, d, 8);
	/* 0002h Morphing (5.3.3): OCEvent, no async */
	memset(d, 0, 4);
	d[0] = 0x02;
	feat(&f, 0x0002, 1, true, true, d, 4);
	/* 0003h Removable Medium (5.3.4): tray, eject, lock */
	memset(d, 0, 4);
	d[0] = 0x20 | 0x08 | 0x01;
	feat(&f, 0x0003, 2, true, true, d, 4);
	/* 0010h Random Readable (5.3.5) */
	memset(d, 0, 8);
	put_be32(d, EMU_BLOCK);
	put_be16(&d[4], e->present ? emu_ki(e)->ecc : 1);
	d[6] = 0x01;
	feat(&f, 0x0010, 0, false, e->present && !emu_disc_blank(&e->d), d, 8);
	/* 001Dh Multi-Read, 001Eh CD Read, 001Fh DVD Read */
	memset(d, 0, 4);
	feat(&f, 0x001D, 0, false, cd, d, 0);
	feat(&f, 0x001E, 2, false, cd, d, 4);
	feat(&f, 0x001F, 1, false, dvd, d, 4);
	/* 0020h Random Writable (5.3.10): BD-RE */
	memset(d, 0, 12);
	put_be32(d, e->d.capacity - 1);
	put_be32(&d[4], EMU_BLOCK);
	put_be16(&d[8], 32);
	feat(&f, 0x0020, 0, false, e->present && k == EMU_BD_RE && e->d.formatted, d, 12);
	/* 0021h Incremental Streaming Writable (5.3.11): data block type 8
	 * (bit 8 of the mask), BUF, one link size */
	memset(d, 0, 8);
	put_be16(d, 0x0001 << 8 | 0x0001);
	d[2] = buf ? 0x01 : 0;
	d[3] = 1;
	d[4] = cd ? 7 : 16;
	feat(&f, 0x0021, 1, false, (cd || seq_dvdm) && writable, d, 8);
	/* 0023h Formattable (5.3.13) */
	memset(d, 0, 8);
	feat(&f, 0x0023, 0, false,
	     e->present && (k == EMU_DVD_PLUS_RW || k == EMU_DVD_RW || k == EMU_DVD_RW_RO ||
			    k == EMU_BD_RE || (k == EMU_BD_R && emu_disc_blank(&e->d))), d, 8);
	/* 0024h Hardware Defect Management (5.3.14): BD-RE */
	memset(d, 0, 4);
	feat(&f, 0x0024, 1, false, e->present && k == EMU_BD_RE, d, 4);
	/* 0026h Restricted Overwrite (5.3.16) */
	feat(&f, 0x0026, 0, false, e->present && k == EMU_DVD_RW_RO, d, 0);
	/* 002Ah DVD+RW (5.3.19): Write; Close Only, Quick Start */
	memset(d, 0, 4);
	d[0] = 0x01;
	d[1] = 0x01;
	feat(&f, 0x002A, 1, false, e->present && k == EMU_DVD_PLUS_RW, d, 4);
	/* 002Bh DVD+R (5.3.20): Write */
	memset(d, 0, 4);
	d[0] = 0x01;
	feat(&f, 0x002B, 0, false, e->present && k == EMU_DVD_PLUS_R, d, 4);
	/* 002Dh CD Track at Once (5.3.22): BUF, Test Write, CD-RW; data types */
	memset(d, 0, 4);
	d[0] = (buf ? 0x40 : 0) | 0x04 | rw;
	put_be16(&d[2], 0x0100 | 0x0001);
	feat(&f, 0x002D, 2, false, cd && writable, d, 4);
	/* 002Eh CD Mastering (5.3.23): BUF, SAO, Test Write, CD-RW; max cue sheet */
	memset(d, 0, 4);
	d[0] = (buf ? 0x40 : 0) | 0x20 | 0x04 | rw;
	put_be24(&d[1], 0x00FFFF);
	feat(&f, 0x002E, 1, false, cd && writable, d, 4);
	/* 002Fh DVD-R/-RW Write (5.3.24): BUF, Test Write, DVD-RW */
	memset(d, 0, 4);
	d[0] = (buf ? 0x40 : 0) | 0x04 | rw;
	feat(&f, 0x002F, 2, false, seq_dvdm && writable, d, 4);
	/* 0037h CD-RW Media Write Support (5.3.28): subtypes 0..2 */
	memset(d, 0, 4);
	d[1] = 0x07;
	feat(&f, 0x0037, 0, false, e->present && k == EMU_CD_RW, d, 4);
	/* 003Bh DVD+R Double Layer (5.3.31): Write */
	memset(d, 0, 4);
	d[0] = 0x01;
	feat(&f, 0x003B, 0, false, e->present && k == EMU_DVD_PLUS_R_DL, d, 4);
	/* 0040h BD Read (5.3.32), 0041h BD Write (5.3.33): covers BD-R and BD-RE */
	memset(d, 0, 28);
	feat(&f, 0x0040, 1, false, bd, d, 28);
	memset(d, 0, 24);
	d[0] = 0x01;    /* SVNR */
	feat(&f, 0x0041, 2, false, bd && writable, d, 24);
	/* 0100h Power Management */
	feat(&f, 0x0100, 0, true, true, d, 0);
	/* 0105h Timeout (5.3.44): Group 3 timeouts not reported */
	memset(d, 0, 4);
	feat(&f, 0x0105, 1, false, true, d, 4);
	/* 0107h Real Time Streaming (5.3.46): RBCB, SCS, MP2A, WSPD, SW */
	memset(d, 0, 4);
	d[0] = 0x1F;
	feat(&f, 0x0107, 4, false, true, d, 4);
	/* 0108h Drive Serial Number (5.3.47): ASCII, a multiple of 4 bytes */
	memset(d, ' ', 20);
	memcpy(d, e->serial, strlen(e->serial) < 20 ? strlen(e->serial) : 20);
	feat(&f, 0x0108, 0, true, true, d, 20);
	/* 010Ah Disc Control Blocks (5.3.49): DVD+R/+RW; no DCB formats listed */
	feat(&f, 0x010A, 0, false,
	     e->present && (k == EMU_DVD_PLUS_R || k == EMU_DVD_PLUS_R_DL || k == EMU_DVD_PLUS_RW),
	     d, 0);

	put_be32(f.b, (uint32_t)(f.n - 4));
	put_be16(&f.b[6], prof);
	return emu_reply(e, f.b, f.n, get_be16(&cdb[7]));
}

/* ---- READ DISC INFORMATION (6.22) ----------------------------------------- */

static void lba_to_msf4(uint8_t *p, int32_t lba)
{
	int32_t v = lba + 150;
	if (v < 0)
		v += 450000;
	p[0] = 0;
	p[1] = (uint8_t)(v / 4500);
	p[2] = (uint8_t)(v / 75 % 60);
	p[3] = (uint8_t)(v % 75);
}

/* ATIP lead-in start: a typical manufacturer value, 97:26:66 (LBA -11634).
 * CD-RW media of the same maker report a slightly different one. */
static int32_t atip_leadin(const struct emu *e)
{
	return e->d.kind == EMU_CD_RW ? -11850 : -11634;
}

int emu_read_disc_info(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	uint8_t b[34] = { 0 };

	if ((cdb[1] & 7) != 0)
		return emu_sense(e, 0x05, 0x24, 0x00);
	uint8_t status = emu_disc_status(d);
	unsigned nsess = d->finalized || emu_ki(e)->overwrite ? d->sessions : d->sessions + 1;
	if (nsess == 0)
		nsess = 1;
	unsigned last = d->ntracks ? d->ntracks : 1;
	unsigned first_last = last;
	for (unsigned i = 0; i < d->ntracks; i++)
		if (d->trk[i].session == nsess) {
			first_last = i + 1;
			break;
		}
	uint8_t last_state;
	if (status == 2)
		last_state = 3;
	else if (emu_invisible(d) && emu_invisible(d)->written == 0 &&
		 first_last == last && !emu_open_reserved(d))
		last_state = 0;
	else
		last_state = 1;

	put_be16(b, 32);
	b[2] = (uint8_t)((emu_ki(e)->erasable || emu_ki(e)->overwrite ? 0x10 : 0) |
			 last_state << 2 | status);
	b[3] = 1;
	b[4] = (uint8_t)nsess;
	b[5] = (uint8_t)first_last;
	b[6] = (uint8_t)last;
	b[7] = 0x20;    /* URU */
	if (e->d.kind == EMU_DVD_PLUS_RW)
		b[7] |= d->formatted ? 3 : 0;   /* background format complete */
	b[8] = 0x00;    /* CD-DA or CD-ROM disc */
	b[9] = (uint8_t)(nsess >> 8);
	b[10] = (uint8_t)(first_last >> 8);
	b[11] = (uint8_t)(last >> 8);
	if (emu_is_cd(e)) {
		if (status == 2) {
			memset(&b[16], 0xff, 8);
		} else {
			struct emu_track *inv = emu_invisible(d);
			int32_t nwa = inv ? inv->start : 0;
			/* the next session's lead-in sits before its pregap */
			int32_t leadin = status == 0 ? atip_leadin(e) : nwa - 150 - 4500;
			lba_to_msf4(&b[16], leadin);
			lba_to_msf4(&b[20], (int32_t)d->capacity);
		}
	} else if (status != 2) {
		struct emu_track *inv = emu_invisible(d);
		put_be32(&b[16], inv ? (uint32_t)inv->start : 0);
		put_be32(&b[20], d->capacity);
	}
	return emu_reply(e, b, sizeof(b), get_be16(&cdb[7]));
}

/* ---- READ TRACK INFORMATION (6.27) ---------------------------------------- */

static uint32_t free_blocks(const struct emu *e, const struct emu_track *t)
{
	int32_t nwa = emu_track_nwa(t);
	if (t->state == TRK_RESERVED)
		return t->size - t->written;
	if (nwa >= (int32_t)e->d.capacity)
		return 0;
	return (uint32_t)((int32_t)e->d.capacity - nwa);
}

int emu_read_track_info(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	uint32_t addr = get_be32(&cdb[2]);
	struct emu_track *t = NULL;
	uint8_t b[48] = { 0 };

	switch (cdb[1] & 3) {
	case 0:         /* LBA: the track containing it */
		for (unsigned i = 0; i < d->ntracks; i++) {
			struct emu_track *x = &d->trk[i];
			int32_t end = x->state == TRK_INVISIBLE ? (int32_t)d->capacity
								: x->start + (int32_t)x->size;
			if ((int32_t)addr >= x->start - (emu_is_cd(e) ? 150 : 0) &&
			    (int32_t)addr < end)
				t = x;
		}
		break;
	case 1:         /* track number; 0xFF = the invisible track (CD) */
		if (addr == 0xFF && (t = emu_invisible(d)) != NULL)
			break;
		if (addr >= 1 && addr <= d->ntracks)
			t = &d->trk[addr - 1];
		break;
	case 2:         /* session number: its first track */
		for (unsigned i = 0; i < d->ntracks; i++)
			if (d->trk[i].session == addr) {
				t = &d->trk[i];
				break;
			}
		break;
	default:
		break;
	}
	if (!t)
		return emu_sense(e, 0x05, 0x24, 0x00);

	int num = emu_track_number(d, t);
	bool inv = t->state == TRK_INVISIBLE;
	bool over = emu_ki(e)->overwrite;
	put_be16(b, 46);
	b[2] = (uint8_t)num;
	b[3] = t->session;
	b[5] = (uint8_t)((t->damaged ? 0x20 : 0) | (emu_is_cd(e) ? t->mode : (over ? 4 : 5)));
	uint8_t b6 = 0x01;                      /* data mode 1 */
	if (inv && t->written == 0)             /* blank; a CD's data mode is unknown
						 * until written, a DVD/BD's is always 1 */
		b6 = 0x40 | (emu_is_cd(e) ? 0x0F : 0x01);
	if (t->state == TRK_RESERVED)
		b6 |= 0x80;                     /* RT */
	if (!emu_is_cd(e) && (inv || t->state == TRK_RESERVED) && !over) {
		b6 |= 0x20;                     /* packet/incremental */
		/* DVD-R/-RW sequential tracks are written in variable packets
		 * (FP 0); growisofs refuses such a disc whose track claims FP */
		if (e->d.kind != EMU_DVD_R && e->d.kind != EMU_DVD_RW)
			b6 |= 0x10;             /* fixed, 16 blocks */
	}
	b[6] = b6;
	bool nwa_v = !d->finalized && !over && (inv || t->state == TRK_RESERVED) &&
		     free_blocks(e, t) > 0;
	b[7] = (uint8_t)(nwa_v ? 0x01 : 0);
	if (t->written && !over)
		b[7] |= 0x02;                   /* LRA_V */
	put_be32(&b[8], (uint32_t)t->start);
	if (nwa_v)
		put_be32(&b[12], (uint32_t)(emu_track_nwa(t) + (e->sao.active ? 0 : 0)));
	put_be32(&b[16], inv || t->state == TRK_RESERVED ? free_blocks(e, t) : 0);
	put_be32(&b[20], emu_is_cd(e) ? 0 : emu_ki(e)->ecc);
	uint32_t size = inv ? t->written + free_blocks(e, t) : t->size;
	put_be32(&b[24], size);
	if (t->written)
		put_be32(&b[28], (uint32_t)(t->start + (int32_t)t->written - 1));
	b[32] = (uint8_t)(num >> 8);
	b[33] = 0;
	return emu_reply(e, b, sizeof(b), get_be16(&cdb[7]));
}

/* ---- READ TOC/PMA/ATIP (6.26) --------------------------------------------- */

static void put_addr(uint8_t *p, int32_t lba, bool msf)
{
	if (msf)
		lba_to_msf4(p, lba);
	else
		put_be32(p, (uint32_t)lba);
}

/* Tracks of closed sessions are in the TOC. */
static unsigned toc_tracks(const struct emu *e)
{
	unsigned n = 0;
	for (unsigned i = 0; i < e->d.ntracks; i++)
		if (e->d.trk[i].session <= e->d.sessions && e->d.trk[i].state == TRK_CLOSED)
			n = i + 1;
	return n;
}

int emu_read_toc(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	struct emu_disc *d = &e->d;
	bool msf = cdb[1] & 0x02;
	uint8_t fmt = cdb[2] & 0x0f;
	uint8_t start = cdb[6];
	uint16_t alloc = get_be16(&cdb[7]);
	uint8_t b[4 + 11 * (EMU_MAX_TRACKS + 4 * EMU_MAX_TRACKS) + 16];
	size_t n = 4;
	unsigned nt = toc_tracks(e);

	if (fmt == 0 && cdb[9] >> 6)    /* old SFF-8020 format field */
		fmt = cdb[9] >> 6;
	if (fmt == 4) {
		/* ATIP (6.26.3.6): CD only */
		if (!emu_is_cd(e))
			return emu_sense(e, 0x05, 0x24, 0x00);
		memset(b, 0, 28);
		put_be16(b, 26);
		b[4] = 0x80 | 0x04 << 4;        /* indicative target writing power */
		b[5] = 0x00;                    /* URU clear: a general purpose disc */
		b[6] = 0x80 | (d->kind == EMU_CD_RW ? 0x40 : 0);   /* erasable disc type */
		lba_to_msf4(&b[7], atip_leadin(e));     /* bytes 8..10 */
		lba_to_msf4(&b[11], (int32_t)d->capacity);     /* bytes 12..14 */
		return emu_reply(e, b, 28, alloc);
	}
	if (nt == 0)
		return emu_sense(e, 0x05, 0x24, 0x00);

	switch (fmt) {
	case 0: {       /* formatted TOC */
		if (start > nt && start != 0xAA)
			return emu_sense(e, 0x05, 0x24, 0x00);
		for (unsigned i = 0; i < nt; i++) {
			if (i + 1 < start || start == 0xAA)
				continue;
			uint8_t *p = &b[n];
			memset(p, 0, 8);
			p[1] = 0x10 | d->trk[i].mode;
			p[2] = (uint8_t)(i + 1);
			put_addr(&p[4], d->trk[i].start, msf);
			n += 8;
		}
		uint8_t *p = &b[n];
		memset(p, 0, 8);
		p[1] = 0x10 | d->trk[nt - 1].mode;
		p[2] = 0xAA;
		put_addr(&p[4], emu_session_leadout(d, d->trk[nt - 1].session), msf);
		n += 8;
		b[2] = 1;
		b[3] = (uint8_t)nt;
		break;
	}
	case 1: {       /* session info: first track of the last complete session */
		unsigned ls = d->sessions, first = 1;
		for (unsigned i = 0; i < nt; i++)
			if (d->trk[i].session == ls) {
				first = i + 1;
				break;
			}
		memset(&b[4], 0, 8);
		b[5] = 0x10 | d->trk[first - 1].mode;
		b[6] = (uint8_t)first;
		put_addr(&b[8], d->trk[first - 1].start, msf);
		n = 12;
		b[2] = 1;
		b[3] = (uint8_t)ls;
		break;
	}
	case 2: {       /* full TOC (6.26.3.4): A0, A1, A2 and tracks per session */
		for (unsigned s = 1; s <= d->sessions; s++) {
			if (start && s < start)
				continue;
			unsigned ft = 0, lt = 0;
			for (unsigned i = 0; i < nt; i++)
				if (d->trk[i].session == s) {
					if (!ft)
						ft = i + 1;
					lt = i + 1;
				}
			if (!ft)
				continue;
			uint8_t ctl = d->trk[ft - 1].mode;
			uint8_t pts[3] = { 0xA0, 0xA1, 0xA2 };
			for (int j = 0; j < 3; j++) {
				uint8_t *p = &b[n];
				memset(p, 0, 11);
				p[0] = (uint8_t)s;
				p[1] = (uint8_t)(0x10 | ctl);
				p[3] = pts[j];
				if (j == 0) {
					p[8] = (uint8_t)ft;
					p[9] = 0x00;    /* CD-DA/CD-ROM */
				} else if (j == 1) {
					p[8] = (uint8_t)lt;
				} else {
					uint8_t m[4];
					lba_to_msf4(m, emu_session_leadout(d, s));
					memcpy(&p[8], &m[1], 3);
				}
				n += 11;
			}
			for (unsigned i = ft; i <= lt; i++) {
				uint8_t *p = &b[n], m[4];
				memset(p, 0, 11);
				p[0] = (uint8_t)s;
				p[1] = (uint8_t)(0x10 | d->trk[i - 1].mode);
				p[3] = (uint8_t)i;
				lba_to_msf4(m, d->trk[i - 1].start);
				memcpy(&p[8], &m[1], 3);
				n += 11;
			}
		}
		b[2] = 1;
		b[3] = (uint8_t)d->sessions;
		break;
	}
	default:
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	put_be16(b, (uint16_t)(n - 2));
	return emu_reply(e, b, n, alloc);
}

/* ---- capacities ------------------------------------------------------------ */

/* READ CAPACITY: the last readable block. */
int emu_read_capacity(struct emu *e)
{
	uint8_t b[8];
	int32_t last = -1;
	const struct emu_disc *d = &e->d;

	if (e->ptype != 5 || (emu_ki(e)->overwrite && d->formatted)) {
		last = (int32_t)d->capacity - 1;
	} else {
		for (unsigned i = 0; i < d->ntracks; i++) {
			int32_t end = emu_track_end(e, &d->trk[i]);
			if (d->trk[i].written && end - 1 > last)
				last = end - 1;
		}
	}
	put_be32(b, last < 0 ? 0 : (uint32_t)last);
	put_be32(&b[4], EMU_BLOCK);
	return emu_reply(e, b, 8, 8);
}

/* READ FORMAT CAPACITIES (6.24). */
int emu_read_format_capacities(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	const struct emu_disc *d = &e->d;
	uint8_t b[4 + 8 * 6] = { 0 };
	size_t n = 12;
	enum emu_kind k = d->kind;

	/* current/maximum descriptor: 01b unformatted (the maximum), 10b
	 * formatted (the current capacity); a BD-R formatted with spare
	 * areas is formatted though still blank and sequential */
	put_be32(&b[4], d->capacity);
	b[8] = (emu_ki(e)->overwrite || k == EMU_BD_R) && d->formatted ? 0x02 : 0x01;
	put_be24(&b[9], EMU_BLOCK);

	/* formattable descriptors: blocks, format type << 2, parameter */
#define FMT(blocks, type, param) do { \
		put_be32(&b[n], (blocks)); b[n + 4] = (uint8_t)((type) << 2); \
		put_be24(&b[n + 5], (param)); n += 8; } while (0)
	switch (k) {
	case EMU_DVD_PLUS_RW:
		FMT(d->capacity, 0x26, 0);
		break;
	case EMU_DVD_RW:
	case EMU_DVD_RW_RO:
		FMT(d->capacity, 0x00, 16);
		FMT(d->capacity, 0x10, 16);
		FMT(d->capacity, 0x15, 16);
		break;
	case EMU_BD_RE:
		FMT(d->capacity, 0x00, 0);
		FMT(d->capacity, 0x30, 0);
		FMT(d->capacity + 2048 * 16, 0x31, 0);
		break;
	case EMU_BD_R: {
		/* blank BD-R: 00h and 32h, format with spare areas (growisofs
		 * needs at least one to burn a blank BD-R at all) */
		struct emu_format f[5];
		unsigned nf = emu_bdr_formats(d, f, 5);
		for (unsigned i = 0; i < nf; i++)
			FMT(f[i].blocks, f[i].type, f[i].param);
		break;
	}
	default:
		break;
	}
#undef FMT
	b[3] = (uint8_t)(n - 4);
	return emu_reply(e, b, n, get_be16(&cdb[7]));
}

/* ---- mode pages (7.5 write parameters, 2A capabilities) ------------------- */

static const unsigned cd_speeds_x10[]  = { 480, 400, 320, 240, 160, 100, 80, 40 };
static const unsigned dvd_speeds_x10[] = { 160, 120, 80, 60, 40, 24 };
static const unsigned bd_speeds_x10[]  = { 120, 100, 80, 60, 40, 20 };

/* Write speeds for the loaded medium in kB/s, fastest first. */
static unsigned media_speeds(const struct emu *e, unsigned *out)
{
	const unsigned *l;
	size_t n;
	switch (emu_ki(e)->family) {
	case EMU_FAM_CD:  l = cd_speeds_x10;  n = sizeof(cd_speeds_x10) / sizeof(*l); break;
	case EMU_FAM_DVD: l = dvd_speeds_x10; n = sizeof(dvd_speeds_x10) / sizeof(*l); break;
	default:          l = bd_speeds_x10;  n = sizeof(bd_speeds_x10) / sizeof(*l); break;
	}
	unsigned c = 0, kb = emu_kbps_1x(emu_ki(e)->family);
	for (size_t i = 0; i < n && c < EMU_MAX_SPEEDS; i++)
		if (l[i] <= emu_ki(e)->max_x10)
			out[c++] = l[i] * kb / 10;
	return c;
}

/* Read/Write Error Recovery Parameters (MMC-5 7.3): byte 2 AWRE, ARRE, TB,
 * RC, PER, DTE, DCR; byte 3 read retry count; byte 8 write retry count;
 * bytes 10-11 recovery time limit. The defaults ask for full error
 * recovery with a modest retry count; the values are plausible ones, not
 * measured, and change nothing in the model (reads and writes either
 * succeed or fail by fault injection). */
const uint8_t emu_page01_changeable[EMU_PAGE01_LEN] = {
	[2] = 0xF7, [3] = 0xFF, [8] = 0xFF,
};

void emu_page01_default(uint8_t *p)
{
	memset(p, 0, EMU_PAGE01_LEN);
	p[0] = 0x01;
	p[1] = EMU_PAGE01_LEN - 2;
	p[3] = 32;
	p[8] = 32;
}

static size_t page01(struct emu *e, uint8_t *p, int pc)
{
	switch (pc) {
	case 0:
		memcpy(p, e->page01, EMU_PAGE01_LEN);
		break;
	case 1:
		memcpy(p, emu_page01_changeable, EMU_PAGE01_LEN);
		p[0] = 0x01;
		p[1] = EMU_PAGE01_LEN - 2;
		break;
	default:
		emu_page01_default(p);
		break;
	}
	return EMU_PAGE01_LEN;
}

static size_t page05(struct emu *e, uint8_t *p, int pc)
{
	memset(p, 0, 0x34);
	p[0] = 0x05;
	p[1] = 0x32;
	if (pc == 1) {          /* changeable */
		p[2] = 0x7F;
		p[3] = 0xFF;
		p[4] = 0x0F;
		p[8] = 0xFF;
		memset(&p[10], 0xFF, 4);
		return 0x34;
	}
	const struct emu_wparams *w = pc == 2 ? NULL : &e->wp;
	struct emu_wparams def;
	if (!w) {
		struct emu_wparams save = e->wp;
		emu_wparams_default(e);
		def = e->wp;
		e->wp = save;
		w = &def;
	}
	p[2] = (uint8_t)((w->bufe ? 0x40 : 0) | (w->ls_v ? 0x20 : 0) |
			 (w->test_write ? 0x10 : 0) | (w->write_type & 0x0f));
	p[3] = (uint8_t)(w->multisession << 6 | (w->fp ? 0x20 : 0) | (w->track_mode & 0x0f));
	p[4] = w->data_block_type & 0x0f;
	p[5] = w->ls_v ? 16 : 0;
	p[8] = w->session_format;
	put_be32(&p[10], w->packet_size);
	put_be16(&p[14], 150);
	return 0x34;
}

static size_t page2a(struct emu *e, uint8_t *p, int pc)
{
	unsigned sp[EMU_MAX_SPEEDS];
	unsigned ns = e->present ? media_speeds(e, sp) : 0;
	size_t len = 32 + 4 * ns;

	memset(p, 0, len);
	p[0] = 0x2A;
	p[1] = (uint8_t)(len - 2);
	if (pc == 1)
		return len;
	p[2] = 0x3F;            /* reads CD-R, CD-RW, method 2, DVD-ROM, DVD-R, DVD-RAM */
	p[3] = 0x17;            /* writes CD-R, CD-RW, test write, DVD-R */
	p[4] = (uint8_t)((e->no_burnfree ? 0 : 0x80) | 0x40 | 0x30);   /* BUF, multisession */
	p[5] = 0x03;
	p[6] = (uint8_t)(0x20 | 0x08 | (e->prevent ? 0x02 : 0) | 0x01);   /* tray, eject, lock */
	/* maximum read speed 8-9 (48x CD), current read speed 14-15 (what
	 * SET CD SPEED asked for, within the maximum); both kB/s, MMC-3 */
	unsigned max_read = 48 * 176;
	unsigned cur_read = e->req_read_kbps && e->req_read_kbps < max_read ? e->req_read_kbps
									      : max_read;
	put_be16(&p[8], (uint16_t)max_read);
	put_be16(&p[12], (uint16_t)(e->buffer_bytes / 1024 > 0xFFFF ? 0xFFFF : e->buffer_bytes / 1024));
	put_be16(&p[14], (uint16_t)cur_read);
	unsigned cur = emu_write_kbps(e);
	if (!cur)
		cur = ns ? sp[0] : 0;
	put_be16(&p[18], (uint16_t)(ns ? sp[0] : 0));
	put_be16(&p[20], (uint16_t)cur);
	put_be16(&p[28], (uint16_t)cur);
	put_be16(&p[30], (uint16_t)ns);
	for (unsigned i = 0; i < ns; i++)
		put_be16(&p[32 + 4 * i + 2], (uint16_t)sp[i]);
	return len;
}

/* MODE SENSE(10) (SPC-4 6.12). */
int emu_mode_sense(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	int pc = cdb[2] >> 6;
	uint8_t page = cdb[2] & 0x3f;
	uint8_t b[8 + EMU_PAGE01_LEN + 0x34 + 32 + 4 * EMU_MAX_SPEEDS];
	size_t n = 8;

	if (pc == 3)
		return emu_sense(e, 0x05, 0x39, 0x00);  /* saving not supported */
	memset(b, 0, 8);
	/* 3Fh returns every page in ascending order (SPC-4 6.12) */
	if (page == 0x01 || page == 0x3f)
		n += page01(e, &b[n], pc);
	/* a drive returns page 05 whatever the medium; only CD and DVD-R/RW
	 * sequential recording use it (MMC-5 7.5.3) */
	if (page == 0x05 || page == 0x3f)
		n += page05(e, &b[n], pc);
	if (page == 0x2a || page == 0x3f)
		n += page2a(e, &b[n], pc);
	if (n == 8)
		return emu_sense(e, 0x05, 0x24, 0x00);
	put_be16(b, (uint16_t)(n - 2));
	return emu_reply(e, b, n, get_be16(&cdb[7]));
}

/* ---- GET PERFORMANCE (6.8) ------------------------------------------------- */

int emu_get_performance(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	uint8_t type = cdb[10];
	uint16_t maxd = get_be16(&cdb[8]);
	uint8_t b[8 + 16 * EMU_MAX_SPEEDS] = { 0 };
	size_t n = 8;
	unsigned sp[EMU_MAX_SPEEDS];
	unsigned ns = e->present ? media_speeds(e, sp) : 0;

	if (type == 0x03) {
		/* write speed descriptors: WRC, end LBA, read and write speed */
		for (unsigned i = 0; i < ns && i < maxd; i++) {
			uint8_t *p = &b[n];
			p[0] = 0x00;
			put_be32(&p[4], e->d.capacity);
			put_be32(&p[8], sp[0]);
			put_be32(&p[12], sp[i]);
			n += 16;
		}
	} else if (type == 0x00) {
		/* nominal performance: one descriptor over the whole disc */
		bool write = cdb[1] & 0x04;
		unsigned kb = write ? (emu_write_kbps(e) ? emu_write_kbps(e) : (ns ? sp[0] : 0))
				    : (ns ? sp[0] : 0);
		if (maxd >= 1) {
			uint8_t *p = &b[n];
			put_be32(&p[0], 0);
			put_be32(&p[4], kb);
			put_be32(&p[8], e->d.capacity - 1);
			put_be32(&p[12], kb);
			n += 16;
		}
		b[4] = write ? 0x02 : 0;
	} else {
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	put_be32(b, (uint32_t)(n - 4));
	uint32_t alloc = 8 + 16u * maxd;
	return emu_reply(e, b, n, alloc);
}

/* ---- GET EVENT STATUS NOTIFICATION (6.7), polled only ---------------------- */

int emu_get_event_status(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	uint8_t b[8] = { 0 };

	if (!(cdb[1] & 1))
		return emu_sense(e, 0x05, 0x24, 0x00);  /* asynchronous not supported */
	b[3] = 0x10;                            /* supported: media class */
	if (!(cdb[4] & 0x10)) {
		put_be16(b, 2);
		b[2] = 0x80;                    /* NEA */
		return emu_reply(e, b, 4, get_be16(&cdb[7]));
	}
	put_be16(b, 6);
	b[2] = 0x04;                            /* media class */
	b[4] = e->event;
	b[5] = e->present ? 0x02 : 0x00;
	e->event = 0;
	return emu_reply(e, b, 8, get_be16(&cdb[7]));
}

/* ---- READ BUFFER CAPACITY ---------------------------------------------- */

int emu_read_buffer_capacity(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	uint8_t b[12] = { 0 };

	emu_buffer_update(e);
	uint32_t fill = (uint32_t)e->buf_fill;
	if (fill > e->buffer_bytes)
		fill = e->buffer_bytes;
	put_be16(b, 10);
	if (cdb[1] & 1) {
		b[3] = 0x01;    /* block */
		put_be32(&b[8], (e->buffer_bytes - fill) / EMU_BLOCK);
	} else {
		put_be32(&b[4], e->buffer_bytes);
		put_be32(&b[8], e->buffer_bytes - fill);
	}
	return emu_reply(e, b, 12, get_be16(&cdb[7]));
}

/* ---- READ DISC STRUCTURE (MMC-5 6.23): DVD formats 00h, 0Eh, 11h, FFh; BD
 * formats 00h, FFh ----------------------------------------------------------- */

/* The media identity of the emulated discs: a manufacturer ID and a media
 * type ID as recordable media carry them (DVD-R/-RW pre-pit lead-in, DVD+R/RW
 * ADIP, BD disc information). Deliberately not a real maker's code, so no
 * tool mistakes an emulated disc for a known brand. */
#define EMU_MEDIA_MAKER  "DSCBRN"
#define EMU_MEDIA_TYPE   "EMU"
#define EMU_MEDIA_REV    1

static uint8_t dvd_book_type(enum emu_kind k)
{
	switch (k) {
	case EMU_DVD_R:         return 0x2;
	case EMU_DVD_RW:
	case EMU_DVD_RW_RO:     return 0x3;
	case EMU_DVD_PLUS_RW:   return 0x9;
	case EMU_DVD_PLUS_R:    return 0xA;
	case EMU_DVD_PLUS_R_DL: return 0xE;
	default:                return 0x0;
	}
}

static bool dvd_plus(enum emu_kind k)
{
	return k == EMU_DVD_PLUS_R || k == EMU_DVD_PLUS_RW || k == EMU_DVD_PLUS_R_DL;
}

static bool dvd_dash(enum emu_kind k)
{
	return k == EMU_DVD_R || k == EMU_DVD_RW || k == EMU_DVD_RW_RO;
}

/* The DVD+ media identity: manufacturer ID (8 bytes at 19), media type ID
 * (3 at 27), product revision (30) -- where ADIP (format 11h) keeps them and
 * where the physical format information of DVD+ media repeats them. */
static void put_plus_media_id(uint8_t *p)
{
	memset(&p[19], 0, 8);           /* NUL-padded, as on real media */
	memcpy(&p[19], EMU_MEDIA_MAKER, strlen(EMU_MEDIA_MAKER));
	memcpy(&p[27], EMU_MEDIA_TYPE, 3);
	p[30] = EMU_MEDIA_REV;
}

enum { DVD_PFI_LEN = 2048, DVD_PREPIT_LEN = 40, DVD_ADIP_LEN = 256, BD_DI_LEN = 4096 };

/* Physical Format Information (format 00h), 2048 bytes. */
static size_t dvd_pfi(const struct emu *e, uint8_t *p)
{
	enum emu_kind k = e->d.kind;
	p[0] = (uint8_t)(dvd_book_type(k) << 4 | 0x2);
	p[1] = 0x0F;                    /* 120 mm, max rate unspecified */
	p[2] = k == EMU_DVD_PLUS_R_DL ? 0x21 : 0x01;
	p[3] = 0x00;
	put_be32(&p[4], 0x030000);      /* start PSN of the data area */
	put_be32(&p[8], 0x030000 + e->d.capacity - 1);
	if (dvd_plus(k))
		put_plus_media_id(p);
	return DVD_PFI_LEN;
}

/* Pre-recorded Information in Lead-in (format 0Eh), DVD-R/-RW:
 * five 8-byte pre-pit fields, each a field ID and 6 bytes; fields 3 and 4
 * hold the manufacturer ID (ECMA-279/338). */
static size_t dvd_prepit(uint8_t *p)
{
	static const char maker[12] = EMU_MEDIA_MAKER EMU_MEDIA_TYPE "-01";
	for (int f = 0; f < 5; f++)
		p[8 * f] = (uint8_t)(f + 1);
	p[1] = 0x20;                    /* field 1: DVD-R, part version 0 */
	memcpy(&p[17], maker, 6);
	memcpy(&p[25], maker + 6, 6);
	return DVD_PREPIT_LEN;
}

/* ADIP information (format 11h), DVD+R/+RW: 256 bytes; the disc category
 * and version as in the PFI, then the media identity. */
static size_t dvd_adip(const struct emu *e, uint8_t *p)
{
	p[0] = (uint8_t)(dvd_book_type(e->d.kind) << 4 | 0x2);
	p[1] = 0x0F;
	p[2] = e->d.kind == EMU_DVD_PLUS_R_DL ? 0x21 : 0x01;
	put_plus_media_id(p);
	return DVD_ADIP_LEN;
}

/* BD Disc Information (format 00h, media type 1): the 4096-byte DI block
 * holding one DI unit as a single-layer BD-R/RE's: "DI", unit format 1,
 * units per block and layer in byte 3, disc type ID BDR/BDW at 8, the
 * manufacturer ID at 100, media type ID at 106, revision at 111 (where
 * libburn and dvd+rw-mediainfo read them). */
static size_t bd_di(const struct emu *e, uint8_t *p)
{
	p[0] = 'D';
	p[1] = 'I';
	p[2] = 0x01;                    /* DI unit format 1 */
	p[3] = 0x08;                    /* one unit per block, layer 0 */
	p[6] = 0x62;                    /* as a real single-layer BD-R */
	memcpy(&p[8], e->d.kind == EMU_BD_RE ? "BDW" : "BDR", 3);
	p[11] = 0x01;                   /* 120 mm, class 0, version 1 */
	p[12] = 0x12;                   /* one layer, 25 GB per layer */
	memcpy(&p[100], EMU_MEDIA_MAKER, 6);
	memcpy(&p[106], EMU_MEDIA_TYPE, 3);
	p[111] = EMU_MEDIA_REV;
	return BD_DI_LEN;
}

static void list_entry(uint8_t *p, uint8_t fmt, size_t len)
{
	p[0] = fmt;
	p[1] = 0x40;                    /* RDS: readable, not sendable */
	put_be16(&p[2], (uint16_t)(len + 4));
}

int emu_read_disc_structure(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	uint8_t media = cdb[1] & 0x0F, fmt = cdb[7];
	enum emu_kind k = e->d.kind;
	bool bd = emu_ki(e)->family == EMU_FAM_BD;
	uint8_t b[4 + 4096] = { 0 };
	size_t n;

	/* Media Type 0 asks for DVD structures, 1 for BD (6.23.2.2) */
	if (emu_is_cd(e) || media > 1 || (media == 1) != bd)
		return emu_sense(e, 0x05, 0x30, 0x02);  /* cannot read medium: incompatible format */
	switch (fmt) {
	case 0x00:
		n = bd ? bd_di(e, &b[4]) : dvd_pfi(e, &b[4]);
		break;
	case 0x0E:
		if (bd || !dvd_dash(k))
			return emu_sense(e, 0x05, 0x24, 0x00);
		n = dvd_prepit(&b[4]);
		break;
	case 0x11:
		if (bd || !dvd_plus(k))
			return emu_sense(e, 0x05, 0x24, 0x00);
		n = dvd_adip(e, &b[4]);
		break;
	case 0xFF:      /* list of the structures this medium has */
		list_entry(&b[4], 0x00, bd ? BD_DI_LEN : DVD_PFI_LEN);
		n = 4;
		if (!bd && dvd_dash(k)) {
			list_entry(&b[4 + n], 0x0E, DVD_PREPIT_LEN);
			n += 4;
		}
		if (!bd && dvd_plus(k)) {
			list_entry(&b[4 + n], 0x11, DVD_ADIP_LEN);
			n += 4;
		}
		break;
	default:
		return emu_sense(e, 0x05, 0x24, 0x00);
	}
	put_be16(b, (uint16_t)(n + 2));
	return emu_reply(e, b, 4 + n, get_be16(&cdb[8]));
}

/* ---- READ(10)/(12) ------------------------------------------------------ */

static bool readable(const struct emu *e, int64_t lba)
{
	const struct emu_disc *d = &e->d;
	if (e->ptype != 5 || (emu_ki(e)->overwrite && d->formatted))
		return lba >= 0 && lba < d->capacity;
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		int64_t end = t->state == TRK_CLOSED ? (int64_t)t->start + t->size
						     : (int64_t)t->start + t->written;
		if (lba >= t->start && lba < end)
			return true;
	}
	return false;
}

int emu_read(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	const uint8_t *cdb = c->cdb;
	uint32_t lba = get_be32(&cdb[2]);
	uint32_t n = cdb[0] == 0x28 ? get_be16(&cdb[7]) : get_be32(&cdb[6]);

	if (n == 0)
		return emu_reply(e, NULL, 0, 0);
	if ((uint64_t)n * EMU_BLOCK > c->data_len || !c->data)
		return emu_sense(e, 0x05, 0x24, 0x00);
	for (uint32_t i = 0; i < n; i++) {
		if (!readable(e, (int64_t)lba + i))
			return emu_sense_info(e, 0x05, 0x21, 0x00, lba + i);
	}
	struct emu_fault *f = emu_fault_in(e, FAULT_READ_ERROR, lba, n);
	if (f)
		return emu_sense_info(e, 0x03, 0x11, 0x00, f->arg);
	uint8_t *p = c->data;
	size_t want = (size_t)n * EMU_BLOCK;
	ssize_t got = pread(e->fd, p, want, (off_t)lba * EMU_BLOCK);
	if (got < 0)
		return -EIO;
	if ((size_t)got < want)
		memset(p + got, 0, want - (size_t)got);
	c->resid = c->data_len - (uint32_t)want;
	c->status = SCSI_STATUS_GOOD;
	return 0;
}
