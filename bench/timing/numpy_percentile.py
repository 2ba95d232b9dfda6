#!/usr/bin/python3
"""numpy.percentile on the same seeded data as bench/timing_bench, side by side.

    /usr/bin/python3 bench/timing/numpy_percentile.py [--bench build/bench/timing_bench] [--n 10000000]

Runs the C++ bench with --write-data (10 M latencies, float64 ms), times
numpy.percentile (method='linear', its default) for p99 and for p50,90,95,99,99.9 on that
data, checks the values are bit-identical to edgemetrics' linear rule, and prints a joined
Markdown table with ratios numpy / edgemetrics.
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--bench", default="build/bench/timing_bench")
ap.add_argument("--n", type=int, default=10_000_000)
ap.add_argument("--data", default="bench/data/timing_latencies.f64")
args = ap.parse_args()

os.makedirs(os.path.dirname(args.data), exist_ok=True)
out = subprocess.run([args.bench, "--n", str(args.n), "--write-data", args.data], check=True,
                     capture_output=True, text=True).stdout
print(out)
cpp = {}
values = {}
for line in out.splitlines():
    if line.startswith("csv,value,"):
        _, _, p, v = line.split(",")
        values[float(p)] = float(v)
    elif line.startswith("csv,"):
        _, k, v = line.split(",")
        cpp[k] = float(v)

a = np.fromfile(args.data, dtype=np.float64)
assert a.size == args.n


def timeit(fn, runs=7):
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    return ts[len(ts) // 2], ts[0], r


five = [50, 90, 95, 99, 99.9]
t1, m1, r1 = timeit(lambda: np.percentile(a, 99))
t5, m5, r5 = timeit(lambda: np.percentile(a, five))
same = all(float(v) == values[float(p)] for p, v in zip(five, r5))
print(f"numpy {np.__version__}: values bit-identical to edgemetrics linear: {'yes' if same else 'NO'}")
print()
print(f"### Percentiles of {args.n} exact samples: edgemetrics vs numpy.percentile (same data)")
print()
print("| work | implementation | median ms | min ms | ratio (this / edgemetrics) |")
print("|---|---|---:|---:|---:|")
print(f"| p99 | edgemetrics select_percentiles (C++) | {cpp['edgemetrics_p99_ms']:.2f} | | 1.00 |")
print(f"| p99 | std::sort + index (C++) | {cpp['sort_p99_ms']:.2f} | | {cpp['sort_p99_ms'] / cpp['edgemetrics_p99_ms']:.2f} |")
print(f"| p99 | numpy.percentile | {t1:.2f} | {m1:.2f} | {t1 / cpp['edgemetrics_p99_ms']:.2f} |")
print(f"| 5 percentiles | edgemetrics select_percentiles (C++) | {cpp['edgemetrics_p5_ms']:.2f} | | 1.00 |")
print(f"| 5 percentiles | std::sort + index (C++) | {cpp['sort_p5_ms']:.2f} | | {cpp['sort_p5_ms'] / cpp['edgemetrics_p5_ms']:.2f} |")
print(f"| 5 percentiles | numpy.percentile | {t5:.2f} | {m5:.2f} | {t5 / cpp['edgemetrics_p5_ms']:.2f} |")
sys.exit(0 if same else 1)
