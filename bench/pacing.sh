#!/usr/bin/env bash
# bench/pacing.sh — adaptive pacing against a server whose limit alignctl is
# not told (issue 12, item 8). The simulator answers 429 Retry-After 1 beyond
# R requests per second (--rps-limit R: a fixed one-second window). For
# R = 20 and R = 200, in one run:
#   list   `alignctl users` of a tenant of about SECONDS × R pages
#   apply  `alignctl apply` of a plan of about SECONDS × R creates
# each once with no --max-rps (adaptive: alignctl finds the limit itself) and
# once with --max-rps R (the baseline: the limit known and configured), both
# at the default --concurrency. Prints, per run, the wall time, the requests
# the simulator answered, throughput (answers other than 429 per second of
# wall time) as a share of R, and the share of requests answered 429. Exits 1
# unless every adaptive run reaches ≥ 85 % of R with < 5 % answered 429.
#   bench/pacing.sh [BUILD_DIR]     (default: build)   env: SECONDS_PER_RUN=20 RATES="20 200"
# Needs: alignctl, jira-align-sim and jira-align-gen built in BUILD_DIR; python3, curl.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
alignctl=$build/cmd/alignctl
sim=$build/tests/sim/jira-align-sim
gen=$build/tests/sim/jira-align-gen
seconds=${SECONDS_PER_RUN:-20}
rates=${RATES:-20 200}
bench_name=pacing-bench
# shellcheck source=bench/sim_common.sh
source "$root/bench/sim_common.sh" # $work, $BENCH_TOKEN, $port, $url, start_sim
side="http://127.0.0.1:$port/_sim"

start_sim_side_door() { # start_sim_side_door ARGS… — with the side door, answering
  start_sim --side-door "$@"
  until curl -fsS "$side/health" >/dev/null 2>&1; do sleep 0.05; done
}
set_limit() { curl -fsS -X POST "$side/faults" -d "{\"rps_limit\":$1}" >/dev/null; }

cp "$root/bench/policy.yaml" "$work/alignctl.yaml"

fail=0
results=$work/results
: >"$results"
# measure WHAT R MODE COMMAND… — runs COMMAND against the simulator (counts
# reset first), prints one line and appends it to $results.
measure() {
  local what=$1 r=$2 mode=$3; shift 3
  curl -fsS -X POST "$side/reset-counts" >/dev/null
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$@" >"$work/out" 2>"$work/err" || rc=$?
  t1=$(date +%s.%N)
  if [[ $rc -ne 0 ]]; then
    echo "$what R=$r $mode: alignctl failed (exit $rc)" >&2; tail -5 "$work/err" >&2; exit 1
  fi
  curl -fsS "$side/counts" >"$work/counts.json"
  python3 - "$what" "$r" "$mode" "$t0" "$t1" "$work/counts.json" <<'PY' | tee -a "$results"
import json, sys
what, r, mode, t0, t1, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
c = json.load(open(path))
total = c["total"]
limited = c.get("by_status", {}).get("429", 0)
wall = t1 - t0
tput = (total - limited) / wall
print(f"{what:<6} {r:>4} {mode:<14} {wall:7.2f} {total:9d} {tput:9.1f} {100 * tput / r:9.1f} % {100 * limited / max(total, 1):8.2f} %")
PY
}

printf '%-6s %4s %-14s %7s %9s %9s %11s %10s\n' what R mode wall_s requests ok/s 'share of R' '429 share'
for r in $rates; do
  # list: about SECONDS × R pages of 100 users.
  users=$((seconds * r * 100))
  "$gen" --users "$users" --seed 1 --out "$work/tenant.json" >/dev/null 2>&1
  start_sim_side_door --seed "$work/tenant.json" --rps-limit "$r"
  for mode in adaptive max-rps; do
    extra=()
    [[ $mode == max-rps ]] && extra=(--max-rps "$r")
    measure list "$r" "$mode" "$alignctl" users --json --url "$url" --token-env BENCH_TOKEN "${extra[@]}"
    listed=$(grep -c '"id":' "$work/out" || true)
    if [[ $listed -ne $users ]]; then echo "list R=$r $mode: listed $listed users, expected $users" >&2; exit 1; fi
  done

  # apply: about SECONDS × R creates (a POST each; the read-back lists), planned
  # against an empty tenant with no limit, applied to a fresh one per mode.
  n=$((seconds * r))
  {
    echo "# alignctl desired state — who should have a Jira Align account."
    echo "# Source: bench/pacing.sh"
    echo "version: 1"
    echo "users:"
    for i in $(seq -f '%06g' 1 "$n"); do
      printf '  - externalId: p%s\n    firstName: Pace\n    lastName: User%s\n    email: p%s@corp.example.com\n    title: Engineer\n    groups: [JiraAlign-Users]\n' "$i" "$i" "$i"
    done
  } >"$work/users.yaml"
  for mode in adaptive max-rps; do
    start_sim_side_door
    "$alignctl" plan --policy "$work/alignctl.yaml" --desired "$work/users.yaml" --url "$url" \
      --out "$work/plan.json" --format json >/dev/null
    rm -f "$work/plan.json.journal" "$work/plan.json.audit.jsonl"
    set_limit "$r"
    extra=()
    [[ $mode == max-rps ]] && extra=(--max-rps "$r")
    measure apply "$r" "$mode" "$alignctl" apply "$work/plan.json" --url "$url" --token-env BENCH_TOKEN "${extra[@]}"
  done
done

echo
echo "targets (adaptive, no --max-rps): throughput ≥ 85 % of R, < 5 % of requests answered 429"
while read -r what r mode _ _ _ share _ limited _; do
  [[ $mode == adaptive ]] || continue
  if ! awk -v s="$share" -v l="$limited" 'BEGIN { exit !(s >= 85 && l < 5) }'; then
    echo "FAIL: $what at R=$r: $share % of R, $limited % answered 429"
    fail=1
  fi
done <"$results"
[[ $fail == 0 ]] && echo "PASS"
exit "$fail"
