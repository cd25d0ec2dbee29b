#!/usr/bin/env bash
# Installs what is missing, builds alignctl and runs its test suite through ctest.
#   scripts/test.sh                 all tests (unit, integration, e2e) in build/
#   scripts/test.sh -L unit         only the fast unit tests (any ctest arguments pass through)
#   ALIGNCTL_SANITIZE=1 scripts/test.sh   the same under ASan+UBSan in build-asan/ (clang++-14,
#                                         or ALIGNCTL_SANITIZE_CXX)
#   ALIGNCTL_LINE_TABLES_ONLY=ON …        debug information as line tables only (-g1; CI)
#   ALIGNCTL_UNITY=ON …             test executables as unity builds (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh  # a no-op when every package is present
if [[ "${ALIGNCTL_SANITIZE:-0}" == 1 ]]; then
  build=${BUILD_DIR:-build-asan}
  # clang: compiles this build in about half gcc's time (-O0, ASan+UBSan), and
  # the normal build stays gcc, so both compilers' warnings are errors.
  cxx=${ALIGNCTL_SANITIZE_CXX:-clang++-14}
  command -v "$cxx" >/dev/null || cxx=clang++
  command -v "$cxx" >/dev/null || cxx=c++
  extra=(-DALIGNCTL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER="$cxx")
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
  build=${BUILD_DIR:-build}
  extra=()
fi
for option in ALIGNCTL_LINE_TABLES_ONLY ALIGNCTL_UNITY; do
  if [[ -n "${!option:-}" ]]; then
    extra+=(-D"$option=${!option}")
  fi
done
cmake -S . -B "$build" -G Ninja -DALIGNCTL_WERROR=ON "${extra[@]}" >/dev/null
ninja -C "$build"
# A fresh build has no ctest cost data, so ctest would start tests in the
# order they are declared and a long one could start last. Seed it with
# tests/ctest_costs.txt (seconds of the tests over 2 s under ASan+UBSan; to
# refresh: awk '$NF >= 2' build-asan/Testing/Temporary/CTestCostData.txt |
# grep -v '^---' | sort > tests/ctest_costs.txt). A test missing from it is
# only scheduled later.
costs="$build/Testing/Temporary/CTestCostData.txt"
if [[ ! -f "$costs" ]]; then
  mkdir -p "$(dirname "$costs")"
  cp tests/ctest_costs.txt "$costs"
fi
cd "$build"
# Four at a time on two cores: most tests wait on servers, retries and
# Retry-After pauses (CTEST_JOBS to change).
ctest --output-on-failure -j "${CTEST_JOBS:-4}" "$@"
