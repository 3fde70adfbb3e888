#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Batch duplication on emulated drives with autoloaders (emu stack=N: the next
# blank goes in after each eject): several drives from one read of the
# source, a failing drive, a crash and a resume, a non-blank disc rejected.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage python3:python3

ISO=$T/image.iso
make_iso "$ISO" 5 DUPTEST
SIZE=$(stat -c %s "$ISO")
oks() { grep -c '"result":"ok"' "$1" 2>/dev/null || true; }

# ---- 3 drives x 2 copies from a pipe: a pipe can only be read once ---------
J=$T/job1.jsonl
cat "$ISO" | "$DISCBURN" dev="emu:dvd+r:stack=2:$T/a,emu:dvd-r:stack=2:$T/b,emu:bd-r:stack=2:$T/c" \
	--copies 2 --journal "$J" --verify tsize="$SIZE" - > "$T/out" 2> "$T/err"; RC=$?
expect_rc 0 "3 drives x 2 copies from one pipe"
for d in a.1 a.2 b.1 b.2 c.1 c.2; do
	check "disc $d equals the image" same_prefix "$ISO" "$T/$d"
done
check "the journal lists six good discs" test "$(oks "$J")" = 6
check "the journal records verify for each" test "$(grep -c '"verified":true' "$J")" = 6
check "the journal names the stream's SHA-256" grep -q "$(sha256sum < "$ISO" | cut -c1-64)" "$J"
check "the summary says how much was read from the source" grep -q "read $SIZE bytes from the source" "$T/err"

# the same from a file, with --json: every line is JSON and tagged by drive
J=$T/job2.jsonl
run "$DISCBURN" dev="emu:dvd+r:stack=2:$T/f,emu:dvd+r:stack=2:$T/g" --copies 2 --journal "$J" --json "$ISO"
expect_rc 0 "2 drives x 2 copies from a file, --json"
check "--json: all lines parse, progress is tagged with its drive" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
prog = [e for e in ev if e["event"] == "progress"]
devs = {e["device"] for e in prog}
done = ev[-1]
sys.exit(0 if len(devs) == 2 and done["event"] == "done" and done["good"] == 4
         and done["source_bytes"] == int(sys.argv[2]) else 1)' "$T/out" "$SIZE"
for d in f.1 f.2 g.1 g.2; do
	check "disc $d equals the image" same_prefix "$ISO" "$T/$d"
done

# ---- one of three drives fails mid-burn ------------------------------------
J=$T/job3.jsonl
run "$DISCBURN" dev="emu:dvd+r:stack=2:$T/p,emu:dvd+r:stack=2:fault=medium-error@1000:$T/q,emu:dvd+r:stack=2:$T/r" \
	--copies 2 --journal "$J" "$ISO"
expect_rc 14 "a failing drive: exit code says not every copy was made"
for d in p.1 p.2 r.1 r.2; do
	check "the other drives finished: $d equals the image" same_prefix "$ISO" "$T/$d"
done
check "journal: four good discs" test "$(oks "$J")" = 4
check "journal: the failure names drive and cause" \
	bash -c "grep '\"result\":\"failed\"' '$J' | grep -q 'fault=medium-error@1000' && grep '\"result\":\"failed\"' '$J' | grep -q 'WRITE'"
check "summary: the failed drive has one failure and one copy not made (each copy counted once)" \
	grep -Eq "fault=medium-error@1000:[^ ]* +0 +1 +1 " "$T/err"

# ---- a disc that is not blank is ejected, never written --------------------
"$DISCBURN" dev="emu:dvd+r:$T/s.1" "$ISO" > /dev/null 2>&1      # disc 1 already holds data
before=$(fingerprint "$T/s.1" "$T/s.1.state")
J=$T/job4.jsonl
run "$DISCBURN" dev="emu:dvd+r:stack=3:$T/s" --copies 2 --journal "$J" "$ISO"
expect_rc 0 "a non-blank disc in the stack does not stop the job"
check "the non-blank disc was left alone" test "$before" = "$(fingerprint "$T/s.1" "$T/s.1.state")"
check "it was rejected with a message" grep -q "not blank; ejected" "$T/err"
check "the two blanks after it got the copies" bash -c "cmp -s -n $SIZE '$ISO' '$T/s.2' && cmp -s -n $SIZE '$ISO' '$T/s.3'"

# ---- a crash after the second disc, then the same command again -------------
J=$T/job5.jsonl
cmd=("$DISCBURN" dev="emu:dvd+r:speed=4:stack=6:$T/k" --copies 4 --journal "$J" "$ISO")
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"${cmd[@]}" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 600); do [ "$(oks "$J")" -ge 2 ] && break; sleep 0.05; done
kill -KILL $pid; wait $pid 2>/dev/null
check "the job was killed after two discs" test "$(oks "$J")" = 2
done_before=$(fingerprint "$T/k.1" "$T/k.2")
run "${cmd[@]}"
expect_rc 0 "the same command again completes the job"
check "the rerun made only the remaining two copies" grep -q "(2 discs were already done" "$T/err"
check "the journal now lists four good discs" test "$(oks "$J")" = 4
check "discs 1 and 2 were not touched again" test "$done_before" = "$(fingerprint "$T/k.1" "$T/k.2")"
good=0
for n in 1 2 3 4 5 6; do cmp -s -n "$SIZE" "$ISO" "$T/k.$n" && good=$((good + 1)); done
check "four discs of the stack equal the image" test "$good" = 4

# no more blank discs: the drive waits (polling GET EVENT STATUS NOTIFICATION),
# then gives up and the job says what is missing
J=$T/job6.jsonl
run "$DISCBURN" dev="emu:dvd+r:stack=1:log=$T/w.log:$T/w" --copies 2 --wait-disc 2 --journal "$J" "$ISO"
expect_rc 14 "the stack runs out: not every copy made"
check "it asked for a disc" grep -q "insert a blank disc" "$T/err"
check "it said how long it waited" grep -q "within 2 seconds" "$T/err"
check "it polled with GET EVENT STATUS NOTIFICATION" \
	test "$(grep -c '^GET EVENT STATUS ' "$T/w.log")" -ge 2
check "the journal has the one good disc" test "$(oks "$J")" = 1

# a journal of another job is refused
run "$DISCBURN" dev="emu:dvd+r:stack=2:$T/x" --copies 3 --journal "$J" "$ISO"
expect_rc 2 "a journal of another job (other copy count) is refused"

# ... and so is another image of the same name and size, naming both
OTHER=$T/other
mkdir -p "$OTHER"
head -c "$SIZE" /dev/urandom > "$OTHER/$(basename "$ISO")"
before=$(fingerprint "$T/x.1" "$T/x.1.state")
run "$DISCBURN" dev="emu:dvd+r:stack=1:log=$T/w2.log:$T/w" --copies 2 --wait-disc 2 -force \
	--journal "$J" "$OTHER/$(basename "$ISO")"
expect_rc 2 "resuming a journal with another image of the same name and size is refused"
check "the refusal names the journal's SHA-256 and the image" bash -c \
	"grep -q '$(sha256sum < "$ISO" | cut -c1-64)' '$T/err' && grep -q '$OTHER/' '$T/err'"
check "no drive was touched for it" bash -c "! test -e '$T/w2.log' || ! grep -Eq '^(WRITE|CLOSE TRACK|RESERVE)' '$T/w2.log'"
check "the journal still has one SHA-256" test "$(grep -o '[0-9a-f]\{64\}' "$J" | sort -u | wc -l)" = 1

# a journal that is not a regular file, or has no job line, is refused
run "$DISCBURN" dev="emu:dvd+r:stack=2:$T/y" --copies 1 --journal /dev/null "$ISO"
expect_rc 2 "a journal that is a device is refused"
check "it says the journal is not a regular file" grep -q "not a regular file" "$T/err"
printf '{"event":"disc","device":"x","result":"ok"}\n' > "$T/nojob.jsonl"
run "$DISCBURN" dev="emu:dvd+r:stack=2:$T/y" --copies 1 --journal "$T/nojob.jsonl" "$ISO"
expect_rc 2 "a journal without its job line is refused"
check "it says the job line is missing" grep -q "has no job line" "$T/err"

finish
