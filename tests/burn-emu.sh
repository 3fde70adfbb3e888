#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Burn to the emulated recorder on every write-once profile and compare the
# disc with the image byte for byte; verify; and every pre-flight refusal with
# its exit code and an untouched disc.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage python3:python3

ISO=$T/test.iso
make_iso "$ISO" 6 BURNTEST
SIZE=$(stat -c %s "$ISO")

# burn_ok NAME KIND [discburn options...]: fresh blank disc, burn with --verify
burn_ok() {
	local name=$1 kind=$2; shift 2
	local disc=$T/$name.img
	run "$DISCBURN" -v dev="emu:$kind:log=$T/$name.log:$disc" --verify "$@" "$ISO"
	expect_rc 0 "$name: burn + verify"
	check "$name: disc equals the image" same_prefix "$ISO" "$disc"
	check "$name: verify reported" grep -q "disc equals the image" "$T/out"
}

burn_ok cd-r-tao cd-r -tao
check "cd-r-tao: TAO write parameters sent, no cue sheet" \
	bash -c "grep -q 'MODE SELECT' '$T/cd-r-tao.log' && ! grep -q 'SEND CUE SHEET' '$T/cd-r-tao.log'"
burn_ok cd-r-sao cd-r -sao
check "cd-r-sao: cue sheet sent" grep -q "SEND CUE SHEET" "$T/cd-r-sao.log"
burn_ok cd-r-auto cd-r
check "cd-r default is SAO on a blank disc" grep -q "SEND CUE SHEET" "$T/cd-r-auto.log"
burn_ok dvd-r-dao dvd-r
check "dvd-r: DAO reserves the track" grep -q "RESERVE TRACK" "$T/dvd-r-dao.log"
burn_ok dvd-r-incr dvd-r -tao
check "dvd-r -tao: incremental, no reservation" bash -c "! grep -q 'RESERVE TRACK' '$T/dvd-r-incr.log'"
burn_ok dvd+r dvd+r
burn_ok dvd+r-dl dvd+r-dl
burn_ok bd-r bd-r

# A closed disc afterwards: -minfo says complete
run "$DISCBURN" dev="emu:$T/dvd+r.img" -minfo
expect_rc 0 "-minfo on the burnt DVD+R"
check "-minfo: the DVD+R is complete" grep -q "Disk status *: complete" "$T/out"

# From standard input with tsize=
DISC=$T/stdin.img
"$DISCBURN" dev="emu:dvd+r:$DISC" tsize="$SIZE" - < "$ISO" > "$T/out" 2> "$T/err"; RC=$?
expect_rc 0 "burn from stdin with tsize="
check "stdin burn equals the image" same_prefix "$ISO" "$DISC"

# stdin shorter than tsize: refused before the track is closed
DISC=$T/short.img
head -c $((SIZE / 2)) "$ISO" | "$DISCBURN" dev="emu:dvd+r:$DISC" tsize="$SIZE" - > "$T/out" 2> "$T/err"; RC=$?
expect_rc 8 "stdin ending before tsize"
run "$DISCBURN" dev="emu:$DISC" -minfo --json
check "short stdin: the track was not closed" bash -c "! grep -q '\"status\":\"complete\"' '$T/out'"

# --verify catches a corrupted sector and names it
DISC=$T/corrupt.img
run "$DISCBURN" dev="emu:dvd+r:fault=corrupt@100:$DISC" --verify "$ISO"
expect_rc 11 "verify mismatch"
check "verify names LBA 100" grep -q "at LBA 100" "$T/err"

# --json: every line is JSON, with start/progress/stats/done events
DISC=$T/json.img
run "$DISCBURN" dev="emu:bd-r:$DISC" --json --verify "$ISO"
expect_rc 0 "--json burn"
check "--json: every line parses" python3 -c '
import json, sys
ev = [json.loads(l)["event"] for l in open(sys.argv[1])]
need = {"media", "start", "progress", "stats", "done"}
sys.exit(0 if need <= set(ev) and ev[-1] == "done" else 1)' "$T/out"
check "--json: done carries the SHA-256" bash -c "grep '\"event\":\"done\"' '$T/out' | grep -q \"$(sha256sum < "$ISO" | cut -c1-64)\""

# the expected SHA-256: a match is reported, a mismatch stops before closing
SUM=$(sha256sum < "$ISO" | cut -c1-64)
DISC=$T/sha-ok.img
run "$DISCBURN" dev="emu:dvd+r:$DISC" --json --sha256 "$SUM" "$ISO"
expect_rc 0 "--sha256 with the right digest"
check "--sha256: the done event says it matched" grep -q '"event":"done".*"sha256_matched":true' "$T/out"
printf '%s *%s\n' "$SUM" "$(basename "$ISO")" > "$T/SHA256SUMS"
DISC=$T/sha-file.img
run "$DISCBURN" -v dev="emu:dvd+r:$DISC" --checksum-file "$T/SHA256SUMS" "$ISO"
expect_rc 0 "--checksum-file finds the image's line"
check "--checksum-file: the statistics say it matched" grep -q "matches the expected checksum" "$T/out"
DISC=$T/sha-bad.img
BAD=$(printf '%064d' 0)
run "$DISCBURN" dev="emu:dvd+r:$DISC" --sha256 "$BAD" "$ISO"
expect_rc 12 "--sha256 with a wrong digest"
run "$DISCBURN" dev="emu:$DISC" -minfo
check "checksum mismatch: the track was not closed" bash -c "! grep -q 'Disk status *: complete' '$T/out'"
printf '%s  other.iso\n' "$SUM" > "$T/OTHERSUMS"
DISC=$T/sha-missing.img
"$DISCBURN" dev="emu:dvd+r:$DISC" -minfo > /dev/null 2>&1
refused_sum_before=$(fingerprint "$DISC" "$DISC.state")
run "$DISCBURN" dev="emu:$DISC" --checksum-file "$T/OTHERSUMS" "$ISO"
expect_rc 12 "an image not listed in the checksum file"
check "not listed: says so" grep -q "not listed" "$T/err"
check "not listed: disc untouched" test "$refused_sum_before" = "$(fingerprint "$DISC" "$DISC.state")"
run "$DISCBURN" -inspect --sha256 "$BAD" "$ISO"
expect_rc 12 "-inspect reports a checksum mismatch"

# the image's facts in -v burns and in --json
DISC=$T/facts.img
run "$DISCBURN" -v dev="emu:dvd+r:$DISC" "$ISO"
check "-v names the image's format and volume" grep -q "^Image: iso9660 'BURNTEST'" "$T/out"
DISC=$T/facts2.img
run "$DISCBURN" --json dev="emu:dvd+r:$DISC" "$ISO"
check "--json has an image event with the volume id" \
	bash -c "grep '\"event\":\"image\"' '$T/out' | grep -q '\"volume.id\":\"BURNTEST\"'"

# -dummy on CD-R writes nothing
DISC=$T/dummy.img
run "$DISCBURN" dev="emu:cd-r:$DISC" -dummy -tao "$ISO"
expect_rc 0 "-dummy on CD-R"
run "$DISCBURN" dev="emu:$DISC" -minfo
check "-dummy left the CD-R blank" grep -q "Disk status *: blank" "$T/out"

# -multi leaves the disc appendable
DISC=$T/multi.img
run "$DISCBURN" dev="emu:dvd+r:$DISC" -multi "$ISO"
expect_rc 0 "-multi burn"
run "$DISCBURN" dev="emu:$DISC" -minfo
check "-multi: appendable afterwards" grep -q "Disk status *: appendable" "$T/out"

# ---- refusals: exit code, one-line message, disc untouched -----------------

# truncated ISO: the file is shorter than its volume
head -c $((SIZE - 100 * 2048)) "$ISO" > "$T/trunc.iso"
DISC=$T/r-trunc.img
"$DISCBURN" dev="emu:dvd+r:$DISC" -minfo > /dev/null 2>&1
refused 8 "truncated ISO" "$DISC" dev="emu:$DISC" "$T/trunc.iso"
check "truncated ISO: the message says so" grep -qi "shorter\|truncated\|incomplete" "$T/err"

DISC=$T/r-big.img
"$DISCBURN" dev="emu:cd-r:size=2000:$DISC" -minfo > /dev/null 2>&1
refused 7 "image larger than the disc" "$DISC" dev="emu:$DISC" "$ISO"

refused 6 "closed disc" "$T/dvd+r.img" dev="emu:$T/dvd+r.img" "$ISO"

DISC=$T/r-dummy.img
"$DISCBURN" dev="emu:dvd+r:$DISC" -minfo > /dev/null 2>&1
refused 6 "-dummy on DVD+R" "$DISC" dev="emu:$DISC" -dummy "$ISO"
check "-dummy on DVD+R: says it cannot simulate" grep -q "cannot simulate" "$T/err"

DISC=$T/r-missing.img
"$DISCBURN" dev="emu:dvd+r:$DISC" -minfo > /dev/null 2>&1
refused 8 "missing image" "$DISC" dev="emu:$DISC" "$T/no-such.iso"

# every reason is listed at once; the exit code is the first one's
DISC=$T/r-two.img
"$DISCBURN" dev="emu:dvd+r:size=1000:$DISC" -minfo > /dev/null 2>&1
refused 6 "two reasons at once (-dummy on DVD+R, image too big)" "$DISC" dev="emu:$DISC" -dummy "$ISO"
check "two reasons: both are named" bash -c "grep -q 'cannot simulate' '$T/err' && grep -q 'blocks .* but the DVD+R has 1000 free' '$T/err'"

# a hard disk (peripheral type 0) is never written
DISK=$T/disk.img
head -c $((8 * 1024 * 1024)) /dev/urandom > "$DISK"
refused 5 "a hard disk is not a recorder" "$DISK" dev="emu:dvd+r:type=0:$DISK" "$ISO"
check "hard disk: the message names the device type" grep -q "not an optical recorder" "$T/err"

# random bytes are not an image (unless -force)
head -c $((3 * 1024 * 1024)) /dev/urandom > "$T/random.bin"
DISC=$T/r-random.img
"$DISCBURN" dev="emu:dvd+r:$DISC" -minfo > /dev/null 2>&1
refused 8 "random bytes are not an image" "$DISC" dev="emu:$DISC" "$T/random.bin"
run "$DISCBURN" dev="emu:$DISC" -force "$T/random.bin"
expect_rc 0 "-force burns a raw file anyway"
check "-force: disc equals the raw file" same_prefix "$T/random.bin" "$DISC"

# -V traces every command with its CDB
DISC=$T/trace.img
run "$DISCBURN" -V dev="emu:dvd+r:$DISC" "$ISO"
expect_rc 0 "-V burn"
check "-V: WRITE(10) CDBs are traced" grep -q "^SCSI WRITE(10) .*cdb 2a 00" "$T/err"
check "-V: the close is traced" grep -q "^SCSI CLOSE TRACK/SESSION" "$T/err"

# Ctrl-C during the grace time: nothing written
DISC=$T/grace.img
"$DISCBURN" dev="emu:dvd+r:$DISC" -minfo > /dev/null 2>&1
before=$(fingerprint "$DISC" "$DISC.state")
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:$DISC" gracetime=9 "$ISO" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 100); do grep -q "Last chance" "$T/out" && break; sleep 0.05; done
kill -INT $pid; wait $pid; RC=$?
expect_rc 13 "Ctrl-C during gracetime"
check "Ctrl-C during gracetime: says the disc is untouched" grep -q "untouched" "$T/err"
check "Ctrl-C during gracetime: and it is" test "$before" = "$(fingerprint "$DISC" "$DISC.state")"

# Ctrl-C while writing: stops, says so
DISC=$T/intr.img
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:dvd+r:speed=1:$DISC" "$ISO" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 100); do grep -q "MB written" "$T/out" && break; sleep 0.05; done
kill -INT $pid; wait $pid; RC=$?
expect_rc 13 "Ctrl-C while writing"
check "Ctrl-C while writing: says it was interrupted" grep -q "interrupted while writing" "$T/err"

# tray commands: -eject leaves the tray open until -load; a burn closes it itself
DISC=$T/tray.img
"$DISCBURN" dev="emu:dvd+r:$DISC" -minfo > /dev/null 2>&1
run "$DISCBURN" dev="emu:$DISC" -lock
expect_rc 0 "-lock"
run "$DISCBURN" dev="emu:$DISC" -unlock
expect_rc 0 "-unlock"
run "$DISCBURN" dev="emu:$DISC" -eject
expect_rc 0 "-eject"
run "$DISCBURN" dev="emu:$DISC" -minfo
expect_rc 6 "-minfo after -eject: no disc"
run "$DISCBURN" dev="emu:$DISC" -load
expect_rc 0 "-load"
run "$DISCBURN" dev="emu:$DISC" -minfo
expect_rc 0 "-minfo after -load"
"$DISCBURN" dev="emu:$DISC" -eject > /dev/null 2>&1
run "$DISCBURN" dev="emu:$DISC" "$ISO"
expect_rc 0 "a burn closes an open tray itself"
check "and the disc equals the image" same_prefix "$ISO" "$DISC"

# usage errors
run "$DISCBURN" dev="emu:$DISC"
expect_rc 2 "nothing to do is a usage error"
run "$DISCBURN" -frobnicate
expect_rc 2 "unknown option"

finish
