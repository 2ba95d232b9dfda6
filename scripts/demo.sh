#!/usr/bin/env bash
# The main job on bundled sample data: build (Release) and run the example drivers.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEMETRICS_BUILD_TESTS=OFF \
  -DEDGEMETRICS_BUILD_BENCH=OFF > /dev/null
cmake --build build/release -j "$(nproc)"
bin=build/release/bin

echo "== edgemetrics-classification-report on the bundled intruder-detector sample"
"$bin/edgemetrics-classification-report" examples/classification_report/sample/intruder.csv
