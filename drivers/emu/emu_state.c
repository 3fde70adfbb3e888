/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_state.c — the disc in the drive and its files: the state file
 * PATH.state (saved and loaded), the image PATH, and the autoloader's stack
 * of discs PATH.1..N with its position in PATH.loader. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "emu_int.h"

/* ---- files that are not followed through links ----------------------------
 * The emulator's files sit beside the disc image, often in a shared
 * directory such as /tmp. None is opened through a symbolic link: a link
 * planted at PATH, PATH.state or the log would make the emulator write to
 * whatever it points to. Files replaced as a whole (the state file, the
 * loader position, the cue sheet) are written to a fresh temporary file
 * that mkstemp creates exclusively in the same directory and renamed over
 * the old one, which replaces a link instead of following it; files
 * written in place (the image, PATH.bin, the log) are opened with
 * O_NOFOLLOW. */

int emu_open_nofollow(const char *path, int flags, mode_t mode)
{
	return open(path, flags | O_NOFOLLOW | O_CLOEXEC, mode);
}

int emu_replace_file(const char *path, const void *data, size_t n, bool durable)
{
	size_t tl = strlen(path) + 8;
	char *tmp = malloc(tl);
	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, tl, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fd < 0) {
		int r = -errno;
		free(tmp);
		return r;
	}
	int r = 0;
	const uint8_t *p = data;
	size_t done = 0;
	while (done < n && r == 0) {
		ssize_t w = write(fd, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			r = w < 0 ? -errno : -EIO;
		else
			done += (size_t)w;
	}
	if (r == 0 && fchmod(fd, 0644) != 0)
		r = -errno;
	if (r == 0 && durable && fsync(fd) != 0)
		r = -errno;
	if (close(fd) != 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) != 0)
		r = -errno;
	if (r != 0)
		unlink(tmp);
	free(tmp);
	return r;
}

const char *emu_link_why(int err)
{
	return err == ELOOP ? "it is a symbolic link, which the emulator does not follow "
			      "(name the file itself)" : strerror(err);
}

/* ---- state file ----------------------------------------------------------- */

/* The disc file must hold every block the state claims written, so that a
 * state saved and then a crash never describe data that is not there. The
 * drive pads a DAO track to its reserved end with zeros; so does this. */
static int hold_claimed(struct emu *e)
{
	const struct emu_disc *d = &e->d;
	int64_t end = 0;
	if (emu_ki(e)->overwrite)
		return 0;
	for (unsigned i = 0; i < d->ntracks; i++) {
		int64_t x = (int64_t)d->trk[i].start + d->trk[i].written;
		if (d->trk[i].written && x > end)
			end = x;
	}
	struct stat st;
	if (end <= 0 || fstat(e->fd, &st) != 0 || st.st_size >= end * EMU_BLOCK)
		return 0;
	return ftruncate(e->fd, (off_t)(end * EMU_BLOCK)) == 0 ? 0 : -errno;
}

static int save(struct emu *e, bool durable)
{
	if (e->ptype != 5 || emu_ki(e)->rom)
		return 0;       /* a hard disk or a pressed disc has no disc state */
	int r = hold_claimed(e);
	if (r < 0)
		return r;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	const struct emu_disc *d = &e->d;
	fprintf(f, "emu-state %d\nkind=%s\ncapacity=%u\nsessions=%u\nfinalized=%d\n"
		"formatted=%d\nspare=%u\nburnfree_count=%u\nunderruns=%u\n",
		emu_cd_state_v2(e) ? 2 : 1, emu_kinds[d->kind].name, d->capacity, d->sessions, d->finalized,
		d->formatted, d->spare, d->burnfree_count, d->underruns);
	if (e->tray_open && !e->stack)
		fprintf(f, "tray=open\n");
	for (unsigned i = 0; i < d->ntracks; i++) {
		const struct emu_track *t = &d->trk[i];
		fprintf(f, "track=%d,%u,%u,%u,%u,%u,%u\n", t->start, t->size, t->written,
			t->state, t->session, t->mode, t->damaged);
	}
	emu_cd_state_write(e, f);
	if (fclose(f) != 0) {
		free(text);
		return -ENOMEM;
	}
	/* the files the state names first: PATH.cdt, and PATH.cue of PATH.bin */
	if (durable && (r = emu_cd_files_save(e)) < 0) {
		free(text);
		return r;
	}
	if (e->bin_fd >= 0 && durable)
		fdatasync(e->bin_fd);
	r = emu_replace_file(e->state_path, text, len, durable);
	free(text);
	clock_gettime(CLOCK_MONOTONIC, &e->saved_at);
	e->unsaved_blocks = 0;
	return r;
}

int emu_save(struct emu *e)
{
	return save(e, true);
}

void emu_save_cadence(struct emu *e, uint32_t blocks)
{
	struct timespec now;
	e->unsaved_blocks += blocks;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double dt = (double)(now.tv_sec - e->saved_at.tv_sec) +
		    (double)(now.tv_nsec - e->saved_at.tv_nsec) / 1e9;
	if (e->unsaved_blocks >= EMU_SAVE_BLOCKS || dt >= EMU_SAVE_SECONDS)
		save(e, false);
}

static int load_state(struct emu *e, char *why, size_t whylen)
{
	int fd = emu_open_nofollow(e->state_path, O_RDONLY, 0);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		int r = -errno;
		if (fd >= 0)
			close(fd);
		if (r != -ENOENT)
			snprintf(why, whylen, "emu: cannot read the state file %s: %s",
				 e->state_path, emu_link_why(-r));
		return r;
	}
	char line[256];
	struct emu_disc *d = &e->d;
	int kind = -1, version = 0;
	bool header = false, bad = false;
	bool pregap_set[EMU_MAX_TRACKS + 1] = { false };

	free(d->packs);
	memset(d, 0, sizeof(*d));
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!header) {
			if (strcmp(line, "emu-state 1") == 0)
				version = 1;
			else if (strcmp(line, "emu-state 2") == 0)
				version = 2;
			else
				break;
			header = true;
			continue;
		}
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		const char *k = line, *v = eq + 1;
		unsigned long n = strtoul(v, NULL, 10);
		if (strcmp(k, "kind") == 0) {
			kind = emu_kind_by_name(v);
		} else if (strcmp(k, "capacity") == 0) {
			d->capacity = (uint32_t)n;
		} else if (strcmp(k, "sessions") == 0) {
			d->sessions = (unsigned)n;
		} else if (strcmp(k, "finalized") == 0) {
			d->finalized = n != 0;
		} else if (strcmp(k, "formatted") == 0) {
			d->formatted = n != 0;
		} else if (strcmp(k, "spare") == 0) {
			d->spare = (uint32_t)n;
		} else if (strcmp(k, "burnfree_count") == 0) {
			d->burnfree_count = (uint32_t)n;
		} else if (strcmp(k, "underruns") == 0) {
			d->underruns = (uint32_t)n;
		} else if (strcmp(k, "tray") == 0 && !e->stack) {
			/* ejected by an earlier run: no medium until loaded */
			e->tray_open = strcmp(v, "open") == 0;
			if (e->tray_open)
				e->present = false;
		} else if (strcmp(k, "track") == 0 && d->ntracks < EMU_MAX_TRACKS) {
			struct emu_track *t = &d->trk[d->ntracks];
			int start;
			unsigned size, written, state, session, mode, damaged;
			if (sscanf(v, "%d,%u,%u,%u,%u,%u,%u", &start, &size, &written, &state,
				   &session, &mode, &damaged) != 7 || state > TRK_CLOSED)
				continue;
			t->start = start;
			t->size = size;
			t->written = written;
			t->state = (uint8_t)state;
			t->session = (uint8_t)session;
			t->mode = (uint8_t)mode;
			t->damaged = (uint8_t)damaged;
			d->ntracks++;
		} else if (version == 2 && emu_cd_state_key(e, k, v, pregap_set) < 0) {
			bad = true;
		}
	}
	fclose(f);
	if (!header || kind < 0 || d->capacity == 0 || bad) {
		snprintf(why, whylen, "emu: %s is not an emulator state file (version 1 or 2); "
			 "remove it to start with a blank disc", e->state_path);
		return -EINVAL;
	}
	d->kind = (enum emu_kind)kind;
	/* version 1 knows only data tracks with the standard pregap; version 2
	 * names the others */
	for (unsigned i = 0; i < d->ntracks; i++)
		if (!pregap_set[i])
			d->trk[i].pregap = emu_kinds[kind].family == EMU_FAM_CD ? 150 : 0;
	int r = emu_cd_packs_load(e, why, whylen);
	if (r == 0 && d->has_sub && (r = emu_sub_open(e, false)) < 0)
		snprintf(why, whylen, "emu: the state file %s names %s.sub, and it cannot be "
			 "opened: %s", e->state_path, e->path, emu_link_why(-r));
	if (r == 0 && d->has_bin && (r = emu_bin_open(e, false)) < 0)
		snprintf(why, whylen, "emu: the state file %s says the disc's raw sectors are in "
			 "%s.bin, and it cannot be opened: %s", e->state_path, e->path,
			 emu_link_why(-r));
	return r;
}

/* A pressed disc (cd-rom, dvd-rom, bd-rom): one closed data track holding
 * PATH, which is only ever read. Its capacity is the image's size; there is
 * no state file, nothing about it can change. Or, when PATH.state exists,
 * the finished disc the emulator wrote there, pressed: an audio CD burnt on
 * cd-r becomes a pressed audio CD, read-only. */
static int load_pressed(struct emu *e, enum emu_kind kind, char *why, size_t whylen)
{
	struct stat st;
	e->readonly = true;
	if (lstat(e->state_path, &st) == 0) {
		/* a disc the emulator wrote, pressed: what its state says */
		int r = load_state(e, why, whylen);
		if (r < 0)
			return r;
		if (emu_kinds[e->d.kind].family != emu_kinds[kind].family || !e->d.finalized) {
			snprintf(why, whylen, "emu: %s holds a %s%s; a pressed %s is made of a "
				 "finished disc of its family", e->state_path,
				 e->d.finalized ? "" : "disc not finalized, a ",
				 emu_kinds[e->d.kind].name, emu_kinds[kind].name);
			return -EINVAL;
		}
		e->d.kind = kind;
		e->fd = open(e->path, O_RDONLY | O_CLOEXEC);
		if (e->fd < 0) {
			r = -errno;
			snprintf(why, whylen, "emu: cannot read %s: %s", e->path, strerror(errno));
			return r;
		}
		return 0;
	}
	e->fd = open(e->path, O_RDONLY | O_CLOEXEC);
	if (e->fd < 0 || fstat(e->fd, &st) != 0) {
		int r = -errno;
		snprintf(why, whylen, "emu: a pressed %s is made of an existing image, and %s "
			 "cannot be read: %s", emu_kinds[kind].name, e->path, strerror(errno));
		return r;
	}
	uint64_t blocks = ((uint64_t)st.st_size + EMU_BLOCK - 1) / EMU_BLOCK;
	if (!S_ISREG(st.st_mode) || blocks == 0 || blocks > 0x7fffffff) {
		snprintf(why, whylen, "emu: %s is empty or not a regular file; a pressed %s needs "
			 "the image it is made of", e->path, emu_kinds[kind].name);
		return -EINVAL;
	}
	emu_disc_fresh(&e->d, kind, (uint32_t)blocks);
	struct emu_track *t = &e->d.trk[0];
	t->state = TRK_CLOSED;
	t->written = t->size = (uint32_t)blocks;
	e->d.sessions = 1;
	e->d.finalized = true;
	return 0;
}

/* Load the disc the drive holds now: PATH, or PATH.k of the stack. A disc
 * without a state file is a fresh blank of the KIND given (or, with `closed`,
 * a finished disc holding what PATH contains); a pressed KIND is made of
 * PATH. */
int emu_load_disc(struct emu *e, char *why, size_t whylen)
{
	int kind = e->kind_opt, r;
	uint32_t size = e->size_opt;
	size_t pl = strlen(e->base) + 16;
	e->readonly = false;
	if (e->bin_fd >= 0) {
		close(e->bin_fd);
		e->bin_fd = -1;
	}
	if (e->sub_fd >= 0) {
		close(e->sub_fd);
		e->sub_fd = -1;
	}
	free(e->path);
	free(e->state_path);
	e->path = malloc(pl);
	e->state_path = malloc(pl + 8);
	if (!e->path || !e->state_path)
		return -ENOMEM;
	if (e->stack)
		snprintf(e->path, pl, "%s.%u", e->base, e->stack_pos);
	else
		snprintf(e->path, pl, "%s", e->base);
	snprintf(e->state_path, pl + 8, "%s.state", e->path);

	if (e->ptype == 5 && kind >= 0 && emu_kinds[kind].rom)
		return load_pressed(e, (enum emu_kind)kind, why, whylen);
	if (e->ptype != 5) {
		struct stat st;
		if (size == 0 && stat(e->path, &st) == 0)
			size = (uint32_t)(st.st_size / EMU_BLOCK);
		emu_disc_fresh(&e->d, kind < 0 ? EMU_DVD_PLUS_R : (enum emu_kind)kind, size);
		r = 0;
	} else {
		r = load_state(e, why, whylen);
	}
	if (r == -ENOENT) {
		if (kind < 0) {
			snprintf(why, whylen, "emu: %s has no state file yet; name the media kind "
				 "for a fresh disc, e.g. emu:dvd+r:%s", e->path, e->path);
			r = -ENOENT;
			return r;
		}
		emu_disc_fresh(&e->d, (enum emu_kind)kind, size);
		if (e->closed_opt) {
			struct stat st;
			uint32_t blocks = 0;
			if (stat(e->path, &st) == 0)
				blocks = (uint32_t)((st.st_size + EMU_BLOCK - 1) / EMU_BLOCK);
			if (blocks == 0)
				blocks = 300;
			if (blocks > e->d.capacity)
				blocks = e->d.capacity;
			struct emu_track *t = &e->d.trk[0];
			t->state = TRK_CLOSED;
			t->written = blocks;
			t->size = blocks;
			t->session = 1;
			e->d.sessions = 1;
			e->d.finalized = true;
			if (emu_kinds[kind].overwrite) {
				e->d.formatted = true;
				t->size = e->d.capacity;
			}
		}
		r = 0;
	} else if (r < 0) {
		if (!why[0])
			snprintf(why, whylen, "emu: cannot read %s: %s", e->state_path, strerror(-r));
		return r;
	}

	e->fd = emu_open_nofollow(e->path, O_RDWR | O_CREAT, 0644);
	if (e->fd < 0) {
		r = -errno;
		snprintf(why, whylen, "emu: cannot open the image %s: %s", e->path,
			 emu_link_why(errno));
		return r;
	}
	return 0;
}

/* The autoloader's position is kept in PATH.loader so that a job that is
 * run again continues with the next disc of the stack. */
unsigned emu_loader_position(const struct emu *e)
{
	char lp[PATH_MAX];
	unsigned k = 1;
	snprintf(lp, sizeof(lp), "%s.loader", e->base);
	int fd = emu_open_nofollow(lp, O_RDONLY, 0);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (f) {
		if (fscanf(f, "%u", &k) != 1 || k < 1)
			k = 1;
		fclose(f);
	} else if (fd >= 0) {
		close(fd);
	}
	return k;
}

static void loader_save(const struct emu *e)
{
	char lp[PATH_MAX];
	snprintf(lp, sizeof(lp), "%s.loader", e->base);
	char text[16];
	int n = snprintf(text, sizeof(text), "%u\n", e->stack_pos);
	emu_replace_file(lp, text, (size_t)n, false);
}

/* Eject with a stack: put the disc away; the next one is inserted when the
 * host next asks (emu_autoload). */
void emu_stack_eject(struct emu *e)
{
	emu_save(e);
	if (e->fd >= 0) {
		close(e->fd);
		e->fd = -1;
	}
	if (e->bin_fd >= 0) {
		close(e->bin_fd);
		e->bin_fd = -1;
	}
	if (e->sub_fd >= 0) {
		close(e->sub_fd);
		e->sub_fd = -1;
	}
	if (e->stack_pos <= e->stack) {
		e->stack_pos++;
		loader_save(e);
	}
	e->loading = e->stack_pos <= e->stack;
}

/* The autoloader puts the next disc of the stack in: a new medium, as a
 * user closing the tray would. */
void emu_autoload(struct emu *e)
{
	char why[256];
	e->loading = false;
	if (emu_load_disc(e, why, sizeof(why)) < 0) {
		if (e->log)
			fprintf(e->log, "LOAD failed: %s\n", why);
		return;
	}
	e->present = true;
	e->event = 2;           /* new media */
	e->ua = true;
	emu_wparams_default(e);
	emu_save(e);
}

