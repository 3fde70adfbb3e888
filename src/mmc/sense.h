/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sense.h — SCSI sense data: normalise, then classify.
 *
 * sense_parse() reads fixed (0x70/0x71) and descriptor (0x72/0x73) format
 * sense into one struct. sense_lookup() maps key/ASC/ASCQ to what the code
 * means (the standard's meaning, in words) and what the caller should do;
 * the retry policy lives in device.c, which is the only place that acts on
 * it. What to advise a person is decided by the CLI.
 */
#ifndef DISCBURN_SENSE_H
#define DISCBURN_SENSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sense_key {
	SK_NO_SENSE = 0x0, SK_RECOVERED = 0x1, SK_NOT_READY = 0x2,
	SK_MEDIUM_ERROR = 0x3, SK_HARDWARE_ERROR = 0x4, SK_ILLEGAL_REQUEST = 0x5,
	SK_UNIT_ATTENTION = 0x6, SK_DATA_PROTECT = 0x7, SK_BLANK_CHECK = 0x8,
	SK_ABORTED_COMMAND = 0xB, SK_MISCOMPARE = 0xE,
};

struct sense {
	bool valid;             /* a known response code and enough bytes */
	bool deferred;          /* 0x71/0x73: error of an earlier command */
	uint8_t response_code;
	uint8_t key, asc, ascq;
	bool info_valid;
	uint64_t info;          /* INFORMATION field (often an LBA) */
	bool progress_valid;    /* sense-key specific progress indication */
	uint16_t progress;      /* 0..65535, fraction of 65536 done */
};

/* Parse len bytes of sense. Returns 0, or -1 when the bytes are not sense
 * data (then out->valid is false). Never reads past len. */
int sense_parse(const uint8_t *buf, size_t len, struct sense *out);

enum sense_action {
	SENSE_ACT_FAIL = 0,     /* give up, report */
	SENSE_ACT_RETRY,        /* send the same command again at once (bounded) */
	SENSE_ACT_WAIT,         /* drive busy: wait, then send the same command */
	SENSE_ACT_MEDIA_CHANGED,/* unit attention: state is stale; retry once */
	SENSE_ACT_OK,           /* not an error (recovered, no sense) */
};

struct sense_info {
	enum sense_action action;
	const char *text;       /* what the code means, e.g. "long write in progress" */
};

/* Never returns NULL: unknown ASC/ASCQ fall back to the key's meaning. */
const struct sense_info *sense_lookup(uint8_t key, uint8_t asc, uint8_t ascq);

/* Name of a sense key, e.g. "NOT READY". */
const char *sense_key_name(uint8_t key);

#endif
