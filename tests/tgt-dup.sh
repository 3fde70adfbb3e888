#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Duplication onto a recorder nobody here wrote: two blank DVD+R LUNs of tgt
# over iSCSI burnt at once from one read of the image; each backing file must
# equal the image byte for byte.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rig/lib.sh"
need_root "tgt's iSCSI target (tgtd)"
need_tools tgtd:tgt tgtadm:tgt genisoimage:genisoimage
need_backend iscsi iscsi
trap 'tgt_stop; rm -rf "$T"' EXIT

ISO=$T/image.iso
make_iso "$ISO" 8 TGTDUP
SIZE=$(stat -c %s "$ISO")
tgt_start "$T" iqn.2024-01.org.discburn:dup || exit 1
tgt_lun_cd 1 "$T/lun1.img" DUP1 || exit 1
tgt_lun_cd 2 "$T/lun2.img" DUP2 || exit 1
tgt_bind || exit 1

cat "$ISO" | "$DISCBURN" dev="$TGT_URL/1,$TGT_URL/2" --journal "$T/job.jsonl" --verify \
	tsize="$SIZE" - > "$T/out" 2> "$T/err"; RC=$?
expect_rc 0 "two tgt drives at once from one pipe"
check "LUN 1 equals the image" same_prefix "$ISO" "$T/lun1.img"
check "LUN 2 equals the image" same_prefix "$ISO" "$T/lun2.img"
check "the journal lists two good, verified discs" \
	test "$(grep -c '"result":"ok".*' "$T/job.jsonl")" = 2
check "both were verified" test "$(grep -c '"verified":true' "$T/job.jsonl")" = 2
finish
