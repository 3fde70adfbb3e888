# SPDX-License-Identifier: GPL-3.0-or-later
# src/pipeline/local.mk — the data path: the ring buffer, the producer thread
# that fills it (and hashes the stream), the chunk map --verify compares with.
libdiscburn_a_SOURCES += \
	src/pipeline/ring.h src/pipeline/ring.c \
	src/pipeline/source.h src/pipeline/source.c \
	src/pipeline/verify.h src/pipeline/verify.c

if HAVE_CMOCKA
check_PROGRAMS += tests/test_ring tests/test_source tests/test_verify
TESTS += tests/test_ring tests/test_source tests/test_verify
tests_test_ring_SOURCES = tests/test_ring.c
tests_test_ring_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_ring_LDADD = $(DB_TEST_LIBS)
tests_test_source_SOURCES = tests/test_source.c
tests_test_source_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_source_LDADD = $(DB_TEST_LIBS)
tests_test_verify_SOURCES = tests/test_verify.c
tests_test_verify_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_verify_LDADD = $(DB_TEST_LIBS)
endif
