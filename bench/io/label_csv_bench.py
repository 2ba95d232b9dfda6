#!/usr/bin/python3
"""Label CSV -> confusion matrix at scale (issue #10, defect 11): edgemetrics against scikit-learn.

    /usr/bin/python3 bench/io/label_csv_bench.py build-bench/bench/label_csv_bench \
        [--rows 10000000] [--classes 10] [--driver build-bench/examples/.../edgemetrics-classification-report]

Writes a CSV of ROWS (truth, prediction) string labels (seeded), then, each in its own process so
that peak memory is its own:
  - edgemetrics read_label_csv_matrix (streamed) and read_label_csv + record (the pairs path);
  - optionally the edgemetrics-classification-report driver on the file (whole report);
  - the reference: Python's csv module reading the file, then sklearn.metrics.confusion_matrix.
Prints one Markdown table: median wall ms, peak RSS MB, ratio reference / edgemetrics. The two
matrices are checked equal.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

REFERENCE = r'''
import csv, json, resource, sys, time
import numpy as np
from sklearn.metrics import confusion_matrix
t0 = time.perf_counter()
c0 = time.process_time()
with open(sys.argv[1], newline="") as f:
    r = csv.reader(f)
    header = next(r)
    y_true, y_pred = [], []
    for row in r:
        y_true.append(row[0]); y_pred.append(row[1])
labels = sorted(set(y_true) | set(y_pred))
cm = confusion_matrix(y_true, y_pred, labels=labels)
ms = (time.perf_counter() - t0) * 1e3
cpu = (time.process_time() - c0) * 1e3
print(json.dumps({"ms": ms, "cpu_ms": cpu, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": int(cm.sum()), "counts": cm.ravel().tolist()}))
'''



GENERATE = r'''
import random, sys
path, rows, classes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(11)
names = ["class_%02d" % i for i in range(classes)]
with open(path, "w", newline="") as f:
    f.write("truth,prediction\n")
    chunk = []
    for _ in range(rows):
        t = rng.randrange(classes)
        p = t if rng.random() < 0.8 else rng.randrange(classes)
        chunk.append("%s,%s\n" % (names[t], names[p]))
        if len(chunk) == 100_000:
            f.write("".join(chunk))
            chunk = []
    f.write("".join(chunk))
'''


def child_peak_mb(cmd, with_cpu=False):
    """Runs cmd alone; returns (stdout, wall ms, peak RSS MB of that child[, its CPU ms])."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        ms = (time.perf_counter() - t0) * 1e3
        if proc.returncode != 0:
            sys.exit("failed (%d): %s" % (proc.returncode, " ".join(cmd)))
        out.seek(0)
        cpu = (usage.ru_utime + usage.ru_stime) * 1e3
        return (out.read(), ms, usage.ru_maxrss / 1024) + ((cpu,) if with_cpu else ())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--driver")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "labels.csv")
        # In a child process: this script must stay small, since each measured program is started
        # from it and a new process's peak RSS starts at its parent's.
        subprocess.run([sys.executable, "-c", GENERATE, path, str(a.rows), str(a.classes)], check=True)
        size_mb = os.path.getsize(path) / 1e6
        rows = []
        em = {}
        for mode in ("matrix", "pairs"):
            out, _, _ = child_peak_mb([a.bench, path, "--mode", mode, "--runs", str(a.runs)])
            em[mode] = json.loads(out)
        rows.append(("edgemetrics read_label_csv_matrix (streamed)", em["matrix"]["median_ms"],
                     em["matrix"]["cpu_ms"], em["matrix"]["peak_rss_mb"]))
        rows.append(("edgemetrics read_label_csv + record (pairs, 0.1 path)", em["pairs"]["median_ms"],
                     em["pairs"]["cpu_ms"], em["pairs"]["peak_rss_mb"]))
        report_path = os.path.join(tmp, "r.json")
        if a.driver:
            _, ms, peak, cpu = child_peak_mb([a.driver, path, "--json", report_path], with_cpu=True)
            rows.append(("edgemetrics-classification-report (whole process: read, report, JSON)", ms, cpu, peak))
        out, _, _ = child_peak_mb([sys.executable, "-c", REFERENCE, path])
        ref = json.loads(out)
        rows.append(("Python csv module + sklearn confusion_matrix", ref["ms"], ref["cpu_ms"], ref["peak_rss_mb"]))
        if a.driver:
            with open(report_path) as f:
                report = json.load(f)
            matrix = report.get("confusion_matrix", {})
            counts = matrix.get("counts") if isinstance(matrix, dict) else None
            if counts is not None:
                flat = [c for row in counts for c in row] if counts and isinstance(counts[0], list) else counts
                print("driver matrix equals scikit-learn's:", flat == ref["counts"])
        base_ms, base_cpu, base_mb = rows[0][1], rows[0][2], rows[0][3]
        print("\n### Label CSV -> confusion matrix: %d rows, %d classes, %.0f MB file\n" % (a.rows, a.classes, size_mb))
        print("| implementation | wall ms | CPU ms | peak RSS MB | wall ratio | CPU ratio | memory ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, ms, cpu, mb in rows:
            print("| %s | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f |"
                  % (name, ms, cpu, mb, ms / base_ms, cpu / base_cpu, mb / base_mb))
        print("\nratios: this / edgemetrics read_label_csv_matrix (> 1: edgemetrics faster or smaller)")


if __name__ == "__main__":
    main()
