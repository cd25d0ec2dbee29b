#!/usr/bin/env bash
# plan for 100,000 desired vs 100,000 live users (5 % changes) against the
# simulator with 20 ms latency. Prints wall time, peak RSS, the time of each
# phase (--timings) and the time outside fetching; checks the issue's targets:
# reconciliation (diff + write) < 1 s, peak RSS < 300 MB.
# Then plan --base: the same desired state committed in a git repository on
# top of a base commit that matches Jira Align (so the 5 % are this change),
# planned from git without and with --base HEAD~1; prints both wall times, the
# time outside fetching of each, and the differences (target: --base costs
# < 1 s more).
#
#   bench/plan_100k.sh [BUILD_DIR]     (default: build)
set -euo pipefail
build=${1:-build}
users=${USERS:-100000}
alignctl=$(cd "$build" && pwd)/cmd/alignctl
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

# --- plan --base: the same plan from git, without and with --base ------------
"$gen" --users "$users" --out "$work/tenant0.json" --desired-out "$work/users0.yaml" \
  --change-share 0 > /dev/null
cmp -s "$work/tenant.json" "$work/tenant0.json" || { echo "the generator's tenants differ"; exit 1; }
repo=$work/repo
mkdir -p "$repo"
git -C "$repo" init -q -b main
cp "$work/users0.yaml" "$repo/users.yaml"
git -C "$repo" add users.yaml
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm "base: matches Jira Align"
cp "$work/users.yaml" "$repo/users.yaml"
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qam "5 % changes"

# run_git_plan NAME [ARGS…]: plan from git:HEAD:users.yaml; sets NAME_wall (s)
# and NAME_outside (ms, everything but fetching the live users).
run_git_plan() {
  local name=$1; shift
  set +e
  (cd "$repo" && /usr/bin/time -v "$alignctl" plan --policy "$work/alignctl.yaml" \
    --desired git:HEAD:users.yaml "$@" --out "$work/$name.json" --format text --timings \
    --url "http://127.0.0.1:$port/rest/align/api/2" --token-env BENCH_TOKEN --concurrency 8 \
    > /dev/null 2> "$work/$name.stderr")
  local rc=$?
  set -e
  [ $rc -eq 0 ] || { echo "plan $name failed (exit $rc)"; cat "$work/$name.stderr"; exit 1; }
  local wall_text total fetch
  wall_text=$(grep "Elapsed (wall clock)" "$work/$name.stderr" | awk '{print $NF}')
  # m:ss.ss → seconds
  printf -v "${name}_wall" '%s' "$(echo "$wall_text" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')"
  total=$(grep "timing:" "$work/$name.stderr" | awk '{s += $(NF-1)} END {print s}')
  fetch=$(grep "timing: fetch live users" "$work/$name.stderr" | awk '{print $(NF-1)}')
  printf -v "${name}_outside" '%s' "$(echo "$total - $fetch" | bc)"
}
run_git_plan plain
run_git_plan based --base HEAD~1
echo; echo "phases without --base:"; grep "timing:" "$work/plain.stderr"
echo "phases with --base:"; grep "timing:" "$work/based.stderr"
labels=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["labels"])' "$work/based.json")
echo
echo "plan --base HEAD~1 ($users users, 5 % changes; labels $labels):"
echo "  wall time without --base:   ${plain_wall} s"
echo "  wall time with --base:      ${based_wall} s"
echo "  difference (wall):          $(echo "$based_wall - $plain_wall" | bc) s   (includes fetching jitter)"
echo "  outside fetching without:   ${plain_outside} ms"
echo "  outside fetching with:      ${based_outside} ms"
echo "  extra cost of --base:       $(echo "$based_outside - $plain_outside" | bc) ms   (target < 1000 ms)"
