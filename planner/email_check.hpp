// Users Jira Align would be asked to create, or whose email an update would
// clear, without an email: the API answers 400 "Value for email is invalid",
// so apply would fail on them. `plan` refuses such a plan and `validate`
// refuses such a desired state, naming each user and its line — before
// anything is sent.
#pragma once

#include "planner/plan.hpp"
#include "state/model/desired_state.hpp"
#include "state/util/diagnostic.hpp"

#include <string>
#include <vector>

namespace alignctl {

// One complete sentence per create with an empty email and per update that
// sets the email to "" (`desired` gives the user's file and line).
std::vector<std::string> empty_email_errors(const Plan& plan, const DesiredState& desired);

// For validate (no live users): every desired user with an empty email —
// plan would create it without one, or clear a live user's email — one
// diagnostic at the user's line in `desired_file`. None when the match key is
// the email (an empty key is already refused).
Diagnostics check_desired_emails(const DesiredState& desired, MatchKey match_key,
                                 const std::string& desired_file);

} // namespace alignctl
