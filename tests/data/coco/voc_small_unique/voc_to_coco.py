#!/usr/bin/python3
"""Writes tests/data/voc/small_unique as COCO JSON the way Detectron's VOC-in-COCO files are made
(independent of edgemetrics' reader): image ids 1..N in image-set order, category ids 1..20 in class
order, bbox [x1 - 1, y1 - 1, x2 - x1 + 1, y2 - y1 + 1], area w * h, iscrowd 0, ignore = difficult
(pycocotools overwrites ignore with iscrowd). Detections: class by class, file order.

  /usr/bin/python3 tests/data/coco/voc_small_unique/voc_to_coco.py
"""
import json
import os
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
VOC = os.path.join(HERE, "..", "..", "voc", "small_unique")
CLASSES = ["aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
           "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
           "train", "tvmonitor"]


def box(x1, y1, x2, y2):
    return [x1 - 1, y1 - 1, x2 - x1 + 1, y2 - y1 + 1]


ids = [l.strip() for l in open(os.path.join(VOC, "VOC2007", "ImageSets", "Main", "test.txt")) if l.strip()]
index = {name: i + 1 for i, name in enumerate(ids)}
images = [{"id": i + 1, "file_name": name + ".jpg"} for i, name in enumerate(ids)]
annotations = []
for name in ids:
    root = ET.parse(os.path.join(VOC, "VOC2007", "Annotations", name + ".xml")).getroot()
    for obj in root.findall("object"):
        cls = obj.find("name").text
        if cls not in CLASSES:
            continue
        d = obj.find("difficult")
        difficult = int(d.text) if d is not None else 0
        bb = obj.find("bndbox")
        b = box(*(float(bb.find(t).text) for t in ("xmin", "ymin", "xmax", "ymax")))
        annotations.append({"id": len(annotations) + 1, "image_id": index[name],
                            "category_id": CLASSES.index(cls) + 1, "bbox": b, "area": b[2] * b[3],
                            "iscrowd": 0, "ignore": difficult})
categories = [{"id": k + 1, "name": c} for k, c in enumerate(CLASSES)]
with open(os.path.join(HERE, "instances.json"), "w") as f:
    json.dump({"images": images, "categories": categories, "annotations": annotations}, f)
results = []
for k, c in enumerate(CLASSES):
    for line in open(os.path.join(VOC, "results", "comp4_det_test_%s.txt" % c)):
        p = line.split()
        if not p:
            continue
        results.append({"image_id": index[p[0]], "category_id": k + 1, "score": float(p[1]),
                        "bbox": box(*(float(v) for v in p[2:6]))})
with open(os.path.join(HERE, "detections.json"), "w") as f:
    json.dump(results, f)
