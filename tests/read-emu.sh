#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reading discs on the emulator: every kind burnt and read back to a file
# equal to the image, byte for byte and exact in size (a TAO CD without its
# run-out, a padded burn without its padding); multisession discs whole or by
# session; unreadable sectors, the map and a rerun that retries only those;
# sectors that read after a few tries; the read speed; --check against an
# image and a SHA256SUMS line; -inspect of a disc.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ISO=$T/image.iso
make_iso "$ISO" 3 READTEST
SIZE=$(stat -c %s "$ISO")
SECTORS=$((SIZE / 2048))
SUM=$(sha256sum < "$ISO" | cut -c1-64)

# same FILE: FILE is the image, byte for byte, and of its size
same() { cmp -s "$ISO" "$1"; }

# the sectors of LBA..LBA+N-1 read by READ(10) commands of a log: "LBA N" lines
reads() { sed -n 's/^READ(10) cdb=28..\(........\)..\(....\).*status=0 .*/\1 \2/p' "$1" |
	while read -r l n; do echo "$((16#$l)) $((16#$n))"; done; }

# ---- every kind: burn, read back, the same bytes --------------------------------
for kind in cd-r cd-rw dvd-r dvd-rw dvd-rw-ro dvd+r dvd+rw dvd-r-dl dvd+r-dl dvd+rw-dl \
	    dvd-ram bd-r bd-re; do
	D=$T/$kind.img
	run "$DISCBURN" dev="emu:$kind:$D" "$ISO"
	expect_rc 0 "$kind: burnt"
	run "$DISCBURN" dev="emu:$kind:$D" f="$T/$kind.iso"
	expect_rc 0 "$kind: read back"
	check "$kind: the file is the image, exactly its size" same "$T/$kind.iso"
	check "$kind: no map left behind once all was read" test ! -e "$T/$kind.iso.map"
done
for kind in cd-rom dvd-rom bd-rom; do
	run "$DISCBURN" dev="emu:$kind:$ISO" f="$T/$kind.iso"
	expect_rc 0 "pressed $kind: read"
	check "pressed $kind: the file is the image" same "$T/$kind.iso"
done
check "the SHA-256 is said, computed while reading" \
	grep -q "^SHA-256: $SUM\$" "$T/err"

# A CD written TAO holds two run-out blocks more than the image: not read.
D=$T/tao.img
run "$DISCBURN" dev="emu:cd-r:$D" -tao "$ISO"
expect_rc 0 "CD-R TAO: burnt"
run "$DISCBURN" dev="emu:cd-r:$D" -inspect
check "CD-R TAO: the track holds the image and two run-out blocks" \
	grep -Eq "^track\.1\.size +$((SECTORS + 2))\$" "$T/out"
check "CD-R TAO: the image is the volume's size" \
	grep -Eq "^image\.sectors +$SECTORS\$" "$T/out"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/tao.iso"
expect_rc 0 "CD-R TAO: read back"
check "CD-R TAO: read back without its run-out" same "$T/tao.iso"
# -pad and the 4-second minimum of a CD track: zeros that are not the image
make_iso "$T/tiny.iso" 0 TINY
D=$T/pad.img
run "$DISCBURN" dev="emu:cd-rw:$D" -tao -pad "$T/tiny.iso"
expect_rc 0 "a tiny image burnt -tao -pad (padded to 300 sectors and more)"
run "$DISCBURN" dev="emu:cd-rw:$D" f="$T/pad.iso"
expect_rc 0 "the padded CD read back"
check "the padded CD reads back as the tiny image, no padding" cmp -s "$T/tiny.iso" "$T/pad.iso"
# to standard output, readom's f=-
"$DISCBURN" dev="emu:dvd-rom:$ISO" f=- 2> "$T/err" | cmp -s - "$ISO"
check "f=- writes exactly the image to standard output" test "${PIPESTATUS[0]}${PIPESTATUS[1]}" = 00
# a range, readom's sectors= (the end is not read)
run "$DISCBURN" dev="emu:dvd-rom:$ISO" f="$T/range.bin" sectors=16-116
expect_rc 0 "sectors=16-116"
dd if="$ISO" of="$T/range.want" bs=2048 skip=16 count=100 2> /dev/null
check "sectors=16-116 reads LBAs 16 to 115" cmp -s "$T/range.want" "$T/range.bin"

# ---- multisession: the disc as its last volume addresses it, or one session -------
D=$T/ms.img
run "$DISCBURN" dev="emu:cd-r:$D" -multi -tao "$ISO"
MS=$("$DISCBURN" dev="emu:cd-r:$D" -msinfo)
mkdir -p "$T/s2" && echo second > "$T/s2/SECOND.TXT"
genisoimage -quiet -R -J -V READ2 -C "$MS" -M "$ISO" -o "$T/s2.iso" "$T/s2" 2> /dev/null
run "$DISCBURN" dev="emu:cd-r:$D" -tao "$T/s2.iso"
expect_rc 0 "a second session burnt"
S2=${MS#*,}
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/ms.iso"
expect_rc 0 "both sessions read"
check "all sessions: session 1 at LBA 0" cmp -s -n "$SIZE" "$ISO" "$T/ms.iso"
check "all sessions: session 2 at its own LBA, to the end of its volume" \
	cmp -s -i "$((S2 * 2048)):0" "$T/ms.iso" "$T/s2.iso"
check "all sessions: isoinfo lists the second session's file in the image" \
	bash -c "isoinfo -R -l -i '$T/ms.iso' -T $S2 2>/dev/null | grep -q SECOND.TXT"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/ms2.iso" session=2
expect_rc 0 "session=2 read"
check "session=2 is the second session's image" cmp -s "$T/s2.iso" "$T/ms2.iso"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/ms3.iso" session=3
expect_rc 2 "session=3 of a 2-session disc is refused"
check "session=3: the sessions there are named" grep -q "has 2 session" "$T/err"

# ---- unreadable sectors: the map, the report, a rerun that retries only those ------
D=$T/bad.img
run "$DISCBURN" dev="emu:dvd+r:$D" "$ISO"
OUT=$T/bad.iso
run "$DISCBURN" dev="emu:dvd+r:fault=read-error@300:fault=read-error@301:fault=read-error@1000:$D" \
	f="$OUT" -noerror retries=2
expect_rc 19 "-noerror with three bad sectors: read on, exit 19"
check "the report names the count, the first bad LBA and the map" \
	grep -q "3 sector(s) of the disc in .* could not be read, the first at LBA 300; they are zeros in the image and the map $OUT.map lists them" "$T/err"
check "each bad sector is named with its tries and sense" \
	grep -q "^LBA 1000: unreadable after 3 tries (unrecovered read error, sense 3/11/00)" "$T/err"
check "the map is a ddrescue mapfile of exactly those sectors" python3 - "$OUT.map" "$SECTORS" <<'EOF'
import sys
lines = [l.split() for l in open(sys.argv[1]) if not l.startswith('#')]
status, blocks = lines[0], lines[1:]
want = [(0, 300, '+'), (300, 2, '-'), (302, 698, '+'), (1000, 1, '-'),
        (1001, int(sys.argv[2]) - 1001, '+')]
got = [(int(p, 16) // 2048, int(s, 16) // 2048, st) for p, s, st in blocks]
sys.exit(0 if got == want and status[1] == '-' else 1)
EOF
check "the image holds the rest and zeros in the bad sectors" python3 - "$ISO" "$OUT" <<'EOF'
import sys
a, b = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
z = bytes(2048)
ok = len(a) == len(b)
for s in range(len(a) // 2048):
    want = z if s in (300, 301, 1000) else a[s*2048:(s+1)*2048]
    ok = ok and b[s*2048:(s+1)*2048] == want
sys.exit(0 if ok else 1)
EOF
run "$DISCBURN" dev="emu:dvd+r:log=$T/rerun.log:$D" f="$OUT" -noerror retries=2 --json
expect_rc 0 "the rerun, the disc readable again: exit 0"
check "the rerun finishes the image" same "$OUT"
check "the rerun made no READ of the data pass (32 sectors)" \
	test -z "$(reads "$T/rerun.log" | awk '$2 == 32')"
reads "$T/rerun.log" | awk '$2 == 1 {print $1}' > "$T/singles"
check "the rerun's single-sector READs are exactly the bad LBAs" \
	test "$(tr '\n' ' ' < "$T/singles")" = "300 301 1000 "
check "the rerun says it continued, and the SHA-256 of the whole image" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
res = [e for e in ev if e["event"] == "resume"]
done = ev[-1]
sys.exit(0 if res and res[0]["bad"] == 3 and done["event"] == "done" and done["resumed"]
         and done["sha256"] == sys.argv[2] and done["bad"] == 0 else 1)' "$T/out" "$SUM"
check "the map is gone once everything was read" test ! -e "$OUT.map"

# without -noerror a sector that stays bad stops the read; the rerun goes on
OUT=$T/stop.iso
run "$DISCBURN" dev="emu:dvd+r:fault=read-error@700:$D" f="$OUT" retries=1
expect_rc 19 "a bad sector without -noerror stops the read"
check "it says where, after how many tries, and that the map knows" \
	grep -q "LBA 700 of the disc in .* could not be read in 2 tries (unrecovered read error); stopped (the map $OUT.map says what was read)" "$T/err"
check "the map: read up to it, the bad sector, the rest not tried" python3 - "$OUT.map" <<'EOF'
import sys
b = [l.split() for l in open(sys.argv[1]) if not l.startswith('#')][1:]
sys.exit(0 if [(int(p, 16) // 2048, st) for p, s, st in b] == [(0, '+'), (700, '-'), (701, '?')]
         else 1)
EOF
run "$DISCBURN" dev="emu:dvd+r:log=$T/cont.log:$D" f="$OUT" retries=1
expect_rc 0 "the rerun reads the rest"
check "the rerun made the image" same "$OUT"
check "the rerun started at the bad sector" \
	test "$(reads "$T/cont.log" | awk '$2 > 16 {print $1; exit}')" -ge 700

# sectors that read after N tries are read; with fewer tries they are bad
OUT=$T/flaky.iso
run "$DISCBURN" dev="emu:dvd-rom:fault=flaky@500:fault=slow@900:$ISO" f="$OUT" retries=2 -v
expect_rc 0 "a sector that fails twice, then reads, with retries=2"
check "the flaky sector was read" same "$OUT"
check "it says the sector read on the third try" grep -q "^LBA 500 read after 3 tries" "$T/err"
check "it says one sector needed more than one try" \
	grep -q "^1 sector(s) read only after more than one try" "$T/err"
run "$DISCBURN" dev="emu:dvd-rom:fault=flaky@500:$ISO" f="$OUT" retries=1 -noerror
expect_rc 19 "the same sector with retries=1: two tries are not enough"
check "it says so" grep -q "^LBA 500: unreadable after 2 tries" "$T/err"
run "$DISCBURN" dev="emu:dvd-rom:fault=flaky@500:log=$T/fl.log:$ISO" f="$OUT" retries=2 -noerror
expect_rc 0 "the rerun with retries=2 reads it after its failures"
check "the rerun read that sector only: twice in vain, then at the third try" \
	test "$(reads "$T/fl.log" | awk '$2 == 1 {print $1}' | tr '\n' ' ')" = "500 "
check "and the image is complete" same "$OUT"

# Ctrl-C: the map is saved, the same command continues
SLOW=""
for l in 200 300 400 500 600 700 800 900 1000 1100 1200 1300; do SLOW="$SLOW:fault=slow@$l"; done
OUT=$T/int.iso
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:dvd-rom$SLOW:$ISO" f="$OUT" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 200); do grep -q "^0x.*  +$" "$OUT.map" 2>/dev/null && break; sleep 0.05; done
sleep 0.3
kill -INT $pid
wait $pid
RC=$?
expect_rc 13 "Ctrl-C while reading"
check "it says the map knows what is done" grep -q "the map $OUT.map says what is done" "$T/err"
check "the map holds read and untried sectors" \
	bash -c "grep -q '  +\$' '$OUT.map' && grep -q '  ?\$' '$OUT.map'"
run "$DISCBURN" dev="emu:dvd-rom:$ISO" f="$OUT"
expect_rc 0 "the same command after Ctrl-C finishes the image"
check "and the image is complete" same "$OUT"

# read speed: SET CD SPEED's read field on CD, SET STREAMING on DVD
run "$DISCBURN" dev="emu:cd-r:log=$T/sp.log:$T/tao.img" f="$T/sp.iso" speed=4
expect_rc 0 "speed=4 on a CD"
check "SET CD SPEED asked 4x (704 kB/s) for reading, the write speed left alone" \
	grep -q "^SET CD SPEED cdb=bb0002c0ffff" "$T/sp.log"
run "$DISCBURN" dev="emu:dvd-rom:log=$T/sp2.log:$ISO" f="$T/sp2.iso" speed=2
expect_rc 0 "speed=2 on a pressed DVD-ROM (not writable, and the speed goes through)"
check "SET STREAMING was sent for the DVD" grep -q "^SET STREAMING .*status=0 " "$T/sp2.log"

# ---- --check: against the image, or its line in SHA256SUMS ----------------------------
( cd "$T" && sha256sum image.iso > SHA256SUMS && sha256sum tiny.iso >> SHA256SUMS )
run "$DISCBURN" dev="emu:cd-r:$T/tao.img" --check "$ISO"
expect_rc 0 "--check: a TAO CD equals the image"
run "$DISCBURN" dev="emu:cd-r:$T/tao.img" --check image.iso --checksum-file "$T/SHA256SUMS"
expect_rc 0 "--check NAME --checksum-file: the TAO CD matches the published SHA-256"
check "--check says the SHA-256 over the image's bytes" \
	grep -q "^SHA-256 of its $SIZE bytes: $SUM (as expected)" "$T/err"
run "$DISCBURN" dev="emu:cd-r:$T/tao.img" --check --checksum-file "$T/SHA256SUMS"
expect_rc 2 "--check --checksum-file of several images without a name is refused"
run "$DISCBURN" dev="emu:cd-r:$T/tao.img" --check --sha256 "$SUM" --json
expect_rc 0 "--check --sha256: the size from the disc's volume"
run "$DISCBURN" dev="emu:dvd+r:fault=corrupt@777:$T/corrupt.img" "$ISO"
run "$DISCBURN" dev="emu:dvd+r:$T/corrupt.img" --check "$ISO"
expect_rc 11 "--check of a corrupted disc"
check "--check names the first bad LBA" grep -q "differs from .*image.iso at LBA 777 " "$T/err"
run "$DISCBURN" dev="emu:dvd+r:$T/corrupt.img" --check image.iso --checksum-file "$T/SHA256SUMS"
expect_rc 12 "--check of a corrupted disc against SHA256SUMS"
# data that is not an ISO: the size stated with the checksum
head -c 1000000 /dev/urandom > "$T/raw.bin"
RAWSUM=$(sha256sum < "$T/raw.bin" | cut -c1-64)
"$DISCBURN" dev="emu:dvd+r:$T/raw.img" -force "$T/raw.bin" > /dev/null 2>&1
run "$DISCBURN" dev="emu:dvd+r:$T/raw.img" --check --sha256 "$RAWSUM" tsize=1000000
expect_rc 0 "--check --sha256 with tsize=: exactly that many bytes hashed"
run "$DISCBURN" dev="emu:dvd+r:$T/raw.img" --check --sha256 "$RAWSUM"
expect_rc 12 "--check of raw data without its size: the whole track is not the image"

# ---- -inspect of a disc, as of a file ----------------------------------------------------
run "$DISCBURN" dev="emu:bd-r:$T/bd-r.img" -inspect --json
expect_rc 0 "-inspect of a disc"
check "-inspect: the disc, its track and the volume in one JSON object" python3 -c '
import json, sys
o = json.loads(open(sys.argv[1]).read())
sys.exit(0 if o["disc.type"].startswith("BD-R") and o["track.1.image_sectors"] == int(sys.argv[2])
         and o["volume.id"] == "READTEST" and o["burnable"] else 1)' "$T/out" "$SECTORS"

# ---- refusals ---------------------------------------------------------------------------
run "$DISCBURN" dev="emu:dvd+r:$T/blank.img" f="$T/blank.iso"
expect_rc 6 "a blank disc: nothing to read"
run "$DISCBURN" dev="emu:dvd+r:removed:$T/none.img" f="$T/none.iso"
expect_rc 6 "no disc"
run "$DISCBURN" dev="emu:dvd-rom:$ISO" f="$T/nodir/x.iso"
expect_rc 8 "an output that cannot be created"
run "$DISCBURN" dev="emu:dvd-rom:fault=fail@28:$ISO" f="$T/fail.iso"
expect_rc 9 "a drive that fails every READ: exit 9, nothing was written"
check "it names the command and the sense" grep -q "READ(10) failed on .*(sense 4/44/00)" "$T/err"
printf 'garbage\n' > "$T/m.iso.map"
cp "$ISO" "$T/m.iso"
run "$DISCBURN" dev="emu:dvd-rom:$ISO" f="$T/m.iso"
expect_rc 2 "a damaged map is refused, not trusted"
finish
