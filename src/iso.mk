# src/iso.mk — image inspection (ISO 9660 / UDF / El Torito / MBR / GPT) and
# expected checksums. Included by Makefile.am.
libdiscburn_a_SOURCES += \
	src/iso.h src/iso.c \
	src/checksum.h src/checksum.c

check_PROGRAMS += tests/test_iso tests/test_checksum tests/iso_dump
TESTS += tests/test_iso tests/test_checksum tests/iso-inspect.sh
EXTRA_DIST += tests/iso-inspect.sh tests/fuzz/fuzz_iso.c tests/fuzz/run.sh

tests_test_iso_SOURCES = tests/test_iso.c
tests_test_iso_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_iso_LDADD = $(DB_TEST_LIBS)

tests_test_checksum_SOURCES = tests/test_checksum.c
tests_test_checksum_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_checksum_LDADD = $(DB_TEST_LIBS)

# key=value dump of iso_inspect(), used by tests/iso-inspect.sh.
tests_iso_dump_SOURCES = tests/iso_dump.c
tests_iso_dump_LDADD = $(DISCBURN_LIBS)
