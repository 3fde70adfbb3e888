#!/bin/sh
# tests/rig/guest-test.sh — runs INSIDE the QEMU guest as /rig-test.sh
# (busybox sh). Each drive is a tgt LUN, found by its INQUIRY model so the
# /dev/srN numbering does not matter:
#   DBSG      discburn through the linux-sg backend (/dev/srN, SG_IO)
#   DBCDIO    discburn through the libcdio backend (cdio:/dev/srN)
#   GROWISOFS growisofs, as a reference
#   CDRSKIN   cdrskin -tao, as a reference
# Prints GUEST-OK / GUEST-BAD lines (the host counts them) and RIG-TIME lines.
ISO=/test.iso
ok() { echo "GUEST-OK $*"; }
bad() { echo "GUEST-BAD $*"; }
check() { what=$1; shift; if "$@" > /dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
up() { cut -d' ' -f1 /proc/uptime; }
dev_for() {
	for d in /sys/class/block/sr*; do
		case "$(cat "$d/device/model")" in "$1"*) echo "/dev/${d##*/}"; return;; esac
	done
}
sg_for() {   # the /dev/sgN of the same SCSI device as /dev/srN
	for g in /sys/class/scsi_generic/sg*; do
		[ -d "$g/device/block/${1##*/}" ] && { echo "/dev/${g##*/}"; return; }
	done
}
# timed LABEL CMD...: run, print its time, keep its output in /tmp/LABEL.out
timed() {
	label=$1; shift
	t0=$(up)
	"$@" > "/tmp/$label.out" 2>&1 < /dev/null
	rc=$?
	echo "RIG-TIME $label $(awk "BEGIN{printf \"%.2f\", $(up) - $t0}")s rc=$rc"
	[ $rc = 0 ] || sed "s/^/#   $label: /" "/tmp/$label.out" | tail -25
	return $rc
}

SG=$(dev_for DBSG) CD=$(dev_for DBCDIO) GR=$(dev_for GROWISOFS) CR=$(dev_for CDRSKIN)
echo "# drives: DBSG=$SG DBCDIO=$CD GROWISOFS=$GR CDRSKIN=$CR"
[ -n "$SG" ] && [ -n "$CD" ] && [ -n "$GR" ] && [ -n "$CR" ] && ok "all four drives present" ||
	bad "all four drives present"

# --- discovery: no udev in this guest, so the sysfs walk must find them ---
timed devices discburn --devices
check "--devices exits 0" [ $rc = 0 ]
for m in DBSG DBCDIO GROWISOFS CDRSKIN; do
	check "--devices lists $m as a DVD+R drive" \
		grep -q "'DISCBURN' '$m *' .*media: DVD+R" /tmp/devices.out
done
cat /tmp/devices.out
# cdrecord's -scanbus table, with the b,t,l that dev= takes back
discburn -scanbus > /tmp/scanbus.out 2>&1
check "-scanbus prints a scsibus header" grep -q "^scsibus[0-9]*:" /tmp/scanbus.out
check "-scanbus lists DBSG with its b,t,l" \
	grep -Eq "^	[0-9]+,[0-9]+,[0-9]+	 +[0-9]+\) 'DISCBURN' 'DBSG *' '[^']*' Removable CD-ROM" /tmp/scanbus.out
cat /tmp/scanbus.out

# --- the backends through a real kernel (no CLI logic in between) ---
SGN=$(sg_for "$SG")
h=$(basename "$(readlink -f /sys/class/block/${SG##*/}/device)")   # h:c:t:l
BTL=$(echo "$h" | awk -F: '{print $1 "," $3 "," $4}')
for d in "$SG" "$SGN" "cdio:$CD" "$BTL" "ATA:$BTL"; do
	db-probe "$d" > /tmp/probe.out 2>&1
	check "db-probe $d: all commands reached the drive" [ $? = 0 ]
	check "db-probe $d: blank DVD+R" grep -q "^profile=0x001b" /tmp/probe.out
	check "db-probe $d: CHECK CONDITION with sense 5/24/00" \
		grep -qx "badinquiry=status status=0x02 sense=5/24/00" /tmp/probe.out
done
check "db-probe $BTL: b,t,l reached the DBSG drive" grep -q "model=DBSG" /tmp/probe.out
grep -q "^backend=cdio" /tmp/probe.out && bad "b,t,l went to cdio" || ok "b,t,l goes to linux-sg"

# --- the burns ---
timed discburn-sg discburn -v --verify -eject dev="$SG" "$ISO"
check "discburn via linux-sg: burn + verify + eject exit 0" [ $rc = 0 ]
check "discburn via linux-sg: verify passed" grep -q "disc equals the image" /tmp/discburn-sg.out
timed discburn-cdio discburn -v --verify dev="cdio:$CD" "$ISO"
check "discburn via libcdio: burn + verify exit 0" [ $rc = 0 ]
check "discburn via libcdio: verify passed" grep -q "disc equals the image" /tmp/discburn-cdio.out
timed growisofs growisofs -dvd-compat -Z "$GR=$ISO"
check "growisofs exit 0" [ $rc = 0 ]
timed cdrskin cdrskin -v -tao dev="$CR" "$ISO"
check "cdrskin -tao exit 0" [ $rc = 0 ]

# --- a mounted disc: the exclusive open fails and says where it is mounted ---
# tgt raises no media-change event, so the kernel keeps the blank capacity
# until the disc is ejected, noticed, and loaded again.
discburn dev="$SG" -load > /dev/null 2>&1
dd if="$SG" of=/dev/null bs=2048 count=1 2> /dev/null
mkdir -p /mnt/disc
if mount -t iso9660 -o ro "$SG" /mnt/disc 2> /tmp/mount.err; then
	ok "the burnt disc mounts as ISO 9660"
	check "a file on the mounted disc reads back" cmp /mnt/disc/README.TXT /readme.txt
	# -minfo only reads and opens without O_EXCL; a burn needs the drive alone
	discburn dev="$SG" -minfo > /dev/null 2>&1
	check "-minfo still reads a mounted disc" [ $? = 0 ]
	discburn dev="$SG" "$ISO" > /tmp/busy.out 2>&1
	rc=$?
	check "burning onto a mounted drive exits 4 (busy)" [ $rc = 4 ]
	check "the message names the mount point" grep -q "umount /mnt/disc first" /tmp/busy.out
	sed 's/^/#   busy: /' /tmp/busy.out
	umount /mnt/disc
else
	bad "the burnt disc mounts as ISO 9660 ($(cat /tmp/mount.err))"
fi
sync
