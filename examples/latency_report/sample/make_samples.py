#!/usr/bin/python3
"""Makes the driver's sample inputs (seeded, deterministic):
  trtexec_fp32.json, trtexec_fp16.json  trtexec --exportTimes style traces (300 queries)
  camera_loop.csv                        a CSV with frame, preprocess_ms, inference_ms, postprocess_ms
  latency.json                           a JSON array of latencies (ms)
  bad.csv                                a CSV with a malformed value on line 4
Run: /usr/bin/python3 examples/latency_report/sample/make_samples.py examples/latency_report/sample
"""
import json
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(2024)


def trace(n, compute_ms, jitter):
    t = 0.0
    rows = []
    for i in range(n):
        enq0 = t
        enq1 = enq0 + 0.05 + rng.random() * 0.02
        h2d0 = enq1
        h2d = 0.12 + rng.random() * 0.03
        c = rng.lognormvariate(0, jitter) * compute_ms
        if rng.random() < 0.01:
            c *= 2.5  # rare stalls
        d2h = 0.04 + rng.random() * 0.01
        h2d1 = h2d0 + h2d
        c0, c1 = h2d1, h2d1 + c
        d0, d1 = c1, c1 + d2h
        r = lambda x: round(x, 5)
        rows.append({"startEnqMs": r(enq0), "endEnqMs": r(enq1), "startH2dMs": r(h2d0), "endH2dMs": r(h2d1),
                     "startComputeMs": r(c0), "endComputeMs": r(c1), "startD2hMs": r(d0), "endD2hMs": r(d1),
                     "h2dMs": r(h2d), "computeMs": r(c), "d2hMs": r(d2h), "latencyMs": r(h2d + c + d2h)})
        t = d1
    return rows


def dump_trace(path, rows):
    with open(path, "w") as f:
        f.write("[\n")
        for i, row in enumerate(rows):
            f.write(("  " if i == 0 else ", ") + json.dumps(row) + "\n")
        f.write("]\n")


dump_trace(f"{out}/trtexec_fp32.json", trace(300, 6.2, 0.04))
dump_trace(f"{out}/trtexec_fp16.json", trace(300, 3.9, 0.05))

with open(f"{out}/camera_loop.csv", "w") as f:
    f.write("# a camera loop timed with edgemetrics::stage_recorder\n")
    f.write("frame,preprocess_ms,inference_ms,postprocess_ms\n")
    for i in range(120):
        f.write(f"{i},{rng.uniform(1.8, 2.4):.3f},{rng.lognormvariate(0, 0.08) * 38:.3f},{rng.uniform(0.6, 1.1):.3f}\n")

with open(f"{out}/latency.json", "w") as f:
    json.dump([round(rng.lognormvariate(0, 0.1) * 12.0, 3) for _ in range(64)], f)
    f.write("\n")

with open(f"{out}/bad.csv", "w") as f:
    f.write("frame,latency_ms\n0,12.5\n1,12.7\n2,oops\n3,12.9\n")
