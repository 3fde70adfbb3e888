#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --json against doc/events.schema.json: every action answers in NDJSON and
# every line of real output (information commands, burns, a duplication,
# failures, reads) validates against the schema; every event name the source
# can emit has a schema entry, and the schema names no event the source lacks.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_tools genisoimage:genisoimage python3:python3
python3 -c 'import jsonschema' 2> /dev/null ||
	skip "python3's jsonschema module is missing (Debian package python3-jsonschema)"
SRC=${top_srcdir:-$(dirname "$0")/..}
SCHEMA=$SRC/doc/events.schema.json

# ---- the names the source emits, and the schema's --------------------------
# json_begin(&j, "name") and the duplication's json_tagged(e, "name", ...); a
# json_begin whose event is not a literal would hide a name from this list
grep -rhoE 'json_(begin|tagged)\([^,]+, *"[a-z-]+"' "$SRC/src" | sed 's/.*"\(.*\)"/\1/' |
	sort -u > "$T/src-events"
check "the source's event names were found" test "$(wc -l < "$T/src-events")" -gt 30
check "every json_begin names its event as a literal (json_tagged's own aside)" bash -c \
	"! grep -rnE 'json_begin\([^,]+, *[^\" ]' '$SRC/src' | grep -v 'src/base/json\.[ch]:' |
	 grep -vx '[^:]*src/cli/cli_dup\.c:[0-9]*:	json_begin(j, event);'"
python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print("\n".join(sorted(s["properties"]["event"]["enum"])))' "$SCHEMA" > "$T/schema-events"
check "every event the source emits is in the schema" bash -c \
	"comm -23 '$T/src-events' '$T/schema-events' | sed 's/^/#   missing: /' | tee /dev/stderr | test \$(wc -l) = 0"
check "the schema names no event the source lacks" bash -c \
	"comm -13 '$T/src-events' '$T/schema-events' | sed 's/^/#   stale: /' | tee /dev/stderr | test \$(wc -l) = 0"
check "the schema is a valid draft 2020-12 schema" python3 -c '
import json, sys, jsonschema
jsonschema.Draft202012Validator.check_schema(json.load(open(sys.argv[1])))' "$SCHEMA"

# ---- real output ------------------------------------------------------------
# j NAME ARGS...: run discburn --json ARGS, keep stdout as $T/json/NAME
mkdir -p "$T/json"
j() {
	local name=$1; shift
	"$DISCBURN" --json "$@" > "$T/json/$name" 2> "$T/json/$name.err"
	echo $? > "$T/json/$name.rc"
}
ISO=$T/image.iso
make_iso "$ISO" 3 JSONTEST
SMALL=$T/small.iso
src=$T/smallsrc; mkdir -p "$src"; echo tiny > "$src/a.txt"
genisoimage -quiet -o "$SMALL" "$src"
E=emu:dvd+rw

j help -help
j version -version
j blank-help blank=help
j driveropts-help driveropts=help
j disc-types --disc-types
j devices --devices
j usage
j bad-option -nosuchoption
j inspect -inspect "$ISO"
j inspect-sum -inspect "$ISO" --sha256 "$(sha256sum < "$ISO" | cut -c1-64)"
j inspect-list -inspect -data "$SMALL"
# a DVD+RW: burn (verify, --sha256, a report), then the information commands
j burn dev="$E:$T/rw" --verify --sha256 "$(sha256sum < "$ISO" | cut -c1-64)" \
	--report "$T/rep.svg" "$ISO"
check "the burn: the disc equals the image" same_prefix "$ISO" "$T/rw"
for a in -checkdrive -prcap -toc -minfo -msinfo -eject -load -lock -unlock -inspect; do
	j "info$a" dev="$E:$T/rw" "$a"
done
j read dev="$E:$T/rw" f="$T/back.iso"
check "the read: the image read equals the one burnt" cmp -s "$ISO" "$T/back.iso"
j check dev="$E:$T/rw" --check "$ISO"
j format dev="$E:$T/rw" -format -force
# a CD-RW: a short image (padded to 4 s: a warning), -atip, blanking
j cd-burn dev="emu:cd-rw:$T/cd" -tao "$SMALL"
check "the CD: the disc starts with the image" same_prefix "$SMALL" "$T/cd"
j atip dev="emu:cd-rw:$T/cd" -atip
j blank dev="emu:cd-rw:$T/cd" blank=fast
# failures: an image too large for the disc, a missing image, a drive error
j missing dev="emu:dvd+r:$T/m" "$T/nonexistent.iso"
j nofit dev="emu:cd-r:size=100:$T/nf" "$ISO"
j write-error dev="emu:dvd+r:fault=medium-error@100:$T/we" "$ISO"
j atip-dvd dev="$E:$T/rw" -atip
j sha-mismatch dev="emu:dvd+r:$T/sm" --sha256 "$(printf '0%.0s' $(seq 64))" "$ISO"
# a duplication: a failing drive, a disc already written (rejected), a
# drive that waits for a disc that does not come
"$DISCBURN" dev="emu:dvd+r:$T/h.1" "$ISO" > /dev/null 2>&1
j dup dev="emu:dvd+r:stack=2:$T/g,emu:dvd+r:stack=2:fault=medium-error@100:$T/f,emu:dvd+r:stack=2:$T/h" \
	--copies 2 --verify --wait-disc 1 "$ISO"
check "the duplication: g.1 equals the image" same_prefix "$ISO" "$T/g.1"
check "the duplication: g.2 equals the image" same_prefix "$ISO" "$T/g.2"
j wait dev="emu:dvd+r:stack=1:$T/w" --copies 2 --wait-disc 1 "$ISO"
# reads: bad sectors read again (sector, pass), a rerun of the map (resume),
# a read speed, and a copy from a master (--from)
"$DISCBURN" dev="emu:dvd+r:$T/bad" "$ISO" > /dev/null 2>&1
j read-bad dev="emu:dvd+r:fault=read-error@300:fault=flaky@500:$T/bad" f="$T/bad.iso" -noerror retries=2 speed=4
j read-resume dev="emu:dvd+r:$T/bad" f="$T/bad.iso" -noerror retries=2
check "the rerun finished the image read with bad sectors" cmp -s "$ISO" "$T/bad.iso"
j from dev="emu:dvd+r:$T/copy" --from "emu:dvd-rom:$ISO" --verify
check "the copy from the master equals it" same_prefix "$ISO" "$T/copy"
# an audio master: its session of 2352-byte sectors
python3 -c 'import struct, sys
d = bytes(4 * 44100 * 5)
open(sys.argv[1], "wb").write(b"RIFF" + struct.pack("<I", 36 + len(d)) + b"WAVEfmt " +
    struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) + b"data" + struct.pack("<I", len(d)) + d)' \
	"$T/a.wav"
"$DISCBURN" dev="emu:cd-r:$T/am" -audio "$T/a.wav" "$T/a.wav" > /dev/null 2>&1
j from-audio dev="emu:cd-r:$T/acopy" --from "emu:cd-r:$T/am" --verify
check "the copy of the audio master equals it" cmp -s "$T/am.bin" "$T/acopy.bin"
check "its master event says 2 audio tracks of 2352-byte sectors" grep -q \
	'"event":"master",.*"sector_bytes":2352,.*"tracks":2,"audio_tracks":2,' "$T/json/from-audio"

check "every action wrote something on stdout" bash -c \
	"for f in '$T'/json/*; do case \$f in *.err|*.rc) continue;; esac; test -s \"\$f\" || { echo \"# empty: \$f\"; exit 1; }; done"
check "every line validates against the schema, and the events expected came" python3 - "$SCHEMA" "$T/json" <<'EOF'
import json, os, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
seen, bad = set(), 0
for name in sorted(os.listdir(sys.argv[2])):
    if name.endswith(".err") or name.endswith(".rc"):
        continue
    for n, line in enumerate(open(os.path.join(sys.argv[2], name)), 1):
        try:
            ev = json.loads(line)
        except ValueError:
            print("# %s:%d: not JSON: %s" % (name, n, line.rstrip()[:200]))
            bad += 1
            continue
        errs = list(v.iter_errors(ev))
        if errs:
            bad += 1
            print("# %s:%d: %s" % (name, n, line.rstrip()[:300]))
            for e in errs[:3]:
                print("#    %s" % e.message[:300])
                for c in (e.context or [])[:4]:
                    print("#      %s" % c.message[:200])
        seen.add(ev.get("event"))
# every event came but the stations' (they need a database), a recorder
# found by --devices (it scans /dev) and a BIN/CUE read (an audio CD)
want = set(schema["properties"]["event"]["enum"]) - {
    "submitted", "job", "station", "burnt", "status", "device", "cue"}
missing = sorted(want - seen)
if missing:
    print("# never seen: " + " ".join(missing))
sys.exit(1 if bad or missing else 0)
EOF

# ---- the types the issue named ------------------------------------------------
check "write_speeds_x is an array of numbers" python3 -c '
import json, sys
m = [json.loads(l) for l in open(sys.argv[1]) if "\"minfo\"" in l][0]
sys.exit(0 if isinstance(m["write_speeds_x"], list) and m["write_speeds_x"] and
         all(isinstance(x, (int, float)) for x in m["write_speeds_x"]) else 1)' "$T/json/info-minfo"
check "--sha256 given and equal: sha256_matched is true" \
	grep -q '"event":"done".*"sha256_matched":true' "$T/json/burn"
check "--sha256 given and different: sha256_matched is false, exit 12" bash -c \
	"grep -q '\"event\":\"done\".*\"sha256_matched\":false' '$T/json/sha-mismatch' && test \$(cat '$T/json/sha-mismatch.rc') = 12"
check "nothing to match: sha256_matched is absent" bash -c \
	"! grep -q sha256_matched '$T/json/cd-burn' '$T/json/dup' '$T/json/write-error'"
check "-eject answers" grep -q '"event":"tray".*"action":"eject"' "$T/json/info-eject"
check "-version answers in JSON" grep -q '"event":"version"' "$T/json/version"

finish
