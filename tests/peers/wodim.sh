#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# wodim onto the emulator (issue 7): TAO and DAO (cue sheet) on CD-R, blank
# and burn again on CD-RW, DAO on DVD-R, and -scanbus finding the drive. Each
# disc is compared byte for byte with the image afterwards. gracetime=0: no
# countdown before writing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need wodim genisoimage
peer_isos

# wodim_cell NAME KIND MODE: a fresh disc burnt with wodim MODE
wodim_cell() {
	local name=$1 kind=$2 mode=$3 disc=$T/$1.img
	drive "$kind" "$disc" wodim -v "$mode" gracetime=0 dev="$PEER_DEV" "$T/a.iso"
	expect_rc 0 "$name: wodim $mode on $kind"
	check "$name: the disc equals the image" same_at "$T/a.iso" "$disc" 0
	check "$name: one closed session" test "$(state "$disc" sessions)" = 1
}

wodim_cell cd-r-tao cd-r -tao
check "cd-r-tao: written track at once, no cue sheet" \
	bash -c "! grep -q '^SEND CUE SHEET' '$T/cd-r-tao.img.log'"
# wodim probes page 05 for every write mode (TAO, SAO, RAW/R16, RAW/R96P,
# RAW/R96R); a drive accepts each valid write type / block type pair
check "cd-r-tao: every page 05 probe accepted" \
	bash -c "grep -q '^MODE SELECT' '$T/cd-r-tao.img.log' &&
		! grep -q '^MODE SELECT.* status=2 ' '$T/cd-r-tao.img.log'"
wodim_cell cd-r-dao cd-r -dao
check "cd-r-dao: the session went by cue sheet" logged "$T/cd-r-dao.img" "SEND CUE SHEET"
wodim_cell dvd-r-dao dvd-r -dao
check "dvd-r-dao: the track was reserved" logged "$T/dvd-r-dao.img" "RESERVE TRACK"

# CD-RW: burn, blank=fast, then a different image must be what the disc holds
D=$T/cd-rw.img
wodim_cell cd-rw cd-rw -tao
drive cd-rw "$D" wodim -v blank=fast gracetime=0 dev="$PEER_DEV"
expect_rc 0 "cd-rw: wodim blank=fast"
check "cd-rw: BLANK was sent" logged "$D" BLANK
check "cd-rw: the disc is blank again" test "$(state "$D" sessions)" = 0
drive cd-rw "$D" wodim -v -tao gracetime=0 dev="$PEER_DEV" "$T/b.iso"
expect_rc 0 "cd-rw: wodim -tao after blanking"
check "cd-rw: the disc equals the second image" same_at "$T/b.iso" "$D" 0

# -scanbus only probes /dev/scdN: the drive shows up there with our INQUIRY
PEER_DEV=/dev/scd0
drive cd-r "$T/scan.img" wodim -scanbus
expect_rc 0 "wodim -scanbus"
check "wodim -scanbus lists the emulated recorder" \
	grep -q "'DISCBURN' 'EMU RECORDER    ' '1.00' Removable CD-ROM" "$T/out"
finish
