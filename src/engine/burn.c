/* SPDX-License-Identifier: GPL-3.0-or-later */
/* burn.c — one disc: pre-flight, plan and set-up (the sequence's first half;
 * write.c has the rest). See strategy.h for the order of business.
 *
 * The pre-flight collects every reason it finds instead of stopping at the
 * first, so a refused mode and an image too big are reported at once; and it
 * sends nothing that changes the disc.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "drive/device.h"
#include "engine/blank.h"
#include "engine/strategy.h"
#include "mmc/sense.h"
#include "pipeline/ring.h"
#include "pipeline/verify.h"
#include "engine/cdverify.h"

enum {
	BLOCK = 2048,
	DEFAULT_PAD = 15,               /* cdrecord's -pad for data tracks */
};

static void emit(struct burn *b, struct job_event *e)
{
	if (b->sink.fn)
		b->sink.fn(b->sink.ctx, e);
}

void burn_reason(struct burn *b, const struct db_error *e)
{
	if (b->nreasons < BURN_MAX_REASONS)
		b->reasons[b->nreasons++] = *e;
}

void burn_warn(struct burn *b, enum burn_warning w, uint64_t n)
{
	struct job_event e = { .type = JEV_WARNING, .n = n, .u.warning = w };
	emit(b, &e);
}

void burn_phase(struct burn *b, enum burn_phase ph)
{
	struct job_event e = { .type = JEV_PHASE, .u.phase = ph };
	emit(b, &e);
}

void burn_track_start(struct burn *b, unsigned number, uint32_t lba, uint32_t blocks,
		      bool audio)
{
	struct burn_track_start t = { number, lba, blocks, audio };
	struct job_event e = { .type = JEV_TRACK, .u.track = &t };
	emit(b, &e);
}

bool burn_cancelled(const struct burn *b)
{
	return b->cancel && atomic_load(b->cancel);
}

unsigned burn_fifo_pct(const struct burn *b)
{
	if (ring_finished(b->ring) && ring_status(b->ring) == 0)
		return 100;
	return (unsigned)(ring_fill(b->ring, b->reader) * 100 / ring_capacity(b->ring));
}

/* ---- identify ------------------------------------------------------------ */

static int identify(struct burn *b)
{
	/* A drive that just got a disc says "becoming ready" for seconds;
	 * device_run waits for it. No medium is an answer, not a wait. */
	int rc = drive_ready_closing_tray(b->d, b->err);
	if (rc == DB_ECHECK && b->err->key == SK_NOT_READY && b->err->asc == 0x3A)
		return db_fail(b->err, DB_R_NO_DISC, .subject = device_name(b->d));
	if (rc < 0)
		return rc;
	if ((rc = device_gate_check(b->d, b->err)) < 0)
		return rc;
	struct device_ident id;
	device_ident(b->d, &id);
	memcpy(b->media.vendor, id.vendor, sizeof(id.vendor));
	memcpy(b->media.model, id.model, sizeof(id.model));
	memcpy(b->media.revision, id.revision, sizeof(id.revision));
	if ((rc = drive_get_configuration(b->d, &b->cfg, b->err)) < 0)
		return rc;
	b->profile = b->cfg.current_profile;
	b->type = disc_type(b->profile);
	return drive_read_disc_info(b->d, &b->di, b->err);
}

/* ---- the strategy -------------------------------------------------------- */

/* The write method: from what the disc type offers, what was asked, and
 * the disc's state. A request the disc cannot honour is not replaced by
 * another method: the strategy's check refuses it. */
static const struct strategy *choose(struct burn *b)
{
	unsigned offer = b->type->strategies;
	enum burn_mode m = b->p->mode;
	if (offer & DS_OVERWRITE) {
		if (b->p->nofix)
			burn_warn(b, WARN_NOFIX_OVERWRITE, 0);
		return &strat_overwrite;
	}
	if (offer & DS_SEQUENTIAL)
		return &strat_sequential;       /* -sao and -tao both mean it (growisofs, cdrskin) */
	if (m == BURN_MODE_RAW)
		return offer & DS_CD_RAW ? &strat_cd_raw : NULL;
	if (offer & DS_CD_SAO) {
		if (m == BURN_MODE_TAO || (m == BURN_MODE_AUTO && b->p->nofix))
			return &strat_cd_tao;   /* -nofix: only TAO leaves the session open */
		if (m == BURN_MODE_SAO)
			return &strat_cd_sao;
		if (b->image->sheet)
			return cd_choose(b);
		/* SAO writes exactly the image, no run-out blocks: the default
		 * where the drive can do it on a blank disc */
		return b->cfg.f_cd_sao && b->di.status == DISC_EMPTY ? &strat_cd_sao
								     : &strat_cd_tao;
	}
	if (offer & DS_DVDR_DAO) {
		if (m == BURN_MODE_TAO || b->p->multi || b->p->nofix ||
		    b->di.status == DISC_APPENDABLE)
			return &strat_dvdr_incr;
		return &strat_dvdr_dao;
	}
	return NULL;
}

/* ---- the plan ------------------------------------------------------------ */

/* The track that will receive the data: the invisible/incomplete track after
 * the last one (MMC-6 6.27: READ TRACK INFORMATION of the last track of the
 * last session, which on a writable disc is the invisible track). */
static int next_track(struct burn *b)
{
	return drive_read_track_info(b->d, 1, b->di.last_track_last_session, &b->ti, b->err);
}

/* The image's primary volume descriptor, read through the image's own
 * descriptor (a pipe cannot be read twice: no multisession facts then). */
static void image_volume(struct burn *b)
{
	uint8_t sector[BLOCK];
	memset(&b->image_pvd, 0, sizeof(b->image_pvd));
	/* a sheet's tracks are not one ISO 9660 volume (an enhanced CD's data
	 * session is burnt as an image of its own) */
	if (b->image->sheet || !b->image->seekable || b->layout->stream_bytes < 17 * BLOCK ||
	    layout_read_at(b->layout, 16 * BLOCK, sector, sizeof(sector)) < 0)
		return;
	iso_parse_pvd(sector, &b->image_pvd);
	/* the image's sector at the root's LBA: a first session's root */
	uint8_t root[BLOCK];
	uint32_t r = b->image_pvd.root_lba;
	bool have_root = b->image_pvd.valid && r < b->image_blocks &&
			 layout_read_at(b->layout, (uint64_t)r * BLOCK, root, sizeof(root)) == 0;
	b->relocated = iso_session_relocated(&b->image_pvd, b->image_blocks,
					     have_root ? root : NULL);
}

/* Sizes: the stream's sectors, padding (-pad, a CD track's 4-second minimum,
 * whole ECC blocks where the strategy needs them), the room on the disc. */
static int size_up(struct burn *b)
{
	const struct burn_params *p = b->p;
	/* rounded up without the sum that wraps for a size near 2^64 (a
	 * tsize= of any value reaches here) */
	uint64_t bytes = b->layout->stream_bytes;
	uint64_t blocks = bytes / BLOCK + (bytes % BLOCK != 0);
	uint64_t pad = p->pad ? (p->padsize ? p->padsize : DEFAULT_PAD) : 0;
	/* far below 2^31: LBAs and CDB fields stay in range for every sum below */
	if (blocks > UINT32_MAX / 4 || pad > UINT32_MAX / 4 || blocks + pad > UINT32_MAX / 4) {
		struct db_error e;
		db_fail(&e, DB_R_IMAGE_TOO_LARGE, .subject = b->image->name);
		burn_reason(b, &e);
		return DB_ENOSPACE;
	}
	b->image_blocks = (uint32_t)blocks;
	b->total_blocks = (uint32_t)(blocks + pad);
	if (b->type->min_track && b->total_blocks < b->type->min_track) {
		/* Red Book: a track lasts at least 4 seconds; pad with zeros as
		 * cdrecord does */
		b->total_blocks = b->type->min_track;
		burn_warn(b, WARN_PADDED_TO_MIN_TRACK, b->type->min_track);
	}
	return 0;
}

static int fit(struct burn *b)
{
	uint64_t need = disc_ecc_round(b->type, b->total_blocks);
	if (need > b->free_blocks && !b->p->overburn) {
		struct db_error e;
		db_fail(&e, DB_R_NO_FIT, .subject = b->image->name, .n1 = need, .n2 = b->free_blocks,
			.profile = b->profile);
		burn_reason(b, &e);
	}
	return 0;
}

/* ---- set-up -------------------------------------------------------------- */

int burn_set_page05_cd(struct burn *b, const struct mmc_write_params *p)
{
	struct mmc_write_params wp = *p;
	wp.test_write = b->p->dummy;
	wp.bufe = b->plan.burnfree;
	wp.multisession = burn_session_multi(b) ? 3 : 0;
	return drive_set_write_params(b->d, &wp, b->err);
}

int burn_set_page05(struct burn *b, uint8_t write_type, uint8_t track_mode)
{
	struct mmc_write_params wp;
	memset(&wp, 0, sizeof(wp));
	wp.test_write = b->p->dummy;
	wp.bufe = b->plan.burnfree;
	wp.multisession = b->p->multi ? 3 : 0;
	wp.data_block_type = 8;         /* mode 1, 2048 bytes */
	wp.write_type = write_type;
	wp.track_mode = track_mode;
	return drive_set_write_params(b->d, &wp, b->err);
}

static int set_speed(struct burn *b)
{
	unsigned x1 = mmc_family_kbps_1x(b->type->family);
	unsigned kbps = (unsigned)((uint64_t)b->p->speed_x10 * x1 / 10);
	b->plan.speed_kbps = kbps;
	b->plan.speed_x = kbps ? b->p->speed_x10 / 10.0 : 0;
	int rc = drive_set_speed(b->d, b->profile, kbps, b->start_lba + b->total_blocks, b->err);
	/* Speed is advice to the drive; one that refuses it keeps its own, and
	 * so does one whose GET PERFORMANCE (asked for the fastest speed)
	 * lists nothing or nothing readable: the same warning either way. */
	bool no_list = b->err->reason == DB_R_NO_WRITE_SPEED ||
		       (b->err->opcode_valid && b->err->opcode == MMC_GET_PERFORMANCE &&
			(b->err->reason == DB_R_ANSWER_SHORT || b->err->reason == DB_R_ANSWER_BAD));
	if (rc == DB_ECHECK || (rc < 0 && no_list)) {
		burn_warn(b, WARN_SPEED_REFUSED, 0);
		memset(b->err, 0, sizeof(*b->err));
		rc = 0;
	}
	/* what the drive set, as it says: GET PERFORMANCE (32-bit kB/s), else
	 * page 2A's current write speed (16 bits: BD above 14.5x does not fit) */
	uint32_t set = 0;
	struct mmc_caps caps;
	struct db_error ignored;
	if (rc == 0 && (drive_write_performance(b->d, &set, &ignored) < 0 || !set) &&
	    drive_get_caps(b->d, &caps, &ignored) == 0)
		set = caps.cur_write_kbps;
	if (set) {
		b->plan.set_kbps = set;
		b->plan.set_x = (double)set / x1;
	}
	return rc;
}

/* ---- the whole first half ------------------------------------------------ */

bool burn_address_fits(struct burn *b, uint64_t blocks)
{
	if ((uint64_t)b->start_lba + blocks <= INT32_MAX)
		return true;
	struct db_error e;
	bool ow = b->strat && b->strat->kind == DS_OVERWRITE;
	db_fail(&e, DB_R_ANSWER_BAD,
		.what = ow ? "READ(10) of the volume descriptor" : "READ TRACK INFORMATION");
	db_set_command(&e, ow ? MMC_READ10 : MMC_READ_TRACK_INFO);
	burn_reason(b, &e);
	return false;
}

static int refused(struct burn *b)
{
	for (unsigned i = 0; i < b->nreasons; i++) {
		struct job_event e = { .type = JEV_REASON, .u.err = &b->reasons[i] };
		emit(b, &e);
	}
	*b->err = b->reasons[0];
	if (b->err->code >= 0)  /* a refusal is never a success, whatever was recorded */
		return db_fail(b->err, DB_R_INTERNAL, .what = "a pre-flight refusal without a reason");
	return b->err->code;
}

static int preflight(struct burn *b)
{
	struct db_error e;
	int rc = identify(b);
	if (rc < 0) {
		burn_reason(b, b->err);
		return rc;
	}
	b->media.profile = b->profile;
	b->media.disc_status = b->di.status;
	if (b->di.status == DISC_COMPLETE && !b->type->overwritable) {
		db_fail(&e, DB_R_DISC_CLOSED, .subject = device_name(b->d), .profile = b->profile,
			.n1 = b->di.erasable);
		burn_reason(b, &e);
		return DB_EMEDIA;
	}
	if (b->p->dummy && !b->type->can_simulate) {
		db_fail(&e, DB_R_NO_SIMULATE, .profile = b->profile);
		burn_reason(b, &e);
	}
	/* only a CD's lead-out can be moved past the official capacity; other
	 * media refuse the WRITE beyond it, half-way through the burn */
	if (b->p->overburn && b->type->family != MMC_FAM_CD) {
		db_fail(&e, DB_R_OVERBURN_MEDIA, .profile = b->profile);
		burn_reason(b, &e);
	}
	b->strat = choose(b);
	if (!b->strat && b->p->mode == BURN_MODE_RAW) {
		db_fail(&e, DB_R_RAW_NOT_CD, .profile = b->profile);
		burn_reason(b, &e);
		return DB_EMEDIA;
	}
	if (!b->strat) {
		db_fail(&e, DB_R_DISC_TYPE_UNWRITABLE, .profile = b->profile);
		burn_reason(b, &e);
		return DB_EMEDIA;
	}
	/* SAO, RAW and DAO end with the lead-out the drive writes itself */
	if (b->p->nofix && !b->p->dummy && (b->strat == &strat_cd_sao || b->strat == &strat_cd_raw ||
					    b->strat == &strat_dvdr_dao)) {
		db_fail(&e, DB_R_NOFIX_CLOSED_MODE, .profile = b->profile, .what = b->strat->name);
		burn_reason(b, &e);
	}
	/* Go on after a refusal where the facts allow, so that every reason
	 * is reported at once (a refused mode and an image too big, say). */
	b->strat->check(b);
	bool cd = b->strat == &strat_cd_sao || b->strat == &strat_cd_tao ||
		  b->strat == &strat_cd_raw;
	if (!cd && b->image->sheet && cd_layout(b->layout)) {
		db_fail(&e, DB_R_CD_LAYOUT_NOT_CD, .subject = b->image->name, .profile = b->profile);
		burn_reason(b, &e);
		return DB_EMEDIA;
	}
	if (b->strat->kind != DS_OVERWRITE) {
		if ((rc = next_track(b)) < 0) {
			burn_reason(b, b->err);
			return rc;
		}
		if (!b->ti.nwa_valid) {
			db_fail(&e, DB_R_NO_NWA, .subject = device_name(b->d));
			burn_reason(b, &e);
			return DB_EMEDIA;
		}
		b->start_lba = b->ti.nwa;
		b->free_blocks = b->ti.free_blocks;
	}
	if (!burn_address_fits(b, 0))
		return DB_EINVAL;
	if ((rc = cd ? cd_plan(b) : size_up(b)) < 0)
		return rc;
	image_volume(b);
	if ((rc = b->strat->plan(b)) < 0) {
		if (!b->nreasons)
			burn_reason(b, b->err);
		return rc;
	}
	/* a session made with mkisofs -C belongs at the one LBA it was made for
	 * (overwritable media place it themselves, in their plan) */
	if (b->relocated && b->strat->kind != DS_OVERWRITE &&
	    !iso_session_fits_at(&b->image_pvd, b->start_lba, b->image_blocks)) {
		db_fail(&e, DB_R_SESSION_NOT_FOR_NWA, .subject = b->image->name,
			.other = device_name(b->d), .n1 = b->start_lba);
		burn_reason(b, &e);
		return DB_EIMAGE;
	}
	if (!burn_address_fits(b, disc_ecc_round(b->type, b->total_blocks)))
		return DB_EINVAL;
	b->media.nwa = b->start_lba;
	b->media.free_blocks = b->free_blocks;
	b->media.image_blocks = b->total_blocks;
	struct job_event me = { .type = JEV_MEDIA, .u.media = &b->media };
	emit(b, &me);
	return cd ? 0 : fit(b);         /* a CD's fit is cd_plan's */
}

/* What preflight, the plan and burn_write took; freeing twice is harmless. */
static void release(struct burn *b)
{
	free(b->head);
	b->head = NULL;
	free(b->rewritten);
	b->rewritten = NULL;
	verify_map_free(b->vmap);
	b->vmap = NULL;
	cd_vmap_free(b->cvmap);
	b->cvmap = NULL;
	cd_raw_free(b);
	cd_free(b);
}

/* Does the drive have BURN-Free: a BUF bit in its write features
 * (002Dh-002Fh), else the BUF bit of page 2Ah (byte 4 bit 7)? */
static bool drive_has_burnfree(struct burn *b)
{
	if (b->cfg.f_burnfree)
		return true;
	struct mmc_caps caps;
	struct db_error ignored;
	return drive_get_caps(b->d, &caps, &ignored) == 0 && caps.burnfree;
}

static int plan_and_set_up(struct burn *b)
{
	b->plan.strategy = b->strat->name;
	b->plan.dummy = b->p->dummy;
	b->plan.multi = b->p->multi;
	/* on only where asked and the drive has it: what is said is what the
	 * drive was told */
	b->plan.burnfree = b->p->burnfree && drive_has_burnfree(b);
	b->st->burnfree_on = b->plan.burnfree;
	int rc;
	if ((rc = b->strat->setup(b)) < 0 || (rc = set_speed(b)) < 0)
		return rc;
	if (b->p->verify && !b->cd &&
	    !(b->vmap = verify_map_new(b->total_blocks, BURN_CHUNK / BLOCK)))
		return db_fail(b->err, DB_R_NO_MEMORY);
	if (b->p->verify && b->cd && !(b->cvmap = cd_vmap_new()))
		return db_fail(b->err, DB_R_NO_MEMORY);
	return 0;
}

int burn_prepare(struct burn *b)
{
	memset(b->st, 0, sizeof(*b->st));
	b->st->drive_buf_min_pct = -1;
	device_set_cancel(b->d, b->cancel);
	device_untouch(b->d);
	burn_phase(b, PHASE_PREFLIGHT);
	int rc = preflight(b);
	if (rc < 0 || b->nreasons)
		rc = refused(b);
	else
		rc = plan_and_set_up(b);
	if (rc < 0)
		release(b);     /* a burn that was refused holds nothing */
	return rc;
}

uint64_t burn_fifo_wish(const struct burn *b)
{
	uint64_t fifo = b->p->fifo_size;
	if (!fifo) {
		/* About 2 seconds of writing at the chosen speed (at the fastest
		 * speed of the medium's kind when none was chosen), between 8 and
		 * 64 MiB: it covers the source stalling for that long, and a
		 * smaller ring stays in the CPU caches. No larger than the
		 * stream. */
		uint64_t kbps = b->plan.speed_kbps ? b->plan.speed_kbps :
				(uint64_t)mmc_family_kbps_1x(b->type->family) * b->type->max_x;
		fifo = kbps * 1000 * 2;
		if (fifo < 8u << 20)
			fifo = 8u << 20;
		if (fifo > 64u << 20)
			fifo = 64u << 20;
	}
	/* never more than the whole stream, fs= included (so the rounding
	 * below cannot wrap either) */
	uint64_t whole = (uint64_t)b->total_blocks * BLOCK;
	if (fifo > whole)
		fifo = whole;
	return (fifo + BURN_CHUNK - 1) / BURN_CHUNK * BURN_CHUNK;
}

void burn_finish(struct burn *b, int rc)
{
	if (rc < 0 && b->err)
		b->err->touched = device_touched(b->d);
	release(b);
	if (b->p->eject && (rc == 0 || device_touched(b->d))) {
		struct db_error ignored;
		drive_start_stop(b->d, false, true, &ignored);
	}
}
