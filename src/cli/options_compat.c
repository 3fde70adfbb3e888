/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options_compat.c — cdrecord's command language beyond the burn options:
 * dev= (one device, or a list), --drive, the defaults file and the
 * environment, driveropts=, and cdrecord's options that mean nothing to
 * discburn, each accepted with a line saying why (doc/cdrecord-compat.md). */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/defaults.h"
#include "cli/options_int.h"
#include "engine/burn.h"


static void vwarn(struct options *o, const char *fmt, va_list ap)
{
	if (o->nwarn == OPT_MAX_WARN)
		return;
	char *at = o->warn_storage + o->warn_used;
	size_t room = sizeof(o->warn_storage) - o->warn_used;
	int n = vsnprintf(at, room, fmt, ap);
	if (n < 0 || (size_t)n >= room)
		return;
	for (unsigned i = 0; i < o->nwarn; i++)
		if (!strcmp(o->warn[i], at))
			return;         /* said once */
	o->warn[o->nwarn++] = at;
	o->warn_used += (size_t)n + 1;
}

void options_warn(struct options *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(o, fmt, ap);
	va_end(ap);
}

static void warn(struct options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct options *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(o, fmt, ap);
	va_end(ap);
}

static char *dev_store(struct options *o, const char *val)
{
	size_t len = strlen(val) + 1;
	if (len > sizeof(o->dev_storage) - o->dev_used)
		return NULL;
	char *copy = o->dev_storage + o->dev_used;
	memcpy(copy, val, len);
	o->dev_used += len;
	return copy;
}

/* cdrecord's b,t,l address, bare or after a transport ("ATA:1,0,0"). */
static bool is_btl(const char *s)
{
	const char *colon = strchr(s, ':');
	if (colon) {
		for (const char *p = s; p < colon; p++)
			if (!isalpha((unsigned char)*p))
				return false;
		s = colon + 1;
	}
	for (int i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*s))
			return false;
		s += strspn(s, "0123456789");
		if (i < 2 && *s++ != ',')
			return false;
	}
	return *s == '\0';
}

/* The start of a device name of its own in a dev= list: a path or a
 * backend's prefix. */
static bool starts_device(const char *s)
{
	static const char *const prefixes[] = { "emu:", "cdio:", "sgpt:", "iscsi:", "ATA:",
						"ATAPI:", NULL };
	if (*s == '/')
		return true;
	for (const char *const *p = prefixes; *p; p++)
		if (!strncasecmp(s, *p, strlen(*p)))
			return true;
	return false;
}

static bool all_digits(const char *s, size_t n)
{
	return n && strspn(s, "0123456789") >= n;
}

/* dev=: one device, or a list for duplication. cdrecord's b,t,l forms
 * (dev=1,0,0, dev=ATA:1,0,0) are one device. Otherwise commas separate
 * drives, except a comma inside an emulator's file name: after an emu:
 * device, a comma followed by neither a path nor a backend's prefix is
 * part of the name. A b,t,l address cannot be one of a list (its commas
 * would be ambiguous), nor can a name that needs a comma after an emu:
 * name's own: --drive DEV names one drive, whatever its characters. */
static int parse_dev(struct options *o, const char *val, const char **list, unsigned *n,
		     const char *what, char *why, size_t whylen)
{
	*n = 0;
	if (!*val)
		return options_fail(why, whylen, "%s= needs a device, e.g. dev=/dev/sr0", what);
	/* one name longer than any path the system opens, or names beyond
	 * the room: said as what it is, one name or a list */
	size_t len = strlen(val) + 1;
	if (!strchr(val, ',') && len > OPT_DEV_MAX)
		return options_fail(why, whylen, "the device name in %s= is %zu characters long; a "
			    "device path has at most %d", what, len - 1, OPT_DEV_MAX - 1);
	char *copy = dev_store(o, val);
	if (!copy)
		return options_fail(why, whylen, "the devices in %s= are %zu characters in all; at most "
			    "%zu fit, so name fewer", what, o->dev_used + len - 1,
			    sizeof(o->dev_storage) - 1);
	if (is_btl(copy)) {
		list[(*n)++] = copy;
		return 0;
	}
	char *start = copy;
	for (char *p = copy;; p++) {
		char *comma = strchr(p, ',');
		if (comma && !strncmp(start, "emu:", 4) && !starts_device(comma + 1)) {
			p = comma;
			continue;       /* part of an emulator's file name */
		}
		char *end = comma ? comma : start + strlen(start);
		if (end == start)
			return options_fail(why, whylen, "%s=%s names an empty device; separate the drives "
				    "of a list with single commas", what, val);
		if (all_digits(start, (size_t)(end - start)))
			return options_fail(why, whylen, "%s=%s: a b,t,l address (such as 1,0,0) is one "
				    "device and cannot be part of a list; name each drive with "
				    "--drive (--drive 1,0,0 --drive /dev/sr1)", what, val);
		if (*n == OPT_MAX_DEVS)
			return options_fail(why, whylen, "too many devices in %s (at most %d)", what,
				    OPT_MAX_DEVS);
		list[(*n)++] = start;
		if (!comma)
			return 0;
		*comma = '\0';
		start = p = comma + 1;
		p--;
	}
}

/* cdrecord's drive options: what discburn does with each (driveropts=help). */
const struct driveropt driveropts_known[] = {
	{ "burnfree", "turn BURN-Free (buffer underrun protection) on; the default" },
	{ "burnproof", "the same as burnfree" },
	{ "noburnfree", "turn BURN-Free off" },
	{ "noburnproof", "the same as noburnfree" },
	{ "varirec=", NULL }, { "gigarec=", NULL }, { "audiomaster", NULL },
	{ "forcespeed", NULL }, { "noforcespeed", NULL }, { "speedread", NULL },
	{ "nospeedread", NULL }, { "singlesession", NULL }, { "nosinglesession", NULL },
	{ "hidecdr", NULL }, { "nohidecdr", NULL }, { "tattooinfo", NULL },
	{ "tattoofile=", NULL }, { "layerbreak", NULL }, { "layerbreak=", NULL },
	{ NULL, NULL },
};

int options_driveropts(struct options *o, const char *val, char *why, size_t whylen)
{
	char copy[256];
	if (strlen(val) >= sizeof(copy))
		return options_fail(why, whylen, "driveropts= is too long");
	o->driveropts_arg = val;
	snprintf(copy, sizeof(copy), "%s", val);
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "burnfree") || !strcmp(t, "burnproof")) {
			o->burnfree = true;
			continue;
		}
		if (!strcmp(t, "noburnfree") || !strcmp(t, "noburnproof")) {
			o->burnfree = false;
			continue;
		}
		if (!strcmp(t, "help")) {
			o->action = ACT_DRIVEROPTS_HELP;
			continue;
		}
		bool known = false;
		size_t tl = strcspn(t, "=");
		for (const struct driveropt *d = driveropts_known; d->name; d++) {
			size_t dl = strcspn(d->name, "=");
			if (tl == dl && !strncmp(t, d->name, tl) &&
			    (t[tl] == '=') == (d->name[dl] == '='))
				known = true;
		}
		if (known)
			warn(o, "driveropts=%s is ignored: discburn sets only burnfree and "
			     "noburnfree (driveropts=help)", t);
		else
			return options_fail(why, whylen, "driveropts=%s: unknown drive option; "
				    "driveropts=help lists them", t);
	}
	return 0;
}

int options_compat_key(struct options *o, const char *key, const char *val, char *why,
		       size_t whylen)
{
	if (!strcmp(key, "dev")) {
		if (o->dev_arg && strcmp(o->dev_arg, val))
			warn(o, "dev= is given more than once: the last (dev=%s) is used, as "
			     "cdrecord does; a duplication names its drives in one dev= list "
			     "or with --drive", val);
		o->dev_arg = val;
		return 1;
	}
	if (!strcmp(key, "drive")) {
		if (o->ndrive_arg == OPT_MAX_DEVS)
			return options_fail(why, whylen, "too many drives (at most %d)", OPT_MAX_DEVS);
		if (!*val)
			return options_fail(why, whylen, "--drive needs a device, e.g. --drive /dev/sr1");
		o->drive_arg[o->ndrive_arg++] = val;
		return 1;
	}
	if (!strcmp(key, "msifile")) {
		if (!*val)
			return options_fail(why, whylen, "msifile= needs a file name");
		o->msifile = val;
		return 1;
	}
	/* cdrecord's, meaningless here: accepted with a line that says why */
	static const struct { const char *key, *why; } meaningless[] = {
		{ "minbuf", "minbuf= is ignored: discburn keeps the drive's buffer full from its "
			    "own FIFO (fs=) and does not slow the drive down" },
		{ "debug", "debug= is ignored: -V traces every SCSI command, -v says more" },
		{ "kdebug", "kdebug= is ignored: discburn has no kernel driver debugging; -V traces "
			    "every SCSI command" },
		{ "kd", "kd= is ignored: discburn has no kernel driver debugging; -V traces every "
			"SCSI command" },
		{ "pktsize", "pktsize= is ignored: discburn does not write fixed packets; it writes "
			     "whole tracks" },
		{ "scgopts", "scgopts= is ignored: discburn does not use libscg" },
		{ "defpregap", "defpregap= is ignored: give each track's pregap with pregap=" },
	};
	for (size_t i = 0; i < sizeof(meaningless) / sizeof(meaningless[0]); i++)
		if (!strcmp(key, meaningless[i].key)) {
			warn(o, "%s", meaningless[i].why);
			return 1;
		}
	return 0;
}

int options_compat_flag(struct options *o, const char *name, char *why, size_t whylen)
{
	if (!strcmp(name, "verbose")) {
		o->verbose++;
		return 1;
	}
	if (!strcmp(name, "fix"))
		return options_set_action(o, ACT_FIX, "-fix", why, whylen) < 0 ? -1 : 1;
	/* cdrecord's, meaningless here: accepted with a line that says why */
	static const struct { const char *name, *why; bool action; } meaningless[] = {
		{ "immed", "-immed is ignored: discburn sets the Immediate bit itself where a "
			   "command allows it (BLANK, FORMAT UNIT) and polls the drive", false },
		{ "d", "-d is ignored: -V traces every SCSI command, -v says more", false },
		{ "ignsize", "-ignsize is ignored: discburn always checks that the image fits "
			     "(-overburn writes past a CD's official size)", false },
		{ "shorttrack", "-shorttrack is ignored: a track shorter than 4 seconds is padded "
				"to 300 sectors", false },
		{ "noshorttrack", "-noshorttrack is the default: a track shorter than 4 seconds "
				  "is padded to 300 sectors", false },
		{ "packet", "-packet is ignored: discburn does not write fixed packets; it writes "
			    "whole tracks (TAO or SAO)", false },
		{ "noclose", "-noclose is ignored: discburn closes every track it writes "
			     "(-nofix leaves the session open, -multi the disc)", false },
		{ "doorlock", "-doorlock is ignored: discburn does not lock the tray during a "
			      "burn (-lock locks it)", false },
		{ "setdropts", "-setdropts has nothing to set: discburn sets driveropts= when it "
			       "burns", true },
		{ "reset", "-reset is not done: discburn does not reset the SCSI bus", true },
		{ "abort", "-abort is not done: discburn sends no abort sequence; each command "
			   "ends by itself or times out", true },
	};
	for (size_t i = 0; i < sizeof(meaningless) / sizeof(meaningless[0]); i++)
		if (!strcmp(name, meaningless[i].name)) {
			warn(o, "%s", meaningless[i].why);
			if (meaningless[i].action)
				o->nothing = true;
			return 1;
		}
	if (!strcmp(name, "clone"))
		return options_fail(why, whylen, "-clone: discburn does not write clone images (raw "
			    "sectors with their sub-channel from readcd -clone); burn a BIN/CUE "
			    "or an image");
	if (!strcmp(name, "xamix") || !strcmp(name, "cdi"))
		return options_fail(why, whylen, "-%s: discburn does not write %s discs; -xa1/-xa2 "
			    "tracks and -multi are what it writes", name,
			    name[0] == 'c' ? "CD-i" : "mixed XA form 1/2");
	return 0;
}

static bool sheet_suffix(const char *s)
{
	size_t n = strlen(s);
	return n > 4 && (!strcasecmp(s + n - 4, ".cue") || !strcasecmp(s + n - 4, ".toc"));
}

int options_compat_check(struct options *o, char *why, size_t whylen)
{
	bool reading = o->action == ACT_READ || o->action == ACT_CHECK || o->inspect_disc ||
		       o->from;
	if (!reading && o->transfer_blocks) {
		warn(o, "ts= is ignored when writing: it sets the size of a READ (f=, --check); "
		     "discburn writes %u KiB per WRITE", BURN_CHUNK / 1024);
		o->transfer_blocks = 0;
	}
	if (o->dummy && o->action == ACT_FIX)
		return options_fail(why, whylen, "-dummy with -fix would really close the session: "
			    "closing is not simulated; leave out -dummy");
	if (o->dummy && (o->blank || o->format))
		return options_fail(why, whylen, "-dummy with %s would really %s the disc: a drive "
			    "simulates writing only. Leave out -dummy to %s, or %s to "
			    "simulate the burn", o->blank ? "blank=" : "-format",
			    o->blank ? "blank" : "format", o->blank ? "blank" : "format",
			    o->blank ? "blank=" : "-format");
	if (o->isosize && (o->action != ACT_BURN || !o->image || o->tracks.list ||
			   sheet_suffix(o->image) || o->tsize || !strcmp(o->image, "-")))
		return options_fail(why, whylen, "-isosize takes the size of one ISO 9660 image from its "
			    "volume: give one image file, without tsize= (standard input "
			    "cannot be read twice)");
	if (o->waiti && (o->action != ACT_BURN || !o->image || strcmp(o->image, "-")))
		warn(o, "-waiti is ignored: it waits for standard input, and the image is not "
		     "read from there");
	if (o->msifile && o->action != ACT_MSINFO)
		return options_fail(why, whylen, "msifile= goes with -msinfo");

	return 0;
}

/* The drives (options.h), the aliases of the defaults file, CDR_SPEED and
 * CDR_FIFOSIZE, once the command line is read. */
int options_devices(struct options *o, const struct options_env *env, char *why,
		    size_t whylen)
{
	static const struct options_env none;
	if (!env)
		env = &none;
	const struct cdr_defaults *df = env->defaults;
	unsigned n = 0;
	if (o->dev_arg && parse_dev(o, o->dev_arg, o->dev, &n, "dev", why, whylen) < 0)
		return -1;
	for (unsigned i = 0; i < o->ndrive_arg; i++) {
		if (n == OPT_MAX_DEVS)
			return options_fail(why, whylen, "too many drives (at most %d)", OPT_MAX_DEVS);
		o->dev[n++] = o->drive_arg[i];
	}
	if (!n && !o->all_drives) {
		const char *from = NULL, *val = NULL;
		if (env->cdr_device && *env->cdr_device)
			from = "CDR_DEVICE", val = env->cdr_device;
		else if (df && df->device[0])
			from = df->path, val = df->device;
		if (val) {
			char what[300];
			snprintf(what, sizeof(what), "%s%s", from, val == env->cdr_device ? "" :
				 ": CDR_DEVICE");
			if (parse_dev(o, val, o->dev, &n, what, why, whylen) < 0)
				return -1;
			o->dev_from_env = true;
		}
	}
	o->ndev = n;
	/* an alias of the defaults file stands for its device, and for its
	 * speed, FIFO size and drive options where the command line and the
	 * environment give none */
	const struct cdr_alias *alias = NULL;
	unsigned kept = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct cdr_alias *a = cdr_defaults_alias(df, o->dev[i]);
		if (a) {
			o->dev[i] = a->dev;
			alias = alias ? alias : a;
		}
		/* an alias of device -1 (Debian's wodim.conf: "cdrom= -1 -1 -1
		 * burnfree") names no device, only settings */
		if (!a || strcmp(a->dev, "-1"))
			o->dev[kept++] = o->dev[i];
	}
	o->ndev = n = kept;
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < i; k++)
			if (!strcmp(o->dev[i], o->dev[k]))
				return options_fail(why, whylen, "%s is named twice: one drive makes one copy "
					    "at a time; name each drive once", o->dev[i]);
	const char *speed = NULL, *speed_from = NULL;
	if (env->cdr_speed && *env->cdr_speed)
		speed = env->cdr_speed, speed_from = "CDR_SPEED";
	else if (alias && alias->speed[0] && strcmp(alias->speed, "-1"))
		speed = alias->speed, speed_from = df->path;
	else if (df && df->speed[0] && strcmp(df->speed, "-1"))
		speed = df->speed, speed_from = df->path;
	if (!o->speed_given && speed && options_speed(speed, &o->speed_x10) < 0) {
		/* a burn does not go ahead at a speed nobody asked for; what only
		 * reads says so and goes on */
		if (o->action == ACT_NONE || o->action == ACT_READ || o->action == ACT_CHECK)
			return options_fail(why, whylen, "%s gives the speed %s, which is not a speed: "
				    "fix it (e.g. 8) or give speed= on the command line",
				    speed_from, speed);
		warn(o, "%s gives the speed %s, which is not a speed; it is ignored",
		     speed_from, speed);
	}
	const char *fifo = NULL, *fifo_from = NULL;
	if (env->cdr_fifosize && *env->cdr_fifosize)
		fifo = env->cdr_fifosize, fifo_from = "CDR_FIFOSIZE";
	else if (alias && alias->fifosize[0] && strcmp(alias->fifosize, "-1"))
		fifo = alias->fifosize, fifo_from = df->path;
	else if (df && df->fifosize[0] && strcmp(df->fifosize, "-1"))
		fifo = df->fifosize, fifo_from = df->path;
	if (!o->fs_given && fifo && (options_parse_size(fifo, &o->fifo_size) < 0 ||
				     o->fifo_size < 64 * 1024)) {
		o->fifo_size = 0;
		if (o->action == ACT_NONE)
			return options_fail(why, whylen, "%s gives the FIFO size %s, which is not a size of "
				    "at least 64k: fix it (e.g. 16m) or give fs= on the command "
				    "line", fifo_from, fifo);
		warn(o, "%s gives the FIFO size %s, which is not a size of at least 64k; it is "
		     "ignored", fifo_from, fifo);
	}
	if (alias && alias->driveropts[0] && !o->driveropts_arg &&
	    options_driveropts(o, alias->driveropts, why, whylen) < 0)
		return -1;
	return 0;
}
