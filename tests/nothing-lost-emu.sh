#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Nothing lost: a disc that may hold data is neither overwritten nor
# formatted without -force, whichever path gets to it (a burn, -format, a
# duplication); a refusal of the image ends a duplication at once; nothing
# but INQUIRY reaches a device that is not an MMC device.
#
#  - a rewritable disc (DVD+RW, BD-RE, DVD-RW in restricted overwrite) whose
#    first sectors cannot be read may hold data: a burn and -format refuse
#    it (exit 16, saying why), a duplication ejects it unwritten;
#  - a duplication whose image every disc refuses (a session made with
#    mkisofs -C, onto blank discs) says so once and exits 8;
#  - -eject, -load, -lock, -unlock on a hard disk (emu type=0) exit 5 and
#    send it no START STOP UNIT or PREVENT ALLOW MEDIUM REMOVAL;
#  - a duplication naming a hard disk among its drives exits 5 before any
#    drive is touched or a journal written; -msinfo, -minfo, -toc, -atip,
#    -prcap on it exit 5 after INQUIRY alone.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ISO=$T/first.iso
ISO2=$T/second.iso
make_iso "$ISO" 2 FIRST
make_iso "$ISO2" 1 SECOND

MEDIUM='WRITE|FORMAT UNIT|BLANK|CLOSE TRACK|RESERVE TRACK|SEND CUE SHEET|SEND OPC'

# ---- a start that cannot be read may hold data --------------------------------
for kind in dvd+rw bd-re dvd-rw-ro; do
	disc=$T/$kind.img
	run "$DISCBURN" dev="emu:$kind:$disc" "$ISO"
	expect_rc 0 "$kind: the first burn"
	refused 16 "$kind: a second burn while LBA 20 cannot be read" "$disc" \
		dev="emu:fault=read-error@20:log=$disc.log:$disc" "$ISO2"
	check "$kind: the burn says the start cannot be read and names -force" \
		grep -q "cannot be read (unrecovered read error), so it may hold data.*-force" "$T/err"
	check "$kind: the burn sent nothing that changes the disc" \
		bash -c "! grep -Eq '^($MEDIUM)' '$disc.log'"
	rm -f "$disc.log"
	refused 16 "$kind: -format while LBA 0 cannot be read" "$disc" \
		dev="emu:fault=read-error@0:log=$disc.log:$disc" -format
	check "$kind: -format says formatting would destroy what may be there" \
		grep -q "cannot be read.*may hold data that formatting would destroy" "$T/err"
	check "$kind: no FORMAT UNIT was sent" bash -c "! grep -q '^FORMAT UNIT' '$disc.log'"
	# the refusal is all that stood in the way
	run "$DISCBURN" dev="emu:fault=read-error@20:$disc" -force "$ISO2"
	expect_rc 0 "$kind: with -force the burn goes ahead"
	check "$kind: and the disc holds the second image" same_prefix "$ISO2" "$disc"
done

# a duplication: the disc holding data is ejected, never written; the blank
# one in the other drive is burnt
held=$T/held.img
blank=$T/blank.img
"$DISCBURN" dev="emu:dvd+rw:$held" "$ISO" > /dev/null 2>&1
"$DISCBURN" dev="emu:dvd+rw:$blank" -minfo > /dev/null 2>&1
before=$(fingerprint "$held")
run "$DISCBURN" dev="emu:fault=read-error@3:log=$held.log:$held,emu:$blank" --wait-disc 1 "$ISO2"
expect_rc 14 "duplication: one disc's start cannot be read"
check "duplication: that disc is not written" test "$before" = "$(fingerprint "$held")"
check "duplication: nothing that changes a disc reached it" \
	bash -c "! grep -Eq '^($MEDIUM)' '$held.log'"
check "duplication: says why it was ejected" \
	grep -q "cannot be read, so it may hold data; ejected it instead of writing it" "$T/err"
check "duplication: the blank disc got the image" same_prefix "$ISO2" "$blank"

# ---- an image every disc refuses: one refusal, exit 8 ---------------------------
LATER=$T/later.iso
mkdir -p "$T/later"
echo "a later session" > "$T/later/x.txt"
genisoimage -quiet -R -C 0,5000 -o "$LATER" "$T/later" 2>/dev/null
for kind in dvd+r dvd+rw; do
	a=$T/later-$kind-a.img
	b=$T/later-$kind-b.img
	"$DISCBURN" dev="emu:$kind:$a" -minfo > /dev/null 2>&1
	"$DISCBURN" dev="emu:$kind:$b" -minfo > /dev/null 2>&1
	before=$(fingerprint "$a" "$b")
	SECONDS=0
	run timeout 60 "$DISCBURN" dev="emu:$a,emu:$b" --copies 3 --wait-disc 30 "$LATER"
	expect_rc 8 "$kind: a duplication of a session image onto blank discs"
	check "$kind: it ends at once, without waiting for discs ($SECONDS s)" test "$SECONDS" -lt 20
	check "$kind: the refusal is said once" \
		test "$(grep -c '^discburn: .*later session' "$T/err")" = 1
	check "$kind: both discs are untouched" test "$before" = "$(fingerprint "$a" "$b")"
done

# ---- tray commands on a hard disk --------------------------------------------------
HD=$T/hd.img
truncate -s 64M "$HD"
hd_before=$(fingerprint "$HD")
for action in -eject -load -lock -unlock; do
	rm -f "$HD.log"
	run "$DISCBURN" dev="emu:type=0:log=$HD.log:$HD" "$action"
	expect_rc 5 "$action on a hard disk"
	check "$action: says it is not an optical recorder" grep -q "is not an optical recorder" "$T/err"
	check "$action: no START STOP UNIT or PREVENT ALLOW reached the disk" \
		bash -c "! grep -Eq '^(START STOP UNIT|PREVENT ALLOW)' '$HD.log'"
done

# ---- a duplication naming a hard disk ---------------------------------------------
rec=$T/rec.img
"$DISCBURN" dev="emu:dvd+r:$rec" -minfo > /dev/null 2>&1
rec_before=$(fingerprint "$rec" "$rec.state")
rm -f "$HD.log"
run "$DISCBURN" dev="emu:type=0:log=$HD.log:$HD,emu:log=$rec.log:$rec" --journal "$T/hd.jsonl" \
	--wait-disc 2 "$ISO"
expect_rc 5 "a duplication onto a hard disk and a recorder"
check "duplication: says the disk is not an optical recorder" \
	grep -q "emu:type=0.*is not an optical recorder" "$T/err"
check "duplication: the disk got INQUIRY and nothing else" \
	test "$(grep -v '^CLOSE' "$HD.log" | cut -d' ' -f1 | sort -u)" = INQUIRY
check "duplication: the recorder's disc is untouched" \
	test "$rec_before" = "$(fingerprint "$rec" "$rec.state")"
check "duplication: nothing that changes a disc reached the recorder" \
	bash -c "! grep -Eq '^($MEDIUM)' '$rec.log'"
check "duplication: no journal was written" test ! -s "$T/hd.jsonl"
rm -f "$HD.log"
run "$DISCBURN" dev="emu:type=0:log=$HD.log:$HD" --copies 2 --wait-disc 2 "$ISO"
expect_rc 5 "copies onto a hard disk alone"

for action in -msinfo -minfo -toc -atip -prcap; do
	rm -f "$HD.log"
	run "$DISCBURN" dev="emu:type=0:log=$HD.log:$HD" "$action"
	expect_rc 5 "$action on a hard disk"
	check "$action: INQUIRY was the only command" \
		test "$(grep -v '^CLOSE' "$HD.log" | cut -d' ' -f1 | sort -u)" = INQUIRY
done
check "the hard disk is as it was" test "$hd_before" = "$(fingerprint "$HD")"
finish
