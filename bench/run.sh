#!/bin/sh
# bench/run.sh — benchmarks of the data pipeline (not a test; prints a table).
#
# Run from the build directory (or set BUILDDIR): bench/run.sh [sizes...]
# Sizes default to "1G 4G". Each size runs:
#   source  image file (sparse, in $TMPDIR) -> source thread with SHA-256 ->
#           ring -> 1 sink: what a burn costs before the drive (once with
#           the CPU's SHA instructions when it has them, once portable C,
#           both with the image in the page cache; then once cold, where
#           the kernel zero-filling the sparse file's holes dominates);
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

if [ ! -x "$BENCH" ]; then
	echo "bench/run.sh: $BENCH not found; run make first (or set BUILDDIR)" >&2
	exit 1
fi

field() {
	# field KEY LINE: the value of KEY=... in a bench_ring output line
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

printf '%-8s %-14s %-6s %-7s %9s %11s %12s %10s\n' \
	mode sha size readers 'GB/s' 'CPU s/GB' 'peak RSS' 'fifo empty'
run() {
	line=$("$BENCH" --fifo "$FIFO" --chunk "$CHUNK" "$@")
	rss_mib=$(( $(field maxrss_kib "$line") / 1024 ))
	sha=$(field sha_impl "$line")
	[ "$(field mode "$line")" = ring ] && sha=-
	case " $* " in *" --warm "*) ;; *) [ "$sha" = - ] || sha="$sha,cold" ;; esac
	printf '%-8s %-14s %-6s %-7s %9s %11s %9s MiB %10s\n' \
		"$(field mode "$line")" "$sha" "$size" "$(field readers "$line")" \
		"$(field gb_per_s "$line")" "$(field cpu_s_per_gb "$line")" \
		"$rss_mib" "$(field fifo_empty "$line")"
}

for size in $SIZES; do
	run --mode source --size "$size" --warm
	run --mode source --size "$size" --warm --no-accel
	run --mode source --size "$size"
	run --mode ring --size "$size" --readers 1
	run --mode ring --size "$size" --readers 3
done

# ---------------------------------------------------------------------------
# Whole-burn comparison (to be added by the lead): burn the same image
#   - through the full discburn binary onto the emulator (dev=emu:...), and
#   - with `cdrskin --allow_emulated_drives dev=stdio:/dev/null`,
# timing both and reporting the same columns. Add it below this line.
# ---------------------------------------------------------------------------
