/* SPDX-License-Identifier: GPL-3.0-or-later */
/* err.h — how every layer above the transport reports failure.
 *
 * Functions return 0 or a negative result code (enum db_result). The codes
 * live in their own range, far below any -errno a backend returns, so the
 * two can never be confused; a backend's -errno is turned into DB_EOS with
 * the errno kept as a fact.
 *
 * A function that takes a struct db_error fills it with WHY it failed — a
 * reason (enum db_reason, one per distinct cause) — and the facts that
 * reason names: the device or file, numbers, the command, its sense, the
 * LBA. The library never composes a sentence for a person: src/cli turns a
 * reason and its facts into the message, the advice and the exit code, from
 * one table (src/cli/messages.c).
 *
 * Each reason belongs to exactly one result code, fixed in the list below;
 * db_fail() returns that code, so callers branch on the code and the CLI
 * explains the reason.
 */
#ifndef DISCBURN_ERR_H
#define DISCBURN_ERR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "transport.h"

/* Below -MAX_ERRNO (4095) of every OS: a result code is never an errno. */
#define DB_RESULT_BASE 0x10000

enum db_result {
	DB_OK = 0,
	DB_EINVAL    = -(DB_RESULT_BASE + 1),  /* bad argument or unusable input */
	DB_ENOMEM    = -(DB_RESULT_BASE + 2),
	DB_EOS       = -(DB_RESULT_BASE + 3),  /* the OS or transport failed; os_errno says how */
	DB_ECHECK    = -(DB_RESULT_BASE + 4),  /* the device answered CHECK CONDITION; sense is set */
	DB_EUNSAFE   = -(DB_RESULT_BASE + 5),  /* safety gate: device is not an MMC recorder */
	DB_ESHORT    = -(DB_RESULT_BASE + 6),  /* an answer was short or malformed */
	DB_ETIMEOUT  = -(DB_RESULT_BASE + 7),  /* retries or waiting ran out of time */
	DB_ECANCEL   = -(DB_RESULT_BASE + 8),  /* the user interrupted */
	DB_EMEDIA    = -(DB_RESULT_BASE + 9),  /* media unsuitable for what was asked */
	DB_ENOSPACE  = -(DB_RESULT_BASE + 10), /* image does not fit */
	DB_EIMAGE    = -(DB_RESULT_BASE + 11), /* image missing, unreadable, truncated, not an image */
	DB_EVERIFY   = -(DB_RESULT_BASE + 12), /* read-back differs from what was written */
	DB_ECHECKSUM = -(DB_RESULT_BASE + 13), /* stream digest differs from the expected one */
	DB_EUNSUPP   = -(DB_RESULT_BASE + 14), /* the medium cannot do what was asked */
	DB_ESTATE    = -(DB_RESULT_BASE + 15), /* wrong state: a job's journal, a call out of order */
	DB_EHASDATA  = -(DB_RESULT_BASE + 16), /* the disc holds data and destroying it was not asked for */
	DB_EDRIVE    = -(DB_RESULT_BASE + 17), /* the drive lacks the feature (blanking, a write mode) */
};

/* X(NAME, RESULT): every distinct cause, with the one result code it
 * belongs to. The facts each reason fills are listed in src/cli/messages.c,
 * next to its text. Append; the names are stable ("reason" in --json). */
#define DB_REASONS(X) \
	X(NONE, DB_OK) \
	X(NO_MEMORY, DB_ENOMEM) \
	X(INTERNAL, DB_EINVAL) \
	X(OS_CALL, DB_EOS) \
	/* devices and the transport */ \
	X(NO_DEVICE_GIVEN, DB_EINVAL) \
	X(DEVICE_OPEN, DB_EOS) \
	X(NO_INQUIRY, DB_EUNSAFE) \
	X(NOT_RECORDER, DB_EUNSAFE) \
	X(NO_CONFIGURATION, DB_EUNSAFE) \
	X(NO_DISC, DB_EMEDIA) \
	X(DISC_NOT_WRITABLE, DB_EMEDIA) \
	X(COMMAND_FAILED, DB_ECHECK) \
	X(COMMAND_STATUS, DB_ECHECK) \
	X(TRANSPORT, DB_EOS) \
	X(DRIVE_TIMEOUT, DB_ETIMEOUT) \
	X(DRIVE_GONE, DB_EOS) \
	X(DRIVE_BUSY_TOO_LONG, DB_ETIMEOUT) \
	X(CANCELLED_WAITING, DB_ECANCEL) \
	X(ANSWER_SHORT, DB_ESHORT) \
	X(ANSWER_BAD, DB_EINVAL) \
	X(READ_SHORT, DB_ESHORT) \
	X(WRITE_SHORT, DB_ESHORT) \
	X(NO_SENSE_DATA, DB_ESHORT) \
	X(NO_WRITE_SPEED, DB_EUNSUPP) \
	/* what the image should hash to */ \
	X(SHA256_EMPTY, DB_EINVAL) \
	X(SHA256_NOT_HEX, DB_EINVAL) \
	X(SHA256_LENGTH, DB_EINVAL) \
	X(SUMS_TWICE, DB_ECHECKSUM) \
	X(SUMS_OTHER_ALGO, DB_ECHECKSUM) \
	X(SUMS_NOT_LISTED, DB_ECHECKSUM) \
	X(SUMS_OPEN, DB_EIMAGE) \
	X(SUMS_READ, DB_EIMAGE) \
	X(SUMS_TOO_BIG, DB_EIMAGE) \
	/* the image */ \
	X(IMAGE_OPEN, DB_EIMAGE) \
	X(IMAGE_STAT, DB_EOS) \
	X(IMAGE_DIRECTORY, DB_EIMAGE) \
	X(IMAGE_NOT_FILE, DB_EIMAGE) \
	X(IMAGE_SIZE_UNKNOWN, DB_EINVAL) \
	X(IMAGE_EMPTY, DB_EIMAGE) \
	X(IMAGE_SMALLER_THAN_TSIZE, DB_EIMAGE) \
	X(IMAGE_READ, DB_EIMAGE) \
	X(IMAGE_TRUNCATED, DB_EIMAGE) \
	X(IMAGE_PVD_CORRUPT, DB_EIMAGE) \
	X(IMAGE_DISK_ONLY, DB_EIMAGE) \
	X(IMAGE_UNKNOWN, DB_EIMAGE) \
	X(IMAGE_INCOMPLETE, DB_EIMAGE) \
	X(IMAGE_TOO_LARGE, DB_ENOSPACE) \
	X(STREAM_ENDED_PIPE, DB_EIMAGE) \
	X(STREAM_ENDED_FILE, DB_EIMAGE) \
	X(STREAM_READ, DB_EOS) \
	X(STREAM_CANCELLED, DB_ECANCEL) \
	X(STREAM_NO_READER, DB_ECANCEL) \
	X(CHECKSUM_MISMATCH, DB_ECHECKSUM) \
	/* burning */ \
	X(SAO_NO_FEATURE, DB_EDRIVE) \
	X(SAO_NOT_BLANK, DB_EUNSUPP) \
	X(TAO_NO_FEATURE, DB_EDRIVE) \
	X(INCR_NO_FEATURE, DB_EDRIVE) \
	X(DAO_MULTI, DB_EUNSUPP) \
	X(DISC_TYPE_UNWRITABLE, DB_EMEDIA) \
	X(LATER_SESSION_ON_BLANK, DB_EIMAGE) \
	X(SESSION_NOT_FOR_APPEND, DB_EIMAGE) \
	X(SESSION_NOT_FOR_NWA, DB_EIMAGE) \
	X(OVERWRITE_HOLDS_DATA, DB_EHASDATA) \
	X(OVERWRITE_START_UNREADABLE, DB_EHASDATA) \
	X(DISC_CLOSED, DB_EMEDIA) \
	X(NO_SIMULATE, DB_EUNSUPP) \
	X(OVERBURN_MEDIA, DB_EUNSUPP) \
	X(NOFIX_CLOSED_MODE, DB_EUNSUPP) \
	X(FIX_NOTHING_OPEN, DB_EMEDIA) \
	X(TSIZE_SHORT, DB_EIMAGE) \
	X(ISOSIZE_NOT_ISO, DB_EIMAGE) \
	X(NO_NWA, DB_EMEDIA) \
	X(NO_FIT, DB_ENOSPACE) \
	X(CANCELLED, DB_ECANCEL) \
	X(FIFO_ALLOC, DB_ENOMEM) \
	X(SOURCE_START, DB_EOS) \
	X(NO_DESCRIPTOR_SET, DB_EIMAGE) \
	X(VERIFY_UNREADABLE, DB_EVERIFY) \
	X(VERIFY_MISMATCH, DB_EVERIFY) \
	/* blanking and formatting */ \
	X(LONG_OP_FAILED, DB_ECHECK) \
	X(LONG_OP_CANCELLED, DB_ECANCEL) \
	X(LONG_OP_TIMEOUT, DB_ETIMEOUT) \
	X(BLANK_TYPE_UNKNOWN, DB_EINVAL) \
	X(BLANK_OVERWRITABLE, DB_EMEDIA) \
	X(BLANK_WRITE_ONCE, DB_EMEDIA) \
	X(BLANK_NO_FEATURE, DB_EDRIVE) \
	X(FORMAT_UNAVAILABLE, DB_EDRIVE) \
	X(FORMAT_NOT_APPLICABLE, DB_EMEDIA) \
	X(FORMAT_TYPE_WRONG, DB_EINVAL) \
	X(FORMAT_HOLDS_DATA, DB_EHASDATA) \
	X(FORMAT_START_UNREADABLE, DB_EHASDATA) \
	/* many copies */ \
	X(JOB_ARGS, DB_EINVAL) \
	X(JOURNAL_OPEN, DB_EINVAL) \
	X(JOURNAL_OTHER_JOB, DB_ESTATE) \
	X(JOURNAL_OTHER_IMAGE, DB_ESTATE) \
	X(JOURNAL_WRITE, DB_EOS) \
	X(JOURNAL_BAD_LINE, DB_ESTATE) \
	X(JOURNAL_NO_JOB, DB_ESTATE) \
	X(JOURNAL_NOT_FILE, DB_EINVAL) \
	X(WAIT_DISC_TIMEOUT, DB_ETIMEOUT) \
	X(REJECT_NOT_BLANK, DB_EMEDIA) \
	X(REJECT_UNWRITABLE, DB_EMEDIA) \
	X(REJECT_START_UNREADABLE, DB_EMEDIA) \
	X(SPOOL_CREATE, DB_EOS) \
	X(SPOOL_LOST, DB_EIMAGE) \
	X(THREAD_START, DB_ENOMEM) \
	X(COPIES_NOT_MADE, DB_ESTATE) \
	X(REPORT_WRITE, DB_EOS) \
	X(MSIFILE_WRITE, DB_EOS) \
	/* the command line */ \
	X(USAGE, DB_EINVAL) \
	X(NO_DRIVES_FOUND, DB_EOS) \
	X(MSINFO_NO_VOLUME, DB_EMEDIA) \
	X(MSINFO_NOT_APPENDABLE, DB_EMEDIA) \
	X(ATIP_NOT_CD, DB_EMEDIA) \
	X(TOC_BLANK, DB_EMEDIA) \
	/* audio and mixed CDs: cue sheets, TOC files, track lists, CD-TEXT */ \
	X(SHEET_OPEN, DB_EIMAGE) \
	X(SHEET_TOO_BIG, DB_EIMAGE) \
	X(SHEET_SYNTAX, DB_EIMAGE) \
	X(SHEET_VALUE, DB_EIMAGE) \
	X(SHEET_NO_TRACKS, DB_EIMAGE) \
	X(SHEET_TRACK_ORDER, DB_EIMAGE) \
	X(SHEET_TOO_MANY_TRACKS, DB_EIMAGE) \
	X(SHEET_INDEX_ORDER, DB_EIMAGE) \
	X(SHEET_NO_INDEX1, DB_EIMAGE) \
	X(SHEET_NO_FILE, DB_EIMAGE) \
	X(SHEET_FILE_TYPE, DB_EIMAGE) \
	X(SHEET_TRACK_MODE, DB_EIMAGE) \
	X(SHEET_TEXT_CHARSET, DB_EIMAGE) \
	X(TRACK_FILE_OPEN, DB_EIMAGE) \
	X(TRACK_FILE_SHORT, DB_EIMAGE) \
	X(TRACK_TOO_SHORT, DB_EIMAGE) \
	X(TRACK_PARTIAL_SECTOR, DB_EIMAGE) \
	X(AUDIO_FORMAT, DB_EIMAGE) \
	X(AUDIO_UNREADABLE, DB_EIMAGE) \
	X(AUDIO_DECODE, DB_EIMAGE) \
	X(TRACKLIST_EMPTY, DB_EINVAL) \
	X(TRACKLIST_VALUE, DB_EINVAL) \
	X(CDTEXT_TOO_LONG, DB_EIMAGE) \
	X(CDTEXT_FILE_BAD, DB_EIMAGE) \
	X(CDTEXT_TRACKS, DB_EIMAGE) \
	X(CD_TOO_LONG, DB_ENOSPACE) \
	/* stations: many machines, one job, through PostgreSQL */ \
	X(STATIONS_NOT_BUILT, DB_EUNSUPP) \
	X(DB_CONNINFO, DB_EINVAL) \
	X(DB_CONNINFO_FILE, DB_EOS) \
	X(DB_CONNECT, DB_EOS) \
	X(DB_QUERY, DB_EOS) \
	X(DB_SCHEMA_NEWER, DB_ESTATE) \
	X(DB_SCHEMA_MIGRATE, DB_EOS) \
	X(QUEUE_NO_JOB, DB_EINVAL) \
	X(QUEUE_JOB_STATE, DB_ESTATE) \
	X(STATION_LOST, DB_ESTATE) \
	X(STATION_IMAGE_DIGEST, DB_ECHECKSUM) \
	X(STATION_FETCH, DB_EIMAGE) \
	X(STATION_NO_CURL, DB_EUNSUPP) \
	X(STATION_CACHE, DB_EOS) \
	X(STATION_JOURNAL, DB_EOS) \
	X(STATION_NO_DRIVES, DB_EOS) \
	X(STATION_CLAIM_LOST, DB_ESTATE) \
	/* reading discs: to a file, as a master, checked against an image */ \
	X(READ_BLANK_DISC, DB_EMEDIA) \
	X(READ_NO_DATA_TRACK, DB_EMEDIA) \
	X(READ_NO_SESSION, DB_EINVAL) \
	X(READ_RANGE_OUTSIDE, DB_EINVAL) \
	X(READ_UNREADABLE, DB_EMEDIA) \
	X(READ_BAD_SECTORS, DB_EMEDIA) \
	X(READ_OUTPUT_OPEN, DB_EOS) \
	X(READ_OUTPUT_WRITE, DB_EOS) \
	X(READ_MAP_BAD, DB_ESTATE) \
	X(READ_MAP_OTHER_DISC, DB_ESTATE) \
	X(READ_MAP_WRITE, DB_EOS) \
	X(READ_CANCELLED, DB_ECANCEL) \
	X(CHECK_MISMATCH, DB_EVERIFY) \
	X(CHECK_SHORT, DB_EVERIFY) \
	X(CHECK_UNREADABLE, DB_EVERIFY) \
	X(CHECK_CHECKSUM_MISMATCH, DB_ECHECKSUM) \
	X(SUMS_WHICH, DB_EINVAL) \
	X(MASTER_UNREADABLE, DB_EIMAGE) \
	X(MASTER_MULTISESSION, DB_EIMAGE) \
	X(MASTER_IN_JOB, DB_EINVAL) \
	X(SAME_DRIVE_TWICE, DB_EINVAL) \
	X(READ_NOT_CD, DB_EMEDIA) \
	/* burning audio and mixed CDs */ \
	X(CD_TAO_LAYOUT, DB_EUNSUPP) \
	X(CD_LAYOUT_NOT_CD, DB_EMEDIA) \
	X(RAW_NO_FEATURE, DB_EDRIVE) \
	X(RAW_CDTEXT, DB_EUNSUPP) \
	X(RAW_NOT_CD, DB_EMEDIA) \
	X(VERIFY_TRACK_MISMATCH, DB_EVERIFY) \
	X(VERIFY_TOC, DB_EVERIFY) \
	X(VERIFY_INDEX, DB_EVERIFY) \
	X(VERIFY_ISRC, DB_EVERIFY) \
	X(VERIFY_MCN, DB_EVERIFY) \
	X(VERIFY_CDTEXT, DB_EVERIFY)

#define DB_REASON_ENUM(name, result) DB_R_##name,
enum db_reason { DB_REASONS(DB_REASON_ENUM) DB_R_COUNT };
#undef DB_REASON_ENUM

struct db_error {
	int code;               /* enum db_result of the reason */
	enum db_reason reason;
	/* facts; which ones a reason uses is the reason's business */
	int os_errno;
	uint8_t opcode;         /* command that failed, when opcode_valid */
	uint8_t opcode_valid;
	uint8_t status;         /* its SCSI status */
	uint8_t have_sense;
	uint8_t key, asc, ascq;
	uint8_t sense_len;
	uint8_t sense[SCSI_SENSE_MAX];
	uint32_t lba;           /* where it happened, when lba_valid */
	uint8_t lba_valid;
	uint16_t profile;       /* the medium's, when it matters */
	uint64_t n1, n2;        /* the numbers the reason names */
	bool touched;           /* the disc had been changed when it happened
				 * (device_touched(); set by the burn engine) */
	char subject[256];      /* the device or file it is about */
	char other[256];        /* a second name: another file, the backend's account */
	char what[80];          /* a short word: an algorithm, a digest, an issue */
};

/* The facts a failure names, as designated initialisers of db_fail(). */
struct db_facts {
	bool given;
	const char *subject, *other, *what;
	uint64_t n1, n2;
	uint16_t profile;
	int os_errno;
	uint32_t lba;
	bool lba_valid;
};

/* Fill err (if not NULL, from zero) with reason r and its facts; returns the
 * reason's result code. Use as
 *   return db_fail(err, DB_R_NO_FIT, .subject = path, .n1 = need, .n2 = free);
 */
#define db_fail(err, r, ...) \
	db_fail_at((err), (r), &(const struct db_facts){ .given = true, __VA_ARGS__ })
int db_fail_at(struct db_error *err, enum db_reason r, const struct db_facts *f);

/* Name the command a failure is about, and the sense the drive gave (err
 * may be NULL). */
void db_set_command(struct db_error *err, uint8_t opcode);
void db_set_sense(struct db_error *err, uint8_t key, uint8_t asc, uint8_t ascq);

/* The result code a reason belongs to. */
int db_reason_result(enum db_reason r);

/* Stable short names, for logs and JSON: the reason "no-fit", the result
 * code "does-not-fit". */
#define DB_REASON_NAME_MAX 40
void db_reason_name(enum db_reason r, char out[DB_REASON_NAME_MAX]);
const char *db_strerror(int code);

#endif
