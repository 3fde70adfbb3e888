/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pg.c — the libpq connection the station uses (pg.h). */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "station/conninfo.h"
#include "station/pg.h"

static __thread char last_state[6];

static void first_line(const char *msg, char *out, size_t size)
{
	snprintf(out, size, "%s", msg ? msg : "");
	out[strcspn(out, "\n")] = '\0';
	if (!out[0])
		snprintf(out, size, "no answer");
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;          /* NOTICEs (IF NOT EXISTS...) are not for the operator */
}

int pg_open(struct pg *p, const char *conninfo, struct db_error *err)
{
	p->conninfo = conninfo;
	conninfo_redact(conninfo, p->name, sizeof(p->name));
	/* connect_timeout: a server that is away answers at once on loopback, but
	 * a lost network would otherwise hang the station in connect() */
	const char *keys[] = { "connect_timeout", "application_name", "dbname", NULL };
	const char *vals[] = { "10", "discburn", conninfo, NULL };
	p->c = PQconnectdbParams(keys, vals, 1);
	if (!p->c)
		return db_fail(err, DB_R_NO_MEMORY);
	if (PQstatus(p->c) != CONNECTION_OK) {
		char why[256];
		first_line(PQerrorMessage(p->c), why, sizeof(why));
		PQfinish(p->c);
		p->c = NULL;
		return db_fail(err, DB_R_DB_CONNECT, .subject = p->name, .other = why);
	}
	PQsetNoticeProcessor(p->c, quiet, NULL);
	if (p->listening) {
		PGresult *r = PQexec(p->c, "LISTEN discburn");
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (!ok) {
			char why[256];
			first_line(PQerrorMessage(p->c), why, sizeof(why));
			PQfinish(p->c);
			p->c = NULL;
			return db_fail(err, DB_R_DB_QUERY, .subject = p->name, .what = "listen",
				       .other = why);
		}
	}
	return 0;
}

bool pg_ok(const struct pg *p)
{
	return p->c && PQstatus(p->c) == CONNECTION_OK;
}

int pg_ensure(struct pg *p, struct db_error *err)
{
	if (pg_ok(p))
		return 0;
	if (p->c)
		PQfinish(p->c);
	p->c = NULL;
	return pg_open(p, p->conninfo, err);
}

void pg_close(struct pg *p)
{
	if (p->c)
		PQfinish(p->c);
	p->c = NULL;
}

const char *pg_sqlstate(const struct pg *p)
{
	(void)p;
	return last_state;
}

int pg_exec(struct pg *p, const char *what, const char *sql, int n, const char *const *v,
	    PGresult **res, struct db_error *err)
{
	if (res)
		*res = NULL;
	last_state[0] = '\0';
	if (!p->c)
		return db_fail(err, DB_R_DB_QUERY, .subject = p->name, .what = what,
			       .other = "not connected");
	PGresult *r = PQexecParams(p->c, sql, n, NULL, v, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		if (res)
			*res = r;
		else
			PQclear(r);
		return 0;
	}
	char why[256];
	first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(p->c), why, sizeof(why));
	if (!why[0] || !strcmp(why, "no answer"))
		first_line(PQerrorMessage(p->c), why, sizeof(why));
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(last_state, sizeof(last_state), "%s", state ? state : "");
	PQclear(r);
	return db_fail(err, DB_R_DB_QUERY, .subject = p->name, .what = what, .other = why);
}

int pg_exec_script(struct pg *p, const char *what, const char *sql, struct db_error *err)
{
	last_state[0] = '\0';
	if (!p->c)
		return db_fail(err, DB_R_DB_QUERY, .subject = p->name, .what = what,
			       .other = "not connected");
	PGresult *r = PQexec(p->c, sql);
	if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	char why[256];
	first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(p->c), why, sizeof(why));
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(last_state, sizeof(last_state), "%s", state ? state : "");
	PQclear(r);
	return db_fail(err, DB_R_DB_QUERY, .subject = p->name, .what = what, .other = why);
}

int pg_begin(struct pg *p, struct db_error *err)
{
	return pg_exec(p, "begin a transaction", "BEGIN", 0, NULL, NULL, err);
}

int pg_commit(struct pg *p, struct db_error *err)
{
	return pg_exec(p, "commit", "COMMIT", 0, NULL, NULL, err);
}

void pg_rollback(struct pg *p)
{
	if (pg_ok(p)) {
		PGresult *r = PQexec(p->c, "ROLLBACK");
		PQclear(r);
	}
}

bool pg_wait_notify(struct pg *p, int ms)
{
	if (!pg_ok(p))
		return false;
	bool got = false;
	PGnotify *n;
	PQconsumeInput(p->c);
	while ((n = PQnotifies(p->c))) {
		got = true;
		PQfreemem(n);
	}
	if (got)
		return true;
	struct pollfd pfd = { .fd = PQsocket(p->c), .events = POLLIN };
	if (pfd.fd < 0 || poll(&pfd, 1, ms) <= 0)
		return false;
	if (!PQconsumeInput(p->c))
		return false;   /* the server went away: pg_ok() now says so */
	while ((n = PQnotifies(p->c))) {
		got = true;
		PQfreemem(n);
	}
	return got;
}
