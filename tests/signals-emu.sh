#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Nothing hangs: every signal that would end discburn stops it cleanly, and
# cancelling wakes every wait.
#  - SIGHUP and SIGQUIT while writing: exit 13 with a message, and the
#    emulator saved its disc (-minfo shows what was written); under nohup a
#    hangup is ignored and the burn completes;
#  - the spool of a duplication is never a name in $TMPDIR, not even while
#    the job runs, so nothing is left whatever ends the process;
#  - Ctrl-C ends within a second whatever discburn waits for: an input pipe
#    that stalls before the FIFO is full or in the middle of the track (the
#    ring's waits), a drive that stays not ready (the retry wait), blanking
#    and formatting in progress, an empty drive waiting for the next disc.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ISO=$T/sig.iso
make_iso "$ISO" 24 SIGNALS
SIZE=$(stat -c %s "$ISO")

# started PID FILE REGEX: wait (at most 20 s) until FILE shows REGEX; a
# phase never reached is a failure of its own
started() {
	for _ in $(seq 400); do grep -Eq "$3" "$2" 2>/dev/null && return 0; sleep 0.05; done
	bad "the run never showed /$3/"
	return 1
}

# stop_within PID SIGNAL SECONDS: send SIGNAL, wait for the exit; RC is its
# status, and the check fails if it took longer than SECONDS (after 20 s it
# is killed, so that a wait nothing wakes fails the test instead of hanging it)
stop_within() {
	local pid=$1 sig=$2 limit=$3 t0 t1
	t0=$EPOCHREALTIME
	kill "-$sig" "$pid"
	for _ in $(seq 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"; RC=$?
	t1=$EPOCHREALTIME
	TOOK=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	awk -v t="$TOOK" -v l="$limit" 'BEGIN { exit !(t <= l) }'
}

# nwa DISC: the next writable address -minfo reports, or 0
nwa() { "$DISCBURN" dev="emu:$1" -minfo 2>/dev/null | sed -n 's/^Next writable address: *//p'; }

# A hangup ignored on entry stays ignored (that is what nohup means, and what
# discburn honours below), so a run of this test under nohup would see no
# SIGHUP at all: the runs that must answer one start with it at its default.
HUPOK="env --default-signal=HUP"

# ---- HUP and QUIT while writing --------------------------------------------------
for sig in HUP QUIT TERM; do
	disc=$T/w-$sig.img
	"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
	: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
	$HUPOK "$DISCBURN" dev="emu:speed=2:$disc" "$ISO" > "$T/out" 2> "$T/err" &
	pid=$!
	started "$pid" "$T/out" "[1-9] of +[0-9]+ MB written"
	stop_within "$pid" "$sig" 5
	check "SIG$sig while writing: ends at once (${TOOK}s)" test $? = 0
	expect_rc 13 "SIG$sig while writing"
	check "SIG$sig: says it was interrupted while writing" grep -q "interrupted while writing" "$T/err"
	n=$(nwa "$disc")
	check "SIG$sig: -minfo shows what was written (NWA ${n:-none})" test "${n:-0}" -gt 0
	check "SIG$sig: and the disc holds that much of the image" \
		cmp -s -n $(( ${n:-1} * 2048 - 65536 )) "$ISO" "$disc"
done

disc=$T/nohup.img
"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
nohup "$DISCBURN" dev="emu:speed=8:$disc" "$ISO" > "$T/out" 2> "$T/err" &
pid=$!
started "$pid" "$T/out" "[1-9] of +[0-9]+ MB written"
kill -HUP "$pid"
wait "$pid"; RC=$?
expect_rc 0 "under nohup a hangup is ignored"
check "nohup: the disc holds the image" same_prefix "$ISO" "$disc"

# ---- the spool is never a name in TMPDIR ---------------------------------------------
SPOOLDIR=$T/spooldir
mkdir -p "$SPOOLDIR"
disc=$T/sp
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
cat "$ISO" | TMPDIR=$SPOOLDIR $HUPOK "$DISCBURN" dev="emu:dvd+r:speed=4:stack=3:$disc" --copies 3 \
	tsize="$SIZE" - > "$T/out" 2> "$T/err" &
pid=$!
started "$pid" "$T/err" "copy 2: written +[0-9]*[1-9] of"
check "while the job runs, TMPDIR holds no file" test -z "$(ls -A "$SPOOLDIR")"
check "and the job holds its spool as a deleted file" \
	bash -c "ls -l /proc/$pid/fd 2>/dev/null | grep -q 'discburn-spool.*(deleted)'"
stop_within "$pid" HUP 5
check "SIGHUP in a duplication from a pipe ends at once (${TOOK}s)" test $? = 0
expect_rc 13 "SIGHUP in a duplication"
check "nothing is left in TMPDIR" test -z "$(ls -A "$SPOOLDIR")"

# ---- Ctrl-C wakes every wait -----------------------------------------------------------
# a pipe that stalls before the FIFO is full
disc=$T/stall.img
"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
before=$(fingerprint "$disc" "$disc.state")
mkfifo "$T/pipe"
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:$disc" tsize="$SIZE" - < "$T/pipe" > "$T/out" 2> "$T/err" &
pid=$!
exec 7> "$T/pipe"
head -c 1000000 "$ISO" >&7
sleep 1
stop_within "$pid" INT 1
check "Ctrl-C while the input pipe stalls: ends within a second (${TOOK}s)" test $? = 0
exec 7>&-
expect_rc 13 "Ctrl-C while the input pipe stalls"
check "stalled pipe: the disc is untouched, and says so" \
	bash -c "grep -q untouched '$T/err' && test '$before' = '$(fingerprint "$disc" "$disc.state")'"

# a pipe that stalls while the track is written: the writer waits in the ring
disc=$T/midstall.img
"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
mkfifo "$T/pipe2"
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:log=$disc.log:$disc" fs=1m tsize="$SIZE" - < "$T/pipe2" > "$T/out" \
	2> "$T/err" &
pid=$!
exec 8> "$T/pipe2"
head -c 8000000 "$ISO" >&8
started "$pid" "$disc.log" "^WRITE"
sleep 1
stop_within "$pid" INT 1
check "Ctrl-C while the pipe stalls in the middle of the track: ends within a second (${TOOK}s)" \
	test $? = 0
exec 8>&-

expect_rc 13 "Ctrl-C while the pipe stalls in the middle of the track"
check "stalled mid-track: says it was interrupted while writing" \
	grep -q "interrupted while writing" "$T/err"

# the same, with the pipe closed right after Ctrl-C, as a user who gives up
# on the program feeding it does: whichever discburn sees first is its
# account (interrupted, 13; or the input ended early, 10), never "internal
# error"
disc=$T/midstall2.img
"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
mkfifo "$T/pipe3"
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:log=$disc.log:$disc" fs=1m tsize="$SIZE" - < "$T/pipe3" > "$T/out" \
	2> "$T/err" &
pid=$!
exec 9> "$T/pipe3"
head -c 8000000 "$ISO" >&9
started "$pid" "$disc.log" "^WRITE"
sleep 1
kill -INT "$pid"
exec 9>&-
wait "$pid"; RC=$?
check "Ctrl-C, then the stalled pipe closed: interrupted or the input ended (exit $RC)" \
	test "$RC" = 13 -o "$RC" = 10
check "Ctrl-C, then the pipe closed: says which, never an internal error" \
	bash -c "grep -Eq 'interrupted while writing|standard input ended after' '$T/err' &&
		 ! grep -q 'internal error' '$T/err'"

# a drive that stays not ready: device_run's retry wait
disc=$T/notready.img
"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:fault=not-ready@100000:log=$disc.log:$disc" "$ISO" > "$T/out" 2> "$T/err" &
pid=$!
started "$pid" "$disc.log" "sense=2/04/01"
sleep 2         # the back-off is at its longest (1 s) by now
stop_within "$pid" INT 1
check "Ctrl-C while the drive becomes ready: ends within a second (${TOOK}s)" test $? = 0
expect_rc 13 "Ctrl-C while the drive becomes ready"

# blanking and formatting in progress
for what in blank format; do
	disc=$T/long-$what.img
	if [ $what = blank ]; then
		"$DISCBURN" dev="emu:cd-rw:$disc" "$ISO" > /dev/null 2>&1
		args=(blank=all); shown="Blanking:"
	else
		"$DISCBURN" dev="emu:dvd-rw:$disc" -minfo > /dev/null 2>&1
		args=(format=ro); shown="Formatting:"
	fi
	: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
	"$DISCBURN" dev="emu:speed=1:$disc" "${args[@]}" > "$T/out" 2> "$T/err" &
	pid=$!
	started "$pid" "$T/out" "$shown"
	stop_within "$pid" INT 1
	check "Ctrl-C during $what: ends within a second (${TOOK}s)" test $? = 0
	expect_rc 13 "Ctrl-C during $what"
done

# an empty drive waiting for the next disc of a duplication
disc=$T/wait
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:dvd+r:stack=1:$disc" --copies 2 --wait-disc 60 "$ISO" > "$T/out" 2> "$T/err" &
pid=$!
started "$pid" "$T/err" "insert a blank disc"
sleep 1
stop_within "$pid" INT 1
check "Ctrl-C while waiting for a disc: ends within a second (${TOOK}s)" test $? = 0
expect_rc 13 "Ctrl-C while waiting for a disc"
check "waiting for a disc: the first copy was made" same_prefix "$ISO" "$disc.1"
finish
