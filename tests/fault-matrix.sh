#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The fault matrix: every fault the emulator can inject, on every kind of
# disc, each a burn of the same image with --verify onto a fresh blank disc.
# Every cell asserts
#   - the exit code doc/faults.md's table gives for it,
#   - that a disc reported good (exit 0) equals the image and was verified,
#   - that a failure says why in one readable line ("discburn: ..." once,
#     no placeholder left, no "(no error)" given as a cause, ending in a full
#     stop), and a success in none.
# doc/faults.md is the expectation: its table is read here. With
# FAULTS_MD=write the table is written from what discburn does instead
# (then read the diff before committing it).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

DOC=${top_srcdir:-$(dirname "$0")/..}/doc/faults.md
ISO=$T/m.iso
make_iso "$ISO" 1 MATRIX

KINDS="cd-r cd-rw dvd-r dvd-rw dvd-rw-ro dvd+r dvd+rw dvd+r-dl bd-r bd-re"
# LBA 100 lies inside the image on every kind (all start writing at 0 when
# blank); opcodes: 2A WRITE(10), 28 READ(10), 51 READ DISC INFORMATION, 52
# READ TRACK INFORMATION, 46 GET CONFIGURATION, 23 READ FORMAT CAPACITIES,
# 03 REQUEST SENSE, 35 SYNCHRONIZE CACHE, 5B CLOSE TRACK/SESSION, 55 MODE
# SELECT, 04 FORMAT UNIT, 53 RESERVE TRACK, 5D SEND CUE SHEET, AC GET
# PERFORMANCE, 5C READ BUFFER CAPACITY
FAULTS="none medium-error@100 corrupt@100 read-error@100 not-ready@3 lwip@5 unit-attention
opc-fail timeout@100 vanish@100 short@2a short@28 short@51 short@52 short@46 short@23
short@03 garble@51 garble@52 garble@46 garble@23 empty@51 empty@03 empty@ac empty@5c
fail@35 fail@5b fail@55 fail@04 fail@53 fail@5d fail@ac"

# expected FAULT KIND: the exit code doc/faults.md's table gives
expected() {
	awk -F'|' -v f="\`$1\`" -v k="$2" '
		/^\| fault \| cd-r / { for (i = 3; i < NF; i++) { gsub(/ /, "", $i); col[$i] = i } next }
		{ x = $2; gsub(/^ +| +$/, "", x) }
		x == f && (k in col) { v = $col[k]; gsub(/ /, "", v); print v; exit }' "$DOC"
}

declare -A GOT
cells=0
SECONDS=0
for fault in $FAULTS; do
	for kind in $KINDS; do
		cells=$((cells + 1))
		disc=$T/$kind-${fault//[@]/-}.img
		spec="emu:$kind:log=$disc.log:$disc"
		[ "$fault" != none ] && spec="emu:$kind:fault=$fault:log=$disc.log:$disc"
		run "$DISCBURN" dev="$spec" --verify "$ISO"
		GOT[$fault,$kind]=$RC
		[ "${FAULTS_MD:-}" = write ] && continue
		want=$(expected "$fault" "$kind")
		cell="$fault on $kind"
		if [ "$RC" = "$want" ]; then ok "$cell: exit $RC"; else
			bad "$cell: exit $RC, doc/faults.md says ${want:-nothing}"
			sed 's/^/#   /' "$T/err" | tail -3
		fi
		lines=$(grep '^discburn: ' "$T/err" | grep -vc '^discburn: warning: ')
		if [ "$RC" = 0 ]; then
			check "$cell: the disc equals the image" same_prefix "$ISO" "$disc"
			check "$cell: and was verified" grep -q "^Verify: the disc equals the image" "$T/out"
			check "$cell: no error line" test "$lines" = 0
		else
			msg=$(grep '^discburn: ' "$T/err" | grep -v '^discburn: warning: ' | head -1)
			check "$cell: one line says why" test "$lines" = 1
			check "$cell: readable ($msg)" \
				bash -c '[[ "$1" != *"{"* && "$1" == *. && "$1" != *[[:cntrl:]]* &&
					   "$1" != *"(no error)"* ]]' _ "$msg"
		fi
	done
done
echo "# $cells cells in ${SECONDS}s"

if [ "${FAULTS_MD:-}" = write ]; then
	{
		sed '/^<!-- the matrix/q' "$DOC"
		printf '| fault |'
		for kind in $KINDS; do printf ' %s |' "$kind"; done
		printf '\n| --- |'
		for kind in $KINDS; do printf ' --- |'; done
		printf '\n'
		for fault in $FAULTS; do
			printf '| `%s` |' "$fault"
			for kind in $KINDS; do printf ' %s |' "${GOT[$fault,$kind]}"; done
			printf '\n'
		done
		sed -n '/^<!-- end of table -->/,$p' "$DOC"
	} > "$DOC.new"
	mv "$DOC.new" "$DOC"
	echo "# wrote the table of $DOC"
fi
finish
