#!/usr/bin/env bash
# The whole alignctl loop on this machine, in a few minutes:
#   example directory (slapd) --export--> users.yaml committed in a scratch git repo
#   --plan--> plan.json + Markdown --apply--> local Jira Align simulator --plan--> no changes
#
# Usage: scripts/demo.sh [--work DIR] [--no-install] [--build-dir DIR] [--keep] [--verify]
#   --work DIR     where to put the scratch repository, logs and servers' files
#                  (default: a new temporary directory)
#   --no-install   skip scripts/install-deps.sh (packages already present)
#   --keep         leave the work directory in place (it is always printed)
#   --verify       finally check the simulator's whole state (scripts/demo-verify.py)
# Exit 0 when the loop converged (the second plan shows no changes).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="" install=1 keep=0 verify=0 build="$root/build"
while [[ $# -gt 0 ]]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --no-install) install=0; shift ;;
    --build-dir) build=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --verify) verify=1; shift ;;
    *) echo "usage: $0 [--work DIR] [--no-install] [--build-dir DIR] [--keep] [--verify]" >&2; exit 64 ;;
  esac
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [[ $install == 1 ]]; then
  step "Installing Debian packages (skipped when present)"
  "$root/scripts/install-deps.sh"
fi

step "Building alignctl and the Jira Align simulator"
cmake -S "$root" -B "$build" -G Ninja >/dev/null
ninja -C "$build" alignctl jira-align-sim
alignctl="$build/cmd/alignctl"
sim="$build/tests/sim/jira-align-sim"

if [[ -z $work ]]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/alignctl-demo.XXXXXX")
  [[ $keep == 1 ]] || trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
sim_pid=""
cleanup() {
  [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  "$root/scripts/example-directory.sh" stop "$work/ldap" >/dev/null 2>&1 || true
  if [[ $keep == 0 && $work == "${TMPDIR:-/tmp}"/alignctl-demo.* ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
echo "work directory: $work"

step "Starting the example directory (slapd, ~300 people, nested groups, disabled accounts)"
ldap_port=$(free_port)
"$root/scripts/example-directory.sh" start "$work/ldap" "$ldap_port"

step "Creating the access repository (policy + desired state under git)"
repo="$work/access"
mkdir -p "$repo"
git -C "$repo" init -q -b main
sim_port=$(free_port)
sim_url="http://127.0.0.1:$sim_port/rest/align/api/2"
sed -e "s|@SIM_URL@|$sim_url|" -e "s|@LDAP_URL@|ldap://127.0.0.1:$ldap_port|" \
  "$root/examples/demo/alignctl.yaml.in" >"$repo/alignctl.yaml"
export GIT_AUTHOR_NAME="alignctl demo" GIT_AUTHOR_EMAIL="demo@example.com"
export GIT_COMMITTER_NAME="alignctl demo" GIT_COMMITTER_EMAIL="demo@example.com"
git -C "$repo" add alignctl.yaml
git -C "$repo" commit -qm "Policy for the demo"
cd "$repo"

step "alignctl export: the directory group → users.yaml, committed with libgit2"
export ALIGNCTL_LDAP_PASSWORD=reader-secret
"$alignctl" export --policy alignctl.yaml --out users.yaml --commit
git --no-pager log --oneline -n 2
echo "users.yaml: $(grep -c 'externalId:' users.yaml) users; first entries:"
sed -n '1,16p' users.yaml

step "Starting the Jira Align simulator with a tenant that has drifted from the directory"
python3 "$root/scripts/demo-tenant.py" users.yaml "$work/tenant.json"
export ALIGNCTL_TOKEN="demo-token-$RANDOM$RANDOM"
JIRA_ALIGN_SIM_TOKEN=$ALIGNCTL_TOKEN "$sim" --seed "$work/tenant.json" --state "$work/sim-state.json" \
  --port "$sim_port" --side-door >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$sim_port/_sim/health" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "simulator: $sim_url"

step "alignctl doctor: is this instance ready for alignctl as configured? (read-only)"
"$alignctl" doctor --policy alignctl.yaml --desired users.yaml

step "alignctl validate"
"$alignctl" validate --policy alignctl.yaml --desired users.yaml

step "alignctl plan --base HEAD~1 (the Markdown a merge request would show: this change vs drift)"
# As in a merge request that adds users.yaml: --base is the commit before the
# export (no users.yaml there yet), so each action is either this change (with
# the commit and what changed for the person) or drift (Jira Align already
# differs from what was approved there: accounts nobody approved are active).
rc=0
"$alignctl" plan --policy alignctl.yaml --desired git:HEAD:users.yaml --base HEAD~1 --out plan.json \
  --format markdown --detailed-exitcode || rc=$?
[[ $rc == 2 ]] || { echo "demo: expected changes from the first plan (exit 2), got $rc" >&2; exit 1; }

step "alignctl apply (journalled; audit log beside the plan)"
"$alignctl" apply plan.json --policy alignctl.yaml --progress lines

step "alignctl plan again: nothing left to do"
rc=0
"$alignctl" plan --policy alignctl.yaml --desired git:HEAD:users.yaml --detailed-exitcode || rc=$?
if [[ $rc != 0 ]]; then
  echo "demo: the second plan still has changes (exit $rc)" >&2
  exit 1
fi
if [[ $verify == 1 ]]; then
  step "Verifying the simulator's state through its side door"
  curl -sf "http://127.0.0.1:$sim_port/_sim/state" >"$work/final-state.json"
  python3 "$root/scripts/demo-verify.py" users.yaml "$work/tenant.json" "$work/final-state.json"
fi
step "Done: the live tenant matches the directory."
