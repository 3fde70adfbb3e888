#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# K3b, Brasero and Xfburn drive cdrecord/wodim and read what they print.
# Each part below replays, in python3, how that front end's published source
# identifies the binary and parses its output, against discburn's real
# output on the emulator: the version check, the track sizes, the progress
# to 100% and the end of the close. The parsing is written here after
# reading those sources (named at each part); none of their code is copied.
# Every burn is compared with its image.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "${top_srcdir:-$(dirname "$0")/..}/tests/peers/lib.sh"     # make_wavs, samples_at
need_tools genisoimage:genisoimage python3:python3

ISO=$T/data.iso
make_iso "$ISO" 5 REPLAY
MB=$(( $(stat -c %s "$ISO") >> 20 ))
# two audio tracks of 6 and 4 MB (a front end's audio CD, TAO: 2 s pregaps)
make_wavs "$T/a.wav" 40 1 "$T/b.wav" 25 2
AUDIO_MB="$(( (40 * 176400) >> 20 )),$(( (25 * 176400) >> 20 ))"
audio_ok() { samples_at "$T/a.wav" "$1.bin" 0 && samples_at "$T/b.wav" "$1.bin" 3150; }

# Installed under the names front ends look for, as regular files: Brasero
# refuses a symbolic link (brasero_plugin_test_app, libbrasero-burn/burn-plugin.c)
mkdir -p "$T/bin"
cp "$DISCBURN" "$T/bin/cdrecord"
cp "$DISCBURN" "$T/bin/wodim"

# scanf CONVERSIONS as C's sscanf does them, for %d %u %f %s %*... %% and
# literals, whitespace matching any run of whitespace: the count assigned.
cat > "$T/scanf.py" << 'EOF'
import re
def sscanf(s, fmt):
    i = j = 0
    out = []
    while j < len(fmt):
        c = fmt[j]
        if c.isspace():
            while i < len(s) and s[i].isspace():
                i += 1
            j += 1
            continue
        if c != '%':
            if i >= len(s) or s[i] != c:
                return out
            i += 1; j += 1
            continue
        m = re.match(r'%(\*?)(\d*)([dusf%])', fmt[j:])
        skip, width, conv = m.group(1) == '*', m.group(2), m.group(3)
        j += len(m.group(0))
        if conv == '%':
            if i >= len(s) or s[i] != '%':
                return out
            i += 1
            continue
        while i < len(s) and s[i].isspace():
            i += 1
        rest = s[i:i + int(width)] if width else s[i:]
        pat = {'d': r'[-+]?\d+', 'u': r'[-+]?\d+', 'f': r'[-+]?(\d+\.?\d*|\.\d+)', 's': r'\S+'}[conv]
        m = re.match(pat, rest)
        if not m:
            return out
        i += len(m.group(0))
        if not skip:
            out.append(float(m.group(0)) if conv == 'f' else
                       m.group(0) if conv == 's' else int(m.group(0)))
    return out
EOF

# burn NAME BINARY ARGS...: a fresh blank disc; stdout and stderr apart,
# and merged as a front end that reads both channels as one gets them
burn() {
	local name=$1 bin=$2; shift 2
	DISC=$T/$name.img
	"$T/bin/$bin" "${@/@DISC@/$DISC}" > "$T/$name.out" 2> "$T/$name.err"
	RC=$?
	expect_rc 0 "$name: burn"
	case "$name" in
	*audio*) check "$name: the disc holds the samples" audio_ok "$DISC" ;;
	*) check "$name: the disc equals the image" same_prefix "$ISO" "$DISC" ;;
	esac
	cat "$T/$name.out" "$T/$name.err" > "$T/$name.all"
}

# ---- K3b -----------------------------------------------------------------
# libk3b/core/k3bexternalbinmanager.cpp, SimpleExternalProgram::scanVersion
# and parseVersion: `BIN --version`, both channels merged; the version is
# the text from the first digit after "Cdrecord" (the program's name,
# capitalised; "Wodim" for a binary named wodim, versionIdentifier) up to a
# space or comma. k3bdefaultexternalprograms.cpp, CdrecordProgram::
# parseFeatures: below 2.0 a cdrecord is "outdated".
for bin in cdrecord wodim; do
	"$T/bin/$bin" --version > "$T/k3b-$bin.version" 2>&1
	check "K3b recognises discburn as $bin" python3 - "$T/k3b-$bin.version" "$bin" << 'EOF'
import re, sys
out = open(sys.argv[1]).read()
name = sys.argv[2]
pos = out.find(name[0].upper() + name[1:])
if pos < 0:
    pos = out.find(name)
m = re.compile(r'\d').search(out, pos) if pos >= 0 else None
end = re.compile(r'[\s,]').search(out, m.start() + 1) if m else None
if not end:
    sys.exit(1)
ver = out[m.start():end.start()]
nums = [int(x) for x in re.findall(r'\d+', ver)[:2]]
print('# K3b reads version', ver)
sys.exit(0 if (name == 'wodim' and nums >= [1, 1]) or nums >= [2, 0] else 1)
EOF
done
check "discburn's version line says it is discburn" grep -q "discburn" "$T/k3b-cdrecord.version"

# CdrecordProgram::parseFeatures reads `BIN -help` (both channels) for the
# words that turn on its options: gracetime, -overburn, -text (CD-TEXT),
# -tao and cuefile= (a cue sheet burnt as such)
"$T/bin/cdrecord" -help > "$T/k3b.help" 2>&1
for word in gracetime -overburn -text -tao cuefile=; do
	check "K3b finds $word in -help" grep -qF -- "$word" "$T/k3b.help"
done

# libk3b/projects/k3bcdrecordwriter.cpp, CdrecordWriter::prepareProcess
# builds "-v gracetime=2 dev= speed= -tao driveropts=burnfree" and the
# tracks; the process runs with merged channels and CdrecordWriter::
# slotStdLine reads each line (K3b::Process splits at \n and \r).
cat > "$T/k3b.py" << 'EOF'
import re, sys
text = open(sys.argv[1], newline='').read()
lines = [l for l in re.split(r'[\r\n]', text) if l]
sizes = [int(x) for x in sys.argv[2].split(',')]
progress = re.compile(r'Track\s(\d\d)\:\s*(\d*)\sof\s*(\d*)\sMB\swritten\s(?:\(fifo\s*(\d*)\%\)\s*)?(?:\[buf\s*(\d*)\%\])?.*')
burnfree = re.compile(r'^BURN\-Free\swas\s(\d+)\stimes\sused')
tracks, parsed, current, done, percent = [], False, 0, 0, []
closing = speed_ok = burnfree_seen = False
for line in lines:
    if line.startswith('Track '):
        if not parsed:
            # the track list: number at 6-7, the size from the first digit
            # from column 10 up to "MB"
            num = int(line[6:8])
            m = re.compile(r'\d').search(line, 10)
            end = line.find('MB', m.start())
            tracks.append(int(line[m.start():end].strip()))
        else:
            m = progress.fullmatch(line)
            if m:
                made, size = int(m.group(2) or 0), int(m.group(3) or 0)
                if len(tracks) >= current and size > 0:
                    made = made * tracks[current - 1] // size
                    size = tracks[current - 1]
                    percent.append(100 * (done + made) // sum(tracks))
    elif 'at speed' in line:
        pos = line.find('at speed')
        pos2 = line.find('in', pos + 9)
        try:
            speed_ok = float(line[pos + 9:pos2 - 1]) == 8.0
        except ValueError:
            speed_ok = False
    elif line.startswith('Starting new'):
        parsed = True
        if current > 0:
            done += tracks[current - 1]
        current += 1
    elif line.startswith('Fixating'):
        closing = True
    elif burnfree.match(line) or line.startswith('BURN-Free was never needed'):
        burnfree_seen = True
print('# K3b: tracks', tracks, 'percent', percent[-3:], 'speed', speed_ok,
      'closing', closing, 'burnfree', burnfree_seen)
sys.exit(0 if tracks == sizes and current == len(sizes) and percent and percent[-1] == 100
         and percent == sorted(percent) and closing and speed_ok and burnfree_seen else 1)
EOF
burn k3b cdrecord -v gracetime=2 dev="emu:cd-r:speed=40:@DISC@" speed=8 -tao \
	driveropts=burnfree -data "$ISO"
check "K3b: track size, progress to 100%, the close, BURN-Free count" \
	python3 "$T/k3b.py" "$T/k3b.all" "$MB"
# an audio CD: K3b's CdrecordWriter adds -audio and the tracks
burn k3b-audio cdrecord -v gracetime=2 dev="emu:cd-r:speed=40:@DISC@" speed=8 -tao \
	driveropts=burnfree -audio "$T/a.wav" "$T/b.wav"
check "K3b, audio: both track sizes, each track's progress, 100%, the close" \
	python3 "$T/k3b.py" "$T/k3b-audio.all" "$AUDIO_MB"

# ---- Brasero -------------------------------------------------------------
# plugins/cdrkit/burn-wodim.c and plugins/cdrtools/burn-cdrecord.c,
# brasero_plugin_check_config: brasero_plugin_test_app runs `BIN --version`
# and scans its stdout (or its stderr) with one format; a version below
# 1.1.0 (wodim) or 2.0 (cdrecord) is refused.
"$T/bin/wodim" --version > "$T/br-wodim.out" 2> "$T/br-wodim.err"
"$T/bin/cdrecord" --version > "$T/br-cdrecord.out" 2> "$T/br-cdrecord.err"
check "Brasero recognises discburn as wodim and as cdrecord" python3 - "$T" << 'EOF'
import sys
exec(open(sys.argv[1] + '/scanf.py').read())
t = sys.argv[1]
w = sscanf(open(t + '/br-wodim.out').read(),
           'Cdrecord-yelling-line-to-tell-frontends-to-use-it-like-version %*s \nWodim %d.%d.%d')
c = sscanf(open(t + '/br-cdrecord.out').read(), 'Cdrecord-ProDVD-ProBD-Clone %d.%d')
print('# Brasero reads wodim', w, 'cdrecord', c)
sys.exit(0 if len(w) == 3 and w >= [1, 1, 0] and len(c) == 2 and c >= [2, 0] else 1)
EOF

# burn-wodim.c, brasero_wodim_set_argv / _record: "-v dev= speed=
# driveropts=burnfree -dao fs=16m -data -nopad IMAGE"; brasero_wodim_
# stdout_read reads stdout only (stderr goes to brasero_wodim_stderr_read,
# which looks for errors): the progress line by sscanf, "Fixating..." by
# its prefix; the job ends with the process.
burn brasero wodim -v dev="emu:cd-r:speed=40:@DISC@" speed=8 driveropts=burnfree -dao \
	fs=16m -data -nopad "$ISO"
cat > "$T/brasero.py" << 'EOF'
import re, sys
exec(open(sys.argv[1] + '/scanf.py').read())
out = open(sys.argv[1] + '/' + sys.argv[2] + '.out', newline='').read()
session_mb = sum(int(x) for x in sys.argv[3].split(','))
# brasero_wodim_compute: a track's end is the sum of the totals of the
# tracks so far; what is written is that end less what the track lacks
written, rate, fixating, track_num, end_pos = [], 0, False, 0, 0
for line in [l for l in re.split(r'[\r\n]', out) if l]:
    r = sscanf(line, 'Track %2u: %d of %d MB written (fifo %d%%) [buf %d%%] %d.%dx.')
    if len(r) == 7:
        track, mb_written, mb_total, fifo, buf, s1, s2 = r
        rate = s1 + s2 / 10.0
        if mb_total <= 0:
            continue
        if track > track_num:
            track_num = track
            end_pos += mb_total
        written.append(end_pos - (mb_total - mb_written))
    elif line.startswith('Fixating...'):
        fixating = bool(written)
print('# Brasero: written MB', written[-3:], 'of', session_mb, 'rate', rate, 'fixating', fixating)
sys.exit(0 if written and written[-1] == session_mb and written == sorted(written)
         and rate > 0 and fixating else 1)
EOF
check "Brasero: progress to 100% at the speed set, then the close, all on stdout" \
	python3 "$T/brasero.py" "$T" brasero "$MB"
check "Brasero: no progress or fixation on stderr" \
	bash -c "! grep -Eq 'MB written|^Fixating' '$T/brasero.err'"
# an audio CD: brasero_wodim_set_argv_record adds fs=16m -audio -pad per track
burn brasero-audio wodim -v dev="emu:cd-r:speed=40:@DISC@" speed=8 driveropts=burnfree -tao \
	fs=16m -audio -pad "$T/a.wav" "$T/b.wav"
check "Brasero, audio: the tracks' progress adds up to the whole session" \
	python3 "$T/brasero.py" "$T" brasero-audio "$AUDIO_MB"

# ---- Xfburn ----------------------------------------------------------------
# Xfburn before it moved to libburn (0.2, xfburn-burn-image-dialog.c,
# cb_dialog_response): "cdrecord -v gracetime=2 dev= -tao speed=
# driveropts=burnfree IMAGE", found on PATH (xfburn-progress-dialog.c,
# cb_dialog_show: g_spawn_async_with_pipes, G_SPAWN_SEARCH_PATH): no version
# check. Both channels feed xfburn-burn-image-progress-dialog.c,
# cb_new_output: "Track" lines by sscanf, "Fixating..." and "Fixating time:"
# (xfburn-global.h) by strstr, the latter marking the burn completed. It
# reads what one read() of the pipe gives (watch_output); discburn flushes
# each line, so a line is taken here as one such piece.
burn xfburn cdrecord -v gracetime=2 dev="emu:cd-r:speed=40:@DISC@" -tao speed=8 \
	driveropts=burnfree "$ISO"
check "Xfburn: progress to 100%, then fixating, then completed" \
	python3 - "$T" xfburn << 'EOF'
import re, sys
exec(open(sys.argv[1] + '/scanf.py').read())
text = open(sys.argv[1] + '/' + sys.argv[2] + '.all', newline='').read()
fraction, speed, fixating, completed = [], 0, False, False
for chunk in [l for l in re.split(r'[\r\n]', text) if l]:
    if 'Fixating time:' in chunk:
        completed = fixating
    elif 'Fixating...' in chunk:
        fixating = bool(fraction)
    elif 'Track' in chunk:
        r = sscanf(chunk, '%*s %*d %*s %f %*s %f %*s %*s %*s %d %*s %*s %d %*s %d.%d')
        if len(r) == 6 and r[1] > 0:
            fraction.append(r[0] / r[1])
            speed = r[4] + 0.1 * r[5]
print('# Xfburn: progress', fraction[-2:], 'speed', speed, 'completed', completed)
sys.exit(0 if fraction and fraction[-1] == 1.0 and speed > 0 and completed else 1)
EOF

finish
