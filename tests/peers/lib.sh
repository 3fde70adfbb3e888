# SPDX-License-Identifier: GPL-3.0-or-later
# tests/peers/lib.sh — helpers for the third-party cells (sourced after
# tests/lib.sh). Each cell burns with an unmodified burner onto a fresh
# emulated disc reached through the LD_PRELOAD front, then reads the disc file
# back: the exit code alone proves nothing (wodim has exited 0 with garbage).
PRELOAD=${top_builddir:-.}/tests/peers/emu-preload.so
PEER_DEV=/dev/sr9
FIXTURES=${top_srcdir:-.}/tests/peers/fixtures

# The burners are third-party packages (.ci/packages): a machine without
# one skips the cell with the reason (in CI, where they are installed, a
# missing one fails: tests/skip.sh). The front not built is a build failure.
need() {
	local t
	[ -f "$PRELOAD" ] || { echo "Bail out! $PRELOAD was not built"; exit 99; }
	for t in "$@"; do
		command -v "$t" > /dev/null ||
			skip "$t is not installed (see .ci/packages)"
	done
}

# peer NAME KIND DISC CMD...: run CMD with $PEER_DEV holding the emulated
# disc DISC (a fresh blank KIND when DISC has no state yet); output in
# $T/NAME.out and $T/NAME.err, status in $T/NAME.rc. The emulator logs every
# command to DISC.log. Cells on different discs may run at once (&, wait):
# the burners' own pauses, not the work, take most of the time.
peer() {
	local name=$1 kind=$2 disc=$3; shift 3
	env LD_PRELOAD="$PRELOAD" DISCBURN_PRELOAD_DEV="$PEER_DEV" \
		DISCBURN_PRELOAD_EMU="emu:$kind:log=$disc.log:$disc" \
		DISCBURN_PRELOAD_TRACE="$disc.trace" timeout 120 "$@" \
		> "$T/$name.out" 2> "$T/$name.err"
	echo $? > "$T/$name.rc"
}

# result NAME: the outcome of peer NAME as the last run (RC, $T/out, $T/err)
result() {
	cp "$T/$1.out" "$T/out"
	cp "$T/$1.err" "$T/err"
	RC=$(cat "$T/$1.rc")
}

# drive KIND DISC CMD...: peer in the foreground, its outcome as the last run
drive() {
	peer last "$@"
	result last
}

# same_at IMAGE DISC LBA: IMAGE is on DISC byte for byte from block LBA on
same_at() {
	local n; n=$(stat -c %s "$1")
	[ -f "$2" ] && cmp -s -n "$n" -i "0:$(($3 * 2048))" "$1" "$2"
}

# state DISC KEY: a value from the emulator's state file of DISC
state() {
	sed -n "s/^$2=//p" "$1.state" | head -1
}

# tracks DISC: the number of tracks the state file lists
tracks() {
	grep -c '^track=' "$1.state"
}

# logged DISC NAME: the burner sent the MMC command NAME (emulator log)
logged() {
	grep -q "^$2 cdb=" "$1.log"
}

# fields FILE PATTERN: the lines of FILE matching the extended regex PATTERN,
# blanks squeezed, for comparing with a fixture
fields() {
	grep -E "$2" "$1" | sed -e 's/[[:space:]]\+/ /g' -e 's/ $//'
}

# fixture NAME FILE PATTERN: the fields of FILE equal tests/peers/fixtures/NAME
# (PEERS_REGEN=1 rewrites the fixture instead; review the diff before commit)
fixture() {
	local name=$1 file=$2 pat=$3
	fields "$file" "$pat" > "$T/$name.fields"
	if [ "${PEERS_REGEN:-}" = 1 ]; then
		cp "$T/$name.fields" "$FIXTURES/$name"
		ok "$name: fixture rewritten"
	elif diff -u "$FIXTURES/$name" "$T/$name.fields" > "$T/$name.diff"; then
		ok "$name: fields match the fixture"
	else
		bad "$name: fields differ from the fixture"
		sed 's/^/#   /' "$T/$name.diff"
	fi
}

# An ISO of about 3 MB and a second, different one of about 2 MB.
peer_isos() {
	make_iso "$T/a.iso" 3 PEERSA
	make_iso "$T/b.iso" 2 PEERSB
}

# ---- audio -------------------------------------------------------------------

# make_wavs FILE SECONDS SEED...: 44.1 kHz 16-bit stereo WAV files, tones
# with a little noise (smooth enough for cdparanoia's and icedax's guess of
# the drive's byte order, different in every sample)
make_wavs() {
	python3 - "$@" <<'PY'
import math, random, struct, sys
a = sys.argv[1:]
for name, secs, seed in zip(a[0::3], a[1::3], a[2::3]):
    random.seed(int(seed))
    f1, f2 = 220.0 * int(seed), 330.0 + 7 * int(seed)
    n = int(44100 * float(secs))
    data = b''.join(struct.pack('<hh',
        int(9000 * math.sin(2 * math.pi * f1 * i / 44100)) + random.randint(-40, 40),
        int(9000 * math.sin(2 * math.pi * f2 * i / 44100)) + random.randint(-40, 40))
        for i in range(n))
    with open(name, 'wb') as f:
        f.write(b'RIFF' + struct.pack('<I', 36 + len(data)) + b'WAVEfmt ' +
                struct.pack('<IHHIIHH', 16, 1, 2, 44100, 176400, 4, 16) +
                b'data' + struct.pack('<I', len(data)) + data)
PY
}

# samples_at WAV FILE LBA [swap]: the WAV's samples are in FILE at LBA * 2352
# (swap: FILE has them big-endian, as cdrdao writes its data files)
samples_at() {
	python3 - "$@" <<'PY'
import sys
wav, f, lba = sys.argv[1], sys.argv[2], int(sys.argv[3])
swap = len(sys.argv) > 4
w = open(wav, 'rb').read()
i = w.index(b'data') + 8
s = w[i:]
with open(f, 'rb') as fh:
    fh.seek(lba * 2352)
    got = fh.read(len(s))
if swap:
    got = bytes(got[k ^ 1] for k in range(len(got)))
sys.exit(0 if got == s else 1)
PY
}

# wav_is RIPPED SOURCE SECTORS: the ripped WAV holds SECTORS sectors: the
# source's samples, then zeros
wav_is() {
	python3 - "$@" <<'PY'
import sys
def data(p):
    b = open(p, 'rb').read()
    return b[b.index(b'data') + 8:]
got, src, n = data(sys.argv[1]), data(sys.argv[2]), int(sys.argv[3]) * 2352
sys.exit(0 if len(got) == n and got == src + bytes(n - len(src)) else 1)
PY
}

# make_cdtext FILE: a CD-TEXT file as wodim's textfile= reads it (a 4-byte
# header, then 18-byte packs with their CRC): block 0 in English, titles
# and performers of the disc and two tracks, and the size information
make_cdtext() {
	python3 - "$1" <<'PY'
import struct, sys
def crc(b):
    c = 0
    for x in b:
        c ^= x << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021) if c & 0x8000 else c << 1
            c &= 0xffff
    return c ^ 0xffff
packs, seq = [], 0
def add(t, track, pos, payload):
    global seq
    p = bytes([t, track, seq, pos]) + payload
    packs.append(p + struct.pack('>H', crc(p)))
    seq += 1
counts = {}
for t, texts in ((0x80, ['Emulated Album', 'First', 'Second']),
                 (0x81, ['The Emulators', 'Alice', 'Bob'])):
    s = b''.join(x.encode() + b'\0' for x in texts)
    starts, at = [], 0
    for x in texts:
        starts.append(at)
        at += len(x) + 1
    n = 0
    for k in range(0, len(s), 12):
        tr = max(i for i in range(len(starts)) if starts[i] <= k)
        add(t, tr, min(k - starts[tr], 15), s[k:k + 12].ljust(12, b'\0'))
        n += 1
    counts[t] = n
counts[0x8f] = 3
info = bytes([0, 1, 2, 0]) + bytes(counts.get(0x80 + i, 0) for i in range(16)) + \
       bytes([len(packs) + 2] + [0] * 7) + bytes([0x09] + [0] * 7)
for k in range(3):
    add(0x8f, k, 0, info[12 * k:12 * k + 12])
body = b''.join(packs)
open(sys.argv[1], 'wb').write(struct.pack('>H', len(body) + 2) + b'\0\0' + body)
PY
}

# sectors_differ A B LBA...: files A and B (2048-byte sectors) differ in the
# sectors LBA... and in no other
sectors_differ() {
	python3 - "$@" <<'PY'
import sys
a, b = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
want = sorted(int(x) for x in sys.argv[3:])
got = [i for i in range(max(len(a), len(b)) // 2048)
       if a[i * 2048:(i + 1) * 2048] != b[i * 2048:(i + 1) * 2048]]
sys.exit(0 if len(a) == len(b) and got == want else 1)
PY
}
