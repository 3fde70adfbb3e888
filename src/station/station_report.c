/* SPDX-License-Identifier: GPL-3.0-or-later */
/* station_report.c — a station's reporter thread, on its own connection
 * (station_int.h): it delivers the finished discs from the outbox, gives
 * back claims whose answer was lost, sends the heartbeat and marks lost the
 * stations whose lease ran out. Also the list of discs waiting to be
 * reported, which the queue hooks and the outbox at start add to.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "station/outbox.h"
#include "station/pg.h"
#include "station/station_int.h"

/* ---- reporting a disc --------------------------------------------------------- */

/* Tell the database about one disc. Idempotent: a disc already recorded is
 * left as it is. A disc of this station that was marked lost meanwhile (its
 * heartbeat had stopped) still counts if its copy is still owed; if another
 * disc has taken the copy, a good one is recorded as "extra". */
static int report_disc(struct pg *p, const struct report *r, struct db_error *err)
{
	char id[24];
	snprintf(id, sizeof(id), "%" PRId64, r->disc_id);
	const char *v1[] = { id };
	PGresult *q = NULL;
	int rc = pg_begin(p, err);
	if (rc == 0)
		rc = pg_exec(p, "read a disc's claim",
			     "SELECT d.result, coalesce(d.reason, ''), c.state,"
			     " coalesce(c.disc_id, 0), d.job_id, d.copy_no"
			     " FROM discs d JOIN copies c ON c.job_id = d.job_id AND c.copy_no = d.copy_no"
			     " WHERE d.id = $1::bigint FOR UPDATE", 1, v1, &q, err);
	if (rc < 0)
		goto fail;
	if (PQntuples(q) == 0) {        /* the job was deleted */
		PQclear(q);
		return pg_commit(p, err);
	}
	const char *was = PQgetvalue(q, 0, 0);
	bool reaped = !strcmp(was, "failed") && !strcmp(PQgetvalue(q, 0, 1), "station-lost");
	if (strcmp(was, "burning") && !reaped) {
		PQclear(q);
		return pg_commit(p, err);       /* told before */
	}
	char cstate[12];
	snprintf(cstate, sizeof(cstate), "%s", PQgetvalue(q, 0, 2));
	int64_t holder = strtoll(PQgetvalue(q, 0, 3), NULL, 10);
	char job[24], copy[16];
	snprintf(job, sizeof(job), "%s", PQgetvalue(q, 0, 4));
	snprintf(copy, sizeof(copy), "%s", PQgetvalue(q, 0, 5));
	PQclear(q);
	q = NULL;
	bool good = !strcmp(r->result, "good");
	bool mine = holder == r->disc_id && !strcmp(cstate, "burning");
	const char *result = r->result;
	const char *copy_sql = NULL;
	if (good && (mine || !strcmp(cstate, "owed")))
		copy_sql = "UPDATE copies SET state = 'good', disc_id = $3::bigint"
			   " WHERE job_id = $1::bigint AND copy_no = $2::integer";
	else if (good)
		result = "extra";       /* the copy went to another disc meanwhile */
	else if (mine)
		copy_sql = "UPDATE copies SET state = 'owed', disc_id = NULL"
			   " WHERE job_id = $1::bigint AND copy_no = $2::integer"
			   " AND disc_id = $3::bigint";
	char bytes[24], lba[24];
	snprintf(bytes, sizeof(bytes), "%" PRIu64, r->bytes);
	snprintf(lba, sizeof(lba), "%" PRId64, r->lba);
	const char *v[] = { id, result, r->start[0] ? r->start : NULL, r->end[0] ? r->end : NULL,
			    bytes, r->sha256, r->verified ? "t" : "f", r->reason, r->sense,
			    r->lba >= 0 ? lba : NULL };
	rc = pg_exec(p, "record a disc",
		     "UPDATE discs SET result = $2, started = coalesce($3::timestamptz, started),"
		     " ended = coalesce($4::timestamptz, now()), bytes = $5::bigint,"
		     " sha256 = nullif($6, ''), verified = $7::boolean, reason = nullif($8, ''),"
		     " sense = nullif($9, ''), lba = $10::bigint WHERE id = $1::bigint",
		     10, v, NULL, err);
	const char *cv[] = { job, copy, id };
	if (rc == 0 && copy_sql)
		rc = pg_exec(p, "record a copy", copy_sql, 3, cv, NULL, err);
	if (rc == 0)
		rc = pg_exec(p, "free the drive",
			     "UPDATE drives SET state = 'idle' WHERE state = 'burning'"
			     " AND id = (SELECT drive_id FROM discs WHERE id = $1::bigint)",
			     1, v1, NULL, err);
	if (rc == 0)
		rc = pg_exec(p, "wake the stations", "SELECT pg_notify('discburn', 'disc')", 0, NULL,
			     NULL, err);
	if (rc == 0)
		rc = pg_commit(p, err);
	if (rc == 0)
		return 0;
fail:
	PQclear(q);
	pg_rollback(p);
	return rc;
}

/* Stations whose lease ran out: lost; their discs in progress are coasters
 * and their copies owed again. A server that restarted gives every station a
 * whole lease from its start, so an outage does not make everyone lost. */
static int reap(struct station *s, struct pg *p, struct db_error *err)
{
	char id[24];
	snprintf(id, sizeof(id), "%" PRId64, s->id);
	const char *v[] = { id };
	PGresult *r;
	int rc = pg_exec(p, "mark lost stations",
			 "WITH lost AS (UPDATE stations SET state = 'lost'"
			 "  WHERE state = 'running' AND id <> $1::bigint"
			 "  AND greatest(heartbeat, pg_postmaster_start_time())"
			 "   < now() - make_interval(secs => lease_s) RETURNING id),"
			 " coaster AS (UPDATE discs SET result = 'failed', reason = 'station-lost',"
			 "  ended = now() WHERE result = 'burning'"
			 "  AND station_id IN (SELECT id FROM lost) RETURNING id, job_id, copy_no),"
			 " freed AS (UPDATE copies SET state = 'owed', disc_id = NULL FROM coaster"
			 "  WHERE copies.job_id = coaster.job_id AND copies.copy_no = coaster.copy_no"
			 "  AND copies.disc_id = coaster.id RETURNING 1),"
			 " idle AS (UPDATE drives SET state = 'idle' WHERE state = 'burning'"
			 "  AND station_id IN (SELECT id FROM lost) RETURNING 1)"
			 " SELECT (SELECT count(*) FROM lost), (SELECT count(*) FROM coaster),"
			 "  (SELECT count(*) FROM freed), (SELECT count(*) FROM idle)",
			 1, v, &r, err);
	if (rc < 0)
		return rc;
	uint64_t lost = strtoull(PQgetvalue(r, 0, 0), NULL, 10);
	uint64_t coasters = strtoull(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	if (lost) {
		st_note(s, (struct station_note){ .type = SN_REAPED, .n = lost, .n2 = coasters });
		rc = pg_exec(p, "wake the stations", "SELECT pg_notify('discburn', 'reaped')", 0,
			     NULL, NULL, err);
	}
	return rc;
}

/* After a claim whose answer was lost: give back what this station holds in
 * the database but does not know it holds. */
static int reconcile(struct station *s, struct pg *p, struct db_error *err)
{
	int64_t ids[JOB_MAX_DRIVES + 256];
	unsigned n = 0;
	pthread_mutex_lock(&s->lock);
	for (unsigned i = 0; i < JOB_MAX_DRIVES; i++)
		if (s->claim[i].active)
			ids[n++] = s->claim[i].disc_id;
	for (unsigned i = 0; i < s->npend && n < sizeof(ids) / sizeof(ids[0]); i++)
		ids[n++] = s->pend[i].r.disc_id;
	pthread_mutex_unlock(&s->lock);
	char arr[8192], id[24];
	st_ids_array(arr, sizeof(arr), ids, n);
	snprintf(id, sizeof(id), "%" PRId64, s->id);
	const char *v[] = { id, arr };
	return pg_exec(p, "give back lost claims",
		       "WITH gone AS (UPDATE discs SET result = 'untouched',"
		       "  reason = 'station-claim-lost', ended = now()"
		       "  WHERE station_id = $1::bigint AND result = 'burning'"
		       "  AND id <> ALL ($2::bigint[]) RETURNING id, job_id, copy_no)"
		       " UPDATE copies SET state = 'owed', disc_id = NULL FROM gone"
		       " WHERE copies.job_id = gone.job_id AND copies.copy_no = gone.copy_no"
		       " AND copies.disc_id = gone.id", 2, v, NULL, err);
}

static int heartbeat(struct station *s, struct pg *p, struct db_error *err)
{
	char id[24];
	snprintf(id, sizeof(id), "%" PRId64, s->id);
	const char *v[] = { id };
	PGresult *r;
	int rc = pg_exec(p, "send the heartbeat",
			 "UPDATE stations SET heartbeat = now() WHERE id = $1::bigint"
			 " AND state = 'running' RETURNING id", 1, v, &r, err);
	if (rc < 0)
		return rc;
	bool alive = PQntuples(r) > 0;
	PQclear(r);
	if (alive)
		return 0;
	/* the others gave up on this station (its heartbeat could not reach
	 * them): its discs in progress are counted when reported (see
	 * report_disc); it takes part again */
	st_note(s, (struct station_note){ .type = SN_LEASE_LOST });
	return pg_exec(p, "rejoin", "UPDATE stations SET state = 'running', heartbeat = now()"
		       " WHERE id = $1::bigint", 1, v, NULL, err);
}

/* Deliver what the outbox holds; stop at the first failure. */
static int flush(struct station *s, struct pg *p, struct db_error *err)
{
	for (;;) {
		pthread_mutex_lock(&s->lock);
		if (!s->npend) {
			pthread_mutex_unlock(&s->lock);
			return 0;
		}
		struct pending pd = s->pend[0];
		pthread_mutex_unlock(&s->lock);
		int rc = report_disc(p, &pd.r, err);
		pthread_mutex_lock(&s->lock);
		if (rc < 0 && !pg_ok(p)) {
			s->pend[0].late = true;
			pthread_mutex_unlock(&s->lock);
			return rc;      /* the connection: try again when it is back */
		}
		if (rc < 0) {
			/* the server refused this one: keep it (outbox and memory) at the
			 * back, say so once, and deliver the others */
			bool said = s->pend[0].refused;
			s->pend[0].refused = true;
			s->pend[0].late = true;
			if (s->npend > 1) {
				memmove(&s->pend[0], &s->pend[1], (s->npend - 1) * sizeof(s->pend[0]));
				s->pend[s->npend - 1] = pd;
				s->pend[s->npend - 1].refused = true;
				s->pend[s->npend - 1].late = true;
			}
			bool all_refused = true;
			for (unsigned i = 0; i < s->npend; i++)
				all_refused = all_refused && s->pend[i].refused;
			pthread_mutex_unlock(&s->lock);
			if (!said)
				st_note(s, (struct station_note){ .type = SN_REPORT_FAILED,
								  .job = pd.r.job_id,
								  .copy = pd.r.copy_no,
								  .err = err });
			if (all_refused)
				return rc;
			continue;
		}
		memmove(&s->pend[0], &s->pend[1], (s->npend - 1) * sizeof(s->pend[0]));
		s->npend--;
		struct db_error oerr;
		if (outbox_reported(s->ob, pd.r.disc_id, &oerr) < 0 && !s->fatal) {
			s->fatal = true;
			s->fatal_err = oerr;
		}
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		if (pd.late)
			st_note(s, (struct station_note){ .type = SN_LATE, .job = pd.r.job_id,
							  .copy = pd.r.copy_no,
							  .result = pd.r.result });
	}
}

void *st_reporter(void *arg)
{
	struct station *s = arg;
	unsigned every_ms = s->lease_s * 1000 / 4;
	if (every_ms < 500)
		every_ms = 500;
	double last_beat = 0;
	unsigned backoff = BACKOFF_MIN_MS;
	bool down = false;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		bool stop = s->stop;
		pthread_mutex_unlock(&s->lock);
		struct db_error err;
		int rc = pg_ensure(&s->rep, &err);
		if (rc == 0 && down) {
			down = false;
			backoff = BACKOFF_MIN_MS;
			st_set_down(s, false, NULL);
		}
		if (rc == 0 && atomic_load(&s->claim_uncertain)) {
			pthread_mutex_lock(&s->work_lock);
			rc = reconcile(s, &s->rep, &err);
			if (rc == 0)
				atomic_store(&s->claim_uncertain, false);
			pthread_mutex_unlock(&s->work_lock);
		}
		if (rc == 0)
			rc = flush(s, &s->rep, &err);
		if (rc == 0 && clock_now_s() - last_beat >= every_ms / 1000.0) {
			if ((rc = heartbeat(s, &s->rep, &err)) == 0)
				rc = reap(s, &s->rep, &err);
			if (rc == 0)
				last_beat = clock_now_s();
		}
		if (rc < 0 && !pg_ok(&s->rep)) {
			down = true;
			st_set_down(s, true, &err);
		}
		if (stop)
			break;  /* what is left stays in the outbox for the next start */
		unsigned wait = rc < 0 ? backoff : every_ms;
		if (rc < 0 && (backoff *= 2) > BACKOFF_MAX_MS)
			backoff = BACKOFF_MAX_MS;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait / 1000;
		until.tv_nsec += (long)(wait % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&s->lock);
		/* woken early by a new disc to report (when the database is there) */
		while (!s->stop && !(s->npend && rc == 0 && !s->pend[s->npend - 1].late &&
				     !down) &&
		       pthread_cond_timedwait(&s->cond, &s->lock, &until) != ETIMEDOUT)
			;
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

int st_add_pending(struct station *s, const struct report *r, bool late)
{
	if (s->npend == s->cap) {
		unsigned cap = s->cap ? 2 * s->cap : 16;
		struct pending *g = realloc(s->pend, cap * sizeof(*g));
		if (!g)
			return -1;
		s->pend = g;
		s->cap = cap;
	}
	s->pend[s->npend++] = (struct pending){ *r, late, false };
	return 0;
}
