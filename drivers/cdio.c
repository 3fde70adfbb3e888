/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdio.c — SCSI pass-through through libcdio's mmc_run_cmd_len().
 *
 * The portable backend: libcdio carries the pass-through code for FreeBSD,
 * NetBSD, Solaris, macOS and Windows. On Linux it is a second path beside
 * linux-sg (useful to cross-check it), reached by "cdio:/dev/srN".
 *
 * What it loses against linux-sg, all of it libcdio's doing:
 *   - CDBs are capped at 12 bytes (mmc_cdb_t); longer ones get -EINVAL. MMC
 *     needs no more than 12 for what discburn sends.
 *   - On Linux the command goes through CDROM_SEND_PACKET, which takes only
 *     the CDB's first 12 bytes and lets the kernel derive the length from the
 *     opcode group: our cdb_len is not passed through.
 *   - No residual count: resid is always reported as 0, so parsers must trust
 *     the response's own length fields (they check them anyway).
 *   - The SCSI status byte is not returned. On Linux a CHECK CONDITION and a
 *     transport failure both come back as DRIVER_OP_ERROR; we tell them apart
 *     by whether libcdio recorded sense (mmc_last_cmd_sense()), and report
 *     CHECK CONDITION with that sense. Sense whose additional length is 0 is
 *     not recorded by libcdio, so such a CHECK CONDITION reads as -EIO.
 *   - BUSY and RESERVATION CONFLICT cannot be seen; they read as -EIO.
 *   - The errno of the failed ioctl is lost (-EIO instead of -ENODEV...).
 *   - Debian's libcdio 2.1 is built without HAVE_LINUX_CDROM_TIMEOUT: the
 *     timeout we pass is ignored and the kernel's default applies.
 *   - No discovery (scan is NULL): libcdio's own list only walks /dev names.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cdio/cdio.h>
#include <cdio/logging.h>
#include <cdio/mmc.h>

#include "transport.h"

#define CDIO_PREFIX "cdio:"
#define CDIO_CDB_MAX 12
#define CDIO_TIMEOUT_MS 30000

extern const struct transport_ops cdio_transport;

struct cdio_handle {
	struct transport base;  /* must be first */
	CdIo_t *cdio;
};

/* libcdio prints warnings to stderr from its default log handler; a library
 * must not print, so replace it once for the process. */
static void cdio_quiet_log(cdio_log_level_t level, const char *message)
{
	(void)level;
	(void)message;
}

static void cdio_quiet_once(void)
{
	cdio_log_set_handler(cdio_quiet_log);
}

static const char *cdio_path(const char *dev)
{
	if (strncmp(dev, CDIO_PREFIX, strlen(CDIO_PREFIX)) == 0)
		return dev + strlen(CDIO_PREFIX);
	return dev;
}

static int cdio_match(const char *dev)
{
	if (!dev)
		return 0;
	if (strncmp(dev, CDIO_PREFIX, strlen(CDIO_PREFIX)) == 0)
		return 1;
#if !defined(__linux__) && !defined(HAVE_SGPT)
	/* Elsewhere, unless sg_pt was built, libcdio is the native backend:
	 * plain device names. */
	if (strncmp(dev, "/dev/", 5) == 0)
		return 1;
#endif
	return 0;
}

static int cdio_open_dev(const char *dev, unsigned flags, struct transport **out,
			 char *why, size_t whylen)
{
	static pthread_once_t quiet = PTHREAD_ONCE_INIT;
	const char *path = cdio_path(dev);
	struct cdio_handle *h;
	struct stat st;
	CdIo_t *p;
	int fd, err;

	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	pthread_once(&quiet, cdio_quiet_once);
	if (stat(path, &st) != 0) {
		err = errno;
		if (err == ENOENT)
			snprintf(why, whylen, "no such device %s; run 'discburn --devices' to "
				 "list the drives", path);
		else
			snprintf(why, whylen, "cannot open %s: %s", path, strerror(err));
		return -err;
	}
	if (!S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode)) {
		snprintf(why, whylen, "%s is not a device node; libcdio takes a drive such "
			 "as cdio:/dev/sr0", path);
		return -ENOTBLK;
	}
	/* libcdio's Linux driver offers IOCTL/READ_CD/READ_10 (read only),
	 * MMC_RDWR and MMC_RDWR_EXCL (O_RDWR [|O_EXCL] | O_NONBLOCK). */
	p = cdio_open_am(path, DRIVER_DEVICE,
			 (flags & TRANSPORT_READONLY) ? "IOCTL" : "MMC_RDWR_EXCL");
	if (!p) {
		/* libcdio does not say why; repeat its open to learn errno. */
		fd = open(path, (flags & TRANSPORT_READONLY) ? O_RDONLY | O_NONBLOCK
			  : O_RDWR | O_NONBLOCK | O_EXCL);
		err = fd < 0 ? errno : ENOTTY;
		if (fd >= 0)
			close(fd);
		if (err == EBUSY)
			snprintf(why, whylen, "%s is busy: mounted or open in another program; "
				 "umount it or close the other program first", path);
		else if (err == EACCES)
			snprintf(why, whylen, "permission denied opening %s: add yourself to "
				 "the group that owns it (usually 'cdrom') or run as root", path);
		else if (err == ENOTTY)
			snprintf(why, whylen, "libcdio does not take %s as a CD/DVD drive", path);
		else
			snprintf(why, whylen, "libcdio cannot open %s: %s", path, strerror(err));
		return -err;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		cdio_destroy(p);
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	h->base.ops = &cdio_transport;
	h->cdio = p;
	*out = &h->base;
	return 0;
}

static void cdio_close_dev(struct transport *t)
{
	struct cdio_handle *h = (struct cdio_handle *)t;

	if (!h)
		return;
	cdio_destroy(h->cdio);
	free(h);
}

/* Copy the sense libcdio recorded for the last command; returns its length
 * (0 when none). */
static int cdio_take_sense(CdIo_t *p, struct scsi_cmd *c)
{
	cdio_mmc_request_sense_t *s = NULL;
	int n = mmc_last_cmd_sense(p, &s);

	if (n <= 0 || !s) {
		free(s);
		return 0;
	}
	if ((size_t)n > sizeof(c->sense))
		n = sizeof(c->sense);
	memcpy(c->sense, s, (size_t)n);
	c->sense_len = (uint8_t)n;
	free(s);
	return n;
}

static int cdio_exec(struct transport *t, struct scsi_cmd *c)
{
	struct cdio_handle *h = (struct cdio_handle *)t;
	cdio_mmc_direction_t dir;
	mmc_cdb_t cdb;
	driver_return_code_t rc;

	c->status = 0;
	c->sense_len = 0;
	c->resid = 0;
	if (c->cdb_len < 6 || c->cdb_len > CDIO_CDB_MAX)
		return -EINVAL;
	if (c->dir != SCSI_DIR_NONE && c->data_len > 0 && !c->data)
		return -EINVAL;
	memset(&cdb, 0, sizeof(cdb));
	memcpy(cdb.field, c->cdb, c->cdb_len);
	switch (c->dir) {
	case SCSI_DIR_IN:
		dir = SCSI_MMC_DATA_READ;
		break;
	case SCSI_DIR_OUT:
		dir = SCSI_MMC_DATA_WRITE;
		break;
	default:
		dir = SCSI_MMC_DATA_NONE;
		break;
	}
	rc = mmc_run_cmd_len(h->cdio, c->timeout_ms ? c->timeout_ms : CDIO_TIMEOUT_MS,
			     &cdb, c->cdb_len, dir,
			     dir == SCSI_MMC_DATA_NONE ? 0 : c->data_len,
			     dir == SCSI_MMC_DATA_NONE ? NULL : c->data);
	switch (rc) {
	case DRIVER_OP_SUCCESS:
		c->status = SCSI_STATUS_GOOD;
		return 0;
	case DRIVER_OP_ERROR:
	case DRIVER_OP_MMC_SENSE_DATA:
		if (cdio_take_sense(h->cdio, c) > 0) {
			c->status = SCSI_STATUS_CHECK_CONDITION;
			return 0;
		}
		return -EIO;
	case DRIVER_OP_NOT_PERMITTED:
		return -EPERM;
	case DRIVER_OP_BAD_PARAMETER:
		return -EINVAL;
	case DRIVER_OP_BAD_POINTER:
		return -EFAULT;
	case DRIVER_OP_UNSUPPORTED:
	case DRIVER_OP_NO_DRIVER:
		return -EOPNOTSUPP;
	case DRIVER_OP_UNINIT:
		return -EBADF;
	default:
		return -EIO;
	}
}

const struct transport_ops cdio_transport = {
	.name = "cdio",
	.syntax = "cdio:/dev/srN (libcdio's pass-through)",
	.match = cdio_match,
	.open = cdio_open_dev,
	.close = cdio_close_dev,
	.exec = cdio_exec,
	.scan = NULL,
};
