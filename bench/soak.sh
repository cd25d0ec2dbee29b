#!/usr/bin/env bash
# The long fault soak (issue 7): 5,000 actions (a quarter each deactivate,
# reactivate, retitle, create) applied in ONE run against the simulator with
# 20 % 5xx, 10 % 429 (Retry-After 1), 5 % commit-then-drop and 1 % latency
# spikes of 1.5 s against a 1 s client timeout. Passes when the final state is
# the desired state with zero duplicates and one "done" per action; prints the
# wall time, throughput and the faults injected. CI runs the same test with
# 600 actions (ctest: "integration/apply: fault soak…").
#
#   bench/soak.sh [BUILD_DIR] [ACTIONS]     (defaults: build 5000)
set -euo pipefail
build=${1:-build}
actions=${2:-5000}
exe=$build/tests/alignctl_integration_apply_tests
[ -x "$exe" ] || { echo "missing $exe — build alignctl_integration_apply_tests" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
ALIGNCTL_SOAK_ACTIONS=$actions /usr/bin/time -f "wall %e s, peak RSS of the test driver %M KB" \
  "$exe" "[soak]" >"$log" 2>&1 || status=$?
grep -A2 "soak:" "$log" | grep -v "^--" || true
tail -n 4 "$log"
[ "$status" -eq 0 ] && echo "soak: PASS" || { echo "soak: FAIL (full log above)"; exit 1; }
