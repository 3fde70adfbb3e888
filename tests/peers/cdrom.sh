#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Pressed discs, raw sectors and read faults, judged by readers nobody here
# wrote: readom copies a pressed CD-ROM byte for byte and retries a flaky
# sector until it reads while a bad one stays bad; cdrdao's raw driver
# (generic-mmc-raw) writes a data track as sectors it encoded and scrambled
# itself, and cdrdao read-cd --read-raw of a pressed CD-ROM of the same
# image gets the very same 2352-byte sectors from the emulator's own
# sync/header/EDC/ECC; wodim -raw96r writes audio with the P-W it made;
# an audio CD-R pressed into a CD-ROM rips as before; an enhanced CD (an
# audio session, then a data session) as cd-info sees it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need readom cdrdao wodim cdparanoia cd-info genisoimage python3
peer_isos
make_wavs "$T/a.wav" 5 1 "$T/b.wav" 4 2
BLOCKS=$(( $(stat -c %s "$T/a.iso") / 2048 ))

# ---- readom: a pressed CD-ROM, then read faults ---------------------------------
cp "$T/a.iso" "$T/pressed.iso"
drive cd-rom "$T/pressed.iso" readom dev="$PEER_DEV" f="$T/copy.iso"
expect_rc 0 "readom: copy of a pressed CD-ROM"
check "readom: the copy equals the image" cmp -s "$T/a.iso" "$T/copy.iso"
check "readom: no state file for a pressed disc" test ! -e "$T/pressed.iso.state"
check "readom: the image was only read" cmp -s "$T/a.iso" "$T/pressed.iso"

env LD_PRELOAD="$PRELOAD" DISCBURN_PRELOAD_DEV="$PEER_DEV" \
	DISCBURN_PRELOAD_EMU="emu:cd-rom:log=$T/faults.log:fault=flaky@100,3:fault=read-error@500:$T/pressed.iso" \
	timeout 120 readom dev="$PEER_DEV" f="$T/faulty.iso" -noerror retries=8 \
	> "$T/out" 2> "$T/err"
RC=$?
expect_rc 0 "readom -noerror: flaky and bad sectors"
check "readom: the flaky sector failed its first reads (3/11/00 at 100)" \
	grep -q '^READ(10) cdb=28000000006.* status=2 sense=3/11/00' "$T/faults.log"
check "readom: only the bad sector is missing" sectors_differ "$T/a.iso" "$T/faulty.iso" 500
check "readom: and it says which" grep -qx '500' "$T/out" "$T/err"

# ---- cdrdao generic-mmc-raw: raw data sectors, scrambled, P-Q 16 ----------------
printf 'CD_ROM\nTRACK MODE1\nDATAFILE "%s"\n' "$T/a.iso" > "$T/data.toc"
D=$T/raw-data.img
drive cd-r "$D" cdrdao write --device "$PEER_DEV" --driver generic-mmc-raw -n "$T/data.toc"
expect_rc 0 "cdrdao raw: write a mode 1 track"
check "cdrdao raw: RAW write type, 2368-byte blocks from the lead-in start" \
	grep -q '^WRITE(10) cdb=2a00ffffd28e.* len=63936 status=0' "$D.log"
check "cdrdao raw: the user data, unscrambled, is the image" same_at "$T/a.iso" "$D" 0
check "cdrdao raw: one closed data track" test "$(tracks "$D")/$(state "$D" finalized)" = 1/1
drive cd-rom "$T/pressed.iso" cdrdao read-cd --read-raw --device "$PEER_DEV" \
	--datafile "$T/pressed.raw" "$T/pressed.toc"
expect_rc 0 "cdrdao read-cd --read-raw of the pressed CD-ROM"
check "cdrdao raw: the emulator's sectors are cdrdao's own, byte for byte (EDC, ECC)" \
	cmp -s -n "$((BLOCKS * 2352))" "$T/pressed.raw" "$D.bin"

# ---- wodim -raw96r: audio with P-W sub-channel ------------------------------------
D=$T/raw96r.img
drive cd-r "$D" wodim -v -raw96r gracetime=0 dev="$PEER_DEV" -audio "$T/a.wav" "$T/b.wav"
expect_rc 0 "wodim -raw96r -audio"
check "raw96r: RAW write type, 2448-byte blocks" \
	grep -q '^WRITE(10) cdb=2a00ffffd28e.* len=[0-9]* status=0' "$D.log"
raw96r_samples() { samples_at "$T/a.wav" "$D.bin" 0 && samples_at "$T/b.wav" "$D.bin" 375; }
check "raw96r: the samples run on, b.wav from LBA 375" raw96r_samples
check "raw96r: two tracks from the lead-in's TOC, track 2 at 375, index 0 from 225" \
	test "$(grep '^track=' "$D.state" | cut -d, -f1,2 | tr '\n' ' ')" = "track=0,225 track=375,300 "

# ---- an audio CD-R pressed into a CD-ROM rips as before -----------------------------
mkdir -p "$T/cp"
(cd "$T/cp" && drive cd-rom "$D" cdparanoia -d "$PEER_DEV" -B)
expect_rc 0 "pressed audio CD: cdparanoia -B"
check "pressed audio CD: track 2 is b.wav" wav_is "$T/cp/track02.cdda.wav" "$T/b.wav" 300
drive cd-rom "$D" cd-info --no-header --no-device-info --no-cddb "$PEER_DEV"
expect_rc 0 "pressed audio CD: cd-info"
check "pressed audio CD: a CD-DA disc" grep -q '^Disc mode is listed as: CD-DA' "$T/out"

# ---- an enhanced CD: audio, then data in a second session ----------------------------
D=$T/enhanced.img
drive cd-r "$D" wodim -v -multi -tao -audio gracetime=0 dev="$PEER_DEV" "$T/a.wav"
expect_rc 0 "enhanced CD: the audio session (wodim -multi -audio)"
drive cd-r "$D" wodim -msinfo dev="$PEER_DEV"
MS=$(tail -1 "$T/out")
check "enhanced CD: -msinfo after the audio session ($MS)" bash -c "[[ '$MS' =~ ^0,[0-9]+$ ]]"
drive cd-r "$D" wodim -v -tao -data gracetime=0 dev="$PEER_DEV" "$T/b.iso"
expect_rc 0 "enhanced CD: the data session (wodim -data)"
check "enhanced CD: the data session holds the image at ${MS#*,}" same_at "$T/b.iso" "$D" "${MS#*,}"
check "enhanced CD: two closed sessions" test "$(state "$D" sessions)" = 2
drive cd-r "$D" cd-info --no-header --no-device-info --no-cddb "$PEER_DEV"
expect_rc 0 "enhanced CD: cd-info"
fixture cd-info-enhanced "$T/out" '^Disc mode|^ +[0-9]+: [0-9:]+ +[0-9]+ (audio|data|leadout)|CD-Plus|session'
finish
