/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu.c — the emulated drive: device string, state file, log, faults, and
 * the command dispatcher. Command handlers live in emu_info.c (answers) and
 * emu_write.c (commands that change the disc). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/bytes.h"
#include "emu_int.h"

const struct emu_kind_info *emu_ki(const struct emu *e)
{
	return &emu_kinds[e->d.kind];
}

unsigned emu_kbps_1x(enum emu_family f)
{
	switch (f) {
	case EMU_FAM_CD:  return 176;
	case EMU_FAM_DVD: return 1385;
	default:          return 4495;
	}
}

unsigned emu_write_kbps(const struct emu *e)
{
	if (e->speed_x10 == 0)
		return 0;
	unsigned phys = e->speed_x10 * emu_kbps_1x(emu_ki(e)->family) / 10;
	if (e->req_kbps && e->req_kbps < phys)
		return e->req_kbps;
	return phys;
}

/* ---- answers ------------------------------------------------------------ */

int emu_sense_info(struct emu *e, uint8_t key, uint8_t asc, uint8_t ascq, uint32_t info)
{
	struct scsi_cmd *c = e->cmd;
	int r = emu_sense(e, key, asc, ascq);
	c->sense[0] |= 0x80;
	put_be32(&c->sense[3], info);
	return r;
}

/* Fixed-format sense (SPC-4 4.5.3), 18 bytes. */
int emu_sense(struct emu *e, uint8_t key, uint8_t asc, uint8_t ascq)
{
	struct scsi_cmd *c = e->cmd;
	uint8_t s[18] = { 0 };

	s[0] = 0x70;
	s[2] = key & 0x0f;
	s[7] = 10;
	s[12] = asc;
	s[13] = ascq;
	c->status = SCSI_STATUS_CHECK_CONDITION;
	memcpy(c->sense, s, sizeof(s));
	c->sense_len = sizeof(s);
	if (c->dir == SCSI_DIR_IN)
		c->resid = c->data_len;
	return 0;
}

int emu_reply(struct emu *e, const void *buf, size_t n, size_t alloc)
{
	struct scsi_cmd *c = e->cmd;
	size_t len = n;

	if (len > alloc)
		len = alloc;
	if (len > c->data_len)
		len = c->data_len;
	if (c->data == NULL)
		len = 0;
	if (len)
		memcpy(c->data, buf, len);
	c->resid = c->data_len - (uint32_t)len;
	c->status = SCSI_STATUS_GOOD;
	return 0;
}

/* ---- open / close ---------------------------------------------------------- */

static void copy_field(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

void emu_wparams_default(struct emu *e)
{
	memset(&e->wp, 0, sizeof(e->wp));
	e->wp.track_mode = 4;
	e->wp.data_block_type = 8;
	if (emu_is_cd(e)) {
		e->wp.write_type = 1;     /* TAO */
	} else if (emu_ki(e)->dash) {
		e->wp.write_type = 0;     /* incremental */
		e->wp.track_mode = 5;
		e->wp.fp = true;
		e->wp.packet_size = 16;
		e->wp.ls_v = true;
	}
	e->wp.multisession = 0;
}

int emu_open(const char *spec, struct emu **out, char *why, size_t whylen)
{
	char dummy[2];
	if (!why || whylen == 0) {
		why = dummy;
		whylen = sizeof(dummy);
	}
	why[0] = '\0';
	*out = NULL;
	if (strncmp(spec, "emu:", 4) == 0)
		spec += 4;

	struct emu *e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->fd = -1;
	e->bin_fd = -1;
	e->sub_fd = -1;
	e->ptype = 5;
	e->present = true;
	copy_field(e->vendor, sizeof(e->vendor), "DISCBURN");
	copy_field(e->model, sizeof(e->model), "EMU RECORDER");
	copy_field(e->revision, sizeof(e->revision), "1.00");
	copy_field(e->serial, sizeof(e->serial), "EMU0000001");

	int kind = -1, r = -EINVAL;
	uint32_t size = 0;
	bool closed = false, buffer_set = false;
	const char *logpath = NULL;
	char *copy = strdup(spec), *logcopy = NULL;
	if (!copy) {
		free(e);
		return -ENOMEM;
	}

	/* Fields before the last ':' are KIND and options; the rest is PATH. */
	char *p = copy, *colon;
	while ((colon = strchr(p, ':')) != NULL) {
		*colon = '\0';
		char *eq = strchr(p, '=');
		char *val = eq ? eq + 1 : NULL;
		if (eq)
			*eq = '\0';
		if (!eq && emu_kind_by_name(p) >= 0) {
			kind = emu_kind_by_name(p);
		} else if (eq && strcmp(p, "speed") == 0) {
			char *end;
			double x = strtod(val, &end);
			if (*end || x < 0 || x > 100)
				goto badopt;
			e->speed_x10 = (unsigned)(x * 10 + 0.5);
		} else if (eq && strcmp(p, "buffer") == 0) {
			unsigned long kb = strtoul(val, NULL, 10);
			if (kb == 0 || kb > 1024 * 1024)
				goto badopt;
			e->buffer_bytes = (uint32_t)kb * 1024;
			buffer_set = true;
		} else if (eq && strcmp(p, "size") == 0) {
			size = (uint32_t)strtoul(val, NULL, 10);
			if (size == 0)
				goto badopt;
		} else if (!eq && strcmp(p, "no-burnfree") == 0) {
			e->no_burnfree = true;
		} else if (!eq && strcmp(p, "no-blank") == 0) {
			e->no_blank = true;
		} else if (!eq && strcmp(p, "no-tao") == 0) {
			e->no_tao = true;
		} else if (!eq && strcmp(p, "no-sao") == 0) {
			e->no_sao = true;
		} else if (!eq && strcmp(p, "no-raw") == 0) {
			e->no_raw = true;
		} else if (!eq && strcmp(p, "progress-no-sense") == 0) {
			e->progress_no_sense = true;
		} else if (!eq && strcmp(p, "toc-mode5") == 0) {
			e->toc_mode5 = true;
		} else if (eq && strcmp(p, "stack") == 0) {
			unsigned long n = strtoul(val, NULL, 10);
			if (n == 0 || n > 9999)
				goto badopt;
			e->stack = (unsigned)n;
		} else if (!eq && strcmp(p, "closed") == 0) {
			closed = true;
		} else if (!eq && strcmp(p, "removed") == 0) {
			e->present = false;
		} else if (eq && strcmp(p, "vendor") == 0) {
			copy_field(e->vendor, sizeof(e->vendor), val);
		} else if (eq && strcmp(p, "model") == 0) {
			copy_field(e->model, sizeof(e->model), val);
		} else if (eq && strcmp(p, "type") == 0) {
			e->ptype = (int)strtol(val, NULL, 10) & 0x1f;
		} else if (eq && strcmp(p, "log") == 0) {
			logpath = val;
		} else if (eq && strcmp(p, "fault") == 0) {
			r = emu_parse_fault(e, val, why, whylen);
			if (r)
				goto fail;
		} else {
			goto badopt;
		}
		p = colon + 1;
		continue;
badopt:
		snprintf(why, whylen, "emu: unknown or bad option \"%s%s%s\"; the syntax is "
			 "emu:[KIND:][OPTION=VALUE:...]PATH", p, eq ? "=" : "", val ? val : "");
		r = -EINVAL;
		goto fail;
	}
	if (!*p) {
		snprintf(why, whylen, "emu: no image path; the syntax is emu:[KIND:][OPTION=VALUE:...]PATH");
		r = -EINVAL;
		goto fail;
	}
	e->base = strdup(p);
	if (!e->base) {
		r = -ENOMEM;
		goto fail;
	}
	e->kind_opt = kind;
	e->size_opt = size;
	e->closed_opt = closed;
	if (e->stack)
		e->stack_pos = emu_loader_position(e);
	r = emu_load_disc(e, why, whylen);
	if (r < 0)
		goto fail;
	if (logpath) {
		logcopy = strdup(logpath);
		int lfd = logcopy ? emu_open_nofollow(logcopy, O_WRONLY | O_APPEND | O_CREAT, 0644)
				  : -1;
		e->log = lfd >= 0 ? fdopen(lfd, "a") : NULL;
		if (!e->log) {
			r = -errno;
			if (lfd >= 0)
				close(lfd);
			snprintf(why, whylen, "emu: cannot open the log %s: %s", logpath,
				 emu_link_why(-r));
			goto fail;
		}
		setvbuf(e->log, NULL, _IOLBF, 0);
	}
	if (!buffer_set)
		e->buffer_bytes = (emu_is_cd(e) ? 2048u : 4096u) * 1024u;
	if (emu_fault_flag(e, FAULT_UNIT_ATTENTION))
		e->ua = true;
	emu_wparams_default(e);
	emu_page01_default(e->page01);
	clock_gettime(CLOCK_MONOTONIC, &e->buf_at);
	r = emu_save(e);
	if (r < 0) {
		snprintf(why, whylen, "emu: cannot write %s: %s", e->state_path, strerror(-r));
		goto fail;
	}
	free(logcopy);
	free(copy);
	e->t.ops = &emu_transport;
	*out = e;
	return 0;
fail:
	free(logcopy);
	free(copy);
	emu_close(e);
	return r;
}

void emu_close(struct emu *e)
{
	if (!e)
		return;
	if (e->fd >= 0) {
		emu_save(e);
		close(e->fd);
	}
	if (e->bin_fd >= 0)
		close(e->bin_fd);
	if (e->sub_fd >= 0)
		close(e->sub_fd);
	if (e->log) {
		fprintf(e->log, "CLOSE burnfree=%u underruns=%u\n", e->d.burnfree_count,
			e->d.underruns);
		fclose(e->log);
	}
	free(e->d.packs);
	emu_sao_reset(e);
	emu_raw_reset(e);
	free(e->path);
	free(e->state_path);
	free(e->base);
	free(e);
}

void emu_discard(struct emu *e)
{
	if (!e)
		return;
	if (e->fd >= 0) {
		close(e->fd);
		e->fd = -1;
	}
	emu_close(e);
}

/* ---- long operations ------------------------------------------------------- */

void emu_busy_start(struct emu *e, uint8_t ascq, uint32_t blocks)
{
	struct emu_busy *b = &e->busy;
	b->active = true;
	b->ascq = ascq;
	b->polls_total = b->polls_left = 4;
	clock_gettime(CLOCK_MONOTONIC, &b->start);
	b->end = b->start;
	unsigned kbps = emu_write_kbps(e);
	if (kbps) {
		/* real blanking takes up to an hour; keep the simulation bearable */
		double secs = (double)blocks * EMU_BLOCK / 1000.0 / kbps;
		if (secs > 20.0)
			secs = 20.0;
		b->end.tv_sec += (time_t)secs;
		b->end.tv_nsec += (long)((secs - (double)(time_t)secs) * 1e9);
		if (b->end.tv_nsec >= 1000000000L) {
			b->end.tv_sec++;
			b->end.tv_nsec -= 1000000000L;
		}
	}
}

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(a->tv_sec - b->tv_sec) + (double)(a->tv_nsec - b->tv_nsec) / 1e9;
}

/* Progress of the running operation, 0..65535; finishes it when done. */
static bool busy_poll(struct emu *e, uint16_t *progress)
{
	struct emu_busy *b = &e->busy;
	if (!b->active)
		return false;
	double frac;
	if (emu_write_kbps(e)) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double total = ts_diff(&b->end, &b->start);
		double done = ts_diff(&now, &b->start);
		frac = total > 0 ? done / total : 1.0;
		/* even an instant operation shows progress to one poll */
		if (b->polls_left == b->polls_total && frac >= 1.0)
			frac = 0.5;
		if (b->polls_left)
			b->polls_left--;
	} else {
		frac = (double)(b->polls_total - b->polls_left) / b->polls_total;
		if (b->polls_left)
			b->polls_left--;
		else
			frac = 1.0;
	}
	if (frac >= 1.0) {
		b->active = false;
		return false;
	}
	*progress = (uint16_t)(frac * 65536.0);
	return true;
}

int emu_request_sense(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	uint8_t s[18] = { 0 };
	uint16_t prog;

	s[0] = 0x70;
	s[7] = 10;
	if (busy_poll(e, &prog)) {
		/* progress-no-sense: the drive reports NO SENSE with the progress
		 * indication while busy, as some drives do (SPC-4 4.5.2.4.4) */
		s[2] = e->progress_no_sense ? 0x00 : 0x02;
		s[12] = e->progress_no_sense ? 0x00 : 0x04;
		s[13] = e->progress_no_sense ? 0x00 : e->busy.ascq;
		s[15] = 0x80;   /* SKSV: progress indication (SPC-4 4.5.2.4.4) */
		put_be16(&s[16], prog);
	} else if (e->ua) {
		e->ua = false;
		s[2] = 0x06;
		s[12] = 0x28;
	} else if (!e->present && e->ptype == 5) {
		s[2] = 0x02;
		s[12] = 0x3A;
		s[13] = e->tray_open ? 0x02 : 0x01;     /* tray open / closed */
	}
	return emu_reply(e, s, sizeof(s), c->cdb[4]);
}

/* ---- the command log ------------------------------------------------------- */

static const struct {
	uint8_t op;
	const char *name;
} op_names[] = {
	{ 0x00, "TEST UNIT READY" }, { 0x03, "REQUEST SENSE" }, { 0x04, "FORMAT UNIT" },
	{ 0x12, "INQUIRY" }, { 0x1B, "START STOP UNIT" }, { 0x1E, "PREVENT ALLOW" },
	{ 0x23, "READ FORMAT CAPACITIES" }, { 0x25, "READ CAPACITY" }, { 0x28, "READ(10)" },
	{ 0x2A, "WRITE(10)" }, { 0x35, "SYNCHRONIZE CACHE" }, { 0x42, "READ SUB-CHANNEL" },
	{ 0x43, "READ TOC" },
	{ 0x46, "GET CONFIGURATION" }, { 0x4A, "GET EVENT STATUS" },
	{ 0x51, "READ DISC INFORMATION" }, { 0x52, "READ TRACK INFORMATION" },
	{ 0x53, "RESERVE TRACK" }, { 0x54, "SEND OPC" }, { 0x55, "MODE SELECT(10)" },
	{ 0x5A, "MODE SENSE(10)" }, { 0x5B, "CLOSE TRACK SESSION" },
	{ 0x5C, "READ BUFFER CAPACITY" }, { 0x5D, "SEND CUE SHEET" }, { 0xA1, "BLANK" },
	{ 0xA8, "READ(12)" }, { 0xAA, "WRITE(12)" }, { 0xAC, "GET PERFORMANCE" },
	{ 0xAD, "READ DISC STRUCTURE" }, { 0xB6, "SET STREAMING" }, { 0xB9, "READ CD MSF" },
	{ 0xBB, "SET CD SPEED" }, { 0xBE, "READ CD" },
};

static void log_cmd(struct emu *e, const struct scsi_cmd *c, int rc)
{
	if (!e->log)
		return;
	const char *name = "UNKNOWN";
	for (size_t i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (op_names[i].op == c->cdb[0])
			name = op_names[i].name;
	char hex[SCSI_CDB_MAX * 2 + 1];
	unsigned n = c->cdb_len && c->cdb_len <= SCSI_CDB_MAX ? c->cdb_len : 6;
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", c->cdb[i]);
	if (rc < 0) {
		fprintf(e->log, "%s cdb=%s len=%u errno=%d\n", name, hex, c->data_len, -rc);
		return;
	}
	uint8_t k = 0, asc = 0, ascq = 0;
	if (c->status == SCSI_STATUS_CHECK_CONDITION && c->sense_len >= 14) {
		k = c->sense[2] & 0x0f;
		asc = c->sense[12];
		ascq = c->sense[13];
	}
	fprintf(e->log, "%s cdb=%s len=%u status=%u sense=%X/%02X/%02X\n", name, hex,
		c->data_len, c->status, k, asc, ascq);
}

/* ---- dispatch -------------------------------------------------------------- */

static int cmd_test_unit_ready(struct emu *e)
{
	return emu_reply(e, NULL, 0, 0);
}

static int cmd_start_stop(struct emu *e)
{
	const uint8_t *cdb = e->cmd->cdb;
	bool start = cdb[4] & 1, loej = cdb[4] & 2;

	if (!loej)
		return emu_reply(e, NULL, 0, 0);
	if (!start) {
		/* MMC-5 6.40: eject is refused while removal is prevented */
		if (e->prevent)
			return emu_sense(e, 0x05, 0x53, 0x02);
		if (e->present) {
			e->present = false;
			e->event = 3;   /* media removal */
			e->busy.active = false;
			if (e->stack) {
				emu_stack_eject(e);
			} else {
				e->tray_open = true;    /* stays open until loaded */
				emu_save(e);
			}
		}
	} else if (!e->present && e->stack) {
		if (e->loading)
			emu_autoload(e);
	} else if (!e->present) {
		e->present = true;
		e->tray_open = false;
		e->event = 2;           /* new media */
		e->ua = true;
		emu_wparams_default(e);
	}
	return emu_reply(e, NULL, 0, 0);
}

static int cmd_prevent_allow(struct emu *e)
{
	e->prevent = e->cmd->cdb[4] & 1;
	return emu_reply(e, NULL, 0, 0);
}

static int cmd_set_cd_speed(struct emu *e)
{
	/* MMC-5 6.37: read speed in kB/s at bytes 2-3, write speed at 4-5;
	 * 0xFFFF = fastest */
	uint16_t r = get_be16(&e->cmd->cdb[2]), w = get_be16(&e->cmd->cdb[4]);
	e->req_read_kbps = r == 0xFFFF ? 0 : r;
	e->req_kbps = w == 0xFFFF ? 0 : w;
	return emu_reply(e, NULL, 0, 0);
}

static int cmd_set_streaming(struct emu *e)
{
	/* MMC-5 6.39: performance descriptor, write size/time at 20..27 */
	struct scsi_cmd *c = e->cmd;
	uint16_t len = get_be16(&c->cdb[9]);
	if (c->cdb[8] != 0)     /* only type 0, the performance descriptor */
		return emu_sense(e, 0x05, 0x24, 0x00);
	if (len < 28 || c->data_len < 28 || !c->data)
		return emu_sense(e, 0x05, 0x1A, 0x00);
	const uint8_t *d = c->data;
	uint32_t size = get_be32(&d[20]), ms = get_be32(&d[24]);
	e->req_kbps = ms ? (unsigned)((uint64_t)size * 1000 / ms) : 0;
	return emu_reply(e, NULL, 0, 0);
}

static bool spc_only(uint8_t op)
{
	switch (op) {
	case 0x00: case 0x03: case 0x12: case 0x1B: case 0x1E: case 0x25:
	case 0x28: case 0x2A: case 0x35: case 0xA8: case 0xAA:
		return true;
	default:
		return false;
	}
}

/* Commands that record on or erase the disc. */
static bool writes_disc(uint8_t op)
{
	switch (op) {
	case 0x04: case 0x2A: case 0xAA: case 0x53: case 0x54: case 0x5B:
	case 0x5D: case 0xA1:
		return true;
	default:
		return false;
	}
}

/* Commands a drive answers even while not ready or busy. */
static bool always_answered(uint8_t op)
{
	return op == 0x12 || op == 0x03 || op == 0x46 || op == 0x4A;
}

static int dispatch(struct emu *e)
{
	struct scsi_cmd *c = e->cmd;
	uint8_t op = c->cdb[0];

	if (e->ptype != 5 && !spc_only(op))
		return emu_sense(e, 0x05, 0x20, 0x00);
	if (op == 0x12)
		return emu_inquiry(e);
	if (op == 0x03)
		return emu_request_sense(e);

	/* SPC-4 5.14: a pending unit attention is reported once */
	if (e->ua && op != 0x4A && op != 0x46) {
		e->ua = false;
		return emu_sense(e, 0x06, 0x28, 0x00);
	}
	struct emu_fault *nr = emu_fault_counter(e, FAULT_NOT_READY);
	if (nr && !always_answered(op)) {
		if (--nr->arg == 0)
			nr->used = true;
		return emu_sense(e, 0x02, 0x04, 0x01);
	}
	uint16_t prog;
	if (e->busy.active && !always_answered(op) && busy_poll(e, &prog)) {
		emu_sense(e, 0x02, 0x04, e->busy.ascq);
		c->sense[15] = 0x80;
		put_be16(&c->sense[16], prog);
		return 0;
	}

	switch (op) {
	case 0x00: break;
	case 0x1B: return cmd_start_stop(e);
	case 0x1E: return cmd_prevent_allow(e);
	case 0x46: return emu_get_configuration(e);
	case 0x4A: return emu_get_event_status(e);
	case 0x5A: return emu_mode_sense(e);
	case 0x55: return emu_mode_select(e);
	case 0xAC: return emu_get_performance(e);
	case 0xBB: return cmd_set_cd_speed(e);
	case 0xB6: return cmd_set_streaming(e);
	case 0x5C: return emu_read_buffer_capacity(e);
	case 0x35: if (!e->present) break; return emu_synchronize_cache(e);
	default:
		break;
	}
	if (!e->present)
		return emu_sense(e, 0x02, 0x3A, e->tray_open ? 0x02 : 0x01);
	/* a pressed disc cannot be written: a recorder refuses every command
	 * that would record or erase (MMC-5 6.44.3: 5/30/05, cannot write
	 * medium, incompatible format) */
	if (e->ptype == 5 && emu_ki(e)->rom && writes_disc(op))
		return emu_sense(e, 0x05, 0x30, 0x05);
	if (e->ptype != 5) {
		switch (op) {
		case 0x00: return cmd_test_unit_ready(e);
		case 0x25: return emu_read_capacity(e);
		case 0x28: case 0xA8: return emu_read(e);
		case 0x2A: case 0xAA: return emu_write(e);
		default: return emu_sense(e, 0x05, 0x20, 0x00);
		}
	}
	switch (op) {
	case 0x00: return cmd_test_unit_ready(e);
	case 0x04: return emu_format_unit(e);
	case 0x23: return emu_read_format_capacities(e);
	case 0x25: return emu_read_capacity(e);
	case 0x28: case 0xA8: return emu_read(e);
	case 0x2A: case 0xAA: return emu_write(e);
	case 0x42: return emu_read_subchannel(e);
	case 0x43: return emu_read_toc(e);
	case 0x51: return emu_read_disc_info(e);
	case 0x52: return emu_read_track_info(e);
	case 0x53: return emu_reserve_track(e);
	case 0x54: return emu_send_opc(e);
	case 0x5B: return emu_close_track_session(e);
	case 0x5D: return emu_send_cue_sheet(e);
	case 0xA1: return e->no_blank ? emu_sense(e, 0x05, 0x20, 0x00) : emu_blank(e);
	case 0xAD: return emu_read_disc_structure(e);
	case 0xB9: case 0xBE: return emu_read_cd(e);
	default:
		return emu_sense(e, 0x05, 0x20, 0x00);
	}
}

/* Length field of an answer, for garble@OP: offset and width. */
static void garble(struct scsi_cmd *c)
{
	uint32_t got = c->data_len - c->resid;
	uint8_t *d = c->data;
	if (!d || got < 4)
		return;
	switch (c->cdb[0]) {
	case 0x12:
		d[4] = 0xff;
		break;
	case 0x23:
		d[3] = 0xf8;
		break;
	case 0x46: case 0xAC:
		put_be32(d, get_be32(d) + 4096);
		break;
	default:
		put_be16(d, (uint16_t)(get_be16(d) + 1024));
		break;
	}
}

int emu_exec(struct emu *e, struct scsi_cmd *c)
{
	if (!e || !c)
		return -EINVAL;
	c->status = SCSI_STATUS_GOOD;
	c->sense_len = 0;
	c->resid = c->data_len;
	if (e->gone) {
		log_cmd(e, c, -ENODEV);
		return -ENODEV;
	}
	e->cmd = c;
	if (e->loading)
		emu_autoload(e);
	/* short@OP on a data-out command: the drive takes half of what it is
	 * sent (a WRITE writes the first half of its blocks) and answers GOOD
	 * with the rest as residual, as a misbehaving drive or bridge does */
	uint32_t out_len = c->data_len, took = c->data_len;
	uint8_t cdb_saved[SCSI_CDB_MAX] = { 0 };
	bool cut_out = c->dir == SCSI_DIR_OUT && emu_fault_op(e, FAULT_SHORT, c->cdb[0]);
	if (cut_out) {
		memcpy(cdb_saved, c->cdb, sizeof(cdb_saved));
		if (c->cdb[0] == 0x2A || c->cdb[0] == 0xAA) {
			uint32_t n = c->cdb[0] == 0x2A ? get_be16(&c->cdb[7]) : get_be32(&c->cdb[6]);
			if (c->cdb[0] == 0x2A)
				put_be16(&c->cdb[7], (uint16_t)(n / 2));
			else
				put_be32(&c->cdb[6], n / 2);
			took = n / 2 * EMU_BLOCK;
		} else {
			took = c->data_len / 2;
			c->data_len = took;
		}
	}
	int rc = emu_fault_op(e, FAULT_FAIL, c->cdb[0]) ? emu_sense(e, 0x04, 0x44, 0x00) : dispatch(e);
	if (cut_out) {
		memcpy(c->cdb, cdb_saved, sizeof(cdb_saved));
		c->data_len = out_len;
	}
	if (rc == 0 && c->dir == SCSI_DIR_OUT)
		c->resid = c->status == SCSI_STATUS_GOOD && took < out_len ? out_len - took : 0;
	if (rc == 0 && c->status == SCSI_STATUS_GOOD && c->dir == SCSI_DIR_IN) {
		if (emu_fault_op(e, FAULT_SHORT, c->cdb[0])) {
			uint32_t got = c->data_len - c->resid;
			c->resid += got - got / 2;
		}
		if (emu_fault_op(e, FAULT_GARBLE, c->cdb[0]))
			garble(c);
		/* a drive that says what is not so: one byte of the answer */
		for (unsigned i = 0; i < e->nfaults; i++) {
			const struct emu_fault *f = &e->faults[i];
			if (f->kind == FAULT_FLIP && f->arg == c->cdb[0] && c->data &&
			    f->arg2 < c->data_len - c->resid)
				((uint8_t *)c->data)[f->arg2] ^= 0x01;
		}
		if (emu_fault_op(e, FAULT_EMPTY, c->cdb[0])) {
			/* GOOD, and not a byte of data */
			if (c->data)
				memset(c->data, 0, c->data_len);
			c->resid = c->data_len;
		}
	}
	log_cmd(e, c, rc);
	e->cmd = NULL;
	return rc;
}

/* ---- transport backend ------------------------------------------------------ */

_Static_assert(offsetof(struct emu, t) == 0, "struct transport must come first");

static int tr_match(const char *dev)
{
	return strncmp(dev, "emu:", 4) == 0;
}

static int tr_open(const char *dev, unsigned flags, struct transport **out,
		   char *why, size_t whylen)
{
	struct emu *e;
	int r = emu_open(dev, &e, why, whylen);
	if (r < 0)
		return r;
	*out = &e->t;
	return 0;
}

static void tr_close(struct transport *t)
{
	emu_close((struct emu *)t);
}

static int tr_exec(struct transport *t, struct scsi_cmd *c)
{
	return emu_exec((struct emu *)t, c);
}

const struct transport_ops emu_transport = {
	.name = "emu",
	.syntax = "emu:[KIND:][OPTION=VALUE:...]PATH  (KIND: cd-r cd-rw dvd-r dvd-rw dvd-rw-ro "
		  "dvd-r-dl dvd+r dvd+rw dvd+r-dl dvd+rw-dl dvd-ram bd-r bd-re, pressed cd-rom "
		  "dvd-rom bd-rom; options speed= buffer= size= no-burnfree no-blank no-tao no-sao no-raw "
		  "progress-no-sense toc-mode5 closed removed stack= vendor= model= type= log= "
		  "fault=)",
	.match = tr_match,
	.open = tr_open,
	.close = tr_close,
	.exec = tr_exec,
	.scan = NULL,
};
