#!/usr/bin/python3
"""Times a numpy re-statement of pycocotools' COCOeval (bbox) next to edgemetrics-coco-eval.

pycocotools itself cannot be installed here. This file re-states its algorithm (cocoeval.py at
cocodataset/cocoapi 8c9bcc3c: _prepare, computeIoU with maskApi.c's bbIou vectorised in numpy,
evaluateImg's per-detection Python loop, accumulate's numpy cumsum / envelope / searchsorted,
summarize's np.mean), with the same data structures and loops, so its time is of the same order
as pycocotools' (25.7 s measured with the real one on the VOC-scale set, see
shared/fixtures/coco/README.md). It does not copy pycocotools' code.

It also compares the 12 stats of both, so a run is an exactness check on any set:

  /usr/bin/python3 bench/coco/coco_bench.py --tool build/bin/edgemetrics-coco-eval \\
      --gt SET/instances.json --dt SET/detections.json [--runs 3] [--max-dets 1,10,100] [--use-cats 1] \\
      [--faster-coco-eval DIR] [--reference-runs 0]

With --faster-coco-eval DIR (a directory holding an importable faster_coco_eval: its source tree
built in place with `python3 setup.py build_ext --inplace`, which needs the Debian packages
pybind11-dev and python3-pybind11), faster-coco-eval's COCOeval_faster is timed too, in a Python
process of its own, from reading both files to its printed summary (its import not counted), and
its 12 stats are compared as well. --reference-runs 0 skips the (slow) re-statement.

Make the VOC2007-test-sized set (4952 images, 20 categories, 495,200 detections) with
  python3 shared/fixtures/coco/gen_coco.py random --out voc_scale --images 4952 --categories 20 \\
      --seed 7 --fixed-dets 100
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

import numpy as np


def bb_iou(d, g, crowd):
    """maskApi.c bbIou: d (D x 4), g (G x 4) as [x, y, w, h] doubles, crowd (G,) -> D x G."""
    if len(d) == 0 or len(g) == 0:
        return []
    dx, dy, dw, dh = (d[:, i][:, None] for i in range(4))
    gx, gy, gw, gh = (g[:, i][None, :] for i in range(4))
    w = np.minimum(dw + dx, gw + gx) - np.maximum(dx, gx)
    h = np.minimum(dh + dy, gh + gy) - np.maximum(dy, gy)
    ok = (w > 0) & (h > 0)
    inter = np.where(ok, w * h, 0.0)
    da = dw * dh
    u = np.where(crowd[None, :], da + 0 * gw, (da + gw * gh) - inter)
    out = np.zeros(inter.shape)
    np.divide(inter, u, out=out, where=ok)
    return out


class CocoEvalRestated:
    def __init__(self, gt, dt, max_dets=(1, 10, 100), use_cats=True):
        self.img_ids = sorted(im["id"] for im in gt["images"])
        self.cat_ids = sorted(c["id"] for c in gt["categories"])
        self.iou_thrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
        self.rec_thrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
        self.max_dets = sorted(max_dets)
        self.area_rng = [[0 ** 2, 1e5 ** 2], [0 ** 2, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]]
        self.area_lbl = ["all", "small", "medium", "large"]
        self.use_cats = use_cats
        # loadRes: id = position + 1, area = w*h, iscrowd = 0
        anns = []
        for i, d in enumerate(dt):
            d = dict(d)
            d["area"] = d["bbox"][2] * d["bbox"][3]
            d["id"] = i + 1
            d["iscrowd"] = 0
            anns.append(d)
        # _prepare: ignore = iscrowd; grouped per (image, category) in file order
        self.gts = defaultdict(list)
        self.dts = defaultdict(list)
        cats = set(self.cat_ids)
        for g in gt["annotations"]:
            if g["category_id"] not in cats:
                continue
            g = dict(g)
            g["ignore"] = 1 if g.get("iscrowd", 0) else 0
            self.gts[g["image_id"], g["category_id"]].append(g)
        for d in anns:
            if d["category_id"] in cats:
                self.dts[d["image_id"], d["category_id"]].append(d)

    def _lists(self, img, cat):
        if self.use_cats:
            return self.gts[img, cat], self.dts[img, cat]
        return ([g for c in self.cat_ids for g in self.gts[img, c]],
                [d for c in self.cat_ids for d in self.dts[img, c]])

    def compute_iou(self, img, cat):
        gt, dt = self._lists(img, cat)
        if len(gt) == 0 and len(dt) == 0:
            return []
        order = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in order][:self.max_dets[-1]]
        g = np.array([o["bbox"] for o in gt], dtype=np.float64).reshape(-1, 4)
        d = np.array([o["bbox"] for o in dt], dtype=np.float64).reshape(-1, 4)
        crowd = np.array([bool(o.get("iscrowd", 0)) for o in gt], dtype=bool)
        return bb_iou(d, g, crowd)

    def evaluate_img(self, img, cat, rng, max_det, ious):
        gt, dt = self._lists(img, cat)
        if len(gt) == 0 and len(dt) == 0:
            return None
        g_ign = [1 if (g["ignore"] or g["area"] < rng[0] or g["area"] > rng[1]) else 0 for g in gt]
        gtind = np.argsort(g_ign, kind="mergesort")
        gt = [gt[i] for i in gtind]
        g_ign = np.array([g_ign[i] for i in gtind])
        dtind = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in dtind[0:max_det]]
        crowd = [int(o.get("iscrowd", 0)) for o in gt]
        ious = ious[:, gtind] if len(ious) > 0 else ious
        T, G, D = len(self.iou_thrs), len(gt), len(dt)
        gtm = np.zeros((T, G))
        dtm = np.zeros((T, D))
        dt_ig = np.zeros((T, D))
        if len(ious) != 0:
            for ti, t in enumerate(self.iou_thrs):
                for di in range(D):
                    best = min([t, 1 - 1e-10])
                    m = -1
                    for gi in range(G):
                        if gtm[ti, gi] > 0 and not crowd[gi]:
                            continue
                        if m > -1 and g_ign[m] == 0 and g_ign[gi] == 1:
                            break
                        if ious[di, gi] < best:
                            continue
                        best = ious[di, gi]
                        m = gi
                    if m == -1:
                        continue
                    dt_ig[ti, di] = g_ign[m]
                    dtm[ti, di] = gt[m]["id"]
                    gtm[ti, m] = dt[di]["id"]
        out_rng = np.array([d["area"] < rng[0] or d["area"] > rng[1] for d in dt]).reshape((1, D))
        dt_ig = np.logical_or(dt_ig, np.logical_and(dtm == 0, np.repeat(out_rng, T, 0)))
        return {"dtMatches": dtm, "dtScores": [d["score"] for d in dt], "gtIgnore": g_ign, "dtIgnore": dt_ig}

    def run(self):
        cats = self.cat_ids if self.use_cats else [-1]
        ious = {(i, c): self.compute_iou(i, c) for i in self.img_ids for c in cats}
        evals = [self.evaluate_img(i, c, a, self.max_dets[-1], ious[i, c])
                 for c in cats for a in self.area_rng for i in self.img_ids]
        T, R, K, A, M = len(self.iou_thrs), len(self.rec_thrs), len(cats), len(self.area_rng), len(self.max_dets)
        precision = -np.ones((T, R, K, A, M))
        recall = -np.ones((T, K, A, M))
        I = len(self.img_ids)
        for k in range(K):
            for a in range(A):
                base = k * A * I + a * I
                E = [e for e in evals[base:base + I] if e is not None]
                if not E:
                    continue
                for m, md in enumerate(self.max_dets):
                    scores = np.concatenate([e["dtScores"][0:md] for e in E])
                    inds = np.argsort(-scores, kind="mergesort")
                    dtm = np.concatenate([e["dtMatches"][:, 0:md] for e in E], axis=1)[:, inds]
                    dt_ig = np.concatenate([e["dtIgnore"][:, 0:md] for e in E], axis=1)[:, inds]
                    g_ig = np.concatenate([e["gtIgnore"] for e in E])
                    npig = np.count_nonzero(g_ig == 0)
                    if npig == 0:
                        continue
                    tps = np.logical_and(dtm, np.logical_not(dt_ig))
                    fps = np.logical_and(np.logical_not(dtm), np.logical_not(dt_ig))
                    tp_sum = np.cumsum(tps, axis=1).astype(dtype=np.float64)
                    fp_sum = np.cumsum(fps, axis=1).astype(dtype=np.float64)
                    for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
                        nd = len(tp)
                        rc = tp / npig
                        pr = tp / (fp + tp + np.spacing(1))
                        q = np.zeros((R,))
                        recall[t, k, a, m] = rc[-1] if nd else 0
                        pr = pr.tolist()
                        q = q.tolist()
                        for i in range(nd - 1, 0, -1):
                            if pr[i] > pr[i - 1]:
                                pr[i - 1] = pr[i]
                        found = np.searchsorted(rc, self.rec_thrs, side="left")
                        try:
                            for ri, pi in enumerate(found):
                                q[ri] = pr[pi]
                        except IndexError:
                            pass
                        precision[t, :, k, a, m] = np.array(q)
        self.precision, self.recall = precision, recall
        return self.summarize()

    def _summ(self, ap, iou=None, area="all", md=100):
        aind = [i for i, l in enumerate(self.area_lbl) if l == area]
        mind = [i for i, m in enumerate(self.max_dets) if m == md]
        s = self.precision if ap else self.recall
        if iou is not None:
            s = s[np.where(iou == self.iou_thrs)[0]]
        s = s[:, :, :, aind, mind] if ap else s[:, :, aind, mind]
        return -1 if len(s[s > -1]) == 0 else np.mean(s[s > -1])

    def summarize(self):
        md = self.max_dets
        return [self._summ(1), self._summ(1, .5, md=md[2]), self._summ(1, .75, md=md[2]),
                self._summ(1, area="small", md=md[2]), self._summ(1, area="medium", md=md[2]),
                self._summ(1, area="large", md=md[2]), self._summ(0, md=md[0]), self._summ(0, md=md[1]),
                self._summ(0, md=md[2]), self._summ(0, area="small", md=md[2]),
                self._summ(0, area="medium", md=md[2]), self._summ(0, area="large", md=md[2])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True, help="path of edgemetrics-coco-eval")
    ap.add_argument("--gt", required=True)
    ap.add_argument("--dt", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--reference-runs", type=int, default=1)
    ap.add_argument("--max-dets", default="1,10,100")
    ap.add_argument("--use-cats", type=int, default=1)
    ap.add_argument("--faster-coco-eval", default=None,
                    help="directory with an importable faster_coco_eval (built in place): time it too")
    a = ap.parse_args()
    max_dets = [int(v) for v in a.max_dets.split(",")]

    em_times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = tmp + "/r.json"
        for _ in range(a.runs):
            t0 = time.perf_counter()
            subprocess.run([a.tool, "--gt", a.gt, "--dt", a.dt, "--max-dets", a.max_dets, "--use-cats",
                            str(a.use_cats), "--json", out], check=True, stdout=subprocess.DEVNULL)
            em_times.append(time.perf_counter() - t0)
        with open(out) as f:
            em_stats = json.load(f)["stats"]

    rows = [("edgemetrics-coco-eval (process)", statistics.median(em_times), em_stats)]
    if a.faster_coco_eval:
        fce_times, fce_stats = [], None
        for _ in range(a.runs):
            t, fce_stats = time_faster_coco_eval(a.faster_coco_eval, a.gt, a.dt, max_dets, a.use_cats)
            fce_times.append(t)
        rows.append(("faster-coco-eval COCOeval_faster", statistics.median(fce_times), fce_stats))
    if a.reference_runs > 0:
        ref_times = []
        ref_stats = None
        for _ in range(a.reference_runs):
            t0 = time.perf_counter()
            with open(a.gt) as f:
                gt = json.load(f)
            with open(a.dt) as f:
                dt = json.load(f)
            ref_stats = CocoEvalRestated(gt, dt, max_dets, a.use_cats != 0).run()
            ref_times.append(time.perf_counter() - t0)
        rows.append(("numpy re-statement of COCOeval", statistics.median(ref_times), ref_stats))

    em_t = rows[0][1]
    print(f"{'':34} {'median s':>10}   {'ratio':>7}   largest |stats difference| from edgemetrics")
    worst = 0.0
    for name, t, stats in rows:
        diff = max(abs(float(x) - float(y)) for x, y in zip(em_stats, stats))
        worst = max(worst, diff)
        print(f"{name:34} {t:10.3f}   {t / em_t:6.1f}x   {diff:.3g}")
    names = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]
    for i, name in enumerate(names):
        print(f"  {name:6} " + " ".join(f"{float(stats[i])!r:>22}" for _, _, stats in rows))
    return 0 if worst <= 1e-12 else 1


FCE_SCRIPT = r"""
import io, json, sys, time
from contextlib import redirect_stdout
from faster_coco_eval import COCO, COCOeval_faster
gt_path, dt_path, max_dets, use_cats = sys.argv[1], sys.argv[2], [int(v) for v in sys.argv[3].split(",")], int(sys.argv[4])
t0 = time.perf_counter()
buf = io.StringIO()
with redirect_stdout(buf):
    gt = COCO(gt_path)
    dt = gt.loadRes(dt_path)
    e = COCOeval_faster(gt, dt, "bbox")
    e.params.maxDets = max_dets
    e.params.useCats = use_cats
    e.evaluate()
    e.accumulate()
    e.summarize()
t = time.perf_counter() - t0
print(json.dumps({"seconds": t, "stats": [float(v) for v in e.stats]}))
"""


def time_faster_coco_eval(path, gt, dt, max_dets, use_cats):
    env = dict(os.environ, PYTHONPATH=path)
    out = subprocess.run([sys.executable, "-c", FCE_SCRIPT, gt, dt, ",".join(map(str, max_dets)), str(use_cats)],
                         check=True, capture_output=True, text=True, env=env).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["seconds"], r["stats"]


if __name__ == "__main__":
    sys.exit(main())
