/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cue.c — cue sheets into a disc layout (see cue.h).
 *
 * Our own parser rather than libcue: libcue keeps its parse state in
 * globals (a flex/bison parser, so neither reentrant nor thread-safe),
 * prints its errors to stderr and skips the lines it does not understand,
 * drops the FILE type (BINARY and MOTOROLA, WAVE and BINARY look the same
 * to its user), folds INDEX 00 and PREGAP into one number although one is
 * in the file and the other is not, and moves a track whose INDEX 00 lies
 * in the previous FILE (EAC's non-compliant sheets) into the next file.
 * See doc/design.md.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "image/cdtext.h"
#include "image/cue.h"

#define END_OF_FILE UINT64_MAX

struct cfile {
	char *name;                     /* as written */
	const char *lname;              /* the path, owned by the layout (piece names) */
	unsigned line;
	enum sheet_file_kind kind;
	const char *type;               /* the keyword, for messages */
	bool opened;
	bool short_told;                /* TRACK_FILE_SHORT reported once */
	struct audio_src src;
	uint32_t last_msf;              /* the last INDEX in this file */
	uint64_t last_byte;
	unsigned last_size;             /* sector bytes of the track of that INDEX */
};

struct cmark {
	unsigned track;                 /* in c->track[] */
	unsigned index;
	unsigned file;
	uint64_t byte;
	unsigned line;
};

struct ctrack {
	struct layout_track t;          /* what goes into the layout */
	unsigned line;
	int last_index;                 /* -1: none yet */
	bool pregap_given, postgap_given;
	uint32_t pregap_silence, postgap_silence;
};

struct cue {
	const char *name, *dir;
	const struct sheet_io *io;
	struct layout *l;
	struct layout_problems *pr;
	struct db_error *err;
	int rc;                         /* the first problem's code */
	bool utf8;
	unsigned line;
	unsigned session;

	struct cfile *file;
	unsigned nfiles;
	struct cmark *mark;
	unsigned nmarks, capmarks;
	struct ctrack track[LAYOUT_MAX_TRACKS];
	unsigned ntracks;
	char *cdtextfile;
	unsigned cdtextfile_line;
};

/* ---- the lines ---------------------------------------------------------- */

#define MAX_TOKENS 8

struct tokens {
	unsigned n;
	char *tok[MAX_TOKENS];
	bool quoted[MAX_TOKENS];
	char *rest[MAX_TOKENS];         /* the line from token i on (unquoted use) */
};

static void tokenize(char *line, struct tokens *t)
{
	t->n = 0;
	char *p = line;
	while (t->n < MAX_TOKENS) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		t->rest[t->n] = p;
		if (*p == '"') {
			char *start = ++p;
			char *q = strchr(p, '"');
			if (q) {
				*q = '\0';
				p = q + 1;
			} else {
				p += strlen(p);
			}
			t->quoted[t->n] = true;
			t->tok[t->n++] = start;
		} else {
			char *start = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
			t->quoted[t->n] = false;
			t->tok[t->n++] = start;
			if (*p)
				*p++ = '\0';
		}
	}
}

static int syntax(struct cue *c, const char *what, const char *token)
{
	return db_fail(c->err, DB_R_SHEET_SYNTAX, .subject = c->name, .n1 = c->line,
		       .what = what, .other = token);
}

static int value(struct cue *c, const char *what, const char *token)
{
	return db_fail(c->err, DB_R_SHEET_VALUE, .subject = c->name, .n1 = c->line,
		       .what = what, .other = token);
}

static void problem(struct cue *c, const struct db_error *e)
{
	sheet_problem(&c->rc, c->err, c->pr, e);
}

/* ---- statements ----------------------------------------------------------- */

static struct ctrack *cur_track(struct cue *c)
{
	return c->ntracks ? &c->track[c->ntracks - 1] : NULL;
}

static int set_text(struct cue *c, struct layout_text *t, enum cdtext_field f, const char *s,
		    const char *keyword)
{
	char *conv = malloc(strlen(s) + 1);
	if (!conv)
		return db_fail(c->err, DB_R_NO_MEMORY);
	if (!sheet_latin1(s, c->utf8, conv)) {
		free(conv);
		struct db_error e;
		db_fail(&e, DB_R_SHEET_TEXT_CHARSET, .subject = c->name, .n1 = c->line,
			.what = keyword);
		problem(c, &e);
		return 0;
	}
	int rc = layout_set_text(t, f, conv, c->err);
	free(conv);
	return rc;
}

static int st_file(struct cue *c, struct tokens *tk, char *orig)
{
	if (tk->n < 2)
		return syntax(c, "FILE needs a name and a type", NULL);
	const char *name, *type;
	char *joined = NULL;
	if (tk->quoted[1]) {
		name = tk->tok[1];
		type = tk->n >= 3 ? tk->tok[2] : NULL;
	} else {
		/* FILE my file.wav WAVE: the name runs to the last word */
		type = tk->n >= 3 ? tk->tok[tk->n - 1] : NULL;
		const char *start = orig + (tk->rest[1] - tk->rest[0]);
		const char *end = orig + (tk->rest[tk->n - 1] - tk->rest[0]);
		if (!type)
			end = start + strlen(start);
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		joined = strndup(start, (size_t)(end - start));
		if (!joined)
			return db_fail(c->err, DB_R_NO_MEMORY);
		name = joined;
	}
	if (!type) {
		free(joined);
		return syntax(c, "FILE needs a type after the name", NULL);
	}
	enum sheet_file_kind kind;
	if (!strcasecmp(type, "BINARY"))
		kind = SHEET_FILE_BINARY;
	else if (!strcasecmp(type, "MOTOROLA"))
		kind = SHEET_FILE_MOTOROLA;
	else if (!strcasecmp(type, "WAVE") || !strcasecmp(type, "AIFF") ||
		 !strcasecmp(type, "FLAC") || !strcasecmp(type, "MP3"))
		kind = SHEET_FILE_DECODE;
	else {
		int rc = db_fail(c->err, DB_R_SHEET_FILE_TYPE, .subject = c->name, .n1 = c->line,
				 .what = type);
		free(joined);
		return rc;
	}
	struct cfile *n = realloc(c->file, (c->nfiles + 1) * sizeof(*n));
	if (!n) {
		free(joined);
		return db_fail(c->err, DB_R_NO_MEMORY);
	}
	c->file = n;
	struct cfile *f = &c->file[c->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = joined ? joined : strdup(name);
	if (!f->name)
		return db_fail(c->err, DB_R_NO_MEMORY);
	f->line = c->line;
	f->kind = kind;
	f->type = kind == SHEET_FILE_BINARY ? "BINARY" : kind == SHEET_FILE_MOTOROLA
		  ? "MOTOROLA" : "WAVE";
	struct db_error e;
	int rc = c->io->open(c->io->ctx, c->l, f->name, c->dir, c->name, kind, &f->src, &e);
	if (rc == DB_ENOMEM)
		return db_fail(c->err, DB_R_NO_MEMORY);
	if (rc < 0)
		problem(c, &e);
	else
		f->opened = true;
	f->lname = f->src.path ? f->src.path : layout_keep_name(c->l, f->name, c->err);
	return f->lname ? 0 : DB_ENOMEM;
}

static const struct {
	const char *name;
	enum track_mode mode;
} track_modes[] = {
	{ "AUDIO", TRACK_AUDIO },
	{ "MODE1/2048", TRACK_MODE1 },
	{ "MODE1/2352", TRACK_MODE1_RAW },
	{ "MODE2/2048", TRACK_XA_FORM1 },
	{ "MODE2/2324", TRACK_XA_FORM2 },
	{ "MODE2/2336", TRACK_MODE2 },
	{ "MODE2/2352", TRACK_MODE2_RAW },
	{ "CDI/2336", TRACK_MODE2 },
	{ "CDI/2352", TRACK_MODE2_RAW },
};

static int number(const char *s, unsigned max, unsigned *out)
{
	if (!*s || strlen(s) > 3)
		return -1;
	unsigned v = 0;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int end_track(struct cue *c)
{
	struct ctrack *t = cur_track(c);
	if (t && t->last_index < 1)
		return db_fail(c->err, DB_R_SHEET_NO_INDEX1, .subject = c->name, .n1 = t->line,
			       .n2 = t->t.number);
	return 0;
}

static int st_track(struct cue *c, struct tokens *tk)
{
	if (tk->n < 3)
		return syntax(c, "TRACK needs a number and a mode", NULL);
	unsigned no;
	if (number(tk->tok[1], 999, &no) < 0 || no == 0)
		return value(c, "track number", tk->tok[1]);
	int rc = end_track(c);
	if (rc < 0)
		return rc;
	if (c->ntracks >= LAYOUT_MAX_TRACKS || no > 99)
		return db_fail(c->err, DB_R_SHEET_TOO_MANY_TRACKS, .subject = c->name,
			       .n1 = no > c->ntracks + 1 ? no : c->ntracks + 1);
	if (c->ntracks && no != c->track[c->ntracks - 1].t.number + 1)
		return db_fail(c->err, DB_R_SHEET_TRACK_ORDER, .subject = c->name, .n1 = c->line,
			       .n2 = no);
	const char *m = tk->tok[2];
	int mode = -1;
	for (size_t i = 0; i < sizeof(track_modes) / sizeof(track_modes[0]); i++)
		if (!strcasecmp(m, track_modes[i].name))
			mode = (int)track_modes[i].mode;
	if (mode < 0) {
		if (!strcasecmp(m, "CDG"))
			return db_fail(c->err, DB_R_SHEET_TRACK_MODE, .subject = c->name,
				       .n1 = c->line, .what = "CDG");
		return value(c, "track mode", m);
	}
	struct ctrack *t = &c->track[c->ntracks++];
	memset(t, 0, sizeof(*t));
	t->t.number = no;
	t->t.mode = (enum track_mode)mode;
	t->t.session = c->session;
	t->line = c->line;
	t->last_index = -1;
	return 0;
}

static int st_index(struct cue *c, struct tokens *tk)
{
	struct ctrack *t = cur_track(c);
	if (!t)
		return syntax(c, "INDEX before any TRACK", NULL);
	if (!c->nfiles)
		return db_fail(c->err, DB_R_SHEET_NO_FILE, .subject = c->name, .n1 = c->line,
			       .what = "INDEX");
	if (tk->n < 3)
		return syntax(c, "INDEX needs a number and a time", NULL);
	unsigned no;
	uint32_t msf;
	if (number(tk->tok[1], 99, &no) < 0)
		return value(c, "index number", tk->tok[1]);
	if (!sheet_msf(tk->tok[2], &msf))
		return value(c, "time (mm:ss:ff)", tk->tok[2]);
	char what[16];
	snprintf(what, sizeof(what), "INDEX %02u", no);
	bool first_ok = t->last_index < 0 && no <= 1;
	if (!first_ok && (int)no != t->last_index + 1)
		return db_fail(c->err, DB_R_SHEET_INDEX_ORDER, .subject = c->name, .n1 = c->line,
			       .n2 = t->t.number, .what = what);
	struct cfile *f = &c->file[c->nfiles - 1];
	if (f->kind == SHEET_FILE_DECODE && track_mode_is_data(t->t.mode))
		return db_fail(c->err, DB_R_SHEET_FILE_TYPE, .subject = c->name, .n1 = c->line,
			       .what = f->type, .other = track_mode_name(t->t.mode));
	if (msf < f->last_msf)
		return db_fail(c->err, DB_R_SHEET_INDEX_ORDER, .subject = c->name, .n1 = c->line,
			       .n2 = t->t.number, .what = what);
	unsigned size = track_mode_sector_bytes(t->t.mode);
	unsigned prev_size = f->last_size ? f->last_size : size;
	uint64_t byte = f->last_byte + (uint64_t)(msf - f->last_msf) * prev_size;
	f->last_msf = msf;
	f->last_byte = byte;
	f->last_size = size;
	if (c->nmarks == c->capmarks) {
		unsigned cap = c->capmarks ? c->capmarks * 2 : 128;
		struct cmark *n = realloc(c->mark, cap * sizeof(*n));
		if (!n)
			return db_fail(c->err, DB_R_NO_MEMORY);
		c->mark = n;
		c->capmarks = cap;
	}
	c->mark[c->nmarks++] = (struct cmark){ .track = c->ntracks - 1, .index = no,
					       .file = c->nfiles - 1, .byte = byte,
					       .line = c->line };
	t->last_index = (int)no;
	return 0;
}

static int st_gap(struct cue *c, struct tokens *tk, bool pre)
{
	struct ctrack *t = cur_track(c);
	if (!t)
		return syntax(c, pre ? "PREGAP before any TRACK" : "POSTGAP before any TRACK",
			      NULL);
	uint32_t msf;
	if (tk->n < 2 || !sheet_msf(tk->tok[1], &msf))
		return value(c, "time (mm:ss:ff)", tk->n < 2 ? "" : tk->tok[1]);
	if (pre) {
		if (t->last_index >= 1)
			return syntax(c, "PREGAP after INDEX 01", NULL);
		t->pregap_silence = msf;
	} else {
		if (t->last_index < 1)
			return syntax(c, "POSTGAP before INDEX 01", NULL);
		t->postgap_silence = msf;
	}
	return 0;
}

static int st_flags(struct cue *c, struct tokens *tk)
{
	struct ctrack *t = cur_track(c);
	if (!t)
		return syntax(c, "FLAGS before any TRACK", NULL);
	for (unsigned i = 1; i < tk->n; i++) {
		const char *f = tk->tok[i];
		if (!strcasecmp(f, "DCP"))
			t->t.copy = true;
		else if (!strcasecmp(f, "4CH"))
			t->t.four_channel = true;
		else if (!strcasecmp(f, "PRE"))
			t->t.preemphasis = true;
		else if (!strcasecmp(f, "SCMS"))
			t->t.scms = true;
		else if (strcasecmp(f, "DATA"))
			return value(c, "flag (DCP, 4CH, PRE, SCMS)", f);
	}
	return 0;
}

static const struct {
	const char *kw;
	enum cdtext_field f;
	bool disc_only;
} text_kws[] = {
	{ "TITLE", CDTEXT_TITLE, false },
	{ "PERFORMER", CDTEXT_PERFORMER, false },
	{ "SONGWRITER", CDTEXT_SONGWRITER, false },
	{ "COMPOSER", CDTEXT_COMPOSER, false },
	{ "ARRANGER", CDTEXT_ARRANGER, false },
	{ "MESSAGE", CDTEXT_MESSAGE, false },
	{ "DISC_ID", CDTEXT_DISC_ID, true },
	{ "UPC_EAN", CDTEXT_UPC_ISRC, true },
};

/* The argument of a text statement: quoted, or the rest of the line. */
static const char *line_arg(struct tokens *tk, unsigned i, char *orig)
{
	if (tk->n <= i)
		return "";
	if (tk->quoted[i])
		return tk->tok[i];
	char *s = orig + (tk->rest[i] - tk->rest[0]);
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int st_rem(struct cue *c, struct tokens *tk, char *orig)
{
	if (tk->n < 2)
		return 0;
	if (!strcasecmp(tk->tok[1], "SESSION") && tk->n >= 3) {
		unsigned s;
		if (number(tk->tok[2], 99, &s) < 0 || s == 0)
			return value(c, "session number", tk->tok[2]);
		if (s != c->session && s != c->session + 1)
			return value(c, "session number", tk->tok[2]);
		if (s == c->session + 1 && c->ntracks == 0)
			return value(c, "session number", tk->tok[2]);
		c->session = s;
		return 0;
	}
	if (!strcasecmp(tk->tok[1], "COMPOSER")) {
		struct ctrack *t = cur_track(c);
		return set_text(c, t ? &t->t.text : &c->l->text, CDTEXT_COMPOSER,
				line_arg(tk, 2, orig), "COMPOSER");
	}
	return 0;                       /* GENRE, DATE, DISCID, COMMENT, ...: not for the disc */
}

static int statement(struct cue *c, char *line)
{
	char *orig = strdup(line);
	if (!orig)
		return db_fail(c->err, DB_R_NO_MEMORY);
	struct tokens tk;
	tokenize(line, &tk);
	int rc = 0;
	if (tk.n == 0)
		goto out;
	/* orig must be addressed like line: tokenize() wrote NULs into line
	 * only, and tk.rest[] point into line */
	char *o = orig + (tk.rest[0] - line);
	for (unsigned i = 1; i < tk.n; i++)
		tk.rest[i] = o + (tk.rest[i] - tk.rest[0]);
	tk.rest[0] = o;
	const char *kw = tk.tok[0];
	struct ctrack *t = cur_track(c);
	if (!strcasecmp(kw, "REM")) {
		rc = st_rem(c, &tk, o);
	} else if (!strcasecmp(kw, "FILE")) {
		rc = st_file(c, &tk, o);
	} else if (!strcasecmp(kw, "TRACK")) {
		rc = st_track(c, &tk);
	} else if (!strcasecmp(kw, "INDEX")) {
		rc = st_index(c, &tk);
	} else if (!strcasecmp(kw, "PREGAP")) {
		rc = st_gap(c, &tk, true);
	} else if (!strcasecmp(kw, "POSTGAP")) {
		rc = st_gap(c, &tk, false);
	} else if (!strcasecmp(kw, "FLAGS")) {
		rc = st_flags(c, &tk);
	} else if (!strcasecmp(kw, "ISRC")) {
		if (!t)
			rc = syntax(c, "ISRC before any TRACK", NULL);
		else if (tk.n < 2 || !sheet_isrc(tk.tok[1], t->t.isrc))
			rc = value(c, "ISRC (12 characters: CCOOOYYNNNNN)", tk.n < 2 ? "" : tk.tok[1]);
	} else if (!strcasecmp(kw, "CATALOG")) {
		if (tk.n < 2 || !sheet_mcn(tk.tok[1], c->l->mcn))
			rc = value(c, "CATALOG (13 digits)", tk.n < 2 ? "" : tk.tok[1]);
	} else if (!strcasecmp(kw, "CDTEXTFILE")) {
		free(c->cdtextfile);
		c->cdtextfile = strdup(line_arg(&tk, 1, o));
		c->cdtextfile_line = c->line;
		if (!c->cdtextfile)
			rc = db_fail(c->err, DB_R_NO_MEMORY);
	} else {
		size_t k;
		for (k = 0; k < sizeof(text_kws) / sizeof(text_kws[0]); k++)
			if (!strcasecmp(kw, text_kws[k].kw))
				break;
		if (k == sizeof(text_kws) / sizeof(text_kws[0]))
			rc = syntax(c, "unknown command", kw);
		else if (text_kws[k].disc_only && t)
			rc = syntax(c, "a disc's CD-TEXT after TRACK", kw);
		else
			rc = set_text(c, t ? &t->t.text : &c->l->text, text_kws[k].f,
				      line_arg(&tk, 1, o), text_kws[k].kw);
	}
out:
	free(orig);
	return rc;
}

/* ---- the stream ------------------------------------------------------------ */

static int add_bytes(struct cue *c, struct cfile *f, enum track_mode mode, uint64_t from,
		     uint64_t len)
{
	if (!len)
		return 0;
	if (!f->opened)
		return layout_add_zero(c->l, len, f->lname, c->err);
	if (mode == TRACK_AUDIO)
		return audio_add(c->l, &f->src, from, len, c->err);
	struct layout_piece p = { .kind = PIECE_FILE, .fd = f->src.fd,
				  .offset = f->src.data_offset + from, .length = len,
				  .name = f->src.path };
	return layout_add_piece(c->l, &p, c->err);
}

/* Bytes [from, to) of file fi (to may be END_OF_FILE) for the part of a
 * track; `needed_by` is the track whose INDEX needs `to`. */
static int add_range(struct cue *c, unsigned fi, uint64_t from, uint64_t to,
		     enum track_mode mode, unsigned needed_by, uint64_t *bytes)
{
	struct cfile *f = &c->file[fi];
	if (!f->opened) {
		if (to == END_OF_FILE)
			return 0;
		*bytes += to - from;
		return add_bytes(c, f, mode, from, to - from);
	}
	uint64_t size = f->src.bytes;
	if (to == END_OF_FILE)
		to = size > from ? size : from;
	uint64_t have_to = to < size ? to : size;
	uint64_t have_from = from < have_to ? from : have_to;
	int rc = add_bytes(c, f, mode, have_from, have_to - have_from);
	if (rc < 0)
		return rc;
	if (to > size) {
		unsigned sec = track_mode_sector_bytes(mode);
		uint64_t missing = to - (from > size ? from : size);
		if (!f->short_told) {
			f->short_told = true;
			struct db_error e;
			db_fail(&e, DB_R_TRACK_FILE_SHORT, .subject = f->src.path,
				.n1 = (to - size + sec - 1) / sec, .n2 = needed_by);
			problem(c, &e);
		}
		rc = layout_add_zero(c->l, missing, f->src.path, c->err);
		if (rc < 0)
			return rc;
	}
	*bytes += to - from;
	return 0;
}

/* Mark i's part: up to mark i + 1, or the end of the last file. */
static int add_part(struct cue *c, unsigned i, uint64_t *bytes)
{
	const struct cmark *m = &c->mark[i];
	enum track_mode mode = c->track[m->track].t.mode;
	if (i + 1 < c->nmarks) {
		const struct cmark *n = &c->mark[i + 1];
		unsigned needed_by = c->track[n->track].t.number;
		if (n->file == m->file)
			return add_range(c, m->file, m->byte, n->byte, mode, needed_by, bytes);
		int rc = add_range(c, m->file, m->byte, END_OF_FILE, mode, needed_by, bytes);
		for (unsigned f = m->file + 1; f < n->file && rc == 0; f++)
			rc = add_range(c, f, 0, END_OF_FILE, mode, needed_by, bytes);
		if (rc == 0)
			rc = add_range(c, n->file, 0, n->byte, mode, needed_by, bytes);
		return rc;
	}
	unsigned needed_by = c->track[m->track].t.number;
	int rc = add_range(c, m->file, m->byte, END_OF_FILE, mode, needed_by, bytes);
	for (unsigned f = m->file + 1; f < c->nfiles && rc == 0; f++)
		rc = add_range(c, f, 0, END_OF_FILE, mode, needed_by, bytes);
	return rc;
}

/* Complete a part to whole sectors: silence for audio, a refusal for data. */
static int complete(struct cue *c, enum track_mode mode, uint64_t bytes, const char *file,
		    uint32_t *sectors)
{
	unsigned sec = track_mode_sector_bytes(mode);
	uint64_t s = (bytes + sec - 1) / sec;
	if (s > UINT32_MAX)
		return db_fail(c->err, DB_R_IMAGE_TOO_LARGE, .subject = file);
	uint64_t over = bytes % sec;
	if (over) {
		if (track_mode_is_data(mode)) {
			struct db_error e;
			db_fail(&e, DB_R_TRACK_PARTIAL_SECTOR, .subject = file, .n1 = over,
				.n2 = sec);
			problem(c, &e);
		}
		int rc = layout_add_zero(c->l, sec - over, file, c->err);
		if (rc < 0)
			return rc;
	}
	*sectors = (uint32_t)s;
	return 0;
}

static int build(struct cue *c)
{
	struct layout *l = c->l;
	int cur = -1;
	for (unsigned i = 0; i < c->nmarks; i++) {
		const struct cmark *m = &c->mark[i];
		struct ctrack *ct = &c->track[m->track];
		if ((int)m->track != cur) {
			if (cur >= 0) {
				struct ctrack *p = &c->track[cur];
				struct layout_track *lt = &l->track[l->ntracks - 1];
				uint64_t n = (uint64_t)p->postgap_silence *
					     track_mode_sector_bytes(p->t.mode);
				int rc = layout_add_zero(l, n, c->name, c->err);
				if (rc < 0)
					return rc;
				lt->length += p->postgap_silence;
				lt->postgap = p->postgap_silence;
			}
			cur = (int)m->track;
			struct layout_track t = ct->t;
			memset(&ct->t.text, 0, sizeof(ct->t.text));     /* the layout owns it now */
			t.pregap = ct->pregap_silence;
			t.length = 0;
			t.nindex = 0;
			int rc = layout_add_track(l, &t, c->err);
			if (rc < 0)
				return rc;
			rc = layout_add_zero(l, (uint64_t)ct->pregap_silence *
					     track_mode_sector_bytes(t.mode), c->name, c->err);
			if (rc < 0)
				return rc;
			/* audio before the first INDEX of the first file: track 1's pregap */
			if (i == 0 && m->byte > 0) {
				uint64_t bytes = 0;
				uint32_t s;
				rc = add_range(c, m->file, 0, m->byte, t.mode, t.number, &bytes);
				if (rc == 0)
					rc = complete(c, t.mode, bytes, c->file[m->file].lname, &s);
				if (rc < 0)
					return rc;
				l->track[l->ntracks - 1].pregap += s;
			}
		}
		struct layout_track *lt = &l->track[l->ntracks - 1];
		uint64_t bytes = 0;
		uint32_t s;
		int rc = add_part(c, i, &bytes);
		if (rc == 0)
			rc = complete(c, lt->mode, bytes, c->file[m->file].lname, &s);
		if (rc < 0)
			return rc;
		if (m->index == 0) {
			lt->pregap += s;
		} else {
			if (m->index >= 2)
				lt->index[lt->nindex++] = lt->length;
			lt->length += s;
		}
	}
	if (cur >= 0) {
		struct ctrack *p = &c->track[cur];
		struct layout_track *lt = &l->track[l->ntracks - 1];
		int rc = layout_add_zero(l, (uint64_t)p->postgap_silence *
				      track_mode_sector_bytes(p->t.mode), c->name, c->err);
		if (rc < 0)
			return rc;
		lt->length += p->postgap_silence;
		lt->postgap = p->postgap_silence;
	}
	return 0;
}

/* ---- the whole sheet ------------------------------------------------------- */

static void cue_free(struct cue *c)
{
	for (unsigned i = 0; i < c->nfiles; i++)
		free(c->file[i].name);
	free(c->file);
	free(c->mark);
	for (unsigned i = 0; i < c->ntracks; i++)
		for (unsigned f = 0; f < CDTEXT_FIELDS; f++)
			free(c->track[i].t.text.field[f]);
	free(c->cdtextfile);
}

static const struct sheet_io default_io = { sheet_open_default, NULL };

int cue_parse_mem(const char *text, size_t len, const char *name, const char *dir,
		  const struct sheet_io *io, struct layout *l, struct layout_problems *pr,
		  struct db_error *err)
{
	layout_init(l);
	struct cue *c = calloc(1, sizeof(*c));
	if (!c)
		return db_fail(err, DB_R_NO_MEMORY);
	c->name = layout_keep_name(l, name, err);
	c->dir = dir;
	c->io = io ? io : &default_io;
	if (!c->name) {
		free(c);
		return DB_ENOMEM;
	}
	c->l = l;
	c->pr = pr;
	c->err = err;
	c->session = 1;
	c->utf8 = sheet_is_utf8(text, len);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	char *buf = malloc(len + 1);
	if (!buf) {
		free(c);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	int rc = 0;
	size_t i = 0;
	while (i < len && rc == 0) {
		size_t j = i;
		while (j < len && text[j] != '\n' && text[j] != '\r')
			j++;
		c->line++;
		memcpy(buf, text + i, j - i);
		buf[j - i] = '\0';
		if (memchr(buf, '\0', j - i))   /* a NUL inside a line: not text */
			rc = syntax(c, "not a text file", NULL);
		else
			rc = statement(c, buf);
		if (j < len && text[j] == '\r' && j + 1 < len && text[j + 1] == '\n')
			j++;
		i = j + 1;
	}
	free(buf);
	if (rc == 0)
		rc = end_track(c);
	if (rc == 0 && c->ntracks == 0)
		rc = db_fail(err, DB_R_SHEET_NO_TRACKS, .subject = name);
	if (rc == 0)
		rc = build(c);
	if (rc == 0 && c->cdtextfile) {
		char *path = sheet_resolve(c->cdtextfile, dir);
		struct db_error e;
		if (!path)
			rc = db_fail(err, DB_R_NO_MEMORY);
		else if (cdtext_load_file(l, path, &e) < 0)
			problem(c, &e);
		free(path);
	}
	if (rc == 0)
		rc = sheet_check_tracks(l, name, c->rc, pr, err);
	cue_free(c);
	free(c);
	return rc;
}

int cue_parse_file(const char *path, struct layout *l, struct layout_problems *pr,
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
	rc = cue_parse_mem(text, len, path, dir, NULL, l, pr, err);
	free(dir);
	free(text);
	return rc;
}
