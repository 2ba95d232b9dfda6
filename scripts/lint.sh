#!/usr/bin/env bash
# Style and static analysis (not part of CI's time budget; run before sending a change):
#   bash scripts/lint.sh          # clang-format check + clang-tidy on src/
#   bash scripts/lint.sh --fix    # apply clang-format
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.hpp' '*.cpp')
if [[ "${1:-}" == "--fix" ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
clang-format --dry-run --Werror "${files[@]}"
cmake -S . -B build/lint -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DEDGEMETRICS_BUILD_BENCH=OFF > /dev/null
mapfile -t sources < <(git ls-files 'src/*.cpp')
clang-tidy -p build/lint --quiet "${sources[@]}"
