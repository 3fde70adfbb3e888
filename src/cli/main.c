/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c — discburn's entry point: parse, dispatch, exit with a documented code. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine/blank.h"
#include "image/checksum.h"
#include "cli/cli.h"
#include "base/clock.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "image/cue.h"
#include "image/image.h"
#include "image/iso.h"
#include "image/layout.h"
#include "image/toc.h"
#include "base/json.h"
#include "cli/defaults.h"
#include "cli/options.h"
#include "base/sha256.h"

static struct cli *signal_cli;

static void on_signal(int sig)
{
	/* First Ctrl-C: stop cleanly (the drive finishes its command, the disc
	 * state is reported, the emulator saves its disc). Second: the default
	 * action. */
	atomic_store(&signal_cli->cancel, 1);
	signal(sig, SIG_DFL);
}

/* Every signal that would end the process stops it cleanly instead: Ctrl-C
 * and kill (INT, TERM), Ctrl-\ (QUIT), a closed terminal or ssh session
 * (HUP). A hangup that was ignored when we started (nohup) stays ignored. */
static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa, old;
		if (sigs[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sa.sa_flags = SA_RESTART;      /* as signal() did */
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
	signal(SIGPIPE, SIG_IGN);
}

/* -version. Front ends identify a cdrecord by its first line: K3b takes
 * the first number after "Cdrecord" (or "Wodim" when the binary is named
 * wodim) as the version and wants 2.0 or later
 * (SimpleExternalProgram::parseVersion, k3bexternalbinmanager.cpp);
 * Brasero's cdrtools plugin scans "Cdrecord-ProDVD-ProBD-Clone %d.%d" and
 * its cdrkit plugin wodim's two lines (brasero_plugin_check_config in
 * burn-cdrecord.c and burn-wodim.c). So the first line is the one of the
 * program discburn stands in for, as cdrskin's "Cdrecord 2.01a27
 * Emulation" is, and says that it is discburn; the next lines are
 * discburn's own. */
static void version(const char *argv0)
{
	const char *base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	if (!strcmp(base, "wodim"))
		printf("Cdrecord-yelling-line-to-tell-frontends-to-use-it-like-version "
		       "2.01.01a03-dvd \n"
		       "Wodim 1.1.11 Emulation: discburn %s, a wodim-compatible burner\n",
		       PACKAGE_VERSION);
	else
		printf("Cdrecord-ProDVD-ProBD-Clone 3.02 Emulation: discburn %s, a "
		       "cdrecord-compatible burner\n", PACKAGE_VERSION);
	printf("discburn %s\n", PACKAGE_VERSION);
	/* what this build can talk to (configure's --with-X choices) */
	printf("backends:");
	for (const struct transport_ops *const *b = device_backends; *b; b++)
		printf(" %s", (*b)->name);
	printf("\nSHA-256: %s\n", sha256_impl());
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: discburn [options] dev=DEVICE IMAGE        burn IMAGE (\"-\" = stdin, needs tsize=)\n"
"       discburn [options] dev=DEVICE ACTION       -minfo, -checkdrive, -msinfo, ...\n"
"       discburn --devices                         list recorders\n"
"\n"
"Devices (dev=):\n"
"  /dev/sr0, /dev/sg3, /dev/cdrom         Linux SG_IO\n"
"  b,t,l  ATA:b,t,l                        cdrecord's bus,target,lun: one device\n"
"  cdio:/dev/sr0                           libcdio pass-through\n"
"  sgpt:/dev/sr0                           libsgutils2 (sg_pt) pass-through\n"
"  iscsi://host[:port]/target-iqn/lun      a drive exported over iSCSI\n"
"  emu:[KIND:][OPT=VAL:...]FILE            the built-in recorder emulator; KIND is\n"
"                                          cd-r cd-rw dvd-r dvd-rw dvd-rw-ro dvd+r dvd+rw\n"
"                                          dvd+r-dl bd-r bd-re; options speed= buffer=\n"
"                                          size= stack= log= fault= ... (see README)\n"
"\n"
"Burn options (cdrecord compatible):\n"
"  speed=N        write speed in x (CD/DVD/BD units); default the fastest\n"
"  -dummy         simulate (CD-R/RW, DVD-R/RW only; refused elsewhere)\n"
"  -tao -sao -dao write mode; default chosen from the media\n"
"  -multi         leave the disc appendable for another session\n"
"  -nofix -fix    leave the session open (TAO); close it later\n"
"  -eject         eject the disc afterwards\n"
"  -pad padsize=N add N (default 15) zero sectors after the image\n"
"  -overburn      allow writing past the official capacity (CD)\n"
"  -data          data track (mode 1), the default\n"
"  -raw96r        raw writing of a track list or cue sheet (also -raw)\n"
"  fs=SIZE        FIFO size (e.g. 32m); default ~2 s of writing, 8-64 MiB\n"
"  tsize=SIZE     image size for stdin (bytes, or with k/m/g/s suffix)\n"
"  -isosize       the size from the image's ISO 9660 volume\n"
"  gracetime=N    wait N seconds before writing (Ctrl-C aborts)\n"
"  driveropts=burnfree|noburnfree   buffer underrun protection (default on);\n"
"                 driveropts=help lists cdrecord's others\n"
"  timeout=N      no SCSI command gets less than N seconds\n"
"  -force         overwrite a rewritable disc that holds data; burn a file that\n"
"                 does not look like a disc image\n"
"  -v -V          verbose; -V traces every SCSI command\n"
"  -s             silent: no progress line\n"
"\n"
"Audio and mixed CDs (cdrecord's track list; a .cue or .toc file as IMAGE):\n"
"  -audio -data -mode2 -xa -xa1 -xa2   the type of the tracks that follow\n"
"  -swab -pad -nopad -preemp -nopreemp -copy -nocopy -scms   for the tracks that follow\n"
"  pregap=N isrc=CODE index=0,N,... padsize=N   for the next track only\n"
"  mcn=DIGITS -text textfile=FILE -useinfo cuefile=FILE   for the disc\n"
"\n"
"Rewritable media:\n"
"  blank=TYPE     blank a CD-RW/DVD-RW first (blank=help lists types)\n"
"  -format, format=TYPE   format DVD+RW, DVD-RW (ro, seq), BD-RE (spare, nospare)\n"
"\n"
"Duplication:\n"
"  dev=a,b,...    several drives at once from one read of the image (a comma\n"
"                 separates drives where a path or a backend's prefix starts)\n"
"  --drive DEV    one more drive, whatever its name holds (b,t,l, commas)\n"
"  --all-drives   every recorder found\n"
"  --copies N     N discs per drive (eject, wait for the next blank, repeat)\n"
"  --journal F    record every disc; rerunning the command resumes the job\n"
"  --wait-disc S  how long a drive waits for its next blank disc (default 600)\n"
"\n"
"Stations (many machines, one job, through PostgreSQL; DB = a libpq connection\n"
"string or URI, @FILE holding one, or - for PGHOST/PGSERVICE/.pgpass):\n"
"  --submit DB IMAGE-OR-URL --copies N [--verify] [--sha256 HEX | --checksum-file F]\n"
"                 [--label TEXT] [--priority P]      add a job of N copies\n"
"  --station DB dev=a,b | --all-drives [--name NAME] [--cache DIR] [--lease S]\n"
"                 [--until-idle] [--wait-disc S]     burn the jobs' copies here\n"
"  --status DB [--json]    jobs, stations, drives and their failures\n"
"  --cancel DB JOB, --pause DB JOB, --resume DB JOB, --set-priority DB JOB P\n"
"\n"
"discburn additions:\n"
"  --verify             read the disc back and compare with the image\n"
"  --sha256 HEX         stop before closing the track if the image's SHA-256 differs\n"
"  --checksum-file F    take the expected SHA-256 from a SHA256SUMS-style file\n"
"  --json               NDJSON events on stdout for scripts\n"
"  --report FILE        after the burn, FILE.svg (speed, buffers, BURN-Free, errors)\n"
"                       and FILE.html (the picture and the burn's facts)\n"
"  --report-axis lba|time   the picture over the disc's LBAs (default) or time\n"
"  -inspect IMAGE       describe an image (format, size, boot records, fit)\n"
"\n"
"Reading discs (readom's names where it has them):\n"
"  f=FILE               read the disc into FILE, exactly its image (\"-\" = stdout)\n"
"  retries=N -noerror   tries per bad sector (default 16); read on past bad ones\n"
"  sectors=A-B session=N ts=SIZE   a range (B not read), one session, bytes per READ\n"
"  map=FILE             the map a rerun continues from (default FILE.map)\n"
"  speed=N              with f=, --check: the read speed in x\n"
"  --check [IMAGE]      compare the disc with IMAGE and/or --sha256/--checksum-file\n"
"  -inspect (dev=)      describe the disc in the drive\n"
"  --from DEV           copy the disc in DEV onto the discs in dev= (disc to disc)\n"
"\n"
"Actions: -minfo -checkdrive -inq -msinfo -toc -atip -prcap -scanbus --devices\n"
"         --disc-types (what discburn does with each kind of disc)\n"
"         -eject -load -lock -unlock -version -help\n"
"Environment: CDR_DEVICE, CDR_SPEED, CDR_FIFOSIZE; defaults and dev= aliases from\n"
"  /etc/default/cdrecord or /etc/wodim.conf. cdrecord's other options: see\n"
"  cdrecord-compat.md in discburn's documentation (each is done, warned about,\n"
"  or refused).\n"
"Exit codes: 0 ok, 2 usage, 3 no device, 4 permission/busy, 5 not a recorder,\n"
"  6 media unsuitable, 7 does not fit, 8 bad image, 9 failed before writing (disc\n"
"  untouched), 10 write failed, 11 verify mismatch, 12 checksum mismatch,\n"
"  13 interrupted, 14 some copies failed, 15 blank/format failed, 16 the disc\n"
"  holds data (use -force), 17 the drive cannot do it, 18 the job database cannot\n"
"  be reached or refused, 19 sectors stayed unreadable (a rerun retries only\n"
"  those). See discburn(1).\n");
}

/* -V: one line per command, written whole so that the drives of a job do
 * not interleave theirs; prefixed with the drive when several burn. */
static void trace(void *ctx, const struct scsi_cmd *c, int rc)
{
	const char *dev = ctx;
	char line[512];
	size_t n = 0;
#define PUT(...) (n += (size_t)snprintf(line + n, n < sizeof(line) ? sizeof(line) - n : 0, \
				       __VA_ARGS__))
	if (dev)
		PUT("[%s] ", dev);
	PUT("SCSI %-28s cdb", device_opcode_name(c->cdb[0]));
	for (unsigned i = 0; i < c->cdb_len; i++)
		PUT(" %02x", c->cdb[i]);
	if (rc < 0)
		PUT(" -> transport error %d\n", rc);
	else if (c->status == SCSI_STATUS_CHECK_CONDITION && c->sense_len >= 14)
		PUT(" -> CHECK CONDITION %X/%02X/%02X\n", c->sense[2] & 0x0F, c->sense[12],
		    c->sense[13]);
	else
		PUT(" -> status 0x%02x, %u bytes\n", c->status, c->data_len - c->resid);
#undef PUT
	fputs(line, stderr);
}

int cli_open(struct cli *c, const char *dev, unsigned flags, struct device **d,
	     struct db_error *err)
{
	c->dev = dev;
	int rc = device_open(dev, flags, d, err);
	if (rc < 0)
		return rc;
	device_set_cancel(*d, &c->cancel);
	device_set_min_timeout(*d, c->o->timeout * 1000u);
	if (c->o->scsi_trace)
		device_set_trace(*d, trace, c->many_drives ? (void *)dev : NULL);
	return 0;
}

static int do_blank_action(struct cli *c)
{
	struct device *d;
	struct db_error err;
	if (cli_open(c, c->o->dev[0], 0, &d, &err) < 0) {
		int code = msg_exit_code(&err, MSG_BLANK);
		cli_error(c, &err, code);
		cli_done(c, code, NULL);
		return code;
	}
	int code = cli_blank_format(c, d);
	if (code == EXIT_OK && c->o->eject)
		drive_start_stop(d, false, true, &err);
	cli_done(c, code, NULL);
	device_close(d);
	return code;
}

static void blank_help(const struct cli *c)
{
	static const char *const text[] = {
		"blank the entire disc", "minimally blank the disc (PMA, TOC, pregap)",
		"blank the last track", "unreserve a track", "blank the tail of the last track",
		"unclose the last session", "blank the last session",
	};
	if (!c->json)
		printf("Blanking options (blank=TYPE), for CD-RW and DVD-RW:\n");
	for (unsigned i = 0; i < blank_nkinds; i++) {
		if (c->json) {
			struct json j;
			json_begin(&j, "blank-type");
			json_str(&j, "name", blank_kinds[i].name);
			json_str(&j, "description", text[blank_kinds[i].type]);
			json_end(&j, stdout);
		} else {
			printf("\t%-10s %s\n", blank_kinds[i].name, text[blank_kinds[i].type]);
		}
	}
}

/* -help with --json: the same text as one event */
static void usage_json(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (m) {
		usage(m);
		fclose(m);
	}
	struct json j;
	json_begin(&j, "help");
	json_str(&j, "usage", text ? text : "");
	json_end(&j, stdout);
	free(text);
}

/* -version with --json */
static void version_json(void)
{
	const char *names[16];
	size_t n = 0;
	for (const struct transport_ops *const *b = device_backends; *b && n < 16; b++)
		names[n++] = (*b)->name;
	struct json j;
	json_begin(&j, "version");
	json_str(&j, "program", "discburn");
	json_str(&j, "version", PACKAGE_VERSION);
	json_str_array(&j, "backends", names, n);
	json_str(&j, "sha256", sha256_impl());
	json_end(&j, stdout);
}

static void driveropts_help(const struct cli *c)
{
	if (!c->json)
		printf("Driver options (driveropts=OPT,OPT...):\n");
	for (const struct driveropt *d = driveropts_known; d->name; d++) {
		const char *text = d->text ? d->text
					   : "cdrecord's; accepted, and ignored with a warning";
		if (c->json) {
			struct json j;
			json_begin(&j, "driver-option");
			json_str(&j, "name", d->name);
			json_str(&j, "description", text);
			json_bool(&j, "set", d->text != NULL);
			json_end(&j, stdout);
		} else {
			printf("\t%-16s %s\n", d->name, text);
		}
	}
}

/* The options' warnings (options.h), each once, before the action. */
static void option_warnings(struct cli *c)
{
	for (unsigned i = 0; i < c->o->nwarn; i++) {
		if (c->json) {
			struct json j;
			json_begin(&j, "warning");
			if (c->o->ndev)
				json_str(&j, "device", c->o->dev[0]);
			json_str(&j, "message", c->o->warn[i]);
			json_end(&j, stdout);
		} else {
			fprintf(stderr, "discburn: warning: %s.\n", c->o->warn[i]);
		}
	}
}

/* -waiti: no drive is opened before standard input has something to read
 * (or has ended), as cdrecord does for a pipe that starts late. */
static void wait_input(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	while (poll(&p, 1, -1) < 0 && errno == EINTR && !atomic_load(&signal_cli->cancel))
		;
}

struct inspect_ctx {
	struct json *j;         /* NULL: text */
};

static int inspect_kv(void *ctx, const struct fact *f)
{
	struct inspect_ctx *ic = ctx;
	if (!ic->j) {
		if (f->type == FACT_U64)
			printf("%-28s %llu\n", f->key, (unsigned long long)f->u64);
		else if (f->type == FACT_BOOL)
			printf("%-28s %s\n", f->key, f->b ? "true" : "false");
		else
			printf("%-28s %s\n", f->key, f->str);
		return 0;
	}
	cli_json_fact(ic->j, f);
	return 0;
}

/* SHA-256 of the whole image, read through its one descriptor. */
static int image_sha256(const struct image *im, char hex[65], struct db_error *err)
{
	struct sha256 ctx;
	sha256_init(&ctx);
	static uint8_t buf[1 << 20];
	for (uint64_t off = 0; off < im->file_size;) {
		size_t want = im->file_size - off < sizeof(buf) ? (size_t)(im->file_size - off)
								 : sizeof(buf);
		ssize_t n = pread(im->fd, buf, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sha256_discard(&ctx);
			return db_fail(err, DB_R_STREAM_READ, .subject = im->name, .n1 = off,
				       .os_errno = n < 0 ? errno : EIO);
		}
		sha256_update(&ctx, buf, (size_t)n);
		off += (uint64_t)n;
	}
	uint8_t d[SHA256_DIGEST_LEN];
	sha256_final(&ctx, d);
	sha256_to_hex(d, hex);
	return 0;
}

/* -inspect of a cue sheet or cdrdao TOC file: its layout and every
 * problem with it. */
static int inspect_sheet(struct cli *c, bool toc)
{
	const struct options *o = c->o;
	struct layout *l = malloc(sizeof(*l));
	struct layout_problems *pr = calloc(1, sizeof(*pr));
	if (!l || !pr) {
		free(l);
		free(pr);
		return EXIT_FAILURE_OTHER;
	}
	struct db_error err;
	(void)toc;
	int rc = cli_sheet_layout(o, l, pr, &err);
	int code = EXIT_OK;
	if (rc < 0 && !pr->n) {         /* the sheet itself could not be read */
		code = msg_exit_code(&err, MSG_BURN);
		cli_error(c, &err, code);
	} else {
		struct json j;
		struct inspect_ctx ic = { c->json ? &j : NULL };
		if (c->json) {
			json_begin(&j, "inspect");
			json_str(&j, "image", cli_sheet_name(o));
		}
		layout_report(l, pr, inspect_kv, &ic);
		inspect_kv(&ic, &(struct fact){ .key = "burnable", .type = FACT_BOOL, .b = rc == 0 });
		if (c->json)
			json_end(&j, stdout);
		for (unsigned i = 0; i < pr->n; i++) {
			code = i ? code : msg_exit_code(&pr->e[i], MSG_BURN);
			cli_error(c, &pr->e[i], msg_exit_code(&pr->e[i], MSG_BURN));
		}
	}
	layout_free(l);
	free(l);
	free(pr);
	return code;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && !strcasecmp(s + n - k, suffix);
}

static int do_inspect(struct cli *c)
{
	const struct options *o = c->o;
	if (cli_sheet(o))
		return inspect_sheet(c, has_suffix(o->image, ".toc"));
	struct db_error err;
	struct image *im = NULL;
	int code = EXIT_OK;
	char expect[65], have[65] = "";
	if (image_open(o->image, 0, &im, &err) < 0 || image_inspect(im, &err) < 0 ||
	    cli_expected_digest(c, expect, &err) < 0 ||
	    (expect[0] && image_sha256(im, have, &err) < 0)) {
		code = msg_exit_code(&err, MSG_BURN);
		cli_error(c, &err, code);
		image_close(im);
		return code;
	}
	const struct iso_report *r = im->report;
	struct json j;
	struct inspect_ctx ic = { c->json ? &j : NULL };
	if (c->json) {
		json_begin(&j, "inspect");
		json_str(&j, "image", o->image);
	}
	iso_report_emit(r, inspect_kv, &ic);
	bool match = expect[0] && !strcmp(expect, have);
	if (expect[0])
		inspect_kv(&ic, &(struct fact){ .key = "sha256.match", .type = FACT_BOOL,
					       .b = match });
	struct db_error verdict;
	bool burnable = iso_preflight(r, 0, &verdict) == 0;
	inspect_kv(&ic, &(struct fact){ .key = "burnable", .type = FACT_BOOL, .b = burnable });
	if (c->json)
		json_end(&j, stdout);
	if (!burnable) {
		code = msg_exit_code(&verdict, MSG_BURN);
		cli_error(c, &verdict, code);
	} else if (expect[0] && !match) {
		db_fail(&err, DB_R_CHECKSUM_MISMATCH, .subject = o->image, .other = have,
			.what = expect);
		code = EXIT_CHECKSUM;
		cli_error(c, &err, code);
	}
	image_close(im);
	return code;
}

static int do_device_action(struct cli *c)
{
	const struct options *o = c->o;
	struct device *d;
	struct db_error err;
	int rc = cli_open(c, o->dev[0], o->action == ACT_FIX ? 0 : TRANSPORT_READONLY, &d, &err);
	if (rc < 0) {
		int code = msg_exit_code(&err, MSG_INFO);
		cli_error(c, &err, code);
		return code;
	}
	int code;
	/* Every MMC question waits until INQUIRY said the device is one (a
	 * disk is not asked READ DISC INFORMATION); -checkdrive describes any
	 * device, and the tray commands pass the gate themselves. */
	if (o->action == ACT_MINFO || o->action == ACT_MSINFO || o->action == ACT_TOC ||
	    o->action == ACT_ATIP || o->action == ACT_PRCAP) {
		if (device_gate_mmc(d, &err) < 0) {
			code = msg_exit_code(&err, MSG_INFO);
			cli_error(c, &err, code);
			device_close(d);
			return code;
		}
	}
	switch (o->action) {
	case ACT_MINFO: code = cli_minfo(c, d); break;
	case ACT_CHECKDRIVE: code = cli_checkdrive(c, d); break;
	case ACT_MSINFO: code = cli_msinfo(c, d); break;
	case ACT_TOC: code = cli_toc(c, d); break;
	case ACT_ATIP: code = cli_atip(c, d); break;
	case ACT_PRCAP: code = cli_prcap(c, d); break;
	case ACT_FIX: code = cli_fix(c, d); break;
	default: code = cli_tray(c, d, o->action); break;
	}
	device_close(d);
	return code;
}

int main(int argc, char **argv)
{
	struct options o;
	static struct cdr_defaults defaults;
	cdr_defaults_load(&defaults);
	struct options_env env = {
		getenv("CDR_DEVICE"), getenv("CDR_SPEED"), getenv("CDR_FIFOSIZE"), &defaults,
	};
	static struct cli c;
	char why[512];
	c.o = &o;
	c.tty = isatty(STDERR_FILENO);
	c.out_tty = isatty(STDOUT_FILENO);
	if (options_parse(argc, argv, &env, &o, why, sizeof(why)) < 0) {
		for (int i = 1; i < argc; i++)
			if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-json"))
				c.json = true;
		cli_usage_error(&c, why);
		return EXIT_USAGE;
	}
	c.json = o.json;
	c.verbose = o.verbose;
	if (c.json)
		c.tty = c.out_tty = false;
	signal_cli = &c;
	catch_signals();
	option_warnings(&c);

	switch (o.action) {
	case ACT_HELP:
		if (c.json)
			usage_json();
		else
			usage(stdout);
		return EXIT_OK;
	case ACT_VERSION:
		if (c.json)
			version_json();
		else
			version(argv[0]);
		return EXIT_OK;
	case ACT_DEVICES:
		return cli_devices(&c);
	case ACT_DISC_TYPES:
		return cli_disc_types(&c);
	case ACT_BURN:
		if (o.waiti && !strcmp(o.image, "-"))
			wait_input();
		return cli_burn(&c);
	case ACT_BLANK:
	case ACT_FORMAT:
		return do_blank_action(&c);
	case ACT_BLANK_HELP:
		blank_help(&c);
		return EXIT_OK;
	case ACT_DRIVEROPTS_HELP:
		driveropts_help(&c);
		return EXIT_OK;
	case ACT_NOTHING:
		return EXIT_OK;         /* its warning said why */
	case ACT_INSPECT:
		return o.inspect_disc ? cli_inspect_disc(&c) : do_inspect(&c);
	case ACT_READ:
		return cli_read(&c);
	case ACT_CHECK:
		return cli_check(&c);
	case ACT_SUBMIT:
	case ACT_STATION:
	case ACT_STATUS:
	case ACT_JOB_CANCEL:
	case ACT_JOB_PAUSE:
	case ACT_JOB_RESUME:
	case ACT_JOB_PRIORITY:
		return cli_station(&c);
	case ACT_NONE:
		if (c.json) {
			cli_usage_error(&c, "nothing to do: give an image to burn, or an action "
					"such as -minfo; see discburn -help");
			return EXIT_USAGE;
		}
		usage(stderr);
		return EXIT_USAGE;
	default:
		return do_device_action(&c);
	}
}
