#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The burn engine's promises, on the emulator:
#  - "the disc is untouched" is a fact: a fault in the first command that
#    changes the medium (SEND CUE SHEET, RESERVE TRACK, FORMAT UNIT) ends as
#    "touched" (exit 10) and says so; a fault before it as untouched (exit 9);
#  - nothing that changes the medium is sent before the grace countdown is
#    over and the FIFO is full: Ctrl-C in the countdown, or a pipe that ends
#    early, leaves the disc exactly as it was and the command log without a
#    medium-changing command;
#  - the image is opened once per burn;
#  - -V traces every drive of a duplication.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage strace:strace

ISO=$T/e.iso
make_iso "$ISO" 4 ENGINE
SIZE=$(stat -c %s "$ISO")

# medium_changed LOG: the emulator's log shows a command that changes the disc
MEDIUM='^(WRITE|SEND CUE SHEET|RESERVE TRACK|FORMAT UNIT|CLOSE TRACK|BLANK|SEND OPC)'
medium_changed() { grep -Eq "$MEDIUM" "$1"; }

# ---- a fault in the first medium-changing command: touched ------------------
touched() {     # touched NAME KIND OPCODE COMMAND [options]
	local name=$1 kind=$2 op=$3 cmd=$4; shift 4
	local disc=$T/$name.img
	run "$DISCBURN" dev="emu:$kind:fault=fail@$op:log=$disc.log:$disc" "$@" "$ISO"
	expect_rc 10 "$name: a failing $cmd has touched the disc"
	check "$name: the message names $cmd" grep -q "$cmd failed" "$T/err"
	check "$name: and says the disc may no longer be blank" \
		grep -q "$cmd had reached the disc, so it may no longer be blank" "$T/err"
	check "$name: never says untouched" bash -c "! grep -q untouched '$T/err'"
}
touched cue cd-r 5D "SEND CUE SHEET" -sao
touched reserve dvd-r 53 "RESERVE TRACK"
touched format dvd+rw 04 "FORMAT UNIT"

# a fault before anything reached the disc: untouched, and it is
DISC=$T/modesel.img
"$DISCBURN" dev="emu:cd-r:$DISC" -minfo > /dev/null 2>&1
before=$(fingerprint "$DISC" "$DISC.state")
run "$DISCBURN" dev="emu:fault=fail@55:log=$DISC.log:$DISC" -sao "$ISO"
expect_rc 9 "a failing MODE SELECT: failed before the disc was touched"
check "MODE SELECT failure: says the disc is untouched" grep -q "the disc is untouched" "$T/err"
check "MODE SELECT failure: and it is" test "$before" = "$(fingerprint "$DISC" "$DISC.state")"
check "MODE SELECT failure: no medium-changing command was sent" \
	bash -c "! grep -Eq '$MEDIUM' '$DISC.log'"

# ---- Ctrl-C during the countdown: nothing reached the disc ----------------------
grace_cancel() {        # grace_cancel NAME KIND [options]
	local name=$1 kind=$2; shift 2
	local disc=$T/$name.img
	"$DISCBURN" dev="emu:$kind:$disc" -minfo > /dev/null 2>&1
	local before; before=$(fingerprint "$disc" "$disc.state")
	: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
	"$DISCBURN" dev="emu:log=$disc.log:$disc" gracetime=9 "$@" "$ISO" > "$T/out" 2> "$T/err" &
	local pid=$!
	for _ in $(seq 1200); do grep -q "Last chance" "$T/out" && break; sleep 0.05; done
	kill -INT $pid; wait $pid; RC=$?
	expect_rc 13 "$name: Ctrl-C during the countdown"
	check "$name: says the disc is untouched" grep -q "untouched" "$T/err"
	check "$name: and it is" test "$before" = "$(fingerprint "$disc" "$disc.state")"
	check "$name: no medium-changing command in the log" bash -c "! grep -Eq '$MEDIUM' '$disc.log'"
}
grace_cancel grace-sao cd-r -sao
grace_cancel grace-dao dvd-r
grace_cancel grace-format dvd+rw

# ---- a pipe that ends before the FIFO is full: nothing reached the disc ------------
DISC=$T/short.img
"$DISCBURN" dev="emu:cd-r:$DISC" -minfo > /dev/null 2>&1
before=$(fingerprint "$DISC" "$DISC.state")
head -c $((SIZE / 2)) "$ISO" | "$DISCBURN" dev="emu:log=$DISC.log:$DISC" -sao fs=16m \
	tsize="$SIZE" - > "$T/out" 2> "$T/err"; RC=$?
expect_rc 8 "a pipe that ends before the FIFO is full"
check "short pipe: the message says how much came" grep -q "ended after $((SIZE / 2)) of $SIZE bytes" "$T/err"
check "short pipe: the disc is as it was" test "$before" = "$(fingerprint "$DISC" "$DISC.state")"
check "short pipe: no medium-changing command in the log" bash -c "! grep -Eq '$MEDIUM' '$DISC.log'"

# ---- the image is opened once per burn -------------------------------------------
opens() {       # opens FILE STRACE-LOG: how many times FILE was opened
	grep -cE "open(at)?\(.*\"$1\"" "$2"
}
# LeakSanitizer stops the process with ptrace, which it cannot under strace
NOLEAKS=ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
DISC=$T/once.img
run env "$NOLEAKS" strace -f -qq -e trace=open,openat -o "$T/strace" "$DISCBURN" dev="emu:dvd+rw:$DISC" --verify "$ISO"
expect_rc 0 "a burn with --verify under strace"
check "the image is opened once per burn" test "$(opens "$ISO" "$T/strace")" = 1
check "and the disc equals it" same_prefix "$ISO" "$DISC"
D1=$T/once-a.img D2=$T/once-b.img
run env "$NOLEAKS" strace -f -qq -e trace=open,openat -o "$T/strace2" "$DISCBURN" \
	dev="emu:dvd+r:$D1,emu:dvd+r:$D2" --copies 1 --verify "$ISO"
expect_rc 0 "a duplication onto two drives under strace"
check "the image is opened once per duplication" test "$(opens "$ISO" "$T/strace2")" = 1
check "both copies equal it" bash -c "cmp -s -n $SIZE '$ISO' '$D1' && cmp -s -n $SIZE '$ISO' '$D2'"

# ---- -V traces every drive of a duplication -------------------------------------
D1=$T/trace-a.img D2=$T/trace-b.img
run "$DISCBURN" -V dev="emu:dvd+r:$D1,emu:dvd+r:$D2" --copies 1 "$ISO"
expect_rc 0 "-V duplication"
for d in "$D1" "$D2"; do
	check "-V names the WRITEs of $(basename "$d")" grep -q "^\[emu:dvd+r:$d\] SCSI WRITE(10)" "$T/err"
done

finish
