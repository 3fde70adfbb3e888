/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disc.h — a disc in a drive as something to read.
 *
 * What reading a disc needs, whatever is done with the bytes (a file, a
 * check against an image, the stream of a duplication): what the disc holds
 * (disc_probe: its tracks and sessions), which sectors make its image and
 * exactly how long that image is (disc_plan), and reading sectors with a
 * bounded number of tries each (struct disc_reader).
 *
 * The length of a data track's image is that of the volume it holds, not
 * the track's: a track written TAO on CD ends with run-out blocks the drive
 * added, -pad adds zeros, DVD-R DAO rounds up to whole ECC blocks, and none
 * of that is part of the image that was burnt. So the volume decides: the
 * ISO 9660 volume space size, the end of a UDF partition, or a hybrid's
 * partition table when it reaches further (an image burnt whole with its
 * appended partitions); never beyond the track. A track with no volume we
 * recognise is read whole, less its run-out when those blocks do not read.
 *
 * "All sessions" is the disc as an image addresses it: from LBA 0 to the end
 * of the last data track, every data track at its own LBA and the gaps
 * between sessions (lead-out, lead-in: no sectors at all) as zeros, so the
 * last session's volume, which points into the earlier ones, reads in the
 * file as it does on the disc. "Session N" is that session's data alone,
 * from its first LBA.
 *
 * Audio tracks are counted but not planned: reading them (READ CD into a
 * BIN/CUE with its pregaps, indices, ISRC, MCN and CD-TEXT) is a plan of
 * another kind, made of the same struct disc and read through the same
 * struct disc_reader with a raw sector size.
 */
#ifndef DISCBURN_DISC_H
#define DISCBURN_DISC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "image/iso.h"

struct device;

#define DISC_SECTOR 2048u
#define DISC_MAX_TRACKS 99

/* Where a data track's length came from. */
enum disc_length_from {
	DLEN_TRACK,             /* the track's size as the drive reports it */
	DLEN_ISO9660,           /* the ISO 9660 volume space size */
	DLEN_UDF,               /* the end of the UDF partition */
	DLEN_PARTITIONS,        /* a hybrid's MBR/GPT reaches beyond the volume */
	DLEN_NO_RUNOUT,         /* the track less its unreadable run-out blocks */
	DLEN_RANGE,             /* sectors= said so */
	DLEN_LEADOUT,           /* a CD session whole, to its lead-out (BIN/CUE) */
};
const char *disc_length_from_name(enum disc_length_from f);

struct disc_track {
	unsigned number, session;
	bool data;              /* a data track (else audio) */
	uint32_t start;         /* LBA */
	uint32_t size;          /* sectors, as the drive reports them */
	uint32_t length;        /* sectors of the image it holds (disc_plan) */
	enum disc_length_from from;
	bool volume_beyond;     /* the volume claims more than the track holds */
	char volume_id[33];     /* the volume's name, "" if none */
};

struct disc {
	uint16_t profile;
	uint8_t status;         /* enum mmc_disc_status */
	unsigned nsessions;     /* sessions with tracks */
	unsigned ntracks;
	struct disc_track track[DISC_MAX_TRACKS];
	unsigned ndata, naudio;
};

/* Reading sectors, each tried a bounded number of times. */
struct disc_reader {
	struct device *d;
	const char *name;               /* the drive, for messages */
	unsigned retries;               /* tries after a sector's first failure */
	uint32_t max_blocks;            /* sectors per READ; 0 = 32 (64 KiB) */
	uint32_t sector_bytes;          /* 0 or 2048: user data, READ(10)/(12);
					 * 2352: whole CD sectors of any kind, READ CD */
	const atomic_int *cancel;
	/* told of each sector that failed at least once: read in the end
	 * after `tries` (ok), or given up after them (ok false, why) */
	void (*note)(void *ctx, uint32_t lba, unsigned tries, bool ok, const struct db_error *why);
	void *ctx;
	/* counts, for the statistics */
	uint64_t commands, failed_commands;
};

/* What the disc holds: TEST UNIT READY (an open tray is closed), the
 * profile, READ DISC INFORMATION, READ TRACK INFORMATION of every track
 * (READ TOC when the drive answers no track information). Fails with
 * NO_DISC, READ_BLANK_DISC, or the drive's failure. */
int disc_probe(struct disc_reader *r, struct disc *out, struct db_error *err);

/* Which sectors make the image. */
struct disc_span {
	uint32_t lba, count;
};

struct disc_plan {
	uint32_t first;         /* LBA of the image's first sector */
	uint32_t sectors;       /* the image's sectors */
	uint32_t sector_bytes;  /* 2048, or 2352 for a BIN of whole CD sectors */
	uint64_t bytes;         /* sectors * sector_bytes */
	unsigned nspans;        /* the parts of it on the disc; the rest is zeros */
	struct disc_span span[DISC_MAX_TRACKS];
	unsigned sessions;      /* how many sessions it covers */
	int volume_track;       /* index in disc.track of the track whose volume
				 * the image presents (the last data track), -1 none */
	enum disc_length_from from;     /* how the last span's length was found */
	bool volume_beyond;     /* a volume claims more than its track holds */
	uint32_t end_lba;       /* the end (exclusive) of the tracks the plan reads
				 * from: how far a check may read past it */
};

struct disc_plan_params {
	unsigned session;       /* 0 = all sessions */
	bool ranged;            /* sectors=A-B: exactly LBAs [a, b) */
	uint32_t a, b;
};

/* Plan the image of the disc (reading the volume descriptors of the data
 * tracks through r). READ_NO_DATA_TRACK, READ_NO_SESSION,
 * READ_RANGE_OUTSIDE, or a failure reading them. */
int disc_plan(struct disc_reader *r, struct disc *disc, const struct disc_plan_params *p,
	      struct disc_plan *out, struct db_error *err);

/* A CD session whole as a BIN of 2352-byte sectors: LBAs [first, leadout). */
void disc_plan_raw(int32_t first, int32_t leadout, unsigned session, struct disc_plan *out);

/* Is image sector i between the plan's spans (a gap between sessions, which
 * the image holds as zeros)? */
bool disc_plan_in_gap(const struct disc_plan *pl, uint32_t i);

/* The end (image sector, exclusive) of the gap or span sector i lies in. */
uint32_t disc_plan_region_end(const struct disc_plan *pl, uint32_t i);

/* The text a map knows this disc and plan by:
 * first=N sectors=N disc=PROFILE volume="ID" (the volume of the plan's
 * volume track). */
void disc_plan_ident(const struct disc *disc, const struct disc_plan *plan, char *out,
		     size_t size);

/* ---- reading ------------------------------------------------------------------ */

/* One READ of n sectors at lba into buf. */
int disc_read_once(struct disc_reader *r, uint32_t lba, uint32_t n, void *buf,
		   struct db_error *err);

/* Read one sector, with up to `tries` tries (at least 1); *used tells how
 * many were made. 0 or the last failure. A failure of the drive itself (not
 * of the sector) and cancellation stop at once. */
int disc_read_sector(struct disc_reader *r, uint32_t lba, void *buf, unsigned tries,
		     unsigned *used, struct db_error *err);

/* Read n sectors into buf: READs of max_blocks sectors, and when one fails
 * on the medium, its sectors one by one with 1 + retries tries each. 0 when
 * every sector was read; else the failure, err->lba naming the sector that
 * stayed unreadable and err->n1 the tries it got. */
int disc_read_all(struct disc_reader *r, uint32_t lba, uint32_t n, void *buf,
		  struct db_error *err);

/* Bytes of [first, first + sectors) as an iso_source, read through r with a
 * small cache (the inspector reads pieces of the same sectors). */
struct disc_source {
	struct iso_source src;
	struct disc_reader *r;
	uint32_t first, sectors;
	uint32_t cache_lba, cache_n;
	uint8_t *cache;
	struct db_error err;    /* why the last read failed */
};
int disc_source_init(struct disc_source *s, struct disc_reader *r, uint32_t first,
		     uint32_t sectors, struct db_error *err);
void disc_source_free(struct disc_source *s);

/* Where the next session of an overwritable disc of disc_blocks sectors
 * starts (growisofs -M style: one volume from LBA 0, its descriptors at LBA
 * 16 rewritten per session): after everything the disc's own structures say
 * was written -- the ISO 9660 and UDF volumes, a hybrid's MBR and GPT
 * partitions and GPT backup header, the El Torito boot images -- rounded up
 * to whole ECC blocks of ecc sectors. Not only after the ISO volume: a hybrid
 * image's EFI partition lies beyond it, and a session there would overwrite
 * it. A structure that claims more than the disc holds is not believed.
 * pvd gets LBA 16's primary volume descriptor (not valid: no volume, and
 * *next is 0). Returns 0, or the code of a read that failed (at LBA 16, or
 * of the structures: a disc that cannot be read whole there gets no answer,
 * rather than one that may write over what it holds; blank sectors, which
 * hold nothing, are no failure). */
int disc_overwrite_next(struct device *d, uint32_t disc_blocks, uint32_t ecc,
			struct iso_pvd *pvd, uint32_t *next, struct db_error *err);

/* Inspect the image the plan describes (its volume track's volume). */
int disc_inspect(struct disc_reader *r, const struct disc *disc, const struct disc_plan *plan,
		 struct iso_report *out, struct db_error *err);

#endif
