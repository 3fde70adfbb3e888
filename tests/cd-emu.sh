#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Audio and mixed CDs burnt by discburn onto the emulator, every one
# compared sector by sector with its source (the emulator keeps every
# sector in PATH.bin at LBA * 2352, data sectors' user data in PATH):
# an audio CD from WAV files with CD-TEXT, ISRCs and a catalog number (SAO),
# the same from FLAC (the same disc, byte for byte), TAO audio, a
# mixed-mode CD in SAO, TAO and RAW96R, an enhanced CD (-multi audio, then
# an ISO made with mkisofs -C), a BIN/CUE MODE2/2352 image, a single-file
# cue with INDEX 00 pregaps, a hidden track one and an index 2, XA form 1
# tracks encoded by discburn against the emulator's encoder; the round trip
# through a BIN/CUE read back by discburn (f=NAME.cue); how the
# write method is chosen from the drive's features; and the refusals
# before the laser, each with its reason and exit code.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/peers/lib.sh"
CDBIN=${top_builddir:-.}/tests/cdbin
for t in genisoimage sox python3; do
	command -v "$t" > /dev/null || { echo "Bail out! $t is not installed (see .ci/packages)"; exit 99; }
done

make_wavs "$T/a.wav" 5 1 "$T/b.wav" 4 2
make_iso "$T/x.iso" 3 MIXED
make_cdtext "$T/text.cdt"
logged() { grep -q "^$2 cdb=" "$1.log"; }
blank_disc() { "$DISCBURN" dev="emu:${2:-cd-r}:$1" -minfo > /dev/null 2>&1; }
tracks_are() {  # tracks_are DISC "START,SIZE ..." : the state's tracks
	test "$(grep '^track=' "$1.state" | cut -d= -f2 | cut -d, -f1,2 | tr '\n' ' ')" = "$2 "
}
# cdtext_has DISC TYPE TRACK TEXT: the disc's CD-TEXT packs (PATH.cdt, decoded
# here) give TEXT for pack type TYPE (80 title, 81 performer) of TRACK (0: disc)
cdtext_has() {
	python3 - "$@" <<'PY'
import sys
d, typ, track, want = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3]), sys.argv[4]
b = open(d + '.cdt', 'rb').read()[4:]
texts, cur = {}, b''
packs = [b[i:i + 18] for i in range(0, len(b), 18)]
s = b''.join(p[4:16] for p in packs if p[0] == typ and (p[3] >> 4) & 7 == 0)
first = next(p[1] & 0x7f for p in packs if p[0] == typ)
for n, x in enumerate(s.split(b'\0')):
    texts.setdefault(first + n, x.decode('latin-1'))
sys.exit(0 if texts.get(track) == want else 1)
PY
}
export -f samples_at cdtext_has logged same_prefix

# ---- an audio CD from WAV files: CD-TEXT (.inf files, -useinfo -text),
# ISRCs, a catalog number; SAO by default. a.inf's Index0=-1 (icedax's "no
# pregap follows") puts track 2 straight after track 1 ---------------------
cat > "$T/a.inf" <<'EOF'
Albumperformer= 'The Emulators'
Albumtitle=	'Emulated Album'
Performer=	'Alice'
Tracktitle=	'First'
ISRC=		DEA123300001
Index0=		-1
EOF
cat > "$T/b.inf" <<'EOF'
Albumperformer= 'The Emulators'
Albumtitle=	'Emulated Album'
Performer=	'Bob'
Tracktitle=	'Second'
ISRC=		GBAYE6400123
EOF
D=$T/wav.img
run "$DISCBURN" -v dev="emu:cd-r:log=$D.log:$D" --verify -useinfo -text mcn=0123456789012 \
	-audio "$T/a.wav" "$T/b.wav"
expect_rc 0 "wav: burn + verify"
check "wav: verify read it back" grep -q "disc equals the image" "$T/out"
check "wav: by cue sheet (SAO)" logged "$D" "SEND CUE SHEET"
check "wav: CD-TEXT written as 96-byte R-W blocks from the lead-in start" \
	grep -q '^WRITE(10) cdb=2a00ffffd28e.* len=[0-9]*' "$D.log"
check "wav: two tracks, the second without pregap" tracks_are "$D" "0,375 375,300"
check "wav: the samples at each track's start" \
	bash -c "samples_at '$T/a.wav' '$D.bin' 0 && samples_at '$T/b.wav' '$D.bin' 375"
check "wav: catalog number and ISRCs on the disc" \
	bash -c "grep -qx 'mcn=0123456789012' '$D.state' &&
		 grep -qx 'trackx=1,1,150,0,DEA123300001' '$D.state' &&
		 grep -qx 'trackx=2,1,0,0,GBAYE6400123' '$D.state'"
check "wav: CD-TEXT album title and performer" \
	bash -c "cdtext_has '$D' 80 0 'Emulated Album' && cdtext_has '$D' 81 0 'The Emulators'"
check "wav: CD-TEXT track titles and performers" \
	bash -c "cdtext_has '$D' 80 1 First && cdtext_has '$D' 80 2 Second &&
		 cdtext_has '$D' 81 1 Alice && cdtext_has '$D' 81 2 Bob"
check "wav: the verify read the TOC, ISRCs, catalog number and CD-TEXT back" \
	bash -c "logged '$D' 'READ SUB-CHANNEL' && grep -q '^READ TOC cdb=4302' '$D.log' &&
		 grep -q '^READ TOC cdb=4300050' '$D.log'"

# ---- the same from FLAC: the same disc ------------------------------------
sox "$T/a.wav" "$T/a.flac" && sox "$T/b.wav" "$T/b.flac"
F=$T/flac.img
run "$DISCBURN" dev="emu:cd-r:$F" --verify -useinfo -text mcn=0123456789012 \
	-audio "$T/a.flac" "$T/b.flac"
expect_rc 0 "flac: burn + verify"
check "flac: the disc's sectors equal the WAV disc's" cmp -s "$D.bin" "$F.bin"
check "flac: its CD-TEXT equals the WAV disc's" cmp -s "$D.cdt" "$F.cdt"

# ---- TAO audio: page 05 per track, the drive's pregaps ------------------------
D=$T/tao.img
run "$DISCBURN" dev="emu:cd-r:log=$D.log:$D" --verify -tao mcn=0123456789012 \
	-audio isrc=DEA123300001 "$T/a.wav" "$T/b.wav"
expect_rc 0 "tao: burn + verify"
check "tao: no cue sheet" bash -c "! logged '$D' 'SEND CUE SHEET'"
check "tao: each track closed" test "$(grep -c '^CLOSE TRACK SESSION cdb=5b0001' "$D.log")" = 2
check "tao: tracks and samples" bash -c "grep -q '^track=0,375,' '$D.state' &&
	samples_at '$T/a.wav' '$D.bin' 0 && samples_at '$T/b.wav' '$D.bin' 525"
check "tao: ISRC and catalog number from page 05" \
	bash -c "grep -qx 'trackx=1,1,150,0,DEA123300001' '$D.state' && grep -qx 'mcn=0123456789012' '$D.state'"

# ---- a mixed-mode CD: data track 1, audio tracks 2 and 3 ----------------------
for m in sao tao raw96r; do
	D=$T/mixed-$m.img
	run "$DISCBURN" dev="emu:cd-r:log=$D.log:$D" --verify -$m -data "$T/x.iso" \
		-audio "$T/a.wav" "$T/b.wav"
	expect_rc 0 "mixed $m: burn + verify"
	check "mixed $m: the ISO is the data track" same_prefix "$T/x.iso" "$D"
	s2=$(grep '^track=' "$D.state" | sed -n 2p | cut -d= -f2 | cut -d, -f1)
	s3=$(grep '^track=' "$D.state" | sed -n 3p | cut -d= -f2 | cut -d, -f1)
	check "mixed $m: data, audio, audio" test "$(grep '^track=' "$D.state" | cut -d, -f6 |
		tr '\n' ' ')" = "4 0 0 "
	check "mixed $m: the samples at tracks 2 and 3" \
		bash -c "samples_at '$T/a.wav' '$D.bin' $s2 && samples_at '$T/b.wav' '$D.bin' $s3"
done
check "mixed raw96r: 2448-byte blocks from the ATIP's lead-in start" \
	grep -q '^WRITE(10) cdb=2a00ffffd28e00001a00 len=63648' "$T/mixed-raw96r.img.log"
N=$(( ($(stat -c %s "$T/x.iso") + 2047) / 2048 ))
check "mixed tao: the drive's 2 run-out blocks after the data track" \
	grep -q "^track=0,$((N + 2)),$N," "$T/mixed-tao.img.state"

# ---- an enhanced CD: the audio session, then a data session --------------------
D=$T/enhanced.img
run "$DISCBURN" dev="emu:cd-r:$D" --verify -multi -audio "$T/a.wav" "$T/b.wav"
expect_rc 0 "enhanced: the audio session (-multi)"
MS=$("$DISCBURN" dev="emu:$D" -msinfo 2> /dev/null)
check "enhanced: -msinfo after the audio session" test "$MS" = "0,12225"
mkdir -p "$T/s2" && echo "extra" > "$T/s2/EXTRA.TXT"
genisoimage -quiet -R -C "$MS" -o "$T/s2.iso" "$T/s2" 2> /dev/null
run "$DISCBURN" dev="emu:$D" --verify -data "$T/s2.iso"
expect_rc 0 "enhanced: the data session"
check "enhanced: two sessions, three tracks, the data track at 12225" \
	bash -c "grep -qx 'sessions=2' '$D.state' && grep -q '^track=12225,' '$D.state'"
check "enhanced: the ISO at its address" \
	bash -c "cmp -s -i 0:$((12225 * 2048)) -n $(stat -c %s "$T/s2.iso") '$T/s2.iso' '$D'"
check "enhanced: the audio is still there" samples_at "$T/b.wav" "$D.bin" 525

# ---- a BIN/CUE image of MODE2/2352 (XA form 1 and form 2 sectors) -----------------
head -c $((2048 * 300 + 2324 * 300)) /dev/urandom > "$T/xa.user"
"$CDBIN" mixed 0 < "$T/xa.user" > "$T/xa.bin"
printf 'FILE "xa.bin" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n' > "$T/xa.cue"
for m in sao tao raw96r; do
	D=$T/xa-$m.img
	run "$DISCBURN" dev="emu:cd-r:$D" --verify -$m "$T/xa.cue"
	expect_rc 0 "bin/cue mode2 $m: burn + verify"
	check "bin/cue mode2 $m: every sector equals the BIN's" same_prefix "$T/xa.bin" "$D.bin"
	check "bin/cue mode2 $m: an XA track" grep -q '^trackx=1,3,' "$D.state"
done

# ---- an image only raw writing gets right: a MODE1/2352 sector whose EDC is wrong
# on purpose (as copy-protected discs have them) ---------------------------------------
head -c $((2048 * 400)) /dev/urandom > "$T/m1.user"
"$CDBIN" mode1 0 < "$T/m1.user" > "$T/m1.bin"
python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(100 * 2352 + 2064); b = f.read(1)
f.seek(100 * 2352 + 2064); f.write(bytes([b[0] ^ 0xFF]))' "$T/m1.bin"
printf 'FILE "m1.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' > "$T/m1.cue"
D=$T/m1-raw.img
run "$DISCBURN" dev="emu:cd-r:$D" --verify -raw96r "$T/m1.cue"
expect_rc 0 "raw mode 1 image, -raw96r: burn + verify"
check "raw mode 1 image, -raw96r: every sector as the BIN has it, the wrong EDC too" \
	same_prefix "$T/m1.bin" "$D.bin"
D=$T/m1-sao.img
run "$DISCBURN" dev="emu:cd-r:$D" --verify -sao "$T/m1.cue"
expect_rc 0 "raw mode 1 image, -sao: burn + verify (the user data)"
check "raw mode 1 image, -sao: the user data is the BIN's" bash -c "python3 -c '
import sys; b = open(sys.argv[1], \"rb\").read(); d = open(sys.argv[2], \"rb\").read()
sys.exit(0 if all(b[i * 2352 + 16:i * 2352 + 2064] == d[i * 2048:(i + 1) * 2048]
                  for i in range(400)) else 1)' '$T/m1.bin' '$D'"

# ---- XA form 1 sectors made by discburn's encoder --------------------------------
head -c $((2048 * 400)) /dev/urandom > "$T/xa1.user"
"$CDBIN" form1 0 < "$T/xa1.user" > "$T/xa1.bin"
D=$T/xa1.img
run "$DISCBURN" dev="emu:cd-r:$D" --verify -xa "$T/xa1.user"
expect_rc 0 "-xa: burn + verify"
check "-xa: the sectors equal the emulator's encoding of the same data" \
	same_prefix "$T/xa1.bin" "$D.bin"

# ---- a single-file audio cue: hidden track one, INDEX 00 pregaps, index 2 -----------
python3 - "$T/album.bin" <<'PY'
import math, struct, sys
n = 30 * 44100
open(sys.argv[1], 'wb').write(b''.join(struct.pack('<hh', int(8000 * math.sin(i * .01)),
                                                   int(6000 * math.sin(i * .013))) for i in range(n)))
PY
cat > "$T/album.cue" <<'EOF'
CATALOG 0400012345678
PERFORMER "The Emulators"
TITLE "Hidden Album"
FILE "album.bin" BINARY
  TRACK 01 AUDIO
    TITLE "One"
    ISRC GBAYE6400123
    INDEX 00 00:00:00
    INDEX 01 00:03:00
  TRACK 02 AUDIO
    TITLE "Two"
    FLAGS DCP PRE
    INDEX 00 00:10:00
    INDEX 01 00:12:00
  TRACK 03 AUDIO
    TITLE "Three"
    FLAGS SCMS
    INDEX 01 00:20:00
    INDEX 02 00:25:00
EOF
D=$T/hidden.img
run "$DISCBURN" dev="emu:cd-r:log=$D.log:$D" --verify "$T/album.cue"
expect_rc 0 "hidden track one: burn + verify"
check "hidden track one: every sector equals the BIN's" same_prefix "$T/album.bin" "$D.bin"
check "hidden track one: pregaps 375 (hidden), 150 and none; index 2 of track 3" \
	bash -c "grep -qx 'trackx=1,1,375,0,GBAYE6400123' '$D.state' &&
		 grep -qx 'trackx=2,1,150,0,-' '$D.state' && grep -qx 'trackx=3,1,0,1,-' '$D.state' &&
		 grep -qx 'index=3,2,1875' '$D.state'"
check "hidden track one: flags (copy and pre-emphasis of track 2)" \
	test "$(grep '^track=' "$D.state" | cut -d, -f6 | tr '\n' ' ')" = "0 3 0 "
check "hidden track one: the emulator's cue sheet gives back the source's indices" \
	bash -c "diff <(grep -E 'INDEX|TRACK|FLAGS|ISRC|CATALOG' '$T/album.cue') \
		<(grep -E 'INDEX|TRACK|FLAGS|ISRC|CATALOG' '$D.cue')"
check "hidden track one: the index boundaries read back from Q" \
	test "$(grep -c '^READ CD cdb=be00.*0200 len=' "$D.log")" -ge 4

# ---- the round trip: the disc read back into a BIN/CUE (f=NAME.cue) is the source,
# and that BIN/CUE burns the same disc again ----------------------------------------
run "$DISCBURN" dev="emu:$T/hidden.img" f="$T/back.cue"
expect_rc 0 "round trip: the hidden-track disc read into a BIN/CUE"
check "round trip: the BIN is the source's, byte for byte" cmp -s "$T/album.bin" "$T/back.bin"
check "round trip: the cue sheet gives the source's tracks, indices, ISRC, catalog, titles" \
	bash -c "diff <(grep -E 'TRACK|INDEX|ISRC|CATALOG|TITLE' '$T/album.cue') \
		<(grep -E 'TRACK|INDEX|ISRC|CATALOG|TITLE' '$T/back.cue')"
D=$T/again.img
run "$DISCBURN" dev="emu:cd-r:$D" --verify "$T/back.cue"
expect_rc 0 "round trip: the BIN/CUE burnt again"
check "round trip: the same sectors as the first disc" cmp -s "$T/hidden.img.bin" "$D.bin"

# ---- a cue sheet of two sessions in one run: audio, then data -------------------------
cat > "$T/two.cue" <<'EOF'
REM SESSION 01
FILE "album.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 01 00:10:00
REM SESSION 02
FILE "x.iso" BINARY
  TRACK 03 MODE1/2048
    INDEX 01 00:00:00
EOF
for m in sao raw96r; do
	D=$T/two-$m.img
	run "$DISCBURN" dev="emu:cd-r:$D" --verify -$m "$T/two.cue"
	expect_rc 0 "two sessions $m: burn + verify"
	check "two sessions $m: closed, the data track in session 2 after the lead-out and lead-in" \
		bash -c "grep -qx 'sessions=2' '$D.state' && grep -q '^track=13650,[0-9]*,[0-9]*,2,2,4,' '$D.state'"
	check "two sessions $m: the audio and the ISO" bash -c "
		cmp -s -n $((2250 * 2352)) '$T/album.bin' '$D.bin' &&
		cmp -s -i 0:$((13650 * 2048)) -n $(stat -c %s "$T/x.iso") '$T/x.iso' '$D'"
done
check "two sessions tao: refused (the data session's pregap is not the drive's)" \
	bash -c "'$DISCBURN' dev='emu:cd-r:$T/two-tao.img' -tao '$T/two.cue' 2>&1 | grep -q 'TAO cannot'"

# ---- each file is opened once, by the parser, and read through that descriptor ---------
if command -v strace > /dev/null; then
	opens() { grep -cE "open(at)?\(.*/$1\"" "$T/strace"; }
	NOLEAKS=ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	run env "$NOLEAKS" strace -f -qq -e trace=open,openat -o "$T/strace" "$DISCBURN" \
		dev="emu:cd-r:$T/once.img" --verify -data "$T/x.iso" -audio "$T/a.flac" "$T/b.wav"
	expect_rc 0 "a track list under strace"
	check "the track list's files are opened once each" \
		test "$(opens x.iso)$(opens a.flac)$(opens b.wav)" = 111
	run env "$NOLEAKS" strace -f -qq -e trace=open,openat -o "$T/strace" "$DISCBURN" \
		dev="emu:cd-r:$T/once2.img" --verify "$T/two.cue"
	expect_rc 0 "a cue sheet under strace"
	check "the sheet and its files are opened once each" \
		test "$(opens two.cue)$(opens album.bin)$(opens x.iso)" = 111
fi

# ---- which write method: from the drive's features ----------------------------------
D=$T/nosao.img
run "$DISCBURN" -v dev="emu:cd-r:no-sao:log=$D.log:$D" --verify -audio "$T/a.wav" "$T/b.wav"
expect_rc 0 "a drive without SAO: audio by TAO"
check "a drive without SAO: no cue sheet, page 05 per track" \
	bash -c "! logged '$D' 'SEND CUE SHEET' && grep -q 'CD TAO' '$T/out'"
D=$T/noboth.img
run "$DISCBURN" dev="emu:cd-r:no-sao:no-tao:log=$D.log:$D" --verify -audio "$T/a.wav" "$T/b.wav"
expect_rc 0 "a drive with RAW alone: audio by RAW96R"
check "a drive with RAW alone: 2448-byte blocks" grep -q 'len=63648' "$D.log"
check "a drive with RAW alone: the samples" samples_at "$T/b.wav" "$D.bin" 525
D=$T/taohidden.img
blank_disc "$D"
refused 6 "a drive without SAO cannot write a hidden track one" "$D" \
	dev="emu:cd-r:no-sao:no-raw:$D" "$T/album.cue"
check "... and says TAO cannot write that pregap" grep -q "TAO cannot write a pregap" "$T/err"

# ---- refused before the laser ------------------------------------------------------
D=$T/refused.img
blank_disc "$D"
blank_disc "$T/dvd.img" dvd+r
python3 - "$T/48k.wav" <<'PY'
import struct, sys
data = bytes(48000 * 4 * 5)
open(sys.argv[1], 'wb').write(b'RIFF' + struct.pack('<I', 36 + len(data)) + b'WAVEfmt ' +
    struct.pack('<IHHIIHH', 16, 1, 2, 48000, 192000, 4, 16) + b'data' + struct.pack('<I', len(data)) + data)
PY
refused 8 "audio of the wrong format" "$D" dev="emu:cd-r:$D" -audio "$T/48k.wav"
check "... names its rate and the sox command" bash -c "grep -q '48000 Hz' '$T/err' && grep -q 'sox' '$T/err'"
printf 'FILE "gone.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n' > "$T/gone.cue"
refused 8 "a cue naming a missing FILE" "$D" dev="emu:cd-r:$D" "$T/gone.cue"
check "... names the file" grep -q "gone.wav" "$T/err"
printf 'FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 00:09:00\n' \
	> "$T/short.cue"
refused 8 "a cue naming a file too short for its indices" "$D" dev="emu:cd-r:$D" "$T/short.cue"
check "... says how much is missing" grep -q "too short for track" "$T/err"
run "$DISCBURN" dev="emu:cd-r:size=600:log=$T/small.log:$T/small.img" -audio "$T/a.wav" "$T/b.wav"
expect_rc 7 "a layout over the disc's playing time"
check "... names both times" grep -q "plays for 00:11:00 but the disc holds 00:08:00" "$T/err"
check "... nothing reached the disc" bash -c "! grep -Eq '^(WRITE|SEND CUE SHEET)' '$T/small.log'"
python3 - "$T/long.cue" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('FILE "album.bin" BINARY\n')
    for t in range(1, 6):
        f.write('  TRACK %02d AUDIO\n    TITLE "%s"\n    PERFORMER "%s"\n    INDEX 01 00:%02d:00\n'
                % (t, 'T' * 700, 'P' * 700, (t - 1) * 5))
PY
refused 8 "CD-TEXT too long" "$D" dev="emu:cd-r:$D" "$T/long.cue"
check "... counts the packs" grep -q "packs in language block 0" "$T/err"
refused 6 "-tao of a hidden track one" "$D" dev="emu:cd-r:$D" -tao "$T/album.cue"
check "... says why" grep -q "TAO cannot write" "$T/err"
refused 6 "-raw96r with CD-TEXT" "$D" dev="emu:cd-r:$D" -raw96r "$T/album.cue"
check "... says why" grep -q "cannot carry the CD-TEXT" "$T/err"
refused 17 "-raw96r on a drive without raw writing" "$D" dev="emu:cd-r:no-raw:$D" -raw96r \
	-audio "$T/a.wav"
refused 6 "audio onto a DVD" "$T/dvd.img" dev="emu:dvd+r:$T/dvd.img" -audio "$T/a.wav"
check "... wants a CD" grep -q "Insert a CD-R" "$T/err"

# ---- verify names the track ------------------------------------------------------------
D=$T/corrupt.img
run "$DISCBURN" dev="emu:cd-r:fault=corrupt@100:$D" --verify -data "$T/x.iso" -audio "$T/a.wav"
expect_rc 11 "a sector written wrong"
check "... names track 1 and LBA 100" grep -q "track 1 differs from its source at LBA 100" "$T/err"

# ---- verify believes only what it reads back: a drive that reports something
# else than was written (fault=flip@OP+BYTE: one bit of its answers) fails the burn
# naming what differs -----------------------------------------------------------------
lies() {        # lies WHAT FAULT PATTERN discburn-args...
	local what=$1 fault=$2 pattern=$3; shift 3
	run timeout 60 "$DISCBURN" dev="emu:cd-r:fault=$fault:$T/lie-$RANDOM.img" --verify "$@"
	expect_rc 11 "verify: $what"
	check "verify: $what: says so" grep -q "$pattern" "$T/err"
}
lies "a TOC with another control nibble" flip@43+13 \
	"track 2's control nibble in the TOC reads back as 1, not 0" -audio "$T/a.wav" "$T/b.wav"
lies "another ISRC" flip@42+20 "track 1's ISRC reads back as 'DEA123300000', not 'DEA123300001'" \
	-audio isrc=DEA123300001 "$T/a.wav"
lies "another catalog number" flip@42+9 "catalog number reads back as '1123456789012'" \
	mcn=0123456789012 -audio "$T/a.wav"
lies "other CD-TEXT" flip@43+100 "the CD-TEXT in the lead-in is not what was written (pack 6" \
	-text textfile="$T/text.cdt" -audio "$T/a.wav" "$T/b.wav"
lies "another index in the Q sub-channel" flip@be+2 \
	"Q around LBA [0-9]* says track 1 index 0 at LBA [0-9]*, not track 1 index 1" \
	-data "$T/x.iso" pregap=0 "$T/x.iso"
D=$T/twodata.img
run "$DISCBURN" dev="emu:cd-r:log=$D.log:$D" --verify -data "$T/x.iso" "$T/x.iso"
expect_rc 0 "two data tracks: burn + verify, the second's pregap read back by READ CD"
check "two data tracks: both ISOs" bash -c "same_prefix '$T/x.iso' '$D' &&
	cmp -s -i 0:$(( (N + 150) * 2048 )) -n $(stat -c %s "$T/x.iso") '$T/x.iso' '$D'"


# ---- simulation -------------------------------------------------------------------------
for m in sao tao raw96r; do
	D=$T/dummy-$m.img
	run "$DISCBURN" dev="emu:cd-r:$D" -dummy -$m -data "$T/x.iso" -audio "$T/a.wav" "$T/b.wav"
	expect_rc 0 "-dummy -$m of a mixed-mode layout"
	check "-dummy -$m: the disc is still blank" grep -qx 'sessions=0' "$D.state"
done

finish
