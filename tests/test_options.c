/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_options.c — the cdrecord-compatible command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/defaults.h"
#include "cli/options.h"

static int parse(struct options *o, const struct options_env *env, char *why, ...)
{
	char *argv[32] = { "discburn" };
	int argc = 1;
	va_list ap;
	va_start(ap, why);
	for (char *a; (a = va_arg(ap, char *)) && argc < 31;)
		argv[argc++] = a;
	va_end(ap);
	return options_parse(argc, argv, env, o, why, 256);
}

static void cdrecord_burn_line(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "-v", "dev=/dev/sr0", "speed=8", "-eject",
			       "-dummy", "fs=16m", "gracetime=3", "-pad", "debian.iso", NULL), 0);
	assert_int_equal(o.action, ACT_BURN);
	assert_int_equal(o.ndev, 1);
	assert_string_equal(o.dev[0], "/dev/sr0");
	assert_int_equal(o.speed_x10, 80);
	assert_true(o.eject);
	assert_true(o.dummy);
	assert_true(o.pad);
	assert_true(o.burnfree);
	assert_int_equal(o.fifo_size, 16u << 20);
	assert_int_equal(o.gracetime, 3);
	assert_int_equal(o.verbose, 1);
	assert_string_equal(o.image, "debian.iso");
}

static void verbosity_counts(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "-vv", "-v", "-V", "dev=x", "a.iso", NULL), 0);
	assert_int_equal(o.verbose, 3);
	assert_int_equal(o.scsi_trace, 1);
}

static void sizes(void **state)
{
	(void)state;
	uint64_t v;
	assert_int_equal(options_parse_size("4m", &v), 0);
	assert_int_equal(v, 4u << 20);
	assert_int_equal(options_parse_size("300s", &v), 0);
	assert_int_equal(v, 300u * 2048);
	assert_int_equal(options_parse_size("1g", &v), 0);
	assert_int_equal(v, 1ull << 30);
	assert_int_equal(options_parse_size("12", &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(options_parse_size("12q", &v), -1);
	assert_int_equal(options_parse_size("", &v), -1);
	assert_int_equal(options_parse_size("-1", &v), -1);
	assert_int_equal(options_parse_size("99999999999999999999", &v), -1);
}

static void speed_forms(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "speed=16x", "a.iso", NULL), 0);
	assert_int_equal(o.speed_x10, 160);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "speed=4.0", "a.iso", NULL), 0);
	assert_int_equal(o.speed_x10, 40);
	/* a speed -minfo lists: tenths of x */
	assert_int_equal(parse(&o, NULL, why, "dev=x", "speed=2.4", "a.iso", NULL), 0);
	assert_int_equal(o.speed_x10, 24);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "speed=2.45", "a.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "speed=fast", "a.iso", NULL), -1);
	assert_non_null(strstr(why, "speed=fast"));
}

static void environment(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	struct options_env env = { "emu:dvd+r:/tmp/x", "4", "8m", NULL };
	assert_int_equal(parse(&o, &env, why, "a.iso", NULL), 0);
	assert_string_equal(o.dev[0], "emu:dvd+r:/tmp/x");
	assert_int_equal(o.speed_x10, 40);
	assert_int_equal(o.fifo_size, 8u << 20);
	/* the command line wins over the environment */
	assert_int_equal(parse(&o, &env, why, "dev=/dev/sr1", "speed=2", "a.iso", NULL), 0);
	assert_string_equal(o.dev[0], "/dev/sr1");
	assert_int_equal(o.speed_x10, 20);
}

static void several_devices(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0,/dev/sr1", "a.iso", NULL), 0);
	assert_int_equal(o.ndev, 2);
	assert_string_equal(o.dev[1], "/dev/sr1");
	/* a repeated dev= takes the last, as cdrecord does, and says so */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0,/dev/sr1", "dev=/dev/sr2", "a.iso",
			       NULL), 0);
	assert_int_equal(o.ndev, 1);
	assert_string_equal(o.dev[0], "/dev/sr2");
	assert_int_equal(o.nwarn, 1);
	assert_non_null(strstr(o.warn[0], "the last (dev=/dev/sr2) is used"));
	/* --drive adds drives, whatever their names hold */
	assert_int_equal(parse(&o, NULL, why, "--drive", "1,0,0", "--drive", "emu:/t/a,/b",
			       "dev=/dev/sr1", "a.iso", NULL), 0);
	assert_int_equal(o.ndev, 3);
	assert_string_equal(o.dev[0], "/dev/sr1");
	assert_string_equal(o.dev[1], "1,0,0");
	assert_string_equal(o.dev[2], "emu:/t/a,/b");
}

/* cdrecord's b,t,l is one device; commas in an emulator's file name stay */
static void btl_is_one_device(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	const char *one[] = { "dev=0,0,0", "dev=ATA:1,2,0", "dev=ATAPI:0,1,0",
			      "dev=emu:cd-r:/tmp/a,b.img", "dev=emu:/tmp/x,1,2" };
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		assert_int_equal(parse(&o, NULL, why, (char *)one[i], "-minfo", NULL), 0);
		assert_int_equal(o.ndev, 1);
		assert_string_equal(o.dev[0], one[i] + 4);
	}
	struct options_env env = { "0,0,0", NULL, NULL, NULL };
	assert_int_equal(parse(&o, &env, why, "-minfo", NULL), 0);
	assert_int_equal(o.ndev, 1);
	assert_string_equal(o.dev[0], "0,0,0");
	/* an emulator list still splits where a new device starts */
	assert_int_equal(parse(&o, NULL, why, "dev=emu:cd-r:/t/a,x.img,emu:cd-r:/t/b,/dev/sr1",
			       "a.iso", NULL), 0);
	assert_int_equal(o.ndev, 3);
	assert_string_equal(o.dev[0], "emu:cd-r:/t/a,x.img");
	assert_string_equal(o.dev[1], "emu:cd-r:/t/b");
	assert_string_equal(o.dev[2], "/dev/sr1");
	/* a b,t,l in a list is ambiguous: refused, pointing at --drive */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0,1,0,0", "a.iso", NULL), -1);
	assert_non_null(strstr(why, "--drive"));
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0,,/dev/sr1", "a.iso", NULL), -1);
	/* one drive named twice is not two copies */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0,/dev/sr0", "a.iso", NULL), -1);
	assert_non_null(strstr(why, "named twice"));
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--drive", "/dev/sr0", "a.iso",
			       NULL), -1);
}

/* /etc/default/cdrecord: the defaults and the aliases, below the command line
 * and the environment */
static void defaults_file(void **state)
{
	(void)state;
	static struct cdr_defaults d;
	assert_int_equal(cdr_defaults_parse("# comment\n"
					    "CDR_DEVICE=teac\n"
					    "CDR_SPEED=12\n"
					    "CDR_FIFOSIZE=8m\n"
					    "CDR_MAXFIFOSIZE=64m\n"
					    "teac=\t1,3,0\t-1\t4m\tnoburnfree\n"
					    "plex= /dev/sr1 16 -1 \"\"\n"
					    "yama= \"/dev/sr2\" -1 -1 \"burnfree,varirec=-2\"\n"
					    "cdrom= -1 -1 -1 noburnfree\n"
					    "broken\n", &d), 1);
	assert_int_equal(d.nalias, 4);
	assert_string_equal(d.alias[1].driveropts, "");
	assert_string_equal(d.alias[2].dev, "/dev/sr2");
	assert_string_equal(d.alias[2].driveropts, "burnfree,varirec=-2");
	struct options o;
	char why[256];
	struct options_env env = { NULL, NULL, NULL, &d };
	assert_int_equal(parse(&o, &env, why, "a.iso", NULL), 0);
	assert_int_equal(o.ndev, 1);
	assert_string_equal(o.dev[0], "1,3,0");         /* the alias's device */
	assert_int_equal(o.speed_x10, 120);              /* -1: the file's CDR_SPEED */
	assert_int_equal(o.fifo_size, 4u << 20);         /* the alias's before the file's */
	assert_false(o.burnfree);
	assert_true(o.dev_from_env);
	/* an alias of device -1 is settings only: no device named */
	assert_int_equal(parse(&o, &env, why, "dev=cdrom", "a.iso", NULL), -1);
	assert_non_null(strstr(why, "no device given"));
	assert_int_equal(parse(&o, &env, why, "dev=plex", "a.iso", NULL), 0);
	assert_string_equal(o.dev[0], "/dev/sr1");
	assert_int_equal(o.speed_x10, 160);
	assert_int_equal(o.fifo_size, 8u << 20);
	assert_true(o.burnfree);
	/* the command line and the environment win */
	struct options_env env2 = { "plex", "2", NULL, &d };
	assert_int_equal(parse(&o, &env2, why, "fs=1m", "driveropts=burnfree", "a.iso", NULL), 0);
	assert_string_equal(o.dev[0], "/dev/sr1");
	assert_int_equal(o.speed_x10, 20);
	assert_int_equal(o.fifo_size, 1u << 20);
	assert_int_equal(parse(&o, &env2, why, "dev=/dev/sr3", "speed=4", "a.iso", NULL), 0);
	assert_string_equal(o.dev[0], "/dev/sr3");
	assert_int_equal(o.speed_x10, 40);
}

/* CDR_SPEED that is not a speed stops a burn, not -version or an info command */
static void bad_environment(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	struct options_env env = { "/dev/sr0", "abc", NULL, NULL };
	assert_int_equal(parse(&o, &env, why, "-version", NULL), 0);
	assert_int_equal(o.nwarn, 1);
	assert_int_equal(parse(&o, &env, why, "-minfo", NULL), 0);
	assert_int_equal(parse(&o, &env, why, "a.iso", NULL), -1);
	assert_non_null(strstr(why, "CDR_SPEED gives the speed abc"));
	assert_int_equal(parse(&o, &env, why, "speed=4", "a.iso", NULL), 0);
	assert_int_equal(o.nwarn, 0);
}

/* cdrecord's options that mean nothing here: accepted, each with its line */
static void accepted_with_warning(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	const char *w[] = { "-immed", "-waiti", "minbuf=90", "ts=64k", "-ignsize", "-d",
			    "debug=3", "kdebug=1", "-shorttrack", "-noclose", "-packet",
			    "pktsize=32", "-doorlock", "driveropts=varirec=-2" };
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		assert_int_equal(parse(&o, NULL, why, "dev=x", (char *)w[i], "a.iso", NULL), 0);
		assert_int_equal(o.action, ACT_BURN);
		assert_int_equal(o.nwarn, 1);
	}
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-verbose", "-tsize", "4m", "-", NULL), 0);
	assert_int_equal(o.verbose, 1);
	assert_int_equal(o.tsize, 4u << 20);
	assert_int_equal(parse(&o, NULL, why, "-reset", NULL), 0);
	assert_int_equal(o.action, ACT_NOTHING);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "driveropts=help", "a.iso", NULL), 0);
	assert_int_equal(o.action, ACT_DRIVEROPTS_HELP);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-fix", NULL), 0);
	assert_int_equal(o.action, ACT_FIX);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-msinfo", "msifile=/tmp/m", NULL), 0);
	assert_string_equal(o.msifile, "/tmp/m");
	/* -- ends the options */
	assert_int_equal(parse(&o, NULL, why, "dev=x", "--", "-odd.iso", NULL), 0);
	assert_string_equal(o.image, "-odd.iso");
	/* what would harm the disc is refused */
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-dummy", "blank=fast", NULL), -1);
	/* a size near 2^64 is taken as given: the burn says it fits no disc */
	assert_int_equal(parse(&o, NULL, why, "dev=x", "tsize=18446744073709551615", "-", NULL),
			 0);
	assert_int_equal(o.tsize, UINT64_MAX);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-isosize", "-", NULL), -1);
}

static void driveropts(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "driveropts=noburnfree", "a.iso", NULL), 0);
	assert_false(o.burnfree);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "driveropts=burnproof", "a.iso", NULL), 0);
	assert_true(o.burnfree);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "driveropts=frobnicate", "a.iso", NULL), -1);
}

static void actions(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-minfo", NULL), 0);
	assert_int_equal(o.action, ACT_MINFO);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-msinfo", NULL), 0);
	assert_int_equal(o.action, ACT_MSINFO);
	assert_int_equal(parse(&o, NULL, why, "--devices", NULL), 0);
	assert_int_equal(o.action, ACT_DEVICES);
	assert_int_equal(parse(&o, NULL, why, "-scanbus", NULL), 0);
	assert_int_equal(o.action, ACT_DEVICES);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-eject", NULL), 0);
	assert_int_equal(o.action, ACT_EJECT);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "blank=fast", NULL), 0);
	assert_int_equal(o.action, ACT_BLANK);
	assert_int_equal(parse(&o, NULL, why, "blank=help", NULL), 0);
	assert_int_equal(o.action, ACT_BLANK_HELP);
	assert_int_equal(parse(&o, NULL, why, "-inspect", "a.iso", NULL), 0);
	assert_int_equal(o.action, ACT_INSPECT);
	assert_string_equal(o.image, "a.iso");
	assert_int_equal(parse(&o, NULL, why, "-inspect", "--json", "a.iso", NULL), 0);
	assert_true(o.json);
	assert_string_equal(o.image, "a.iso");
	assert_int_equal(parse(&o, NULL, why, "-inspect", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "--version", NULL), 0);
	assert_int_equal(o.action, ACT_VERSION);
}

static void discburn_long_options(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "--verify", "--json", "--sha256",
			       "ab", "a.iso", NULL), 0);
	assert_true(o.verify);
	assert_true(o.json);
	assert_string_equal(o.sha256, "ab");
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-verify", "--checksum-file=SUMS",
			       "a.iso", NULL), 0);
	assert_true(o.verify);
	assert_string_equal(o.checksum_file, "SUMS");
}

static void refusals(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "a.iso", NULL), -1);
	assert_non_null(strstr(why, "dev="));
	assert_int_equal(parse(&o, NULL, why, "dev=x", NULL), -1);
	assert_non_null(strstr(why, "nothing to do"));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-", NULL), -1);
	assert_non_null(strstr(why, "tsize="));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "a.iso", "b.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-frobnicate", "a.iso", NULL), -1);
	assert_non_null(strstr(why, "-frobnicate"));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-raw96r", "a.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-minfo", "a.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-minfo", "-toc", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "fs=1k", "a.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "--sha256", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "--sha256", "a", "--checksum-file",
			       "b", "a.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=a,b", "-minfo", NULL), -1);
}

static void stdin_with_tsize(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "tsize=300s", "-", NULL), 0);
	assert_string_equal(o.image, "-");
	assert_int_equal(o.tsize, 300u * 2048);
}

static void modes_and_padsize(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-sao", "padsize=30", "a.iso", NULL), 0);
	assert_int_equal(o.mode, MODE_SAO);
	assert_true(o.pad);
	assert_int_equal(o.padsize, 30);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-dao", "padsize=64k", "a.iso", NULL), 0);
	assert_int_equal(o.mode, MODE_SAO);
	assert_int_equal(o.padsize, 32);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-tao", "a.iso", NULL), 0);
	assert_int_equal(o.mode, MODE_TAO);
}

/* Reading discs: readom's option names, --check, -inspect of a disc, --from. */
static void reading_discs(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=disc.iso", "retries=3",
			       "-noerror", "speed=4", "sectors=16-1000", "ts=64k", NULL), 0);
	assert_int_equal(o.action, ACT_READ);
	assert_string_equal(o.read_file, "disc.iso");
	assert_true(o.retries_given);
	assert_int_equal(o.retries, 3);
	assert_true(o.noerror);
	assert_int_equal(o.speed_x10, 40);
	assert_true(o.sectors_given);
	assert_int_equal(o.sector_start, 16);
	assert_int_equal(o.sector_end, 1000);
	assert_int_equal(o.transfer_blocks, 32);
	assert_null(o.image);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=-", "session=2", "map=m", NULL),
			 -1);
	assert_non_null(strstr(why, "standard output"));
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=d.iso", "session=2",
			       "map=d.map", NULL), 0);
	assert_int_equal(o.session, 2);
	assert_string_equal(o.read_map, "d.map");
	/* CDR_DEVICE names the drive, as for readom */
	struct options_env env = { .cdr_device = "/dev/sr1" };
	assert_int_equal(parse(&o, &env, why, "f=x.iso", NULL), 0);
	assert_string_equal(o.dev[0], "/dev/sr1");
	/* --check with an image, or a checksum alone */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--check", "a.iso", NULL), 0);
	assert_int_equal(o.action, ACT_CHECK);
	assert_string_equal(o.image, "a.iso");
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--check", "--checksum-file",
			       "SHA256SUMS", NULL), 0);
	assert_int_equal(o.action, ACT_CHECK);
	assert_null(o.image);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--check", NULL), -1);
	assert_non_null(strstr(why, "--sha256"));
	/* -inspect of the disc in a drive */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "-inspect", NULL), 0);
	assert_int_equal(o.action, ACT_INSPECT);
	assert_true(o.inspect_disc);
	assert_int_equal(parse(&o, NULL, why, "-inspect", NULL), -1);
	/* disc to disc */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr1,/dev/sr2", "--from", "/dev/sr0",
			       "--copies", "2", "retries=2", NULL), 0);
	assert_int_equal(o.action, ACT_BURN);
	assert_string_equal(o.from, "/dev/sr0");
	assert_int_equal(o.ndev, 2);
	assert_int_equal(o.copies, 2);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr1", "--from", "/dev/sr0", "a.iso",
			       NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr1", "--from", "/dev/sr0", "session=1",
			       NULL), -1);
	/* refused */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "retries=2", "a.iso", NULL), -1);
	assert_non_null(strstr(why, "reading a disc"));
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=x", "sectors=5-5", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=x", "sectors=5", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=x", "session=1",
			       "sectors=0-9", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=x", "a.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0,/dev/sr1", "f=x", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "f=x", NULL), -1);       /* no drive */
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "f=x", "ts=1k", NULL), -1);
}

/* ---- audio and mixed CDs: the track list --------------------------------- */

/* cdrecord's track list: types and flags hold until changed, pregap=,
 * isrc=, index= and padsize= for the next file only, mcn= and CD-TEXT for
 * the disc. */
static void track_list(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-dao", "-text", "textfile=t.cdt",
			       "mcn=0123456789012", "-audio", "isrc=DEA123300001", "pregap=0",
			       "a.wav", "-preemp", "-copy", "index=0,750", "b.flac", "-nopreemp",
			       "-swab", "-pad", "padsize=30", "c.raw", "-data", "-nopad", "x.iso",
			       "-xa2", "v.bin", NULL), 0);
	const struct opt_tracks *t = &o.tracks;
	assert_int_equal(o.action, ACT_BURN);
	assert_int_equal(o.mode, MODE_SAO);
	assert_true(t->list);
	assert_int_equal(t->n, 5);
	assert_string_equal(o.image, "a.wav");
	assert_true(t->text);
	assert_string_equal(t->textfile, "t.cdt");
	assert_string_equal(t->mcn, "0123456789012");
	assert_string_equal(t->t[0].path, "a.wav");
	assert_int_equal(t->t[0].mode, OPT_TRACK_AUDIO);
	assert_string_equal(t->t[0].isrc, "DEA123300001");
	assert_int_equal(t->t[0].pregap, 0);
	assert_false(t->t[0].preemp);
	assert_int_equal(t->t[1].mode, OPT_TRACK_AUDIO);
	assert_null(t->t[1].isrc);              /* the next file's only */
	assert_int_equal(t->t[1].pregap, -1);
	assert_true(t->t[1].preemp);
	assert_true(t->t[1].copy);
	assert_string_equal(t->t[1].index, "0,750");
	assert_false(t->t[2].preemp);
	assert_true(t->t[2].copy);              /* until -nocopy */
	assert_true(t->t[2].swab);
	assert_true(t->t[2].pad);
	assert_int_equal(t->t[2].padsize, 30);
	assert_null(t->t[2].index);
	assert_int_equal(t->t[3].mode, OPT_TRACK_DATA);
	assert_false(t->t[3].pad);
	assert_int_equal(t->t[3].padsize, 0);
	assert_int_equal(t->t[4].mode, OPT_TRACK_XA2);
}

/* One file with no track option is an image as ever; -data alone keeps it
 * one (an enhanced CD's data session, a mkisofs -C image); a cue or TOC
 * file is a sheet; cuefile= names one. */
static void image_sheet_or_list(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-data", "-pad", "s2.iso", NULL), 0);
	assert_false(o.tracks.list);
	assert_true(o.pad);
	assert_string_equal(o.image, "s2.iso");
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-audio", "a.wav", NULL), 0);
	assert_true(o.tracks.list);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-data", "a.iso", "b.iso", NULL), 0);
	assert_true(o.tracks.list);
	assert_int_equal(o.tracks.n, 2);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "album.CUE", NULL), 0);
	assert_false(o.tracks.list);
	assert_string_equal(o.image, "album.CUE");
	assert_int_equal(parse(&o, NULL, why, "dev=x", "cuefile=disc.cue", "-raw96r", NULL), 0);
	assert_string_equal(o.image, "disc.cue");
	assert_int_equal(o.mode, MODE_RAW);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-raw", "-audio", "a.wav", NULL), 0);
	assert_int_equal(o.mode, MODE_RAW);
	assert_int_equal(parse(&o, NULL, why, "-inspect", "-audio", "a.wav", "b.wav", NULL), 0);
	assert_int_equal(o.action, ACT_INSPECT);
	assert_true(o.tracks.list);
}

static void track_list_refusals(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=x", "cuefile=d.cue", "a.wav", NULL), -1);
	assert_non_null(strstr(why, "cuefile="));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-raw16", "-audio", "a.wav", NULL), -1);
	assert_non_null(strstr(why, "RAW96R"));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-raw96p", "-audio", "a.wav", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=x", "-raw96r", "a.iso", NULL), -1);
	assert_non_null(strstr(why, "-raw96r -data a.iso"));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "pregap=2s", "-audio", "a.wav", NULL), -1);
	assert_non_null(strstr(why, "pregap="));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "tsize=1m", "-audio", "a.wav", "-", NULL),
			 -1);
	assert_non_null(strstr(why, "standard input"));
	assert_int_equal(parse(&o, NULL, why, "dev=x", "a.iso", "b.iso", NULL), -1);
	assert_non_null(strstr(why, "-data a.iso b.iso"));
}

/* --report FILE and --report-axis: with a burn, a blank or a format only */
static void report_options(void **state)
{
	(void)state;
	struct options o;
	char why[256];
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--report", "burn1", "x.iso",
			       NULL), 0);
	assert_int_equal(o.action, ACT_BURN);
	assert_string_equal(o.report, "burn1");
	assert_int_equal(o.report_axis, REPORT_AXIS_AUTO);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "-report", "r.svg",
			       "--report-axis", "time", "x.iso", NULL), 0);
	assert_string_equal(o.report, "r.svg");
	assert_int_equal(o.report_axis, REPORT_AXIS_TIME);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--report-axis", "lba",
			       "--report", "r", "x.iso", NULL), 0);
	assert_int_equal(o.report_axis, REPORT_AXIS_LBA);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "blank=fast", "--report", "b",
			       NULL), 0);
	assert_int_equal(o.action, ACT_BLANK);
	assert_string_equal(o.report, "b");
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "-format", "--report", "f",
			       NULL), 0);
	assert_int_equal(o.action, ACT_FORMAT);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0,/dev/sr1", "--report", "d",
			       "x.iso", NULL), 0);
	assert_int_equal(o.ndev, 2);

	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--report-axis", "pct",
			       "--report", "r", "x.iso", NULL), -1);
	assert_non_null(strstr(why, "lba"));
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--report-axis", "time",
			       "x.iso", NULL), -1);
	assert_non_null(strstr(why, "--report FILE"));
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "-minfo", "--report", "r",
			       NULL), -1);
	assert_non_null(strstr(why, "--report goes with"));
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "--report", "", "x.iso", NULL), -1);
	assert_int_equal(parse(&o, NULL, why, "dev=/dev/sr0", "x.iso", "--report", NULL), -1);
	assert_non_null(strstr(why, "needs a value"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cdrecord_burn_line),
		cmocka_unit_test(verbosity_counts),
		cmocka_unit_test(sizes),
		cmocka_unit_test(speed_forms),
		cmocka_unit_test(environment),
		cmocka_unit_test(several_devices),
		cmocka_unit_test(btl_is_one_device),
		cmocka_unit_test(bad_environment),
		cmocka_unit_test(defaults_file),
		cmocka_unit_test(accepted_with_warning),
		cmocka_unit_test(driveropts),
		cmocka_unit_test(actions),
		cmocka_unit_test(discburn_long_options),
		cmocka_unit_test(refusals),
		cmocka_unit_test(stdin_with_tsize),
		cmocka_unit_test(modes_and_padsize),
		cmocka_unit_test(reading_discs),
		cmocka_unit_test(track_list),
		cmocka_unit_test(image_sheet_or_list),
		cmocka_unit_test(track_list_refusals),
		cmocka_unit_test(report_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
