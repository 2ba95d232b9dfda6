#!/usr/bin/env python3
"""Browser test of the HTML report: renders the sample page in headless Chromium.

1. runs the render program (tests/report/html_render_main.cpp) to write the sample page;
2. chromium --headless --dump-dom: every plot (data-plot) the page holds must be in the rendered
   DOM, each plot kind at least once, and no plot may be noted as missing;
3. chromium --headless --screenshot: the PNG (decoded here with zlib and struct only) must not be
   blank: enough non-white pixels and enough distinct colours.

Chromium comes from Debian (`chromium`, scripts/install-deps.sh); set CHROMIUM to use another
binary. A missing browser fails the test with a message saying so.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import zlib

# Every plot the page can hold; the sample page has each at least once.
PLOTS = ("pr-curves", "latency-histogram", "latency-cdf", "power-temperature", "accuracy-latency",
         "accuracy-energy", "speedup-flops")
TIMEOUT_S = 90


def fail(message):
    print("report.html_browser: FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def find_chromium():
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    fail("chromium is not installed (Debian package 'chromium': run scripts/install-deps.sh, "
         "or set CHROMIUM=/path/to/chrome); the HTML report cannot be checked in a browser")


def chromium(binary, work, *args):
    profile = os.path.join(work, "profile")
    os.makedirs(profile, exist_ok=True)
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--no-default-browser-check", "--disable-extensions",
           "--hide-scrollbars", "--user-data-dir=" + profile, *args]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
    except OSError as e:
        fail("cannot run chromium (%s): %s" % (binary, e))
    except subprocess.TimeoutExpired:
        fail("chromium did not finish in %d s: %s" % (TIMEOUT_S, " ".join(cmd)))
    if p.returncode != 0:
        fail("chromium exited with %d: %s\n%s" % (p.returncode, " ".join(cmd),
                                                  p.stderr.decode(errors="replace")[-3000:]))
    return p.stdout.decode("utf-8", errors="replace")


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(path):
    """Returns (width, height, bytes per pixel, rows of raw bytes) of an 8-bit RGB/RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        fail("%s has no IHDR" % path)
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        fail("unexpected PNG format (depth %d, colour type %d, interlace %d)" % (depth, colour, interlace))
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev, at = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], upleft)) & 0xFF
        elif ftype != 0:
            fail("bad PNG filter %d" % ftype)
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--render", required=True, help="the program that writes the sample page")
    ap.add_argument("--work", required=True, help="a folder for the page, profile and screenshot")
    ap.add_argument("--size", default="1280,3000", help="browser window size")
    args = ap.parse_args()

    binary = find_chromium()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    page = os.path.join(work, "report.html")
    shot = os.path.join(work, "report.png")
    for stale in (page, shot):
        if os.path.exists(stale):
            os.remove(stale)
    r = subprocess.run([args.render, page], capture_output=True, timeout=60)
    if r.returncode != 0:
        fail("%s exited with %d: %s" % (args.render, r.returncode, r.stderr.decode(errors="replace")))
    url = "file://" + page

    with open(page, encoding="utf-8") as f:
        source = f.read()
    dom = chromium(binary, work, "--dump-dom", url)
    if "<svg" not in dom:
        fail("the rendered DOM has no <svg> (got %d characters)" % len(dom))
    counts = {}
    for plot in PLOTS:
        written = source.count('data-plot="%s"' % plot)
        found = dom.count('data-plot="%s"' % plot)
        if written == 0:
            fail("the sample page has no data-plot=\"%s\"" % plot)
        if found != written:
            fail("the rendered DOM has %d data-plot=\"%s\", the page %d" % (found, plot, written))
        counts[plot] = found
    if "data-missing-plot=" in dom:
        fail("the rendered DOM notes a missing plot")
    # The browser parsed the SVG as SVG: its elements are in the DOM with their children.
    for element in ("<polyline", "<circle", "<rect", "<text"):
        if element not in dom:
            fail("the rendered DOM has no %s element" % element)
    print("DOM: every plot present (%s)" % ", ".join("%s x%d" % kv for kv in counts.items()))

    chromium(binary, work, "--screenshot=" + shot, "--window-size=" + args.size, url)
    if not os.path.exists(shot):
        fail("chromium wrote no screenshot")
    width, height, bpp, rows = decode_png(shot)
    want_w, want_h = (int(v) for v in args.size.split(","))
    if (width, height) != (want_w, want_h):
        fail("screenshot is %dx%d, expected %dx%d" % (width, height, want_w, want_h))
    colours, non_white = set(), 0
    for row in rows[::2]:
        for i in range(0, len(row), bpp * 2):
            px = row[i:i + 3]
            if px != b"\xff\xff\xff":
                non_white += 1
            colours.add(px)
    sampled = ((height + 1) // 2) * ((width + 1) // 2)
    share = non_white / sampled
    print("screenshot %s: %dx%d, %.1f %% non-white, %d distinct colours (sampled)"
          % (shot, width, height, 100 * share, len(colours)))
    if share < 0.03:
        fail("the screenshot is blank (%.2f %% non-white pixels)" % (100 * share))
    if len(colours) < 64:
        fail("the screenshot has only %d distinct colours: the plots did not render" % len(colours))
    print("report.html_browser: OK")


if __name__ == "__main__":
    main()
