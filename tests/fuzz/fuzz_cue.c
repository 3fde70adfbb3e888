/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_cue.c — libFuzzer harness for the cue sheet parser and the .inf
 * (cdda2wav/icedax) reader.
 *
 * Each input is parsed as a cue sheet whose FILEs are invented from their
 * names (tests/fuzz/fuzz_layout.h), so the index arithmetic, gap styles,
 * padding and problem lists run on every input; an accepted layout must
 * keep the promises check_layout() lists. The same bytes are then read as
 * a .inf file. Built and run by tests/fuzz/run.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_layout.h"
#include "image/cue.h"
#include "image/tracklist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout l;
	struct layout_problems pr = { 0 };
	struct db_error err;
	int rc = cue_parse_mem((const char *)data, size, "fuzz.cue", "/nonexistent", &fake_io,
			       &l, &pr, &err);
	if (rc > 0 || (rc < 0 && rc != db_reason_result(err.reason)))
		abort();
	check_layout(&l, rc, &pr);
	layout_free(&l);

	struct inf_info inf;
	if (inf_parse((const char *)data, size, "fuzz.inf", &inf, &err) == 0) {
		if (inf.nindex > LAYOUT_MAX_INDICES || strlen(inf.isrc) > 12)
			abort();
		inf_free(&inf);
	}
	return 0;
}
