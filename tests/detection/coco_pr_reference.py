#!/usr/bin/env python3
"""Expected values of tests/detection/average_precision_test.cpp (COCO 101-point interpolation).

Implements the steps of pycocotools' COCOeval.accumulate() (cocodataset/cocoapi,
PythonAPI/pycocotools/cocoeval.py) for one (category, area range, maxDets) cell and one IoU
threshold, on a list of (score, outcome) with outcome 1 = TP, 0 = FP, -1 = ignored (dtIg):
mergesort of -scores, tp/fp cumsum cast to float64, rc = tp/npig, pr = tp/(fp+tp+np.spacing(1)),
pr made monotone from the right, np.searchsorted(rc, recThrs, side='left'), q = 0 past the end,
np.mean(q) as summarize() for one cell. Run with NumPy 1.24 (Debian 12): python3 coco_pr_reference.py
"""
import numpy as np

recThrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)


def accumulate(scores, outcomes, npig):
    R = len(recThrs)
    if npig == 0:
        return [-1.0] * R, [-1.0] * R, -1.0, -1.0
    dtScores = np.array(scores, dtype=np.float64)
    inds = np.argsort(-dtScores, kind='mergesort')
    dtScoresSorted = dtScores[inds]
    out = np.array(outcomes, dtype=np.int64)[inds]
    dtm = out == 1
    dtIg = out == -1
    tps = np.logical_and(dtm, np.logical_not(dtIg))
    fps = np.logical_and(np.logical_not(dtm), np.logical_not(dtIg))
    tp = np.cumsum(tps).astype(dtype=np.float64)
    fp = np.cumsum(fps).astype(dtype=np.float64)
    nd = len(tp)
    rc = tp / npig
    pr = tp / (fp + tp + np.spacing(1))
    q = np.zeros((R,))
    ss = np.zeros((R,))
    recall = rc[-1] if nd else 0
    pr = pr.tolist()
    q = q.tolist()
    for i in range(nd - 1, 0, -1):
        if pr[i] > pr[i - 1]:
            pr[i - 1] = pr[i]
    inds = np.searchsorted(rc, recThrs, side='left')
    try:
        for ri, pi in enumerate(inds):
            q[ri] = pr[pi]
            ss[ri] = dtScoresSorted[pi]
    except IndexError:
        pass
    q = np.array(q)
    s = q[q > -1]
    ap = np.mean(s) if len(s) else -1.0
    return q.tolist(), ss.tolist(), float(recall), float(ap)


def lcg_case(n, seed):
    """The generator of the test (64-bit LCG, Knuth's MMIX constants)."""
    x = seed
    scores, outcomes = [], []
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % 2**64
        scores.append(((x >> 33) % 100) / 100.0)
        k = (x >> 20) % 10
        outcomes.append(1 if k < 4 else (0 if k < 9 else -1))
    return scores, outcomes


def show(name, scores, outcomes, npig):
    q, ss, rc, ap = accumulate(scores, outcomes, npig)
    print(f"== {name}")
    print("recall", repr(rc))
    print("ap", repr(ap))
    print("precision", ", ".join(repr(v) for v in q))
    print("scores", ", ".join(repr(v) for v in ss))


if __name__ == "__main__":
    assert all(recThrs[i] == i * 0.01 for i in range(100)) and recThrs[100] == 1.0
    print("recThrs", ", ".join(repr(v) for v in recThrs))
    # Hand case: ties (stable order), an ignored detection ranked first, npos 6.
    show("hand", [0.9, 0.8, 0.95, 0.8, 0.7, 0.6, 0.8, 0.5, 0.4],
         [1, 0, -1, 1, 1, 0, 0, 1, 1], 6)
    # Recall exactly 7/10 never reaches recThrs[70] = 0.7000000000000001; a perfect prefix.
    show("seven_of_ten", [1.0 - i * 0.01 for i in range(7)], [1] * 7, 10)
    show("no_detections", [], [], 3)
    show("no_positives", [0.5], [0], 0)
    tp = sum(1 for o in lcg_case(300, 12345)[1] if o == 1)
    print("lcg npos", tp + 17)
    show("lcg", *lcg_case(300, 12345), tp + 17)
