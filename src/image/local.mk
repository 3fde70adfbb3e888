# src/image/local.mk — knowing an image: inspection (ISO 9660 / UDF /
# El Torito / MBR / GPT), the volume facts multisession needs, and the
# checksum an image is expected to have.
libdiscburn_a_SOURCES += \
	src/image/iso.h src/image/iso.c \
	src/image/isovol.h src/image/isovol.c \
	src/image/checksum.h src/image/checksum.c \
	src/image/layout.h src/image/layout.c

check_PROGRAMS += tests/iso_dump
TESTS += tests/iso-inspect.sh
if HAVE_CMOCKA
check_PROGRAMS += tests/test_iso tests/test_checksum
TESTS += tests/test_iso tests/test_checksum
endif
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
