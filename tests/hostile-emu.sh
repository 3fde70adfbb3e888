#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A drive that answers badly is believed in nothing it did not say:
#  - verify reads back every sector the burn wrote, also the ECC blocks that
#    hold the volume descriptors a later session rewrites at LBA 16;
#  - a WRITE answered GOOD with a residual (the drive took half of it) fails
#    the burn at once, naming the LBA and the bytes taken;
#  - sizes near 2^64 do not wrap: tsize=2^64-1 with -pad is refused as too
#    large before anything is written;
#  - a short or empty answer is the drive's fault, named by its command,
#    never a wrong cause (not "not a recorder", not "has 1 free", not
#    "untouched" after FORMAT UNIT was sent); a GET PERFORMANCE that lists
#    nothing is a warning, as a refused one is.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ISO=$T/h.iso
make_iso "$ISO" 3 HOSTILE
MEDIUM='^(WRITE|FORMAT UNIT|BLANK|CLOSE TRACK|RESERVE TRACK|SEND CUE SHEET|SEND OPC)'

# fresh KIND NAME: a new blank disc of KIND, its path on stdout
fresh() {
	local d=$T/$2.img
	rm -f "$d" "$d.state" "$d.log"
	"$DISCBURN" dev="emu:$1:$d" -minfo > /dev/null 2>&1
	echo "$d"
}

# ---- verify reads what close rewrote ---------------------------------------------
mkdir -p "$T/s2"
echo "the second session" > "$T/s2/second.txt"
for kind in dvd+rw bd-re dvd-rw-ro; do
	# LBA 16 holds the new volume descriptor; LBA 20 lies in the same ECC
	# block, rewritten with what it held; BD-RE's block starts at LBA 0
	lbas="16 20"
	[ "$kind" = bd-re ] && lbas="16 20 2"
	for lba in $lbas; do
		disc=$(fresh "$kind" "ms-$kind-$lba")
		run "$DISCBURN" dev="emu:$disc" -multi "$ISO"
		expect_rc 0 "$kind: the first session"
		ms=$("$DISCBURN" dev="emu:$disc" -msinfo)
		genisoimage -quiet -R -C "$ms" -M "$disc" -o "$T/s2-$kind.iso" "$T/s2" 2>/dev/null
		run "$DISCBURN" dev="emu:fault=corrupt@$lba:$disc" --verify "$T/s2-$kind.iso"
		expect_rc 11 "$kind: a later session whose rewrite at LBA $lba went wrong, verified"
		check "$kind: verify names LBA $lba" grep -q "differs from the image at LBA $lba\b" "$T/err"
	done
	disc=$(fresh "$kind" "ms-$kind-ok")
	"$DISCBURN" dev="emu:$disc" -multi "$ISO" > /dev/null 2>&1
	ms=$("$DISCBURN" dev="emu:$disc" -msinfo)
	genisoimage -quiet -R -C "$ms" -M "$disc" -o "$T/s2-$kind.iso" "$T/s2" 2>/dev/null
	run "$DISCBURN" dev="emu:$disc" --verify "$T/s2-$kind.iso"
	expect_rc 0 "$kind: the same later session without a fault verifies"
	check "$kind: and isoinfo finds the new file" \
		bash -c "isoinfo -R -f -i '$disc' | grep -q second.txt"
done

# ---- a WRITE that takes half of what it is sent ----------------------------------
for kind in dvd+rw dvd+r cd-r bd-r dvd-r; do
	disc=$(fresh "$kind" "half-$kind")
	run "$DISCBURN" dev="emu:fault=short@2a:log=$disc.log:$disc" "$ISO"
	expect_rc 10 "$kind: a drive that takes half of each WRITE"
	check "$kind: the message says how much the WRITE took" \
		grep -Eq "WRITE\(10\) at LBA -?[0-9]+ took only 32768 of 65536 bytes" "$T/err"
	check "$kind: nothing is called successful" bash -c "! grep -qi 'success' '$T/err'"
	check "$kind: it stopped at the first such WRITE" test "$(grep -c '^WRITE' "$disc.log")" = 1
done

# ---- sizes that would wrap ---------------------------------------------------------
disc=$(fresh dvd+r wrap)
before=$(fingerprint "$disc" "$disc.state")
run bash -c "cat '$ISO' | '$DISCBURN' dev='emu:log=$disc.log:$disc' tsize=18446744073709551615 -pad -"
expect_rc 7 "tsize=2^64-1 with -pad"
check "tsize=2^64-1: far larger than any disc" grep -q "far larger than any disc" "$T/err"
check "tsize=2^64-1: no WRITE was sent" bash -c "! grep -Eq '$MEDIUM' '$disc.log'"
check "tsize=2^64-1: the disc is untouched" test "$before" = "$(fingerprint "$disc" "$disc.state")"
run bash -c "cat '$ISO' | '$DISCBURN' dev='emu:log=$disc.log:$disc' tsize=18446744073709549568 -"
expect_rc 7 "tsize=2^64-2048"
check "tsize=2^64-2048: no WRITE was sent" bash -c "! grep -Eq '$MEDIUM' '$disc.log'"

# ---- short and empty answers ----------------------------------------------------------
disc=$(fresh dvd+r short46)
run "$DISCBURN" dev="emu:fault=short@46:$disc" "$ISO"
expect_rc 9 "a short GET CONFIGURATION"
check "short GET CONFIGURATION: named" grep -q "answer to GET CONFIGURATION was too short" "$T/err"
check "short GET CONFIGURATION: not called a non-recorder" \
	bash -c "! grep -q 'not an optical recorder' '$T/err'"

for f in short@23 empty@23; do
	disc=$(fresh dvd+rw "rfc-$f")
	before=$(fingerprint "$disc" "$disc.state")
	run "$DISCBURN" dev="emu:fault=$f:log=$disc.log:$disc" "$ISO"
	expect_rc 9 "$f: READ FORMAT CAPACITIES answered badly on a blank DVD+RW"
	check "$f: the message names READ FORMAT CAPACITIES" \
		grep -q "answer to READ FORMAT CAPACITIES was too short" "$T/err"
	check "$f: no free space is claimed" bash -c "! grep -q ' free' '$T/err'"
	check "$f: the disc is untouched" test "$before" = "$(fingerprint "$disc" "$disc.state")"
done

for f in short@03 empty@03; do
	disc=$(fresh dvd+rw "rs-$f")
	run "$DISCBURN" dev="emu:fault=$f:log=$disc.log:$disc" "$ISO"
	expect_rc 10 "$f: REQUEST SENSE answered badly while the blank DVD+RW is formatted"
	check "$f: FORMAT UNIT had been sent" grep -q '^FORMAT UNIT' "$disc.log"
	check "$f: the message names REQUEST SENSE" grep -q "REQUEST SENSE returned no sense data" "$T/err"
	check "$f: it never says untouched" bash -c "! grep -q untouched '$T/err'"
	check "$f: nothing was written after it" bash -c "! grep -q '^WRITE' '$disc.log'"
	disc=$(fresh dvd+rw "rsf-$f")
	run "$DISCBURN" dev="emu:fault=$f:$disc" -format
	expect_rc 15 "$f: the same during -format"
done

for f in empty@ac fail@ac; do
	disc=$(fresh dvd+r "perf-$f")
	run "$DISCBURN" dev="emu:fault=$f:$disc" "$ISO"
	expect_rc 0 "$f: GET PERFORMANCE lists nothing or is refused"
	check "$f: a warning says the drive keeps its own speed" \
		grep -q "warning: the drive did not accept the speed" "$T/err"
	check "$f: the disc holds the image" same_prefix "$ISO" "$disc"
done
finish
