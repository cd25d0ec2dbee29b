#!/usr/bin/env bash
# Benchmark: `alignctl export --source entra` of a 100,000-member nested Entra
# ID group from graph-sim (the Microsoft Graph simulator) at 20 ms per request.
# Prints wall time beside the bound pages × latency ÷ concurrency (Graph
# pages of one group follow @odata.nextLink one after the other; groups are
# read at once) and peak RSS (target < 300 MB). The baseline in the same run:
# the same 100,000 users through the ten nested groups at concurrency 1, then
# at concurrency 4; and the floor: curl fetching the same pages one after the
# other over one keep-alive connection (no parsing) — what the machine and the
# simulator allow.
#   bench/export_entra_100k.sh [ALIGNCTL_BIN] [GRAPH_SIM_BIN] [USERS]   (LATENCY_MS=20)
# Needs python3, curl and /usr/bin/time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${ALIGNCTL_BIN:-$root/build/cmd/alignctl}}
sim=${2:-${GRAPH_SIM_BIN:-$root/build/tests/sim/graph-sim}}
users=${3:-100000}
latency=${LATENCY_MS:-20}
[[ -x $bin ]] || { echo "no alignctl binary at $bin (give its path)" >&2; exit 2; }
[[ -x $sim ]] || { echo "no graph-sim binary at $sim (give its path)" >&2; exit 2; }
work=$(mktemp -d /tmp/alignctl-bench-entra-XXXXXX)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo bench-secret > "$work/secret"
chmod 600 "$work/secret"
"$sim" --generate-users "$users" --generate-subgroups 10 --latency-ms "$latency" \
  --client-secret-file "$work/secret" --side-door --port 0 --port-file "$work/port" \
  >"$work/sim.log" 2>&1 &
pid=$!
for _ in $(seq 200); do [[ -s $work/port ]] && break; sleep 0.05; done
origin="http://127.0.0.1:$(cat "$work/port")"
for _ in $(seq 100); do curl -sf "$origin/_sim/health" >/dev/null && break; sleep 0.05; done

export ALIGNCTL_ENTRA_CLIENT_SECRET=bench-secret
common=("$bin" export --source entra --tenant-id 00000000-0000-0000-0000-0000000000aa
  --client-id 11111111-1111-1111-1111-111111111111 --authority "$origin" --graph-url "$origin"
  --region-attribute officeLocation --out "$work/users.yaml" --quiet)
subgroups=()
for i in $(seq -w 1 10); do subgroups+=(--group "JiraAlign-All-$i"); done

measure() { # label, concurrency, command...
  local label=$1 conc=$2; shift 2
  rm -f "$work/users.yaml"
  curl -sf -X POST "$origin/_sim/counts" >/dev/null
  /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt" >&2; echo "$label failed" >&2; exit 1; }
  local wall rss pages secs bound count
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time.txt")
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  pages=$(curl -sf "$origin/_sim/counts" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("pages", 0))')
  bound=$(echo "$pages * $latency / 1000 / $conc" | bc -l)
  count=$(grep -c '^  - externalId: ' "$work/users.yaml")
  printf '%-40s %6d users %4d pages  wall %6.2f s  bound %5.2f s (x%.2f)  peak RSS %6.1f MB\n' \
    "$label" "$count" "$pages" "$secs" "$bound" "$(echo "$secs / $bound" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
  last_secs=$secs last_rss=$rss
}

echo "--- $users users in one nested group (10 subgroups and a cycle), ${latency} ms per request ---"
# The floor: the root group's pages by curl, sequentially, bodies to /dev/null.
token=$(curl -sf -X POST "$origin/00000000-0000-0000-0000-0000000000aa/oauth2/v2.0/token" \
  -d grant_type=client_credentials -d client_id=11111111-1111-1111-1111-111111111111 \
  --data-urlencode scope=https://graph.microsoft.com/.default -d client_secret=bench-secret |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
root_id=$(curl -sf -H "Authorization: Bearer $token" \
  "$origin/v1.0/groups?\$filter=displayName%20eq%20%27JiraAlign-All%27&\$select=id" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["value"][0]["id"])')
select='$select=id,userPrincipalName,accountEnabled,userType,onPremisesSamAccountName,givenName,surname,mail,jobTitle,officeLocation'
: > "$work/curl.cfg"
for ((off = 0; off < users + 15; off += 999)); do
  printf 'url = "%s/v1.0/groups/%s/transitiveMembers?%s&$top=999&$skiptoken=X%d"\noutput = "/dev/null"\n' \
    "$origin" "$root_id" "$select" "$off" >> "$work/curl.cfg"
done
floor_pages=$(grep -c '^url' "$work/curl.cfg")
t0=$(date +%s.%N)
curl -sf -H "Authorization: Bearer $token" -K "$work/curl.cfg"
t1=$(date +%s.%N)
printf '%-40s %6s       %4d pages  wall %6.2f s  bound %5.2f s\n' "curl floor (same pages, sequential)" "" \
  "$floor_pages" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$floor_pages * $latency / 1000" | bc -l)"
measure "nested root group (1 group)" 1 "${common[@]}" --group JiraAlign-All
root_rss=$last_rss
measure "10 subgroups, concurrency 1 (baseline)" 1 "${common[@]}" "${subgroups[@]}" --concurrency 1
base_secs=$last_secs
measure "10 subgroups, concurrency 4" 4 "${common[@]}" "${subgroups[@]}" --concurrency 4
printf 'concurrency 4 vs 1: %.2fx faster; peak RSS of the nested-group export %.0f MB (target < 300)\n' \
  "$(echo "$base_secs / $last_secs" | bc -l)" "$(echo "$root_rss / 1024" | bc -l)"
