#!/usr/bin/python3
"""Generates sklearn_reference.json: scikit-learn's metrics on seeded random label
sets, the reference values tests/classification/test_sklearn_agreement.cpp checks.

Run with Debian's python3 and python3-sklearn (not needed by the build or the tests):
    /usr/bin/python3 tests/data/classification/make_sklearn_reference.py > tests/data/classification/sklearn_reference.json
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics

warnings.filterwarnings("ignore")  # zero-division warnings are the point of some cases


def case(name, k, y_true, y_pred, scores=None):
    labels = list(range(k))
    out = {"name": name, "k": k, "y_true": [int(v) for v in y_true], "y_pred": [int(v) for v in y_pred]}
    cm = metrics.confusion_matrix(y_true, y_pred, labels=labels)
    out["confusion_matrix"] = cm.tolist()
    res = {}
    # zero_division=nan needs scikit-learn >= 1.3 (Debian 12 has 1.2.1): tested by hand instead.
    for zd_name, zd in (("zero", 0), ("one", 1)):
        per = {}
        for avg in (None, "micro", "macro", "weighted"):
            p, r, f, s = metrics.precision_recall_fscore_support(
                y_true, y_pred, labels=labels, average=avg, zero_division=zd, beta=1.0)
            _, _, f2, _ = metrics.precision_recall_fscore_support(
                y_true, y_pred, labels=labels, average=avg, zero_division=zd, beta=2.0)
            key = avg or "per_class"
            conv = (lambda a: [None if np.isnan(x) else float(x) for x in np.atleast_1d(a)])
            per[key] = {"precision": conv(p), "recall": conv(r), "f1": conv(f), "f2": conv(f2)}
        res[zd_name] = per
    out["prf"] = res
    out["accuracy"] = float(metrics.accuracy_score(y_true, y_pred))
    out["balanced_accuracy"] = float(metrics.balanced_accuracy_score(y_true, y_pred))
    out["matthews_corrcoef"] = float(metrics.matthews_corrcoef(y_true, y_pred))
    kappa = metrics.cohen_kappa_score(y_true, y_pred, labels=labels)
    out["cohen_kappa"] = None if np.isnan(kappa) else float(kappa)
    if scores is not None:
        out["scores"] = scores.tolist()
        out["top_k"] = {str(kk): float(metrics.top_k_accuracy_score(y_true, scores, k=kk, labels=labels))
                        for kk in (1, 2, 3) if kk < k}
    return out


rng = np.random.default_rng(20261122)
cases = []
for i in range(12):
    k = int(rng.integers(2, 9))
    n = int(rng.integers(20, 400))
    y_true = rng.integers(0, k, n)
    # predictions: mostly right, sometimes a random class; some classes never predicted
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, n))
    if i % 3 == 1:
        y_pred[y_pred == k - 1] = 0          # class k-1 never predicted
    if i % 4 == 2:
        y_true[y_true == 0] = 1              # class 0 absent from the truth
    scores = None
    if k >= 3:
        # scores rounded to 1 decimal: many ties, so the tie rule matters
        scores = np.round(rng.random((n, k)), 1)
    cases.append(case(f"random_{i}", k, y_true, y_pred, scores))

doc = {
    "provenance": "tests/data/classification/make_sklearn_reference.py with scikit-learn "
                  + sklearn.__version__ + ", numpy " + np.__version__ + " (Debian 12 packages)",
    "cases": cases,
}
json.dump(doc, sys.stdout, indent=None, separators=(",", ":"))
sys.stdout.write("\n")
