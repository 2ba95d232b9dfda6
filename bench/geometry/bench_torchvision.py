#!/usr/bin/python3
"""torchvision timings on the exact inputs of bench_geometry, joined to its tables.

    /usr/bin/python3 bench/geometry/bench_torchvision.py [--build build/dev] [--quick]

Runs <build>/bench/bench_geometry --dump TMP (which prints the C++ tables and writes every
input it timed), then times torchvision.ops.nms / batched_nms / box_iou on those inputs
(torch.set_num_threads(1) unless --threads is given) and prints the C++ tables with extra
rows for torchvision, ratio = torchvision median / edgemetrics median. Needs Debian's
python3-torchvision; use /usr/bin/python3, not a pyenv python.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torchvision
from torchvision.ops import batched_nms, box_iou, nms


def measure(fn, min_runs=5, min_seconds=0.5, max_runs=1000):
    times = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() - start < min_seconds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), len(times)


def load(d, name):
    boxes = torch.from_numpy(np.fromfile(os.path.join(d, name + ".boxes"), dtype=np.float32).reshape(-1, 4))
    scores = torch.from_numpy(np.fromfile(os.path.join(d, name + ".scores"), dtype=np.float32))
    classes = torch.from_numpy(np.fromfile(os.path.join(d, name + ".classes"), dtype=np.int64))
    return boxes, scores, classes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/dev", help="CMake build directory (default build/dev)")
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    exe = os.path.join(args.build, "bench", "bench_geometry")
    with tempfile.TemporaryDirectory() as d:
        cmd = [exe, "--dump", d] + (["--quick"] if args.quick else [])
        out = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed:\n{out.stdout}{out.stderr}")

        # torchvision rows per work label of the C++ tables.
        extra = {}
        base = {}
        for line in out.stdout.splitlines():
            m = re.match(r"\| (.+?) \| (edgemetrics[^|]*?) \| ([0-9.]+) \|", line)
            if m and m.group(1) not in base:
                base[m.group(1)] = float(m.group(3))
        for work in base:
            m = re.match(r"(nms_\w+) \((\d+) boxes\)", work)
            label = f"torchvision {torchvision.__version__} ({args.threads} thread{'s' if args.threads > 1 else ''})"
            if m:
                b, s, _ = load(d, m.group(1))
                big = int(m.group(2)) >= 100000
                keep = nms(b, s, 0.5)
                extra[work] = (f"{label} ops.nms", measure(lambda: nms(b, s, 0.5), 1 if big else 5, 0 if big else 0.5),
                               f"kept {keep.numel()}")
                continue
            if work.startswith("batched"):
                b, s, c = load(d, "batched_10k_80")
                keep = batched_nms(b, s, c, 0.5)
                extra[work] = (f"{label} ops.batched_nms", measure(lambda: batched_nms(b, s, c, 0.5)),
                               f"kept {keep.numel()}")
                continue
            m = re.match(r"(\d+) x (\d+)", work)
            if m:
                a, _, _ = load(d, f"iou_a_{m.group(1)}")
                bb, _, _ = load(d, f"iou_b_{m.group(1)}")
                extra[work] = (f"{label} ops.box_iou", measure(lambda: box_iou(a, bb), 3, 0.5), "")

        for line in out.stdout.splitlines():
            print(line)
            m = re.match(r"\| (.+?) \| ", line)
            if m and m.group(1) in extra:
                # after the last row of this work
                rows = [l for l in out.stdout.splitlines() if l.startswith(f"| {m.group(1)} |")]
                if line == rows[-1]:
                    impl, (med, mn, runs), note = extra[m.group(1)]
                    ratio = med / base[m.group(1)] if base[m.group(1)] > 0 else 0
                    print(f"| {m.group(1)} | {impl} | {med:.4f} | {mn:.4f} | {runs} | {ratio:.2f} | {note} |")
        print(f"\n(torch {torch.__version__}, torchvision {torchvision.__version__}, "
              f"torch.get_num_threads() = {torch.get_num_threads()})")
    return out.returncode


if __name__ == "__main__":
    sys.exit(main())
