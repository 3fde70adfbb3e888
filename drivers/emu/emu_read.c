/* emu_read.c — reading the disc: READ(10)/(12) (MMC-5 6.15, 6.16). */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

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
