#!/bin/sh
# run.sh — build tests/fuzz/fuzz_iso.c with clang's libFuzzer and run it.
#
# Usage: tests/fuzz/run.sh [SECONDS]   (default 60; FUZZ_SECONDS also works)
# The seed corpus is made here from small genisoimage/xorriso images (plain,
# Joliet + Rock Ridge, Rock Ridge behind CD-XA attributes, UDF bridge, El Torito BIOS + UEFI with a GPT). Crashes
# are kept in $FUZZ_OUT (default a temporary directory, printed at the end).
# Needs clang with libFuzzer (Debian: clang, libclang-rt-14-dev), genisoimage,
# xorriso; the parser links against nothing but libc. Exit status is
# libFuzzer's: 0 when nothing was found.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${1:-${FUZZ_SECONDS:-60}}
out=${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/fuzz-iso.XXXXXX")}
CLANG=${CLANG:-clang}
mkdir -p "$out/corpus" "$out/artifacts"

for tool in "$CLANG" genisoimage xorriso; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "run.sh: $tool is missing" >&2
		exit 1
	}
done

# The sources include "config.h"; the fuzzer needs only what autoconf's
# AC_USE_SYSTEM_EXTENSIONS gives them.
printf '#define _GNU_SOURCE 1\n' > "$out/config.h"
"$CLANG" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined \
	-I"$out" -I"$top/src" -I"$top/drivers" \
	"$here/fuzz_iso.c" "$top/src/base/err.c" \
	"$top/src/image/iso.c" "$top/src/image/iso9660.c" "$top/src/image/udf.c" \
	"$top/src/image/eltorito.c" "$top/src/image/parttab.c" \
	"$top/src/image/iso_session.c" \
	-o "$out/fuzz_iso"

t="$out/tree"
mkdir -p "$t/d/e"
echo a > "$t/a.txt"
echo b > "$t/d/e/b.txt"
head -c 2048 /dev/zero > "$t/boot.bin"
head -c 65536 /dev/zero > "$t/efi.img"
genisoimage -quiet -o "$out/corpus/plain.iso" "$t" 2>/dev/null
genisoimage -quiet -J -R -o "$out/corpus/jr.iso" "$t" 2>/dev/null
genisoimage -quiet -R -XA -o "$out/corpus/xa.iso" "$t" 2>/dev/null
genisoimage -quiet -udf -o "$out/corpus/udf.iso" "$t" 2>/dev/null
genisoimage -quiet -no-emul-boot -b boot.bin -o "$out/corpus/boot.iso" "$t" \
	2>/dev/null
xorriso -as mkisofs -quiet -R -J -o "$out/corpus/efi.iso" \
	-b boot.bin -no-emul-boot -boot-load-size 4 \
	-eltorito-alt-boot -e efi.img -no-emul-boot \
	-append_partition 2 0xef "$t/efi.img" -appended_part_as_gpt \
	"$t" >/dev/null 2>&1

status=0
"$out/fuzz_iso" -max_total_time="$secs" -max_len=1200000 -rss_limit_mb=2048 \
	-artifact_prefix="$out/artifacts/" -print_final_stats=1 \
	"$out/corpus" || status=$?
echo "fuzz_iso: ${secs}s, status $status, output in $out"
exit "$status"
