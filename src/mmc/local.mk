# SPDX-License-Identifier: GPL-3.0-or-later
# src/mmc/local.mk — what MMC says, without I/O: CDB builders, bounded
# response parsers, sense decoding.
libdiscburn_a_SOURCES += \
	src/mmc/mmc.h src/mmc/mmc_build.c src/mmc/mmc_parse.c \
	src/mmc/mmc_cd.h src/mmc/mmc_cd.c src/mmc/atip.c \
	src/mmc/disctype.h src/mmc/disctype.c \
	src/mmc/sense.h src/mmc/sense.c \
	src/mmc/cd.h src/mmc/cd_tables.h src/mmc/cdcue.c src/mmc/cdsector.c src/mmc/cdsub.c

if HAVE_CMOCKA
check_PROGRAMS += tests/test_mmc tests/test_sense
TESTS += tests/test_mmc tests/test_sense
tests_test_mmc_SOURCES = tests/test_mmc.c
tests_test_mmc_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_mmc_LDADD = $(DB_TEST_LIBS)
tests_test_sense_SOURCES = tests/test_sense.c
tests_test_sense_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_sense_LDADD = $(DB_TEST_LIBS)
check_PROGRAMS += tests/test_disctype
TESTS += tests/test_disctype
tests_test_disctype_SOURCES = tests/test_disctype.c
tests_test_disctype_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_disctype_LDADD = $(DB_TEST_LIBS)
check_PROGRAMS += tests/test_cd
TESTS += tests/test_cd
tests_test_cd_SOURCES = tests/test_cd.c
tests_test_cd_CFLAGS = $(DB_TEST_CFLAGS) -I$(top_srcdir)/drivers/emu
tests_test_cd_LDADD = $(DB_TEST_LIBS)
endif
