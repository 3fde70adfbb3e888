#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every state a crash can leave is honest. discburn is killed (SIGKILL: no
# handler runs, the emulator saves nothing at close) in each phase; then
# -minfo must report what the disc really holds, and a duplication run again
# neither burns a good disc again nor counts a bad one.
#
# (The emulator saves a track's progress while it is written, every second
# or 16 MiB: what it last saved is what -minfo may report, never more.)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ISO=$T/c.iso
make_iso "$ISO" 24 CRASH
SIZE=$(stat -c %s "$ISO")

# wait_log LOG REGEX [N]: until LOG has N (default 1) lines matching REGEX
wait_log() {
	local n=${3:-1}
	local c
	for _ in $(seq 600); do
		c=$(grep -Ec "$2" "$1" 2>/dev/null)
		[ "${c:-0}" -ge "$n" ] && return 0
		sleep 0.02
	done
	return 1
}

# minfo DISC FIELD: a field of -minfo's text
minfo() { "$DISCBURN" dev="emu:$1" -minfo 2>/dev/null | sed -n "s/^$2 *: *//p" | head -1; }

# kill_in PHASE REGEX N DISC ARGS...: run discburn, SIGKILL it once its
# command log shows N lines matching REGEX and LINGER seconds more (the
# emulator saves a track's progress every second while it is written)
kill_in() {
	local phase=$1 re=$2 n=$3 disc=$4; shift 4
	: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
	"$DISCBURN" dev="emu:speed=${SPEED:-4}:log=$disc.log:$disc" "$@" > "$T/out" 2> "$T/err" &
	local pid=$!
	if ! wait_log "$disc.log" "$re" "$n"; then
		bad "$phase: the phase was never reached"
	fi
	sleep "${LINGER:-0}"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# ---- killed before anything reached the disc ----------------------------------------
disc=$T/pre.img
"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
before=$(fingerprint "$disc" "$disc.state")
"$DISCBURN" dev="emu:fault=not-ready@100000:log=$disc.log:$disc" "$ISO" > /dev/null 2>&1 &
pid=$!
wait_log "$disc.log" "sense=2/04/01" 5
kill -KILL "$pid"; wait "$pid" 2>/dev/null
check "killed while the drive became ready: the disc is untouched" \
	test "$before" = "$(fingerprint "$disc" "$disc.state")"
check "and -minfo calls it blank" test "$(minfo "$disc" "Disk status")" = blank

# ---- killed while writing a track -----------------------------------------------------
for kind in dvd+r cd-r dvd-r bd-r dvd-rw; do
	disc=$T/w-$kind.img
	"$DISCBURN" dev="emu:$kind:$disc" -minfo > /dev/null 2>&1
	state_before=$(fingerprint "$disc.state")
	speed=4
	[ "$kind" = bd-r ] && speed=1       # 24 MB last about 5 s on every kind
	SPEED=$speed LINGER=1.5 kill_in "$kind: writing" '^WRITE' 20 "$disc" "$ISO"
	written=$(stat -c %s "$disc")
	status=$(minfo "$disc" "Disk status")
	check "$kind: killed while writing, sectors reached the disc ($written bytes)" test "$written" -gt 0
	check "$kind: the state file was saved while the track was written" \
		test "$state_before" != "$(fingerprint "$disc.state")"
	check "$kind: -minfo does not call the written disc blank (it says $status)" \
		test "$status" = appendable -o "$status" = incomplete
	nwa=$(minfo "$disc" "Next writable address")
	check "$kind: and names a next writable address past the start (${nwa:-none})" \
		test "${nwa:-0}" -gt 0
	# on a disc written in one run from LBA 0 (not a reserved DAO track)
	# the NWA is where the data ends: never beyond it
	case $kind in dvd+r | cd-r | bd-r)
		check "$kind: which does not claim more than the disc holds" \
			test $(( ${nwa:-0} * 2048 )) -le "$written" ;;
	esac
	check "$kind: what was written is the image's beginning" \
		cmp -s -n $(( written / 65536 * 65536 )) "$ISO" "$disc"
done

# an overwritable disc is always "complete": what it holds is its sectors
disc=$T/w-dvd+rw.img
"$DISCBURN" dev="emu:dvd+rw:$disc" -minfo > /dev/null 2>&1
kill_in "dvd+rw: writing" '^WRITE' 20 "$disc" "$ISO"
written=$(stat -c %s "$disc")
check "dvd+rw: killed while writing, -minfo says formatted" \
	bash -c "'$DISCBURN' dev='emu:$disc' -minfo | grep -q '^Formatted *: yes'"
check "dvd+rw: what was written is the image's beginning" \
	cmp -s -n $(( written / 65536 * 65536 )) "$ISO" "$disc"
run "$DISCBURN" dev="emu:$disc" "$ISO"
expect_rc 16 "dvd+rw: a burn over the half-written disc is refused as holding data"

# ---- killed while verifying: the disc is whole and closed --------------------------------
disc=$T/v.img
"$DISCBURN" dev="emu:dvd+r:$disc" -minfo > /dev/null 2>&1
kill_in "verify" '^READ\(10\)' 10 "$disc" --verify "$ISO"
check "killed while verifying: -minfo says complete" test "$(minfo "$disc" "Disk status")" = complete
check "killed while verifying: the disc holds the image" same_prefix "$ISO" "$disc"
blocks=$(minfo "$disc" "Readable blocks" | cut -d' ' -f1)
check "killed while verifying: readable blocks cover the image ($blocks)" \
	test "${blocks:-0}" -ge $(( (SIZE + 2047) / 2048 ))

# ---- killed while blanking: the drive finishes by itself --------------------------------
disc=$T/b.img
"$DISCBURN" dev="emu:cd-rw:$disc" "$ISO" > /dev/null 2>&1
"$DISCBURN" dev="emu:speed=1:log=$disc.log:$disc" blank=all > /dev/null 2>&1 &
pid=$!
wait_log "$disc.log" '^REQUEST SENSE' 3
kill -KILL "$pid"; wait "$pid" 2>/dev/null
check "killed while blanking: -minfo says blank" test "$(minfo "$disc" "Disk status")" = blank
run "$DISCBURN" dev="emu:$disc" "$ISO"
expect_rc 0 "killed while blanking: the disc takes a burn afterwards"

# ---- a duplication killed in the middle of a disc, then run again -----------------------
J=$T/job.jsonl
cmd=("$DISCBURN" dev="emu:dvd+r:speed=4:stack=6:log=$T/d.log:$T/d" --copies 4 --journal "$J" "$ISO")
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"${cmd[@]}" > "$T/out" 2> "$T/err" &
pid=$!
oks() { grep -c '"result":"ok"' "$1" 2>/dev/null || true; }
for _ in $(seq 1500); do [ "$(oks "$J")" -ge 2 ] && break; sleep 0.02; done
n=$(grep -c '^WRITE' "$T/d.log")
wait_log "$T/d.log" '^WRITE' $((n + 30))
kill -KILL "$pid"; wait "$pid" 2>/dev/null
check "the job was killed in the middle of its third disc" test "$(oks "$J")" = 2
good_before=$(fingerprint "$T/d.1" "$T/d.1.state" "$T/d.2" "$T/d.2.state")
run "${cmd[@]}"
expect_rc 0 "the same command again completes the job"
check "the rerun made only what was owed" grep -q "(2 discs were already done" "$T/err"
check "the two good discs were not touched again" \
	test "$good_before" = "$(fingerprint "$T/d.1" "$T/d.1.state" "$T/d.2" "$T/d.2.state")"
check "the journal counts four good discs, each copy once" \
	test "$(grep '"result":"ok"' "$J" | grep -o '"copy":[0-9]*' | sort -u | wc -l)" = 4 -a "$(oks "$J")" = 4
equal=0
for i in 1 2 3 4 5 6; do cmp -s -n "$SIZE" "$ISO" "$T/d.$i" && equal=$((equal + 1)); done
check "as many discs equal the image as the journal calls good ($equal)" test "$equal" -ge 4
finish
