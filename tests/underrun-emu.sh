#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Buffer underruns on the emulated drive: the image arrives in bursts from a
# pipe (512 KiB, then a pause longer than the drive buffer lasts), with a tiny
# FIFO. BURN-Free off: the write fails as a drive reports it (3/0C/09) and the
# track is spoilt. BURN-Free on: the burn succeeds, the drive counts each
# lossless link, and discburn reports how often its FIFO ran empty.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

SIZE=$((4 * 1024 * 1024))
bursts() { for _ in 1 2 3 4 5 6 7 8; do head -c 524288 /dev/zero; sleep 0.6; done; }
state() { sed -n "s/^$2=//p" "$1.state"; }

for kind in cd-r dvd-r dvd+r bd-r; do
	D=$T/off-$kind.img
	bursts | "$DISCBURN" -v dev="emu:$kind:speed=8:buffer=256:$D" driveropts=noburnfree \
		fs=64k tsize=$SIZE -force -tao - > "$T/out" 2> "$T/err"; RC=$?
	case $kind in
	cd-r|dvd-r)
		expect_rc 10 "$kind, BURN-Free off: the underrun ends the burn"
		check "$kind: the drive's sense 3/0C/09 is named" grep -q "3/0C/09" "$T/err"
		check "$kind: the advice names burnfree" grep -q "driveropts=burnfree" "$T/err"
		check "$kind: the drive recorded an underrun" test "$(state "$D" underruns)" -ge 1
		;;
	*)
		# DVD+R and BD link losslessly by themselves: page 05 does not exist
		expect_rc 0 "$kind, BURN-Free cannot be switched off: it still succeeds"
		;;
	esac

	D=$T/on-$kind.img
	bursts | "$DISCBURN" -v dev="emu:$kind:speed=8:buffer=256:$D" fs=64k tsize=$SIZE \
		-force -tao - > "$T/out" 2> "$T/err"; RC=$?
	expect_rc 0 "$kind, BURN-Free on: the burn succeeds despite underruns"
	check "$kind: the drive used BURN-Free" test "$(state "$D" burnfree_count)" -ge 1
	check "$kind: the disc is whole" bash -c "head -c $SIZE /dev/zero | cmp -s -n $SIZE - '$D'"
	check "$kind: discburn reports the FIFO running empty" \
		grep -Eq "fifo was [1-9][0-9]* times empty" "$T/err"
done

# a drive without BURN-Free: the underrun is fatal even when asked for it
D=$T/noburnfree.img
bursts | "$DISCBURN" dev="emu:cd-r:speed=8:buffer=256:no-burnfree:$D" fs=64k tsize=$SIZE \
	-force -tao - > "$T/out" 2> "$T/err"; RC=$?
expect_rc 10 "a drive without BURN-Free fails on an underrun"

finish
