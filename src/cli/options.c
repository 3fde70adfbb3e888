/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.c — cdrecord-style argument parsing.
 *
 * cdrecord's grammar: `key=value` options (dev=, speed=, fs=...), single-dash
 * flags (-v, -dummy, -eject...), one track file. discburn's own additions are
 * GNU-style (--json, --verify, --sha256 HEX) and are accepted with one dash
 * too, as cdrecord accepts its long flags either way.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/options.h"
#include "cli/options_int.h"

int options_fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

int options_parse_size(const char *s, uint64_t *out)
{
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	uint64_t mul = 1;
	switch (tolower((unsigned char)*end)) {
	case '\0': break;
	case 'k': mul = 1024; end++; break;
	case 'm': mul = 1024 * 1024; end++; break;
	case 'g': mul = 1024ull * 1024 * 1024; end++; break;
	case 's': mul = 2048; end++; break;     /* cdrecord: sectors */
	case 'b': mul = 512; end++; break;      /* cdrecord: 512-byte blocks */
	default: return -1;
	}
	if (*end)
		return -1;
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* cdrecord accepts speed=8 and also speed=8x / 8.0 from front ends, and a
 * speed -minfo lists, such as 2.4 (DVD) or 1.5 (CD): one decimal, kept as
 * tenths of x. */
static int parse_speed(const char *s, unsigned *out_x10)
{
	char buf[16];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	if (buf[n - 1] == 'x' || buf[n - 1] == 'X')
		buf[--n] = '\0';
	unsigned tenths = 0;
	char *dot = strchr(buf, '.');
	if (dot) {
		char *p = dot + 1;
		if (*p >= '0' && *p <= '9')
			tenths = (unsigned)(*p++ - '0');
		for (; *p; p++)
			if (*p != '0')
				return -1;      /* finer than a tenth: no drive lists it */
		*dot = '\0';
	}
	unsigned x;
	if (parse_uint(buf, 1000, &x) < 0)
		return -1;
	*out_x10 = x * 10 + tenths;
	return 0;
}

static int set_action(struct options *o, enum action a, const char *arg, char *why, size_t whylen)
{
	if (o->action != ACT_NONE && o->action != a)
		return options_fail(why, whylen, "%s cannot be combined with another action "
			    "on the same command line", arg);
	o->action = a;
	return 0;
}

/* for options_compat.c (options_int.h) */
int options_speed(const char *s, unsigned *out_x10)
{
	return parse_speed(s, out_x10);
}

int options_set_action(struct options *o, enum action a, const char *arg, char *why,
		       size_t whylen)
{
	return set_action(o, a, arg, why, whylen);
}

/* ---- reading discs: f=, --check, -inspect of a disc, --from ------------------
 * readom's names where it has them (f=, sectors=, retries=, -noerror, ts=,
 * speed= as the read speed); map= and session= are discburn's. Returns 1 when
 * the option is not one of these. */

static int read_key_value(struct options *o, const char *key, const char *val,
			  char *why, size_t whylen)
{
	uint64_t size;
	if (!strcmp(key, "f")) {
		if (!*val)
			return options_fail(why, whylen, "f= needs a file to read the disc into, e.g. "
				    "f=disc.iso (f=- for standard output)");
		o->read_file = val;
		return set_action(o, ACT_READ, "f=", why, whylen);
	}
	if (!strcmp(key, "map")) {
		if (!*val)
			return options_fail(why, whylen, "map= needs a file name");
		o->read_map = val;
		return 0;
	}
	if (!strcmp(key, "retries")) {
		if (parse_uint(val, 10000, &o->retries) < 0)
			return options_fail(why, whylen, "retries=%s is not a number of tries", val);
		o->retries_given = true;
		return 0;
	}
	if (!strcmp(key, "session")) {
		if (parse_uint(val, 99, &o->session) < 0 || !o->session)
			return options_fail(why, whylen, "session=%s is not a session number (1-99)", val);
		return 0;
	}
	if (!strcmp(key, "ts")) {
		if (options_parse_size(val, &size) < 0 || size < 2048 || size / 2048 > 0xFFFF)
			return options_fail(why, whylen, "ts=%s is not a transfer size of 2k to 127m; "
				    "use e.g. ts=64k", val);
		o->transfer_blocks = (uint32_t)(size / 2048);
		return 0;
	}
	if (!strcmp(key, "sectors")) {
		const char *dash = strchr(val, '-');
		char a[16];
		unsigned s, e;
		size_t al = dash ? (size_t)(dash - val) : 0;
		if (!dash || al == 0 || al >= sizeof(a))
			goto bad_range;
		memcpy(a, val, al);
		a[al] = '\0';
		if (parse_uint(a, UINT32_MAX, &s) < 0 || parse_uint(dash + 1, UINT32_MAX, &e) < 0)
			goto bad_range;
		if (e <= s)
			return options_fail(why, whylen, "sectors=%s: the end must come after the start "
				    "(the end sector is not read)", val);
		o->sectors_given = true;
		o->sector_start = s;
		o->sector_end = e;
		return 0;
bad_range:
		return options_fail(why, whylen, "sectors=%s is not a range; use START-END, e.g. "
			    "sectors=0-1000 (END is not read)", val);
	}
	if (!strcmp(key, "from")) {
		if (!*val)
			return options_fail(why, whylen, "--from needs the drive holding the master");
		o->from = val;
		return 0;
	}
	return 1;
}

static int read_flag(struct options *o, const char *name, char *why, size_t whylen)
{
	if (!strcmp(name, "noerror")) {
		o->noerror = true;
		return 0;
	}
	if (!strcmp(name, "check"))
		return set_action(o, ACT_CHECK, "--check", why, whylen);
	return 1;
}

/* Before the action is decided: what reading asks for and what it refuses. */
static int read_finish(struct options *o, char *why, size_t whylen)
{
	if (o->from) {
		if (o->image)
			return options_fail(why, whylen, "--from copies the disc in %s: give no image (%s) "
				    "as well", o->from, o->image);
		if (o->action == ACT_NONE)
			o->action = ACT_BURN;
		if (o->action != ACT_BURN)
			return options_fail(why, whylen, "--from goes with a burn: dev= names the drives "
				    "to write, --from the one holding the master");
		if (o->sectors_given || o->session || o->read_map || o->noerror)
			return options_fail(why, whylen, "a master is copied whole: sectors=, session=, "
				    "map= and -noerror do not apply to --from");
	}
	if (o->action == ACT_INSPECT && !o->image && (o->ndev || o->all_drives))
		o->inspect_disc = true;
	bool reading = o->action == ACT_READ || o->action == ACT_CHECK || o->inspect_disc ||
		       o->from;
	if (!reading && (o->sectors_given || o->session || o->read_map || o->noerror ||
			 o->retries_given))
		return options_fail(why, whylen, "sectors=, session=, retries=, map= and -noerror go "
			    "with reading a disc: f=FILE, --check, -inspect or --from");
	if (o->sectors_given && o->session)
		return options_fail(why, whylen, "give either sectors= or session=, not both");
	if (o->action == ACT_READ && o->image)
		return options_fail(why, whylen, "f=%s reads the disc into a file: give no image (%s) "
			    "as well", o->read_file, o->image);
	if (o->action == ACT_READ && o->read_map && !strcmp(o->read_file, "-"))
		return options_fail(why, whylen, "map= needs f= to be a file: standard output cannot be "
			    "read again to fill in what is missing");
	if (o->action == ACT_CHECK && !o->image && !o->sha256 && !o->checksum_file)
		return options_fail(why, whylen, "--check compares the disc with something: give the "
			    "image, --sha256 HEX or --checksum-file FILE");
	if (o->action == ACT_CHECK && o->image && !strcmp(o->image, "-"))
		return options_fail(why, whylen, "--check reads the image by offset: give a file, not "
			    "standard input");
	if ((o->action == ACT_READ || o->action == ACT_CHECK || o->inspect_disc) &&
	    (o->ndev > 1 || o->all_drives))
		return options_fail(why, whylen, "reading takes one drive: name it with dev=");
	return 0;
}

struct flag {
	const char *name;
	size_t offset;          /* bool field in struct options */
	bool value;
};

#define F(n, field, v) { n, offsetof(struct options, field), v }
static const struct flag flags[] = {
	F("dummy", dummy, true), F("eject", eject, true), F("multi", multi, true),
	F("pad", pad, true), F("nopad", pad, false), F("overburn", overburn, true),
	F("force", force, true), F("nofix", nofix, true), F("waiti", waiti, true),
	F("isosize", isosize, true),
	F("data", data, true), F("verify", verify, true), F("json", json, true),
	F("s", silent, true), F("silent", silent, true),
	F("all-drives", all_drives, true),
};
#undef F

struct simple_action {
	const char *name;
	enum action action;
};

static const struct simple_action actions[] = {
	{ "minfo", ACT_MINFO }, { "media-info", ACT_MINFO },
	{ "checkdrive", ACT_CHECKDRIVE }, { "inq", ACT_CHECKDRIVE },
	{ "devices", ACT_DEVICES }, { "disc-types", ACT_DISC_TYPES },
	{ "atip", ACT_ATIP }, { "toc", ACT_TOC }, { "prcap", ACT_PRCAP },
	{ "msinfo", ACT_MSINFO }, { "load", ACT_LOAD }, { "lock", ACT_LOCK },
	{ "unlock", ACT_UNLOCK }, { "version", ACT_VERSION }, { "help", ACT_HELP },
	{ "h", ACT_HELP }, { "inspect", ACT_INSPECT },
};

/* ---- --report FILE, --report-axis lba|time ------------------------------
 * One block: the options, their values, and what they go with. report_option
 * returns 1 when it took the option, 0 when the option is not one of these,
 * -1 on a bad value; report_check refuses them without something to report. */
static int report_option(struct options *o, const char *key, const char *val,
			 char *why, size_t whylen)
{
	if (!strcmp(key, "report")) {
		if (!val[0])
			return options_fail(why, whylen, "--report needs a file name, e.g. --report burn");
		o->report = val;
		return 1;
	}
	if (!strcmp(key, "report-axis")) {
		if (!strcmp(val, "lba"))
			o->report_axis = REPORT_AXIS_LBA;
		else if (!strcmp(val, "time"))
			o->report_axis = REPORT_AXIS_TIME;
		else
			return options_fail(why, whylen, "--report-axis %s: use lba (the disc's capacity) "
				    "or time", val);
		return 1;
	}
	return 0;
}

static int report_check(const struct options *o, char *why, size_t whylen)
{
	if (o->report && o->action != ACT_BURN && o->action != ACT_BLANK &&
	    o->action != ACT_FORMAT)
		return options_fail(why, whylen, "--report goes with a burn, blank= or -format");
	if (o->report_axis != REPORT_AXIS_AUTO && !o->report)
		return options_fail(why, whylen, "--report-axis goes with --report FILE");
	return 0;
}
/* ---- end of --report ------------------------------------------------------ */

/* Options that take the next argument: --sha256 HEX etc. */
static const char *const with_arg[] = {
	"sha256", "checksum-file", "copies", "journal", "wait-disc", "from", "report",
	"report-axis", "drive", "tsize", NULL,
};

/* ---- audio and mixed CDs: the track list (options.h) --------------------------
 *
 * Recorded here, built into a layout by cli_tracks.c. `marks` counts the
 * options that make the files a track list even when there is one file. */

static const struct {
	const char *name;
	enum opt_track_mode mode;
} track_types[] = {
	{ "audio", OPT_TRACK_AUDIO }, { "data", OPT_TRACK_DATA }, { "mode2", OPT_TRACK_MODE2 },
	{ "xa", OPT_TRACK_XA1 }, { "xa1", OPT_TRACK_XA1 }, { "xa2", OPT_TRACK_XA2 },
};

static bool *track_bool(struct opt_track *t, const char *name, bool *value)
{
	static const struct {
		const char *name;
		size_t offset;
		bool value;
	} b[] = {
		{ "swab", offsetof(struct opt_track, swab), true },
		{ "preemp", offsetof(struct opt_track, preemp), true },
		{ "nopreemp", offsetof(struct opt_track, preemp), false },
		{ "copy", offsetof(struct opt_track, copy), true },
		{ "nocopy", offsetof(struct opt_track, copy), false },
		{ "scms", offsetof(struct opt_track, scms), true },
	};
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		if (!strcmp(name, b[i].name)) {
			*value = b[i].value;
			return (bool *)((char *)t + b[i].offset);
		}
	return NULL;
}

/* A track flag: 1 when taken, 0 when not one of them (or one the burn
 * flags take as well: -data, -pad, -nopad), -1 on error. */
static int track_flag(struct options *o, const char *name, char *why, size_t whylen)
{
	struct opt_tracks *tl = &o->tracks;
	for (size_t i = 0; i < sizeof(track_types) / sizeof(track_types[0]); i++)
		if (!strcmp(name, track_types[i].name)) {
			tl->next.mode = track_types[i].mode;
			tl->typed = true;
			if (track_types[i].mode != OPT_TRACK_DATA)
				tl->list = true;
			return track_types[i].mode == OPT_TRACK_DATA ? 0 : 1;
		}
	bool value;
	bool *field = track_bool(&tl->next, name, &value);
	if (field) {
		*field = value;
		tl->list = true;
		return 1;
	}
	if (!strcmp(name, "pad") || !strcmp(name, "nopad")) {
		tl->next.pad = !strcmp(name, "pad");
		return 0;
	}
	if (!strcmp(name, "text") || !strcmp(name, "useinfo")) {
		*(name[0] == 't' ? &tl->text : &tl->useinfo) = true;
		tl->list = true;
		return 1;
	}
	if (!strcmp(name, "raw96r") || !strcmp(name, "raw")) {
		o->mode = MODE_RAW;
		return 1;
	}
	if (!strcmp(name, "raw16") || !strcmp(name, "raw96p"))
		return options_fail(why, whylen, "-%s: discburn writes raw only as RAW96R (-raw96r), its "
			    "P-W sub-channel made by discburn", name);
	return 0;
}

/* A track option with a value: 1 taken, 0 not one (padsize= goes on to the
 * burn options too), -1 on error. */
static int track_key(struct options *o, const char *key, const char *val, char *why,
		     size_t whylen)
{
	struct opt_tracks *tl = &o->tracks;
	uint64_t n;
	if (!strcmp(key, "pregap")) {
		if (options_parse_size(val, &n) < 0 || strspn(val, "0123456789") != strlen(val) ||
		    n > 99 * 60 * 75)
			return options_fail(why, whylen, "pregap=%s is not a number of sectors", val);
		tl->next.pregap = (int32_t)n;
	} else if (!strcmp(key, "isrc")) {
		tl->next.isrc = val;
	} else if (!strcmp(key, "index")) {
		tl->next.index = val;
	} else if (!strcmp(key, "mcn")) {
		tl->mcn = val;
	} else if (!strcmp(key, "textfile")) {
		tl->textfile = val;
	} else if (!strcmp(key, "cuefile")) {
		tl->cuefile = val;
		return 1;
	} else if (!strcmp(key, "padsize")) {
		if (options_parse_size(val, &n) == 0)
			tl->next.padsize = (uint32_t)(strspn(val, "0123456789") == strlen(val)
					   ? n : (n + 2047) / 2048);
		tl->next.pad = true;
		return 0;
	} else {
		return 0;
	}
	tl->list = true;
	return 1;
}

static int track_file(struct options *o, const char *path, char *why, size_t whylen)
{
	struct opt_tracks *tl = &o->tracks;
	if (tl->n == OPT_MAX_TRACKS)
		return options_fail(why, whylen, "more than %d tracks given; a CD holds at most 99",
			    OPT_MAX_TRACKS);
	struct opt_track *t = &tl->t[tl->n++];
	*t = tl->next;
	t->path = path;
	/* pregap=, isrc=, index=, padsize= are the next track's only */
	tl->next.pregap = -1;
	tl->next.isrc = tl->next.index = NULL;
	tl->next.padsize = 0;
	return 0;
}

static bool sheet_name(const char *s)
{
	size_t n = strlen(s);
	return n > 4 && (!strcasecmp(s + n - 4, ".cue") || !strcasecmp(s + n - 4, ".toc"));
}

/* After the command line: is it an image, a sheet or a track list? */
static int tracks_finish(struct options *o, char *why, size_t whylen)
{
	struct opt_tracks *tl = &o->tracks;
	if (tl->n > 1 && !tl->typed && !tl->list)
		return options_fail(why, whylen, "more than one image given (%s and %s); discburn takes "
			    "one image per run, or a track list that names the tracks' type "
			    "(-data a.iso b.iso, -audio a.wav b.wav)", tl->t[0].path, tl->t[1].path);
	if (tl->n > 1 || (o->mode == MODE_RAW && tl->typed && tl->n))
		tl->list = true;        /* -raw96r -data x.iso: a list of one track */
	if (tl->cuefile) {
		if (tl->n)
			return options_fail(why, whylen, "cuefile=%s describes the whole disc: give no "
				    "track files with it", tl->cuefile);
		tl->list = false;
		o->image = tl->cuefile;
	} else if (tl->n) {
		o->image = tl->t[0].path;
	}
	if (tl->list)
		for (unsigned i = 0; i < tl->n; i++)
			if (!strcmp(tl->t[i].path, "-"))
				return options_fail(why, whylen, "a track list cannot read standard input: "
					    "the tracks' sizes must be known before burning");
	if (o->mode == MODE_RAW && o->image && !tl->list && !sheet_name(o->image))
		return options_fail(why, whylen, "-raw96r writes a track list or a cue sheet; name the "
			    "track type (-raw96r -data %s), or use -sao for an exact copy of a "
			    "data image", o->image);
	return 0;
}

static int key_value(struct options *o, const char *key, const char *val,
		     char *why, size_t whylen)
{
	uint64_t size;
	int rep = report_option(o, key, val, why, whylen);
	if (rep)
		return rep < 0 ? -1 : 0;
	int r = read_key_value(o, key, val, why, whylen);
	if (r != 1)
		return r;
	int tk = track_key(o, key, val, why, whylen);
	if (tk)
		return tk < 0 ? -1 : 0;
	if (!strcmp(key, "speed")) {
		if (parse_speed(val, &o->speed_x10) < 0)
			return options_fail(why, whylen, "speed=%s is not a speed; use e.g. speed=8", val);
		o->speed_given = true;
		return 0;
	}
	if (!strcmp(key, "fs")) {
		if (options_parse_size(val, &o->fifo_size) < 0 || o->fifo_size < 64 * 1024)
			return options_fail(why, whylen, "fs=%s is not a FIFO size of at least 64k; "
				    "use e.g. fs=16m", val);
		o->fs_given = true;
		return 0;
	}
	if (!strcmp(key, "tsize")) {
		if (options_parse_size(val, &o->tsize) < 0 || !o->tsize)
			return options_fail(why, whylen, "tsize=%s is not a size; use bytes or a "
				    "k/m/g/s suffix, e.g. tsize=700m", val);
		return 0;
	}
	int ck = options_compat_key(o, key, val, why, whylen);
	if (ck)
		return ck < 0 ? -1 : 0;
	if (!strcmp(key, "padsize")) {
		if (options_parse_size(val, &size) < 0)
			return options_fail(why, whylen, "padsize=%s is not a size", val);
		/* cdrecord: a bare number counts sectors */
		uint64_t sectors = strspn(val, "0123456789") == strlen(val) ? size : (size + 2047) / 2048;
		if (sectors > 1u << 24)
			return options_fail(why, whylen, "padsize=%s is too large", val);
		o->padsize = (uint32_t)sectors;
		o->pad = true;
		return 0;
	}
	if (!strcmp(key, "gracetime")) {
		if (parse_uint(val, 999, &o->gracetime) < 0)
			return options_fail(why, whylen, "gracetime=%s is not a number of seconds", val);
		return 0;
	}
	if (!strcmp(key, "timeout")) {
		if (parse_uint(val, 86400, &o->timeout) < 0 || !o->timeout)
			return options_fail(why, whylen, "timeout=%s is not a number of seconds", val);
		return 0;
	}
	if (!strcmp(key, "driveropts"))
		return options_driveropts(o, val, why, whylen);
	if (!strcmp(key, "blank")) {
		o->blank = val;
		return 0;
	}
	if (!strcmp(key, "format")) {
		o->format = val;
		return 0;
	}
	if (!strcmp(key, "sha256")) {
		o->sha256 = val;
		return 0;
	}
	if (!strcmp(key, "checksum-file")) {
		o->checksum_file = val;
		return 0;
	}
	if (!strcmp(key, "journal")) {
		o->journal = val;
		return 0;
	}
	if (!strcmp(key, "wait-disc")) {
		if (parse_uint(val, 86400 * 7, &o->wait_disc) < 0 || !o->wait_disc)
			return options_fail(why, whylen, "--wait-disc %s is not a number of seconds", val);
		return 0;
	}
	if (!strcmp(key, "copies")) {
		if (parse_uint(val, 100000, &o->copies) < 0 || !o->copies)
			return options_fail(why, whylen, "--copies %s is not a positive number", val);
		return 0;
	}
	return options_fail(why, whylen, "unknown option %s=; see discburn -help", key);
}

static int flag_option(struct options *o, const char *name, char *why, size_t whylen)
{
	/* -v, -vv, -vvv and -V, -VV: verbosity counts */
	if (name[0] == 'v' && strspn(name, "v") == strlen(name)) {
		o->verbose += (int)strlen(name);
		return 0;
	}
	if (name[0] == 'V' && strspn(name, "V") == strlen(name)) {
		o->scsi_trace += (int)strlen(name);
		return 0;
	}
	int r = read_flag(o, name, why, whylen);
	if (r != 1)
		return r;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(name, flags[i].name)) {
			*(bool *)((char *)o + flags[i].offset) = flags[i].value;
			return 0;
		}
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(name, actions[i].name))
			return set_action(o, actions[i].action, name, why, whylen);
	if (!strcmp(name, "scanbus")) {
		o->scanbus = true;
		return set_action(o, ACT_DEVICES, name, why, whylen);
	}
	if (!strcmp(name, "tao")) {
		o->mode = MODE_TAO;
		return 0;
	}
	if (!strcmp(name, "sao") || !strcmp(name, "dao")) {
		o->mode = MODE_SAO;
		return 0;
	}
	if (!strcmp(name, "format")) {
		o->format = "";
		return 0;
	}
	int cf = options_compat_flag(o, name, why, whylen);
	if (cf)
		return cf < 0 ? -1 : 0;
	return options_fail(why, whylen, "unknown option -%s; see discburn -help", name);
}


/* ---- stations --------------------------------------------------------------
 * --submit DB IMAGE, --station DB, --status DB, --cancel/--pause/--resume DB
 * JOB, --set-priority DB JOB P, and the options that go with them. */

static bool is_station_action(enum action a)
{
	return a >= ACT_SUBMIT && a <= ACT_JOB_PRIORITY;
}

static int parse_int(const char *s, int *out)
{
	if (!s || !*s)
		return -1;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < -1000000 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

static int station_arg(int argc, char **argv, int *i, const char *opt, const char *what,
		       const char **out, char *why, size_t whylen)
{
	if (*i + 1 >= argc)
		return options_fail(why, whylen, "--%s needs %s", opt, what);
	*out = argv[++*i];
	return 0;
}

/* 1: argv[*i] was a station option (and its arguments); 0: not one. */
static int station_option(struct options *o, int argc, char **argv, int *i, char *why,
			  size_t whylen)
{
	static const struct { const char *name; enum action a; unsigned nargs; } acts[] = {
		{ "submit", ACT_SUBMIT, 1 }, { "station", ACT_STATION, 1 },
		{ "status", ACT_STATUS, 1 }, { "cancel", ACT_JOB_CANCEL, 2 },
		{ "pause", ACT_JOB_PAUSE, 2 }, { "resume", ACT_JOB_RESUME, 2 },
		{ "set-priority", ACT_JOB_PRIORITY, 3 },
	};
	const char *a = argv[*i];
	if (a[0] != '-' || a[1] != '-')
		return 0;
	const char *name = a + 2;
	struct station_options *st = &o->st;
	for (size_t k = 0; k < sizeof(acts) / sizeof(acts[0]); k++) {
		if (strcmp(name, acts[k].name))
			continue;
		if (set_action(o, acts[k].a, a, why, whylen) < 0)
			return -1;
		if (station_arg(argc, argv, i, name, "the database (a connection string, "
				"@FILE or -)", &st->db, why, whylen) < 0)
			return -1;
		if (acts[k].nargs >= 2 && station_arg(argc, argv, i, name, "a database and a job "
						      "number", &st->job, why, whylen) < 0)
			return -1;
		unsigned job;
		if (st->job && parse_uint(st->job, 2000000000u, &job) < 0)
			return options_fail(why, whylen, "--%s: %s is not a job number", name, st->job);
		const char *prio = NULL;
		if (acts[k].nargs == 3) {
			if (station_arg(argc, argv, i, name, "a database, a job and a priority",
					&prio, why, whylen) < 0)
				return -1;
			if (parse_int(prio, &st->priority) < 0)
				return options_fail(why, whylen, "--set-priority: %s is not a number", prio);
			st->priority_set = true;
		}
		return 1;
	}
	const char *val = NULL;
	if (!strcmp(name, "label"))
		return station_arg(argc, argv, i, name, "a text", &st->label, why, whylen) < 0 ? -1 : 1;
	if (!strcmp(name, "name"))
		return station_arg(argc, argv, i, name, "the station's name", &st->name, why,
				   whylen) < 0 ? -1 : 1;
	if (!strcmp(name, "cache"))
		return station_arg(argc, argv, i, name, "a directory", &st->cache, why,
				   whylen) < 0 ? -1 : 1;
	if (!strcmp(name, "until-idle")) {
		st->until_idle = true;
		return 1;
	}
	if (!strcmp(name, "priority")) {
		if (station_arg(argc, argv, i, name, "a number", &val, why, whylen) < 0)
			return -1;
		if (parse_int(val, &st->priority) < 0)
			return options_fail(why, whylen, "--priority %s is not a number", val);
		st->priority_set = true;
		return 1;
	}
	if (!strcmp(name, "lease")) {
		if (station_arg(argc, argv, i, name, "a number of seconds", &val, why, whylen) < 0)
			return -1;
		if (parse_uint(val, 86400, &st->lease) < 0 || st->lease < 2)
			return options_fail(why, whylen, "--lease %s is not a number of seconds (2 or more)",
				    val);
		return 1;
	}
	return 0;
}

/* What each station action takes, once the whole command line is read. */
static int station_check(struct options *o, char *why, size_t whylen)
{
	const struct station_options *st = &o->st;
	bool station = o->action == ACT_STATION, submit = o->action == ACT_SUBMIT;
	if ((st->name || st->cache || st->lease || st->until_idle) && !station)
		return options_fail(why, whylen, "--name, --cache, --lease and --until-idle go with --station");
	if ((st->label || (st->priority_set && o->action != ACT_JOB_PRIORITY)) && !submit)
		return options_fail(why, whylen, "--label and --priority go with --submit");
	if ((o->copies || o->sha256 || o->checksum_file) && !submit)
		return options_fail(why, whylen, "--copies, --sha256 and --checksum-file go with --submit");
	if (o->verify && !submit && !station)
		return options_fail(why, whylen, "--verify goes with --submit or --station");
	if (o->journal)
		return options_fail(why, whylen, "--journal is for duplication on one machine; a station "
			    "keeps its record in the database");
	if (submit && !o->image)
		return options_fail(why, whylen, "--submit needs an image: discburn --submit DB IMAGE-OR-URL "
			    "--copies N");
	if (!submit && o->image)
		return options_fail(why, whylen, "an image (%s) goes with --submit; a station takes its "
			    "image from the job", o->image);
	if (submit && !strcmp(o->image, "-"))
		return options_fail(why, whylen, "--submit needs a path or URL the stations can read, not "
			    "standard input");
	if (station && !o->ndev && !o->all_drives)
		return options_fail(why, whylen, "--station needs its drives: dev=a,b,... or --all-drives");
	if (station && o->all_drives && o->ndev)
		return options_fail(why, whylen, "give either dev= or --all-drives, not both");
	if (!station && (o->all_drives || o->wait_disc || (o->ndev && !o->dev_from_env)))
		return options_fail(why, whylen, "dev=, --all-drives and --wait-disc go with --station");
	if (o->sha256 && o->checksum_file)
		return options_fail(why, whylen, "give either --sha256 or --checksum-file, not both");
	if (!station)
		o->ndev = 0;    /* CDR_DEVICE is for burning, not for the database */
	return 0;
}

int options_parse(int argc, char **argv, const struct options_env *env,
		  struct options *o, char *why, size_t whylen)
{
	memset(o, 0, sizeof(*o));
	o->burnfree = true;
	o->tracks.next.pregap = -1;
	bool options_end = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options_end && !strcmp(a, "--")) {
			options_end = true;     /* what follows are files, whatever their names */
			continue;
		}
		if (options_end) {
			if (track_file(o, a, why, whylen) < 0)
				return -1;
			continue;
		}
		int st = station_option(o, argc, argv, &i, why, whylen);
		if (st < 0)
			return -1;
		if (st)
			continue;
		if (a[0] == '-' && a[1] != '\0') {
			const char *name = a + 1 + (a[1] == '-');
			const char *eq = strchr(name, '=');
			if (eq) {
				char key[32];
				size_t kl = (size_t)(eq - name);
				if (kl >= sizeof(key))
					return options_fail(why, whylen, "unknown option %s", a);
				memcpy(key, name, kl);
				key[kl] = '\0';
				if (key_value(o, key, eq + 1, why, whylen) < 0)
					return -1;
				continue;
			}
			bool takes = false;
			for (const char *const *w = with_arg; *w; w++)
				if (!strcmp(name, *w))
					takes = true;
			if (takes) {
				if (i + 1 >= argc)
					return options_fail(why, whylen, "%s needs a value", a);
				if (key_value(o, name, argv[++i], why, whylen) < 0)
					return -1;
				continue;
			}
			int tf = track_flag(o, name, why, whylen);
			if (tf < 0)
				return -1;
			if (tf)
				continue;
			if (flag_option(o, name, why, whylen) < 0)
				return -1;
			continue;
		}
		const char *eq = strchr(a, '=');
		if (eq && eq != a && strncmp(a, "./", 2) && a[0] != '/') {
			char key[32];
			size_t kl = (size_t)(eq - a);
			if (kl < sizeof(key)) {
				memcpy(key, a, kl);
				key[kl] = '\0';
				if (key_value(o, key, eq + 1, why, whylen) < 0)
					return -1;
				continue;
			}
		}
		if (track_file(o, a, why, whylen) < 0)
			return -1;
	}
	if (tracks_finish(o, why, whylen) < 0)
		return -1;

	if (options_devices(o, env, why, whylen) < 0)
		return -1;
	if (is_station_action(o->action))
		return station_check(o, why, whylen);

	if (read_finish(o, why, whylen) < 0)
		return -1;

	if (o->action == ACT_DRIVEROPTS_HELP)
		return 0;       /* the list, and nothing burnt */
	/* Decide the action from what was given. */
	if (o->action == ACT_NONE) {
		if (o->image)
			o->action = ACT_BURN;
		else if (o->blank)
			o->action = !strcmp(o->blank, "help") ? ACT_BLANK_HELP : ACT_BLANK;
		else if (o->format)
			o->action = ACT_FORMAT;
		else if (o->eject)
			o->action = ACT_EJECT;
		else if (o->nothing)
			o->action = ACT_NOTHING;
		else
			return options_fail(why, whylen, "nothing to do: give an image to burn, or an "
				    "action such as -minfo; see discburn -help");
	} else if (o->action == ACT_INSPECT && !o->image && !o->inspect_disc) {
		return options_fail(why, whylen, "-inspect needs an image: discburn -inspect IMAGE");
	} else if (o->image && o->action != ACT_INSPECT && o->action != ACT_CHECK) {
		return options_fail(why, whylen, "an image (%s) cannot be combined with this action",
			    o->image);
	}
	if (o->blank && !strcmp(o->blank, "help"))
		o->action = ACT_BLANK_HELP;
	if (o->action == ACT_BLANK_HELP)
		return 0;       /* the list, and nothing else done */
	if (options_compat_check(o, why, whylen) < 0)
		return -1;
	if (o->action != ACT_BURN && (o->copies > 1 || o->journal || o->all_drives || o->wait_disc))
		return options_fail(why, whylen, "--copies, --journal, --wait-disc and --all-drives go with "
			    "an image to burn");
	bool needs_dev = o->action != ACT_VERSION && o->action != ACT_HELP &&
			 o->action != ACT_NOTHING &&
			 o->action != ACT_BLANK_HELP && o->action != ACT_INSPECT &&
			 o->action != ACT_DEVICES && o->action != ACT_DISC_TYPES;
	if (needs_dev && !o->ndev && !o->all_drives)
		return options_fail(why, whylen, "no device given: add dev=/dev/sr0 (or set CDR_DEVICE); "
			    "`discburn --devices` lists the recorders");
	if (o->all_drives && o->ndev)
		return options_fail(why, whylen, "give either dev= or --all-drives, not both");
	if (o->ndev > 1 && o->action != ACT_BURN)
		return options_fail(why, whylen, "only a burn can use several devices at once");
	if (o->image && !strcmp(o->image, "-") && !o->tsize && o->action == ACT_BURN)
		return options_fail(why, whylen, "burning from standard input needs the size: add "
			    "tsize=BYTES (e.g. tsize=$(stat -c %%s image.iso))");
	if (o->sha256 && o->checksum_file)
		return options_fail(why, whylen, "give either --sha256 or --checksum-file, not both");
	return report_check(o, why, whylen);
}
