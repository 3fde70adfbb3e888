/* device.c — backend choice, the safety gate, and the one retry loop.
 *
 * Everything discburn sends to a drive passes through device_exec(). That is
 * where the gate sits: below the write strategies, the info commands and the
 * blank/format code alike, so no caller can skip it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/clock.h"
#include "drive/device.h"
#include "mmc/mmc.h"
#include "mmc/sense.h"

extern const struct transport_ops emu_transport;
extern const struct transport_ops iscsi_transport;
extern const struct transport_ops cdio_transport;
#ifdef HAVE_LINUX_SG
extern const struct transport_ops linux_sg_transport;
#endif

/* Order matters: the first backend whose match() accepts the string wins, so
 * the prefixed syntaxes come before the plain device paths. */
const struct transport_ops *const device_backends[] = {
	&emu_transport,
	&iscsi_transport,
	&cdio_transport,
#ifdef HAVE_LINUX_SG
	&linux_sg_transport,
#endif
	NULL,
};

/* Without a native backend, plain device names go to libcdio. */
#ifdef HAVE_LINUX_SG
#define DEFAULT_BACKEND (&linux_sg_transport)
#else
#define DEFAULT_BACKEND (&cdio_transport)
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
};

bool profile_writable(uint16_t p)
{
	switch (p) {
	case PROF_CD_R: case PROF_CD_RW:
	case PROF_DVD_R_SEQ: case PROF_DVD_RAM: case PROF_DVD_RW_RO: case PROF_DVD_RW_SEQ:
	case PROF_DVD_R_DL_SEQ: case PROF_DVD_R_DL_JUMP:
	case PROF_DVD_PLUS_RW: case PROF_DVD_PLUS_R:
	case PROF_DVD_PLUS_RW_DL: case PROF_DVD_PLUS_R_DL:
	case PROF_BD_R_SRM: case PROF_BD_R_RRM: case PROF_BD_RE:
		return true;
	}
	return false;
}

/* Commands that only read or move the tray. Everything else — including any
 * opcode this table does not know — goes through the gate. */
static bool opcode_harmless(uint8_t op)
{
	switch (op) {
	case MMC_TEST_UNIT_READY: case MMC_REQUEST_SENSE: case MMC_INQUIRY:
	case MMC_START_STOP_UNIT: case MMC_PREVENT_ALLOW: case MMC_READ_FORMAT_CAPS:
	case MMC_READ_CAPACITY: case MMC_READ10: case MMC_READ_TOC:
	case MMC_GET_CONFIGURATION: case MMC_GET_EVENT_STATUS: case MMC_READ_DISC_INFO:
	case MMC_READ_TRACK_INFO: case MMC_MODE_SENSE10: case MMC_READ_BUFFER_CAP:
	case MMC_READ12: case MMC_GET_PERFORMANCE: case MMC_READ_DISC_STRUCTURE:
		return true;
	}
	return false;
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
		db_fail(err, DB_EINVAL, "no device given");
		db_advise(err, "Name the recorder with dev=, e.g. dev=/dev/sr0; "
			  "`discburn --devices` lists them");
		return DB_EINVAL;
	}
	struct device *d = calloc(1, sizeof(*d));
	if (!d || !(d->name = strdup(dev))) {
		free(d);
		return db_fail(err, DB_ENOMEM, "out of memory");
	}
	const struct transport_ops *ops = pick_backend(dev);
	char why[256] = "";
	int rc = ops->open(dev, flags, &d->t, why, sizeof(why));
	if (rc < 0) {
		db_fail(err, DB_EOS, "cannot open %s: %s", dev, why[0] ? why : strerror(-rc));
		if (err)
			err->os_errno = -rc;
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
	}
	return "command";
}

const char *device_opcode_name(uint8_t op)
{
	return opcode_name(op);
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
	int rc = d->t->ops->exec(d->t, c);
	if (d->trace)
		d->trace(d->trace_ctx, c, rc);
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

int device_gate_check(struct device *d, struct db_error *err)
{
	struct scsi_cmd c;
	if (!d->type_known) {
		uint8_t inq[96] = { 0 };
		mmc_build_inquiry(&c, inq, sizeof(inq));
		int rc = gate_ask(d, &c);
		struct mmc_inquiry q;
		if (rc < 0 || mmc_parse_inquiry(inq, sizeof(inq) - c.resid, &q) < 0) {
			db_fail(err, DB_EUNSAFE, "%s did not answer INQUIRY, so it cannot be "
				"shown to be an optical recorder; nothing was written", d->name);
			db_advise(err, "Check dev=; `discburn --devices` lists the recorders");
			return DB_EUNSAFE;
		}
		d->type_known = true;
		d->id.peripheral_type = q.peripheral_type;
		memcpy(d->id.vendor, q.vendor, sizeof(d->id.vendor));
		memcpy(d->id.model, q.model, sizeof(d->id.model));
		memcpy(d->id.revision, q.revision, sizeof(d->id.revision));
	}
	if (d->id.peripheral_type != 5) {
		db_fail(err, DB_EUNSAFE, "%s (%s %s) is not an optical recorder (SCSI "
			"peripheral type %d, a recorder is 5); refusing to write to it",
			d->name, d->id.vendor, d->id.model, d->id.peripheral_type);
		db_advise(err, "Check dev=; `discburn --devices` lists the recorders");
		return DB_EUNSAFE;
	}
	if (!d->profile_known) {
		uint8_t conf[8] = { 0 };
		/* RT=1 with starting feature 0: just the header and current profile */
		mmc_build_get_configuration(&c, 1, 0, conf, sizeof(conf));
		int rc = gate_ask(d, &c);
		if (rc < 0 || sizeof(conf) - c.resid < 8) {
			db_fail(err, DB_EUNSAFE, "%s did not answer GET CONFIGURATION, so it "
				"cannot be shown to be an MMC recorder; nothing was written", d->name);
			return DB_EUNSAFE;
		}
		d->id.profile = get_be16(conf + 6);
		d->profile_known = true;
	}
	d->id.known = true;
	if (!profile_writable(d->id.profile)) {
		if (d->id.profile == PROF_NONE)
			db_fail(err, DB_EMEDIA, "there is no disc in %s", d->name);
		else
			db_fail(err, DB_EMEDIA, "the disc in %s is %s, which cannot be written",
				d->name, mmc_profile_name(d->id.profile));
		db_advise(err, "Insert a blank recordable disc");
		return DB_EMEDIA;
	}
	return 0;
}

static void fill_check(struct device *d, const struct scsi_cmd *c, struct db_error *err)
{
	struct sense s;
	sense_parse(c->sense, c->sense_len, &s);
	const struct sense_info *si = sense_lookup(s.key, s.asc, s.ascq);
	db_fail(err, DB_ECHECK, "%s failed on %s: %s (sense %X/%02X/%02X)",
		opcode_name(c->cdb[0]), d->name, si->text, s.key, s.asc, s.ascq);
	if (!err)
		return;
	if (si->advice && *si->advice)
		db_advise(err, "%s", si->advice);
	err->opcode = c->cdb[0];
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
	if (!opcode_harmless(c->cdb[0])) {
		int rc = device_gate_check(d, err);
		if (rc < 0)
			return rc;
	}
	int rc = raw_exec(d, c);
	if (rc < 0) {
		const char *what = rc == -ETIMEDOUT ? "the drive did not answer in time" :
				   rc == -ENODEV ? "the drive is gone (disconnected or switched off)" :
				   strerror(-rc);
		db_fail(err, rc == -ETIMEDOUT ? DB_ETIMEOUT : DB_EOS, "%s on %s: %s",
			opcode_name(c->cdb[0]), d->name, what);
		if (rc == -ETIMEDOUT)
			db_advise(err, "Give slow drives more time with timeout=, or check the drive");
		else if (rc == -ENODEV)
			db_advise(err, "Check the drive's cable and power, then run the command again");
		if (err) {
			err->os_errno = -rc;
			err->opcode = c->cdb[0];
		}
		return err ? err->code : DB_EOS;
	}
	if (c->status == SCSI_STATUS_GOOD)
		return 0;
	if (c->status == SCSI_STATUS_CHECK_CONDITION) {
		fill_check(d, c, err);
		return DB_ECHECK;
	}
	db_fail(err, DB_ECHECK, "%s on %s: SCSI status 0x%02x", opcode_name(c->cdb[0]),
		d->name, c->status);
	if (err)
		err->opcode = c->cdb[0];
	return DB_ECHECK;
}

enum { RETRY_MAX = 3, MEDIA_CHANGED_MAX = 1, WAIT_MAX_MS = 1000 };

int device_run(struct device *d, struct scsi_cmd *c, unsigned budget_ms, struct db_error *err)
{
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
			if (!opcode_harmless(c->cdb[0]) || ++changes > MEDIA_CHANGED_MAX)
				return rc;
			continue;
		case SENSE_ACT_WAIT:
			break;
		}
		if (clock_now_ms() - start >= budget_ms) {
			err->code = DB_ETIMEOUT;
			return DB_ETIMEOUT;
		}
		if (d->cancel && atomic_load(d->cancel))
			return db_fail(err, DB_ECANCEL, "interrupted while %s waited for the drive",
				       opcode_name(c->cdb[0]));
		/* Long write in progress clears within milliseconds as the drive
		 * buffer drains; becoming ready can take seconds. Back off
		 * exponentially from 2 ms to 1 s. */
		clock_sleep_ms(wait);
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
