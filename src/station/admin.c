/* SPDX-License-Identifier: GPL-3.0-or-later */
/* admin.c — what an operator does with jobs: submit, cancel, pause, resume,
 * reprioritise, and the status of the whole fleet (station.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "station/fetch.h"
#include "station/pg.h"
#include "station/schema.h"
#include "station/station.h"

static int connect_schema(struct pg *p, const char *conninfo, struct db_error *err)
{
	memset(p, 0, sizeof(*p));
	int rc = pg_open(p, conninfo, err);
	if (rc == 0 && (rc = schema_ensure(p, true, err)) < 0)
		pg_close(p);
	return rc;
}

/* A local image must be one discburn would burn, found out now rather than
 * by every station. */
static int check_local(const char *path, struct db_error *err)
{
	struct image *im;
	int rc = image_open(path, 0, &im, err);
	if (rc < 0)
		return rc;
	if ((rc = image_inspect(im, err)) == 0)
		rc = image_check(im, false, err);
	image_close(im);
	return rc;
}

static int submit(const char *conninfo, const struct station_submit *s, const char *image,
		  int64_t *job, char sha256[65], uint64_t *size, struct db_error *err);

int station_submit(const char *conninfo, const struct station_submit *s, int64_t *job,
		   char sha256[65], uint64_t *size, struct db_error *err)
{
	/* a local path as every station must read it: absolute */
	char *abs = NULL;
	if (!fetch_is_url(s->image)) {
		if (check_local(s->image, err) < 0)
			return err->code;
		if (!(abs = realpath(s->image, NULL)))
			return db_fail(err, DB_R_IMAGE_OPEN, .subject = s->image, .os_errno = errno);
	}
	const char *image = abs ? abs : s->image;
	int rc = submit(conninfo, s, image, job, sha256, size, err);
	free(abs);
	return rc;
}

static int submit(const char *conninfo, const struct station_submit *s, const char *image,
		  int64_t *job, char sha256[65], uint64_t *size, struct db_error *err)
{
	int rc = fetch_digest(image, sha256, size, err);
	if (rc < 0)
		return rc;
	if (s->sha256 && strcasecmp(s->sha256, sha256))
		return db_fail(err, DB_R_CHECKSUM_MISMATCH, .subject = image, .other = sha256,
			       .what = s->sha256);
	struct pg p;
	if ((rc = connect_schema(&p, conninfo, err)) < 0)
		return rc;
	char copies[16], prio[16], sz[24];
	snprintf(copies, sizeof(copies), "%u", s->copies);
	snprintf(prio, sizeof(prio), "%d", s->priority);
	snprintf(sz, sizeof(sz), "%" PRIu64, *size);
	const char *v[] = { image, sz, sha256, copies, s->verify ? "t" : "f", s->label, prio };
	PGresult *r = NULL;
	rc = pg_begin(&p, err);
	if (rc == 0)
		rc = pg_exec(&p, "add the job",
			     "INSERT INTO jobs (image, size, sha256, copies, verify, label, priority)"
			     " VALUES ($1, $2::bigint, $3, $4::integer, $5::boolean, $6, $7::integer)"
			     " RETURNING id", 7, v, &r, err);
	if (rc == 0) {
		*job = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		const char *cv[] = { PQgetvalue(r, 0, 0), copies };
		rc = pg_exec(&p, "add the job's copies",
			     "INSERT INTO copies (job_id, copy_no)"
			     " SELECT $1::bigint, generate_series(1, $2::integer)", 2, cv, NULL, err);
	}
	PQclear(r);
	if (rc == 0)
		rc = pg_exec(&p, "wake the stations", "SELECT pg_notify('discburn', 'job')", 0,
			     NULL, NULL, err);
	if (rc == 0)
		rc = pg_commit(&p, err);
	if (rc < 0)
		pg_rollback(&p);
	pg_close(&p);
	return rc;
}

int station_job_cmd(const char *conninfo, int64_t job, enum station_cmd cmd, int priority,
		    struct db_error *err)
{
	static const char *const sql[] = {
#define OWING " AND EXISTS (SELECT 1 FROM copies c WHERE c.job_id = jobs.id AND c.state <> 'good')"
		[STATION_CANCEL] = "UPDATE jobs SET state = 'cancelled', finished = now()"
				   " WHERE id = $1::bigint AND state IN ('active', 'paused')" OWING
				   " RETURNING state",
		[STATION_PAUSE] = "UPDATE jobs SET state = 'paused'"
				  " WHERE id = $1::bigint AND state = 'active'" OWING " RETURNING state",
		[STATION_RESUME] = "UPDATE jobs SET state = 'active'"
				   " WHERE id = $1::bigint AND state = 'paused' RETURNING state",
		[STATION_PRIORITY] = "UPDATE jobs SET priority = $2::integer"
				     " WHERE id = $1::bigint AND state IN ('active', 'paused')" OWING
				     " RETURNING state",
#undef OWING
	};
	static const char *const done[] = {
		[STATION_CANCEL] = "cancelled", [STATION_PAUSE] = "paused",
		[STATION_RESUME] = "resumed", [STATION_PRIORITY] = "given another priority",
	};
	struct pg p;
	int rc = connect_schema(&p, conninfo, err);
	if (rc < 0)
		return rc;
	char id[24], prio[16];
	snprintf(id, sizeof(id), "%" PRId64, job);
	snprintf(prio, sizeof(prio), "%d", priority);
	const char *v[] = { id, prio };
	PGresult *r;
	rc = pg_exec(&p, "change the job", sql[cmd], cmd == STATION_PRIORITY ? 2 : 1, v, &r, err);
	if (rc == 0 && PQntuples(r) == 0) {
		PQclear(r);
		rc = pg_exec(&p, "look up the job", "SELECT state FROM job_status WHERE id = $1::bigint",
			     1, v, &r, err);
		if (rc == 0 && PQntuples(r) == 0)
			rc = db_fail(err, DB_R_QUEUE_NO_JOB, .subject = p.name, .n1 = (uint64_t)job);
		else if (rc == 0)
			rc = db_fail(err, DB_R_QUEUE_JOB_STATE, .n1 = (uint64_t)job,
				     .what = PQgetvalue(r, 0, 0), .other = done[cmd]);
	}
	PQclear(r);
	if (rc == 0)
		rc = pg_exec(&p, "wake the stations", "SELECT pg_notify('discburn', 'job')", 0,
			     NULL, NULL, err);
	pg_close(&p);
	return rc;
}

/* ---- status ----------------------------------------------------------------- */

#define ISO(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static void cp(char *dst, size_t size, const PGresult *r, int row, int col)
{
	snprintf(dst, size, "%s", PQgetvalue(r, row, col));
}

static unsigned u(const PGresult *r, int row, int col)
{
	return (unsigned)strtoul(PQgetvalue(r, row, col), NULL, 10);
}

static int query(struct pg *p, const char *what, const char *sql, PGresult **r, void **rows,
		 size_t each, unsigned *n, struct db_error *err)
{
	int rc = pg_exec(p, what, sql, 0, NULL, r, err);
	if (rc < 0)
		return rc;
	*n = (unsigned)PQntuples(*r);
	*rows = calloc(*n ? *n : 1, each);
	if (!*rows) {
		PQclear(*r);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	return 0;
}

int station_status(const char *conninfo, struct station_status *st, struct db_error *err)
{
	memset(st, 0, sizeof(*st));
	struct pg p;
	int rc = connect_schema(&p, conninfo, err);
	if (rc < 0)
		return rc;
	snprintf(st->db, sizeof(st->db), "%s", p.name);
	st->schema = SCHEMA_VERSION;
	PGresult *r;
	rc = query(&p, "list the jobs",
		   "SELECT id, image, coalesce(label, ''), state, sha256, " ISO("submitted") ","
		   " priority, verify, size, copies, good, burning, owed, failed"
		   " FROM job_status ORDER BY id",
		   &r, (void **)&st->jobs, sizeof(*st->jobs), &st->njobs, err);
	for (unsigned i = 0; rc == 0 && i < st->njobs; i++) {
		struct status_job *j = &st->jobs[i];
		j->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		cp(j->image, sizeof(j->image), r, i, 1);
		cp(j->label, sizeof(j->label), r, i, 2);
		cp(j->state, sizeof(j->state), r, i, 3);
		cp(j->sha256, sizeof(j->sha256), r, i, 4);
		cp(j->submitted, sizeof(j->submitted), r, i, 5);
		j->priority = atoi(PQgetvalue(r, i, 6));
		j->verify = PQgetvalue(r, i, 7)[0] == 't';
		j->size = strtoull(PQgetvalue(r, i, 8), NULL, 10);
		j->copies = u(r, i, 9);
		j->good = u(r, i, 10);
		j->burning = u(r, i, 11);
		j->owed = u(r, i, 12);
		j->failed = u(r, i, 13);
	}
	if (rc == 0)
		PQclear(r);
	/* every station that runs, and the last run of every other name */
	if (rc == 0)
		rc = query(&p, "list the stations",
			   "SELECT s.id, s.name, s.host, s.pid, s.state, " ISO("s.started") ","
			   " s.lease_s, extract(epoch FROM now() - s.heartbeat),"
			   " s.state = 'running' AND greatest(s.heartbeat, pg_postmaster_start_time())"
			   "  < now() - make_interval(secs => s.lease_s),"
			   " (SELECT count(*) FROM discs d WHERE d.station_id = s.id AND d.result = 'good'),"
			   " (SELECT count(*) FROM discs d WHERE d.station_id = s.id AND d.result = 'failed')"
			   " FROM stations s WHERE s.state = 'running'"
			   " OR s.id IN (SELECT max(id) FROM stations GROUP BY name)"
			   " ORDER BY s.name, s.id",
			   &r, (void **)&st->stations, sizeof(*st->stations), &st->nstations, err);
	for (unsigned i = 0; rc == 0 && i < st->nstations; i++) {
		struct status_station *s = &st->stations[i];
		s->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		cp(s->name, sizeof(s->name), r, i, 1);
		cp(s->host, sizeof(s->host), r, i, 2);
		s->pid = atoi(PQgetvalue(r, i, 3));
		cp(s->state, sizeof(s->state), r, i, 4);
		cp(s->started, sizeof(s->started), r, i, 5);
		s->lease_s = u(r, i, 6);
		s->heartbeat_age_s = strtod(PQgetvalue(r, i, 7), NULL);
		s->stale = PQgetvalue(r, i, 8)[0] == 't';
		s->good = u(r, i, 9);
		s->failed = u(r, i, 10);
	}
	if (rc == 0)
		PQclear(r);
	/* drives by station name and device, over all runs: the last run's state */
	if (rc == 0)
		rc = query(&p, "list the drives",
			   "WITH latest AS (SELECT DISTINCT ON (s.name, d.dev) s.name, d.dev, d.state,"
			   "  coalesce(d.reason, '') AS reason FROM drives d"
			   "  JOIN stations s ON s.id = d.station_id ORDER BY s.name, d.dev, d.id DESC),"
			   " counts AS (SELECT s.name, d.dev,"
			   "  count(x.id) FILTER (WHERE x.result = 'good') AS good,"
			   "  count(x.id) FILTER (WHERE x.result = 'failed') AS failed"
			   "  FROM drives d JOIN stations s ON s.id = d.station_id"
			   "  LEFT JOIN discs x ON x.drive_id = d.id GROUP BY s.name, d.dev)"
			   " SELECT l.name, l.dev, l.state, l.reason, c.good, c.failed"
			   " FROM latest l JOIN counts c USING (name, dev) ORDER BY 1, 2",
			   &r, (void **)&st->drives, sizeof(*st->drives), &st->ndrives, err);
	for (unsigned i = 0; rc == 0 && i < st->ndrives; i++) {
		struct status_drive *d = &st->drives[i];
		cp(d->station, sizeof(d->station), r, i, 0);
		cp(d->dev, sizeof(d->dev), r, i, 1);
		cp(d->state, sizeof(d->state), r, i, 2);
		cp(d->reason, sizeof(d->reason), r, i, 3);
		d->good = u(r, i, 4);
		d->failed = u(r, i, 5);
	}
	if (rc == 0)
		PQclear(r);
	if (rc == 0)
		rc = query(&p, "list who burnt what",
			   "SELECT d.job_id, s.name, count(*) FILTER (WHERE d.result = 'good'),"
			   " count(*) FILTER (WHERE d.result = 'failed')"
			   " FROM discs d JOIN stations s ON s.id = d.station_id"
			   " GROUP BY 1, 2 ORDER BY 1, 2",
			   &r, (void **)&st->burnt, sizeof(*st->burnt), &st->nburnt, err);
	for (unsigned i = 0; rc == 0 && i < st->nburnt; i++) {
		struct status_burnt *b = &st->burnt[i];
		b->job = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		cp(b->station, sizeof(b->station), r, i, 1);
		b->good = u(r, i, 2);
		b->failed = u(r, i, 3);
	}
	if (rc == 0)
		PQclear(r);
	pg_close(&p);
	if (rc < 0)
		station_status_free(st);
	return rc;
}

void station_status_free(struct station_status *st)
{
	free(st->jobs);
	free(st->stations);
	free(st->drives);
	free(st->burnt);
	st->jobs = NULL;
	st->stations = NULL;
	st->drives = NULL;
	st->burnt = NULL;
}
