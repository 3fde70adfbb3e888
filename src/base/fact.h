/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fact.h — one named, typed fact of a report (an image, a disc layout), as
 * the library hands it out and the CLI renders it as text or as a JSON
 * field of its own type. Nothing is flattened to a string and parsed back.
 *
 * Keys are stable and dotted ("volume.id", "track.2.mode"); they are the
 * JSON field names, so never rename one.
 */
#ifndef DISCBURN_FACT_H
#define DISCBURN_FACT_H

#include <stdbool.h>
#include <stdint.h>

enum fact_type { FACT_STR, FACT_U64, FACT_BOOL };

struct fact {
	const char *key;
	enum fact_type type;
	const char *str;        /* FACT_STR */
	uint64_t u64;           /* FACT_U64 */
	bool b;                 /* FACT_BOOL */
};

/* Receives one fact; return nonzero to stop the walk. */
typedef int (*fact_fn)(void *ctx, const struct fact *f);

#endif
