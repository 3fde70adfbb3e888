/* SPDX-License-Identifier: GPL-3.0-or-later */
/* blank.h — erasing and formatting rewritable media.
 *
 * Both run the drive's long operation with IMMED and poll REQUEST SENSE for
 * the progress indication (SPC-4 4.5.2.4.4), reporting it as JEV_PROGRESS
 * events (a fraction). Which disc types can be blanked or formatted, and
 * with which format types, is the disc-type table's (mmc/disctype.h).
 * Nothing here prints.
 */
#ifndef DISCBURN_BLANK_H
#define DISCBURN_BLANK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "engine/job.h"
#include "mmc/disctype.h"

struct device;

/* cdrecord's blank= names -> MMC BLANK type (MMC-6 6.2.3.1). -1 if unknown. */
int blank_type_from_name(const char *name);

/* One line per blank type, for blank=help: name, MMC type. */
struct blank_kind {
	const char *name;
	uint8_t type;
};
extern const struct blank_kind blank_kinds[];
extern const unsigned blank_nkinds;

/* Blank the disc in d (CD-RW, DVD-RW). Refuses write-once and overwritable
 * media (DB_EMEDIA), a drive without blanking (DB_EDRIVE). ev may be NULL. */
int blank_run(struct device *d, const char *type_name, const atomic_int *cancel,
	      const struct event_sink *ev, struct db_error *err);

/* Format the disc in d with format=type_name ("" = the first the table
 * lists for the disc). A disc that holds data, or whose start cannot be read
 * (it may hold data), is only formatted when force is set (DB_EHASDATA). */
int format_run(struct device *d, const char *type_name, bool force,
	       const atomic_int *cancel, const struct event_sink *ev,
	       struct db_error *err);

/* Format a blank overwritable disc the way its first write needs (the
 * table's format_for_write). */
int format_for_write(struct device *d, const struct disc_type *t, const atomic_int *cancel,
		     const struct event_sink *ev, struct db_error *err);

/* What an overwritable disc holds: any nonzero byte in its first 32 sectors
 * (where every file system keeps its anchors) is data; when they cannot be
 * read, the disc MAY hold data, and *why says what the drive answered. */
enum disc_content { DISC_HOLDS_NOTHING, DISC_HOLDS_DATA, DISC_START_UNREADABLE };
int blank_disc_content(struct device *d, enum disc_content *out, struct db_error *why);

#endif
