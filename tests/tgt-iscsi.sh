#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# discburn against a recorder it did not write: tgt's MMC emulation over
# iSCSI (the iscsi backend, libiscsi). A blank DVD+R LUN is described, burnt
# with a genisoimage ISO and with a real third-party ISO (Debian's GRUB rescue
# CD), each verified and compared byte for byte with the LUN's backing file;
# a disk LUN is refused before any write and left unchanged.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rig/lib.sh"
trap 'tgt_stop; rm -rf "$T"' EXIT

PROBE=${top_builddir:-.}/tests/rig/db-probe
THIRD_PARTY_ISO=${THIRD_PARTY_ISO:-/usr/lib/grub-rescue/grub-rescue-cdrom.iso}
need_root "tgt's iSCSI target (tgtd)"
need_tools tgtd:tgt tgtadm:tgt genisoimage:genisoimage
need_backend iscsi iscsi
[ -r "$THIRD_PARTY_ISO" ] || skip "$THIRD_PARTY_ISO is not installed (Debian package grub-rescue-pc)"

tgt_start "$T" iqn.2024-01.org.discburn:tgt-test || exit 1
echo "# tgtd pid $TGT_PID on 127.0.0.1:$TGT_PORT (control $TGT_CTL)"
head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' 'D' > "$T/disk.img"
tgt_lun_cd 1 "$T/dvd1.img" BLANKDVD1 || exit 1
tgt_lun_cd 2 "$T/dvd2.img" BLANKDVD2 || exit 1
tgt_lun_disk 3 "$T/disk.img" || exit 1
tgt_bind || exit 1
URL=$TGT_URL

# --- the transport itself (no CLI logic in between) ---
run "$PROBE" "$URL/1"
expect_rc 0 "db-probe: every command reached LUN 1"
check "db-probe: backend iscsi" grep -qx "backend=iscsi" "$T/out"
check "db-probe: INQUIRY type 5, our vendor and model" \
	grep -q "^type=5 vendor=DISCBURN model=BLANKDVD1" "$T/out"
check "db-probe: current profile DVD+R" grep -qx "profile=0x001b" "$T/out"
check "db-probe: blank disc" grep -qx "disc=blank" "$T/out"
check "db-probe: 2295104 free blocks from NWA 0" grep -qx "free_blocks=2295104 nwa=0" "$T/out"
check "db-probe: CHECK CONDITION and its sense come back (5/24/00)" \
	grep -qx "badinquiry=status status=0x02 sense=5/24/00" "$T/out"
run "$PROBE" "$URL/3"
check "db-probe: the disk LUN is type 0" grep -q "^type=0 " "$T/out"
check "db-probe: the disk LUN refuses GET CONFIGURATION (5/20/00)" \
	grep -qx "getconfig=status status=0x02 sense=5/20/00" "$T/out"

# --- the drive and the blank disc as discburn describes them ---
run "$DISCBURN" dev="$URL/1" -checkdrive
expect_rc 0 "-checkdrive on the DVD+R LUN"
check "-checkdrive names the drive" grep -q "DISCBURN" "$T/out"
run "$DISCBURN" dev="$URL/1" -minfo
expect_rc 0 "-minfo on the blank DVD+R LUN"
check "-minfo: profile DVD+R" grep -q "DVD+R (profile 0x001B)" "$T/out"
check "-minfo: blank" grep -Eq "Disk status *: blank" "$T/out"
check "-minfo: 2295104 free blocks" grep -Eq "Free blocks *: 2295104 " "$T/out"

# --- burn + verify, then the backing file must equal the image ---
# burn NAME LUN ISO
burn() {
	local name=$1 lun=$2 iso=$3
	run "$DISCBURN" -v dev="$URL/$lun" --verify "$iso"
	expect_rc 0 "$name: burn + verify onto LUN $lun"
	check "$name: verify passed" grep -q "disc equals the image" "$T/out"
	check "$name: backing file equals the image byte for byte" \
		same_prefix "$iso" "$T/dvd$lun.img"
}
make_iso "$T/made.iso" 5 TGTTEST
burn genisoimage 1 "$T/made.iso"
burn grub-rescue 2 "$THIRD_PARTY_ISO"

# --- a closed disc is not written again ---
run "$DISCBURN" dev="$URL/1" -minfo
check "-minfo after the burn: complete" grep -Eq "Disk status *: complete" "$T/out"
before=$(fingerprint "$T/dvd1.img")
run "$DISCBURN" dev="$URL/1" "$T/made.iso"
expect_rc 6 "a second burn onto the closed disc is refused (media)"
check "the closed disc's backing file is unchanged" \
	test "$before" = "$(fingerprint "$T/dvd1.img")"

# --- the disk LUN: refused before any write, not a byte changed ---
before=$(sha256sum < "$T/disk.img")
run "$DISCBURN" -v dev="$URL/3" "$T/made.iso"
expect_rc 5 "a disk LUN is refused (not a recorder)"
check "the refusal says why" grep -q "not an optical recorder" "$T/err"
check "the disk's backing file is unchanged (sha256)" \
	test "$before" = "$(sha256sum < "$T/disk.img")"

# --- the initiator name is ours to choose (DISCBURN_ISCSI_INITIATOR) ---
tgt_adm --mode target --op new --tid 2 -T "$TGT_IQN-acl"
tgt_adm --mode logicalunit --op new --tid 2 --lun 1 --device-type cd \
	--backing-store "$(: > "$T/acl.img"; realpath "$T/acl.img")"
tgt_adm --mode target --op bind --tid 2 --initiator-name iqn.2024-01.org.discburn:allowed
run "$DISCBURN" dev="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN-acl/1" -minfo
expect_rc 3 "the default initiator is not on the target's list: cannot open"
check "the failure names the target" grep -q "$TGT_IQN-acl" "$T/err"
DISCBURN_ISCSI_INITIATOR=iqn.2024-01.org.discburn:allowed \
	run "$DISCBURN" dev="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN-acl/1" -minfo
expect_rc 0 "DISCBURN_ISCSI_INITIATOR=the allowed name logs in"

# --- a target that stops answering: the command times out, the handle is
# then refused (its link state is unknown), and close neither hangs nor
# touches the abandoned task's memory (the ASan run checks that) ---
mkfifo "$T/stall.in"
"$PROBE" --stall "$URL/1" < "$T/stall.in" > "$T/stall.out" 2>&1 &
stall_pid=$!
exec 8> "$T/stall.in"
for _ in $(seq 1 100); do grep -qx opened "$T/stall.out" && break; sleep 0.1; done
check "stall: the probe opened the LUN" grep -qx opened "$T/stall.out"
kill -STOP "$TGT_PID"
echo go >&8
exec 8>&-
timeout 20 tail --pid="$stall_pid" -f /dev/null || kill "$stall_pid" 2>/dev/null
wait "$stall_pid"
stall_rc=$?
kill -CONT "$TGT_PID"
check "stall: the frozen target's command times out (-ETIMEDOUT)" grep -qx "stalled_rc=-110" "$T/stall.out"
check "stall: the next command is refused at once (-EIO)" grep -qx "after_rc=-5" "$T/stall.out"
check "stall: close returns" grep -qx closed "$T/stall.out"
check "stall: the probe exits cleanly" test "$stall_rc" = 0

# --- nothing listening: a clear failure, not a hang ---
tgt_stop
run "$DISCBURN" dev="$URL/1" -minfo
expect_rc 3 "tgtd gone: cannot open"
check "the failure says it could not log in" grep -q "cannot log in" "$T/err"

finish
