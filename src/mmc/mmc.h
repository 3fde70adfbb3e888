/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mmc.h — SCSI MMC command layer: pure CDB builders and response parsers.
 *
 * No I/O happens here. A builder fills a struct scsi_cmd (CDB, direction,
 * buffer, length, timeout) and returns nothing that can fail; a parser reads
 * the bytes a device returned and checks every offset against the length it
 * was given (the transferred length, i.e. data_len - resid), returning 0 or
 * DB_ESHORT / DB_EINVAL. Section numbers cite MMC-6 (T10/1836-D r2g) unless
 * noted; SPC-4 for the primary commands.
 *
 * src/drive.h wraps these with I/O (build, device_run, parse).
 */
#ifndef DISCBURN_MMC_H
#define DISCBURN_MMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "transport.h"

enum mmc_opcode {
	MMC_TEST_UNIT_READY     = 0x00,
	MMC_REQUEST_SENSE       = 0x03,
	MMC_FORMAT_UNIT         = 0x04,
	MMC_INQUIRY             = 0x12,
	MMC_START_STOP_UNIT     = 0x1B,
	MMC_PREVENT_ALLOW       = 0x1E,
	MMC_READ_FORMAT_CAPS    = 0x23,
	MMC_READ_CAPACITY       = 0x25,
	MMC_READ10              = 0x28,
	MMC_WRITE10             = 0x2A,
	MMC_SYNCHRONIZE_CACHE   = 0x35,
	MMC_READ_TOC            = 0x43,
	MMC_GET_CONFIGURATION   = 0x46,
	MMC_GET_EVENT_STATUS    = 0x4A,
	MMC_READ_DISC_INFO      = 0x51,
	MMC_READ_TRACK_INFO     = 0x52,
	MMC_RESERVE_TRACK       = 0x53,
	MMC_SEND_OPC            = 0x54,
	MMC_MODE_SELECT10       = 0x55,
	MMC_MODE_SENSE10        = 0x5A,
	MMC_CLOSE_TRACK_SESSION = 0x5B,
	MMC_READ_BUFFER_CAP     = 0x5C,
	MMC_SEND_CUE_SHEET      = 0x5D,
	MMC_BLANK               = 0xA1,
	MMC_READ12              = 0xA8,
	MMC_WRITE12             = 0xAA,
	MMC_GET_PERFORMANCE     = 0xAC,
	MMC_READ_DISC_STRUCTURE = 0xAD,
	MMC_SET_STREAMING       = 0xB6,
	MMC_SET_CD_SPEED        = 0xBB,
	MMC_READ_SUBCHANNEL     = 0x42,
	MMC_READ_CD_MSF         = 0xB9,
	MMC_READ_CD             = 0xBE,
};

/* Profiles (MMC-6 5.3.1). */
enum mmc_profile {
	PROF_NONE = 0x0000, PROF_CD_ROM = 0x0008, PROF_CD_R = 0x0009, PROF_CD_RW = 0x000A,
	PROF_DVD_ROM = 0x0010, PROF_DVD_R_SEQ = 0x0011, PROF_DVD_RAM = 0x0012,
	PROF_DVD_RW_RO = 0x0013, PROF_DVD_RW_SEQ = 0x0014, PROF_DVD_R_DL_SEQ = 0x0015,
	PROF_DVD_R_DL_JUMP = 0x0016, PROF_DVD_PLUS_RW = 0x001A, PROF_DVD_PLUS_R = 0x001B,
	PROF_DVD_PLUS_RW_DL = 0x002A, PROF_DVD_PLUS_R_DL = 0x002B,
	PROF_BD_ROM = 0x0040, PROF_BD_R_SRM = 0x0041, PROF_BD_R_RRM = 0x0042, PROF_BD_RE = 0x0043,
};

/* "blank", "appendable", "complete", "other" for READ DISC INFORMATION's
 * disc status (enum mmc_disc_status). What each profile can do is in
 * mmc/disctype.h. */
const char *mmc_disc_status_name(uint8_t status);

/* Default timeouts, with their reasons. */
enum {
	MMC_TIMEOUT_SHORT_MS = 30000,   /* a command that only answers a question */
	MMC_TIMEOUT_WRITE_MS = 60000,   /* a WRITE may wait for the buffer to drain */
	MMC_TIMEOUT_LONG_MS  = 3600000, /* CLOSE / SYNC CACHE / BLANK without IMMED: minutes on slow media */
};

/* ---- builders: fill c (zeroing it first); buf is the data phase ---------- */
void mmc_build_test_unit_ready(struct scsi_cmd *c);
void mmc_build_request_sense(struct scsi_cmd *c, void *buf, uint8_t alloc);
void mmc_build_inquiry(struct scsi_cmd *c, void *buf, uint8_t alloc);
/* rt: 0 all, 1 current, 2 one feature starting at start_feature */
void mmc_build_get_configuration(struct scsi_cmd *c, uint8_t rt, uint16_t start_feature,
				 void *buf, uint16_t alloc);
void mmc_build_read_disc_info(struct scsi_cmd *c, void *buf, uint16_t alloc);
/* addr_type 1: by track number; 0: by LBA; 2: by session number. */
void mmc_build_read_track_info(struct scsi_cmd *c, uint8_t addr_type, uint32_t addr,
			       void *buf, uint16_t alloc);
/* format 0 TOC, 1 session info, 2 full TOC, 4 ATIP; msf selects MSF addressing */
void mmc_build_read_toc(struct scsi_cmd *c, uint8_t format, bool msf, uint8_t track,
			void *buf, uint16_t alloc);
void mmc_build_read_capacity(struct scsi_cmd *c, void *buf /* 8 bytes */);
void mmc_build_read_format_capacities(struct scsi_cmd *c, void *buf, uint16_t alloc);
void mmc_build_mode_sense10(struct scsi_cmd *c, uint8_t page, void *buf, uint16_t alloc);
/* buf holds the mode parameter header (8 bytes) + page, len in total */
void mmc_build_mode_select10(struct scsi_cmd *c, void *buf, uint16_t len);
void mmc_build_reserve_track(struct scsi_cmd *c, uint32_t blocks);
void mmc_build_send_cue_sheet(struct scsi_cmd *c, void *buf, uint32_t len);
void mmc_build_write10(struct scsi_cmd *c, uint32_t lba, uint16_t blocks,
		       const void *buf, uint32_t len);
void mmc_build_write12(struct scsi_cmd *c, uint32_t lba, uint32_t blocks,
		       const void *buf, uint32_t len);
void mmc_build_read10(struct scsi_cmd *c, uint32_t lba, uint16_t blocks, void *buf, uint32_t len);
void mmc_build_read12(struct scsi_cmd *c, uint32_t lba, uint32_t blocks, void *buf, uint32_t len);
/* block: 1 = report in blocks (BLOCK bit), 0 = in bytes */
void mmc_build_read_buffer_capacity(struct scsi_cmd *c, bool block, void *buf /* 12 bytes */);
void mmc_build_synchronize_cache(struct scsi_cmd *c, bool immed);
/* func: 1 close track, 2 close session/finalize (DVD+R: close session),
 * 5 / 6 DVD+R close session / finalize (MMC-6 6.3.3), number = track number */
void mmc_build_close_track_session(struct scsi_cmd *c, bool immed, uint8_t func, uint16_t number);
/* speeds in kB/s; 0xFFFF = maximum */
void mmc_build_set_cd_speed(struct scsi_cmd *c, uint16_t read_kbps, uint16_t write_kbps);
/* buf: 28-byte performance descriptor built by mmc_fill_streaming_descriptor */
void mmc_build_set_streaming(struct scsi_cmd *c, void *buf, uint16_t len);
void mmc_fill_streaming_descriptor(uint8_t out[28], uint32_t end_lba,
				   uint32_t read_kbps, uint32_t write_kbps);
/* type 0x03: write speed descriptors */
void mmc_build_get_performance(struct scsi_cmd *c, uint8_t type, uint16_t max_desc,
			       void *buf, uint32_t alloc);
/* start/loej: START STOP UNIT bits; eject = start 0 loej 1; load = start 1 loej 1 */
void mmc_build_start_stop(struct scsi_cmd *c, bool immed, bool start, bool loej);
void mmc_build_prevent_allow(struct scsi_cmd *c, bool prevent);
/* type: 0 blank all, 1 minimal, 2 track, 3 unreserve, 4 track tail, 5 unclose, 6 session */
void mmc_build_blank(struct scsi_cmd *c, bool immed, uint8_t type, uint32_t addr);
/* FORMAT UNIT with FmtData=1; buf: 4-byte list header + 8-byte descriptor
 * (mmc_fill_format_descriptor). The timeout is short when the list asks IMMED. */
void mmc_build_format_unit(struct scsi_cmd *c, void *buf, uint16_t len);
/* Fill the 12-byte FORMAT UNIT parameter list (MMC-6 6.5.3). immed also sets
 * FOV, without which a drive ignores IMMED. */
void mmc_fill_format_descriptor(uint8_t out[12], bool immed, uint32_t blocks,
				uint8_t format_type, uint32_t param);
void mmc_build_get_event_status(struct scsi_cmd *c, bool polled, uint8_t class_mask,
				void *buf, uint16_t alloc);

/* ---- parsed responses ---------------------------------------------------- */
struct mmc_inquiry {
	uint8_t peripheral_type;        /* 5 = CD/DVD device */
	uint8_t qualifier;
	bool removable;
	char vendor[9], model[17], revision[5];  /* trailing blanks trimmed */
};
int mmc_parse_inquiry(const uint8_t *buf, size_t len, struct mmc_inquiry *out);

#define MMC_MAX_PROFILES 32
struct mmc_config {
	uint16_t current_profile;
	unsigned nprofiles;
	uint16_t profiles[MMC_MAX_PROFILES];    /* from the Profile List feature */
	/* core features seen (MMC-6 5.3) */
	bool f_incremental;     /* 0x0021 Incremental Streaming Writable */
	bool f_cd_tao;          /* 0x002D */
	bool f_cd_sao;          /* 0x002E CD Mastering (SAO) */
	bool f_cd_raw;          /* 0x002E: raw writing (RAW bit) */
	bool f_cd_raw_ms;       /* 0x002E: raw writing of a multi-session CD (Raw MS) */
	bool f_cd_rw;           /* 0x0037 CD-RW media write support */
	bool f_dvd_minus_write; /* 0x002F DVD-R/-RW Write */
	bool f_dvd_plus_r;      /* 0x002B */
	bool f_dvd_plus_rw;     /* 0x002A */
	bool f_bd_write;        /* 0x0041 */
	bool f_rt_streaming;    /* 0x0107 */
	bool f_blank;           /* BLANK works: 0x002C Blank bit, or the CD-RW / DVD-RW
				 * bit of 0x002D, 0x002E, 0x002F */
	bool f_test_write;      /* any write feature with Test Write bit */
	bool f_burnfree;        /* BUF bit in CD TAO/SAO or DVD-R write */
};
int mmc_parse_configuration(const uint8_t *buf, size_t len, struct mmc_config *out);

enum mmc_disc_status { DISC_EMPTY = 0, DISC_APPENDABLE = 1, DISC_COMPLETE = 2, DISC_OTHER = 3 };
struct mmc_disc_info {
	uint8_t status;             /* enum mmc_disc_status */
	uint8_t last_session_state; /* 0 empty, 1 incomplete, 2 reserved/damaged, 3 complete */
	bool erasable;
	uint16_t first_track;
	uint16_t sessions;
	uint16_t first_track_last_session, last_track_last_session;
	uint8_t disc_type;          /* CD-DA/ROM 0x00, CD-I 0x10, XA 0x20 */
	uint8_t bg_format_status;   /* DVD+RW/BD-RE background format, 0..3 */
	/* As the drive sent them: on CD 00:M:S:F, on DVD/BD an LBA; FFFFFFFFh
	 * when not valid. The format depends on the medium, which this answer
	 * does not tell: convert with mmc_disc_addr_lba(). */
	uint32_t last_session_leadin;
	uint32_t last_leadout_start;
};
/* Needs the first 24 bytes (through the lead-out address), else DB_ESHORT. */
int mmc_parse_disc_info(const uint8_t *buf, size_t len, struct mmc_disc_info *out);
/* Convert a disc information address field to an LBA (msf: a CD medium).
 * Returns false when the field says "not valid" or is not a proper MSF. */
bool mmc_disc_addr_lba(uint32_t raw, bool msf, int32_t *lba);

struct mmc_track_info {
	uint16_t track, session;
	bool damage, copy, blank, packet, fixed, rt, nwa_valid, lra_valid;
	uint8_t track_mode, data_mode;
	uint32_t start_lba, nwa, free_blocks, fixed_packet_size, size, lra;
};
/* Needs 28 bytes; LRA and the track/session MSBs are read when present. */
int mmc_parse_track_info(const uint8_t *buf, size_t len, struct mmc_track_info *out);

struct mmc_capacity { uint32_t last_lba; uint32_t block_len; };
int mmc_parse_read_capacity(const uint8_t *buf, size_t len, struct mmc_capacity *out);

struct mmc_buffer_cap {
	uint32_t size;          /* bytes; with block=1 MMC reserves the field (often 0) */
	uint32_t free;
};
int mmc_parse_buffer_capacity(const uint8_t *buf, size_t len, bool block,
			      struct mmc_buffer_cap *out);

#define MMC_MAX_SPEEDS 16
struct mmc_speeds {             /* GET PERFORMANCE type 3, write speed descriptors */
	unsigned n;
	uint32_t write_kbps[MMC_MAX_SPEEDS];
	uint32_t end_lba[MMC_MAX_SPEEDS];
};
int mmc_parse_write_speeds(const uint8_t *buf, size_t len, struct mmc_speeds *out);
/* GET PERFORMANCE type 00h with Write set, Except 00b (MMC-6 6.8.2.3): the
 * write performance the drive runs at now over the disc, in kB/s — the
 * larger of the first descriptor's start and end figures (a CAV drive
 * speeds up towards the outer edge). 0 when it lists no descriptor. */
int mmc_parse_write_performance(const uint8_t *buf, size_t len, uint32_t *kbps);

/* Mode page 05, write parameters (MMC-6 7.5). */
enum mmc_write_type { WT_PACKET = 0, WT_TAO = 1, WT_SAO = 2, WT_RAW = 3, WT_LAYER_JUMP = 4 };
struct mmc_write_params {
	uint8_t write_type;     /* enum mmc_write_type */
	bool test_write;
	bool bufe;              /* buffer underrun free (BURN-Free) */
	bool ls_v;
	uint8_t multisession;   /* 0 no next session, 3 next session allowed */
	bool fp;                /* fixed packet */
	uint8_t track_mode;     /* 4 = data uninterrupted, 5 = data incremental */
	uint8_t data_block_type;/* 8 = mode 1 2048, 10 = mode 2 form 1 ... 0 = raw 2352 */
	uint8_t session_format; /* 0x00 CD-DA/ROM, 0x10 CD-I, 0x20 CD-ROM XA */
	uint32_t packet_size;
	uint16_t audio_pause;   /* seconds*75 */
	/* CD: with `codes`, mmc_patch_write_codes() writes these too; without,
	 * they stay as the drive has them (parsed when the page has them) */
	bool codes;
	bool copy;              /* byte 3 bit 4: the copy bit of SCMS (TAO audio) */
	char mcn[14];           /* bytes 16-31: MCVAL and 13 digits, "" none */
	char isrc[13];          /* bytes 32-47: TCVAL and 12 characters, "" none */
	uint8_t subheader[4];   /* bytes 48-51: CD-ROM XA sub-header (data block type 10) */
};
/* Locate page_code in a MODE SENSE(10) answer (header and block descriptors
 * skipped). *page points at the page code byte; *page_len is the number of
 * page bytes present, at most 2 + the page length byte. DB_ESHORT when not
 * even the page header arrived, DB_EINVAL when another page is there. */
int mmc_mode_page(const uint8_t *buf, size_t len, uint8_t page_code,
		  const uint8_t **page, size_t *page_len);
/* Parse a MODE SENSE(10) answer for page 05 (needs 16 page bytes). */
int mmc_parse_write_params(const uint8_t *buf, size_t len, struct mmc_write_params *out);
/* Write the fields of p into an existing page 05 (at least 16 bytes), keeping
 * every other bit the drive reported (link size, host application code, MCN,
 * ISRC, subheader, copy bit), and clear PS as MODE SELECT requires. */
void mmc_patch_write_params(uint8_t *page, const struct mmc_write_params *p);
/* Build a MODE SELECT(10) parameter list for page 05 from zeros into out
 * (out_size >= 8+0x34). Returns the length to send, 0 when out is too small. */
size_t mmc_fill_write_params(uint8_t *out, size_t out_size, const struct mmc_write_params *p);
/* Write the CD fields of p (copy bit, catalog number, ISRC, sub-header)
 * into a page 05 of len bytes (from its page code). False when the page is
 * shorter than the 52 bytes they need. */
bool mmc_patch_write_codes(uint8_t *page, size_t len, const struct mmc_write_params *p);

/* Mode page 2A, capabilities (MMC-3 5.5.10 / MMC-6 annex). */
struct mmc_caps {
	bool read_cdr, read_cdrw, read_dvdrom, read_dvdr, read_dvdram;
	bool write_cdr, write_cdrw, write_dvdr, write_dvdram;
	bool test_write, burnfree, multisession, eject, lock;
	uint32_t buffer_kb;
	uint32_t max_read_kbps, cur_write_kbps, max_write_kbps;
	unsigned nspeeds;
	uint32_t write_speeds_kbps[MMC_MAX_SPEEDS];
};
int mmc_parse_caps(const uint8_t *buf, size_t len, struct mmc_caps *out);

/* Vendor mode page 30h, which MMC does not define: drives of Ricoh's lineage
 * (and many built on them) keep their BURN-Free ("Just-Link") state there,
 * and cdrecord reads the count of lossless links from it after a burn.
 * Byte 2 bit 0: BURN-Free supported; byte 3 bit 0: enabled; bytes 4-5: the
 * links the drive made (each an underrun it absorbed). MMC itself has no
 * such counter. */
struct mmc_link_page {
	bool supported, enabled;
	uint16_t links;
};
int mmc_parse_link_page(const uint8_t *buf, size_t len, struct mmc_link_page *out);

/* GET EVENT STATUS NOTIFICATION, media class (class_mask 0x10). valid is
 * false when the drive reported no event of that class (NEA or another class). */
struct mmc_event_media {
	bool valid;
	bool nea;               /* no event available */
	uint8_t event;          /* 0 none, 1 eject request, 2 new media, 3 removal... */
	bool present;           /* media present */
	bool tray_open;
};
int mmc_parse_event_media(const uint8_t *buf, size_t len, struct mmc_event_media *out);

/* READ TOC format 0, asked in LBA form (msf false) */
#define MMC_MAX_TRACKS 99
struct mmc_toc {
	uint8_t first, last;
	unsigned n;
	struct { uint8_t track, adr_ctl; uint32_t lba; } e[MMC_MAX_TRACKS + 1]; /* +lead-out (0xAA) */
};
int mmc_parse_toc(const uint8_t *buf, size_t len, struct mmc_toc *out);
/* READ TOC format 1: first track number and start of the last complete session */
struct mmc_session_info { uint8_t first_session, last_session, first_track_last; uint32_t lba; };
int mmc_parse_session_info(const uint8_t *buf, size_t len, struct mmc_session_info *out);

/* READ TOC format 4, ATIP (MMC-6 6.26.3.6): CD-R/RW only. */
struct mmc_atip {
	uint8_t write_power;    /* indicative target writing power, 0..7 */
	bool uru;               /* URU: unrestricted use; clear on a restricted-use
				 * (audio-only consumer) disc */
	bool erasable;          /* CD-RW */
	uint8_t sub_type;       /* disc sub-type (CD-RW: speed class) */
	bool a1_valid, a2_valid, a3_valid;
	uint8_t leadin_m, leadin_s, leadin_f;   /* start of lead-in: the manufacturer code */
	int32_t leadin_lba;
	int32_t leadout_lba;    /* last possible start of the lead-out */
	uint8_t leadout_m, leadout_s, leadout_f;
};
int mmc_parse_atip(const uint8_t *buf, size_t len, struct mmc_atip *out);
/* The disc manufacturer the lead-in start 97:SS:FF names in the Orange
 * Book registry (atip.c), or NULL when the code is not listed. */
const char *mmc_atip_manufacturer(uint8_t m, uint8_t s, uint8_t f);
/* A CD-R's dye by the last digit of that frame: a long strategy dye
 * (cyanine, azo) below 5, a short strategy one (phthalocyanine) from 5. */
bool mmc_atip_long_strategy(uint8_t f);

/* READ FORMAT CAPACITIES */
#define MMC_MAX_FORMATS 16
struct mmc_format_caps {
	uint32_t cur_blocks;
	uint8_t cur_type;       /* 1 unformatted, 2 formatted, 3 no media */
	unsigned n;
	struct { uint32_t blocks; uint8_t format_type; uint32_t param; } d[MMC_MAX_FORMATS];
};
int mmc_parse_format_capacities(const uint8_t *buf, size_t len, struct mmc_format_caps *out);

/* ---- SAO cue sheet (MMC-6 6.33, CD) ------------------------------------- */
/* Build the cue sheet for a single mode 1 data track of `blocks` sectors
 * starting at LBA 0 (lead-in, 2 s pregap from LBA -150, track 1, lead-out).
 * The pregap is host data (form 10h, as libburn and cdrdao send it): after
 * SEND CUE SHEET the writer must WRITE 150 zero sectors of 2048 bytes at LBA
 * -150..-1, then the image from LBA 0; the drive writes lead-in and lead-out.
 * Returns bytes written to out (32) or 0 when out_size is too small, blocks is
 * below the 300-sector minimum track length (pad the image), or the lead-out
 * would not fit in MSF addressing. */
size_t mmc_cue_single_data_track(uint8_t *out, size_t out_size, uint32_t blocks);

/* LBA <-> MSF, CD addressing (LBA 0 = 00:02:00). */
void mmc_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f);
int32_t mmc_msf_to_lba(uint8_t m, uint8_t s, uint8_t f);

#endif
