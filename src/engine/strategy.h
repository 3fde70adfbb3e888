/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strategy.h — one disc's burn, and the write strategies behind one small
 * interface. Internal to src/engine.
 *
 * burn.c runs the sequence for every disc; a strategy (one file each:
 * strat_cd_tao.c, strat_cd_sao.c, strat_dvdr.c, strat_sequential.c,
 * strat_overwrite.c) fills in what its kind of writing does at each step:
 *
 *   check     can the drive and the disc do it? (adds pre-flight reasons)
 *   plan      where the data goes and how many sectors, padding included
 *   setup     write parameters: nothing that touches the medium
 *   lead_in   what touches the medium before the data: RESERVE TRACK, SEND
 *             CUE SHEET, FORMAT UNIT, the SAO pregap — run only after the
 *             grace countdown and once the FIFO is full
 *   close     after the last sector: SYNCHRONIZE CACHE and the close sequence
 *
 * What a strategy may do with the disc type's facts (ECC block, close
 * function, formats) it reads from the disc-type table (mmc/disctype.h).
 */
#ifndef DISCBURN_STRATEGY_H
#define DISCBURN_STRATEGY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "drive/drive.h"
#include "engine/burn.h"
#include "engine/job.h"
#include "image/image.h"
#include "image/iso_session.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

struct ring;
struct source;
struct verify_map;
struct burn;
struct burn_track;
struct cd_raw;
struct cd_vmap;

struct strategy {
	const char *name;               /* "CD TAO", "DVD+R sequential"... */
	unsigned kind;                  /* its enum disc_strategy bit */
	void (*check)(struct burn *b);
	int (*plan)(struct burn *b);
	int (*setup)(struct burn *b);
	int (*lead_in)(struct burn *b);
	int (*close)(struct burn *b);
	/* CD strategies (their burns are written by write_cd.c, track by
	 * track): lead_in and close run once a session; these around each
	 * track (NULL: nothing to do) */
	int (*track_begin)(struct burn *b, struct burn_track *t);
	int (*track_end)(struct burn *b, struct burn_track *t);
};

extern const struct strategy strat_cd_tao, strat_cd_sao, strat_cd_raw, strat_dvdr_dao,
			     strat_dvdr_incr, strat_sequential, strat_overwrite;

/* How the writer turns a sector of the stream into what it sends. */
enum cd_send {
	SEND_AS_IS,             /* the stream's bytes (audio, mode 1, mode 2, XA via page 05) */
	SEND_USER_OF_RAW,       /* a raw mode 1 sector's 2048 bytes of user data */
	SEND_AFTER_HEADER,      /* a raw mode 2 sector's 2336 bytes after its header */
	SEND_XA_SUB_2332,       /* a raw mode 2 sector's sub-header and 2324 bytes after it */
	SEND_XA1_BODY,          /* XA form 1 user data as sub-header, data, EDC/ECC (2336) */
	SEND_XA2_BODY,          /* XA form 2 user data as sub-header, data, EDC (2336) */
	SEND_RAW_PW,            /* the whole sector, scrambled if data, and its P-W (2448) */
};

/* A CD track as this burn lays it out (cdplan.c). LBAs are the disc's. */
struct burn_track {
	const struct layout_track *lt;
	unsigned number;                /* on the disc */
	unsigned session;               /* the layout's session, 1-based */
	enum track_mode mode;
	uint8_t ctl;                    /* control nibble (mmc/cd.h enum cd_ctl) */
	int32_t index0, index1;         /* pregap start, track start */
	uint32_t pregap;                /* stream sectors before index 1 */
	uint32_t length;                /* stream sectors from index 1 */
	uint32_t pad;                   /* zero sectors the writer adds after them */
	uint64_t stream_offset;         /* where the pregap starts in the stream */
	uint64_t stream_bytes;          /* the track's bytes in the stream */
	unsigned in_bytes;              /* stream bytes a sector */
	unsigned out_bytes;             /* bytes sent a sector */
	enum cd_send send;
	uint8_t form;                   /* SAO: its cue sheet data form */
	uint8_t dbt;                    /* TAO: page 05's data block type */
	bool write_pregap;              /* false: the drive writes the pregap itself (TAO) and
					 * the writer drops those stream bytes */
	bool written;                   /* its sectors reached the drive */
};

enum { BURN_MAX_REASONS = 8, BURN_HEAD_BLOCKS = 32 };

/* What progress events sample (sample.c): the report's data. */
struct burn_sampler {
	bool writing;                   /* else reading back: no buffer, no FIFO */
	double t0, last_t, last_emit;
	double sps_1x;                  /* sectors a second at 1x */
	double sent0;                   /* sectors written before sampling began */
	double last_sent;               /* sectors at the previous sample */
	double last_used;               /* sectors in the drive's buffer then */
	bool last_used_known;
	int buf_pct, buf_min;           /* the drive's buffer: last seen, lowest; -1 unknown */
	unsigned writes;
	bool links_known;
	uint16_t links_base;
	int links;                      /* BURN-Free links in this burn so far; -1 unknown */
	unsigned fifo_min;              /* the lowest FIFO fill a progress event showed */
	uint64_t empties;               /* times the FIFO ran empty, at the last sample */
	unsigned samples;
	struct burn_progress last;      /* the last sample's place (burn_sync repeats it) */
};

struct burn {
	/* given */
	struct device *d;
	const struct burn_params *p;
	const struct image *image;
	const struct layout *layout;
	struct event_sink sink;
	const atomic_int *cancel;
	struct db_error *err;
	struct burn_stats *st;

	/* found by the pre-flight */
	struct mmc_config cfg;
	struct mmc_disc_info di;
	struct mmc_track_info ti;
	uint16_t profile;
	const struct disc_type *type;
	const struct strategy *strat;
	struct burn_media media;
	struct burn_plan plan;
	struct db_error reasons[BURN_MAX_REASONS];
	unsigned nreasons;

	/* the plan */
	uint32_t start_lba;             /* where the first track's data starts */
	uint32_t image_blocks;          /* sectors the stream fills (last one zero-filled) */
	uint32_t total_blocks;          /* + padding */
	uint32_t free_blocks;           /* room from start_lba */
	struct iso_pvd image_pvd;       /* the image's volume descriptor (multisession) */
	bool relocated;                 /* a later session made with mkisofs -C */
	uint32_t session_start;         /* where it goes on overwritable media */
	bool need_format;               /* blank DVD+RW / BD-RE: format before writing */
	uint8_t *head;                  /* the stream's first BURN_HEAD_BLOCKS sectors */
	uint8_t *rewritten;             /* what close wrote outside the stream (the ECC
					 * blocks holding the volume descriptors), so
					 * that verify reads every sector written */
	uint32_t rewritten_lba, rewritten_blocks;

	/* streaming */
	struct ring *ring;
	unsigned reader;
	const struct source *src;       /* its digest, once the stream ended */
	bool sha_expected;              /* the stream is checked against a digest */
	struct verify_map *vmap;

	/* CD strategies: the layout's tracks (cdplan.c), written by write_cd.c */
	bool cd;
	unsigned ntrk;
	struct burn_track *trk;
	uint8_t *cdtext;                /* CD-TEXT packs for the lead-in, or NULL */
	size_t cdtext_len;
	unsigned session;               /* the layout's session being written */
	bool xa;                        /* the session has mode 2 tracks: CD-ROM XA */
	struct cd_raw *raw;             /* RAW: the sub-channel being made (strat_cd_raw.c) */
	struct cd_vmap *cvmap;          /* what verify reads back, extent by extent */
	uint64_t cd_done;               /* stream bytes consumed so far */

	/* what the progress events sample while writing (sample.c) */
	struct burn_sampler smp;
	uint32_t block_bytes;           /* a sector's bytes in the last WRITE */
};

/* sample.c. Begin sampling a write (writing: the drive's buffer, the FIFO,
 * BURN-Free) or a read-back. */
void burn_sampler_begin(struct burn *b, struct burn_sampler *s, bool writing);
/* After each WRITE: the drive's buffer every 16, for its lowest fill. */
void burn_sampler_wrote(struct burn *b, struct burn_sampler *s);
/* Is a progress event due (every 250 ms; 50 ms after the FIFO ran empty)? */
bool burn_sample_due(struct burn *b, struct burn_sampler *s);
/* Fill pr's sample (time, speeds, buffer, FIFO, links) and emit it; sectors:
 * sent to the drive, or read back, so far. */
void burn_sample(struct burn *b, struct burn_sampler *s, struct burn_progress *pr,
		 uint64_t sectors);
/* The burn's statistics from the samples: time, average speed, buffer and
 * FIFO minimums, links. After the last sample. */
void burn_sampler_stats(struct burn *b, const struct burn_sampler *s);

/* For strategies: record a pre-flight reason (the first decides the exit). */
void burn_reason(struct burn *b, const struct db_error *e);
void burn_warn(struct burn *b, enum burn_warning w, uint64_t n);
void burn_phase(struct burn *b, enum burn_phase ph);
/* A track's data begins at lba (a JEV_TRACK event). */
void burn_track_start(struct burn *b, unsigned number, uint32_t lba, uint32_t blocks,
		      bool audio);
bool burn_cancelled(const struct burn *b);
/* The FIFO's fill as progress shows it, in percent: once the whole input
 * is in the ring, nothing is missing from it and it is 100, as cdrecord
 * shows its fifo; the drain at the end is not an underrun, and the
 * statistics' minimum leaves it out too (ring.h). */
unsigned burn_fifo_pct(const struct burn *b);

/* Write blocks of zeros from lba (the SAO pregap, padding). */
int burn_write_zeros(struct burn *b, int32_t lba, uint32_t blocks);

/* The close sequence shared by TAO, incremental and sequential writing:
 * SYNCHRONIZE CACHE, CLOSE TRACK, then CLOSE SESSION with `final` (the
 * disc-type table's) unless multi (function 2: the session closes, the disc
 * stays appendable). */
int burn_close_track_session(struct burn *b, uint8_t final);
/* SYNCHRONIZE CACHE: the drive writes out what its buffer holds; then a
 * sample of that last stretch, so a report sees the disc to its end. */
int burn_sync(struct burn *b);

/* Write page 05 with this write type and track mode (data block type mode
 * 1), test write, BURN-Free and multi-session from the parameters. */
int burn_set_page05(struct burn *b, uint8_t write_type, uint8_t track_mode);
/* The same with every field a CD track needs: data block type, session
 * format, and (with codes) the copy bit, MCN, ISRC and sub-header. */
int burn_set_page05_cd(struct burn *b, const struct mmc_write_params *wp);

/* ---- CD layouts (cdplan.c, write_cd.c, verify_cd.c) ------------------------ */

/* Is l a CD layout (audio, several tracks or sessions, sectors other than
 * 2048 bytes)? Only a CD can take one. */
bool cd_layout(const struct layout *l);
/* The write method for a CD layout when none was asked: SAO where the drive
 * can; else TAO when the layout needs nothing only SAO or RAW can write;
 * else RAW where the drive can; else SAO, whose check says why not. */
const struct strategy *cd_choose(struct burn *b);
void cd_raw_free(struct burn *b);

/* Lay the layout out as this CD strategy writes it: b->trk, the CD-TEXT
 * packs, the sizes, and the fit against the disc's playing time. Reasons
 * go to the pre-flight. */
int cd_plan(struct burn *b);
/* Give the tracks of layout session s their LBAs from nwa (the disc's next
 * writable address: index 1 of a session's first track without layout
 * pregap); TAO moves each track to the NWA it gets when it is written. */
void cd_place(struct burn *b, unsigned session, int32_t nwa);

/* An address the drive (or the disc's volume) gives is believed only while
 * the burn (blocks from b->start_lba) stays below LBA 2^31: beyond it the
 * LBAs of the writes would wrap, and no disc is that large. False after
 * adding the reason (a malformed answer) to the pre-flight's. */
bool burn_address_fits(struct burn *b, uint64_t blocks);
/* The tracks of session s: [*first, *end). */
void cd_session_tracks(const struct burn *b, unsigned s, unsigned *first, unsigned *end);
/* Does session s hold mode 2 tracks (a CD-ROM XA session)? */
bool cd_session_xa(const struct burn *b, unsigned s);
/* Is another session to follow the one being written (-multi, or a later
 * session of the layout)? */
bool burn_session_multi(const struct burn *b);
/* RAW: one whole sector of t at lba with its P-W (strat_cd_raw.c). */
void cd_raw_sector(struct burn *b, struct burn_track *t, int32_t lba, const uint8_t *in,
		   uint8_t *out);
/* Zero sectors in the block format of track t from lba (a session's first
 * 2 s, padding); with check, verify reads them back. */
int cd_write_zeros(struct burn *b, struct burn_track *t, int32_t lba, uint32_t n, bool check);
/* Countdown done, FIFO full: every session's lead-in, tracks and close,
 * then (with verify) the read-back of every track, its TOC, codes and
 * CD-TEXT. */
int cd_write_all(struct burn *b);
int cd_verify(struct burn *b);
void cd_free(struct burn *b);
/* WRITE n blocks of bytes each from buf at lba, counted in the statistics. */
int burn_write_blocks(struct burn *b, int32_t lba, const void *buf, uint32_t n,
		      uint32_t bytes);

/* ---- the sequence (burn.c), run by the job for every disc ---------------- */

/* Pre-flight, plan and set-up: identify the drive and the disc, choose the
 * strategy, check that the layout fits, set write parameters and speed.
 * Nothing that touches the medium. Reasons and the plan go out as events.
 * A prepare that fails keeps nothing (burn_finish is then not needed). */
int burn_prepare(struct burn *b);

/* The FIFO this burn would like: fs=, or about two seconds of writing at the
 * planned speed (8 to 64 MiB), no larger than the stream; whole chunks. */
uint64_t burn_fifo_wish(const struct burn *b);

/* Countdown, a full FIFO, lead-in, stream from reader `reader` of ring, close,
 * verify. The reader is detached when this returns. */
int burn_write(struct burn *b, struct ring *ring, unsigned reader);

/* After the burn, whatever happened: free what prepare and write took, and
 * eject when asked (never when nothing reached the disc and it failed). */
void burn_finish(struct burn *b, int rc);

#endif
