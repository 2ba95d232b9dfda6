#!/usr/bin/python3
"""Makes the three sample run directories of edgemetrics-report (seeded, deterministic; python3
standard library only). Run once, from the repository root:

    python3 scripts/make_sample_runs.py [examples/report/sample]

Three model/configuration runs on one (simulated) Jetson Nano 4GB, MAXN, TensorRT 8.2:
  ssd-mobilenet-v2-fp32/   SSD-MobileNet-v2 300x300, an FP32 engine: times.json (trtexec --exportTimes)
  ssd-mobilenet-v2-fp16/   the same detector as an FP16 engine: times.json
  ssdlite-mobilenet-v3-fp16/  a smaller detector (SSDLite-MobileNet-v3-small), FP16: latency.csv
Each holds:
  VOC2007/       the same 56-image VOC2007-style test set (Annotations/*.xml, ImageSets/Main/test.txt)
  results/       comp4_det_test_<class>.txt, detections derived from the ground truth with noise
                 (missed objects, jittered boxes, class confusions, background false positives);
                 the FP16 engine's detections are the FP32 ones with FP16-sized perturbations
  times.json | latency.csv   1000 latencies (log-normal body, a few stalls; FP16 faster)
  tegrastats.log the board during the run: JetPack 4.6 Nano lines at the default 1 s interval
                 (no timestamps), as long as the run (the sum of its latencies); power and GPU
                 temperature rise under load
  run.json       name, attributes (model, device, power_mode, precision, framework, batch_size),
                 model facts (parameters, mult_adds, flops)
Nothing here is a measurement: the numbers are plausible, not real.
"""
import json
import math
import os
import random
import shutil
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "examples/report/sample"
SEED = 20261130

CLASSES = ["aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
           "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train",
           "tvmonitor"]
# VOC2007 test's class frequencies, roughly (person dominates).
WEIGHTS = [3, 3, 4, 3, 5, 2, 10, 3, 8, 2, 2, 4, 3, 3, 30, 5, 2, 2, 2, 3]

N_IMAGES = 56
N_LATENCIES = 1000


def make_ground_truth(rng):
    images = []
    image_id = 1
    every_class = list(CLASSES)  # every class has ground truth (else a mean over classes is NaN)
    for _ in range(N_IMAGES):
        image_id += rng.randint(1, 9)
        name = f"{image_id:06d}"
        w, h = rng.choice([(500, 375), (375, 500), (500, 333), (480, 360), (353, 500)])
        objects = []
        for _ in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])):
            forced = bool(every_class)
            cls = every_class.pop() if forced else rng.choices(CLASSES, WEIGHTS)[0]
            bw = rng.randint(max(12, w // 12), int(w * 0.8))
            bh = rng.randint(max(12, h // 12), int(h * 0.8))
            x1 = rng.randint(1, w - bw)
            y1 = rng.randint(1, h - bh)
            difficult = 1 if not forced and rng.random() < 0.1 else 0
            objects.append((cls, difficult, x1, y1, x1 + bw - 1, y1 + bh - 1))
        images.append((name, w, h, objects))
    return images


def write_voc(run_dir, images):
    ann = os.path.join(run_dir, "VOC2007", "Annotations")
    sets = os.path.join(run_dir, "VOC2007", "ImageSets", "Main")
    os.makedirs(ann)
    os.makedirs(sets)
    with open(os.path.join(sets, "test.txt"), "w") as f:
        for name, *_ in images:
            f.write(name + "\n")
    for name, w, h, objects in images:
        with open(os.path.join(ann, name + ".xml"), "w") as f:
            f.write(f"<annotation>\n\t<folder>VOC2007</folder>\n\t<filename>{name}.jpg</filename>\n")
            f.write(f"\t<size><width>{w}</width><height>{h}</height><depth>3</depth></size>\n")
            for cls, difficult, x1, y1, x2, y2 in objects:
                f.write(f"\t<object><name>{cls}</name><difficult>{difficult}</difficult><bndbox><xmin>{x1}</xmin>"
                        f"<ymin>{y1}</ymin><xmax>{x2}</xmax><ymax>{y2}</ymax></bndbox></object>\n")
            f.write("</annotation>\n")


def clip(v, lo, hi):
    return max(lo, min(hi, v))


def detect(rng, images, recall, jitter, confusion, false_positives):
    """Detections of a model of the given quality: (image, class, score, x1, y1, x2, y2)."""
    dets = []
    for name, w, h, objects in images:
        for cls, difficult, x1, y1, x2, y2 in objects:
            bw, bh = x2 - x1 + 1, y2 - y1 + 1
            small = bw * bh < 0.03 * w * h
            if rng.random() > recall * (0.75 if small else 1.0):
                continue
            s = jitter * (1.6 if small else 1.0)
            box = (clip(x1 + rng.gauss(0, s * bw), 1, w), clip(y1 + rng.gauss(0, s * bh), 1, h),
                   clip(x2 + rng.gauss(0, s * bw), 1, w), clip(y2 + rng.gauss(0, s * bh), 1, h))
            if box[2] <= box[0] + 2 or box[3] <= box[1] + 2:
                continue
            label = cls
            if rng.random() < confusion:
                label = rng.choices(CLASSES, WEIGHTS)[0]
            score = clip(rng.betavariate(6, 1.6), 0.05, 0.9995)
            dets.append((name, label, score, *box))
            if rng.random() < 0.15:  # a duplicate, lower
                dets.append((name, label, score * rng.uniform(0.3, 0.8), *(v + rng.gauss(0, 3) for v in box)))
        for _ in range(rng.randint(0, false_positives)):
            bw, bh = rng.randint(15, w // 2), rng.randint(15, h // 2)
            x1, y1 = rng.randint(1, w - bw), rng.randint(1, h - bh)
            dets.append((name, rng.choices(CLASSES, WEIGHTS)[0], rng.betavariate(1.3, 4), x1, y1, x1 + bw, y1 + bh))
    return dets


def perturb_fp16(rng, dets):
    """An FP16 engine of the same network: the same detections, scores and boxes moved a little."""
    out = []
    for name, label, score, x1, y1, x2, y2 in dets:
        if rng.random() < 0.03:
            continue  # a detection falls under the score threshold
        score = clip(score + rng.gauss(0, 0.012), 0.001, 0.9999)
        out.append((name, label, score, *(v + rng.gauss(0, 0.8) for v in (x1, y1, x2, y2))))
    return out


def write_results(run_dir, dets):
    res = os.path.join(run_dir, "results")
    os.makedirs(res)
    for cls in CLASSES:
        with open(os.path.join(res, f"comp4_det_test_{cls}.txt"), "w") as f:
            for name, label, score, x1, y1, x2, y2 in dets:
                if label == cls:
                    f.write(f"{name} {score:.6f} {x1:.1f} {y1:.1f} {x2:.1f} {y2:.1f}\n")


def latencies(rng, compute_ms, sigma):
    """(h2d, compute, d2h, enqueue) per query: a log-normal body, a slow start, rare stalls."""
    rows = []
    for i in range(N_LATENCIES):
        c = rng.lognormvariate(0, sigma) * compute_ms
        if i < 5:
            c *= 1.4 - 0.08 * i  # the first queries: clocks and caches warming up
        if rng.random() < 0.008:
            c *= rng.uniform(1.6, 2.4)  # rare stalls (CPU preemption, DVFS)
        rows.append((0.55 + rng.random() * 0.12, c, 0.21 + rng.random() * 0.05, 0.18 + rng.random() * 0.06))
    return rows


def write_times_json(path, rows):
    t = 0.0
    r = lambda x: round(x, 4)
    with open(path, "w") as f:
        f.write("[\n")
        for i, (h2d, c, d2h, enq) in enumerate(rows):
            enq0, enq1 = t, t + enq
            h0, h1 = enq1, enq1 + h2d
            c0, c1 = h1, h1 + c
            d0, d1 = c1, c1 + d2h
            row = {"startEnqMs": r(enq0), "endEnqMs": r(enq1), "startH2dMs": r(h0), "endH2dMs": r(h1),
                   "startComputeMs": r(c0), "endComputeMs": r(c1), "startD2hMs": r(d0), "endD2hMs": r(d1),
                   "h2dMs": r(h2d), "computeMs": r(c), "d2hMs": r(d2h), "latencyMs": r(h2d + c + d2h)}
            f.write(("  " if i == 0 else ", ") + json.dumps(row, separators=(",", ":")) + "\n")
            t = d1
        f.write("]\n")


def write_latency_csv(path, rows):
    with open(path, "w") as f:
        f.write("# a Python inference loop timed around engine.execute (ms)\n")
        f.write("latency_ms\n")
        for h2d, c, d2h, _ in rows:
            f.write(f"{h2d + c + d2h:.3f}\n")


def write_tegrastats(path, rng, seconds, gpu_mw, cpu_mw, gpu_load, ram0):
    """JetPack 4.6 Jetson Nano lines (tegrastats --interval 1000, no timestamp), the run's length."""
    n = max(2, int(math.ceil(seconds)))
    sums = [0.0, 0.0, 0.0]
    with open(path, "w") as f:
        for k in range(n):
            ramp = 1 - math.exp(-k / 2.0)  # power settles within a few seconds
            heat = 1 - math.exp(-k / 25.0)  # temperature rises slower
            gpu = int(gpu_mw * ramp * rng.uniform(0.92, 1.08) + 40)
            cpu = int(cpu_mw * rng.uniform(0.9, 1.1) + 160)
            vin = int(1250 + gpu * 1.12 + cpu * 1.05 + rng.uniform(-60, 60))
            cur = [vin, gpu, cpu]
            for i in range(3):
                sums[i] += cur[i]
            avg = [int(s / (k + 1)) for s in sums]
            ram = ram0 + min(k, 6) * 9 + rng.randint(0, 3)
            swap = 43 + (1 if k > n // 2 else 0)
            cores = ",".join(f"{int(clip(rng.gauss(38 if c == 0 else 14, 6), 1, 100))}%@1479" for c in range(4))
            g = int(clip(gpu_load * ramp + rng.gauss(0, 3), 0, 99))
            temp_gpu = 36.5 + 11.0 * heat * gpu_mw / 3000 + rng.choice([0, 0.5])
            temp_cpu = 35.5 + 6.5 * heat + rng.choice([0, 0.5])
            t = lambda x: f"{round(x * 2) / 2:g}"  # the Nano's sensors step by 0.5 C
            f.write(f"RAM {ram}/3964MB (lfb 112x4MB) SWAP {swap}/1982MB (cached 1MB) IRAM 0/252kB(lfb 252kB) "
                    f"CPU [{cores}] EMC_FREQ {int(20 + 25 * ramp)}%@1600 GR3D_FREQ {g}%@921 APE 25 "
                    f"PLL@{t(temp_cpu - 1)}C CPU@{t(temp_cpu)}C PMIC@50C GPU@{t(temp_gpu)}C "
                    f"AO@{t(temp_cpu + 4)}C thermal@{round((temp_cpu + temp_gpu) * 2) / 4:g}C "
                    f"POM_5V_IN {cur[0]}/{avg[0]} POM_5V_GPU {cur[1]}/{avg[1]} POM_5V_CPU {cur[2]}/{avg[2]}\n")


def write_run_json(path, name, attributes, model):
    with open(path, "w") as f:
        json.dump({"name": name, "attributes": attributes, "model": model}, f, indent=2)
        f.write("\n")


def main():
    rng = random.Random(SEED)
    images = make_ground_truth(rng)
    base = {"device": "Jetson Nano 4GB", "power_mode": "MAXN", "framework": "TensorRT 8.2", "batch_size": 1}
    ssd = {"parameters": 4.3e6, "mult_adds": 0.8e9, "flops": 1.6e9}
    ssdlite = {"parameters": 1.7e6, "mult_adds": 0.29e9, "flops": 0.58e9}
    fp32_dets = detect(rng, images, recall=0.86, jitter=0.05, confusion=0.06, false_positives=3)
    runs = [
        ("ssd-mobilenet-v2-fp32", "ssd-mobilenet-v2 fp32", dict(model="ssd-mobilenet-v2", precision="fp32"), ssd,
         fp32_dets, latencies(rng, 44.0, 0.035), "times.json", (3400, 900, 96, 2180)),
        ("ssd-mobilenet-v2-fp16", "ssd-mobilenet-v2 fp16", dict(model="ssd-mobilenet-v2", precision="fp16"), ssd,
         perturb_fp16(rng, fp32_dets), latencies(rng, 26.5, 0.04), "times.json", (3150, 950, 93, 2150)),
        ("ssdlite-mobilenet-v3-fp16", "ssdlite-mobilenet-v3 fp16",
         dict(model="ssdlite-mobilenet-v3-small", precision="fp16"), ssdlite,
         detect(rng, images, recall=0.66, jitter=0.085, confusion=0.12, false_positives=4), latencies(rng, 15.8, 0.05),
         "latency.csv", (2300, 1000, 85, 2010)),
    ]
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    for folder, name, attrs, model, dets, lat, lat_file, (gpu_mw, cpu_mw, gpu_load, ram0) in runs:
        d = os.path.join(OUT, folder)
        os.makedirs(d)
        write_voc(d, images)
        write_results(d, dets)
        if lat_file == "times.json":
            write_times_json(os.path.join(d, lat_file), lat)
        else:
            write_latency_csv(os.path.join(d, lat_file), lat)
        seconds = sum(h + c + x + e for h, c, x, e in lat) / 1000
        write_tegrastats(os.path.join(d, "tegrastats.log"), rng, seconds, gpu_mw, cpu_mw, gpu_load, ram0)
        attributes = {"model": attrs["model"], "device": base["device"], "power_mode": base["power_mode"],
                      "precision": attrs["precision"], "framework": base["framework"],
                      "batch_size": base["batch_size"]}
        write_run_json(os.path.join(d, "run.json"), name, attributes, model)


if __name__ == "__main__":
    main()
