#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Stands in for the cmocka unit tests when configure did not find cmocka:
# they were not built, and make check says so instead of passing quietly.
. "${top_srcdir:-$(dirname "$0")/..}/tests/skip.sh"
skip "the cmocka unit tests were not built: configure found no cmocka >= 1.1 (Debian: libcmocka-dev) or was given --without-cmocka"
