# bench/local.mk — build fragment included by Makefile.am
# Benchmarks are built with the project but are not tests: run bench/run.sh.
noinst_PROGRAMS += bench/bench_ring
bench_bench_ring_SOURCES = bench/bench_ring.c
bench_bench_ring_LDADD = $(DISCBURN_LIBS)
EXTRA_DIST += bench/run.sh
