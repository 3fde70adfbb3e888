/* burn.h — writing one image to one disc: pre-flight, strategy, stream,
 * close, verify.
 *
 * burn_run() never prints. It tells the caller what happens through
 * struct burn_events (the CLI turns them into a progress line, plain lines or
 * NDJSON) and returns 0 or a DB_E* code with struct db_error filled; `stage`
 * says whether the disc was touched.
 */
#ifndef DISCBURN_BURN_H
#define DISCBURN_BURN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "cli/options.h"

struct device;
struct iso_report;
struct ring;

struct burn_params {
	const char *image;          /* path or "-" */
	uint64_t tsize;             /* bytes, required for "-" */
	unsigned speed;             /* x of the media family; 0 = fastest */
	bool dummy, multi, pad, overburn, force, verify, burnfree, eject;
	enum write_mode mode;
	uint32_t padsize;           /* sectors of zeros after the image */
	uint64_t fifo_size;         /* bytes; 0 = scaled to the media speed */
	unsigned gracetime;         /* seconds of countdown before the first WRITE */
	const char *expect_sha256;      /* 64 hex digits, or NULL */
	const atomic_int *cancel;   /* set by the signal handler */

	/* Several drives from one read of the image: when ring is set, the
	 * caller has checked the image and runs the source; this burn reads
	 * the stream as reader `reader` (detached on failure) and image_size
	 * is the stream's length. The SHA-256 is then the caller's to report. */
	struct ring *ring;
	unsigned reader;
	uint64_t image_size;
};

enum burn_stage {
	STAGE_PREFLIGHT = 0,        /* nothing sent that changes the disc */
	STAGE_WRITING,              /* WRITEs were sent */
	STAGE_CLOSING,
	STAGE_VERIFYING,
	STAGE_DONE,
};

enum burn_event_type {
	BEV_MEDIA,      /* what was found: text fields in media */
	BEV_PLAN,       /* the strategy chosen */
	BEV_REASON,     /* one pre-flight refusal reason (several may come) */
	BEV_GRACE,      /* countdown: seconds left */
	BEV_PHASE,      /* a new phase begins: text in phase */
	BEV_PROGRESS,
	BEV_STATS,
	BEV_WARNING,
	BEV_IMAGE,      /* what the image is: an iso_report (src/iso.h) */
};

struct burn_progress {
	uint64_t done, total;       /* bytes */
	double speed_x;             /* current write speed in x */
	unsigned fifo_pct;          /* ring fill */
	int buf_pct;                /* drive buffer fill; -1 unknown */
	uint32_t lba;
	bool verify;                /* progress of the read-back */
};

struct burn_stats {
	uint64_t bytes;             /* image bytes written */
	uint32_t sectors;           /* sectors written incl. padding */
	double seconds;             /* writing time */
	double avg_speed_x;
	uint64_t fifo_size;
	unsigned fifo_min_pct;
	unsigned fifo_empty;        /* times the writer found the fifo empty */
	int drive_buf_min_pct;      /* -1 unknown */
	unsigned burnfree_used;     /* underruns BURN-Free absorbed, when known */
	bool burnfree_on;
	char sha256[65];            /* of the stream */
	bool sha256_checked;        /* compared with an expected digest */
	bool verified;
	bool reblanked;             /* a broken track was blanked away again */
};

struct burn_media {
	uint16_t profile;
	const char *profile_name;
	const char *disc_status;    /* "blank", "appendable", "complete" */
	uint32_t nwa;
	uint32_t free_blocks;
	uint32_t image_blocks;      /* incl. padding */
	char vendor[9], model[17], revision[5];
};

struct burn_plan {
	const char *strategy;       /* "CD TAO", "CD SAO", "DVD-R DAO"... */
	unsigned speed_kbps;
	double speed_x;
	bool dummy, multi, burnfree;
	uint64_t fifo_size;
};

struct burn_event {
	enum burn_event_type type;
	union {
		const struct burn_media *media;
		const struct burn_plan *plan;
		const struct db_error *reason;
		unsigned grace_left;
		const char *phase;
		const struct burn_progress *progress;
		const struct burn_stats *stats;
		const char *warning;
		const struct iso_report *image;
	} u;
};

struct burn_events {
	void (*fn)(void *ctx, const struct burn_event *ev);
	void *ctx;
};

/* The burn reads its stream in pieces of this size (whole 2048-byte sectors:
 * two DVD ECC blocks, one BD cluster); a shared ring (burn_params.ring) must
 * allow reads of at least this much. */
#define BURN_CHUNK (32 * 2048)

/* Burn p->image to the disc in d. On failure err says why and *stage how far
 * it got (STAGE_PREFLIGHT: the disc is untouched). */
int burn_run(struct device *d, const struct burn_params *p, const struct burn_events *ev,
	     struct burn_stats *stats, enum burn_stage *stage, struct db_error *err);

/* The image must be what it claims: not truncated, not random bytes (unless
 * force), checked before any drive is touched. 0 or DB_EIMAGE with the reason. */
int burn_check_image(const char *path, bool force, struct db_error *err);

#endif
