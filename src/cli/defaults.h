/* SPDX-License-Identifier: GPL-3.0-or-later */
/* defaults.h — cdrecord's and wodim's defaults file: /etc/default/cdrecord,
 * /etc/wodim.conf.
 *
 * As cdrecord reads it: lines CDR_DEVICE=, CDR_SPEED=, CDR_FIFOSIZE= give
 * the defaults, and a line "NAME= DEVICE SPEED FIFOSIZE [DRIVEROPTS]" an
 * alias that dev=NAME (or CDR_DEVICE=NAME) stands for; a SPEED or FIFOSIZE
 * of -1 means none; '#' starts a comment. The first of
 * $DISCBURN_CDRECORD_DEFAULTS (then only it), /etc/default/cdrecord and
 * /etc/wodim.conf that exists is read. */
#ifndef DISCBURN_DEFAULTS_H
#define DISCBURN_DEFAULTS_H

#include <stdbool.h>
#include <stddef.h>

#define CDR_MAX_ALIASES 32

struct cdr_alias {
	char name[32];
	char dev[256];
	char speed[16];         /* "" or "-1": none */
	char fifosize[16];
	char driveropts[128];
};

struct cdr_defaults {
	char path[256];         /* the file read ("" when none) */
	char device[256], speed[16], fifosize[16];
	unsigned nalias;
	struct cdr_alias alias[CDR_MAX_ALIASES];
};

/* Parse the text of a defaults file into d (which it clears). Lines it
 * cannot read are skipped; returns how many were. */
unsigned cdr_defaults_parse(const char *text, struct cdr_defaults *d);

/* Read the defaults as cdrecord/wodim do (see above) into d; a missing
 * file leaves d empty. */
void cdr_defaults_load(struct cdr_defaults *d);

/* The alias called name, or NULL. */
const struct cdr_alias *cdr_defaults_alias(const struct cdr_defaults *d, const char *name);

#endif
