/* SPDX-License-Identifier: GPL-3.0-or-later */
/* read_int.h — what read.c (a disc into an image file) and check.c (a disc
 * checked against an image or a checksum) share: one run of either, from
 * the plan and the speed to the statistics. Not for outside the engine. */
#ifndef DISCBURN_ENGINE_READ_INT_H
#define DISCBURN_ENGINE_READ_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "drive/device.h"
#include "engine/read.h"

struct read_run {
	const struct read_params *p;
	const struct read_events *ev;
	struct read_result *res;
	struct disc_reader r;
	double t0;
	uint64_t last_progress_ms;
	uint64_t base_done;             /* bytes the map said were read */
	size_t sb;                      /* bytes of a sector in the image */
	struct cd_session *cd;          /* BIN/CUE: the session read */
};

/* Probe and plan the disc (read_params.cue: the CD session whole), say the
 * plan, set the read speed and start the clock. */
int read_run_start(struct read_run *u, struct device *d, const struct read_params *p,
		   const struct read_events *ev, struct read_result *res, struct db_error *err);

/* A REV_PROGRESS event, at most every 250 ms unless forced. */
void read_run_progress(struct read_run *u, uint64_t done, uint64_t total, uint32_t lba,
		       uint64_t bad, bool force);

/* The time taken and the average speed, into the result. */
void read_run_finish(struct read_run *u);

static inline bool read_cancelled(const struct read_params *p)
{
	return p->cancel && atomic_load(p->cancel);
}

#endif
