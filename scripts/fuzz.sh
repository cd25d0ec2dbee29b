#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan; tests/fuzz/) in build-fuzz/
# and runs each for SECONDS, two at a time (docs/fuzzing.md).
#   scripts/fuzz.sh                      every target, 60 s each
#   scripts/fuzz.sh 600 fuzz_plan        one target for 10 minutes
#   FUZZ_JOBS=1 scripts/fuzz.sh 30       one target at a time
# Each target runs on a scratch copy of its seed corpus
# (build-fuzz/fuzz-work/<target>/corpus: kept between runs, refreshed from
# tests/fuzz/corpus/<target>/ each time; the committed corpus never changes
# unless you copy inputs into it). A crash, leak, timeout or out-of-memory
# input is kept in build-fuzz/findings/<target>/ and the script exits 1 (an
# earlier run's findings move to build-fuzz/findings-earlier/<target>/).
# Prints per target: runs, exec/s, coverage (cov: edges, ft: features).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-60}
if [[ $# -gt 0 ]]; then
  shift
fi
all=(fuzz_policy fuzz_desired fuzz_plan fuzz_csv fuzz_ldif fuzz_response)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=("${all[@]}")
fi
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-2}
cxx=${FUZZ_CXX:-clang++-14}
command -v "$cxx" >/dev/null || cxx=clang++

# Inputs larger than any seed are rarely useful and slow every run down; the
# size limits themselves are tested by unit tests (tests/unit/*/hostile_*).
max_len() {
  case $1 in
    fuzz_plan | fuzz_ldif) echo 16384 ;;
    *) echo 8192 ;;
  esac
}
dict() {
  case $1 in
    fuzz_policy | fuzz_desired) echo tests/fuzz/yaml.dict ;;
    fuzz_plan | fuzz_response) echo tests/fuzz/json.dict ;;
    fuzz_csv) echo tests/fuzz/csv.dict ;;
    fuzz_ldif) echo tests/fuzz/ldif.dict ;;
  esac
}

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$cxx" -DALIGNCTL_FUZZ=ON -DALIGNCTL_TESTS=OFF \
    -DALIGNCTL_WERROR=ON -DALIGNCTL_LINE_TABLES_ONLY="${ALIGNCTL_LINE_TABLES_ONLY:-OFF}" \
    -DALIGNCTL_UNITY="${ALIGNCTL_UNITY:-OFF}" >/dev/null
fi
ninja -C "$build" "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local t=$1
  local work="$build/fuzz-work/$t"
  local findings="$build/findings/$t"
  # Findings are per run: an earlier run's are moved aside, not lost.
  if [[ -d $findings ]] && [[ -n $(ls -A "$findings") ]]; then
    mkdir -p "$build/findings-earlier/$t"
    mv "$findings"/* "$build/findings-earlier/$t/"
  fi
  mkdir -p "$work/corpus" "$findings"
  cp -n tests/fuzz/corpus/"$t"/* "$work/corpus/" 2>/dev/null || true
  local args=(-max_total_time="$seconds" -max_len="$(max_len "$t")" -rss_limit_mb=2048
    -malloc_limit_mb=2048 -timeout=10 -print_final_stats=1
    -artifact_prefix="$findings/")
  local d
  d=$(dict "$t")
  if [[ -n $d && -f $d ]]; then
    args+=(-dict="$d")
  fi
  local status=0
  "$build/tests/fuzz/$t" "${args[@]}" "$work/corpus" >"$work/log" 2>&1 || status=$?
  echo "$status" >"$work/status"
}

pids=()
for t in "${targets[@]}"; do
  while [[ $(jobs -rp | wc -l) -ge $jobs ]]; do
    wait -n || true
  done
  echo "== $t: ${seconds}s"
  run_one "$t" &
  pids+=($!)
done
wait

failed=0
printf '\n%-14s %12s %9s %7s %7s %7s  %s\n' target runs exec/s cov ft corpus result
for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  log="$work/log"
  status=$(cat "$work/status" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | grep ' cov: ' | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(find "$work/corpus" -type f | wc -l)
  found=$(find "$build/findings/$t" -type f | wc -l)
  result=ok
  if [[ $status != 0 || $found -gt 0 ]]; then
    result="FINDING (exit $status): $(find "$root/$build/findings/$t" -type f | head -3 | tr '\n' ' ')"
    failed=1
  fi
  printf '%-14s %12s %9s %7s %7s %7s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" \
    "${ft:-?}" "$corpus" "$result"
done
if [[ $failed != 0 ]]; then
  echo
  for t in "${targets[@]}"; do
    if [[ $(cat "$build/fuzz-work/$t/status" 2>/dev/null || echo 1) != 0 ]]; then
      echo "== $t: end of $build/fuzz-work/$t/log"
      grep -v -E '^#[0-9]+' "$build/fuzz-work/$t/log" | tail -40
    fi
  done
  echo "fuzz: findings above; reproduce with $build/tests/fuzz/<target> <file>"
fi
exit $failed
