#!/usr/bin/env bash
# e2e: plan --base in a real git repository against the simulator over HTTP.
# main holds the approved desired state (8 people) and the tenant matches it,
# except that one former employee, deactivated long ago, was reactivated by
# hand (through the simulator's side door). A merge-request branch adds 3
# people and removes 2, in two commits by two authors. plan --base main must
# show 5 `change` actions, each with the commit that last changed the person's
# entry, and 1 `drift` action (the hand reactivation, deactivated again) — in
# the JSON, the text and the Markdown — and refuse --base for a plain file.
set -euo pipefail
alignctl=${ALIGNCTL_BIN:?}
sim=${ALIGNCTL_SIM_BIN:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/alignctl-base.XXXXXX")
sim_pid=""
cleanup() {
  [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "base_labels: FAIL: $*" >&2; exit 1; }

repo=$work/access
mkdir -p "$repo"
cd "$repo"
git init -q -b main
git config user.name "Test Setup"
git config user.email setup@example.com

cat >alignctl.yaml <<'POLICY'
jira:
  token_env: E2E_TOKEN
match:
  key: externalId
create: {roleId: 7, costCenterId: 100, divisionId: 200, isExternal: 0}
regions:
  map:
    AMER: {regionId: 1, cityId: 11}
  default: {regionId: 1, cityId: 11}
sync: [firstName, lastName, title, region]
limits: {max_deactivations: 50%}
POLICY

# users.yaml from a list of "id First Last" lines.
write_users() {
  {
    echo "# alignctl desired state"
    echo "version: 1"
    echo "users:"
    while read -r id first last; do
      [[ -z $id ]] && continue
      lower_first=$(echo "$first" | tr 'A-Z' 'a-z')
      lower_last=$(echo "$last" | tr 'A-Z' 'a-z')
      cat <<USER
  - externalId: $id
    firstName: $first
    lastName: $last
    email: $lower_first.$lower_last@corp.example.com
    title: Engineer
    region: AMER
    groups: [JiraAlign-Users]
USER
    done
  } >users.yaml
}

approved="adavis Ann Davis
bkhan Bilal Khan
cjones Carl Jones
dlee Dana Lee
eng Eve Ng
fgarcia Fay Garcia
gwu Gus Wu
hkim Hana Kim"
echo "$approved" | write_users
git add alignctl.yaml users.yaml
git commit -qm "Approved access"

# The tenant: everyone approved is active; ppast left long ago (deactivated).
python3 - "$work/tenant.json" <<'PY'
import json, sys
people = [("adavis", "Ann", "Davis"), ("bkhan", "Bilal", "Khan"), ("cjones", "Carl", "Jones"),
          ("dlee", "Dana", "Lee"), ("eng", "Eve", "Ng"), ("fgarcia", "Fay", "Garcia"),
          ("gwu", "Gus", "Wu"), ("hkim", "Hana", "Kim"), ("ppast", "Pat", "Past")]
users = []
for i, (ext, first, last) in enumerate(people, start=1):
    users.append({"id": i, "externalId": ext, "firstName": first, "lastName": last,
                  "email": f"{first.lower()}.{last.lower()}@corp.example.com",
                  "title": "Engineer", "isLocked": 0, "roleId": 7, "regionId": 1, "cityId": 11,
                  "divisionId": 200, "costCenterId": 100, "company": "Acme", "isExternal": 0})
users[-1]["isLocked"] = -1
users[-1]["userEndDate"] = "2025-06-30T00:00:00Z"
json.dump({"users": users}, open(sys.argv[1], "w"))
PY
echo e2e-token >"$work/token"
"$sim" --seed "$work/tenant.json" --port 0 --port-file "$work/port" --token-file "$work/token" \
  --side-door >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 200); do [[ -s $work/port ]] && break; sleep 0.05; done
[[ -s $work/port ]] || { cat "$work/sim.log" >&2; fail "the simulator did not start"; }
port=$(cat "$work/port")
url="http://127.0.0.1:$port/rest/align/api/2"
export E2E_TOKEN=e2e-token

# Before the merge request: main plans no changes.
rc=0
"$alignctl" plan --policy alignctl.yaml --desired git:main:users.yaml --url "$url" \
  --detailed-exitcode >/dev/null || rc=$?
[[ $rc == 0 ]] || fail "main should plan no changes before the hand edit (exit $rc)"

# Someone reactivates ppast by hand in Jira Align (the simulator's side door).
curl -sf -X POST "http://127.0.0.1:$port/_sim/users" -H 'Content-Type: application/json' -d '{
  "id": 9, "externalId": "ppast", "firstName": "Pat", "lastName": "Past",
  "email": "pat.past@corp.example.com", "title": "Engineer", "isLocked": 0, "roleId": 7,
  "regionId": 1, "cityId": 11, "divisionId": 200, "costCenterId": 100, "company": "Acme",
  "isExternal": 0}' >/dev/null

# The merge request: two commits by two authors.
git checkout -q -b mr
printf '%s\n%s\n' "$approved" "inew Ida New
jnew Jo New
knew Kai New" | write_users
GIT_AUTHOR_NAME="Ida Joiner" GIT_AUTHOR_EMAIL=ida@example.com \
  GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" git commit -qam "Add Ida, Jo and Kai"
join_commit=$(git rev-parse HEAD)
printf '%s\n' "$approved" | grep -v -e '^bkhan ' -e '^fgarcia ' | {
  cat
  printf '%s\n' "inew Ida New" "jnew Jo New" "knew Kai New"
} | write_users
GIT_AUTHOR_NAME="Lee Leaver" GIT_AUTHOR_EMAIL=lee@example.com \
  GIT_AUTHOR_DATE="2026-01-06T11:00:00Z" git commit -qam "Remove Bilal and Fay"
leave_commit=$(git rev-parse HEAD)
main_commit=$(git rev-parse main)

rc=0
"$alignctl" plan --policy alignctl.yaml --desired git:mr:users.yaml --base main --url "$url" \
  --out "$work/plan.json" --markdown-out "$work/plan.md" --detailed-exitcode \
  >"$work/plan.txt" 2>"$work/plan.err" || rc=$?
[[ $rc == 2 ]] || { cat "$work/plan.err" >&2; fail "plan --base should exit 2 (changes), got $rc"; }

python3 - "$work/plan.json" "$join_commit" "$leave_commit" "$main_commit" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
join, leave, main = sys.argv[2:5]
def fail(msg):
    sys.exit("base_labels: FAIL: " + msg)
acts = {(a["op"], a["key"]): a for a in plan["actions"]}
if plan["provenance"].get("base") != {"ref": "main", "commit": main}:
    fail(f"provenance.base is {plan['provenance'].get('base')}")
if plan["summary"].get("labels") != {"change": 5, "drift": 1}:
    fail(f"summary.labels is {plan['summary'].get('labels')}")
want = {("create", "inew"): join, ("create", "jnew"): join, ("create", "knew"): join,
        ("deactivate", "bkhan"): leave, ("deactivate", "fgarcia"): leave}
if set(acts) != set(want) | {("deactivate", "ppast")}:
    fail(f"actions are {sorted(acts)}")
for k, commit in want.items():
    label = acts[k]["label"]
    if label["kind"] != "change":
        fail(f"{k} is {label['kind']}, not change")
    if label.get("commit", {}).get("id") != commit or label.get("history") != "found":
        fail(f"{k}: commit {label.get('commit')} ({label.get('history')}), expected {commit}")
    codes = [r["code"] for r in label["reasons"]]
    expected = ["change.added", "change.joined-group"] if k[0] == "create" else \
               ["change.removed", "change.left-group"]
    if codes != expected:
        fail(f"{k}: reason codes {codes}, expected {expected}")
    if not acts[k].get("who", {}).get("email", "").endswith("@corp.example.com"):
        fail(f"{k}: no who: {acts[k].get('who')}")
author = acts[("create", "jnew")]["label"]["commit"]
if author["author"] != "Ida Joiner" or not author["date"].startswith("2026-01-05"):
    fail(f"commit of jnew: {author}")
drift = acts[("deactivate", "ppast")]
if drift["label"]["kind"] != "drift" or drift["label"]["reasons"][0]["code"] != "drift.planned-at-base":
    fail(f"ppast: {drift['label']}")
if drift["who"] != {"name": "Pat Past", "email": "pat.past@corp.example.com"}:
    fail(f"ppast who: {drift['who']}")
PY

grep -q "#### This change (5)" "$work/plan.md" || fail "Markdown lacks 'This change (5)'"
grep -q "#### Drift (1)" "$work/plan.md" || fail "Markdown lacks 'Drift (1)'"
grep -q "| \`jnew\` | Jo New · jo.new@corp.example.com | new |.*| \`${join_commit:0:12}\` 2026-01-05 Ida Joiner |" \
  "$work/plan.md" || fail "Markdown row of jnew lacks name, email or commit"
[[ $(grep -c "^      change: " "$work/plan.txt") == 5 ]] || fail "text: not 5 change lines"
[[ $(grep -c "^      drift: " "$work/plan.txt") == 1 ]] || fail "text: not 1 drift line"
grep -q "base:          compared with main at ${main_commit:0:12}: 5 from this change, 1 drift" \
  "$work/plan.txt" || fail "text: no base line"
# show renders the saved plan the same way.
"$alignctl" show "$work/plan.json" --format markdown >"$work/show.md"
cmp -s "$work/show.md" "$work/plan.md" || fail "show --format markdown differs from plan's Markdown"

# --base needs the desired state from git; a bad ref is named.
git show mr:users.yaml >"$work/users.yaml"
rc=0
"$alignctl" plan --policy alignctl.yaml --desired "$work/users.yaml" --base main --url "$url" \
  >/dev/null 2>"$work/refused.err" || rc=$?
[[ $rc != 0 && $rc != 2 ]] || fail "--base with a plain file should be refused (exit $rc)"
grep -q "needs the desired state from git" "$work/refused.err" || fail "refusal: $(cat "$work/refused.err")"
rc=0
"$alignctl" plan --policy alignctl.yaml --desired git:mr:users.yaml --base no-such-branch \
  --url "$url" >/dev/null 2>"$work/badref.err" || rc=$?
[[ $rc != 0 && $rc != 2 ]] || fail "--base with an unknown ref should fail (exit $rc)"
grep -q "no-such-branch" "$work/badref.err" || fail "bad ref: $(cat "$work/badref.err")"
echo "base_labels: ok (5 change with their commits, 1 drift)"
