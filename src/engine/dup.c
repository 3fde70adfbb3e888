/* dup.c — many copies, several drives, one read of the source (see dup.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/blank.h"
#include "base/clock.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "engine/dup.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "pipeline/ring.h"
#include "mmc/sense.h"
#include "base/sha256.h"
#include "pipeline/source.h"

enum {
	CHUNK = BURN_CHUNK,             /* what each drive's burn reads at a time */
	FIFO_DEFAULT = 32u << 20,
	WAIT_POLL_MS = 500,
	WAIT_DEFAULT_S = 600,
};

struct dup;

struct dup_drive {
	struct dup *job;
	unsigned idx;
	const char *dev;
	struct device *d;
	unsigned ok, failed, owed;
	unsigned next_copy;             /* copy number of the next disc */
	bool out;
	struct db_error last;

	/* per round */
	pthread_t th;
	unsigned reader;
	bool round_ok;                  /* this round's disc is good */
	struct burn_stats stats;
};

struct dup {
	const struct dup_params *p;
	const atomic_int *cancel;
	const struct dup_events *ev;
	pthread_mutex_t lock;           /* events and the journal */
	FILE *journal;
	struct dup_drive drive[DUP_MAX_DRIVES];
	unsigned ndrive;
	uint64_t size;
	struct ring *ring;              /* this round's stream */

	int spool_fd;                   /* the image, kept for later rounds */
	char spool_path[4096];
	unsigned spool_reader;
	int spool_rc;
};

static void emit(struct dup *j, struct dup_event *e)
{
	pthread_mutex_lock(&j->lock);
	if (j->ev && j->ev->fn)
		j->ev->fn(j->ev->ctx, e);
	pthread_mutex_unlock(&j->lock);
}

static bool cancelled(const struct dup *j)
{
	return j->cancel && atomic_load(j->cancel);
}

static void iso_time(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- journal --------------------------------------------------------------- */

/* JSON string escaping for journal values. */
static void put_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Value of "key":"..." in a journal line, unescaped into out; false if absent. */
static bool json_field(const char *line, const char *key, char *out, size_t n)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *p = strstr(line, pat);
	if (!p)
		return false;
	p += strlen(pat);
	size_t k = 0;
	if (*p != '"') {        /* a number or literal */
		while (*p && *p != ',' && *p != '}' && k + 1 < n)
			out[k++] = *p++;
		out[k] = '\0';
		return true;
	}
	for (p++; *p && *p != '"' && k + 1 < n; p++) {
		if (*p == '\\' && p[1])
			p++;
		out[k++] = *p;
	}
	out[k] = '\0';
	return true;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Read an existing journal: the job line must match this job; count the good
 * discs per drive. */
static int journal_resume(struct dup *j, unsigned *resumed, struct db_error *err)
{
	FILE *f = fopen(j->p->journal, "r");
	if (!f)
		return errno == ENOENT ? 0 : db_fail(err, DB_R_JOURNAL_OPEN, .subject = j->p->journal,
						      .os_errno = errno);
	char line[4096], v[512];
	bool job_seen = false;
	int rc = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!json_field(line, "event", v, sizeof(v)))
			continue;
		if (!strcmp(v, "job")) {
			char img[512] = "", size[32] = "", copies[32] = "";
			json_field(line, "image", img, sizeof(img));
			json_field(line, "size", size, sizeof(size));
			json_field(line, "copies", copies, sizeof(copies));
			if (strcmp(img, base_name(j->p->image)) ||
			    strtoull(size, NULL, 10) != j->size ||
			    strtoul(copies, NULL, 10) != j->p->copies) {
				rc = db_fail(err, DB_R_JOURNAL_OTHER_JOB, .subject = j->p->journal,
					     .other = img, .n1 = strtoull(size, NULL, 10),
					     .n2 = strtoul(copies, NULL, 10));
				break;
			}
			job_seen = true;
			continue;
		}
		if (strcmp(v, "disc") || !json_field(line, "device", v, sizeof(v)))
			continue;
		for (unsigned i = 0; i < j->ndrive; i++) {
			struct dup_drive *dr = &j->drive[i];
			if (strcmp(dr->dev, v))
				continue;
			char res[32] = "";
			json_field(line, "result", res, sizeof(res));
			dr->next_copy++;
			if (!strcmp(res, "ok")) {
				dr->ok++;
				(*resumed)++;
			}
		}
	}
	fclose(f);
	(void)job_seen;
	return rc;
}

static int journal_open(struct dup *j, bool fresh, struct db_error *err)
{
	j->journal = fopen(j->p->journal, "a");
	if (!j->journal)
		return db_fail(err, DB_R_JOURNAL_OPEN, .subject = j->p->journal, .os_errno = errno);
	if (fresh) {
		char now[32];
		iso_time(now, sizeof(now));
		fprintf(j->journal, "{\"event\":\"job\",\"image\":");
		put_json_str(j->journal, base_name(j->p->image));
		fprintf(j->journal, ",\"size\":%llu,\"copies\":%u,\"drives\":%u,\"started\":\"%s\"}\n",
			(unsigned long long)j->size, j->p->copies, j->ndrive, now);
		fflush(j->journal);
		fsync(fileno(j->journal));
	}
	return 0;
}

/* One line per disc, on disk before the next disc starts (called locked). */
static void journal_disc(struct dup *j, const struct dup_drive *dr, unsigned copy,
			 const char *start, bool ok, const struct db_error *e,
			 const struct burn_stats *st)
{
	if (!j->journal)
		return;
	char end[32];
	iso_time(end, sizeof(end));
	FILE *f = j->journal;
	fprintf(f, "{\"event\":\"disc\",\"device\":");
	put_json_str(f, dr->dev);
	fprintf(f, ",\"copy\":%u,\"start\":\"%s\",\"end\":\"%s\",\"bytes\":%llu", copy, start,
		end, (unsigned long long)(st ? st->bytes : 0));
	fprintf(f, ",\"verified\":%s,\"result\":\"%s\"", st && st->verified ? "true" : "false",
		ok ? "ok" : "failed");
	if (!ok && e) {
		char why[DB_REASON_NAME_MAX];
		db_reason_name(e->reason, why);
		fprintf(f, ",\"reason\":\"%s\",\"code\":\"%s\"", why, db_strerror(e->code));
		if (e->opcode_valid)
			fprintf(f, ",\"command\":\"%s\"", device_opcode_name(e->opcode));
		if (e->have_sense)
			fprintf(f, ",\"sense\":\"%X/%02X/%02X\"", e->key, e->asc, e->ascq);
		if (e->lba_valid)
			fprintf(f, ",\"lba\":%u", e->lba);
	}
	fprintf(f, "}\n");
	fflush(f);
	fsync(fileno(f));
}

/* ---- waiting for a blank disc ---------------------------------------------- */

static void eject(struct dup_drive *dr)
{
	struct db_error ignored;
	drive_start_stop(dr->d, false, true, &ignored);
}

/* Is the disc now in the drive one we may write? 1 yes, 0 no (why in why). */
static int disc_is_blank(struct dup_drive *dr, char *why, size_t n, struct db_error *err)
{
	struct mmc_config cfg;
	struct mmc_disc_info di;
	int rc = drive_get_configuration(dr->d, &cfg, err);
	if (rc == 0)
		rc = drive_read_disc_info(dr->d, &di, err);
	if (rc < 0)
		return rc;
	uint16_t prof = cfg.current_profile;
	if (!disc_type(prof)->writable) {
		snprintf(why, n, "the disc in %s is %s, which cannot be written; ejected", dr->dev,
			 disc_type(prof)->name);
		return 0;
	}
	bool overwritable = disc_type(prof)->overwritable;
	bool blank = di.status == DISC_EMPTY;
	if (overwritable && !blank) {
		bool data = true;
		if (blank_disc_holds_data(dr->d, &data, err) < 0)
			return err->code;
		blank = !data;
	}
	if (!blank) {
		snprintf(why, n, "the %s in %s is not blank; ejected it instead of writing it",
			 disc_type(prof)->name, dr->dev);
		return 0;
	}
	return 1;
}

static int wait_blank(struct dup_drive *dr, struct db_error *err)
{
	struct dup *j = dr->job;
	unsigned limit = j->p->disc_wait_s ? j->p->disc_wait_s : WAIT_DEFAULT_S;
	double t0 = clock_now_s();
	bool told = false, empty = false, gesn = true;
	for (;;) {
		if (cancelled(j))
			return db_fail(err, DB_R_CANCELLED, .subject = dr->dev);
		/* While the drive is empty, GET EVENT STATUS NOTIFICATION (media
		 * class, polled) says when a disc arrives without disturbing the
		 * drive; drives that lack it are asked TEST UNIT READY each time. */
		if (empty && gesn) {
			struct mmc_event_media ev;
			struct db_error ignored;
			if (drive_get_event_media(dr->d, &ev, &ignored) < 0 || !ev.valid) {
				gesn = false;
			} else if (ev.event != 2 && !ev.present) {
				goto wait;      /* still no disc */
			}
		}
		int rc = drive_test_unit_ready(dr->d, err);
		empty = rc == DB_ECHECK && err->key == SK_NOT_READY && err->asc == 0x3A;
		if (rc == 0) {
			char why[256];
			rc = disc_is_blank(dr, why, sizeof(why), err);
			if (rc < 0)
				return rc;
			if (rc == 1)
				return 0;
			struct dup_event e = { .type = DEV_REJECTED, .drive = dr->idx, .dev = dr->dev,
					       .copy = dr->next_copy, .text = why };
			emit(j, &e);
			eject(dr);
			told = false;
		} else if (rc == DB_ECHECK && err->key == SK_NOT_READY && err->asc == 0x3A) {
			if (!told) {
				struct dup_event e = { .type = DEV_WAITING, .drive = dr->idx,
						       .dev = dr->dev, .copy = dr->next_copy };
				emit(j, &e);
				told = true;
			}
		} else if (rc < 0 && !(rc == DB_ECHECK && err->key == SK_UNIT_ATTENTION)) {
			return rc;
		}
wait:
		if (clock_now_s() - t0 >= limit) {
			return db_fail(err, DB_R_WAIT_DISC_TIMEOUT, .subject = dr->dev, .n1 = limit);
		}
		clock_sleep_ms(WAIT_POLL_MS);
	}
}

/* ---- one drive, one disc ---------------------------------------------------- */

static void drive_event(void *ctx, const struct burn_event *be)
{
	struct dup_drive *dr = ctx;
	struct dup_event e = { .type = DEV_DRIVE, .drive = dr->idx, .dev = dr->dev,
			       .copy = dr->next_copy, .burn = be };
	emit(dr->job, &e);
}

static void take_out(struct dup_drive *dr, const struct db_error *err)
{
	dr->out = true;
	dr->last = *err;
	struct dup_event e = { .type = DEV_DRIVE_OUT, .drive = dr->idx, .dev = dr->dev,
			       .copy = dr->next_copy, .err = err };
	emit(dr->job, &e);
}

static void *drive_thread(void *arg)
{
	struct dup_drive *dr = arg;
	struct dup *j = dr->job;
	struct db_error err;
	memset(&err, 0, sizeof(err));
	char start[32];
	unsigned copy = dr->next_copy;

	int rc = wait_blank(dr, &err);
	if (rc < 0) {
		ring_detach(j->ring, dr->reader);
		take_out(dr, &err);
		return NULL;
	}
	iso_time(start, sizeof(start));
	struct burn_params bp = j->p->burn;
	bp.image = j->p->image;
	bp.ring = j->ring;
	bp.reader = dr->reader;
	bp.image_size = j->size;
	bp.eject = true;        /* make room for the next blank */
	bp.cancel = j->cancel;
	bp.gracetime = 0;
	struct burn_events ev = { drive_event, dr };
	enum burn_stage stage;
	memset(&dr->stats, 0, sizeof(dr->stats));
	rc = burn_run(dr->d, &bp, &ev, &dr->stats, &stage, &err);
	ring_detach(j->ring, dr->reader);
	dr->round_ok = rc == 0;
	dr->next_copy++;
	pthread_mutex_lock(&j->lock);
	if (rc == 0) {
		dr->ok++;
		dr->owed--;
	} else {
		dr->failed++;
	}
	pthread_mutex_unlock(&j->lock);
	struct dup_event e = { .type = DEV_DISC_DONE, .drive = dr->idx, .dev = dr->dev,
			       .copy = copy, .ok = rc == 0, .err = rc ? &err : NULL,
			       .stats = &dr->stats };
	pthread_mutex_lock(&j->lock);
	/* the SHA-256 of a shared stream is known after the round; the
	 * journal gets it then (see finish_round) */
	journal_disc(j, dr, copy, start, rc == 0, rc ? &err : NULL, &dr->stats);
	if (j->ev && j->ev->fn)
		j->ev->fn(j->ev->ctx, &e);
	pthread_mutex_unlock(&j->lock);
	if (rc < 0 && err.code != DB_ECHECKSUM && err.code != DB_EIMAGE)
		take_out(dr, &err);     /* the drive or its discs misbehave */
	else if (rc < 0)
		dr->last = err;
	return NULL;
}

/* ---- the spool: a copy of the stream for later rounds ------------------------ */

static void *spool_thread(void *arg)
{
	struct dup *j = arg;
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

static int spool_create(struct dup *j, struct db_error *err)
{
	const char *dir = getenv("TMPDIR");
	snprintf(j->spool_path, sizeof(j->spool_path), "%s/discburn-spool.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	j->spool_fd = mkstemp(j->spool_path);
	if (j->spool_fd < 0)
		return db_fail(err, DB_R_SPOOL_CREATE, .subject = dir && *dir ? dir : "/tmp",
			       .os_errno = errno);
	return 0;
}

/* ---- rounds ------------------------------------------------------------------- */

static unsigned active_drives(const struct dup *j)
{
	unsigned n = 0;
	for (unsigned i = 0; i < j->ndrive; i++)
		if (!j->drive[i].out && j->drive[i].owed)
			n++;
	return n;
}

static unsigned max_owed(const struct dup *j)
{
	unsigned m = 0;
	for (unsigned i = 0; i < j->ndrive; i++)
		if (!j->drive[i].out && j->drive[i].owed > m)
			m = j->drive[i].owed;
	return m;
}

static int round_run(struct dup *j, bool first, uint64_t *source_bytes, char *sha,
		     struct db_error *err)
{
	unsigned n = active_drives(j);
	bool spool = first && max_owed(j) > 1;
	uint64_t fifo = j->p->burn.fifo_size ? j->p->burn.fifo_size : FIFO_DEFAULT;
	fifo = (fifo + CHUNK - 1) / CHUNK * CHUNK;
	/* readers: one per drive, the spool (first round, if more follow), and
	 * the SHA-256 on a core of its own */
	unsigned hash_reader = n + (spool ? 1 : 0);
	int rc = ring_new(&j->ring, fifo, CHUNK, hash_reader + 1);
	if (rc < 0)
		return db_fail(err, DB_R_FIFO_ALLOC, .n1 = fifo);
	struct source *src = NULL;
	const char *from = first ? j->p->image : j->spool_path;
	rc = source_open(from, first ? j->p->tsize : j->size, &src, err);
	/* later rounds must see the very stream the first one hashed */
	const char *expect = first ? j->p->burn.expect_sha256 : sha;
	if (rc == 0 && expect && *expect)
		rc = source_expect_digest(src, expect, err);
	if (rc == 0 && spool && (rc = spool_create(j, err)) == 0)
		j->spool_reader = n;
	if (rc == 0)
		rc = source_hash_in_thread(src, hash_reader);
	if (rc == 0)
		rc = source_start(src, j->ring);
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
	unsigned r = 0;
	for (unsigned i = 0; i < j->ndrive; i++) {
		struct dup_drive *dr = &j->drive[i];
		if (dr->out || !dr->owed)
			continue;
		dr->reader = r++;
		dr->round_ok = false;
		if (pthread_create(&dr->th, NULL, drive_thread, dr) != 0) {
			ring_detach(j->ring, dr->reader);
			struct db_error e;
			db_fail(&e, DB_R_THREAD_START, .subject = dr->dev);
			take_out(dr, &e);
			dr->th = 0;
		}
	}
	for (unsigned i = 0; i < j->ndrive; i++)
		if (j->drive[i].th) {
			pthread_join(j->drive[i].th, NULL);
			j->drive[i].th = 0;
		}
	bool any_ok = false;
	for (unsigned i = 0; i < j->ndrive; i++)
		any_ok |= j->drive[i].round_ok;
	if (!any_ok)
		source_cancel(src);     /* no drive took the stream: stop reading it */
	if (sp_started)
		pthread_join(sp, NULL);
	struct db_error serr;
	memset(&serr, 0, sizeof(serr));
	rc = source_join(src, &serr);
	if (first)
		*source_bytes = source_bytes_read(src);
	if (rc == 0 && first) {
		const uint8_t *d = source_digest(src);
		if (d)
			sha256_to_hex(d, sha);
	}
	if (rc == 0 && j->journal) {
		fprintf(j->journal, "{\"event\":\"round\",\"sha256\":\"%s\",\"bytes\":%llu}\n",
			sha, (unsigned long long)j->size);
		fflush(j->journal);
		fsync(fileno(j->journal));
	}
	source_close(src);
	ring_free(j->ring);
	j->ring = NULL;
	if (spool && (j->spool_rc < 0 || rc < 0 || !sp_started)) {
		/* no complete copy for later rounds: they cannot run */
		close(j->spool_fd);
		unlink(j->spool_path);
		j->spool_fd = -1;
		j->spool_path[0] = '\0';
	}
	if (rc < 0 && rc != DB_ECANCEL) {
		*err = serr;
		return rc;
	}
	return 0;
}

int dup_run(const struct dup_params *p, const atomic_int *cancel, const struct dup_events *ev,
	    struct dup_summary *sum, struct db_error *err)
{
	struct dup j;
	memset(&j, 0, sizeof(j));
	memset(sum, 0, sizeof(*sum));
	memset(err, 0, sizeof(*err));
	j.p = p;
	j.cancel = cancel;
	j.ev = ev;
	j.spool_fd = -1;
	pthread_mutex_init(&j.lock, NULL);
	int rc = 0;

	if (!p->ndev || p->ndev > DUP_MAX_DRIVES || !p->copies)
		return db_fail(err, DB_R_JOB_ARGS, .n1 = DUP_MAX_DRIVES);
	/* the image, once, before any drive */
	struct stat sb;
	if (strcmp(p->image, "-")) {
		if (stat(p->image, &sb) < 0)
			return db_fail(err, DB_R_IMAGE_OPEN, .subject = p->image, .os_errno = errno);
		j.size = p->tsize ? p->tsize : (uint64_t)sb.st_size;
		if (S_ISREG(sb.st_mode) && (rc = burn_check_image(p->image, p->burn.force, err)) < 0)
			return rc;
	} else {
		j.size = p->tsize;
	}
	if (!j.size)
		return db_fail(err, DB_R_IMAGE_EMPTY, .subject = p->image);

	j.ndrive = p->ndev;
	for (unsigned i = 0; i < p->ndev; i++) {
		struct dup_drive *dr = &j.drive[i];
		dr->job = &j;
		dr->idx = i;
		dr->dev = p->devs[i];
		dr->next_copy = 1;
	}
	if (p->journal) {
		struct stat js;
		bool fresh = stat(p->journal, &js) < 0 || js.st_size == 0;
		if ((rc = journal_resume(&j, &sum->resumed, err)) < 0 ||
		    (rc = journal_open(&j, fresh, err)) < 0)
			goto done;
	}
	for (unsigned i = 0; i < j.ndrive; i++) {
		struct dup_drive *dr = &j.drive[i];
		dr->owed = dr->ok >= p->copies ? 0 : p->copies - dr->ok;
		if (!dr->owed)
			continue;
		struct db_error e;
		if (device_open(dr->dev, 0, &dr->d, &e) < 0) {
			take_out(dr, &e);
			continue;
		}
		device_set_cancel(dr->d, cancel);
		if (ev && ev->setup)
			ev->setup(ev->ctx, dr->d);
	}

	bool first = true;
	while (active_drives(&j) && !cancelled(&j)) {
		if (!first && !j.spool_path[0] && strcmp(p->image, "-")) {
			/* no spool (it failed): a file can be read again */
			snprintf(j.spool_path, sizeof(j.spool_path), "%s", p->image);
		}
		if (!first && !j.spool_path[0]) {
			rc = db_fail(err, DB_R_SPOOL_LOST);
			break;
		}
		rc = round_run(&j, first, &sum->source_bytes, sum->sha256, err);
		if (rc < 0)
			break;
		first = false;
	}
	if (cancelled(&j) && rc == 0)
		rc = db_fail(err, DB_R_CANCELLED);
done:
	if (j.spool_fd >= 0) {
		close(j.spool_fd);
		unlink(j.spool_path);
	}
	if (j.journal)
		fclose(j.journal);
	sum->ndev = j.ndrive;
	for (unsigned i = 0; i < j.ndrive; i++) {
		struct dup_drive *dr = &j.drive[i];
		struct dup_drive_summary *s = &sum->drive[i];
		s->dev = dr->dev;
		s->ok = dr->ok;
		s->failed = dr->failed;
		s->owed = dr->owed;
		s->out = dr->out;
		s->last_error = dr->last;
		sum->ok += dr->ok;
		sum->failed += dr->failed;
		sum->owed += dr->owed;
		device_close(dr->d);
	}
	pthread_mutex_destroy(&j.lock);
	if (rc == 0 && sum->owed)
		rc = db_fail(err, DB_R_COPIES_NOT_MADE, .n1 = sum->owed, .n2 = p->copies * p->ndev);
	return rc;
}
