#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh — build the parsers' libFuzzer harnesses with clang and run each
# for a bounded time:
#   fuzz_iso     the image parser (tests/fuzz/fuzz_iso.c)
#   fuzz_cue     cue sheets and .inf files (fuzz_cue.c)
#   fuzz_toc     cdrdao TOC files (fuzz_toc.c)
#   fuzz_cdtext  CD-TEXT packs and WAV headers (fuzz_cdtext.c)
#   fuzz_drive   a hostile drive under the whole burn, blank, format,
#                information and duplication path (fuzz_drive.c), from seeds
#                it records from the emulator first
#
# Usage: tests/fuzz/run.sh [SECONDS [NAME...]]   (default 60 s each, all;
# FUZZ_SECONDS also works)
# The ISO seed corpus is made here from small genisoimage/xorriso images
# (plain, Joliet + Rock Ridge, Rock Ridge behind CD-XA attributes, UDF
# bridge, El Torito BIOS + UEFI with a GPT); the others start from
# tests/fuzz/seeds/ (sheets shaped like those EAC, cdrdao, redumper and
# icedax write) and tests/data. Crashes are kept in $FUZZ_OUT (default a
# temporary directory, printed at the end). Needs clang with libFuzzer
# (Debian: clang, libclang-rt-14-dev), genisoimage, xorriso; the ISO parser
# links against nothing but libc, the sheet parsers against libsndfile
# (pkg-config, libsndfile1-dev), fuzz_drive also against jansson and
# libcrypto. Exit
# status: 0 when no fuzzer found anything, else the first failing one's.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${1:-${FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
names=${*:-fuzz_iso fuzz_cue fuzz_toc fuzz_cdtext fuzz_drive}
out=${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/fuzz-iso.XXXXXX")}
CLANG=${CLANG:-clang}
mkdir -p "$out/artifacts"

for tool in "$CLANG" pkg-config genisoimage xorriso; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "run.sh: $tool is missing" >&2
		exit 1
	}
done

# The sources include "config.h"; the fuzzer needs only what autoconf's
# AC_USE_SYSTEM_EXTENSIONS gives them.
printf '#define _GNU_SOURCE 1\n#define PACKAGE_VERSION "fuzz"\n' > "$out/config.h"
CFLAGS="-g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
img="$top/src/image"
layout_src="$img/layout.c $img/layout_report.c $img/audio.c $img/cdtext.c $img/sheet.c \
	$img/cue.c $img/toc.c $img/tracklist.c $top/src/base/err.c"

build() {
	name=$1
	shift
	# shellcheck disable=SC2086,SC2046
	"$CLANG" $CFLAGS -I"$out" -I"$top/src" -I"$top/drivers" -I"$here" \
		"$here/$name.c" "$@" -o "$out/$name"
}

# fuzz_drive links nearly all of src/ and the emulator: compiled one file at
# a time on every core, then linked; time is virtual in it
# (DISCBURN_FAKE_CLOCK, src/base/clock.h)
build_drive() {
	mkdir -p "$out/obj"
	# shellcheck disable=SC2046
	srcs=$(cd "$top" && ls src/base/*.c src/mmc/*.c src/drive/*.c src/pipeline/*.c \
		src/engine/*.c src/image/*.c drivers/emu/*.c src/cli/messages.c \
		src/cli/cli_info.c src/cli/cli_report.c src/cli/options.c src/cli/options_compat.c \
		src/cli/defaults.c)
	flags="$CFLAGS -DDISCBURN_FAKE_CLOCK -I$out -I$top/src -I$top/drivers -I$here \
		$(pkg-config --cflags jansson sndfile libcrypto)"
	# -fsanitize=fuzzer only at the link: the library sources get the
	# coverage instrumentation without a second main()
	objflags=$(echo "$flags" | sed 's/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,/')
	# shellcheck disable=SC2086
	printf '%s\n' $srcs tests/fuzz/fuzz_drive.c | xargs -P "$(nproc)" -I{} sh -c \
		'o="$1/obj/$(echo "$2" | tr / _).o"; '"$CLANG"' '"$objflags"' -c "$3/$2" -o "$o"' \
		_ "$out" {} "$top"
	# shellcheck disable=SC2086,SC2046
	"$CLANG" $CFLAGS "$out"/obj/*.o $(pkg-config --libs jansson sndfile libcrypto) -lm -lpthread \
		-o "$out/fuzz_drive"
}

corpus_iso() {
	c="$out/corpus/fuzz_iso"
	t="$out/tree"
	mkdir -p "$c" "$t/d/e"
	echo a > "$t/a.txt"
	echo b > "$t/d/e/b.txt"
	head -c 2048 /dev/zero > "$t/boot.bin"
	head -c 65536 /dev/zero > "$t/efi.img"
	genisoimage -quiet -o "$c/plain.iso" "$t" 2>/dev/null
	genisoimage -quiet -J -R -o "$c/jr.iso" "$t" 2>/dev/null
	genisoimage -quiet -R -XA -o "$c/xa.iso" "$t" 2>/dev/null
	genisoimage -quiet -udf -o "$c/udf.iso" "$t" 2>/dev/null
	genisoimage -quiet -no-emul-boot -b boot.bin -o "$c/boot.iso" "$t" 2>/dev/null
	xorriso -as mkisofs -quiet -R -J -o "$c/efi.iso" \
		-b boot.bin -no-emul-boot -boot-load-size 4 \
		-eltorito-alt-boot -e efi.img -no-emul-boot \
		-append_partition 2 0xef "$t/efi.img" -appended_part_as_gpt \
		"$t" >/dev/null 2>&1
}

status=0
for name in $names; do
	mkdir -p "$out/corpus/$name"
	case $name in
	fuzz_iso)
		build fuzz_iso "$top/src/base/err.c" "$img/iso.c" "$img/iso9660.c" \
			"$img/udf.c" "$img/eltorito.c" "$img/parttab.c" "$img/iso_session.c"
		corpus_iso
		maxlen=1200000 ;;
	fuzz_cue | fuzz_toc | fuzz_cdtext)
		# shellcheck disable=SC2086,SC2046
		build "$name" $layout_src $(pkg-config --cflags --libs sndfile)
		seeds=${name#fuzz_}
		cp "$here/seeds/$seeds/"* "$out/corpus/$name/"
		[ "$name" = fuzz_cdtext ] && cp "$top/tests/data/"*.cdt "$out/corpus/$name/"
		maxlen=65536 ;;
	fuzz_drive)
		build_drive
		# the seeds: every scenario on every kind of emulated disc,
		# each checked to replay as the emulator ran it
		FUZZ_DRIVE_RECORD="$out/corpus/$name" "$out/fuzz_drive" -runs=0 || exit 1
		# and the inputs that once found something (seeds/drive/README)
		cp "$here/seeds/drive/"* "$out/corpus/$name/"
		extra="-dict=$here/drive.dict"
		maxlen=140000 ;;
	*)
		echo "run.sh: no fuzzer $name" >&2
		exit 2 ;;
	esac
	rc=0
	# shellcheck disable=SC2086
	"$out/$name" -max_total_time="$secs" -max_len="$maxlen" -rss_limit_mb=2048 \
		-artifact_prefix="$out/artifacts/$name-" -print_final_stats=1 ${extra:-} \
		"$out/corpus/$name" || rc=$?
	extra=
	echo "$name: ${secs}s, status $rc, output in $out"
	[ "$status" -eq 0 ] && status=$rc
done
exit "$status"
