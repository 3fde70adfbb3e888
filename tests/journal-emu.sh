#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The journal of a duplication is never silently wrong:
#  - a journal that cannot be written (a full file system) stops the job
#    with a message: at its start before any disc is touched, in the middle
#    before the next disc;
#  - a journal that is not a regular file (/dev/zero, /dev/full, a FIFO, a
#    symbolic link) is refused at once, without reading or hanging on it;
#  - a torn last line (a crash while it was written) is dropped and its disc
#    not counted, also when it is the job line itself; a torn record with
#    another one after it on the same line, a malformed middle line, a
#    record with fields of the wrong kind, a journal without its job line
#    are refused, naming the line.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_tools python3:python3
ISO=$T/j.iso
make_iso "$ISO" 1 JOURNAL

# okay_lines FILE DEVICE: the journal's good discs of DEVICE
okay_lines() { grep -c "\"device\":\"$2\".*\"result\":\"ok\"" "$1"; }

# ---- not a regular file ----------------------------------------------------------
disc=$T/nf
"$DISCBURN" dev="emu:dvd+r:$disc.img" -minfo > /dev/null 2>&1
before=$(fingerprint "$disc.img" "$disc.img.state")
mkfifo "$T/fifo"
echo '{"event":"job"}' > "$T/target.jsonl"
ln -s "$T/target.jsonl" "$T/link.jsonl"
target_before=$(fingerprint "$T/target.jsonl")
for j in /dev/zero /dev/full "$T/fifo" "$T/link.jsonl"; do
	SECONDS=0
	run timeout 20 "$DISCBURN" dev="emu:$disc.img" --copies 1 --journal "$j" "$ISO"
	expect_rc 2 "--journal $j"
	check "--journal $j: refused at once (${SECONDS}s)" test "$SECONDS" -lt 5
	check "--journal $j: says it is not a regular file" grep -q "is not a regular file" "$T/err"
	check "--journal $j: the disc is untouched" test "$before" = "$(fingerprint "$disc.img" "$disc.img.state")"
done
check "the symbolic link's target is unchanged" test "$target_before" = "$(fingerprint "$T/target.jsonl")"

# ---- a journal made by a job of two drives, two copies each ------------------------
A="emu:dvd+r:stack=2:$T/a"
B="emu:dvd+r:stack=2:$T/b"
J=$T/job.jsonl
run "$DISCBURN" dev="$A,$B" --copies 2 --journal "$J" "$ISO"
expect_rc 0 "a job of two drives, two copies each"
cp "$J" "$T/orig.jsonl"
check "the journal has the job line, a digest and four discs" \
	test "$(wc -l < "$J")" = 6
lineof() { sed -n "$1p" "$T/orig.jsonl"; }

# resume ARGS...: the same job again, with --wait-disc 1 (its stacks are used)
resume() { run "$DISCBURN" dev="$A,$B" --copies 2 --wait-disc 1 --journal "$J" "$ISO"; }

# a torn last line: dropped, its disc not counted: its drive owes its second
# copy again (and gets fresh blank discs for it)
last=$(python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).readlines()[5])["device"])' \
	"$T/orig.jsonl")
letter=a
[ "$last" = "$B" ] && letter=b
{ head -5 "$T/orig.jsonl"; lineof 6 | head -c 60; } > "$J"
rm -f "$T/$letter".*
resume
expect_rc 0 "a torn last line: the job is resumed"
check "a torn last line: the rest of the journal is read" grep -q "3 discs were already done" "$T/err"
check "a torn last line: its disc was burnt again and recorded whole" \
	test "$(okay_lines "$J" "$last")" = 2 -a "$(grep -c "\"device\":\"$last\",\"copy\":2," "$J")" = 1
check "a torn last line: the new disc holds the image" same_prefix "$ISO" "$T/$letter.1"
check "a torn last line: it was cut off, every line is whole JSON again" \
	python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$J"

# a torn record with another one after it on the same line
{ head -2 "$T/orig.jsonl"; lineof 3 | head -c 70; lineof 4; lineof 5; lineof 6; } > "$J"
before=$(fingerprint "$J")
resume
expect_rc 2 "a torn record followed by another on its line"
check "torn record: the line is named" grep -q "damaged at line 3 (not JSON)" "$T/err"
check "torn record: no drive was credited, the journal is unchanged" test "$before" = "$(fingerprint "$J")"

# a malformed middle line
{ head -3 "$T/orig.jsonl"; echo '{"event":"disc",'; tail -3 "$T/orig.jsonl"; } > "$J"
resume
expect_rc 2 "a malformed middle line"
check "malformed: line 4 is named" grep -q "damaged at line 4" "$T/err"

# fields of the wrong kind
for bad in '"copy":"x"' '"result":"maybe"' '"copy":0'; do
	rec=$(lineof 3 | sed -e 's/"copy":1/'"$bad"'/' -e 's/"result":"ok"/'"$bad"'/')
	{ head -2 "$T/orig.jsonl"; echo "$rec"; tail -3 "$T/orig.jsonl"; } > "$J"
	resume
	expect_rc 2 "a disc record with $bad"
	check "$bad: line 3 is named" grep -q "damaged at line 3" "$T/err"
done

# no job line
tail -5 "$T/orig.jsonl" > "$J"
resume
expect_rc 2 "a journal without its job line"
check "no job line: says so" grep -q "has no job line" "$T/err"
printf 'just some text without a newline' > "$J"
resume
expect_rc 2 "a file that is no journal"
check "no journal: its text is kept" test "$(cat "$J")" = "just some text without a newline"

# only a torn job line: the job starts afresh
C="emu:dvd+r:stack=1:$T/c"
lineof 1 | head -c 40 > "$T/torn-job.jsonl"
run "$DISCBURN" dev="$C" --copies 1 --journal "$T/torn-job.jsonl" "$ISO"
expect_rc 0 "a journal holding only a torn job line starts afresh"
check "torn job line: the journal now has a whole job line and the disc" \
	bash -c "head -1 '$T/torn-job.jsonl' | grep -q '\"event\":\"job\".*\"copies\":1' && test \"\$(wc -l < '$T/torn-job.jsonl')\" = 3"

# ---- a full file system ----------------------------------------------------------------
# nofull WHY: this machine cannot make one; in CI (DISCBURN_NO_SKIP) that fails
nofull() {
	if [ -n "${DISCBURN_NO_SKIP:-}" ]; then bad "a full file system: $1"; else
		echo "# SKIP a full file system: $1"; fi
}
if [ "$(id -u)" = 0 ] && command -v mount > /dev/null; then
	MNT=$T/mnt
	mkdir -p "$MNT"
	if mount -t tmpfs -o size=4k tmpfs "$MNT" 2>/dev/null; then
		trap 'umount "$MNT" 2>/dev/null; rm -rf "$T"' EXIT
		# full from the start: not even the job line can be written
		head -c 8192 /dev/zero > "$MNT/fill" 2>/dev/null
		D="emu:dvd+r:stack=2:$T/full"
		"$DISCBURN" dev="$D" -minfo > /dev/null 2>&1
		before=$(fingerprint "$T/full.1" "$T/full.1.state")
		run "$DISCBURN" dev="$D" --copies 2 --journal "$MNT/full.jsonl" "$ISO"
		expect_rc 1 "a journal on a full file system"
		check "full: says the journal cannot be written and why" \
			grep -q "cannot write the journal $MNT/full.jsonl: No space left on device" "$T/err"
		check "full: no disc was touched" \
			test "$before" = "$(fingerprint "$T/full.1" "$T/full.1.state")"
		rm -f "$MNT/fill" "$MNT/full.jsonl"
		# room for the job line and a few discs, then full: the job stops
		# before the next disc
		D="emu:dvd+r:stack=40:$T/mid"
		run "$DISCBURN" dev="$D" --copies 40 --journal "$MNT/mid.jsonl" "$ISO"
		# exit 14: copies were made, and the rest are not
		expect_rc 14 "a journal that fills its file system in the middle of a job"
		check "middle: says the job stopped so that no disc goes unrecorded" \
			grep -q "the job stopped so that no disc goes unrecorded" "$T/err"
		written=0
		for n in $(seq 40); do cmp -s -n "$(stat -c %s "$ISO")" "$ISO" "$T/mid.$n" && written=$((written + 1)); done
		recorded=$(okay_lines "$MNT/mid.jsonl" "$D")
		check "middle: discs were burnt ($written) and all but the last recorded ($recorded)" \
			test "$recorded" -ge 1 -a "$written" = $((recorded + 1))
		check "middle: the job did not go on to the end" test "$written" -lt 40
		umount "$MNT"
		trap 'rm -rf "$T"' EXIT
	else
		nofull "cannot mount a tmpfs"
	fi
else
	nofull "a full file system needs root for a small tmpfs"
fi
finish
