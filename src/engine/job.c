/* SPDX-License-Identifier: GPL-3.0-or-later */
/* job.c — one layout onto N >= 1 drives, in rounds (see job.h).
 *
 * A round: one thread per drive that takes part. Each gets its disc ready
 * (duplication: waits for a blank one) and runs the pre-flight; the job waits
 * for all of them, then sizes the FIFO from their plans, starts the stream
 * and lets the prepared ones write, each as a reader of the one ring. The
 * source is joined first (it ends when the stream does, or when no drive is
 * left to read it), so a drive whose write stopped because the stream broke
 * can take the source's own account of why.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "drive/device.h"
#include "engine/job_int.h"
#include "engine/journal.h"
#include "pipeline/ring.h"
#include "pipeline/source.h"

enum { CHUNK = BURN_CHUNK };

/* ---- the spool -------------------------------------------------------------- */

static void *spool_thread(void *arg)
{
	struct job *j = arg;
	for (;;) {
		const void *data;
		size_t got;
		int rc = ring_read_ptr(j->ring, j->spool_reader, CHUNK, &data, &got);
		if (rc < 0 || got == 0) {
			j->spool_rc = rc;
			break;
		}
		const uint8_t *p = data;
		for (size_t off = 0; off < got;) {
			ssize_t w = write(j->spool_fd, p + off, got - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				j->spool_rc = DB_EOS;
				ring_detach(j->ring, j->spool_reader);
				return NULL;
			}
			off += (size_t)w;
		}
		ring_read_commit(j->ring, j->spool_reader, got);
	}
	return NULL;
}

/* An unnamed file in $TMPDIR: removed at once, so nothing is left behind
 * whatever ends the process. */
static int spool_create(struct job *j, struct db_error *err)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	char path[4096];
	snprintf(path, sizeof(path), "%s/discburn-spool.XXXXXX", dir);
	j->spool_fd = mkstemp(path);
	if (j->spool_fd < 0)
		return db_fail(err, DB_R_SPOOL_CREATE, .subject = dir, .os_errno = errno);
	unlink(path);
	return 0;
}

/* ---- Ctrl-C ------------------------------------------------------------------- */

/* The signal handler can only set the cancel flag; whoever sleeps in a
 * wait that no flag reaches must be woken: the source in poll() on a
 * stalled pipe, the drives and the hasher in ring waits, the job in its
 * condition waits. This thread looks at the flag every 20 ms and, once it
 * is set, cancels the running stream (source_cancel wakes the poll and
 * cancels the ring) and wakes the job's waiters. The drives' own waits
 * (retries, blanking, waiting for a disc) look at the flag themselves. */
static void *cancel_watch(void *arg)
{
	struct job *j = arg;
	pthread_mutex_lock(&j->lock);
	while (!j->ended) {
		if (job_cancelled(j)) {
			if (j->src)
				source_cancel(j->src);
			pthread_cond_broadcast(&j->cond);
		}
		pthread_mutex_unlock(&j->lock);
		clock_sleep_ms(20);
		pthread_mutex_lock(&j->lock);
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* ---- a round ------------------------------------------------------------------ */

static bool takes_part(const struct job *j, const struct jdrive *dr)
{
	return !dr->out && (j->p->queue || dr->owed);
}

static unsigned max_owed(const struct job *j)
{
	unsigned m = 0;
	for (unsigned i = 0; i < j->ndrive; i++)
		if (!j->drive[i].out && j->drive[i].owed > m)
			m = j->drive[i].owed;
	return m;
}

/* The stream of this round: the image's pieces the first time, else the
 * spool (which must hash to the first round's digest). */
static int open_stream(struct job *j, bool first, struct source **src, struct db_error *err)
{
	const struct layout *l = &j->p->image->layout;
	if (first || !j->spooled)
		return source_new(l->piece, l->npieces, j->p->image->name, src, err);
	struct layout_piece sp = { .kind = PIECE_FILE, .fd = j->spool_fd, .length = j->size,
				   .name = "the spool" };
	return source_new(&sp, 1, "the spool", src, err);
}

/* Does anything read the stream's SHA-256? The caller, or the job itself:
 * the expected digest, the journal's record of the image, the spool that
 * later rounds must find equal to the first, a batch's summary. */
static bool digest_wanted(const struct job *j)
{
	const struct job_params *p = j->p;
	return !p->digest_unused || (p->expect_sha256 && *p->expect_sha256) || p->journal ||
	       p->batch || p->queue || p->copies > 1 || j->ndrive > 1 || j->sha256[0];
}

/* Run the stream for nready prepared drives (0: only hash, and spool when
 * asked — the check of an image against the journal). */
static int stream_round(struct job *j, bool first, bool spool, unsigned nready,
			struct db_error *err)
{
	uint64_t fifo = 0;
	for (unsigned i = 0; i < j->ndrive; i++)
		if (j->drive[i].state == DS_PREPARED) {
			uint64_t w = burn_fifo_wish(&j->drive[i].b);
			if (w > fifo)
				fifo = w;
		}
	if (!fifo)
		fifo = 8u << 20;
	/* readers: one per drive, the spool, and the SHA-256 on a core of its
	 * own (it reads up to a quarter of the FIFO at a time, at most 1 MiB,
	 * without a mirror that large: source.c); every other reader takes
	 * chunks, so the mirror is one chunk */
	bool digest = digest_wanted(j);
	unsigned hash_reader = nready + (spool ? 1 : 0);
	int rc = ring_new(&j->ring, fifo, CHUNK, hash_reader + (digest ? 1 : 0));
	if (rc < 0)
		return db_fail(err, DB_R_FIFO_ALLOC, .n1 = fifo);
	struct source *src = NULL;
	const char *expect = first ? j->p->expect_sha256 : j->sha256;
	if (first && !expect && j->sha256[0])
		expect = j->sha256;     /* the journal's: a resumed job's image */
	if ((rc = open_stream(j, first, &src, err)) == 0 && expect && *expect)
		rc = source_expect_digest(src, expect, err);
	if (rc == 0 && spool && (rc = spool_create(j, err)) == 0)
		j->spool_reader = nready;
	if (rc == 0)
		rc = digest ? source_hash_in_thread(src, hash_reader) : source_skip_digest(src);
	if (rc == 0 && (rc = source_start(src, j->ring)) < 0)
		db_fail(err, DB_R_SOURCE_START, .subject = j->p->image->name);
	if (rc < 0) {
		source_close(src);
		ring_free(j->ring);
		j->ring = NULL;
		return rc;
	}
	pthread_t sp;
	bool sp_started = spool && pthread_create(&sp, NULL, spool_thread, j) == 0;
	if (spool && !sp_started)
		ring_detach(j->ring, j->spool_reader);

	pthread_mutex_lock(&j->lock);
	j->src = src;
	unsigned r = 0;
	for (unsigned i = 0; i < j->ndrive; i++)
		if (j->drive[i].state == DS_PREPARED) {
			j->drive[i].reader = r++;
			j->drive[i].b.src = src;
			j->drive[i].b.sha_expected = expect && *expect;
		}
	j->running = nready;
	j->succeeded = 0;
	j->source_done = false;
	j->go = true;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);

	struct db_error serr;
	memset(&serr, 0, sizeof(serr));
	rc = source_join(src, &serr);
	if (sp_started)
		pthread_join(sp, NULL);
	pthread_mutex_lock(&j->lock);
	j->source_rc = rc;
	j->source_err = serr;
	j->source_done = true;
	if (first)
		j->source_bytes = source_bytes_read(src);
	if (rc == 0 && !j->sha256[0] && source_digest(src))
		sha256_to_hex(source_digest(src), j->sha256);
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	if (spool)
		j->spooled = rc == 0 && sp_started && j->spool_rc == 0;
	if (rc == 0 && journal_digest(j->journal, j->sha256, err) < 0) {
		j->stop = true;
		j->stop_err = *err;
	}
	if (rc < 0 && rc != DB_ECANCEL)
		*err = serr;
	return rc;
}

static void end_round(struct job *j)
{
	for (unsigned i = 0; i < j->ndrive; i++) {
		struct jdrive *dr = &j->drive[i];
		if (dr->th_started) {
			pthread_join(dr->th, NULL);
			dr->th_started = false;
		}
		dr->state = DS_IDLE;
	}
	pthread_mutex_lock(&j->lock);
	struct source *src = j->src;
	j->src = NULL;          /* the cancel watcher no longer sees it */
	pthread_mutex_unlock(&j->lock);
	source_close(src);
	ring_free(j->ring);
	j->ring = NULL;
	j->go = j->abort = false;
}

static int round_run(struct job *j, bool first, struct db_error *err)
{
	j->started = true;
	bool spool = first && (j->p->queue || max_owed(j) > 1);
	unsigned n = 0;
	pthread_mutex_lock(&j->lock);
	j->go = j->abort = false;
	j->waiting = 0;
	pthread_mutex_unlock(&j->lock);
	for (unsigned i = 0; i < j->ndrive; i++) {
		struct jdrive *dr = &j->drive[i];
		if (!takes_part(j, dr))
			continue;
		pthread_mutex_lock(&j->lock);
		j->waiting++;
		pthread_mutex_unlock(&j->lock);
		if (pthread_create(&dr->th, NULL, job_drive_thread, dr) != 0) {
			pthread_mutex_lock(&j->lock);
			j->waiting--;
			pthread_mutex_unlock(&j->lock);
			struct db_error e;
			db_fail(&e, DB_R_THREAD_START, .subject = dr->name);
			job_take_out(dr, &e);
			continue;
		}
		dr->th_started = true;
		n++;
	}
	pthread_mutex_lock(&j->lock);
	while (j->waiting)
		pthread_cond_wait(&j->cond, &j->lock);
	unsigned nready = 0;
	const struct db_error *stop = NULL;
	for (unsigned i = 0; i < j->ndrive; i++) {
		if (j->drive[i].state == DS_PREPARED)
			nready++;
		if (j->drive[i].state == DS_STOP && !stop)
			stop = &j->drive[i].err;
	}
	if (stop) {
		/* the image is refused: every drive would refuse it too */
		j->stop = true;
		j->stop_err = *stop;
	}
	bool run = nready && !stop && !job_cancelled(j);
	if (!run) {
		j->abort = true;
		pthread_cond_broadcast(&j->cond);
	}
	pthread_mutex_unlock(&j->lock);
	int rc = 0;
	if (run && (rc = stream_round(j, first, spool, nready, err)) < 0 && rc != DB_ECANCEL &&
	    !j->stop) {
		j->stop = true;         /* a broken stream breaks every copy */
		j->stop_err = *err;
		pthread_mutex_lock(&j->lock);
		j->abort = true;        /* if it never started, nobody waits in vain */
		pthread_cond_broadcast(&j->cond);
		pthread_mutex_unlock(&j->lock);
	}
	end_round(j);
	(void)n;
	return rc;
}

/* A resumed job: the image must be the one the journal's digest is for,
 * found out before any drive is touched (a pipe is spooled meanwhile). */
static int check_against_journal(struct job *j, struct db_error *err)
{
	bool spool = !j->p->image->seekable;
	int rc = stream_round(j, true, spool, 0, err);
	end_round(j);
	if (rc == DB_ECHECKSUM)
		return db_fail(err, DB_R_JOURNAL_OTHER_IMAGE, .subject = j->p->journal,
			       .what = j->sha256, .other = j->p->image->name);
	return rc;
}

/* ---- the job ------------------------------------------------------------------- */

static int open_journal(struct job *j, unsigned *resumed, struct db_error *err)
{
	const struct job_params *p = j->p;
	const char *devs[JOB_MAX_DRIVES];
	for (unsigned i = 0; i < j->ndrive; i++)
		devs[i] = j->drive[i].name;
	struct journal_job jj = {
		.image = image_base_name(p->image), .size = j->size,
		.copies = p->copies ? p->copies : 1, .drives = j->ndrive,
		.expect_sha256 = p->expect_sha256,
	};
	struct journal_resume r;
	int rc = journal_open(p->journal, &jj, devs, j->ndrive, &j->journal, &r, err);
	if (rc < 0)
		return rc;
	for (unsigned i = 0; i < j->ndrive; i++) {
		j->drive[i].ok = r.ok[i];
		j->drive[i].next_copy += r.discs[i];
	}
	*resumed = r.resumed;
	if (!p->expect_sha256 || !*p->expect_sha256)
		snprintf(j->sha256, sizeof(j->sha256), "%s", r.sha256);
	return 0;
}

static void summarise(const struct job *j, struct job_summary *sum)
{
	if (!j->started)
		return;         /* refused before any drive was involved */
	sum->ndrive = j->ndrive;
	sum->source_bytes = j->source_bytes;
	snprintf(sum->sha256, sizeof(sum->sha256), "%s", j->sha256);
	for (unsigned i = 0; i < j->ndrive; i++) {
		const struct jdrive *dr = &j->drive[i];
		struct job_drive_summary *s = &sum->drive[i];
		s->dev = dr->name;
		s->ok = dr->ok;
		s->failed = dr->failed;
		s->owed = dr->owed;
		/* a spoilt disc was one of the owed copies: it is counted as
		 * failed, not again as not made */
		s->not_made = dr->owed > dr->failed ? dr->owed - dr->failed : 0;
		s->out = dr->out;
		s->last_error = dr->last;
		sum->ok += dr->ok;
		sum->failed += dr->failed;
		sum->owed += dr->owed;
		sum->not_made += s->not_made;
	}
	if (j->ndrive)
		sum->last = j->drive[0].stats;
}

int job_run(const struct job_params *p, struct job_drive *drives, unsigned ndrive,
	    const struct job_events *ev, struct job_summary *sum, struct db_error *err)
{
	memset(sum, 0, sizeof(*sum));
	memset(err, 0, sizeof(*err));
	if (!ndrive || ndrive > JOB_MAX_DRIVES)
		return db_fail(err, DB_R_JOB_ARGS, .n1 = JOB_MAX_DRIVES);
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return db_fail(err, DB_R_NO_MEMORY);
	j->p = p;
	j->ev = ev;
	j->spool_fd = -1;
	j->size = p->image->layout.stream_bytes;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	unsigned copies = p->copies ? p->copies : 1;
	int rc = 0;
	if (p->cancel)
		j->watching = pthread_create(&j->watcher, NULL, cancel_watch, j) == 0;
	j->ndrive = ndrive;
	for (unsigned i = 0; i < ndrive; i++) {
		struct jdrive *dr = &j->drive[i];
		dr->job = j;
		dr->idx = i;
		dr->name = drives[i].name;
		dr->d = drives[i].d;
		dr->next_copy = 1;
	}
	if (!j->size) {
		rc = db_fail(err, DB_R_IMAGE_EMPTY, .subject = p->image->name);
		goto done;
	}
	/* A dev= list that names a device which is not an MMC device (a hard
	 * disk, say) is refused as a whole, before a journal is written or any
	 * drive is asked about its disc: a typo must not start a job. */
	for (unsigned i = 0; i < ndrive; i++) {
		if (drives[i].d && device_gate_mmc(drives[i].d, err) < 0 &&
		    err->code == DB_EUNSAFE) {
			rc = err->code;
			goto done;
		}
	}
	memset(err, 0, sizeof(*err));
	if (p->journal && (rc = open_journal(j, &sum->resumed, err)) < 0)
		goto done;
	for (unsigned i = 0; i < ndrive; i++) {
		struct jdrive *dr = &j->drive[i];
		dr->owed = dr->ok >= copies ? 0 : copies - dr->ok;
		if (!dr->d && dr->owed) {
			dr->err = drives[i].open_err;
			job_take_out(dr, &drives[i].open_err);
		}
	}
	/* a job resumed with a digest on record: is this the same image? */
	if (j->journal && j->sha256[0] && max_owed(j) && (rc = check_against_journal(j, err)) < 0)
		goto done;
	bool first = !j->spooled && !j->source_bytes;
	while (!job_cancelled(j) && !j->stop) {
		unsigned active = 0;
		for (unsigned i = 0; i < ndrive; i++)
			active += takes_part(j, &j->drive[i]);
		if (!active)
			break;
		if (!first && !j->spooled) {
			/* no spool (it failed): a file can be read again, a pipe not */
			if (!p->image->seekable) {
				rc = db_fail(err, DB_R_SPOOL_LOST);
				break;
			}
		}
		unsigned before = 0, after = 0;
		for (unsigned i = 0; i < ndrive; i++)
			before += j->drive[i].ok + j->drive[i].failed;
		if ((rc = round_run(j, first, err)) < 0 && rc != DB_ECANCEL)
			break;
		for (unsigned i = 0; i < ndrive; i++)
			after += j->drive[i].ok + j->drive[i].failed;
		if (!p->batch && !p->queue)
			break;          /* one disc per drive, no waiting for another */
		if (p->queue && after == before)
			break;          /* the queue has nothing more for these drives */
		if (after > before || j->spooled)
			first = false;
	}
done:
	if (j->watching) {
		pthread_mutex_lock(&j->lock);
		j->ended = true;
		pthread_mutex_unlock(&j->lock);
		pthread_join(j->watcher, NULL);
	}
	summarise(j, sum);
	if (j->spool_fd >= 0)
		close(j->spool_fd);
	journal_close(j->journal);
	const struct jdrive *only = &j->drive[0];
	if (ndrive == 1 && copies == 1 && !p->batch && !p->queue &&
	    (only->failed || (only->out && only->last.code))) {
		*err = only->last;      /* a single burn: its disc's own failure, touched or not */
		rc = err->code;
	} else if (rc >= 0 && j->stop) {
		*err = j->stop_err;
		rc = err->code;
	} else if ((rc >= 0 || rc == DB_ECANCEL) && job_cancelled(j)) {
		rc = db_fail(err, DB_R_CANCELLED, .other = p->journal ? p->journal : "");
		/* "before writing" only if no drive of the job wrote anything */
		for (unsigned i = 0; i < ndrive; i++) {
			const struct jdrive *dr = &j->drive[i];
			if (dr->ok || (dr->d && device_touched(dr->d)))
				err->touched = true;
		}
	} else if (rc >= 0 && sum->owed) {
		rc = db_fail(err, DB_R_COPIES_NOT_MADE, .n1 = sum->owed, .n2 = copies * ndrive);
	}
	/* A signal that came once every copy was made (while the drive drained
	 * its buffer in the last SYNCHRONIZE CACHE, say) stopped nothing: the
	 * discs are done. One that stopped a job after discs were made does
	 * not call them untouched. */
	if (err->reason == DB_R_CANCELLED && rc == DB_ECANCEL && sum->ok && !sum->owed &&
	    !sum->failed) {
		memset(err, 0, sizeof(*err));
		rc = 0;
	}
	else if (err->reason == DB_R_CANCELLED && rc == DB_ECANCEL && sum->ok)
		err->touched = true;
	pthread_cond_destroy(&j->cond);
	pthread_mutex_destroy(&j->lock);
	free(j);
	return rc < 0 ? rc : 0;
}
