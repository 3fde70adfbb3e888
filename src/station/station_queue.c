/* SPDX-License-Identifier: GPL-3.0-or-later */
/* station_queue.c — a station's job_queue hooks (station_int.h), called by
 * job_run's drive threads: claiming an owed copy for a drive on the work
 * connection, and recording a disc's outcome (outbox first) for the
 * reporter to deliver.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/journal.h"
#include "station/outbox.h"
#include "station/pg.h"
#include "station/station_int.h"

/* ---- the queue hooks (drive threads) --------------------------------------------- */

int st_q_claim(void *ctx, unsigned drive, uint64_t *id, struct db_error *err)
{
	struct station *s = ctx;
	unsigned i = s->map[drive];
	char job[24], station[24], drv[24], refused[2048];
	snprintf(job, sizeof(job), "%" PRId64, s->job);
	snprintf(station, sizeof(station), "%" PRId64, s->id);
	snprintf(drv, sizeof(drv), "%" PRId64, s->drive_id[i]);
	st_refused_array(s, refused, sizeof(refused));
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
	st_note(s, (struct station_note){ .type = SN_CLAIM, .job = s->job, .copy = copy,
					  .dev = s->devname[i] });
	*id = (uint64_t)disc;
	return 1;
}

/* Record the outcome (outbox first) and hand it to the reporter. Called
 * with nothing of the station locked. */
void st_finish_claim(struct station *s, unsigned i, bool ok, const struct db_error *e,
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
	st_add_pending(s, &r, s->db_down);
	if (ok)
		s->fails[i] = 0;
	else if (e && e->touched)
		s->fails[i]++;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	if (note_it)
		st_note(s, (struct station_note){ .type = SN_DISC, .job = r.job_id,
						  .copy = r.copy_no, .dev = s->devname[i],
						  .result = r.result, .err = ok ? NULL : e });
}

void st_q_done(void *ctx, unsigned drive, uint64_t id, bool ok, const struct db_error *err,
	       const struct burn_stats *st)
{
	struct station *s = ctx;
	(void)id;
	st_finish_claim(s, s->map[drive], ok, err, st, true);
}
