#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/run.sh — benchmarks of the data pipeline (not a test; prints a table).
#
# Run from the build directory (or set BUILDDIR): bench/run.sh [sizes...]
# Sizes default to "1G 4G". Each size runs:
#   source  image file (sparse, in $TMPDIR) -> source thread with SHA-256
#           (OpenSSL's libcrypto) -> ring -> 1 sink: what a burn costs before
#           the drive, with the image in the page cache: once as libcrypto
#           runs here, and on x86 once more with its use of the CPU's SHA
#           instructions masked (OPENSSL_ia32cap), which is what an x86
#           without them gets; then once cold, where the kernel zero-filling
#           the sparse file's holes dominates;
#   ring    generator -> ring -> 1 and 3 sinks: the ring alone.
# Columns: throughput (GB/s), CPU seconds per GB, peak RSS. Peak RSS should
# stay near the fifo size (16 MiB here) whatever the image size: memory is
# bounded by the ring, not by the image.
set -eu

BUILDDIR=${BUILDDIR:-.}
BENCH=${BENCH_RING:-$BUILDDIR/bench/bench_ring}
FIFO=${FIFO:-16M}
CHUNK=${CHUNK:-64k}
SIZES=${*:-1G 4G}

# `make all` does not build the benchmark: build it (and discburn) here.
if [ -z "${BENCH_RING:-}" ] && [ -f "$BUILDDIR/Makefile" ]; then
	make -C "$BUILDDIR" -s bench >&2 || exit 1
fi
if [ ! -x "$BENCH" ]; then
	echo "bench/run.sh: $BENCH not found; run make bench in the build directory (or set BUILDDIR)" >&2
	exit 1
fi

field() {
	# field KEY LINE: the value of KEY=... in a bench_ring output line
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

printf '%-8s %-18s %-6s %-7s %9s %11s %12s %10s\n' \
	mode sha size readers 'GB/s' 'CPU s/GB' 'peak RSS' 'fifo empty'
# run ARGS: one row; RUN_ENV (VAR=VALUE) is set for bench_ring alone and
# SHA_TAG is added to the sha column.
RUN_ENV= SHA_TAG=
run() {
	line=$(env $RUN_ENV "$BENCH" --fifo "$FIFO" --chunk "$CHUNK" "$@")
	rss_mib=$(( $(field maxrss_kib "$line") / 1024 ))
	sha=$(field sha_impl "$line")$SHA_TAG
	[ "$(field mode "$line")" = ring ] && sha=-
	case " $* " in *" --warm "*) ;; *) [ "$sha" = - ] || sha="$sha,cold" ;; esac
	printf '%-8s %-18s %-6s %-7s %9s %11s %9s MiB %10s\n' \
		"$(field mode "$line")" "$sha" "$size" "$(field readers "$line")" \
		"$(field gb_per_s "$line")" "$(field cpu_s_per_gb "$line")" \
		"$rss_mib" "$(field fifo_empty "$line")"
}

for size in $SIZES; do
	run --mode source --size "$size" --warm
	case $(uname -m) in
	x86_64|i?86)
		# CPUID leaf 7 EBX bit 29 is SHA: libcrypto then uses its AVX2/SSSE3 code
		RUN_ENV=OPENSSL_ia32cap=:~0x20000000 SHA_TAG=,no-sha-ni
		run --mode source --size "$size" --warm
		RUN_ENV= SHA_TAG= ;;
	esac
	run --mode source --size "$size"
	run --mode ring --size "$size" --readers 1
	run --mode ring --size "$size" --readers 3
done

# ---------------------------------------------------------------------------
# Whole burns. The image and the emulated disc live in $BENCH_DIR (default
# /dev/shm, so that neither disk speed nor page-cache misses are measured);
# storage from the host (the disc file is written once before the timed run;
# on tmpfs a first write also allocates and zeroes pages, which is not the
# pipeline). Needs GNU time (/usr/bin/time) and cdrskin.
#   discburn  the full binary, unthrottled emulator (dev=emu:bd-r:...): read,
#             SHA-256, FIFO, WRITE commands, close
#   cdrskin   the same image to cdrskin's stdio pseudo-drive on /dev/null
#   dup N     N emulated DVD+R drives at 16x (22 MB/s, a real drive's speed),
#             one image: aggregate MB/s should grow with N at about one
#             drive's time
# ---------------------------------------------------------------------------
DISCBURN=${DISCBURN:-$BUILDDIR/discburn}
DIR=${BENCH_DIR:-/dev/shm}/discburn-bench.$$
TIME=/usr/bin/time
mkdir -p "$DIR"
trap 'rm -rf "$DIR"' EXIT INT TERM
if [ ! -x "$DISCBURN" ] || [ ! -x "$TIME" ]; then
	echo "bench/run.sh: need $DISCBURN and $TIME for the burn benchmarks" >&2
	exit 1
fi

bytes_of() {
	case $1 in
	*G) echo $(( ${1%G} * 1024 * 1024 * 1024 )) ;;
	*M) echo $(( ${1%M} * 1024 * 1024 )) ;;
	*) echo "$1" ;;
	esac
}

# timed NAME BYTES cmd...: one row (GB/s over the whole command, CPU s/GB, peak RSS)
timed() {
	name=$1 bytes=$2; shift 2
	"$TIME" -f '%e %U %S %M' -o "$DIR/time" "$@" > "$DIR/out" 2>&1 || {
		echo "bench: $name failed:"; tail -5 "$DIR/out"; return 1; }
	read -r wall user sys rss < "$DIR/time"
	awk -v n="$name" -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v sz="$size" \
		'BEGIN { gb = b / 1e9; printf "%-22s %-6s %8.2f %10.2f %9.2f %9d MiB\n",
		         n, sz, gb / (w > 0 ? w : 0.01), w, (u + s) / gb, r / 1024 }'
}

printf '\n%-22s %-6s %8s %10s %9s %13s\n' burn size 'GB/s' 'seconds' 'CPU s/GB' 'peak RSS'
for size in $SIZES; do
	b=$(bytes_of "$size")
	head -c "$b" /dev/urandom > "$DIR/image" 2>/dev/null
	cp "$DIR/image" "$DIR/disc.img"         # the disc's pages exist before timing
	rm -f "$DIR/disc.img.state"
	timed "discburn -> emu" "$b" "$DISCBURN" dev="emu:bd-r:$DIR/disc.img" -force fs=4m "$DIR/image"
	rm -f "$DIR/disc.img.state"
	timed "discburn -> emu (fs=64m)" "$b" "$DISCBURN" dev="emu:bd-r:$DIR/disc.img" -force fs=64m "$DIR/image"
	timed "cdrskin -> /dev/null" "$b" cdrskin --allow_emulated_drives dev=stdio:/dev/null "$DIR/image"
	rm -f "$DIR/image" "$DIR/disc.img" "$DIR/disc.img.state"
done

# duplication at a real drive's speed: N drives should take about one drive's time
DUP_SIZE=${DUP_SIZE:-256M}
b=$(bytes_of "$DUP_SIZE")
size=$DUP_SIZE
head -c "$b" /dev/urandom > "$DIR/image"
printf '\n%-22s %-6s %8s %10s %9s %13s\n' 'dup (DVD+R 16x)' size 'agg MB/s' 'seconds' 'CPU s/GB' 'peak RSS'
for n in 1 2 4; do
	devs=
	for i in $(seq 1 "$n"); do
		devs="${devs:+$devs,}emu:dvd+r:speed=16:$DIR/d$n-$i.img"
		cp "$DIR/image" "$DIR/d$n-$i.img"
	done
	"$TIME" -f '%e %U %S %M' -o "$DIR/time" "$DISCBURN" dev="$devs" --journal "$DIR/j$n" -force \
		"$DIR/image" > "$DIR/out" 2>&1 || { echo "bench: dup $n failed"; tail -5 "$DIR/out"; continue; }
	read -r wall user sys rss < "$DIR/time"
	awk -v n="$n drive(s)" -v b="$b" -v k="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v sz="$size" \
		'BEGIN { printf "%-22s %-6s %8.1f %10.2f %9.2f %9d MiB\n", n, sz, k * b / 1e6 / w, w,
		         (u + s) / (k * b / 1e9), r / 1024 }'
	rm -f "$DIR"/d"$n"-*
done
