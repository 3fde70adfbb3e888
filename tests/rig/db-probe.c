/* SPDX-License-Identifier: GPL-3.0-or-later */
/* db-probe.c — exercise one pass-through backend, for the tgt and QEMU rigs.
 *
 * Usage: db-probe DEV
 * Picks the backend the way device_open() does (first match in
 * device_backends[]), opens DEV read-only, and sends commands straight through
 * the transport (no gate, no retries: this checks the backend itself):
 *   INQUIRY, GET CONFIGURATION, READ DISC INFORMATION, READ TRACK
 *   INFORMATION, and an INQUIRY with an invalid field that every SPC device
 *   must refuse with CHECK CONDITION, ILLEGAL REQUEST / INVALID FIELD IN CDB
 *   (5/24/00) — so a backend that loses sense or status shows here.
 * Prints key=value lines; exit 0 when every command reached the device.
 *
 * Usage: db-probe --stall DEV
 * For a target the caller freezes: opens DEV, prints "opened", waits for a
 * line on stdin, then sends TEST UNIT READY with a 1.5 s timeout and prints
 * stalled_rc=, sends another and prints after_rc=, closes and prints
 * "closed" (the backend must neither hang nor touch freed memory).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/bytes.h"
#include "drive/device.h"
#include "transport.h"

static const struct transport_ops *pick(const char *dev)
{
	for (const struct transport_ops *const *b = device_backends; *b; b++)
		if ((*b)->match && (*b)->match(dev))
			return *b;
	return NULL;
}

/* Key/ASC/ASCQ of fixed (70h/71h) or descriptor (72h/73h) sense, SPC-4 4.5. */
static void sense_triple(const struct scsi_cmd *c, char *out, size_t len)
{
	const uint8_t *s = c->sense;

	if (c->sense_len >= 4 && (s[0] & 0x7e) == 0x72)
		snprintf(out, len, "%x/%02x/%02x", s[1] & 0x0f, s[2], s[3]);
	else if (c->sense_len >= 14 && (s[0] & 0x7e) == 0x70)
		snprintf(out, len, "%x/%02x/%02x", s[2] & 0x0f, s[12], s[13]);
	else
		snprintf(out, len, "none");
}

static int run(struct transport *t, const char *name, struct scsi_cmd *c)
{
	char triple[16];

	int rc = t->ops->exec(t, c);

	if (rc < 0) {
		printf("%s=transport-error rc=%d (%s)\n", name, rc, strerror(-rc));
		return rc;
	}
	if (c->status != SCSI_STATUS_GOOD) {
		sense_triple(c, triple, sizeof(triple));
		printf("%s=status status=0x%02x sense=%s\n", name, c->status, triple);
	}
	return 0;
}

static int stall(const struct transport_ops *ops, const char *dev)
{
	struct transport *t = NULL;
	char why[256] = "", line[16];
	int rc;

	rc = ops->open(dev, TRANSPORT_READONLY, &t, why, sizeof(why));
	if (rc < 0) {
		printf("open=failed rc=%d why=%s\n", rc, why);
		return 1;
	}
	t->ops = ops;
	printf("opened\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	struct scsi_cmd c = { .cdb = { 0x00 }, .cdb_len = 6, .dir = SCSI_DIR_NONE,
			      .timeout_ms = 1500 };
	printf("stalled_rc=%d\n", ops->exec(t, &c));
	fflush(stdout);
	c = (struct scsi_cmd){ .cdb = { 0x00 }, .cdb_len = 6, .dir = SCSI_DIR_NONE };
	printf("after_rc=%d\n", ops->exec(t, &c));
	ops->close(t);
	printf("closed\n");
	return 0;
}

int main(int argc, char **argv)
{
	const struct transport_ops *ops;
	struct transport *t = NULL;
	uint8_t buf[256];
	char why[256] = "";
	int rc, fail = 0;

	if (argc == 3 && strcmp(argv[1], "--stall") == 0) {
		ops = pick(argv[2]);
		return ops ? stall(ops, argv[2]) : 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: %s [--stall] DEV\n", argv[0]);
		return 2;
	}
	ops = pick(argv[1]);
	if (!ops) {
		fprintf(stderr, "no backend takes %s\n", argv[1]);
		return 2;
	}
	printf("backend=%s\n", ops->name);
	rc = ops->open(argv[1], TRANSPORT_READONLY, &t, why, sizeof(why));
	if (rc < 0) {
		printf("open=failed rc=%d why=%s\n", rc, why);
		return 1;
	}
	t->ops = ops;

	/* SPC-4 6.4 INQUIRY, standard data */
	struct scsi_cmd c = { .cdb = { 0x12, 0, 0, 0, 96, 0 }, .cdb_len = 6,
			      .dir = SCSI_DIR_IN, .data = buf, .data_len = 96 };
	memset(buf, 0, sizeof(buf));
	fail |= run(t, "inquiry", &c);
	if (c.status == SCSI_STATUS_GOOD && c.data_len - c.resid >= 36)
		printf("type=%d vendor=%.8s model=%.16s rev=%.4s\n", buf[0] & 0x1f,
		       buf + 8, buf + 16, buf + 32);

	/* MMC-6 6.6 GET CONFIGURATION, RT=2: the header's current profile */
	c = (struct scsi_cmd){ .cdb = { 0x46, 0x02, 0, 0, 0, 0, 0, 0, 16, 0 }, .cdb_len = 10,
			       .dir = SCSI_DIR_IN, .data = buf, .data_len = 16 };
	memset(buf, 0, sizeof(buf));
	fail |= run(t, "getconfig", &c);
	if (c.status == SCSI_STATUS_GOOD)
		printf("profile=0x%04x\n", get_be16(buf + 6));

	/* MMC-6 6.22 READ DISC INFORMATION: disc status in byte 2 bits 0-1 */
	c = (struct scsi_cmd){ .cdb = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 }, .cdb_len = 10,
			       .dir = SCSI_DIR_IN, .data = buf, .data_len = 34 };
	memset(buf, 0, sizeof(buf));
	fail |= run(t, "discinfo", &c);
	if (c.status == SCSI_STATUS_GOOD) {
		static const char *const st[] = { "blank", "appendable", "complete", "other" };
		printf("disc=%s\n", st[buf[2] & 3]);
	}

	/* MMC-6 6.27 READ TRACK INFORMATION, track 1: free blocks at 16..19 */
	c = (struct scsi_cmd){ .cdb = { 0x52, 0x01, 0, 0, 0, 1, 0, 0, 48, 0 }, .cdb_len = 10,
			       .dir = SCSI_DIR_IN, .data = buf, .data_len = 48 };
	memset(buf, 0, sizeof(buf));
	fail |= run(t, "trackinfo", &c);
	if (c.status == SCSI_STATUS_GOOD && c.data_len - c.resid >= 20)
		printf("free_blocks=%u nwa=%u\n", get_be32(buf + 16), get_be32(buf + 12));

	/* SPC-4 6.4.1: EVPD=0 with a page code is an invalid field in the CDB */
	c = (struct scsi_cmd){ .cdb = { 0x12, 0, 0x83, 0, 96, 0 }, .cdb_len = 6,
			       .dir = SCSI_DIR_IN, .data = buf, .data_len = 96 };
	fail |= run(t, "badinquiry", &c);

	/* A 16-byte CDB, READ CAPACITY(16) (SERVICE ACTION IN 0x9E/0x10): the
	 * backends that pass it answer "longcdb=answered" whatever the drive
	 * makes of it; libcdio caps CDBs at 12 bytes and refuses it. Not part
	 * of the exit status. */
	c = (struct scsi_cmd){ .cdb = { 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0 },
			       .cdb_len = 16, .dir = SCSI_DIR_IN, .data = buf, .data_len = 32 };
	rc = ops->exec(t, &c);
	if (rc < 0)
		printf("longcdb=refused rc=%d\n", rc);
	else
		printf("longcdb=answered status=0x%02x\n", c.status);

	ops->close(t);
	return fail ? 1 : 0;
}
