/* SPDX-License-Identifier: GPL-3.0-or-later */
/* schema.h — the tables stations share, versioned.
 *
 * schema_version holds one row per migration applied; the migrations
 * (schema.c) run in order, each in the transaction that records it, under
 * an advisory lock so that two first uses at once cannot both migrate.
 * Tables (version 1; doc/design.md has the whole story):
 *   jobs      one image onto N copies: image (path or URL), size, sha256,
 *             copies, verify, label, priority, state active|paused|
 *             cancelled (set by operators only), submitted, finished
 *   copies    one row per owed copy (job_id, copy_no): state owed|burning|
 *             good, and disc_id, the disc burning it or the good one
 *   stations  one row per run of a station: name, host, pid, lease_s,
 *             started, heartbeat, state running|stopped|lost
 *   drives    the drives of a station run: dev, state idle|burning|out,
 *             reason it went out
 *   discs     one row per disc a copy was tried on: job, copy, station,
 *             drive, started, ended, bytes, sha256, verified, result
 *             burning|good|failed|untouched|extra, reason, sense, lba
 *   job_status (a view) each job with its copies counted, and state "done"
 *             once every copy is good */
#ifndef DISCBURN_SCHEMA_H
#define DISCBURN_SCHEMA_H

#include <stdbool.h>

#include "base/err.h"
#include "station/pg.h"

#define SCHEMA_VERSION 1

/* Bring the schema to SCHEMA_VERSION (if migrate; else only check that it
 * is there). Returns 0, or DB_ESTATE/DB_EOS (DB_SCHEMA_NEWER,
 * DB_SCHEMA_MIGRATE, DB_QUERY). */
int schema_ensure(struct pg *p, bool migrate, struct db_error *err);

/* The version the database holds (0: none). */
int schema_version(struct pg *p, int *version, struct db_error *err);

#endif
