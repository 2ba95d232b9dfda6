#!/usr/bin/python3
"""Times the Python reference of VOC evaluation next to edgemetrics on the same seeded set.

The reference is our own numpy re-statement of the algorithm of py-faster-rcnn's voc_eval.py
(ElementTree parsing of every annotation, per-class reading of comp4 files with str.split and
float(), np.argsort by descending score, a per-detection numpy IoU against the image's objects of
that class, cumsum, and voc_ap for the 11-point and all-point metrics). voc_eval.py itself is not
installable here; this file re-states it, it does not copy it.

Run with the Debian python (python3-numpy):

  /usr/bin/python3 bench/voc/voc_bench.py --build build/dev [--images 4952] [--dets-per-image 100] [--quick]

It runs <build>/bench/voc_bench (which generates the set under <build>/voc_bench_data/ when needed
and prints the C++ table), then times the edgemetrics-voc-eval driver as a process and the numpy
reference, and prints a second table with ratios (reference / edgemetrics).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import numpy as np

CLASSES = ["aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
           "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
           "train", "tvmonitor"]


# --------------------------------------------------------------------------------------------
# numpy re-statement of voc_eval.py

def load_annotations(root, ids):
    """image id -> list of (class name, difficult, [x1, y1, x2, y2]) as voc_eval.py's parse_rec."""
    out = {}
    for iid in ids:
        objs = []
        for o in ET.parse(os.path.join(root, "Annotations", iid + ".xml")).findall("object"):
            b = o.find("bndbox")
            objs.append((o.find("name").text, int(o.find("difficult").text),
                         [int(b.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax")]))
        out[iid] = objs
    return out


def load_detections(path):
    with open(path) as f:
        rows = [line.strip().split(" ") for line in f]
    ids = [r[0] for r in rows]
    conf = np.array([float(r[1]) for r in rows])
    boxes = np.array([[float(v) for v in r[2:]] for r in rows]).reshape(-1, 4)
    return ids, conf, boxes


def ap_11_point(rec, prec):
    ap = 0.0
    for t in np.arange(0.0, 1.1, 0.1):
        sel = rec >= t
        ap = ap + (np.max(prec[sel]) if np.sum(sel) > 0 else 0.0) / 11.0
    return ap


def ap_all_point(rec, prec):
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = max(mpre[i - 1], mpre[i])
    idx = np.where(mrec[1:] != mrec[:-1])[0]
    return np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1])


def evaluate_class(annotations, ids_in_order, cls, det, thresh=0.5):
    gt = {}
    npos = 0
    for iid in ids_in_order:
        objs = [o for o in annotations[iid] if o[0] == cls]
        boxes = np.array([o[2] for o in objs], dtype=float).reshape(-1, 4)
        difficult = np.array([o[1] for o in objs], dtype=bool)
        npos += int(np.sum(~difficult))
        gt[iid] = [boxes, difficult, [False] * len(objs)]
    image_ids, conf, boxes = det
    order = np.argsort(-conf)
    boxes = boxes[order, :]
    image_ids = [image_ids[k] for k in order]
    nd = len(image_ids)
    tp = np.zeros(nd)
    fp = np.zeros(nd)
    for d in range(nd):
        g_boxes, g_diff, g_used = gt[image_ids[d]]
        bb = boxes[d, :]
        best = -np.inf
        if g_boxes.size > 0:
            iw = np.maximum(np.minimum(g_boxes[:, 2], bb[2]) - np.maximum(g_boxes[:, 0], bb[0]) + 1.0, 0.0)
            ih = np.maximum(np.minimum(g_boxes[:, 3], bb[3]) - np.maximum(g_boxes[:, 1], bb[1]) + 1.0, 0.0)
            inter = iw * ih
            union = ((bb[2] - bb[0] + 1.0) * (bb[3] - bb[1] + 1.0)
                     + (g_boxes[:, 2] - g_boxes[:, 0] + 1.0) * (g_boxes[:, 3] - g_boxes[:, 1] + 1.0) - inter)
            ov = inter / union
            best = np.max(ov)
            j = np.argmax(ov)
        if best > thresh:
            if not g_diff[j]:
                if not g_used[j]:
                    tp[d] = 1.0
                    g_used[j] = True
                else:
                    fp[d] = 1.0
        else:
            fp[d] = 1.0
    fp = np.cumsum(fp)
    tp = np.cumsum(tp)
    rec = tp / float(npos)
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    return ap_11_point(rec, prec), ap_all_point(rec, prec)


def reference_end_to_end(data_dir):
    root = os.path.join(data_dir, "VOC2007")
    with open(os.path.join(root, "ImageSets", "Main", "test.txt")) as f:
        ids = [x.strip() for x in f if x.strip()]
    ann = load_annotations(root, ids)
    aps = [evaluate_class(ann, ids, c, load_detections(os.path.join(data_dir, "results", "comp4_det_test_%s.txt" % c)))
           for c in CLASSES]
    return np.mean([a[0] for a in aps]), np.mean([a[1] for a in aps])


# --------------------------------------------------------------------------------------------

def timed(fn, runs):
    ts = []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        ts.append((time.perf_counter() - t0) * 1000.0)
    return result, statistics.median(ts), min(ts), len(ts)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/dev", help="CMake build folder (has bench/voc_bench and bin/)")
    ap.add_argument("--images", type=int, default=4952)
    ap.add_argument("--dets-per-image", type=int, default=100)
    ap.add_argument("--quick", action="store_true", help="200 images x 20 detections, one run each")
    ap.add_argument("--runs", type=int, default=3, help="runs of the Python reference")
    a = ap.parse_args()
    if a.quick:
        a.images, a.dets_per_image, a.runs = min(a.images, 200), min(a.dets_per_image, 20), 1
    bench = os.path.join(a.build, "bench", "voc_bench")
    driver = os.path.join(a.build, "bin", "edgemetrics-voc-eval")
    data_dir = os.path.join(a.build, "voc_bench_data", "%dx%d" % (a.images, a.dets_per_image))
    cmd = [bench, "--dir", data_dir, "--images", str(a.images), "--dets-per-image", str(a.dets_per_image)]
    if a.quick:
        cmd.append("--quick")
    print("$ " + " ".join(cmd), flush=True)
    sys.stdout.write(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)

    # edgemetrics driver as a process, end to end (py_faster_rcnn preset: same conventions as the reference)
    with tempfile.TemporaryDirectory() as tmp:
        out_json = os.path.join(tmp, "r.json")
        dcmd = [driver, "--devkit", data_dir, "--results", os.path.join(data_dir, "results"),
                "--preset", "py_faster_rcnn", "--json", out_json]
        _, d_med, d_min, d_runs = timed(lambda: subprocess.run(dcmd, check=True, capture_output=True), 1 if a.quick else 9)
        with open(out_json) as f:
            em = json.load(f)["results"]
    (ref07, ref10), r_med, r_min, r_runs = timed(lambda: reference_end_to_end(data_dir), a.runs)

    # evaluation only, from memory
    root = os.path.join(data_dir, "VOC2007")
    with open(os.path.join(root, "ImageSets", "Main", "test.txt")) as f:
        ids = [x.strip() for x in f if x.strip()]
    ann = load_annotations(root, ids)
    dets = {c: load_detections(os.path.join(data_dir, "results", "comp4_det_test_%s.txt" % c)) for c in CLASSES}
    _, e_med, e_min, e_runs = timed(lambda: [evaluate_class(ann, ids, c, dets[c]) for c in CLASSES], a.runs)
    _, x_med, x_min, x_runs = timed(lambda: load_annotations(root, ids), a.runs)
    _, t_med, t_min, t_runs = timed(
        lambda: [load_detections(os.path.join(data_dir, "results", "comp4_det_test_%s.txt" % c)) for c in CLASSES], a.runs)

    print("\nmAP voc07/voc10: edgemetrics-voc-eval --preset py_faster_rcnn %r / %r, numpy reference %r / %r"
          % (em["voc07"]["mAP"], em["voc10"]["mAP"], float(ref07), float(ref10)))
    print("(differences, if any, come from np.argsort's unstable order on tied scores)")
    print("\n### edgemetrics-voc-eval (process) vs numpy re-statement of voc_eval.py, %d images x %d detections\n"
          % (a.images, a.dets_per_image))
    print("| work | implementation | median ms | min ms | runs | ratio (this / edgemetrics) |")
    print("|---|---|---:|---:|---:|---:|")
    print("| end to end (parse + evaluate, both metrics) | edgemetrics-voc-eval (process, incl. start-up) "
          "| %.1f | %.1f | %d | 1.00 |" % (d_med, d_min, d_runs))
    print("| end to end (parse + evaluate, both metrics) | numpy voc_eval.py re-statement | %.1f | %.1f | %d | %.1f |"
          % (r_med, r_min, r_runs, r_med / d_med))
    print("| annotation XML | numpy reference (ElementTree) | %.1f | %.1f | %d | |" % (x_med, x_min, x_runs))
    print("| comp4 result files | numpy reference (split + float) | %.1f | %.1f | %d | |" % (t_med, t_min, t_runs))
    print("| evaluation from memory (both metrics) | numpy reference | %.1f | %.1f | %d | |" % (e_med, e_min, e_runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
