#!/bin/sh
# Regenerate the build system (configure, Makefile.in) from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
autoreconf -fi
for f in tap-driver.sh test-driver; do cp -f "$(automake --print-libdir)/$f" build-aux/$f; done
