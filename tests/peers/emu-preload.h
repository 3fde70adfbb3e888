/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu-preload.h — what the LD_PRELOAD front's parts share. */
#ifndef DISCBURN_EMU_PRELOAD_H
#define DISCBURN_EMU_PRELOAD_H

#include <stdbool.h>
#include <stdint.h>
#include "transport.h"

#define PRELOAD_HIDDEN __attribute__((visibility("hidden")))

/* One command to this process's emulator: 0, or -errno (c has the status
 * and sense). */
PRELOAD_HIDDEN int preload_cmd(const uint8_t *cdb, uint8_t len, enum scsi_dir dir, void *data,
			       uint32_t data_len, struct scsi_cmd *c);

/* The sr driver's CD-ROM ioctls (emu-preload-cdrom.c); *handled false when
 * req is not one of them. */
PRELOAD_HIDDEN int preload_cdrom_ioctl(unsigned long req, void *arg, bool *handled);

#endif
