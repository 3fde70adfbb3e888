# SPDX-License-Identifier: GPL-3.0-or-later
# src/image/local.mk — knowing an image: inspection (ISO 9660 / UDF /
# El Torito / MBR / GPT), the volume facts multisession needs, and the
# checksum an image is expected to have.
libdiscburn_a_SOURCES += \
	src/image/iso.h src/image/iso_int.h src/image/iso.c \
	src/image/iso9660.c src/image/udf.c src/image/eltorito.c src/image/parttab.c \
	src/image/iso_session.h src/image/iso_session.c \
	src/image/checksum.h src/image/checksum.c \
	src/image/layout.h src/image/layout.c src/image/layout_report.c \
	src/image/audio.h src/image/audio.c \
	src/image/cdtext.h src/image/cdtext.c \
	src/image/sheet.h src/image/sheet.c \
	src/image/cue.h src/image/cue.c \
	src/image/tracklist.h src/image/tracklist.c \
	src/image/toc.h src/image/toc.c \
	src/image/image.h src/image/image.c

# audio decoding (libsndfile) for the layouts of audio CDs
libdiscburn_a_CFLAGS += $(SNDFILE_CFLAGS)
DISCBURN_LIBS += $(SNDFILE_LIBS)

check_PROGRAMS += tests/iso_dump
TESTS += tests/iso-inspect.sh
if HAVE_CMOCKA
check_PROGRAMS += tests/test_iso tests/test_checksum tests/test_cdtext \
	tests/test_cue tests/test_tracklist tests/test_toc
TESTS += tests/test_iso tests/test_checksum tests/test_cdtext \
	tests/test_cue tests/test_tracklist tests/test_toc
endif
EXTRA_DIST += tests/iso-inspect.sh tests/fuzz/fuzz_iso.c tests/fuzz/run.sh \
	tests/fuzz/fuzz_cue.c tests/fuzz/fuzz_toc.c tests/fuzz/fuzz_cdtext.c \
	tests/fuzz/fuzz_layout.h tests/fuzz/seeds

tests_test_iso_SOURCES = tests/test_iso.c
tests_test_iso_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_iso_LDADD = $(DB_TEST_LIBS)

tests_test_checksum_SOURCES = tests/test_checksum.c
tests_test_checksum_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_checksum_LDADD = $(DB_TEST_LIBS)

# key=value dump of the inspection, used by tests/iso-inspect.sh.
tests_iso_dump_SOURCES = tests/iso_dump.c
tests_iso_dump_LDADD = $(DISCBURN_LIBS)

tests_test_cdtext_SOURCES = tests/test_cdtext.c
tests_test_cdtext_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_cdtext_LDADD = $(DB_TEST_LIBS)
EXTRA_DIST += tests/data

tests_test_cue_SOURCES = tests/test_cue.c tests/audiofix.h
tests_test_cue_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_cue_LDADD = $(DB_TEST_LIBS)

tests_test_tracklist_SOURCES = tests/test_tracklist.c tests/audiofix.h
tests_test_tracklist_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_tracklist_LDADD = $(DB_TEST_LIBS)

tests_test_toc_SOURCES = tests/test_toc.c tests/audiofix.h
tests_test_toc_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_toc_LDADD = $(DB_TEST_LIBS)
