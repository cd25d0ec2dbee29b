#!/usr/bin/env bash
# Benchmark: `alignctl users` against jira-align-sim holding 100,000 users with
# 20 ms added latency per request, at --concurrency 1 and 8 in the same run.
# Prints wall time, pages/s (requests the simulator served / wall time) and
# peak RSS of each run, the latency bound (1000 pages × 20 ms ÷ 8 = 2.5 s) and
# the ratio, and checks: concurrency 8 within 1.5 × bound + parse time (parse
# time = the same listing with no added latency), peak RSS < 250 MB.
# Then the cost of the fallback listing modes (docs/client.md): the same
# listing at concurrency 8 against a simulator that ignores $orderby
# (--orderby ignore) and one that rejects it (--orderby reject), as a ratio to
# the honoured mode's wall time and requests (MODES=0 skips them).
# BASELINE=path/to/another/alignctl also times that binary's concurrency 8
# listing against the same simulator, before and after this one's, so a
# change to the honoured mode can be compared in one run.
#
#   bench/list_users.sh            # builds build-bench (Release) when needed
#   BUILD_DIR=build-x USERS=20000 bench/list_users.sh
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-bench}
users=${USERS:-100000}
latency_ms=${LATENCY_MS:-20}

if [[ ! -x /usr/bin/time ]]; then
  echo "bench: /usr/bin/time is missing (apt-get install time)" >&2
  exit 1
fi
if [[ ! -x $build/cmd/alignctl || ! -x $build/tests/sim/jira-align-sim ]]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$build" alignctl jira-align-sim jira-align-gen >/dev/null

alignctl=$build/cmd/alignctl
sim=$build/tests/sim/jira-align-sim
gen=$build/tests/sim/jira-align-gen

work=$(mktemp -d)
sim_pid=""
cleanup() {
  if [[ -n $sim_pid ]]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$gen" --users "$users" --seed 1 --out "$work/tenant.json" >/dev/null 2>&1
head -c 32 /dev/urandom | base64 | tr -d '/+=' >"$work/token"
# start_sim ARGS…: (re)starts the simulator with the tenant and ARGS; sets
# side, url.
start_sim() {
  if [[ -n $sim_pid ]]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -f "$work/port"
  "$sim" --seed "$work/tenant.json" --port 0 --port-file "$work/port" --token-file "$work/token" \
    --side-door --threads 32 --latency-ms "$latency_ms" "$@" >"$work/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 200); do
    [[ -s $work/port ]] && break
    sleep 0.1
  done
  port=$(cat "$work/port")
  side="http://127.0.0.1:$port/_sim"
  url="http://127.0.0.1:$port/rest/align/api/2"
  until curl -fsS "$side/health" >/dev/null 2>&1; do sleep 0.1; done
}
start_sim

# run NAME CONCURRENCY: lists all users; sets wall, rss_mb, requests.
run() {
  curl -fsS -X POST "$side/reset-counts" >/dev/null
  /usr/bin/time -v -o "$work/time.$1" "${bin:-$alignctl}" users --json --url "$url" \
    --token-file "$work/token" --concurrency "$2" >"$work/out.$1"
  local elapsed
  elapsed=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.$1")
  wall=$(awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$elapsed")
  rss_mb=$(awk '/Maximum resident set size/ { printf "%.1f", $6 / 1024 }' "$work/time.$1")
  requests=$(curl -fsS "$side/counts" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  listed=$(grep -c '"id":' "$work/out.$1" || true)
  if [[ $listed -ne $users ]]; then
    echo "bench: $1 listed $listed users, expected $users" >&2
    exit 1
  fi
}

echo "alignctl users: $users users, ${latency_ms} ms added latency per request (simulator on loopback)"
printf '%-16s %9s %9s %9s %11s\n' run wall_s requests pages/s peak_rss_MB
report() {
  printf '%-16s %9.2f %9d %9.1f %11s\n' "$1" "$wall" "$requests" "$(awk -v r="$requests" -v w="$wall" 'BEGIN { print r / w }')" "$rss_mb"
}
run c1 1
wall_c1=$wall; rss_c1=$rss_mb
report "concurrency 1" 
if [[ -n ${BASELINE:-} ]]; then
  bin=$BASELINE run base1 8
  report "baseline c8 (1)"
fi
run c8 8
wall_c8=$wall; rss_c8=$rss_mb; requests_c8=$requests
report "concurrency 8"
if [[ -n ${BASELINE:-} ]]; then
  bin=$BASELINE run base2 8
  report "baseline c8 (2)"
  run c8b 8
  report "concurrency 8 (2)"
fi
curl -fsS -X POST "$side/faults" -d '{"latency_ms":0}' >/dev/null
run c8-nolatency 8
wall_parse=$wall
report "c8, 0 ms latency"

pages=$(( (users + 99) / 100 ))
bound=$(awk -v p="$pages" -v l="$latency_ms" 'BEGIN { print p * l / 1000 / 8 }')
target=$(awk -v b="$bound" -v t="$wall_parse" 'BEGIN { print 1.5 * b + t }')
echo
echo "bound: $pages pages × ${latency_ms} ms ÷ 8 = ${bound} s"
echo "concurrency 8: ${wall_c8} s = $(awk -v w="$wall_c8" -v b="$bound" 'BEGIN { printf "%.2f", w / b }')× the bound (target ≤ 1.5× bound + parse time ${wall_parse} s = ${target} s)"
echo "speed-up 1 → 8: $(awk -v a="$wall_c1" -v b="$wall_c8" 'BEGIN { printf "%.2f", a / b }')×"
echo "peak RSS: ${rss_c1} MB (c1), ${rss_c8} MB (c8); target < 250 MB"
ok=1
awk -v w="$wall_c8" -v t="$target" 'BEGIN { exit !(w <= t) }' || { echo "FAIL: concurrency 8 slower than target"; ok=0; }
awk -v a="$rss_c1" -v b="$rss_c8" 'BEGIN { exit !(a < 250 && b < 250) }' || { echo "FAIL: peak RSS over 250 MB"; ok=0; }

if [[ ${MODES:-1} != 0 ]]; then
  echo
  echo "fallback listing modes (concurrency 8, ${latency_ms} ms latency) against honoured c8:"
  printf '%-16s %9s %9s %9s %11s %11s %11s\n' run wall_s requests pages/s peak_rss_MB wall_ratio req_ratio
  for mode in ignore reject; do
    start_sim --orderby "$mode"
    run "$mode" 8
    printf '%-16s %9.2f %9d %9.1f %11s %11.2f %11.2f\n' "$mode, c8" "$wall" "$requests" \
      "$(awk -v r="$requests" -v w="$wall" 'BEGIN { print r / w }')" "$rss_mb" \
      "$(awk -v a="$wall" -v b="$wall_c8" 'BEGIN { print a / b }')" \
      "$(awk -v a="$requests" -v b="$requests_c8" 'BEGIN { print a / b }')"
    awk -v a="$rss_mb" 'BEGIN { exit !(a < 250) }' || { echo "FAIL: peak RSS over 250 MB ($mode)"; ok=0; }
    cmp -s "$work/out.c8" "$work/out.$mode" || { echo "FAIL: $mode listed other users than c8"; ok=0; }
  done
fi
[[ $ok == 1 ]] && echo "PASS"
[[ $ok == 1 ]]
