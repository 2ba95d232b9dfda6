#!/usr/bin/env bash
# The main job on bundled sample data: build (Release) and run the example drivers.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEMETRICS_BUILD_TESTS=OFF \
  -DEDGEMETRICS_BUILD_BENCH=OFF > /dev/null
cmake --build build/release -j "$(nproc)"
bin=build/release/bin

echo "== edgemetrics-voc-eval on the bundled VOC2007-style sample (60 images, 900 detections)"
"$bin/edgemetrics-voc-eval" --devkit examples/voc_eval/sample --results examples/voc_eval/sample/results

echo
echo "== edgemetrics-latency on a bundled trtexec --exportTimes sample"
"$bin/edgemetrics-latency" examples/latency_report/sample/trtexec_fp32.json --budget-ms 100

echo
echo "== edgemetrics-classification-report on the bundled intruder-detector sample"
"$bin/edgemetrics-classification-report" examples/classification_report/sample/intruder.csv
