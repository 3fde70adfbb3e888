#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# cdrskin (libburn) onto the emulator (issue 7): -tao and -sao on CD-R, DVD-R,
# DVD+R and BD-R; blank=fast on CD-RW and DVD-RW followed by a burn of another
# image; two -multi sessions on CD-R with -msinfo between them and the second
# session mastered by genisoimage -M reading the disc through the node; and
# --devices finding the drive. Every disc is read back from the disc file.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need cdrskin genisoimage isoinfo
peer_isos

# the eight burns run at once, each on its own fresh disc
for kind in cd-r dvd-r dvd+r bd-r; do
	for mode in -tao -sao; do
		peer "$kind$mode" "$kind" "$T/$kind$mode.img" \
			cdrskin -v "$mode" dev="$PEER_DEV" "$T/a.iso" &
	done
done
wait
for kind in cd-r dvd-r dvd+r bd-r; do
	for mode in -tao -sao; do
		name=$kind$mode disc=$T/$kind$mode.img
		result "$name"
		expect_rc 0 "$name: cdrskin $mode on $kind"
		check "$name: the disc equals the image" same_at "$T/a.iso" "$disc" 0
		check "$name: the disc is closed" test "$(state "$disc" finalized)" = 1
	done
done
check "cd-r-sao: the session went by cue sheet" logged "$T/cd-r-sao.img" "SEND CUE SHEET"
check "dvd-r-sao: the track was reserved" logged "$T/dvd-r-sao.img" "RESERVE TRACK"
check "cd-r-tao: no cue sheet" bash -c "! grep -q '^SEND CUE SHEET' '$T/cd-r-tao.img.log'"
# libburn probes page 05 for TAO and SAO with raw (audio) blocks
check "cd-r-tao: every page 05 probe accepted" \
	bash -c "grep -q '^MODE SELECT' '$T/cd-r-tao.img.log' &&
		! grep -q '^MODE SELECT.* status=2 ' '$T/cd-r-tao.img.log'"
# libburn reads mode page 01h (error recovery) on every drive it grabs
check "cd-r-tao: mode page 01h answered" \
	bash -c "grep -q '^MODE SENSE(10) cdb=5a..01.* status=0 ' '$T/cd-r-tao.img.log' &&
		! grep -q '^MODE SENSE(10) cdb=5a..01.* status=2 ' '$T/cd-r-tao.img.log'"

# blank=fast, then a different image must be what the disc holds; the two
# media run in the background while the multisession cell runs
rw_cell() {
	local kind=$1 D=$T/$1.img
	peer "$kind-1" "$kind" "$D" cdrskin -v dev="$PEER_DEV" "$T/a.iso"
	cp "$D" "$T/$kind.first"
	peer "$kind-blank" "$kind" "$D" cdrskin -v blank=fast dev="$PEER_DEV"
	state "$D" sessions > "$T/$kind.blank-sessions"
	peer "$kind-2" "$kind" "$D" cdrskin -v dev="$PEER_DEV" "$T/b.iso"
}
rw_cell cd-rw &
rw_cell dvd-rw &

# -multi twice, -msinfo between: the second session is mastered against the
# first by genisoimage reading the disc (READ(10) through the node)
D=$T/multi.img
drive cd-r "$D" cdrskin -v -multi -tao dev="$PEER_DEV" "$T/a.iso"
expect_rc 0 "multi: first session"
drive cd-r "$D" cdrskin dev="$PEER_DEV" -msinfo
expect_rc 0 "multi: -msinfo after the first session"
MS1=$(head -1 "$T/out")
check "multi: -msinfo is 0,NWA ($MS1)" bash -c "[[ '$MS1' =~ ^0,[1-9][0-9]*$ ]]"
mkdir -p "$T/s2"
head -c 1000000 /dev/urandom > "$T/s2/second.bin"
drive cd-r "$D" genisoimage -quiet -R -J -C "$MS1" -M "$PEER_DEV" -o "$T/s2.iso" "$T/s2"
expect_rc 0 "multi: genisoimage -M reads the first session through the node"
drive cd-r "$D" cdrskin -v -multi -tao dev="$PEER_DEV" "$T/s2.iso"
expect_rc 0 "multi: second session"
N1=${MS1#*,}
check "multi: the first session is intact" same_at "$T/a.iso" "$D" 0
check "multi: the second session starts at $N1" same_at "$T/s2.iso" "$D" "$N1"
drive cd-r "$D" cdrskin dev="$PEER_DEV" -msinfo
expect_rc 0 "multi: -msinfo after the second session"
MS2=$(head -1 "$T/out")
check "multi: -msinfo names the second session ($MS2)" \
	bash -c "[[ '$MS2' =~ ^$N1,[1-9][0-9]*$ ]] && [ ${MS2#*,} -gt $N1 ]"
check "multi: two closed sessions, disc appendable" \
	test "$(state "$D" sessions)/$(state "$D" finalized)" = 2/0
isoinfo -i "$D" -T "$N1" -R -f > "$T/files" 2>&1
check "multi: the last session holds both sessions' files" \
	bash -c "grep -qx /data.bin '$T/files' && grep -qx /second.bin '$T/files'"
isoinfo -i "$D" -T "$N1" -R -x /second.bin > "$T/second.out" 2>/dev/null
check "multi: a file of the second session reads back" cmp -s "$T/second.out" "$T/s2/second.bin"

drive cd-r "$T/devices.img" cdrskin --devices
expect_rc 0 "cdrskin --devices"
check "cdrskin --devices lists the emulated recorder" \
	grep -q "dev='$PEER_DEV' .*'DISCBURN' *'EMU RECORDER'" "$T/out"
# the blank cells, started above, meanwhile
wait
for kind in cd-rw dvd-rw; do
	D=$T/$kind.img
	result "$kind-1"
	expect_rc 0 "$kind: first burn"
	check "$kind: the disc equals the first image" same_at "$T/a.iso" "$T/$kind.first" 0
	result "$kind-blank"
	expect_rc 0 "$kind: cdrskin blank=fast"
	check "$kind: BLANK was sent" logged "$D" BLANK
	check "$kind: the disc was blank again" test "$(cat "$T/$kind.blank-sessions")" = 0
	result "$kind-2"
	expect_rc 0 "$kind: burn after blanking"
	check "$kind: the disc equals the second image" same_at "$T/b.iso" "$D" 0
done

finish
