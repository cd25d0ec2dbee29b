// `alignctl doctor`'s findings about matching: the shapes of the live
// externalIds (Atlassian account IDs, emails, account names) and, given the
// desired state, how many desired users match a live one under the policy's
// key and under the other — naming the `match.key` that would work. Pure.
#pragma once

#include "planner/doctor/finding.hpp"
#include "planner/policy.hpp"
#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"

#include <vector>

namespace alignctl {

// "external-id-shapes": the share of each shape among the live externalIds.
Finding external_id_shape_finding(const std::vector<LiveUser>& live, const Policy& policy);

// "match": desired users matching a live user under policy.match_key; blocks
// when the account-ID guard of plan would refuse, or when almost none match
// while the other key matches many (naming that key and its count).
Finding match_finding(const DesiredState& desired, const std::vector<LiveUser>& live,
                      const Policy& policy);

} // namespace alignctl
