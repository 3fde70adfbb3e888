#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion (contrib/bash-completion/discburn) under bash-completion's
# own helpers: options, blank= and format= types, dev= from the drives that
# `discburn --devices` lists (a stand-in discburn here), files after options.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || skip "$BC is not installed (Debian package bash-completion)"
COMP=$top_srcdir/contrib/bash-completion/discburn

# A discburn that lists two drives, as --devices prints them.
mkdir -p "$T/bin"
cat > "$T/bin/discburn" <<'FAKE'
#!/bin/sh
[ "$1" = --devices ] || exit 2
echo "0  dev='/dev/sr0'  'HL-DT-ST' 'BD-RE  BH16NS55' '1.02'  media: BD-R"
echo "1  dev='/dev/sr1'  'ASUS' 'DRW-24D5MT' '1.00'  media: none"
FAKE
chmod +x "$T/bin/discburn"
touch "$T/image.iso" "$T/notes.txt"

# complete LINE: the command line after completing its end, as readline
# would do it with bash's default COMP_WORDBREAKS ('=' and ':' are words of
# their own), one line per choice
complete_line() {
	(
		cd "$T" && PATH=$T/bin:$PATH
		# shellcheck disable=SC1090
		. "$BC" && . "$COMP"
		# split as readline does: blanks separate, each run of = or : is a word
		read -ra COMP_WORDS <<< "$(sed 's/\([=:][=:]*\)/ \1 /g' <<< "$1")"
		[[ $1 == *[=:] ]] && COMP_WORDS+=("")
		[[ $1 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$1
		COMP_POINT=${#COMP_LINE}
		last=${COMP_WORDS[COMP_CWORD]}
		_discburn discburn "$last" "${COMP_WORDS[COMP_CWORD - 1]}"
		for r in "${COMPREPLY[@]}"; do printf '%s%s\n' "${1%"$last"}" "$r"; done
	) 2> "$T/comp.err" | sort
}
offers() { complete_line "$2" | grep -qxF -- "$1"; }
only() { [ "$(complete_line "$2")" = "$1" ]; }

check "-mi completes to -minfo" only "discburn -minfo" "discburn -mi"
check "--ver completes to --verify" only "discburn --verify" "discburn --ver"
check "blank=f completes to blank=fast" only "discburn blank=fast" "discburn blank=f"
check "blank= offers every type" test "$(complete_line "discburn blank=" | wc -l)" -ge 11
check "format=n completes to format=nospare" only "discburn format=nospare" "discburn format=n"
check "driveropts= offers noburnfree" offers "discburn driveropts=noburnfree" "discburn driveropts="
check "dev= offers the drives --devices lists" offers "discburn dev=/dev/sr1" "discburn dev="
check "dev=/dev/sr0 is the only match of dev=/dev/sr0" only "discburn dev=/dev/sr0" "discburn dev=/dev/sr0"
check "dev=e completes to dev=emu:" only "discburn dev=emu:" "discburn dev=e"
check "dev=cd completes to dev=cdio:/dev/ (past the colon)" only "discburn dev=cdio:/dev/" "discburn dev=cd"
check "dev=sgpt:/d completes to dev=sgpt:/dev/" only "discburn dev=sgpt:/dev/" "discburn dev=sgpt:/d"
check "de completes to dev=" only "discburn dev=" "discburn de"
check "an image name completes" offers "discburn dev=/dev/sr0 image.iso" "discburn dev=/dev/sr0 ima"
check "--journal takes a file" offers "discburn --journal notes.txt" "discburn --journal no"
check "--sta offers the stations' --station and --status" \
	test "$(complete_line "discburn --sta")" = "$(printf 'discburn --station\ndiscburn --status')"
check "--until completes to --until-idle" only "discburn --until-idle" "discburn --until"
check "--cache takes a directory" offers "discburn --cache bin" "discburn --cache b"
check "a database after --station is not completed with files" only "" "discburn --station "
[ -s "$T/comp.err" ] && { bad "the completion printed errors"; sed 's/^/#   /' "$T/comp.err"; }
finish
