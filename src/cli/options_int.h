/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options_int.h — what options.c and options_compat.c share: the parser's
 * own helpers, not for other files. */
#ifndef DISCBURN_OPTIONS_INT_H
#define DISCBURN_OPTIONS_INT_H

#include <stddef.h>

#include "cli/options.h"

/* why as fmt says; returns -1, the parser's failure */
int options_fail(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A warning line for main to print, each text once (options.h). */
void options_warn(struct options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* speed= as the parser reads it: tenths of x */
int options_speed(const char *s, unsigned *out_x10);
int options_set_action(struct options *o, enum action a, const char *arg, char *why,
		       size_t whylen);

/* options_compat.c: cdrecord's command language beyond the burn options.
 * The key and flag functions return 1 when they took the option, 0 when it
 * is not theirs, -1 with why. */
int options_compat_key(struct options *o, const char *key, const char *val, char *why,
		       size_t whylen);
int options_compat_flag(struct options *o, const char *name, char *why, size_t whylen);
int options_driveropts(struct options *o, const char *val, char *why, size_t whylen);
/* The drives from dev=, --drive, CDR_DEVICE and the defaults file; speed
 * and FIFO from the environment and the file (options.h); -1 with why. */
int options_devices(struct options *o, const struct options_env *env, char *why,
		    size_t whylen);
/* Once the action is known: what the compatibility options refuse. */
int options_compat_check(struct options *o, char *why, size_t whylen);

#endif
