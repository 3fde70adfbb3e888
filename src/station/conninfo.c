/* SPDX-License-Identifier: GPL-3.0-or-later */
/* conninfo.c — DB arguments into connection strings, and connection strings
 * into names fit to print (conninfo.h). */
#include "config.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/conninfo.h"

enum { CONNINFO_FILE_MAX = 16384 };

static int from_file(const char *path, char **out, struct db_error *err)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return db_fail(err, DB_R_DB_CONNINFO_FILE, .subject = path, .os_errno = errno);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = db_fail(err, DB_R_DB_CONNINFO, .subject = path, .what = "the file has no line");
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > CONNINFO_FILE_MAX) {
			rc = db_fail(err, DB_R_DB_CONNINFO, .subject = path,
				     .what = "the line is too long");
			break;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
				 line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		const char *s = line + strspn(line, " \t");
		if (!*s || *s == '#')
			continue;
		*out = strdup(s);
		rc = *out ? 0 : db_fail(err, DB_R_NO_MEMORY);
		break;
	}
	if (ferror(f))
		rc = db_fail(err, DB_R_DB_CONNINFO_FILE, .subject = path, .os_errno = errno);
	if (line) {
		memset(line, 0, cap);   /* it may hold a password */
		free(line);
	}
	fclose(f);
	return rc;
}

int conninfo_resolve(const char *db, char **out, struct db_error *err)
{
	*out = NULL;
	int rc;
	if (!db)
		return db_fail(err, DB_R_DB_CONNINFO, .what = "none given");
	if (!strcmp(db, "-"))
		rc = (*out = strdup("")) ? 0 : db_fail(err, DB_R_NO_MEMORY);
	else if (db[0] == '@')
		rc = from_file(db + 1, out, err);
	else
		rc = (*out = strdup(db)) ? 0 : db_fail(err, DB_R_NO_MEMORY);
	if (rc < 0)
		return rc;
	/* libpq's own parser decides; its message is not repeated, since it
	 * quotes the string it could not parse */
	char *why = NULL;
	PQconninfoOption *o = PQconninfoParse(*out, &why);
	if (why)
		PQfreemem(why);
	if (!o) {
		free(*out);
		*out = NULL;
		return db_fail(err, DB_R_DB_CONNINFO, .subject = db[0] == '@' ? db + 1 : "");
	}
	PQconninfoFree(o);
	return 0;
}

static bool secret(const char *keyword)
{
	return strstr(keyword, "password") != NULL;     /* password, sslpassword */
}

void conninfo_redact(const char *conninfo, char *out, size_t size)
{
	static const char *const shown[] = { "service", "host", "hostaddr", "port", "dbname",
					     "user", NULL };
	out[0] = '\0';
	if (!conninfo || !*conninfo) {
		snprintf(out, size, "(libpq defaults)");
		return;
	}
	char *why = NULL;
	PQconninfoOption *o = PQconninfoParse(conninfo, &why);
	if (why)
		PQfreemem(why);
	if (!o) {
		snprintf(out, size, "(unparsable)");
		return;
	}
	size_t len = 0;
	for (const char *const *k = shown; *k; k++)
		for (PQconninfoOption *p = o; p->keyword; p++)
			if (!strcmp(p->keyword, *k) && !secret(p->keyword) && p->val && *p->val &&
			    len < size) {
				int n = snprintf(out + len, size - len, "%s%s=%s", len ? " " : "",
						 p->keyword, p->val);
				len += n > 0 ? (size_t)n : 0;
			}
	if (len >= size)
		out[size - 1] = '\0';
	if (!out[0])
		snprintf(out, size, "(libpq defaults)");
	PQconninfoFree(o);
}

bool conninfo_has_password(const char *conninfo)
{
	char *why = NULL;
	PQconninfoOption *o = PQconninfoParse(conninfo ? conninfo : "", &why);
	if (why)
		PQfreemem(why);
	if (!o)
		return conninfo && strstr(conninfo, "password") != NULL;
	bool has = false;
	for (PQconninfoOption *p = o; p->keyword; p++)
		if (secret(p->keyword) && p->val && *p->val)
			has = true;
	PQconninfoFree(o);
	return has;
}
