/* SPDX-License-Identifier: GPL-3.0-or-later */
/* station.h — many machines ("stations"), one duplication job, through
 * PostgreSQL.
 *
 * A job (--submit) is an image and N owed copies, each a row of `copies`.
 * A station is a duplication job (src/engine/job.h) whose copies come from
 * the queue: each drive with a blank disc claims one owed copy
 * (SELECT ... FOR UPDATE SKIP LOCKED, so no two drives ever claim the same
 * copy), burns and verifies it as any duplication does, and the disc's
 * result goes first to the station's outbox on local disk, then to the
 * database. A station keeps a heartbeat; a station whose heartbeat stops
 * for longer than its lease is marked lost by the others, its half-burned
 * discs are recorded as failed coasters and their copies owed again. Stations
 * wait on LISTEN/NOTIFY between jobs, and reconnect with back-off when the
 * server goes away. doc/design.md tells the whole story; schema.h lists the
 * tables.
 *
 * Nothing here prints: the CLI gets struct station_note and job events, and
 * failures as reasons with their facts.
 */
#ifndef DISCBURN_STATION_H
#define DISCBURN_STATION_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/burn.h"
#include "engine/job.h"

struct device;

/* ---- jobs ------------------------------------------------------------------ */

struct station_submit {
	const char *image;      /* a path the stations can read, or an http(s) URL */
	const char *sha256;     /* expected (hex), or NULL: taken by reading the image */
	unsigned copies;
	bool verify;
	const char *label;      /* or NULL */
	int priority;           /* higher first */
};

/* Create (or migrate) the schema if needed and add the job; *job its id,
 * sha256 and size what the job records. An expected digest that the image
 * does not have is refused (CHECKSUM_MISMATCH). */
int station_submit(const char *conninfo, const struct station_submit *s, int64_t *job,
		   char sha256[65], uint64_t *size, struct db_error *err);

enum station_cmd { STATION_CANCEL, STATION_PAUSE, STATION_RESUME, STATION_PRIORITY };
/* Change a job: QUEUE_NO_JOB, QUEUE_JOB_STATE (cancelling a finished job...). */
int station_job_cmd(const char *conninfo, int64_t job, enum station_cmd cmd, int priority,
		    struct db_error *err);

/* ---- what --status shows ---------------------------------------------------- */

struct status_job {
	int64_t id;
	char image[512], label[128], state[12], sha256[65], submitted[32];
	int priority;
	bool verify;
	uint64_t size;
	unsigned copies, good, burning, owed, failed;   /* failed: coasters */
};

struct status_station {
	int64_t id;
	char name[128], host[128], state[12], started[32];
	int pid;
	unsigned lease_s;
	double heartbeat_age_s;
	bool stale;             /* running, but its lease ran out: will be marked lost */
	unsigned good, failed;
};

struct status_drive {
	char station[128], dev[256], state[12], reason[40];
	unsigned good, failed;  /* over every run of that station name */
};

struct status_burnt {           /* who burnt what: good and failed discs per job and station */
	int64_t job;
	char station[128];
	unsigned good, failed;
};

struct station_status {
	char db[256];           /* the database, without its password */
	int schema;
	struct status_job *jobs;
	unsigned njobs;
	struct status_station *stations;
	unsigned nstations;
	struct status_drive *drives;
	unsigned ndrives;
	struct status_burnt *burnt;
	unsigned nburnt;
};

int station_status(const char *conninfo, struct station_status *st, struct db_error *err);
void station_status_free(struct station_status *st);

/* ---- a station -------------------------------------------------------------- */

enum station_note_type {
	SN_STARTED,     /* registered: n = the station's id */
	SN_DB_LOST,     /* err: the database went away; retrying */
	SN_DB_BACK,     /* connected again */
	SN_JOB,         /* job, image: burning copies of this job now */
	SN_IMAGE,       /* job, image, cached, n = bytes: the image is ready */
	SN_REFUSED,     /* job, image, err: the image is refused, no drive touched */
	SN_CLAIM,       /* job, copy, dev: a drive took a copy */
	SN_DISC,        /* job, copy, dev, result, err: a disc finished */
	SN_LATE,        /* job, copy, result: reported from the outbox after an outage */
	SN_REPORT_FAILED, /* job, copy, err: the server refused a disc's report; kept
			   * in the outbox and tried again */
	SN_REAPED,      /* n stations found lost, n2 coasters recorded */
	SN_LEASE_LOST,  /* this station had been marked lost; it carries on */
	SN_DRIVE_OUT,   /* dev, err, n = failures in a row: no longer used */
	SN_IDLE,        /* until_idle: nothing is left to do */
};

struct station_note {
	enum station_note_type type;
	int64_t job;
	int copy;
	const char *dev;
	const char *image;
	const char *result;     /* good, failed, untouched, extra */
	bool cached;
	uint64_t n, n2;
	const struct db_error *err;
};

struct station_params {
	const char *conninfo;
	const char *name;               /* the station's name (default: the host name) */
	const char *cache_dir;          /* images and the outbox */
	unsigned lease_s;               /* lost after this long without a heartbeat (0 = 30) */
	bool until_idle;                /* end when no active job owes a copy */
	unsigned disc_wait_s;           /* per disc; see job.h */
	unsigned max_failures;          /* a drive failing this often in a row is out (0 = 3) */
	struct burn_params burn;        /* verify is also set by a job that asks for it */
	const char *const *devs;
	unsigned ndev;
	/* opens a drive (the CLI's cli_open: -V trace, cancel flag) */
	int (*open_drive)(void *ctx, const char *dev, struct device **d, struct db_error *err);
	void *open_ctx;
	const struct job_events *ev;    /* the drives' events; ev->drive indexes devs */
	void (*note)(void *ctx, const struct station_note *n);
	void *note_ctx;
	const atomic_int *cancel;
};

/* Run the station until cancelled (or, until_idle, until nothing is owed).
 * Returns 0, or the reason it had to stop (the first connection failed, the
 * schema, the outbox could not be written, no drive left). */
int station_run(const struct station_params *p, struct db_error *err);

/* A device name fit to store: an iSCSI URL's password is cut out. */
void station_dev_name(const char *dev, char *out, size_t size);

#endif
