/* dup.h — duplication: many copies of one image, on several drives at once,
 * from one read of the source, with a journal that survives a crash.
 *
 * Work goes in rounds. In a round every drive that still owes copies burns
 * one disc; all of them read the same stream (one ring, one reader per
 * drive), so a slow drive paces only itself as far as the ring allows. The
 * first round reads the image; when more rounds follow, it is also spooled
 * to a temporary file that later rounds read, so the source (a file, or a
 * pipe) is read exactly once. Between rounds each drive ejects and waits for
 * the next blank disc; a disc that is not blank is ejected, never written.
 * A drive that fails is taken out of the job; the others go on.
 *
 * The journal (--journal FILE) is a JSON-lines file: a "job" line naming the
 * image, its size and the copies per drive, then one "disc" line per disc
 * (drive, copy number, start/end time, bytes, verify, result, error), each
 * on disk before the drive starts its next disc, and after every round a
 * "round" line with the SHA-256 of the stream those discs received (later
 * rounds read the spool and must hash to the same value). Running the same
 * job again reads it and burns only what is still owed.
 *
 * Nothing here prints; progress reaches the caller as events.
 */
#ifndef DISCBURN_DUP_H
#define DISCBURN_DUP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/burn.h"
#include "base/err.h"

struct device;

#define DUP_MAX_DRIVES 16

struct dup_params {
	const char *image;              /* path or "-" */
	uint64_t tsize;                 /* size for "-" */
	const char *devs[DUP_MAX_DRIVES];
	unsigned ndev;
	unsigned copies;                /* per drive */
	const char *journal;            /* NULL: none */
	unsigned disc_wait_s;           /* wait for a blank disc; 0 = 600 s */
	struct burn_params burn;        /* speed, verify, multi... for every disc */
};

enum dup_event_type {
	DEV_DRIVE,      /* per-drive burn event: ev.burn */
	DEV_WAITING,    /* drive waits for a blank disc */
	DEV_REJECTED,   /* a disc that is not blank was ejected: ev.text says why */
	DEV_DISC_DONE,  /* one disc finished: ev.ok, ev.err, ev.stats */
	DEV_DRIVE_OUT,  /* the drive is out of the job: ev.err */
};

struct dup_event {
	enum dup_event_type type;
	unsigned drive;                 /* index into devs */
	const char *dev;
	unsigned copy;                  /* 1-based copy number on that drive */
	const struct burn_event *burn;
	const char *text;
	bool ok;
	const struct db_error *err;
	const struct burn_stats *stats;
};

struct dup_events {
	/* Called from the drives' threads, one at a time (dup serialises). */
	void (*fn)(void *ctx, const struct dup_event *ev);
	/* Optional: called once per drive after it is opened (e.g. -V tracing). */
	void (*setup)(void *ctx, struct device *d);
	void *ctx;
};

struct dup_drive_summary {
	const char *dev;
	unsigned ok, failed, owed;      /* owed: copies not made */
	bool out;                       /* taken out of the job */
	struct db_error last_error;
};

struct dup_summary {
	unsigned ndev;
	struct dup_drive_summary drive[DUP_MAX_DRIVES];
	unsigned ok, failed, owed;
	unsigned resumed;               /* discs found done in the journal */
	uint64_t source_bytes;          /* bytes read from the image source */
	char sha256[65];
};

/* Run the job. Returns 0 when every copy was made; DB_EINVAL / DB_EIMAGE /
 * DB_ESTATE (journal of another job) before anything started; otherwise
 * a negative code with the summary saying what was and was not made. */
int dup_run(const struct dup_params *p, const atomic_int *cancel, const struct dup_events *ev,
	    struct dup_summary *sum, struct db_error *err);

#endif
