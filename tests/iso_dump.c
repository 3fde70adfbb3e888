/* iso_dump — print iso_inspect() and iso_preflight() as key=value lines.
 *
 * Usage: iso_dump [-f] IMAGE. Exit status: 0 when preflight accepts the
 * image, 1 when it refuses (the reason and advice are printed as
 * preflight.error / preflight.advice), 2 when inspection itself failed.
 * -f asks preflight with ISO_PREFLIGHT_FORCE. Used by tests/iso-inspect.sh.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "image/iso.h"
#include "msgtext.h"

static int print_kv(void *ctx, const struct fact *f)
{
	(void)ctx;
	if (f->type == FACT_U64)
		printf("%s=%llu\n", f->key, (unsigned long long)f->u64);
	else if (f->type == FACT_BOOL)
		printf("%s=%s\n", f->key, f->b ? "true" : "false");
	else
		printf("%s=%s\n", f->key, f->str);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned flags = 0;
	int i = 1;
	if (i < argc && !strcmp(argv[i], "-f")) {
		flags |= ISO_PREFLIGHT_FORCE;
		i++;
	}
	if (i + 1 != argc) {
		fprintf(stderr, "usage: iso_dump [-f] IMAGE\n");
		return 2;
	}
	struct iso_report r;
	struct db_error err;
	if (iso_inspect(argv[i], &r, &err)) {
		printf("inspect.error=%s\n", msg_of(&err));
		return 2;
	}
	iso_report_emit(&r, print_kv, NULL);
	if (iso_preflight(&r, flags, &err)) {
		printf("preflight=refused\npreflight.error=%s\n"
		       "preflight.advice=%s\n", msg_of(&err), advice_of(&err));
		return 1;
	}
	printf("preflight=ok\n");
	return 0;
}
