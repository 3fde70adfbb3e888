# src/local.mk — core: errors, device (backend table + safety gate), CLI, burn.
libdiscburn_a_SOURCES += \
	src/bytes.h src/err.h src/err.c \
	src/device.h src/device.c
libdiscburn_a_SOURCES += \
	src/exitcodes.h src/options.h src/options.c \
	src/json.h src/json.c \
	src/verify.h src/verify.c \
	src/burn.h src/burn.c \
	src/cli.h src/cli_report.c src/cli_info.c src/cli_dup.c

check_PROGRAMS += tests/test_options tests/test_verify tests/test_device
TESTS += tests/test_options tests/test_verify tests/test_device
tests_test_options_SOURCES = tests/test_options.c
tests_test_options_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_options_LDADD = $(DB_TEST_LIBS)
tests_test_verify_SOURCES = tests/test_verify.c
tests_test_verify_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_verify_LDADD = $(DB_TEST_LIBS)
libdiscburn_a_SOURCES += src/blank.h src/blank.c src/isovol.h src/isovol.c
libdiscburn_a_SOURCES += src/dup.h src/dup.c
tests_test_device_SOURCES = tests/test_device.c
tests_test_device_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_device_LDADD = $(DB_TEST_LIBS)
libdiscburn_a_SOURCES += src/clock.h
