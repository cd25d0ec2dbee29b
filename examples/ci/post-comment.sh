#!/usr/bin/env bash
# Posts alignctl's plan Markdown as ONE comment per merge request: the first
# run adds it, every later push updates that same comment in place (found by
# the hidden marker on its first line), so the review thread holds one
# current plan instead of one per push. The comment names the commit planned.
#
#   post-comment.sh gitlab|github PLAN_MD COMMIT
#
# GitLab (merge request notes API), variables as GitLab CI sets them:
#   CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID; GITLAB_API_TOKEN (api scope)
# GitHub (issue comments API; a pull request is an issue):
#   GITHUB_API_URL (default https://api.github.com), GITHUB_REPOSITORY,
#   PR_NUMBER; GH_TOKEN (the workflow's token, pull-requests: write)
# Optional: PIPELINE_URL, linked beside the commit.
#
# Needs bash, curl and jq. Only a comment whose body STARTS with the marker is
# updated: a reply quoting it (which starts with "> ") is left alone, and the
# plan's own Markdown never contains "<" (alignctl escapes it), so no plan
# can forge the marker.
set -euo pipefail

readonly MARKER='<!-- alignctl-plan -->'
readonly MAX_PAGES=50 # 100 comments a page: far beyond any merge request

die() {
  echo "post-comment: $*" >&2
  exit 1
}

[ "$#" -eq 3 ] || die "usage: post-comment.sh gitlab|github PLAN_MD COMMIT"
forge=$1
plan_md=$2
commit=$3
[ -r "$plan_md" ] || die "cannot read $plan_md"
[ -n "$commit" ] || die "no commit given"

case "$forge" in
gitlab)
  : "${CI_API_V4_URL:?}" "${CI_PROJECT_ID:?}" "${CI_MERGE_REQUEST_IID:?}" "${GITLAB_API_TOKEN:?}"
  base="${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/merge_requests/${CI_MERGE_REQUEST_IID}/notes"
  auth="PRIVATE-TOKEN: ${GITLAB_API_TOKEN}"
  list_url="${base}?per_page=100&sort=asc&page="
  create_method=POST
  create_url=$base
  update_method=PUT
  update_url="${base}/"
  ;;
github)
  : "${GITHUB_REPOSITORY:?}" "${PR_NUMBER:?}" "${GH_TOKEN:?}"
  api=${GITHUB_API_URL:-https://api.github.com}
  auth="Authorization: Bearer ${GH_TOKEN}"
  list_url="${api}/repos/${GITHUB_REPOSITORY}/issues/${PR_NUMBER}/comments?per_page=100&page="
  create_method=POST
  create_url="${api}/repos/${GITHUB_REPOSITORY}/issues/${PR_NUMBER}/comments"
  update_method=PATCH
  update_url="${api}/repos/${GITHUB_REPOSITORY}/issues/comments/"
  ;;
*) die "forge must be gitlab or github, not '$forge'" ;;
esac

# The token goes to curl through a header file, never on its command line.
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
printf '%s\n' "$auth" "Accept: application/json" "Content-Type: application/json" >"$headers"

api_call() { # METHOD URL [BODY_JSON on stdin]
  curl --silent --show-error --fail --header "@${headers}" --request "$1" "$2" "${@:3}"
}

# The id of the first comment whose body starts with the marker, or "".
find_comment() {
  local page=1 comments id
  while [ "$page" -le "$MAX_PAGES" ]; do
    comments=$(api_call GET "${list_url}${page}")
    id=$(jq -r --arg m "$MARKER" \
      'map(select((.body // "") | startswith($m))) | first | .id // empty' <<<"$comments")
    if [ -n "$id" ]; then
      echo "$id"
      return
    fi
    [ "$(jq 'length' <<<"$comments")" -eq 100 ] || return 0
    page=$((page + 1))
  done
}

planned="Planned commit \`${commit}\`"
if [ -n "${PIPELINE_URL:-}" ]; then
  planned="${planned} ([pipeline](${PIPELINE_URL}))"
fi
payload=$(jq -n --arg marker "$MARKER" --arg planned "$planned" --rawfile plan "$plan_md" \
  '{body: ($marker + "\n" + $planned + " — this comment is updated on every push.\n\n" + $plan)}')

id=$(find_comment)
if [ -n "$id" ]; then
  api_call "$update_method" "${update_url}${id}" --data-binary @- <<<"$payload" >/dev/null
  echo "post-comment: updated comment $id (commit $commit)"
else
  id=$(api_call "$create_method" "$create_url" --data-binary @- <<<"$payload" | jq -r '.id')
  echo "post-comment: added comment $id (commit $commit)"
fi
