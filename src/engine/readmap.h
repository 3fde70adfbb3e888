/* SPDX-License-Identifier: GPL-3.0-or-later */
/* readmap.h — which sectors of a disc image have been read: the map a read
 * keeps so that running it again retries only what is missing.
 *
 * The map covers the image's sectors 0..size-1 (sector i is LBA first + i of
 * the disc) as runs of one status each:
 *   '?'  not tried yet
 *   '+'  read (the image holds it)
 *   '-'  tried and not read (a bad sector; the image holds zeros there)
 * On disk it is a GNU ddrescue mapfile, so ddrescuelog and other tools read
 * it: positions and sizes in bytes of the image file, in hexadecimal,
 *
 *   # Mapfile. Created by discburn 0.1
 *   # discburn: first=0 sectors=1536 disc=DVD+R volume="LABEL"
 *   # current_pos  current_status  current_pass
 *   0x00180000     ?               1
 *   #      pos        size  status
 *   0x00000000  0x00180000  +
 *   0x00180000  0x00000800  -
 *   0x00180800  0x0007F800  ?
 *
 * The "# discburn:" comment names the disc and the range the map is of; a
 * map of another disc or range is refused rather than trusted. ddrescue's
 * other failure marks ('*' non-trimmed, '/' non-scraped) are read as '-'.
 * Every position and size must be whole sectors: 2048 bytes, or 2352 for a
 * BIN of whole CD sectors.
 *
 * Pure: no I/O but readmap_load()/readmap_save(), no drive.
 */
#ifndef DISCBURN_READMAP_H
#define DISCBURN_READMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define READMAP_SECTOR 2048u

struct readmap_run {
	uint32_t start, count;  /* sectors of the image */
	char status;            /* '?', '+', '-' */
};

struct readmap {
	uint32_t sectors;       /* the image's */
	uint32_t sector_bytes;  /* bytes a sector takes in the image file */
	unsigned n, cap;
	struct readmap_run *run;        /* in order, adjacent, no two neighbours alike */
	char ident[200];        /* the "# discburn:" line's text, without the prefix */
	uint32_t pos;           /* sector the read is at (current_pos) */
	char phase;             /* current_status: '?' copying, '-' retrying, '+' done */
	unsigned pass;
};

/* A map of `sectors` sectors of sector_bytes each (0 = 2048), all '?'.
 * Returns 0 or DB_ENOMEM. */
int readmap_init(struct readmap *m, uint32_t sectors, uint32_t sector_bytes, const char *ident,
		 struct db_error *err);
void readmap_free(struct readmap *m);

/* Set sectors [start, start+count) to status (clipped to the map). Returns
 * 0 or DB_ENOMEM. */
int readmap_set(struct readmap *m, uint32_t start, uint32_t count, char status,
		struct db_error *err);

/* The status of sector i. */
char readmap_get(const struct readmap *m, uint32_t i);

/* Sectors with status s. */
uint64_t readmap_count(const struct readmap *m, char s);

/* The first run at or after sector from whose status is s: sets *start and
 * *count (the run clipped to begin at from) and returns true; false when
 * there is none. */
bool readmap_next(const struct readmap *m, uint32_t from, char s, uint32_t *start,
		  uint32_t *count);

/* Parse mapfile text; name is used in messages. The map must be of
 * `sectors` sectors and carry `ident`: else DB_ESTATE (READ_MAP_OTHER_DISC).
 * A malformed line: DB_ESTATE (READ_MAP_BAD, its number in n1). */
int readmap_parse(struct readmap *m, const char *text, size_t len, const char *name,
		  uint32_t sectors, uint32_t sector_bytes, const char *ident,
		  struct db_error *err);

/* Format the map as mapfile text into a malloc'd string (*out, *len);
 * header lines carry `command` (may be NULL) and the times. */
int readmap_format(const struct readmap *m, const char *command, char **out, size_t *len,
		   struct db_error *err);

/* Read the map at path: 0 with *m filled; 1 when there is no file (m is
 * left untouched); < 0 as readmap_parse, or DB_EOS when it cannot be read. */
int readmap_load(struct readmap *m, const char *path, uint32_t sectors, uint32_t sector_bytes,
		 const char *ident, struct db_error *err);

/* Write the map to path whole: a new file beside it, renamed over the old
 * one, so a crash leaves the old map or the new one. DB_EOS
 * (READ_MAP_WRITE) on failure. */
int readmap_save(const struct readmap *m, const char *path, const char *command,
		 struct db_error *err);

#endif
