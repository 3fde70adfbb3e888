# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib.sh — helpers for the shell tests (sourced).
# Env from make check: DISCBURN (the binary), top_srcdir, top_builddir.
set -u
: "${DISCBURN:=${top_builddir:-.}/discburn}"
T=$(mktemp -d "${TMPDIR:-/tmp}/discburn-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAILS=0
CHECKS=0
# the machine's /etc/default/cdrecord or /etc/wodim.conf is not the tests' own
export DISCBURN_CDRECORD_DEFAULTS=/dev/null

# skip (tests/skip.sh), and what a test may need that a machine may lack
. "$(dirname "${BASH_SOURCE[0]}")/skip.sh"
# need_tools TOOL:PACKAGE...: skip unless every TOOL is on PATH
need_tools() {
	local tp
	for tp in "$@"; do
		command -v "${tp%%:*}" > /dev/null 2>&1 ||
			skip "${tp%%:*} is not installed (Debian package ${tp#*:})"
	done
}
# need_root WHAT: skip unless running as root (WHAT needs it)
need_root() {
	[ "$(id -u)" = 0 ] || skip "$1 needs root"
}
# need_backend NAME: skip unless this discburn was built with that backend
need_backend() {
	"$DISCBURN" -version 2>/dev/null | grep -q "^backends:.* $1\( \|\$\)" ||
		skip "discburn was built without the $1 backend (configure --with-$2)"
}

ok()   { CHECKS=$((CHECKS + 1)); echo "ok $CHECKS - $*"; }
bad()  { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "not ok $CHECKS - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
finish() {
	echo "$((CHECKS - FAILS)) passed, $FAILS failed"
	[ "$FAILS" = 0 ]
	exit $?
}

# make_iso FILE MB [LABEL]: an ISO 9660 image holding MB megabytes of random data
make_iso() {
	local out=$1 mb=$2 label=${3:-DISCBURN} src
	src=$(mktemp -d "$T/isosrc.XXXXXX")
	head -c "$((mb * 1024 * 1024))" /dev/urandom > "$src/data.bin"
	echo "discburn test $label" > "$src/README.TXT"
	genisoimage -quiet -R -J -V "$label" -o "$out" "$src"
	rm -rf "$src"
}

# run CMD...: runs it, keeps stdout/stderr in $T/out $T/err and the status in RC
run() {
	"$@" > "$T/out" 2> "$T/err"
	RC=$?
	return 0
}

# expect_rc N what: the last run ended with status N
expect_rc() {
	if [ "$RC" = "$1" ]; then ok "$2 (exit $RC)"; else
		bad "$2: exit $RC, wanted $1"; sed 's/^/#   /' "$T/err" | head -20; fi
}

# same_prefix IMAGE DISC: the first size(IMAGE) bytes of DISC equal IMAGE
same_prefix() {
	local n; n=$(stat -c %s "$1")
	[ -f "$2" ] && [ "$(stat -c %s "$2")" -ge "$n" ] && cmp -s -n "$n" "$1" "$2"
}

# fingerprint FILE...: a digest of files (missing files count as "none")
fingerprint() {
	local f
	for f in "$@"; do
		if [ -e "$f" ]; then sha256sum < "$f"; else echo none; fi
	done | sha256sum | cut -c1-64
}

# refused CODE WHAT DISCFILE discburn-args...: discburn ends with CODE, says why
# in a "discburn: ..." line, and the disc file and its state are unchanged
refused() {
	local code=$1 what=$2 disc=$3; shift 3
	local before; before=$(fingerprint "$disc" "$disc.state")
	run "$DISCBURN" "$@"
	expect_rc "$code" "$what"
	check "$what: disc untouched" test "$before" = "$(fingerprint "$disc" "$disc.state")"
	check "$what: says why in a line of its own" grep -q '^discburn: ' "$T/err"
}
