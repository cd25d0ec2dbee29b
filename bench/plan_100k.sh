#!/usr/bin/env bash
# plan for 100,000 desired vs 100,000 live users (5 % changes) against the
# simulator with 20 ms latency. Prints wall time, peak RSS, the time of each
# phase (--timings) and the time outside fetching; checks the issue's targets:
# reconciliation (diff + write) < 1 s, peak RSS < 300 MB.
#
#   bench/plan_100k.sh [BUILD_DIR]     (default: build)
set -euo pipefail
build=${1:-build}
users=${USERS:-100000}
alignctl=$build/cmd/alignctl
sim=$build/tests/sim/jira-align-sim
gen=$build/tests/sim/jira-align-gen
for b in "$alignctl" "$sim" "$gen"; do
  [ -x "$b" ] || { echo "missing $b — build alignctl, jira-align-sim and jira-align-gen" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$gen" --users "$users" --out "$work/tenant.json" --desired-out "$work/users.yaml" --change-share 0.05
cat > "$work/alignctl.yaml" <<'POLICY'
create: {roleId: 3, costCenterId: 100, divisionId: 200}
regions:
  map:
    AMER: {regionId: 1, cityId: 11}
    EMEA: {regionId: 2, cityId: 21}
    APAC: {regionId: 3, cityId: 31}
  default: {regionId: 1, cityId: 11}
sync: [firstName, lastName, email, title, region]
ignored: {roleIds: [7]}
repair: {divisionId: 200, cityId: 11, company: Example Corp}
limits: {max_deactivations: 20%, max_creates: 20%}
POLICY
echo bench-token > "$work/token"
"$sim" --seed "$work/tenant.json" --port 0 --port-file "$work/port" --token-file "$work/token" \
  --latency-ms 20 --threads 16 > "$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")

export BENCH_TOKEN=bench-token
set +e
/usr/bin/time -v "$alignctl" plan --policy "$work/alignctl.yaml" --desired "$work/users.yaml" \
  --out "$work/plan.json" --format text --timings --url "http://127.0.0.1:$port/rest/align/api/2" \
  --token-env BENCH_TOKEN --concurrency 8 > /dev/null 2> "$work/stderr"
rc=$?
set -e
cat "$work/stderr" | grep -E "timing|error" || true
[ $rc -eq 0 ] || { echo "plan failed (exit $rc)"; cat "$work/stderr"; exit 1; }

ms() { grep "timing: $1" "$work/stderr" | awk '{print $(NF-1)}'; }
read_ms=$(ms "read inputs"); fetch_ms=$(ms "fetch live users"); rec_ms=$(ms "reconcile")
ser_ms=$(ms "serialise and render"); write_ms=$(ms "write files")
wall=$(grep "Elapsed (wall clock)" "$work/stderr" | awk '{print $NF}')
rss_kb=$(grep "Maximum resident set size" "$work/stderr" | awk '{print $NF}')
outside=$(echo "$read_ms + $rec_ms + $ser_ms + $write_ms" | bc)
diff_write=$(echo "$rec_ms + $ser_ms + $write_ms" | bc)
actions=$(grep -o '"total": [0-9]*' "$work/plan.json" | head -1 | awk '{print $2}')
echo
echo "users:                 $users desired vs $users live, 5 % changes, 20 ms latency"
echo "actions in plan:       $actions ($(stat -c %s "$work/plan.json") bytes)"
echo "wall time:             $wall"
echo "peak RSS:              $((rss_kb / 1024)) MB   (target < 300 MB)"
echo "fetching live users:   ${fetch_ms} ms"
echo "outside fetching:      ${outside} ms (read inputs ${read_ms} ms + reconcile/serialise/write)"
echo "diff + write:          ${diff_write} ms  (target < 1000 ms)"
