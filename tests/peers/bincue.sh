#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Audio and mixed CDs read into BIN/CUE (f=NAME.cue, NAME.bin beside it): discs burnt onto the
# emulator by wodim (DAO with CD-TEXT, catalog number and ISRC; TAO) and by
# cdrdao (a pregap, an index 2, pre-emphasis; a data track and audio tracks),
# then read by discburn. Judged on bytes and on what others say: the BIN is
# the disc's every sector as the emulator holds it and as cdrdao read-cd
# reads it, the cue sheet says what the emulator's own account of the disc
# says, and discburn's cue parser (src/image/cue.c) reads it back into the
# disc's layout; the discs of wodim and cdrdao are copied from disc to disc
# (--from) onto discs equal to them.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/peers/lib.sh"
need wodim cdrdao genisoimage python3
make_wavs "$T/a.wav" 5 1 "$T/b.wav" 4 2 "$T/c.wav" 4.5 3
make_cdtext "$T/text.cdt"
peer_isos

# same_cue MINE DISC: the cue sheet MINE says what the emulator's DISC.cue says
# (their comments and FILE lines aside, and the CD-TEXT file the emulator
# keeps beside its own)
same_cue() {
	diff <(grep -Ev '^(REM|FILE|CDTEXTFILE)' "$2.cue") <(grep -Ev '^(REM|FILE)' "$1") > "$T/cue.diff"
}
# fact CUE KEY: a value discburn -inspect gives of a cue sheet (wodim's DAO
# pregap leaves track 1 shorter than 4 s, which the parser says on stderr)
fact() { "$DISCBURN" -inspect "$1" 2> /dev/null | sed -n "s/^$2  *//p"; }

# ---- wodim -dao: CD-TEXT, catalog number, ISRC, a pregap taken from track 1 -----
D=$T/dao.img
drive cd-r "$D" wodim -v -dao -text textfile="$T/text.cdt" mcn=0123456789012 gracetime=0 \
	dev="$PEER_DEV" -audio isrc=DEA123300001 "$T/a.wav" "$T/b.wav"
expect_rc 0 "dao: wodim -dao -text -audio"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/dao.cue"
expect_rc 0 "dao: discburn read the CD into BIN/CUE"
check "dao: the BIN is every sector of the disc" cmp -s "$D.bin" "$T/dao.bin"
check "dao: the BIN holds a.wav's samples at LBA 0" samples_at "$T/a.wav" "$T/dao.bin" 0
check "dao: the cue sheet says what the disc holds" same_cue "$T/dao.cue" "$D"
check "dao: it names the BIN beside it" grep -qx 'FILE "dao.bin" BINARY' "$T/dao.cue"
check "dao: the CD-TEXT, catalog number and ISRC are in it" bash -c "
	grep -qx 'TITLE \"Emulated Album\"' '$T/dao.cue' &&
	grep -qx '    PERFORMER \"Bob\"' '$T/dao.cue' &&
	grep -qx 'CATALOG 0123456789012' '$T/dao.cue' &&
	grep -qx '    ISRC DEA123300001' '$T/dao.cue'"
check "dao: the cue parser reads track 2's pregap of 150 sectors back" \
	test "$(fact "$T/dao.cue" track.2.pregap)" = 150
check "dao: and the disc's CD-TEXT" test "$(fact "$T/dao.cue" track.1.text.title)" = First
check "dao: and the catalog number" test "$(fact "$T/dao.cue" disc.mcn)" = 0123456789012
check "dao: an audio CD in an ISO image is refused, with the way to read it" bash -c "
	'$DISCBURN' dev='emu:cd-r:$D' f='$T/dao.iso' 2> '$T/iso.err'; test \$? = 6 &&
	grep -q 'f=NAME.cue' '$T/iso.err'"

# wodim's disc as the master of a copy (tests/copy-cd-emu.sh has discburn's)
run "$DISCBURN" dev="emu:cd-r:$T/copy.img" --from "emu:cd-r:$D" --verify
expect_rc 0 "dao: wodim's disc copied from disc to disc"
check "dao: the copy holds the master's every sector, CD-TEXT and TOC" bash -c "
	cmp -s '$D.bin' '$T/copy.img.bin' && cmp -s '$D.cdt' '$T/copy.img.cdt' &&
	diff <(grep -v '^tray=' '$D.state') <(grep -v '^tray=' '$T/copy.img.state')"
check "dao: an audio master is not copied onto a DVD" bash -c "
	'$DISCBURN' dev='emu:dvd+r:$T/dcopy.img' --from 'emu:cd-r:$D' 2> '$T/m.err'; test \$? = 6 &&
	grep -q 'is a CD layout' '$T/m.err' && grep -qx 'sessions=0' '$T/dcopy.img.state'"

run "$DISCBURN" dev="emu:cd-r:$D" -inspect --json
expect_rc 0 "dao: -inspect of an audio CD"
check "dao: -inspect gives the session's pregaps, codes and CD-TEXT" python3 -c '
import json, sys
o = json.loads(open(sys.argv[1]).read())
sys.exit(0 if o["cd.mcn"] == "0123456789012" and o["cd.track.2.pregap"] == 150 and
         o["cd.track.1.isrc"] == "DEA123300001" and o["cd.track.2.text.title"] == "Second"
         and "image.sectors" not in o else 1)' "$T/out"

# ---- cdrdao: a 1 s pregap, an index 2, pre-emphasis, three tracks --------------------
cat > "$T/album.toc" <<EOF
CD_DA
CATALOG "0400012345678"
TRACK AUDIO
ISRC "GBAYE6400123"
FILE "$T/a.wav" 0
TRACK AUDIO
PRE_EMPHASIS
PREGAP 00:01:00
FILE "$T/b.wav" 0
INDEX 00:02:00
TRACK AUDIO
FILE "$T/c.wav" 0
EOF
D=$T/cdrdao.img
drive cd-r "$D" cdrdao write --device "$PEER_DEV" --driver generic-mmc:0x0010 -n "$T/album.toc"
expect_rc 0 "cdrdao: write"
run "$DISCBURN" dev="emu:cd-r:log=$T/r.log:$D" f="$T/album.cue" --json
expect_rc 0 "cdrdao: discburn read it"
check "cdrdao: the BIN is every sector of the disc" cmp -s "$D.bin" "$T/album.bin"
check "cdrdao: the cue sheet says what the disc holds" same_cue "$T/album.cue" "$D"
check "cdrdao: pregap, index 2, pre-emphasis" bash -c "
	grep -qx '    INDEX 00 00:05:00' '$T/album.cue' && grep -qx '    INDEX 02 00:08:00' '$T/album.cue' &&
	grep -qx '    FLAGS PRE' '$T/album.cue'"
check "cdrdao: the cue parser reads the index and the pre-emphasis back" bash -c "
	test \"\$('$DISCBURN' -inspect '$T/album.cue' | sed -n 's/^track.2.index.2  *//p')\" = 600 &&
	'$DISCBURN' -inspect '$T/album.cue' | grep -Eq '^track.2.preemphasis +true'"
check "cdrdao: --json says the cue and the SHA-256 of the BIN" python3 -c '
import hashlib, json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
cue = [e for e in ev if e["event"] == "cue"][0]
done = ev[-1]
sys.exit(0 if cue["tracks"] == 3 and cue["mcn"] == "0400012345678" and
         done["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest() else 1)' \
	"$T/out" "$T/album.bin"
check "cdrdao: the pregap and index were found with few sub-channel reads" \
	test "$(grep -c '^READ CD .*cdb=be00.\{14\}0002' "$T/r.log")" -lt 64
(cd "$T" && drive cd-r "$D" cdrdao read-cd --device "$PEER_DEV" --datafile "$T/rc.bin" "$T/rc.toc")
expect_rc 0 "cdrdao: read-cd of the same disc"
check "cdrdao: its data file, in its byte order, is discburn's BIN" python3 -c '
import sys
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
sys.exit(0 if len(a) == len(b) and bytes(a[k ^ 1] for k in range(len(a))) == b else 1)' \
	"$T/rc.bin" "$T/album.bin"
# a bad sector in the audio: the map counts 2352-byte sectors, the rerun fills it
run "$DISCBURN" dev="emu:cd-r:fault=read-error@500:$D" f="$T/bad.cue" -noerror retries=1
expect_rc 19 "cdrdao: a bad audio sector"
check "cdrdao: the map has it at its byte offset in the BIN" \
	grep -q "^0x$(printf '%08X' $((500 * 2352)))  0x$(printf '%08X' 2352)  -$" "$T/bad.bin.map"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/bad.cue" retries=1
expect_rc 0 "cdrdao: the rerun reads it"
check "cdrdao: and the BIN is whole" cmp -s "$D.bin" "$T/bad.bin"

# ---- a mixed-mode CD: a data track, then audio ------------------------------------------
cat > "$T/mixed.toc" <<EOF
CD_ROM
TRACK MODE1
DATAFILE "$T/a.iso"
TRACK AUDIO
FILE "$T/a.wav" 0
TRACK AUDIO
FILE "$T/b.wav" 0
EOF
D=$T/mixed.img
drive cd-r "$D" cdrdao write --device "$PEER_DEV" --driver generic-mmc:0x0010 -n "$T/mixed.toc"
expect_rc 0 "mixed: cdrdao write"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/mixed.cue"
expect_rc 0 "mixed: BIN/CUE"
check "mixed: the BIN holds the data track's raw sectors and the audio" cmp -s "$D.bin" "$T/mixed.bin"
check "mixed: the cue sheet says what the disc holds" same_cue "$T/mixed.cue" "$D"
check "mixed: track 1 is MODE1/2352" grep -qx '  TRACK 01 MODE1/2352' "$T/mixed.cue"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/mixed.iso"
expect_rc 0 "mixed: the data track alone into an ISO image"
check "mixed: the ISO is the data track's image" cmp -s "$T/a.iso" "$T/mixed.iso"
check "mixed: it says the audio tracks were left out" grep -q "2 audio track(s) are not read" "$T/err"
run "$DISCBURN" dev="emu:cd-r:$T/mcopy.img" --from "emu:cd-r:$D" --verify
expect_rc 0 "mixed: cdrdao's mixed-mode disc copied from disc to disc"
check "mixed: the copy holds the master's every sector and TOC" bash -c "
	cmp -s '$D.bin' '$T/mcopy.img.bin' && cmp -s '$T/a.iso' '$T/mcopy.img' -n $(stat -c %s "$T/a.iso") &&
	diff <(grep -v '^tray=' '$D.state') <(grep -v '^tray=' '$T/mcopy.img.state')"

# ---- wodim -tao -audio: the drive's 2 s pregaps ------------------------------------------
D=$T/tao.img
drive cd-r "$D" wodim -v -tao -pad -audio gracetime=0 dev="$PEER_DEV" "$T/a.wav" "$T/c.wav"
expect_rc 0 "tao: wodim -tao -audio"
run "$DISCBURN" dev="emu:cd-r:$D" f="$T/tao.cue"
expect_rc 0 "tao: BIN/CUE"
check "tao: the BIN is every sector of the disc" cmp -s "$D.bin" "$T/tao.bin"
check "tao: the cue sheet says what the disc holds" same_cue "$T/tao.cue" "$D"

# ---- not a CD ------------------------------------------------------------------------------
run "$DISCBURN" dev="emu:dvd-rom:$T/a.iso" f="$T/dvd.cue"
expect_rc 6 "a DVD into BIN/CUE is refused"
check "it says a BIN/CUE holds CD sectors" grep -q "BIN/CUE holds CD sectors" "$T/err"
finish
