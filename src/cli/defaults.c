/* SPDX-License-Identifier: GPL-3.0-or-later */
/* defaults.c — /etc/default/cdrecord and /etc/wodim.conf (defaults.h). */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/defaults.h"

static void copy(char *dst, size_t n, const char *src, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* The next blank-separated word of *p into out, without the double quotes
 * around it (cdrecord's examples write driveropts as "" or "burnfree");
 * false when none. */
static bool word(const char **p, char *out, size_t n)
{
	const char *s = *p + strspn(*p, " \t");
	size_t len;
	if (*s == '"') {
		const char *end = strchr(s + 1, '"');
		if (!end)
			return false;
		copy(out, n, s + 1, (size_t)(end - s - 1));
		*p = end + 1;
		return true;
	}
	if (!(len = strcspn(s, " \t")))
		return false;
	copy(out, n, s, len);
	*p = s + len;
	return true;
}

static bool one_line(const char *line, struct cdr_defaults *d)
{
	line += strspn(line, " \t");
	if (!*line || *line == '#')
		return true;
	const char *eq = strchr(line, '=');
	if (!eq || eq == line || strcspn(line, " \t") < (size_t)(eq - line))
		return false;
	size_t kl = (size_t)(eq - line);
	const char *val = eq + 1;
	static const struct { const char *key; size_t off, size; } vars[] = {
		{ "CDR_DEVICE", offsetof(struct cdr_defaults, device), 256 },
		{ "CDR_SPEED", offsetof(struct cdr_defaults, speed), 16 },
		{ "CDR_FIFOSIZE", offsetof(struct cdr_defaults, fifosize), 16 },
	};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (strlen(vars[i].key) == kl && !strncmp(line, vars[i].key, kl)) {
			char w[256];
			if (!word(&val, w, sizeof(w)))
				return false;
			copy((char *)d + vars[i].off, vars[i].size, w, strlen(w));
			return true;
		}
	if (!strncmp(line, "CDR_", 4))
		return true;    /* CDR_MAXFIFOSIZE, CDR_TRANSFERSIZE...: cdrecord's own */
	if (d->nalias == CDR_MAX_ALIASES)
		return false;
	struct cdr_alias *a = &d->alias[d->nalias];
	memset(a, 0, sizeof(*a));
	copy(a->name, sizeof(a->name), line, kl);
	if (!word(&val, a->dev, sizeof(a->dev)))
		return false;
	word(&val, a->speed, sizeof(a->speed));
	word(&val, a->fifosize, sizeof(a->fifosize));
	word(&val, a->driveropts, sizeof(a->driveropts));
	d->nalias++;
	return true;
}

unsigned cdr_defaults_parse(const char *text, struct cdr_defaults *d)
{
	char path[sizeof(d->path)];
	memcpy(path, d->path, sizeof(path));
	memset(d, 0, sizeof(*d));
	memcpy(d->path, path, sizeof(path));
	unsigned bad = 0;
	while (*text) {
		size_t len = strcspn(text, "\r\n");
		char line[512];
		copy(line, sizeof(line), text, len);
		if (!one_line(line, d))
			bad++;
		text += len;
		text += strspn(text, "\r\n");
	}
	return bad;
}

void cdr_defaults_load(struct cdr_defaults *d)
{
	memset(d, 0, sizeof(*d));
	const char *env = getenv("DISCBURN_CDRECORD_DEFAULTS");
	const char *const system[] = { "/etc/default/cdrecord", "/etc/wodim.conf", NULL };
	const char *const only[] = { env, NULL };
	for (const char *const *p = env && *env ? only : system; *p; p++) {
		FILE *f = fopen(*p, "r");
		if (!f)
			continue;
		static char text[64 * 1024];
		size_t n = fread(text, 1, sizeof(text) - 1, f);
		text[n] = '\0';
		fclose(f);
		snprintf(d->path, sizeof(d->path), "%s", *p);
		cdr_defaults_parse(text, d);
		return;
	}
}

const struct cdr_alias *cdr_defaults_alias(const struct cdr_defaults *d, const char *name)
{
	for (unsigned i = 0; d && i < d->nalias; i++)
		if (!strcmp(d->alias[i].name, name))
			return &d->alias[i];
	return NULL;
}
