/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_report.c — a layout as typed facts (layout.h, base/fact.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "image/layout.h"

static const char *const field_names[CDTEXT_FIELDS] = {
	[CDTEXT_TITLE] = "title",
	[CDTEXT_PERFORMER] = "performer",
	[CDTEXT_SONGWRITER] = "songwriter",
	[CDTEXT_COMPOSER] = "composer",
	[CDTEXT_ARRANGER] = "arranger",
	[CDTEXT_MESSAGE] = "message",
	[CDTEXT_DISC_ID] = "disc-id",
	[CDTEXT_UPC_ISRC] = "upc-isrc",
};

const char *cdtext_field_name(enum cdtext_field f)
{
	return (unsigned)f < CDTEXT_FIELDS ? field_names[f] : "unknown";
}

struct walk {
	fact_fn fn;
	void *ctx;
	int stop;
	char key[96];
};

static void keyf(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void keyf(struct walk *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->key, sizeof(w->key), fmt, ap);
	va_end(ap);
}

static void str(struct walk *w, const char *v)
{
	if (w->stop)
		return;
	struct fact f = { .key = w->key, .type = FACT_STR, .str = v };
	w->stop = w->fn(w->ctx, &f);
}

static void u64(struct walk *w, uint64_t v)
{
	if (w->stop)
		return;
	struct fact f = { .key = w->key, .type = FACT_U64, .u64 = v };
	w->stop = w->fn(w->ctx, &f);
}

static void boolean(struct walk *w, bool v)
{
	if (w->stop)
		return;
	struct fact f = { .key = w->key, .type = FACT_BOOL, .b = v };
	w->stop = w->fn(w->ctx, &f);
}

/* A name as a fact: control characters (a tab in a file name, a sheet's
 * stray bytes) become '?', so a report line stays one line. */
static void name(struct walk *w, const char *v)
{
	char buf[512];
	size_t n = 0;
	for (; v && *v && n + 1 < sizeof(buf); v++)
		buf[n++] = (unsigned char)*v < 0x20 || *v == 0x7F ? '?' : *v;
	buf[n] = '\0';
	str(w, buf);
}

static void msf(char out[32], uint64_t sectors)
{
	snprintf(out, 32, "%02llu:%02u:%02u", (unsigned long long)(sectors / 4500),
		 (unsigned)(sectors / 75 % 60), (unsigned)(sectors % 75));
}

/* Text fields as facts; the strings are ISO-8859-1, so bytes >= 80h are
 * handed out as UTF-8 and control characters as '?'. */
static void text(struct walk *w, const char *prefix, const struct layout_text *t)
{
	for (unsigned f = 0; f < CDTEXT_FIELDS && !w->stop; f++) {
		const char *s = t->field[f];
		if (!s || !*s)
			continue;
		char u[600];
		size_t n = 0;
		for (const unsigned char *p = (const unsigned char *)s; *p && n + 3 < sizeof(u); p++) {
			if (*p >= 0x80) {
				u[n++] = (char)(0xC0 | *p >> 6);
				u[n++] = (char)(0x80 | (*p & 0x3F));
			} else {
				u[n++] = *p < 0x20 || *p == 0x7F ? '?' : (char)*p;
			}
		}
		u[n] = '\0';
		keyf(w, "%s.text.%s", prefix, field_names[f]);
		str(w, u);
	}
}

static const char *first_file(const struct layout *l, const struct layout_track *t)
{
	uint64_t start = t->stream_offset;
	uint64_t end = start + layout_track_sectors(t) * track_mode_sector_bytes(t->mode);
	uint64_t pos = 0;
	for (unsigned i = 0; i < l->npieces && pos < end; i++) {
		const struct layout_piece *p = &l->piece[i];
		if (pos + p->length > start && p->kind != PIECE_ZERO)
			return p->name;
		pos += p->length;
	}
	return NULL;
}

int layout_report(const struct layout *l, const struct layout_problems *pr,
		  fact_fn fn, void *ctx)
{
	struct walk w = { .fn = fn, .ctx = ctx };
	struct layout_time tm;
	layout_time(l, &tm);
	char buf[32];

	keyf(&w, "layout.sessions");
	u64(&w, l->nsessions);
	keyf(&w, "layout.tracks");
	u64(&w, l->ntracks);
	keyf(&w, "layout.bytes");
	u64(&w, l->stream_bytes);
	keyf(&w, "layout.sectors");
	u64(&w, tm.from_lba0);
	keyf(&w, "layout.time");
	msf(buf, tm.total);
	str(&w, buf);
	keyf(&w, "layout.overhead");
	u64(&w, tm.overhead);
	keyf(&w, "layout.fits-cd74");
	boolean(&w, tm.from_lba0 <= CD74_SECTORS);
	keyf(&w, "layout.fits-cd80");
	boolean(&w, tm.from_lba0 <= CD80_SECTORS);
	if (l->mcn[0]) {
		keyf(&w, "disc.mcn");
		str(&w, l->mcn);
	}
	bool fields = false;
	for (unsigned f = 0; f < CDTEXT_FIELDS; f++) {
		fields |= l->text.field[f] != NULL;
		for (unsigned i = 0; i < l->ntracks; i++)
			fields |= l->track[i].text.field[f] != NULL;
	}
	keyf(&w, "disc.cdtext");
	str(&w, l->cdtext_packs ? "packs" : fields || l->ntext_blocks ? "fields" : "none");
	text(&w, "disc", &l->text);

	/* the LBA of each track's index 1: the stream starts at LBA 0, and
	 * later sessions start after the overhead before them */
	uint64_t lba = 0;
	unsigned session = 1;
	for (unsigned i = 0; i < l->ntracks && !w.stop; i++) {
		const struct layout_track *t = &l->track[i];
		while (session < t->session) {
			lba += (session == 1 ? CD_LEADOUT_FIRST : CD_LEADOUT_LATER) +
			       CD_LEADIN_LATER + CD_LEAD_PREGAP;
			session++;
		}
		unsigned n = t->number;
		keyf(&w, "track.%u.session", n);
		u64(&w, t->session);
		keyf(&w, "track.%u.mode", n);
		str(&w, track_mode_name(t->mode));
		keyf(&w, "track.%u.start", n);
		u64(&w, lba + t->pregap);
		keyf(&w, "track.%u.pregap", n);
		u64(&w, t->pregap);
		keyf(&w, "track.%u.length", n);
		u64(&w, t->length);
		keyf(&w, "track.%u.postgap", n);
		u64(&w, t->postgap);
		keyf(&w, "track.%u.time", n);
		msf(buf, t->length);
		str(&w, buf);
		for (unsigned k = 0; k < t->nindex && k + 2 <= LAYOUT_MAX_INDICES; k++) {
			keyf(&w, "track.%u.index.%u", n, k + 2);
			u64(&w, lba + t->pregap + t->index[k]);
		}
		if (t->isrc[0]) {
			keyf(&w, "track.%u.isrc", n);
			str(&w, t->isrc);
		}
		keyf(&w, "track.%u.copy", n);
		boolean(&w, t->copy);
		keyf(&w, "track.%u.preemphasis", n);
		boolean(&w, t->preemphasis);
		keyf(&w, "track.%u.four-channel", n);
		boolean(&w, t->four_channel);
		keyf(&w, "track.%u.scms", n);
		boolean(&w, t->scms);
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "track.%u", n);
		text(&w, prefix, &t->text);
		const char *file = first_file(l, t);
		if (file) {
			keyf(&w, "track.%u.file", n);
			name(&w, file);
		}
		lba += layout_track_sectors(t);
	}
	for (unsigned k = 0; pr && k < pr->n && !w.stop; k++) {
		char reason[DB_REASON_NAME_MAX];
		db_reason_name(pr->e[k].reason, reason);
		keyf(&w, "problem.%u.reason", k + 1);
		str(&w, reason);
		keyf(&w, "problem.%u.subject", k + 1);
		name(&w, pr->e[k].subject);
		keyf(&w, "problem.%u.n1", k + 1);
		u64(&w, pr->e[k].n1);
		keyf(&w, "problem.%u.n2", k + 1);
		u64(&w, pr->e[k].n2);
	}
	if (pr && pr->dropped) {
		keyf(&w, "problems.dropped");
		u64(&w, pr->dropped);
	}
	return w.stop;
}
