# src/mmc.mk — MMC command layer, sense decoding, drive I/O wrappers.
libdiscburn_a_SOURCES += \
	src/mmc.h src/mmc.c \
	src/sense.h src/sense.c \
	src/drive.h src/drive.c

# One cmocka program per area. test_drive links the layer's sources directly
# and supplies its own device_run(), so it needs neither device.c nor a backend.
check_PROGRAMS += tests/test_mmc tests/test_sense tests/test_drive
TESTS += tests/test_mmc tests/test_sense tests/test_drive
tests_test_mmc_SOURCES = tests/test_mmc.c
tests_test_mmc_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_mmc_LDADD = $(DB_TEST_LIBS)
tests_test_sense_SOURCES = tests/test_sense.c
tests_test_sense_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_sense_LDADD = $(DB_TEST_LIBS)
tests_test_drive_SOURCES = tests/test_drive.c src/drive.c src/mmc.c src/sense.c src/err.c
tests_test_drive_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_drive_LDADD = $(CMOCKA_LIBS)
