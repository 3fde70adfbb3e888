# tests/lib.sh — helpers for the shell tests (sourced).
# Env from make check: DISCBURN (the binary), top_srcdir, top_builddir.
set -u
: "${DISCBURN:=${top_builddir:-.}/discburn}"
T=$(mktemp -d "${TMPDIR:-/tmp}/discburn-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAILS=0
CHECKS=0

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
