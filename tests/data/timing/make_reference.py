#!/usr/bin/python3
"""Makes the reference values the timing tests compare against (run with /usr/bin/python3,
Debian 12: python3-numpy 1.24.2, python3-scipy 1.10.1).

    /usr/bin/python3 tests/data/timing/make_reference.py tests/data/timing

Writes:
  percentiles.json    data sets, and for each p: numpy.percentile (method='linear', the
                      default) and the 0-based indices of the nearest-rank, LoadGen
                      (floor_n_p) and trtexec (float32) rules computed independently here.
  mannwhitney.json    scipy.stats.mannwhitneyu(a, b, use_continuity=True,
                      alternative='two-sided', method='asymptotic') and spearmanr.
  early_stopping.json MLPerf LoadGen's early-stopping rule (minimum query count and
                      single-stream estimate), computed from its definition with
                      scipy.stats.binom on seeded data (independent of edgemetrics' code).
"""
import json
import math
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import scipy
from scipy import stats

out_dir = sys.argv[1] if len(sys.argv) > 1 else "."
rng = np.random.default_rng(12345)

PS = [0, 0.1, 1, 10, 25, 33.3, 50, 66.7, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100]


def nearest_rank_index(p, n):
    r = math.ceil(Fraction(Decimal(repr(p))) * n / 100)
    return max(r, 1) - 1


def loadgen_index(p, n):
    frac = float(Decimal(repr(p)) / 100)  # the double of LoadGen's literal 0.99
    return min(int(n * frac), n - 1)


def trtexec_index(p, n):
    f = np.float32
    exclude = int((f(1) - f(p) / f(100)) * f(n))
    return max(n - 1 - exclude, 0)


def datasets():
    yield "iota1000", [float(i) for i in range(1000)]
    yield "single", [3.25]
    yield "two", [2.0, 1.0]
    yield "seven", [7.5, 1.25, 3.0, 3.0, 9.0, 0.5, 2.0]
    yield "ties", [float(x) for x in rng.integers(0, 5, 64)]
    yield "lognormal101", [float(x) for x in np.round(rng.lognormal(2.0, 0.4, 101), 6)]
    yield "lognormal1000", [float(x) for x in np.round(rng.lognormal(2.5, 0.3, 1000), 6)]
    yield "uniform4097", [float(x) for x in rng.uniform(5.0, 50.0, 4097)]


sets = []
for name, data in datasets():
    arr = np.array(data)
    n = len(data)
    srt = sorted(data)
    entry = {"name": name, "data": data, "median": float(np.median(arr)), "mean": float(np.mean(arr)),
             "std_sample": float(np.std(arr, ddof=1)) if n > 1 else None,
             "std_population": float(np.std(arr)), "rows": []}
    for p in PS:
        entry["rows"].append({
            "p": p,
            "numpy_linear": float(np.percentile(arr, p)),
            "nearest_rank_index": nearest_rank_index(p, n),
            "floor_n_p_index": loadgen_index(p, n),
            "trtexec_index": trtexec_index(p, n),
        })
    sets.append(entry)
with open(f"{out_dir}/percentiles.json", "w") as f:
    json.dump({"numpy": np.__version__, "percentiles": PS, "sets": sets}, f, indent=1)

# ---- Mann-Whitney U and Spearman
cases = []
a = [float(x) for x in np.round(rng.lognormal(3.0, 0.2, 200), 3)]
b = [float(x) for x in np.round(rng.lognormal(2.85, 0.2, 150), 3)]
cases.append(("lognormal_200_150", a, b))
cases.append(("ties_small", [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0], [2.0, 3.0, 3.0, 5.0, 5.0]))
cases.append(("identical", [4.0, 4.0, 4.0], [4.0, 4.0]))
cases.append(("separated", [10.0, 11.0, 12.0, 13.0], [1.0, 2.0, 3.0]))
ints = [float(x) for x in rng.integers(10, 20, 300)]
ints2 = [float(x) for x in rng.integers(9, 19, 250)]
cases.append(("many_ties", ints, ints2))
mw = []
for name, x, y in cases:
    r = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="asymptotic")
    mw.append({"name": name, "a": x, "b": y, "u": float(r.statistic), "p": float(r.pvalue)})
sp = []
for name, x, y in [("flops", [0.6, 4.1, 7.8, 1.8, 11.5, 0.3], [1.10, 1.35, 1.52, 1.21, 1.49, 1.02]),
                   ("ties", [1, 2, 2, 3, 4, 4, 4], [3, 1, 2, 2, 5, 6, 6]),
                   ("random", [float(v) for v in rng.normal(0, 1, 50)], [float(v) for v in rng.normal(0, 1, 50)])]:
    sp.append({"name": name, "x": x, "y": y, "rho": float(stats.spearmanr(x, y).correlation)})
with open(f"{out_dir}/mannwhitney.json", "w") as f:
    json.dump({"scipy": scipy.__version__, "mann_whitney": mw, "spearman": sp}, f, indent=1)


# ---- MLPerf LoadGen early stopping, from its definition (not from LoadGen's code):
# with q = 1 - p the chance that one query is over the latency bound, h(t) is the smallest
# number of under-bound queries such that, with t over-bound ones, P(Binomial(h + t, q) <= t)
# < 1 - confidence. The run needs h(1) + 1 queries; the estimate discards the t - 1 slowest,
# t the largest i with N >= h(i) + i. scipy.stats.binom.cdf computes the binomial tail
# independently of edgemetrics' own summation.
from scipy.stats import binom


def h_of(t, p, c=0.99):
    q = 1.0 - p
    h = 0
    while binom.cdf(t, h + t, q) >= 1 - c:
        h += 1
    return h


def single_stream(latencies, p):
    n = len(latencies)
    srt = sorted(latencies)
    h_min = h_of(1, p)
    if n < h_min + 1:
        return {"enough": False, "min_queries": h_min + 1}
    t = 1
    for i in range(2, n + 1):
        if n < h_of(i, p) + i:
            t = i - 1
            break
    return {"enough": True, "min_queries": h_min + 1, "discarded": t - 1, "index": n - t,
            "estimate": srt[n - t]}


es = []
a = [float(x) for x in np.round(rng.lognormal(3.0, 0.2, 200), 3)]
b = [float(x) for x in np.round(rng.lognormal(2.85, 0.2, 150), 3)]
cases.append(("lognormal_200_150", a, b))
cases.append(("ties_small", [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0], [2.0, 3.0, 3.0, 5.0, 5.0]))
cases.append(("identical", [4.0, 4.0, 4.0], [4.0, 4.0]))
cases.append(("separated", [10.0, 11.0, 12.0, 13.0], [1.0, 2.0, 3.0]))
ints = [float(x) for x in rng.integers(10, 20, 300)]
ints2 = [float(x) for x in rng.integers(9, 19, 250)]
cases.append(("many_ties", ints, ints2))
mw = []
for name, x, y in cases:
    r = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="asymptotic")
    mw.append({"name": name, "a": x, "b": y, "u": float(r.statistic), "p": float(r.pvalue)})
sp = []
for name, x, y in [("flops", [0.6, 4.1, 7.8, 1.8, 11.5, 0.3], [1.10, 1.35, 1.52, 1.21, 1.49, 1.02]),
                   ("ties", [1, 2, 2, 3, 4, 4, 4], [3, 1, 2, 2, 5, 6, 6]),
                   ("random", [float(v) for v in rng.normal(0, 1, 50)], [float(v) for v in rng.normal(0, 1, 50)])]:
    sp.append({"name": name, "x": x, "y": y, "rho": float(stats.spearmanr(x, y).correlation)})
with open(f"{out_dir}/mannwhitney.json", "w") as f:
    json.dump({"scipy": scipy.__version__, "mann_whitney": mw, "spearman": sp}, f, indent=1)


# ---- MLPerf LoadGen early stopping: a faithful port of early_stopping.cc
def lbeta(x, y):
    return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)


def hyp2f1_a1(b, c, x):
    tol = 1.0 / (1 << 33)
    term = 1.0
    result = 1.0
    i = 0
    while abs(term) > tol:
        term *= (b + i) * x / (c + i)
        result += term
        i += 1
    return result


def beta_regularized(x, a, b):
    return math.exp(a * math.log(x) + (b - 1) * math.log(1 - x) - lbeta(a, b)) / a * \
        hyp2f1_a1(1 - b, 1 + a, x / (x - 1))


def odds(h, t, p, d):
    return beta_regularized(p - d, h, 1 + t)


def find_min_passing_range(min_h, max_h, t, p, d, c):
    count = max_h - min_h
    while count > 0:
        step = count // 2
        h = min_h + step
        if odds(h, t, p, d) < 1 - c:
            count = step
        else:
            min_h = h + 1
            count -= step + 1
    return min_h


class MinPassingQueriesFinder:
    def __init__(self):
        self.cache = {}

    def __call__(self, t, p, d, c):
        cache = self.cache.setdefault((p, d, c), {})
        if t in cache:
            return cache[t]
        keys = sorted(k for k in cache if k < t)
        x0, y0, x1 = -1, 0, 0
        y1 = math.ceil(math.log(1 - c) / math.log(p - d))
        if keys:
            x1, y1 = keys[-1], cache[keys[-1]]
        if len(keys) >= 2:
            x0, y0 = keys[-2], cache[keys[-2]]
        min_slope = (p - d) / (1 - p + d)
        max_slope = (y1 - y0) * (x1 - x0)
        min_h = int((t - x1) * min_slope + y1)
        max_h = int((t - x1) * max_slope + y1 + 1)
        h = find_min_passing_range(min_h, max_h, t, p, d, c)
        cache[t] = h
        return h


def single_stream(latencies, p):
    f = MinPassingQueriesFinder()
    n = len(latencies)
    srt = sorted(latencies)
    h_min = f(1, p, 0.0, 0.99)
    if n < h_min + 1:
        return {"enough": False, "min_queries": h_min + 1}
    t = 1
    for i in range(2, n + 1):
        h = f(i, p, 0.0, 0.99)
        if n < h + i:
            t = i - 1
            break
    return {"enough": True, "min_queries": h_min + 1, "discarded": t - 1, "index": n - t,
            "estimate": srt[n - t]}


es = []
for n in [50, 63, 64, 200, 661, 662, 1000, 5000]:
    data = [float(x) for x in np.round(rng.lognormal(2.0, 0.5, n), 4)]
    for p in [0.90, 0.99]:
        r = single_stream(data, p)
        r.update({"n": n, "percentile": p * 100, "data": data})
        es.append(r)
with open(f"{out_dir}/early_stopping.json", "w") as f:
    json.dump({"cases": es}, f, indent=1)
print("wrote", out_dir)
