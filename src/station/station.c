/* SPDX-License-Identifier: GPL-3.0-or-later */
/* station.c — a station: the drives of this machine serving the jobs of a
 * shared database (station.h). This file holds the run loop: setting up
 * (connections, outbox, registration, the reporter thread) and tearing down,
 * picking a job, fetching and checking its image, opening the drives and
 * burning the job through job_run; and the helpers every piece shares
 * (notes, the database's going and coming, the jobs refused).
 *
 * Three connections' worth of work on two connections:
 *   - the work connection (main thread between jobs, the drive threads'
 *     claims during one; work_lock): picks a job, LISTENs, claims copies;
 *   - the reporter's (its own thread): the heartbeat, the finished discs
 *     from the outbox, and marking stations lost whose lease ran out.
 * A disc's result never waits for the database: it is in the outbox on local
 * disk before job_run's done hook returns, and the reporter delivers it when
 * it can.
 *
 * The reporter is in station_report.c, the queue hooks the drive threads
 * call (claiming a copy, recording a disc) in station_queue.c; what they
 * share is in station_int.h.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "drive/device.h"
#include "image/image.h"
#include "station/fetch.h"
#include "station/outbox.h"
#include "station/pg.h"
#include "station/schema.h"
#include "station/station_int.h"

void st_note(struct station *s, struct station_note n)
   {
	   if (!s->p->note)
		   return;
	pthread_mutex_lock(&s->note_lock);
	s->p->note(s->p->note_ctx, &n);
	pthread_mutex_unlock(&s->note_lock);
}

/* The database went away or came back: said once, whichever thread saw it. */
void st_set_down(struct station *s, bool down, const struct db_error *err)
{
	pthread_mutex_lock(&s->lock);
	bool was = s->db_down;
	s->db_down = down;
	if (down)
		for (unsigned i = 0; i < s->npend; i++)
			s->pend[i].late = true;
	pthread_mutex_unlock(&s->lock);
	if (was != down)
		st_note(s, (struct station_note){ .type = down ? SN_DB_LOST : SN_DB_BACK,
						  .err = err });
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

void st_ids_array(char *out, size_t size, const int64_t *ids, unsigned n)
{
	size_t len = (size_t)snprintf(out, size, "{");
	for (unsigned i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%" PRId64, i ? "," : "", ids[i]);
	if (len < size)
		snprintf(out + len, size - len, "}");
}

/* The jobs this station refuses now (their image was wrong or unreachable). */
void st_refused_array(struct station *s, char *out, size_t size)
{
	int64_t ids[MAX_REFUSED];
	unsigned n = 0;
	double now = clock_now_s();
	for (unsigned i = 0; i < s->nrefused; i++)
		if (now - s->refused[i].at < REFUSE_RETRY_S)
			ids[n++] = s->refused[i].job;
	st_ids_array(out, size, ids, n);
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
		st_set_down(s, true, err);
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
	st_refused_array(s, refused, sizeof(refused));
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
	st_refused_array(s, refused, sizeof(refused));
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
			st_note(s, (struct station_note){ .type = SN_DRIVE_OUT,
							  .dev = s->devname[i],
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
	st_note(s, (struct station_note){ .type = SN_IMAGE, .job = j->id, .image = j->image,
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
	struct job_queue q = { st_q_claim, st_q_done, s };
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
		st_finish_claim(s, s->map[k], false, NULL, NULL, false);
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
			st_note(s, (struct station_note){ .type = SN_DRIVE_OUT,
							  .dev = s->devname[i], .err = last,
							  .n = fails });
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
		st_add_pending(s, &old[i], true);
	free(old);
	if ((rc = register_station(s, err)) < 0)
		return rc;
	st_note(s, (struct station_note){ .type = SN_STARTED, .n = (uint64_t)s->id });
	/* the reporter's own connection */
	if ((rc = pg_open(&s->rep, p->conninfo, err)) < 0)
		return rc;
	if (pthread_create(&s->reporter, NULL, st_reporter, s) != 0)
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
					st_note(s, (struct station_note){ .type = SN_IDLE });
					break;
				}
			}
			pthread_mutex_lock(&s->work_lock);
			pg_wait_notify(&s->work, IDLE_WAIT_MS);
			pthread_mutex_unlock(&s->work_lock);
			continue;
		}
		st_note(s, (struct station_note){ .type = SN_JOB, .job = j.id, .image = j.image });
		struct image *im = NULL;
		struct db_error why;
		if (prepare_image(s, &j, &im, &why) < 0) {
			why.n1 = (uint64_t)j.id;
			st_note(s, (struct station_note){ .type = SN_REFUSED, .job = j.id,
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
			st_note(s, (struct station_note){ .type = SN_REFUSED, .job = j.id,
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
