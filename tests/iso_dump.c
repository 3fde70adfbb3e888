/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iso_dump — print the inspection (iso_inspect_fd) and iso_preflight() as
 * key=value lines.
 *
 * Usage: iso_dump [-f] IMAGE. Exit status: 0 when preflight accepts the
 * image, 1 when it refuses (the reason and advice are printed as
 * preflight.error / preflight.advice), 2 when inspection itself failed.
 * -f asks preflight with ISO_PREFLIGHT_FORCE. Used by tests/iso-inspect.sh.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The file opened once and inspected through that descriptor. Unlike the
 * image handle (src/image/image.c) an empty file is inspected too, so that
 * its refusal is preflight's. */
static int inspect_path(const char *path, struct iso_report *r,
			struct db_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return db_fail(err, DB_R_IMAGE_OPEN, .subject = path,
			       .os_errno = errno);
	struct stat st;
	int rc;
	if (fstat(fd, &st) < 0)
		rc = db_fail(err, DB_R_IMAGE_STAT, .subject = path,
			     .os_errno = errno);
	else if (S_ISDIR(st.st_mode))
		rc = db_fail(err, DB_R_IMAGE_DIRECTORY, .subject = path);
	else if (!S_ISREG(st.st_mode))
		rc = db_fail(err, DB_R_IMAGE_NOT_FILE, .subject = path);
	else
		rc = iso_inspect_fd(fd, (uint64_t)st.st_size, r, err);
	close(fd);
	return rc;
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
	if (inspect_path(argv[i], &r, &err)) {
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
