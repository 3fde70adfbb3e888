/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tracklist.c — a layout from cdrecord's track list, and .inf files (see
 * tracklist.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "image/audio.h"
#include "image/cdtext.h"
#include "image/sheet.h"
#include "image/tracklist.h"

#define DEFAULT_PREGAP 150
#define DEFAULT_PADSIZE 15

/* ---- .inf files ------------------------------------------------------------- */

void inf_free(struct inf_info *inf)
{
	for (unsigned f = 0; f < CDTEXT_FIELDS; f++)
		free(inf->text[f]);
	free(inf->album_title);
	free(inf->album_performer);
	memset(inf, 0, sizeof(*inf));
}

static bool parse_long(const char *s, long *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* A string value: 'quoted' (to the last quote) or bare. */
static char *string_value(const char *v, bool utf8)
{
	size_t n = strlen(v);
	if (n && v[0] == '\'') {
		const char *last = strrchr(v + 1, '\'');
		n = last ? (size_t)(last - v - 1) : n - 1;
		v++;
	}
	char *raw = strndup(v, n);
	if (!raw)
		return NULL;
	char *conv = malloc(n + 1);
	if (conv && !sheet_latin1(raw, utf8, conv))
		strcpy(conv, raw);      /* not convertible: kept as the bytes it is */
	free(raw);
	return conv;
}

int inf_parse(const char *text, size_t len, const char *name, struct inf_info *out,
	      struct db_error *err)
{
	memset(out, 0, sizeof(*out));
	out->preemphasis = out->copy = -1;
	out->tracknumber = out->trackstart = out->index0 = -1;
	bool utf8 = sheet_is_utf8(text, len);
	unsigned line = 0;
	size_t i = 0;
	int rc = 0;
	char *buf = malloc(len + 1);
	if (!buf)
		return db_fail(err, DB_R_NO_MEMORY);
	static const struct { const char *key; enum cdtext_field f; } texts[] = {
		{ "Tracktitle", CDTEXT_TITLE }, { "Performer", CDTEXT_PERFORMER },
		{ "Songwriter", CDTEXT_SONGWRITER }, { "Composer", CDTEXT_COMPOSER },
		{ "Arranger", CDTEXT_ARRANGER }, { "Message", CDTEXT_MESSAGE },
	};
	while (i < len && rc == 0) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		line++;
		memcpy(buf, text + i, j - i);
		buf[j - i] = '\0';
		i = j + 1;
		char *cr = strchr(buf, '\r');
		if (cr)
			*cr = '\0';
		char *p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || !*p)
			continue;
		char *eq = strchr(p, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *k = p, *v = eq + 1;
		size_t kn = strlen(k);
		while (kn && (k[kn - 1] == ' ' || k[kn - 1] == '\t'))
			k[--kn] = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		size_t vn = strlen(v);
		while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
			v[--vn] = '\0';
		const char *bad = NULL;
		size_t t;
		for (t = 0; t < sizeof(texts) / sizeof(texts[0]); t++)
			if (!strcmp(k, texts[t].key))
				break;
		if (t < sizeof(texts) / sizeof(texts[0])) {
			free(out->text[texts[t].f]);
			if (!(out->text[texts[t].f] = string_value(v, utf8)))
				rc = db_fail(err, DB_R_NO_MEMORY);
		} else if (!strcmp(k, "Albumtitle") || !strcmp(k, "Albumperformer")) {
			char **dst = k[5] == 't' ? &out->album_title : &out->album_performer;
			free(*dst);
			if (!(*dst = string_value(v, utf8)))
				rc = db_fail(err, DB_R_NO_MEMORY);
		} else if (!strcmp(k, "ISRC")) {
			char *s = string_value(v, false);
			if (!s)
				rc = db_fail(err, DB_R_NO_MEMORY);
			else {
				/* CC-OOO-YY-NNNNN is written with dashes at times */
				char d[32];
				size_t n = 0;
				for (char *q = s; *q && n + 1 < sizeof(d); q++)
					if (*q != '-')
						d[n++] = *q;
				d[n] = '\0';
				if (*d && !sheet_isrc(d, out->isrc))
					bad = "ISRC";
				free(s);
			}
		} else if (!strcmp(k, "MCN")) {
			if (*v && !sheet_mcn(v, out->mcn))
				bad = "MCN";
		} else if (!strcmp(k, "Pre-emphasis")) {
			out->preemphasis = !strncmp(v, "yes", 3) ? 1 : !strncmp(v, "no", 2) ? 0 : -1;
		} else if (!strcmp(k, "Copy_permitted")) {
			out->copy = !strncmp(v, "yes", 3) ? 1 : !strncmp(v, "no", 2) ? 0
				    : !strncmp(v, "once", 4) ? 2 : -1;
		} else if (!strcmp(k, "Tracknumber")) {
			if (!parse_long(v, &out->tracknumber))
				bad = "Tracknumber";
		} else if (!strcmp(k, "Trackstart")) {
			if (!parse_long(v, &out->trackstart))
				bad = "Trackstart";
		} else if (!strcmp(k, "Index0")) {
			if (!parse_long(v, &out->index0))
				bad = "Index0";
		} else if (!strcmp(k, "Tracklength")) {
			/* "sectors, samples" */
			char *end;
			errno = 0;
			long s = strtol(v, &end, 10), f = 0;
			bool ok = end != v && !errno && s >= 0;
			while (*end == ' ' || *end == '\t')
				end++;
			if (ok && *end == ',') {
				char *q = end + 1;
				f = strtol(q, &end, 10);
				ok = end != q && !errno && f >= 0 && f < 588;
				while (*end == ' ' || *end == '\t')
					end++;
			}
			if (!ok || *end)
				bad = "Tracklength";
			else
				out->tracklength = (uint64_t)s * 2352 + (uint64_t)f * 4;
		} else if (!strcmp(k, "Index")) {
			out->nindex = 0;
			char *q = v;
			while (*q && !bad) {
				char *end;
				errno = 0;
				long x = strtol(q, &end, 10);
				if (end == q || errno || x < 0 || out->nindex >= LAYOUT_MAX_INDICES ||
				    (*end && *end != ' ' && *end != '\t' && *end != ','))
					bad = "Index";
				else
					out->index[out->nindex++] = x;
				q = end;
				while (*q == ',' || *q == ' ' || *q == '\t')
					q++;
			}
		}
		if (bad && rc == 0)
			rc = db_fail(err, DB_R_SHEET_VALUE, .subject = name, .n1 = line, .what = bad,
				     .other = v);
	}
	free(buf);
	if (rc < 0)
		inf_free(out);
	return rc;
}

/* a.wav -> a.inf; a -> a.inf */
static char *inf_name(const char *path)
{
	size_t n = strlen(path);
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		dot = path + n;
	char *p = malloc((size_t)(dot - path) + 5);
	if (p) {
		memcpy(p, path, (size_t)(dot - path));
		strcpy(p + (dot - path), ".inf");
	}
	return p;
}

/* ---- the track list ------------------------------------------------------- */

struct tl_state {
	struct layout *l;
	struct layout_problems *pr;
	struct db_error *err;
	int rc;
};

static void problem(struct tl_state *s, const struct db_error *e)
{
	sheet_problem(&s->rc, s->err, s->pr, e);
}

static void bad_value(struct tl_state *s, const char *opt, const char *v, unsigned track)
{
	struct db_error e;
	db_fail(&e, DB_R_TRACKLIST_VALUE, .what = opt, .other = v, .n1 = track);
	problem(s, &e);
}

/* "0,7500,15000" -> index[] of indices 2.. (the first must be 0). */
static bool index_list(const char *s, long *out, unsigned *n)
{
	*n = 0;
	while (*s) {
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		if (end == s || errno || v < 0 || *n >= LAYOUT_MAX_INDICES)
			return false;
		out[(*n)++] = v;
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return false;
	}
	return *n > 0;
}

static bool set_indices(struct layout_track *t, const long *idx, unsigned n)
{
	if (!n || idx[0] != 0)
		return false;
	t->nindex = 0;
	for (unsigned k = 1; k < n; k++) {
		if (idx[k] <= idx[k - 1] || (uint64_t)idx[k] >= t->length)
			return false;
		t->index[t->nindex++] = (uint32_t)idx[k];
	}
	return true;
}

static int text_dup(struct tl_state *s, struct layout_text *t, enum cdtext_field f,
		    const char *v)
{
	if (!v || !*v)
		return 0;
	return layout_set_text(t, f, v, s->err);
}

int tracklist_build(const struct tracklist *tl, struct layout *l,
		    struct layout_problems *pr, struct db_error *err)
{
	layout_init(l);
	struct tl_state s = { .l = l, .pr = pr, .err = err };
	if (!tl->ntracks)
		return db_fail(err, DB_R_TRACKLIST_EMPTY);
	if (tl->ntracks > LAYOUT_MAX_TRACKS)
		return db_fail(err, DB_R_SHEET_TOO_MANY_TRACKS, .subject = "",
			       .n1 = tl->ntracks);
	if (tl->mcn && !sheet_mcn(tl->mcn, l->mcn))
		bad_value(&s, "mcn", tl->mcn, 0);

	/* the rest of the previous audio file after its .inf's Index0: the
	 * pregap of the next track */
	struct audio_src carry_src;
	uint64_t carry_from = 0, carry_len = 0;
	bool carry = false, no_pregap = false;
	int rc = 0;
	for (unsigned i = 0; i < tl->ntracks && rc == 0; i++) {
		const struct tracklist_track *tt = &tl->track[i];
		bool audio = tt->mode == TRACK_AUDIO;
		unsigned no = i + 1;
		unsigned sec = track_mode_sector_bytes(tt->mode);
		const char *lname = layout_keep_name(l, tt->path, err);
		if (!lname)
			return DB_ENOMEM;
		struct layout_track t = { .mode = tt->mode, .copy = tt->copy,
					  .preemphasis = audio && tt->preemp, .scms = tt->scms };
		if (tt->isrc && !sheet_isrc(tt->isrc, t.isrc))
			bad_value(&s, "isrc", tt->isrc, no);

		struct inf_info inf;
		bool have_inf = false;
		if (tl->useinfo && audio) {
			char *ip = inf_name(tt->path);
			if (!ip)
				return db_fail(err, DB_R_NO_MEMORY);
			char *text;
			size_t len;
			struct db_error e;
			if (sheet_read(ip, &text, &len, &e) == 0) {
				if (inf_parse(text, len, ip, &inf, &e) == 0)
					have_inf = true;
				else if (e.reason == DB_R_NO_MEMORY)
					rc = db_fail(err, DB_R_NO_MEMORY);
				else
					problem(&s, &e);
				free(text);
			} else {
				problem(&s, &e);
			}
			free(ip);
			if (rc < 0)
				break;
		}
		if (have_inf) {
			if (inf.isrc[0])
				memcpy(t.isrc, inf.isrc, sizeof(t.isrc));
			if (inf.mcn[0])
				memcpy(l->mcn, inf.mcn, sizeof(l->mcn));
			if (inf.preemphasis >= 0)
				t.preemphasis = inf.preemphasis;
			if (inf.copy >= 0) {
				t.copy = inf.copy == 1;
				t.scms = inf.copy == 0;
			}
			if (tl->text) {
				for (unsigned f = 0; f < CDTEXT_FIELDS && rc == 0; f++)
					rc = text_dup(&s, &t.text, f, inf.text[f]);
				if (rc == 0 && inf.isrc[0])
					rc = text_dup(&s, &t.text, CDTEXT_UPC_ISRC, inf.isrc);
				if (rc == 0 && !l->text.field[CDTEXT_TITLE])
					rc = text_dup(&s, &l->text, CDTEXT_TITLE, inf.album_title);
				if (rc == 0 && !l->text.field[CDTEXT_PERFORMER])
					rc = text_dup(&s, &l->text, CDTEXT_PERFORMER,
						      inf.album_performer);
				if (rc == 0 && inf.mcn[0] && !l->text.field[CDTEXT_UPC_ISRC])
					rc = text_dup(&s, &l->text, CDTEXT_UPC_ISRC, inf.mcn);
				if (rc < 0)
					break;
			}
		}

		/* the pregap: from the previous file, or silence */
		uint32_t pregap = i == 0 ? 0 : DEFAULT_PREGAP;
		if (tt->pregap >= 0)
			pregap = (uint32_t)tt->pregap;
		if (i == 0 && have_inf && inf.tracknumber == 1 && inf.trackstart > 0)
			pregap = (uint32_t)inf.trackstart;
		if (no_pregap && audio)
			pregap = 0;             /* the previous .inf's Index0=-1 */
		no_pregap = have_inf && inf.index0 == -1;
		if (carry)
			pregap = (uint32_t)((carry_len + CD_SECTOR_BYTES - 1) / CD_SECTOR_BYTES);
		t.pregap = pregap;
		rc = layout_add_track(l, &t, err);
		if (rc < 0) {
			if (have_inf)
				inf_free(&inf);
			break;
		}
		struct layout_track *lt = &l->track[l->ntracks - 1];
		if (carry) {
			rc = audio_add(l, &carry_src, carry_from, carry_len, err);
			uint64_t over = carry_len % CD_SECTOR_BYTES;
			if (rc == 0 && over)
				rc = layout_add_zero(l, CD_SECTOR_BYTES - over, carry_src.path, err);
			carry = false;
		} else {
			rc = layout_add_zero(l, (uint64_t)pregap * sec, lname, err);
		}
		if (rc < 0) {
			if (have_inf)
				inf_free(&inf);
			break;
		}

		/* the file */
		struct audio_src src;
		struct db_error e;
		enum audio_container how = audio ? AUDIO_BY_NAME : AUDIO_RAW_LE;
		int orc = audio_open(l, tt->path, NULL, how, &src, &e);
		if (orc == DB_ENOMEM) {
			rc = db_fail(err, DB_R_NO_MEMORY);
		} else if (orc < 0) {
			problem(&s, &e);
		} else {
			if (audio && tt->swab && src.direct && src.sf_format == 0)
				src.big_endian = false;         /* -swab: headerless LE */
			uint64_t bytes = src.bytes;
			uint64_t keep = bytes;
			/* Index0: this file's end is the next track's pregap */
			if (have_inf && inf.index0 > 0 && i + 1 < tl->ntracks &&
			    tl->track[i + 1].mode == TRACK_AUDIO &&
			    (uint64_t)inf.index0 * CD_SECTOR_BYTES < bytes) {
				keep = (uint64_t)inf.index0 * CD_SECTOR_BYTES;
				carry = true;
				carry_src = src;
				carry_from = keep;
				carry_len = bytes - keep;
				if (carry_len % CD_SECTOR_BYTES && !tt->pad) {
					db_fail(&e, DB_R_TRACK_PARTIAL_SECTOR, .subject = tt->path,
						.n1 = carry_len % CD_SECTOR_BYTES,
						.n2 = CD_SECTOR_BYTES, .what = "audio");
					problem(&s, &e);
				}
			}
			if (audio)
				rc = audio_add(l, &src, 0, keep, err);
			else {
				struct layout_piece p = { .kind = PIECE_FILE, .fd = src.fd,
							  .length = keep, .name = src.path };
				rc = keep ? layout_add_piece(l, &p, err) : 0;
			}
			uint64_t over = keep % sec;
			uint64_t total = keep;
			if (rc == 0 && over) {
				if (audio && !tt->pad) {
					db_fail(&e, DB_R_TRACK_PARTIAL_SECTOR, .subject = tt->path,
						.n1 = over, .n2 = sec, .what = "audio");
					problem(&s, &e);
				}
				rc = layout_add_zero(l, sec - over, lname, err);
				total += sec - over;
			}
			if (rc == 0 && !audio && (tt->pad || tt->padsize)) {
				uint64_t pad = (uint64_t)(tt->padsize ? tt->padsize : DEFAULT_PADSIZE)
					       * 2048;
				pad = (pad + sec - 1) / sec * sec;
				rc = layout_add_zero(l, pad, lname, err);
				total += pad;
			}
			if (total / sec > UINT32_MAX)
				rc = db_fail(err, DB_R_IMAGE_TOO_LARGE, .subject = tt->path);
			lt->length = (uint32_t)(total / sec);
		}
		/* indices: index= wins over the .inf's */
		if (rc == 0) {
			long idx[LAYOUT_MAX_INDICES];
			unsigned n;
			if (tt->index) {
				if (!index_list(tt->index, idx, &n) || !set_indices(lt, idx, n))
					bad_value(&s, "index", tt->index, no);
			} else if (have_inf && inf.nindex > 1) {
				if (!set_indices(lt, inf.index, inf.nindex))
					bad_value(&s, "Index", "", no);
			}
		}
		if (have_inf)
			inf_free(&inf);
	}
	if (rc < 0)
		return rc;
	if (tl->textfile) {
		struct db_error e;
		if (cdtext_load_file(l, tl->textfile, &e) < 0)
			problem(&s, &e);
	}
	for (unsigned i = 0; i < l->ntracks; i++) {
		if (!l->track[i].length) {
			/* a file whose problem was said (it could not be opened,
			 * its audio is of the wrong format) is not said again; an
			 * empty one is said as such, not as a track too short */
			if (!sheet_file_said(s.pr, tl->track[i].path)) {
				struct db_error e;
				db_fail(&e, DB_R_IMAGE_EMPTY, .subject = tl->track[i].path,
					.other = tl->track[i].path);
				problem(&s, &e);
			}
		} else if (l->track[i].length < CD_MIN_TRACK_SECTORS) {
			struct db_error e;
			db_fail(&e, DB_R_TRACK_TOO_SHORT, .subject = tl->track[i].path,
				.other = tl->track[i].path, .n1 = l->track[i].number,
				.n2 = l->track[i].length);
			problem(&s, &e);
		}
	}
	return s.rc;
}
