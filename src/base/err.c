/* SPDX-License-Identifier: GPL-3.0-or-later */
/* err.c — filling struct db_error; the reason table's result codes. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include "base/err.h"

#define DB_REASON_RESULT(name, result) [DB_R_##name] = result,
static const int reason_result[DB_R_COUNT] = { DB_REASONS(DB_REASON_RESULT) };
#undef DB_REASON_RESULT

/* "NO_FIT" -> "no-fit", made once from the list's own names. */
#define DB_REASON_NAME(name, result) [DB_R_##name] = #name,
static const char *const reason_names[DB_R_COUNT] = { DB_REASONS(DB_REASON_NAME) };
#undef DB_REASON_NAME

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int db_fail_at(struct db_error *err, enum db_reason r, const struct db_facts *f)
{
	int code = db_reason_result(r);
	if (!err)
		return code;
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->reason = r;
	copy(err->subject, sizeof(err->subject), f->subject);
	copy(err->other, sizeof(err->other), f->other);
	copy(err->what, sizeof(err->what), f->what);
	err->n1 = f->n1;
	err->n2 = f->n2;
	err->profile = f->profile;
	err->os_errno = f->os_errno;
	err->lba = f->lba;
	err->lba_valid = f->lba_valid;
	return code;
}

void db_set_command(struct db_error *err, uint8_t opcode)
{
	if (err) {
		err->opcode = opcode;
		err->opcode_valid = 1;
	}
}

void db_set_sense(struct db_error *err, uint8_t key, uint8_t asc, uint8_t ascq)
{
	if (err) {
		err->have_sense = 1;
		err->key = key;
		err->asc = asc;
		err->ascq = ascq;
	}
}

int db_reason_result(enum db_reason r)
{
	return (unsigned)r < DB_R_COUNT ? reason_result[r] : DB_ESTATE;
}

void db_reason_name(enum db_reason r, char out[DB_REASON_NAME_MAX])
{
	const char *n = (unsigned)r < DB_R_COUNT ? reason_names[r] : "UNKNOWN";
	size_t i;
	for (i = 0; n[i] && i + 1 < DB_REASON_NAME_MAX; i++)
		out[i] = n[i] == '_' ? '-' : (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] - 'A' + 'a' : n[i]);
	out[i] = '\0';
}

const char *db_strerror(int code)
{
	switch (code) {
	case DB_OK:        return "ok";
	case DB_EINVAL:    return "invalid";
	case DB_ENOMEM:    return "out-of-memory";
	case DB_EOS:       return "os-error";
	case DB_ECHECK:    return "check-condition";
	case DB_EUNSAFE:   return "not-a-recorder";
	case DB_ESHORT:    return "bad-answer";
	case DB_ETIMEOUT:  return "timeout";
	case DB_ECANCEL:   return "cancelled";
	case DB_EMEDIA:    return "media-unsuitable";
	case DB_ENOSPACE:  return "does-not-fit";
	case DB_EIMAGE:    return "bad-image";
	case DB_EVERIFY:   return "verify-mismatch";
	case DB_ECHECKSUM: return "checksum-mismatch";
	case DB_EUNSUPP:   return "unsupported";
	case DB_ESTATE:    return "bad-state";
	case DB_EHASDATA:  return "disc-holds-data";
	case DB_EDRIVE:    return "drive-cannot";
	}
	return "unknown";
}
