/* SPDX-License-Identifier: GPL-3.0-or-later */
/* job_int.h — what job.c (the rounds) and job_drive.c (one drive's part of
 * a round) share: the job's state and each drive's. Not for outside the job. */
#ifndef DISCBURN_ENGINE_JOB_INT_H
#define DISCBURN_ENGINE_JOB_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/job.h"
#include "engine/strategy.h"

enum drive_state {
	DS_IDLE,        /* not in this round */
	DS_PREPARED,    /* pre-flight passed: writes when the stream starts */
	DS_SITOUT,      /* no disc for this round (rejected, or no copy claimed) */
	DS_FAILED,      /* the disc failed before the stream: a failed copy */
	DS_OUT,         /* the drive leaves the job */
	DS_STOP,        /* the image was refused: the whole job stops */
};

struct job;

struct jdrive {
	struct job *job;
	unsigned idx;
	const char *name;
	struct device *d;
	unsigned ok, failed, owed;
	unsigned next_copy;             /* copy number of the next disc */
	bool out;
	struct db_error last;

	/* this round */
	pthread_t th;
	bool th_started;
	enum drive_state state;
	bool claimed;
	uint64_t claim_id;
	struct burn_params bp;
	struct burn b;
	struct burn_stats stats;
	struct db_error err;
	unsigned reader;
	char start[32];
};

struct job {
	const struct job_params *p;
	const struct job_events *ev;
	pthread_mutex_t lock;           /* events, the journal, the round's state */
	pthread_cond_t cond;
	struct jdrive drive[JOB_MAX_DRIVES];
	unsigned ndrive;
	struct journal *journal;
	uint64_t size;
	char sha256[65];                /* the stream's digest once known */

	/* the round */
	unsigned waiting;               /* drives that have not finished their pre-flight */
	bool go, abort;
	struct ring *ring;
	struct source *src;
	unsigned running;               /* drives still writing */
	unsigned succeeded;
	bool source_done;
	int source_rc;
	struct db_error source_err;

	/* the spool: the stream kept for later rounds */
	int spool_fd;
	bool spooled;                   /* holds the whole stream */
	unsigned spool_reader;
	int spool_rc;

	uint64_t source_bytes;
	bool started;                   /* a round ran: there is something to sum up */
	bool stop;
	struct db_error stop_err;

	/* Ctrl-C: a thread that turns the flag into wake-ups */
	pthread_t watcher;
	bool watching;
	bool ended;
};


static inline bool job_cancelled(const struct job *j)
{
	return j->p->cancel && atomic_load(j->p->cancel);
}

/* job_drive.c */
void *job_drive_thread(void *arg);              /* arg: the struct jdrive */
void job_take_out(struct jdrive *dr, const struct db_error *err);

#endif
