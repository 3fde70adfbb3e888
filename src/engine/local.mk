# SPDX-License-Identifier: GPL-3.0-or-later
# src/engine/local.mk — burning: a job of one or more drives (job.c, its
# rounds; job_drive.c, one drive's part of a round; the journal), one disc's
# sequence (burn.c, write.c), the write strategies (strat_*.c), blanking and
# formatting; reading discs (disc.c: what a disc holds and which sectors make
# its image; read.c: to a file with a map; check.c: against an image or a
# checksum; master.c: a disc as the image of a job).
libdiscburn_a_SOURCES += \
	src/engine/burn.h src/engine/burn.c src/engine/write.c src/engine/sample.c \
	src/engine/strategy.h \
	src/engine/strat_cd_tao.c src/engine/strat_cd_sao.c src/engine/strat_cd_raw.c \
	src/engine/cdplan.c src/engine/write_cd.c src/engine/cdverify.h src/engine/verify_cd.c \
	src/engine/verify_cd_toc.c src/engine/strat_dvdr.c \
	src/engine/strat_sequential.c src/engine/strat_overwrite.c \
	src/engine/blank.h src/engine/blank.c \
	src/engine/job.h src/engine/job_int.h src/engine/job.c src/engine/job_drive.c \
	src/engine/journal.h src/engine/journal.c \
	src/engine/disc.h src/engine/disc.c src/engine/readmap.h src/engine/readmap.c \
	src/engine/read.h src/engine/read_int.h src/engine/read.c src/engine/check.c \
	src/engine/master.h src/engine/master.c \
	src/engine/cdcue.h src/engine/cdcue.c

if HAVE_CMOCKA
check_PROGRAMS += tests/test_readmap tests/test_cdcue
TESTS += tests/test_readmap tests/test_cdcue
endif
tests_test_readmap_SOURCES = tests/test_readmap.c
tests_test_readmap_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_readmap_LDADD = $(DB_TEST_LIBS)
tests_test_cdcue_SOURCES = tests/test_cdcue.c
tests_test_cdcue_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_cdcue_LDADD = $(DB_TEST_LIBS)
