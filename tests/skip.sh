# SPDX-License-Identifier: GPL-3.0-or-later
# tests/skip.sh — skip(), for the shell tests (sourced; POSIX sh).
# skip REASON...: this test cannot run on this machine: exit 77 (automake's
# SKIP) with the reason on stdout and stderr. Only for what a machine may
# lack (root, tgt, QEMU, a network for QEMU's kernel, a package, a backend
# configure left out), never for a failure. CI sets DISCBURN_NO_SKIP=1, since
# everything is installed there: then a skip is an error (exit 99) instead.
skip() {
	if [ -n "${DISCBURN_NO_SKIP:-}" ]; then
		echo "Bail out! cannot run, and DISCBURN_NO_SKIP is set: $*"
		echo "cannot run, and DISCBURN_NO_SKIP is set: $*" >&2
		exit 99
	fi
	echo "SKIP: $*"
	echo "SKIP: $*" >&2
	exit 77
}
