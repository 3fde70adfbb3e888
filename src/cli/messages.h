/* SPDX-License-Identifier: GPL-3.0-or-later */
/* messages.h — the one table that turns a failure into words and an exit
 * code.
 *
 * The library reports a reason and its facts (src/base/err.h); this is
 * where they become the sentence a person reads, the advice that follows it
 * and the documented exit status (src/cli/exitcodes.h). Every reason has a
 * row; tests/test_messages.c checks that, and that no row leaves a
 * placeholder unfilled.
 */
#ifndef DISCBURN_MESSAGES_H
#define DISCBURN_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"

/* Where the failure happened, which decides the exit status of the
 * reasons whose status depends on it. */
enum msg_context {
	MSG_BURN,       /* burning: 9 while the disc is untouched, 10 after */
	MSG_INFO,       /* an information command: nothing was to be written (1) */
	MSG_BLANK,      /* blanking or formatting (15) */
};

struct msg_text {
	char text[512];         /* the cause, one sentence, without a full stop */
	char advice[512];       /* what to do, one sentence, or "" */
};

/* Render err. */
void msg_render(const struct db_error *err, struct msg_text *out);

/* The documented exit status for err (err->touched is read for MSG_BURN). */
int msg_exit_code(const struct db_error *err, enum msg_context ctx);

/* What to advise for a command that failed with this sense: opcode is the
 * command (so a refused BLANK is not told to change the write mode). "" when
 * nothing useful can be said. */
const char *msg_sense_advice(uint8_t opcode, uint8_t key, uint8_t asc, uint8_t ascq);

#endif
