#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --report FILE: the burn report, rendered by a real SVG renderer
# (rsvg-convert) and looked at pixel by pixel (tests/pngcheck.py).
#   1. a DVD+R at 4x fed in bursts from a pipe: the drive's buffer runs dry
#      and BURN-Free links; the picture has the BURN-Free colour where the
#      NDJSON samples say the first link was, the page has the facts
#   2. the same without a stalled source: no BURN-Free colour in the plot
#   3. a duplication onto three drives at 4x, 8x and 16x: a lane per drive
#      in its own colour, and a legend naming them
#   4. a WRITE failing at an LBA: the error's colour at that LBA
#   5. blank=fast: a lane of the blank's progress
#   6. a report that cannot be written does not change the burn's exit code
#   7. a CD at 8x: time goes on, the disc's speed is 8x, and it is drawn
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
PNGCHECK="${top_srcdir:-$(dirname "$0")/..}/tests/pngcheck.py"
need_tools rsvg-convert:librsvg2-bin python3:python3

C_BURNFREE=e6007e
C_ERROR=d0021b
C_LONG=1f5fbf

# lane FILE.svg N KEY: a data- attribute of the N-th lane (0-based)
lane() {
	python3 - "$1" "$2" "$3" <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
lanes = [g for g in ET.parse(sys.argv[1]).iter(ns + "g") if g.get("class") == "lane"]
print(lanes[int(sys.argv[2])].get("data-" + sys.argv[3]))
EOF
}
lanes_in() {
	python3 -c 'import sys, xml.etree.ElementTree as ET
print(sum(1 for g in ET.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "lane"))' "$1"
}
# x_of FILE.svg N VALUE: the pixel column of VALUE (an LBA or seconds) in lane N
x_of() {
	local x0 x1 lo hi
	x0=$(lane "$1" "$2" x0) x1=$(lane "$1" "$2" x1) lo=$(lane "$1" "$2" lo) hi=$(lane "$1" "$2" hi)
	awk -v v="$3" -v x0="$x0" -v x1="$x1" -v lo="$lo" -v hi="$hi" \
		'BEGIN { printf "%.0f\n", x0 + (v - lo) / (hi - lo) * (x1 - x0) }'
}
# count FILE.png COLOUR X0 X1 Y0 Y1 [TOL]: how many pixels of that colour in
# the box (read from FILE.ppm, which valid_png leaves)
count() { python3 "$PNGCHECK" "${1%.png}.ppm" count "${@:2}"; }
valid_png() {  # valid_png FILE.png: a PNG of the SVG's width, not blank
	local w h colours
	read -r w h colours < <(python3 "$PNGCHECK" "$1" check "${1%.png}.ppm") || return 1
	[ "$w" = 1000 ] && [ "${h:-0}" -ge 300 ] && [ "${colours:-0}" -ge 50 ]
}
well_formed() { python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$1"; }

# ---- 1. underruns -------------------------------------------------------------
D=$T/u.img
bursts() { for _ in 1 2 3 4 5 6 7 8; do head -c 1048576 /dev/zero; sleep 0.4; done; }
bursts | "$DISCBURN" --json dev="emu:dvd+r:speed=4:buffer=512:size=8192:$D" speed=4 fs=256k \
	tsize=8m -force --verify --report "$T/u" - > "$T/u.json" 2> "$T/err"; RC=$?
expect_rc 0 "a stalled source onto DVD+R at 4x, with --report"
check "the SVG and the HTML page are written" test -s "$T/u.svg" -a -s "$T/u.html"
check "the SVG is well-formed XML" well_formed "$T/u.svg"
check "a report event names both files" grep -q "\"event\":\"report\",\"svg\":\"$T/u.svg\",\"html\":\"$T/u.html\"" "$T/u.json"
links=$(sed -n 's/^burnfree_count=//p' "$D.state")
check "the drive linked (BURN-Free) at least once" test "${links:-0}" -ge 1
check "NDJSON: the samples' shape" python3 - "$T/u.json" "$links" <<'EOF'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
start = [e for e in ev if e["event"] == "start"][0]
assert start["speed_x"] == 4 and start["speed_set_x"] == 4, start
w = [e for e in ev if e["event"] == "progress" and e["phase"] == "write"]
v = [e for e in ev if e["event"] == "progress" and e["phase"] == "verify"]
assert len(w) >= 8 and v, (len(w), len(v))
for e in w:
    for k in ("device", "bytes", "total", "lba", "speed_x", "fifo_pct", "t", "rate_x",
              "fifo_empty", "burnfree"):
        assert k in e, (k, e)
ts = [e["t"] for e in w]
assert ts == sorted(ts) and ts[-1] > 2, ts       # 8 bursts 0.4 s apart
assert any("buf_pct" in e for e in w)
assert w[-1]["burnfree"] == int(sys.argv[2]), (w[-1], sys.argv[2])
assert w[-1]["fifo_empty"] >= 7
# the speed is the disc's: never above the 4x the drive writes at (the bus
# carries the first megabytes into the drive's buffer at many times that)
for e in w:
    assert e["rate_x"] <= 4 * 1.1, e
    assert 0 <= e["disc_lba"] <= e["lba"], e
assert any(e["lba"] - e["disc_lba"] >= 128 for e in w)   # the buffer held data
# the last sample follows SYNCHRONIZE CACHE: the buffer written out
assert w[-1]["disc_lba"] == w[-1]["lba"] == 4096 and w[-1]["buf_pct"] == 0, w[-1]
stats = [e for e in ev if e["event"] == "stats"][0]
assert stats["burnfree_used"] == int(sys.argv[2]), stats
EOF
# where the first link was, as the samples say: where the laser was
first=$(python3 -c 'import json, sys
last = 0
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "progress" and e["phase"] == "write":
        if e["burnfree"] > last:
            print(e["disc_lba"]); break
        last = e["burnfree"]' "$T/u.json")
check "the samples place a first link" test -n "$first"
rsvg-convert -o "$T/u.png" "$T/u.svg" 2> "$T/rsvg"; RC=$?
expect_rc 0 "rsvg-convert renders the SVG"
check "the PNG is valid and not empty" valid_png "$T/u.png"
x=$(x_of "$T/u.svg" 0 "$first") y0=$(lane "$T/u.svg" 0 y0) y1=$(lane "$T/u.svg" 0 y1)
n=$(count "$T/u.png" $C_BURNFREE $((x - 1)) $((x + 1)) $((y0 + 2)) $((y1 - 2)))
check "the BURN-Free colour stands at LBA $first (x=$x: $n pixels)" \
	test "$n" -ge $(( (y1 - y0) * 3 / 2 ))
n=$(count "$T/u.png" $C_BURNFREE $((x - 25)) $((x - 5)) $((y0 + 2)) $((y1 - 2)))
check "and not before it ($n pixels)" test "$n" -lt $(( (y1 - y0) / 4 ))
sha=$(head -c 8388608 /dev/zero | sha256sum | cut -c1-64)
check "the page has the picture inline" grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$T/u.html"
check "the page names the drive and the disc" grep -q "EMU RECORDER.*" "$T/u.html"
check "the page: the disc" grep -q "DVD+R, blank; 8192 sectors" "$T/u.html"
check "the page: the write method" grep -q "<th>write method</th><td>DVD+R sequential" "$T/u.html"
check "the page: the speeds asked and set" grep -q "asked 4.0x (5540 kB/s); the drive set 4.0x (5540 kB/s)" "$T/u.html"
check "the page: the FIFO" grep -q "<th>FIFO</th><td>0.2 MiB; lowest fill" "$T/u.html"
check "the page: the drive's links" grep -q "the drive made $links link" "$T/u.html"
check "the page: the SHA-256" grep -q "$sha" "$T/u.html"
check "the page: the verify" grep -q "the disc equals the image" "$T/u.html"
check "the page: the times" grep -Eq "writing [0-9.]+ s; closing" "$T/u.html"

# ---- 2. no stalls: no BURN-Free in the plot -----------------------------------
head -c 8388608 /dev/urandom > "$T/img"
run "$DISCBURN" --json dev="emu:dvd+r:speed=4:buffer=512:size=8192:$T/n.img" -force \
	--report "$T/n.svg" --report-axis time "$T/img"
expect_rc 0 "a file source at 4x, --report-axis time"
check "FILE.svg names the SVG; the page is FILE.html" test -s "$T/n.svg" -a -s "$T/n.html"
check "the lane is over time" test "$(lane "$T/n.svg" 0 axis)" = time
check "the drive never linked" test "$(sed -n 's/^burnfree_count=//p' "$T/n.img.state")" = 0
rsvg-convert -o "$T/n.png" "$T/n.svg"
check "the PNG is valid and not empty" valid_png "$T/n.png"
x0=$(lane "$T/n.svg" 0 x0) x1=$(lane "$T/n.svg" 0 x1) y0=$(lane "$T/n.svg" 0 y0) y1=$(lane "$T/n.svg" 0 y1)
n=$(count "$T/n.png" $C_BURNFREE "$x0" "$x1" "$y0" "$y1")
check "no BURN-Free colour in the plot ($n pixels)" test "$n" -lt 10
n=$(count "$T/n.png" "$(lane "$T/n.svg" 0 colour | tr -d '#')" "$x0" "$x1" "$y0" "$y1")
check "the write speed is drawn ($n pixels)" test "$n" -ge 200

# ---- 3. three drives ---------------------------------------------------------
head -c 12582912 /dev/urandom > "$T/img"
devs=
for s in 4 8 16; do devs="${devs:+$devs,}emu:dvd+r:speed=$s:size=16384:$T/d$s.img"; done
"$DISCBURN" --json dev="$devs" -force --report "$T/dup.svg" "$T/img" > "$T/dup.json" 2> "$T/err"; RC=$?
expect_rc 0 "a duplication onto three drives, with --report"
check "three lanes" test "$(lanes_in "$T/dup.svg")" = 3
rsvg-convert -o "$T/dup.png" "$T/dup.svg"
check "the PNG is valid and not empty" valid_png "$T/dup.png"
colours=
for i in 0 1 2; do
	c=$(lane "$T/dup.svg" $i colour | tr -d '#')
	colours="$colours $c"
	x0=$(lane "$T/dup.svg" $i x0) x1=$(lane "$T/dup.svg" $i x1)
	y0=$(lane "$T/dup.svg" $i y0) y1=$(lane "$T/dup.svg" $i y1)
	n=$(count "$T/dup.png" "$c" "$x0" "$x1" "$y0" "$y1" 8)
	check "lane $i: its drive's colour #$c is drawn ($n pixels)" test "$n" -ge 200
	n=$(count "$T/dup.png" "$c" "$x0" $((x0 + 40)) "$y0" "$y1" 8)
	check "lane $i: the write speed is drawn from the first sector on ($n pixels)" test "$n" -ge 40
	d=$(lane "$T/dup.svg" $i drive)      # lanes come in the order the drives started
	check "lane $i: the legend gives drive $d its colour" \
		grep -q "data-drive=\"$d\"><line[^>]*stroke=\"#$c\"" "$T/dup.svg"
done
check "NDJSON: each drive at its own speed, to the end of the image" python3 - "$T/dup.json" <<'EOF'
import json, re, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
for x in (4, 8, 16):
    w = [e for e in ev if e["event"] == "progress" and e["phase"] == "write" and
         re.search(":speed=%d:" % x, e["device"])]
    assert len(w) >= 2, (x, w)
    # the last sample follows SYNCHRONIZE CACHE, whose stretch holds the
    # command's own time beside the buffer written out: slower, never faster
    for e in w[:-1]:
        assert x * 0.9 <= e["rate_x"] <= x * 1.1, (x, e)
    assert x * 0.5 <= w[-1]["rate_x"] <= x * 1.1, (x, w[-1])
    assert w[-1]["disc_lba"] == 6144, (x, w[-1])
EOF
check "three different colours:$colours" test "$(echo "$colours" | tr ' ' '\n' | sort -u | grep -c .)" = 3
for s in 4 8 16; do
	check "the legend and the page name drive $s" grep -q "speed=$s:size=16384:$T/d$s.img" "$T/dup.html"
done
check "the page: a section per drive" test "$(grep -c '<h2>' "$T/dup.html")" = 3
check "the page: every copy good" grep -q "<th>copies</th><td>3 good, 0 failed, 0 not made" "$T/dup.html"

# ---- 4. an error at an LBA ---------------------------------------------------
head -c 8388608 /dev/urandom > "$T/img"
run "$DISCBURN" --json dev="emu:dvd+r:size=8192:fault=medium-error@2048:$T/e.img" -force \
	--report "$T/e" "$T/img"
expect_rc 10 "a WRITE fails at LBA 2048"
check "the report is written all the same" test -s "$T/e.svg" -a -s "$T/e.html"
check "one disc, one lane" test "$(lanes_in "$T/e.svg")" = 1
check "the page names the error and its LBA" grep -q "<th>error</th><td>at LBA 2048: " "$T/e.html"
check "the page: FAILED" grep -q "<th>result</th><td>FAILED" "$T/e.html"
rsvg-convert -o "$T/e.png" "$T/e.svg"
check "the PNG is valid and not empty" valid_png "$T/e.png"
x=$(x_of "$T/e.svg" 0 2048) y0=$(lane "$T/e.svg" 0 y0) y1=$(lane "$T/e.svg" 0 y1)
n=$(count "$T/e.png" $C_ERROR $((x - 1)) $((x + 1)) $((y0 + 40)) $((y1 - 2)))
check "the error's colour stands at LBA 2048 (x=$x: $n pixels)" test "$n" -ge $(( (y1 - y0 - 42) * 3 / 2 ))

# ---- 5. blanking -------------------------------------------------------------
D=$T/rw.img
run "$DISCBURN" dev="emu:cd-rw:$D" -force "$T/img"
expect_rc 0 "a CD-RW written"
run "$DISCBURN" --json dev="emu:cd-rw:$D" blank=fast --report "$T/b"
expect_rc 0 "blank=fast with --report"
rsvg-convert -o "$T/b.png" "$T/b.svg"
check "the PNG is valid and not empty" valid_png "$T/b.png"
check "the blank's lane is over time" test "$(lane "$T/b.svg" 0 axis)" = time
x0=$(lane "$T/b.svg" 0 x0) x1=$(lane "$T/b.svg" 0 x1) y0=$(lane "$T/b.svg" 0 y0) y1=$(lane "$T/b.svg" 0 y1)
n=$(count "$T/b.png" $C_LONG "$x0" "$x1" "$y0" "$y1" 8)
check "its progress is drawn ($n pixels)" test "$n" -ge 100
check "the page says blank" grep -q "<th>operation</th><td>blank" "$T/b.html"

# ---- a small burn on a big disc is drawn over what it wrote, not the whole disc --
run "$DISCBURN" dev="emu:dvd+r:$T/big.img" -force --report "$T/big" "$T/img"
expect_rc 0 "a small image on a whole DVD+R, with a report"
blocks=$(( ($(stat -c %s "$T/img") + 2047) / 2048 ))
hi=$(lane "$T/big.svg" 0 hi)
check "the axis ends at the end of the burn ($hi), not at the disc's 2295104 sectors" \
	python3 -c "import sys; h = float(sys.argv[1]); sys.exit(0 if $blocks <= h <= 2 * $blocks else 1)" "$hi"
check "and names the disc's capacity" grep -q "the disc holds 2295104 sectors" "$T/big.svg"

# ---- 7. a CD: the same samples, 1x being 75 sectors a second ----------------------
head -c 6291456 /dev/urandom > "$T/img"
"$DISCBURN" --json dev="emu:cd-r:speed=8:$T/cd.img" speed=8 -force --report "$T/cd" "$T/img" \
	> "$T/cd.json" 2> "$T/err"; RC=$?
expect_rc 0 "a CD-R at 8x, with --report"
check "NDJSON: time goes on, and the disc is written at 8x" python3 - "$T/cd.json" <<'EOF'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
w = [e for e in ev if e["event"] == "progress" and e["phase"] == "write"]
assert len(w) >= 8, len(w)
ts = [e["t"] for e in w]
assert ts == sorted(ts) and ts[0] > 0.2 and ts[-1] > 2, ts
for e in w[:-1]:
    assert 7.2 <= e["rate_x"] <= 8.8, e
assert 4 <= w[-1]["rate_x"] <= 8.8, w[-1]     # after SYNCHRONIZE CACHE, as above
for e in w:
    assert "buf_pct" in e and "fifo_empty" in e and e["burnfree"] == 0, e
EOF
rsvg-convert -o "$T/cd.png" "$T/cd.svg"
check "the PNG is valid and not empty" valid_png "$T/cd.png"
x0=$(lane "$T/cd.svg" 0 x0) x1=$(lane "$T/cd.svg" 0 x1) y0=$(lane "$T/cd.svg" 0 y0) y1=$(lane "$T/cd.svg" 0 y1)
n=$(count "$T/cd.png" "$(lane "$T/cd.svg" 0 colour | tr -d '#')" "$x0" "$x1" "$((y0 + 2))" "$((y1 - 4))" 8)
check "the write speed is drawn above the axis ($n pixels)" test "$n" -ge 400

# ---- 6. a report that cannot be written ----------------------------------------
run "$DISCBURN" dev="emu:dvd+r:$T/w.img" -force --report "$T/no/such/dir/r" "$T/img"
expect_rc 0 "the burn's exit code is its own"
check "the report's failure is said" grep -q "cannot write the report $T/no/such/dir/r.svg" "$T/err"

finish
