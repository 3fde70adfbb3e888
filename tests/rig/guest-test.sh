#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/rig/guest-test.sh — runs INSIDE the QEMU guest as /rig-test.sh
# (busybox sh). Each drive is a tgt LUN, found by its INQUIRY model so the
# /dev/srN numbering does not matter:
#   DBSG      discburn through the linux-sg backend (/dev/srN, SG_IO)
#   DBCDIO    discburn through the libcdio backend (cdio:/dev/srN)
#   DBSGPT    discburn through the libsgutils2 backend (sgpt:/dev/srN)
#   GROWISOFS growisofs, as a reference
#   CDRSKIN   cdrskin -tao, as a reference
# Prints GUEST-OK / GUEST-BAD / GUEST-SKIP lines (the host counts them) and
# RIG-TIME lines. A backend this discburn was built without is skipped.
ISO=/test.iso
ok() { echo "GUEST-OK $*"; }
bad() { echo "GUEST-BAD $*"; }
skipped() { echo "GUEST-SKIP $*"; }
BACKENDS=$(discburn -version | sed -n 's/^backends://p')
built() { case " $BACKENDS " in *" $1 "*) return 0;; esac; return 1; }
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

SG=$(dev_for DBSG) CD=$(dev_for DBCDIO) PT=$(dev_for DBSGPT) GR=$(dev_for GROWISOFS) CR=$(dev_for CDRSKIN)
echo "# drives: DBSG=$SG DBCDIO=$CD DBSGPT=$PT GROWISOFS=$GR CDRSKIN=$CR"
echo "# backends:$BACKENDS"
[ -n "$SG" ] && [ -n "$CD" ] && [ -n "$PT" ] && [ -n "$GR" ] && [ -n "$CR" ] &&
	ok "all five drives present" || bad "all five drives present"

# --- discovery: no udev in this guest, so the sysfs walk must find them ---
timed devices discburn --devices
check "--devices exits 0" [ $rc = 0 ]
for m in DBSG DBCDIO DBSGPT GROWISOFS CDRSKIN; do
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
PTN=$(sg_for "$PT")
for d in "$SG" "$SGN" "cdio:$CD" "sgpt:$PT" "sgpt:$PTN" "$BTL" "ATA:$BTL"; do
	case $d in
	cdio:*|sgpt:*) built "${d%%:*}" || { skipped "db-probe $d: backend ${d%%:*} not built"; continue; } ;;
	esac
	db-probe "$d" > /tmp/probe.out 2>&1
	check "db-probe $d: all commands reached the drive" [ $? = 0 ]
	check "db-probe $d: blank DVD+R" grep -q "^profile=0x001b" /tmp/probe.out
	check "db-probe $d: CHECK CONDITION with sense 5/24/00" \
		grep -qx "badinquiry=status status=0x02 sense=5/24/00" /tmp/probe.out
	case $d in
	cdio:*) check "db-probe $d: a 16-byte CDB is refused (libcdio's 12-byte cap)" \
			grep -qx "longcdb=refused rc=-22" /tmp/probe.out ;;
	*) check "db-probe $d: a 16-byte CDB reaches the drive" grep -q "^longcdb=answered" /tmp/probe.out ;;
	esac
done
check "db-probe $BTL: b,t,l reached the DBSG drive" grep -q "model=DBSG" /tmp/probe.out
grep -q "^backend=cdio" /tmp/probe.out && bad "b,t,l went to cdio" || ok "b,t,l goes to linux-sg"

# --- the burns ---
timed discburn-sg discburn -v --verify -eject dev="$SG" "$ISO"
check "discburn via linux-sg: burn + verify + eject exit 0" [ $rc = 0 ]
check "discburn via linux-sg: verify passed" grep -q "disc equals the image" /tmp/discburn-sg.out
if built cdio; then
	timed discburn-cdio discburn -v --verify dev="cdio:$CD" "$ISO"
	check "discburn via libcdio: burn + verify exit 0" [ $rc = 0 ]
	check "discburn via libcdio: verify passed" grep -q "disc equals the image" /tmp/discburn-cdio.out
else
	skipped "discburn via libcdio: backend cdio not built"
fi
if built sgpt; then
	# Same drive, same questions: sg_pt must hand back what SG_IO does,
	# command by command (status byte and bytes moved, from -V's trace).
	discburn -V dev="$PT" -checkdrive 2>&1 | grep '^SCSI ' > /tmp/trace-sg
	discburn -V dev="sgpt:$PT" -checkdrive 2>&1 | grep '^SCSI ' > /tmp/trace-pt
	check "sg_pt and SG_IO: -checkdrive sends the same commands and gets the same answers" \
		cmp /tmp/trace-sg /tmp/trace-pt
	check "sg_pt and SG_IO: the traces are not empty" [ -s /tmp/trace-pt ]
	timed discburn-sgpt discburn -v --verify dev="sgpt:$PT" "$ISO"
	check "discburn via sg_pt: burn + verify exit 0" [ $rc = 0 ]
	check "discburn via sg_pt: verify passed" grep -q "disc equals the image" /tmp/discburn-sgpt.out
	discburn dev="sgpt:$PT" -checkdrive > /tmp/sgpt-drive.out 2>&1
	check "discburn via sg_pt: -checkdrive names the backend" grep -q "^Backend *: sgpt" /tmp/sgpt-drive.out
	# a second burn onto the now complete disc is refused before writing
	discburn dev="sgpt:$PT" "$ISO" > /tmp/sgpt-again.out 2>&1
	rc=$?
	check "discburn via sg_pt: a complete disc is refused (exit 6)" [ $rc = 6 ]
else
	skipped "discburn via sg_pt: backend sgpt not built"
fi
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

# --- sg_pt's exclusive open: a mounted disc is busy for a burn, not for -minfo ---
if built sgpt; then
	discburn dev="sgpt:$PT" -eject > /dev/null 2>&1
	discburn dev="sgpt:$PT" -load > /dev/null 2>&1
	dd if="$PT" of=/dev/null bs=2048 count=1 2> /dev/null
	if mount -t iso9660 -o ro "$PT" /mnt/disc 2> /tmp/mount.err; then
		discburn dev="sgpt:$PT" -minfo > /dev/null 2>&1
		check "sg_pt: -minfo still reads a mounted disc" [ $? = 0 ]
		discburn dev="sgpt:$PT" "$ISO" > /tmp/busy-sgpt.out 2>&1
		rc=$?
		check "sg_pt: burning onto a mounted drive exits 4 (busy)" [ $rc = 4 ]
		sed 's/^/#   busy (sgpt): /' /tmp/busy-sgpt.out
		umount /mnt/disc
	else
		bad "sg_pt: the burnt disc mounts as ISO 9660 ($(cat /tmp/mount.err))"
	fi
fi
sync
