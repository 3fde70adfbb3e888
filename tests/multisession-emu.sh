#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Later sessions on overwritable media (growisofs -M style: one volume from
# LBA 0, its descriptors at LBA 16 rewritten):
#  - DVD-RW in restricted overwrite takes whole 16-block ECC blocks only (the
#    emulator refuses anything less with 5/21/02, as the drives do): two
#    sessions, each read back and compared, isoinfo and xorriso see both;
#  - -msinfo answers after all the first image holds, not only its ISO volume:
#    a hybrid image's EFI partition lies beyond the volume, and the second
#    session leaves every byte of the first image intact.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage xorriso:xorriso isoinfo:genisoimage python3:python3

mkdir -p "$T/s1" "$T/s2" "$T/t"
head -c 700000 /dev/urandom > "$T/s1/one.bin"
head -c 900000 /dev/urandom > "$T/s2/two.bin"
genisoimage -quiet -R -o "$T/one.iso" "$T/s1"

# cmp_at DISC LBA FILE: the disc holds FILE from LBA on
cmp_at() {
	cmp -s -i "$(( $2 * 2048 )):0" -n "$(stat -c %s "$3")" "$1" "$3"
}
# writes_whole_blocks LOG: every WRITE(10) starts on and covers whole 16-block ECC blocks
writes_whole_blocks() {
	python3 - "$1" <<'EOF'
import sys
n = 0
for l in open(sys.argv[1]):
    if not l.startswith("WRITE(10) cdb="):
        continue
    cdb = bytes.fromhex(l.split("cdb=")[1].split()[0])
    lba, blocks = int.from_bytes(cdb[2:6], "big"), int.from_bytes(cdb[7:9], "big")
    n += 1
    if lba % 16 or blocks % 16:
        print("# WRITE of %d blocks at LBA %d" % (blocks, lba))
        sys.exit(1)
sys.exit(0 if n else 1)
EOF
}

# ---- DVD-RW restricted overwrite: two sessions --------------------------------
for how in dvd-rw-ro format; do
	D=$T/ro-$how.img
	rm -f "$D" "$D".*
	if [ "$how" = format ]; then
		run "$DISCBURN" dev="emu:dvd-rw:$D" format=ro -force
		expect_rc 0 "a blank DVD-RW formatted to restricted overwrite"
	else
		: > "$D.log"
		"$DISCBURN" dev="emu:dvd-rw-ro:$D" -minfo > /dev/null 2>&1
	fi
	run "$DISCBURN" dev="emu:log=$D.log:$D" --verify "$T/one.iso"
	expect_rc 0 "$how: session 1, verified"
	run "$DISCBURN" dev="emu:$D" f="$T/back1-$how.iso"
	check "$how: session 1 read back equals its image" cmp -s "$T/one.iso" "$T/back1-$how.iso"
	MS=$("$DISCBURN" dev="emu:$D" -msinfo)
	NEXT=${MS#*,}
	check "$how: -msinfo gives an ECC-aligned start after session 1 ($MS)" \
		bash -c "test $(( NEXT % 16 )) = 0 && test $NEXT -ge $(( $(stat -c %s "$T/one.iso") / 2048 ))"
	genisoimage -quiet -R -C "$MS" -M "$D" -o "$T/two-$how.iso" "$T/s2" 2> /dev/null
	run "$DISCBURN" dev="emu:log=$D.log:$D" --verify "$T/two-$how.iso"
	expect_rc 0 "$how: session 2 (-C $MS), verified"
	check "$how: the emulator refuses partial ECC blocks (5/21/02) and none was sent" \
		bash -c "! grep -q 'sense=5/21/02' '$D.log'"
	check "$how: every WRITE covered whole ECC blocks" writes_whole_blocks "$D.log"
	# read back: session 2 where -msinfo said, session 1 outside the
	# descriptor block rewritten (LBA 16..31), the descriptors session 2's
	check "$how: session 2 read back at LBA $NEXT equals its image" \
		cmp_at "$D" "$NEXT" "$T/two-$how.iso"
	check "$how: session 1's bytes outside LBA 16-31 are unchanged" bash -c \
		"cmp -s -n 32768 '$D' '$T/one.iso' && cmp -s -i 65536 -n $(( $(stat -c %s "$T/one.iso") - 65536 )) '$D' '$T/one.iso'"
	check "$how: LBA 16 holds session 2's descriptor, its volume covering both sessions" \
		python3 - "$D" "$T/two-$how.iso" "$NEXT" <<'EOF'
import sys
disc, img, nxt = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), int(sys.argv[3])
a, b = disc[16 * 2048:17 * 2048], img[16 * 2048:17 * 2048]
vol = int.from_bytes(a[80:84], "little")
sys.exit(0 if a[:80] == b[:80] and a[88:] == b[88:] and
         vol >= nxt + len(img) // 2048 and int.from_bytes(a[84:88], "big") == vol else 1)
EOF
	isoinfo -R -f -i "$D" > "$T/files" 2> /dev/null
	check "$how: isoinfo sees both sessions' files" \
		bash -c "grep -qx /one.bin '$T/files' && grep -qx /two.bin '$T/files'"
	isoinfo -R -i "$D" -x /one.bin > "$T/one.out" 2> /dev/null
	isoinfo -R -i "$D" -x /two.bin > "$T/two.out" 2> /dev/null
	check "$how: isoinfo reads both files as they were" \
		bash -c "cmp -s '$T/one.out' '$T/s1/one.bin' && cmp -s '$T/two.out' '$T/s2/two.bin'"
	xorriso -indev "$D" -ls / 2> /dev/null > "$T/xls"
	check "$how: xorriso sees both files" bash -c "grep -q one.bin '$T/xls' && grep -q two.bin '$T/xls'"
	rm -rf "$T/x"; mkdir -p "$T/x"
	xorriso -osirrox on -indev "$D" -extract / "$T/x" > /dev/null 2>&1
	check "$how: xorriso extracts both files as they were" \
		bash -c "cmp -s '$T/x/one.bin' '$T/s1/one.bin' && cmp -s '$T/x/two.bin' '$T/s2/two.bin'"
done

# ---- a hybrid image longer than its ISO volume ----------------------------------
echo hello > "$T/t/a.txt"
head -c 2000000 /dev/urandom > "$T/efi.img"
xorriso -as mkisofs -quiet -R -no-pad -o "$T/hybrid.iso" -append_partition 2 0xef "$T/efi.img" \
	"$T/t" 2> /dev/null
xorriso -as mkisofs -quiet -R -no-pad -o "$T/hybrid-gpt.iso" -append_partition 2 0xef "$T/efi.img" \
	-appended_part_as_gpt "$T/t" 2> /dev/null
mkdir -p "$T/t2"; echo two > "$T/t2/b.txt"
for img in hybrid hybrid-gpt; do
	ISO=$T/$img.iso
	SIZE=$(stat -c %s "$ISO")
	VOL=$(isoinfo -d -i "$ISO" | sed -n 's/^Volume size is: //p')
	check "$img: the test image is longer than its volume ($VOL of $(( SIZE / 2048 )) blocks)" \
		test "$VOL" -lt $(( SIZE / 2048 ))
	for kind in dvd+rw dvd-rw-ro bd-re; do
		D=$T/$img-$kind.img
		run "$DISCBURN" dev="emu:$kind:$D" --verify "$ISO"
		expect_rc 0 "$img on $kind: burnt, verified"
		MS=$("$DISCBURN" dev="emu:$D" -msinfo)
		NEXT=${MS#*,}
		check "$img on $kind: -msinfo starts after the whole image, not the volume ($MS)" \
			test "$(( NEXT * 2048 ))" -ge "$SIZE"
		run "$DISCBURN" dev="emu:fault=read-error@0:$D" -msinfo
		check "$img on $kind: -msinfo gives no answer when the partition table cannot be read" \
			bash -c "test $RC != 0 && ! grep -q , '$T/out' && grep -q 'READ(10) failed.*3/11/00' '$T/err'"
		genisoimage -quiet -R -C "$MS" -M "$D" -o "$T/s2-$img-$kind.iso" "$T/t2" 2> /dev/null
		run "$DISCBURN" dev="emu:$D" --verify "$T/s2-$img-$kind.iso"
		expect_rc 0 "$img on $kind: session 2, verified"
		# the first image whole but for the descriptors at LBA 16 on (their
		# ECC block is read, patched and written back)
		check "$img on $kind: every byte of the first image but LBA 16-31 is intact" \
			bash -c "cmp -s -n 32768 '$D' '$ISO' && cmp -s -i 65536 -n $(( SIZE - 65536 )) '$D' '$ISO'"
		check "$img on $kind: session 2 lies where -msinfo said" cmp_at "$D" "$NEXT" "$T/s2-$img-$kind.iso"
		isoinfo -R -f -i "$D" > "$T/files" 2> /dev/null
		check "$img on $kind: isoinfo sees both sessions' files" \
			bash -c "grep -qx /a.txt '$T/files' && grep -qx /b.txt '$T/files'"
	done
done

finish
