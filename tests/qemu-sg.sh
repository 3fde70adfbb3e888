#!/bin/bash
# discburn in a real Linux kernel: a QEMU guest (Debian's kernel, busybox)
# whose SCSI drives are tgt's DVD+R LUNs passed through over iSCSI. Inside,
# discburn burns through /dev/srN (linux-sg backend) and cdio:/dev/srN (libcdio
# backend), growisofs and cdrskin burn the same ISO as references; each prints
# its time. On the host every backing file must equal the ISO byte for byte.
# tests/rig/guest-test.sh is the guest half. Budget: about 30-60 s.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rig/lib.sh"
trap 'tgt_stop; rm -rf "$T"' EXIT
RIG=$top_srcdir/tests/rig

for tool in qemu-system-x86_64 busybox growisofs cdrskin genisoimage; do
	command -v "$tool" >/dev/null || { echo "missing $tool (see .ci/packages)" >&2; exit 1; }
done
KDIR=$("$RIG/fetch-kernel") || { echo "cannot fetch the guest kernel" >&2; exit 1; }

make_iso "$T/test.iso" 8 QEMUTEST
echo "discburn test QEMUTEST" > "$T/readme.txt"
"$RIG/build-initramfs" "$KDIR" "$T/guest.cpio" "$DISCBURN" "${top_builddir:-.}/tests/rig/db-probe" \
	growisofs cdrskin -- "$T/test.iso:/test.iso" "$T/readme.txt:/readme.txt" \
	"$RIG/guest-test.sh:/rig-test.sh" || exit 1

tgt_start "$T" iqn.2024-01.org.discburn:qemu-test || exit 1
LUNS="DBSG DBCDIO GROWISOFS CDRSKIN"
i=0
for m in $LUNS; do
	i=$((i + 1))
	tgt_lun_cd "$i" "$T/$m.img" "$m" || exit 1
done
tgt_bind || exit 1

t0=$EPOCHREALTIME
"$RIG/run-guest" "$KDIR" "$T/guest.cpio" "$TGT_URL" "$i" > "$T/console.log"
qrc=$?
echo "# guest ran $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $t0}") s, qemu exit $qrc"
grep -E '^(RIG-|#)' "$T/console.log"
check "the guest ran its test to the end" grep -q "^RIG-TEST-RC 0" "$T/console.log"
if ! grep -q "^RIG-READY" "$T/console.log"; then
	echo "# guest console:"; sed 's/^/#   /' "$T/console.log" | tail -40
fi
while read -r tag what; do
	case $tag in
	GUEST-OK) ok "guest: $what" ;;
	GUEST-BAD) bad "guest: $what" ;;
	esac
done < <(grep -E '^GUEST-(OK|BAD) ' "$T/console.log")
check "the guest reported checks" grep -q '^GUEST-OK ' "$T/console.log"

for m in $LUNS; do
	check "$m: backing file equals the ISO byte for byte" same_prefix "$T/test.iso" "$T/$m.img"
done
finish
