/* SPDX-License-Identifier: GPL-3.0-or-later */
/* station_int.h — what the pieces of a station share, and nobody else sees:
 * struct station and its parts, the limits, and the functions one piece
 * calls in another. station.c runs the station (station.h: station_run),
 * station_report.c is the reporter thread, station_queue.c the job_queue
 * hooks the drive threads call.
 */
#ifndef DISCBURN_STATION_INT_H
#define DISCBURN_STATION_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/burn.h"
#include "engine/job.h"
#include "station/outbox.h"
#include "station/pg.h"
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

/* station.c */

/* Tell the CLI (p->note), one note at a time. */
void st_note(struct station *s, struct station_note n);
/* The database went away or came back: said once, whichever thread saw it. */
void st_set_down(struct station *s, bool down, const struct db_error *err);
/* ids as a PostgreSQL array literal ("{1,2,3}"). */
void st_ids_array(char *out, size_t size, const int64_t *ids, unsigned n);
/* The jobs this station refuses now (their image was wrong or unreachable). */
void st_refused_array(struct station *s, char *out, size_t size);

/* station_report.c */

/* The reporter thread (arg: the station). */
void *st_reporter(void *arg);
/* Add a disc to those the reporter delivers; late: from the outbox at start,
 * or the database is away. Called with s->lock held (or before the reporter
 * starts). -1: no memory. */
int st_add_pending(struct station *s, const struct report *r, bool late);

/* station_queue.c: the job_queue hooks (engine/job.h), ctx the station */

int st_q_claim(void *ctx, unsigned drive, uint64_t *id, struct db_error *err);
void st_q_done(void *ctx, unsigned drive, uint64_t id, bool ok, const struct db_error *err,
	       const struct burn_stats *st);
/* Record the outcome of station drive i's claim, if it has one (outbox
 * first), and hand it to the reporter. Called with nothing of the station
 * locked. */
void st_finish_claim(struct station *s, unsigned i, bool ok, const struct db_error *e,
		     const struct burn_stats *st, bool note_it);

#endif
