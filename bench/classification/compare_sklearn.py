#!/usr/bin/python3
"""Side-by-side: edgemetrics vs numpy and scikit-learn on the same labels.

    /usr/bin/python3 bench/classification/compare_sklearn.py build/bench/classification_bench [--quick]

Runs the C++ bench (which times edgemetrics, a plain C++ loop and the memory floor, and
dumps its seeded labels), then times numpy.bincount and scikit-learn's confusion_matrix and
precision_recall_fscore_support on exactly those labels, and prints one table with ratios.
numpy and scikit-learn are optional, bench-only dependencies (python3-numpy, python3-sklearn).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(fn, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times), runs


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bench = sys.argv[1]
    quick = "--quick" in sys.argv[2:]
    n, k = (200_000, 50) if quick else (10_000_000, 1000)
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "labels.bin")
        out = subprocess.run([bench, "--samples", str(n), "--classes", str(k), "--json", "--dump", dump]
                             + (["--quick"] if quick else []), check=True, capture_output=True, text=True).stdout
        cpp = json.loads(out)
        rows = [("accumulate", "edgemetrics record_parallel (all cores)", cpp["record_parallel_ms"], None, None),
                ("accumulate", "edgemetrics record (1 thread)", cpp["record_ms"], None, None),
                ("accumulate", "plain C++ loop (1 thread)", cpp["plain_loop_ms"], None, None),
                ("accumulate", "memory floor: read both arrays", cpp["read_floor_ms"], None, None)]
        try:
            import numpy as np
        except ImportError:
            np = None
            print("numpy not installed: numpy and scikit-learn rows skipped (apt-get install python3-numpy python3-sklearn)")
        if np is not None:
            raw = np.fromfile(dump, dtype="<i4")
            truth, pred = raw[:n], raw[n:]
            med, mn, r = timed(lambda: np.bincount(truth.astype(np.int64) * k + pred, minlength=k * k), 3 if quick else 7)
            rows.append(("accumulate", f"numpy {np.__version__} bincount(truth*K+pred)", med, mn, r))
            try:
                import sklearn
                from sklearn import metrics
                labels = np.arange(k)
                med, mn, r = timed(lambda: metrics.confusion_matrix(truth, pred, labels=labels), 1 if not quick else 2)
                rows.append(("accumulate", f"scikit-learn {sklearn.__version__} confusion_matrix", med, mn, r))
                import warnings
                warnings.filterwarnings("ignore")
                med, mn, r = timed(lambda: metrics.precision_recall_fscore_support(truth, pred, labels=labels), 1)
                rows.append(("labels -> per-class P/R/F", f"scikit-learn {sklearn.__version__} precision_recall_fscore_support",
                             med, mn, r))
            except ImportError:
                print("scikit-learn not installed: its rows skipped (apt-get install python3-sklearn)")
        rows.append(("labels -> per-class P/R/F", "edgemetrics record_parallel + make_report",
                     cpp["record_parallel_ms"] + cpp["report_ms"], None, None))
        rows.append(("metrics from the matrix", "edgemetrics make_report (all metrics)", cpp["report_ms"], None, None))

    print(f"\n### Confusion matrix: {n} int32 label pairs, {k} classes (numpy/scikit-learn on the same labels)\n")
    print("| work | implementation | median ms | min ms | runs | ratio (this / edgemetrics) |")
    print("|---|---|---:|---:|---:|---:|")
    base = {}
    for work, impl, med, mn, r in rows:
        if work not in base and impl.startswith("edgemetrics"):
            base[work] = med
    # the P/R/F work's edgemetrics row is added last: find it
    for work, impl, med, mn, r in rows:
        if impl.startswith("edgemetrics") and work == "labels -> per-class P/R/F":
            base[work] = med
    for work, impl, med, mn, r in rows:
        ratio = med / base[work] if base.get(work) else float("nan")
        mn_s = f"{mn:.3f}" if mn is not None else "(C++ bench)"
        r_s = str(r) if r is not None else ""
        print(f"| {work} | {impl} | {med:.3f} | {mn_s} | {r_s} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
