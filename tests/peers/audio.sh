#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Audio CDs onto the emulator and back: wodim -audio in TAO and in DAO with
# CD-TEXT, catalog number and ISRC; cdrskin -sao with CD-TEXT and -tao;
# cdrdao write of a TOC file with CD-TEXT, pre-emphasis and a pregap; then readers nobody here wrote read the discs
# through the front: cdparanoia and icedax (samples), cd-info (libcdio: TOC,
# MCN, ISRC, CD-TEXT), cdrdao read-toc and read-cd. Every cell is judged on
# bytes: the samples read back equal the source files', and the TOC, codes
# and texts are the ones written.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need wodim cdrdao cdrskin cdparanoia icedax cd-info python3

# three WAV files: 5 s, 4 s and 4.5 s (the last not a whole number of
# sectors)
make_wavs "$T/a.wav" 5 1 "$T/b.wav" 4 2 "$T/c.wav" 4.5 3

# both_at DISCFILE LBA1 LBA2 [swap]: a.wav at LBA1, b.wav at LBA2
both_at() {
	samples_at "$T/a.wav" "$1" "$2" ${4:-} && samples_at "$T/b.wav" "$1" "$3" ${4:-}
}

# ---- wodim -tao -audio: two tracks, the drive's 2 s pregap between ---------
D=$T/tao.img
drive cd-r "$D" wodim -v -tao -pad -audio gracetime=0 dev="$PEER_DEV" "$T/a.wav" "$T/c.wav"
expect_rc 0 "tao: wodim -tao -audio"
check "tao: two closed audio tracks, 375 and 338 blocks, the second at 525" \
	test "$(grep '^track=' "$D.state" | cut -d, -f1,2,4,6 | tr '\n' ' ')" = \
	"track=0,375,2,0 track=525,338,2,0 "
check "tao: track 1's samples are PATH.bin's at LBA 0" samples_at "$T/a.wav" "$D.bin" 0
check "tao: track 2's samples are PATH.bin's at LBA 525" samples_at "$T/c.wav" "$D.bin" 525
check "tao: PATH.cue has track 2's index 0 and 1" \
	bash -c "grep -qx '    INDEX 00 00:05:00' '$D.cue' && grep -qx '    INDEX 01 00:07:00' '$D.cue'"

# cdparanoia and icedax rip the samples exactly (each track runs to the
# next track's start in the TOC, so track 1 ends with the 2 s pregap)
mkdir -p "$T/cp" "$T/ic"
(cd "$T/cp" && drive cd-r "$D" cdparanoia -d "$PEER_DEV" -B)
expect_rc 0 "tao: cdparanoia -B"
check "tao: cdparanoia's track 1 is a.wav, then silence" \
	wav_is "$T/cp/track01.cdda.wav" "$T/a.wav" 525
check "tao: cdparanoia's track 2 is c.wav, padded to its sector" \
	wav_is "$T/cp/track02.cdda.wav" "$T/c.wav" 338
(cd "$T/ic" && drive cd-r "$D" icedax -D "$PEER_DEV" -B -v all)
expect_rc 0 "tao: icedax -B"
check "tao: icedax's track 1 is a.wav" wav_is "$T/ic/audio_01.wav" "$T/a.wav" 525
check "tao: icedax's track 2 is c.wav" wav_is "$T/ic/audio_02.wav" "$T/c.wav" 338

# cd-info (libcdio, through the sr ioctls and CDROM_SEND_PACKET)
drive cd-r "$D" cd-info --no-header --no-device-info --no-cddb "$PEER_DEV"
expect_rc 0 "tao: cd-info"
check "tao: cd-info lists both audio tracks and the lead-out" \
	bash -c "grep -Eq '^  1: 00:02:00  000000 audio' '$T/out' &&
		grep -Eq '^  2: 00:09:00  000525 audio' '$T/out' &&
		grep -Eq '^170: 00:13:38  000863 leadout' '$T/out'"

# ---- wodim -dao: CD-TEXT from a textfile, catalog number, ISRC --------------
make_cdtext "$T/text.cdt"
D=$T/dao.img
drive cd-r "$D" wodim -v -dao -text textfile="$T/text.cdt" mcn=0123456789012 gracetime=0 \
	dev="$PEER_DEV" -audio isrc=DEA123300001 "$T/a.wav" "$T/b.wav"
expect_rc 0 "dao: wodim -dao -text"
check "dao: the session went by cue sheet" logged "$D" "SEND CUE SHEET"
check "dao: CD-TEXT went into the lead-in (96-byte blocks from the ATIP start)" \
	grep -q '^WRITE(10) cdb=2a00ffffd28e.* len=[0-9]*' "$D.log"
check "dao: the packs kept are the textfile's, byte for byte" cmp -s "$T/text.cdt" "$D.cdt"
# wodim takes track 2's 2 s pregap from the end of track 1: the samples run
# on, b.wav from LBA 375, and index 0 of track 2 starts at 225
check "dao: samples" both_at "$D.bin" 0 375
check "dao: track 2's index 0 is the last 2 s of a.wav" grep -qx 'trackx=2,1,150,0,-' "$D.state"
drive cd-r "$D" cd-info --no-header --no-device-info --no-cddb "$PEER_DEV"
expect_rc 0 "dao: cd-info"
fixture cd-info-dao "$T/out" 'Media Catalog|ISRC|TITLE|PERFORMER|CD-TEXT for|^ +[0-9]+: [0-9:]+ +[0-9]+ (audio|leadout)'

# ---- cdrskin (libburn): -sao with CD-TEXT and catalog number, -tao -------------
D=$T/cdrskin-sao.img
drive cd-r "$D" cdrskin -v -sao dev="$PEER_DEV" textfile="$T/text.cdt" mcn=0123456789012 \
	-audio "$T/a.wav" "$T/b.wav"
expect_rc 0 "cdrskin: -sao -audio with textfile"
check "cdrskin: the session went by cue sheet" logged "$D" "SEND CUE SHEET"
check "cdrskin: the packs kept are the textfile's" cmp -s "$T/text.cdt" "$D.cdt"
check "cdrskin: the catalog number" grep -qx 'mcn=0123456789012' "$D.state"
check "cdrskin: samples (no pregap before track 2)" both_at "$D.bin" 0 375
D=$T/cdrskin-tao.img
drive cd-r "$D" cdrskin -v -tao dev="$PEER_DEV" -audio "$T/a.wav" "$T/b.wav"
expect_rc 0 "cdrskin: -tao -audio"
check "cdrskin: TAO samples, the drive's pregap before track 2" both_at "$D.bin" 0 525

# ---- cdrdao write: a TOC file with CD-TEXT, pre-emphasis, a 1 s pregap -------
cat > "$T/album.toc" <<EOF
CD_DA
CATALOG "0400012345678"
CD_TEXT {
  LANGUAGE_MAP { 0 : EN }
  LANGUAGE 0 {
    TITLE "Emulated Album"
    PERFORMER "The Emulators"
  }
}
TRACK AUDIO
ISRC "GBAYE6400123"
CD_TEXT { LANGUAGE 0 { TITLE "First" PERFORMER "Alice" } }
FILE "$T/a.wav" 0
TRACK AUDIO
PRE_EMPHASIS
CD_TEXT { LANGUAGE 0 { TITLE "Second" PERFORMER "Bob" } }
PREGAP 00:01:00
FILE "$T/b.wav" 0
EOF
D=$T/cdrdao.img
# 0x0010: generic-mmc writes CD-TEXT only when asked (cdrdao 1.2.4)
drive cd-r "$D" cdrdao write --device "$PEER_DEV" --driver generic-mmc:0x0010 -n "$T/album.toc"
expect_rc 0 "cdrdao: write"
check "cdrdao: closed, two tracks, the second with a 75-block pregap" \
	bash -c "grep -qx 'finalized=1' '$D.state' && grep -qx 'trackx=2,1,75,0,-' '$D.state'"
check "cdrdao: samples" both_at "$D.bin" 0 450
drive cd-r "$D" cdrdao read-toc --device "$PEER_DEV" "$T/back.toc"
expect_rc 0 "cdrdao: read-toc"
fixture cdrdao-read-toc "$T/back.toc" 'CATALOG|ISRC|TITLE|PERFORMER|EMPHASIS|FILE|START|^TRACK'
(cd "$T" && drive cd-r "$D" cdrdao read-cd --device "$PEER_DEV" --datafile "$T/back.bin" \
	"$T/back2.toc")
expect_rc 0 "cdrdao: read-cd"
check "cdrdao: read-cd's data file holds the samples (big-endian, cdrdao's order)" \
	both_at "$T/back.bin" 0 450 swap
drive cd-r "$D" cd-info --no-header --no-device-info --no-cddb "$PEER_DEV"
expect_rc 0 "cdrdao: cd-info"
fixture cd-info-cdrdao "$T/out" 'Media Catalog|ISRC|TITLE|PERFORMER|CD-TEXT for|^ +[0-9]+: [0-9:]+ +[0-9]+ (audio|leadout)|yes|no  +2'
finish
