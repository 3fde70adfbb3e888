# SPDX-License-Identifier: GPL-3.0-or-later
# bench/local.mk — build fragment included by Makefile.am
# Benchmarks are not tests and not installed: `make all` leaves them out,
# `make check` builds them (so they keep compiling) and `make bench` builds
# what bench/run.sh runs (it calls make bench itself).
check_PROGRAMS += bench/bench_ring
bench_bench_ring_SOURCES = bench/bench_ring.c
bench_bench_ring_LDADD = $(DISCBURN_LIBS)
EXTRA_DIST += bench/run.sh
.PHONY: bench
bench: bench/bench_ring$(EXEEXT) discburn$(EXEEXT)
