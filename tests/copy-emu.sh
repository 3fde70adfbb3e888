#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Disc to disc on the emulator: a master disc in one drive copied onto the
# discs of others (--from), each copy equal to the master, the master read
# once whatever the number of copies, its digest in the journal; a master
# that cannot be read refused before any writer is opened, or failing every
# copy before its track is closed when it breaks later.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ISO=$T/image.iso
make_iso "$ISO" 3 COPYTEST
SIZE=$(stat -c %s "$ISO")
SECTORS=$((SIZE / 2048))
SUM=$(sha256sum < "$ISO" | cut -c1-64)

# the sectors the master's drive was asked to READ, from its log
read_sectors() {
	sed -n 's/^READ(10) cdb=28............\(....\).*status=0 .*/\1/p' "$1" |
		while read -r n; do echo $((16#$n)); done | awk '{s += $1} END {print s + 0}'
}
# size_of DISC: the sectors of the first track the emulator's state file lists
size_of() { sed -n 's/^track=[^,]*,\([^,]*\),.*/\1/p' "$1.state" | head -1; }

# ---- a pressed DVD-ROM onto a DVD+R and a CD-R at once --------------------------------
J=$T/job.jsonl
run "$DISCBURN" dev="emu:dvd+r:$T/w1.img,emu:cd-r:$T/w2.img" \
	--from "emu:dvd-rom:log=$T/m1.log:$ISO" --journal "$J" --verify
expect_rc 0 "a master copied to two drives at once, verified"
check "copy on the DVD+R equals the master" same_prefix "$ISO" "$T/w1.img"
check "copy on the CD-R equals the master" same_prefix "$ISO" "$T/w2.img"
check "the DVD+R's track is exactly the master's image" test "$(size_of "$T/w1.img")" = "$SECTORS"
check "the master is named and sized before the copies" \
	grep -q "^Master: the DVD-ROM in .*, \"COPYTEST\", $SECTORS sectors" "$T/err"
check "the journal's job is the master's volume, its size" \
	grep -q "\"image\":\"COPYTEST\",\"size\":$SIZE," "$J"
check "the journal records the master's digest" grep -q "{\"event\":\"digest\",\"sha256\":\"$SUM\"}" "$J"
check "the journal lists two good, verified copies" \
	test "$(grep -c '"verified":true,"result":"ok"' "$J")" = 2
ONCE=$(read_sectors "$T/m1.log")
check "the master was read ($ONCE sectors: its image, its start and end and volume once more)" \
	test "$ONCE" -ge "$SECTORS" -a "$ONCE" -lt $((SECTORS * 2))

# two drives, two copies each (autoloaders): still one read of the master
run "$DISCBURN" dev="emu:dvd+r:stack=2:$T/a,emu:bd-r:stack=2:$T/b" --copies 2 \
	--from "emu:dvd-rom:log=$T/m2.log:$ISO" --journal "$T/job2.jsonl"
expect_rc 0 "2 drives x 2 copies from one master"
for d in a.1 a.2 b.1 b.2; do
	check "copy $d equals the master" same_prefix "$ISO" "$T/$d"
done
check "the master was read once for four copies as for two" \
	test "$(read_sectors "$T/m2.log")" = "$ONCE"
check "the summary says the bytes read from the master" \
	grep -q "read $SIZE bytes from the source" "$T/err"

# verify of a copy that went wrong names the LBA: the master is asked for that chunk again
run "$DISCBURN" dev="emu:dvd+r:fault=corrupt@777:$T/v.img" --from "emu:dvd-rom:$ISO" --verify
expect_rc 11 "a copy whose sector 777 came out wrong fails its verify"
check "verify names LBA 777" grep -q "differs from the image at LBA 777" "$T/err"

# ---- a TAO CD-R master: copied without its run-out blocks --------------------------------
M=$T/master-cd.img
run "$DISCBURN" dev="emu:cd-r:$M" -tao "$ISO"
check "the TAO master's track holds two run-out blocks" test "$(size_of "$M")" = $((SECTORS + 2))
run "$DISCBURN" dev="emu:dvd+r:$T/c1.img" --from "emu:cd-r:$M"
expect_rc 0 "a TAO CD-R master copied onto a DVD+R"
check "the copy equals the image" same_prefix "$ISO" "$T/c1.img"
check "the copy holds the image and not the run-out" test "$(size_of "$T/c1.img")" = "$SECTORS"
# a sector that reads on the third try is copied
run "$DISCBURN" dev="emu:dvd+r:$T/c2.img" --from "emu:cd-r:fault=flaky@1000:$M"
expect_rc 0 "a master sector that needs three tries"
check "the copy equals the image" same_prefix "$ISO" "$T/c2.img"

# ---- a job killed after its first copy, resumed: the master must hash to the
# digest on record ---------------------------------------------------------------------------
J=$T/job3.jsonl
oks() { local n; n=$(grep -c '"result":"ok"' "$1" 2>/dev/null); echo "${n:-0}"; }
cmd=("$DISCBURN" dev="emu:dvd+r:speed=4:stack=3:$T/r" --copies 3 --from "emu:dvd-rom:$ISO"
     --journal "$J")
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"${cmd[@]}" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 600); do [ "$(oks "$J")" -ge 1 ] && break; sleep 0.05; done
kill -KILL $pid; wait $pid 2>/dev/null
check "the job was killed after a copy" test "$(oks "$J")" -ge 1
make_iso "$T/other.iso" 3 COPYTEST
check "(another master of the same name and size)" test "$(stat -c %s "$T/other.iso")" = "$SIZE"
run "$DISCBURN" dev="emu:dvd+r:speed=4:stack=3:log=$T/o.log:$T/r" --copies 3 \
	--from "emu:dvd-rom:$T/other.iso" --journal "$J"
expect_rc 2 "another master of the same name and size does not resume the job"
check "the refusal names the digest on record" grep -q "started with SHA-256 $SUM" "$T/err"
check "no writer was written for it" bash -c "! grep -q '^WRITE' '$T/o.log'"
run "${cmd[@]}"
expect_rc 0 "the same command again completes the job"
check "the rerun made only what was owed" grep -q "discs were already done" "$T/err"
for d in r.1 r.2 r.3; do
	check "copy $d equals the master" same_prefix "$ISO" "$T/$d"
done

# ---- masters that cannot be copied -------------------------------------------------------
run "$DISCBURN" dev="emu:dvd+r:$T/n1.img" --from "emu:dvd-rom:fault=read-error@0:$ISO" retries=1
expect_rc 8 "a master unreadable at its start is refused"
check "it names the master's LBA" grep -q "the master disc in .* cannot be read at LBA 0 in 2 tries" "$T/err"
check "no writer was opened" test ! -e "$T/n1.img"
# a sector that fails later: while the FIFO fills (it can hold this whole
# image) the copy is still untouched; with a FIFO of 64 KiB it was written
run "$DISCBURN" dev="emu:dvd+r:log=$T/n2.log:$T/n2.img" --from "emu:dvd-rom:fault=read-error@1000:$ISO" \
	retries=1
expect_rc 8 "a master that breaks before the FIFO is full: refused, the copy untouched"
check "it names the master's LBA" grep -q "the master disc in .* cannot be read at LBA 1000" "$T/err"
check "nothing was written to the copy" bash -c "! grep -q '^WRITE' '$T/n2.log'"
run "$DISCBURN" dev="emu:dvd+r:$T/n3.img" --from "emu:dvd-rom:fault=read-error@1000:$ISO" retries=1 \
	fs=64k
expect_rc 10 "a master that breaks while copying: the copy failed after writing"
check "it names the master's LBA" grep -q "the master disc in .* cannot be read at LBA 1000" "$T/err"
check "the broken copy was not closed" test "$(sed -n 's/^sessions=//p' "$T/n3.img.state")" = 0
D=$T/ms.img
"$DISCBURN" dev="emu:cd-r:$D" -multi -tao "$ISO" > /dev/null 2>&1
MS=$("$DISCBURN" dev="emu:cd-r:$D" -msinfo)
mkdir -p "$T/s2" && echo x > "$T/s2/X"
genisoimage -quiet -C "$MS" -M "$ISO" -o "$T/s2.iso" "$T/s2" 2> /dev/null
"$DISCBURN" dev="emu:cd-r:$D" -tao "$T/s2.iso" > /dev/null 2>&1
run "$DISCBURN" dev="emu:dvd+r:$T/n4.img" --from "emu:cd-r:$D"
expect_rc 8 "a multisession master is refused"
check "it says why" grep -q "holds 2 sessions" "$T/err"
run "$DISCBURN" dev="emu:dvd-rom:$ISO,emu:dvd+r:$T/n5.img" --from "emu:dvd-rom:$ISO"
expect_rc 2 "the master's drive cannot also be written"
finish
