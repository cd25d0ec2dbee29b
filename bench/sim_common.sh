# bench/sim_common.sh — sourced by the benches that drive jira-align-sim on one
# fixed port (a plan names its target, and apply refuses another). Needs $sim
# (the simulator binary) and $bench_name. Sets $work (a temporary directory,
# removed on exit with the simulator stopped), exports $BENCH_TOKEN (also in
# $work/token), sets $port and $url, and defines start_sim ARGS…, which
# (re)starts the simulator on $port with ARGS and waits until it listens.
work=$(mktemp -d "${TMPDIR:-/tmp}/${bench_name}.XXXXXX")
sim_pid=
cleanup() {
  if [[ -n "$sim_pid" ]]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export BENCH_TOKEN=bench-token-$$
printf '%s\n' "$BENCH_TOKEN" >"$work/token"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/rest/align/api/2"

start_sim() {
  if [[ -n "$sim_pid" ]]; then kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; fi
  rm -f "$work/port"
  "$sim" --port "$port" --port-file "$work/port" --token-file "$work/token" --threads 32 "$@" \
    >>"$work/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 400); do [[ -s "$work/port" ]] && return 0; sleep 0.05; done
  echo "simulator did not start:" >&2
  cat "$work/sim.log" >&2
  exit 1
}
