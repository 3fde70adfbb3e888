/* SPDX-License-Identifier: GPL-3.0-or-later */
/* station.c — a station: the drives of this machine serving the jobs of a
 * shared database (station.h).
 *
 * Three connections' worth of work on two connections:
 *   - the work connection (main thread between jobs, the drive threads'
 *     claims during one; work_lock): picks a job, LISTENs, claims copies;
 *   - the reporter's (its own thread): the heartbeat, the finished discs
 *     from the outbox, and marking stations lost whose lease ran out.
 * A disc's result never waits for the database: it is in the outbox on local
 * disk before job_run's done hook returns, and the reporter delivers it when
 * it can.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "drive/device.h"
#include "engine/journal.h"
#include "image/image.h"
#include "station/fetch.h"
#include "station/outbox.h"
#include "station/pg.h"
#include "station/schema.h"
#include "station/station.h"

enum {
	MAX_REFUSED = 64,
	REFUSE_RETRY_S = 300,   /* a refused job is looked at again after this */
	IDLE_WAIT_MS = 2000,
	BACKOFF_MIN_MS = 250,
	BACKOFF_MAX_MS = 5000,
};

struct claim {
	bool active;
	int64_t disc_id, job_id;
	int copy_no;
	char start[32];
};

struct pending {
	struct report r;
	bool late;              /* from the outbox at start, or the database was away */
	bool refused;           /* the server refused the report (said once) */
};

struct refused {
	int64_t job;
	double at;
};

struct station {
	const struct station_params *p;
	char name[128], host[128];
	unsigned lease_s;
	int64_t id;

	struct pg work;
	pthread_mutex_t work_lock;
	atomic_bool claim_uncertain;    /* a claim's answer was lost with the connection */

	struct pg rep;                  /* the reporter's connection */
	pthread_t reporter;
	bool reporter_started;

	pthread_mutex_t lock;           /* everything below */
	pthread_cond_t cond;
	bool stop;
	struct outbox *ob;
	char outbox_path[4200];
	struct pending *pend;
	unsigned npend, cap;
	struct claim claim[JOB_MAX_DRIVES];     /* by station drive index */
	bool fatal;
	struct db_error fatal_err;

	pthread_mutex_t note_lock;
	bool db_down;                   /* said "away" and not yet "back" */

	/* the drives */
	struct job_drive drives[JOB_MAX_DRIVES];
	char devname[JOB_MAX_DRIVES][256];
	int64_t drive_id[JOB_MAX_DRIVES];
	unsigned fails[JOB_MAX_DRIVES]; /* failed discs in a row */
	bool out[JOB_MAX_DRIVES];
	bool opened;

	/* the job being burnt */
	int64_t job;
	unsigned map[JOB_MAX_DRIVES];   /* job_run's drive index -> station's */
	unsigned nmap;
	unsigned claims_made;
	struct refused refused[MAX_REFUSED];
	unsigned nrefused;
};

static void note(struct station *s, struct station_note n)
{
	if (!s->p->note)
		return;
	pthread_mutex_lock(&s->note_lock);
	s->p->note(s->p->note_ctx, &n);
	pthread_mutex_unlock(&s->note_lock);
}

/* The database went away or came back: said once, whichever thread saw it. */
static void set_down(struct station *s, bool down, const struct db_error *err)
{
	pthread_mutex_lock(&s->lock);
	bool was = s->db_down;
	s->db_down = down;
	if (down)
		for (unsigned i = 0; i < s->npend; i++)
			s->pend[i].late = true;
	pthread_mutex_unlock(&s->lock);
	if (was != down)
		note(s, (struct station_note){ .type = down ? SN_DB_LOST : SN_DB_BACK, .err = err });
}

static bool cancelled(const struct station *s)
{
	return s->p->cancel && atomic_load(s->p->cancel);
}

void station_dev_name(const char *dev, char *out, size_t size)
{
	snprintf(out, size, "%s", dev);
	/* iscsi://user%password@host/...: keep the user, drop the password */
	if (strncmp(out, "iscsi://", 8))
		return;
	char *auth = out + 8;
	char *at = strchr(auth, '@'), *slash = strchr(auth, '/');
	char *pct = strchr(auth, '%');
	if (at && pct && pct < at && (!slash || at < slash))
		memmove(pct, at, strlen(at) + 1);
}

static void ids_array(char *out, size_t size, const int64_t *ids, unsigned n)
{
	size_t len = (size_t)snprintf(out, size, "{");
	for (unsigned i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%" PRId64, i ? "," : "", ids[i]);
	if (len < size)
		snprintf(out + len, size - len, "}");
}

/* The jobs this station refuses now (their image was wrong or unreachable). */
static void refused_array(struct station *s, char *out, size_t size)
{
	int64_t ids[MAX_REFUSED];
	unsigned n = 0;
	double now = clock_now_s();
	for (unsigned i = 0; i < s->nrefused; i++)
		if (now - s->refused[i].at < REFUSE_RETRY_S)
			ids[n++] = s->refused[i].job;
	ids_array(out, size, ids, n);
}

static void refuse(struct station *s, int64_t job)
{
	for (unsigned i = 0; i < s->nrefused; i++)
		if (s->refused[i].job == job) {
			s->refused[i].at = clock_now_s();
			return;
		}
	if (s->nrefused < MAX_REFUSED)
		s->refused[s->nrefused++] = (struct refused){ job, clock_now_s() };
}

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
		note(s, (struct station_note){ .type = SN_REAPED, .n = lost, .n2 = coasters });
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
	ids_array(arr, sizeof(arr), ids, n);
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
	note(s, (struct station_note){ .type = SN_LEASE_LOST });
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
				note(s, (struct station_note){ .type = SN_REPORT_FAILED, .job = pd.r.job_id,
							       .copy = pd.r.copy_no, .err = err });
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
			note(s, (struct station_note){ .type = SN_LATE, .job = pd.r.job_id,
						       .copy = pd.r.copy_no, .result = pd.r.result });
	}
}

static void *reporter(void *arg)
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
			set_down(s, false, NULL);
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
			set_down(s, true, &err);
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

static int add_pending(struct station *s, const struct report *r, bool late)
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

/* ---- the queue hooks (drive threads) --------------------------------------------- */

static int q_claim(void *ctx, unsigned drive, uint64_t *id, struct db_error *err)
{
	struct station *s = ctx;
	unsigned i = s->map[drive];
	char job[24], station[24], drv[24], refused[2048];
	snprintf(job, sizeof(job), "%" PRId64, s->job);
	snprintf(station, sizeof(station), "%" PRId64, s->id);
	snprintf(drv, sizeof(drv), "%" PRId64, s->drive_id[i]);
	refused_array(s, refused, sizeof(refused));
	const char *v[] = { job, station, drv, refused };
	pthread_mutex_lock(&s->work_lock);
	struct db_error e;
	PGresult *r = NULL;
	int rc = pg_ensure(&s->work, &e);
	if (rc == 0)
		rc = pg_exec(&s->work, "claim a copy",
			     "WITH pick AS (SELECT c.job_id, c.copy_no FROM copies c"
			     "  WHERE c.job_id = $1::bigint AND c.state = 'owed'"
			     "  AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = c.job_id"
			     "   AND j.state = 'active' AND NOT EXISTS (SELECT 1 FROM jobs h"
			     "    WHERE h.state = 'active' AND h.priority > j.priority"
			     "    AND h.id <> ALL ($4::bigint[]) AND EXISTS (SELECT 1 FROM copies hc"
			     "     WHERE hc.job_id = h.id AND hc.state = 'owed')))"
			     "  AND EXISTS (SELECT 1 FROM stations s WHERE s.id = $2::bigint"
			     "   AND s.state = 'running')"
			     "  ORDER BY c.copy_no LIMIT 1 FOR UPDATE OF c SKIP LOCKED),"
			     " disc AS (INSERT INTO discs (job_id, copy_no, station_id, drive_id)"
			     "  SELECT job_id, copy_no, $2::bigint, $3::bigint FROM pick"
			     "  RETURNING id, job_id, copy_no),"
			     " busy AS (UPDATE drives SET state = 'burning' WHERE id = $3::bigint"
			     "  AND EXISTS (SELECT 1 FROM disc) RETURNING 1),"
			     " taken AS (UPDATE copies SET state = 'burning', disc_id = disc.id"
			     "  FROM disc WHERE copies.job_id = disc.job_id"
			     "  AND copies.copy_no = disc.copy_no RETURNING disc.id, disc.copy_no)"
			     " SELECT id, copy_no FROM taken", 4, v, &r, &e);
	if (rc < 0) {
		bool gone = !pg_ok(&s->work);
		if (gone)
			atomic_store(&s->claim_uncertain, true);  /* it may have been taken: reconcile */
		pthread_mutex_unlock(&s->work_lock);
		if (gone)
			return 0;       /* no copy now; the station tries again when it is back */
		/* the server refused the claim itself (rights, schema): nothing a retry
		 * mends; the station stops after this job */
		pthread_mutex_lock(&s->lock);
		if (!s->fatal) {
			s->fatal = true;
			s->fatal_err = e;
		}
		pthread_mutex_unlock(&s->lock);
		*err = e;
		return -1;
	}
	bool got = PQntuples(r) > 0;
	int64_t disc = got ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	int copy = got ? atoi(PQgetvalue(r, 0, 1)) : 0;
	PQclear(r);
	if (got) {
		pthread_mutex_lock(&s->lock);
		struct claim *c = &s->claim[i];
		*c = (struct claim){ .active = true, .disc_id = disc, .job_id = s->job,
				     .copy_no = copy };
		journal_now(c->start);
		s->claims_made++;
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&s->work_lock);
	if (!got)
		return 0;
	note(s, (struct station_note){ .type = SN_CLAIM, .job = s->job, .copy = copy,
				       .dev = s->devname[i] });
	*id = (uint64_t)disc;
	return 1;
}

/* Record the outcome (outbox first) and hand it to the reporter. Called
 * with nothing of the station locked. */
static void finish_claim(struct station *s, unsigned i, bool ok, const struct db_error *e,
			 const struct burn_stats *st, bool note_it)
{
	pthread_mutex_lock(&s->lock);
	struct claim *c = &s->claim[i];
	if (!c->active) {
		pthread_mutex_unlock(&s->lock);
		return;
	}
	struct report r = { .disc_id = c->disc_id, .job_id = c->job_id, .copy_no = c->copy_no,
			    .lba = -1 };
	snprintf(r.start, sizeof(r.start), "%s", c->start);
	journal_now(r.end);
	snprintf(r.result, sizeof(r.result), "%s",
		 ok ? "good" : e && e->touched ? "failed" : "untouched");
	if (st) {
		r.bytes = ok || (e && e->touched) ? st->bytes : 0;
		snprintf(r.sha256, sizeof(r.sha256), "%s", ok ? st->sha256 : "");
		r.verified = ok && st->verified;
	}
	if (!ok && e) {
		db_reason_name(e->reason, r.reason);
		if (e->have_sense)
			snprintf(r.sense, sizeof(r.sense), "%X/%02X/%02X", e->key, e->asc, e->ascq);
		if (e->lba_valid)
			r.lba = e->lba;
	}
	c->active = false;
	struct db_error oerr;
	if (outbox_add(s->ob, &r, &oerr) < 0 && !s->fatal) {
		s->fatal = true;        /* the station stops after this job */
		s->fatal_err = oerr;
	}
	add_pending(s, &r, s->db_down);
	if (ok)
		s->fails[i] = 0;
	else if (e && e->touched)
		s->fails[i]++;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	if (note_it)
		note(s, (struct station_note){ .type = SN_DISC, .job = r.job_id, .copy = r.copy_no,
					       .dev = s->devname[i], .result = r.result,
					       .err = ok ? NULL : e });
}

static void q_done(void *ctx, unsigned drive, uint64_t id, bool ok, const struct db_error *err,
		   const struct burn_stats *st)
{
	struct station *s = ctx;
	(void)id;
	finish_claim(s, s->map[drive], ok, err, st, true);
}

/* job_run's events, with the drive index turned into the station's. */
static void forward_event(void *ctx, const struct job_event *ev)
{
	struct station *s = ctx;
	if (!s->p->ev || !s->p->ev->fn)
		return;
	struct job_event e = *ev;
	e.drive = s->map[ev->drive];
	s->p->ev->fn(s->p->ev->ctx, &e);
}

/* ---- the station ----------------------------------------------------------------- */

static void backoff_sleep(struct station *s, unsigned *ms)
{
	for (unsigned t = 0; t < *ms && !cancelled(s); t += 100)
		clock_sleep_ms(100);
	if ((*ms *= 2) > BACKOFF_MAX_MS)
		*ms = BACKOFF_MAX_MS;
}

/* The work connection, back if it was lost (waiting as long as it takes). */
static int work_ready(struct station *s, struct db_error *err)
{
	unsigned backoff = BACKOFF_MIN_MS;
	for (;;) {
		pthread_mutex_lock(&s->work_lock);
		int rc = pg_ensure(&s->work, err);
		pthread_mutex_unlock(&s->work_lock);
		if (rc == 0)
			return 0;
		set_down(s, true, err);
		if (cancelled(s))
			return db_fail(err, DB_R_CANCELLED);
		backoff_sleep(s, &backoff);
	}
}

struct job_row {
	int64_t id;
	char image[4096], sha256[65];
	uint64_t size;
	bool verify;
};

/* 1: a job with owed copies this station may take; 0: none; < 0 failed. */
static int pick_job(struct station *s, struct job_row *j, struct db_error *err)
{
	char refused[2048];
	refused_array(s, refused, sizeof(refused));
	const char *v[] = { refused };
	PGresult *r;
	pthread_mutex_lock(&s->work_lock);
	int rc = pg_exec(&s->work, "look for work",
			 "SELECT j.id, j.image, j.sha256, j.size, j.verify FROM jobs j"
			 " WHERE j.state = 'active' AND j.id <> ALL ($1::bigint[])"
			 " AND EXISTS (SELECT 1 FROM copies c WHERE c.job_id = j.id"
			 "  AND c.state = 'owed')"
			 " ORDER BY j.priority DESC, j.id LIMIT 1", 1, v, &r, err);
	pthread_mutex_unlock(&s->work_lock);
	if (rc < 0)
		return rc;
	rc = PQntuples(r) > 0;
	if (rc) {
		j->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		snprintf(j->image, sizeof(j->image), "%s", PQgetvalue(r, 0, 1));
		snprintf(j->sha256, sizeof(j->sha256), "%s", PQgetvalue(r, 0, 2));
		j->size = strtoull(PQgetvalue(r, 0, 3), NULL, 10);
		j->verify = PQgetvalue(r, 0, 4)[0] == 't';
	}
	PQclear(r);
	return rc;
}

/* Is anything left to do anywhere (a copy owed or being burnt) that this
 * station could take part in? */
static int work_left(struct station *s, bool *left, struct db_error *err)
{
	char refused[2048];
	refused_array(s, refused, sizeof(refused));
	const char *v[] = { refused };
	PGresult *r;
	pthread_mutex_lock(&s->work_lock);
	int rc = pg_exec(&s->work, "look for work",
			 "SELECT EXISTS (SELECT 1 FROM copies c JOIN jobs j ON j.id = c.job_id"
			 " WHERE j.state = 'active' AND c.state IN ('owed', 'burning')"
			 " AND j.id <> ALL ($1::bigint[]))", 1, v, &r, err);
	pthread_mutex_unlock(&s->work_lock);
	if (rc < 0)
		return rc;
	*left = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return 0;
}

static int register_station(struct station *s, struct db_error *err)
{
	char pid[16], lease[16];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	snprintf(lease, sizeof(lease), "%u", s->lease_s);
	const char *v[] = { s->name, s->host, pid, lease };
	PGresult *r;
	int rc = pg_exec(&s->work, "register the station",
			 "INSERT INTO stations (name, host, pid, lease_s)"
			 " VALUES ($1, $2, $3::integer, $4::integer) RETURNING id", 4, v, &r, err);
	if (rc < 0)
		return rc;
	s->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

static int register_drive(struct station *s, unsigned i, struct db_error *err)
{
	char station[24];
	snprintf(station, sizeof(station), "%" PRId64, s->id);
	const char *v[] = { station, s->devname[i] };
	PGresult *r;
	pthread_mutex_lock(&s->work_lock);
	int rc = pg_exec(&s->work, "register a drive",
			 "INSERT INTO drives (station_id, dev) VALUES ($1::bigint, $2)"
			 " ON CONFLICT (station_id, dev) DO UPDATE SET dev = excluded.dev"
			 " RETURNING id", 2, v, &r, err);
	pthread_mutex_unlock(&s->work_lock);
	if (rc < 0)
		return rc;
	s->drive_id[i] = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

static void drive_state(struct station *s, unsigned i, const char *state, const char *reason)
{
	char id[24];
	snprintf(id, sizeof(id), "%" PRId64, s->drive_id[i]);
	const char *v[] = { id, state, reason && *reason ? reason : NULL };
	struct db_error ignored;
	pthread_mutex_lock(&s->work_lock);
	pg_exec(&s->work, "update a drive",
		"UPDATE drives SET state = $2, reason = coalesce($3, reason) WHERE id = $1::bigint",
		3, v, NULL, &ignored);
	pthread_mutex_unlock(&s->work_lock);
}

static int open_drives(struct station *s, struct db_error *err)
{
	const struct station_params *p = s->p;
	for (unsigned i = 0; i < p->ndev; i++) {
		struct job_drive *d = &s->drives[i];
		d->name = p->devs[i];
		d->d = NULL;
		memset(&d->open_err, 0, sizeof(d->open_err));
		if (p->open_drive(p->open_ctx, p->devs[i], &d->d, &d->open_err) < 0) {
			d->d = NULL;
			s->out[i] = true;
			char reason[DB_REASON_NAME_MAX];
			db_reason_name(d->open_err.reason, reason);
			note(s, (struct station_note){ .type = SN_DRIVE_OUT, .dev = s->devname[i],
						       .err = &d->open_err });
			if (register_drive(s, i, err) == 0)
				drive_state(s, i, "out", reason);
			continue;
		}
		int rc = register_drive(s, i, err);
		if (rc < 0)
			return rc;
	}
	s->opened = true;
	return 0;
}

/* The job's image, fetched (once) and checked against the job's digest, then
 * opened and inspected: all before any drive is opened or touched. */
static int prepare_image(struct station *s, const struct job_row *j, struct image **im,
			 struct db_error *err)
{
	char path[4300];
	bool hit;
	int rc = fetch_cached(j->image, s->p->cache_dir, j->sha256, path, sizeof(path), &hit, err);
	if (rc < 0) {
		err->n1 = (uint64_t)j->id;
		return rc;
	}
	if ((rc = image_open(path, 0, im, err)) < 0)
		return rc;
	if ((rc = image_inspect(*im, err)) == 0)
		rc = image_check(*im, false, err);
	if (rc == 0 && (*im)->size != j->size)
		rc = db_fail(err, DB_R_IMAGE_TRUNCATED, .subject = j->image, .n1 = j->size,
			     .n2 = (*im)->size);
	if (rc < 0) {
		image_close(*im);
		*im = NULL;
		return rc;
	}
	note(s, (struct station_note){ .type = SN_IMAGE, .job = j->id, .image = j->image,
				       .cached = hit, .n = j->size });
	return 0;
}

/* One job_run over the usable drives, copies from the queue. */
static int burn_job(struct station *s, const struct job_row *j, struct image *im,
		    struct db_error *err)
{
	const struct station_params *p = s->p;
	struct job_drive drives[JOB_MAX_DRIVES];
	s->nmap = 0;
	for (unsigned i = 0; i < p->ndev; i++)
		if (!s->out[i]) {
			s->map[s->nmap] = i;
			drives[s->nmap++] = s->drives[i];
		}
	if (!s->nmap)
		return db_fail(err, DB_R_STATION_NO_DRIVES);
	s->job = j->id;
	s->claims_made = 0;
	struct job_queue q = { q_claim, q_done, s };
	struct job_params jp = {
		.image = im, .expect_sha256 = j->sha256, .burn = p->burn, .batch = true,
		.disc_wait_s = p->disc_wait_s, .queue = &q, .cancel = p->cancel,
	};
	jp.burn.verify = p->burn.verify || j->verify;
	struct job_events ev = { forward_event, s };
	static struct job_summary sum;
	int rc = job_run(&jp, drives, s->nmap, &ev, &sum, err);
	/* a claim that job_run never finished (the round was called off, the
	 * image refused): nothing was written for it */
	for (unsigned k = 0; k < s->nmap; k++)
		finish_claim(s, s->map[k], false, NULL, NULL, false);
	unsigned limit = p->max_failures ? p->max_failures : 3;
	for (unsigned k = 0; k < s->nmap; k++) {
		unsigned i = s->map[k];
		pthread_mutex_lock(&s->lock);
		bool gone = s->fails[i] >= limit;
		unsigned fails = s->fails[i];
		pthread_mutex_unlock(&s->lock);
		if (gone && !s->out[i]) {
			s->out[i] = true;
			const struct db_error *last = &sum.drive[k].last_error;
			char reason[DB_REASON_NAME_MAX];
			db_reason_name(last->reason, reason);
			drive_state(s, i, "out", reason);
			note(s, (struct station_note){ .type = SN_DRIVE_OUT, .dev = s->devname[i],
						       .err = last, .n = fails });
		}
	}
	return rc;
}

static int setup(struct station *s, struct db_error *err)
{
	const struct station_params *p = s->p;
	s->lease_s = p->lease_s ? p->lease_s : 30;
	if (gethostname(s->host, sizeof(s->host)) < 0 || !s->host[0])
		snprintf(s->host, sizeof(s->host), "localhost");
	s->host[sizeof(s->host) - 1] = '\0';
	snprintf(s->name, sizeof(s->name), "%s", p->name && *p->name ? p->name : s->host);
	for (unsigned i = 0; i < p->ndev; i++)
		station_dev_name(p->devs[i], s->devname[i], sizeof(s->devname[i]));
	int rc = pg_open(&s->work, p->conninfo, err);
	if (rc < 0)
		return rc;
	if ((rc = schema_ensure(&s->work, true, err)) < 0)
		return rc;
	/* the outbox: discs a previous run finished but could not report */
	if (mkdir(p->cache_dir, 0700) < 0 && errno != EEXIST)
		return db_fail(err, DB_R_STATION_CACHE, .subject = p->cache_dir, .os_errno = errno);
	char safe[128];
	snprintf(safe, sizeof(safe), "%s", s->name);
	for (char *c = safe; *c; c++)
		if (*c == '/' || *c == ' ')
			*c = '_';
	snprintf(s->outbox_path, sizeof(s->outbox_path), "%s/station-%s.outbox", p->cache_dir,
		 safe);
	struct report *old;
	unsigned nold;
	if ((rc = outbox_open(s->outbox_path, &s->ob, &old, &nold, err)) < 0)
		return rc;
	for (unsigned i = 0; i < nold; i++)
		add_pending(s, &old[i], true);
	free(old);
	if ((rc = register_station(s, err)) < 0)
		return rc;
	note(s, (struct station_note){ .type = SN_STARTED, .n = (uint64_t)s->id });
	/* the reporter's own connection */
	if ((rc = pg_open(&s->rep, p->conninfo, err)) < 0)
		return rc;
	if (pthread_create(&s->reporter, NULL, reporter, s) != 0)
		return db_fail(err, DB_R_THREAD_START, .subject = "reporter");
	s->reporter_started = true;
	/* then, on the work connection, wait for news */
	s->work.listening = true;
	return pg_exec(&s->work, "listen", "LISTEN discburn", 0, NULL, NULL, err);
}

static void teardown(struct station *s)
{
	if (s->reporter_started) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->reporter, NULL);
	}
	if (s->id && pg_ok(&s->work)) {
		char id[24];
		snprintf(id, sizeof(id), "%" PRId64, s->id);
		const char *v[] = { id };
		struct db_error ignored;
		pg_exec(&s->work, "sign off",
			"WITH d AS (UPDATE drives SET state = 'idle' WHERE station_id = $1::bigint"
			" AND state = 'burning' RETURNING 1)"
			" UPDATE stations SET state = 'stopped', heartbeat = now()"
			" WHERE id = $1::bigint", 1, v, NULL, &ignored);
	}
	for (unsigned i = 0; i < s->p->ndev; i++)
		if (s->drives[i].d)
			device_close(s->drives[i].d);
	pg_close(&s->work);
	pg_close(&s->rep);
	outbox_close(s->ob);
	free(s->pend);
}

int station_run(const struct station_params *p, struct db_error *err)
{
	memset(err, 0, sizeof(*err));
	if (!p->ndev || p->ndev > JOB_MAX_DRIVES)
		return db_fail(err, DB_R_JOB_ARGS, .n1 = JOB_MAX_DRIVES);
	struct station *s = calloc(1, sizeof(*s));
	if (!s)
		return db_fail(err, DB_R_NO_MEMORY);
	s->p = p;
	pthread_mutex_init(&s->work_lock, NULL);
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->note_lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	int rc = setup(s, err);
	while (rc == 0 && !cancelled(s)) {
		pthread_mutex_lock(&s->lock);
		bool fatal = s->fatal;
		if (fatal)
			*err = s->fatal_err;
		pthread_mutex_unlock(&s->lock);
		if (fatal) {
			rc = err->code;
			break;
		}
		if (work_ready(s, err) < 0)
			break;
		struct job_row j;
		int got = pick_job(s, &j, err);
		if (got < 0 && pg_ok(&s->work)) {
			rc = got;       /* refused with the connection up: rights, schema */
			break;
		}
		if (got < 0)
			continue;       /* the connection: work_ready waits for it */
		if (!got) {
			bool left = true;
			if (p->until_idle && work_left(s, &left, err) == 0 && !left) {
				pthread_mutex_lock(&s->lock);
				bool reported = s->npend == 0;
				pthread_mutex_unlock(&s->lock);
				if (reported) {
					note(s, (struct station_note){ .type = SN_IDLE });
					break;
				}
			}
			pthread_mutex_lock(&s->work_lock);
			pg_wait_notify(&s->work, IDLE_WAIT_MS);
			pthread_mutex_unlock(&s->work_lock);
			continue;
		}
		note(s, (struct station_note){ .type = SN_JOB, .job = j.id, .image = j.image });
		struct image *im = NULL;
		struct db_error why;
		if (prepare_image(s, &j, &im, &why) < 0) {
			why.n1 = (uint64_t)j.id;
			note(s, (struct station_note){ .type = SN_REFUSED, .job = j.id,
						       .image = j.image, .err = &why });
			refuse(s, j.id);
			continue;
		}
		if (!s->opened && (rc = open_drives(s, err)) < 0) {
			image_close(im);
			break;
		}
		struct db_error jerr;
		int jrc = burn_job(s, &j, im, &jerr);
		image_close(im);
		if (jrc < 0 && jerr.reason == DB_R_STATION_NO_DRIVES) {
			*err = jerr;
			rc = jrc;
			break;
		}
		if (jrc < 0 && (jerr.code == DB_EIMAGE || jerr.code == DB_ECHECKSUM)) {
			note(s, (struct station_note){ .type = SN_REFUSED, .job = j.id,
						       .image = j.image, .err = &jerr });
			refuse(s, j.id);
		}
		if (!s->claims_made) {
			/* nothing was claimed (no disc came, or the others were faster):
			 * wait for news instead of asking again at once */
			pthread_mutex_lock(&s->work_lock);
			pg_wait_notify(&s->work, IDLE_WAIT_MS);
			pthread_mutex_unlock(&s->work_lock);
		}
	}
	if (rc == 0 && cancelled(s))
		rc = db_fail(err, DB_R_CANCELLED);
	else if (rc == 0)
		memset(err, 0, sizeof(*err));
	teardown(s);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->note_lock);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->work_lock);
	free(s);
	return rc;
}
