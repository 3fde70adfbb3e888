/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cdtext.c — CD-TEXT packs: encoder and decoder (see cdtext.h).
 *
 * Kept here rather than taken from a library: libcdio reads CD-TEXT but
 * does not encode it (and is becoming optional), libburn encodes it but
 * only inside its burn session objects. The format is a few hundred
 * lines; the tests hold it to packs written by cdrskin (libburn).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/cdtext.h"

#define SIZE_INFO_BYTES 36
#define MAX_FILE_BYTES (LAYOUT_TEXT_BLOCKS * CDTEXT_MAX_BLOCK_PACKS * CDTEXT_PACK_BYTES + 5)

static const struct {
	uint8_t type;
	enum cdtext_field field;
	bool disc_only;
} kinds[] = {
	{ 0x80, CDTEXT_TITLE, false },
	{ 0x81, CDTEXT_PERFORMER, false },
	{ 0x82, CDTEXT_SONGWRITER, false },
	{ 0x83, CDTEXT_COMPOSER, false },
	{ 0x84, CDTEXT_ARRANGER, false },
	{ 0x85, CDTEXT_MESSAGE, false },
	{ 0x86, CDTEXT_DISC_ID, true },
	{ 0x8E, CDTEXT_UPC_ISRC, false },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

uint16_t cdtext_crc(const uint8_t *pack)
{
	uint16_t crc = 0;
	for (int i = 0; i < 16; i++) {
		crc ^= (uint16_t)(pack[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
	}
	return (uint16_t)~crc;
}

static const struct layout_text *disc_text(const struct layout *l, unsigned b)
{
	return b == 0 ? &l->text : &l->text_block[b - 1].disc;
}

static const struct layout_text *track_text(const struct layout *l, unsigned b, unsigned i)
{
	return b == 0 ? &l->track[i].text : &l->text_block[b - 1].track[i];
}

static bool has(const struct layout_text *t, enum cdtext_field f)
{
	return t->field[f] && t->field[f][0];
}

static bool block_any(const struct layout *l, unsigned b)
{
	for (unsigned f = 0; f < CDTEXT_FIELDS; f++) {
		if (has(disc_text(l, b), f))
			return true;
		for (unsigned i = 0; i < l->ntracks; i++)
			if (has(track_text(l, b, i), f))
				return true;
	}
	return false;
}

bool cdtext_any(const struct layout *l)
{
	for (unsigned b = 0; b <= l->ntext_blocks && b < LAYOUT_TEXT_BLOCKS; b++)
		if (block_any(l, b))
			return true;
	return false;
}

struct enc {
	uint8_t *buf;
	size_t len, cap;        /* bytes */
	unsigned block, seq;    /* this block's next sequence number */
	unsigned count[16];     /* packs of each type in this block */
	uint8_t pack[CDTEXT_PACK_BYTES];
	unsigned fill;          /* text bytes in pack */
	struct db_error *err;
};

static int emit(struct enc *e, uint8_t type, uint8_t track, unsigned charpos)
{
	if (e->seq >= CDTEXT_MAX_BLOCK_PACKS)
		return db_fail(e->err, DB_R_CDTEXT_TOO_LONG, .n1 = e->seq + 1, .n2 = e->block);
	if (e->len + CDTEXT_PACK_BYTES > e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 64 * CDTEXT_PACK_BYTES;
		uint8_t *n = realloc(e->buf, cap);
		if (!n)
			return db_fail(e->err, DB_R_NO_MEMORY);
		e->buf = n;
		e->cap = cap;
	}
	uint8_t *p = e->buf + e->len;
	p[0] = type;
	p[1] = track;
	p[2] = (uint8_t)e->seq;
	p[3] = (uint8_t)((e->block & 7) << 4 | (charpos > 15 ? 15 : charpos));
	memcpy(p + 4, e->pack + 4, 12);
	uint16_t crc = cdtext_crc(p);
	p[16] = (uint8_t)(crc >> 8);
	p[17] = (uint8_t)crc;
	e->len += CDTEXT_PACK_BYTES;
	e->seq++;
	e->count[type & 0x0F]++;
	return 0;
}

/* The strings of one pack type, in disc then track order. */
static int enc_type(struct enc *e, const struct layout *l, unsigned b, unsigned k)
{
	uint8_t type = kinds[k].type;
	enum cdtext_field f = kinds[k].field;
	unsigned nstr = kinds[k].disc_only ? 1 : l->ntracks + 1;
	uint8_t head_track = 0;
	unsigned head_pos = 0;
	e->fill = 0;
	for (unsigned s = 0; s < nstr; s++) {
		const struct layout_text *t = s == 0 ? disc_text(l, b) : track_text(l, b, s - 1);
		const char *str = t->field[f] ? t->field[f] : "";
		size_t n = strlen(str) + 1;     /* with its NUL */
		uint8_t tno = s == 0 ? 0 : (uint8_t)l->track[s - 1].number;
		for (size_t i = 0; i < n; i++) {
			if (e->fill == 0) {
				memset(e->pack, 0, sizeof(e->pack));
				head_track = tno;
				head_pos = (unsigned)(i > 15 ? 15 : i);
			}
			e->pack[4 + e->fill++] = (uint8_t)str[i];
			if (e->fill == 12) {
				int rc = emit(e, type, head_track, head_pos);
				if (rc < 0)
					return rc;
				e->fill = 0;
			}
		}
	}
	if (e->fill)
		return emit(e, type, head_track, head_pos);
	return 0;
}

int cdtext_encode(const struct layout *l, uint8_t **out, size_t *len, struct db_error *err)
{
	*out = NULL;
	*len = 0;
	if (!cdtext_any(l) || !l->ntracks)
		return 0;
	struct enc e = { .err = err };
	unsigned nblocks = l->ntext_blocks + 1;
	if (nblocks > LAYOUT_TEXT_BLOCKS)
		nblocks = LAYOUT_TEXT_BLOCKS;
	size_t size_at[LAYOUT_TEXT_BLOCKS] = { 0 };
	uint8_t last_seq[LAYOUT_TEXT_BLOCKS] = { 0 }, lang[LAYOUT_TEXT_BLOCKS] = { 0 };
	uint8_t counts[LAYOUT_TEXT_BLOCKS][16];
	int rc = 0;
	for (unsigned b = 0; b < nblocks && rc == 0; b++) {
		e.block = b;
		e.seq = 0;
		memset(e.count, 0, sizeof(e.count));
		for (unsigned k = 0; k < NKINDS && rc == 0; k++) {
			bool any = has(disc_text(l, b), kinds[k].field);
			for (unsigned i = 0; !any && !kinds[k].disc_only && i < l->ntracks; i++)
				any = has(track_text(l, b, i), kinds[k].field);
			if (any)
				rc = enc_type(&e, l, b, k);
		}
		/* three size information packs, filled in below */
		memset(e.pack, 0, sizeof(e.pack));
		size_at[b] = e.len;
		for (uint8_t i = 0; i < 3 && rc == 0; i++)
			rc = emit(&e, 0x8F, i, 0);
		last_seq[b] = (uint8_t)(e.seq - 1);
		lang[b] = b == 0 ? (l->cdtext_language ? l->cdtext_language : CDTEXT_LANG_ENGLISH)
				 : l->text_block[b - 1].language;
		for (unsigned t = 0; t < 16; t++)
			counts[b][t] = (uint8_t)e.count[t];
	}
	if (rc < 0) {
		free(e.buf);
		return rc;
	}
	for (unsigned b = 0; b < nblocks; b++) {
		uint8_t si[SIZE_INFO_BYTES] = { 0 };
		si[0] = b == 0 ? l->cdtext_charset : l->text_block[b - 1].charset;
		si[1] = (uint8_t)l->track[0].number;
		si[2] = (uint8_t)l->track[l->ntracks - 1].number;
		si[3] = 0;                      /* no copy protection of the text */
		memcpy(si + 4, counts[b], 16);
		for (unsigned i = 0; i < nblocks; i++) {
			si[20 + i] = last_seq[i];
			si[28 + i] = lang[i];
		}
		for (unsigned i = 0; i < 3; i++) {
			uint8_t *p = e.buf + size_at[b] + i * CDTEXT_PACK_BYTES;
			memcpy(p + 4, si + 12 * i, 12);
			uint16_t crc = cdtext_crc(p);
			p[16] = (uint8_t)(crc >> 8);
			p[17] = (uint8_t)crc;
		}
	}
	*out = e.buf;
	*len = e.len;
	return 0;
}

/* ---- decoding ---------------------------------------------------------------- */

void cdtext_info_free(struct cdtext_info *info)
{
	for (unsigned b = 0; b < LAYOUT_TEXT_BLOCKS; b++) {
		for (unsigned f = 0; f < CDTEXT_FIELDS; f++) {
			free(info->block[b].disc.field[f]);
			for (unsigned i = 0; i < LAYOUT_MAX_TRACKS; i++)
				free(info->block[b].track[i].field[f]);
		}
	}
	memset(info, 0, sizeof(*info));
}

struct run {                    /* the text of one type in one block */
	uint8_t start_track;
	bool started;
	size_t len;
	uint8_t text[CDTEXT_MAX_BLOCK_PACKS * 12];
};

static int set_field(struct layout_text *t, enum cdtext_field f, const uint8_t *s, size_t n,
		     struct db_error *err)
{
	char *c = malloc(n + 1);
	if (!c)
		return db_fail(err, DB_R_NO_MEMORY);
	memcpy(c, s, n);
	c[n] = '\0';
	free(t->field[f]);
	t->field[f] = c;
	return 0;
}

static int split_run(struct cdtext_info *info, unsigned b, unsigned k, const struct run *r,
		     struct db_error *err)
{
	struct layout_text_block *blk = &info->block[b];
	enum cdtext_field f = kinds[k].field;
	unsigned track = r->start_track;
	size_t i = 0;
	const uint8_t *prev = NULL;
	size_t prev_n = 0;
	while (i < r->len && track <= LAYOUT_MAX_TRACKS) {
		const uint8_t *s = r->text + i;
		const uint8_t *nul = memchr(s, 0, r->len - i);
		size_t n = nul ? (size_t)(nul - s) : r->len - i;
		i += n + 1;
		if (n == 1 && s[0] == '\t' && prev && prev_n) {  /* "same as the previous track" */
			s = prev;
			n = prev_n;
		}
		if (n) {
			struct layout_text *t = track == 0 ? &blk->disc : &blk->track[track - 1];
			int rc = set_field(t, f, s, n, err);
			if (rc < 0)
				return rc;
		}
		prev = s;
		prev_n = n;
		if (kinds[k].disc_only)
			break;
		track++;
	}
	return 0;
}

int cdtext_decode(const uint8_t *buf, size_t len, const char *name, bool tolerant,
		  struct cdtext_info *info, struct db_error *err)
{
	memset(info, 0, sizeof(*info));
	if (len % CDTEXT_PACK_BYTES == 5 && buf[len - 1] == 0)
		len--;                  /* a trailing NUL some writers add */
	if (len % CDTEXT_PACK_BYTES == 4) {
		unsigned hdr = (unsigned)buf[0] << 8 | buf[1];
		if (hdr + 2 != len)
			return db_fail(err, DB_R_CDTEXT_FILE_BAD, .subject = name, .what = "header");
		buf += 4;
		len -= 4;
	}
	if (len == 0 || len % CDTEXT_PACK_BYTES)
		return db_fail(err, DB_R_CDTEXT_FILE_BAD, .subject = name, .what = "size");
	size_t npacks = len / CDTEXT_PACK_BYTES;
	if (npacks > (size_t)LAYOUT_TEXT_BLOCKS * CDTEXT_MAX_BLOCK_PACKS)
		return db_fail(err, DB_R_CDTEXT_FILE_BAD, .subject = name, .what = "size");

	struct run *runs = calloc(LAYOUT_TEXT_BLOCKS * NKINDS, sizeof(*runs));
	if (!runs)
		return db_fail(err, DB_R_NO_MEMORY);
	uint8_t size_info[LAYOUT_TEXT_BLOCKS][SIZE_INFO_BYTES] = { { 0 } };
	unsigned size_have[LAYOUT_TEXT_BLOCKS] = { 0 };
	bool dbcc[LAYOUT_TEXT_BLOCKS] = { false }, seen[LAYOUT_TEXT_BLOCKS] = { false };
	int rc = 0;
	for (size_t i = 0; i < npacks; i++) {
		const uint8_t *p = buf + i * CDTEXT_PACK_BYTES;
		uint16_t crc = (uint16_t)(p[16] << 8 | p[17]);
		if (crc != cdtext_crc(p)) {
			if (tolerant) {
				info->bad_crc++;
				continue;
			}
			rc = db_fail(err, DB_R_CDTEXT_FILE_BAD, .subject = name, .what = "CRC",
				     .n1 = i + 1);
			goto out;
		}
		if (p[0] < 0x80 || p[0] > 0x8F) {
			if (tolerant)
				continue;
			rc = db_fail(err, DB_R_CDTEXT_FILE_BAD, .subject = name,
				     .what = "pack type", .n1 = i + 1);
			goto out;
		}
		info->packs++;
		if (p[1] & 0x80)        /* an extension pack: nothing we keep */
			continue;
		unsigned b = (p[3] >> 4) & 7;
		seen[b] = true;
		if (p[3] & 0x80)
			dbcc[b] = true;
		if (p[0] == 0x8F) {
			if (p[1] < 3) {
				memcpy(size_info[b] + 12 * p[1], p + 4, 12);
				size_have[b] |= 1u << p[1];
			}
			continue;
		}
		for (unsigned k = 0; k < NKINDS; k++) {
			if (kinds[k].type != p[0])
				continue;
			struct run *r = &runs[b * NKINDS + k];
			if (!r->started) {
				r->started = true;
				r->start_track = p[1];
			}
			if (r->len + 12 <= sizeof(r->text)) {
				memcpy(r->text + r->len, p + 4, 12);
				r->len += 12;
			}
		}
	}
	for (unsigned b = 0; b < LAYOUT_TEXT_BLOCKS; b++) {
		if (!seen[b])
			continue;
		info->nblocks = b + 1;
		struct layout_text_block *blk = &info->block[b];
		blk->language = CDTEXT_LANG_ENGLISH;
		if (size_have[b] == 7) {
			info->have_size_info[b] = true;
			blk->charset = size_info[b][0];
			info->first_track[b] = size_info[b][1];
			info->last_track[b] = size_info[b][2];
			blk->language = size_info[b][28 + b];
		}
		if (dbcc[b]) {
			info->double_byte = true;
			continue;
		}
		for (unsigned k = 0; k < NKINDS && rc == 0; k++)
			if (runs[b * NKINDS + k].started)
				rc = split_run(info, b, k, &runs[b * NKINDS + k], err);
	}
out:
	free(runs);
	if (rc < 0)
		cdtext_info_free(info);
	return rc;
}

/* ---- textfile= ---------------------------------------------------------------- */

static int move_text(struct layout_text *dst, struct layout_text *src)
{
	for (unsigned f = 0; f < CDTEXT_FIELDS; f++) {
		if (src->field[f]) {
			free(dst->field[f]);
			dst->field[f] = src->field[f];
			src->field[f] = NULL;
		}
	}
	return 0;
}

int cdtext_load_file(struct layout *l, const char *path, struct db_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return db_fail(err, DB_R_TRACK_FILE_OPEN, .subject = path, .os_errno = errno);
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE_BYTES) {
		close(fd);
		return db_fail(err, DB_R_CDTEXT_FILE_BAD, .subject = path, .what = "size");
	}
	size_t n = (size_t)st.st_size;
	uint8_t *buf = malloc(n ? n : 1);
	if (!buf) {
		close(fd);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	ssize_t got = pread(fd, buf, n, 0);
	close(fd);
	if (got < 0 || (size_t)got != n) {
		free(buf);
		return db_fail(err, DB_R_CDTEXT_FILE_BAD, .subject = path, .what = "size");
	}
	return cdtext_load_packs(l, buf, n, path, false, err);
}

int cdtext_load_packs(struct layout *l, uint8_t *buf, size_t n, const char *path,
		      bool tolerant, struct db_error *err)
{
	struct cdtext_info *info = malloc(sizeof(*info));
	if (!info) {
		free(buf);
		return db_fail(err, DB_R_NO_MEMORY);
	}
	int rc = cdtext_decode(buf, n, path, tolerant, info, err);
	if (rc < 0) {
		free(buf);
		free(info);
		return rc;
	}
	/* the packs, without a header */
	size_t off = n % CDTEXT_PACK_BYTES == 4 || n % CDTEXT_PACK_BYTES == 5 ? 4 : 0;
	size_t plen = (n - off) / CDTEXT_PACK_BYTES * CDTEXT_PACK_BYTES;
	unsigned first = l->ntracks ? l->track[0].number : 0;
	unsigned last = l->ntracks ? l->track[l->ntracks - 1].number : 0;
	unsigned tf = info->have_size_info[0] ? info->first_track[0] : first;
	unsigned tl = info->have_size_info[0] ? info->last_track[0] : 0;
	for (unsigned b = 0; b < info->nblocks; b++)
		for (unsigned i = 0; i < LAYOUT_MAX_TRACKS; i++)
			for (unsigned f = 0; f < CDTEXT_FIELDS; f++)
				if (info->block[b].track[i].field[f] && i + 1 > tl)
					tl = i + 1;
	if (!tolerant && (tf != first || tl != last)) {
		cdtext_info_free(info);
		free(info);
		free(buf);
		return db_fail(err, DB_R_CDTEXT_TRACKS, .subject = path,
			       .n1 = tl >= tf ? tl - tf + 1 : 0, .n2 = l->ntracks);
	}
	memmove(buf, buf + off, plen);
	free(l->cdtext_packs);
	l->cdtext_packs = buf;
	l->cdtext_len = plen;
	for (unsigned b = 0; b < info->nblocks && rc == 0; b++) {
		struct layout_text_block *src = &info->block[b];
		if (b == 0) {
			l->cdtext_language = src->language;
			l->cdtext_charset = src->charset;
			move_text(&l->text, &src->disc);
			for (unsigned i = 0; i < l->ntracks; i++)
				move_text(&l->track[i].text, &src->track[l->track[i].number - 1]);
			continue;
		}
		struct layout_text_block *dst = layout_text_block(l, b, err);
		if (!dst) {
			rc = DB_ENOMEM;
			break;
		}
		dst->language = src->language;
		dst->charset = src->charset;
		move_text(&dst->disc, &src->disc);
		for (unsigned i = 0; i < l->ntracks; i++)
			move_text(&dst->track[i], &src->track[l->track[i].number - 1]);
	}
	cdtext_info_free(info);
	free(info);
	return rc;
}
