# SPDX-License-Identifier: GPL-3.0-or-later
# src/drive/local.mk — talking to a drive: the backend table, the safety gate
# and the one retry loop (device), one call per MMC command (drive).
libdiscburn_a_SOURCES += \
	src/drive/device.h src/drive/device.c \
	src/drive/drive.h src/drive/drive.c \
	src/drive/drive_read.h src/drive/drive_read.c

if HAVE_CMOCKA
# test_drive links the layer's sources directly and supplies its own
# device_run(), so it needs neither device.c nor a backend.
check_PROGRAMS += tests/test_device tests/test_drive
TESTS += tests/test_device tests/test_drive
tests_test_device_SOURCES = tests/test_device.c
tests_test_device_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_device_LDADD = $(DB_TEST_LIBS)
tests_test_drive_SOURCES = tests/test_drive.c src/drive/drive.c src/mmc/mmc_build.c src/mmc/mmc_parse.c src/mmc/disctype.c \
	src/mmc/sense.c src/base/err.c
tests_test_drive_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_drive_LDADD = $(CMOCKA_LIBS)
endif
