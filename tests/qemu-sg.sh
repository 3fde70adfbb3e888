#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# discburn in a real Linux kernel: a QEMU guest (Debian's kernel, busybox)
# whose SCSI drives are tgt's DVD+R LUNs passed through over iSCSI. Inside,
# discburn burns through /dev/srN (linux-sg backend) and cdio:/dev/srN (libcdio
# backend) and sgpt:/dev/srN (libsgutils2 backend), growisofs and cdrskin burn
# the same ISO as references; each prints
# its time. On the host every backing file must equal the ISO byte for byte.
# tests/rig/guest-test.sh is the guest half. Budget: about 30-60 s.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/rig/lib.sh"
trap 'tgt_stop; rm -rf "$T"' EXIT
RIG=$top_srcdir/tests/rig

need_root "tgt's iSCSI target (tgtd)"
need_tools tgtd:tgt tgtadm:tgt qemu-system-x86_64:qemu-system-x86 growisofs:growisofs \
	cdrskin:cdrskin genisoimage:genisoimage objcopy:binutils apt-get:apt dpkg-deb:dpkg
[ -x /bin/busybox ] || skip "/bin/busybox is not installed (Debian package busybox-static)"
# the guest runs Debian's amd64 kernel, fetched for this machine's architecture
[ "$(dpkg --print-architecture)" = amd64 ] || skip "the guest kernel is amd64; this is $(dpkg --print-architecture)"
ls /usr/lib/*/qemu/block-iscsi.so > /dev/null 2>&1 ||
	skip "QEMU cannot reach iSCSI targets (Debian package qemu-block-extra)"
# The kernel is downloaded once (apt-get download, into DISCBURN_RIG_CACHE):
# without a network or package lists, and nothing cached, the test cannot run.
KDIR=$("$RIG/fetch-kernel") || skip "cannot fetch the guest kernel (Debian's linux-image-amd64; needs apt-get update and a network once)"
BACKENDS=$("$DISCBURN" -version | sed -n 's/^backends://p')

make_iso "$T/test.iso" 8 QEMUTEST
echo "discburn test QEMUTEST" > "$T/readme.txt"
"$RIG/build-initramfs" "$KDIR" "$T/guest.cpio" "$DISCBURN" "${top_builddir:-.}/tests/rig/db-probe" \
	growisofs cdrskin -- "$T/test.iso:/test.iso" "$T/readme.txt:/readme.txt" \
	"$RIG/guest-test.sh:/rig-test.sh" || exit 1

tgt_start "$T" iqn.2024-01.org.discburn:qemu-test || exit 1
LUNS="DBSG DBCDIO DBSGPT GROWISOFS CDRSKIN"
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
	GUEST-SKIP)
		# a backend configure left out; in CI everything is built
		if [ -n "${DISCBURN_NO_SKIP:-}" ]; then bad "guest: $what (DISCBURN_NO_SKIP is set)"
		else echo "# skipped: guest: $what"; fi ;;
	esac
done < <(grep -E '^GUEST-(OK|BAD|SKIP) ' "$T/console.log")
check "the guest reported checks" grep -q '^GUEST-OK ' "$T/console.log"

for m in $LUNS; do
	case $m in
	DBCDIO) b=cdio ;;
	DBSGPT) b=sgpt ;;
	*) b= ;;
	esac
	if [ -n "$b" ] && ! case " $BACKENDS " in *" $b "*) true ;; *) false ;; esac; then
		continue    # not built: skipped in the guest, reported above
	fi
	check "$m: backing file equals the ISO byte for byte" same_prefix "$T/test.iso" "$T/$m.img"
done
finish
