# SPDX-License-Identifier: GPL-3.0-or-later
# src/cli/local.mk — the command line: options, what is printed (text,
# progress line, NDJSON), the information commands, the exit code.
libdiscburn_a_SOURCES += \
	src/cli/exitcodes.h src/cli/options.h src/cli/options.c src/cli/options_int.h \
	src/cli/options_compat.c src/cli/defaults.h src/cli/defaults.c \
	src/cli/messages.h src/cli/messages.c \
	src/cli/cli.h src/cli/cli_report.c src/cli/cli_info.c src/cli/cli_dup.c \
	src/cli/cli_burn.c src/cli/cli_station.c src/cli/cli_read.c src/cli/cli_tracks.c src/cli/cli_fix.c \
	src/cli/report.h src/cli/report_int.h src/cli/report.c src/cli/report_draw.c src/cli/report_page.c

discburn_SOURCES = src/cli/main.c

if HAVE_CMOCKA
check_PROGRAMS += tests/test_options
TESTS += tests/test_options
tests_test_options_SOURCES = tests/test_options.c
tests_test_options_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_options_LDADD = $(DB_TEST_LIBS)
check_PROGRAMS += tests/test_messages
TESTS += tests/test_messages
tests_test_messages_SOURCES = tests/test_messages.c
tests_test_messages_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_messages_LDADD = $(DB_TEST_LIBS)
check_PROGRAMS += tests/test_report
TESTS += tests/test_report
tests_test_report_SOURCES = tests/test_report.c
tests_test_report_CFLAGS = $(DB_TEST_CFLAGS)
tests_test_report_LDADD = $(DB_TEST_LIBS)
endif
EXTRA_DIST += tests/msgtext.h
