/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_drive.c — a hostile drive: libFuzzer harness for the whole path from
 * the engine down to the transport.
 *
 * The harness is a backend of its own (a struct transport_ops in no table,
 * opened with device_open_with) that answers every command from the fuzz
 * input, one record per command:
 *
 *   kind % 6   0 GOOD with N bytes: u16 N (FFFFh: the allocation length),
 *                then, for data-in, N bytes of answer cut to the allocation
 *                length; for data-out the drive took N bytes and the rest is
 *                the residual
 *              1 CHECK CONDITION: u8 length, then that many sense bytes
 *              2 BUSY
 *              3 a transport error: u8 selects -EIO, -ETIMEDOUT or -ENODEV
 *              4 honest: a READ returns what was written at its LBAs, a
 *                WRITE is stored whole; any other command gets GOOD, no data
 *              5 RESERVATION CONFLICT
 *
 * When the records run out (or after MAX_CMDS commands) the drive is gone:
 * every command gets -ENODEV, so every input ends. Time is virtual
 * (clock.h's DISCBURN_FAKE_CLOCK): a drive that keeps answering BUSY costs
 * no real time.
 *
 * An input is [scenario][flags][records...]; a duplication's is
 * [scenario][flags][u16 length of drive 0's records][drive 0's][drive 1's].
 * The scenarios cover the whole path: a burn (verify, -multi, -force, -pad,
 * -dummy, -tao/-sao, -overburn from the flags), a later session onto
 * overwritable media, blank=, -format, -minfo, -msinfo, -toc, -atip,
 * -prcap, -checkdrive, the tray commands, and a duplication onto two drives.
 *
 * What is asserted, whatever the drive answers:
 *   - the gate: no command that changes the medium reaches a device whose
 *     latest INQUIRY did not say peripheral type 5 and whose latest GET
 *     CONFIGURATION (since the last unit attention or START STOP UNIT) did
 *     not name a writable profile; no tray command before INQUIRY said 5;
 *   - "untouched" is true: a failure that says the disc was not touched
 *     comes from a drive that received no medium-changing command;
 *   - success means the image is on the disc at the NWA: every sector of the
 *     image (and its padding) was stored by a WRITE the drive answered GOOD
 *     in full, at the address the engine reported;
 *   - verified means read back: every sector this burn wrote at LBA >= 0
 *     was returned by a READ after it was last written;
 *   - the message for any failure renders without an unknown placeholder or
 *     a control character; no leak, no undefined behaviour (ASan, UBSan).
 *
 * Seeds are recorded from the real emulator: with FUZZ_DRIVE_RECORD=DIR the
 * harness runs every scenario on emulated discs of every kind, through a
 * transport that passes each command to the emulator and writes its answer
 * down as a record (READs and WRITEs as "honest"), one seed file per run,
 * and exits. tests/fuzz/run.sh does that before fuzzing.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/bytes.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "cli/messages.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "emu/emu.h"
#include "engine/blank.h"
#include "engine/job.h"
#include "image/image.h"
#include "transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

enum { BLOCK = 2048, MAX_CMDS = 3000, SLOTS = 4096, IMAGE_BLOCKS = 32, LATER_BLOCKS = 24,
       LATER_AT = 32 };

static bool verbose;            /* FUZZ_DRIVE_VERBOSE: say what happens */

/* ---- virtual time ---------------------------------------------------------- */

static _Atomic uint64_t fake_ns = 1000000000ull;

uint64_t discburn_fake_now_ns(void)
{
	return atomic_load(&fake_ns);
}

void discburn_fake_sleep_ns(uint64_t ns)
{
	atomic_fetch_add(&fake_ns, ns ? ns : 1);
}

/* The backend table names these; the harness needs neither. */
static int no_match(const char *dev)
{
	(void)dev;
	return 0;
}

static int no_open(const char *dev, unsigned flags, struct transport **out, char *why,
		   size_t whylen)
{
	(void)dev; (void)flags; (void)out;
	snprintf(why, whylen, "not in the fuzzer");
	return -ENODEV;
}

const struct transport_ops iscsi_transport = { .name = "iscsi", .match = no_match,
					       .open = no_open };
const struct transport_ops cdio_transport = { .name = "cdio", .match = no_match,
					      .open = no_open };

/* ---- what the harness knows of the commands ---------------------------------- */

/* Its own lists, not the gate's: what only asks, what moves the tray, what
 * sets the drive up; everything else changes the medium. */
static bool is_question(uint8_t op)
{
	switch (op) {
	case 0x00: case 0x03: case 0x12: case 0x23: case 0x25: case 0x28: case 0x43:
	case 0x46: case 0x4A: case 0x51: case 0x52: case 0x5A: case 0x5C: case 0xA8:
	case 0xAC: case 0xAD:
		return true;
	}
	return false;
}

static bool is_tray(uint8_t op)
{
	return op == 0x1B || op == 0x1E;
}

static bool is_setting(uint8_t op)
{
	return op == 0x55 || op == 0xBB || op == 0xB6 || op == 0x35;
}

static bool is_medium(uint8_t op)
{
	return !is_question(op) && !is_tray(op) && !is_setting(op);
}

/* Profiles a recorder may write (MMC-6 table 89), a superset of what
 * discburn writes. */
static bool writable_profile(uint16_t p)
{
	switch (p) {
	case 0x09: case 0x0A: case 0x11: case 0x12: case 0x13: case 0x14: case 0x15:
	case 0x16: case 0x1A: case 0x1B: case 0x2A: case 0x2B: case 0x41: case 0x42:
	case 0x43:
		return true;
	}
	return false;
}

/* ---- the hostile drive ------------------------------------------------------------ */

struct sector {
	int64_t lba;
	bool read_back;                 /* a READ returned it after its last WRITE */
	uint8_t data[BLOCK];
};

struct fz {
	struct transport t;             /* first: the generic layer's part */
	const uint8_t *in;
	size_t len, pos;
	unsigned ncmd;
	/* what the drive has said about itself */
	int type;                       /* latest INQUIRY's peripheral type; -1 none */
	bool profile_known;
	uint16_t profile;
	unsigned medium_cmds;
	/* the disc: every sector a full, GOOD WRITE stored */
	struct sector *slot[SLOTS];
	unsigned nsectors;
	bool overflow;
	/* recording: answers come from the emulator and are written down */
	struct emu *emu;
	uint8_t *rec;
	size_t rec_len, rec_cap;
};

static struct sector **find(struct fz *f, int64_t lba, bool make)
{
	uint64_t h = (uint64_t)lba * 0x9E3779B97F4A7C15ull;
	for (unsigned i = 0; i < SLOTS; i++) {
		struct sector **s = &f->slot[(h + i) & (SLOTS - 1)];
		if (!*s) {
			if (!make || f->nsectors >= SLOTS * 3 / 4) {
				if (make)
					f->overflow = true;
				return NULL;
			}
			*s = calloc(1, sizeof(**s));
			if (!*s)
				abort();
			(*s)->lba = lba;
			f->nsectors++;
			return s;
		}
		if ((*s)->lba == lba)
			return s;
	}
	return NULL;
}

static const uint8_t *stored(struct fz *f, int64_t lba)
{
	struct sector **s = find(f, lba, false);
	return s ? (*s)->data : NULL;
}

static void fz_free_disc(struct fz *f)
{
	for (unsigned i = 0; i < SLOTS; i++) {
		free(f->slot[i]);
		f->slot[i] = NULL;
	}
	f->nsectors = 0;
	f->overflow = false;
}

/* READ(10/12) or WRITE(10/12)? */
static bool rw(uint8_t op, bool *write)
{
	*write = op == 0x2A || op == 0xAA;
	return op == 0x28 || op == 0xA8 || *write;
}

static void rw_range(const struct scsi_cmd *c, int64_t *lba, uint32_t *n)
{
	*lba = (int32_t)get_be32(&c->cdb[2]);
	*n = c->cdb[0] == 0x28 || c->cdb[0] == 0x2A ? get_be16(&c->cdb[7]) : get_be32(&c->cdb[6]);
}

/* Store the first `taken` bytes of a WRITE (whole sectors only). */
static void store_write(struct fz *f, const struct scsi_cmd *c, uint32_t taken)
{
	int64_t lba;
	uint32_t n;
	rw_range(c, &lba, &n);
	if (!c->data || c->data_len < (uint64_t)n * BLOCK)
		return;
	uint32_t whole = taken / BLOCK;
	for (uint32_t i = 0; i < n && i < whole; i++) {
		struct sector **s = find(f, lba + i, true);
		if (!s)
			return;
		memcpy((*s)->data, (const uint8_t *)c->data + (size_t)i * BLOCK, BLOCK);
		(*s)->read_back = false;
	}
}

/* A READ answered with `got` bytes: which stored sectors came back as they
 * are stored. */
static void note_read(struct fz *f, const struct scsi_cmd *c, uint32_t got)
{
	int64_t lba;
	uint32_t n;
	rw_range(c, &lba, &n);
	for (uint32_t i = 0; i < n && (uint64_t)(i + 1) * BLOCK <= got; i++) {
		struct sector **s = find(f, lba + i, false);
		if (s && !memcmp((*s)->data, (const uint8_t *)c->data + (size_t)i * BLOCK, BLOCK))
			(*s)->read_back = true;
	}
}

static void honest_read(struct fz *f, struct scsi_cmd *c)
{
	int64_t lba;
	uint32_t n;
	rw_range(c, &lba, &n);
	if (!c->data || c->data_len < (uint64_t)n * BLOCK) {
		c->resid = c->data_len;
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *d = stored(f, lba + i);
		uint8_t *out = (uint8_t *)c->data + (size_t)i * BLOCK;
		if (d)
			memcpy(out, d, BLOCK);
		else
			memset(out, 0, BLOCK);
	}
	c->resid = c->data_len - n * BLOCK;
}

static uint8_t next(struct fz *f)
{
	return f->pos < f->len ? f->in[f->pos++] : 0;
}

static void rec_put(struct fz *f, const void *p, size_t n)
{
	if (f->rec_len + n > f->rec_cap) {
		size_t cap = f->rec_cap ? f->rec_cap * 2 : 4096;
		while (cap < f->rec_len + n)
			cap *= 2;
		uint8_t *r = realloc(f->rec, cap);
		if (!r)
			abort();
		f->rec = r;
		f->rec_cap = cap;
	}
	memcpy(f->rec + f->rec_len, p, n);
	f->rec_len += n;
}

static void rec_byte(struct fz *f, uint8_t b)
{
	rec_put(f, &b, 1);
}

/* What the drive said about itself, as the latest answers tell it. */
static void learn(struct fz *f, const struct scsi_cmd *c, int rc)
{
	if (rc < 0)
		return;
	uint32_t got = c->resid > c->data_len ? 0 : c->data_len - c->resid;
	const uint8_t *d = c->data;
	if (c->status == SCSI_STATUS_GOOD && c->dir == SCSI_DIR_IN && d) {
		if (c->cdb[0] == 0x12 && got >= 5)
			f->type = d[0] & 0x1F;
		if (c->cdb[0] == 0x46 && got >= 8) {
			f->profile = get_be16(d + 6);
			f->profile_known = true;
		}
	}
	if (c->status == SCSI_STATUS_CHECK_CONDITION && c->sense_len >= 3) {
		uint8_t code = c->sense[0] & 0x7F;
		uint8_t key = code == 0x72 || code == 0x73 ? c->sense[1] & 0x0F : c->sense[2] & 0x0F;
		if ((code >= 0x70 && code <= 0x73) && key == 0x06)
			f->profile_known = false;       /* a unit attention: maybe another disc */
	}
}

/* Did the emulator answer this READ with what the harness would give
 * honestly (its own store, zeros elsewhere)? A disc written before the
 * recording began holds more than the store: such READs are written down
 * with their data. */
static bool reads_honestly(struct fz *f, const struct scsi_cmd *c)
{
	int64_t lba;
	uint32_t n;
	rw_range(c, &lba, &n);
	if (!c->data || c->data_len < (uint64_t)n * BLOCK)
		return false;
	static const uint8_t zero[BLOCK];
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *d = stored(f, lba + i);
		if (memcmp((const uint8_t *)c->data + (size_t)i * BLOCK, d ? d : zero, BLOCK))
			return false;
	}
	return true;
}

static int record(struct fz *f, struct scsi_cmd *c)
{
	int rc = emu_exec(f->emu, c);
	bool write;
	if (rc == 0 && c->status == SCSI_STATUS_GOOD && c->resid == 0 && rw(c->cdb[0], &write) &&
	    (write || reads_honestly(f, c))) {
		rec_byte(f, 4);
		if (write)
			store_write(f, c, c->data_len);
		else
			note_read(f, c, c->data_len);
		return rc;
	}
	if (rc < 0) {
		rec_byte(f, 3);
		rec_byte(f, rc == -ETIMEDOUT ? 1 : rc == -ENODEV ? 2 : 0);
	} else if (c->status == SCSI_STATUS_GOOD) {
		/* data-in: the bytes; data-out: how many the drive took */
		uint32_t got = c->data_len - c->resid;
		uint32_t len = got == c->data_len && got >= 0xFFFF ? 0xFFFF : got > 0xFFFE ? 0xFFFE : got;
		got = len == 0xFFFF ? got : len;
		rec_byte(f, 0);
		rec_byte(f, (uint8_t)(len >> 8));
		rec_byte(f, (uint8_t)len);
		if (c->dir == SCSI_DIR_IN)
			rec_put(f, c->data, got);
	} else if (c->status == SCSI_STATUS_CHECK_CONDITION) {
		rec_byte(f, 1);
		rec_byte(f, c->sense_len);
		rec_put(f, c->sense, c->sense_len);
	} else if (c->status == SCSI_STATUS_BUSY) {
		rec_byte(f, 2);
	} else {
		rec_byte(f, 5);
	}
	return rc;
}

static int fz_exec(struct transport *t, struct scsi_cmd *c)
{
	struct fz *f = (struct fz *)t;
	uint8_t op = c->cdb[0];

	/* the gate's promises, judged by what this drive said of itself */
	if (is_medium(op)) {
		if (f->type != 5 || !f->profile_known || !writable_profile(f->profile)) {
			fprintf(stderr, "fuzz_drive: opcode %02X reached a device that was not shown "
				"to be a writable recorder (type %d, profile %s%04X)\n", op, f->type,
				f->profile_known ? "" : "unknown ", f->profile);
			abort();
		}
		f->medium_cmds++;
	}
	if (is_tray(op) && f->type != 5) {
		fprintf(stderr, "fuzz_drive: tray opcode %02X before INQUIRY said 5\n", op);
		abort();
	}
	if (op == 0x1B)
		f->profile_known = false;       /* the disc may come or go */

	c->status = SCSI_STATUS_GOOD;
	c->sense_len = 0;
	c->resid = c->data_len;
	int rc;
	if (f->emu) {
		rc = record(f, c);
		learn(f, c, rc);
		return rc;
	}
	if (verbose)
		fprintf(stderr, "fuzz_drive: command %u: %02X, its record at byte %zu\n", f->ncmd + 1,
			op, f->pos);
	if (++f->ncmd > MAX_CMDS || f->pos >= f->len)
		return -ENODEV;
	bool write;
	bool is_rw = rw(op, &write);
	rc = 0;
	switch (next(f) % 6) {
	case 0: {
		uint32_t want = (uint32_t)next(f) << 8;
		want |= next(f);
		if (want == 0xFFFF)
			want = c->data_len;     /* the whole allocation length */
		if (c->dir == SCSI_DIR_IN) {
			uint32_t have = f->len - f->pos < want ? (uint32_t)(f->len - f->pos) : want;
			uint32_t copy = have < c->data_len ? have : c->data_len;
			if (copy && c->data)
				memcpy(c->data, f->in + f->pos, copy);
			f->pos += have;
			c->resid = c->data_len - copy;
			if (is_rw && !write)
				note_read(f, c, copy);
		} else {
			uint32_t took = want < c->data_len ? want : c->data_len;
			c->resid = c->data_len - took;
			if (is_rw && write)
				store_write(f, c, took);
		}
		break;
	}
	case 1: {
		uint8_t sl = next(f);
		if (sl > SCSI_SENSE_MAX)
			sl = SCSI_SENSE_MAX;
		if (sl > f->len - f->pos)
			sl = (uint8_t)(f->len - f->pos);
		memcpy(c->sense, f->in + f->pos, sl);
		f->pos += sl;
		c->sense_len = sl;
		c->status = SCSI_STATUS_CHECK_CONDITION;
		break;
	}
	case 2:
		c->status = SCSI_STATUS_BUSY;
		break;
	case 3: {
		static const int errs[3] = { -EIO, -ETIMEDOUT, -ENODEV };
		rc = errs[next(f) % 3];
		break;
	}
	case 4:
		if (is_rw && write) {
			store_write(f, c, c->data_len);
			c->resid = 0;
		} else if (is_rw) {
			honest_read(f, c);
			note_read(f, c, c->data_len - c->resid);
		} else if (c->dir == SCSI_DIR_OUT) {
			c->resid = 0;
		}
		break;
	case 5:
		c->status = SCSI_STATUS_RESERVATION;
		break;
	}
	learn(f, c, rc);
	return rc;
}

static void fz_close(struct transport *t)
{
	(void)t;        /* the harness owns the struct */
}

static struct fz *opening;      /* the drive fz_open hands out next */

static int fz_open(const char *dev, unsigned flags, struct transport **out, char *why,
		   size_t whylen)
{
	(void)dev; (void)flags; (void)why; (void)whylen;
	*out = &opening->t;
	return 0;
}

static const struct transport_ops fz_ops = {
	.name = "fuzz", .syntax = "", .match = no_match, .open = fz_open, .close = fz_close,
	.exec = fz_exec,
};

static void fz_init(struct fz *f, const uint8_t *in, size_t len)
{
	memset(f, 0, sizeof(*f));
	f->in = in;
	f->len = len;
	f->type = -1;
}

static struct device *fz_device(struct fz *f, const char *name)
{
	struct device *d;
	struct db_error err;
	opening = f;
	if (device_open_with(&fz_ops, name, 0, &d, &err) < 0)
		abort();
	return d;
}

/* ---- the images --------------------------------------------------------------- */

static char image_path[256], later_path[256];
static uint8_t image_bytes[IMAGE_BLOCKS * BLOCK], later_bytes[LATER_BLOCKS * BLOCK];

static void put_both32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
	p[4] = (uint8_t)(v >> 24); p[5] = (uint8_t)(v >> 16); p[6] = (uint8_t)(v >> 8); p[7] = (uint8_t)v;
}

/* An ISO 9660 volume of `blocks` sectors whose extents start at `base`
 * (0: an ordinary image; else a later session made for LBA base). */
static void make_iso(uint8_t *buf, uint32_t blocks, uint32_t base)
{
	for (size_t i = 0; i < (size_t)blocks * BLOCK; i++)
		buf[i] = (uint8_t)(i * 131 + i / BLOCK * 7 + base + 1);
	uint8_t *pvd = buf + 16 * BLOCK, *term = buf + 17 * BLOCK;
	memset(pvd, 0, BLOCK);
	pvd[0] = 1;
	memcpy(pvd + 1, "CD001", 5);
	pvd[6] = 1;
	memset(pvd + 8, ' ', 64);
	memcpy(pvd + 40, "FUZZ", 4);
	put_both32(pvd + 80, base + blocks);
	pvd[120] = 1; pvd[123] = 1;             /* volume set size 1 */
	pvd[124] = 1; pvd[127] = 1;             /* sequence number 1 */
	pvd[128] = 0x00; pvd[129] = 0x08; pvd[130] = 0x08; pvd[131] = 0x00;
	uint8_t *root = pvd + 156;
	root[0] = 34;
	put_both32(root + 2, base + 18);
	put_both32(root + 10, BLOCK);
	root[25] = 2;
	root[32] = 1;
	memset(term, 0, BLOCK);
	term[0] = 255;
	memcpy(term + 1, "CD001", 5);
	term[6] = 1;
}

static void write_file(const char *path, const uint8_t *buf, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, n) != (ssize_t)n)
		abort();
	close(fd);
}

static void make_images(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(image_path, sizeof(image_path), "%s/fuzz_drive-%d.iso", dir, (int)getpid());
	snprintf(later_path, sizeof(later_path), "%s/fuzz_drive-%d-later.iso", dir, (int)getpid());
	make_iso(image_bytes, IMAGE_BLOCKS, 0);
	make_iso(later_bytes, LATER_BLOCKS, LATER_AT);
	write_file(image_path, image_bytes, sizeof(image_bytes));
	write_file(later_path, later_bytes, sizeof(later_bytes));
}

static void remove_images(void)
{
	unlink(image_path);
	unlink(later_path);
}

/* ---- the checks ------------------------------------------------------------------- */

static void check_message(const struct db_error *e)
{
	struct msg_text m;
	msg_render(e, &m);
	(void)msg_exit_code(e, MSG_BURN);
	/* a brace is a placeholder left unrendered, unless a fact (a drive's
	 * vendor string, say) brought it */
	bool brace_in_facts = strchr(e->subject, '{') || strchr(e->other, '{') ||
			      strchr(e->what, '{');
	for (const char *p = m.text; *p; p++)
		if ((unsigned char)*p < 0x20 || (*p == '{' && !brace_in_facts)) {
			fprintf(stderr, "fuzz_drive: unreadable message: %s\n", m.text);
			abort();
		}
	if (!m.text[0])
		abort();
}

/* How the last scenario ended: its result and reason (for the recorder's
 * check that a seed replays as the emulator ran). */
static int last_rc;
static enum db_reason last_reason;

struct run {
	struct fz *fz[2];
	bool have_media[2];
	uint32_t nwa[2];
	uint32_t blocks[2];             /* image sectors incl. padding */
	bool done_ok[2];
	bool verified[2];
};

static void on_event(void *ctx, const struct job_event *ev)
{
	struct run *r = ctx;
	if (ev->drive > 1)
		abort();
	if (verbose) {
		char why[DB_REASON_NAME_MAX] = "";
		if ((ev->type == JEV_REASON || ev->type == JEV_REJECTED || ev->type == JEV_DRIVE_OUT ||
		     (ev->type == JEV_DISC_DONE && !ev->ok)) && ev->u.err)
			db_reason_name(ev->u.err->reason, why);
		fprintf(stderr, "fuzz_drive: drive %u event %d %s\n", ev->drive, (int)ev->type, why);
	}
	if (ev->type == JEV_MEDIA) {
		r->have_media[ev->drive] = true;
		r->nwa[ev->drive] = ev->u.media->nwa;
		r->blocks[ev->drive] = ev->u.media->image_blocks;
	} else if (ev->type == JEV_DISC_DONE) {
		r->done_ok[ev->drive] = ev->ok;
		r->verified[ev->drive] = ev->ok && ev->stats && ev->stats->verified;
	} else if ((ev->type == JEV_REASON || ev->type == JEV_REJECTED ||
		    ev->type == JEV_DRIVE_OUT) && ev->u.err) {
		check_message(ev->u.err);
	}
}

/* Success: the image (zero-filled to whole sectors, then zeros) is stored
 * at the NWA the engine reported; verified: every sector this drive stored
 * at LBA >= 0 was read back after it was written. */
static void check_disc(struct fz *f, const uint8_t *img, uint32_t img_blocks, uint32_t nwa,
		       uint32_t blocks, bool verified)
{
	if (f->overflow)
		return;
	for (uint32_t i = 0; i < blocks; i++) {
		const uint8_t *d = stored(f, (int64_t)nwa + i);
		static const uint8_t zero[BLOCK];
		const uint8_t *want = i < img_blocks ? img + (size_t)i * BLOCK : zero;
		if (!d || memcmp(d, want, BLOCK)) {
			fprintf(stderr, "fuzz_drive: success, but LBA %u (sector %u of the burn) %s\n",
				nwa + i, i, d ? "differs from the image" : "was never written");
			abort();
		}
	}
	if (!verified)
		return;
	for (unsigned i = 0; i < SLOTS; i++) {
		const struct sector *s = f->slot[i];
		if (s && s->lba >= 0 && !s->read_back) {
			fprintf(stderr, "fuzz_drive: verified, but LBA %lld was not read back\n",
				(long long)s->lba);
			abort();
		}
	}
}

/* ---- the scenarios ------------------------------------------------------------------- */

enum scenario {
	SC_BURN, SC_LATER, SC_BLANK, SC_FORMAT, SC_MINFO, SC_MSINFO, SC_TOC, SC_ATIP,
	SC_PRCAP, SC_CHECKDRIVE, SC_TRAY, SC_DUP, SC_COUNT
};

static struct burn_params burn_params(uint8_t flags)
{
	return (struct burn_params){
		.verify = flags & 1, .multi = flags & 2, .force = flags & 4, .pad = flags & 8,
		.dummy = flags & 16,
		.mode = (flags >> 5) % 3 == 1 ? BURN_MODE_TAO :
			(flags >> 5) % 3 == 2 ? BURN_MODE_SAO : BURN_MODE_AUTO,
		.overburn = flags & 128, .burnfree = true,
	};
}

static void run_job(struct fz **fzs, unsigned n, uint8_t flags, bool later, bool batch)
{
	struct db_error err;
	struct image *im;
	if (image_open(later ? later_path : image_path, 0, &im, &err) < 0)
		abort();
	struct job_drive drives[2];
	static const char *const names[2] = { "fuzz0", "fuzz1" };
	for (unsigned i = 0; i < n; i++) {
		drives[i].name = names[i];
		drives[i].d = fz_device(fzs[i], names[i]);
		memset(&drives[i].open_err, 0, sizeof(drives[i].open_err));
	}
	struct run r;
	memset(&r, 0, sizeof(r));
	struct job_params p = {
		.image = im, .burn = burn_params(flags), .copies = 1, .batch = batch,
		.disc_wait_s = 30,
	};
	struct job_events ev = { on_event, &r };
	struct job_summary sum;
	int rc = job_run(&p, drives, n, &ev, &sum, &err);
	if (verbose) {
		char why[DB_REASON_NAME_MAX];
		db_reason_name(rc < 0 ? err.reason : DB_R_NONE, why);
		fprintf(stderr, "fuzz_drive: job ends %d %s; commands %u/%u, medium %u/%u\n", rc, why,
			fzs[0]->ncmd, n > 1 ? fzs[1]->ncmd : 0, fzs[0]->medium_cmds,
			n > 1 ? fzs[1]->medium_cmds : 0);
	}
	last_rc = rc;
	last_reason = rc < 0 ? err.reason : DB_R_NONE;
	if (rc < 0) {
		check_message(&err);
		/* "untouched" is a fact: a single burn's failure that says so
		 * comes from a drive that got no medium-changing command */
		if (n == 1 && !batch && !err.touched && fzs[0]->medium_cmds) {
			fprintf(stderr, "fuzz_drive: failure says untouched after %u medium commands\n",
				fzs[0]->medium_cmds);
			abort();
		}
	}
	const uint8_t *img = later ? later_bytes : image_bytes;
	uint32_t img_blocks = later ? LATER_BLOCKS : IMAGE_BLOCKS;
	for (unsigned i = 0; i < n; i++) {
		bool ok = batch ? r.done_ok[i] : rc == 0;
		if (ok && !r.have_media[i])
			abort();        /* success without a disc the engine looked at */
		if (ok)
			check_disc(fzs[i], img, img_blocks, r.nwa[i], r.blocks[i],
				   batch ? r.verified[i] : sum.last.verified);
		device_close(drives[i].d);
	}
	image_close(im);
}

static void run_one(struct fz *f, enum scenario s, uint8_t flags)
{
	static const char *const blanks[] = { "fast", "all", "track", "unreserve", "trtail",
					      "unclose", "session" };
	static const char *const formats[] = { "", "full", "ro", "quick", "seq", "spare",
					       "nospare" };
	struct fz *fzs[1] = { f };
	struct db_error err;
	memset(&err, 0, sizeof(err));
	if (s == SC_BURN || s == SC_LATER) {
		run_job(fzs, 1, flags, s == SC_LATER, false);
		return;
	}
	struct device *d = fz_device(f, "fuzz0");
	struct options o;
	memset(&o, 0, sizeof(o));
	static struct cli c;
	memset(&c, 0, sizeof(c));
	c.o = &o;
	c.json = true;          /* errors as events on stdout, which is /dev/null */
	c.dev = "fuzz0";
	int rc = 0;
	unsigned before = f->medium_cmds;
	switch (s) {
	case SC_BLANK:
		rc = blank_run(d, blanks[flags % 7], NULL, NULL, &err);
		break;
	case SC_FORMAT:
		rc = format_run(d, formats[(flags >> 3) % 7], flags & 4, NULL, NULL, &err);
		break;
	case SC_MINFO: case SC_MSINFO: case SC_TOC: case SC_ATIP: case SC_PRCAP:
		if (device_gate_mmc(d, &err) < 0)
			break;
		if (s == SC_MINFO)
			cli_minfo(&c, d);
		else if (s == SC_MSINFO)
			cli_msinfo(&c, d);
		else if (s == SC_TOC)
			cli_toc(&c, d);
		else if (s == SC_ATIP)
			cli_atip(&c, d);
		else
			cli_prcap(&c, d);
		if (f->medium_cmds != before)
			abort();        /* information commands only ask */
		break;
	case SC_CHECKDRIVE:
		cli_checkdrive(&c, d);
		if (f->medium_cmds != before)
			abort();
		break;
	case SC_TRAY: {
		static const enum action acts[4] = { ACT_EJECT, ACT_LOAD, ACT_LOCK, ACT_UNLOCK };
		cli_tray(&c, d, acts[flags % 4]);
		if (f->medium_cmds != before)
			abort();
		break;
	}
	default:
		break;
	}
	last_rc = rc;
	last_reason = rc < 0 ? err.reason : DB_R_NONE;
	if (rc < 0)
		check_message(&err);
	device_close(d);
}

static void run_input(const uint8_t *data, size_t size)
{
	if (size < 2)
		return;
	enum scenario s = data[0] % SC_COUNT;
	uint8_t flags = data[1];
	static struct fz f[2];
	if (s == SC_DUP) {
		if (size < 4)
			return;
		size_t a = (size_t)data[2] << 8 | data[3];
		if (a > size - 4)
			a = size - 4;
		fz_init(&f[0], data + 4, a);
		fz_init(&f[1], data + 4 + a, size - 4 - a);
		struct fz *fzs[2] = { &f[0], &f[1] };
		run_job(fzs, 2, flags, false, true);
		fz_free_disc(&f[0]);
		fz_free_disc(&f[1]);
		return;
	}
	fz_init(&f[0], data + 2, size - 2);
	run_one(&f[0], s, flags);
	fz_free_disc(&f[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run_input(data, size);
	return 0;
}

/* ---- seeds from the emulator ---------------------------------------------------------- */

static const char *record_dir;
static unsigned recorded;

static struct emu *open_emu(const char *dir, const char *kind, const char *name)
{
	char spec[512], why[256];
	char path[400];
	snprintf(path, sizeof(path), "%s/%s.img", dir, name);
	unlink(path);
	snprintf(spec, sizeof(spec), "emu:%s:%s", kind, path);
	struct emu *e;
	if (emu_open(spec, &e, why, sizeof(why)) < 0) {
		fprintf(stderr, "fuzz_drive: %s\n", why);
		exit(1);
	}
	return e;
}

static unsigned diverged;

/* Write the seed, then replay it: it must end as the emulator's run did. */
static void save_seed(const char *name, uint8_t s, uint8_t flags, struct fz *f, unsigned n)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", record_dir, name);
	size_t len = 2 + (n == 2 ? 2 : 0) + f[0].rec_len + (n == 2 ? f[1].rec_len : 0);
	uint8_t *seed = malloc(len), *p = seed;
	if (!seed || (n == 2 && f[0].rec_len > 0xFFFF))
		exit(1);
	*p++ = s;
	*p++ = flags;
	if (n == 2) {
		*p++ = (uint8_t)(f[0].rec_len >> 8);
		*p++ = (uint8_t)f[0].rec_len;
	}
	for (unsigned i = 0; i < n; i++) {
		memcpy(p, f[i].rec, f[i].rec_len);
		p += f[i].rec_len;
	}
	write_file(path, seed, len);
	recorded++;
	int rc = last_rc;
	enum db_reason why = last_reason;
	run_input(seed, len);
	if (verbose) {
		char a[DB_REASON_NAME_MAX];
		db_reason_name(why, a);
		fprintf(stderr, "fuzz_drive: %-36s %6zu bytes, ends %s\n", name, len, a);
	}
	if (last_rc != rc || last_reason != why) {
		char a[DB_REASON_NAME_MAX], b[DB_REASON_NAME_MAX];
		db_reason_name(why, a);
		db_reason_name(last_reason, b);
		fprintf(stderr, "fuzz_drive: %s ended as %s on the emulator, as %s replayed\n",
			name, a, b);
		diverged++;
	}
	free(seed);
}

/* Run scenario s with flags on emulated discs of kind, recording. setup:
 * burn the ordinary image first (not recorded), for a later session or a
 * blank of a written disc. */
static void record_one(const char *tmp, const char *kind, enum scenario s, uint8_t flags,
		       bool setup)
{
	static struct fz f[2];
	static const char *const names[SC_COUNT] = { "burn", "later", "blank", "format", "minfo",
						    "msinfo", "toc", "atip", "prcap", "checkdrive",
						    "tray", "dup" };
	char name[128];
	snprintf(name, sizeof(name), "%s-%s%s-%02x", kind, names[s], setup ? "-written" : "",
		 flags);
	unsigned n = s == SC_DUP ? 2 : 1;
	for (unsigned i = 0; i < n; i++) {
		char dn[140];
		snprintf(dn, sizeof(dn), "%s-%u", name, i);
		fz_init(&f[i], NULL, 0);
		f[i].emu = open_emu(tmp, kind, dn);
		if (setup) {
			/* the first session, through the same path, not written down */
			struct fz *one[1] = { &f[i] };
			run_job(one, 1, flags & 2, false, false);
			fz_free_disc(&f[i]);
			f[i].rec_len = 0;
			f[i].type = -1;
			f[i].profile_known = false;
			f[i].medium_cmds = 0;
		}
	}
	if (s == SC_DUP) {
		struct fz *fzs[2] = { &f[0], &f[1] };
		run_job(fzs, 2, flags, false, true);
	} else {
		run_one(&f[0], s, flags);
	}
	save_seed(name, (uint8_t)s, flags, f, n);
	for (unsigned i = 0; i < n; i++) {
		emu_close(f[i].emu);
		fz_free_disc(&f[i]);
		free(f[i].rec);
		memset(&f[i], 0, sizeof(f[i]));
	}
}

static void record_all(void)
{
	char tmp[] = "/tmp/fuzz_drive-rec.XXXXXX";
	if (!mkdtemp(tmp))
		exit(1);
	static const char *const kinds[] = { "cd-r", "cd-rw", "dvd-r", "dvd-rw", "dvd-rw-ro",
					     "dvd+r", "dvd+rw", "dvd+r-dl", "bd-r", "bd-re" };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		const char *kind = kinds[k];
		bool over = !strcmp(kind, "dvd+rw") || !strcmp(kind, "bd-re") ||
			    !strcmp(kind, "dvd-rw-ro");
		bool cd = !strncmp(kind, "cd", 2);
		record_one(tmp, kind, SC_BURN, 0, false);
		record_one(tmp, kind, SC_BURN, 1, false);               /* --verify */
		record_one(tmp, kind, SC_BURN, 1 | 2 | 8, false);       /* -multi -pad */
		if (cd) {
			record_one(tmp, kind, SC_BURN, 1 | (1 << 5), false);    /* -tao */
			record_one(tmp, kind, SC_BURN, 1 | (2 << 5), false);    /* -sao */
			record_one(tmp, kind, SC_BURN, 16, false);              /* -dummy */
		}
		if (over) {
			record_one(tmp, kind, SC_BURN, 1 | 4, true);    /* -force over data */
			record_one(tmp, kind, SC_BURN, 1, true);        /* refused: holds data */
			record_one(tmp, kind, SC_LATER, 1, true);       /* a later session */
			record_one(tmp, kind, SC_FORMAT, 4, true);
			record_one(tmp, kind, SC_FORMAT, 0, false);
		}
		if (!strcmp(kind, "cd-rw") || !strcmp(kind, "dvd-rw")) {
			record_one(tmp, kind, SC_BLANK, 0, true);
			record_one(tmp, kind, SC_BLANK, 1, true);
		}
		record_one(tmp, kind, SC_MINFO, 0, true);
		record_one(tmp, kind, SC_MSINFO, 0, true);
		record_one(tmp, kind, SC_TOC, 0, true);
		record_one(tmp, kind, SC_ATIP, 0, false);
		record_one(tmp, kind, SC_DUP, 1, false);
	}
	record_one(tmp, "dvd+r", SC_PRCAP, 0, false);
	record_one(tmp, "dvd+r", SC_CHECKDRIVE, 0, false);
	for (uint8_t a = 0; a < 4; a++)
		record_one(tmp, "dvd+r", SC_TRAY, a, false);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	/* what the information commands print goes nowhere */
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		close(null);
	}
	verbose = getenv("FUZZ_DRIVE_VERBOSE") != NULL;
	make_images();
	atexit(remove_images);
	record_dir = getenv("FUZZ_DRIVE_RECORD");
	if (record_dir && *record_dir) {
		record_all();
		fprintf(stderr, "fuzz_drive: recorded %u seeds from the emulator in %s, %u of them "
			"replay otherwise\n", recorded, record_dir, diverged);
		exit(diverged ? 1 : 0);
	}
	return 0;
}
