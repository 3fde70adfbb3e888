/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sgpt.c — SCSI pass-through through libsgutils2's sg_pt interface.
 *
 * sg_pt is sg3_utils' portable pass-through: one API over Linux SG_IO (sg v3
 * or v4), FreeBSD CAM, NetBSD/OpenBSD SCIOCCOMMAND, Solaris USCSI and
 * Windows SPTI/SPTD. It is the native backend for plain device names where
 * there is no linux-sg (see doc/design.md for which backend is the default on
 * which OS), and reachable everywhere as "sgpt:DEVICE". On Linux it runs next
 * to linux-sg through the same kernel path, which is how it is tested (in the
 * QEMU guest, tests/rig/guest-test.sh).
 *
 * What it keeps that cdio loses: the real SCSI status byte (BUSY and
 * RESERVATION CONFLICT are seen), the residual count, CDBs of 6 to 16 bytes
 * with their length as given, sense with an additional length of 0, the
 * errno of a failed pass-through call, and a timeout per command.
 * What it loses against linux-sg:
 *   - timeouts are whole seconds (sg_pt's unit): rounded up, at least 1 s;
 *   - a transport failure is mapped to an errno only on Linux (host and
 *     driver bytes, as linux-sg maps them); elsewhere it reads as -EIO;
 *   - no discovery (scan is NULL) and no cdrecord b,t,l names;
 *   - a busy or mounted drive is reported as busy, without the mount point
 *     or the process holding it;
 *   - exclusive open (O_EXCL) is what the OS makes of it: sg_pt calls the
 *     flags advisory (FreeBSD's CAM open ignores them).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scsi/sg_pt.h>

#include "transport.h"
#ifdef HAVE_LINUX_SG
#include "linux-sg.h"
#endif

#define SGPT_PREFIX "sgpt:"
#define SGPT_TIMEOUT_MS 30000

extern const struct transport_ops sgpt_transport;

struct sgpt_handle {
	struct transport base;  /* must be first */
	int fd;
	struct sg_pt_base *pt;
};

static const char *sgpt_path(const char *dev)
{
	if (strncmp(dev, SGPT_PREFIX, strlen(SGPT_PREFIX)) == 0)
		return dev + strlen(SGPT_PREFIX);
	return dev;
}

static int sgpt_match(const char *dev)
{
	if (!dev)
		return 0;
	if (strncmp(dev, SGPT_PREFIX, strlen(SGPT_PREFIX)) == 0)
		return 1;
#ifndef HAVE_LINUX_SG
	/* Without SG_IO this is the native backend: plain device names. */
	if (strncmp(dev, "/dev/", 5) == 0)
		return 1;
#endif
	return 0;
}

static void open_why(int err, const char *path, char *why, size_t whylen)
{
	switch (err) {
	case ENOENT:
		snprintf(why, whylen, "no such device %s; run 'discburn --devices' to list "
			 "the drives", path);
		break;
	case EBUSY:
		snprintf(why, whylen, "%s is busy: mounted or open in another program; "
			 "umount it or close the other program first", path);
		break;
	case EACCES:
	case EPERM:
		snprintf(why, whylen, "permission denied opening %s: add yourself to the "
			 "group that owns it (usually 'cdrom') or run as root", path);
		break;
	default:
		snprintf(why, whylen, "cannot open %s through sg_pt: %s", path, strerror(err));
	}
}

static int sgpt_open(const char *dev, unsigned flags, struct transport **out,
		     char *why, size_t whylen)
{
	const char *path = sgpt_path(dev);
	struct sgpt_handle *h;
	int fd, oflags;

	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	if (!*path) {
		snprintf(why, whylen, "sgpt: needs a device, e.g. sgpt:/dev/sr0");
		return -EINVAL;
	}
#ifndef _WIN32
	/* Never a regular file: a path that is not a device node is refused
	 * before anything is sent (as linux-sg does). */
	struct stat st;
	if (stat(path, &st) != 0) {
		int err = errno;
		open_why(err, path, why, whylen);
		return -err;
	}
	if (!S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode)) {
		snprintf(why, whylen, "%s is not a device node; sg_pt takes a drive such "
			 "as sgpt:/dev/sr0", path);
		return -ENOTBLK;
	}
#endif
	/* Burning needs the drive alone; info commands share it. */
	oflags = (flags & TRANSPORT_READONLY) ? O_RDONLY | O_NONBLOCK
					      : O_RDWR | O_NONBLOCK | O_EXCL;
	fd = scsi_pt_open_flags(path, oflags, 0);
	if (fd < 0) {
		int err = fd == -1 ? EIO : -fd;
		open_why(err, path, why, whylen);
		return -err;
	}
	h = calloc(1, sizeof(*h));
	if (h)
		h->pt = construct_scsi_pt_obj_with_fd(fd, 0);
	if (!h || !h->pt) {
		free(h);
		scsi_pt_close_device(fd);
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	h->base.ops = &sgpt_transport;
	h->fd = fd;
	*out = &h->base;
	return 0;
}

static void sgpt_close(struct transport *t)
{
	struct sgpt_handle *h = (struct sgpt_handle *)t;

	if (!h)
		return;
	destruct_scsi_pt_obj(h->pt);
	scsi_pt_close_device(h->fd);
	free(h);
}

/* A transport error (the command did not complete at the target) as -errno. */
static int transport_errno(const struct sg_pt_base *pt)
{
#ifdef HAVE_LINUX_SG
	/* Linux: sg_pt reports (host_status << 8) | driver_status */
	int te = get_scsi_pt_transport_err(pt);
	int rc = linux_sg_map_result(0, 0, (unsigned)(te >> 8) & 0xff, (unsigned)te & 0xff);
	return rc < 0 ? rc : -EIO;
#else
	(void)pt;
	return -EIO;
#endif
}

static int sgpt_exec(struct transport *t, struct scsi_cmd *c)
{
	struct sgpt_handle *h = (struct sgpt_handle *)t;
	struct sg_pt_base *pt = h->pt;
	unsigned ms = c->timeout_ms ? c->timeout_ms : SGPT_TIMEOUT_MS;
	int secs = ms >= (unsigned)INT_MAX - 999 ? INT_MAX / 1000 : (int)((ms + 999) / 1000);
	int rc, n;

	c->status = 0;
	c->sense_len = 0;
	c->resid = 0;
	if (c->cdb_len < 6 || c->cdb_len > SCSI_CDB_MAX)
		return -EINVAL;
	if (c->dir != SCSI_DIR_NONE && c->data_len > 0 && !c->data)
		return -EINVAL;
	if (c->data_len > INT_MAX)
		return -EINVAL;

	clear_scsi_pt_obj(pt);
	set_scsi_pt_cdb(pt, c->cdb, c->cdb_len);
	set_scsi_pt_sense(pt, c->sense, (int)sizeof(c->sense));
	if (c->dir == SCSI_DIR_IN && c->data_len)
		set_scsi_pt_data_in(pt, c->data, (int)c->data_len);
	else if (c->dir == SCSI_DIR_OUT && c->data_len)
		set_scsi_pt_data_out(pt, c->data, (int)c->data_len);

	rc = do_scsi_pt(pt, h->fd, secs, 0);
	if (rc < 0) {
		/* the OS refused the pass-through call */
		return rc == -ENXIO ? -ENODEV : rc;
	}
	switch (rc) {
	case 0:
		break;
	case SCSI_PT_DO_TIMEOUT:
		return -ETIMEDOUT;
	case SCSI_PT_DO_BAD_PARAMS:
		return -EINVAL;
	case SCSI_PT_DO_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}

	switch (get_scsi_pt_result_category(pt)) {
	case SCSI_PT_RESULT_OS_ERR:
		n = get_scsi_pt_os_err(pt);
		return n > 0 ? -n : -EIO;
	case SCSI_PT_RESULT_TRANSPORT_ERR:
		return transport_errno(pt);
	default:
		/* GOOD, CHECK CONDITION (sense) or another status: the device
		 * answered */
		break;
	}
	c->status = (uint8_t)get_scsi_pt_status_response(pt);
	n = get_scsi_pt_sense_len(pt);
	if (n > 0)
		c->sense_len = (uint8_t)(n > (int)sizeof(c->sense) ? (int)sizeof(c->sense) : n);
	n = c->dir == SCSI_DIR_NONE ? 0 : get_scsi_pt_resid(pt);
	if (n > 0)
		c->resid = (uint32_t)n > c->data_len ? c->data_len : (uint32_t)n;
	return 0;
}

const struct transport_ops sgpt_transport = {
	.name = "sgpt",
	.syntax = "sgpt:/dev/srN (libsgutils2's portable pass-through)",
	.match = sgpt_match,
	.open = sgpt_open,
	.close = sgpt_close,
	.exec = sgpt_exec,
	.scan = NULL,
};
