/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outbox.c — finished discs kept on local disk until the database has them
 * (outbox.h), as JSON lines read and written with jansson. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "station/outbox.h"

struct outbox {
	int fd;
	char *path;
};

static json_t *to_json(const struct report *r)
{
	json_t *o = json_pack("{s:s, s:I, s:I, s:i, s:s, s:s, s:s, s:I, s:s, s:b, s:s, s:s, s:I}",
			      "type", "disc", "disc_id", (json_int_t)r->disc_id,
			      "job_id", (json_int_t)r->job_id, "copy", r->copy_no,
			      "result", r->result, "start", r->start, "end", r->end,
			      "bytes", (json_int_t)r->bytes, "sha256", r->sha256,
			      "verified", r->verified, "reason", r->reason, "sense", r->sense,
			      "lba", (json_int_t)r->lba);
	return o;
}

static void copy_str(char *dst, size_t size, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	snprintf(dst, size, "%s", s ? s : "");
}

static bool from_json(json_t *o, struct report *r)
{
	memset(r, 0, sizeof(*r));
	json_t *id = json_object_get(o, "disc_id");
	if (!json_is_integer(id))
		return false;
	r->disc_id = json_integer_value(id);
	r->job_id = json_integer_value(json_object_get(o, "job_id"));
	r->copy_no = (int)json_integer_value(json_object_get(o, "copy"));
	copy_str(r->result, sizeof(r->result), o, "result");
	copy_str(r->start, sizeof(r->start), o, "start");
	copy_str(r->end, sizeof(r->end), o, "end");
	r->bytes = (uint64_t)json_integer_value(json_object_get(o, "bytes"));
	copy_str(r->sha256, sizeof(r->sha256), o, "sha256");
	r->verified = json_is_true(json_object_get(o, "verified"));
	copy_str(r->reason, sizeof(r->reason), o, "reason");
	copy_str(r->sense, sizeof(r->sense), o, "sense");
	r->lba = json_integer_value(json_object_get(o, "lba"));
	return r->result[0] != '\0';
}

static int put(int fd, const char *path, json_t *o, struct db_error *err)
{
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return db_fail(err, DB_R_NO_MEMORY);
	size_t n = strlen(s);
	char *line = malloc(n + 2);
	if (!line) {
		free(s);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	memcpy(line, s, n);
	line[n] = '\n';
	free(s);
	ssize_t w;
	do
		w = write(fd, line, n + 1);
	while (w < 0 && errno == EINTR);
	free(line);
	if (w != (ssize_t)(n + 1))
		return db_fail(err, DB_R_STATION_JOURNAL, .subject = path,
			       .os_errno = w < 0 ? errno : ENOSPC);
	if (fsync(fd) < 0)
		return db_fail(err, DB_R_STATION_JOURNAL, .subject = path, .os_errno = errno);
	return 0;
}

/* Read what is there: reports, minus those acknowledged. */
static int load(const char *path, struct report **pending, unsigned *n, struct db_error *err)
{
	*pending = NULL;
	*n = 0;
	FILE *f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : db_fail(err, DB_R_STATION_JOURNAL, .subject = path,
						     .os_errno = errno);
	unsigned cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	while (getline(&line, &lcap, f) >= 0) {
		json_t *o = json_loads(line, 0, NULL);
		if (!o)
			continue;       /* a torn line: the disc it was for is not known */
		const char *type = json_string_value(json_object_get(o, "type"));
		struct report r;
		if (type && !strcmp(type, "reported")) {
			int64_t id = json_integer_value(json_object_get(o, "disc_id"));
			for (unsigned i = 0; i < *n; i++)
				if ((*pending)[i].disc_id == id) {
					(*pending)[i] = (*pending)[--*n];
					break;
				}
		} else if (type && !strcmp(type, "disc") && from_json(o, &r)) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				struct report *g = realloc(*pending, cap * sizeof(*g));
				if (!g) {
					json_decref(o);
					free(line);
					fclose(f);
					return db_fail(err, DB_R_NO_MEMORY);
				}
				*pending = g;
			}
			(*pending)[(*n)++] = r;
		}
		json_decref(o);
	}
	free(line);
	fclose(f);
	return 0;
}

int outbox_open(const char *path, struct outbox **out, struct report **pending, unsigned *n,
		struct db_error *err)
{
	*out = NULL;
	int rc = load(path, pending, n, err);
	if (rc < 0)
		return rc;
	/* rewrite it with only what is still owed to the database */
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		rc = db_fail(err, DB_R_STATION_JOURNAL, .subject = path, .os_errno = errno);
	for (unsigned i = 0; rc == 0 && i < *n; i++)
		rc = put(fd, path, to_json(&(*pending)[i]), err);
	if (fd >= 0 && rc == 0 && fsync(fd) < 0)
		rc = db_fail(err, DB_R_STATION_JOURNAL, .subject = path, .os_errno = errno);
	if (fd >= 0)
		close(fd);
	if (rc == 0 && rename(tmp, path) < 0)
		rc = db_fail(err, DB_R_STATION_JOURNAL, .subject = path, .os_errno = errno);
	if (rc == 0) {
		char *d = strdup(path);
		int dfd = d ? open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(d);
	}
	struct outbox *ob = NULL;
	if (rc == 0 && (!(ob = calloc(1, sizeof(*ob))) || !(ob->path = strdup(path))))
		rc = db_fail(err, DB_R_NO_MEMORY);
	if (rc == 0 && (ob->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW)) < 0)
		rc = db_fail(err, DB_R_STATION_JOURNAL, .subject = path, .os_errno = errno);
	if (rc < 0) {
		if (ob)
			free(ob->path);
		free(ob);
		free(*pending);
		*pending = NULL;
		*n = 0;
		return rc;
	}
	*out = ob;
	return 0;
}

int outbox_add(struct outbox *ob, const struct report *r, struct db_error *err)
{
	json_t *o = to_json(r);
	if (!o)
		return db_fail(err, DB_R_NO_MEMORY);
	return put(ob->fd, ob->path, o, err);
}

int outbox_reported(struct outbox *ob, int64_t disc_id, struct db_error *err)
{
	json_t *o = json_pack("{s:s, s:I}", "type", "reported", "disc_id", (json_int_t)disc_id);
	if (!o)
		return db_fail(err, DB_R_NO_MEMORY);
	return put(ob->fd, ob->path, o, err);
}

void outbox_close(struct outbox *ob)
{
	if (!ob)
		return;
	close(ob->fd);
	free(ob->path);
	free(ob);
}
