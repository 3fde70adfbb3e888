/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_info.c — the commands that only look: --devices, -minfo, -checkdrive,
 * -msinfo, -toc, -atip, -prcap, and the tray commands -eject/-load/-lock.
 *
 * Text goes to stdout (scripts parse -msinfo's "start,next"); with --json one
 * event object per answer. Errors go through cli_error.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/disc.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "base/json.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

static int fail(struct cli *c, struct db_error *err)
{
	int code = msg_exit_code(err, MSG_INFO);
	cli_error(c, err, code);
	return code;
}

/* The drive has a disc, its profile in cfg; else the no-disc failure
 * (exit 6) -minfo, -msinfo, -toc and -atip all give. Returns 0 or the exit
 * status of the failure said. */
static int need_disc(struct cli *c, struct device *d, struct mmc_config *cfg)
{
	struct db_error err;
	int rc = drive_test_unit_ready(d, &err);
	if (rc < 0 && !(rc == DB_ECHECK && err.asc == 0x3A))
		return fail(c, &err);
	if (drive_get_configuration(d, cfg, &err) < 0)
		return fail(c, &err);
	if (cfg->current_profile == PROF_NONE) {
		db_fail(&err, DB_R_NO_DISC, .subject = c->dev);
		return fail(c, &err);
	}
	return 0;
}

static const char *session_state_name(uint8_t s)
{
	static const char *const n[] = { "empty", "incomplete", "damaged", "complete" };
	return n[s & 3];
}

/* ---- --devices / -scanbus ------------------------------------------------ */

struct scan_ctx {
	struct cli *c;
	unsigned n;
	int last_bus;           /* -scanbus: the bus whose header was printed */
};

static void profiles_text(const struct mmc_config *cfg, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (unsigned i = 0; i < cfg->nprofiles && len < size; i++) {
		if (!disc_type(cfg->profiles[i])->writable)
			continue;
		int n = snprintf(out + len, size - len, "%s%s", len ? " " : "",
				 disc_type(cfg->profiles[i])->name);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

static void found(void *ctx, const struct transport_found *f)
{
	struct scan_ctx *s = ctx;
	struct cli *c = s->c;
	struct device *d;
	struct db_error err;
	struct mmc_config cfg;
	bool have_cfg = false;
	if (device_open(f->dev, TRANSPORT_READONLY, &d, &err) == 0) {
		have_cfg = drive_get_configuration(d, &cfg, &err) == 0;
		device_close(d);
	}
	char writes[256] = "";
	if (have_cfg)
		profiles_text(&cfg, writes, sizeof(writes));
	const char *media = !have_cfg ? "unknown" : cfg.current_profile ?
			    disc_type(cfg.current_profile)->name : "none";
	if (c->o->action == ACT_DEVICES && c->o->scanbus && !c->json) {
		/* cdrecord's -scanbus table, which front ends parse */
		if (f->bus >= 0 && f->bus != s->last_bus) {
			printf("scsibus%d:\n", f->bus);
			s->last_bus = f->bus;
		}
		if (f->bus >= 0)
			printf("\t%d,%d,%d\t%3u) '%-8s' '%-16s' '%-4s' %s\n", f->bus, f->target,
			       f->lun, s->n, f->vendor, f->model, f->revision,
			       f->peripheral_type == 5 ? "Removable CD-ROM" : "Disk");
		else
			printf("\t%s\t%3u) '%-8s' '%-16s' '%-4s' Removable CD-ROM\n", f->dev,
			       s->n, f->vendor, f->model, f->revision);
		s->n++;
		return;
	}
	if (c->json) {
		struct json j;
		json_begin(&j, "device");
		json_str(&j, "device", f->dev);
		if (f->bus >= 0) {
			char btl[48];
			snprintf(btl, sizeof(btl), "%d,%d,%d", f->bus, f->target, f->lun);
			json_str(&j, "btl", btl);
		}
		json_str(&j, "vendor", f->vendor);
		json_str(&j, "model", f->model);
		json_str(&j, "revision", f->revision);
		json_i64(&j, "type", f->peripheral_type);
		json_str(&j, "media", media);
		json_str(&j, "writes", writes);
		json_end(&j, stdout);
	} else {
		printf("%u  dev='%s'  '%s' '%s' '%s'  media: %s%s%s\n", s->n, f->dev,
		       f->vendor, f->model, f->revision, media, writes[0] ? "  writes: " : "",
		       writes);
	}
	s->n++;
}

int cli_devices(struct cli *c)
{
	struct scan_ctx s = { c, 0, -2 };
	device_scan(found, &s);
	if (!s.n) {
		struct db_error err;
		db_fail(&err, DB_R_NO_DRIVES_FOUND);
		cli_error(c, &err, EXIT_NO_DEVICE);
		return EXIT_NO_DEVICE;
	}
	return EXIT_OK;
}

/* ---- --disc-types ----------------------------------------------------------- */

/* The disc-type table as a person or a script reads it: one line (or
 * object) per kind of disc, with what discburn does with it. */
int cli_disc_types(struct cli *c)
{
	static const struct { unsigned bit; const char *name; } methods[] = {
		{ DS_CD_SAO, "sao" }, { DS_CD_TAO, "tao" }, { DS_DVDR_DAO, "dao" },
		{ DS_DVDR_INCR, "incremental" }, { DS_SEQUENTIAL, "sequential" },
		{ DS_OVERWRITE, "overwrite" }, { DS_CD_RAW, "raw" },
	};
	static const char *const fam[] = { "none", "cd", "dvd", "bd" };
	for (unsigned i = 0; i < disc_ntypes; i++) {
		const struct disc_type *t = &disc_types[i];
		char how[96] = "", formats[96] = "";
		size_t n = 0;
		for (unsigned m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
			if (t->strategies & methods[m].bit)
				n += (size_t)snprintf(how + n, sizeof(how) - n, "%s%s", n ? "," : "",
						      methods[m].name);
		n = 0;
		for (const struct disc_format *f = t->formats; f && f->name; f++)
			n += (size_t)snprintf(formats + n, sizeof(formats) - n, "%s%s", n ? "," : "",
					      f->name);
		if (c->json) {
			struct json j;
			json_begin(&j, "disc-type");
			json_u64(&j, "profile_code", t->profile);
			json_str(&j, "profile", t->name);
			json_str(&j, "family", fam[t->family]);
			json_bool(&j, "writable", t->writable);
			json_str(&j, "write_methods", how);
			json_bool(&j, "overwritable", t->overwritable);
			json_bool(&j, "blank", t->erasable);
			json_str(&j, "formats", formats);
			json_bool(&j, "simulate", t->can_simulate);
			json_u64(&j, "ecc_blocks", t->ecc);
			json_end(&j, stdout);
			continue;
		}
		printf("0x%04X  %-30s %s%s%s%s%s%s\n", t->profile, t->name,
		       t->writable ? "writes " : "read only", how, t->erasable ? ", blank=" : "",
		       formats[0] ? ", format=" : "", formats, t->can_simulate ? ", -dummy" : "");
	}
	return EXIT_OK;
}

/* ---- -checkdrive / -inq -------------------------------------------------- */

int cli_checkdrive(struct cli *c, struct device *d)
{
	struct db_error err;
	struct mmc_inquiry q;
	struct mmc_config cfg;
	if (drive_inquiry(d, &q, &err) < 0)
		return fail(c, &err);
	bool have_cfg = q.peripheral_type == 5 && drive_get_configuration(d, &cfg, &err) == 0;
	char writes[256] = "";
	if (have_cfg)
		profiles_text(&cfg, writes, sizeof(writes));
	if (c->json) {
		struct json j;
		json_begin(&j, "drive");
		json_str(&j, "device", c->dev);
		json_str(&j, "backend", device_backend(d));
		json_str(&j, "vendor", q.vendor);
		json_str(&j, "model", q.model);
		json_str(&j, "revision", q.revision);
		json_u64(&j, "type", q.peripheral_type);
		json_bool(&j, "recorder", have_cfg && writes[0]);
		json_str(&j, "writes", writes);
		if (have_cfg) {
			json_bool(&j, "tao", cfg.f_cd_tao);
			json_bool(&j, "sao", cfg.f_cd_sao);
			json_bool(&j, "burnfree", cfg.f_burnfree);
			json_bool(&j, "test_write", cfg.f_test_write);
		}
		json_end(&j, stdout);
	} else {
		printf("Device type    : %s (peripheral type %u)\n",
		       q.peripheral_type == 5 ? "CD/DVD/BD device" : "not an optical drive",
		       q.peripheral_type);
		printf("Vendor_info    : '%s'\nIdentification : '%s'\nRevision       : '%s'\n",
		       q.vendor, q.model, q.revision);
		printf("Backend        : %s\n", device_backend(d));
		if (have_cfg) {
			printf("Writes         : %s\n", writes[0] ? writes : "nothing (a reader)");
			printf("Features       : %s%s%s%s\n", cfg.f_cd_tao ? "TAO " : "",
			       cfg.f_cd_sao ? "SAO " : "", cfg.f_burnfree ? "BURN-Free " : "",
			       cfg.f_test_write ? "test-write" : "");
			/* wodim's two lines: the flags of the one MMC driver as
			 * this drive sets them, and the CD write modes discburn
			 * can use on it (RAW is RAW/R96R, the P-W it makes) */
			bool dvd = false, bd = false;
			for (unsigned i = 0; i < cfg.nprofiles; i++) {
				const struct disc_type *t = disc_type(cfg.profiles[i]);
				dvd |= t->writable && t->family == MMC_FAM_DVD;
				bd |= t->writable && t->family == MMC_FAM_BD;
			}
			printf("Driver flags   : MMC%s%s%s\n", dvd ? " DVD" : "", bd ? " BD" : "",
			       cfg.f_burnfree ? " BURNFREE" : "");
			printf("Supported modes:%s%s%s\n", cfg.f_cd_tao ? " TAO" : "",
			       cfg.f_cd_sao ? " SAO" : "", cfg.f_cd_raw ? " RAW/R96R" : "");
		}
	}
	if (q.peripheral_type != 5) {
		/* what it is was said; it is no recorder, as for every command */
		if (device_gate_mmc(d, &err) < 0)
			return fail(c, &err);
	}
	return EXIT_OK;
}

/* ---- -minfo -------------------------------------------------------------- */

int cli_minfo(struct cli *c, struct device *d)
{
	struct db_error err;
	struct mmc_config cfg;
	struct mmc_disc_info di;
	int rc = need_disc(c, d, &cfg);
	if (rc)
		return rc;
	if ((rc = drive_read_disc_info(d, &di, &err)) < 0)
		return fail(c, &err);
	enum mmc_family fam = disc_type(cfg.current_profile)->family;

	/* The next writable track and its free space. */
	struct mmc_track_info nt;
	bool have_nt = di.status != DISC_COMPLETE &&
		       drive_read_track_info(d, 1, di.last_track_last_session, &nt, &err) == 0;
	struct mmc_capacity cap;
	/* a blank disc has nothing to read; READ CAPACITY's answer is noise */
	bool have_cap = di.status != DISC_EMPTY && drive_read_capacity(d, &cap, &err) == 0;
	/* formatting means something only for media that are formatted */
	uint16_t pr = cfg.current_profile;
	bool formattable = disc_type(pr)->formats != NULL;
	struct mmc_format_caps fc;
	bool have_fc = formattable && drive_read_format_capacities(d, &fc, &err) == 0;
	struct mmc_speeds sp;
	bool have_sp = drive_write_speeds(d, &sp, &err) == 0;

	if (c->json) {
		struct json j;
		json_begin(&j, "minfo");
		json_str(&j, "device", c->dev);
		json_str(&j, "profile", disc_type(cfg.current_profile)->name);
		json_u64(&j, "profile_code", cfg.current_profile);
		json_str(&j, "status", mmc_disc_status_name(di.status));
		json_str(&j, "last_session", session_state_name(di.last_session_state));
		json_bool(&j, "erasable", di.erasable);
		json_u64(&j, "sessions", di.sessions);
		json_u64(&j, "tracks", di.last_track_last_session);
		if (have_nt && nt.nwa_valid) {
			json_u64(&j, "nwa", nt.nwa);
			json_u64(&j, "free_blocks", nt.free_blocks);
		}
		if (have_cap)
			json_u64(&j, "readable_blocks", (uint64_t)cap.last_lba + 1);
		if (have_fc) {
			json_str(&j, "formatted", fc.cur_type == 2 ? "yes" :
				 fc.cur_type == 1 ? "no" : "unknown");
			json_u64(&j, "format_types", fc.n);
		}
		if (pr == PROF_DVD_PLUS_RW || pr == PROF_BD_RE)
			json_u64(&j, "bg_format_status", di.bg_format_status);
		if (have_sp && sp.n) {
			double x[sizeof(sp.write_kbps) / sizeof(sp.write_kbps[0])];
			unsigned n = sp.n < sizeof(x) / sizeof(x[0]) ? sp.n : sizeof(x) / sizeof(x[0]);
			for (unsigned i = 0; i < n; i++)    /* as -minfo prints them: 2.4x */
				x[i] = round((double)sp.write_kbps[i] / mmc_family_kbps_1x(fam) * 10) / 10;
			json_dbl_array(&j, "write_speeds_x", x, n);
		}
		json_end(&j, stdout);
		return EXIT_OK;
	}
	printf("Mounted media type   : %s (profile 0x%04X)\n",
	       disc_type(cfg.current_profile)->name, cfg.current_profile);
	printf("Disk status          : %s\n", mmc_disc_status_name(di.status));
	printf("Last session status  : %s\n", session_state_name(di.last_session_state));
	printf("Erasable             : %s\n", di.erasable ? "yes" : "no");
	printf("Sessions             : %u\n", di.sessions);
	printf("Tracks               : %u\n", di.last_track_last_session);
	if (have_fc && (fc.cur_type == 1 || fc.cur_type == 2))
		printf("Formatted            : %s (%u blocks)\n", fc.cur_type == 2 ? "yes" : "no",
		       fc.cur_blocks);
	if (pr == PROF_DVD_PLUS_RW || pr == PROF_BD_RE) {
		static const char *const bg[] = { "not started", "suspended", "in progress",
						  "complete" };
		printf("Background format    : %s\n", bg[di.bg_format_status & 3]);
	}
	if (have_fc)
		for (unsigned i = 0; i < fc.n; i++)
			printf("Format type %02Xh      : %u blocks, parameter %u\n",
			       fc.d[i].format_type, fc.d[i].blocks, fc.d[i].param);
	if (have_cap)
		printf("Readable blocks      : %u (%.1f MB)\n", cap.last_lba + 1,
		       (cap.last_lba + 1) * 2048.0 / 1e6);
	if (have_nt && nt.nwa_valid) {
		printf("Next writable address: %u\n", nt.nwa);
		printf("Free blocks          : %u (%.1f MB)\n", nt.free_blocks,
		       nt.free_blocks * 2048.0 / 1e6);
	}
	for (unsigned t = di.first_track; t <= di.last_track_last_session && t; t++) {
		struct mmc_track_info ti;
		if (drive_read_track_info(d, 1, t, &ti, &err) < 0)
			break;
		printf("Track %2u             : session %u, start %u, size %u%s\n", t,
		       ti.session, ti.start_lba, ti.size,
		       ti.blank ? ", blank" : ti.nwa_valid ? ", open" : "");
	}
	if (have_sp && sp.n) {
		printf("Write speeds         :");
		for (unsigned i = 0; i < sp.n; i++)
			printf(" %.1fx", (double)sp.write_kbps[i] / mmc_family_kbps_1x(fam));
		printf("\n");
	}
	return EXIT_OK;
}

/* ---- -msinfo ------------------------------------------------------------- */

static int print_msinfo(struct cli *c, uint32_t last, uint32_t next)
{
	if (c->json) {
		struct json j;
		json_begin(&j, "msinfo");
		json_str(&j, "device", c->dev);
		json_u64(&j, "last_start", last);
		json_u64(&j, "next_start", next);
		json_end(&j, stdout);
	} else {
		printf("%u,%u\n", last, next);
	}
	/* msifile=: the same answer in a file, as cdrecord writes it */
	if (c->o->msifile) {
		FILE *f = fopen(c->o->msifile, "w");
		int bad = !f || fprintf(f, "%u,%u\n", last, next) < 0;
		if (f && fclose(f) != 0)
			bad = 1;
		if (bad) {
			struct db_error err;
			db_fail(&err, DB_R_MSIFILE_WRITE, .subject = c->o->msifile, .os_errno = errno);
			return fail(c, &err);
		}
	}
	return EXIT_OK;
}

/* cdrecord -msinfo: "last_session_start,next_writable_address", the two
 * numbers mkisofs -C wants to build the next session. */
int cli_msinfo(struct cli *c, struct device *d)
{
	struct db_error err;
	struct mmc_disc_info di;
	struct mmc_config cfg;
	int code = need_disc(c, d, &cfg);
	if (code)
		return code;
	if (drive_read_disc_info(d, &di, &err) < 0)
		return fail(c, &err);
	uint16_t prof = cfg.current_profile;
	if (disc_type(prof)->overwritable) {
		/* No sessions on overwritable media: the volume at LBA 16 is the
		 * "last session" and the next one starts after all it holds,
		 * the volume and what lies beyond it (a hybrid's EFI partition) */
		struct iso_pvd pvd;
		struct mmc_capacity cap;
		uint32_t next = 0, blocks = 0;
		if (drive_read_capacity(d, &cap, &err) == 0)
			blocks = cap.last_lba + 1;
		struct db_error why;
		int rc = disc_overwrite_next(d, blocks, disc_type(prof)->ecc, &pvd, &next, &why);
		if (rc < 0 && why.lba_valid && why.lba != 16)
			return fail(c, &why);   /* LBA 16 read, what lies beyond not */
		if (rc < 0 || !pvd.valid) {
			db_fail(&err, DB_R_MSINFO_NO_VOLUME, .profile = prof);
			return fail(c, &err);
		}
		return print_msinfo(c, 0, next);
	}
	if (di.status != DISC_APPENDABLE) {
		db_fail(&err, DB_R_MSINFO_NOT_APPENDABLE, .what = mmc_disc_status_name(di.status));
		return fail(c, &err);
	}
	struct mmc_session_info si;
	if (drive_session_info(d, &si, &err) < 0)
		return fail(c, &err);
	struct mmc_track_info nt;
	if (drive_read_track_info(d, 1, di.last_track_last_session, &nt, &err) < 0)
		return fail(c, &err);
	if (!nt.nwa_valid) {
		db_fail(&err, DB_R_NO_NWA, .subject = c->dev);
		return fail(c, &err);
	}
	return print_msinfo(c, si.lba, nt.nwa);
}

/* ---- -toc ---------------------------------------------------------------- */

/* An address as M:S:F without a limit on the minutes: a DVD or BD lead-out
 * is hundreds of minutes in, where M:S:F's byte would wrap. */
static void wide_msf(uint32_t lba, unsigned *m, unsigned *s, unsigned *f)
{
	uint64_t x = (uint64_t)lba + 150;
	*m = (unsigned)(x / (60 * 75));
	*s = (unsigned)(x / 75 % 60);
	*f = (unsigned)(x % 75);
}

/* A disc whose first session is still open (-nofix) has no table of
 * contents yet, and a drive may refuse READ TOC for it (5/24/00). Its
 * tracks are then those READ TRACK INFORMATION lists, as -minfo reads them,
 * with the lead-out where the last written one ends. */
static int toc_from_tracks(struct device *d, const struct mmc_disc_info *di, struct mmc_toc *toc,
			   struct db_error *err)
{
	memset(toc, 0, sizeof(*toc));
	uint32_t end = 0;
	uint8_t ctl = 0;
	for (unsigned t = di->first_track; t <= di->last_track_last_session && toc->n < MMC_MAX_TRACKS;
	     t++) {
		struct mmc_track_info ti;
		if (drive_read_track_info(d, 1, t, &ti, err) < 0)
			return -1;
		if (ti.blank)
			continue;
		uint32_t size = ti.nwa_valid && ti.nwa > ti.start_lba ? ti.nwa - ti.start_lba : ti.size;
		ctl = ti.track_mode & 0x0F;
		toc->e[toc->n].track = (uint8_t)t;
		toc->e[toc->n].adr_ctl = (uint8_t)(0x10 | ctl);
		toc->e[toc->n].lba = ti.start_lba;
		toc->n++;
		end = ti.start_lba + size;
	}
	if (!toc->n)
		return db_fail(err, DB_R_TOC_BLANK, .subject = device_name(d));
	toc->e[toc->n].track = 0xAA;
	toc->e[toc->n].adr_ctl = (uint8_t)(0x10 | ctl);
	toc->e[toc->n].lba = end;
	toc->n++;
	return 0;
}

/* cdrecord -toc: "first: N last M", then a line per track and the lead-out
 * with the LBA, the size of what comes before it in 512-byte blocks, the
 * M:S:F, ADR and control, as wodim prints them. */
int cli_toc(struct cli *c, struct device *d)
{
	struct db_error err;
	struct mmc_config cfg;
	struct mmc_disc_info di;
	struct mmc_toc toc;
	int code = need_disc(c, d, &cfg);
	if (code)
		return code;
	if (drive_read_disc_info(d, &di, &err) < 0)
		return fail(c, &err);
	if (di.status == DISC_EMPTY) {
		db_fail(&err, DB_R_TOC_BLANK, .profile = cfg.current_profile, .subject = c->dev);
		return fail(c, &err);
	}
	bool open = false;
	if (drive_read_toc(d, &toc, &err) < 0) {
		/* only a session still open may lack its table of contents */
		if (di.last_session_state != 1 || di.sessions > 1 ||
		    toc_from_tracks(d, &di, &toc, &err) < 0)
			return fail(c, &err);
		open = true;
	}
	unsigned first = 0, last = 0;
	for (unsigned i = 0; i < toc.n; i++)
		if (toc.e[i].track != 0xAA) {
			if (!first || toc.e[i].track < first)
				first = toc.e[i].track;
			if (toc.e[i].track > last)
				last = toc.e[i].track;
		}
	if (!c->json && open)
		fprintf(stderr, "discburn: the session on %s is open (not fixated): its tracks are "
			"listed as READ TRACK INFORMATION gives them. -fix closes it.\n", c->dev);
	if (!c->json)
		printf("first: %u last %u\n", first, last);
	for (unsigned i = 0; i < toc.n; i++) {
		unsigned m, s, f;
		wide_msf(toc.e[i].lba, &m, &s, &f);
		bool data = toc.e[i].adr_ctl & 0x04;
		unsigned long long blocks512 = (unsigned long long)toc.e[i].lba * 4;
		if (c->json) {
			struct json j;
			json_begin(&j, "toc");
			json_str(&j, "device", c->dev);
			json_u64(&j, "track", toc.e[i].track);
			json_u64(&j, "lba", toc.e[i].lba);
			json_str(&j, "mode", toc.e[i].track == 0xAA ? "lead-out" : data ? "data" : "audio");
			json_end(&j, stdout);
		} else if (toc.e[i].track == 0xAA) {
			printf("track:lout lba: %9u (%9llu) %02u:%02u:%02u adr: %u control: %u\n",
			       toc.e[i].lba, blocks512, m, s, f, toc.e[i].adr_ctl >> 4,
			       toc.e[i].adr_ctl & 0x0F);
		} else {
			printf("track:%4u lba: %9u (%9llu) %02u:%02u:%02u adr: %u control: %u "
			       "mode: %s\n", toc.e[i].track, toc.e[i].lba, blocks512, m, s, f,
			       toc.e[i].adr_ctl >> 4, toc.e[i].adr_ctl & 0x0F, data ? "data" : "audio");
		}
	}
	return EXIT_OK;
}

/* ---- -atip / -prcap ------------------------------------------------------ */

/* cdrecord -atip. The lead-in start 97:SS:FF names the disc manufacturer
 * in the Orange Book registry (mmc/atip.c) and, by its last digit, the dye;
 * a code the registry does not list is said to be so. */
int cli_atip(struct cli *c, struct device *d)
{
	struct db_error err;
	struct mmc_config cfg;
	int code = need_disc(c, d, &cfg);
	if (code)
		return code;
	if (disc_type(cfg.current_profile)->family != MMC_FAM_CD) {
		db_fail(&err, DB_R_ATIP_NOT_CD, .profile = cfg.current_profile);
		return fail(c, &err);
	}
	struct mmc_atip a;
	if (drive_read_atip(d, &a, &err) < 0)
		return fail(c, &err);
	uint32_t blocks = a.leadout_lba > 0 ? (uint32_t)a.leadout_lba : 0;
	double minutes = blocks / 75.0 / 60.0;
	char mcode[16];
	snprintf(mcode, sizeof(mcode), "%02u:%02u:%u0", a.leadin_m, a.leadin_s, a.leadin_f / 10);
	const char *maker = mmc_atip_manufacturer(a.leadin_m, a.leadin_s, a.leadin_f);
	const char *dye = a.erasable ? "Phase change" : mmc_atip_long_strategy(a.leadin_f) ?
			  "Long strategy type (Cyanine, AZO or similar)" :
			  "Short strategy type (Phthalocyanine or similar)";
	if (c->json) {
		struct json j;
		json_begin(&j, "atip");
		json_str(&j, "device", c->dev);
		json_str(&j, "disc_type", a.erasable ? "CD-RW" : "CD-R");
		json_i64(&j, "leadin_lba", a.leadin_lba);
		json_i64(&j, "leadout_lba", a.leadout_lba);
		json_str(&j, "manufacturer_code", mcode);
		if (maker)
			json_str(&j, "manufacturer", maker);
		json_str(&j, "dye", dye);
		json_u64(&j, "write_power", a.write_power);
		json_bool(&j, "restricted_use", !a.uru);
		json_u64(&j, "capacity_blocks", blocks);
		json_end(&j, stdout);
		return EXIT_OK;
	}
	/* wodim's lines (URU set: unrestricted use) and their order */
	printf("ATIP info from disk:\n");
	printf("  Indicated writing power: %u\n", a.write_power);
	printf("  Is %sunrestricted\n", a.uru ? "" : "not ");
	printf("  Is %serasable\n", a.erasable ? "" : "not ");
	if (a.erasable)
		printf("  Disk sub type: %u\n", a.sub_type);
	printf("  ATIP start of lead in:  %d (%02u:%02u/%02u)\n", a.leadin_lba, a.leadin_m,
	       a.leadin_s, a.leadin_f);
	printf("  ATIP start of lead out: %d (%02u:%02u/%02u)\n", a.leadout_lba, a.leadout_m,
	       a.leadout_s, a.leadout_f);
	printf("  Capacity: %u blocks, %.0f minutes\n", blocks, minutes);
	printf("Disk type:    %s\n", dye);
	printf("Manufacturer: %s (code %s)\n", maker ? maker : "not in the registry's list",
	       mcode);
	return EXIT_OK;
}

int cli_prcap(struct cli *c, struct device *d)
{
	struct db_error err;
	struct mmc_caps caps;
	if (drive_get_caps(d, &caps, &err) < 0)
		return fail(c, &err);
	if (c->json) {
		struct json j;
		json_begin(&j, "prcap");
		json_str(&j, "device", c->dev);
		json_bool(&j, "write_cdr", caps.write_cdr);
		json_bool(&j, "write_cdrw", caps.write_cdrw);
		json_bool(&j, "write_dvdr", caps.write_dvdr);
		json_bool(&j, "write_dvdram", caps.write_dvdram);
		json_bool(&j, "test_write", caps.test_write);
		json_bool(&j, "burnfree", caps.burnfree);
		json_u64(&j, "buffer_kb", caps.buffer_kb);
		json_u64(&j, "max_read_kbps", caps.max_read_kbps);
		json_u64(&j, "max_write_kbps", caps.max_write_kbps);
		json_end(&j, stdout);
		return EXIT_OK;
	}
	printf("Drive capabilities, per MMC-3 page 2A:\n\n");
	printf("  Does %sread CD-R media\n", caps.read_cdr ? "" : "not ");
	printf("  Does %swrite CD-R media\n", caps.write_cdr ? "" : "not ");
	printf("  Does %sread CD-RW media\n", caps.read_cdrw ? "" : "not ");
	printf("  Does %swrite CD-RW media\n", caps.write_cdrw ? "" : "not ");
	printf("  Does %sread DVD-ROM media\n", caps.read_dvdrom ? "" : "not ");
	printf("  Does %sread DVD-R media\n", caps.read_dvdr ? "" : "not ");
	printf("  Does %swrite DVD-R media\n", caps.write_dvdr ? "" : "not ");
	printf("  Does %sread DVD-RAM media\n", caps.read_dvdram ? "" : "not ");
	printf("  Does %swrite DVD-RAM media\n", caps.write_dvdram ? "" : "not ");
	printf("  Does %ssupport test writing\n", caps.test_write ? "" : "not ");
	printf("  Does %ssupport Buffer-Underrun-Free recording\n", caps.burnfree ? "" : "not ");
	printf("  Does %ssupport multi-session\n", caps.multisession ? "" : "not ");
	printf("  Does %ssupport ejection of CD via START/STOP command\n", caps.eject ? "" : "not ");
	printf("  Does %ssupport locking the media\n", caps.lock ? "" : "not ");
	printf("\n  Maximum read  speed: %5u kB/s\n", caps.max_read_kbps);
	printf("  Maximum write speed: %5u kB/s\n", caps.max_write_kbps);
	printf("  Current write speed: %5u kB/s\n", caps.cur_write_kbps);
	printf("  Buffer size in KB: %u\n", caps.buffer_kb);
	for (unsigned i = 0; i < caps.nspeeds; i++)
		printf("  Write speed # %u: %5u kB/s\n", i, caps.write_speeds_kbps[i]);
	return EXIT_OK;
}

/* ---- tray ---------------------------------------------------------------- */

int cli_tray(struct cli *c, struct device *d, enum action a)
{
	struct db_error err;
	int rc;
	switch (a) {
	case ACT_EJECT: rc = drive_start_stop(d, false, true, &err); break;
	case ACT_LOAD: rc = drive_start_stop(d, true, true, &err); break;
	case ACT_LOCK: rc = drive_lock(d, true, &err); break;
	case ACT_UNLOCK: rc = drive_lock(d, false, &err); break;
	default:
		db_fail(&err, DB_R_INTERNAL, .what = "tray action");
		rc = DB_EINVAL;
	}
	if (rc < 0)
		return fail(c, &err);
	if (c->json) {
		struct json j;
		json_begin(&j, "tray");
		json_str(&j, "device", c->dev);
		json_str(&j, "action", a == ACT_EJECT ? "eject" : a == ACT_LOAD ? "load" :
			 a == ACT_LOCK ? "lock" : "unlock");
		json_bool(&j, "ok", true);
		json_end(&j, stdout);
	}
	return EXIT_OK;
}
