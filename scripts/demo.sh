#!/usr/bin/env bash
# The main job on bundled sample data: build (Release) and run the example drivers.
#   1. edgemetrics-report on three sample runs (examples/report/sample: an FP32 and an FP16 TensorRT
#      engine of SSD-MobileNet-v2 and a smaller SSDLite detector on a Jetson Nano; generated once by
#      scripts/make_sample_runs.py): the table, comparisons, Pareto fronts and verdicts, plus the
#      HTML report with its plots (build/release/report.html) and the Markdown and JSON reports.
#   2. the single-area drivers on their own samples.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEMETRICS_BUILD_TESTS=OFF \
  -DEDGEMETRICS_BUILD_BENCH=OFF > /dev/null
cmake --build build/release -j "$(nproc)"
bin=build/release/bin
out=build/release

echo "== edgemetrics-report on three sample runs (VOC mAP, trtexec latencies, tegrastats power)"
# Budgets for this demo: p99 latency <= 40 ms, mAP >= 0.6, mean board power <= 7 W. Without them
# the defaults apply (seed 000's guidelines: p99 <= 100 ms, accuracy >= 0.85).
"$bin/edgemetrics-report" examples/report/sample/ssd-mobilenet-v2-fp32 examples/report/sample/ssd-mobilenet-v2-fp16 \
  examples/report/sample/ssdlite-mobilenet-v3-fp16 --budget-ms 40 --min-accuracy 0.6 --max-power-w 7 \
  --html "$out/report.html" --md "$out/report.md" --json "$out/report.json"
echo
echo "HTML report (open in a browser; no JavaScript, no network): $out/report.html"
echo "Markdown: $out/report.md   JSON: $out/report.json"

echo
echo "== edgemetrics-voc-eval on the bundled VOC2007-style sample (60 images, 900 detections)"
"$bin/edgemetrics-voc-eval" --devkit examples/voc_eval/sample --results examples/voc_eval/sample/results

echo
echo "== edgemetrics-latency on a bundled trtexec --exportTimes sample"
"$bin/edgemetrics-latency" examples/latency_report/sample/trtexec_fp32.json --budget-ms 100

echo
echo "== edgemetrics-classification-report on the bundled intruder-detector sample"
"$bin/edgemetrics-classification-report" examples/classification_report/sample/intruder.csv
