/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu-preload.c — an LD_PRELOAD front that puts discburn's emulated recorder
 * (drivers/emu) behind a Linux device node, so that unmodified third-party
 * burners (wodim, cdrskin, growisofs, dvd+rw-mediainfo, genisoimage -M) drive
 * it through SG_IO exactly as they drive /dev/srN. It proves the emulator
 * against clients nobody on this project wrote (issue 7).
 *
 * Environment (read once per process, at load time):
 *   DISCBURN_PRELOAD_DEV    the node to fake, e.g. /dev/sr9. wodim -scanbus
 *                           only probes /dev/scdN, so name it /dev/scd0 there.
 *                           A basename starting with "sg" is a character node,
 *                           major 21 (sg); anything else a block node, major
 *                           11 (sr). The minor is the node's trailing number.
 *   DISCBURN_PRELOAD_EMU    the emulator's device string (drivers/emu/emu.h),
 *                           e.g. emu:dvd+r:log=/tmp/d.log:/tmp/d.img, with
 *                           ABSOLUTE paths (growisofs re-executes itself
 *                           after changing directory).
 *   DISCBURN_PRELOAD_TRACE  optional: a file that gets one line per faked
 *                           path operation, ioctl and emulator (re)open.
 * Without DEV and EMU every function here falls through to libc.
 *
 * How a descriptor is known to be the drive: opening the node opens a marker
 * file, IMAGE.node beside the disc image, instead. A descriptor is the drive
 * when it refers to that file's inode. So dup'd descriptors, threads, and
 * children that inherit the descriptor across fork and exec keep working
 * (growisofs re-executes itself as "growisofs -umount" and "-reload"; wodim
 * forks a fifo process); LD_PRELOAD and the environment are inherited too.
 *
 * The node must carry a real device number: growisofs unmounts whatever
 * /proc/mounts entry has the node's st_rdev, and a 0 matched "proc".
 *
 * The emulator in a process: one struct emu, opened at the first command and
 * closed (state saved) when the process closes its last descriptor of the node
 * and, failing that, at exit. Processes share the disc through the emulator's
 * state file (IMAGE.state): after each command the front remembers what the
 * file said; before the next one, if another process has changed it since,
 * the front drops its copy unsaved and reopens the emulator from the file.
 *
 * Limits (what a real drive keeps and this front does not):
 *   - drive state that the emulator does not persist (mode page 05, a sent
 *     cue sheet, PREVENT, the tray, pending events) lives in the process that
 *     set it; a child starts with a freshly opened drive;
 *   - two processes must not issue commands at the same time (the burners
 *     never do); the last one to change the disc wins;
 *   - a forked child that never exec's gets its own emulator on its first
 *     command and leaves its parent's copy alone;
 *   - O_EXCL opens are not exclusive; write() and mmap() on the node are not
 *     supported (the burners use SG_IO; reads are, through READ(10)).
 *
 * The CD-ROM ioctls readers use instead of SG_IO (CDROM_SEND_PACKET, the
 * TOC, disc status, multisession, MCN, audio reads) are answered by MMC
 * commands, as the sr driver answers them: emu-preload-cdrom.c.
 */
#define _GNU_SOURCE
#undef _FORTIFY_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <linux/cdrom.h>
#include <linux/fs.h>
#include "base/bytes.h"
#include "emu.h"
#include "emu-preload.h"

_Static_assert(sizeof(struct stat) == sizeof(struct stat64),
	       "the stat64 entry points reuse struct stat (LP64 Linux)");

#define SR_MAJOR        11
#define SG_MAJOR        21
#define SG_VERSION      30536   /* what the sg driver of Linux 3.x..6.x reports */
#define RESERVED_SIZE   65536   /* largest transfer we advertise */
#define BLOCK           2048
#define READ_CHUNK      32      /* blocks per READ(10) behind read() */

/* ---- configuration ------------------------------------------------------ */

static struct {
	bool active;
	char *dev;              /* the faked node name */
	char *spec;             /* emulator device string */
	char *marker;           /* IMAGE.node */
	char *state;            /* IMAGE.state */
	mode_t type;            /* S_IFBLK or S_IFCHR */
	dev_t rdev;
	unsigned minor;
	dev_t marker_dev;
	ino_t marker_ino;
	int trace_fd;
} cfg = { .trace_fd = -1 };

/* ---- the real functions --------------------------------------------------- */

static void *real_sym(const char *name, void **slot)
{
	void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	if (!p) {
		p = dlsym(RTLD_NEXT, name);
		__atomic_store_n(slot, p, __ATOMIC_RELEASE);
	}
	return p;
}

#define REAL_SLOT(name) static void *real_##name
#define REAL(name) ((__typeof__(&name))real_sym(#name, &real_##name))

REAL_SLOT(open); REAL_SLOT(open64); REAL_SLOT(openat); REAL_SLOT(openat64);
REAL_SLOT(fopen); REAL_SLOT(fopen64); REAL_SLOT(close);
REAL_SLOT(access); REAL_SLOT(faccessat); REAL_SLOT(euidaccess); REAL_SLOT(realpath);
REAL_SLOT(stat); REAL_SLOT(stat64); REAL_SLOT(lstat); REAL_SLOT(lstat64);
REAL_SLOT(fstat); REAL_SLOT(fstat64); REAL_SLOT(fstatat);
REAL_SLOT(statx); REAL_SLOT(ioctl); REAL_SLOT(read); REAL_SLOT(pread);
REAL_SLOT(pread64); REAL_SLOT(lseek); REAL_SLOT(lseek64);

/* ---- trace ---------------------------------------------------------------- */

__attribute__((format(printf, 1, 2)))
static void trace(const char *fmt, ...)
{
	if (cfg.trace_fd < 0)
		return;
	char line[512];
	int n = snprintf(line, sizeof(line), "[%d] ", (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	size_t len = strlen(line);
	line[len++] = '\n';
	if (write(cfg.trace_fd, line, len) < 0)
		return;     /* tracing is best effort */
}

/* ---- recognising the node --------------------------------------------------- */

static bool is_node(const char *path)
{
	return cfg.active && path && strcmp(path, cfg.dev) == 0;
}

static bool is_node_fd(int fd)
{
	struct stat st;
	if (!cfg.active || fd < 0 || REAL(fstat)(fd, &st) != 0)
		return false;
	return st.st_dev == cfg.marker_dev && st.st_ino == cfg.marker_ino;
}

/* What stat() of the node says: the marker's owner and times, a device node
 * with the sr (or sg) device number, no size, as the kernel reports it. */
static void node_stat(struct stat *st, const struct stat *marker)
{
	*st = *marker;
	st->st_mode = cfg.type | (marker->st_mode & 0777);
	st->st_rdev = cfg.rdev;
	st->st_size = 0;
	st->st_blocks = 0;
	st->st_nlink = 1;
}

static void node_statx(struct statx *sx)
{
	sx->stx_mode = (uint16_t)(cfg.type | (sx->stx_mode & 0777));
	sx->stx_rdev_major = major(cfg.rdev);
	sx->stx_rdev_minor = minor(cfg.rdev);
	sx->stx_size = 0;
	sx->stx_blocks = 0;
	sx->stx_nlink = 1;
}

static int node_open(int flags)
{
	int fd = REAL(open)(cfg.marker, O_RDWR | O_NOFOLLOW | (flags & O_CLOEXEC));
	trace("open %s flags=%#x -> fd %d", cfg.dev, (unsigned)flags, fd);
	return fd;
}

/* ---- the emulator of this process ------------------------------------------ */

static pthread_mutex_t lock;
static struct emu *emu;
static pid_t emu_pid;

/* The state file as this process last left it. */
static struct {
	bool valid;
	struct stat st;
	char *text;
	size_t len;
} seen;

static int read_state(char **text, size_t *len, struct stat *st)
{
	int fd = REAL(open)(cfg.state, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = 0;
	char *buf = NULL;
	if (REAL(fstat)(fd, st) != 0 || st->st_size > (1 << 20)) {
		r = -EIO;
		goto out;
	}
	size_t want = (size_t)st->st_size, got = 0;
	buf = malloc(want + 1);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	while (got < want) {
		ssize_t n = REAL(read)(fd, buf + got, want - got);
		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			goto out;
		}
		got += (size_t)n;
	}
	*text = buf;
	*len = got;
	buf = NULL;
out:
	free(buf);
	REAL(close)(fd);
	return r;
}

static bool same_file_version(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static void forget_state(void)
{
	free(seen.text);
	memset(&seen, 0, sizeof(seen));
}

/* Remember the state file as it is now (after our own command). */
static void remember_state(void)
{
	struct stat st;
	if (REAL(stat)(cfg.state, &st) != 0) {
		forget_state();
		return;
	}
	if (seen.valid && same_file_version(&st, &seen.st))
		return;
	char *text;
	size_t len;
	if (read_state(&text, &len, &st) != 0) {
		forget_state();
		return;
	}
	free(seen.text);
	seen.valid = true;
	seen.st = st;
	seen.text = text;
	seen.len = len;
}

/* Whether another process changed the disc since our last command. A rewrite
 * with the same contents (an emulator opened elsewhere saves at once) is no
 * change. */
static bool changed_elsewhere(void)
{
	if (!seen.valid)
		return false;
	struct stat st;
	if (REAL(stat)(cfg.state, &st) != 0)
		return true;
	if (same_file_version(&st, &seen.st))
		return false;
	char *text;
	size_t len;
	if (read_state(&text, &len, &st) != 0)
		return true;
	bool changed = len != seen.len || memcmp(text, seen.text, len) != 0;
	free(seen.text);
	seen.st = st;
	seen.text = text;
	seen.len = len;
	return changed;
}

static int emu_get(struct emu **out)
{
	if (emu && emu_pid != getpid()) {
		/* forked: that copy is the parent's to save, not ours */
		emu = NULL;
		forget_state();
	}
	if (emu && changed_elsewhere()) {
		trace("state changed by another process: reloading the disc");
		emu_discard(emu);
		emu = NULL;
	}
	if (!emu) {
		char why[512] = "";
		int r = emu_open(cfg.spec, &emu, why, sizeof(why));
		trace("emu_open %s -> %d %s", cfg.spec, r, why);
		if (r < 0)
			return r;
		__atomic_store_n(&emu_pid, getpid(), __ATOMIC_RELEASE);
		remember_state();
	}
	*out = emu;
	return 0;
}

static void emu_put(void)
{
	if (!emu || emu_pid != getpid())
		return;
	if (changed_elsewhere())
		emu_discard(emu);
	else
		emu_close(emu);
	trace("emulator closed");
	emu = NULL;
	forget_state();
}

/* Execute one command on this process's emulator. */
static int node_exec(struct scsi_cmd *c)
{
	struct emu *e;
	pthread_mutex_lock(&lock);
	int r = emu_get(&e);
	if (r == 0) {
		r = emu_exec(e, c);
		remember_state();
	}
	pthread_mutex_unlock(&lock);
	return r;
}

static bool node_open_anywhere(void)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return true;    /* cannot tell: keep the emulator */
	bool found = false;
	struct dirent *de;
	while (!found && (de = readdir(d)) != NULL) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);
		if (*end == '\0' && end != de->d_name && fd != dirfd(d))
			found = is_node_fd((int)fd);
	}
	closedir(d);
	return found;
}

/* After a descriptor of the node was closed: the last one closes the drive,
 * which saves the state, as a tool's exit flushes a real drive's cache. */
static void node_closed(void)
{
	/* A child between fork and exec (growisofs vforks genisoimage) closes
	 * the descriptors it inherited: the emulator is its parent's, and a
	 * vfork child must not wait for a lock held in the shared memory. */
	if (__atomic_load_n(&emu_pid, __ATOMIC_ACQUIRE) != getpid())
		return;
	pthread_mutex_lock(&lock);
	if (emu && emu_pid == getpid() && !node_open_anywhere())
		emu_put();
	pthread_mutex_unlock(&lock);
}

/* ---- commands the front issues itself ---------------------------------------- */

static int simple_cmd(const uint8_t *cdb, uint8_t len, enum scsi_dir dir, void *data,
		      uint32_t data_len, struct scsi_cmd *c)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->cdb, cdb, len);
	c->cdb_len = len;
	c->dir = dir;
	c->data = data;
	c->data_len = data_len;
	return node_exec(c);
}

int preload_cmd(const uint8_t *cdb, uint8_t len, enum scsi_dir dir, void *data,
		uint32_t data_len, struct scsi_cmd *c)
{
	return simple_cmd(cdb, len, dir, data, data_len, c);
}

static bool check_is(const struct scsi_cmd *c, uint8_t key, uint8_t asc)
{
	return c->status == SCSI_STATUS_CHECK_CONDITION && c->sense_len >= 14 &&
	       (c->sense[2] & 0x0f) == key && c->sense[12] == asc;
}

/* Capacity in bytes by READ CAPACITY (MMC-6 6.23), as the sr driver sizes
 * the block device. */
static int node_capacity(uint64_t *bytes)
{
	static const uint8_t cdb[10] = { 0x25 };
	uint8_t buf[8];
	struct scsi_cmd c;
	int r = simple_cmd(cdb, sizeof(cdb), SCSI_DIR_IN, buf, sizeof(buf), &c);
	if (r < 0)
		return r;
	if (c.status != SCSI_STATUS_GOOD || c.resid > 0)
		return -EIO;
	*bytes = ((uint64_t)get_be32(buf) + 1) * get_be32(&buf[4]);
	return 0;
}

/* read() of the block node at off: READ(10) (MMC-6 6.15) of the covering
 * blocks. Reading past the recorded area ends the data (LBA out of range is
 * the end of the device); any other error is EIO. */
static ssize_t node_pread(void *buf, size_t n, off_t off)
{
	static uint8_t bounce[READ_CHUNK * BLOCK];
	static pthread_mutex_t bounce_lock = PTHREAD_MUTEX_INITIALIZER;
	size_t done = 0;

	if (off < 0) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&bounce_lock);
	while (done < n) {
		uint64_t pos = (uint64_t)off + done;
		uint32_t lba = (uint32_t)(pos / BLOCK);
		size_t skip = (size_t)(pos % BLOCK);
		size_t blocks = (skip + (n - done) + BLOCK - 1) / BLOCK;
		if (blocks > READ_CHUNK)
			blocks = READ_CHUNK;
		uint8_t cdb[10] = { 0x28 };
		put_be32(&cdb[2], lba);
		put_be16(&cdb[7], (uint16_t)blocks);
		struct scsi_cmd c;
		int r = simple_cmd(cdb, sizeof(cdb), SCSI_DIR_IN, bounce,
				   (uint32_t)(blocks * BLOCK), &c);
		if (r == 0 && check_is(&c, 0x05, 0x21))
			break;
		if (r < 0 || c.status != SCSI_STATUS_GOOD || c.resid) {
			pthread_mutex_unlock(&bounce_lock);
			if (done)
				return (ssize_t)done;
			errno = EIO;
			return -1;
		}
		size_t take = blocks * BLOCK - skip;
		if (take > n - done)
			take = n - done;
		memcpy((uint8_t *)buf + done, bounce + skip, take);
		done += take;
	}
	pthread_mutex_unlock(&bounce_lock);
	return (ssize_t)done;
}

/* ---- SG_IO ----------------------------------------------------------------------- */

static int sg_io(struct sg_io_hdr *h)
{
	struct scsi_cmd c;
	memset(&c, 0, sizeof(c));

	if (h->interface_id != 'S') {
		errno = ENOSYS;
		return -1;
	}
	if (!h->cmdp || h->cmd_len < 6 || h->cmd_len > SCSI_CDB_MAX) {
		errno = EINVAL;
		return -1;
	}
	memcpy(c.cdb, h->cmdp, h->cmd_len);
	c.cdb_len = h->cmd_len;
	c.timeout_ms = h->timeout;
	/* the block layer looks at the direction only when there is data
	 * (cdrdao leaves it 0 for commands without) */
	switch (h->dxfer_len ? h->dxfer_direction : SG_DXFER_NONE) {
	case SG_DXFER_NONE:       c.dir = SCSI_DIR_NONE; break;
	case SG_DXFER_TO_DEV:     c.dir = SCSI_DIR_OUT; break;
	/* TO_FROM: the buffer goes out first, then is overwritten: for a
	 * device that does not look at it, a data-in command */
	case SG_DXFER_FROM_DEV:
	case SG_DXFER_TO_FROM_DEV: c.dir = SCSI_DIR_IN; break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (h->dxfer_len == 0 || (!h->dxferp && h->dxfer_len))
		c.dir = SCSI_DIR_NONE;

	/* a scatter list is gathered into one buffer and scattered back */
	uint8_t *bounce = NULL;
	const struct sg_iovec *iov = h->dxferp;
	if (c.dir != SCSI_DIR_NONE && h->iovec_count) {
		bounce = calloc(1, h->dxfer_len);
		if (!bounce) {
			errno = ENOMEM;
			return -1;
		}
		size_t at = 0;
		for (unsigned i = 0; i < h->iovec_count && at < h->dxfer_len; i++) {
			size_t n = iov[i].iov_len;
			if (n > h->dxfer_len - at)
				n = h->dxfer_len - at;
			if (c.dir == SCSI_DIR_OUT)
				memcpy(bounce + at, iov[i].iov_base, n);
			at += n;
		}
		c.data = bounce;
	} else if (c.dir != SCSI_DIR_NONE) {
		c.data = h->dxferp;
	}
	c.data_len = c.dir == SCSI_DIR_NONE ? 0 : h->dxfer_len;

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = node_exec(&c);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	if (bounce && c.dir == SCSI_DIR_IN && r == 0) {
		size_t at = 0;
		for (unsigned i = 0; i < h->iovec_count && at < h->dxfer_len; i++) {
			size_t n = iov[i].iov_len;
			if (n > h->dxfer_len - at)
				n = h->dxfer_len - at;
			memcpy(iov[i].iov_base, bounce + at, n);
			at += n;
		}
	}
	free(bounce);

	h->duration = (unsigned)((t1.tv_sec - t0.tv_sec) * 1000 +
				 (t1.tv_nsec - t0.tv_nsec) / 1000000);
	h->msg_status = 0;
	h->sb_len_wr = 0;
	if (r == -ETIMEDOUT) {
		/* the kernel's answer to a command that timed out */
		h->status = 0;
		h->masked_status = 0;
		h->host_status = 0x03;          /* DID_TIME_OUT */
		h->driver_status = 0x06;        /* DRIVER_TIMEOUT */
		h->resid = (int)h->dxfer_len;
		h->info = SG_INFO_CHECK;
		return 0;
	}
	if (r < 0) {
		trace("SG_IO op %02x -> errno %d", c.cdb[0], -r);
		errno = -r;
		return -1;
	}
	h->status = c.status;
	h->masked_status = (unsigned char)((c.status >> 1) & 0x7f);
	h->host_status = 0;
	h->driver_status = 0;
	h->resid = (int)(c.dir == SCSI_DIR_NONE ? 0 : c.resid);
	h->info = 0;
	if (c.status != SCSI_STATUS_GOOD)
		h->info = SG_INFO_CHECK;
	if (c.status == SCSI_STATUS_CHECK_CONDITION) {
		h->driver_status = 0x08;        /* DRIVER_SENSE */
		unsigned n = c.sense_len < h->mx_sb_len ? c.sense_len : h->mx_sb_len;
		if (h->sbp && n) {
			memcpy(h->sbp, c.sense, n);
			h->sb_len_wr = (unsigned char)n;
		}
	}
	return 0;
}

/* ---- other ioctls ------------------------------------------------------------------- */

/* START STOP UNIT (MMC-6 6.40) and PREVENT ALLOW MEDIUM REMOVAL (SPC-4) for
 * the CDROM_* ioctls; the sr driver maps them the same way. */
static int cdrom_cmd(uint8_t op, uint8_t byte4)
{
	uint8_t cdb[6] = { op, 0, 0, 0, byte4, 0 };
	struct scsi_cmd c;
	int r = simple_cmd(cdb, sizeof(cdb), SCSI_DIR_NONE, NULL, 0, &c);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	if (c.status != SCSI_STATUS_GOOD) {
		errno = check_is(&c, 0x05, 0x53) ? EBUSY : EIO;
		return -1;
	}
	return 0;
}

static int drive_status(void)
{
	static const uint8_t tur[6] = { 0x00 };
	struct scsi_cmd c;
	if (simple_cmd(tur, sizeof(tur), SCSI_DIR_NONE, NULL, 0, &c) < 0)
		return CDS_DRIVE_NOT_READY;
	if (c.status == SCSI_STATUS_GOOD)
		return CDS_DISC_OK;
	if (check_is(&c, 0x02, 0x3A))
		return CDS_NO_DISC;
	if (check_is(&c, 0x06, 0x28))
		return CDS_DISC_OK;
	return CDS_DRIVE_NOT_READY;
}

/* SCSI address of the fake drive: host = the node's minor, bus/target/lun 0. */
static int node_ioctl(unsigned long req, void *arg)
{
	unsigned host = cfg.minor & 0xff;

	switch (req) {
	case SG_IO:
		return sg_io(arg);
	case SG_GET_VERSION_NUM:
		*(int *)arg = SG_VERSION;
		return 0;
	case SCSI_IOCTL_GET_IDLUN: {
		int *idlun = arg;   /* dev_id: target | lun << 8 | channel << 16 | host << 24 */
		idlun[0] = (int)(host << 24);
		idlun[1] = (int)host;
		return 0;
	}
	case SCSI_IOCTL_GET_BUS_NUMBER:
		*(int *)arg = (int)host;
		return 0;
	case SG_GET_SCSI_ID: {
		struct sg_scsi_id *id = arg;
		memset(id, 0, sizeof(*id));
		id->host_no = (int)host;
		id->scsi_type = TYPE_ROM;
		id->h_cmd_per_lun = 1;
		id->d_queue_depth = 1;
		return 0;
	}
	case SG_GET_RESERVED_SIZE:
		*(int *)arg = RESERVED_SIZE;
		return 0;
	case SG_EMULATED_HOST:
		*(int *)arg = 0;
		return 0;
	case SG_SET_RESERVED_SIZE:
	case SG_SET_TIMEOUT:
	case BLKFLSBUF:
	case CDROM_CLEAR_OPTIONS:
	case CDROM_SET_OPTIONS:
		return 0;
	case BLKSSZGET:
		*(int *)arg = BLOCK;
		return 0;
	case BLKGETSIZE64: {
		uint64_t bytes;
		int r = node_capacity(&bytes);
		if (r < 0) {
			errno = -r;
			return -1;
		}
		*(uint64_t *)arg = bytes;
		return 0;
	}
	case CDROMEJECT:
		return cdrom_cmd(0x1B, 0x02);
	case CDROMCLOSETRAY:
		return cdrom_cmd(0x1B, 0x03);
	case CDROM_LOCKDOOR:
		return cdrom_cmd(0x1E, (uintptr_t)arg ? 1 : 0);
	case CDROM_DRIVE_STATUS:
		return drive_status();
	case CDROM_MEDIA_CHANGED:
		return 0;
	default: {
		bool handled;
		int r = preload_cdrom_ioctl(req, arg, &handled);
		if (handled) {
			trace("ioctl %#lx on %s -> %d", req, cfg.dev, r);
			return r;
		}
		trace("ioctl %#lx on %s: ENOTTY", req, cfg.dev);
		errno = ENOTTY;
		return -1;
	}
	}
}

/* ---- interposed: ioctl, read, lseek, close -------------------------------------------- */

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (!is_node_fd(fd))
		return REAL(ioctl)(fd, req, arg);
	return node_ioctl(req, arg);
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (!is_node_fd(fd))
		return REAL(read)(fd, buf, n);
	off_t off = REAL(lseek)(fd, 0, SEEK_CUR);
	ssize_t got = node_pread(buf, n, off);
	if (got > 0)
		REAL(lseek)(fd, off + got, SEEK_SET);
	return got;
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	if (!is_node_fd(fd))
		return REAL(pread)(fd, buf, n, off);
	return node_pread(buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off64_t off)
{
	if (!is_node_fd(fd))
		return REAL(pread64)(fd, buf, n, off);
	return node_pread(buf, n, off);
}

/* SEEK_END of a block device is its size. */
static off_t node_lseek(int fd, off_t off, int whence)
{
	if (whence != SEEK_END)
		return REAL(lseek)(fd, off, whence);
	uint64_t bytes;
	int r = node_capacity(&bytes);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return REAL(lseek)(fd, (off_t)bytes + off, SEEK_SET);
}

off_t lseek(int fd, off_t off, int whence)
{
	if (!is_node_fd(fd))
		return REAL(lseek)(fd, off, whence);
	return node_lseek(fd, off, whence);
}

off64_t lseek64(int fd, off64_t off, int whence)
{
	if (!is_node_fd(fd))
		return REAL(lseek64)(fd, off, whence);
	return node_lseek(fd, off, whence);
}

int close(int fd)
{
	bool node = is_node_fd(fd);
	int r = REAL(close)(fd);
	if (node && r == 0)
		node_closed();
	return r;
}

/* ---- interposed: the open family -------------------------------------------------- */

static mode_t mode_arg(int flags, va_list ap)
{
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return (mode_t)va_arg(ap, int);
	return 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (is_node(path))
		return node_open(flags);
	return REAL(open)(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (is_node(path))
		return node_open(flags);
	return REAL(open64)(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (is_node(path))
		return node_open(flags);
	return REAL(openat)(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (is_node(path))
		return node_open(flags);
	return REAL(openat64)(dirfd, path, flags, mode);
}

/* The _FORTIFY_SOURCE entry points: open without a mode. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

int __open_2(const char *path, int flags)
{
	return open(path, flags);
}

int __open64_2(const char *path, int flags)
{
	return open64(path, flags);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	return openat(dirfd, path, flags);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	return openat64(dirfd, path, flags);
}

/* fopen() of the node: a stream on a descriptor of the node. genisoimage -M
 * reads the old session with read() and lseek() on fileno() of it, which go
 * through READ(10) here; stdio's own buffered reads (fread) would bypass the
 * interposed read() and see an empty file, and no client was seen to use
 * them. */
static FILE *node_fopen(const char *mode)
{
	int fd = node_open(strchr(mode, 'e') ? O_CLOEXEC : 0);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, mode);
	if (!f)
		close(fd);
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	if (is_node(path))
		return node_fopen(mode);
	return REAL(fopen)(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	if (is_node(path))
		return node_fopen(mode);
	return REAL(fopen64)(path, mode);
}

/* ---- interposed: access, realpath ------------------------------------------------------ */

int access(const char *path, int mode)
{
	if (is_node(path))
		return 0;
	return REAL(access)(path, mode);
}

int euidaccess(const char *path, int mode)
{
	if (is_node(path))
		return 0;
	return REAL(euidaccess)(path, mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	if (is_node(path))
		return 0;
	return REAL(faccessat)(dirfd, path, mode, flags);
}

char *realpath(const char *path, char *resolved)
{
	if (!is_node(path))
		return REAL(realpath)(path, resolved);
	if (!resolved)
		return strdup(path);
	snprintf(resolved, PATH_MAX, "%s", path);
	return resolved;
}

/* ---- interposed: the stat family (glibc 2.33+ symbols and the __xstat ABI) ---------- */

static int stat_node(struct stat *st)
{
	struct stat m;
	if (REAL(stat)(cfg.marker, &m) != 0)
		return -1;
	node_stat(st, &m);
	trace("stat %s faked", cfg.dev);
	return 0;
}

static int fstat_patch(int fd, struct stat *st, int r)
{
	if (r == 0 && is_node_fd(fd))
		node_stat(st, st);
	return r;
}

int stat(const char *path, struct stat *st)
{
	if (is_node(path))
		return stat_node(st);
	return REAL(stat)(path, st);
}

int stat64(const char *path, struct stat64 *st)
{
	if (is_node(path))
		return stat_node((struct stat *)st);
	return REAL(stat64)(path, st);
}

int lstat(const char *path, struct stat *st)
{
	if (is_node(path))
		return stat_node(st);
	return REAL(lstat)(path, st);
}

int lstat64(const char *path, struct stat64 *st)
{
	if (is_node(path))
		return stat_node((struct stat *)st);
	return REAL(lstat64)(path, st);
}

int fstat(int fd, struct stat *st)
{
	return fstat_patch(fd, st, REAL(fstat)(fd, st));
}

int fstat64(int fd, struct stat64 *st)
{
	return fstat_patch(fd, (struct stat *)st, REAL(fstat64)(fd, st));
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	if (is_node(path))
		return stat_node(st);
	int r = REAL(fstatat)(dirfd, path, st, flags);
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH))
		return fstat_patch(dirfd, st, r);
	return r;
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat(dirfd, path, (struct stat *)st, flags);
}

int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *sx)
{
	bool node = is_node(path);
	int r = REAL(statx)(dirfd, node ? cfg.marker : path, flags, mask, sx);
	if (r == 0 && (node || (path[0] == '\0' && (flags & AT_EMPTY_PATH) &&
				is_node_fd(dirfd))))
		node_statx(sx);
	return r;
}

/* Programs built against glibc before 2.33 call these (version 1 = the
 * struct stat layout of x86_64 and aarch64). */
int __xstat(int ver, const char *path, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstat(int ver, int fd, struct stat *st);
int __fxstat64(int ver, int fd, struct stat64 *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags);

int __xstat(int ver, const char *path, struct stat *st)
{
	return stat(path, st);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
	return stat64(path, st);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
	return lstat(path, st);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	return lstat64(path, st);
}

int __fxstat(int ver, int fd, struct stat *st)
{
	return fstat(fd, st);
}

int __fxstat64(int ver, int fd, struct stat64 *st)
{
	return fstat64(fd, st);
}

int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags)
{
	return fstatat(dirfd, path, st, flags);
}

int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat64(dirfd, path, st, flags);
}

/* ---- load and exit ------------------------------------------------------------------- */

static void atfork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

static void atfork_release(void)
{
	pthread_mutex_unlock(&lock);
}

static void lock_init(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	/* the emulator closes its own files through our close() while we hold it */
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&lock, &a);
	pthread_mutexattr_destroy(&a);
}

/* In the child the lock is held by a thread that does not exist there (its
 * parent's): a recursive mutex cannot be unlocked by another thread, so it
 * is made anew (icedax's reader child hung at exit on it). */
static void atfork_child(void)
{
	lock_init();
}

static char *with_suffix(const char *s, size_t n, const char *suffix)
{
	size_t len = n + strlen(suffix) + 1;
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%.*s%s", (int)n, s, suffix);
	return p;
}

__attribute__((constructor))
static void preload_init(void)
{
	lock_init();
	pthread_atfork(atfork_prepare, atfork_release, atfork_child);

	const char *tr = getenv("DISCBURN_PRELOAD_TRACE");
	if (tr && *tr)
		cfg.trace_fd = REAL(open)(tr, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
					  0644);
	const char *dev = getenv("DISCBURN_PRELOAD_DEV");
	const char *spec = getenv("DISCBURN_PRELOAD_EMU");
	if (!dev || !*dev || !spec || !*spec)
		return;

	/* the image is the last ':' field of the device string (emu.h) */
	const char *img = strrchr(spec, ':');
	img = img ? img + 1 : spec;
	if (img[0] != '/') {
		/* growisofs re-executes itself after a chdir: a relative path
		 * would name another disc in the child */
		fprintf(stderr, "emu-preload: DISCBURN_PRELOAD_EMU=%s: the image needs an "
			"absolute path; %s is not faked\n", spec, dev);
		return;
	}
	const char *base = strrchr(dev, '/');
	base = base ? base + 1 : dev;
	size_t digits = strlen(base);
	while (digits > 0 && base[digits - 1] >= '0' && base[digits - 1] <= '9')
		digits--;
	cfg.minor = (unsigned)strtoul(base + digits, NULL, 10);
	bool sg = strncmp(base, "sg", 2) == 0;
	cfg.type = sg ? S_IFCHR : S_IFBLK;
	cfg.rdev = makedev(sg ? SG_MAJOR : SR_MAJOR, cfg.minor);

	cfg.dev = strdup(dev);
	cfg.spec = strdup(spec);
	cfg.marker = with_suffix(img, strlen(img), ".node");
	cfg.state = with_suffix(img, strlen(img), ".state");
	if (!cfg.dev || !cfg.spec || !cfg.marker || !cfg.state)
		return;
	/* never through a link planted at the marker's name */
	int fd = REAL(open)(cfg.marker, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0660);
	struct stat st;
	if (fd < 0 || REAL(fstat)(fd, &st) != 0) {
		trace("cannot create the marker %s: %s", cfg.marker, strerror(errno));
		if (fd >= 0)
			REAL(close)(fd);
		return;
	}
	REAL(close)(fd);
	cfg.marker_dev = st.st_dev;
	cfg.marker_ino = st.st_ino;
	cfg.active = true;
	trace("faking %s (%u:%u) as %s", cfg.dev, major(cfg.rdev), minor(cfg.rdev), cfg.spec);
}

__attribute__((destructor))
static void preload_fini(void)
{
	if (!cfg.active)
		return;
	pthread_mutex_lock(&lock);
	emu_put();
	pthread_mutex_unlock(&lock);
}
