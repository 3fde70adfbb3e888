#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Audio and mixed-mode CDs copied from disc to disc on the emulator: a master
# audio CD (CD-TEXT, ISRCs, a catalog number, a hidden track one, pregaps,
# an index 2, flags) and a mixed-mode master (a data track, then audio), each
# burnt by discburn from WAV files and a cue sheet, then copied by discburn
# (--from) onto two CD-Rs in one run. Each copy is compared with the master:
# the TOC (discburn -toc, the emulator's state), the Q sub-channel's pregaps
# and indices, the ISRCs and the catalog number, the CD-TEXT packs, and every
# audio and data sector (the emulator keeps them in PATH.bin, the data
# tracks' user data in PATH), and again through discburn's own reading of
# each disc into a BIN/CUE and, where the machine has them, through cdrdao
# read-toc and cd-info behind the LD_PRELOAD front. The master is read once:
# the sectors its drive was asked to READ CD are counted in its log. A copy
# that a writer corrupted (fault=corrupt@) is found by those comparisons and
# by --verify. A master of two sessions (an enhanced CD) is refused.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/peers/lib.sh"
need_tools genisoimage:genisoimage python3:python3

# sectors DISC: the sectors the emulator's log says were read by READ CD
# with the main channel (F8h: whole sectors), as opposed to the Q look-ups
read_cd_sectors() {
	sed -n 's/^READ CD cdb=be..........\(......\)f8.*status=0 .*/\1/p' "$1" |
		while read -r n; do echo $((16#$n)); done | awk '{s += $1} END {print s + 0}'
}
# state_of DISC: the emulator's account of the disc, less where its tray is
state_of() { grep -v '^tray=' "$1.state"; }
# same_disc MASTER COPY: the TOC, codes, indices, CD-TEXT (or none on both)
# and every sector
same_disc() {
	diff <(state_of "$1") <(state_of "$2") > "$T/state.diff" &&
		cmp -s "$1.bin" "$2.bin" && cmp -s "$1" "$2" &&
		{ [ ! -e "$1.cdt" ] && [ ! -e "$2.cdt" ] || cmp -s "$1.cdt" "$2.cdt"; }
}
# same_toc MASTER COPY: discburn -toc says the same of both (the copy was
# ejected at the end of its job: its tray is closed first)
same_toc() {
	"$DISCBURN" dev="emu:cd-r:$2" -load > /dev/null 2> "$T/toc.err" &&
		"$DISCBURN" dev="emu:cd-r:$1" -toc > "$T/toc.1" 2>> "$T/toc.err" &&
		"$DISCBURN" dev="emu:cd-r:$2" -toc > "$T/toc.2" 2>> "$T/toc.err" &&
		test -s "$T/toc.1" && diff "$T/toc.1" "$T/toc.2" > "$T/toc.diff" ||
		{ sed 's/^/#   /' "$T/toc.err" "$T/toc.diff" 2> /dev/null; return 1; }
}
# same_read MASTER COPY: discburn reads both into BIN/CUEs that are the same
# (the BIN, and the cue's tracks, indices, flags, ISRCs, catalog and texts,
# found from the TOC, the Q sub-channel, READ SUB-CHANNEL and the CD-TEXT)
same_read() {
	local a=$T/read-$(basename "$1") b=$T/read-$(basename "$2")
	"$DISCBURN" dev="emu:cd-r:$1" f="$a.cue" > /dev/null 2>&1 &&
		"$DISCBURN" dev="emu:cd-r:$2" f="$b.cue" > /dev/null 2>&1 &&
		cmp -s "$a.bin" "$b.bin" &&
		diff <(grep -Ev '^(REM|FILE)' "$a.cue") <(grep -Ev '^(REM|FILE)' "$b.cue") > /dev/null
}
# sectors_of DISC: the sectors of the disc's session from LBA 0 to the lead-out
sectors_of() { "$DISCBURN" dev="emu:cd-r:$1" -toc 2> /dev/null | sed -n 's/^track:lout lba: *\([0-9]*\) .*/\1/p'; }
export -f state_of same_disc same_toc same_read samples_at same_prefix

# peers MASTER COPY...: cdrdao read-toc and cd-info (libcdio) say of each copy
# what they say of the master, reading through the LD_PRELOAD front
peers() {
	local m=$1 c; shift
	if command -v cdrdao > /dev/null && [ -f "$PRELOAD" ]; then
		rm -f "$T/m.toc"
		drive cd-r "$m" cdrdao read-toc --device "$PEER_DEV" "$T/m.toc"
		expect_rc 0 "cdrdao read-toc of the master $(basename "$m")"
		for c in "$@"; do
			rm -f "$T/c.toc"
			drive cd-r "$c" cdrdao read-toc --device "$PEER_DEV" "$T/c.toc"
			check "cdrdao read-toc: $(basename "$c") is the master's TOC, CD-TEXT, ISRC, MCN" \
				diff <(grep -v '^//' "$T/m.toc") <(grep -v '^//' "$T/c.toc")
		done
	else
		no_peer cdrdao
	fi
	if command -v cd-info > /dev/null && [ -f "$PRELOAD" ]; then
		drive cd-r "$m" cd-info --no-header --no-device-info --no-cddb "$PEER_DEV"
		expect_rc 0 "cd-info of the master $(basename "$m")"
		cp "$T/out" "$T/m.info"
		for c in "$@"; do
			drive cd-r "$c" cd-info --no-header --no-device-info --no-cddb "$PEER_DEV"
			check "cd-info: $(basename "$c") is the master's tracks, MCN, ISRC, CD-TEXT" \
				diff "$T/m.info" "$T/out"
		done
	else
		no_peer cd-info
	fi
}
# a reader this machine lacks: a note here, an error in CI (where all are installed)
no_peer() {
	if [ -n "${DISCBURN_NO_SKIP:-}" ]; then bad "$1 is not installed (see .ci/packages)"
	else echo "# $1 is not installed: its comparison was not made"; fi
}

make_wavs "$T/one.wav" 7 1 "$T/two.wav" 10 2 "$T/three.wav" 12 3 "$T/a.wav" 5 4 "$T/b.wav" 6 5
make_iso "$T/x.iso" 3 MIXEDCOPY

# ---- the audio master: WAV files and a cue sheet --------------------------------------
cat > "$T/album.cue" <<'EOF'
CATALOG 0400012345678
PERFORMER "The Emulators"
TITLE "Copied Album"
FILE "one.wav" WAVE
  TRACK 01 AUDIO
    TITLE "One"
    PERFORMER "Alice"
    ISRC GBAYE6400123
    INDEX 00 00:00:00
    INDEX 01 00:02:00
FILE "two.wav" WAVE
  TRACK 02 AUDIO
    TITLE "Two"
    PERFORMER "Bob"
    FLAGS DCP PRE
    ISRC DEA123300001
    INDEX 00 00:00:00
    INDEX 01 00:03:00
FILE "three.wav" WAVE
  TRACK 03 AUDIO
    TITLE "Three"
    PREGAP 00:01:00
    INDEX 01 00:00:00
    INDEX 02 00:06:00
EOF
M=$T/audio.img
run "$DISCBURN" dev="emu:cd-r:$M" --verify "$T/album.cue"
expect_rc 0 "the audio master burnt from WAV files and a cue sheet, verified"
check "the master holds the WAV files' samples" bash -c "
	samples_at '$T/one.wav' '$M.bin' 0 && samples_at '$T/two.wav' '$M.bin' 525 &&
	samples_at '$T/three.wav' '$M.bin' 1350"
check "the master has its hidden track one, pregaps, index 2, ISRCs, catalog number" bash -c "
	grep -qx 'trackx=1,1,300,0,GBAYE6400123' '$M.state' &&
	grep -qx 'trackx=2,1,225,0,DEA123300001' '$M.state' &&
	grep -qx 'trackx=3,1,75,0,-' '$M.state' && grep -qx 'index=3,2,1800' '$M.state' &&
	grep -qx 'mcn=0400012345678' '$M.state'"
check "the master has CD-TEXT" test -s "$M.cdt"
S=$(sectors_of "$M")

# ---- copied onto two CD-Rs in one run ---------------------------------------------------
run "$DISCBURN" dev="emu:cd-r:$T/a1.img,emu:cd-r:$T/a2.img" --from "emu:cd-r:log=$T/am.log:$M" \
	--journal "$T/a.jsonl" --verify
expect_rc 0 "the audio master copied onto two CD-Rs at once, verified"
check "the master is named: three audio tracks to the lead-out" \
	grep -q "^Master: the CD-R in .*, \"Copied_Album\", 3 track(s) (3 audio), $S sectors of 2352" "$T/err"
for c in a1 a2; do
	check "copy $c: the master's TOC, indices, codes, CD-TEXT and every sector" \
		same_disc "$M" "$T/$c.img"
	check "copy $c: -toc says the master's TOC" same_toc "$M" "$T/$c.img"
	check "copy $c: read back into a BIN/CUE, the master's" same_read "$M" "$T/$c.img"
done
check "the journal lists two good, verified copies" \
	test "$(grep -c '"verified":true,"result":"ok"' "$T/a.jsonl")" = 2
check "the journal's digest is the SHA-256 of the master's session as discburn reads it" \
	grep -q "{\"event\":\"digest\",\"sha256\":\"$(sha256sum < "$T/read-audio.img.bin" | cut -c1-64)\"}" \
	"$T/a.jsonl"
N=$(read_cd_sectors "$T/am.log")
check "the master was read once for two copies ($N sectors of $S)" \
	test "$S" -gt 2000 -a "$N" -ge "$S" -a "$N" -lt $((S + 64))
check "the master was only read: nothing written to it" bash -c "! grep -Eq '^(WRITE|SEND CUE)' '$T/am.log'"
peers "$M" "$T/a1.img" "$T/a2.img"

# two drives, two discs each (autoloaders): the master is still read once
run "$DISCBURN" dev="emu:cd-r:stack=2:$T/s,emu:cd-r:stack=2:$T/t" --copies 2 \
	--from "emu:cd-r:log=$T/am2.log:$M"
expect_rc 0 "four copies of the audio master from two drives"
for c in s.1 s.2 t.1 t.2; do
	check "copy $c equals the master" same_disc "$M" "$T/$c"
done
check "the master was read once for four copies as for two" \
	test "$(read_cd_sectors "$T/am2.log")" = "$N"

# ---- the mixed-mode master: an ISO, then WAV files ---------------------------------------
cat > "$T/mixed.cue" <<'EOF'
CATALOG 0123456789012
TITLE "Mixed Copy"
FILE "x.iso" BINARY
  TRACK 01 MODE1/2048
    TITLE "Data"
    INDEX 01 00:00:00
FILE "a.wav" WAVE
  TRACK 02 AUDIO
    TITLE "Tone A"
    ISRC DEA123300002
    PREGAP 00:02:00
    INDEX 01 00:00:00
FILE "b.wav" WAVE
  TRACK 03 AUDIO
    TITLE "Tone B"
    INDEX 00 00:00:00
    INDEX 01 00:01:00
EOF
X=$T/mixed.img
run "$DISCBURN" dev="emu:cd-r:$X" --verify "$T/mixed.cue"
expect_rc 0 "the mixed-mode master burnt from an ISO, WAV files and a cue sheet, verified"
DS=$(( $(stat -c %s "$T/x.iso") / 2048 ))
check "the master holds the ISO and the samples" bash -c "
	same_prefix '$T/x.iso' '$X' && samples_at '$T/a.wav' '$X.bin' $((DS + 150)) &&
	samples_at '$T/b.wav' '$X.bin' $((DS + 150 + 375))"
check "the master: data, audio, audio" \
	test "$(grep '^track=' "$X.state" | cut -d, -f6 | tr '\n' ' ')" = "4 0 0 "
XS=$(sectors_of "$X")
run "$DISCBURN" dev="emu:cd-r:$T/m1.img,emu:cd-r:$T/m2.img" --from "emu:cd-r:log=$T/xm.log:$X" \
	--verify
expect_rc 0 "the mixed-mode master copied onto two CD-Rs at once, verified"
check "the master is named: three tracks, two of them audio" \
	grep -q "^Master: the CD-R in .*, \"Mixed_Copy\", 3 track(s) (2 audio), $XS sectors" "$T/err"
for c in m1 m2; do
	check "copy $c: the master's TOC, codes, CD-TEXT, every sector, the data track's image" \
		bash -c "same_disc '$X' '$T/$c.img' && same_prefix '$T/x.iso' '$T/$c.img'"
	check "copy $c: -toc says the master's TOC" same_toc "$X" "$T/$c.img"
	check "copy $c: read back into a BIN/CUE, the master's" same_read "$X" "$T/$c.img"
done
N=$(read_cd_sectors "$T/xm.log")
check "the master was read once, its data track with its audio ($N sectors of $XS)" \
	test "$N" -ge "$XS" -a "$N" -lt $((XS + 64))
check "the data track was not read a second time as 2048-byte sectors" \
	bash -c "! grep -q '^READ(1[02])' '$T/xm.log'"
peers "$X" "$T/m1.img" "$T/m2.img"

# ---- a copy that came out wrong is found ----------------------------------------------------
# without verify: the comparisons above tell the corrupted copy from the good one
run "$DISCBURN" dev="emu:cd-r:$T/g.img,emu:cd-r:fault=corrupt@700:$T/k.img" --from "emu:cd-r:$M"
expect_rc 0 "a copy whose audio sector 700 a writer changed, not verified"
check "the good copy equals the master" same_disc "$M" "$T/g.img"
check "the corrupted copy does not" bash -c "! same_disc '$M' '$T/k.img'"
check "... in sector 700 alone" python3 -c '
import sys
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
bad = [i for i in range(len(a) // 2352) if a[i * 2352:(i + 1) * 2352] != b[i * 2352:(i + 1) * 2352]]
sys.exit(0 if len(a) == len(b) and bad == [700] else 1)' "$M.bin" "$T/k.img.bin"
check "... which discburn reads back too" bash -c "! same_read '$M' '$T/k.img'"
# with verify: the copy fails, naming its track and LBA
run "$DISCBURN" dev="emu:cd-r:$T/v1.img,emu:cd-r:fault=corrupt@700:$T/v2.img" --from "emu:cd-r:$M" \
	--verify
expect_rc 14 "a corrupted audio copy fails its verify, the other copy is made"
check "it names the track and the LBA" \
	grep -q "v2.img.*track 2 differs from its source at LBA 700" "$T/err"
check "the other copy is good" same_disc "$M" "$T/v1.img"
# a data sector of the mixed-mode copy
run "$DISCBURN" dev="emu:cd-r:fault=corrupt@100:$T/kd.img" --from "emu:cd-r:$X"
expect_rc 0 "a mixed-mode copy whose data sector 100 a writer changed, not verified"
check "the corrupted data copy differs from the master" bash -c "! same_disc '$X' '$T/kd.img'"
check "... and its data track from the ISO" bash -c "! same_prefix '$T/x.iso' '$T/kd.img'"
run "$DISCBURN" dev="emu:cd-r:fault=corrupt@100:$T/kv.img" --from "emu:cd-r:$X" --verify
expect_rc 11 "a corrupted data sector fails the copy's verify"
check "it names track 1 and LBA 100" grep -q "track 1 differs from its source at LBA 100" "$T/err"

# ---- a master with a track shorter than 4 s (cdrdao write --force makes one; discburn's
# own sheets refuse it): copied as it is, not padded to the data image's minimum ------
if command -v cdrdao > /dev/null && [ -f "$PRELOAD" ]; then
	make_wavs "$T/short.wav" 2 6
	printf 'CD_DA\nTRACK AUDIO\nFILE "%s" 0\nTRACK AUDIO\nFILE "%s" 0\nTRACK AUDIO\nFILE "%s" 0\n' \
		"$T/a.wav" "$T/short.wav" "$T/b.wav" > "$T/short.toc"
	H=$T/short.img
	drive cd-r "$H" cdrdao write --force --device "$PEER_DEV" --driver generic-mmc:0x0010 -n \
		"$T/short.toc"
	expect_rc 0 "cdrdao wrote a master whose track 2 lasts 2 s"
	check "its track 2 is 150 sectors" grep -q '^track=375,150,150,' "$H.state"
	run "$DISCBURN" dev="emu:cd-r:$T/h1.img" --from "emu:cd-r:$H" --verify
	expect_rc 0 "the master with a 2-second track copied, verified"
	check "the copy's track 2 is 150 sectors too, every sector the master's" same_disc "$H" "$T/h1.img"
	check "nothing was padded" bash -c "! grep -q '4-second minimum' '$T/err'"
else
	no_peer cdrdao
fi

# ---- what cannot be copied --------------------------------------------------------------
run "$DISCBURN" dev="emu:dvd+r:$T/dvd.img" --from "emu:cd-r:$M"
expect_rc 6 "an audio master onto a DVD+R is refused"
check "it says a CD layout needs a CD" grep -q "is a CD layout.*Insert a CD-R" "$T/err"
check "the DVD+R is untouched" grep -qx 'sessions=0' "$T/dvd.img.state"
run "$DISCBURN" dev="emu:cd-r:$T/r.img" --from "emu:cd-r:fault=read-error@1000:$M" retries=1
expect_rc 8 "an audio master with an unreadable sector"
check "it names the master's LBA" grep -q "the master disc in .* cannot be read at LBA 1000" "$T/err"
check "the copy was not closed" grep -qx 'sessions=0' "$T/r.img.state"
# an enhanced CD (an audio session, then a data session): a copy would hold one session
E=$T/enhanced.img
"$DISCBURN" dev="emu:cd-r:$E" -multi -audio "$T/a.wav" "$T/b.wav" > /dev/null 2>&1
MS=$("$DISCBURN" dev="emu:cd-r:$E" -msinfo 2> /dev/null)
mkdir -p "$T/s2" && echo extra > "$T/s2/EXTRA.TXT"
genisoimage -quiet -R -C "$MS" -o "$T/s2.iso" "$T/s2" 2> /dev/null
"$DISCBURN" dev="emu:cd-r:$E" -data "$T/s2.iso" > /dev/null 2>&1
check "(an enhanced CD of two sessions)" grep -qx 'sessions=2' "$E.state"
run "$DISCBURN" dev="emu:cd-r:$T/e1.img" --from "emu:cd-r:$E"
expect_rc 8 "an enhanced CD master is refused"
check "it says why" grep -q "holds 2 sessions" "$T/err"
check "no writer was opened" test ! -e "$T/e1.img"
finish
