#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# discburn's audio and mixed CDs against tools nobody here wrote. Each
# layout is burnt by discburn and by cdrdao or wodim (through the front),
# and the two discs must agree: the emulator's state (tracks, pregaps,
# indices, control flags, ISRCs, catalog number: what its Q sub-channel is
# made from), every sector, the CD-TEXT packs. Then readers read discburn's
# disc and must find what the sources hold and what the peer's disc shows:
# cdrdao read-toc (TOC, pregaps, ISRC, catalog number, CD-TEXT from the
# sub-channel and READ TOC) and read-cd (samples, raw sectors), cdparanoia
# and icedax (samples), cd-info (libcdio: TOC, MCN, ISRC, CD-TEXT, disc mode).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need wodim cdrdao cdparanoia icedax cd-info genisoimage sox python3
CDBIN=${top_builddir:-.}/tests/cdbin
make_wavs "$T/a.wav" 5 1 "$T/b.wav" 4 2 "$T/a7.wav" 7 3
make_cdtext "$T/text.cdt"
make_iso "$T/x.iso" 2 MIXED

# burn NAME ARGS...: discburn onto a fresh CD-R $T/NAME.img, with --verify
burn() {
	local name=$1; shift
	run "$DISCBURN" dev="emu:cd-r:log=$T/$name.img.log:$T/$name.img" --verify "$@"
	expect_rc 0 "$name: discburn burns and verifies"
}
# same_disc A B: two emulated discs hold the same layout, sectors and CD-TEXT
layout_of() { grep -E '^(sessions|finalized|track|trackx|index|mcn|cdtext)=' "$1.state"; }
same_state() { diff <(layout_of "$1") <(layout_of "$2") > /dev/null; }
same_file() { [ -e "$1" ] && cmp -s "$1" "$2"; }
export -f layout_of same_state same_file samples_at wav_is same_prefix
# reader NAME DISC CMD...: a reader through the front; its output in $T/NAME.txt
reader() {
	local name=$1 disc=$2; shift 2
	drive cd-r "$disc" "$@"
	cp "$T/out" "$T/$name.txt"
	cat "$T/err" >> "$T/$name.txt"
}
CDINFO=(cd-info --no-header --no-device-info --no-cddb "$PEER_DEV")
CDINFO_FIELDS='Media Catalog|ISRC|TITLE|PERFORMER|CD-TEXT for|Disc mode|^ +[0-9]+: [0-9:]+ +[0-9]+ (audio|data|leadout)|CD-Plus|session'
same_fields() { diff <(fields "$1" "$3") <(fields "$2" "$3") > /dev/null && [ -n "$(fields "$1" "$3")" ]; }
TOC_FIELDS='CATALOG|ISRC|TITLE|PERFORMER|EMPHASIS|COPY|START|INDEX|^TRACK|SILENCE|ZERO'

# ---- an audio CD from WAV files with CD-TEXT and ISRCs; cdrdao's of the same TOC ----
burn wav -text textfile="$T/text.cdt" mcn=0400012345678 -audio isrc=GBAYE6400123 "$T/a.wav" \
	isrc=DEA123300001 -copy "$T/b.wav"
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
COPY
ISRC "DEA123300001"
CD_TEXT { LANGUAGE 0 { TITLE "Second" PERFORMER "Bob" } }
PREGAP 00:02:00
FILE "$T/b.wav" 0
EOF
C=$T/wav-cdrdao.img
drive cd-r "$C" cdrdao write --device "$PEER_DEV" --driver generic-mmc:0x0010 -n "$T/album.toc"
expect_rc 0 "wav: cdrdao writes the same layout from a TOC file"
check "wav: discburn's disc and cdrdao's agree: tracks, pregaps, flags, ISRCs, MCN" \
	same_state "$T/wav.img" "$C"
check "wav: ... every sector" same_file "$T/wav.img.bin" "$C.bin"
check "wav: ... the CD-TEXT packs" same_file "$T/wav.img.cdt" "$C.cdt"
check "wav: the CD-TEXT packs are the textfile's" same_file "$T/text.cdt" "$T/wav.img.cdt"

reader wav-toc "$T/wav.img" cdrdao read-toc --device "$PEER_DEV" "$T/wav-back.toc"
expect_rc 0 "wav: cdrdao read-toc of discburn's disc"
reader wav-toc-c "$C" cdrdao read-toc --device "$PEER_DEV" "$T/wav-back-c.toc"
check "wav: read-toc finds catalog, ISRCs, copy flag, titles, performers, the 2 s pregap" \
	bash -c "grep -q 'CATALOG \"0400012345678\"' '$T/wav-back.toc' &&
		 grep -q 'ISRC \"GBAYE6400123\"' '$T/wav-back.toc' &&
		 grep -q 'ISRC \"DEA123300001\"' '$T/wav-back.toc' &&
		 grep -q '^COPY' '$T/wav-back.toc' && grep -q 'TITLE \"Second\"' '$T/wav-back.toc' &&
		 grep -q 'PERFORMER \"The Emulators\"' '$T/wav-back.toc' &&
		 grep -q 'START 00:02:00' '$T/wav-back.toc'"
check "wav: read-toc of both discs agree" same_fields "$T/wav-back.toc" "$T/wav-back-c.toc" "$TOC_FIELDS"
(cd "$T" && drive cd-r "$T/wav.img" cdrdao read-cd --device "$PEER_DEV" --datafile "$T/wav.raw" \
	"$T/wav-cd.toc")
expect_rc 0 "wav: cdrdao read-cd"
check "wav: read-cd's data file holds the samples (cdrdao's big-endian order)" \
	bash -c "samples_at '$T/a.wav' '$T/wav.raw' 0 swap && samples_at '$T/b.wav' '$T/wav.raw' 525 swap"
mkdir -p "$T/cp" "$T/ic"
(cd "$T/cp" && drive cd-r "$T/wav.img" cdparanoia -d "$PEER_DEV" -B)
expect_rc 0 "wav: cdparanoia -B"
check "wav: cdparanoia rips both tracks sample for sample" \
	bash -c "wav_is '$T/cp/track01.cdda.wav' '$T/a.wav' 525 && wav_is '$T/cp/track02.cdda.wav' '$T/b.wav' 300"
(cd "$T/ic" && drive cd-r "$T/wav.img" icedax -D "$PEER_DEV" -B -v all)
expect_rc 0 "wav: icedax -B"
check "wav: icedax rips both tracks sample for sample" \
	bash -c "wav_is '$T/ic/audio_01.wav' '$T/a.wav' 525 && wav_is '$T/ic/audio_02.wav' '$T/b.wav' 300"
reader wav-info "$T/wav.img" "${CDINFO[@]}"
expect_rc 0 "wav: cd-info"
reader wav-info-c "$C" "${CDINFO[@]}"
check "wav: cd-info shows MCN, ISRCs, CD-TEXT and the tracks" \
	bash -c "grep -q '0400012345678' '$T/wav-info.txt' && grep -q 'DEA123300001' '$T/wav-info.txt' &&
		 grep -q 'TITLE: Emulated Album' '$T/wav-info.txt' && grep -q 'PERFORMER: Bob' '$T/wav-info.txt'"
check "wav: cd-info sees both discs alike" same_fields "$T/wav-info.txt" "$T/wav-info-c.txt" "$CDINFO_FIELDS"

# ---- the same from FLAC: the same disc ---------------------------------------------
sox "$T/a.wav" "$T/a.flac" && sox "$T/b.wav" "$T/b.flac"
burn flac -text textfile="$T/text.cdt" mcn=0400012345678 -audio isrc=GBAYE6400123 "$T/a.flac" \
	isrc=DEA123300001 -copy "$T/b.flac"
check "flac: the same disc as from the WAV files (and as cdrdao's)" \
	bash -c "same_state '$T/flac.img' '$C' && same_file '$T/flac.img.bin' '$C.bin' &&
		 same_file '$T/flac.img.cdt' '$C.cdt'"
mkdir -p "$T/cpf"
(cd "$T/cpf" && drive cd-r "$T/flac.img" cdparanoia -d "$PEER_DEV" -B)
expect_rc 0 "flac: cdparanoia -B"
check "flac: cdparanoia rips the decoded samples" wav_is "$T/cpf/track02.cdda.wav" "$T/b.wav" 300
reader flac-info "$T/flac.img" "${CDINFO[@]}"
check "flac: cd-info sees it as the WAV disc" same_fields "$T/flac-info.txt" "$T/wav-info.txt" \
	"$CDINFO_FIELDS"

# ---- wodim -dao: the pregap from the end of track 1; discburn from the same cue ------
cp "$T/text.cdt" "$T/album.cdt"
cat > "$T/wodim.cue" <<'EOF'
CATALOG 0400012345678
CDTEXTFILE "album.cdt"
FILE "a7.wav" WAVE
  TRACK 01 AUDIO
    ISRC GBAYE6400123
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    ISRC DEA123300001
    INDEX 00 00:05:00
FILE "b.wav" WAVE
    INDEX 01 00:00:00
EOF
burn dao "$T/wodim.cue"
W=$T/dao-wodim.img
drive cd-r "$W" wodim -v -dao -text textfile="$T/text.cdt" mcn=0400012345678 gracetime=0 \
	dev="$PEER_DEV" -audio isrc=GBAYE6400123 "$T/a7.wav" isrc=DEA123300001 "$T/b.wav"
expect_rc 0 "dao: wodim -dao of the same two files"
check "dao: discburn's disc and wodim's agree (index 0 in a7.wav's last 2 s)" \
	bash -c "same_state '$T/dao.img' '$W' && grep -qx 'trackx=2,1,150,0,DEA123300001' '$W.state'"
check "dao: ... every sector" same_file "$T/dao.img.bin" "$W.bin"
check "dao: ... the CD-TEXT" same_file "$T/dao.img.cdt" "$W.cdt"
reader dao-info "$T/dao.img" "${CDINFO[@]}"
reader dao-info-w "$W" "${CDINFO[@]}"
check "dao: cd-info sees both discs alike" same_fields "$T/dao-info.txt" "$T/dao-info-w.txt" \
	"$CDINFO_FIELDS"

# ---- a mixed-mode CD: an ISO, then audio --------------------------------------------
burn mixed -data "$T/x.iso" -audio "$T/a.wav"
printf 'CD_ROM\nTRACK MODE1\nDATAFILE "%s"\nTRACK AUDIO\nPREGAP 00:02:00\nFILE "%s" 0\n' \
	"$T/x.iso" "$T/a.wav" > "$T/mixed.toc"
C=$T/mixed-cdrdao.img
drive cd-r "$C" cdrdao write --device "$PEER_DEV" --driver generic-mmc -n "$T/mixed.toc"
expect_rc 0 "mixed: cdrdao writes the same layout"
check "mixed: the discs agree: tracks, the data track's user data, the samples" \
	bash -c "same_state '$T/mixed.img' '$C' && same_file '$T/mixed.img' '$C' &&
		 same_file '$T/mixed.img.bin' '$C.bin'"
check "mixed: the ISO is track 1" same_at "$T/x.iso" "$T/mixed.img" 0
reader mixed-info "$T/mixed.img" "${CDINFO[@]}"
expect_rc 0 "mixed: cd-info"
reader mixed-info-c "$C" "${CDINFO[@]}"
check "mixed: cd-info lists a data track and an audio track" \
	bash -c "grep -Eq '^  1: .* data' '$T/mixed-info.txt' && grep -Eq '^  2: .* audio' '$T/mixed-info.txt'"
check "mixed: cd-info sees both discs alike" same_fields "$T/mixed-info.txt" "$T/mixed-info-c.txt" \
	"$CDINFO_FIELDS"
S2=$(grep '^track=' "$T/mixed.img.state" | sed -n 2p | cut -d= -f2 | cut -d, -f1)
mkdir -p "$T/cpm"
(cd "$T/cpm" && drive cd-r "$T/mixed.img" cdparanoia -d "$PEER_DEV" -B 2-2)
expect_rc 0 "mixed: cdparanoia -B of the audio track"
check "mixed: track 2 rips as a.wav" wav_is "$T/cpm/track02.cdda.wav" "$T/a.wav" \
	"$(( $(grep '^track=' "$T/mixed.img.state" | sed -n 2p | cut -d, -f2) ))"
check "mixed: track 2 starts after the data track and a 2 s pregap ($S2)" test -n "$S2"

# ---- an enhanced CD: discburn and wodim, step by step ----------------------------------
mkdir -p "$T/s2" && echo extra > "$T/s2/EXTRA.TXT"
E=$T/enhanced.img
run "$DISCBURN" dev="emu:cd-r:$E" --verify -multi -audio "$T/a.wav"
expect_rc 0 "enhanced: discburn's audio session"
MS=$("$DISCBURN" dev="emu:$E" -msinfo 2> /dev/null)
genisoimage -quiet -R -C "$MS" -o "$T/s2.iso" "$T/s2" 2> /dev/null
run "$DISCBURN" dev="emu:$E" --verify -data "$T/s2.iso"
expect_rc 0 "enhanced: discburn's data session at $MS"
W=$T/enhanced-wodim.img
drive cd-r "$W" wodim -multi -tao -audio gracetime=0 dev="$PEER_DEV" "$T/a.wav"
drive cd-r "$W" wodim -msinfo dev="$PEER_DEV"
check "enhanced: wodim -msinfo says what discburn's says ($MS)" test "$(tail -1 "$T/out")" = "$MS"
drive cd-r "$W" wodim -tao -data gracetime=0 dev="$PEER_DEV" "$T/s2.iso"
expect_rc 0 "enhanced: wodim's data session"
check "enhanced: the discs agree: sessions, tracks, data, samples" \
	bash -c "same_state '$E' '$W' && same_file '$E' '$W' && same_file '$E.bin' '$W.bin'"
reader enh-info "$E" "${CDINFO[@]}"
expect_rc 0 "enhanced: cd-info"
check "enhanced: cd-info calls it CD-Plus/Extra" grep -q 'CD-Plus/Extra' "$T/enh-info.txt"
mkdir -p "$T/cpe"
(cd "$T/cpe" && drive cd-r "$E" cdparanoia -d "$PEER_DEV" -B 1-1)
expect_rc 0 "enhanced: cdparanoia rips the audio session"
check "enhanced: track 1 is a.wav" wav_is "$T/cpe/track01.cdda.wav" "$T/a.wav" 375

# ---- a BIN/CUE image of MODE2/2352 sectors ---------------------------------------------
head -c $((2048 * 200 + 2324 * 200)) /dev/urandom > "$T/xa.user"
"$CDBIN" mixed 0 < "$T/xa.user" > "$T/xa.bin"
printf 'FILE "xa.bin" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n' > "$T/xa.cue"
burn xa "$T/xa.cue"
C=$T/xa-cdrdao.img
(cd "$T" && drive cd-r "$C" cdrdao write --device "$PEER_DEV" --driver generic-mmc -n xa.cue)
expect_rc 0 "bin/cue: cdrdao writes the same cue sheet"
check "bin/cue: the discs agree, every sector the BIN's" \
	bash -c "same_state '$T/xa.img' '$C' && same_file '$T/xa.img.bin' '$C.bin' &&
		 same_prefix '$T/xa.bin' '$T/xa.img.bin'"
(cd "$T" && drive cd-r "$T/xa.img" cdrdao read-cd --read-raw --device "$PEER_DEV" \
	--datafile "$T/xa-back.raw" "$T/xa-back.toc")
expect_rc 0 "bin/cue: cdrdao read-cd --read-raw"
check "bin/cue: read-cd gets the BIN's sectors back" \
	cmp -s -n "$(stat -c %s "$T/xa.bin")" "$T/xa.bin" "$T/xa-back.raw"
reader xa-info "$T/xa.img" "${CDINFO[@]}"
expect_rc 0 "bin/cue: cd-info"
reader xa-info-c "$C" "${CDINFO[@]}"
check "bin/cue: cd-info sees a mode 2 data track" grep -q 'Mode 2' "$T/xa-info.txt"
check "bin/cue: cd-info sees both discs alike" same_fields "$T/xa-info.txt" "$T/xa-info-c.txt" \
	"$CDINFO_FIELDS"

# ---- a single-file audio cue: a hidden track one, INDEX 00 pregaps ----------------------
python3 - "$T/album.bin" <<'PY'
import math, struct, sys
n = 30 * 44100
open(sys.argv[1], 'wb').write(b''.join(struct.pack('<hh', int(8000 * math.sin(i * .01)),
                                                   int(6000 * math.sin(i * .013))) for i in range(n)))
PY
cat > "$T/album.cue" <<'EOF'
CATALOG 0400012345678
FILE "album.bin" BINARY
  TRACK 01 AUDIO
    ISRC GBAYE6400123
    INDEX 00 00:00:00
    INDEX 01 00:03:00
  TRACK 02 AUDIO
    INDEX 00 00:10:00
    INDEX 01 00:12:00
  TRACK 03 AUDIO
    INDEX 01 00:20:00
EOF
burn hidden "$T/album.cue"
# cdrdao reads a cue sheet's BINARY audio as big-endian (CDRWIN, EAC and
# discburn: little-endian), so it is given the file with its bytes swapped
python3 -c 'import sys; a = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(
    bytes(a[i ^ 1] for i in range(len(a))))' "$T/album.bin" "$T/album-be.bin"
sed 's/album.bin/album-be.bin/' "$T/album.cue" > "$T/album-be.cue"
C=$T/hidden-cdrdao.img
(cd "$T" && drive cd-r "$C" cdrdao write --device "$PEER_DEV" --driver generic-mmc -n album-be.cue)
expect_rc 0 "hidden: cdrdao writes the same cue sheet"
check "hidden: the discs agree: the hidden 3 s, the pregaps, every sector" \
	bash -c "same_state '$T/hidden.img' '$C' && same_file '$T/hidden.img.bin' '$C.bin' &&
		 grep -qx 'trackx=1,1,375,0,GBAYE6400123' '$C.state'"
reader hidden-toc "$T/hidden.img" cdrdao read-toc --device "$PEER_DEV" "$T/hidden-back.toc"
expect_rc 0 "hidden: cdrdao read-toc"
reader hidden-toc-c "$C" cdrdao read-toc --device "$PEER_DEV" "$T/hidden-back-c.toc"
check "hidden: read-toc finds the hidden track one and track 2's 2 s pregap" \
	bash -c "grep -q 'START 00:03:00' '$T/hidden-back.toc' && grep -q 'START 00:02:00' '$T/hidden-back.toc'"
check "hidden: read-toc of both discs agree" \
	same_fields "$T/hidden-back.toc" "$T/hidden-back-c.toc" "$TOC_FIELDS"
reader hidden-info "$T/hidden.img" "${CDINFO[@]}"
expect_rc 0 "hidden: cd-info"
check "hidden: cd-info lists three audio tracks from 00:05:00 on" \
	grep -Eq '^  1: 00:05:00  000225 audio' "$T/hidden-info.txt"

finish
