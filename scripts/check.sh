#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): about 27 minutes on 2 cores once the packages are
# installed (2026-11-30, measured from a fresh clone on an idle 2-core VM: 26.6 min: GCC job about 12, ASan+UBSan 8, aarch64 7).
# Test programs and teaching examples are compiled at -O1 (EDGEMETRICS_TEST_CXX_FLAGS), the library
# and the drivers with the build type's flags; the sanitizer and aarch64 jobs run one ctest entry
# per test program (EDGEMETRICS_TEST_PER_PROGRAM), the GCC job one per test case. Three builds,
# each catching its own bug class:
#   1. GCC 12, Release, -Werror: unit tests; golden tests of every driver (whole console output,
#      whole JSON, exact exit status: tests/tools); header-alone (each header against only its own
#      target) + ODR checks; package consumers (install / build tree / add_subdirectory /
#      COMPONENTS core without pugixml), each linking every compiled area under a consumer's
#      strict warnings; teaching examples and bench smoke runs.
#   2. Clang 14, ASan + UBSan, failures fatal (halt_on_error): memory and UB bugs in
#      the library, the parsers and the drivers, and Clang's warnings under -Werror.
#   3. aarch64 (the Jetson's architecture): GCC 12 cross build with the compiler's default
#      flags, the whole suite run under qemu-user: results that change with the target's
#      arithmetic (FMA contraction in a consumer's TU, char signedness, long double) and
#      anything that only builds on x86-64.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== [1/3] GCC Release build + tests"
cmake -S . -B build/check-gcc -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
  -DEDGEMETRICS_WERROR=ON
cmake --build build/check-gcc -j "$jobs"
ctest --test-dir build/check-gcc --output-on-failure -j "$jobs"

echo "== [2/3] Clang ASan+UBSan build + tests"
# -O1 -g1 (line tables): what the sanitizers recommend, full stack traces, and a faster build.
cmake -S . -B build/check-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DEDGEMETRICS_WERROR=ON -DEDGEMETRICS_SANITIZE=ON -DEDGEMETRICS_BUILD_BENCH=OFF -DEDGEMETRICS_TEST_PER_PROGRAM=ON
cmake --build build/check-asan -j "$jobs"
ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build/check-asan --output-on-failure -j "$jobs"

echo "== [3/3] aarch64 cross build (GCC 12, default flags) + tests under qemu-user"
cmake -S . -B build/check-aarch64 -G Ninja --toolchain cmake/toolchains/aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=Release -DEDGEMETRICS_WERROR=ON -DEDGEMETRICS_BUILD_BENCH=OFF -DEDGEMETRICS_TEST_PER_PROGRAM=ON
cmake --build build/check-aarch64 -j "$jobs"
ctest --test-dir build/check-aarch64 --output-on-failure -j "$jobs"
