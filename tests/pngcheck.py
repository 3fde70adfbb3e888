#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""pngcheck.py -- what the report tests ask of a rendered PNG.

  pngcheck.py FILE.png check OUT.ppm
      "W H COLOURS" when FILE is a valid PNG (signature, chunk CRCs, IHDR,
      IDAT that inflates to every row, IEND; COLOURS: how many distinct
      colours it has), and its pixels in OUT.ppm; exits 1 with the reason
      when FILE is not a valid PNG.
  pngcheck.py FILE.png size
      "W H" when FILE is a valid PNG.
  pngcheck.py FILE.png count RRGGBB X0 X1 Y0 Y1 [TOL]
      how many pixels in the box [X0,X1] x [Y0,Y1] are within TOL (default
      24) of the colour in every channel.
  pngcheck.py FILE.png colours
      how many distinct colours the picture has.
  count and colours read a PPM of check (P6, 8-bit) as well, much faster
  than decoding the PNG again.

Only what rsvg-convert writes is read: 8-bit greyscale, RGB, RGBA or grey
with alpha, not interlaced. Written from the PNG specification (filters
0-4, zlib-compressed IDAT).
"""
import struct
import sys
import zlib


def fail(why):
    print("pngcheck: " + why, file=sys.stderr)
    sys.exit(1)


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s: not a PNG (signature)" % path)
    pos, idat, ihdr, ended = 8, b"", None, False
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        if pos + 12 + length > len(data):
            fail("%s: chunk %r cut short" % (path, kind))
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            fail("%s: bad CRC in chunk %r" % (path, kind))
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
            break
        pos += 12 + length
    if not ihdr or not ended or not idat:
        fail("%s: IHDR, IDAT or IEND missing" % path)
    w, h, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        fail("%s: only 8-bit, non-interlaced grey/RGB(A) is read here" % path)
    if w == 0 or h == 0:
        fail("%s: empty picture" % path)
    raw = zlib.decompress(idat)
    stride = w * channels
    if len(raw) != h * (stride + 1):
        fail("%s: image data has %d bytes, %d expected" % (path, len(raw), h * (stride + 1)))
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
            elif f != 0:
                fail("%s: unknown filter %d in row %d" % (path, f, y))
        rows.append(line)
        prev = line
    return w, h, channels, rows


def read_ppm(path):
    data = open(path, "rb").read()
    head = data.split(b"\n", 3)
    w, h = (int(v) for v in head[1].split())
    pix = head[3]
    return w, h, 3, [pix[y * w * 3:(y + 1) * w * 3] for y in range(h)]


def rgb_rows(rows, channels):
    """Every row as RGB bytes."""
    out = []
    for line in rows:
        if channels == 3:
            out.append(bytes(line))
            continue
        n = len(line) // channels
        r = bytearray(3 * n)
        if channels >= 3:
            r[0::3], r[1::3], r[2::3] = line[0::channels], line[1::channels], line[2::channels]
        else:
            r[0::3] = r[1::3] = r[2::3] = line[0::channels]
        out.append(bytes(r))
    return out


def main():
    if len(sys.argv) < 3:
        fail("usage: pngcheck.py FILE.png check OUT.ppm | FILE.ppm count|colours ...")
    if open(sys.argv[1], "rb").read(2) == b"P6":
        w, h, ch, rows = read_ppm(sys.argv[1])
    else:
        w, h, ch, rows = read_png(sys.argv[1])
    rows = rgb_rows(rows, ch)
    what = sys.argv[2]
    colours = lambda: len(set(p for r in rows for p in zip(r[0::3], r[1::3], r[2::3])))
    if what == "check":
        with open(sys.argv[3], "wb") as f:
            f.write(b"P6\n%d %d\n255\n" % (w, h))
            f.write(b"".join(rows))
        print(w, h, colours())
    elif what == "size":
        print(w, h)
    elif what == "colours":
        print(colours())
    elif what == "count":
        col = sys.argv[3]
        want = (int(col[0:2], 16), int(col[2:4], 16), int(col[4:6], 16))
        x0, x1, y0, y1 = (int(round(float(v))) for v in sys.argv[4:8])
        tol = int(sys.argv[8]) if len(sys.argv) > 8 else 24
        x0, x1 = max(0, x0), min(w - 1, x1)
        n = 0
        lo = [c - tol for c in want]
        hi = [c + tol for c in want]
        for y in range(max(0, y0), min(h - 1, y1) + 1):
            r = rows[y][3 * x0:3 * (x1 + 1)]
            for p in zip(r[0::3], r[1::3], r[2::3]):
                if lo[0] <= p[0] <= hi[0] and lo[1] <= p[1] <= hi[1] and lo[2] <= p[2] <= hi[2]:
                    n += 1
        print(n)
    else:
        fail("unknown question %s" % what)


main()
