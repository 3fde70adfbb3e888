/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msgtext.h — the words a person reads for a failure, for tests that check
 * them: the library reports a reason and facts, the CLI's table renders
 * them (src/cli/messages.c). */
#ifndef DISCBURN_TEST_MSGTEXT_H
#define DISCBURN_TEST_MSGTEXT_H

#include "cli/messages.h"

static inline const char *msg_of(const struct db_error *e)
{
	static struct msg_text m;
	msg_render(e, &m);
	return m.text;
}

static inline const char *advice_of(const struct db_error *e)
{
	static struct msg_text m;
	msg_render(e, &m);
	return m.advice;
}

#endif
