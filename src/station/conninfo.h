/* SPDX-License-Identifier: GPL-3.0-or-later */
/* conninfo.h — the database a station, a submitter or --status talks to.
 *
 * DB on the command line is one of
 *   a libpq connection string: "host=db1 dbname=burn user=station" or a URI
 *                   "postgresql://station@db1/burn";
 *   @FILE           the connection string is the first line of FILE (that is
 *                   not empty or a # comment), so a password never appears on a
 *                   command line;
 *   -               libpq's defaults: PGHOST, PGDATABASE, PGUSER, PGSERVICE
 *                   (pg_service.conf), the password from ~/.pgpass/PGPASSFILE.
 *
 * A password in the string is never repeated: whatever names the database
 * in a message or in --status is the redacted form (host, port, dbname,
 * user, service), and a string that libpq cannot parse is not echoed at all.
 */
#ifndef DISCBURN_CONNINFO_H
#define DISCBURN_CONNINFO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* The connection string DB stands for, in *out (malloc'd). Returns 0 or
 * DB_EINVAL/DB_EOS (DB_CONNINFO, DB_CONNINFO_FILE). */
int conninfo_resolve(const char *db, char **out, struct db_error *err);

/* The database named without secrets: "host=db1 port=5432 dbname=burn
 * user=station", "(libpq defaults)" for an empty string, "(unparsable)". */
void conninfo_redact(const char *conninfo, char *out, size_t size);

/* Does the string itself carry a password (password= or user:pw@ in a URI)? */
bool conninfo_has_password(const char *conninfo);

#endif
