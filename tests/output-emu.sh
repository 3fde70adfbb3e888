#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What discburn prints, where, and with which exit code, as wodim does it
# (issue 12, "What front ends read" and "Information commands"): the streams
# of a burn, the speed the drive set, the statistics against the progress
# lines, BURN-Free as the drive has it, -version, -prcap, -atip, -toc,
# -msinfo, -checkdrive, and the exit codes of the table. Every burn is
# compared with its image.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage python3:python3

ISO=$T/out.iso
make_iso "$ISO" 5 OUTPUT
SIZE=$(stat -c %s "$ISO")

# ---- the streams of a burn -----------------------------------------------------
D=$T/split.img
run "$DISCBURN" -v dev="emu:cd-r:speed=40:$D" speed=8 -tao "$ISO"
expect_rc 0 "a CD-R burn with -v"
check "split: the disc equals the image" same_prefix "$ISO" "$D"
for line in "^Track 01: data +[0-9]+ MB" "^Starting to write CD/DVD/BD at speed +8\.0 in real CD TAO mode" \
	"^Starting new track at sector: 0$" "^Track 01: +[0-9]+ of +[0-9]+ MB written \(fifo +[0-9]+%\)" \
	"^Fixating\.\.\.$" "^Fixating time: +[0-9.]+s$" "^Writing  time:" "^BURN-Free was never needed\.$"; do
	check "stdout has /$line/" grep -Eq "$line" "$T/out"
	check "stderr has not /$line/" bash -c "! grep -Eq '$line' '$T/err'"
done
check "no progress line once closing has begun (as wodim: Fixating... ends them)" \
	bash -c "! sed -n '/^Fixating\\.\\.\\.\$/,\$p' '$T/out' | grep -q '^Track 01: .* written'"
check "the track list comes before the first track's start" \
	bash -c "grep -n -E '^Track 01: data|^Starting new track' '$T/out' | head -1 | grep -q 'data'"
check "stderr has the FIFO's count, as wodim's errmsgno() writes it" \
	grep -Eq "^discburn: fifo was [0-9]+ times empty, min fill was [0-9]+%\.$" "$T/err"
check "-v: the statistics give the image's SHA-256" \
	grep -q "^SHA-256 $(sha256sum < "$ISO" | cut -c1-64)$" "$T/out"
D=$T/split-dvd.img
run "$DISCBURN" -v dev="emu:dvd+r:speed=8:size=8192:$D" "$ISO"
expect_rc 0 "a DVD+R burn with -v, its drive buffer written out in closing"
check "DVD+R: the disc equals the image" same_prefix "$ISO" "$D"
check "DVD+R: no progress line after Fixating..." \
	bash -c "! sed -n '/^Fixating\\.\\.\\.\$/,\$p' '$T/out' | grep -q '^Track 01: .* written'"
# a plain burn computes no digest (none is shown), and still writes the image
D=$T/nodigest.img
run "$DISCBURN" dev="emu:cd-r:$D" -tao "$ISO"
expect_rc 0 "a plain CD-R burn"
check "plain: the disc equals the image" same_prefix "$ISO" "$D"
check "plain: no SHA-256 is shown" bash -c "! grep -q 'SHA-256' '$T/out' '$T/err'"
D=$T/json-digest.img
run "$DISCBURN" --json dev="emu:cd-r:$D" -tao "$ISO"
expect_rc 0 "a --json CD-R burn"
check "--json: the done event has the image's SHA-256" \
	grep -q "\"event\":\"done\".*\"sha256\":\"$(sha256sum < "$ISO" | cut -c1-64)\"" "$T/out"
D=$T/refused.img
run "$DISCBURN" -v dev="emu:dvd+r:$D" -dummy "$ISO"
expect_rc 6 "a refused burn"
check "the refusal is on stderr, not stdout" \
	bash -c "grep -q 'cannot simulate' '$T/err' && ! grep -q 'cannot simulate' '$T/out'"

# ---- the speed the drive set, and speeds -minfo lists ------------------------------
D=$T/fast.img
run "$DISCBURN" dev="emu:dvd+r:speed=16:$D" speed=100 "$ISO"
expect_rc 0 "speed=100 on a 16x DVD+R"
check "it says the 16x the drive set, not the 100x asked" \
	bash -c "grep -Eq 'at speed +16\.0 in' '$T/out' && ! grep -Eq 'at speed +100' '$T/out'"
check "fast: the disc equals the image" same_prefix "$ISO" "$D"
D=$T/slow.img
"$DISCBURN" dev="emu:dvd-r:speed=16:$D" -minfo > "$T/minfo" 2>&1
check "-minfo lists 2.4x" grep -q " 2\.4x" "$T/minfo"
run "$DISCBURN" dev="emu:dvd-r:speed=16:$D" speed=2.4 "$ISO"
expect_rc 0 "speed=2.4, as -minfo lists it"
check "the drive set 2.4x" grep -Eq "at speed +2\.4 in" "$T/out"
check "slow: the disc equals the image" same_prefix "$ISO" "$D"
run "$DISCBURN" dev="emu:dvd-r:$T/x.img" speed=2.45 "$ISO"
expect_rc 2 "speed=2.45: finer than any drive lists"

# ---- statistics agree with the progress lines ---------------------------------------
D=$T/stats.img
bursts() { head -c 2097152 "$ISO"; sleep 0.6; tail -c +2097153 "$ISO"; }
bursts | "$DISCBURN" -v dev="emu:cd-r:speed=8:$D" fs=1m tsize="$SIZE" - > "$T/out" 2> "$T/err"
RC=$?
expect_rc 0 "a burn from a pipe that stalls"
check "stats: the disc equals the image" same_prefix "$ISO" "$D"
check "the min fill is not above a fill a progress line showed" python3 - "$T/out" "$T/err" << 'EOF'
import re, sys
fills = [int(x) for x in re.findall(r'\(fifo +(\d+)%\)', open(sys.argv[1]).read())]
m = re.search(r'min fill was (\d+)%', open(sys.argv[2]).read())
print('# progress fills', fills, 'min fill', m and m.group(1))
sys.exit(0 if fills and m and int(m.group(1)) <= min(fills) else 1)
EOF
check "the last progress line shows the FIFO full once the input is all in" \
	bash -c "grep 'MB written' '$T/out' | tail -1 | grep -q '(fifo 100%)'"

# ---- BURN-Free as the drive has it ----------------------------------------------------
for kind in cd-r dvd-r; do
	D=$T/nobf-$kind.img
	run "$DISCBURN" -v dev="emu:$kind:no-burnfree:$D" driveropts=burnfree "$ISO"
	expect_rc 0 "$kind without BURN-Free, burnfree asked"
	check "$kind without BURN-Free: the disc equals the image" same_prefix "$ISO" "$D"
	check "$kind without BURN-Free: it does not say BURN-Free on" \
		bash -c "grep -q '^BURN-Free is OFF\.' '$T/out' && grep -q '^BURN-Free was off\.' '$T/out' &&
			 ! grep -qi 'BURN-Free is ON\|BURN-Free on' '$T/out'"
	D=$T/bf-$kind.img
	run "$DISCBURN" -v dev="emu:$kind:$D" "$ISO"
	expect_rc 0 "$kind with BURN-Free"
	check "$kind: BURN-Free is ON and its count is the drive's" \
		bash -c "grep -q '^BURN-Free is ON\.' '$T/out' && grep -q '^BURN-Free was never needed\.' '$T/out'"
done

# ---- stdin that ends while writing: the table's code for it -----------------------------
D=$T/short.img
head -c $((SIZE / 2)) "$ISO" | "$DISCBURN" dev="emu:dvd+r:$D" fs=1m tsize="$SIZE" - \
	> "$T/out" 2> "$T/err"
RC=$?
expect_rc 10 "standard input ended after the first WRITE"
check "short: the message says how much came and that the disc was written" \
	bash -c "grep -q 'ended after $((SIZE / 2)) of $SIZE bytes' '$T/err' &&
		 grep -q 'written partly' '$T/err'"

# ---- -version ---------------------------------------------------------------------------
run "$DISCBURN" -version
check "-version: the first line is cdrecord's, and says discburn" \
	bash -c "head -1 '$T/out' | grep -q '^Cdrecord-ProDVD-ProBD-Clone [0-9.]* .*discburn'"
check "-version: the backends line is still whole" grep -q "^backends: emu" "$T/out"

# ---- -prcap: BUF is byte 4 bit 7 of page 2Ah ------------------------------------------
run "$DISCBURN" dev="emu:cd-r:$T/p.img" -prcap
check "-prcap: BURN-Free" grep -q "Does support Buffer-Underrun-Free recording" "$T/out"
run "$DISCBURN" dev="emu:cd-r:no-burnfree:$T/p.img" -prcap
check "-prcap: no BURN-Free" grep -q "Does not support Buffer-Underrun-Free recording" "$T/out"

# ---- -atip ----------------------------------------------------------------------------
run "$DISCBURN" dev="emu:cd-r:$T/a.img" -atip
expect_rc 0 "-atip on a CD-R"
check "-atip: URU clear is a restricted disc" grep -q "^  Is not unrestricted" "$T/out"
check "-atip: the dye by the frame (97:26:66)" grep -q "^Disk type: *Short strategy type" "$T/out"
check "-atip: the manufacturer by name" grep -q "^Manufacturer: CMC Magnetics Corporation" "$T/out"
run "$DISCBURN" dev="emu:cd-rw:$T/arw.img" -atip
check "-atip: a CD-RW is phase change, Taiyo Yuden's" \
	bash -c "grep -q '^Disk type: *Phase change' '$T/out' && grep -q '^  Is erasable' '$T/out' &&
		 grep -q '^Manufacturer: Taiyo Yuden' '$T/out'"

# ---- -toc --------------------------------------------------------------------------------
D=$T/toc-cd.img
"$DISCBURN" dev="emu:cd-r:$D" -tao "$ISO" > /dev/null 2>&1
run "$DISCBURN" dev="emu:$D" -toc
expect_rc 0 "-toc of a CD-R"
check "-toc: first and last track" grep -q "^first: 1 last 1$" "$T/out"
check "-toc: LBA, 512-byte blocks and M:S:F" \
	grep -Eq "^track: +1 lba: +0 \( +0\) 00:02:00 adr: 1 control: 4" "$T/out"
D=$T/toc-dvd.img
"$DISCBURN" dev="emu:dvd+rw:$D" "$ISO" > /dev/null 2>&1
run "$DISCBURN" dev="emu:$D" -toc
check "-toc: a DVD+RW lead-out keeps its minutes (510, not 254 or 255)" \
	grep -Eq "^track:lout lba: +2295104 \( +9180416\) 510:03:29" "$T/out"
run "$DISCBURN" dev="emu:cd-r:$T/blank.img" -toc
expect_rc 6 "-toc of a blank disc"
check "-toc of a blank disc says so" grep -q "is blank: it has no table of contents" "$T/err"

# ---- no disc, no recorder -----------------------------------------------------------------
for act in -toc -msinfo -atip -minfo; do
	run "$DISCBURN" dev="emu:cd-r:removed:$T/none.img" "$act"
	expect_rc 6 "$act without a disc"
	check "$act without a disc says so" grep -q "there is no disc in" "$T/err"
done
for act in -toc -msinfo -atip -minfo -prcap -checkdrive -eject -load -lock -unlock; do
	D=$T/hd.img
	rm -f "$D.log"
	run "$DISCBURN" dev="emu:type=0:log=$D.log:$D" "$act"
	expect_rc 5 "$act on a hard disk"
	check "$act on a hard disk: nothing but INQUIRY reached it" \
		bash -c "! grep -v '^INQUIRY \|^CLOSE ' '$D.log' | grep -q cdb="
done

# ---- -checkdrive ---------------------------------------------------------------------
run "$DISCBURN" dev="emu:cd-r:$T/c.img" -checkdrive
expect_rc 0 "-checkdrive"
check "-checkdrive: Driver flags" grep -Eq "^Driver flags   : MMC .*BURNFREE" "$T/out"
check "-checkdrive: Supported modes" grep -q "^Supported modes: TAO SAO RAW/R96R$" "$T/out"
run "$DISCBURN" dev="emu:cd-r:no-sao:no-raw:no-burnfree:$T/c.img" -checkdrive
check "-checkdrive: a drive of TAO alone" grep -q "^Supported modes: TAO$" "$T/out"
check "-checkdrive: a drive without BURN-Free has no BURNFREE flag" \
	bash -c "grep -q '^Driver flags   : MMC' '$T/out' && ! grep -q 'BURNFREE' '$T/out'"

finish
