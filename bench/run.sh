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
# Whole burns and duplication, timed from outside by GNU time (/usr/bin/time)
# as whole processes. The image and the emulated discs live in $BENCH_DIR
# (default /dev/shm, so that neither disk speed nor page-cache misses are
# measured); every disc file is written once before the timed runs (on tmpfs
# a first write also allocates and zeroes pages, which is not the pipeline).
# Each command runs BENCH_RUNS times (default 5), the commands of a table in
# turn (A B C A B C ...), so a machine that slows down or speeds up during
# the run affects them alike; each row gives min, median and max, and the
# ratios are taken run by run (the A and the B of one turn), then their
# median. Quote medians: other work on the machine moves min and max.
#   discburn  the full binary, unthrottled emulator (dev=emu:bd-r:...): read,
#             FIFO, WRITE commands, close; fs=4m and fs=64m; the same with -v,
#             which also computes the image's SHA-256 (a plain burn, as
#             cdrskin's, computes none: nothing shows it)
#   cdrskin   the same image to cdrskin's stdio pseudo-drive on /dev/null
#   dup N     N emulated BD-R drives at 16x (72 MB/s, the fastest real BD-R
#             speed), one image: N drives should take one drive's time
# Needs cdrskin for its rows (skipped without it).
# ---------------------------------------------------------------------------
DISCBURN=${DISCBURN:-$BUILDDIR/discburn}
RUNS=${BENCH_RUNS:-5}
DIR=${BENCH_DIR:-/dev/shm}/discburn-bench.$$
TIME=/usr/bin/time
mkdir -p "$DIR"
trap 'rm -rf "$DIR"' EXIT INT TERM
if [ ! -x "$DISCBURN" ] || [ ! -x "$TIME" ]; then
	echo "bench/run.sh: need $DISCBURN and $TIME for the burn benchmarks" >&2
	exit 1
fi
CDRSKIN=$(command -v cdrskin || true)

bytes_of() {
	case $1 in
	*G) echo $(( ${1%G} * 1024 * 1024 * 1024 )) ;;
	*M) echo $(( ${1%M} * 1024 * 1024 )) ;;
	*) echo "$1" ;;
	esac
}

# once NAME cmd...: run it once under GNU time; append "wall cpu rss_kib" to
# $DIR/NAME.runs
once() {
	name=$1; shift
	"$TIME" -f '%e %U %S %M' -o "$DIR/time" "$@" > "$DIR/out" 2>&1 || {
		echo "bench: $name failed:" >&2; tail -5 "$DIR/out" >&2; return 1; }
	read -r wall user sys rss < "$DIR/time"
	echo "$wall $user $sys $rss" | awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' >> "$DIR/$name.runs"
}

# stat FILE COLUMN: "min median max" of a column of numbers
stat() {
	awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 }
		END { if (!NR) { print "- - -"; exit }
		      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      print v[1], m, v[NR] }'
}

# ratio A B COLUMN: "min median max" of A's COLUMN over B's, run by run
ratio() {
	paste -d ' ' "$DIR/$1.runs" "$DIR/$2.runs" | awk -v c="$3" '
		{ n = split($0, f, " "); h = n / 2; if (f[h + c] > 0) print f[c] / f[h + c] }' > "$DIR/ratio"
	stat "$DIR/ratio" 1
}

# row LABEL NAME GB: throughput (GB/s: min median max), CPU s/GB (median),
# peak RSS (median), from NAME's runs
row() {
	set -- "$1" "$2" "$3" "$(stat "$DIR/$2.runs" 1)" "$(stat "$DIR/$2.runs" 2)" \
		"$(stat "$DIR/$2.runs" 3)"
	echo "$4 $5 $6" | awk -v l="$1" -v gb="$3" -v sz="$size" '{
		printf "%-26s %-5s %6.2f %6.2f %6.2f %9.2f %9d MiB\n", l, sz, gb / $3, gb / $2,
		       gb / $1, $5 / gb, $8 / 1024 }'
}

# ratios LABEL NAME: NAME's throughput over cdrskin's (the inverse of the
# wall time: cdrskin's over NAME's) and CPU per GB, run by run
ratios() {
	set -- "$1" "$(ratio cdrskin "$2" 1)" "$(ratio "$2" cdrskin 2)"
	printf '%-26s %-5s %s\n' "$1" "$size" "$(echo "$2 $3" | awk '{
		printf "throughput %.2fx (min %.2f, max %.2f), CPU per GB %.2f (min %.2f, max %.2f)",
		       $2, $1, $3, $5, $4, $6 }')"
}

printf '\n%-26s %-5s %20s %9s %13s\n' burn size 'GB/s min/med/max' 'CPU s/GB' 'peak RSS'
for size in $SIZES; do
	b=$(bytes_of "$size")
	gb=$(awk -v b="$b" 'BEGIN { print b / 1e9 }')
	head -c "$b" /dev/urandom > "$DIR/image" 2>/dev/null
	cp "$DIR/image" "$DIR/disc.img"         # the disc's pages exist before timing
	rm -f "$DIR"/*.runs
	for _ in $(seq 1 "$RUNS"); do
		rm -f "$DIR/disc.img.state"
		once fs4 "$DISCBURN" dev="emu:bd-r:$DIR/disc.img" -force fs=4m "$DIR/image"
		rm -f "$DIR/disc.img.state"
		once fs64 "$DISCBURN" dev="emu:bd-r:$DIR/disc.img" -force fs=64m "$DIR/image"
		rm -f "$DIR/disc.img.state"
		once fs4v "$DISCBURN" -v dev="emu:bd-r:$DIR/disc.img" -force fs=4m "$DIR/image"
		[ -z "$CDRSKIN" ] || once cdrskin "$CDRSKIN" --allow_emulated_drives dev=stdio:/dev/null "$DIR/image"
	done
	row "discburn -> emu, fs=4m" fs4 "$gb"
	row "discburn -> emu, fs=64m" fs64 "$gb"
	row "discburn -v (SHA-256), fs=4m" fs4v "$gb"
	if [ -n "$CDRSKIN" ]; then
		row "cdrskin -> /dev/null" cdrskin "$gb"
		ratios "discburn/cdrskin" fs4
		ratios "discburn -v/cdrskin" fs4v
	fi
	rm -f "$DIR/image" "$DIR/disc.img" "$DIR/disc.img.state"
done

# duplication at a real drive's speed: N drives should take about one drive's time
DUP_SIZE=${DUP_SIZE:-256M}
DUP_DRIVES=${DUP_DRIVES:-1 2 4 8}
b=$(bytes_of "$DUP_SIZE")
size=$DUP_SIZE
head -c "$b" /dev/urandom > "$DIR/image"
rm -f "$DIR"/*.runs
for n in $DUP_DRIVES; do
	for i in $(seq 1 "$n"); do cp "$DIR/image" "$DIR/d$n-$i.img"; done
done
for _ in $(seq 1 "$RUNS"); do
	for n in $DUP_DRIVES; do
		devs=
		for i in $(seq 1 "$n"); do
			devs="${devs:+$devs,}emu:bd-r:speed=16:$DIR/d$n-$i.img"
			rm -f "$DIR/d$n-$i.img.state"
		done
		rm -f "$DIR/j$n"
		once "dup$n" "$DISCBURN" dev="$devs" --journal "$DIR/j$n" -force "$DIR/image"
	done
done
printf '\n%-26s %-5s %20s %9s %9s %13s\n' 'dup (BD-R 16x)' size 'seconds min/med/max' \
	'agg MB/s' 'CPU s/GB' 'peak RSS'
for n in $DUP_DRIVES; do
	set -- "$(stat "$DIR/dup$n.runs" 1)" "$(stat "$DIR/dup$n.runs" 2)" "$(stat "$DIR/dup$n.runs" 3)"
	echo "$1 $2 $3" | awk -v l="$n drive(s)" -v k="$n" -v b="$b" -v sz="$size" '{
		printf "%-26s %-5s %6.2f %6.2f %6.2f %9.1f %9.2f %9d MiB\n", l, sz, $1, $2, $3,
		       k * b / 1e6 / $2, $5 / (k * b / 1e9), $8 / 1024 }'
done
first=${DUP_DRIVES%% *} last=${DUP_DRIVES##* }
if [ "$first" != "$last" ]; then
	set -- $(ratio "dup$last" "dup$first" 1)
	printf '%-26s %-5s time %.3f (min %.3f, max %.3f)\n' "$last drives/$first drive" "$size" \
		"$2" "$1" "$3"
fi
