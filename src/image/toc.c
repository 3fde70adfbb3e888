/* SPDX-License-Identifier: GPL-3.0-or-later */
/* toc.c — cdrdao TOC files into a disc layout (see toc.h).
 *
 * Our own grammar: no Debian library parses cdrdao's format (libcdio's
 * image driver does, but libcdio is becoming optional, and it reads TOC
 * files to play them, not to burn them: it drops the FILE offsets'
 * byte order, SILENCE/ZERO and CD-TEXT language blocks).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "image/cdtext.h"
#include "image/toc.h"

enum tok { T_EOF, T_WORD, T_STRING, T_NUMBER, T_MSF, T_OFFSET, T_LBRACE, T_RBRACE,
	   T_COLON, T_COMMA, T_BAD };

#define TEXT_MAX 4096

struct tfile {
	char *name;
	const char *lname;              /* the path, owned by the layout (piece names) */
	bool audio;                     /* opened as audio (byte order by name) */
	bool ok;
	bool short_told;
	struct audio_src src;
};

struct toc {
	const char *p, *end;
	unsigned line;
	enum tok kind;
	char text[TEXT_MAX];
	size_t tlen;
	uint64_t num;
	uint32_t msf;
	bool utf8;

	const char *name, *dir;
	const struct sheet_io *io;
	struct layout *l;
	struct layout_problems *pr;
	struct db_error *err;
	int rc;
	int langmap[LAYOUT_TEXT_BLOCKS];        /* language code of block n, -1 unmapped */

	struct tfile *file;
	unsigned nfiles;

	/* the track being read */
	uint64_t bytes;                 /* its content so far */
	bool started;                   /* START or PREGAP seen */
	bool content;                   /* any content statement seen */
	uint64_t pregap_bytes;
	uint32_t start_msf;
	bool start_msf_given;
	unsigned start_line;
};

/* ---- lexer --------------------------------------------------------------------- */

static int syntax(struct toc *t, const char *what)
{
	return db_fail(t->err, DB_R_SHEET_SYNTAX, .subject = t->name, .n1 = t->line,
		       .what = what, .other = t->kind == T_EOF ? "end of file" : t->text);
}

static int value(struct toc *t, const char *what)
{
	return db_fail(t->err, DB_R_SHEET_VALUE, .subject = t->name, .n1 = t->line,
		       .what = what, .other = t->text);
}

static void put(struct toc *t, char c)
{
	if (t->tlen + 1 < TEXT_MAX)
		t->text[t->tlen++] = c;
	t->text[t->tlen] = '\0';
}

static bool digits(const char *p, const char *end, const char **after, uint64_t *v)
{
	const char *q = p;
	uint64_t n = 0;
	while (q < end && isdigit((unsigned char)*q) && q - p < 19)
		n = n * 10 + (uint64_t)(*q++ - '0');
	if (q == p || (q < end && isdigit((unsigned char)*q)))
		return false;
	*after = q;
	*v = n;
	return true;
}

static void next(struct toc *t)
{
	t->tlen = 0;
	t->text[0] = '\0';
	for (;;) {
		while (t->p < t->end && isspace((unsigned char)*t->p)) {
			if (*t->p == '\n')
				t->line++;
			t->p++;
		}
		if (t->p + 1 < t->end && t->p[0] == '/' && t->p[1] == '/') {
			while (t->p < t->end && *t->p != '\n')
				t->p++;
			continue;
		}
		break;
	}
	if (t->p >= t->end) {
		t->kind = T_EOF;
		return;
	}
	char c = *t->p;
	if (c == '{' || c == '}' || c == ':' || c == ',') {
		t->kind = c == '{' ? T_LBRACE : c == '}' ? T_RBRACE : c == ':' ? T_COLON : T_COMMA;
		put(t, c);
		t->p++;
		return;
	}
	if (c == '"') {
		t->p++;
		t->kind = T_STRING;
		while (t->p < t->end && *t->p != '"') {
			char ch = *t->p++;
			if (ch == '\n') {
				t->kind = T_BAD;
				return;
			}
			if (ch == '\\' && t->p < t->end) {
				char e = *t->p++;
				if (e >= '0' && e <= '7') {
					unsigned v = (unsigned)(e - '0');
					for (int k = 0; k < 2 && t->p < t->end && *t->p >= '0' &&
					     *t->p <= '7'; k++)
						v = v * 8 + (unsigned)(*t->p++ - '0');
					ch = (char)(v & 0xFF);
				} else {
					ch = e == 'n' ? '\n' : e == 't' ? '\t' : e;
				}
			}
			if (ch == '\0') {
				t->kind = T_BAD;
				return;
			}
			put(t, ch);
		}
		if (t->p >= t->end) {
			t->kind = T_BAD;
			return;
		}
		t->p++;
		return;
	}
	if (c == '#') {
		const char *after;
		if (!digits(t->p + 1, t->end, &after, &t->num)) {
			t->kind = T_BAD;
			put(t, c);
			t->p++;
			return;
		}
		for (const char *q = t->p; q < after; q++)
			put(t, *q);
		t->p = after;
		t->kind = T_OFFSET;
		return;
	}
	if (isdigit((unsigned char)c)) {
		const char *a1, *a2, *a3;
		uint64_t m, s, f;
		if (!digits(t->p, t->end, &a1, &m)) {
			t->kind = T_BAD;
			put(t, c);
			t->p++;
			return;
		}
		if (a1 + 1 < t->end && *a1 == ':' && digits(a1 + 1, t->end, &a2, &s) &&
		    a2 + 1 < t->end && *a2 == ':' && digits(a2 + 1, t->end, &a3, &f)) {
			for (const char *q = t->p; q < a3; q++)
				put(t, *q);
			t->p = a3;
			if (s >= 60 || f >= 75 || m > 9999) {
				t->kind = T_BAD;
				return;
			}
			t->kind = T_MSF;
			t->msf = (uint32_t)((m * 60 + s) * 75 + f);
			return;
		}
		for (const char *q = t->p; q < a1; q++)
			put(t, *q);
		t->p = a1;
		t->kind = T_NUMBER;
		t->num = m;
		return;
	}
	if (isalpha((unsigned char)c) || c == '_') {
		while (t->p < t->end && (isalnum((unsigned char)*t->p) || *t->p == '_'))
			put(t, *t->p++);
		t->kind = T_WORD;
		return;
	}
	put(t, c);
	t->p++;
	t->kind = T_BAD;
}

static bool is(struct toc *t, const char *word)
{
	return t->kind == T_WORD && !strcmp(t->text, word);
}

static int expect(struct toc *t, enum tok k, const char *what)
{
	if (t->kind != k)
		return syntax(t, what);
	next(t);
	return 0;
}

/* ---- files ------------------------------------------------------------------------ */

static void problem(struct toc *t, const struct db_error *e)
{
	sheet_problem(&t->rc, t->err, t->pr, e);
}

static int get_file(struct toc *t, const char *name, bool audio, struct tfile **out)
{
	for (unsigned i = 0; i < t->nfiles; i++)
		if (!strcmp(t->file[i].name, name) && t->file[i].audio == audio) {
			*out = &t->file[i];
			return 0;
		}
	struct tfile *n = realloc(t->file, (t->nfiles + 1) * sizeof(*n));
	if (!n)
		return db_fail(t->err, DB_R_NO_MEMORY);
	t->file = n;
	struct tfile *f = &t->file[t->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	f->audio = audio;
	if (!f->name)
		return db_fail(t->err, DB_R_NO_MEMORY);
	*out = f;
	if (!strcmp(name, "-")) {
		f->lname = layout_keep_name(t->l, name, t->err);
		if (!f->lname)
			return DB_ENOMEM;
		struct db_error e;
		db_fail(&e, DB_R_SHEET_FILE_TYPE, .subject = t->name, .n1 = t->line,
			.what = "standard input");
		problem(t, &e);
		return 0;
	}
	struct db_error e;
	int rc = t->io->open(t->io->ctx, t->l, name, t->dir, t->name,
			     audio ? SHEET_FILE_BY_NAME : SHEET_FILE_BINARY, &f->src, &e);
	if (rc == DB_ENOMEM)
		return db_fail(t->err, DB_R_NO_MEMORY);
	if (rc < 0)
		problem(t, &e);
	else
		f->ok = true;
	f->lname = f->src.path ? f->src.path : layout_keep_name(t->l, name, t->err);
	return f->lname ? 0 : DB_ENOMEM;
}

static struct layout_track *cur(struct toc *t)
{
	return &t->l->track[t->l->ntracks - 1];
}

/* bytes [from, from + len) of f's samples or data (len UINT64_MAX: to the end) */
static int add_file(struct toc *t, struct tfile *f, uint64_t from, uint64_t len)
{
	struct layout_track *lt = cur(t);
	if (!f->ok) {
		if (len == UINT64_MAX)
			return 0;
		t->bytes += len;
		return layout_add_zero(t->l, len, f->lname, t->err);
	}
	uint64_t size = f->src.bytes;
	if (len == UINT64_MAX)
		len = size > from ? size - from : 0;
	uint64_t have = from >= size ? 0 : size - from < len ? size - from : len;
	int rc = 0;
	if (have) {
		if (lt->mode == TRACK_AUDIO) {
			if (!f->src.direct && (from % 4 || have % 4))
				return db_fail(t->err, DB_R_SHEET_VALUE, .subject = t->name,
					       .n1 = t->line, .what = "start (whole samples)",
					       .other = f->name);
			rc = audio_add(t->l, &f->src, from, have, t->err);
		} else {
			struct layout_piece p = { .kind = PIECE_FILE, .fd = f->src.fd,
						  .offset = f->src.data_offset + from,
						  .length = have, .name = f->src.path };
			rc = layout_add_piece(t->l, &p, t->err);
		}
	}
	if (rc == 0 && have < len) {
		if (!f->short_told) {
			f->short_told = true;
			unsigned sec = track_mode_sector_bytes(lt->mode);
			struct db_error e;
			db_fail(&e, DB_R_TRACK_FILE_SHORT, .subject = f->src.path,
				.n1 = (len - have + sec - 1) / sec, .n2 = lt->number);
			problem(t, &e);
		}
		rc = layout_add_zero(t->l, len - have, f->lname, t->err);
	}
	t->bytes += len;
	return rc;
}

/* ---- values -------------------------------------------------------------------- */

/* A length or position: MM:SS:FF blocks, or samples (audio) / bytes (data). */
static int length(struct toc *t, uint64_t *bytes)
{
	struct layout_track *lt = cur(t);
	if (t->kind == T_MSF)
		*bytes = (uint64_t)t->msf * track_mode_sector_bytes(lt->mode);
	else if (t->kind == T_NUMBER)
		*bytes = lt->mode == TRACK_AUDIO ? t->num * 4 : t->num;
	else
		return syntax(t, "expected a length (MM:SS:FF, samples or bytes)");
	if (*bytes > (1ull << 40))
		return value(t, "length");
	next(t);
	return 0;
}

static bool is_length(struct toc *t)
{
	return t->kind == T_MSF || t->kind == T_NUMBER;
}

/* ---- CD-TEXT ----------------------------------------------------------------------- */

static const struct {
	const char *kw;
	int field;              /* enum cdtext_field, -1: binary items we drop */
} text_items[] = {
	{ "TITLE", CDTEXT_TITLE }, { "PERFORMER", CDTEXT_PERFORMER },
	{ "SONGWRITER", CDTEXT_SONGWRITER }, { "COMPOSER", CDTEXT_COMPOSER },
	{ "ARRANGER", CDTEXT_ARRANGER }, { "MESSAGE", CDTEXT_MESSAGE },
	{ "DISC_ID", CDTEXT_DISC_ID }, { "UPC_EAN", CDTEXT_UPC_ISRC },
	{ "ISRC", CDTEXT_UPC_ISRC }, { "GENRE", -1 }, { "TOC_INFO1", -1 },
	{ "TOC_INFO2", -1 }, { "SIZE_INFO", -1 },
};

/* The texts of language block b for the disc (track < 0) or a track. */
static struct layout_text *text_of(struct toc *t, unsigned b, int track)
{
	if (b == 0)
		return track < 0 ? &t->l->text : &t->l->track[track].text;
	struct layout_text_block *blk = layout_text_block(t->l, b, t->err);
	if (!blk)
		return NULL;
	blk->language = (uint8_t)t->langmap[b];
	return track < 0 ? &blk->disc : &blk->track[track];
}

static int language_block(struct toc *t, int track)
{
	/* at LANGUAGE */
	next(t);
	if (t->kind != T_NUMBER || t->num >= LAYOUT_TEXT_BLOCKS)
		return value(t, "language number (0-7)");
	unsigned b = (unsigned)t->num;
	next(t);
	int rc = expect(t, T_LBRACE, "expected '{'");
	if (rc < 0)
		return rc;
	bool mapped = t->langmap[b] >= 0;
	while (t->kind != T_RBRACE) {
		if (t->kind != T_WORD)
			return syntax(t, "expected a CD-TEXT item");
		size_t k;
		for (k = 0; k < sizeof(text_items) / sizeof(text_items[0]); k++)
			if (!strcmp(t->text, text_items[k].kw))
				break;
		if (k == sizeof(text_items) / sizeof(text_items[0]))
			return syntax(t, "unknown CD-TEXT item");
		char kw[16];
		size_t kwn = t->tlen < sizeof(kw) - 1 ? t->tlen : sizeof(kw) - 1;
		memcpy(kw, t->text, kwn);
		kw[kwn] = '\0';
		unsigned line = t->line;
		next(t);
		char str[TEXT_MAX];
		size_t n = 0;
		if (t->kind == T_STRING) {
			memcpy(str, t->text, t->tlen + 1);
			n = t->tlen;
			next(t);
		} else if (t->kind == T_LBRACE) {
			next(t);
			while (t->kind != T_RBRACE) {
				if (t->kind != T_NUMBER || t->num > 255)
					return value(t, "byte (0-255)");
				if (n + 1 < sizeof(str) && t->num)
					str[n++] = (char)t->num;
				next(t);
				if (t->kind == T_COMMA)
					next(t);
				else if (t->kind != T_RBRACE)
					return syntax(t, "expected ',' or '}'");
			}
			next(t);
			str[n] = '\0';
		} else {
			return syntax(t, "expected a string or { bytes }");
		}
		if (text_items[k].field < 0 || !mapped)
			continue;
		enum cdtext_field f = (enum cdtext_field)text_items[k].field;
		if (f == CDTEXT_UPC_ISRC && track >= 0) {
			/* "DE-XXX-98-00001": the 12 characters */
			char d[32], isrc[13];
			size_t m = 0;
			for (size_t i = 0; str[i] && m + 1 < sizeof(d); i++)
				if (str[i] != '-')
					d[m++] = str[i];
			d[m] = '\0';
			if (sheet_isrc(d, isrc))
				strcpy(str, isrc);
		}
		char conv[TEXT_MAX];
		if (!sheet_latin1(str, t->utf8, conv)) {
			struct db_error e;
			db_fail(&e, DB_R_SHEET_TEXT_CHARSET, .subject = t->name, .n1 = line,
				.what = kw);
			problem(t, &e);
			continue;
		}
		struct layout_text *txt = text_of(t, b, track);
		if (!txt)
			return DB_ENOMEM;
		rc = layout_set_text(txt, f, conv, t->err);
		if (rc < 0)
			return rc;
	}
	next(t);
	return 0;
}

static int cd_text(struct toc *t, int track)
{
	/* at CD_TEXT */
	next(t);
	int rc = expect(t, T_LBRACE, "expected '{'");
	while (rc == 0 && t->kind != T_RBRACE) {
		if (is(t, "LANGUAGE_MAP")) {
			if (track >= 0)
				return syntax(t, "LANGUAGE_MAP in a track");
			next(t);
			rc = expect(t, T_LBRACE, "expected '{'");
			while (rc == 0 && t->kind != T_RBRACE) {
				if (t->kind != T_NUMBER || t->num >= LAYOUT_TEXT_BLOCKS)
					return value(t, "language number (0-7)");
				unsigned b = (unsigned)t->num;
				next(t);
				rc = expect(t, T_COLON, "expected ':'");
				if (rc < 0)
					return rc;
				if (is(t, "EN"))
					t->langmap[b] = CDTEXT_LANG_ENGLISH;
				else if (t->kind == T_NUMBER && t->num <= 255)
					t->langmap[b] = (int)t->num;
				else
					return value(t, "language code (EN or 0-255)");
				if (b == 0)
					t->l->cdtext_language = (uint8_t)t->langmap[0];
				next(t);
			}
			if (rc == 0)
				next(t);
		} else if (is(t, "LANGUAGE")) {
			rc = language_block(t, track);
		} else {
			return syntax(t, "expected LANGUAGE_MAP or LANGUAGE");
		}
	}
	if (rc == 0)
		next(t);
	return rc;
}

/* ---- tracks -------------------------------------------------------------------------- */

static const struct {
	const char *kw;
	enum track_mode mode;
} toc_modes[] = {
	{ "AUDIO", TRACK_AUDIO }, { "MODE1", TRACK_MODE1 }, { "MODE1_RAW", TRACK_MODE1_RAW },
	{ "MODE2", TRACK_MODE2 }, { "MODE2_FORM1", TRACK_XA_FORM1 },
	{ "MODE2_FORM2", TRACK_XA_FORM2 }, { "MODE2_FORM_MIX", TRACK_MODE2 },
	{ "MODE2_RAW", TRACK_MODE2_RAW },
};

static int end_track(struct toc *t)
{
	if (!t->l->ntracks)
		return 0;
	struct layout_track *lt = cur(t);
	unsigned sec = track_mode_sector_bytes(lt->mode);
	uint64_t over = t->bytes % sec;
	if (over) {
		int rc = layout_add_zero(t->l, sec - over, t->name, t->err);
		if (rc < 0)
			return rc;
		t->bytes += sec - over;
	}
	uint64_t total = t->bytes / sec;
	uint64_t pregap = 0;
	if (t->started)
		pregap = t->start_msf_given ? t->start_msf : (t->pregap_bytes + sec - 1) / sec;
	if (pregap > total || total > UINT32_MAX)
		return db_fail(t->err, DB_R_SHEET_VALUE, .subject = t->name, .n1 = t->start_line,
			       .what = "START (after the end of the track)", .other = "");
	lt->pregap = (uint32_t)pregap;
	lt->length = (uint32_t)(total - pregap);
	for (unsigned i = 0; i < lt->nindex; i++)
		if (lt->index[i] >= lt->length)
			return db_fail(t->err, DB_R_SHEET_VALUE, .subject = t->name,
				       .n1 = t->start_line, .what = "INDEX (after the track's end)",
				       .other = "");
	return 0;
}

static int track(struct toc *t)
{
	/* at TRACK */
	unsigned line = t->line;
	next(t);
	if (t->kind != T_WORD)
		return syntax(t, "expected a track mode");
	int mode = -1;
	for (size_t i = 0; i < sizeof(toc_modes) / sizeof(toc_modes[0]); i++)
		if (!strcmp(t->text, toc_modes[i].kw))
			mode = (int)toc_modes[i].mode;
	if (mode < 0) {
		if (!strcmp(t->text, "MODE0"))
			return db_fail(t->err, DB_R_SHEET_TRACK_MODE, .subject = t->name,
				       .n1 = t->line, .what = "MODE0");
		return value(t, "track mode");
	}
	if (t->l->ntracks >= LAYOUT_MAX_TRACKS)
		return db_fail(t->err, DB_R_SHEET_TOO_MANY_TRACKS, .subject = t->name,
			       .n1 = t->l->ntracks + 1);
	struct layout_track lt = { .mode = (enum track_mode)mode };
	int rc = layout_add_track(t->l, &lt, t->err);
	if (rc < 0)
		return rc;
	t->bytes = t->pregap_bytes = 0;
	t->started = t->content = t->start_msf_given = false;
	t->start_line = line;
	next(t);
	if (is(t, "RW") || is(t, "RW_RAW"))
		return db_fail(t->err, DB_R_SHEET_TRACK_MODE, .subject = t->name, .n1 = t->line,
			       .what = t->text);
	struct layout_track *c = cur(t);
	bool audio = c->mode == TRACK_AUDIO;
	while (rc == 0 && t->kind != T_EOF && !is(t, "TRACK")) {
		if (t->kind != T_WORD)
			return syntax(t, "expected a track statement");
		if (is(t, "NO")) {
			next(t);
			if (is(t, "COPY"))
				c->copy = false;
			else if (is(t, "PRE_EMPHASIS"))
				c->preemphasis = false;
			else
				return syntax(t, "expected COPY or PRE_EMPHASIS after NO");
			next(t);
		} else if (is(t, "COPY")) {
			c->copy = true;
			next(t);
		} else if (is(t, "PRE_EMPHASIS")) {
			c->preemphasis = true;
			next(t);
		} else if (is(t, "TWO_CHANNEL_AUDIO")) {
			c->four_channel = false;
			next(t);
		} else if (is(t, "FOUR_CHANNEL_AUDIO")) {
			c->four_channel = true;
			next(t);
		} else if (is(t, "ISRC")) {
			next(t);
			if (t->kind != T_STRING || !sheet_isrc(t->text, c->isrc))
				return value(t, "ISRC (12 characters: CCOOOYYSSSSS)");
			next(t);
		} else if (is(t, "CD_TEXT")) {
			rc = cd_text(t, (int)t->l->ntracks - 1);
		} else if (is(t, "SILENCE") || is(t, "ZERO")) {
			bool zero = is(t, "ZERO");
			next(t);
			if (zero) {
				for (size_t i = 0; i < sizeof(toc_modes) / sizeof(toc_modes[0]); i++)
					if (is(t, toc_modes[i].kw)) {
						next(t);
						break;
					}
				if (is(t, "RW") || is(t, "RW_RAW"))
					next(t);
			}
			uint64_t n;
			rc = length(t, &n);
			if (rc == 0)
				rc = layout_add_zero(t->l, n, t->name, t->err);
			t->bytes += n;
			t->content = true;
		} else if (is(t, "FILE") || is(t, "AUDIOFILE") || is(t, "DATAFILE")) {
			bool data = is(t, "DATAFILE");
			next(t);
			if (t->kind != T_STRING)
				return syntax(t, "expected a file name in quotes");
			struct tfile *f = NULL;
			rc = get_file(t, t->text, audio && !data, &f);
			if (rc < 0)
				return rc;
			next(t);
			uint64_t off = 0, start = 0, len = UINT64_MAX;
			if (t->kind == T_OFFSET) {
				off = t->num;
				next(t);
			}
			if (!data) {
				rc = length(t, &start);
				if (rc < 0)
					return rc;
			}
			if (is_length(t)) {
				rc = length(t, &len);
				if (rc < 0)
					return rc;
				if (len == 0)
					len = UINT64_MAX;
			}
			rc = add_file(t, f, off + start, len);
			t->content = true;
		} else if (is(t, "FIFO")) {
			return db_fail(t->err, DB_R_SHEET_FILE_TYPE, .subject = t->name,
				       .n1 = t->line, .what = "FIFO");
		} else if (is(t, "START")) {
			if (t->started)
				return syntax(t, "a second START or PREGAP");
			t->started = true;
			t->start_line = t->line;
			t->pregap_bytes = t->bytes;
			next(t);
			if (t->kind == T_MSF) {
				t->start_msf = t->msf;
				t->start_msf_given = true;
				next(t);
			} else {
				/* the pregap ends on a block: pad what came before */
				unsigned sec = track_mode_sector_bytes(c->mode);
				uint64_t over = t->bytes % sec;
				if (over) {
					rc = layout_add_zero(t->l, sec - over, t->name, t->err);
					t->bytes += sec - over;
					t->pregap_bytes = t->bytes;
				}
			}
		} else if (is(t, "PREGAP")) {
			if (t->started || t->content)
				return syntax(t, "PREGAP after the track's data or START");
			next(t);
			if (t->kind != T_MSF)
				return syntax(t, "expected MM:SS:FF");
			uint64_t n = (uint64_t)t->msf * track_mode_sector_bytes(c->mode);
			rc = layout_add_zero(t->l, n, t->name, t->err);
			t->bytes += n;
			t->pregap_bytes = n;
			t->started = true;
			t->start_line = t->line;
			next(t);
		} else if (is(t, "INDEX")) {
			next(t);
			if (t->kind != T_MSF)
				return syntax(t, "expected MM:SS:FF");
			if (c->nindex >= LAYOUT_MAX_INDICES - 1 || t->msf == 0 ||
			    (c->nindex && t->msf <= c->index[c->nindex - 1]))
				return db_fail(t->err, DB_R_SHEET_INDEX_ORDER, .subject = t->name,
					       .n1 = t->line, .n2 = c->number, .what = "INDEX");
			c->index[c->nindex++] = t->msf;
			next(t);
		} else {
			return syntax(t, "unknown statement");
		}
	}
	if (rc == 0)
		rc = end_track(t);
	return rc;
}

static int parse(struct toc *t)
{
	next(t);
	int rc = 0;
	while (rc == 0 && t->kind != T_EOF && !is(t, "TRACK")) {
		if (is(t, "CATALOG")) {
			next(t);
			if (t->kind != T_STRING || !sheet_mcn(t->text, t->l->mcn))
				return value(t, "CATALOG (13 digits)");
			next(t);
		} else if (is(t, "CD_DA") || is(t, "CD_ROM") || is(t, "CD_ROM_XA") ||
			   is(t, "CD_I")) {
			next(t);
		} else if (is(t, "CD_TEXT")) {
			rc = cd_text(t, -1);
		} else if (t->kind == T_BAD) {
			return syntax(t, "not understood");
		} else {
			return syntax(t, "expected CATALOG, CD_DA, CD_ROM, CD_ROM_XA, CD_TEXT or "
				      "TRACK");
		}
	}
	while (rc == 0 && is(t, "TRACK"))
		rc = track(t);
	if (rc == 0 && t->kind != T_EOF)
		return syntax(t, "expected TRACK");
	if (rc == 0 && t->l->ntracks == 0)
		return db_fail(t->err, DB_R_SHEET_NO_TRACKS, .subject = t->name);
	return rc;
}

static const struct sheet_io default_io = { sheet_open_default, NULL };

int toc_parse_mem(const char *text, size_t len, const char *name, const char *dir,
		  const struct sheet_io *io, struct layout *l, struct layout_problems *pr,
		  struct db_error *err)
{
	layout_init(l);
	struct toc *t = calloc(1, sizeof(*t));
	if (!t)
		return db_fail(err, DB_R_NO_MEMORY);
	t->p = text;
	t->end = text + len;
	t->line = 1;
	t->name = layout_keep_name(l, name, err);
	t->dir = dir;
	if (!t->name) {
		free(t);
		return DB_ENOMEM;
	}
	t->io = io ? io : &default_io;
	t->l = l;
	t->pr = pr;
	t->err = err;
	t->utf8 = sheet_is_utf8(text, len);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		t->p += 3;
	for (unsigned b = 0; b < LAYOUT_TEXT_BLOCKS; b++)
		t->langmap[b] = -1;
	t->langmap[0] = CDTEXT_LANG_ENGLISH;    /* cdrdao needs a map; be lenient for block 0 */
	int rc = parse(t);
	if (rc == 0)
		rc = sheet_check_tracks(l, name, t->rc, pr, err);
	for (unsigned i = 0; i < t->nfiles; i++)
		free(t->file[i].name);
	free(t->file);
	free(t);
	return rc;
}

int toc_parse_file(const char *path, struct layout *l, struct layout_problems *pr,
		   struct db_error *err)
{
	layout_init(l);
	char *text;
	size_t len;
	int rc = sheet_read(path, &text, &len, err);
	if (rc < 0)
		return rc;
	char *dir = sheet_dir(path);
	if (!dir) {
		free(text);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	rc = toc_parse_mem(text, len, path, dir, NULL, l, pr, err);
	free(dir);
	free(text);
	return rc;
}
