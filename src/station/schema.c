/* SPDX-License-Identifier: GPL-3.0-or-later */
/* schema.c — the stations' tables and their migrations (schema.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/schema.h"

/* Each migration takes the schema from version i to i + 1. Append only;
 * never edit one that was released. */
static const char *const migrations[] = {
	/* 1: jobs, copies, stations, drives, discs */
	"CREATE TABLE jobs ("
	" id bigserial PRIMARY KEY,"
	" image text NOT NULL,"
	" size bigint NOT NULL CHECK (size > 0),"
	" sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),"
	" copies integer NOT NULL CHECK (copies > 0),"
	" verify boolean NOT NULL DEFAULT false,"
	" label text,"
	" priority integer NOT NULL DEFAULT 0,"
	" state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'cancelled')),"
	" submitted timestamptz NOT NULL DEFAULT now(),"
	" finished timestamptz);"
	"CREATE TABLE stations ("
	" id bigserial PRIMARY KEY,"
	" name text NOT NULL,"
	" host text NOT NULL,"
	" pid integer NOT NULL,"
	" lease_s integer NOT NULL CHECK (lease_s > 0),"
	" started timestamptz NOT NULL DEFAULT now(),"
	" heartbeat timestamptz NOT NULL DEFAULT now(),"
	" state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'stopped', 'lost')));"
	"CREATE TABLE drives ("
	" id bigserial PRIMARY KEY,"
	" station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,"
	" dev text NOT NULL,"
	" state text NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'burning', 'out')),"
	" reason text,"
	" UNIQUE (station_id, dev));"
	"CREATE TABLE discs ("
	" id bigserial PRIMARY KEY,"
	" job_id bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,"
	" copy_no integer NOT NULL,"
	" station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,"
	" drive_id bigint NOT NULL REFERENCES drives (id) ON DELETE CASCADE,"
	" claimed timestamptz NOT NULL DEFAULT now(),"
	" started timestamptz,"
	" ended timestamptz,"
	" bytes bigint,"
	" sha256 text,"
	" verified boolean,"
	" result text NOT NULL DEFAULT 'burning'"
	"  CHECK (result IN ('burning', 'good', 'failed', 'untouched', 'extra')),"
	" reason text,"
	" sense text,"
	" lba bigint);"
	"CREATE TABLE copies ("
	" job_id bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,"
	" copy_no integer NOT NULL CHECK (copy_no > 0),"
	" state text NOT NULL DEFAULT 'owed' CHECK (state IN ('owed', 'burning', 'good')),"
	" disc_id bigint REFERENCES discs (id),"
	" PRIMARY KEY (job_id, copy_no),"
	" CHECK ((state = 'owed') = (disc_id IS NULL)));"
	"CREATE INDEX copies_owed ON copies (job_id, copy_no) WHERE state = 'owed';"
	"CREATE INDEX discs_job ON discs (job_id, result);"
	"CREATE INDEX discs_station ON discs (station_id) WHERE result = 'burning';"
	"CREATE INDEX jobs_active ON jobs (priority DESC, id) WHERE state = 'active';"
	/* what a job has come to: done once every copy is good */
	"CREATE VIEW job_status AS SELECT j.id, j.image, j.label, j.priority, j.copies, j.verify,"
	" j.size, j.sha256, j.submitted,"
	" CASE WHEN j.state = 'active' AND NOT EXISTS (SELECT 1 FROM copies c"
	"  WHERE c.job_id = j.id AND c.state <> 'good') THEN 'done' ELSE j.state END AS state,"
	" (SELECT count(*) FROM copies c WHERE c.job_id = j.id AND c.state = 'good') AS good,"
	" (SELECT count(*) FROM copies c WHERE c.job_id = j.id AND c.state = 'burning') AS burning,"
	" (SELECT count(*) FROM copies c WHERE c.job_id = j.id AND c.state = 'owed') AS owed,"
	" (SELECT count(*) FROM discs d WHERE d.job_id = j.id AND d.result = 'failed') AS failed,"
	" coalesce(j.finished, (SELECT max(d.ended) FROM discs d WHERE d.job_id = j.id"
	"  AND d.result = 'good' AND NOT EXISTS (SELECT 1 FROM copies c"
	"  WHERE c.job_id = j.id AND c.state <> 'good'))) AS finished"
	" FROM jobs j;",
};

enum { NMIGRATIONS = sizeof(migrations) / sizeof(migrations[0]) };
_Static_assert(NMIGRATIONS == SCHEMA_VERSION, "one migration per schema version");

int schema_version(struct pg *p, int *version, struct db_error *err)
{
	*version = 0;
	PGresult *r;
	/* to_regclass: no error (and no aborted transaction) when it is absent */
	int rc = pg_exec(p, "read the schema version",
			 "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN -1 ELSE 0 END",
			 0, NULL, &r, err);
	if (rc < 0)
		return rc;
	bool present = atoi(PQgetvalue(r, 0, 0)) == 0;
	PQclear(r);
	if (!present)
		return 0;
	if ((rc = pg_exec(p, "read the schema version",
			  "SELECT coalesce(max(version), 0) FROM schema_version", 0, NULL, &r,
			  err)) < 0)
		return rc;
	*version = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static int migrate(struct pg *p, int have, struct db_error *err)
{
	struct db_error e;
	int rc = pg_begin(p, &e);
	/* one migrating client at a time, whoever comes first */
	if (rc == 0)
		rc = pg_exec(p, "lock the schema", "SELECT pg_advisory_xact_lock(7355608, 1)", 0,
			     NULL, NULL, &e);
	if (rc == 0)
		rc = pg_exec(p, "create schema_version",
			     "CREATE TABLE IF NOT EXISTS schema_version ("
			     " version integer PRIMARY KEY,"
			     " applied timestamptz NOT NULL DEFAULT now())", 0, NULL, NULL, &e);
	if (rc == 0)
		rc = schema_version(p, &have, &e);
	for (int v = have; rc == 0 && v < SCHEMA_VERSION; v++) {
		char ver[16];
		snprintf(ver, sizeof(ver), "%d", v + 1);
		const char *args[] = { ver };
		rc = pg_exec_script(p, "migrate the schema", migrations[v], &e);
		if (rc == 0)
			rc = pg_exec(p, "record the schema version",
				     "INSERT INTO schema_version (version) VALUES ($1::integer)", 1,
				     args, NULL, &e);
	}
	if (rc == 0)
		rc = pg_commit(p, &e);
	if (rc < 0) {
		pg_rollback(p);
		return db_fail(err, DB_R_DB_SCHEMA_MIGRATE, .subject = p->name,
			       .n1 = (uint64_t)have, .n2 = SCHEMA_VERSION, .other = e.other);
	}
	return 0;
}

int schema_ensure(struct pg *p, bool may_migrate, struct db_error *err)
{
	int have;
	int rc = schema_version(p, &have, err);
	if (rc < 0)
		return rc;
	if (have > SCHEMA_VERSION)
		return db_fail(err, DB_R_DB_SCHEMA_NEWER, .subject = p->name, .n1 = (uint64_t)have,
			       .n2 = SCHEMA_VERSION);
	if (have == SCHEMA_VERSION)
		return 0;
	if (!may_migrate)
		return db_fail(err, DB_R_DB_SCHEMA_MIGRATE, .subject = p->name,
			       .n1 = (uint64_t)have, .n2 = SCHEMA_VERSION,
			       .other = "this command does not migrate");
	return migrate(p, have, err);
}
