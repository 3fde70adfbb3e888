/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd_files.c — how a CD with audio, raw or XA tracks is kept on the host:
 *
 *   PATH        2048-byte user data of the data sectors (mode 1, mode 2
 *               form 1) at LBA * 2048, as for every disc, so isoinfo and
 *               mount keep working on the data tracks of a mixed disc;
 *   PATH.bin    every sector of every track, 2352 bytes at LBA * 2352
 *               (audio as written, data sectors raw with sync, header and
 *               EDC/ECC), sparse where nothing was written;
 *   PATH.cue    a CDRWIN cue sheet of PATH.bin (tracks, indices, ISRC,
 *               catalog number, flags, CD-TEXT titles and performers, one
 *               REM SESSION per session), for standard tools;
 *   PATH.sub    the R-W sub-channel a host sent with program area blocks
 *               (CD+G), 96 bytes at LBA * 96, the six low bits of each;
 *   PATH.cdt    the CD-TEXT packs of the lead-in as READ TOC format 5
 *               returns them (a 4-byte header, then 18-byte packs): the
 *               CDTEXTFILE of the cue sheet and wodim's textfile= format.
 *
 * A disc holding only mode 1 data never gets these files: it stays as it
 * always was. The state file gets version 2 only when the disc needs its
 * additional keys (emu.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emu_int.h"

static void path_with(const struct emu *e, char *out, size_t n, const char *suffix)
{
	snprintf(out, n, "%s%s", e->path, suffix);
}

/* ---- the state file's version 2 keys ---------------------------------------- */

static bool track_default(const struct emu *e, const struct emu_track *t)
{
	uint32_t pregap = emu_is_cd(e) ? 150 : 0;
	return t->form == FORM_MODE1 && t->pregap == pregap && !t->scms && !t->isrc[0] &&
	       t->nidx == 0;
}

bool emu_cd_state_v2(const struct emu *e)
{
	const struct emu_disc *d = &e->d;
	if (d->has_bin || d->has_sub || d->mcn[0] || d->npacks)
		return true;
	for (unsigned i = 0; i < d->ntracks; i++)
		if (!track_default(e, &d->trk[i]))
			return true;
	return false;
}

void emu_cd_state_write(const struct emu *e, FILE *f)
{
	const struct emu_disc *d = &e->d;
	if (d->has_bin)
		fprintf(f, "bin=1\n");
	if (d->has_sub)
		fprintf(f, "sub=1\n");
	if (d->mcn[0])
		fprintf(f, "mcn=%s\n", d->mcn);
	if (d->npacks)
		fprintf(f, "cdtext=%u\n", d->npacks);
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		if (track_default(e, t))
			continue;
		fprintf(f, "trackx=%u,%u,%u,%u,%s\n", i + 1, t->form, t->pregap, t->scms,
			t->isrc[0] ? t->isrc : "-");
		for (unsigned k = 0; k < t->nidx; k++)
			fprintf(f, "index=%u,%u,%d\n", i + 1, k + 2, t->idx[k]);
	}
}

int emu_cd_state_key(struct emu *e, const char *k, const char *v, bool *pregap_set)
{
	struct emu_disc *d = &e->d;
	if (strcmp(k, "bin") == 0) {
		d->has_bin = strtoul(v, NULL, 10) != 0;
	} else if (strcmp(k, "sub") == 0) {
		d->has_sub = strtoul(v, NULL, 10) != 0;
	} else if (strcmp(k, "mcn") == 0) {
		if (strlen(v) != 13 || !emu_mcn_valid(v))
			return -1;
		memcpy(d->mcn, v, 14);
	} else if (strcmp(k, "cdtext") == 0) {
		d->npacks = (unsigned)strtoul(v, NULL, 10);
		if (d->npacks > EMU_MAX_PACKS)
			return -1;
	} else if (strcmp(k, "trackx") == 0) {
		unsigned n, form, pregap, scms;
		char isrc[16];
		if (sscanf(v, "%u,%u,%u,%u,%15s", &n, &form, &pregap, &scms, isrc) != 5 ||
		    n < 1 || n > d->ntracks || form > FORM_XA)
			return -1;
		struct emu_track *t = &d->trk[n - 1];
		t->form = (uint8_t)form;
		t->pregap = pregap;
		t->scms = scms != 0;
		pregap_set[n - 1] = true;
		if (strcmp(isrc, "-") != 0) {
			if (strlen(isrc) != 12 || !emu_isrc_valid(isrc))
				return -1;
			memcpy(t->isrc, isrc, 13);
		}
	} else if (strcmp(k, "index") == 0) {
		unsigned n, i;
		int lba;
		if (sscanf(v, "%u,%u,%d", &n, &i, &lba) != 3 || n < 1 || n > d->ntracks)
			return -1;
		struct emu_track *t = &d->trk[n - 1];
		if (i != t->nidx + 2u || t->nidx >= EMU_MAX_INDEX)
			return -1;
		t->idx[t->nidx++] = lba;
	} else {
		return 1;       /* not a version 2 key */
	}
	return 0;
}

/* ---- PATH.cdt ------------------------------------------------------------------ */

int emu_cd_packs_load(struct emu *e, char *why, size_t whylen)
{
	struct emu_disc *d = &e->d;
	char p[4096];
	if (!d->npacks)
		return 0;
	path_with(e, p, sizeof(p), ".cdt");
	size_t want = 4 + (size_t)d->npacks * 18;
	uint8_t *b = malloc(want);
	int fd = emu_open_nofollow(p, O_RDONLY, 0);
	ssize_t got = fd >= 0 && b ? read(fd, b, want) : -1;
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)want) {
		free(b);
		snprintf(why, whylen, "emu: the state file names %u CD-TEXT packs, and %s does not "
			 "hold them", d->npacks, p);
		return -EINVAL;
	}
	d->packs = malloc((size_t)d->npacks * 18);
	if (!d->packs) {
		free(b);
		return -ENOMEM;
	}
	memcpy(d->packs, b + 4, (size_t)d->npacks * 18);
	free(b);
	return 0;
}

/* The CD-TEXT strings of pack type `type` in block 0: for each track (0 the
 * disc) the text, NUL-terminated, as the packs carry it (MMC-5 Annex J:
 * byte 1 the track of the first character, then 12 characters per pack,
 * each string ended by NUL). */
static void cdtext_strings(const struct emu_disc *d, uint8_t type, char out[][81], unsigned ntr)
{
	for (unsigned i = 0; i <= ntr; i++)
		out[i][0] = '\0';
	int track = -1;
	size_t len = 0;
	for (unsigned i = 0; i < d->npacks; i++) {
		const uint8_t *p = &d->packs[i * 18];
		if (p[0] != type || (p[3] & 0x70) != 0 || (p[3] & 0x80))
			continue;       /* another type, another block, or double byte */
		if (track < 0) {
			track = p[1];
			len = 0;
		}
		for (int c = 4; c < 16; c++) {
			if (track > (int)ntr)
				return;
			if (p[c] == 0) {
				out[track][len < 80 ? len : 80] = '\0';
				track++;
				len = 0;
				if (track <= (int)ntr)
					out[track][0] = '\0';
				continue;
			}
			if (len < 80 && p[c] != '"')
				out[track][len++] = (char)p[c];
		}
	}
}

/* ---- PATH.bin --------------------------------------------------------------------- */

int emu_bin_open(struct emu *e, bool create)
{
	char p[4096];
	if (e->bin_fd >= 0)
		return 0;
	path_with(e, p, sizeof(p), ".bin");
	e->bin_fd = emu_open_nofollow(p, e->readonly ? O_RDONLY : O_RDWR | (create ? O_CREAT : 0),
				      0644);
	return e->bin_fd >= 0 ? 0 : -errno;
}

int emu_sub_open(struct emu *e, bool create)
{
	char p[4096];
	if (e->sub_fd >= 0)
		return 0;
	path_with(e, p, sizeof(p), ".sub");
	e->sub_fd = emu_open_nofollow(p, e->readonly ? O_RDONLY : O_RDWR | (create ? O_CREAT : 0),
				      0644);
	return e->sub_fd >= 0 ? 0 : -errno;
}

int emu_sub_write(struct emu *e, int32_t lba, const uint8_t *sub96)
{
	if (lba < 0)
		return 0;
	if (!e->d.has_sub) {
		if (emu_sub_open(e, true) < 0 || ftruncate(e->sub_fd, 0) != 0)
			return -EIO;
		e->d.has_sub = true;
	}
	uint8_t rw[96];
	for (int i = 0; i < 96; i++)
		rw[i] = sub96[i] & 0x3f;        /* R-W; P and Q are the drive's */
	return pwrite(e->sub_fd, rw, 96, (off_t)lba * 96) == 96 ? 0 : -EIO;
}

void emu_sub_read(struct emu *e, int32_t lba, uint8_t *rw96)
{
	memset(rw96, 0, 96);
	if (!e->d.has_sub || e->sub_fd < 0 || lba < 0)
		return;
	if (pread(e->sub_fd, rw96, 96, (off_t)lba * 96) < 0)
		memset(rw96, 0, 96);
}

int emu_bin_write(struct emu *e, int32_t lba, const uint8_t *raw)
{
	if (lba < 0)
		return 0;       /* before the program area: not user data */
	ssize_t w = pwrite(e->bin_fd, raw, 2352, (off_t)lba * 2352);
	return w == 2352 ? 0 : -EIO;
}

int emu_bin_need(struct emu *e)
{
	struct emu_disc *d = &e->d;
	if (d->has_bin)
		return emu_bin_open(e, true);
	int r = emu_bin_open(e, true);
	if (r < 0)
		return r;
	if (ftruncate(e->bin_fd, 0) != 0)
		return -EIO;
	/* the data tracks written so far get their raw sectors */
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		int32_t end = t->state == TRK_CLOSED ? t->start + (int32_t)t->size
						     : t->start + (int32_t)t->written;
		for (int32_t l = t->start; l < end && l >= 0; l++) {
			uint8_t raw[2352];
			enum emu_sector k;
			if (emu_cd_sector(e, l, raw, &k) < 0 || emu_bin_write(e, l, raw) < 0)
				return -EIO;
		}
	}
	d->has_bin = true;
	return 0;
}

void emu_cd_files_drop(struct emu *e)
{
	char p[4096];
	if (e->bin_fd >= 0 && ftruncate(e->bin_fd, 0) != 0)
		return;
	if (e->sub_fd >= 0 && ftruncate(e->sub_fd, 0) != 0)
		return;
	path_with(e, p, sizeof(p), ".cue");
	unlink(p);
	path_with(e, p, sizeof(p), ".cdt");
	unlink(p);
}

/* ---- PATH.cue ------------------------------------------------------------------------ */

static void cue_time(FILE *f, const char *what, int32_t lba)
{
	if (lba < 0)
		lba = 0;
	fprintf(f, "%s %02d:%02d:%02d\n", what, lba / 4500, lba / 75 % 60, lba % 75);
}

static void cue_text(FILE *f, const char *indent, const char *key, const char *v)
{
	if (v[0])
		fprintf(f, "%s%s \"%s\"\n", indent, key, v);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int emu_cd_files_save(struct emu *e)
{
	const struct emu_disc *d = &e->d;
	char p[4096];
	int r = 0;
	if (d->npacks && d->packs) {
		size_t n = 4 + (size_t)d->npacks * 18;
		uint8_t *b = malloc(n);
		if (!b)
			return -ENOMEM;
		b[0] = (uint8_t)((n - 2) >> 8);
		b[1] = (uint8_t)(n - 2);
		b[2] = b[3] = 0;
		memcpy(b + 4, d->packs, n - 4);
		path_with(e, p, sizeof(p), ".cdt");
		r = emu_replace_file(p, b, n, false);
		free(b);
		if (r < 0)
			return r;
	}
	if (!d->has_bin)
		return 0;

	char (*title)[81] = calloc(EMU_MAX_TRACKS + 1, 81);
	char (*performer)[81] = calloc(EMU_MAX_TRACKS + 1, 81);
	char *text = NULL;
	size_t len = 0;
	FILE *f = title && performer ? open_memstream(&text, &len) : NULL;
	if (!f) {
		free(title);
		free(performer);
		return -ENOMEM;
	}
	cdtext_strings(d, 0x80, title, d->ntracks);
	cdtext_strings(d, 0x81, performer, d->ntracks);
	fprintf(f, "REM an emulated disc; its state is %s\n", base_name(e->state_path));
	if (d->mcn[0])
		fprintf(f, "CATALOG %s\n", d->mcn);
	if (d->npacks)
		fprintf(f, "CDTEXTFILE \"%s.cdt\"\n", base_name(e->path));
	cue_text(f, "", "TITLE", title[0]);
	cue_text(f, "", "PERFORMER", performer[0]);
	fprintf(f, "FILE \"%s.bin\" BINARY\n", base_name(e->path));
	unsigned session = 0;
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		if (t->state == TRK_INVISIBLE && t->written == 0)
			continue;
		if (t->session != session) {
			session = t->session;
			if (d->sessions > 1 || session > 1)
				fprintf(f, "  REM SESSION %02u\n", session);
		}
		static const char *const type[] = {
			[FORM_MODE1] = "MODE1/2352", [FORM_AUDIO] = "AUDIO",
			[FORM_MODE2] = "MODE2/2352", [FORM_XA] = "MODE2/2352",
		};
		fprintf(f, "  TRACK %02u %s\n", i + 1, type[t->form]);
		cue_text(f, "    ", "TITLE", title[i + 1]);
		cue_text(f, "    ", "PERFORMER", performer[i + 1]);
		if (t->mode & 0x0B || t->scms)
			fprintf(f, "    FLAGS%s%s%s%s\n", t->mode & 0x02 ? " DCP" : "",
				t->mode & 0x08 ? " 4CH" : "", t->mode & 0x01 ? " PRE" : "",
				t->scms ? " SCMS" : "");
		if (t->isrc[0])
			fprintf(f, "    ISRC %s\n", t->isrc);
		/* the first 150 blocks (LBA -150..-1) are not in the file */
		int32_t i0 = t->start - (int32_t)t->pregap;
		if (t->pregap && t->start > 0 && t->start > i0)
			cue_time(f, "    INDEX 00", i0 < 0 ? 0 : i0);   /* a hidden track one */
		cue_time(f, "    INDEX 01", t->start);
		for (unsigned k = 0; k < t->nidx; k++) {
			char what[16];
			snprintf(what, sizeof(what), "    INDEX %02u", k + 2);
			cue_time(f, what, t->idx[k]);
		}
	}
	free(title);
	free(performer);
	if (fclose(f) != 0) {
		free(text);
		return -ENOMEM;
	}
	path_with(e, p, sizeof(p), ".cue");
	r = emu_replace_file(p, text, len, false);
	free(text);
	return r;
}
