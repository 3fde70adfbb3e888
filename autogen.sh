#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate the build system (configure, Makefile.in) from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
autoreconf -fi
