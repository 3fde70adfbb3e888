/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transport.h — the contract between discburn and a SCSI pass-through backend.
 *
 * PORTING: a backend moves one SCSI command to a device and back. It never needs
 * to know about burning, media, retries or what sense data means. To add one:
 *
 *   1. Define `const struct transport_ops foo_transport` in drivers/foo.c with
 *      the entry points below; leave an entry NULL when the platform cannot do it.
 *   2. Embed `struct transport` as the FIRST member of your private handle, so
 *      the generic layer can hand it back to you.
 *   3. Add it to the backend table in src/device.c.
 *
 * Contract of exec():
 *   - returns 0 when the command reached the device and the device answered,
 *     whatever the SCSI status (GOOD, CHECK CONDITION, BUSY...). c->status, and
 *     for CHECK CONDITION c->sense / c->sense_len, describe the answer;
 *   - returns -errno when it did not (the OS refused, the link broke, the
 *     command timed out: -ETIMEDOUT, the device is gone: -ENODEV);
 *   - copies at most sizeof(c->sense) sense bytes and sets sense_len to the
 *     number copied; sets resid to the bytes of the data phase NOT transferred;
 *   - never retries, never prints, never interprets sense.
 *
 * Threads: a handle is used by one thread at a time. Backends keep no globals
 * beyond constant tables, so several handles may be open in several threads.
 */
#ifndef DISCBURN_TRANSPORT_H
#define DISCBURN_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#define SCSI_CDB_MAX   16
#define SCSI_SENSE_MAX 96

enum scsi_dir {
	SCSI_DIR_NONE = 0,
	SCSI_DIR_IN,            /* device to host (READ, INQUIRY...) */
	SCSI_DIR_OUT,           /* host to device (WRITE, MODE SELECT...) */
};

/* SCSI status byte values a backend may report. */
enum {
	SCSI_STATUS_GOOD            = 0x00,
	SCSI_STATUS_CHECK_CONDITION = 0x02,
	SCSI_STATUS_BUSY            = 0x08,
	SCSI_STATUS_RESERVATION     = 0x18,
};

/* One command. The caller fills the first block; exec() fills the second. */
struct scsi_cmd {
	uint8_t cdb[SCSI_CDB_MAX];
	uint8_t cdb_len;
	enum scsi_dir dir;
	void *data;             /* data phase buffer, data_len bytes; NULL if none */
	uint32_t data_len;
	uint32_t timeout_ms;    /* 0 means the backend's default (30 s) */

	uint8_t status;         /* SCSI status byte */
	uint8_t sense_len;      /* valid bytes in sense[] */
	uint8_t sense[SCSI_SENSE_MAX];
	uint32_t resid;         /* data_len minus bytes actually transferred */
};

struct transport;

/* Open flags. */
enum {
	TRANSPORT_READONLY = 1u << 0,   /* info commands only; no exclusive open */
};

/* What discovery reports for one drive. Strings are NUL terminated. */
struct transport_found {
	char dev[256];          /* the string dev= accepts, e.g. "/dev/sr0" */
	char vendor[9];
	char model[17];
	char revision[5];
	int  peripheral_type;   /* from sysfs/udev; -1 when unknown */
	int  bus, target, lun;  /* cdrecord's b,t,l address; -1 when there is none */
};

typedef void (*transport_found_fn)(void *ctx, const struct transport_found *f);

struct transport_ops {
	const char *name;       /* "linux-sg", "cdio", "iscsi", "emu" */
	const char *syntax;     /* how its device strings look, for --help */

	/* Nonzero when this backend takes the device string (by prefix or shape). */
	int (*match)(const char *dev);

	/* Open dev. On failure returns -errno and writes one human sentence into
	 * why (at most whylen bytes, NUL terminated) naming the cause and the fix. */
	int (*open)(const char *dev, unsigned flags, struct transport **out,
		    char *why, size_t whylen);

	void (*close)(struct transport *t);

	int (*exec)(struct transport *t, struct scsi_cmd *c);

	/* Optional: list the drives this backend can see. Returns the count found
	 * or -errno. NULL when the backend cannot enumerate. */
	int (*scan)(transport_found_fn fn, void *ctx);
};

/* The part of every handle the generic layer owns. Backends only set ops. */
struct transport {
	const struct transport_ops *ops;
};

#endif
