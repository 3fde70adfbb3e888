/* main.c — discburn's entry point: parse, dispatch, exit with a documented code. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "burn.h"
#include "cli.h"
#include "device.h"
#include "exitcodes.h"
#include "options.h"

static struct cli *signal_cli;

static void on_signal(int sig)
{
	/* First Ctrl-C: stop cleanly (the drive finishes its command, the disc
	 * state is reported). Second: the default action. */
	atomic_store(&signal_cli->cancel, 1);
	signal(sig, SIG_DFL);
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: discburn [options] dev=DEVICE IMAGE        burn IMAGE (\"-\" = stdin, needs tsize=)\n"
"       discburn [options] dev=DEVICE ACTION       -minfo, -checkdrive, -msinfo, ...\n"
"       discburn --devices                         list recorders\n"
"\n"
"Devices (dev=):\n"
"  /dev/sr0, /dev/sg3, /dev/cdrom, b,t,l   Linux SG_IO\n"
"  cdio:/dev/sr0                           libcdio pass-through\n"
"  iscsi://host[:port]/target-iqn/lun      a drive exported over iSCSI\n"
"  emu:[KIND:][OPT=VAL:...]FILE            the built-in recorder emulator; KIND is\n"
"                                          cd-r cd-rw dvd-r dvd-rw dvd-rw-ro dvd+r dvd+rw\n"
"                                          dvd+r-dl bd-r bd-re (see README)\n"
"\n"
"Burn options (cdrecord compatible):\n"
"  speed=N        write speed in x (CD/DVD/BD units); default the fastest\n"
"  -dummy         simulate (CD-R/RW, DVD-R/RW only; refused elsewhere)\n"
"  -tao -sao -dao write mode; default chosen from the media\n"
"  -multi         leave the disc appendable for another session\n"
"  -eject         eject the disc afterwards\n"
"  -pad padsize=N add N (default 15) zero sectors after the image\n"
"  -overburn      allow writing past the official capacity (CD)\n"
"  -data          data track (mode 1), the default\n"
"  fs=SIZE        FIFO size (e.g. 32m); default ~4 s of writing\n"
"  tsize=SIZE     image size for stdin (bytes, or with k/m/g/s suffix)\n"
"  gracetime=N    wait N seconds before writing (Ctrl-C aborts)\n"
"  driveropts=burnfree|noburnfree   buffer underrun protection (default on)\n"
"  timeout=N      per-command timeout in seconds\n"
"  -force         overwrite a rewritable disc that holds data; burn a file that\n"
"                 does not look like a disc image\n"
"  -v -V          verbose; -V traces every SCSI command\n"
"  -s             silent: no progress line\n"
"\n"
"discburn additions:\n"
"  --verify             read the disc back and compare with the image\n"
"  --sha256 HEX         stop before closing the track if the image's SHA-256 differs\n"
"  --checksum-file F    take the expected SHA-256 from a SHA256SUMS-style file\n"
"  --json               NDJSON events on stdout for scripts\n"
"  -inspect IMAGE       describe an image (format, size, boot records, fit)\n"
"\n"
"Actions: -minfo -checkdrive -inq -msinfo -toc -atip -prcap -scanbus --devices\n"
"         -eject -load -lock -unlock -version -help\n"
"Environment: CDR_DEVICE, CDR_SPEED, CDR_FIFOSIZE.\n"
"Exit codes: 0 ok, 2 usage, 3 no device, 4 permission/busy, 5 not a recorder,\n"
"  6 media unsuitable, 7 does not fit, 8 bad image, 9 failed before writing (disc\n"
"  untouched), 10 write failed, 11 verify mismatch, 12 checksum mismatch,\n"
"  13 interrupted, 14 some copies failed, 15 blank/format failed.\n");
}

static void trace(void *ctx, const struct scsi_cmd *c, int rc)
{
	(void)ctx;
	fprintf(stderr, "SCSI %-28s cdb", device_opcode_name(c->cdb[0]));
	for (unsigned i = 0; i < c->cdb_len; i++)
		fprintf(stderr, " %02x", c->cdb[i]);
	if (rc < 0)
		fprintf(stderr, " -> transport error %d\n", rc);
	else if (c->status == SCSI_STATUS_CHECK_CONDITION && c->sense_len >= 14)
		fprintf(stderr, " -> CHECK CONDITION %X/%02X/%02X\n",
			c->sense[2] & 0x0F, c->sense[12], c->sense[13]);
	else
		fprintf(stderr, " -> status 0x%02x, %u bytes\n", c->status,
			c->data_len - c->resid);
}

int cli_open(struct cli *c, const char *dev, unsigned flags, struct device **d,
	     struct db_error *err)
{
	c->dev = dev;
	int rc = device_open(dev, flags, d, err);
	if (rc < 0)
		return rc;
	device_set_cancel(*d, &c->cancel);
	if (c->o->scsi_trace)
		device_set_trace(*d, trace, c);
	return 0;
}

static int do_burn(struct cli *c)
{
	const struct options *o = c->o;
	struct device *d;
	struct db_error err;
	struct burn_stats st;
	memset(&st, 0, sizeof(st));
	enum burn_stage stage = STAGE_PREFLIGHT;

	if (o->ndev > 1 || o->copies > 1 || o->all_drives) {
		cli_usage_error(c, "several drives and --copies are not available yet");
		return EXIT_USAGE;
	}
	int rc = cli_open(c, o->dev[0], 0, &d, &err);
	if (rc < 0) {
		int code = cli_exit_code(&err, STAGE_PREFLIGHT);
		cli_error(c, &err, code);
		cli_done(c, code, NULL);
		return code;
	}
	struct burn_params p = {
		.image = o->image, .tsize = o->tsize, .speed = o->speed,
		.dummy = o->dummy, .multi = o->multi, .pad = o->pad, .overburn = o->overburn,
		.force = o->force, .verify = o->verify, .burnfree = o->burnfree,
		.eject = o->eject, .mode = o->mode, .padsize = o->padsize,
		.fifo_size = o->fifo_size, .gracetime = o->gracetime, .timeout_s = o->timeout,
		.expect_sha256 = o->sha256, .cancel = &c->cancel,
	};
	struct burn_events ev = { cli_burn_event, c };
	rc = burn_run(d, &p, &ev, &st, &stage, &err);
	int code = EXIT_OK;
	if (rc < 0) {
		code = cli_exit_code(&err, stage);
		if (stage == STAGE_WRITING || stage == STAGE_CLOSING) {
			size_t n = strlen(err.msg);
			snprintf(err.msg + n, sizeof(err.msg) - n, "%s",
				 o->dummy ? "; it was a simulation, the disc is unchanged" :
				 "; the disc was written partly and is probably unusable");
		}
		if (!c->errors || stage != STAGE_PREFLIGHT)
			cli_error(c, &err, code);
	}
	cli_done(c, code, rc < 0 ? NULL : &st);
	device_close(d);
	return code;
}

static int do_device_action(struct cli *c)
{
	const struct options *o = c->o;
	struct device *d;
	struct db_error err;
	int rc = cli_open(c, o->dev[0], TRANSPORT_READONLY, &d, &err);
	if (rc < 0) {
		int code = cli_exit_code(&err, STAGE_PREFLIGHT);
		cli_error(c, &err, code);
		return code;
	}
	int code;
	switch (o->action) {
	case ACT_MINFO: code = cli_minfo(c, d); break;
	case ACT_CHECKDRIVE: code = cli_checkdrive(c, d); break;
	case ACT_MSINFO: code = cli_msinfo(c, d); break;
	case ACT_TOC: code = cli_toc(c, d); break;
	case ACT_ATIP: code = cli_atip(c, d); break;
	case ACT_PRCAP: code = cli_prcap(c, d); break;
	default: code = cli_tray(c, d, o->action); break;
	}
	device_close(d);
	return code;
}

int main(int argc, char **argv)
{
	struct options o;
	struct options_env env = {
		getenv("CDR_DEVICE"), getenv("CDR_SPEED"), getenv("CDR_FIFOSIZE"),
	};
	static struct cli c;
	char why[512];
	c.o = &o;
	c.tty = isatty(STDERR_FILENO);
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
		c.tty = false;
	signal_cli = &c;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);

	switch (o.action) {
	case ACT_HELP:
		usage(stdout);
		return EXIT_OK;
	case ACT_VERSION:
		printf("discburn %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	case ACT_DEVICES:
		return cli_devices(&c);
	case ACT_BURN:
		return do_burn(&c);
	case ACT_BLANK:
	case ACT_FORMAT:
	case ACT_INSPECT:
	case ACT_BLANK_HELP:
		cli_usage_error(&c, "this action is not available yet");
		return EXIT_USAGE;
	case ACT_NONE:
		usage(stderr);
		return EXIT_USAGE;
	default:
		return do_device_action(&c);
	}
}
