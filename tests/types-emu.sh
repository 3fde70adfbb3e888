#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every writable row of the disc-type table, on the emulator: burnt and read
# back (--verify, and the disc file compared with the image), blanked where
# the table says it can be, formatted where it names formats, simulated
# where it can simulate, and described by -minfo. The rows come from
# `discburn --disc-types --json`, so a row added to the table without an
# emulated kind to test it on fails here.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

ISO=$T/t.iso
make_iso "$ISO" 3 TYPES

# the emulated kind of each writable profile (drivers/emu/emu.h)
kind_of() {
	case $1 in
	9) echo cd-r ;; 10) echo cd-rw ;;
	17) echo dvd-r ;; 18) echo dvd-ram ;; 19) echo dvd-rw-ro ;; 20) echo dvd-rw ;;
	21) echo dvd-r-dl ;; 26) echo dvd+rw ;; 27) echo dvd+r ;; 42) echo dvd+rw-dl ;;
	43) echo dvd+r-dl ;; 65) echo bd-r ;; 67) echo bd-re ;;
	*) return 1 ;;
	esac
}

"$DISCBURN" --disc-types --json > "$T/types" || bad "--disc-types --json"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)
    assert t["event"] == "disc-type"
    if t["writable"]:
        print(t["profile_code"], t["profile"].replace(" ", "_"), int(t["blank"]),
              t["formats"].split(",")[0] or "-", int(t["simulate"]))
' "$T/types" > "$T/rows" || bad "--disc-types --json parses"
check "the table lists writable rows" test -s "$T/rows"

burn_ok() {     # burn_ok WHAT DISC [options]: burn + verify, the disc equals the image
	local what=$1 disc=$2; shift 2
	run "$DISCBURN" dev="emu:$disc" --verify "$@" "$ISO"
	expect_rc 0 "$what"
	check "$what: the disc equals the image" same_prefix "$ISO" "$disc"
}

while read -r code name blank format simulate; do
	name=${name//_/ }
	kind=$(kind_of "$code") || { bad "$name (profile $code): no emulated kind to test it on"; continue; }
	disc=$T/$kind.img
	"$DISCBURN" dev="emu:$kind:$disc" -minfo > "$T/out" 2>&1
	check "$name: -minfo describes the fresh disc" grep -qF "Mounted media type   : $name" "$T/out"
	burn_ok "$name: burn" "$disc"
	run "$DISCBURN" dev="emu:$disc" -minfo
	expect_rc 0 "$name: -minfo after the burn"
	check "$name: -minfo names the disc" grep -qF "$name (profile" "$T/out"
	if [ "$blank" = 1 ]; then
		run "$DISCBURN" dev="emu:$disc" blank=fast
		expect_rc 0 "$name: blank=fast"
		burn_ok "$name: burn after blanking" "$disc" -force
	fi
	if [ "$format" != - ]; then
		run "$DISCBURN" dev="emu:$disc" format="$format" -force
		expect_rc 0 "$name: format=$format"
		burn_ok "$name: burn after formatting" "$disc" -force
	fi
	if [ "$simulate" = 1 ]; then
		sim=$T/$kind-sim.img
		run "$DISCBURN" dev="emu:$kind:$sim" -dummy "$ISO"
		expect_rc 0 "$name: -dummy"
		run "$DISCBURN" dev="emu:$sim" -minfo
		check "$name: -dummy left the disc blank" grep -q "Disk status *: blank" "$T/out"
	fi
done < "$T/rows"

finish
