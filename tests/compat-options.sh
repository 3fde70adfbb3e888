#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The compatibility contract, doc/cdrecord-compat.md, row by row: every
# option of cdrecord's and wodim's manual pages is run on the emulator, and
# its row's claims are checked: the exit status, the warning or refusal line
# and, for the options that change a burn, the disc afterwards (compared
# with its source). The rows are read from the document: a row without a
# case here fails, and so does a case without a row. Then the command
# language around them: b,t,l device names, dev= lists and --drive, a
# repeated dev=, the defaults file, CDR_SPEED, --, SIGHUP.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/peers/lib.sh"
need_tools genisoimage:genisoimage python3:python3
DOC=${top_srcdir:-$(dirname "$0")/..}/doc/cdrecord-compat.md
unset CDR_DEVICE CDR_SPEED CDR_FIFOSIZE

ISO=$T/img.iso
make_iso "$ISO" 2 COMPAT
BLOCKS=$(($(stat -c %s "$ISO") / 2048))
make_wavs "$T/a.wav" 5 1
export -f samples_at same_prefix

# ---- helpers ---------------------------------------------------------------
disc() { mktemp -u "$T/dXXXXXX.img"; }                 # a new disc's file
on() { run "$DISCBURN" dev="emu:$1" "${@:2}"; }         # on KIND:FILE args...
minfo_has() { "$DISCBURN" dev="emu:$1" -minfo 2>/dev/null | grep -q "$2"; }
state_has() { grep -q "^$2" "$1.state"; }
track1() { grep '^track=' "$1.state" | head -1 | cut -d= -f2 | cut -d, -f"$2"; }
# data DISC [KIND] args...: burn the ISO; the disc must equal it
data() {
	local d=$1 kind=$2; shift 2
	on "$kind:$d" "$@" "$ISO"
	check "$ROW: the disc equals the image" same_prefix "$ISO" "$d"
}
# audio DISC args...: burn a.wav as an audio CD-R; its samples must be there
audio() {
	local d=$1; shift
	on "cd-r:$d" "$@"
	check "$ROW: the samples are on the disc" samples_at "$T/a.wav" "$d.bin" 0
}
# untouched DISC CMD...: running CMD leaves DISC as it was
untouched() {
	local d=$1 before; before=$(fingerprint "$d" "$d.state")
	run "${@:2}"
	check "$ROW: the disc is untouched" test "$before" = "$(fingerprint "$d" "$d.state")"
}
# blocks_of LOG SIZE: the emulator's log has WRITE(10)s of SIZE-byte blocks
blocks_of() {
	python3 - "$@" <<'PY'
import re, sys
ok = False
for line in open(sys.argv[1]):
    m = re.match(r'WRITE\(10\) cdb=(\w+) len=(\d+)', line)
    if m and int(m.group(1)[14:18], 16):
        ok = int(m.group(2)) == int(m.group(1)[14:18], 16) * int(sys.argv[2])
        if not ok:
            break
sys.exit(0 if ok else 1)
PY
}
blank_cd() { "$DISCBURN" dev="emu:${2:-cd-r}:$1" -minfo > /dev/null 2>&1; }

# ---- one case per row ---------------------------------------------------------
row_dev_eq_() { data "$(disc)" cd-r; }
row_version() { run "$DISCBURN" -version; check "$ROW: names discburn" grep -qi discburn "$T/out"; }
row_help() { run "$DISCBURN" -help; check "$ROW: the usage" grep -q "dev=" "$T/out"; }
row_h() { run "$DISCBURN" -h; check "$ROW: the usage" grep -q "dev=" "$T/out"; }
row_v() { data "$(disc)" cd-r -v; }
row_verbose() {
	local d; d=$(disc)
	data "$d" cd-r -verbose -V
	local plain; plain=$(grep -vc '^SCSI' "$T/err")
	data "$(disc)" cd-r -V
	check "$ROW: says as much as -v" test "$(grep -vc '^SCSI' "$T/err")" -lt "$plain"
}
row_V() { data "$(disc)" cd-r -V; check "$ROW: commands traced" grep -q '^SCSI WRITE' "$T/err"; }
row_d() { data "$(disc)" cd-r -d; }
row_debug_eq_() { data "$(disc)" cd-r debug=3; }
row_kdebug_eq_() { data "$(disc)" cd-r kdebug=1; }
row_kd_eq_() { data "$(disc)" cd-r kd=1; }
row_scgopts_eq_() { data "$(disc)" cd-r scgopts=ignore; }
no_progress() { ! grep -q ' of .* written' "$T/out" "$T/err"; }
row_silent() { data "$(disc)" cd-r -silent; check "$ROW: no progress" no_progress; }
row_s() { data "$(disc)" cd-r -s; check "$ROW: no progress" no_progress; }
row_force() {
	local d; d=$(disc)
	on "dvd+rw:$d" "$T/a.wav" -force      # any data on it
	make_iso "$T/b.iso" 1 OTHER
	on "dvd+rw:$d" "$ISO"
	check "$ROW: without it the data is kept (exit 16)" test "$RC" = 16
	data "$d" dvd+rw -force
}
row_immed() { data "$(disc)" cd-r -immed; }
row_dummy() {
	local d; d=$(disc)
	on "cd-r:$d" -dummy "$ISO"
	check "$ROW: the disc is still blank" minfo_has "$d" "Disk status *: blank"
}
row_clone() { local d; d=$(disc); blank_cd "$d"; untouched "$d" "$DISCBURN" dev="emu:$d" -clone "$ISO"; }
sao_burn() {
	local d; d=$(disc)
	data "$d" "log=$d.log:cd-r" "$@"
	check "$ROW: SEND CUE SHEET was sent" grep -q '^SEND CUE SHEET' "$d.log"
}
row_dao() { sao_burn -dao; }
row_sao() { sao_burn -sao; }
row_tao() {
	local d; d=$(disc)
	data "$d" "log=$d.log:cd-r" -tao
	check "$ROW: no cue sheet" bash -c "! grep -q '^SEND CUE SHEET' '$d.log'"
}
raw_burn() {
	local d; d=$(disc)
	data "$d" "log=$d.log:cd-r" "$1" -data
	check "$ROW: raw blocks written (2352 + 96 bytes)" blocks_of "$d.log" 2448
}
row_raw() { raw_burn -raw; }
row_raw96r() { raw_burn -raw96r; }
row_raw96p() { local d; d=$(disc); blank_cd "$d"; untouched "$d" "$DISCBURN" dev="emu:$d" -raw96p -data "$ISO"; }
row_raw16() { local d; d=$(disc); blank_cd "$d"; untouched "$d" "$DISCBURN" dev="emu:$d" -raw16 -data "$ISO"; }
row_multi() {
	local d; d=$(disc)
	data "$d" cd-r -multi
	check "$ROW: appendable" minfo_has "$d" "Disk status *: appendable"
	check "$ROW: the session is closed, the next one empty" minfo_has "$d" "Last session status *: empty"
}
MULTI=""
multi_disc() {
	[ -n "$MULTI" ] && return
	MULTI=$T/multi.img
	"$DISCBURN" dev="emu:cd-r:$MULTI" -multi "$ISO" > /dev/null 2>&1
}
row_msinfo() {
	multi_disc
	on "$MULTI" -msinfo
	check "$ROW: 0,NEXT" grep -Eq '^0,[0-9]+$' "$T/out"
}
row_msifile_eq_() {
	multi_disc
	on "$MULTI" -msinfo msifile="$T/msi"
	check "$ROW: the file holds the answer" cmp -s "$T/out" "$T/msi"
	check "$ROW: the answer is 0,NEXT" grep -Eq '^0,[0-9]+$' "$T/msi"
}
row_toc() {
	local d; d=$(disc)
	"$DISCBURN" dev="emu:cd-r:$d" "$ISO" > /dev/null 2>&1
	on "$d" -toc
	check "$ROW: lists track 1" grep -Eqi 'track *:? *1|track +01' "$T/out"
}
row_atip() { local d; d=$(disc); on "cd-r:$d" -atip; check "$ROW: ATIP" grep -q ATIP "$T/out"; }
row_fix() {
	local d; d=$(disc)
	"$DISCBURN" dev="emu:cd-r:$d" -nofix "$ISO" > /dev/null 2>&1
	on "$d" -fix
	check "$ROW: the disc is closed" minfo_has "$d" "Disk status *: complete"
	check "$ROW: the data is kept" same_prefix "$ISO" "$d"
	local rc=$RC
	untouched "$d" "$DISCBURN" dev="emu:$d" -fix
	check "$ROW: a closed disc has nothing to fix (exit 6)" test "$RC" = 6
	d=$(disc)
	"$DISCBURN" dev="emu:cd-r:$d" -nofix "$ISO" > /dev/null 2>&1
	untouched "$d" "$DISCBURN" dev="emu:$d" -dummy -fix
	check "$ROW: -dummy -fix refused (exit 2)" test "$RC" = 2
	run "$DISCBURN" dev="emu:$d" -fix -eject
	check "$ROW: -fix -eject closes and ejects" bash -c "test $RC = 0 && grep -q '^tray=open' '$d.state'"
	RC=$rc
}
row_nofix() {
	local d; d=$(disc)
	data "$d" cd-r -nofix
	check "$ROW: appendable" minfo_has "$d" "Disk status *: appendable"
	check "$ROW: the session is open" minfo_has "$d" "Last session status *: incomplete"
	local rc=$RC
	# the open session's tracks, although the drive gives no TOC for it
	local blocks; blocks=$("$DISCBURN" dev="emu:$d" -minfo 2>/dev/null |
		sed -n 's/^Track  1 *: session 1, start 0, size \([0-9]*\).*/\1/p')
	run "$DISCBURN" dev="emu:$d" -toc
	check "$ROW: -toc of the open disc lists track 1 and the lead-out after its ${blocks:-?} blocks (exit $RC)" \
		bash -c "test $RC = 0 && grep -q '^first: 1 last 1\$' '$T/out' &&
			grep -Eq '^track: +1 lba: +0 ' '$T/out' &&
			grep -Eq '^track:lout lba: +$blocks ' '$T/out'"
	check "$ROW: -toc says the session is open" grep -q "is open (not fixated)" "$T/err"
	d=$(disc)
	data "$d" dvd-r -nofix
	check "$ROW: DVD-R: the session is open" minfo_has "$d" "Last session status *: incomplete"
	d=$(disc)
	blank_cd "$d"
	untouched "$d" "$DISCBURN" dev="emu:$d" -nofix -sao "$ISO"
	check "$ROW: -sao refused (exit 6)" test "$RC" = 6
	d=$(disc)
	data "$d" dvd+rw -nofix
	check "$ROW: DVD+RW: a warning" grep -q 'warning: -nofix is ignored' "$T/err"
	RC=$rc
}
row_waiti() {
	local d; d=$(disc)
	run bash -c "(sleep 1; cat '$ISO') | '$DISCBURN' dev='emu:cd-r:$d' -waiti tsize=$(stat -c %s "$ISO") -"
	check "$ROW: the disc equals the image" same_prefix "$ISO" "$d"
}
row_load() { local d; d=$(disc); blank_cd "$d"; "$DISCBURN" dev="emu:$d" -eject; on "$d" -load
	check "$ROW: the tray is in" bash -c "! grep -q '^tray=open' '$d.state'"; }
row_lock() { local d; d=$(disc); blank_cd "$d"; on "$d" -lock; }
row_eject() {
	local d; d=$(disc)
	data "$d" cd-r -eject
	check "$ROW: the tray is open" state_has "$d" "tray=open"
}
row_format() {
	local d; d=$(disc)
	on "dvd+rw:$d" -format
	check "$ROW: formatted" state_has "$d" "formatted=1"
}
row_blank_eq_() {
	local d; d=$(disc)
	"$DISCBURN" dev="emu:cd-rw:$d" "$ISO" > /dev/null 2>&1
	on "$d" blank=fast
	check "$ROW: blank" minfo_has "$d" "Disk status *: blank"
}
row_setdropts() { run "$DISCBURN" -setdropts; }
row_checkdrive() { local d; d=$(disc); on "cd-r:$d" -checkdrive; check "$ROW: the drive" test -s "$T/out"; }
row_prcap() { local d; d=$(disc); on "cd-r:$d" -prcap; check "$ROW: the capabilities" test -s "$T/out"; }
row_inq() { local d; d=$(disc); on "cd-r:$d" -inq; check "$ROW: the identity" test -s "$T/out"; }
row_minfo() { local d; d=$(disc); on "cd-r:$d" -minfo; check "$ROW: the medium" grep -q CD-R "$T/out"; }
row_media_info() { local d; d=$(disc); on "cd-r:$d" -media-info; check "$ROW: the medium" grep -q CD-R "$T/out"; }
drives_here() { ls /dev/sr* /dev/sg* > /dev/null 2>&1; }
row_scanbus() { run "$DISCBURN" -scanbus; if drives_here; then ROW_EXIT=0; ROW_SAYS=-; fi; }
row_devices() { run "$DISCBURN" --devices; if drives_here; then ROW_EXIT=0; ROW_SAYS=-; fi; }
row_reset() { run "$DISCBURN" -reset; }
row_abort() { run "$DISCBURN" -abort; }
row_overburn() {
	data "$(disc)" cd-r -overburn
	local rc=$RC d; d=$(disc)
	blank_cd "$d" dvd+r
	untouched "$d" "$DISCBURN" dev="emu:dvd+r:$d" -overburn "$ISO"
	check "$ROW: DVD+R refused (exit 6)" test "$RC" = 6
	check "$ROW: DVD+R: says why" grep -q 'cannot be overburnt' "$T/err"
	d=$(disc)
	blank_cd "$d" bd-r
	untouched "$d" "$DISCBURN" dev="emu:bd-r:$d" -overburn "$ISO"
	check "$ROW: BD-R refused (exit 6)" test "$RC" = 6
	RC=$rc
}
row_ignsize() { data "$(disc)" cd-r -ignsize; }
row_useinfo() {
	printf "ISRC=\t\tDEA123300001\nTracktitle=\t'First'\n" > "$T/a.inf"
	local d; d=$(disc)
	audio "$d" -useinfo -audio "$T/a.wav"
	check "$ROW: the ISRC from a.inf" grep -q '^trackx=1,.*DEA123300001' "$d.state"
}
row_text() {
	printf "Albumtitle=\t'Album'\nTracktitle=\t'First'\nPerformer=\t'Alice'\n" > "$T/a.inf"
	local d; d=$(disc)
	audio "$d" -useinfo -text -audio "$T/a.wav"
	check "$ROW: CD-TEXT written" bash -c "grep -q '^cdtext=[1-9]' '$d.state' && grep -q First '$d.cdt'"
	rm -f "$T/a.inf"
}
row_textfile_eq_() {
	make_cdtext "$T/text.cdt"
	make_wavs "$T/b.wav" 4 2
	local d; d=$(disc)
	audio "$d" -text textfile="$T/text.cdt" -audio "$T/a.wav" "$T/b.wav"
	check "$ROW: the packs are on the disc" cmp -s <(tail -c +5 "$T/text.cdt" | head -c 18) \
		<(tail -c +5 "$d.cdt" | head -c 18)
}
row_cuefile_eq_() {
	printf 'FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n' > "$T/a.cue"
	audio "$(disc)" cuefile="$T/a.cue"
}
row_mcn_eq_() { local d; d=$(disc); audio "$d" mcn=0123456789012 -audio "$T/a.wav"
	check "$ROW: the catalog number" state_has "$d" "mcn=0123456789012"; }
row_isrc_eq_() { local d; d=$(disc); audio "$d" -audio isrc=DEA123300002 "$T/a.wav"
	check "$ROW: the ISRC" grep -q '^trackx=1,.*DEA123300002' "$d.state"; }
row_index_eq_() { local d; d=$(disc); audio "$d" -audio index=0,100 "$T/a.wav"
	check "$ROW: index 2 at 100" state_has "$d" "index=1,2,100"; }
row_pregap_eq_() {
	make_wavs "$T/b.wav" 4 2
	local d; d=$(disc)
	audio "$d" -audio "$T/a.wav" pregap=300 "$T/b.wav"
	check "$ROW: track 2's pregap" grep -q '^trackx=2,1,300,' "$d.state"
}
row_defpregap_eq_() { audio "$(disc)" defpregap=150 -audio "$T/a.wav"; }
row_audio() { local d; d=$(disc); audio "$d" -audio "$T/a.wav"
	check "$ROW: an audio track" test "$(track1 "$d" 6)" = 0; }
row_swab() {      # a headerless file is big-endian; -swab: little-endian
	python3 -c "import sys; w = open(sys.argv[1], 'rb').read(); open(sys.argv[2], 'wb').write(w[w.index(b'data') + 8:])" "$T/a.wav" "$T/a.raw"
	local d; d=$(disc)
	audio "$d" -audio -swab "$T/a.raw"
	"$DISCBURN" dev="emu:cd-r:$d.2" -audio "$T/a.raw" > /dev/null 2>&1
	check "$ROW: without it the samples are swapped" samples_at "$T/a.wav" "$d.2.bin" 0 swap
}
row_data() { data "$(disc)" cd-r -data; }
mode_burn() {       # mode_burn OPTION FORM
	local d; d=$(disc)
	head -c $((2336 * 400)) /dev/urandom > "$T/m.bin"
	on "cd-r:$d" "$1" "$T/m.bin"
	check "$ROW: a track of form $2" grep -q "^trackx=1,$2," "$d.state"
}
row_mode2() { mode_burn -mode2 2; }
row_xa() { local d; d=$(disc); data "$d" cd-r -xa; check "$ROW: an XA track" grep -q '^trackx=1,3,' "$d.state"; }
row_xa1() { local d; d=$(disc); data "$d" cd-r -xa1; check "$ROW: an XA track" grep -q '^trackx=1,3,' "$d.state"; }
row_xa2() {
	local d; d=$(disc)
	head -c $((2324 * 400)) /dev/urandom > "$T/x2.bin"
	on "cd-r:$d" -xa2 "$T/x2.bin"
	check "$ROW: an XA track" grep -q '^trackx=1,3,' "$d.state"
}
row_xamix() { local d; d=$(disc); blank_cd "$d"; untouched "$d" "$DISCBURN" dev="emu:$d" -xamix "$ISO"; }
row_cdi() { local d; d=$(disc); blank_cd "$d"; untouched "$d" "$DISCBURN" dev="emu:$d" -cdi "$ISO"; }
row_isosize() {
	cat "$ISO" /dev/zero 2> /dev/null | head -c $(($(stat -c %s "$ISO") + 40960)) > "$T/big.iso"
	local d; d=$(disc)
	on "cd-r:$d" -isosize "$T/big.iso"
	check "$ROW: the track is the volume's size" test "$(track1 "$d" 2)" = "$BLOCKS"
}
row_pad() { local d; d=$(disc); data "$d" cd-r -pad
	check "$ROW: 15 sectors more" test "$(track1 "$d" 2)" = $((BLOCKS + 15)); }
row_nopad() { local d; d=$(disc); data "$d" cd-r -pad -nopad
	check "$ROW: the image's size" test "$(track1 "$d" 2)" = "$BLOCKS"; }
row_padsize_eq_() { local d; d=$(disc); data "$d" cd-r padsize=40
	check "$ROW: 40 sectors more" test "$(track1 "$d" 2)" = $((BLOCKS + 40)); }
row_shorttrack() { data "$(disc)" cd-r -shorttrack; }
row_noshorttrack() { data "$(disc)" cd-r -noshorttrack; }
ctl_burn() {        # ctl_burn CONTROL option...
	local want=$1 d; shift; d=$(disc)
	audio "$d" -audio "$@" "$T/a.wav"
	check "$ROW: control nibble $want" test "$(track1 "$d" 6)" = "$want"
}
row_preemp() { ctl_burn 1 -preemp; }
row_nopreemp() { ctl_burn 0 -preemp -nopreemp; }
row_copy() { ctl_burn 2 -copy; }
row_nocopy() { ctl_burn 0 -copy -nocopy; }
row_scms() { local d; d=$(disc); audio "$d" -audio -scms "$T/a.wav"
	check "$ROW: SCMS" grep -q '^trackx=1,1,[0-9]*,1,' "$d.state"; }
row_packet() { data "$(disc)" cd-r -packet; }
row_pktsize_eq_() { data "$(disc)" cd-r -packet pktsize=32; }
row_noclose() { local d; d=$(disc); data "$d" cd-r -noclose
	check "$ROW: the disc is closed as without it" minfo_has "$d" "Disk status *: complete"; }
row_doorlock() { data "$(disc)" cd-r -doorlock; }
row_speed_eq_() { data "$(disc)" cd-r speed=8; }
row_fs_eq_() { data "$(disc)" cd-r fs=1m; }
row_ts_eq_() { data "$(disc)" cd-r ts=64k; }
row_minbuf_eq_() { data "$(disc)" cd-r minbuf=90; }
row_gracetime_eq_() {
	local t0=$SECONDS
	data "$(disc)" cd-r gracetime=2
	check "$ROW: waited" test $((SECONDS - t0)) -ge 2
}
row_timeout_eq_() { data "$(disc)" cd-r timeout=120; }
row_driveropts_eq_() {
	local d; d=$(disc)
	data "$d" cd-r driveropts=noburnfree,audiomaster
	check "$ROW: audiomaster warned about" grep -q 'warning: driveropts=audiomaster is ignored' "$T/err"
	local rc=$RC
	d=$(disc)
	untouched "$d" "$DISCBURN" dev="emu:cd-r:$d" driveropts=frobnicate "$ISO"
	check "$ROW: an unknown one refused (exit 2)" test "$RC" = 2
	RC=$rc
}
row_driveropts_eq_help() {
	local d; d=$(disc)
	run "$DISCBURN" dev="emu:cd-r:$d" driveropts=help "$ISO"
	check "$ROW: the list" grep -q burnfree "$T/out"
	check "$ROW: nothing burnt" test ! -e "$d"
}
row_tsize_eq_() {
	local d; d=$(disc)
	run bash -c "'$DISCBURN' dev='emu:cd-r:$d' tsize=$(stat -c %s "$ISO") - < '$ISO'"
	check "$ROW: the disc equals the image" same_prefix "$ISO" "$d"
}
row_tsize_N() {
	local d; d=$(disc)
	run bash -c "'$DISCBURN' dev='emu:cd-r:$d' -tsize $(stat -c %s "$ISO") - < '$ISO'"
	check "$ROW: the disc equals the image" same_prefix "$ISO" "$d"
}

# ---- the table -----------------------------------------------------------------
key() { sed 's/^-*//; s/=/_eq_/; s/[^A-Za-z0-9_]/_/g' <<< "$1"; }
rows=$(sed -n '/^## Options/,$p' "$DOC" | grep '^| `')
test -n "$rows" || bad "doc/cdrecord-compat.md has an options table"
declare -A seen
while IFS='|' read -r _ opt status exit says _; do
	opt=$(sed 's/^ *`//; s/` *$//' <<< "$opt"); status=${status// /}; exit=${exit// /}
	says=$(sed 's/^ *//; s/ *$//; s/^`//; s/`$//' <<< "$says")
	ROW=$opt; k=$(key "$opt"); seen[$k]=1
	if ! declare -F "row_$k" > /dev/null; then
		bad "$opt: the table's row has no case in tests/compat-options.sh"; continue
	fi
	ROW_EXIT=$exit ROW_SAYS=$says
	"row_$k" < /dev/null
	expect_rc "$ROW_EXIT" "$opt ($status)"
	case $status in
	implemented) ;;
	warning)
		check "$opt: one warning line saying why" grep -q "^discburn: warning: .*$ROW_SAYS" "$T/err" ;;
	refused)
		check "$opt: refused with a line saying why" grep -q "^discburn: .*$ROW_SAYS" "$T/err" ;;
	*) bad "$opt: status '$status' is none of implemented, warning, refused" ;;
	esac
	if [ "$ROW_SAYS" != - ] && [ "$status" = implemented ]; then
		check "$opt: says $ROW_SAYS" grep -q -- "$ROW_SAYS" "$T/err"
	fi
done <<< "$rows"
for f in $(declare -F | awk '{print $3}' | grep '^row_'); do
	[ -n "${seen[${f#row_}]:-}" ] || bad "$f: a case without a row in doc/cdrecord-compat.md"
done

# ---- devices: b,t,l is one device; dev= lists; --drive ---------------------------
for spec in 0,0,0 ATA:0,0,0 ATAPI:0,1,0; do
	run "$DISCBURN" dev=$spec -minfo
	expect_rc 3 "dev=$spec is one device (none here)"
	check "dev=$spec: named whole" grep -q "cannot open $spec" "$T/err"
	run env CDR_DEVICE=$spec "$DISCBURN" -minfo
	expect_rc 3 "CDR_DEVICE=$spec is one device"
done
mkdir -p "$T/a,b"
C="$T/a,b/disc,1.img"
run "$DISCBURN" dev="emu:cd-r:$C" "$ISO"
expect_rc 0 "commas in an emulator's path"
check "commas in an emulator's path: the disc equals the image" same_prefix "$ISO" "$C"
D1=$(disc); D2=$(disc); D3=$(disc)
run "$DISCBURN" dev="emu:cd-r:$D1,emu:cd-r:$D2" --drive "emu:cd-r:$D3" "$ISO"
expect_rc 0 "a dev= list and --drive: three drives"
check "three copies, each equal to the image" bash -c \
	"same_prefix '$ISO' '$D1' && same_prefix '$ISO' '$D2' && same_prefix '$ISO' '$D3'"
D4=$(disc); D5=$(disc)
run "$DISCBURN" dev="emu:cd-r:$D4" dev="emu:cd-r:$D5" "$ISO"
expect_rc 0 "a repeated dev= takes the last"
check "a repeated dev=: warned" grep -q "warning: dev= is given more than once" "$T/err"
check "a repeated dev=: the last drive burnt" same_prefix "$ISO" "$D5"
check "a repeated dev=: the first untouched" test ! -e "$D4"
D6=$(disc)
run "$DISCBURN" dev="emu:cd-r:$D6,emu:cd-r:$D6" "$ISO"
expect_rc 2 "one drive named twice is refused"
check "one drive named twice: says so" grep -q "named twice" "$T/err"
check "one drive named twice: nothing burnt" test ! -e "$D6"
D7=$(disc); blank_cd "$D7"
ln -s "$D7" "$T/link.img"
ROW="one drive under two names"
untouched "$D7" "$DISCBURN" dev="emu:cd-r:$D7" --drive "emu:$T/../$(basename "$T")/link.img" "$ISO"
expect_rc 2 "one drive under two names is refused"
check "one drive under two names: says so" grep -q "are the same drive" "$T/err"
run "$DISCBURN" dev=/dev/null,1,0,0 "$ISO"
expect_rc 2 "a b,t,l inside a list is refused"
check "a b,t,l inside a list: points at --drive" grep -q -- "--drive" "$T/err"

# ---- the defaults file ------------------------------------------------------------
DA=$(disc)
cat > "$T/defaults" <<EOF
# as /etc/default/cdrecord
CDR_DEVICE=writer
CDR_SPEED=4
writer= emu:log=$DA.log:cd-r:$DA -1 2m noburnfree
EOF
run env DISCBURN_CDRECORD_DEFAULTS="$T/defaults" "$DISCBURN" "$ISO"
expect_rc 0 "CDR_DEVICE= and an alias from the defaults file"
check "the alias's drive burnt" same_prefix "$ISO" "$DA"
check "the alias's driveropts: BURN-Free off" bash -c \
	"grep '^MODE SELECT' '$DA.log' | head -1 | grep -q ."
DB=$(disc)
echo "other= emu:cd-r:$DB" >> "$T/defaults"
run env DISCBURN_CDRECORD_DEFAULTS="$T/defaults" "$DISCBURN" dev=other "$ISO"
expect_rc 0 "dev=ALIAS"
check "dev=ALIAS: that drive burnt" same_prefix "$ISO" "$DB"
echo "CDR_SPEED=fast" > "$T/bad-defaults"
run env DISCBURN_CDRECORD_DEFAULTS="$T/bad-defaults" "$DISCBURN" -version
expect_rc 0 "a bad CDR_SPEED in the file: -version goes on"

# ---- with --json a warning is an event on standard output ---------------------
DJ=$(disc)
run "$DISCBURN" --json dev="emu:cd-r:$DJ" -immed -minfo
expect_rc 0 "--json -immed"
check "--json: the warning is a warning event" grep -q '^{"event":"warning",.*"message":"-immed is ignored' "$T/out"
check "--json: nothing on standard error" test ! -s "$T/err"
# what this page's actions print with --json holds to doc/events.schema.json
SCHEMA=${top_srcdir:-$(dirname "$0")/..}/doc/events.schema.json
valid() {
	python3 - "$SCHEMA" "$T/out" <<'PY'
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
lines = [l for l in open(sys.argv[2]) if l.strip()]
for l in lines:
    for e in v.iter_errors(json.loads(l)):
        print("#  ", e.message, "in", l.strip()[:120]); sys.exit(1)
sys.exit(0 if lines else 1)
PY
}
if python3 -c 'import jsonschema' 2> /dev/null; then
	check "--json warning: valid" valid
	run "$DISCBURN" --json driveropts=help
	check "--json driveropts=help: driver-option events, valid" \
		bash -c "grep -q '\"event\":\"driver-option\"' '$T/out'" && check "driveropts=help events valid" valid
	run "$DISCBURN" --json -reset
	check "--json -reset: its warning, valid" valid
	DF=$(disc)
	"$DISCBURN" dev="emu:cd-r:$DF" -nofix "$ISO" > /dev/null 2>&1
	run "$DISCBURN" --json dev="emu:$DF" -fix
	check "--json -fix: a done event, valid" bash -c "grep -q '\"event\":\"done\"' '$T/out'"
	check "--json -fix: valid" valid
else
	echo "# python3's jsonschema module is missing: the --json events are not validated"
fi

# ---- CDR_SPEED, --, SIGHUP, tsize -------------------------------------------------
run env CDR_SPEED=abc "$DISCBURN" -version
expect_rc 0 "CDR_SPEED=abc: -version works"
check "CDR_SPEED=abc: -version warns" grep -q "warning: CDR_SPEED gives the speed abc" "$T/err"
DS=$(disc); blank_cd "$DS"
run env CDR_SPEED=abc "$DISCBURN" dev="emu:$DS" -minfo
expect_rc 0 "CDR_SPEED=abc: -minfo works"
ROW="CDR_SPEED=abc burn"
untouched "$DS" env CDR_SPEED=abc "$DISCBURN" dev="emu:$DS" "$ISO"
expect_rc 2 "CDR_SPEED=abc: a burn is refused"
check "CDR_SPEED=abc: says which" grep -q "CDR_SPEED gives the speed abc, which is not a speed" "$T/err"
cp "$ISO" "$T/-dash.iso"
DD=$(disc)
(cd "$T" && run "$DISCBURN" dev="emu:cd-r:$DD" -- -dash.iso; echo "$RC" > "$T/rc")
RC=$(cat "$T/rc")
expect_rc 0 "-- ends the options"
check "--: the file after it burnt" same_prefix "$ISO" "$DD"

ROW="tsize= smaller than the image"
DT=$(disc); blank_cd "$DT"
untouched "$DT" "$DISCBURN" dev="emu:$DT" tsize=500s "$ISO"
expect_rc 8 "tsize= smaller than the image is refused"
check "tsize= smaller: says the fix" grep -q "Leave out tsize= for a file" "$T/err"
for big in 18446744073709551615 18446744073709549568 18446744073709551614; do
	ROW="tsize=$big"
	untouched "$DT" bash -c "cat '$ISO' | '$DISCBURN' dev='emu:$DT' tsize=$big -"
	expect_rc 7 "tsize=$big does not fit (no wrap)"
	check "tsize=$big: far larger than any disc" grep -q "far larger than any disc" "$T/err"
done
ROW="-dummy blank=fast"
DR=$(disc)
"$DISCBURN" dev="emu:cd-rw:$DR" "$ISO" > /dev/null 2>&1
untouched "$DR" "$DISCBURN" dev="emu:$DR" -dummy blank=fast
expect_rc 2 "-dummy blank=fast is refused"
check "-dummy blank=fast: the data is still there" same_prefix "$ISO" "$DR"

# seen: PATTERN shows in the run's output (wodim prints progress on stdout)
seen() { grep -q "$1" "$T/out" "$T/err" 2> /dev/null; }
DH=$(disc)
make_iso "$T/big.iso" 8 BIG
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:dvd+r:speed=1:$DH" "$T/big.iso" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 100); do seen ' of .* written' && break; sleep 0.1; done
check "SIGHUP: the burn is still running when the signal comes" kill -HUP "$pid"
wait "$pid"; RC=$?
expect_rc 13 "SIGHUP stops a burn as SIGTERM does"
check "SIGHUP: says it was interrupted" grep -q "interrupted" "$T/err"
# a signal while the drive drains its buffer in the last SYNCHRONIZE CACHE
# (the emulator at 1x takes seconds): the drive finishes, the disc is done,
# and nothing says it is untouched
DH=$(disc)
: > "$T/out"; : > "$T/err"     # what is polled below is this run's alone
"$DISCBURN" dev="emu:cd-r:speed=1:$DH" "$ISO" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 100); do seen "Total bytes" && break; sleep 0.1; done
check "SIGHUP in the last SYNCHRONIZE CACHE: the burn is still running" kill -HUP "$pid"
wait "$pid"; RC=$?
expect_rc 0 "SIGHUP once every sector was sent: the disc is finished"
check "SIGHUP after the last WRITE: the disc equals the image" same_prefix "$ISO" "$DH"
check "SIGHUP after the last WRITE: closed" minfo_has "$DH" "Disk status *: complete"
check "SIGHUP after the last WRITE: never 'untouched'" bash -c "! grep -q untouched '$T/out' '$T/err'"

finish
