/* err.c — filling struct db_error. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "base/err.h"

int db_fail(struct db_error *err, int code, const char *fmt, ...)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		err->code = code;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

void db_advise(struct db_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->advice, sizeof(err->advice), fmt, ap);
	va_end(ap);
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
	case DB_ESHORT:    return "short-response";
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
