#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Rewritable media, multisession and the info commands, on the emulator:
# blank / format / overwrite cycles compared byte for byte, three-session discs
# read back as one file system, progress to 100%, Ctrl-C while blanking, and
# the refusals with their exit codes and untouched discs.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage isoinfo:genisoimage python3:python3

A=$T/a.iso; B=$T/b.iso
make_iso "$A" 3 FIRST
make_iso "$B" 4 SECOND

# burn_cmp NAME DEV ISO [options]: burn and compare the disc file with the image
burn_cmp() {
	local name=$1 dev=$2 iso=$3; shift 3
	run "$DISCBURN" dev="$dev" "$@" "$iso"
	expect_rc 0 "$name"
	check "$name: disc equals the image" same_prefix "$iso" "${dev##*:}"
}

status_is() {   # status_is DISC WORD: -minfo reports that disc status
	"$DISCBURN" dev="emu:$1" -minfo 2>/dev/null | grep -q "Disk status *: $2"
}

# ---- CD-RW and DVD-RW: burn, blank fast, burn again; blank all -------------
for kind in cd-rw dvd-rw; do
	D=$T/$kind.img
	burn_cmp "$kind: first burn" "emu:$kind:$D" "$A"
	run "$DISCBURN" dev="emu:$D" "$B"
	expect_rc 6 "$kind: a closed disc is not overwritten without blank="
	check "$kind: still holds the first image" same_prefix "$A" "$D"
	run "$DISCBURN" dev="emu:$D" blank=fast
	expect_rc 0 "$kind: blank=fast"
	check "$kind: blank afterwards" status_is "$D" blank
	check "$kind: blanking progress reached 100%" grep -q "100%" "$T/out"
	check "$kind: blanking time reported" grep -q "Blanking time" "$T/out"
	burn_cmp "$kind: burn after blanking" "emu:$D" "$B" --verify
	burn_cmp "$kind: blank=all then burn in one run" "emu:$D" "$A" blank=all
done

# a checksum mismatch found after writing began: the DVD-RW is blanked again
D=$T/sum.img
run "$DISCBURN" dev="emu:dvd-rw:$D" fs=1m --sha256 "$(printf '%064d' 0)" "$A"
expect_rc 12 "DVD-RW: checksum mismatch mid-stream"
check "DVD-RW: blanked again after the mismatch" status_is "$D" blank
check "DVD-RW: the message says so" grep -q "blanked again" "$T/err"

# blank progress as NDJSON: increasing, ending at 100
D=$T/json-rw.img
"$DISCBURN" dev="emu:cd-rw:$D" "$A" > /dev/null 2>&1
run "$DISCBURN" dev="emu:speed=4:$D" blank=all --json
expect_rc 0 "blank=all with --json"
check "--json blank progress rises to 100" python3 -c '
import json, sys
p = [e["pct"] for e in map(json.loads, open(sys.argv[1])) if e["event"] == "progress"]
sys.exit(0 if len(p) >= 2 and p == sorted(p) and p[-1] == 100 else 1)' "$T/out"

# a drive that reports its progress with NO SENSE: still waited for to the end
D=$T/nosense.img
"$DISCBURN" dev="emu:cd-rw:$D" "$A" > /dev/null 2>&1
run "$DISCBURN" dev="emu:speed=4:progress-no-sense:$D" blank=all --json
expect_rc 0 "blank=all on a drive reporting progress with NO SENSE"
check "NO SENSE progress: followed through several steps to 100" python3 -c '
import json, sys
p = [e["pct"] for e in map(json.loads, open(sys.argv[1])) if e["event"] == "progress"]
sys.exit(0 if len(p) >= 3 and p == sorted(p) and p[-1] == 100 and p[0] < 100 else 1)' "$T/out"

# ---- DVD+RW and BD-RE: (auto-)format, burn, overwrite ------------------------
for kind in dvd+rw bd-re; do
	D=$T/$kind.img
	if [ $kind = bd-re ]; then
		run "$DISCBURN" dev="emu:$kind:$D" -format
		expect_rc 0 "$kind: -format"
		check "$kind: formatting progress reached 100%" grep -q "Formatting: .*100%" "$T/out"
		burn_cmp "$kind: burn" "emu:$D" "$A" --verify
	else
		burn_cmp "$kind: burn formats the blank disc first" "emu:$kind:$D" "$A" --verify
		check "$kind: it was formatted" grep -q "Formatting" "$T/out"
	fi
	before=$(fingerprint "$D" "$D.state")
	run "$DISCBURN" dev="emu:$D" "$B"
	expect_rc 16 "$kind: overwriting data needs -force"
	check "$kind: refused overwrite left the disc alone" test "$before" = "$(fingerprint "$D" "$D.state")"
	burn_cmp "$kind: -force overwrites" "emu:$D" "$B" -force --verify
	run "$DISCBURN" dev="emu:$D" -format
	expect_rc 16 "$kind: formatting a disc with data needs -force"
	check "$kind: still holds the second image" same_prefix "$B" "$D"
	run "$DISCBURN" dev="emu:$D" -format -force
	expect_rc 0 "$kind: -format -force"
done

# DVD-RW: restricted overwrite and back to sequential
D=$T/dvd-rw-ro.img
"$DISCBURN" dev="emu:dvd-rw:$D" -minfo > /dev/null 2>&1
run "$DISCBURN" dev="emu:$D" format=ro
expect_rc 0 "DVD-RW format=ro"
check "DVD-RW is now restricted overwrite" bash -c "'$DISCBURN' dev='emu:$D' -minfo | grep -q 'DVD-RW (restricted overwrite)'"
burn_cmp "DVD-RW restricted overwrite: burn" "emu:$D" "$A" --verify
run "$DISCBURN" dev="emu:$D" format=seq
expect_rc 0 "DVD-RW format=seq (back to sequential)"
check "DVD-RW is sequential again" bash -c "'$DISCBURN' dev='emu:$D' -minfo | grep -q 'DVD-RW (sequential)'"

# ---- refusals ----------------------------------------------------------------
D=$T/cdr.img
"$DISCBURN" dev="emu:cd-r:$D" "$A" > /dev/null 2>&1
refused 6 "blanking a CD-R (write-once)" "$D" dev="emu:$D" blank=fast
check "blanking a CD-R: says write-once" grep -q "write-once" "$T/err"
D=$T/dvdr.img
"$DISCBURN" dev="emu:dvd+r:$D" "$A" > /dev/null 2>&1
refused 6 "formatting a DVD+R" "$D" dev="emu:$D" -format
D=$T/noblank.img
"$DISCBURN" dev="emu:cd-rw:$D" "$A" > /dev/null 2>&1
refused 17 "blank= on a drive without blanking" "$D" dev="emu:cd-rw:no-blank:$D" blank=fast
# the safety gate: BLANK and FORMAT UNIT never reach a hard disk
DISK=$T/disk.img
head -c $((4 * 1024 * 1024)) /dev/urandom > "$DISK"
refused 5 "blank= on a hard disk" "$DISK" dev="emu:cd-rw:type=0:$DISK" blank=all
refused 5 "-format on a hard disk" "$DISK" dev="emu:bd-re:type=0:$DISK" -format -force
run "$DISCBURN" dev="emu:$D" blank=sideways
expect_rc 2 "an unknown blank type is a usage error"
run "$DISCBURN" blank=help
expect_rc 0 "blank=help"
check "blank=help lists fast and all" bash -c "grep -q fast '$T/out' && grep -q all '$T/out'"

# ---- Ctrl-C while blanking ---------------------------------------------------
D=$T/slow.img
"$DISCBURN" dev="emu:cd-rw:$D" "$A" > /dev/null 2>&1
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:speed=1:$D" blank=all > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 100); do grep -q "Blanking:" "$T/out" && break; sleep 0.05; done
kill -INT $pid
wait $pid; RC=$?
expect_rc 13 "Ctrl-C while blanking"
check "Ctrl-C: says the drive finishes by itself" grep -q "finishes it by itself" "$T/err"
run "$DISCBURN" dev="emu:$D" -minfo
expect_rc 0 "the drive answers again after Ctrl-C"

# ---- multisession: three sessions read back as one file system ---------------
for kind in cd-r dvd+r bd-r dvd+rw bd-re; do
	D=$T/ms-$kind.img
	mkdir -p "$T/s1-$kind" "$T/s2-$kind" "$T/s3-$kind"
	echo one > "$T/s1-$kind/one.txt"; echo two > "$T/s2-$kind/two.txt"
	echo three > "$T/s3-$kind/three.txt"
	genisoimage -quiet -R -o "$T/ms1.iso" "$T/s1-$kind"
	run "$DISCBURN" dev="emu:$kind:$D" -multi "$T/ms1.iso"
	expect_rc 0 "$kind: session 1 with -multi"
	MS1=$("$DISCBURN" dev="emu:$D" -msinfo)
	genisoimage -quiet -R -C "$MS1" -M "$D" -o "$T/ms2.iso" "$T/s2-$kind"
	run "$DISCBURN" dev="emu:$D" -multi "$T/ms2.iso"
	expect_rc 0 "$kind: session 2 (-C $MS1)"
	MS2=$("$DISCBURN" dev="emu:$D" -msinfo)
	genisoimage -quiet -R -C "$MS2" -M "$D" -o "$T/ms3.iso" "$T/s3-$kind"
	run "$DISCBURN" dev="emu:$D" "$T/ms3.iso"
	expect_rc 0 "$kind: session 3 closes the disc (-C $MS2)"
	case $kind in
	dvd+rw|bd-re) top=0 ;;                  # one volume at LBA 16, rewritten
	*) top=${MS2#*,} ;;                     # the last session's start
	esac
	isoinfo -i "$D" -R -f -T "$top" > "$T/files" 2>/dev/null
	check "$kind: the last session holds the files of all three" \
		bash -c "grep -qx /one.txt '$T/files' && grep -qx /two.txt '$T/files' && grep -qx /three.txt '$T/files'"
	case $kind in
	dvd+rw|bd-re) ;;
	*)
		"$DISCBURN" dev="emu:$D" -toc > "$T/toc"
		check "$kind: -toc lists three tracks" test "$(grep -c '^track: *[0-9]' "$T/toc")" = 3
		check "$kind: -toc starts match -msinfo" bash -c \
			"grep -q 'lba: *${MS1#*,} ' '$T/toc' && grep -q 'lba: *${MS2#*,} ' '$T/toc'"
		check "$kind: closed after session 3" status_is "$D" complete
		run "$DISCBURN" dev="emu:$D" -msinfo
		expect_rc 6 "$kind: -msinfo on a closed disc"
		;;
	esac
done

# an image made for the wrong address is refused, disc untouched
D=$T/ms-wrong.img
genisoimage -quiet -R -o "$T/w1.iso" "$T/s1-cd-r"
"$DISCBURN" dev="emu:dvd+r:$D" -multi "$T/w1.iso" > /dev/null 2>&1
genisoimage -quiet -R -C 0,50000 -o "$T/w2.iso" "$T/s2-cd-r"
refused 8 "a -C image made for another address" "$D" dev="emu:$D" "$T/w2.iso"

# ---- -atip, -toc, -prcap, -checkdrive ----------------------------------------
D=$T/atip.img
run "$DISCBURN" dev="emu:cd-rw:$D" -atip
expect_rc 0 "-atip on CD-RW"
check "-atip: phase change disc, 80 minutes" bash -c "grep -q 'Is erasable' '$T/out' && grep -q 'Phase change' '$T/out' && grep -q '80 minutes' '$T/out'"
run "$DISCBURN" dev="emu:dvd-r:$T/atip2.img" -atip
expect_rc 6 "-atip on a DVD is refused"
run "$DISCBURN" dev="emu:bd-re:$T/prcap.img" -prcap
expect_rc 0 "-prcap"
check "-prcap: names the buffer size" grep -q "Buffer size in KB" "$T/out"
run "$DISCBURN" dev="emu:bd-re:$T/prcap.img" -checkdrive
expect_rc 0 "-checkdrive"
check "-checkdrive: BD-RE among what it writes" grep -q "BD-RE" "$T/out"

finish
