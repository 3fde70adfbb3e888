/* sense.c — parse and classify SCSI sense data (see sense.h).
 *
 * Formats are SPC-4 4.5: fixed (response codes 70h current / 71h deferred)
 * and descriptor (72h / 73h). The classification table follows the ASC/ASCQ
 * assignments of SPC-4 annex D and MMC-6 annex F, limited to what a burner
 * meets, with advice written for the person at the drive.
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

#define E(k, a, q, act, text, advice) { k, a, q, { act, text, advice } }

static const char ADV_BLANK[] = "Use a blank disc or blank it first with blank=fast";
static const char ADV_SPEED[] = "Lower the speed with speed=4 or try other media";
static const char ADV_MEDIA[] = "Try another disc, preferably of another brand";
static const char ADV_DISC[] = "Use a disc type this drive can write (see --devices and -atip)";

/* First match wins: specific ASCQs before the ASC wildcard of the same ASC. */
static const struct sense_entry table[] = {
	E(0x0, 0x00, 0x00, SENSE_ACT_OK, "no error", ""),

	E(0x2, 0x04, 0x00, SENSE_ACT_WAIT, "drive not ready, cause not reported", ""),
	E(0x2, 0x04, 0x01, SENSE_ACT_WAIT, "drive is becoming ready", ""),
	E(0x2, 0x04, 0x04, SENSE_ACT_WAIT, "format in progress", ""),
	E(0x2, 0x04, 0x07, SENSE_ACT_WAIT, "operation in progress", ""),
	E(0x2, 0x04, 0x08, SENSE_ACT_WAIT, "long write in progress", ""),
	E(0x2, 0x04, ANY, SENSE_ACT_FAIL, "drive not ready",
	  "Wait a moment, then try again; reload the disc if it persists"),
	E(0x2, 0x3A, 0x01, SENSE_ACT_FAIL, "no disc in the drive (tray closed)",
	  "Insert a disc"),
	E(0x2, 0x3A, 0x02, SENSE_ACT_FAIL, "no disc in the drive (tray open)",
	  "Insert a disc and close the tray"),
	E(0x2, 0x3A, ANY, SENSE_ACT_FAIL, "no disc in the drive",
	  "Insert a disc and close the tray"),
	E(0x2, 0x30, ANY, SENSE_ACT_FAIL, "incompatible disc in the drive", ADV_DISC),
	E(0x2, 0x3E, 0x00, SENSE_ACT_WAIT, "drive has not finished its self-configuration", ""),
	E(0x2, 0x57, 0x00, SENSE_ACT_FAIL, "unable to recover the table of contents",
	  "The disc is unreadable; if it is rewritable blank it with blank=all"),

	E(0x3, 0x0C, 0x09, SENSE_ACT_FAIL, "write error: loss of streaming (buffer underrun)",
	  "Enable burnfree (driveropts=burnfree), use a larger fs= or a lower speed"),
	E(0x3, 0x0C, ANY, SENSE_ACT_FAIL, "write error", ADV_SPEED),
	E(0x3, 0x11, ANY, SENSE_ACT_FAIL, "unrecovered read error",
	  "The disc may be scratched, dirty or badly written; clean it or burn again at a lower speed"),
	E(0x3, 0x02, 0x00, SENSE_ACT_FAIL, "no seek complete", ADV_MEDIA),
	E(0x3, 0x15, ANY, SENSE_ACT_FAIL, "positioning error", ADV_MEDIA),
	E(0x3, 0x31, ANY, SENSE_ACT_FAIL, "medium format is corrupted",
	  "Blank or format the disc again (blank=all or format)"),
	E(0x3, 0x73, 0x03, SENSE_ACT_FAIL, "power calibration (OPC) failed", ADV_SPEED),
	E(0x3, 0x73, ANY, SENSE_ACT_FAIL, "power calibration or CD control error", ADV_SPEED),

	E(0x4, 0x09, ANY, SENSE_ACT_FAIL, "drive hardware error: tracking or focus servo failure",
	  "Clean the disc and the drive lens, then try other media or a lower speed"),
	E(0x4, 0x44, ANY, SENSE_ACT_FAIL, "drive internal failure",
	  "Power-cycle the drive; if it persists the drive may be faulty"),

	E(0x5, 0x20, 0x00, SENSE_ACT_FAIL, "command not supported by the drive",
	  "This drive cannot do what was asked; try another write mode (-tao or -sao)"),
	E(0x5, 0x21, 0x00, SENSE_ACT_FAIL, "address out of range",
	  "The image does not fit on this disc; use a larger disc"),
	E(0x5, 0x21, 0x02, SENSE_ACT_FAIL, "invalid address for write",
	  "The disc was written or closed meanwhile; check it with -minfo and use a blank disc"),
	E(0x5, 0x24, 0x00, SENSE_ACT_FAIL, "invalid field in the command",
	  "The drive refused an option; try another write mode or speed"),
	E(0x5, 0x26, ANY, SENSE_ACT_FAIL, "invalid field in the parameter list",
	  "The drive refused the write parameters; try another write mode (-tao or -sao) or speed"),
	E(0x5, 0x27, ANY, SENSE_ACT_FAIL, "disc is write protected",
	  "Use a writable disc or remove the write protection"),
	E(0x5, 0x2C, 0x00, SENSE_ACT_FAIL, "command sequence error",
	  "The drive was in an unexpected state; reload the disc and try again"),
	E(0x5, 0x30, 0x05, SENSE_ACT_FAIL, "cannot write this disc: incompatible format", ADV_BLANK),
	E(0x5, 0x30, 0x06, SENSE_ACT_FAIL, "cannot format this disc: incompatible medium", ADV_DISC),
	E(0x5, 0x30, ANY, SENSE_ACT_FAIL, "incompatible disc for this operation", ADV_DISC),
	E(0x5, 0x63, 0x00, SENSE_ACT_FAIL, "end of user area reached on this track",
	  "The image is larger than the free space on this disc; use a larger disc"),
	E(0x5, 0x64, 0x00, SENSE_ACT_FAIL, "illegal mode for this track",
	  "The disc was written in another mode; use a blank disc or blank it first with blank=fast"),
	E(0x5, 0x6F, ANY, SENSE_ACT_FAIL, "copy protection error",
	  "This disc is copy protected; discburn cannot work around that"),
	E(0x5, 0x72, 0x03, SENSE_ACT_FAIL, "session fixation error: incomplete track in session",
	  "The disc is left open; try closing it again or use a new disc"),
	E(0x5, 0x72, 0x05, SENSE_ACT_FAIL, "no more track reservations allowed",
	  "The disc has no room for another track; use a new disc"),
	E(0x5, 0x72, ANY, SENSE_ACT_FAIL, "session fixation error",
	  "The disc may be left unreadable; try other media or a lower speed"),
	E(0x5, 0x73, 0x02, SENSE_ACT_FAIL, "power calibration area is full",
	  "This disc has no room left for calibration; use a new disc"),
	E(0x5, 0x73, 0x03, SENSE_ACT_FAIL, "power calibration (OPC) failed", ADV_SPEED),
	E(0x5, 0x73, 0x05, SENSE_ACT_FAIL, "program memory area is full",
	  "This disc cannot take more tracks; use a new disc"),
	E(0x5, 0x73, ANY, SENSE_ACT_FAIL, "power calibration or CD control error", ADV_SPEED),

	E(0x6, 0x28, 0x00, SENSE_ACT_MEDIA_CHANGED, "disc may have been changed", ""),
	E(0x6, 0x29, ANY, SENSE_ACT_MEDIA_CHANGED, "drive was reset or powered on", ""),
	E(0x6, 0x2A, ANY, SENSE_ACT_MEDIA_CHANGED, "drive parameters were changed", ""),

	E(0x7, 0x27, ANY, SENSE_ACT_FAIL, "disc is write protected",
	  "Use a writable disc or remove the write protection"),
};

struct key_entry {
	const char *name;
	struct sense_info info;
};

static const struct key_entry keys[16] = {
	[0x0] = { "NO SENSE", { SENSE_ACT_OK, "no error", "" } },
	[0x1] = { "RECOVERED ERROR", { SENSE_ACT_OK, "recovered error", "" } },
	[0x2] = { "NOT READY", { SENSE_ACT_FAIL, "drive not ready",
		  "Wait a moment, then try again; reload the disc if it persists" } },
	[0x3] = { "MEDIUM ERROR", { SENSE_ACT_FAIL, "medium error", ADV_SPEED } },
	[0x4] = { "HARDWARE ERROR", { SENSE_ACT_FAIL, "drive hardware error",
		  "Power-cycle the drive; clean the lens; it may be faulty" } },
	[0x5] = { "ILLEGAL REQUEST", { SENSE_ACT_FAIL, "drive refused the command",
		  "The drive or disc cannot do this; try another write mode or disc" } },
	[0x6] = { "UNIT ATTENTION", { SENSE_ACT_MEDIA_CHANGED,
		  "drive state changed (unit attention)", "" } },
	[0x7] = { "DATA PROTECT", { SENSE_ACT_FAIL, "disc is protected against this operation",
		  "Use a writable disc" } },
	[0x8] = { "BLANK CHECK", { SENSE_ACT_FAIL, "read of an unwritten area (blank check)",
		  "The disc or this part of it is blank; nothing was written there" } },
	[0x9] = { "VENDOR SPECIFIC", { SENSE_ACT_FAIL, "vendor specific error", "" } },
	[0xA] = { "COPY ABORTED", { SENSE_ACT_FAIL, "copy aborted", "" } },
	[0xB] = { "ABORTED COMMAND", { SENSE_ACT_RETRY, "command aborted by the drive", "" } },
	[0xC] = { "EQUAL", { SENSE_ACT_FAIL, "obsolete sense key", "" } },
	[0xD] = { "VOLUME OVERFLOW", { SENSE_ACT_FAIL, "volume overflow",
		  "The image does not fit on this disc; use a larger disc" } },
	[0xE] = { "MISCOMPARE", { SENSE_ACT_FAIL, "miscompare", "" } },
	[0xF] = { "COMPLETED", { SENSE_ACT_OK, "completed", "" } },
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
