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
