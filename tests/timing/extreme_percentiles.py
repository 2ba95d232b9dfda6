#!/usr/bin/python3
"""Expected values of tests/timing/percentile_test.cpp (TimingPercentile.ExtremePercentiles...).

For extreme percentiles (0, the smallest denormal, 1e-300, 1e-100, tiny decimals, 100 - 1e-15,
the double just below 100, 100) and sample counts from 1 to past the selection's bracketing
threshold (65536), prints one C++ row per (n, p): the 0-based index of every rule and numpy's
linear percentile of x[i] = 0.5 i + 0.125 (i % 4) (exact in binary), i = 0 .. n-1.

  nearest_rank  ceil(p n / 100) - 1 (0 for p = 0) in exact rational arithmetic from repr(p)
  floor_n_p     min(floor(n * f), n - 1), f = p/100 correctly rounded from repr(p)
  trtexec       max(n - 1 - int((1 - pf/100) * n), 0) in float32, pf = float32 nearest repr(p)
  linear        numpy.percentile(x, p) (numpy 1.24, method 'linear')

Run: /usr/bin/python3 tests/timing/extreme_percentiles.py  (needs numpy).
"""
import math
from fractions import Fraction

import numpy as np

PS = [0.0, 5e-324, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-100, 1e-45, 1e-40, 1e-20, 1e-15,
      1.2345678901234567e-05, 0.001, 1.0, 50.0, 99.9, 100 - 1e-13, 100 - 1e-15,
      math.nextafter(100.0, 0.0), 100.0]
NS = [1, 2, 3, 7, 10, 1000, 65537, 100003]
# Counts only percentile_index sees (no data): 128-bit rank arithmetic, float32 rounding of n.
BIG_NS = [16777217, 16777219, 10**12 + 7, 2**53 + 1, 2**64 - 1]


def float32_nearest(text):
    exact = Fraction(text)
    f = np.float32(float(text))
    cands = [f, np.nextafter(f, np.float32(0)), np.nextafter(f, np.float32(200))]
    best = min(cands, key=lambda c: (abs(Fraction(float(c)) - exact), int(np.frombuffer(c.tobytes(), np.uint32)[0]) & 1))
    return best


def indices(n, p):
    exact = Fraction(repr(p))
    rank = math.ceil(exact * n / 100)
    nearest = max(rank - 1, 0)
    floor_np = min(math.floor(n * float(exact / 100)), n - 1)
    pf = float32_nearest(repr(p))
    frac = np.float32(1) - pf / np.float32(100)
    prod = float(frac * np.float32(n))
    tr = max(n - 1 - int(prod), 0)
    virt = float(n - 1) * (p / 100)
    lin_idx = n - 1 if virt >= float(n - 1) else math.floor(virt)
    return nearest, floor_np, tr, lin_idx


def row(n, p):
    x = 0.5 * np.arange(n, dtype=np.float64) + 0.125 * (np.arange(n) % 4)
    exact = Fraction(repr(p))
    rank = math.ceil(exact * n / 100)
    nearest = max(rank - 1, 0)
    f = float(exact / 100)
    floor_np = min(math.floor(n * f), n - 1)
    pf = float32_nearest(repr(p))
    frac = np.float32(1) - pf / np.float32(100)
    prod = frac * np.float32(n)
    tr = max(n - 1 - int(prod), 0)
    lin_idx = math.floor((n - 1) * (p / 100))
    lin = np.percentile(x, p, method='linear')
    return f'  {{{n}, {p!r}, {nearest}, {floor_np}, {tr}, {min(lin_idx, n - 1)}, {float(lin)!r}}},'


if __name__ == '__main__':
    print(f'// numpy {np.__version__}: {{n, p, nearest_rank, floor_n_p, trtexec, linear index, linear value}}')
    for n in NS:
        for p in PS:
            print(row(n, p))
    print('// {n, p, nearest_rank, floor_n_p, trtexec, linear index}')
    for n in BIG_NS:
        for p in PS:
            print(f'  {{{n}u, {p!r}, ' + ', '.join(f'{i}u' for i in indices(n, p)) + '},')
