/* SPDX-License-Identifier: GPL-3.0-or-later */
/* job_drive.c — one drive's part of a job's round (see job.c): a blank disc
 * (duplication waits for one), a copy (a queue's claim), the pre-flight,
 * then the write as a reader of the round's ring, and the disc recorded in
 * the journal and the queue. */
#include "config.h"

#include <string.h>

#include "base/clock.h"
#include "drive/device.h"
#include "engine/blank.h"
#include "engine/job_int.h"
#include "engine/journal.h"
#include "mmc/sense.h"
#include "pipeline/source.h"

enum {
	WAIT_POLL_MS = 500,
	WAIT_DEFAULT_S = 600,
};

/* Called locked. */
static void emit_locked(struct job *j, struct jdrive *dr, struct job_event *e)
{
	e->drive = dr->idx;
	e->dev = dr->name;
	if (!e->copy)
		e->copy = dr->next_copy;
	if (j->ev && j->ev->fn)
		j->ev->fn(j->ev->ctx, e);
}

static void emit(struct jdrive *dr, struct job_event *e)
{
	pthread_mutex_lock(&dr->job->lock);
	emit_locked(dr->job, dr, e);
	pthread_mutex_unlock(&dr->job->lock);
}

static void drive_sink(void *ctx, struct job_event *e)
{
	emit(ctx, e);
}

void job_take_out(struct jdrive *dr, const struct db_error *err)
{
	dr->out = true;
	dr->last = *err;
	struct job_event e = { .type = JEV_DRIVE_OUT, .u.err = err };
	emit(dr, &e);
}

static void eject(struct jdrive *dr)
{
	struct db_error ignored;
	drive_start_stop(dr->d, false, true, &ignored);
}

/* ---- waiting for a blank disc ---------------------------------------------- */

/* May the disc now in the drive be written? 1 yes; 0 no, with the reason in
 * why; < 0 the drive failed. */
static int disc_is_blank(struct jdrive *dr, struct db_error *why, struct db_error *err)
{
	struct mmc_config cfg;
	struct mmc_disc_info di;
	int rc = drive_get_configuration(dr->d, &cfg, err);
	if (rc == 0)
		rc = drive_read_disc_info(dr->d, &di, err);
	if (rc < 0)
		return rc;
	uint16_t prof = cfg.current_profile;
	const struct disc_type *t = disc_type(prof);
	if (!t->writable) {
		db_fail(why, DB_R_REJECT_UNWRITABLE, .subject = dr->name, .profile = prof);
		return 0;
	}
	if (di.status == DISC_EMPTY)
		return 1;
	if (!t->overwritable) {
		db_fail(why, DB_R_REJECT_NOT_BLANK, .subject = dr->name, .profile = prof);
		return 0;
	}
	/* a formatted overwritable disc is "complete" either way: look */
	enum disc_content c;
	struct db_error rd;
	if ((rc = blank_disc_content(dr->d, &c, &rd)) < 0) {
		*err = rd;
		return rc;
	}
	if (c == DISC_HOLDS_NOTHING)
		return 1;
	db_fail(why, c == DISC_HOLDS_DATA ? DB_R_REJECT_NOT_BLANK : DB_R_REJECT_START_UNREADABLE,
		.subject = dr->name, .profile = prof);
	return 0;
}

static int wait_blank(struct jdrive *dr, struct db_error *err)
{
	struct job *j = dr->job;
	unsigned limit = j->p->disc_wait_s ? j->p->disc_wait_s : WAIT_DEFAULT_S;
	double t0 = clock_now_s();
	bool told = false, empty = false, gesn = true;
	for (;;) {
		if (job_cancelled(j))
			return db_fail(err, DB_R_CANCELLED, .subject = dr->name);
		/* While the drive is empty, GET EVENT STATUS NOTIFICATION (media
		 * class, polled) says when a disc arrives without disturbing the
		 * drive; drives that lack it are asked TEST UNIT READY each time. */
		if (empty && gesn) {
			struct mmc_event_media ev;
			struct db_error ignored;
			if (drive_get_event_media(dr->d, &ev, &ignored) < 0 || !ev.valid)
				gesn = false;
			else if (ev.event != 2 && !ev.present)
				goto wait;      /* still no disc */
		}
		int rc = drive_test_unit_ready(dr->d, err);
		empty = rc == DB_ECHECK && err->key == SK_NOT_READY && err->asc == 0x3A;
		if (rc == 0) {
			struct db_error why;
			rc = disc_is_blank(dr, &why, err);
			if (rc < 0)
				return rc;
			if (rc == 1)
				return 0;
			struct job_event e = { .type = JEV_REJECTED, .u.err = &why };
			emit(dr, &e);
			eject(dr);
			told = false;
		} else if (empty) {
			if (!told) {
				struct job_event e = { .type = JEV_WAITING };
				emit(dr, &e);
				told = true;
			}
		} else if (rc < 0 && !(rc == DB_ECHECK && err->key == SK_UNIT_ATTENTION)) {
			return rc;
		}
wait:
		if (clock_now_s() - t0 >= limit)
			return db_fail(err, DB_R_WAIT_DISC_TIMEOUT, .subject = dr->name, .n1 = limit,
				       .other = j->p->journal ? j->p->journal : "");
		if (clock_sleep_cancel_ms(WAIT_POLL_MS, j->p->cancel))
			return db_fail(err, DB_R_CANCELLED, .subject = dr->name);
	}
}

/* ---- one drive, one round --------------------------------------------------- */

/* What a refused pre-flight means for the job: the image is refused
 * everywhere (stop); the disc cannot take it (eject, wait for another); the
 * drive cannot (out). */
static enum drive_state refusal(const struct job *j, const struct db_error *e)
{
	if (e->reason == DB_R_ANSWER_BAD)
		return DS_FAILED;       /* one drive's nonsense says nothing of the image */
	switch (e->code) {
	case DB_EIMAGE: case DB_ECHECKSUM: case DB_EINVAL:
		return DS_STOP;
	case DB_EMEDIA: case DB_EUNSUPP: case DB_ENOSPACE: case DB_EHASDATA:
		return j->p->batch ? DS_SITOUT : DS_FAILED;
	case DB_ECANCEL:
		return DS_OUT;
	}
	return DS_FAILED;
}

/* Before the stream: a disc, a copy, the pre-flight. */
static void get_ready(struct jdrive *dr)
{
	struct job *j = dr->job;
	const struct job_params *p = j->p;
	memset(&dr->err, 0, sizeof(dr->err));
	dr->claimed = false;
	if (p->batch && wait_blank(dr, &dr->err) < 0) {
		dr->state = DS_OUT;
		return;
	}
	if (p->queue) {
		int rc = p->queue->claim(p->queue->ctx, dr->idx, &dr->claim_id, &dr->err);
		if (rc <= 0) {
			dr->state = rc < 0 ? DS_OUT : DS_SITOUT;
			return;
		}
		dr->claimed = true;
	}
	journal_now(dr->start);
	dr->bp = p->burn;
	if (p->batch) {
		dr->bp.eject = false;   /* the job ejects: after every disc */
		dr->bp.gracetime = 0;
	}
	memset(&dr->b, 0, sizeof(dr->b));
	dr->b.d = dr->d;
	dr->b.p = &dr->bp;
	dr->b.image = p->image;
	dr->b.layout = &p->image->layout;
	dr->b.sink = (struct event_sink){ drive_sink, dr };
	dr->b.cancel = p->cancel;
	dr->b.err = &dr->err;
	dr->b.st = &dr->stats;
	if (burn_prepare(&dr->b) == 0) {
		dr->state = DS_PREPARED;
		return;
	}
	dr->err.touched = device_touched(dr->d);
	dr->state = refusal(j, &dr->err);
	if (dr->state == DS_SITOUT) {
		struct job_event e = { .type = JEV_REJECTED, .u.err = &dr->err };
		emit(dr, &e);
	}
}

/* The disc is finished (or failed): count it, record it, say it. */
static void disc_done(struct jdrive *dr, int rc)
{
	struct job *j = dr->job;
	bool ok = rc == 0;
	unsigned copy = dr->next_copy;
	struct db_error jerr;
	pthread_mutex_lock(&j->lock);
	dr->next_copy++;
	if (ok) {
		dr->ok++;
		if (dr->owed)
			dr->owed--;
	} else {
		dr->failed++;
		dr->last = dr->err;
	}
	if (journal_disc(j->journal, dr->name, copy, dr->start, ok, ok ? NULL : &dr->err,
			 &dr->stats, &jerr) < 0 && !j->stop) {
		j->stop = true;         /* no disc may go unrecorded */
		j->stop_err = jerr;
	}
	if (dr->claimed)
		j->p->queue->done(j->p->queue->ctx, dr->idx, dr->claim_id, ok,
				  ok ? NULL : &dr->err, &dr->stats);
	struct job_event e = { .type = JEV_DISC_DONE, .copy = copy, .ok = ok,
			       .u.err = ok ? NULL : &dr->err, .stats = &dr->stats };
	emit_locked(j, dr, &e);
	pthread_mutex_unlock(&j->lock);
}

static bool stream_broke(const struct db_error *e)
{
	return (e->reason == DB_R_INTERNAL && !strcmp(e->what, "image stream")) ||
	       e->reason == DB_R_CANCELLED;
}

void *job_drive_thread(void *arg)
{
	struct jdrive *dr = arg;
	struct job *j = dr->job;
	get_ready(dr);

	pthread_mutex_lock(&j->lock);
	j->waiting--;
	pthread_cond_broadcast(&j->cond);
	while (!j->go && !j->abort)
		pthread_cond_wait(&j->cond, &j->lock);
	bool write = dr->state == DS_PREPARED && j->go;
	pthread_mutex_unlock(&j->lock);

	int rc = dr->err.code;
	if (write) {
		rc = burn_write(&dr->b, j->ring, dr->reader);
		pthread_mutex_lock(&j->lock);
		j->running--;
		if (rc == 0)
			j->succeeded++;
		else if (!j->running && !j->succeeded && j->src)
			source_cancel(j->src);  /* nobody takes the stream any more */
		if (rc < 0 && stream_broke(&dr->err) && job_cancelled(j) &&
		    dr->err.reason != DB_R_CANCELLED) {
			/* the stream broke as the user pressed Ctrl-C: that is
			 * the account, not an "internal error" */
			rc = db_fail(&dr->err, DB_R_CANCELLED);
		} else if (rc < 0 && stream_broke(&dr->err) && !job_cancelled(j)) {
			/* the source's own account of a broken stream is the better one */
			while (!j->source_done)
				pthread_cond_wait(&j->cond, &j->lock);
			if (j->source_rc < 0) {
				bool touched = dr->err.touched;
				dr->err = j->source_err;
				dr->err.touched = touched;
				rc = dr->err.code;
			}
		}
		pthread_mutex_unlock(&j->lock);
	} else if (dr->state == DS_PREPARED) {
		rc = 0;         /* the round was called off before the stream: no disc */
	}
	if (dr->state == DS_PREPARED || dr->state == DS_FAILED) {
		burn_finish(&dr->b, write ? rc : -1);
		if (write || dr->state == DS_FAILED)
			disc_done(dr, rc);
		if (j->p->batch && (write || dr->state == DS_FAILED))
			eject(dr);      /* make room for the next blank */
	}
	if (dr->state == DS_SITOUT && dr->err.code) {
		/* the disc could not take this burn: nothing was written to it */
		if (dr->claimed)
			j->p->queue->done(j->p->queue->ctx, dr->idx, dr->claim_id, false, &dr->err,
					  &dr->stats);
		if (j->p->batch)
			eject(dr);
	}
	if (dr->state == DS_OUT || (rc < 0 && write && dr->err.code != DB_ECHECKSUM &&
				     dr->err.code != DB_EIMAGE && dr->err.code != DB_ECANCEL) ||
	    dr->state == DS_FAILED)
		job_take_out(dr, &dr->err); /* the drive or its discs misbehave */
	return NULL;
}
