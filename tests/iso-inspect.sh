#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# iso-inspect.sh — the image inspection against third-party readers.
#
# Every fact tests/iso_dump prints for real images is compared with what
# isoinfo -d (genisoimage) and xorriso -report_el_torito / -report_system_area
# / -pvd_info say about the same file. Images: the ISOs Debian ships in
# grub-rescue-pc, ipxe and memtest86+, and images made here with genisoimage
# and xorriso (plain, Joliet + Rock Ridge, UDF bridge, El Torito floppy, BIOS
# + UEFI with an appended GPT partition, a sparse multi-extent file over
# 4 GiB). Then malformed files, which must be refused with a reason and
# never crash. Needs: genisoimage, xorriso, and the three packages above;
# without one of them the test is skipped (exit 77) with the reason, except
# in CI (DISCBURN_NO_SKIP=1), where everything is installed and a missing
# one fails.
set -u

: "${top_builddir:=.}"
DUMP="$top_builddir/tests/iso_dump"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iso-inspect.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT INT TERM
pass=0
fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

. "${top_srcdir:-$(dirname "$0")/..}/tests/skip.sh"
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	skip "iso-inspect.sh: $1 is not installed (Debian package $2)"
}
need genisoimage genisoimage
need isoinfo genisoimage
need xorriso xorriso
[ -x "$DUMP" ] || { echo "iso-inspect.sh: $DUMP not built" >&2; exit 99; }

GRUB=/usr/lib/grub-rescue/grub-rescue-cdrom.iso
IPXE=/usr/lib/ipxe/ipxe.iso
MEMTEST=/usr/lib/memtest86+/memtest86+x64.iso
for f in "$GRUB:grub-rescue-pc" "$IPXE:ipxe" "$MEMTEST:memtest86+"; do
	[ -f "${f%%:*}" ] ||
		skip "iso-inspect.sh: ${f%%:*} is not installed (Debian package ${f#*:})"
done

# get FILE KEY: the value of KEY in an iso_dump output, or "" if absent.
get() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# eq WHAT GOT WANT
eq() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

# isoinfo -d field, trailing blanks removed.
info() { sed -n "s/^$2: *//p" "$1" | sed 's/ *$//' | head -n 1; }

dump() {
	"$DUMP" "$1" > "$2"
	rc=$?
	[ $rc -le 1 ] || bad "iso_dump $1 exited $rc: $(cat "$2")"
	return 0
}

# check_iso IMAGE: compare everything with isoinfo and xorriso.
check_iso() {
	img=$1
	name=$(basename "$img")
	out="$WORK/$name.out"
	dump "$img" "$out"
	isoinfo -d -i "$img" > "$WORK/$name.isoinfo" 2>/dev/null ||
		bad "$name: isoinfo failed"
	ii="$WORK/$name.isoinfo"

	eq "$name volume.id" "$(get "$out" volume.id)" "$(info "$ii" 'Volume id')"
	eq "$name system.id" "$(get "$out" system.id)" "$(info "$ii" 'System id')"
	eq "$name publisher" "$(get "$out" publisher)" "$(info "$ii" 'Publisher id')"
	eq "$name preparer" "$(get "$out" preparer)" "$(info "$ii" 'Data preparer id')"
	eq "$name application" "$(get "$out" application)" "$(info "$ii" 'Application id')"
	eq "$name volume.blocks" "$(get "$out" volume.blocks)" "$(info "$ii" 'Volume size is')"
	eq "$name block size" "$(get "$out" volume.block_size)" "$(info "$ii" 'Logical block size is')"

	jl=$(sed -n 's/^Joliet with UCS level \([0-9]\) found.*/\1/p' "$ii")
	eq "$name joliet.level" "$(get "$out" joliet.level)" "${jl:-0}"
	if grep -q '^Rock Ridge signatures' "$ii"; then rr=true; else rr=false; fi
	eq "$name rock_ridge" "$(get "$out" rock_ridge)" "$rr"

	size=$(wc -c < "$img" | tr -d ' ')
	eq "$name file.size" "$(get "$out" file.size)" "$size"
	vbytes=$(( $(info "$ii" 'Volume size is') * 2048 ))
	if [ "$size" -gt "$vbytes" ]; then st=padded
	elif [ "$size" -eq "$vbytes" ]; then st=exact
	else st=truncated; fi
	eq "$name size.state" "$(get "$out" size.state)" "$st"

	cat=$(sed -n 's/^El Torito VD version 1 found, boot catalog is in sector \([0-9]*\).*/\1/p' "$ii")
	if [ -n "$cat" ]; then
		eq "$name eltorito" "$(get "$out" eltorito)" true
		eq "$name catalog" "$(get "$out" eltorito.catalog_lba)" "$cat"
	else
		eq "$name eltorito" "$(get "$out" eltorito)" false
	fi

	xorriso -indev "$img" -report_el_torito plain -report_system_area plain \
		-pvd_info > "$WORK/$name.xorriso" 2>/dev/null
	xo="$WORK/$name.xorriso"

	# El Torito boot img :   N  Pltf  B   Emul  Ld_seg  Hdpt  Ldsiz  LBA
	n=0
	while read -r _ _ _ _ _ idx pltf boot emul seg _ ldsiz lba; do
		[ -n "$idx" ] || continue
		n=$((n + 1))
		case $pltf in
		BIOS) p=bios ;; UEFI) p=uefi ;; PPC) p=ppc ;; Mac) p=mac ;;
		*) p=other ;;
		esac
		case $emul in
		none) e=none ;; fd1.2) e=floppy-1.2m ;; fd1.4) e=floppy-1.44m ;;
		fd2.8) e=floppy-2.88m ;; hd) e=hard-disk ;; *) e=$emul ;;
		esac
		[ "$boot" = y ] && b=true || b=false
		eq "$name boot $idx platform" "$(get "$out" "eltorito.$idx.platform")" "$p"
		eq "$name boot $idx bootable" "$(get "$out" "eltorito.$idx.bootable")" "$b"
		eq "$name boot $idx emulation" "$(get "$out" "eltorito.$idx.emulation")" "$e"
		eq "$name boot $idx segment" "$(get "$out" "eltorito.$idx.load_segment")" "$((seg))"
		eq "$name boot $idx load size" "$(get "$out" "eltorito.$idx.load_sectors")" "$ldsiz"
		eq "$name boot $idx lba" "$(get "$out" "eltorito.$idx.lba")" "$lba"
	done <<EOF
$(grep '^El Torito boot img :' "$xo")
EOF
	eq "$name boot entries" "$(get "$out" eltorito.entries)" \
		"$([ "$n" -gt 0 ] && echo "$n")"

	# MBR partition      :   N  Status  Type  Start  Blocks
	n=0
	while read -r _ _ _ idx status type start blocks; do
		[ -n "$idx" ] || continue
		n=$((n + 1))
		eq "$name mbr $idx status" "$(get "$out" "mbr.$idx.status")" \
			"$(printf '0x%02X' "$status")"
		eq "$name mbr $idx type" "$(get "$out" "mbr.$idx.type")" \
			"$(printf '0x%02X' "$type")"
		eq "$name mbr $idx start" "$(get "$out" "mbr.$idx.start")" "$start"
		eq "$name mbr $idx sectors" "$(get "$out" "mbr.$idx.sectors")" "$blocks"
	done <<EOF
$(grep '^MBR partition      :' "$xo")
EOF
	[ "$n" -eq 0 ] || eq "$name mbr.partitions" "$(get "$out" mbr.partitions)" "$n"

	# GPT start and size :   N  start  blocks ;  GPT type GUID : N hex
	n=0
	while read -r _ _ _ _ _ idx start blocks; do
		[ -n "$idx" ] || continue
		n=$((n + 1))
		eq "$name gpt $idx first" "$(get "$out" "gpt.$idx.first_lba")" "$start"
		eq "$name gpt $idx last" "$(get "$out" "gpt.$idx.last_lba")" \
			"$((start + blocks - 1))"
	done <<EOF
$(grep '^GPT start and size :' "$xo")
EOF
	[ "$n" -eq 0 ] || eq "$name gpt.partitions" "$(get "$out" gpt.partitions)" "$n"
	while read -r _ _ _ _ _ idx hex; do
		[ -n "$idx" ] || continue
		# on-disk bytes -> text: first three fields are little endian
		g=$(echo "$hex" | sed -E 's/^(..)(..)(..)(..)(..)(..)(..)(..)(....)(.*)$/\4\3\2\1-\6\5-\8\7-\9-\10/' |
			tr 'a-f' 'A-F')
		eq "$name gpt $idx type" "$(get "$out" "gpt.$idx.type_guid")" "$g"
	done <<EOF
$(grep '^GPT type GUID      :' "$xo")
EOF

	# Creation Time: YYYYMMDDhhmmsscc (xorriso prints the stored digits)
	ct=$(sed -n 's/^Creation Time: *\([0-9]\{14\}\).*/\1/p' "$xo")
	eq "$name created" "$(get "$out" created | tr -dc '0-9' | cut -c1-14)" "$ct"

	eq "$name preflight" "$(get "$out" preflight)" ok
}

# ---- real images from Debian packages
for img in "$GRUB" "$IPXE" "$MEMTEST"; do
	check_iso "$img"
done
# memtest86+ keeps its EFI image in an appended partition, after the ISO
# 9660 volume: the boot entry points beyond the volume but inside the file.
eq "memtest efi in file" "$(get "$WORK/memtest86+x64.iso.out" eltorito.2.in_file)" true
eq "memtest fits" "$(get "$WORK/memtest86+x64.iso.out" fits)" cd74

# ---- images made here
T="$WORK/tree"
mkdir -p "$T/sub" "$T/boot"
echo hello > "$T/a.txt"
head -c 300000 /dev/urandom > "$T/sub/b.bin"
echo spaces > "$T/sub/long name.txt"
head -c 2048 /dev/urandom > "$T/boot/boot.bin"
head -c 1474560 /dev/zero > "$T/boot/efi.img"

genisoimage -quiet -o "$WORK/plain.iso" -V PLAIN -sysid SYS -publisher PUB \
	-p PREP -A APP "$T" 2>/dev/null || bad "genisoimage plain"
genisoimage -quiet -J -R -o "$WORK/jr.iso" -V JOLIETRR "$T" 2>/dev/null ||
	bad "genisoimage -J -R"
genisoimage -quiet -udf -J -R -o "$WORK/udf.iso" -V UDFBRIDGE "$T" 2>/dev/null ||
	bad "genisoimage -udf"
# Rock Ridge behind CD-XA attributes: the root's SP entry says to skip them.
genisoimage -quiet -R -XA -o "$WORK/xa.iso" -V XARR "$T" 2>/dev/null ||
	bad "genisoimage -XA"
genisoimage -quiet -o "$WORK/floppy.iso" -b boot/efi.img -c boot/boot.cat "$T" \
	2>/dev/null || bad "genisoimage -b"
xorriso -as mkisofs -quiet -R -J -V EFIGPT -o "$WORK/efi.iso" \
	-b boot/boot.bin -no-emul-boot -boot-load-size 4 \
	-eltorito-alt-boot -e boot/efi.img -no-emul-boot \
	-append_partition 2 0xef "$T/boot/efi.img" -appended_part_as_gpt \
	"$T" >/dev/null 2>&1 || bad "xorriso EFI"
for img in plain jr udf xa floppy efi; do
	check_iso "$WORK/$img.iso"
done

# Rock Ridge below the root only: jr.iso with the system use area of the
# root's "." record blanked. isoinfo -d looks at that record alone and sees
# none; isoinfo -R still reads the Rock Ridge names of the files below, and
# so must we find Rock Ridge.
u8() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
cp "$WORK/jr.iso" "$WORK/rr-below.iso"
p=$((16 * 2048 + 158))
root=$(( $(u8 "$WORK/rr-below.iso" $p) + 256 * $(u8 "$WORK/rr-below.iso" $((p + 1))) +
	65536 * $(u8 "$WORK/rr-below.iso" $((p + 2))) ))
len=$(u8 "$WORK/rr-below.iso" $((root * 2048)))
[ "$len" -gt 34 ] || bad "rr-below: the root's . record has no system use area ($len)"
dd if=/dev/zero of="$WORK/rr-below.iso" bs=1 seek=$((root * 2048 + 34)) \
	count=$((len - 34)) conv=notrunc 2>/dev/null
isoinfo -d -i "$WORK/rr-below.iso" > "$WORK/rr-below.isoinfo" 2>/dev/null
! grep -q '^Rock Ridge signatures' "$WORK/rr-below.isoinfo" ||
	bad "rr-below: isoinfo -d still finds Rock Ridge at the root"
isoinfo -R -l -i "$WORK/rr-below.iso" 2>/dev/null | grep -q 'long name.txt' ||
	bad "rr-below: isoinfo -R lists no Rock Ridge name below the root"
dump "$WORK/rr-below.iso" "$WORK/rr-below.out"
eq "rr-below rock_ridge" "$(get "$WORK/rr-below.out" rock_ridge)" true
eq "rr-below volume" "$(get "$WORK/rr-below.out" volume.id)" JOLIETRR

eq "plain format" "$(get "$WORK/plain.iso.out" format)" iso9660
eq "plain files" "$(get "$WORK/plain.iso.out" files)" 5
eq "plain largest" "$(get "$WORK/plain.iso.out" files.largest)" 1474560
eq "plain no boot" "$(get "$WORK/plain.iso.out" eltorito)" false

# UDF bridge: the recognition sequence and anchor as dd sees them.
u="$WORK/udf.iso.out"
eq "udf format" "$(get "$u" format)" udf-bridge
eq "udf flag" "$(get "$u" udf)" true
nsr=""
for s in $(seq 16 40); do
	id=$(dd if="$WORK/udf.iso" bs=1 skip=$((s * 2048 + 1)) count=5 2>/dev/null)
	case $id in NSR02) nsr=2 ;; NSR03) nsr=3 ;; esac
done
eq "udf nsr" "$(get "$u" udf.nsr)" "$nsr"
tag=$(dd if="$WORK/udf.iso" bs=1 skip=$((256 * 2048)) count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
eq "udf anchor tag id" "$tag" 2
eq "udf volume id" "$(get "$u" udf.volume_id)" UDFBRIDGE

e="$WORK/efi.iso.out"
eq "efi gpt" "$(get "$e" gpt)" true
eq "efi gpt crc" "$(get "$e" gpt.crc_ok)" true
eq "efi esp" "$(get "$e" gpt.2.type)" efi-system
eq "efi uefi entry" "$(get "$e" eltorito.2.platform)" uefi

# Multi-extent: a sparse 4.2 GiB file; xorriso streams the image through a
# pipe and cp writes it sparse, so it costs seconds and no disk space.
mkdir -p "$WORK/big"
truncate -s 4400M "$WORK/big/huge.bin"
echo x > "$WORK/big/small.txt"
if xorriso -as mkisofs -quiet -iso-level 3 -R -o - "$WORK/big" 2>/dev/null |
	cp --sparse=always /dev/stdin "$WORK/big.iso"; then
	b="$WORK/big.out"
	dump "$WORK/big.iso" "$b"
	isoinfo -l -i "$WORK/big.iso" > "$WORK/big.ls" 2>/dev/null
	extents=$(grep -c ' HUGE.BIN;1' "$WORK/big.ls")
	total=$(awk '/ HUGE.BIN;1/ { s += $5 } END { printf "%.0f", s }' "$WORK/big.ls")
	[ "$extents" -ge 2 ] || bad "isoinfo lists $extents extents of HUGE.BIN"
	eq "big multi_extent" "$(get "$b" files.multi_extent)" 1
	eq "big largest" "$(get "$b" files.largest)" "$total"
	eq "big largest is the file" "$total" $((4400 * 1024 * 1024))
	eq "big fits" "$(get "$b" fits)" dvd
	check_iso "$WORK/big.iso"
	rm -f "$WORK/big.iso"
else
	bad "xorriso multi-extent image"
fi

# ---- malformed files: a reason, never a crash (iso_dump exits 1)
refused() {
	# refused NAME FILE PATTERN [-f]
	"$DUMP" ${4:-} "$2" > "$WORK/$1.out" 2>&1
	rc=$?
	eq "$1 exit" "$rc" 1
	grep -q "^preflight.error=.*$3" "$WORK/$1.out" ||
		bad "$1: no '$3' in: $(grep '^preflight.error' "$WORK/$1.out")"
}
accepted_forced() {
	"$DUMP" -f "$2" > "$WORK/$1.f.out" 2>&1
	eq "$1 forced exit" "$?" 0
}

head -c 3000000 /dev/urandom > "$WORK/random.bin"
refused random "$WORK/random.bin" "not a disc image"
accepted_forced random "$WORK/random.bin"

: > "$WORK/empty.iso"
refused empty "$WORK/empty.iso" "empty"

# Truncated download of a real image: half of ipxe.iso.
head -c 1000000 "$IPXE" > "$WORK/ipxe-half.iso"
refused truncated "$WORK/ipxe-half.iso" "shorter than the ISO 9660 volume"
"$DUMP" -f "$WORK/ipxe-half.iso" > /dev/null 2>&1
eq "truncated even forced" "$?" 1

# memtest86+ cut after its ISO 9660 volume but inside the EFI partition:
# the volume is whole, the partition table says the file is not.
head -c $((900 * 2048)) "$MEMTEST" > "$WORK/memtest-cut.iso"
refused hybrid-cut "$WORK/memtest-cut.iso" "incomplete"
eq "hybrid-cut size state" "$(get "$WORK/hybrid-cut.out" size.state)" padded

# PVD with an absurd volume space size (both copies say 0xFFFFFFF0).
cp "$WORK/plain.iso" "$WORK/absurd.iso"
printf '\360\377\377\377\377\377\377\360' |
	dd of="$WORK/absurd.iso" bs=1 seek=$((16 * 2048 + 80)) conv=notrunc 2>/dev/null
refused absurd "$WORK/absurd.iso" "corrupt"

# Boot catalogue pointer beyond the end of the file.
cp "$WORK/floppy.iso" "$WORK/badcat.iso"
br=$(dd if="$WORK/badcat.iso" bs=1 skip=$((17 * 2048 + 7)) count=9 2>/dev/null)
eq "boot record at 17" "$br" "EL TORITO"
printf '\377\377\377\177' |
	dd of="$WORK/badcat.iso" bs=1 seek=$((17 * 2048 + 71)) conv=notrunc 2>/dev/null
refused badcat "$WORK/badcat.iso" "boot catalogue"

# UDF bridge cut inside its anchor descriptor (sector 256).
head -c $((256 * 2048 + 100)) "$WORK/udf.iso" > "$WORK/udf-cut.iso"
refused udf-cut "$WORK/udf-cut.iso" "shorter"
grep -q '^issue.*UDF anchor lies beyond' "$WORK/udf-cut.out" ||
	bad "udf-cut: anchor issue not reported"

# A directory and a missing file: inspection fails (exit 2) with a message.
"$DUMP" "$WORK" > "$WORK/dir.out" 2>&1
eq "directory exit" "$?" 2
grep -q 'is a directory' "$WORK/dir.out" || bad "directory: no message"

echo "iso-inspect: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
