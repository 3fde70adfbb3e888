/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_tracks.c — the image of a burn that is a cue sheet (a .cue file, or
 * cuefile=), a cdrdao TOC file (.toc) or a cdrecord track list (-audio a.wav
 * b.flac -data x.iso ...): parsed once, each file it names opened once by
 * the parser and read through that descriptor afterwards, every problem
 * said at once (missing files, files too short for their indices, audio of
 * the wrong format, tracks under 4 s, CD-TEXT too long), then one image of
 * the layout for the job (image_from_layout). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "image/cdtext.h"
#include "image/cue.h"
#include "image/image.h"
#include "image/toc.h"
#include "image/tracklist.h"

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && !strcasecmp(s + n - k, suffix);
}

bool cli_sheet(const struct options *o)
{
	return o->tracks.list || o->tracks.cuefile ||
	       (o->image && (has_suffix(o->image, ".cue") || has_suffix(o->image, ".toc")));
}

static const char TRACK_LIST[] = "the track list";

const char *cli_sheet_name(const struct options *o)
{
	return o->tracks.list ? TRACK_LIST : o->image;
}

static int track_list(const struct options *o, struct layout *l, struct layout_problems *pr,
		      struct db_error *err)
{
	static const enum track_mode modes[] = {
		[OPT_TRACK_DATA] = TRACK_MODE1, [OPT_TRACK_AUDIO] = TRACK_AUDIO,
		[OPT_TRACK_MODE2] = TRACK_MODE2, [OPT_TRACK_XA1] = TRACK_XA_FORM1,
		[OPT_TRACK_XA2] = TRACK_XA_FORM2,
	};
	const struct opt_tracks *ot = &o->tracks;
	struct tracklist_track *t = calloc(ot->n ? ot->n : 1, sizeof(*t));
	if (!t)
		return db_fail(err, DB_R_NO_MEMORY);
	for (unsigned i = 0; i < ot->n; i++) {
		const struct opt_track *x = &ot->t[i];
		t[i] = (struct tracklist_track){
			.path = x->path, .mode = modes[x->mode], .swab = x->swab, .pad = x->pad,
			.padsize = x->padsize, .pregap = x->pregap, .preemp = x->preemp,
			.copy = x->copy, .scms = x->scms, .isrc = x->isrc, .index = x->index,
		};
	}
	struct tracklist tl = {
		.track = t, .ntracks = ot->n, .mcn = ot->mcn, .useinfo = ot->useinfo,
		.text = ot->text, .textfile = ot->textfile,
	};
	int rc = tracklist_build(&tl, l, pr, err);
	free(t);
	return rc;
}

int cli_sheet_layout(const struct options *o, struct layout *l, struct layout_problems *pr,
		     struct db_error *err)
{
	int rc;
	layout_init(l);
	if (o->tracks.list)
		rc = track_list(o, l, pr, err);
	else if (has_suffix(o->image, ".toc"))
		rc = toc_parse_file(o->image, l, pr, err);
	else
		rc = cue_parse_file(o->image, l, pr, err);
	if (rc < 0 && !pr->n)
		return rc;      /* the sheet itself could not be read */
	/* CD-TEXT over 256 packs a block: refused now, not at the drive */
	if (!l->cdtext_packs && cdtext_any(l)) {
		uint8_t *packs;
		size_t len;
		struct db_error e;
		if (cdtext_encode(l, &packs, &len, &e) < 0) {
			snprintf(e.subject, sizeof(e.subject), "%s", cli_sheet_name(o));
			if (rc == 0)
				*err = e;
			rc = layout_problem(pr, &e);
		} else {
			free(packs);
		}
	}
	return rc;
}

int cli_sheet_image(struct cli *c, struct image **out)
{
	const struct options *o = c->o;
	struct layout *l = malloc(sizeof(*l));
	struct layout_problems *pr = calloc(1, sizeof(*pr));
	struct db_error err;
	int code = EXIT_OK;
	*out = NULL;
	if (!l || !pr) {
		free(l);
		free(pr);
		db_fail(&err, DB_R_NO_MEMORY);
		cli_error(c, &err, EXIT_FAILURE_OTHER);
		return EXIT_FAILURE_OTHER;
	}
	int rc = cli_sheet_layout(o, l, pr, &err);
	if (rc < 0 && !pr->n) {
		code = msg_exit_code(&err, MSG_BURN);
		cli_error(c, &err, code);
	}
	for (unsigned i = 0; i < pr->n; i++) {
		int x = msg_exit_code(&pr->e[i], MSG_BURN);
		if (!i)
			code = x;
		cli_error(c, &pr->e[i], x);
	}
	if (code == EXIT_OK && image_from_layout(l, cli_sheet_name(o), out, &err) < 0) {
		code = msg_exit_code(&err, MSG_BURN);
		cli_error(c, &err, code);
	}
	layout_free(l);
	free(l);
	free(pr);
	return code;
}
