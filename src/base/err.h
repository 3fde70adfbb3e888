/* err.h — how every layer above the transport reports failure.
 *
 * Functions return 0 or a negative DB_E* code. When they take a struct
 * db_error, they fill it with what the caller needs to explain the failure:
 * which command, the sense triple, the OS error, one sentence of cause and one
 * of advice. Library code never prints; the CLI formats struct db_error.
 */
#ifndef DISCBURN_ERR_H
#define DISCBURN_ERR_H

#include <stddef.h>
#include <stdint.h>
#include "transport.h"

enum db_err {
	DB_OK = 0,
	DB_EINVAL    = -1,  /* bad argument or unusable input */
	DB_ENOMEM    = -2,
	DB_EOS       = -3,  /* the OS or transport failed; os_errno says how */
	DB_ECHECK    = -4,  /* the device answered CHECK CONDITION; sense is set */
	DB_EUNSAFE   = -5,  /* safety gate: device is not an MMC recorder */
	DB_ESHORT    = -6,  /* a response was shorter than its header claims */
	DB_ETIMEOUT  = -7,  /* retries or waiting ran out of time */
	DB_ECANCEL   = -8,  /* the user interrupted */
	DB_EMEDIA    = -9,  /* media unsuitable for what was asked */
	DB_ENOSPACE  = -10, /* image does not fit */
	DB_EIMAGE    = -11, /* image missing, unreadable, truncated, not an image */
	DB_EVERIFY   = -12, /* read-back differs from what was written */
	DB_ECHECKSUM = -13, /* stream digest differs from the expected one */
	DB_EUNSUPP   = -14, /* the drive or medium cannot do what was asked */
	DB_ESTATE    = -15, /* protocol state is wrong (e.g. device already used) */
	DB_EHASDATA  = -16, /* the disc holds data and destroying it was not asked for */
	DB_EDRIVE    = -17, /* the drive lacks the feature (blanking, a write mode) */
};

struct db_error {
	int code;               /* enum db_err */
	int os_errno;           /* for DB_EOS */
	uint8_t opcode;         /* command that failed, when one did */
	uint8_t have_sense;
	uint8_t key, asc, ascq;
	uint8_t sense_len;
	uint8_t sense[SCSI_SENSE_MAX];
	uint32_t lba;           /* where it happened, when lba_valid */
	uint8_t lba_valid;
	char msg[256];          /* the cause, one sentence */
	char advice[256];       /* what to do, one sentence; may be empty */
};

/* Fill err (if not NULL) with code and a printf-formatted cause; returns code. */
int db_fail(struct db_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the advice sentence of err (if not NULL). */
void db_advise(struct db_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Short name of a DB_E* code, for logs and JSON ("check-condition"...). */
const char *db_strerror(int code);

#endif
