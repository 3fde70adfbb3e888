/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outbox.h — the station's own record of finished discs, on local disk.
 *
 * A disc's result is written here (one JSON line, fsync'ed) before the
 * station tries to tell the database, and a "reported" line follows once the
 * database has it. A disc that finished while the database was away, or
 * just before the station died, is reported from here when the database is
 * back or the station starts again; the database side is idempotent, so a
 * report sent twice counts once. On open the file is rewritten with only
 * what is still unreported; a torn last line is dropped.
 */
#ifndef DISCBURN_OUTBOX_H
#define DISCBURN_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

/* One disc's outcome, as the database is told it. */
struct report {
	int64_t disc_id;        /* discs.id the claim created */
	int64_t job_id;
	int copy_no;
	char result[12];        /* good, failed (a coaster), untouched (still blank) */
	char start[32], end[32];        /* ISO 8601 UTC */
	uint64_t bytes;
	char sha256[65];
	bool verified;
	char reason[40];        /* db_reason_name() of the failure, "" if good */
	char sense[12];         /* "3/0C/00" or "" */
	int64_t lba;            /* -1: none */
};

struct outbox;

/* Open (or create) the outbox at path; the reports not yet acknowledged in
 * *pending (malloc'd, *n of them). */
int outbox_open(const char *path, struct outbox **out, struct report **pending, unsigned *n,
		struct db_error *err);
/* Record a finished disc (before it is reported). */
int outbox_add(struct outbox *ob, const struct report *r, struct db_error *err);
/* The database has it. */
int outbox_reported(struct outbox *ob, int64_t disc_id, struct db_error *err);
void outbox_close(struct outbox *ob);

#endif
