#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What discburn says when things go wrong, on emulated drives: each copy of a
# duplication counted once, an interruption told as it happened, advice that
# fits the command, the real error alone, a long device path not called a list.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage python3:python3

ISO=$T/image.iso
make_iso "$ISO" 2 MSGTEST

# ---- a duplication counts each copy once -----------------------------------
run "$DISCBURN" dev="emu:dvd+r:stack=2:fault=medium-error@100:$T/f" --copies 2 "$ISO"
expect_rc 14 "2 copies on a failing drive"
check "summary: 0 good, 1 failed, 1 not made (2 copies, each counted once)" \
	grep -Eq "fault=medium-error@100:[^ ]* +0 +1 +1 " "$T/err"
check "summary total: 0 1 1" grep -Eq "^total +0 +1 +1\$" "$T/err"
run "$DISCBURN" dev="emu:dvd+r:stack=2:fault=medium-error@100:$T/g" --copies 2 --json "$ISO"
check "--json: good + failed + not_made is the number of copies" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
s = [e for e in ev if e["event"] == "drive-summary"][0]
d = ev[-1]
sys.exit(0 if (s["good"], s["failed"], s["not_made"]) == (0, 1, 1) and
         d["event"] == "done" and d["good"] + d["failed"] + d["not_made"] == 2 else 1)' "$T/out"

# ---- Ctrl-C in a job without --journal --------------------------------------
head -c 30000000 /dev/urandom > "$T/big.bin"
genisoimage -quiet -o "$T/big.iso" "$T/big.bin"
rm -f "$T/big.bin"
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:dvd+r:speed=1:stack=2:$T/c" --copies 2 "$T/big.iso" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 100); do             # until the first WRITE reached the disc
	[ -s "$T/c.1" ] && break
	sleep 0.1
done
kill -INT "$pid"
wait "$pid"; RC=$?
expect_rc 13 "Ctrl-C in a duplication without --journal"
check "no journal is named where there is none" bash -c "! grep -q journal '$T/err'"
check "the interruption is said as it happened: while writing" \
	grep -q "^discburn: interrupted while writing\.\$" "$T/err"

# ---- advice that fits the command ------------------------------------------
"$DISCBURN" dev="emu:cd-rw:$T/rw" blank=fast > /dev/null 2>&1     # a blank CD-RW
run "$DISCBURN" dev="emu:cd-rw:$T/rw" -toc
check "-toc of a blank disc fails" test "$RC" != 0
check "-toc is not told to try another write mode or speed" \
	bash -c "! grep -Eq 'write mode|speed' '$T/err'"
check "-toc says the disc is blank and what to do" grep -q "is blank: it has no table of contents yet. -minfo" "$T/err"
run "$DISCBURN" dev="emu:cd-rw:fault=fail@51:$T/rw" -minfo
check "-minfo with a failing READ DISC INFORMATION fails" test "$RC" != 0
check "-minfo is not told to try another write mode" bash -c "! grep -q 'write mode' '$T/err'"
"$DISCBURN" dev="emu:cd-rw:$T/rw" "$ISO" > /dev/null 2>&1
run "$DISCBURN" dev="emu:cd-rw:$T/rw" blank=track -force       # the drive refuses it (5/24/00)
check "blank=track refused by the drive fails" test "$RC" = 15
check "BLANK is not told to try another write mode or speed" \
	bash -c "grep -q 'BLANK failed.*5/24/00' '$T/err' && ! grep -Eq 'write mode|speed' '$T/err'"
check "BLANK is told which blanking types to try" grep -q "use blank=fast or blank=all" "$T/err"

# ---- no internal code in a message ----------------------------------------
for img in /nonexistent.iso "$T" "$T/empty.iso" "$T/rw"; do
	: > "$T/empty.iso"
	run "$DISCBURN" dev="emu:dvd+r:$T/x" "$img"
	check "no internal code in the message for $img" \
		bash -c "! grep -Eq 'bad-image|os-error|bad-state|check-condition|invalid\b' '$T/err'"
done

# ---- the real error alone ----------------------------------------------------
: > "$T/empty.iso"
for kind in cd-r dvd+r; do
	for img in /nonexistent.iso "$T" "$T/empty.iso"; do
		run "$DISCBURN" dev="emu:$kind:$T/y" "$img"
		check "$kind, $img: one line, no padding warning" \
			bash -c "test \$(wc -l < '$T/err') = 1 && ! grep -q '4-second' '$T/err'"
	done
done
for tl in "-data $T/nonexistent.iso" "-data $T" "-data $T/empty.iso" "-audio $T/nonexistent.wav" \
	  "-audio $T" "-audio $T/empty.iso"; do
	# shellcheck disable=SC2086
	run "$DISCBURN" dev="emu:cd-r:$T/y" $tl
	check "track list $tl: the file's error alone" \
		bash -c "test $RC = 8 && test \$(wc -l < '$T/err') = 1 && ! grep -Eq 'lasts|4-second|sheet' '$T/err'"
done
check "an empty track file is said to be empty" grep -q "empty.iso is empty" "$T/err"
printf 'FILE "missing.bin" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n' > "$T/m.cue"
run "$DISCBURN" dev="emu:cd-r:$T/y" "$T/m.cue"
check "a cue sheet's missing file: its error alone, with the sheet's directory rule" \
	bash -c "test $RC = 8 && test \$(wc -l < '$T/err') = 1 && grep -q \"sheet's directory\" '$T/err'"

# ---- one long device path is not a list -------------------------------------
long=$T
for _ in $(seq 12); do long=$long/$(printf 'd%.0s' $(seq 200)); done
mkdir -p "$long"
run "$DISCBURN" dev="emu:dvd+r:$long/disc" -minfo
expect_rc 0 "a device path of $(( ${#long} + 5 )) characters works"
check "-minfo of it says blank" grep -qi "blank" "$T/out" "$T/err"
check "not called a list" bash -c "! grep -q 'lists' '$T/err'"
run "$DISCBURN" dev="emu:dvd+r:$T/$(printf 'x%.0s' $(seq 5000))" -minfo
expect_rc 2 "a device name longer than any path"
check "it is said to be one name too long" grep -q "the device name in dev= is .* characters long" "$T/err"
check "not called a list" bash -c "! grep -q 'lists' '$T/err'"

finish
