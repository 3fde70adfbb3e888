#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# discburn's information commands against wodim's on the same emulated disc,
# line by line where wodim's line is a fact (not its formatting of one):
# -atip (unrestricted use, erasable, lead-in and lead-out, the dye, the
# manufacturer), -prcap (BURN-Free from page 2Ah byte 4), -toc (first and
# last track, LBA, 512-byte blocks, M:S:F, ADR, control) and cdrskin's
# first/last line.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need wodim cdrskin genisoimage
peer_isos

# same NAME PATTERN A B: the lines of A and B matching PATTERN are the same
same() {
	fields "$3" "$2" > "$T/same.a"
	fields "$4" "$2" > "$T/same.b"
	if [ -s "$T/same.a" ] && cmp -s "$T/same.a" "$T/same.b"; then ok "$1"; else
		bad "$1"; diff "$T/same.a" "$T/same.b" | sed 's/^/#   /'; fi
}

for kind in cd-r cd-rw; do
	D=$T/atip-$kind.img
	peer "w-atip-$kind" "$kind" "$D" wodim -atip dev="$PEER_DEV"
	run "$DISCBURN" dev="emu:$kind:$D" -atip
	cp "$T/out" "$T/d-atip-$kind.out"
	same "-atip on a $kind: as wodim" \
		'^ *(Is (not )?unrestricted|Is (not )?erasable|ATIP start of lead (in|out)|Disk type:)' \
		"$T/w-atip-$kind.out" "$T/d-atip-$kind.out"
	sed -n 's/^Manufacturer: //p' "$T/w-atip-$kind.out" > "$T/w-maker"
	check "-atip on a $kind: wodim's manufacturer, $(cat "$T/w-maker")" \
		bash -c "[ -s '$T/w-maker' ] && grep -qF \"Manufacturer: \$(cat '$T/w-maker') (code\" '$T/d-atip-$kind.out'"
done

for opt in "" no-burnfree:; do
	D=$T/prcap.img
	env LD_PRELOAD="$PRELOAD" DISCBURN_PRELOAD_DEV="$PEER_DEV" \
		DISCBURN_PRELOAD_EMU="emu:cd-r:$opt$D" timeout 120 wodim -prcap dev="$PEER_DEV" \
		> "$T/w-prcap.out" 2>&1
	run "$DISCBURN" dev="emu:cd-r:$opt$D" -prcap
	same "-prcap ${opt:-with BURN-Free}: BURN-Free as wodim reads it" 'Buffer-Underrun-Free' \
		"$T/w-prcap.out" "$T/out"
done

D=$T/toc.img
run "$DISCBURN" dev="emu:cd-r:$D" -tao -multi "$T/a.iso"
expect_rc 0 "a CD-R session to list"
peer w-toc cd-r "$D" wodim -toc dev="$PEER_DEV"
peer c-toc cd-r "$D" cdrskin -toc dev="$PEER_DEV"
run "$DISCBURN" dev="emu:$D" -toc
# wodim says "mode: -1" where it does not know; the rest of the line is the fact
sed -E 's/ mode: .*//' "$T/out" > "$T/d-toc.out"
sed -E 's/ mode: .*//' "$T/w-toc.out" > "$T/w-toc.cut"
same "-toc: first/last and every track line as wodim's" '^(first:|track:)' \
	"$T/w-toc.cut" "$T/d-toc.out"
same "-toc: the first/last line as cdrskin's" '^first:' "$T/c-toc.out" "$T/out"

finish
