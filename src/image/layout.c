/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout.c — building a disc layout (see layout.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image/layout.h"

static const struct {
	unsigned bytes;
	const char *name;
} modes[] = {
	[TRACK_MODE1] = { 2048, "mode1" },
	[TRACK_MODE1_RAW] = { 2352, "mode1-raw" },
	[TRACK_MODE2] = { 2336, "mode2" },
	[TRACK_MODE2_RAW] = { 2352, "mode2-raw" },
	[TRACK_XA_FORM1] = { 2048, "xa-form1" },
	[TRACK_XA_FORM2] = { 2324, "xa-form2" },
	[TRACK_AUDIO] = { 2352, "audio" },
};

unsigned track_mode_sector_bytes(enum track_mode m)
{
	return (unsigned)m < sizeof(modes) / sizeof(modes[0]) ? modes[m].bytes : 2048;
}

bool track_mode_is_data(enum track_mode m)
{
	return m != TRACK_AUDIO;
}

const char *track_mode_name(enum track_mode m)
{
	return (unsigned)m < sizeof(modes) / sizeof(modes[0]) ? modes[m].name : "unknown";
}

void layout_init(struct layout *l)
{
	memset(l, 0, sizeof(*l));
}

static void text_free(struct layout_text *t)
{
	for (unsigned i = 0; i < CDTEXT_FIELDS; i++)
		free(t->field[i]);
}

void layout_free(struct layout *l)
{
	for (unsigned i = 0; i < l->npieces; i++)
		if (l->piece[i].kind == PIECE_DECODER && l->piece[i].dec.close)
			l->piece[i].dec.close(l->piece[i].dec.ctx);
		else if (l->piece[i].kind == PIECE_READER && l->piece[i].rd.close)
			l->piece[i].rd.close(l->piece[i].rd.ctx);
	for (unsigned i = 0; i < l->nfiles; i++)
		close(l->files[i]);
	for (unsigned i = 0; i < l->ntracks; i++)
		text_free(&l->track[i].text);
	text_free(&l->text);
	for (unsigned b = 0; b < l->ntext_blocks; b++) {
		text_free(&l->text_block[b].disc);
		for (unsigned i = 0; i < LAYOUT_MAX_TRACKS; i++)
			text_free(&l->text_block[b].track[i]);
	}
	free(l->text_block);
	for (unsigned i = 0; i < l->nnames; i++)
		free(l->names[i]);
	free(l->names);
	free(l->cdtext_packs);
	free(l->piece);
	free(l->files);
	layout_init(l);
}

int layout_add_piece(struct layout *l, const struct layout_piece *p, struct db_error *err)
{
	if (p->length > UINT64_MAX - l->stream_bytes)
		return db_fail(err, DB_R_IMAGE_TOO_LARGE, .subject = p->name);
	struct layout_piece *n = realloc(l->piece, (l->npieces + 1) * sizeof(*n));
	if (!n)
		return db_fail(err, DB_R_NO_MEMORY);
	l->piece = n;
	l->piece[l->npieces++] = *p;
	l->stream_bytes += p->length;
	return 0;
}

int layout_add_track(struct layout *l, const struct layout_track *t, struct db_error *err)
{
	if (l->ntracks >= LAYOUT_MAX_TRACKS)
		return db_fail(err, DB_R_INTERNAL, .what = "more than 99 tracks");
	struct layout_track *n = &l->track[l->ntracks];
	*n = *t;
	n->number = l->ntracks ? l->track[l->ntracks - 1].number + 1 : (t->number ? t->number : 1);
	if (!n->session)
		n->session = l->nsessions ? l->nsessions : 1;
	if (n->session > l->nsessions)
		l->nsessions = n->session;
	n->stream_offset = l->stream_bytes;
	l->ntracks++;
	return 0;
}

int layout_from_image(struct layout *l, int fd, bool sequential, uint64_t size,
		      const char *name, struct db_error *err)
{
	layout_init(l);
	uint64_t sectors = size / 2048 + (size % 2048 != 0);   /* no sum to wrap near 2^64 */
	if (sectors > UINT32_MAX)
		return db_fail(err, DB_R_IMAGE_TOO_LARGE, .subject = name);
	struct layout_track t = { .mode = TRACK_MODE1, .length = (uint32_t)sectors };
	int rc = layout_add_track(l, &t, err);
	if (rc < 0)
		return rc;
	struct layout_piece p = { .kind = PIECE_FILE, .fd = fd, .sequential = sequential,
				  .length = size, .name = name };
	return layout_add_piece(l, &p, err);
}

int layout_read_at(const struct layout *l, uint64_t off, void *buf, size_t len)
{
	uint8_t *out = buf;
	uint64_t at = 0;
	for (unsigned i = 0; i < l->npieces && len; i++) {
		const struct layout_piece *p = &l->piece[i];
		if (off >= at + p->length) {
			at += p->length;
			continue;
		}
		uint64_t in = off - at;
		size_t n = p->length - in < len ? (size_t)(p->length - in) : len;
		if (p->kind == PIECE_ZERO) {
			memset(out, 0, n);
		} else if (p->kind == PIECE_FILE && !p->sequential) {
			for (size_t done = 0; done < n;) {
				ssize_t r = pread(p->fd, out + done, n - done,
						  (off_t)(p->offset + in + done));
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0)
					return -1;
				done += (size_t)r;
			}
		} else if (p->kind == PIECE_READER) {
			if (p->rd.read_at(p->rd.ctx, p->offset + in, out, n, NULL) < 0)
				return -1;
		} else {
			return -1;
		}
		out += n;
		off += n;
		len -= n;
		at += p->length;
	}
	if (len)
		memset(out, 0, len);    /* beyond the stream: the zero fill of the last sector */
	return 0;
}

uint64_t layout_track_sectors(const struct layout_track *t)
{
	return (uint64_t)t->pregap + t->length;
}

int layout_add_file(struct layout *l, int fd, struct db_error *err)
{
	int *n = realloc(l->files, (l->nfiles + 1) * sizeof(*n));
	if (!n) {
		close(fd);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	l->files = n;
	l->files[l->nfiles++] = fd;
	return 0;
}

const char *layout_keep_name(struct layout *l, const char *s, struct db_error *err)
{
	char **n = realloc(l->names, (l->nnames + 1) * sizeof(*n));
	if (!n) {
		db_fail(err, DB_R_NO_MEMORY);
		return NULL;
	}
	l->names = n;
	char *c = strdup(s ? s : "");
	if (!c) {
		db_fail(err, DB_R_NO_MEMORY);
		return NULL;
	}
	l->names[l->nnames++] = c;
	return c;
}

int layout_set_text(struct layout_text *t, enum cdtext_field f, const char *s,
		    struct db_error *err)
{
	if ((unsigned)f >= CDTEXT_FIELDS)
		return db_fail(err, DB_R_INTERNAL, .what = "CD-TEXT field");
	char *c = strdup(s);
	if (!c)
		return db_fail(err, DB_R_NO_MEMORY);
	free(t->field[f]);
	t->field[f] = c;
	return 0;
}

struct layout_text_block *layout_text_block(struct layout *l, unsigned b,
					    struct db_error *err)
{
	if (b == 0 || b >= LAYOUT_TEXT_BLOCKS) {
		db_fail(err, DB_R_INTERNAL, .what = "CD-TEXT block");
		return NULL;
	}
	if (b > l->ntext_blocks) {
		struct layout_text_block *n = realloc(l->text_block, b * sizeof(*n));
		if (!n) {
			db_fail(err, DB_R_NO_MEMORY);
			return NULL;
		}
		memset(n + l->ntext_blocks, 0, (b - l->ntext_blocks) * sizeof(*n));
		for (unsigned i = l->ntext_blocks; i < b; i++) {
			n[i].language = CDTEXT_LANG_ENGLISH;
			n[i].charset = l->cdtext_charset;
		}
		l->text_block = n;
		l->ntext_blocks = b;
	}
	return &l->text_block[b - 1];
}

void layout_time(const struct layout *l, struct layout_time *t)
{
	memset(t, 0, sizeof(*t));
	unsigned sessions = l->nsessions ? l->nsessions : 1;
	for (unsigned i = 0; i < l->ntracks; i++)
		t->tracks += layout_track_sectors(&l->track[i]);
	for (unsigned s = 1; s < sessions; s++) {
		/* the lead-out of session s, then the lead-in and pregap of s + 1 */
		t->overhead += (s == 1 ? CD_LEADOUT_FIRST : CD_LEADOUT_LATER) +
			       CD_LEADIN_LATER + CD_LEAD_PREGAP;
	}
	t->from_lba0 = t->tracks + t->overhead;
	t->total = t->from_lba0 + CD_LEAD_PREGAP;
}

int layout_check_fit(const struct layout *l, uint64_t capacity, const char *name,
		     struct db_error *err)
{
	struct layout_time t;
	layout_time(l, &t);
	if (t.from_lba0 > capacity)
		return db_fail(err, DB_R_CD_TOO_LONG, .subject = name, .n1 = t.from_lba0,
			       .n2 = capacity);
	return 0;
}

int layout_problem(struct layout_problems *pr, const struct db_error *e)
{
	if (pr) {
		if (pr->n < LAYOUT_MAX_PROBLEMS)
			pr->e[pr->n++] = *e;
		else
			pr->dropped++;
	}
	return e->code;
}
