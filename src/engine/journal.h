/* SPDX-License-Identifier: GPL-3.0-or-later */
/* journal.h — the record of a duplication job that survives a crash.
 *
 * A JSON-lines file: a "job" line first (the image's name, size, the copies
 * per drive, the expected SHA-256 when one was given), one "digest" line
 * once the stream's SHA-256 is known, and one "disc" line per disc (drive,
 * copy number, start and end time, bytes, verify, result, and for a failure
 * its reason, command, sense and LBA). Every line is written whole with one
 * write() and fsync()ed before the drive starts its next disc, so after a
 * crash the journal holds every disc that was finished, and at most the last
 * line is torn (it is then dropped: that disc is not counted; a torn job
 * line alone, a crash while the journal was created, starts it afresh).
 *
 * Read back with a real JSON parser (jansson): a malformed line anywhere but
 * at the torn end (a torn record with another after it on the same line
 * included), a disc record whose copy is not a number or whose result is
 * neither "ok" nor "failed", a journal without its job line, one of another
 * job (image, size, copies) are refused, naming the line. Only a regular file is
 * accepted (not a device, not through a symlink), and a write or fsync that
 * fails stops the job: no disc goes unrecorded.
 */
#ifndef DISCBURN_JOURNAL_H
#define DISCBURN_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/burn.h"

struct journal;

/* What identifies the job. */
struct journal_job {
	const char *image;              /* base name */
	uint64_t size;                  /* stream bytes */
	unsigned copies;                /* per drive */
	unsigned drives;
	const char *expect_sha256;      /* hex, or NULL */
};

/* What an existing journal says. */
struct journal_resume {
	char sha256[65];                /* the job's digest (stream or expected); "" if none */
	unsigned ndev;
	unsigned ok[16];                /* good discs per drive (by devs[] index) */
	unsigned discs[16];             /* discs recorded per drive (next copy - 1) */
	unsigned resumed;               /* good discs in all */
};

/* Open or create the journal at path for this job and these drives; an
 * existing one is read into *r. Returns 0, or DB_E* with the reason
 * (JOURNAL_NOT_FILE, JOURNAL_OPEN, JOURNAL_BAD_LINE, JOURNAL_NO_JOB,
 * JOURNAL_OTHER_JOB, JOURNAL_WRITE). */
int journal_open(const char *path, const struct journal_job *job, const char *const *devs,
		 unsigned ndev, struct journal **out, struct journal_resume *r,
		 struct db_error *err);

/* The stream's digest, once per job (a later call with the same digest is
 * a no-op). */
int journal_digest(struct journal *j, const char *sha256, struct db_error *err);

/* One finished disc. start: ISO 8601 UTC time it began. e: its failure or
 * NULL. */
int journal_disc(struct journal *j, const char *dev, unsigned copy, const char *start,
		 bool ok, const struct db_error *e, const struct burn_stats *st,
		 struct db_error *err);

void journal_close(struct journal *j);

/* ISO 8601 UTC now, e.g. "2026-12-02T04:15:26Z". */
void journal_now(char out[32]);

#endif
