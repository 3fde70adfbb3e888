/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fidelity.c — does the emulator answer like a recorder nobody here wrote?
 *
 * Sends the same commands to two devices (the emulator and tgt's MMC target
 * over iSCSI, both holding a blank DVD+R) and compares the answers field by
 * field, printing TAP. A field tgt does not implement is listed as a known
 * difference with its reason (doc/emulator.md keeps the same list); every
 * other field must agree.
 *
 * usage: fidelity DEV-A DEV-B
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "drive/device.h"
#include "mmc/mmc.h"
#include "msgtext.h"

static unsigned n_ok, n_fail;

static void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%sok %u - ", ok ? "" : "not ", n_ok + n_fail + 1);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (ok)
		n_ok++;
	else
		n_fail++;
}

static void same(const char *what, long a, long b)
{
	tap(a == b, "%s: emulator %ld, tgt %ld", what, a, b);
}

static void known(const char *what, long a, long b, const char *why)
{
	printf("# known difference: %s: emulator %ld, tgt %ld (%s)\n", what, a, b, why);
}

/* Features whose current bit tgt gets wrong for a mounted blank DVD+R. */
static const struct {
	uint16_t code;
	const char *why;
} tgt_current[] = {
	{ 0x001F, "DVD Read is current whenever DVD media is mounted (MMC-6 5.3.9); "
		  "tgt never sets it" },
	{ 0x0107, "Real Time Streaming is current with writable DVD media, which "
		  "SET STREAMING users check; tgt never sets it" },
};

struct answer {
	uint8_t buf[4096];
	size_t len;
	int rc;
};

static void ask(struct device *d, struct scsi_cmd *c, struct answer *a)
{
	struct db_error err;
	a->rc = device_exec(d, c, &err);
	a->len = c->data_len - c->resid;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s DEV-A DEV-B\n", argv[0]);
		return 2;
	}
	struct device *d[2];
	for (int i = 0; i < 2; i++) {
		struct db_error err;
		if (device_open(argv[1 + i], TRANSPORT_READONLY, &d[i], &err) < 0) {
			fprintf(stderr, "%s\n", msg_of(&err));
			return 1;
		}
	}
	static struct answer a[2];
	struct scsi_cmd c;

	/* INQUIRY (SPC-4 6.6) */
	for (int i = 0; i < 2; i++) {
		mmc_build_inquiry(&c, a[i].buf, 96);
		ask(d[i], &c, &a[i]);
	}
	struct mmc_inquiry q[2];
	for (int i = 0; i < 2; i++)
		mmc_parse_inquiry(a[i].buf, a[i].len, &q[i]);
	same("INQUIRY answered", a[0].rc, a[1].rc);
	same("INQUIRY peripheral device type", q[0].peripheral_type, q[1].peripheral_type);
	same("INQUIRY removable medium (RMB)", q[0].removable, q[1].removable);
	same("INQUIRY response data format", a[0].buf[3] & 0x0F, a[1].buf[3] & 0x0F);
	tap(a[0].buf[4] >= 31 && a[1].buf[4] >= 31, "INQUIRY additional length >= 31 "
	    "(emulator %u, tgt %u)", a[0].buf[4], a[1].buf[4]);
	if (a[0].buf[2] != a[1].buf[2])
		known("INQUIRY version", a[0].buf[2], a[1].buf[2],
		      "tgt claims SPC-3; the emulator claims what its commands implement");

	/* GET CONFIGURATION, all features (MMC-6 6.6) */
	for (int i = 0; i < 2; i++) {
		mmc_build_get_configuration(&c, 0, 0, a[i].buf, sizeof(a[i].buf));
		ask(d[i], &c, &a[i]);
	}
	struct mmc_config cfg[2];
	for (int i = 0; i < 2; i++)
		mmc_parse_configuration(a[i].buf, a[i].len, &cfg[i]);
	same("GET CONFIGURATION answered", a[0].rc, a[1].rc);
	same("GET CONFIGURATION current profile", cfg[0].current_profile, cfg[1].current_profile);
	/* every feature tgt reports, the emulator reports, with the same current bit */
	size_t end1 = a[1].len < 4 ? 0 : 4 + get_be32(a[1].buf);
	if (end1 > a[1].len)
		end1 = a[1].len;
	for (size_t off = 8; off + 4 <= end1; off += 4 + a[1].buf[off + 3]) {
		uint16_t code = get_be16(a[1].buf + off);
		bool cur1 = a[1].buf[off + 2] & 1, found = false, cur0 = false;
		size_t end0 = a[0].len < 4 ? 0 : 4 + get_be32(a[0].buf);
		if (end0 > a[0].len)
			end0 = a[0].len;
		for (size_t o = 8; o + 4 <= end0; o += 4 + a[0].buf[o + 3])
			if (get_be16(a[0].buf + o) == code) {
				found = true;
				cur0 = a[0].buf[o + 2] & 1;
			}
		tap(found, "GET CONFIGURATION feature %04Xh reported by both", code);
		const char *why = NULL;
		for (size_t k = 0; k < sizeof(tgt_current) / sizeof(tgt_current[0]); k++)
			if (tgt_current[k].code == code)
				why = tgt_current[k].why;
		char what[64];
		snprintf(what, sizeof(what), "feature %04Xh current bit", code);
		if (found && why && cur0 != cur1)
			known(what, cur0, cur1, why);
		else if (found)
			same(what, cur0, cur1);
	}

	/* READ DISC INFORMATION (MMC-6 6.22) */
	for (int i = 0; i < 2; i++) {
		mmc_build_read_disc_info(&c, a[i].buf, 34);
		ask(d[i], &c, &a[i]);
	}
	struct mmc_disc_info di[2];
	for (int i = 0; i < 2; i++)
		mmc_parse_disc_info(a[i].buf, a[i].len, &di[i]);
	same("READ DISC INFORMATION answered", a[0].rc, a[1].rc);
	same("disc status", di[0].status, di[1].status);
	same("state of last session", di[0].last_session_state, di[1].last_session_state);
	same("erasable", di[0].erasable, di[1].erasable);
	same("first track on disc", di[0].first_track, di[1].first_track);
	same("number of sessions", di[0].sessions, di[1].sessions);
	same("first track in last session", di[0].first_track_last_session,
	     di[1].first_track_last_session);
	same("last track in last session", di[0].last_track_last_session,
	     di[1].last_track_last_session);
	same("disc type", di[0].disc_type, di[1].disc_type);
	if (di[0].last_session_leadin != di[1].last_session_leadin)
		known("last session lead-in start", di[0].last_session_leadin,
		      di[1].last_session_leadin, "not meaningful on a blank DVD+R; MMC leaves it "
		      "to the drive");
	if (di[0].last_leadout_start != di[1].last_leadout_start)
		known("last possible lead-out start", di[0].last_leadout_start,
		      di[1].last_leadout_start, "tgt leaves it 0; the emulator reports the capacity "
		      "as drives do");

	/* READ TRACK INFORMATION, track 1 (MMC-6 6.27) */
	for (int i = 0; i < 2; i++) {
		mmc_build_read_track_info(&c, 1, 1, a[i].buf, 48);
		ask(d[i], &c, &a[i]);
	}
	struct mmc_track_info ti[2];
	for (int i = 0; i < 2; i++)
		mmc_parse_track_info(a[i].buf, a[i].len, &ti[i]);
	same("READ TRACK INFORMATION answered", a[0].rc, a[1].rc);
	same("track number", ti[0].track, ti[1].track);
	same("session number", ti[0].session, ti[1].session);
	same("track start", ti[0].start_lba, ti[1].start_lba);
	same("blank", ti[0].blank, ti[1].blank);
	same("NWA valid", ti[0].nwa_valid, ti[1].nwa_valid);
	same("next writable address", ti[0].nwa, ti[1].nwa);
	same("free blocks", ti[0].free_blocks, ti[1].free_blocks);
	same("data mode", ti[0].data_mode, ti[1].data_mode);
	if (ti[0].size != ti[1].size)
		known("track size", ti[0].size, ti[1].size, "the invisible track's size: tgt "
		      "reports it static");
	if (ti[0].track_mode != ti[1].track_mode)
		known("track mode", ti[0].track_mode, ti[1].track_mode, "tgt answers a fixed "
		      "value");

	/* READ CAPACITY (MMC-6 6.23) */
	for (int i = 0; i < 2; i++) {
		mmc_build_read_capacity(&c, a[i].buf);
		ask(d[i], &c, &a[i]);
	}
	struct mmc_capacity cap[2];
	for (int i = 0; i < 2; i++)
		mmc_parse_read_capacity(a[i].buf, a[i].len, &cap[i]);
	same("READ CAPACITY answered", a[0].rc, a[1].rc);
	same("READ CAPACITY block length", cap[0].block_len, cap[1].block_len);
	if (cap[0].last_lba != cap[1].last_lba)
		known("READ CAPACITY last LBA", cap[0].last_lba, cap[1].last_lba,
		      "a blank disc has no recorded blocks; tgt reports its backing file's size");

	/* READ BUFFER CAPACITY (MMC-6 6.25) */
	for (int i = 0; i < 2; i++) {
		mmc_build_read_buffer_capacity(&c, false, a[i].buf);
		ask(d[i], &c, &a[i]);
	}
	struct mmc_buffer_cap bc[2];
	for (int i = 0; i < 2; i++)
		mmc_parse_buffer_capacity(a[i].buf, a[i].len, false, &bc[i]);
	same("READ BUFFER CAPACITY answered", a[0].rc, a[1].rc);
	same("READ BUFFER CAPACITY data length", get_be16(a[0].buf), get_be16(a[1].buf));
	tap(bc[0].free <= bc[0].size && bc[1].free <= bc[1].size,
	    "READ BUFFER CAPACITY free <= size in both");
	if (bc[0].size != bc[1].size)
		known("READ BUFFER CAPACITY buffer size", bc[0].size, bc[1].size,
		      "tgt reports a fixed 4096-block buffer; the emulator its buffer= size");
	if (bc[0].free != bc[1].free)
		known("READ BUFFER CAPACITY free", bc[0].free, bc[1].free,
		      "tgt reports a fixed half-full buffer; the emulator its real fill");

	device_close(d[0]);
	device_close(d[1]);
	printf("1..%u\n", n_ok + n_fail);
	printf("%u passed, %u failed\n", n_ok, n_fail);
	return n_fail ? 1 : 0;
}
