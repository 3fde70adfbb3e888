/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu-preload-cdrom.c — the CD-ROM ioctls of the Linux sr driver for the
 * LD_PRELOAD front (emu-preload.c): readers such as libcdio (cd-info) ask
 * the kernel for the TOC, the disc status or a raw packet instead of
 * sending SG_IO themselves. Each one is answered the way drivers/cdrom/
 * cdrom.c and sr_ioctl.c answer it: by MMC commands to the drive, here the
 * emulator. Only what the readers were seen to use is here. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <linux/cdrom.h>
#include "base/bytes.h"
#include "emu-preload.h"

static int fail(int err)
{
	errno = err;
	return -1;
}

/* A command that must succeed; -1 and errno (EIO) if the drive refused. */
static int must(const uint8_t *cdb, uint8_t len, enum scsi_dir dir, void *data, uint32_t dlen)
{
	struct scsi_cmd c;
	int r = preload_cmd(cdb, len, dir, data, dlen, &c);
	if (r < 0)
		return fail(-r);
	if (c.status != SCSI_STATUS_GOOD)
		return fail(EIO);
	return 0;
}

static int read_toc(uint8_t fmt, uint8_t track, bool msf, uint8_t *b, uint16_t len)
{
	uint8_t cdb[10] = { 0x43, (uint8_t)(msf ? 0x02 : 0), fmt, 0, 0, 0, track };
	put_be16(&cdb[7], len);
	memset(b, 0, len);
	return must(cdb, 10, SCSI_DIR_IN, b, len);
}

static void put_cdrom_addr(union cdrom_addr *a, uint8_t format, int32_t lba)
{
	if (format == CDROM_MSF) {
		int32_t v = lba + 150;
		a->msf.minute = (uint8_t)(v / 4500);
		a->msf.second = (uint8_t)(v / 75 % 60);
		a->msf.frame = (uint8_t)(v % 75);
	} else {
		a->lba = lba;
	}
}

static int32_t cdrom_lba(const union cdrom_addr *a, uint8_t format)
{
	if (format == CDROM_MSF)
		return (a->msf.minute * 60 + a->msf.second) * 75 + a->msf.frame - 150;
	return a->lba;
}

/* CDROM_SEND_PACKET: struct cdrom_generic_command, a CDB of 12 bytes. */
static int send_packet(struct cdrom_generic_command *g)
{
	static const uint8_t group_len[8] = { 6, 10, 10, 12, 16, 12, 10, 10 };
	struct scsi_cmd c;
	enum scsi_dir dir;
	switch (g->data_direction) {
	case CGC_DATA_WRITE: dir = SCSI_DIR_OUT; break;
	case CGC_DATA_NONE:  dir = SCSI_DIR_NONE; break;
	default:             dir = g->buflen ? SCSI_DIR_IN : SCSI_DIR_NONE; break;
	}
	uint8_t len = group_len[g->cmd[0] >> 5];
	if (len > CDROM_PACKET_SIZE)
		len = CDROM_PACKET_SIZE;
	int r = preload_cmd(g->cmd, len, dir, dir == SCSI_DIR_NONE ? NULL : g->buffer,
			    dir == SCSI_DIR_NONE ? 0 : g->buflen, &c);
	if (r < 0)
		return fail(-r);
	g->stat = c.status;
	if (c.status == SCSI_STATUS_GOOD)
		return 0;
	if (g->sense && c.sense_len) {
		size_t n = c.sense_len < sizeof(*g->sense) ? c.sense_len : sizeof(*g->sense);
		memcpy(g->sense, c.sense, n);
	}
	return fail(EIO);
}

/* What the kernel makes of the TOC (cdrom.c, cdrom_count_tracks). */
static int disc_status(void)
{
	uint8_t b[4 + 8 * 100];
	unsigned audio = 0, data = 0;
	if (read_toc(0, 0, false, b, sizeof(b)) != 0)
		return CDS_NO_INFO;
	unsigned n = (get_be16(b) - 2) / 8;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *p = &b[4 + 8 * i];
		if (p[2] == 0xAA)
			continue;
		if (p[1] & 0x04)
			data++;
		else
			audio++;
	}
	if (audio && data)
		return CDS_MIXED;
	if (audio)
		return CDS_AUDIO;
	uint8_t di[34];
	uint8_t cdb[10] = { 0x51 };
	put_be16(&cdb[7], sizeof(di));
	if (must(cdb, 10, SCSI_DIR_IN, di, sizeof(di)) == 0 && di[8] == 0x20)
		return CDS_XA_2_1;
	return data ? CDS_DATA_1 : CDS_NO_INFO;
}

static int dvd_physical(struct dvd_physical *ph)
{
	uint8_t b[4 + 2048];
	uint8_t cdb[12] = { 0xAD };
	cdb[6] = ph->layer_num;
	put_be16(&cdb[8], sizeof(b));
	if (must(cdb, 12, SCSI_DIR_IN, b, sizeof(b)) != 0)
		return -1;
	struct dvd_layer *l = &ph->layer[ph->layer_num & 3];
	const uint8_t *p = &b[4];
	memset(l, 0, sizeof(*l));
	l->book_type = p[0] >> 4;
	l->book_version = p[0] & 0x0f;
	l->disc_size = p[1] >> 4;
	l->min_rate = p[1] & 0x0f;
	l->nlayers = (p[2] >> 5) & 3;
	l->track_path = (p[2] >> 4) & 1;
	l->layer_type = p[2] & 0x0f;
	l->linear_density = p[3] >> 4;
	l->track_density = p[3] & 0x0f;
	l->start_sector = get_be32(&p[4]);
	l->end_sector = get_be32(&p[8]);
	l->end_sector_l0 = get_be32(&p[12]);
	l->bca = p[16] >> 7;
	return 0;
}

/* CDROMREADAUDIO: CD-DA frames by READ CD (MMC-5 6.19), as sr does. */
static int read_audio(struct cdrom_read_audio *ra)
{
	int32_t lba = cdrom_lba(&ra->addr, ra->addr_format);
	if (ra->nframes <= 0 || ra->nframes > CD_FRAMES * 60)
		return fail(EINVAL);
	for (int done = 0; done < ra->nframes;) {
		int k = ra->nframes - done > 24 ? 24 : ra->nframes - done;
		uint8_t cdb[12] = { 0xBE, 0x04 };
		put_be32(&cdb[2], (uint32_t)(lba + done));
		put_be24(&cdb[6], (uint32_t)k);
		cdb[9] = 0x10;
		if (must(cdb, 12, SCSI_DIR_IN, ra->buf + (size_t)done * CD_FRAMESIZE_RAW,
			 (uint32_t)k * CD_FRAMESIZE_RAW) != 0)
			return -1;
		done += k;
	}
	return 0;
}

int preload_cdrom_ioctl(unsigned long req, void *arg, bool *handled)
{
	*handled = true;
	switch (req) {
	case CDROM_SEND_PACKET:
		return send_packet(arg);
	case CDROMREADTOCHDR: {
		struct cdrom_tochdr *h = arg;
		uint8_t b[4];
		if (read_toc(0, 0, false, b, sizeof(b)) != 0)
			return -1;
		h->cdth_trk0 = b[2];
		h->cdth_trk1 = b[3];
		return 0;
	}
	case CDROMREADTOCENTRY: {
		struct cdrom_tocentry *t = arg;
		uint8_t b[4 + 8 * 2];
		if (read_toc(0, t->cdte_track, false, b, sizeof(b)) != 0)
			return -1;
		const uint8_t *p = &b[4];
		if (p[2] != t->cdte_track)
			return fail(EIO);
		t->cdte_adr = p[1] >> 4;
		t->cdte_ctrl = p[1] & 0x0f;
		put_cdrom_addr(&t->cdte_addr, t->cdte_format, (int32_t)get_be32(&p[4]));
		t->cdte_datamode = 0;
		return 0;
	}
	case CDROMMULTISESSION: {
		struct cdrom_multisession *ms = arg;
		uint8_t b[12];
		if (read_toc(1, 0, false, b, sizeof(b)) != 0)
			return -1;
		put_cdrom_addr(&ms->addr, ms->addr_format, (int32_t)get_be32(&b[8]));
		ms->xa_flag = b[3] > 1;
		return 0;
	}
	case CDROM_DISC_STATUS:
		return disc_status();
	case CDROM_GET_CAPABILITY:
		return CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED |
		       CDC_MULTI_SESSION | CDC_MCN | CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO |
		       CDC_DRIVE_STATUS | CDC_GENERIC_PACKET | CDC_CD_R | CDC_CD_RW | CDC_DVD |
		       CDC_DVD_R | CDC_DVD_RAM | CDC_RAM;
	case CDROM_GET_MCN: {
		struct cdrom_mcn *m = arg;
		uint8_t b[24];
		uint8_t cdb[10] = { 0x42, 0, 0x40, 0x02 };
		put_be16(&cdb[7], sizeof(b));
		if (must(cdb, 10, SCSI_DIR_IN, b, sizeof(b)) != 0)
			return -1;
		memset(m, 0, sizeof(*m));
		if (b[8] & 0x80)
			memcpy(m->medium_catalog_number, &b[9], 13);
		return 0;
	}
	case DVD_READ_STRUCT: {
		dvd_struct *s = arg;
		if (s->type != DVD_STRUCT_PHYSICAL)
			return fail(EINVAL);
		return dvd_physical(&s->physical);
	}
	case CDROMREADAUDIO:
		return read_audio(arg);
	case CDROMSUBCHNL: {    /* READ SUB-CHANNEL, current position */
		struct cdrom_subchnl *sc = arg;
		uint8_t b[16];
		uint8_t cdb[10] = { 0x42, 0, 0x40, 0x01 };
		put_be16(&cdb[7], sizeof(b));
		if (must(cdb, 10, SCSI_DIR_IN, b, sizeof(b)) != 0)
			return -1;
		sc->cdsc_audiostatus = b[1];
		sc->cdsc_adr = b[5] >> 4;
		sc->cdsc_ctrl = b[5] & 0x0f;
		sc->cdsc_trk = b[6];
		sc->cdsc_ind = b[7];
		put_cdrom_addr(&sc->cdsc_absaddr, sc->cdsc_format, (int32_t)get_be32(&b[8]));
		if (sc->cdsc_format == CDROM_MSF)
			put_cdrom_addr(&sc->cdsc_reladdr, CDROM_MSF, (int32_t)get_be32(&b[12]) - 150);
		else
			sc->cdsc_reladdr.lba = (int)get_be32(&b[12]);
		return 0;
	}
	default:
		*handled = false;
		return -1;
	}
}
