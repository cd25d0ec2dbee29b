// The checks apply makes on a loaded plan before touching anything, beyond
// those read_plan_file() already made (format version, checksum, signature):
// the plan targets this instance, it is recent enough, and it holds only
// requests apply knows how to send.
#pragma once

#include "planner/plan.hpp"
#include "state/util/result.hpp"

#include <chrono>
#include <string>

namespace alignctl {

// Config error when the plan was made against another Jira Align instance:
// "plan was made for https://a…/api/2, but the configured instance is https://b…/api/2".
// URLs are compared after normalisation (trailing '/' dropped, case-insensitively).
Result<void> check_plan_target(const Plan& plan, const std::string& configured_url);

// Input error when created_at is unreadable; Config error when the plan is older
// than `max_age` at `now` ("plan is 36h old (created …), older than the maximum
// age 24h; re-plan, or raise --max-plan-age"). max_age 0 disables the check.
Result<void> check_plan_age(const Plan& plan, std::chrono::system_clock::time_point now,
                            std::chrono::seconds max_age);

// Input error naming the first action whose request apply cannot send exactly:
// only POST /Users (create, JSON object body) and PATCH /Users/{user_id}
// (JSON Patch array body, the path's id equal to the action's user id).
Result<void> check_plan_requests(const Plan& plan);

} // namespace alignctl
