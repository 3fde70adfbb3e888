/* blank.h — erasing and formatting rewritable media.
 *
 * Both run the drive's long operation with IMMED and poll REQUEST SENSE for
 * the progress indication (SPC-4 4.5.2.4.4), reporting it as BEV_PROGRESS
 * events (done/total out of 65536). Nothing here prints.
 */
#ifndef DISCBURN_BLANK_H
#define DISCBURN_BLANK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/burn.h"
#include "base/err.h"

struct device;

/* cdrecord's blank= names -> MMC BLANK type (MMC-6 6.2.3.1). -1 if unknown. */
int blank_type_from_name(const char *name);

/* One line per blank type, for blank=help: name, MMC type, description. */
struct blank_kind {
	const char *name;
	uint8_t type;
	const char *text;
};
extern const struct blank_kind blank_kinds[];
extern const unsigned blank_nkinds;

/* Blank the disc in d (CD-RW, DVD-RW). Refuses write-once and overwritable
 * media (DB_EMEDIA), a drive without blanking (DB_EDRIVE). */
int blank_run(struct device *d, const char *type_name, const atomic_int *cancel,
	      const struct burn_events *ev, struct db_error *err);

/* Format the disc in d: type_name "" (the medium's natural format), "full",
 * "quick" (DVD-RW restricted overwrite, quick), "ro" (DVD-RW -> restricted
 * overwrite), "seq" (DVD-RW -> sequential, by a fast blank), "spare" /
 * "nospare" (BD-RE with / without spare areas). A disc holding data is only
 * formatted when force is set (DB_EHASDATA otherwise). */
int format_run(struct device *d, const char *type_name, bool force,
	       const atomic_int *cancel, const struct burn_events *ev,
	       struct db_error *err);

/* Format a blank DVD+RW or BD-RE the way a first write needs (called by the
 * burn engine before writing to an unformatted overwritable disc). */
int format_for_write(struct device *d, uint16_t profile, const atomic_int *cancel,
		     const struct burn_events *ev, struct db_error *err);

/* Whether an overwritable disc holds data: any nonzero byte in its first 32
 * sectors (an unreadable start counts as empty). */
int blank_disc_holds_data(struct device *d, bool *yes, struct db_error *err);

#endif
