#!/usr/bin/env bash
# The example pipelines' merge-request comment (examples/ci/post-comment.sh)
# against a local stand-in of the GitLab notes and GitHub issue-comments APIs
# (tests/e2e/comment_api_stub.py): the first push adds one comment, a second
# push updates that comment in place (no second one), the comment names the
# commit planned, lists longer than a page are searched, and a reviewer's
# reply quoting the comment is left alone. Then the pipelines themselves:
# they parse, call the script with the commit, and run the GitHub jobs that
# install the Debian 12 package in a debian:12 container.
set -euo pipefail
: "${ALIGNCTL_SOURCE_DIR:?set by ctest}"
src=$ALIGNCTL_SOURCE_DIR
script="$src/examples/ci/post-comment.sh"
work=$(mktemp -d)
stub_pid=""
cleanup() {
  if [ -n "$stub_pid" ]; then kill "$stub_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "ci_comment: FAIL: $*" >&2
  exit 1
}
for tool in curl jq python3; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done

# 0. The script is shellcheck-clean (when shellcheck is installed).
if command -v shellcheck >/dev/null; then
  shellcheck "$script" || fail "shellcheck: examples/ci/post-comment.sh"
fi

# 1. The stub, with 150 unrelated comments (two pages) before ours.
python3 "$src/tests/e2e/comment_api_stub.py" "$work/port" 150 &
stub_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || fail "the stub did not start"
base="http://127.0.0.1:$(cat "$work/port")"
state() { curl -sf "$base/_state"; }

printf '### alignctl plan: 1 to create\n\nfirst push\n' >"$work/plan1.md"
printf '### alignctl plan: 2 to create\n\nsecond push\n' >"$work/plan2.md"

check_thread() { # FORGE UPDATE_METHOD
  local forge=$1 update=$2 s ours
  s=$(state)
  ours=$(jq --arg f "$forge" '[.threads[$f][] | select(.body | startswith("<!-- alignctl-plan -->"))]' <<<"$s")
  [ "$(jq length <<<"$ours")" -eq 1 ] || fail "$forge: expected one alignctl comment, got $ours"
  jq -e '.[0].body | contains("Planned commit `bbbbbbb2`") and contains("second push")' \
    <<<"$ours" >/dev/null || fail "$forge: the comment was not updated to the second push: $ours"
  jq -e '.[0].body | contains("first push") | not' <<<"$ours" >/dev/null ||
    fail "$forge: the first plan is still in the comment"
  [ "$(jq --arg f "$forge" '.threads[$f] | length' <<<"$s")" -eq 152 ] ||
    fail "$forge: expected 152 comments (150 + the quoting reply + ours)"
  jq -e --arg f "$forge" '.threads[$f][150].body | startswith("> <!-- alignctl-plan -->")' \
    <<<"$s" >/dev/null || fail "$forge: the quoting reply was changed"
  [ "$(jq -c --arg f "$forge" '[.writes[] | select(.forge == $f) | .method]' <<<"$s")" = \
    "[\"POST\",\"$update\"]" ] || fail "$forge: expected one POST then one $update"
}

# 2. GitLab: notes API.
(
  export CI_API_V4_URL="$base/api/v4" CI_PROJECT_ID=7 CI_MERGE_REQUEST_IID=3
  export GITLAB_API_TOKEN=stub-token
  out=$(bash "$script" gitlab "$work/plan1.md" aaaaaaa1)
  grep -q "added comment" <<<"$out" || fail "gitlab: first push: $out"
  out=$(bash "$script" gitlab "$work/plan2.md" bbbbbbb2)
  grep -q "updated comment" <<<"$out" || fail "gitlab: second push: $out"
  # A wrong token is an error, not a silent success.
  if GITLAB_API_TOKEN=wrong bash "$script" gitlab "$work/plan2.md" ccc 2>/dev/null; then
    fail "gitlab: a refused token was not an error"
  fi
)
check_thread gitlab PUT

# 3. GitHub: issue comments API.
(
  export GITHUB_API_URL="$base" GITHUB_REPOSITORY=acme/access PR_NUMBER=3 GH_TOKEN=stub-token
  bash "$script" github "$work/plan1.md" aaaaaaa1 >/dev/null
  bash "$script" github "$work/plan2.md" bbbbbbb2 >/dev/null
)
check_thread github PATCH

# 4. The pipelines use the script, name the commit, plan with --base on full
#    history, and run where the package installs.
python3 - "$src/examples/ci" <<'PY' || fail "examples/ci pipelines (above)"
import pathlib, sys, yaml
ci = pathlib.Path(sys.argv[1])
problems = []
gitlab = yaml.safe_load((ci / "gitlab-ci.yml").read_text())
plan = "\n".join(gitlab["plan"]["script"])
if "post-comment.sh gitlab plan.md" not in plan or "CI_COMMIT_SHA" not in plan:
    problems.append("gitlab plan job: must post with post-comment.sh gitlab plan.md $CI_COMMIT_SHA")
if "/notes\"" in plan:
    problems.append("gitlab plan job: still POSTs a new note itself")
if "--base" not in plan or str(gitlab["plan"].get("variables", {}).get("GIT_DEPTH")) != "0":
    problems.append("gitlab plan job: must plan with --base (target branch) on full history (GIT_DEPTH: 0)")
if gitlab["default"]["image"] != "debian:12":
    problems.append("gitlab: jobs must run in debian:12 (the package is built for it)")
for name in ("access-plan.yml", "access-apply.yml"):
    wf = yaml.safe_load((ci / "github" / name).read_text())
    for job_name, job in wf["jobs"].items():
        text = yaml.safe_dump(job)
        if "alignctl_" in text and job.get("container") != "debian:12":
            problems.append(f"{name}: job {job_name} installs the .deb outside a debian:12 container")
        if "sudo " in text:
            problems.append(f"{name}: job {job_name} uses sudo (a container job runs as root)")
        if "gh pr comment" in text:
            problems.append(f"{name}: job {job_name} adds a new comment on every push")
plan_wf = (ci / "github" / "access-plan.yml").read_text()
plan_steps = yaml.safe_load(plan_wf)["jobs"]["plan"]["steps"]
checkout = [st for st in plan_steps if str(st.get("uses", "")).startswith("actions/checkout")]
if "--base" not in plan_wf or not checkout or checkout[0].get("with", {}).get("fetch-depth") != 0:
    problems.append("access-plan.yml: must plan with --base on a full-history checkout (fetch-depth: 0)")
if "post-comment.sh github plan.md" not in plan_wf or "pull_request.head.sha" not in plan_wf:
    problems.append("access-plan.yml: must post with post-comment.sh github plan.md <head sha>")
for p in problems:
    print("ci_comment:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo "ci_comment: ok (gitlab and github: one comment, updated in place; pipelines checked)"
