// Which live users the policy leaves alone, and why (the text of the notice):
// ignored (ignored.roleIds) and protected (protected.externalIds, .patterns,
// .roleIds). rules.cpp decides in which order they are asked.
#pragma once

#include "planner/policy.hpp"
#include "state/model/live_user.hpp"

#include <string>

namespace alignctl {

// Why the policy ignores the user, or "" when it does not.
std::string ignored_reason(const LiveUser& user, const Policy& policy);

// Why the policy protects the user, or "" when it does not.
std::string protected_reason(const LiveUser& user, const Policy& policy);

} // namespace alignctl
