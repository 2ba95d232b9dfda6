#!/usr/bin/env bash
# Installs everything edgemetrics needs to build, test and benchmark, from
# Debian 12 packages (run as root). Nothing is downloaded at configure time.
#   bash scripts/install-deps.sh            # build + test dependencies
#   bash scripts/install-deps.sh --bench    # also the optional bench-only references
set -euo pipefail

packages=(
  # toolchain: GCC 12 for the main build, Clang 14 (+ its sanitizer runtime) for ASan/UBSan
  g++ clang libclang-rt-14-dev cmake ninja-build make python3
  # library dependencies
  libeigen3-dev librange-v3-dev libpugixml-dev libfmt-dev nlohmann-json3-dev
  # drivers, tests and benchmarks
  libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  chromium  # the HTML report's browser test (tests/report/render_html.py)
  # the aarch64 job (the Jetson's architecture): cross compiler, qemu-user, and the arm64
  # multiarch packages of the compiled dependencies (the header-only ones serve both)
  g++-aarch64-linux-gnu qemu-user libpugixml-dev:arm64 libfmt-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64
)
if [[ "${1:-}" == "--bench" ]]; then
  # Optional references used only by bench/ (never by the library or the tests).
  # (pybind11: to build faster-coco-eval from its source for bench/coco/coco_bench.py)
  packages+=(libopencv-dev python3-numpy python3-sklearn python3-torchvision pybind11-dev python3-pybind11)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # arm64 packages come from the same Debian mirror as multiarch packages.
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all ${#packages[@]} packages already installed"
fi
