/* SPDX-License-Identifier: GPL-3.0-or-later */
/* linux-sg.c — SCSI pass-through on Linux through the SG_IO ioctl.
 *
 * PORTING note for this backend: it moves CDBs, nothing else. It accepts the
 * block node (/dev/srN, preferred: an O_EXCL open of a block device also
 * fails while the disc is mounted, which is the lock we want), the generic
 * node (/dev/sgN), udev's aliases (/dev/cdrom, /dev/dvd...), any path that
 * resolves to a block or char device, and cdrecord's "b,t,l" syntax mapped
 * through sysfs. A regular file is never taken for a device: tools that did
 * (growisofs comparing st_rdev 0 against /proc/mounts) have unmounted /proc.
 *
 * SG_IO on the sr block node and on the sg char node take the same
 * struct sg_io_hdr (Linux scsi/sg.h, sg v3 interface).
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#ifdef HAVE_LIBUDEV
#include <libudev.h>
#endif
#include <scsi/sg.h>

#include "linux-sg.h"

/* Host byte values (Linux include/scsi/scsi_status.h); not exported to
 * user space, so named here. */
enum {
	SG_DID_OK = 0x00, SG_DID_NO_CONNECT = 0x01, SG_DID_BUS_BUSY = 0x02,
	SG_DID_TIME_OUT = 0x03, SG_DID_BAD_TARGET = 0x04, SG_DID_ABORT = 0x05,
	SG_DID_RESET = 0x08, SG_DID_TRANSPORT_DISRUPTED = 0x0e,
	SG_DID_TRANSPORT_FAILFAST = 0x0f, SG_DID_TRANSPORT_MARGINAL = 0x14,
};

/* Driver byte values: since Linux 5.14 only SENSE and TIMEOUT are set. */
enum {
	SG_DRIVER_OK = 0x00, SG_DRIVER_TIMEOUT = 0x06, SG_DRIVER_SENSE = 0x08,
	SG_DRIVER_MASK = 0x0f,
};

struct sg_handle {
	struct transport base;  /* must be first */
	int fd;
};

static const char *sysfs_root(void)
{
	const char *r = getenv("DISCBURN_SYSFS_ROOT");

	return r && *r ? r : "/sys";
}

static const char *proc_root(void)
{
	const char *r = getenv("DISCBURN_PROC_ROOT");

	return r && *r ? r : "/proc";
}

/* Append a printf-formatted piece to the NUL-terminated string in buf. */
static void appendf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void appendf(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* ---- b,t,l ------------------------------------------------------------ */

/* Parse a non-negative decimal at *p, advancing it. Returns -1 if none. */
static int parse_uint(const char **p)
{
	long v = 0;
	const char *s = *p;

	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s - '0');
		if (v > INT_MAX / 10)
			return -1;
		s++;
	}
	*p = s;
	return (int)v;
}

int linux_sg_parse_btl(const char *spec, int *bus, int *target, int *lun)
{
	const char *p = spec;
	int v[3];

	if (!spec)
		return 0;
	/* cdrecord/wodim's transport prefixes on Linux; both end at the sg
	 * layer today. */
	if (strncasecmp(p, "ATAPI:", 6) == 0)
		p += 6;
	else if (strncasecmp(p, "ATA:", 4) == 0)
		p += 4;
	for (int i = 0; i < 3; i++) {
		v[i] = parse_uint(&p);
		if (v[i] < 0)
			return 0;
		if (i < 2 && *p++ != ',')
			return 0;
	}
	if (*p != '\0')
		return 0;
	*bus = v[0];
	*target = v[1];
	*lun = v[2];
	return 1;
}

/* First directory entry of dir that does not start with '.', into name. */
static int first_entry(const char *dir, char *name, size_t namelen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = -ENOENT;

	if (!d)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(name, namelen, "%s", e->d_name) >= namelen)
			rc = -ENAMETOOLONG;
		else
			rc = 0;
		break;
	}
	closedir(d);
	return rc;
}

static int sg_entry_filter(const struct dirent *e)
{
	return strncmp(e->d_name, "sg", 2) == 0;
}

int linux_sg_resolve_btl(const char *spec, char *node, size_t nodelen)
{
	int bus, target, lun, rc = -ENOENT;
	struct dirent **ents;
	char path[PATH_MAX], real[PATH_MAX], child[NAME_MAX + 1];
	int n;

	if (!linux_sg_parse_btl(spec, &bus, &target, &lun))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/class/scsi_generic", sysfs_root());
	n = scandir(path, &ents, sg_entry_filter, versionsort);
	if (n < 0)
		return -ENOENT;
	for (int i = 0; i < n; i++) {
		const char *base;
		int h, c, t, l, used = 0;

		if (rc != -ENOENT)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/class/scsi_generic/%s/device",
				     sysfs_root(), ents[i]->d_name) >= sizeof(path))
			continue;
		if (!realpath(path, real))
			continue;
		base = strrchr(real, '/');
		base = base ? base + 1 : real;
		if (sscanf(base, "%d:%d:%d:%d%n", &h, &c, &t, &l, &used) != 4 ||
		    base[used] != '\0')
			continue;
		if (h != bus || t != target || l != lun)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/class/scsi_generic/%s/device/block",
				     sysfs_root(), ents[i]->d_name) < sizeof(path) &&
		    first_entry(path, child, sizeof(child)) == 0)
			rc = (size_t)snprintf(node, nodelen, "/dev/%s", child) < nodelen
				? 0 : -ENAMETOOLONG;
		else
			rc = (size_t)snprintf(node, nodelen, "/dev/%s", ents[i]->d_name) < nodelen
				? 0 : -ENAMETOOLONG;
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}

/* ---- open failure explanations ----------------------------------------- */

/* Undo the octal escapes (\040 for space...) of a mountinfo field in place. */
static void unescape_octal(char *s)
{
	char *w = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			*w++ = *s++;
		}
	}
	*w = '\0';
}

/* Find a mount of the node in mountinfo, by device number when it is a
 * block device, else by the mount source naming the same path; the mount
 * point goes into mnt. */
static int find_mount(const char *real, const struct stat *node, char *mnt, size_t mntlen)
{
	char path[PATH_MAX], line[4096];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "%s/self/mountinfo", proc_root());
	f = fopen(path, "re");
	if (!f)
		return 0;
	/* Fields: id parent major:minor root mount-point options [optional...]
	 * - fstype source super-options (proc(5)). */
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned maj, min;
		char mp[sizeof(line)], src[sizeof(line)];
		const char *dash = strstr(line, " - ");

		if (sscanf(line, "%*u %*u %u:%u %*s %4095s", &maj, &min, mp) != 3)
			continue;
		if (S_ISBLK(node->st_mode) && makedev(maj, min) == node->st_rdev) {
			found = 1;
		} else if (dash && sscanf(dash + 3, "%*s %4095s", src) == 1) {
			unescape_octal(src);
			found = strcmp(src, real) == 0;
		}
		if (found) {
			unescape_octal(mp);
			snprintf(mnt, mntlen, "%s", mp);
		}
	}
	fclose(f);
	return found;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Does process pid have a descriptor on the node (type + rdev)? */
static int pid_holds(const char *pid, const struct stat *node)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int found = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/fd", proc_root(), pid) >= sizeof(path))
		return 0;
	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		char fdpath[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(fdpath, sizeof(fdpath), "%s/%s", path, e->d_name) >= sizeof(fdpath))
			continue;
		if (stat(fdpath, &st) != 0)
			continue;
		if ((st.st_mode & S_IFMT) == (node->st_mode & S_IFMT) && st.st_rdev == node->st_rdev)
			found = 1;
	}
	closedir(d);
	return found;
}

/* Find another process holding the node; its pid and name into who. */
static int find_holder(const struct stat *node, char *who, size_t wholen)
{
	DIR *d = opendir(proc_root());
	struct dirent *e;
	char self[32];
	int found = 0;

	if (!d)
		return 0;
	snprintf(self, sizeof(self), "%ld", (long)getpid());
	while (!found && (e = readdir(d)) != NULL) {
		char path[PATH_MAX], comm[64] = "";
		FILE *f;

		if (!all_digits(e->d_name) || strcmp(e->d_name, self) == 0)
			continue;
		if (!pid_holds(e->d_name, node))
			continue;
		found = 1;
		snprintf(path, sizeof(path), "%s/%s/comm", proc_root(), e->d_name);
		f = fopen(path, "re");
		if (f) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		if (comm[0])
			snprintf(who, wholen, "PID %.20s (%.63s)", e->d_name, comm);
		else
			snprintf(who, wholen, "PID %.20s", e->d_name);
	}
	closedir(d);
	return found;
}

static void mode_string(mode_t m, char out[10])
{
	static const char rwx[] = "rwxrwxrwx";

	for (int i = 0; i < 9; i++)
		out[i] = (m & (0400u >> i)) ? rwx[i] : '-';
	out[9] = '\0';
}

static void explain_eacces(const char *node, int err, char *why, size_t whylen)
{
	struct stat st;
	struct group *g;
	struct passwd *p;
	char mode[10], gname[64], uname[64];

	if (stat(node, &st) != 0) {
		snprintf(why, whylen, "permission denied opening %s: %s", node, strerror(err));
		return;
	}
	mode_string(st.st_mode, mode);
	g = getgrgid(st.st_gid);
	p = getpwuid(st.st_uid);
	if (g)
		snprintf(gname, sizeof(gname), "%s", g->gr_name);
	else
		snprintf(gname, sizeof(gname), "%u", (unsigned)st.st_gid);
	if (p)
		snprintf(uname, sizeof(uname), "%s", p->pw_name);
	else
		snprintf(uname, sizeof(uname), "%u", (unsigned)st.st_uid);
	snprintf(why, whylen, "permission denied opening %s (owner %s, group '%s', mode %s): ",
		 node, uname, gname, mode);
	if ((st.st_mode & 060) == 060)
		appendf(why, whylen, "add yourself to group '%s' (usermod -aG %s $USER, "
			"then log in again) or run as root", gname, gname);
	else
		appendf(why, whylen, "the group cannot read and write it; ask root to "
			"make it mode rw-rw---- for group '%s'", gname);
}

static void explain_ebusy(const char *node, char *why, size_t whylen)
{
	struct stat st;
	char mnt[PATH_MAX], real[PATH_MAX], who[128];
	int mounted = 0, held = 0;

	if (stat(node, &st) == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode))) {
		if (!realpath(node, real))
			snprintf(real, sizeof(real), "%s", node);
		mounted = find_mount(real, &st, mnt, sizeof(mnt));
		held = find_holder(&st, who, sizeof(who));
	}
	snprintf(why, whylen, "%s is busy", node);
	if (mounted)
		appendf(why, whylen, ": the disc is mounted on %s (umount %s first)", mnt, mnt);
	if (held)
		appendf(why, whylen, "%s held open by %s; let it finish or close it",
			mounted ? "; it is" : ": it is", who);
	if (!mounted && !held)
		appendf(why, whylen, ": another program (a burner, the desktop's automounter, "
			"a media player) has it open; close it and retry");
}

void linux_sg_explain_open(const char *node, int err, char *why, size_t whylen)
{
	if (!why || whylen == 0)
		return;
	why[0] = '\0';
	switch (err) {
	case EACCES:
	case EPERM:
	case EROFS:
		explain_eacces(node, err, why, whylen);
		break;
	case EBUSY:
		explain_ebusy(node, why, whylen);
		break;
	case ENOENT:
	case ENOTDIR:
		snprintf(why, whylen, "no such device %s; run 'discburn --devices' to list "
			 "the drives", node);
		break;
	case ENXIO:
	case ENODEV:
		snprintf(why, whylen, "no drive behind %s (removed, powered off, or its "
			 "driver is not loaded); run 'discburn --devices' to list the drives", node);
		break;
	default:
		snprintf(why, whylen, "cannot open %s: %s", node, strerror(err));
		break;
	}
}

/* ---- the transport ------------------------------------------------------ */

static int sg_match(const char *dev)
{
	static const char *const prefixes[] = {
		"/dev/sr", "/dev/sg", "/dev/scd", "/dev/cdrom", "/dev/cdrw",
		"/dev/dvd", "/dev/bd",
	};
	struct stat st;
	int b, t, l;

	if (!dev || !*dev)
		return 0;
	if (linux_sg_parse_btl(dev, &b, &t, &l))
		return 1;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(dev, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	/* stat() follows symlinks, as realpath() would. */
	return stat(dev, &st) == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode));
}

static int sg_open(const char *dev, unsigned flags, struct transport **out,
		   char *why, size_t whylen)
{
	char node[PATH_MAX], real[PATH_MAX];
	struct sg_handle *h;
	struct stat st;
	int fd, version = 0, rc;

	if (why && whylen)
		why[0] = '\0';
	*out = NULL;
	rc = linux_sg_resolve_btl(dev, node, sizeof(node));
	if (rc == -ENOENT) {
		snprintf(why, whylen, "no SCSI device at bus,target,lun %s; run "
			 "'discburn --devices' to list the drives", dev);
		return -ENOENT;
	}
	if (rc == -EINVAL)
		rc = (size_t)snprintf(node, sizeof(node), "%s", dev) < sizeof(node) ? 0 : -ENAMETOOLONG;
	if (rc < 0) {
		snprintf(why, whylen, "device name too long: %.64s...", dev);
		return rc;
	}
	if (!realpath(node, real) || stat(real, &st) != 0) {
		rc = errno;
		linux_sg_explain_open(node, rc, why, whylen);
		return -rc;
	}
	if (S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "%s is a regular file, not a drive; to try a burn "
			 "without a drive use the emulator (dev=emu:FILE)", node);
		return -ENOTBLK;
	}
	if (!S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode)) {
		snprintf(why, whylen, "%s is not a device node", node);
		return -ENOTBLK;
	}
	fd = open(real, (flags & TRANSPORT_READONLY)
		  ? O_RDONLY | O_NONBLOCK | O_CLOEXEC
		  : O_RDWR | O_NONBLOCK | O_EXCL | O_CLOEXEC);
	if (fd < 0) {
		rc = errno;
		linux_sg_explain_open(node, rc, why, whylen);
		return -rc;
	}
	/* Both sr (block layer) and sg answer this; a disk partition, a loop
	 * device or a tty does not, and gets no CDBs from us. */
	if (ioctl(fd, SG_GET_VERSION_NUM, &version) < 0 || version < 30000) {
		close(fd);
		snprintf(why, whylen, "%s does not accept SCSI pass-through (SG_IO); it is "
			 "not a CD/DVD/BD drive", node);
		return -ENOTTY;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		close(fd);
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	h->base.ops = &linux_sg_transport;
	h->fd = fd;
	*out = &h->base;
	return 0;
}

static void sg_close(struct transport *t)
{
	struct sg_handle *h = (struct sg_handle *)t;

	if (!h)
		return;
	close(h->fd);
	free(h);
}

int linux_sg_map_result(int ioctl_rc, int err, unsigned host, unsigned driver)
{
	if (ioctl_rc < 0) {
		switch (err) {
		case ENXIO:
		case ENODEV:
			return -ENODEV;
		case 0:
			return -EIO;
		default:
			return -err;
		}
	}
	switch (host) {
	case SG_DID_OK:
		break;
	case SG_DID_NO_CONNECT:
	case SG_DID_BAD_TARGET:
	case SG_DID_TRANSPORT_FAILFAST:
		return -ENODEV;
	case SG_DID_BUS_BUSY:
		return -EBUSY;
	case SG_DID_TIME_OUT:
	case SG_DID_ABORT:      /* the error handler aborts commands that timed out */
		return -ETIMEDOUT;
	case SG_DID_RESET:
	case SG_DID_TRANSPORT_DISRUPTED:
	case SG_DID_TRANSPORT_MARGINAL:
		return -ECONNRESET;
	default:
		return -EIO;
	}
	switch (driver & SG_DRIVER_MASK) {
	case SG_DRIVER_OK:
	case SG_DRIVER_SENSE:
		return 0;
	case SG_DRIVER_TIMEOUT:
		return -ETIMEDOUT;
	default:
		return -EIO;
	}
}

static int sg_exec(struct transport *t, struct scsi_cmd *c)
{
	struct sg_handle *h = (struct sg_handle *)t;
	struct sg_io_hdr io;
	int rc, err;

	c->status = 0;
	c->sense_len = 0;
	c->resid = c->data_len;
	if (c->cdb_len < 6 || c->cdb_len > SCSI_CDB_MAX)
		return -EINVAL;
	if (c->dir != SCSI_DIR_NONE && c->data_len > 0 && !c->data)
		return -EINVAL;

	memset(&io, 0, sizeof(io));
	io.interface_id = 'S';
	switch (c->dir) {
	case SCSI_DIR_IN:
		io.dxfer_direction = SG_DXFER_FROM_DEV;
		break;
	case SCSI_DIR_OUT:
		io.dxfer_direction = SG_DXFER_TO_DEV;
		break;
	default:
		io.dxfer_direction = SG_DXFER_NONE;
		break;
	}
	if (io.dxfer_direction != SG_DXFER_NONE && c->data_len > 0) {
		io.dxferp = c->data;
		io.dxfer_len = c->data_len;
	} else {
		io.dxfer_direction = SG_DXFER_NONE;
		c->resid = 0;
	}
	io.cmdp = c->cdb;
	io.cmd_len = c->cdb_len;
	io.sbp = c->sense;
	io.mx_sb_len = sizeof(c->sense);
	io.timeout = c->timeout_ms ? c->timeout_ms : LINUX_SG_TIMEOUT_MS;

	rc = ioctl(h->fd, SG_IO, &io);
	err = rc < 0 ? errno : 0;
	rc = linux_sg_map_result(rc, err, io.host_status, io.driver_status);
	if (rc < 0)
		return rc;
	c->status = io.status;
	c->sense_len = io.sb_len_wr <= sizeof(c->sense) ? io.sb_len_wr : sizeof(c->sense);
	if (io.dxfer_len > 0)
		c->resid = io.resid < 0 ? 0 : (uint32_t)io.resid > c->data_len
			? c->data_len : (uint32_t)io.resid;
	return 0;
}

/* ---- discovery ----------------------------------------------------------- */

/* Read a short sysfs attribute, trimmed of surrounding white space. */
static void read_attr(const char *dir, const char *name, char *out, size_t outlen)
{
	char path[PATH_MAX], buf[128];
	size_t n, start = 0;
	FILE *f;

	out[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	while (isspace((unsigned char)buf[start]))
		start++;
	snprintf(out, outlen, "%s", buf + start);
}

/* Fill f from the SCSI device directory of a block device (…/srN/device). */
static void fill_found(struct transport_found *f, const char *node, const char *scsidir)
{
	char type[16];
	char *end;
	long v;

	memset(f, 0, sizeof(*f));
	/* a name that does not fit is left empty rather than cut to another path */
	if ((size_t)snprintf(f->dev, sizeof(f->dev), "%s", node) >= sizeof(f->dev))
		f->dev[0] = '\0';
	read_attr(scsidir, "vendor", f->vendor, sizeof(f->vendor));
	read_attr(scsidir, "model", f->model, sizeof(f->model));
	read_attr(scsidir, "rev", f->revision, sizeof(f->revision));
	read_attr(scsidir, "type", type, sizeof(type));
	v = strtol(type, &end, 10);
	f->peripheral_type = (type[0] && *end == '\0' && v >= 0 && v < 32) ? (int)v : -1;
	/* the device directory is named h:c:t:l; cdrecord's b,t,l is h,t,l,
	 * the form linux_sg_resolve_btl takes back */
	char real[PATH_MAX];
	int h, c, t, l, used = 0;
	f->bus = f->target = f->lun = -1;
	if (realpath(scsidir, real)) {
		const char *base = strrchr(real, '/');
		base = base ? base + 1 : real;
		if (sscanf(base, "%d:%d:%d:%d%n", &h, &c, &t, &l, &used) == 4 && !base[used]) {
			f->bus = h;
			f->target = t;
			f->lun = l;
		}
	}
}

static int sr_entry_filter(const struct dirent *e)
{
	return strncmp(e->d_name, "sr", 2) == 0;
}

static int scan_sysfs(transport_found_fn fn, void *ctx)
{
	struct dirent **ents;
	char dir[PATH_MAX];
	int n, count = 0;

	snprintf(dir, sizeof(dir), "%s/class/block", sysfs_root());
	n = scandir(dir, &ents, sr_entry_filter, versionsort);
	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		char node[PATH_MAX], scsidir[PATH_MAX];
		struct transport_found f;

		if ((size_t)snprintf(node, sizeof(node), "/dev/%s", ents[i]->d_name) < sizeof(node) &&
		    (size_t)snprintf(scsidir, sizeof(scsidir), "%s/%s/device", dir,
				     ents[i]->d_name) < sizeof(scsidir)) {
			fill_found(&f, node, scsidir);
			fn(ctx, &f);
			count++;
		}
		free(ents[i]);
	}
	free(ents);
	return count;
}

#ifdef HAVE_LIBUDEV
static int scan_udev(struct udev *u, transport_found_fn fn, void *ctx)
{
	struct udev_enumerate *e = udev_enumerate_new(u);
	struct udev_list_entry *le;
	int count = 0;

	if (!e)
		return -ENOMEM;
	udev_enumerate_add_match_subsystem(e, "block");
	udev_enumerate_add_match_sysname(e, "sr*");
	if (udev_enumerate_scan_devices(e) < 0) {
		udev_enumerate_unref(e);
		return -EIO;
	}
	udev_list_entry_foreach(le, udev_enumerate_get_list_entry(e)) {
		struct udev_device *d = udev_device_new_from_syspath(u, udev_list_entry_get_name(le));
		const char *node, *cdrom;
		char scsidir[PATH_MAX];
		struct transport_found f;

		if (!d)
			continue;
		node = udev_device_get_devnode(d);
		cdrom = udev_device_get_property_value(d, "ID_CDROM");
		/* udev's cdrom_id marks every optical drive; when the database
		 * has no entry (udevd not done yet) the sr name is enough. */
		if (node && (!cdrom || strcmp(cdrom, "1") == 0) &&
		    (size_t)snprintf(scsidir, sizeof(scsidir), "%s/device",
				     udev_device_get_syspath(d)) < sizeof(scsidir)) {
			fill_found(&f, node, scsidir);
			fn(ctx, &f);
			count++;
		}
		udev_device_unref(d);
	}
	udev_enumerate_unref(e);
	return count;
}

#endif

static int sg_scan(transport_found_fn fn, void *ctx)
{
#ifdef HAVE_LIBUDEV
	struct udev *u;
	int rc;

	/* udev's view only exists when udevd runs (not in containers or a
	 * minimal initramfs); and a test's fake sysfs root is not udev's. */
	if (getenv("DISCBURN_SYSFS_ROOT") || access("/run/udev/control", F_OK) != 0)
		return scan_sysfs(fn, ctx);
	u = udev_new();
	if (!u)
		return scan_sysfs(fn, ctx);
	rc = scan_udev(u, fn, ctx);
	udev_unref(u);
	return rc < 0 ? scan_sysfs(fn, ctx) : rc;
#else
	/* built without libudev: sysfs alone (what udev would read too) */
	return scan_sysfs(fn, ctx);
#endif
}

const struct transport_ops linux_sg_transport = {
	.name = "linux-sg",
	.syntax = "/dev/srN, /dev/sgN, /dev/cdrom, or cdrecord's b,t,l / ATA:b,t,l",
	.match = sg_match,
	.open = sg_open,
	.close = sg_close,
	.exec = sg_exec,
	.scan = sg_scan,
};
