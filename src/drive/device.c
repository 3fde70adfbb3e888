/* SPDX-License-Identifier: GPL-3.0-or-later */
/* device.c — backend choice, the safety gate, and the one retry loop.
 *
 * Everything discburn sends to a drive passes through device_exec(). That is
 * where the gate sits: below the write strategies, the info commands and the
 * blank/format code alike, so no caller can skip it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/clock.h"
#include "drive/device.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "mmc/sense.h"

extern const struct transport_ops emu_transport;
#ifdef HAVE_ISCSI
extern const struct transport_ops iscsi_transport;
#endif
#ifdef HAVE_CDIO
extern const struct transport_ops cdio_transport;
#endif
#ifdef HAVE_SGPT
extern const struct transport_ops sgpt_transport;
#endif
#ifdef HAVE_LINUX_SG
extern const struct transport_ops linux_sg_transport;
#endif

/* Only the backends configure built are registered. Order matters: the
 * first backend whose match() accepts the string wins, so the prefixed
 * syntaxes come before the plain device paths. */
const struct transport_ops *const device_backends[] = {
	&emu_transport,
#ifdef HAVE_ISCSI
	&iscsi_transport,
#endif
#ifdef HAVE_CDIO
	&cdio_transport,
#endif
#ifdef HAVE_SGPT
	&sgpt_transport,
#endif
#ifdef HAVE_LINUX_SG
	&linux_sg_transport,
#endif
	NULL,
};

/* Plain device names (no prefix) go to the native backend: SG_IO on Linux;
 * elsewhere libsgutils2's sg_pt, which keeps status, residual, long CDBs and
 * timeouts, else libcdio; with none of them built, the emulator's error
 * (a plain path is not an emu: string) explains. See doc/design.md. */
#if defined(HAVE_LINUX_SG)
#define DEFAULT_BACKEND (&linux_sg_transport)
#elif defined(HAVE_SGPT)
#define DEFAULT_BACKEND (&sgpt_transport)
#elif defined(HAVE_CDIO)
#define DEFAULT_BACKEND (&cdio_transport)
#else
#define DEFAULT_BACKEND NULL
#endif

struct device {
	struct transport *t;
	char *name;
	struct device_ident id;
	bool type_known;        /* INQUIRY answered */
	bool profile_known;     /* GET CONFIGURATION answered since the last change */
	device_trace_fn trace;
	void *trace_ctx;
	unsigned min_timeout_ms;
	const atomic_int *cancel;
	bool touched;           /* a MEDIUM command was sent since device_untouch */
};

/* What a command does to the device, for the gate. Any opcode this table
 * does not know is a MEDIUM command: an allow-list, not a deny-list. */
enum op_class {
	OP_QUESTION,    /* only reads: sent to any device */
	OP_TRAY,        /* moves the tray or locks it: only to an MMC device */
	OP_SPEED,       /* the speed commands: how fast the drive spins, for reading
			 * or writing; only to an MMC device, whatever its disc */
	OP_SETTING,     /* changes how the drive writes, not the disc */
	OP_MEDIUM,      /* changes the disc: marks it touched */
};

static enum op_class opcode_class(uint8_t op)
{
	switch (op) {
	case MMC_TEST_UNIT_READY: case MMC_REQUEST_SENSE: case MMC_INQUIRY:
	case MMC_READ_FORMAT_CAPS: case MMC_READ_CAPACITY: case MMC_READ10: case MMC_READ_TOC:
	case MMC_GET_CONFIGURATION: case MMC_GET_EVENT_STATUS: case MMC_READ_DISC_INFO:
	case MMC_READ_TRACK_INFO: case MMC_MODE_SENSE10: case MMC_READ_BUFFER_CAP:
	case MMC_READ12: case MMC_GET_PERFORMANCE: case MMC_READ_DISC_STRUCTURE:
	case MMC_READ_CD: case MMC_READ_CD_MSF: case MMC_READ_SUBCHANNEL:
		return OP_QUESTION;
	case MMC_START_STOP_UNIT: case MMC_PREVENT_ALLOW:
		return OP_TRAY;
	case MMC_SET_CD_SPEED: case MMC_SET_STREAMING:
		return OP_SPEED;
	case MMC_MODE_SELECT10: case MMC_SYNCHRONIZE_CACHE:
		return OP_SETTING;
	}
	return OP_MEDIUM;
}

static const struct transport_ops *pick_backend(const char *dev)
{
	for (const struct transport_ops *const *b = device_backends; *b; b++)
		if ((*b)->match && (*b)->match(dev))
			return *b;
	return DEFAULT_BACKEND;
}

int device_open(const char *dev, unsigned flags, struct device **out, struct db_error *err)
{
	*out = NULL;
	if (!dev || !*dev) {
		return db_fail(err, DB_R_NO_DEVICE_GIVEN);
	}
	return device_open_with(pick_backend(dev), dev, flags, out, err);
}

int device_open_with(const struct transport_ops *ops, const char *dev, unsigned flags,
		     struct device **out, struct db_error *err)
{
	*out = NULL;
	if (!dev || !*dev) {
		return db_fail(err, DB_R_NO_DEVICE_GIVEN);
	}
	struct device *d = calloc(1, sizeof(*d));
	if (!d || !(d->name = strdup(dev))) {
		free(d);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	char why[256] = "";
	int rc;
	if (ops) {
		rc = ops->open(dev, flags, &d->t, why, sizeof(why));
	} else {
		snprintf(why, sizeof(why), "this discburn was built without a pass-through "
			 "backend for local drives; only emu: devices work");
		rc = -ENODEV;
	}
	if (rc < 0) {
		db_fail(err, DB_R_DEVICE_OPEN, .subject = dev, .other = why, .os_errno = -rc);
		free(d->name);
		free(d);
		return DB_EOS;
	}
	d->t->ops = ops;
	*out = d;
	return 0;
}

void device_close(struct device *d)
{
	if (!d)
		return;
	if (d->t)
		d->t->ops->close(d->t);
	free(d->name);
	free(d);
}

const char *device_backend(const struct device *d)
{
	return d->t->ops->name;
}

const char *device_name(const struct device *d)
{
	return d->name;
}

void device_set_trace(struct device *d, device_trace_fn fn, void *ctx)
{
	d->trace = fn;
	d->trace_ctx = ctx;
}

void device_set_min_timeout(struct device *d, unsigned ms)
{
	d->min_timeout_ms = ms;
}

void device_set_cancel(struct device *d, const atomic_int *flag)
{
	d->cancel = flag;
}

void device_ident(const struct device *d, struct device_ident *out)
{
	*out = d->id;
}

static const char *opcode_name(uint8_t op)
{
	switch (op) {
	case MMC_TEST_UNIT_READY: return "TEST UNIT READY";
	case MMC_REQUEST_SENSE: return "REQUEST SENSE";
	case MMC_FORMAT_UNIT: return "FORMAT UNIT";
	case MMC_INQUIRY: return "INQUIRY";
	case MMC_START_STOP_UNIT: return "START STOP UNIT";
	case MMC_PREVENT_ALLOW: return "PREVENT ALLOW MEDIUM REMOVAL";
	case MMC_READ_FORMAT_CAPS: return "READ FORMAT CAPACITIES";
	case MMC_READ_CAPACITY: return "READ CAPACITY";
	case MMC_READ10: return "READ(10)";
	case MMC_WRITE10: return "WRITE(10)";
	case MMC_SYNCHRONIZE_CACHE: return "SYNCHRONIZE CACHE";
	case MMC_READ_TOC: return "READ TOC/PMA/ATIP";
	case MMC_GET_CONFIGURATION: return "GET CONFIGURATION";
	case MMC_GET_EVENT_STATUS: return "GET EVENT STATUS NOTIFICATION";
	case MMC_READ_DISC_INFO: return "READ DISC INFORMATION";
	case MMC_READ_TRACK_INFO: return "READ TRACK INFORMATION";
	case MMC_RESERVE_TRACK: return "RESERVE TRACK";
	case MMC_SEND_OPC: return "SEND OPC INFORMATION";
	case MMC_MODE_SELECT10: return "MODE SELECT(10)";
	case MMC_MODE_SENSE10: return "MODE SENSE(10)";
	case MMC_CLOSE_TRACK_SESSION: return "CLOSE TRACK/SESSION";
	case MMC_READ_BUFFER_CAP: return "READ BUFFER CAPACITY";
	case MMC_SEND_CUE_SHEET: return "SEND CUE SHEET";
	case MMC_BLANK: return "BLANK";
	case MMC_READ12: return "READ(12)";
	case MMC_WRITE12: return "WRITE(12)";
	case MMC_GET_PERFORMANCE: return "GET PERFORMANCE";
	case MMC_READ_DISC_STRUCTURE: return "READ DISC STRUCTURE";
	case MMC_SET_STREAMING: return "SET STREAMING";
	case MMC_SET_CD_SPEED: return "SET CD SPEED";
	case MMC_READ_SUBCHANNEL: return "READ SUB-CHANNEL";
	case MMC_READ_CD_MSF: return "READ CD MSF";
	case MMC_READ_CD: return "READ CD";
	}
	return "command";
}

const char *device_opcode_name(uint8_t op)
{
	return opcode_name(op);
}

bool device_opcode_touches(uint8_t op)
{
	return opcode_class(op) == OP_MEDIUM;
}

/* The gate judges by the latest thing the device said of itself: every
 * INQUIRY and GET CONFIGURATION answer that passes, whoever asked, updates
 * the peripheral type and the current profile it knows. */
static void learn(struct device *d, const struct scsi_cmd *c, int rc)
{
	if (rc < 0 || c->status != SCSI_STATUS_GOOD || c->dir != SCSI_DIR_IN || !c->data)
		return;
	uint32_t got = c->resid < c->data_len ? c->data_len - c->resid : 0;
	const uint8_t *p = c->data;
	if (c->cdb[0] == MMC_INQUIRY && d->type_known && got >= 5)
		d->id.peripheral_type = p[0] & 0x1F;
	if (c->cdb[0] == MMC_GET_CONFIGURATION && got >= 8) {
		d->id.profile = get_be16(p + 6);
		d->profile_known = true;
	}
}

/* Send without the gate; the trace sees every command. */
static int raw_exec(struct device *d, struct scsi_cmd *c)
{
	c->status = 0;
	c->sense_len = 0;
	c->resid = 0;
	if (d->min_timeout_ms) {
		/* 0 means the backend's default of 30 s */
		unsigned t = c->timeout_ms ? c->timeout_ms : 30000;
		if (t < d->min_timeout_ms)
			c->timeout_ms = d->min_timeout_ms;
	}
	/* before the command: once sent, it may have reached the disc even if
	 * no answer comes back */
	if (opcode_class(c->cdb[0]) == OP_MEDIUM)
		d->touched = true;
	int rc = d->t->ops->exec(d->t, c);
	if (d->trace)
		d->trace(d->trace_ctx, c, rc);
	learn(d, c, rc);
	if (rc == 0 && c->status == SCSI_STATUS_CHECK_CONDITION) {
		struct sense s;
		if (sense_parse(c->sense, c->sense_len, &s) == 0 &&
		    s.key == SK_UNIT_ATTENTION)
			d->profile_known = false;
	}
	if (c->cdb[0] == MMC_START_STOP_UNIT)
		d->profile_known = false;
	return rc;
}

/* A short question for the gate, asked with raw_exec; 0 only on GOOD. */
static int gate_ask(struct device *d, struct scsi_cmd *c)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		int rc = raw_exec(d, c);
		if (rc < 0)
			return rc;
		if (c->status == SCSI_STATUS_GOOD)
			return 0;
		/* a pending unit attention answers the first question after a
		 * media change; ask again */
	}
	return -EIO;
}

/* The first half of the gate: the device answered INQUIRY as an MMC
 * device (peripheral type 5). Enough for tray commands. */
static int gate_type(struct device *d, struct db_error *err)
{
	struct scsi_cmd c;
	if (!d->type_known) {
		uint8_t inq[96] = { 0 };
		mmc_build_inquiry(&c, inq, sizeof(inq));
		int rc = gate_ask(d, &c);
		struct mmc_inquiry q;
		size_t got = c.resid < sizeof(inq) ? sizeof(inq) - c.resid : 0;
		if (rc < 0)
			return db_fail(err, DB_R_NO_INQUIRY, .subject = d->name);
		if (mmc_parse_inquiry(inq, got, &q) < 0) {
			int code = db_fail(err, DB_R_ANSWER_SHORT, .subject = d->name,
					   .what = "INQUIRY");
			db_set_command(err, MMC_INQUIRY);
			return code;
		}
		d->type_known = true;
		d->id.peripheral_type = q.peripheral_type;
		memcpy(d->id.vendor, q.vendor, sizeof(d->id.vendor));
		memcpy(d->id.model, q.model, sizeof(d->id.model));
		memcpy(d->id.revision, q.revision, sizeof(d->id.revision));
	}
	if (d->id.peripheral_type != 5) {
		char who[64];
		snprintf(who, sizeof(who), "%s %s", d->id.vendor, d->id.model);
		return db_fail(err, DB_R_NOT_RECORDER, .subject = d->name, .other = who,
			       .n1 = (uint64_t)d->id.peripheral_type);
	}
	return 0;
}

int device_gate_mmc(struct device *d, struct db_error *err)
{
	return gate_type(d, err);
}

int device_gate_check(struct device *d, struct db_error *err)
{
	int rc = gate_type(d, err);
	if (rc < 0)
		return rc;
	if (!d->profile_known) {
		struct scsi_cmd c;
		uint8_t conf[8] = { 0 };
		/* RT=1 with starting feature 0: just the header and current profile */
		mmc_build_get_configuration(&c, 1, 0, conf, sizeof(conf));
		rc = gate_ask(d, &c);
		if (rc < 0)
			return db_fail(err, DB_R_NO_CONFIGURATION, .subject = d->name);
		if (c.resid > 0) {
			int code = db_fail(err, DB_R_ANSWER_SHORT, .subject = d->name,
					   .what = "GET CONFIGURATION");
			db_set_command(err, MMC_GET_CONFIGURATION);
			return code;
		}
		d->id.profile = get_be16(conf + 6);
		d->profile_known = true;
	}
	d->id.known = true;
	if (!disc_type(d->id.profile)->writable) {
		if (d->id.profile == PROF_NONE)
			return db_fail(err, DB_R_NO_DISC, .subject = d->name);
		return db_fail(err, DB_R_DISC_NOT_WRITABLE, .subject = d->name,
			       .profile = d->id.profile);
	}
	return 0;
}

bool device_touched(const struct device *d)
{
	return d->touched;
}

void device_untouch(struct device *d)
{
	d->touched = false;
}

static void fill_check(struct device *d, const struct scsi_cmd *c, struct db_error *err)
{
	struct sense s;
	sense_parse(c->sense, c->sense_len, &s);
	db_fail(err, DB_R_COMMAND_FAILED, .subject = d->name);
	if (!err)
		return;
	db_set_command(err, c->cdb[0]);
	err->status = c->status;
	err->have_sense = s.valid;
	err->key = s.key;
	err->asc = s.asc;
	err->ascq = s.ascq;
	err->sense_len = c->sense_len;
	memcpy(err->sense, c->sense, c->sense_len);
	if (s.info_valid) {
		err->lba = (uint32_t)s.info;
		err->lba_valid = 1;
	}
}

int device_exec(struct device *d, struct scsi_cmd *c, struct db_error *err)
{
	enum op_class cls = opcode_class(c->cdb[0]);
	if (cls != OP_QUESTION) {
		int rc = cls == OP_TRAY || cls == OP_SPEED ? gate_type(d, err)
							   : device_gate_check(d, err);
		if (rc < 0)
			return rc;
	}
	int rc = raw_exec(d, c);
	if (rc < 0) {
		enum db_reason why = rc == -ETIMEDOUT ? DB_R_DRIVE_TIMEOUT :
				     rc == -ENODEV ? DB_R_DRIVE_GONE : DB_R_TRANSPORT;
		int code = db_fail(err, why, .subject = d->name, .os_errno = -rc);
		db_set_command(err, c->cdb[0]);
		return code;
	}
	if (c->status == SCSI_STATUS_GOOD)
		return 0;
	if (c->status == SCSI_STATUS_CHECK_CONDITION) {
		fill_check(d, c, err);
		return DB_ECHECK;
	}
	db_fail(err, DB_R_COMMAND_STATUS, .subject = d->name, .n1 = c->status);
	db_set_command(err, c->cdb[0]);
	if (err)
		err->status = c->status;
	return DB_ECHECK;
}

enum { RETRY_MAX = 3, MEDIA_CHANGED_MAX = 1, WAIT_MAX_MS = 1000 };

int device_run(struct device *d, struct scsi_cmd *c, unsigned budget_ms, struct db_error *err)
{
	struct db_error local;
	if (!err)
		err = &local;   /* the retry policy reads the sense from it */
	if (!budget_ms)
		budget_ms = 120000;
	uint64_t start = clock_now_ms();
	unsigned retries = 0, changes = 0, wait = 2;
	for (;;) {
		int rc = device_exec(d, c, err);
		bool busy = rc == DB_ECHECK && c->status == SCSI_STATUS_BUSY;
		if (rc == 0 || (rc != DB_ECHECK))
			return rc;
		enum sense_action act = SENSE_ACT_WAIT;
		if (!busy) {
			const struct sense_info *si = sense_lookup(err->key, err->asc, err->ascq);
			act = err->have_sense ? si->action : SENSE_ACT_FAIL;
		}
		switch (act) {
		case SENSE_ACT_OK:
			return 0;
		case SENSE_ACT_FAIL:
			return rc;
		case SENSE_ACT_RETRY:
			if (++retries > RETRY_MAX)
				return rc;
			continue;
		case SENSE_ACT_MEDIA_CHANGED:
			/* Never repeat a data-changing command on what may be another
			 * disc; questions may be asked again. */
			if (opcode_class(c->cdb[0]) != OP_QUESTION || ++changes > MEDIA_CHANGED_MAX)
				return rc;
			continue;
		case SENSE_ACT_WAIT:
			break;
		}
		if (clock_now_ms() - start >= budget_ms) {
			/* the sense that kept us waiting stays in err */
			err->code = DB_ETIMEOUT;
			err->reason = DB_R_DRIVE_BUSY_TOO_LONG;
			return DB_ETIMEOUT;
		}
		/* Long write in progress clears within milliseconds as the drive
		 * buffer drains; becoming ready can take seconds. Back off
		 * exponentially from 2 ms to 1 s; Ctrl-C ends the wait at once. */
		if (clock_sleep_cancel_ms(wait, d->cancel)) {
			int code = db_fail(err, DB_R_CANCELLED_WAITING, .subject = d->name);
			db_set_command(err, c->cdb[0]);
			return code;
		}
		if (wait < WAIT_MAX_MS)
			wait = wait * 2 > WAIT_MAX_MS ? WAIT_MAX_MS : wait * 2;
	}
}

int device_scan(transport_found_fn fn, void *ctx)
{
	int total = 0;
	for (const struct transport_ops *const *b = device_backends; *b; b++) {
		if (!(*b)->scan)
			continue;
		int n = (*b)->scan(fn, ctx);
		if (n > 0)
			total += n;
	}
	return total;
}
