/* SPDX-License-Identifier: GPL-3.0-or-later */
/* job.h — one layout onto discs in N >= 1 drives, from one read of the
 * source.
 *
 * A single burn is a job of one drive and one disc; a duplication is a job
 * of several drives and copies. The job owns the stream: the source thread,
 * the ring, the hasher and (when more rounds follow) the spool. Work goes in
 * rounds: in a round every drive that still owes a copy (or, with a queue,
 * claims one) gets a disc ready and runs the pre-flight; only when every
 * drive of the round has answered does the job size the FIFO, start the
 * stream, and let the drives go on — so nothing reads the source for a drive
 * that will refuse, and no drive waits on another's pre-flight while its
 * buffer drains. All drives of a round read the same ring, each as its own
 * reader: a slow drive paces only itself, as far as the ring allows. The
 * first round spools the stream to $TMPDIR when more rounds follow, and
 * later rounds read the spool and must hash to the first round's SHA-256, so
 * a pipe feeds any number of copies and the source is read once.
 *
 * Between discs (duplication) each drive ejects and waits for the next blank
 * disc; a disc that is not blank is ejected, never written. A drive that
 * fails is taken out; the others go on.
 *
 * The journal (src/engine/journal.h) records the job, the stream's digest and
 * every disc, each on disk before the drive starts its next disc; running the
 * same job again burns only what is still owed, and a journal of another job
 * or another image is refused.
 *
 * Nothing here prints; everything reaches the caller as struct job_event,
 * serialised (one at a time) whatever thread it comes from.
 */
#ifndef DISCBURN_JOB_H
#define DISCBURN_JOB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/burn.h"
#include "image/image.h"

struct device;

#define JOB_MAX_DRIVES 16

enum job_event_type {
	JEV_MEDIA,      /* u.media: what the drive found */
	JEV_PLAN,       /* u.plan: the write method chosen */
	JEV_REASON,     /* u.err: one pre-flight refusal (several may come) */
	JEV_GRACE,      /* u.seconds_left: the countdown */
	JEV_PHASE,      /* u.phase */
	JEV_PROGRESS,   /* u.progress */
	JEV_TRACK,      /* u.track: a track's data begins (before its first WRITE) */
	JEV_STATS,      /* u.stats: a disc written (and verified) */
	JEV_WARNING,    /* u.warning, with n */
	JEV_WAITING,    /* the drive waits for a blank disc */
	JEV_REJECTED,   /* u.err: a disc that may not be written was ejected */
	JEV_DISC_DONE,  /* one disc finished: ok, u.err when not, stats */
	JEV_DRIVE_OUT,  /* the drive leaves the job: u.err */
};

struct job_event {
	enum job_event_type type;
	unsigned drive;                 /* index into the job's drives */
	const char *dev;                /* its name */
	unsigned copy;                  /* 1-based copy number on that drive */
	bool ok;                        /* JEV_DISC_DONE */
	const struct burn_stats *stats; /* JEV_DISC_DONE, JEV_STATS */
	uint64_t n;                     /* JEV_WARNING: the number it names */
	union {
		const struct burn_media *media;
		const struct burn_plan *plan;
		const struct db_error *err;
		unsigned seconds_left;
		enum burn_phase phase;
		const struct burn_progress *progress;
		const struct burn_track_start *track;
		enum burn_warning warning;
	} u;
};

struct job_events {
	void (*fn)(void *ctx, const struct job_event *ev);
	void *ctx;
};

/* Where a part of the engine (a disc's burn, blanking) sends its events;
 * the job fills in the drive and copy before they reach job_events. */
struct event_sink {
	void (*fn)(void *ctx, struct job_event *e);
	void *ctx;
};

/* The drives, opened by the caller (one function opens a drive for every
 * path: src/cli, with the -V trace and the cancel flag). A drive that could
 * not be opened comes with d == NULL and the reason in open_err: it is out of
 * the job from the start. */
struct job_drive {
	const char *name;
	struct device *d;
	struct db_error open_err;
};

/* Where copies come from when they are not "copies per drive": a station
 * (several machines sharing one job) claims each copy from a queue.
 * claim: a drive has a blank disc and asks for a copy; 1 = burn copy *id,
 * 0 = none for this drive now (it sits out), < 0 = fail with err.
 * done: the copy's disc is finished (ok or not; err when not). A failure
 * whose err->touched is false wrote nothing: the disc was refused or the
 * burn stopped before the medium was touched, and the copy is still owed. */
struct job_queue {
	int (*claim)(void *ctx, unsigned drive, uint64_t *id, struct db_error *err);
	void (*done)(void *ctx, unsigned drive, uint64_t id, bool ok, const struct db_error *err,
		     const struct burn_stats *st);
	void *ctx;
};

struct job_params {
	struct image *image;            /* opened and checked by the caller */
	const char *expect_sha256;      /* 64 hex digits, or NULL */
	struct burn_params burn;        /* for every disc */
	unsigned copies;                /* per drive (0 = 1) */
	bool batch;                     /* duplication: a disc is awaited before, and
					 * ejected after, each copy */
	const char *journal;            /* NULL: none */
	unsigned disc_wait_s;           /* batch: how long to wait for a disc; 0 = 600 */
	const struct job_queue *queue;  /* NULL: `copies` per drive */
	const atomic_int *cancel;       /* set by the signal handler */
	bool digest_unused;             /* the caller shows no SHA-256 of the stream:
					 * none is computed, unless the job needs one
					 * itself (an expected digest, a journal, a
					 * batch, a queue, more than one drive) */
};

struct job_drive_summary {
	const char *dev;
	unsigned ok, failed, owed;      /* owed: copies not made (good) */
	unsigned not_made;              /* owed copies no disc was spoilt for: good +
					 * failed + not_made counts each copy once */
	bool out;                       /* taken out of the job */
	struct db_error last_error;
};

struct job_summary {
	unsigned ndrive;
	struct job_drive_summary drive[JOB_MAX_DRIVES];
	unsigned ok, failed, owed, not_made;
	unsigned resumed;               /* discs found done in the journal */
	uint64_t source_bytes;          /* bytes read from the image source */
	char sha256[65];                /* of the stream, once read whole */
	struct burn_stats last;         /* the last disc's statistics (a single burn's) */
};

/* Run the job. Returns 0 when every copy was made; else a negative code with
 * err saying why the job stopped (DB_R_COPIES_NOT_MADE when it ran but some
 * copies failed or were not made) and the summary saying what was done. For
 * a job of one drive and one copy, err is that disc's failure, its `touched`
 * telling whether the disc was changed. */
int job_run(const struct job_params *p, struct job_drive *drives, unsigned ndrive,
	    const struct job_events *ev, struct job_summary *sum, struct db_error *err);

#endif
