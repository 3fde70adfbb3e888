#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What the peers' info commands read from the emulator, kept as fixtures in
# tests/peers/fixtures and compared on the fields that matter (profile, disc
# and session status, capacity, NWA, speeds, media IDs): dvd+rw-mediainfo on
# every blank DVD and BD medium, cdrskin -minfo/-atip/-toc and wodim
# -atip/-prcap. A changed answer of the emulator shows up here as a diff;
# PEERS_REGEN=1 rewrites the
# fixtures (review the diff: the fixture is what a real drive would say).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need dvd+rw-mediainfo cdrskin wodim genisoimage
peer_isos

MEDIAINFO='Mounted Media|Media ID|Current Write Speed|Write Speed #0|Disc status|State of Last Session|Number of Sessions|Track State|Next Writable Address|Free Blocks|Track Size|READ CAPACITY'
MINFO='Mounted media type|disk status|session status|number of sessions|Next writable address|Remaining writable size|burn_drive_get_write_speed|Media summary|^ *[0-9]+ +[0-9]+ +(Blank|Data)'
ATIP='Mounted|book type|Product Id|Is (not )?erasable|ATIP start|1T speed|burn_drive_get_write_speed'
TOC='^first:|^track:|Media summary'
WATIP='Current:|Is (not )?erasable|ATIP start|Disk type|Indicated writing power'
PRCAP='Does (not )?write|(Maximum|Current) +(read|write) +speed|Buffer size|Number of supported write speeds|Write speed #|Does support test writing|Buffer-Underrun'

# dvd+rw-mediainfo refuses CD media ("non-DVD media mounted")
KINDS="dvd-r dvd-rw dvd+r dvd+rw bd-r bd-re"
for kind in $KINDS; do
	peer "mediainfo-$kind" "$kind" "$T/mi-$kind.img" dvd+rw-mediainfo "$PEER_DEV" &
done
for kind in cd-r dvd+r bd-r; do
	peer "minfo-$kind" "$kind" "$T/minfo-$kind.img" cdrskin dev="$PEER_DEV" -minfo &
done
peer atip-cd-rw cd-rw "$T/atip-cd-rw.img" cdrskin dev="$PEER_DEV" -atip &
for kind in dvd-r dvd+r bd-r; do
	peer "atip-$kind" "$kind" "$T/atip-$kind.img" cdrskin dev="$PEER_DEV" -atip &
done
peer watip-cd-rw cd-rw "$T/watip-cd-rw.img" wodim -atip dev="$PEER_DEV" &
peer prcap cd-r "$T/prcap.img" wodim -prcap dev="$PEER_DEV" &
# a burnt CD-R and a burnt DVD+R for -minfo and -toc
(peer burn-cd-r cd-r "$T/burnt-cd-r.img" cdrskin -tao dev="$PEER_DEV" "$T/a.iso" &&
	peer minfo-burnt-cd-r cd-r "$T/burnt-cd-r.img" cdrskin dev="$PEER_DEV" -minfo &&
	peer toc-cd-r cd-r "$T/burnt-cd-r.img" cdrskin dev="$PEER_DEV" -toc) &
(peer burn-dvd+r dvd+r "$T/burnt-dvd+r.img" cdrskin -tao dev="$PEER_DEV" "$T/a.iso" &&
	peer mediainfo-burnt-dvd+r dvd+r "$T/burnt-dvd+r.img" dvd+rw-mediainfo "$PEER_DEV") &
wait

# cell NAME PATTERN: the run NAME succeeded and its fields match the fixture
cell() {
	result "$1"
	expect_rc 0 "$1"
	fixture "$1" "$T/$1.out" "$2"
}

for kind in $KINDS; do
	cell "mediainfo-$kind" "$MEDIAINFO"
done
# a blank BD-R offers its formats with spare areas (growisofs needs them)
fixture mediainfo-bd-r-formats "$T/mediainfo-bd-r.out" '^ *(unformatted|formatted|[0-9A-F]{2}h\()'
cell mediainfo-burnt-dvd+r "$MEDIAINFO"
for kind in cd-r dvd+r bd-r burnt-cd-r; do
	cell "minfo-$kind" "$MINFO"
done
cell atip-cd-rw "$ATIP"
for kind in dvd-r dvd+r bd-r; do
	cell "atip-$kind" "$ATIP"
done
cell toc-cd-r "$TOC"
cell watip-cd-rw "$WATIP"
cell prcap "$PRCAP"
finish
