/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iscsi.c — SCSI pass-through to a LUN over iSCSI, with libiscsi.
 *
 * Device string: iscsi://[user[%password]@]host[:port]/target-iqn/lun, as
 * libiscsi's iscsi_parse_full_url() reads it. Drives exported over the
 * network, and the third-party MMC target (tgt) the tests burn onto.
 *
 * Initiator name: $DISCBURN_ISCSI_INITIATOR, else ISCSI_DEFAULT_INITIATOR.
 *
 * Commands go out with iscsi_scsi_command_async() and our own poll loop, not
 * the _sync call: the sync loop only knows whole seconds and keeps its state
 * on the stack, so a command it gave up on could later complete into a dead
 * frame. Here the completion lands in the heap handle, and a command we gave
 * up on (timeout, broken link) marks the handle broken: later commands are
 * refused with -EIO, and the abandoned task is freed when libiscsi cancels it
 * at close (its data-out buffer belongs to the caller, so we must not service
 * the connection again once exec has returned).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "transport.h"

/* libiscsi's enum scsi_status reuses the names transport.h gives the status
 * byte; rename libiscsi's copies while its headers are read. */
#define SCSI_STATUS_GOOD LIBISCSI_STATUS_GOOD
#define SCSI_STATUS_CHECK_CONDITION LIBISCSI_STATUS_CHECK_CONDITION
#define SCSI_STATUS_BUSY LIBISCSI_STATUS_BUSY
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>
#undef SCSI_STATUS_GOOD
#undef SCSI_STATUS_CHECK_CONDITION
#undef SCSI_STATUS_BUSY

#define ISCSI_PREFIX "iscsi://"
#define ISCSI_DEFAULT_INITIATOR "iqn.2024-01.org.discburn:initiator"
#define ISCSI_TIMEOUT_MS 30000
/* Seconds libiscsi may spend on TCP connect + login before we give up. */
#define ISCSI_CONNECT_TIMEOUT_S 15

extern const struct transport_ops iscsi_transport;

struct iscsi_handle {
	struct transport base;  /* must be first */
	struct iscsi_context *ctx;
	int lun;
	int broken;             /* a command was abandoned: link state unknown */
	struct scsi_task *inflight;
	int done;
	int cb_status;
};

static int iscsi_match(const char *dev)
{
	return dev && strncmp(dev, ISCSI_PREFIX, strlen(ISCSI_PREFIX)) == 0;
}

static int iscsi_open_dev(const char *dev, unsigned flags, struct transport **out,
			  char *why, size_t whylen)
{
	const char *initiator = getenv("DISCBURN_ISCSI_INITIATOR");
	struct iscsi_handle *h;
	struct iscsi_context *ctx;
	struct iscsi_url *url;

	(void)flags;    /* iSCSI has no exclusive open; tgt serialises LUN access */
	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	if (!initiator || !*initiator)
		initiator = ISCSI_DEFAULT_INITIATOR;
	ctx = iscsi_create_context(initiator);
	if (!ctx) {
		snprintf(why, whylen, "cannot create an iSCSI context for initiator %s", initiator);
		return -ENOMEM;
	}
	url = iscsi_parse_full_url(ctx, dev);
	if (!url) {
		snprintf(why, whylen, "bad iSCSI address (want iscsi://host[:port]/target-iqn/lun): %s",
			 iscsi_get_error(ctx));
		iscsi_destroy_context(ctx);
		return -EINVAL;
	}
	iscsi_set_targetname(ctx, url->target);
	iscsi_set_session_type(ctx, ISCSI_SESSION_NORMAL);
	iscsi_set_header_digest(ctx, ISCSI_HEADER_DIGEST_NONE_CRC32C);
	if (url->user[0])
		iscsi_set_initiator_username_pwd(ctx, url->user, url->passwd);
	iscsi_set_timeout(ctx, ISCSI_CONNECT_TIMEOUT_S);
	if (iscsi_full_connect_sync(ctx, url->portal, url->lun) != 0) {
		snprintf(why, whylen, "cannot log in to iSCSI target %s at %s (lun %d): %s",
			 url->target, url->portal, url->lun, iscsi_get_error(ctx));
		iscsi_destroy_url(url);
		iscsi_destroy_context(ctx);
		return -ECONNREFUSED;
	}
	/* From here our poll loop enforces each command's own timeout. */
	iscsi_set_timeout(ctx, 0);
	h = calloc(1, sizeof(*h));
	if (!h) {
		iscsi_destroy_url(url);
		iscsi_logout_sync(ctx);
		iscsi_destroy_context(ctx);
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	h->base.ops = &iscsi_transport;
	h->ctx = ctx;
	h->lun = url->lun;
	iscsi_destroy_url(url);
	*out = &h->base;
	return 0;
}

static void iscsi_close_dev(struct transport *t)
{
	struct iscsi_handle *h = (struct iscsi_handle *)t;

	if (!h)
		return;
	if (!h->broken)
		iscsi_logout_sync(h->ctx);
	/* Cancels anything still queued; iscsi_done() frees abandoned tasks. */
	iscsi_destroy_context(h->ctx);
	free(h);
}

static void iscsi_done(struct iscsi_context *ctx, int status, void *command_data,
		       void *private_data)
{
	struct iscsi_handle *h = private_data;
	struct scsi_task *task = command_data;

	(void)ctx;
	if (task && task != h->inflight) {
		scsi_free_scsi_task(task);
		return;
	}
	h->done = 1;
	h->cb_status = status;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run the event loop until the in-flight command completes. Returns 0, or
 * -ETIMEDOUT / -errno when we gave up on it. */
static int iscsi_wait(struct iscsi_handle *h, unsigned timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	while (!h->done) {
		struct pollfd pfd;
		long long left = deadline - now_ms();
		int n;

		if (left <= 0)
			return -ETIMEDOUT;
		pfd.fd = iscsi_get_fd(h->ctx);
		pfd.events = (short)iscsi_which_events(h->ctx);
		pfd.revents = 0;
		/* Wake at least once a second so libiscsi runs its own timers
		 * (NOP-out, reconnect). */
		n = poll(&pfd, 1, left > 1000 ? 1000 : (int)left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (iscsi_service(h->ctx, n > 0 ? pfd.revents : 0) < 0)
			return -EIO;
	}
	return 0;
}

/* Copy sense from a CHECK CONDITION: libiscsi leaves the iSCSI sense data
 * segment in task->datain: a 2-byte big-endian SenseLength, then the sense
 * bytes (RFC 7143 11.4.7.2). */
static void iscsi_take_sense(const struct scsi_task *task, struct scsi_cmd *c)
{
	size_t avail, len;

	if (!task->datain.data || task->datain.size < 2)
		return;
	avail = (size_t)task->datain.size - 2;
	len = (size_t)task->datain.data[0] << 8 | task->datain.data[1];
	if (len > avail)
		len = avail;
	if (len > sizeof(c->sense))
		len = sizeof(c->sense);
	memcpy(c->sense, task->datain.data + 2, len);
	c->sense_len = (uint8_t)len;
}

static int iscsi_exec(struct transport *t, struct scsi_cmd *c)
{
	struct iscsi_handle *h = (struct iscsi_handle *)t;
	struct iscsi_data out = { 0 };
	struct scsi_task *task;
	int xfer, rc;

	c->status = 0;
	c->sense_len = 0;
	c->resid = c->dir == SCSI_DIR_NONE ? 0 : c->data_len;
	if (h->broken)
		return -EIO;
	if (c->cdb_len < 6 || c->cdb_len > SCSI_CDB_MAX)
		return -EINVAL;
	if (c->dir != SCSI_DIR_NONE && c->data_len > 0 && !c->data)
		return -EINVAL;
	switch (c->dir) {
	case SCSI_DIR_IN:
		xfer = SCSI_XFER_READ;
		break;
	case SCSI_DIR_OUT:
		xfer = SCSI_XFER_WRITE;
		out.size = (int)c->data_len;
		out.data = c->data;
		break;
	default:
		xfer = SCSI_XFER_NONE;
		break;
	}
	if (c->data_len == 0)
		xfer = SCSI_XFER_NONE;
	task = scsi_create_task(c->cdb_len, c->cdb, xfer,
				xfer == SCSI_XFER_NONE ? 0 : (int)c->data_len);
	if (!task)
		return -ENOMEM;
	h->inflight = task;
	h->done = 0;
	if (iscsi_scsi_command_async(h->ctx, h->lun, task, iscsi_done,
				     xfer == SCSI_XFER_WRITE ? &out : NULL, h) != 0) {
		h->inflight = NULL;
		scsi_free_scsi_task(task);
		return -EIO;
	}
	rc = iscsi_wait(h, c->timeout_ms ? c->timeout_ms : ISCSI_TIMEOUT_MS);
	if (rc < 0) {
		/* libiscsi still owns the task; iscsi_done() frees it. */
		h->inflight = NULL;
		h->broken = 1;
		return rc;
	}
	h->inflight = NULL;
	switch (h->cb_status) {
	case LIBISCSI_STATUS_GOOD:
	case SCSI_STATUS_CONDITION_MET:
		if (xfer == SCSI_XFER_READ) {
			size_t got = task->datain.size > 0 ? (size_t)task->datain.size : 0;

			if (got > c->data_len)
				got = c->data_len;
			if (got)
				memcpy(c->data, task->datain.data, got);
			c->resid = c->data_len - (uint32_t)got;
		} else if (xfer == SCSI_XFER_WRITE) {
			c->resid = task->residual_status == SCSI_RESIDUAL_UNDERFLOW &&
				   task->residual <= c->data_len ? (uint32_t)task->residual : 0;
		}
		c->status = (uint8_t)h->cb_status;
		rc = 0;
		break;
	case LIBISCSI_STATUS_CHECK_CONDITION:
		iscsi_take_sense(task, c);
		c->status = SCSI_STATUS_CHECK_CONDITION;
		rc = 0;
		break;
	case LIBISCSI_STATUS_BUSY:
	case SCSI_STATUS_RESERVATION_CONFLICT:
	case SCSI_STATUS_TASK_SET_FULL:
	case SCSI_STATUS_ACA_ACTIVE:
	case SCSI_STATUS_TASK_ABORTED:
		c->status = (uint8_t)h->cb_status;
		rc = 0;
		break;
	case SCSI_STATUS_TIMEOUT:
		rc = -ETIMEDOUT;
		break;
	case SCSI_STATUS_CANCELLED:
		rc = -ECANCELED;
		break;
	default:
		rc = -EIO;
		break;
	}
	scsi_free_scsi_task(task);
	return rc;
}

const struct transport_ops iscsi_transport = {
	.name = "iscsi",
	.syntax = "iscsi://host[:port]/target-iqn/lun",
	.match = iscsi_match,
	.open = iscsi_open_dev,
	.close = iscsi_close_dev,
	.exec = iscsi_exec,
	.scan = NULL,
};
