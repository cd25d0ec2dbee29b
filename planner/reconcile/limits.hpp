// The safety limits (limits.max_deactivations, limits.max_creates): a plan
// that would exceed one is refused, naming the limit, the count and how to
// raise it.
#pragma once

#include "planner/plan.hpp"
#include "planner/policy.hpp"

#include <string>
#include <vector>

namespace alignctl {

// One error per limit exceeded; `managed_active` is what percentages are of.
std::vector<std::string> limit_errors(const std::vector<Action>& actions, const Policy& policy,
                                      int managed_active);

} // namespace alignctl
