/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_toc.c — libFuzzer harness for the cdrdao TOC file parser.
 *
 * Each input is parsed as a TOC file whose files are invented from their
 * names (tests/fuzz/fuzz_layout.h); an accepted layout must keep the
 * promises check_layout() lists. Built and run by tests/fuzz/run.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "fuzz_layout.h"
#include "image/toc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout l;
	struct layout_problems pr = { 0 };
	struct db_error err;
	int rc = toc_parse_mem((const char *)data, size, "fuzz.toc", "/nonexistent", &fake_io,
			       &l, &pr, &err);
	if (rc > 0 || (rc < 0 && rc != db_reason_result(err.reason)))
		abort();
	check_layout(&l, rc, &pr);
	layout_free(&l);
	return 0;
}
