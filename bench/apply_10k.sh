#!/usr/bin/env bash
# bench/apply_10k.sh — apply throughput against the simulator (issue 5).
# Plans 10,000 creates with the real `alignctl plan` (empty tenant, 10,000
# desired users), then applies that same plan to a fresh simulator with 20 ms
# added latency at concurrency 1, 4 and 8, and once more at concurrency 8 with
# a ceiling of R requests/s. Prints each throughput and how it compares with
# the bound: each create is two requests (the lookup by key right before the
# POST, then the POST), so concurrency ÷ (2 × latency), or R ÷ 2.
#   bench/apply_10k.sh [BUILD_DIR]     (default: build)   env: N=10000 LATENCY_MS=20 R=100
# Needs: alignctl and jira-align-sim built in BUILD_DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
alignctl=$build/cmd/alignctl
sim=$build/tests/sim/jira-align-sim
N=${N:-10000}
LATENCY_MS=${LATENCY_MS:-20}
R=${R:-100}
bench_name=apply-bench
# shellcheck source=bench/sim_common.sh
source "$root/bench/sim_common.sh" # $work, $BENCH_TOKEN, $port, $url, start_sim (empty tenant)

cp "$root/bench/policy.yaml" "$work/alignctl.yaml"
{
  echo "# alignctl desired state — who should have a Jira Align account."
  echo "# Source: bench/apply_10k.sh"
  echo "version: 1"
  echo "users:"
  for i in $(seq -f '%06g' 1 "$N"); do
    printf '  - externalId: b%s\n    firstName: Bench\n    lastName: User%s\n    email: b%s@corp.example.com\n    title: Engineer\n    groups: [JiraAlign-Users]\n' "$i" "$i" "$i"
  done
} >"$work/users.yaml"

start_sim
"$alignctl" plan --policy "$work/alignctl.yaml" --desired "$work/users.yaml" --url "$url" \
  --out "$work/plan.json" --format json >/dev/null
echo "plan: $N creates ($(wc -c <"$work/plan.json") bytes); simulator latency ${LATENCY_MS} ms"

run() { # run LABEL BOUND ARGS… — one apply on a fresh tenant; prints actions/s
  local label=$1 bound=$2; shift 2
  start_sim --latency-ms "$LATENCY_MS"
  rm -f "$work/plan.json.journal" "$work/plan.json.audit.jsonl"
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$alignctl" apply "$work/plan.json" --url "$url" --token-env BENCH_TOKEN --progress lines "$@" >"$work/apply.log" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  if [[ $rc -ne 0 ]]; then echo "$label: apply failed (exit $rc)"; tail -5 "$work/apply.log"; return 1; fi
  python3 - "$label" "$N" "$t0" "$t1" "$bound" <<'PY'
import sys
label, n, t0, t1, bound = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
secs = t1 - t0
rate = n / secs
print(f"{label:<34} {secs:7.1f} s  {rate:7.1f} actions/s  ({100*rate/bound:5.1f} % of {bound:.0f}/s)")
PY
}

bound() { python3 -c "print($1 / (2 * $LATENCY_MS / 1000.0))"; } # 2 requests per create
run "concurrency 1" "$(bound 1)" --concurrency 1
run "concurrency 4" "$(bound 4)" --concurrency 4
run "concurrency 8" "$(bound 8)" --concurrency 8
run "concurrency 8, ceiling $R requests/s" "$(python3 -c "print($R / 2)")" --concurrency 8 --max-rps "$R"
echo "(wall time of the whole command: plan checks, $N lookups and $N POSTs, journal fsyncs, read-back verification)"
