#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Drive faults through the whole burn path (the emulator injects them): the
# ones a drive recovers from are waited out and the disc still equals the
# image; the others end with the right exit code and a message naming the
# cause, the sense and the LBA.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage

ISO=$T/f.iso
make_iso "$ISO" 3 FAULTS

survives() {   # survives FAULT WHAT
	local disc=$T/ok-${1//[@:]/_}.img
	run "$DISCBURN" dev="emu:dvd+r:fault=$1:log=$disc.log:$disc" --verify "$ISO"
	expect_rc 0 "$2"
	check "$2: the disc equals the image" same_prefix "$ISO" "$disc"
}
survives lwip@20 "long write in progress (2/04/08) twenty times: waited out"
check "the drive did answer 2/04/08" grep -q "sense=2/04/08" "$T/ok-lwip_20.img.log"
survives not-ready@5 "becoming ready (2/04/01) at the start: waited out"
survives unit-attention "a unit attention first: asked again"
survives garble@46 "a GET CONFIGURATION answer claiming more than it sent"

fails() {      # fails CODE FAULT WHAT PATTERN
	local disc=$T/bad-${2//[@:]/_}.img
	run "$DISCBURN" dev="emu:dvd+r:fault=$2:$disc" --verify "$ISO"
	expect_rc "$1" "$3"
	check "$3: the message names it" grep -q "$4" "$T/err"
}
fails 10 medium-error@500 "a medium error while writing" "write error (sense 3/0C/00)"
fails 10 opc-fail "a power calibration failure" "power calibration"
check "OPC failure: says the disc may still be blank" grep -q "may still be blank" "$T/err"
fails 10 timeout@100 "a WRITE that times out" "did not answer in time"
fails 10 vanish@100 "a drive that goes away mid-burn" "the drive is gone"
fails 11 read-error@10 "a sector that cannot be read back" "read back at LBA 10"
fails 11 corrupt@77 "a sector written wrong" "differs from the image at LBA 77"
fails 9 short@51 "a truncated READ DISC INFORMATION answer" "too short"

# -v adds the raw sense bytes
run "$DISCBURN" -v dev="emu:dvd+r:fault=medium-error@500:$T/v.img" "$ISO"
check "-v prints the sense bytes" grep -Eq "sense bytes: (70|f0) 00 03" "$T/err"

finish
