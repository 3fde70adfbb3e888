/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sense.c — parse and classify SCSI sense data (see sense.h).
 *
 * Formats are SPC-4 4.5: fixed (response codes 70h current / 71h deferred)
 * and descriptor (72h / 73h). The classification table follows the ASC/ASCQ
 * assignments of SPC-4 annex D and MMC-6 annex F, limited to what a burner
 * meets. What to advise the person at the drive is the CLI's business
 * (src/cli/messages.c).
 */
#include "config.h"

#include <string.h>
#include "base/bytes.h"
#include "mmc/sense.h"

/* SPC-4 4.5.2.4.4: progress indication, meaningful for NO SENSE and NOT
 * READY only (for other keys the same bytes are a field pointer etc.). */
static bool key_has_progress(uint8_t key)
{
	return key == SK_NO_SENSE || key == SK_NOT_READY;
}

/* SPC-4 4.5.3 fixed format: byte 0 VALID bit 7 / response code; byte 2
 * sense key bits 0-3; INFORMATION 3-6; additional length 7; ASC 12, ASCQ 13;
 * sense-key specific 15-17 (SKSV byte 15 bit 7, progress in 16-17). */
static void parse_fixed(const uint8_t *buf, size_t len, struct sense *out)
{
	size_t end = len;

	if (len >= 8 && (size_t)buf[7] + 8 < len)
		end = (size_t)buf[7] + 8;
	out->key = buf[2] & 0x0F;
	if (end >= 7 && (buf[0] & 0x80)) {
		out->info_valid = true;
		out->info = get_be32(buf + 3);
	}
	if (end >= 14) {
		out->asc = buf[12];
		out->ascq = buf[13];
	}
	if (end >= 18 && (buf[15] & 0x80) && key_has_progress(out->key)) {
		out->progress_valid = true;
		out->progress = get_be16(buf + 16);
	}
}

/* SPC-4 4.5.2 descriptor format: key 1, ASC 2, ASCQ 3, additional length 7,
 * descriptors from byte 8 (type, additional length, data). Type 00h
 * information (VALID byte 2 bit 7, 8-byte field at 4); type 02h sense-key
 * specific (SKSV byte 4 bit 7, progress 5-6). */
static void parse_descriptor(const uint8_t *buf, size_t len, struct sense *out)
{
	size_t end = len;

	out->key = buf[1] & 0x0F;
	if (len >= 4) {
		out->asc = buf[2];
		out->ascq = buf[3];
	}
	if (len < 8)
		return;
	if ((size_t)buf[7] + 8 < end)
		end = (size_t)buf[7] + 8;
	for (size_t off = 8; off + 2 <= end;) {
		const uint8_t *d = buf + off;
		size_t dlen = (size_t)d[1] + 2;
		if (off + dlen > end)
			break;
		if (d[0] == 0x00 && dlen >= 12 && (d[2] & 0x80)) {
			out->info_valid = true;
			out->info = (uint64_t)get_be32(d + 4) << 32 | get_be32(d + 8);
		} else if (d[0] == 0x02 && dlen >= 7 && (d[4] & 0x80) &&
			   key_has_progress(out->key)) {
			out->progress_valid = true;
			out->progress = get_be16(d + 5);
		}
		off += dlen;
	}
}

int sense_parse(const uint8_t *buf, size_t len, struct sense *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 1)
		return -1;
	uint8_t code = buf[0] & 0x7F;
	switch (code) {
	case 0x70:
	case 0x71:
		if (len < 3)
			return -1;
		out->response_code = code;
		out->deferred = code == 0x71;
		parse_fixed(buf, len, out);
		break;
	case 0x72:
	case 0x73:
		if (len < 2)
			return -1;
		out->response_code = code;
		out->deferred = code == 0x73;
		parse_descriptor(buf, len, out);
		break;
	default:
		return -1;
	}
	out->valid = true;
	return 0;
}

/* ---- classification ------------------------------------------------------ */

#define ANY (-1)

struct sense_entry {
	uint8_t key;
	int16_t asc, ascq;      /* ANY matches every value */
	struct sense_info info;
};

#define E(k, a, q, act, text) { k, a, q, { act, text } }


/* First match wins: specific ASCQs before the ASC wildcard of the same ASC. */
static const struct sense_entry table[] = {
	E(0x0, 0x00, 0x00, SENSE_ACT_OK, "no error"),

	E(0x2, 0x04, 0x00, SENSE_ACT_WAIT, "drive not ready, cause not reported"),
	E(0x2, 0x04, 0x01, SENSE_ACT_WAIT, "drive is becoming ready"),
	E(0x2, 0x04, 0x04, SENSE_ACT_WAIT, "format in progress"),
	E(0x2, 0x04, 0x07, SENSE_ACT_WAIT, "operation in progress"),
	E(0x2, 0x04, 0x08, SENSE_ACT_WAIT, "long write in progress"),
	E(0x2, 0x04, ANY, SENSE_ACT_FAIL, "drive not ready"),
	E(0x2, 0x3A, 0x01, SENSE_ACT_FAIL, "no disc in the drive (tray closed)"),
	E(0x2, 0x3A, 0x02, SENSE_ACT_FAIL, "no disc in the drive (tray open)"),
	E(0x2, 0x3A, ANY, SENSE_ACT_FAIL, "no disc in the drive"),
	E(0x2, 0x30, ANY, SENSE_ACT_FAIL, "incompatible disc in the drive"),
	E(0x2, 0x3E, 0x00, SENSE_ACT_WAIT, "drive has not finished its self-configuration"),
	E(0x2, 0x57, 0x00, SENSE_ACT_FAIL, "unable to recover the table of contents"),

	E(0x3, 0x0C, 0x09, SENSE_ACT_FAIL, "write error: loss of streaming (buffer underrun)"),
	E(0x3, 0x0C, ANY, SENSE_ACT_FAIL, "write error"),
	E(0x3, 0x11, ANY, SENSE_ACT_FAIL, "unrecovered read error"),
	E(0x3, 0x02, 0x00, SENSE_ACT_FAIL, "no seek complete"),
	E(0x3, 0x15, ANY, SENSE_ACT_FAIL, "positioning error"),
	E(0x3, 0x31, ANY, SENSE_ACT_FAIL, "medium format is corrupted"),
	E(0x3, 0x73, 0x03, SENSE_ACT_FAIL, "power calibration (OPC) failed"),
	E(0x3, 0x73, ANY, SENSE_ACT_FAIL, "power calibration or CD control error"),

	E(0x4, 0x09, ANY, SENSE_ACT_FAIL, "drive hardware error: tracking or focus servo failure"),
	E(0x4, 0x44, ANY, SENSE_ACT_FAIL, "drive internal failure"),

	E(0x5, 0x20, 0x00, SENSE_ACT_FAIL, "command not supported by the drive"),
	E(0x5, 0x21, 0x00, SENSE_ACT_FAIL, "address out of range"),
	E(0x5, 0x21, 0x02, SENSE_ACT_FAIL, "invalid address for write"),
	E(0x5, 0x24, 0x00, SENSE_ACT_FAIL, "invalid field in the command"),
	E(0x5, 0x26, ANY, SENSE_ACT_FAIL, "invalid field in the parameter list"),
	E(0x5, 0x27, ANY, SENSE_ACT_FAIL, "disc is write protected"),
	E(0x5, 0x2C, 0x00, SENSE_ACT_FAIL, "command sequence error"),
	E(0x5, 0x30, 0x05, SENSE_ACT_FAIL, "cannot write this disc: incompatible format"),
	E(0x5, 0x30, 0x06, SENSE_ACT_FAIL, "cannot format this disc: incompatible medium"),
	E(0x5, 0x30, ANY, SENSE_ACT_FAIL, "incompatible disc for this operation"),
	E(0x5, 0x63, 0x00, SENSE_ACT_FAIL, "end of user area reached on this track"),
	E(0x5, 0x64, 0x00, SENSE_ACT_FAIL, "illegal mode for this track"),
	E(0x5, 0x6F, ANY, SENSE_ACT_FAIL, "copy protection error"),
	E(0x5, 0x72, 0x03, SENSE_ACT_FAIL, "session fixation error: incomplete track in session"),
	E(0x5, 0x72, 0x05, SENSE_ACT_FAIL, "no more track reservations allowed"),
	E(0x5, 0x72, ANY, SENSE_ACT_FAIL, "session fixation error"),
	E(0x5, 0x73, 0x02, SENSE_ACT_FAIL, "power calibration area is full"),
	E(0x5, 0x73, 0x03, SENSE_ACT_FAIL, "power calibration (OPC) failed"),
	E(0x5, 0x73, 0x05, SENSE_ACT_FAIL, "program memory area is full"),
	E(0x5, 0x73, ANY, SENSE_ACT_FAIL, "power calibration or CD control error"),

	E(0x6, 0x28, 0x00, SENSE_ACT_MEDIA_CHANGED, "disc may have been changed"),
	E(0x6, 0x29, ANY, SENSE_ACT_MEDIA_CHANGED, "drive was reset or powered on"),
	E(0x6, 0x2A, ANY, SENSE_ACT_MEDIA_CHANGED, "drive parameters were changed"),

	E(0x7, 0x27, ANY, SENSE_ACT_FAIL, "disc is write protected"),
};

struct key_entry {
	const char *name;
	struct sense_info info;
};

static const struct key_entry keys[16] = {
	[0x0] = { "NO SENSE", { SENSE_ACT_OK, "no error" } },
	[0x1] = { "RECOVERED ERROR", { SENSE_ACT_OK, "recovered error" } },
	[0x2] = { "NOT READY", { SENSE_ACT_FAIL, "drive not ready" } },
	[0x3] = { "MEDIUM ERROR", { SENSE_ACT_FAIL, "medium error" } },
	[0x4] = { "HARDWARE ERROR", { SENSE_ACT_FAIL, "drive hardware error" } },
	[0x5] = { "ILLEGAL REQUEST", { SENSE_ACT_FAIL, "drive refused the command" } },
	[0x6] = { "UNIT ATTENTION", { SENSE_ACT_MEDIA_CHANGED,
		  "drive state changed (unit attention)" } },
	[0x7] = { "DATA PROTECT", { SENSE_ACT_FAIL, "disc is protected against this operation" } },
	[0x8] = { "BLANK CHECK", { SENSE_ACT_FAIL, "read of an unwritten area (blank check)" } },
	[0x9] = { "VENDOR SPECIFIC", { SENSE_ACT_FAIL, "vendor specific error" } },
	[0xA] = { "COPY ABORTED", { SENSE_ACT_FAIL, "copy aborted" } },
	[0xB] = { "ABORTED COMMAND", { SENSE_ACT_RETRY, "command aborted by the drive" } },
	[0xC] = { "EQUAL", { SENSE_ACT_FAIL, "obsolete sense key" } },
	[0xD] = { "VOLUME OVERFLOW", { SENSE_ACT_FAIL, "volume overflow" } },
	[0xE] = { "MISCOMPARE", { SENSE_ACT_FAIL, "miscompare" } },
	[0xF] = { "COMPLETED", { SENSE_ACT_OK, "completed" } },
};

const struct sense_info *sense_lookup(uint8_t key, uint8_t asc, uint8_t ascq)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct sense_entry *e = &table[i];
		if (e->key == key && (e->asc == ANY || e->asc == asc) &&
		    (e->ascq == ANY || e->ascq == ascq))
			return &e->info;
	}
	return &keys[key & 0x0F].info;
}

const char *sense_key_name(uint8_t key)
{
	if (key > 0x0F)
		return "UNKNOWN";
	return keys[key].name;
}
