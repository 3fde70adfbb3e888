# SPDX-License-Identifier: GPL-3.0-or-later
# src/station/local.mk — stations: many machines sharing one duplication job
# through PostgreSQL (libpq), images by URL through libcurl. Left out when
# configure finds no libpq (or is given --without-libpq).
if STATIONS
libdiscburn_a_SOURCES += \
	src/station/station.h src/station/station_int.h src/station/station.c \
	src/station/station_report.c src/station/station_queue.c src/station/admin.c \
	src/station/conninfo.h src/station/conninfo.c src/station/pg.h src/station/pg.c \
	src/station/schema.h src/station/schema.c src/station/fetch.h src/station/fetch.c \
	src/station/outbox.h src/station/outbox.c
libdiscburn_a_CFLAGS += $(LIBPQ_CFLAGS) $(LIBCURL_CFLAGS)
DISCBURN_LIBS += $(LIBPQ_LIBS) $(LIBCURL_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/test_station
TESTS += tests/test_station
tests_test_station_SOURCES = tests/test_station.c
tests_test_station_CFLAGS = $(DB_TEST_CFLAGS) $(LIBPQ_CFLAGS)
tests_test_station_LDADD = $(DB_TEST_LIBS)
endif
endif
TESTS += tests/station-pg.sh
EXTRA_DIST += tests/station-pg.sh doc/station-role.sql
