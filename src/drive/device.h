/* SPDX-License-Identifier: GPL-3.0-or-later */
/* device.h — an open drive: backend choice, the safety gate, retries.
 *
 * Every layer above talks to a drive only through device_run()/device_exec(),
 * and both pass through the safety gate: a command that can change data on
 * the medium (WRITE, BLANK, FORMAT UNIT, CLOSE TRACK/SESSION, MODE SELECT,
 * SEND CUE SHEET, RESERVE TRACK, SEND OPC, SYNCHRONIZE CACHE, and any opcode
 * discburn does not know to be harmless) is sent only after the device has
 * answered INQUIRY as peripheral type 5 and GET CONFIGURATION with a current
 * profile the disc-type table calls writable; a tray command (START STOP
 * UNIT, PREVENT ALLOW MEDIUM REMOVAL) and the speed commands (SET CD SPEED,
 * SET STREAMING: a read speed for a pressed disc too) only after INQUIRY
 * said type 5. Reads (READ(10)/(12), READ CD, READ SUB-CHANNEL) are
 * questions. The
 * gate asks by itself when it has not yet asked; it asks again after a unit
 * attention or a START STOP UNIT, since the medium may have changed.
 */
#ifndef DISCBURN_DEVICE_H
#define DISCBURN_DEVICE_H

#include <stdatomic.h>
#include <stdbool.h>
#include "base/err.h"
#include "transport.h"

struct device;

/* Open the device named by dev (any backend's syntax). flags: TRANSPORT_*. */
int device_open(const char *dev, unsigned flags, struct device **out,
		struct db_error *err);

/* The same through the given backend instead of the one dev's syntax picks
 * (tests/fuzz: a backend of its own, in no table). */
int device_open_with(const struct transport_ops *ops, const char *dev, unsigned flags,
		     struct device **out, struct db_error *err);
void device_close(struct device *d);

/* The backend's name ("emu", "linux-sg", ...) and the device string. */
const char *device_backend(const struct device *d);
const char *device_name(const struct device *d);

/* Send one command once, through the gate. Returns 0 when the status is GOOD;
 * DB_ECHECK with the sense decoded into err when the device refused;
 * DB_EOS for a transport failure; DB_EUNSAFE when the gate refused. */
int device_exec(struct device *d, struct scsi_cmd *c, struct db_error *err);

/* device_exec() plus the retry policy of sense.h: WAIT and RETRY answers are
 * retried for at most the timeout budget (ms; 0 = 120 s) and a bounded count;
 * a unit attention invalidates the gate and is retried once. */
int device_run(struct device *d, struct scsi_cmd *c, unsigned budget_ms,
	       struct db_error *err);

/* Ask INQUIRY and GET CONFIGURATION now (if not known) and say whether the
 * device may be written. Returns 0, or DB_EUNSAFE with the reason in err. */
int device_gate_check(struct device *d, struct db_error *err);

/* The gate's first half alone: INQUIRY (asked if not known) said peripheral
 * type 5, an MMC device. What tray commands need, and what is asked before
 * any MMC question (the information commands, a duplication's drives before
 * the job starts). Returns 0, DB_EUNSAFE (NOT_RECORDER, NO_INQUIRY) or
 * DB_ESHORT. */
int device_gate_mmc(struct device *d, struct db_error *err);

/* "The disc is touched" is a fact, not a guess: it becomes true when a
 * command that changes the medium (WRITE, BLANK, FORMAT UNIT, CLOSE
 * TRACK/SESSION, RESERVE TRACK, SEND CUE SHEET, SEND OPC, or any opcode the
 * gate does not know) is handed to the backend, whatever the answer.
 * MODE SELECT, the speed commands and SYNCHRONIZE CACHE change the drive,
 * not the disc. device_untouch() starts a new count (a new disc). */
bool device_touched(const struct device *d);
void device_untouch(struct device *d);

/* Facts the gate learnt (valid after device_gate_check or any gated command). */
struct device_ident {
	bool known;
	int peripheral_type;
	char vendor[9], model[17], revision[5];
	uint16_t profile;       /* current profile; 0 = no medium */
};
void device_ident(const struct device *d, struct device_ident *out);

/* Optional trace of every command, for -V and the JSON debug stream:
 * called after each exec with the command and the backend's return value. */
typedef void (*device_trace_fn)(void *ctx, const struct scsi_cmd *c, int rc);
void device_set_trace(struct device *d, device_trace_fn fn, void *ctx);

/* timeout=: no command gets less than ms (commands that need longer, such as
 * CLOSE and SYNCHRONIZE CACHE, keep their own). 0 = the defaults. */
void device_set_min_timeout(struct device *d, unsigned ms);

/* Cancellation: when *flag becomes nonzero, device_run stops waiting and
 * returns DB_ECANCEL (a command already sent completes first). */
void device_set_cancel(struct device *d, const atomic_int *flag);

/* "WRITE(10)", "READ DISC INFORMATION"...; "command" when unknown. */
const char *device_opcode_name(uint8_t op);

/* Whether sending op marks the disc touched (see device_touched). */
bool device_opcode_touches(uint8_t op);

/* All drives every backend can find; returns the count. */
int device_scan(transport_found_fn fn, void *ctx);

/* Backend table, for --help. NULL-terminated. */
extern const struct transport_ops *const device_backends[];

#endif
