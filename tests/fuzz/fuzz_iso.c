/* fuzz_iso.c — libFuzzer harness for the image parser.
 *
 * Runs iso_inspect_mem() (PVD, Joliet SVD, El Torito catalogue, UDF
 * recognition sequence and anchor, MBR, GPT, the directory walk) on each
 * input, then iso_preflight() and iso_report_emit(), and checks what the
 * parser promises: it never fails on a readable buffer, its counts stay
 * within their arrays, and no emitted value holds a control character.
 * Built and run by tests/fuzz/run.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/iso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_kv(void *ctx, const char *key, enum iso_kv_type type,
		    const char *value)
{
	(void)ctx;
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7F)
			abort();
	if (!key[0] || (type == ISO_KV_BOOL && strcmp(value, "true") &&
			strcmp(value, "false")))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iso_report r;
	struct db_error err;
	if (iso_inspect_mem(data, size, &r, &err) != 0)
		abort();
	if (r.boot_count > ISO_BOOT_MAX || r.mbr_count > ISO_MBR_PARTS ||
	    r.gpt_count > ISO_GPT_MAX || r.file_size != size)
		abort();
	if (r.size_state == ISO_SIZE_TRUNCATED && r.declared_bytes <= size)
		abort();
	int rc = iso_preflight(&r, 0, &err);
	if (rc != 0 && rc != DB_EIMAGE)
		abort();
	if (r.size_state == ISO_SIZE_TRUNCATED && rc == 0)
		abort();
	iso_report_emit(&r, check_kv, NULL);
	return 0;
}
