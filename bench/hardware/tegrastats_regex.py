#!/usr/bin/env python3
"""The reference side of bench/hardware: a straightforward regex-based tegrastats parser of the
same fields edgemetrics parses (timestamp, RAM, SWAP, IRAM, CPU cores, EMC/GR3D and engines,
temperatures, power rails, board total power by the same rule), in the style of the parsers
published for Jetson (jetson-stats' tegrastats module, the exporters of SOURCES.md).

    python3 tegrastats_regex.py LOG [--max-lines N]

Prints one line: "lines=N samples=N seconds=S checksum=X peak_rss_kb=K", where seconds is the
parsing time (the file read line by line, one dict per sample, nothing kept) and checksum the
sum of the board totals (mW), which the C++ bench compares with its own.
"""
import re
import resource
import sys
import time
from calendar import timegm

TIME = re.compile(r"^(\d\d)-(\d\d)-(\d{4}) (\d\d):(\d\d):(\d\d) ")
MEM = re.compile(r"\b(RAM|SWAP|IRAM) (\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)(kB|MB|GB)")
CACHED = re.compile(r"\(cached (\d+)(MB|kB)\)")
CPU = re.compile(r"\b[Cc][Pp][Uu] \[([^\]]*)\](?:@(\d+))?")
CORE = re.compile(r"^(?:(off)|(\d+(?:\.\d+)?)%(?:@(\d+))?)$")
ENGINE = re.compile(r"\b([A-Z][A-Z0-9_]*) (off|\d+(?:\.\d+)?%(?:@\[[\d,]*\]|@\d+)?|@\[[\d,]*\]|@\d+|\d+)(?=\s|$)")
TEMP = re.compile(r"\b(\w+)@(-?\d+(?:\.\d+)?)C(?:/-?\d+(?:\.\d+)?C)?")
RAIL = re.compile(r"\b([A-Z][A-Z0-9_]*) (\d+)(?:mW)?/(\d+)(?:mW)?(?:/\d+(?:mW)?)?(?=\s|$)")
FED = {"VDDQ_VDD2_1V8AO": "VIN_SYS_5V0"}
SCALE = {"kB": 1.0 / 1024, "MB": 1.0, "GB": 1024.0}


def parse_line(line):
    s = {}
    m = TIME.match(line)
    if m:
        mo, d, y, h, mi, se = (int(x) for x in m.groups())
        s["time"] = float(timegm((y, mo, d, h, mi, se)))
    for name, used, total, unit in MEM.findall(line):
        s[name] = (float(used) * SCALE[unit], float(total) * SCALE[unit])
    m = CACHED.search(line)
    if m:
        s["swap_cached"] = float(m.group(1)) * SCALE[m.group(2)]
    m = CPU.search(line)
    if m:
        cores = []
        for c in m.group(1).split(","):
            cm = CORE.match(c)
            if not cm:
                raise ValueError("bad core " + c)
            if cm.group(1):
                cores.append(None)
            else:
                f = cm.group(3) or m.group(2)
                cores.append((float(cm.group(2)), float(f) if f else None))
        s["cpus"] = cores
    engines = {}
    for name, value in ENGINE.findall(line):
        if name in ("RAM", "SWAP", "IRAM", "CPU"):
            continue
        name = name[:-5] if name.endswith("_FREQ") else name
        if value == "off":
            engines[name] = None
        else:
            load, _, freq = value.partition("@")
            if not value.startswith("@") and not load.endswith("%"):
                engines[name] = (None, [float(load)])
                continue
            freqs = [float(x) for x in freq.strip("[]").split(",") if x] if freq else []
            engines[name] = (float(load[:-1]) if load.endswith("%") else None, freqs)
    s["engines"] = engines
    temps = {}
    for name, c in TEMP.findall(line):
        c = float(c)
        valid = c > -256 and not (name.upper() == "PMIC" and c in (50.0, 100.0))
        temps[name] = (c, valid)
    s["temps"] = temps
    rails = {}
    for name, cur, avg in RAIL.findall(line):
        if name in ("RAM", "SWAP", "IRAM"):
            continue
        rails[name] = (float(cur), float(avg))
    s["rails"] = rails
    total = None
    for name, (cur, _) in rails.items():
        if name.endswith("_IN"):
            total = cur
            break
    if total is None and rails:
        total = sum(cur for name, (cur, _) in rails.items() if not (name in FED and FED[name] in rails))
    s["total"] = total
    if "RAM" not in s and not temps and not rails:
        raise ValueError("no tegrastats field")
    return s


def main():
    path = sys.argv[1]
    max_lines = None
    if len(sys.argv) > 3 and sys.argv[2] == "--max-lines":
        max_lines = int(sys.argv[3])
    lines = samples = 0
    checksum = 0.0
    start = time.perf_counter()
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        for line in f:
            if max_lines is not None and lines >= max_lines:
                break
            lines += 1
            try:
                s = parse_line(line)
            except ValueError:
                continue
            samples += 1
            if s["total"] is not None:
                checksum += s["total"]
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"lines={lines} samples={samples} seconds={seconds:.6f} checksum={checksum!r} peak_rss_kb={rss}")


if __name__ == "__main__":
    main()
