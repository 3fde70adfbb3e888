/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pg.h — one libpq connection, as the station uses it: statements with
 * parameters, failures as reasons, and reconnecting after the server went
 * away. A struct pg is used by one thread at a time (its owner locks). */
#ifndef DISCBURN_PG_H
#define DISCBURN_PG_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "base/err.h"

struct pg {
	PGconn *c;
	const char *conninfo;   /* not owned */
	char name[256];         /* redacted, for messages */
	bool listening;         /* LISTEN discburn is wanted on this connection */
};

/* Connect once. 0, or DB_EOS with DB_CONNECT. */
int pg_open(struct pg *p, const char *conninfo, struct db_error *err);
/* Is the connection usable? */
bool pg_ok(const struct pg *p);
/* Connect again (once) if it is not usable; LISTEN again if it was. */
int pg_ensure(struct pg *p, struct db_error *err);
void pg_close(struct pg *p);

/* Run sql with n text parameters (NULL = SQL NULL). what: a few words for
 * the message ("claim a copy"). *res (if res) holds the result, to PQclear.
 * Returns 0 or DB_EOS with DB_QUERY (PQerrorMessage's first line in other,
 * the SQLSTATE in err->what's tail is not kept). */
int pg_exec(struct pg *p, const char *what, const char *sql, int n, const char *const *v,
	    PGresult **res, struct db_error *err);
/* Several statements without parameters (a migration). */
int pg_exec_script(struct pg *p, const char *what, const char *sql, struct db_error *err);
/* The SQLSTATE of the last failed statement ("" if none). */
const char *pg_sqlstate(const struct pg *p);

int pg_begin(struct pg *p, struct db_error *err);
int pg_commit(struct pg *p, struct db_error *err);
void pg_rollback(struct pg *p);

/* Wait up to ms for a notification or the connection's end; true when one
 * came (all pending ones are consumed). */
bool pg_wait_notify(struct pg *p, int ms);

#endif
