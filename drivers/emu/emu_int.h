/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emu_int.h — the emulator's internal model, shared by its source files.
 *
 * A disc is a list of tracks. The last track of an unfinished disc is the
 * "invisible" track (MMC-5, READ TRACK INFORMATION): it starts at the next writable address
 * and grows as it is written; closing it fixes its size and opens a new
 * invisible track behind it. Reserved tracks (RESERVE TRACK, SAO cue sheet)
 * have a fixed size before they are written. Overwritable media (DVD+RW,
 * BD-RE, DVD-RW restricted overwrite) are one closed track once formatted.
 */
#ifndef DISCBURN_EMU_INT_H
#define DISCBURN_EMU_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>
#include "emu.h"

#define EMU_BLOCK        2048
#define EMU_MAX_TRACKS   99
#define EMU_MAX_FAULTS   32
#define EMU_MAX_SPEEDS   8
#define EMU_PAGE01_LEN   12     /* mode page 01h with its 2-byte header */
#define EMU_MAX_INDEX    98     /* CD indices 2..99 of a track */
#define EMU_MAX_PACKS    2048   /* CD-TEXT packs kept (8 blocks of 256) */

enum emu_family { EMU_FAM_CD, EMU_FAM_DVD, EMU_FAM_BD };

enum emu_kind {
	EMU_CD_R, EMU_CD_RW, EMU_DVD_R, EMU_DVD_RW, EMU_DVD_RW_RO,
	EMU_DVD_PLUS_R, EMU_DVD_PLUS_RW, EMU_DVD_PLUS_R_DL, EMU_BD_R, EMU_BD_RE,
	EMU_DVD_R_DL, EMU_DVD_PLUS_RW_DL, EMU_DVD_RAM,
	EMU_CD_ROM, EMU_DVD_ROM, EMU_BD_ROM,
	EMU_KIND_COUNT
};

struct emu_kind_info {
	const char *name;
	uint16_t profile;
	enum emu_family family;
	uint32_t capacity;      /* user blocks of a fresh disc */
	bool erasable;          /* BLANK works (CD-RW, DVD-RW) */
	bool overwrite;         /* random writes once formatted */
	bool test_write;        /* simulation exists for this media */
	uint16_t ecc;           /* blocks per ECC unit: 1, 16, 32 */
	uint16_t max_x10;       /* fastest write speed, x * 10 */
	bool dash;              /* DVD-R/-RW/-R DL sequential: page 05, DAO or
				 * incremental (MMC-5 4.5) */
	bool plus;              /* DVD+R/+RW family: ADIP, no page 05 */
	bool dual_layer;
	bool needs_format;      /* overwritable, blank until FORMAT UNIT (DVD+RW,
				 * BD-RE); the others arrive formatted */
	uint8_t book;           /* DVD book type (PFI byte 0 bits 7-4) */
	uint8_t layer_byte;     /* PFI byte 2: layers, track path, layer type */
	bool rom;               /* pressed: made from an image, never written */
};

extern const struct emu_kind_info emu_kinds[EMU_KIND_COUNT];

enum emu_trk_state { TRK_INVISIBLE = 0, TRK_RESERVED = 1, TRK_CLOSED = 2 };

/* What a CD track's sectors hold (ECMA-130 14, CD-ROM XA). DVD and BD
 * tracks are always FORM_MODE1 (2048-byte user data). */
enum emu_form {
	FORM_MODE1 = 0,         /* CD-ROM mode 1: 2048 bytes of user data */
	FORM_AUDIO = 1,         /* CD-DA: 2352 bytes of samples */
	FORM_MODE2 = 2,         /* mode 2 formless: 2336 bytes */
	FORM_XA = 3,            /* mode 2 form 1 / form 2 (CD-ROM XA) */
};

/* The kind of one sector as READ CD tells them apart (MMC-5 6.19, the
 * Expected Sector Type codes). */
enum emu_sector { SEC_AUDIO = 1, SEC_MODE1 = 2, SEC_MODE2 = 3, SEC_FORM1 = 4, SEC_FORM2 = 5 };

struct emu_track {
	int32_t start;          /* first user block (CD: index 1) */
	uint32_t size;          /* fixed size; 0 while invisible */
	uint32_t written;       /* blocks written from start */
	uint8_t state;          /* enum emu_trk_state */
	uint8_t session;        /* 1-based */
	uint8_t mode;           /* CD control nibble: 4 data, 8 four channels,
				 * 2 copy permitted, 1 pre-emphasis */
	uint8_t damaged;
	uint8_t form;           /* enum emu_form */
	uint32_t pregap;        /* CD: blocks of index 0 before start */
	bool scms;              /* CD: SCMS, the alternating copy bit */
	char isrc[13];          /* CD audio: ISRC, 12 characters, "" if none */
	uint8_t nidx;           /* CD: indices past 1 */
	int32_t idx[EMU_MAX_INDEX];  /* their first blocks: index 2, 3, ... */
};

struct emu_disc {
	enum emu_kind kind;
	uint32_t capacity;
	unsigned sessions;      /* closed sessions */
	bool finalized;
	bool formatted;
	uint32_t spare;         /* BD-R formatted with spare areas: blocks they
				 * take from the blank disc's capacity */
	uint32_t burnfree_count;
	uint32_t underruns;
	unsigned ntracks;
	struct emu_track trk[EMU_MAX_TRACKS + 1];
	bool has_bin;           /* CD: PATH.bin holds every sector, 2352 bytes */
	bool has_sub;           /* CD: PATH.sub holds R-W a host sent, 96 bytes */
	char mcn[14];           /* CD: media catalog number, 13 digits, "" if none */
	unsigned npacks;        /* CD-TEXT packs in the first lead-in */
	uint8_t *packs;         /* npacks * 18 bytes, as written (CRC included) */
};

enum emu_fault_kind {
	FAULT_MEDIUM_ERROR, FAULT_CORRUPT, FAULT_READ_ERROR, FAULT_NOT_READY,
	FAULT_LWIP, FAULT_UNIT_ATTENTION, FAULT_OPC_FAIL, FAULT_TIMEOUT,
	FAULT_VANISH, FAULT_SHORT, FAULT_GARBLE, FAULT_SLOW, FAULT_FLAKY, FAULT_FAIL,
	FAULT_FLIP,
	FAULT_EMPTY,
};

struct emu_fault {
	enum emu_fault_kind kind;
	uint32_t arg;           /* LBA, count or opcode */
	uint32_t arg2;          /* slow: milliseconds; flaky: failures left */
	bool used;
};

/* Mode page 05 as last selected (MMC-5 7.5.4). */
struct emu_wparams {
	uint8_t write_type;     /* 0 packet/incremental, 1 TAO, 2 SAO, 3 RAW */
	bool test_write;
	bool bufe;
	bool ls_v;
	uint8_t multisession;   /* 0 or 3 */
	bool fp;
	uint8_t track_mode;
	uint8_t data_block_type;
	uint8_t session_format;
	uint32_t packet_size;
	char mcn[14];           /* bytes 16-31: catalog number if MCVAL */
	char isrc[13];          /* bytes 32-47: ISRC if TCVAL */
	uint8_t subheader[4];   /* bytes 48-51: CD-ROM XA sub-header */
};

/* One point of a cue sheet: from lba on, track tno index idx in data form
 * form (MMC-5 6.33.3: control nibble, data form of main data in bits 5-0,
 * of sub-channel in bits 7-6). The lead-out is the last point. */
struct emu_cue_point {
	int32_t lba;
	uint8_t tno, idx, form, ctl;
};

#define EMU_MAX_CUE 1024

/* A CD SAO session announced by SEND CUE SHEET (MMC-5 6.33). */
struct emu_sao {
	bool active;
	int32_t first;          /* first LBA of the program area (track 1 index 0) */
	int32_t next;           /* next LBA expected */
	int32_t leadout;        /* LBA of the lead-out */
	int32_t leadin;         /* first lead-in block a host writes CD-TEXT to */
	bool cdtext;            /* the lead-in's data form asks for R-W (CD-TEXT) */
	unsigned npts;
	struct emu_cue_point pts[EMU_MAX_CUE];
	/* CD-TEXT packs collected from the lead-in, the first cycle */
	uint8_t *packs;
	unsigned npacks;
	bool packs_done;
};

struct emu_raw;

/* Long operation running with IMMED (BLANK, FORMAT UNIT). */
struct emu_busy {
	bool active;
	uint8_t ascq;           /* 0x04 format in progress, 0x07 operation in progress */
	unsigned polls_left;    /* speed=0: finishes after this many polls */
	unsigned polls_total;
	struct timespec start, end;   /* speed>0: finishes at end */
};

struct emu {
	struct transport t;     /* first member: the generic layer's part */
	char *base;             /* PATH as given */
	char *path;             /* the disc image now in the drive */
	char *state_path;
	int kind_opt;           /* KIND given, -1 if none */
	uint32_t size_opt;      /* size= given, 0 if none */
	bool closed_opt;
	unsigned stack;         /* stack=N: an autoloader with N discs PATH.1..N */
	unsigned stack_pos;     /* the disc in the drive (1-based); > stack: empty */
	bool loading;           /* ejected; the next disc goes in when asked */
	int fd;                 /* image file */
	bool readonly;          /* a pressed disc: its files are opened read-only */
	int bin_fd;             /* PATH.bin (raw CD sectors), -1 until needed */
	int sub_fd;             /* PATH.sub (R-W sub-channel), -1 until needed */
	FILE *log;

	struct emu_disc d;
	bool present;           /* medium in the drive */
	bool tray_open;         /* ejected: no medium until a load (kept in the state) */
	bool prevent;           /* PREVENT ALLOW MEDIUM REMOVAL */
	uint8_t event;          /* pending media event code (MMC-5 6.7, GET EVENT STATUS NOTIFICATION) */
	bool ua;                /* pending unit attention 6/28/00 */
	bool gone;              /* vanish fault fired */

	unsigned speed_x10;     /* option speed (x*10); 0 = unlimited */
	unsigned req_kbps;      /* speed asked by SET CD SPEED/STREAMING; 0 = max */
	unsigned req_read_kbps; /* read speed asked by SET CD SPEED; 0 = max */
	uint8_t page01[EMU_PAGE01_LEN];  /* read/write error recovery, as selected */
	uint32_t buffer_bytes;
	bool no_burnfree;
	bool no_blank;           /* the drive cannot blank (no CD-RW/DVD-RW bit) */
	bool no_tao, no_sao, no_raw;    /* the drive lacks that CD write type */
	bool progress_no_sense; /* busy: NO SENSE + progress instead of 2/04/xx */
	bool toc_mode5;         /* full TOC: the mode 5 points B0 and C0 too */
	int ptype;              /* peripheral device type */
	char vendor[9], model[17], revision[5], serial[21];

	struct emu_fault faults[EMU_MAX_FAULTS];
	unsigned nfaults;

	struct emu_wparams wp;
	struct emu_sao sao;
	struct emu_raw *raw;    /* RAW writing in progress (cd_raw.c), or NULL */
	struct emu_busy busy;

	/* drive buffer: fill in bytes at fill_at; drains at the write speed */
	double buf_fill;
	struct timespec buf_at;
	uint32_t buf_sector_bytes;      /* bytes a sector in the last WRITE (CD's rate) */
	bool buf_streaming;     /* a track is being written, not yet synced */

	/* test write: the simulated NWA of the invisible track */
	uint32_t sim_written;
	uint8_t sim_mode, sim_form;     /* a simulated CD track's control nibble and form */
	uint32_t link_counter;  /* vendor page 30h: BURN-Free links since power-on
				 * or since the host cleared it (MODE SELECT) */

	/* state saved at this time, blocks written since (emu_save_cadence) */
	struct timespec saved_at;
	uint32_t unsaved_blocks;

	/* the last sector a read went to: READ SUB-CHANNEL's current position */
	int32_t head_lba;

	/* answer being built */
	struct scsi_cmd *cmd;
};

/* ---- emu.c: shared helpers --------------------------------------------- */
/* Set CHECK CONDITION with fixed-format sense; returns 0 (device answered). */
int emu_sense(struct emu *e, uint8_t key, uint8_t asc, uint8_t ascq);
/* Same with the INFORMATION field set (VALID bit). */
int emu_sense_info(struct emu *e, uint8_t key, uint8_t asc, uint8_t ascq, uint32_t info);
/* Copy an answer of n bytes into the data-in buffer, bounded by the CDB's
 * allocation length alloc and by data_len; sets resid. */
int emu_reply(struct emu *e, const void *buf, size_t n, size_t alloc);
/* Persist the state file (durably: fsync); returns 0 or -errno. */
int emu_save(struct emu *e);
/* After blocks were written: save the state if EMU_SAVE_BLOCKS were
 * written or EMU_SAVE_SECONDS passed since the last save, so that a killed
 * process leaves a state that lags the disc file by a bounded amount. */
void emu_save_cadence(struct emu *e, uint32_t blocks);
#define EMU_SAVE_BLOCKS  8192u          /* 16 MiB of 2048-byte blocks */
#define EMU_SAVE_SECONDS 1.0
/* open() that never follows a symbolic link (O_NOFOLLOW, O_CLOEXEC). */
int emu_open_nofollow(const char *path, int flags, mode_t mode);
/* Replace path as a whole: a new file made by mkstemp beside it, renamed
 * over it (a link at path is replaced, not followed). */
int emu_replace_file(const char *path, const void *data, size_t n, bool durable);
/* strerror, or what ELOOP means for the emulator's files. */
const char *emu_link_why(int err);
const struct emu_kind_info *emu_ki(const struct emu *e);
/* Current write speed in kB/s (0 = unlimited). */
unsigned emu_write_kbps(const struct emu *e);
/* kB/s of 1x for the family. */
unsigned emu_kbps_1x(enum emu_family f);
/* Mark a long operation started (BLANK/FORMAT with IMMED). */
void emu_busy_start(struct emu *e, uint8_t ascq, uint32_t blocks);

/* ---- emu_fault.c: fault injection ---------------------------------------- */
/* A fault of this kind matching arg, or NULL; matching on a block range. */
struct emu_fault *emu_fault_in(struct emu *e, enum emu_fault_kind k, int64_t lba, uint32_t n);
/* The first unused fault of kind k with a count left, or NULL. */
struct emu_fault *emu_fault_counter(struct emu *e, enum emu_fault_kind k);
/* The first unused fault of kind k, or NULL. */
struct emu_fault *emu_fault_flag(struct emu *e, enum emu_fault_kind k);
/* The fault of kind k for opcode op, or NULL. */
struct emu_fault *emu_fault_op(struct emu *e, enum emu_fault_kind k, uint8_t op);
/* Parse one fault=SPEC option into e->faults. */
int emu_parse_fault(struct emu *e, const char *spec, char *why, size_t whylen);

/* ---- emu_state.c: the disc in the drive and its files --------------------- */
/* Load the disc the drive holds now (PATH or PATH.k of a stack). */
int emu_load_disc(struct emu *e, char *why, size_t whylen);
/* The autoloader's position saved by an earlier run (1 if none). */
unsigned emu_loader_position(const struct emu *e);
/* Eject with a stack: put the disc away, advance the loader. */
void emu_stack_eject(struct emu *e);
/* The autoloader puts the next disc in. */
void emu_autoload(struct emu *e);

/* ---- emu_media.c: the disc model --------------------------------------- */
void emu_disc_fresh(struct emu_disc *d, enum emu_kind kind, uint32_t capacity);
int emu_kind_by_name(const char *name);
bool emu_disc_blank(const struct emu_disc *d);
/* 0 empty, 1 appendable, 2 complete (MMC-5 6.22.3.1.4). */
uint8_t emu_disc_status(const struct emu_disc *d);
/* The invisible (open) track, or NULL when finalized. */
struct emu_track *emu_invisible(struct emu_disc *d);
/* The first incomplete reserved track, or NULL. */
struct emu_track *emu_open_reserved(struct emu_disc *d);
/* Next writable address of a track that can be written. */
int32_t emu_track_nwa(const struct emu_track *t);
/* Readable blocks end (exclusive) of the track data. */
int32_t emu_track_end(const struct emu *e, const struct emu_track *t);
/* Close the invisible or reserved track t; opens a new invisible track. */
void emu_close_track(struct emu *e, struct emu_track *t);
/* Close the open session; multi: the disc stays appendable. */
void emu_close_session(struct emu *e, bool multi);
/* Start LBA of the lead-out of the last closed session (CD: after run-out). */
int32_t emu_session_leadout(const struct emu_disc *d, unsigned session);
int emu_track_number(const struct emu_disc *d, const struct emu_track *t);
/* A fresh invisible data track at start (CD: with the 150-block pregap). */
void emu_track_init(const struct emu *e, struct emu_track *t, int32_t start, uint8_t session);
/* Vendor mode page 30h as MODE SENSE returns its current values. */
enum { EMU_PAGE30_LEN = 16 };
void emu_page30(struct emu *e, uint8_t *p);
bool emu_is_cd(const struct emu *e);

/* A formattable capacity descriptor (MMC-5 6.24.3.3). */
struct emu_format {
	uint32_t blocks;
	uint8_t type;
	uint32_t param;
};
/* The formats a blank BD-R offers (MMC-5 6.5.4.2.17, 6.24): writes up to
 * max descriptors to out, returns how many. None once data is written. */
unsigned emu_bdr_formats(const struct emu_disc *d, struct emu_format *out, unsigned max);
/* Whether FORMAT UNIT type 32h may leave blocks user blocks on the blank
 * BD-R d: a whole number of clusters between the smallest and the largest
 * spare area the drive allocates. */
bool emu_bdr_spare_ok(const struct emu_disc *d, uint32_t blocks);

int emu_request_sense(struct emu *e);

/* ---- emu_config.c: what the drive says about itself ---------------------- */
int emu_inquiry(struct emu *e);
int emu_get_configuration(struct emu *e);
int emu_mode_sense(struct emu *e);
int emu_get_performance(struct emu *e);
int emu_get_event_status(struct emu *e);
int emu_read_buffer_capacity(struct emu *e);

/* ---- emu_info.c: what the drive says about the disc ---------------------- */
/* The lead-in start the ATIP of a blank CD gives (negative LBA). */
int32_t emu_atip_leadin(const struct emu *e);
int emu_read_disc_info(struct emu *e);
int emu_read_track_info(struct emu *e);
/* An MSF address of lba in 4 bytes (0, M, S, F) as READ TOC gives it. */
void emu_msf4(uint8_t *p, int32_t lba);

/* ---- cd_toc.c: READ TOC, READ SUB-CHANNEL ---------------------------------- */
int emu_read_toc(struct emu *e);
int emu_read_subchannel(struct emu *e);
/* The disc type of a session (0: of the disc): 00h CD-DA/CD-ROM, 20h XA. */
uint8_t emu_cd_disc_type(const struct emu *e, unsigned session);
int emu_read_capacity(struct emu *e);
int emu_read_format_capacities(struct emu *e);

/* ---- emu_struct.c -------------------------------------------------------- */
int emu_read_disc_structure(struct emu *e);

/* ---- emu_read.c: READ(10)/(12), READ CD, the sectors of a CD -------------- */
int emu_read(struct emu *e);
int emu_read_cd(struct emu *e);
/* The CD track holding lba (index 0 included), or NULL. */
const struct emu_track *emu_cd_track_at(const struct emu *e, int32_t lba);
/* The raw 2352-byte sector at lba and its kind: 0, or -1 when no written
 * track holds it, or -EIO. */
int emu_cd_sector(struct emu *e, int32_t lba, uint8_t *raw, enum emu_sector *kind);
/* Read faults (read-error, flaky, slow) for a read of n blocks at lba:
 * true when the command was answered with a sense. */
bool emu_read_faults(struct emu *e, int64_t lba, uint32_t n);

/* ---- cd_files.c: PATH.bin, PATH.cue, PATH.cdt, state version 2 ------------ */
/* Whether the state file needs version 2 (a disc that is not plain data). */
bool emu_cd_state_v2(const struct emu *e);
/* Write the version 2 keys; parse one (0 taken, 1 not such a key, -1 bad). */
void emu_cd_state_write(const struct emu *e, FILE *f);
int emu_cd_state_key(struct emu *e, const char *k, const char *v, bool *pregap_set);
/* Load the CD-TEXT packs the state names from PATH.cdt. */
int emu_cd_packs_load(struct emu *e, char *why, size_t whylen);
/* Open PATH.bin (create: make it if missing). */
int emu_bin_open(struct emu *e, bool create);
/* The disc needs PATH.bin from now on: create it and give the data
 * sectors written so far their raw form. */
int emu_bin_need(struct emu *e);
/* PATH.sub: open, write the R-W of one sector, read it back (zeros where
 * none was written). */
int emu_sub_open(struct emu *e, bool create);
int emu_sub_write(struct emu *e, int32_t lba, const uint8_t *sub96);
void emu_sub_read(struct emu *e, int32_t lba, uint8_t *rw96);
/* One raw sector into PATH.bin (blocks before LBA 0 are not kept). */
int emu_bin_write(struct emu *e, int32_t lba, const uint8_t *raw);
/* Write PATH.cdt and PATH.cue for the disc as it is. */
int emu_cd_files_save(struct emu *e);
/* Blanked: PATH.bin emptied, PATH.cue and PATH.cdt removed. */
void emu_cd_files_drop(struct emu *e);

/* ---- cd_sub.c: the sub-channel read back ---------------------------------- */
/* The index of lba in track t. */
unsigned emu_cd_index(const struct emu_track *t, int32_t lba);
/* The Q channel the drive reads at lba (CRC included); false outside every
 * track. pause: the P channel (index 0). */
bool emu_cd_q(struct emu *e, int32_t lba, uint8_t q[12], bool *pause);
/* The sub-channel READ CD selection sel (1 raw P-W, 2 formatted Q, 4 R-W)
 * of lba into out; returns its length. */
size_t emu_cd_subchannel(struct emu *e, int32_t lba, uint8_t sel, uint8_t *out);

/* ---- cd.c: CD addresses, sectors, sub-channel arithmetic ------------------ */
void emu_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f);
int32_t emu_msf_to_lba(uint8_t m, uint8_t s, uint8_t f);
uint8_t emu_bcd(unsigned v);
unsigned emu_unbcd(uint8_t b);
bool emu_bcd_ok(uint8_t b);
/* EDC (ECMA-130 14.3) of n bytes. */
uint32_t emu_edc(const uint8_t *p, size_t n);
/* Build the raw sector of lba: mode 1 from 2048 bytes of user data (sync,
 * header, EDC, ECC); mode 2 formless from its 2336 bytes; XA form 1 or 2
 * (by the sub-header's form bit) from the 4-byte sub-header and 2048 or
 * 2324 bytes of user data (NULL: zeros). The source may be the sector's own
 * user data field. */
void emu_cd_mode1(uint8_t *s, int32_t lba, const uint8_t *user);
void emu_cd_mode2(uint8_t *s, int32_t lba, const uint8_t *body);
void emu_cd_xa(uint8_t *s, int32_t lba, const uint8_t subheader[4], const uint8_t *user);
/* Scramble or unscramble a raw data sector in place (ECMA-130 Annex B). */
void emu_cd_scramble(uint8_t *s);
/* CRC of the Q sub-channel and of CD-TEXT packs (ECMA-130 22.3.6). */
uint16_t emu_crc16(const uint8_t *p, size_t n);
void emu_q_crc(uint8_t q[12]);
bool emu_q_crc_ok(const uint8_t q[12]);
bool emu_isrc_valid(const char *s);
bool emu_mcn_valid(const char *s);
void emu_q_isrc(uint8_t q[12], const char isrc[12]);
void emu_q_isrc_decode(const uint8_t q[12], char isrc[12]);
void emu_q_mcn(uint8_t q[12], const char mcn[13]);
void emu_q_mcn_decode(const uint8_t q[12], char mcn[13]);
/* Mode page 01h (MMC-5 7.3): the drive's defaults, and the mask of the
 * fields MODE SELECT may change. */
void emu_page01_default(uint8_t *p);
extern const uint8_t emu_page01_changeable[EMU_PAGE01_LEN];

/* ---- emu_write.c: page 05, WRITE, the drive buffer ----------------------- */
int emu_mode_select(struct emu *e);
int emu_write(struct emu *e);
void emu_wparams_default(struct emu *e);
/* Drain the drive buffer up to now. */
void emu_buffer_update(struct emu *e);
/* Wait until the buffer is empty (the data is on the disc). */
void emu_buffer_drain(struct emu *e);

/* User data blocks into PATH (blocks before LBA 0 skipped), with the
 * corrupt fault (byte 100 of the sector changed); emu_write_user() without
 * it, for blocks the fault has already changed (cd_write.c). */
int emu_write_image(struct emu *e, int32_t lba, const uint8_t *data, uint32_t n);
int emu_write_user(struct emu *e, int32_t lba, const uint8_t *data, uint32_t n);
/* The track whose next writable address is lba (test write: simulated), or
 * NULL. */
struct emu_track *emu_track_at_nwa(struct emu *e, int32_t lba);
/* Write faults for n blocks at lba: 1 when they answered (rc: -errno or 0
 * with the sense set). */
int emu_write_faults(struct emu *e, int32_t lba, uint32_t n, int *rc);
/* The drive buffer takes len bytes of track t (NULL: SAO): true when an
 * underrun ruined it and the command was answered. */
bool emu_write_underrun(struct emu *e, struct emu_track *t, uint32_t len, uint32_t n,
			int32_t lba);

/* ---- cd_write.c: writing a CD (TAO, packet), storing its sectors ----------- */
int emu_cd_write(struct emu *e, int32_t lba, uint32_t n);
/* How a host sends one block (the Data Block Types of page 05 and the data
 * forms of a cue sheet, MMC-5 7.5.4.13 and 6.33.3.13). */
enum emu_hb {
	HB_NONE,                /* nothing: the drive generates the block */
	HB_AUDIO,               /* 2352 bytes of CD-DA */
	HB_RAW,                 /* 2352 bytes of a raw data sector */
	HB_MODE1,               /* 2048 bytes, mode 1 */
	HB_MODE2,               /* 2336 bytes, mode 2 (formless, or XA with its
				 * sub-header, user data, EDC/ECC) */
	HB_XA1,                 /* 2048 bytes, form 1, page 05's sub-header */
	HB_XA1_SH,              /* 2056: 8 bytes of sub-header, 2048 of form 1 */
	HB_XA2,                 /* 2324 bytes, form 2, page 05's sub-header */
	HB_XA_SH,               /* 2332: 8 bytes of sub-header, form 1 or 2 */
};
unsigned emu_hb_size(enum emu_hb hb);
/* Store n host blocks of kind hb at lba (PATH, PATH.bin) for a track of
 * form form. */
int emu_cd_store(struct emu *e, int32_t lba, enum emu_hb hb, uint8_t form,
		 const uint8_t *data, uint32_t n);

/* ---- cd_raw.c: RAW writing (page 05 write type 3) ------------------------- */
int emu_raw_write(struct emu *e, int32_t lba, uint32_t n);
/* The host has written up to the lead-out. */
bool emu_raw_done(const struct emu *e);
/* Close the session the raw blocks made. */
void emu_raw_finish(struct emu *e);
/* Forget a raw session in progress. */
void emu_raw_reset(struct emu *e);

/* ---- cd_cue.c: SEND CUE SHEET and writing a SAO session -------------------- */
int emu_send_cue_sheet(struct emu *e);
int emu_sao_write(struct emu *e, int32_t lba, uint32_t n);
/* Forget a SAO session in progress. */
void emu_sao_reset(struct emu *e);
/* The SAO session is written to its lead-out: close it (its CD-TEXT goes
 * to the disc). */
void emu_sao_finish(struct emu *e);

/* ---- emu_close.c: laying out, closing and erasing ------------------------- */
int emu_reserve_track(struct emu *e);
int emu_synchronize_cache(struct emu *e);
int emu_close_track_session(struct emu *e);
int emu_blank(struct emu *e);
int emu_format_unit(struct emu *e);
int emu_send_opc(struct emu *e);

#endif
