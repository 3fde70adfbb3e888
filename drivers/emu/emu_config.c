/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_config.c — what the drive says about itself: INQUIRY, GET
 * CONFIGURATION, mode pages (MODE SENSE), GET PERFORMANCE, GET EVENT STATUS
 * NOTIFICATION, READ BUFFER CAPACITY. Section numbers cite MMC-5 (T10/1675-D
 * r03c), SPC-4 for INQUIRY. */
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
	0x0043, 0x0041, 0x0040, 0x002B, 0x002A, 0x001B, 0x001A, 0x0015, 0x0014,
	0x0013, 0x0012, 0x0011, 0x0010, 0x000A, 0x0009, 0x0008,
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
	bool seq_dvdm = e->present && emu_ki(e)->dash;
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
	d[0] = 0x01;    /* CD Read: CD-Text (READ TOC format 5); no C2, no DAP */
	feat(&f, 0x001E, 2, false, cd, d, 4);
	d[0] = 0x00;
	feat(&f, 0x001F, 1, false, dvd, d, 4);
	/* 0020h Random Writable (5.3.10): BD-RE, DVD-RAM */
	memset(d, 0, 12);
	put_be32(d, e->d.capacity - 1);
	put_be32(&d[4], EMU_BLOCK);
	put_be16(&d[8], e->present ? emu_ki(e)->ecc : 32);
	feat(&f, 0x0020, 0, false,
	     e->present && (k == EMU_BD_RE || k == EMU_DVD_RAM) && e->d.formatted, d, 12);
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
	     e->present && (k == EMU_DVD_PLUS_RW || k == EMU_DVD_PLUS_RW_DL || k == EMU_DVD_RW ||
			    k == EMU_DVD_RW_RO || k == EMU_DVD_RAM || k == EMU_BD_RE ||
			    (k == EMU_BD_R && emu_disc_blank(&e->d))), d, 8);
	/* 0024h Hardware Defect Management (5.3.14): BD-RE, DVD-RAM */
	memset(d, 0, 4);
	feat(&f, 0x0024, 1, false, e->present && (k == EMU_BD_RE || k == EMU_DVD_RAM), d, 4);
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
	/* 002Eh CD Mastering (5.3.23): BUF, SAO, Test Write, CD-RW, R-W (the
	 * host's R-W sub-channel: CD-TEXT in the lead-in, R-W in the program
	 * area); max cue sheet */
	memset(d, 0, 4);
	d[0] = (buf ? 0x40 : 0) | 0x20 | 0x04 | rw | 0x01;
	put_be24(&d[1], 0x00FFFF);
	feat(&f, 0x002E, 1, false, cd && writable, d, 4);
	/* 002Fh DVD-R/-RW Write (5.3.24): BUF, Test Write, DVD-RW */
	memset(d, 0, 4);
	d[0] = (buf ? 0x40 : 0) | 0x04 | rw;
	feat(&f, 0x002F, 2, false, seq_dvdm && writable, d, 4);
	/* 003Ah DVD+RW Dual Layer (5.3.30): Write; Close Only, Quick Start */
	memset(d, 0, 4);
	d[0] = 0x01;
	d[1] = 0x01;
	feat(&f, 0x003A, 1, false, e->present && k == EMU_DVD_PLUS_RW_DL, d, 4);
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
	     e->present && emu_ki(e)->plus,
	     d, 0);

	put_be32(f.b, (uint32_t)(f.n - 4));
	put_be16(&f.b[6], prof);
	return emu_reply(e, f.b, f.n, get_be16(&cdb[7]));
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
		memset(&p[16], 0xFF, 36);       /* MCN, ISRC, sub-header */
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
	if (w->mcn[0]) {
		p[16] = 0x80;
		memcpy(&p[17], w->mcn, 13);
	}
	if (w->isrc[0]) {
		p[32] = 0x80;
		memcpy(&p[33], w->isrc, 12);
	}
	memcpy(&p[48], w->subheader, 4);
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
	p[5] = 0x63;            /* CD-DA read, accurate stream, ISRC, UPC (catalog) */
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
