/* burn.c — one image onto one disc.
 *
 * Order of business (doc/design.md, "The write path"):
 *   1. pre-flight: image readable and sane, drive a recorder, disc writable,
 *      image fits, mode possible — every reason found is reported at once and
 *      nothing that changes the disc has been sent;
 *   2. set up: write parameters (mode page 05) and speed;
 *   3. stream: the source thread fills the ring, this thread WRITEs whole
 *      chunks at the next writable address;
 *   4. close: SYNCHRONIZE CACHE, CLOSE TRACK / SESSION as the profile needs,
 *      but only after the ring reported a clean end (a short image or a
 *      checksum mismatch stops the burn before the track is closed);
 *   5. verify: read the range back and compare with what was streamed.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/burn.h"
#include "base/bytes.h"
#include "base/clock.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "image/iso.h"
#include "image/isovol.h"
#include "engine/blank.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"
#include "pipeline/ring.h"
#include "mmc/sense.h"
#include "base/sha256.h"
#include "pipeline/source.h"
#include "pipeline/verify.h"

enum strategy {
	ST_CD_TAO,
	ST_CD_SAO,
	ST_DVDR_DAO,
	ST_DVDR_INCR,
	ST_DVD_PLUS_R,
	ST_BD_R,
	ST_OVERWRITE,   /* DVD+RW, DVD-RW restricted overwrite, BD-RE, DVD-RAM */
};

static const char *const strategy_names[] = {
	[ST_CD_TAO] = "CD TAO", [ST_CD_SAO] = "CD SAO", [ST_DVDR_DAO] = "DVD-R DAO",
	[ST_DVDR_INCR] = "DVD-R incremental", [ST_DVD_PLUS_R] = "DVD+R sequential",
	[ST_BD_R] = "BD-R sequential", [ST_OVERWRITE] = "overwrite",
};

enum {
	BLOCK = 2048,
	CHUNK = BURN_CHUNK,
	CHUNK_BLOCKS = CHUNK / BLOCK,
	CD_PREGAP = 150,                /* 2 s pregap before track 1 in SAO */
	CD_MIN_TRACK = 300,             /* 4 s, the shortest CD track */
	HEAD_BLOCKS = 32,               /* kept to rewrite volume descriptors */
	HASH_PIECE = 1024 * 1024,       /* the hasher's read size: fewer wake-ups */
	DEFAULT_PAD = 15,               /* cdrecord's -pad for data tracks */
	MAX_REASONS = 8,
	BUFCAP_EVERY = 16,              /* READ BUFFER CAPACITY every 16 chunks (1 MiB) */
	PROGRESS_NS = 250000000,        /* progress events at most 4 per second */
};

struct burn {
	struct device *d;
	const struct burn_params *p;
	const struct burn_events *ev;
	struct burn_stats *st;
	struct db_error *err;
	enum burn_stage *stage_out;

	struct mmc_config cfg;
	struct mmc_disc_info di;
	struct mmc_track_info ti;
	uint16_t profile;
	enum mmc_family fam;
	enum strategy strat;

	struct source *src;
	uint64_t image_size;
	uint32_t image_blocks;          /* ceil(image_size / 2048) */
	uint32_t total_blocks;          /* + padding */
	uint32_t start_lba;             /* where the image starts */

	struct burn_media media;
	struct burn_plan plan;

	struct db_error reasons[MAX_REASONS];
	unsigned nreasons;

	struct verify_map *vmap;        /* chunk hashes for --verify */

	struct isovol_pvd img_pvd;      /* the image's primary volume descriptor */
	bool relocated;                 /* a later session (mkisofs -C) */
	uint32_t session_start;         /* where such an image goes on overwritable media */
	bool need_format;               /* blank DVD+RW / BD-RE: format first */
	uint8_t *head;                  /* the stream's first HEAD_BLOCKS sectors */
};

static void emit(struct burn *b, struct burn_event *e)
{
	if (b->ev && b->ev->fn)
		b->ev->fn(b->ev->ctx, e);
}

static void warn(struct burn *b, const char *text)
{
	struct burn_event e = { .type = BEV_WARNING, .u.warning = text };
	emit(b, &e);
}

static void phase(struct burn *b, const char *text)
{
	struct burn_event e = { .type = BEV_PHASE, .u.phase = text };
	emit(b, &e);
}

static bool image_is_file(const char *path)
{
	struct stat sb;
	return strcmp(path, "-") && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The PVD at sector 16 of the image file, for multisession. */
static void image_pvd(const char *path, struct isovol_pvd *pvd)
{
	uint8_t sector[2048];
	memset(pvd, 0, sizeof(*pvd));
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	if (fseek(f, 16 * 2048L, SEEK_SET) == 0 && fread(sector, 1, sizeof(sector), f) == sizeof(sector))
		isovol_parse_pvd(sector, pvd);
	fclose(f);
}

/* Inspect the image; the report (when not NULL) is the caller's to free. */
static int check_image(const char *path, bool force, struct iso_report **report,
		       struct db_error *e)
{
	struct iso_report *r = calloc(1, sizeof(*r));
	if (!r)
		return db_fail(e, DB_R_NO_MEMORY);
	int rc = iso_inspect(path, r, e);
	if (rc == 0)
		rc = iso_preflight(r, force ? ISO_PREFLIGHT_FORCE : 0, e);
	if (report && rc != DB_ENOMEM)
		*report = r;
	else
		free(r);
	return rc;
}

int burn_check_image(const char *path, bool force, struct db_error *e)
{
	return check_image(path, force, NULL, e);
}

static bool cancelled(const struct burn *b)
{
	return b->p->cancel && atomic_load(b->p->cancel);
}

/* Record a pre-flight reason; the first one's code decides the exit status. */
static void reason(struct burn *b, const struct db_error *e)
{
	if (b->nreasons < MAX_REASONS)
		b->reasons[b->nreasons++] = *e;
}

/* ---- pre-flight ---------------------------------------------------------- */

/* Test write exists on CD-R/RW and DVD-R/RW only (MMC-6 7.5.4: Test Write). */
static bool can_simulate(uint16_t p)
{
	return p == PROF_CD_R || p == PROF_CD_RW || p == PROF_DVD_R_SEQ ||
	       p == PROF_DVD_RW_SEQ || p == PROF_DVD_R_DL_SEQ;
}

static int choose_strategy(struct burn *b)
{
	const struct burn_params *p = b->p;
	struct db_error e;
	uint16_t prof = b->profile;

	if (disc_type(prof)->overwritable) {
		b->strat = ST_OVERWRITE;
		return 0;
	}
	switch (b->fam) {
	case MMC_FAM_CD:
		if (p->mode == MODE_TAO) {
			b->strat = ST_CD_TAO;
		} else if (p->mode == MODE_SAO) {
			b->strat = ST_CD_SAO;
		} else {
			/* SAO writes exactly the image, no run-out blocks, so it is
			 * the default where the drive can do it on a blank disc. */
			b->strat = b->cfg.f_cd_sao && b->di.status == DISC_EMPTY
				   ? ST_CD_SAO : ST_CD_TAO;
		}
		if (b->strat == ST_CD_SAO && !b->cfg.f_cd_sao) {
			db_fail(&e, DB_R_SAO_NO_FEATURE, .subject = device_name(b->d));
			reason(b, &e);
		}
		if (b->strat == ST_CD_SAO && b->di.status != DISC_EMPTY) {
			db_fail(&e, DB_R_SAO_NOT_BLANK, .profile = prof);
			reason(b, &e);
		}
		if (b->strat == ST_CD_TAO && !b->cfg.f_cd_tao) {
			db_fail(&e, DB_R_TAO_NO_FEATURE, .subject = device_name(b->d));
			reason(b, &e);
		}
		return 0;
	case MMC_FAM_DVD:
		if (prof == PROF_DVD_PLUS_R || prof == PROF_DVD_PLUS_R_DL) {
			/* DVD+R has one write method: sequential from the NWA. -sao and
			 * -tao both mean that, as with growisofs and cdrskin. */
			b->strat = ST_DVD_PLUS_R;
			return 0;
		}
		if (p->mode == MODE_TAO || p->multi || b->di.status == DISC_APPENDABLE)
			b->strat = ST_DVDR_INCR;
		else
			b->strat = ST_DVDR_DAO;
		if (b->strat == ST_DVDR_INCR && !b->cfg.f_incremental) {
			db_fail(&e, DB_R_INCR_NO_FEATURE, .subject = device_name(b->d),
				.profile = prof);
			reason(b, &e);
		}
		if (b->strat == ST_DVDR_DAO && p->multi) {
			db_fail(&e, DB_R_DAO_MULTI, .profile = prof);
			reason(b, &e);
		}
		return 0;
	case MMC_FAM_BD:
		b->strat = ST_BD_R;
		return 0;
	case MMC_FAM_NONE:
		break;
	}
	db_fail(&e, DB_R_DISC_TYPE_UNWRITABLE, .profile = prof);
	reason(b, &e);
	return 0;
}

/* ECC blocks: a DVD writes whole 16-sector blocks, a BD 32-sector clusters;
 * the last one is padded by the drive, so count it whole when checking fit. */
static uint32_t ecc_round(enum mmc_family f, uint32_t blocks)
{
	uint32_t unit = f == MMC_FAM_DVD ? 16 : f == MMC_FAM_BD ? 32 : 1;
	return (blocks + unit - 1) / unit * unit;
}

static int wait_ready(struct burn *b)
{
	/* A drive that just got a disc says "becoming ready" for seconds;
	 * device_run waits for it. No medium is an answer, not a wait. */
	int rc = drive_ready_closing_tray(b->d, b->err);
	if (rc == DB_ECHECK && b->err->key == SK_NOT_READY && b->err->asc == 0x3A) {
		return db_fail(b->err, DB_R_NO_DISC, .subject = device_name(b->d));
	}
	return rc;
}

static int identify(struct burn *b)
{
	int rc = wait_ready(b);
	if (rc < 0)
		return rc;
	rc = device_gate_check(b->d, b->err);
	if (rc < 0)
		return rc;
	struct device_ident id;
	device_ident(b->d, &id);
	memcpy(b->media.vendor, id.vendor, sizeof(id.vendor));
	memcpy(b->media.model, id.model, sizeof(id.model));
	memcpy(b->media.revision, id.revision, sizeof(id.revision));
	if ((rc = drive_get_configuration(b->d, &b->cfg, b->err)) < 0)
		return rc;
	b->profile = b->cfg.current_profile;
	b->fam = disc_type(b->profile)->family;
	if ((rc = drive_read_disc_info(b->d, &b->di, b->err)) < 0)
		return rc;
	return 0;
}

/* The track that will receive the image: the invisible/incomplete track after
 * the last one (MMC-6 6.27: READ TRACK INFORMATION for the last track of the
 * last session, which on a writable disc is the invisible track). */
static int next_track(struct burn *b)
{
	if (b->strat == ST_OVERWRITE) {
		/* READ FORMAT CAPACITIES knows the size also before formatting;
		 * READ CAPACITY only after */
		struct mmc_format_caps fc;
		struct mmc_capacity cap;
		memset(&b->ti, 0, sizeof(b->ti));
		b->ti.nwa_valid = true;
		if (drive_read_format_capacities(b->d, &fc, b->err) == 0 && fc.cur_blocks)
			b->ti.free_blocks = fc.cur_blocks;
		else if (drive_read_capacity(b->d, &cap, b->err) == 0)
			b->ti.free_blocks = cap.last_lba + 1;
		else
			return b->err->code;
		return 0;
	}
	return drive_read_track_info(b->d, 1, b->di.last_track_last_session, &b->ti, b->err);
}

/* Overwritable media: unformatted -> format first; a -C session image is
 * appended after the volume already there (growisofs -M); an ordinary image
 * replaces what is there only with -force. */
static int plan_overwrite(struct burn *b)
{
	struct db_error e;
	struct mmc_format_caps fc;
	if (drive_read_format_capacities(b->d, &fc, b->err) == 0 && fc.cur_type == 1 &&
	    b->profile != PROF_DVD_RW_RO) {
		b->need_format = true;
		if (b->relocated) {
			db_fail(&e, DB_R_LATER_SESSION_ON_BLANK, .subject = b->p->image,
				.profile = b->profile);
			reason(b, &e);
			return DB_EIMAGE;
		}
		return 0;
	}
	uint8_t sector[2048];
	struct isovol_pvd pvd = { 0 };
	struct db_error ignored;
	if (drive_read(b->d, 16, 1, sector, BLOCK, &ignored) == 0)
		isovol_parse_pvd(sector, &pvd);
	if (b->relocated) {
		uint32_t next = isovol_next_session(&pvd, b->fam == MMC_FAM_BD ? 32 : 16);
		uint32_t blocks = (uint32_t)((b->image_size + BLOCK - 1) / BLOCK);
		b->session_start = next;
		if (!pvd.valid || !isovol_fits_at(&b->img_pvd, next, blocks)) {
			db_fail(&e, DB_R_SESSION_NOT_FOR_APPEND, .subject = b->p->image,
				.other = device_name(b->d), .n1 = next);
			reason(b, &e);
			return DB_EIMAGE;
		}
		return 0;
	}
	bool data;
	int rc = blank_disc_holds_data(b->d, &data, b->err);
	if (rc < 0)
		return rc;
	if (data && !b->p->force) {
		db_fail(&e, DB_R_OVERWRITE_HOLDS_DATA, .subject = device_name(b->d),
			.profile = b->profile);
		reason(b, &e);
		return DB_EHASDATA;
	}
	return 0;
}

static int preflight(struct burn *b)
{
	const struct burn_params *p = b->p;
	struct db_error e;
	int rc;

	bool have_image = true;
	if (p->ring) {
		/* several drives share one stream; the caller checked the image */
		b->image_size = p->image_size;
	} else if ((rc = source_open(p->image, p->tsize, &b->src, &e)) < 0) {
		reason(b, &e);
		have_image = false;
	} else {
		b->image_size = source_size(b->src);
	}
	if (have_image && b->image_size == 0) {
		db_fail(&e, DB_R_IMAGE_EMPTY, .subject = p->image);
		reason(b, &e);
	}
	if (have_image && image_is_file(p->image)) {
		struct iso_report *r = NULL;
		if (!p->ring && check_image(p->image, p->force, &r, &e) < 0)
			reason(b, &e);
		if (r) {
			struct burn_event ie = { .type = BEV_IMAGE, .u.image = r };
			emit(b, &ie);
			free(r);
		}
		image_pvd(p->image, &b->img_pvd);
		b->relocated = isovol_relocated(&b->img_pvd, (uint32_t)((b->image_size + BLOCK - 1) /
									BLOCK));
	}

	rc = identify(b);
	if (rc < 0) {
		reason(b, b->err);
		return rc;
	}

	b->media.profile = b->profile;
	b->media.profile_name = disc_type(b->profile)->name;
	b->media.disc_status = mmc_disc_status_name(b->di.status);

	if (b->di.status == DISC_COMPLETE && !disc_type(b->profile)->overwritable) {
		db_fail(&e, DB_R_DISC_CLOSED, .subject = device_name(b->d), .profile = b->profile,
			.n1 = b->di.erasable);
		reason(b, &e);
		return DB_EMEDIA;
	}
	if (p->dummy && !can_simulate(b->profile)) {
		db_fail(&e, DB_R_NO_SIMULATE, .profile = b->profile);
		reason(b, &e);
	}
	/* Go on after a refusal where the facts allow, so that every reason
	 * is reported at once (a refused mode and an image too big, say). */
	choose_strategy(b);

	rc = next_track(b);
	if (rc < 0) {
		reason(b, b->err);
		return rc;
	}
	if (!b->ti.nwa_valid && b->strat != ST_OVERWRITE) {
		db_fail(&e, DB_R_NO_NWA, .subject = device_name(b->d));
		reason(b, &e);
		return DB_EMEDIA;
	}

	if (b->strat == ST_OVERWRITE && (rc = plan_overwrite(b)) < 0) {
		if (rc != DB_EHASDATA && rc != DB_EIMAGE)
			reason(b, b->err);
		return b->nreasons ? b->reasons[0].code : rc;
	}
	if (b->strat != ST_OVERWRITE && b->relocated &&
	    !isovol_fits_at(&b->img_pvd, b->ti.nwa, (uint32_t)((b->image_size + BLOCK - 1) / BLOCK))) {
		db_fail(&e, DB_R_SESSION_NOT_FOR_NWA, .subject = p->image, .other = device_name(b->d),
			.n1 = b->ti.nwa);
		reason(b, &e);
		return DB_EIMAGE;
	}

	uint64_t blocks = (b->image_size + BLOCK - 1) / BLOCK;
	uint32_t pad = p->pad ? (p->padsize ? p->padsize : DEFAULT_PAD) : 0;
	if (blocks + pad > UINT32_MAX / 2) {
		db_fail(&e, DB_R_IMAGE_TOO_LARGE, .subject = p->image);
		reason(b, &e);
		return DB_ENOSPACE;
	}
	b->image_blocks = (uint32_t)blocks;
	b->total_blocks = b->image_blocks + pad;
	if (b->strat == ST_DVDR_DAO || b->strat == ST_OVERWRITE) {
		/* A DAO track is closed by the drive when its reserved size is
		 * written, and restricted overwrite takes whole ECC blocks only:
		 * fill the last block with zeros. */
		b->total_blocks = ecc_round(b->fam, b->total_blocks);
	}
	if (b->fam == MMC_FAM_CD && b->total_blocks < CD_MIN_TRACK) {
		/* Red Book: a track lasts at least 4 seconds; pad with zeros as
		 * cdrecord does. */
		b->total_blocks = CD_MIN_TRACK;
		warn(b, "the image is shorter than the 4-second minimum of a CD track; "
		     "padding it to 300 sectors");
	}
	b->start_lba = b->ti.nwa;
	if (b->strat == ST_OVERWRITE) {
		b->start_lba = b->session_start;
		b->ti.free_blocks = b->ti.free_blocks > b->start_lba ?
				    b->ti.free_blocks - b->start_lba : 0;
	}
	b->media.nwa = b->start_lba;
	b->media.free_blocks = b->ti.free_blocks;
	b->media.image_blocks = b->total_blocks;

	struct burn_event me = { .type = BEV_MEDIA, .u.media = &b->media };
	emit(b, &me);

	uint32_t need = ecc_round(b->fam, b->total_blocks);
	if (need > b->ti.free_blocks && !p->overburn) {
		db_fail(&e, DB_R_NO_FIT, .subject = p->image, .n1 = need, .n2 = b->ti.free_blocks,
			.profile = b->profile);
		reason(b, &e);
	}
	return b->nreasons ? b->reasons[0].code : 0;
}

/* ---- set-up -------------------------------------------------------------- */

static int set_write_params(struct burn *b)
{
	struct mmc_write_params wp;
	memset(&wp, 0, sizeof(wp));
	wp.test_write = b->p->dummy;
	wp.bufe = b->p->burnfree;
	wp.multisession = b->p->multi ? 3 : 0;
	wp.data_block_type = 8;         /* mode 1, 2048 bytes */
	switch (b->strat) {
	case ST_CD_TAO:
		wp.write_type = WT_TAO;
		wp.track_mode = 4;      /* data, recorded uninterrupted */
		break;
	case ST_CD_SAO:
		wp.write_type = WT_SAO;
		wp.track_mode = 4;
		break;
	case ST_DVDR_DAO:
		wp.write_type = WT_SAO;
		wp.track_mode = 5;
		break;
	case ST_DVDR_INCR:
		wp.write_type = WT_PACKET;
		wp.track_mode = 5;      /* data, recorded incrementally */
		break;
	default:
		/* DVD+R, BD and overwritable media have no write parameters
		 * page to set (MMC-6 7.5: page 05 applies to CD and DVD-R/RW). */
		return 0;
	}
	return drive_set_write_params(b->d, &wp, b->err);
}

static int set_speed(struct burn *b)
{
	unsigned x1 = mmc_family_kbps_1x(b->fam);
	unsigned kbps = b->p->speed ? b->p->speed * x1 : 0;
	b->plan.speed_kbps = kbps;
	b->plan.speed_x = kbps ? (double)b->p->speed : 0;
	int rc = drive_set_speed(b->d, b->profile, kbps, b->start_lba + b->total_blocks, b->err);
	if (rc == DB_ECHECK) {
		/* Speed is advice to the drive; one that refuses keeps its own. */
		warn(b, "the drive did not accept the speed; it writes at its own choice");
		return 0;
	}
	return rc;
}

static int grace(struct burn *b)
{
	for (unsigned left = b->p->gracetime; left > 0; left--) {
		struct burn_event e = { .type = BEV_GRACE, .u.grace_left = left };
		emit(b, &e);
		for (int i = 0; i < 10; i++) {
			if (cancelled(b))
				return db_fail(b->err, DB_R_CANCELLED);
			clock_sleep_ms(100);
		}
	}
	return 0;
}

/* ---- stream -------------------------------------------------------------- */

static int write_blocks(struct burn *b, uint32_t lba, const void *buf, uint32_t blocks)
{
	int rc = drive_write(b->d, (int32_t)lba, blocks, buf, BLOCK, b->err);
	if (rc == 0)
		b->st->sectors += blocks;       /* so a failure can tell what reached the disc */
	return rc;
}

static void progress(struct burn *b, uint64_t done, uint64_t total, double t0,
		     struct ring *ring, unsigned r, int buf_pct, uint32_t lba, bool verify)
{
	double dt = clock_now_s() - t0;
	struct burn_progress pr = {
		.done = done, .total = total, .buf_pct = buf_pct, .lba = lba, .verify = verify,
	};
	pr.speed_x = dt > 0 ? done / dt / (mmc_family_kbps_1x(b->fam) * 1000.0) : 0;
	if (ring)
		pr.fifo_pct = (unsigned)(ring_fill(ring, r) * 100 / ring_capacity(ring));
	struct burn_event e = { .type = BEV_PROGRESS, .u.progress = &pr };
	emit(b, &e);
}

static int drive_buffer_pct(struct burn *b)
{
	struct mmc_buffer_cap bc;
	struct db_error e;
	if (drive_read_buffer_capacity(b->d, &bc, &e) < 0 || bc.size == 0)
		return -1;
	return (int)((uint64_t)(bc.size - (bc.free > bc.size ? bc.size : bc.free)) * 100 / bc.size);
}

static uint64_t default_fifo(const struct burn *b)
{
	/* About 2 seconds of writing at the chosen speed (at the fastest drive
	 * speed of the family when none was chosen), between 8 and 64 MiB: it
	 * covers the source stalling for that long, and a smaller ring stays
	 * in the CPU caches. */
	uint64_t kbps = b->plan.speed_kbps ? b->plan.speed_kbps :
			(uint64_t)mmc_family_kbps_1x(b->fam) * (b->fam == MMC_FAM_CD ? 48 : 16);
	uint64_t bytes = kbps * 1000 * 2;
	if (bytes < 8u << 20)
		bytes = 8u << 20;
	if (bytes > 64u << 20)
		bytes = 64u << 20;
	return bytes;
}

/* The FIFO this burn uses: fs=, or the default but no larger than the
 * image; whole chunks. */
static uint64_t fifo_bytes(const struct burn *b)
{
	uint64_t fifo = b->p->fifo_size ? b->p->fifo_size : default_fifo(b);
	uint64_t whole = (uint64_t)b->total_blocks * BLOCK;
	if (!b->p->fifo_size && fifo > whole)
		fifo = whole;
	return (fifo + CHUNK - 1) / CHUNK * CHUNK;
}

/* Write the stream from reader r of ring to the disc: the pregap (CD SAO),
 * the image in whole chunks, the padding. Fills the statistics it knows. */
static int write_stream(struct burn *b, struct ring *ring, unsigned r, enum burn_stage *stage)
{
	uint8_t *zero = calloc(1, CHUNK);
	if (!zero)
		return db_fail(b->err, DB_R_NO_MEMORY);
	double t0 = clock_now_s(), last = 0;
	uint32_t lba = b->start_lba;
	int buf_min = -1, buf_pct = -1, rc = 0;
	unsigned chunks = 0;

	if (b->strat == ST_CD_SAO) {
		/* The cue sheet declares a 2-second pregap before track 1: write
		 * it as zeros from LBA -150. */
		*stage = STAGE_WRITING;
		for (int32_t l = -CD_PREGAP; l < 0 && rc == 0; l += CHUNK_BLOCKS) {
			uint32_t n = (uint32_t)(-l) < CHUNK_BLOCKS ? (uint32_t)(-l) : CHUNK_BLOCKS;
			rc = write_blocks(b, (uint32_t)l, zero, n);
		}
		if (rc < 0)
			goto out;
	}

	uint64_t done = 0;
	for (;;) {
		if (cancelled(b)) {
			rc = db_fail(b->err, DB_R_CANCELLED);
			goto out;
		}
		const void *data;
		size_t got;
		rc = ring_read_ptr(ring, r, CHUNK, &data, &got);
		if (rc < 0) {
			db_fail(b->err, rc == DB_ECANCEL ? DB_R_CANCELLED : DB_R_INTERNAL,
				.what = "image stream");
			goto out;
		}
		if (got == 0)
			break;
		uint32_t blocks = (uint32_t)((got + BLOCK - 1) / BLOCK);
		const void *out = data;
		uint8_t *tail = NULL;
		if (got < CHUNK) {
			/* The last piece of the image: zero-fill its last sector and
			 * let padding complete the chunk, so chunks stay aligned
			 * (the verify map and ECC blocks count on it). */
			uint32_t left = b->total_blocks - (lba - b->start_lba);
			blocks = left < CHUNK_BLOCKS ? left : CHUNK_BLOCKS;
			tail = zero;
			memcpy(tail, data, got);
			memset(tail + got, 0, (size_t)blocks * BLOCK - got);
			out = tail;
		}
		if (b->vmap)
			verify_map_add(b->vmap, out, blocks);
		if (b->head && lba - b->start_lba < HEAD_BLOCKS) {
			uint32_t at = lba - b->start_lba;
			uint32_t n = blocks < HEAD_BLOCKS - at ? blocks : HEAD_BLOCKS - at;
			memcpy(b->head + (size_t)at * BLOCK, out, (size_t)n * BLOCK);
		}
		*stage = STAGE_WRITING;
		rc = write_blocks(b, lba, out, blocks);
		if (tail)
			memset(zero, 0, CHUNK);
		ring_read_commit(ring, r, got);
		if (rc < 0)
			goto out;
		lba += blocks;
		done += got;
		if (++chunks % BUFCAP_EVERY == 0) {
			buf_pct = drive_buffer_pct(b);
			/* the first megabytes fill the buffer; judge it after that */
			if (buf_pct >= 0 && chunks > 4 * BUFCAP_EVERY &&
			    (buf_min < 0 || buf_pct < buf_min))
				buf_min = buf_pct;
		}
		double t = clock_now_s();
		if (t - last >= PROGRESS_NS / 1e9) {
			last = t;
			progress(b, done, b->image_size, t0, ring, r, buf_pct, lba, false);
		}
	}
	/* padding after the image */
	for (uint32_t left = b->total_blocks - (lba - b->start_lba); left && rc == 0;) {
		uint32_t n = left < CHUNK_BLOCKS ? left : CHUNK_BLOCKS;
		if (b->vmap)
			verify_map_add(b->vmap, zero, n);
		rc = write_blocks(b, lba, zero, n);
		lba += n;
		left -= n;
	}
	if (rc < 0)
		goto out;
	progress(b, done, b->image_size, t0, ring, r, buf_pct, lba, false);

	double secs = clock_now_s() - t0;
	b->st->bytes = done;
	b->st->sectors = lba - b->start_lba;
	b->st->seconds = secs;
	b->st->avg_speed_x = secs > 0 ? done / secs / (mmc_family_kbps_1x(b->fam) * 1000.0) : 0;
	b->st->drive_buf_min_pct = buf_min;
	struct ring_stats rs;
	if (ring_stats(ring, r, &rs) == 0) {
		b->st->fifo_min_pct = rs.min_fill_valid ? rs.min_fill_pct : 100;
		b->st->fifo_empty = (unsigned)rs.empty_count;
	}
out:
	free(zero);
	return rc;
}

static int stream(struct burn *b, enum burn_stage *stage)
{
	const struct burn_params *p = b->p;
	if (p->verify && !(b->vmap = verify_map_new(b->total_blocks, CHUNK_BLOCKS)))
		return db_fail(b->err, DB_R_NO_MEMORY);
	if (p->ring) {
		/* shared stream: the caller owns source and ring */
		b->st->fifo_size = ring_capacity(p->ring);
		int rc = ring_wait_fill(p->ring, ring_capacity(p->ring));
		if (rc == 0)
			rc = write_stream(b, p->ring, p->reader, stage);
		else
			db_fail(b->err, rc == DB_ECANCEL ? DB_R_CANCELLED : DB_R_INTERNAL,
				.what = "image stream");
		if (rc < 0)
			ring_detach(p->ring, p->reader);
		return rc;
	}

	struct ring *ring = NULL;
	uint64_t fifo = fifo_bytes(b);
	b->st->fifo_size = fifo;
	/* reader 0 writes the disc in CHUNKs, reader 1 hashes the stream on its
	 * own core in pieces of up to HASH_PIECE */
	/* the hasher reads big pieces when the FIFO holds four of them */
	size_t piece = fifo / 4 / CHUNK * CHUNK;
	piece = piece < CHUNK ? CHUNK : piece > HASH_PIECE ? HASH_PIECE : piece;
	int rc = ring_new(&ring, fifo, piece, 2);
	if (rc < 0)
		return db_fail(b->err, DB_R_FIFO_ALLOC, .n1 = fifo);
	source_hash_in_thread(b->src, 1);
	if (p->expect_sha256 && (rc = source_expect_digest(b->src, p->expect_sha256, b->err)) < 0) {
		ring_free(ring);
		return rc;
	}
	rc = source_start(b->src, ring);
	if (rc < 0) {
		ring_free(ring);
		return db_fail(b->err, DB_R_SOURCE_START, .subject = p->image);
	}
	rc = ring_wait_fill(ring, fifo);
	if (rc == 0)
		rc = write_stream(b, ring, 0, stage);
	if (rc == 0)
		rc = source_join(b->src, b->err);
	if (rc == 0) {
		sha256_to_hex(source_digest(b->src), b->st->sha256);
		b->st->sha256_checked = p->expect_sha256 != NULL;
	} else {
		/* the source's own account of a failure is the better one */
		ring_cancel(ring);
		struct db_error serr;
		memset(&serr, 0, sizeof(serr));
		if (source_join(b->src, &serr) < 0 && (b->err->code == 0 || rc == serr.code))
			*b->err = serr;
		if (b->err->code == 0)
			db_fail(b->err, DB_R_INTERNAL, .what = "writing stopped");
		rc = b->err->code;
	}
	ring_free(ring);
	return rc;
}

/* ---- close --------------------------------------------------------------- */

/* growisofs -M on overwritable media: the new session's volume descriptors
 * (sectors 16.. of the image, already pointing at absolute LBAs) replace the
 * ones at LBA 16, so readers find the new, complete directory tree. */
static int rewrite_descriptors(struct burn *b)
{
	unsigned n = isovol_descriptor_sectors(b->head, HEAD_BLOCKS);
	if (!n)
		return db_fail(b->err, DB_R_NO_DESCRIPTOR_SET, .subject = b->p->image);
	isovol_set_volume_blocks(b->head, n, b->start_lba + b->total_blocks);
	int rc = write_blocks(b, 16, b->head + 16 * BLOCK, n);
	if (rc < 0)
		return rc;
	return drive_sync_cache(b->d, MMC_TIMEOUT_LONG_MS, b->err);
}

static int close_disc(struct burn *b)
{
	unsigned long_to = MMC_TIMEOUT_LONG_MS;
	int rc = drive_sync_cache(b->d, long_to, b->err);
	if (rc < 0)
		return rc;
	uint16_t track = b->ti.track ? b->ti.track : 1;
	switch (b->strat) {
	case ST_CD_SAO:
	case ST_DVDR_DAO:
		/* SAO/DAO: the drive writes lead-in and lead-out itself after
		 * the last sector of the cue sheet / reserved track. */
		return 0;
	case ST_CD_TAO:
	case ST_DVDR_INCR:
		rc = drive_close_track_session(b->d, 1, track, long_to, b->err);
		if (rc < 0)
			return rc;
		/* page 05 Multi-session decides whether this finalizes */
		if (b->p->dummy)
			return 0;
		return drive_close_track_session(b->d, 2, 0, long_to, b->err);
	case ST_DVD_PLUS_R:
	case ST_BD_R:
		rc = drive_close_track_session(b->d, 1, track, long_to, b->err);
		if (rc < 0)
			return rc;
		/* DVD+R / BD-R: 010b closes the session and leaves the disc
		 * appendable; 110b finalizes (MMC-6 6.3.3.3, 6.3.3.5). */
		return drive_close_track_session(b->d, b->p->multi ? 2 : 6, 0, long_to, b->err);
	case ST_OVERWRITE:
		return b->relocated ? rewrite_descriptors(b) : 0;
	}
	return 0;
}

/* ---- verify -------------------------------------------------------------- */

static int verify(struct burn *b)
{
	if (b->p->dummy) {
		warn(b, "a simulated burn wrote nothing, so there is nothing to verify");
		return 0;
	}
	phase(b, "verify");
	uint8_t *buf = malloc(CHUNK);
	if (!buf)
		return db_fail(b->err, DB_R_NO_MEMORY);
	double t0 = clock_now_s(), last = 0;
	int rc = 0;
	uint32_t bad = UINT32_MAX;
	for (uint32_t off = 0; off < b->total_blocks; off += CHUNK_BLOCKS) {
		if (cancelled(b)) {
			rc = db_fail(b->err, DB_R_CANCELLED);
			break;
		}
		uint32_t n = b->total_blocks - off < CHUNK_BLOCKS ? b->total_blocks - off : CHUNK_BLOCKS;
		rc = drive_read(b->d, b->start_lba + off, n, buf, BLOCK, b->err);
		if (rc < 0) {
			/* name the sector the drive named, else the chunk */
			/* keep the read's command and sense; name the sector the
			 * drive named, else the chunk */
			b->err->code = DB_EVERIFY;
			b->err->reason = DB_R_VERIFY_UNREADABLE;
			if (!b->err->lba_valid) {
				b->err->lba = b->start_lba + off;
				b->err->lba_valid = 1;
			}
			rc = DB_EVERIFY;
			break;
		}
		uint32_t first_bad;
		if (verify_map_check(b->vmap, off, buf, n, &first_bad) != 0) {
			if (image_is_file(b->p->image))
				verify_refine(b->p->image, b->image_size, off, buf, n, &first_bad);
			bad = b->start_lba + first_bad;
			break;
		}
		double t = clock_now_s();
		if (t - last >= PROGRESS_NS / 1e9) {
			last = t;
			progress(b, (uint64_t)(off + n) * BLOCK, (uint64_t)b->total_blocks * BLOCK,
				 t0, NULL, 0, -1, b->start_lba + off, true);
		}
	}
	free(buf);
	if (rc < 0)
		return rc;
	if (bad != UINT32_MAX) {
		return db_fail(b->err, DB_R_VERIFY_MISMATCH, .lba = bad, .lba_valid = true);
	}
	progress(b, (uint64_t)b->total_blocks * BLOCK, (uint64_t)b->total_blocks * BLOCK,
		 t0, NULL, 0, -1, b->start_lba + b->total_blocks, true);
	b->st->verified = true;
	return 0;
}

/* The image turned out wrong after writing began (short, or not the one the
 * checksum is for). An erasable CD-RW/DVD-RW is blanked again so it is not
 * left holding a broken track; write-once media cannot be helped, and
 * overwritable media simply get overwritten by the next burn. */
static void reblank(struct burn *b)
{
	if (!disc_type(b->profile)->reblank_on_failure)
		return;
	struct db_error e;
	if (blank_run(b->d, "fast", NULL, b->ev, &e) == 0)
		b->st->reblanked = true;
}

/* ---- the whole burn ------------------------------------------------------ */

int burn_run(struct device *d, const struct burn_params *p, const struct burn_events *ev,
	     struct burn_stats *stats, enum burn_stage *stage, struct db_error *err)
{
	struct burn b = { .d = d, .p = p, .ev = ev, .st = stats, .err = err, .stage_out = stage };
	memset(stats, 0, sizeof(*stats));
	memset(err, 0, sizeof(*err));
	stats->drive_buf_min_pct = -1;
	stats->burnfree_on = p->burnfree;
	*stage = STAGE_PREFLIGHT;
	device_set_cancel(d, p->cancel);
	device_untouch(d);

	phase(&b, "preflight");
	int rc = preflight(&b);
	if (rc < 0) {
		for (unsigned i = 0; i < b.nreasons; i++) {
			struct burn_event e = { .type = BEV_REASON, .u.reason = &b.reasons[i] };
			emit(&b, &e);
		}
		*err = b.reasons[0];
		goto done;
	}

	b.plan.strategy = strategy_names[b.strat];
	b.plan.dummy = p->dummy;
	b.plan.multi = p->multi;
	b.plan.burnfree = p->burnfree;
	if ((rc = set_write_params(&b)) < 0 || (rc = set_speed(&b)) < 0)
		goto done;
	b.plan.fifo_size = p->ring ? ring_capacity(p->ring) : fifo_bytes(&b);
	struct burn_event pe = { .type = BEV_PLAN, .u.plan = &b.plan };
	emit(&b, &pe);

	if (b.strat == ST_DVDR_DAO &&
	    (rc = drive_reserve_track(d, ecc_round(b.fam, b.total_blocks), err)) < 0)
		goto done;
	if (b.strat == ST_CD_SAO) {
		uint8_t cue[64];
		size_t n = mmc_cue_single_data_track(cue, sizeof(cue), b.total_blocks);
		if ((rc = drive_send_cue_sheet(d, cue, n, err)) < 0)
			goto done;
	}
	if ((rc = grace(&b)) < 0)
		goto done;
	if (b.need_format && (rc = format_for_write(d, b.profile, p->cancel, ev, err)) < 0)
		goto done;
	if (b.relocated && b.strat == ST_OVERWRITE && !(b.head = calloc(HEAD_BLOCKS, BLOCK))) {
		rc = db_fail(err, DB_R_NO_MEMORY);
		goto done;
	}

	phase(&b, p->dummy ? "write (simulated)" : "write");
	if ((rc = stream(&b, stage)) < 0) {
		if ((rc == DB_ECHECKSUM || rc == DB_EIMAGE) && *stage == STAGE_WRITING)
			reblank(&b);
		goto done;
	}

	*stage = STAGE_CLOSING;
	phase(&b, "close");
	if ((rc = close_disc(&b)) < 0)
		goto done;

	if (p->verify) {
		*stage = STAGE_VERIFYING;
		if ((rc = verify(&b)) < 0)
			goto done;
	}
	*stage = STAGE_DONE;
	struct burn_event se = { .type = BEV_STATS, .u.stats = stats };
	emit(&b, &se);
done:
	if (rc < 0)
		err->touched = device_touched(d);
	free(b.head);
	verify_map_free(b.vmap);
	source_close(b.src);
	if (p->eject && (rc == 0 || *stage != STAGE_PREFLIGHT)) {
		struct db_error ignored;
		drive_start_stop(d, false, true, &ignored);
	}
	return rc;
}
