#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source, script and build file says its licence in its first lines
# (COPYING holds the text), so that a file copied out of the tree keeps it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
cd "${top_srcdir:-$(dirname "$0")/..}" || exit 99
check "COPYING holds the GPL version 3" grep -q "GNU GENERAL PUBLIC LICENSE" COPYING
missing=$(find src drivers tests bench contrib -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.mk' \) -print 2>/dev/null |
	while read -r f; do
		head -3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || echo "$f"
	done)
for f in configure.ac Makefile.am; do
	head -3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || missing="$missing $f"
done
check "every source, script and build file names its licence${missing:+ (missing: $missing)}" \
	test -z "$missing"
finish
