#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# readom (wodim's package) reads emulated discs through the LD_PRELOAD front
# and gets the bytes discburn's f= gets: discs burnt by discburn (CD-R SAO and
# TAO, DVD+R, BD-R) and a pressed DVD-ROM. readom reads what READ CAPACITY
# says, so on a TAO CD it also reads the two run-out blocks; discburn stops at
# the end of the volume, which is the image.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need readom genisoimage
peer_isos
ISO=$T/a.iso
SIZE=$(stat -c %s "$ISO")
SECTORS=$((SIZE / 2048))

# readom_cell NAME KIND DISC: readom and discburn read DISC; sets R and B
readom_cell() {
	local name=$1 kind=$2 disc=$3
	R=$T/$name.readom B=$T/$name.discburn
	drive "$kind" "$disc" readom dev="$PEER_DEV" f="$R"
	expect_rc 0 "$name: readom read the disc"
	check "$name: readom sent READ(10)" logged "$disc" "READ(10)"
	run "$DISCBURN" dev="emu:$kind:$disc" f="$B"
	expect_rc 0 "$name: discburn read the disc"
	check "$name: discburn's file is the image" cmp -s "$ISO" "$B"
}

for cell in cd-r-sao:cd-r:-sao dvd+r:dvd+r: bd-r:bd-r:; do
	IFS=: read -r name kind mode <<< "$cell"
	D=$T/$name.img
	run "$DISCBURN" dev="emu:$kind:$D" $mode "$ISO"
	expect_rc 0 "$name: burnt by discburn"
	readom_cell "$name" "$kind" "$D"
	check "$name: readom and discburn got the same bytes" cmp -s "$R" "$B"
done

# a pressed DVD-ROM made of the image
readom_cell dvd-rom dvd-rom "$ISO"
check "dvd-rom: readom and discburn got the same bytes" cmp -s "$R" "$B"

# a TAO CD: readom reads the run-out too, discburn the image
D=$T/cd-r-tao.img
run "$DISCBURN" dev="emu:cd-r:$D" -tao "$ISO"
expect_rc 0 "cd-r-tao: burnt by discburn"
readom_cell cd-r-tao cd-r "$D"
check "cd-r-tao: readom's file is the image and two run-out blocks" \
	test "$(stat -c %s "$R")" = $((SIZE + 2 * 2048))
check "cd-r-tao: up to the run-out readom and discburn got the same bytes" \
	cmp -s -n "$SIZE" "$R" "$B"
drive cd-r "$D" readom dev="$PEER_DEV" f="$T/tao-range.readom" sectors=0-"$SECTORS"
expect_rc 0 "cd-r-tao: readom sectors=0-$SECTORS"
check "cd-r-tao: readom's range is discburn's file" cmp -s "$T/tao-range.readom" "$B"
finish
