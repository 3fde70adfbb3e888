# SPDX-License-Identifier: GPL-3.0-or-later
# src/base/local.mk — what every layer uses: byte order, the clock, result
# codes and failures, the NDJSON writer, SHA-256.
libdiscburn_a_SOURCES += \
	src/base/bytes.h src/base/clock.h src/base/fact.h \
	src/base/err.h src/base/err.c \
	src/base/json.h src/base/json.c \
	src/base/sha256.h src/base/sha256.c

if HAVE_CMOCKA
check_PROGRAMS += tests/test_sha256
TESTS += tests/test_sha256
tests_test_sha256_SOURCES = tests/test_sha256.c
tests_test_sha256_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_sha256_LDADD = $(DB_TEST_LIBS)

check_PROGRAMS += tests/test_json
TESTS += tests/test_json
tests_test_json_SOURCES = tests/test_json.c
tests_test_json_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_json_LDADD = $(DB_TEST_LIBS)
endif
