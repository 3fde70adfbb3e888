/* SPDX-License-Identifier: GPL-3.0-or-later */
/* write_cd.c — a CD layout written session by session, track by track
 * (see strategy.h; cdplan.c lays it out).
 *
 * The stream is read from the ring in whole sectors of each track's mode
 * (at most a WRITE's worth, never across a track, nor across the end of a
 * pregap the drive writes itself), turned into the blocks the strategy
 * sends (cdplan.c's table), and written at the track's LBAs; what verify
 * will read back is recorded on the way (verify_cd.c). The last read of
 * the stream asks for one byte more than is left, which the ring answers
 * only once the stream has ended cleanly (its digest checked): so the last
 * sector, which completes a SAO session, never reaches the drive before a
 * short image or a checksum mismatch is known.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "drive/device.h"
#include "engine/cdverify.h"
#include "engine/strategy.h"
#include "mmc/cd.h"
#include "pipeline/ring.h"
#include "pipeline/source.h"

enum { CHUNK = BURN_CHUNK };

static int stream_stopped(struct burn *b, int rc)
{
	return db_fail(b->err, rc == DB_ECANCEL ? DB_R_CANCELLED : DB_R_INTERNAL,
		       .what = "image stream");
}

static void progress(struct burn *b, const struct burn_track *t, int32_t lba)
{
	struct burn_progress pr = { .done = b->cd_done, .total = b->layout->stream_bytes,
				    .lba = (uint32_t)lba, .track = t->number };
	burn_sample(b, &b->smp, &pr, b->st->sectors);
}

/* One sector of track t at lba, from its in_bytes of the stream. */
static void encode(struct burn *b, struct burn_track *t, int32_t lba, const uint8_t *in,
		   uint8_t *out)
{
	switch (t->send) {
	case SEND_AS_IS:
		memcpy(out, in, t->in_bytes);
		break;
	case SEND_USER_OF_RAW:
		memcpy(out, in + 16, 2048);
		break;
	case SEND_AFTER_HEADER:
		memcpy(out, in + 16, 2336);
		break;
	case SEND_XA_SUB_2332:
		memcpy(out, in + 16, 2332);
		break;
	case SEND_XA1_BODY:
		cd_xa_body_form1(out, cd_xa_form1_subheader, in);
		break;
	case SEND_XA2_BODY:
		cd_xa_body_form2(out, cd_xa_form2_subheader, in);
		break;
	case SEND_RAW_PW:
		cd_raw_sector(b, t, lba, in, out);
		break;
	}
}

/* Encode and write n sectors of t from in (n * in_bytes, the last sector
 * possibly short: zero-filled) at lba; recorded for verify. */
static int put_sectors(struct burn *b, struct burn_track *t, int32_t lba, const uint8_t *in,
		       size_t len, uint32_t n, uint8_t *buf, uint8_t *sector)
{
	const uint8_t *out = in;
	size_t whole = (size_t)n * t->in_bytes;
	if (t->send != SEND_AS_IS || len < whole) {
		for (uint32_t i = 0; i < n; i++) {
			const uint8_t *s = in + (size_t)i * t->in_bytes;
			size_t have = len > (size_t)i * t->in_bytes ? len - (size_t)i * t->in_bytes : 0;
			if (have < t->in_bytes) {
				memset(sector, 0, t->in_bytes);
				memcpy(sector, s, have);
				s = sector;
			}
			if (b->cvmap)
				cd_vmap_add(b->cvmap, t, lba + (int32_t)i, s, 1);
			encode(b, t, lba + (int32_t)i, s, buf + (size_t)i * t->out_bytes);
		}
		out = buf;
	} else if (b->cvmap) {
		cd_vmap_add(b->cvmap, t, lba, in, n);
	}
	int rc = burn_write_blocks(b, lba, out, n, t->out_bytes);
	if (rc == 0)
		t->written = true;
	return rc;
}

int cd_write_zeros(struct burn *b, struct burn_track *t, int32_t lba, uint32_t n, bool check)
{
	unsigned per = CHUNK / (t->out_bytes > t->in_bytes ? t->out_bytes : t->in_bytes);
	uint8_t *zero = calloc(1, (size_t)per * t->in_bytes);
	uint8_t *buf = malloc(CHUNK), *sector = malloc(CD_RAW_BYTES);
	int rc = 0;
	if (!zero || !buf || !sector)
		rc = db_fail(b->err, DB_R_NO_MEMORY);
	while (n && rc == 0) {
		uint32_t k = n < per ? n : per;
		/* a sector is zeros in the track's form: the verify map and the
		 * encoder see it like any other (a session's first 2 s, which
		 * no track of the layout holds, are not read back) */
		struct cd_vmap *keep = b->cvmap;
		if (!check || lba < 0)
			b->cvmap = NULL;
		rc = put_sectors(b, t, lba, zero, (size_t)k * t->in_bytes, k, buf, sector);
		b->cvmap = keep;
		lba += (int32_t)k;
		n -= k;
	}
	free(zero);
	free(buf);
	free(sector);
	return rc;
}

/* The stream's sectors of track i (pregap and length), then its padding. */
static int write_track(struct burn *b, unsigned i, uint8_t *buf, uint8_t *sector)
{
	struct burn_track *t = &b->trk[i];
	const struct layout *l = b->layout;
	uint32_t nsec = t->pregap + t->length;
	unsigned per = CHUNK / (t->out_bytes > t->in_bytes ? t->out_bytes : t->in_bytes);
	uint64_t left = t->stream_bytes;
	if (b->cd_done != t->stream_offset)
		return db_fail(b->err, DB_R_INTERNAL, .what = "CD track order", .n1 = t->number);
	for (uint32_t sec = 0; sec < nsec;) {
		if (burn_cancelled(b))
			return db_fail(b->err, DB_R_CANCELLED);
		uint32_t n = nsec - sec < per ? nsec - sec : per;
		bool drop = !t->write_pregap && sec < t->pregap;
		if (sec < t->pregap && n > t->pregap - sec)
			n = t->pregap - sec;
		uint64_t want = (uint64_t)n * t->in_bytes < left ? (uint64_t)n * t->in_bytes : left;
		bool last = want && b->cd_done + want == l->stream_bytes;
		if (last && want + 1 > ring_max_read(b->ring) && n > 1) {
			/* the last read asks for one byte more: leave its last
			 * sector to a read of its own */
			n--;
			want = (uint64_t)n * t->in_bytes;
			last = false;
		}
		int32_t lba = t->index1 - (int32_t)t->pregap + (int32_t)sec;
		const void *data = NULL;
		size_t got = 0;
		if (want) {
			int rc = ring_read_ptr(b->ring, b->reader, (size_t)want + (last ? 1 : 0), &data,
					       &got);
			if (rc < 0)
				return stream_stopped(b, rc);
			if (got != want)
				return stream_stopped(b, DB_EIMAGE);
		}
		int rc = 0;
		if (!drop) {
			static const uint8_t none[1];
			rc = put_sectors(b, t, lba, data ? data : none, got, n, buf, sector);
		}
		if (got)
			ring_read_commit(b->ring, b->reader, got);
		if (rc < 0)
			return rc;
		left -= got;
		b->cd_done += got;
		sec += n;
		if (burn_sample_due(b, &b->smp))
			progress(b, t, lba + (int32_t)n);
	}
	int rc = t->pad ? cd_write_zeros(b, t, t->index1 + (int32_t)t->length, t->pad, true) : 0;
	if (rc == 0)
		progress(b, t, t->index1 + (int32_t)(t->length + t->pad));
	return rc;
}

/* Where a later session of the layout starts: the disc's next writable
 * address once the previous session is closed. */
static int next_session(struct burn *b)
{
	struct mmc_disc_info di;
	int rc = drive_read_disc_info(b->d, &di, b->err);
	if (rc < 0)
		return rc;
	if ((rc = drive_read_track_info(b->d, 1, di.last_track_last_session, &b->ti, b->err)) < 0)
		return rc;
	if (!b->ti.nwa_valid)
		return db_fail(b->err, DB_R_NO_NWA, .subject = device_name(b->d));
	if ((uint64_t)b->ti.nwa + b->total_blocks > INT32_MAX) {     /* see burn_address_fits */
		rc = db_fail(b->err, DB_R_ANSWER_BAD, .what = "READ TRACK INFORMATION");
		db_set_command(b->err, MMC_READ_TRACK_INFO);
		return rc;
	}
	cd_place(b, b->session, (int32_t)b->ti.nwa);
	return 0;
}

int cd_write_all(struct burn *b)
{
	unsigned sessions = b->ntrk ? b->trk[b->ntrk - 1].session : 0;
	uint8_t *buf = malloc(CHUNK), *sector = malloc(CD_RAW_BYTES);
	int rc = 0;
	if (!buf || !sector) {
		free(buf);
		free(sector);
		return db_fail(b->err, DB_R_NO_MEMORY);
	}
	b->cd_done = 0;
	burn_sampler_begin(b, &b->smp, true);
	for (unsigned s = 1; s <= sessions && rc == 0; s++) {
		unsigned first, end;
		cd_session_tracks(b, s, &first, &end);
		if (first == end)
			continue;
		b->session = s;
		b->xa = cd_session_xa(b, s);
		if (s > 1 && (rc = next_session(b)) < 0)
			break;
		if ((rc = b->strat->lead_in(b)) < 0)
			break;
		if (s == 1)
			burn_phase(b, PHASE_WRITE);
		for (unsigned i = first; i < end && rc == 0; i++) {
			struct burn_track *t = &b->trk[i];
			if (b->strat->track_begin && (rc = b->strat->track_begin(b, t)) < 0)
				break;
			burn_track_start(b, t->number, (uint32_t)t->index1, t->length + t->pad,
					 t->mode == TRACK_AUDIO);
			if ((rc = write_track(b, i, buf, sector)) < 0)
				break;
			if (b->strat->track_end)
				rc = b->strat->track_end(b, t);
		}
		if (rc < 0)
			break;
		if (s == sessions) {
			const uint8_t *digest = b->src ? source_digest(b->src) : NULL;
			if (digest) {
				sha256_to_hex(digest, b->st->sha256);
				b->st->sha256_checked = b->sha_expected;
			}
			burn_phase(b, PHASE_CLOSE);
		}
		rc = b->strat->close(b);
	}
	free(buf);
	free(sector);
	if (rc < 0)
		return rc;
	burn_sampler_stats(b, &b->smp);
	b->st->bytes = b->cd_done;
	b->st->sectors = b->total_blocks;
	b->st->written_bytes = 0;
	for (unsigned i = 0; i < b->ntrk; i++)
		b->st->written_bytes += (uint64_t)(b->trk[i].write_pregap ? b->trk[i].pregap : 0) *
					b->trk[i].out_bytes +
					(uint64_t)(b->trk[i].length + b->trk[i].pad) * b->trk[i].out_bytes;
	return 0;
}
