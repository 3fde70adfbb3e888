# src/ring.mk — build fragment included by Makefile.am
# The data pipeline: ring buffer, SHA-256, the image source thread.
libdiscburn_a_SOURCES += \
	src/ring.h src/ring.c \
	src/sha256.h src/sha256.c \
	src/source.h src/source.c

check_PROGRAMS += tests/test_ring tests/test_sha256 tests/test_source
TESTS += tests/test_ring tests/test_sha256 tests/test_source

tests_test_ring_SOURCES = tests/test_ring.c
tests_test_ring_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_ring_LDADD = $(DB_TEST_LIBS)

tests_test_sha256_SOURCES = tests/test_sha256.c
tests_test_sha256_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_sha256_LDADD = $(DB_TEST_LIBS)

tests_test_source_SOURCES = tests/test_source.c
tests_test_source_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_source_LDADD = $(DB_TEST_LIBS)
