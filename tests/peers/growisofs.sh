#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# growisofs (dvd+rw-tools) onto the emulator (issue 7): -Z on DVD+R, DVD-R,
# DVD+RW, BD-RE and BD-R (the rewritables and the BD-R blank and unformatted,
# so growisofs formats them itself), -M appending a session it masters with
# genisoimage reading the disc through the node. Every disc is read back from
# the disc file.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need growisofs genisoimage isoinfo dvd+rw-mediainfo
peer_isos

for kind in dvd+r dvd-r dvd+rw bd-re bd-r; do
	peer "$kind" "$kind" "$T/$kind.img" growisofs -dvd-compat -Z "$PEER_DEV=$T/a.iso" &
done
wait
for kind in dvd+r dvd-r dvd+rw bd-re bd-r; do
	disc=$T/$kind.img
	result "$kind"
	expect_rc 0 "$kind: growisofs -Z"
	check "$kind: the disc equals the image" same_at "$T/a.iso" "$disc" 0
done
check "dvd+r: -dvd-compat closed the disc" test "$(state "$T/dvd+r.img" finalized)" = 1
check "dvd-r: -dvd-compat closed the disc" test "$(state "$T/dvd-r.img" finalized)" = 1
check "dvd+rw: growisofs formatted the blank DVD+RW" logged "$T/dvd+rw.img" "FORMAT UNIT"
check "bd-re: growisofs formatted the blank BD-RE" logged "$T/bd-re.img" "FORMAT UNIT"

# BD-R: growisofs reads the formattable descriptors of the blank disc and
# formats it with spare areas (format type 32h, the largest capacity it is
# offered: the inner spare area alone, 4096 clusters) before writing
B=$T/bd-r.img
check "bd-r: growisofs formatted the blank BD-R before writing" \
	bash -c "grep -m1 -E '^(FORMAT UNIT|WRITE)' '$B.log' | grep -q '^FORMAT UNIT cdb=.* status=0 '"
check "bd-r: formatted with the inner spare area, capacity reduced" \
	test "$(state "$B" formatted)/$(state "$B" spare)/$(state "$B" capacity)" = 1/131072/12088320
check "bd-r: the first track is closed, the disc stays appendable" \
	test "$(sed -n 's/^track=0,[0-9]*,[0-9]*,\([0-9]\),.*/\1/p' "$B.state")/$(state "$B" finalized)" = 2/0
peer mediainfo-formatted-bd-r bd-r "$B" dvd+rw-mediainfo "$PEER_DEV"
result mediainfo-formatted-bd-r
expect_rc 0 "bd-r: dvd+rw-mediainfo on the burnt BD-R"
fixture mediainfo-formatted-bd-r "$T/mediainfo-formatted-bd-r.out" \
	'Mounted Media|Disc status|State of Last Session|Number of Sessions|Track State|Next Writable Address|Free Blocks|Track Size|READ CAPACITY|Write Performance'

# -M: append a session to an open DVD+R; growisofs runs genisoimage -C -M
# itself, which reads the first session through the node
D=$T/multi.img
drive dvd+r "$D" growisofs -Z "$PEER_DEV=$T/a.iso"
expect_rc 0 "multi: growisofs -Z leaves the DVD+R appendable"
check "multi: one session, not finalized" \
	test "$(state "$D" sessions)/$(state "$D" finalized)" = 1/0
mkdir -p "$T/s2"
head -c 1000000 /dev/urandom > "$T/s2/second.bin"
drive dvd+r "$D" growisofs -M "$PEER_DEV" -R -J "$T/s2"
expect_rc 0 "multi: growisofs -M"
check "multi: two sessions" test "$(state "$D" sessions)" = 2
S2=$(sed -n 's/^track=\([0-9]*\),.*/\1/p' "$D.state" | sed -n 2p)
check "multi: the first session is intact" same_at "$T/a.iso" "$D" 0
isoinfo -i "$D" -T "${S2:-0}" -R -f > "$T/files" 2>&1
check "multi: the new session at $S2 holds both sessions' files" \
	bash -c "grep -qx /data.bin '$T/files' && grep -qx /second.bin '$T/files'"
isoinfo -i "$D" -T "${S2:-0}" -R -x /second.bin > "$T/second.out" 2>/dev/null
check "multi: the appended file reads back" cmp -s "$T/second.out" "$T/s2/second.bin"
isoinfo -i "$D" -T "${S2:-0}" -R -x /data.bin > "$T/first.out" 2>/dev/null
check "multi: the first session's file reads back through the new session" \
	bash -c "isoinfo -i '$T/a.iso' -R -x /data.bin | cmp -s - '$T/first.out'"
finish
