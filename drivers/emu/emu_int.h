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
#include <time.h>
#include "emu.h"

#define EMU_BLOCK        2048
#define EMU_MAX_TRACKS   99
#define EMU_MAX_FAULTS   32
#define EMU_MAX_SPEEDS   8
#define EMU_PAGE01_LEN   12     /* mode page 01h with its 2-byte header */

enum emu_family { EMU_FAM_CD, EMU_FAM_DVD, EMU_FAM_BD };

enum emu_kind {
	EMU_CD_R, EMU_CD_RW, EMU_DVD_R, EMU_DVD_RW, EMU_DVD_RW_RO,
	EMU_DVD_PLUS_R, EMU_DVD_PLUS_RW, EMU_DVD_PLUS_R_DL, EMU_BD_R, EMU_BD_RE,
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
};

extern const struct emu_kind_info emu_kinds[EMU_KIND_COUNT];

enum emu_trk_state { TRK_INVISIBLE = 0, TRK_RESERVED = 1, TRK_CLOSED = 2 };

struct emu_track {
	int32_t start;          /* first user block (CD: index 1) */
	uint32_t size;          /* fixed size; 0 while invisible */
	uint32_t written;       /* blocks written from start */
	uint8_t state;          /* enum emu_trk_state */
	uint8_t session;        /* 1-based */
	uint8_t mode;           /* CD control nibble: 4 data */
	uint8_t damaged;
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
};

enum emu_fault_kind {
	FAULT_MEDIUM_ERROR, FAULT_CORRUPT, FAULT_READ_ERROR, FAULT_NOT_READY,
	FAULT_LWIP, FAULT_UNIT_ATTENTION, FAULT_OPC_FAIL, FAULT_TIMEOUT,
	FAULT_VANISH, FAULT_SHORT, FAULT_GARBLE, FAULT_FAIL, FAULT_EMPTY,
};

struct emu_fault {
	enum emu_fault_kind kind;
	uint32_t arg;           /* LBA, count or opcode */
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
};

/* A CD SAO session announced by SEND CUE SHEET (MMC-5 6.33). */
struct emu_sao {
	bool active;
	int32_t first;          /* first LBA the host writes (pregap of track 1) */
	int32_t next;           /* next LBA expected */
	int32_t leadout;        /* LBA of the lead-out */
};

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
	bool progress_no_sense; /* busy: NO SENSE + progress instead of 2/04/xx */
	int ptype;              /* peripheral device type */
	char vendor[9], model[17], revision[5], serial[21];

	struct emu_fault faults[EMU_MAX_FAULTS];
	unsigned nfaults;

	struct emu_wparams wp;
	struct emu_sao sao;
	struct emu_busy busy;

	/* drive buffer: fill in bytes at fill_at; drains at the write speed */
	double buf_fill;
	struct timespec buf_at;
	bool buf_streaming;     /* a track is being written, not yet synced */

	/* test write: the simulated NWA of the invisible track */
	uint32_t sim_written;

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
/* Persist the state file; returns 0 or -errno. */
int emu_save(struct emu *e);
const struct emu_kind_info *emu_ki(const struct emu *e);
/* Current write speed in kB/s (0 = unlimited). */
unsigned emu_write_kbps(const struct emu *e);
/* kB/s of 1x for the family. */
unsigned emu_kbps_1x(enum emu_family f);
/* Mark a long operation started (BLANK/FORMAT with IMMED). */
void emu_busy_start(struct emu *e, uint8_t ascq, uint32_t blocks);
/* A fault of this kind matching arg, or NULL; matching on a block range. */
struct emu_fault *emu_fault_in(struct emu *e, enum emu_fault_kind k, int64_t lba, uint32_t n);

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

/* ---- emu_info.c: commands that only answer ------------------------------ */
int emu_inquiry(struct emu *e);
int emu_request_sense(struct emu *e);
int emu_get_configuration(struct emu *e);
int emu_read_disc_info(struct emu *e);
int emu_read_track_info(struct emu *e);
int emu_read_toc(struct emu *e);
int emu_read_capacity(struct emu *e);
int emu_read_format_capacities(struct emu *e);
int emu_mode_sense(struct emu *e);
int emu_get_performance(struct emu *e);
int emu_get_event_status(struct emu *e);
int emu_read_buffer_capacity(struct emu *e);
int emu_read(struct emu *e);
int emu_read_disc_structure(struct emu *e);
/* Mode page 01h (MMC-5 7.3): the drive's defaults, and the mask of the
 * fields MODE SELECT may change. */
void emu_page01_default(uint8_t *p);
extern const uint8_t emu_page01_changeable[EMU_PAGE01_LEN];

/* ---- emu_write.c: commands that change the disc ------------------------- */
int emu_mode_select(struct emu *e);
int emu_write(struct emu *e);
int emu_reserve_track(struct emu *e);
int emu_send_cue_sheet(struct emu *e);
int emu_synchronize_cache(struct emu *e);
int emu_close_track_session(struct emu *e);
int emu_blank(struct emu *e);
int emu_format_unit(struct emu *e);
int emu_send_opc(struct emu *e);
void emu_wparams_default(struct emu *e);
/* Drain the drive buffer up to now. */
void emu_buffer_update(struct emu *e);

#endif
