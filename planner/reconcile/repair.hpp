// Repairs: a PATCH validates the whole record, so a user lacking a legacy
// field (divisionId, cityId, an empty company) gets a Repair filling it from
// the policy's repair values before any other change — or on its own with
// repair.scope: all.
#pragma once

#include "planner/plan.hpp"
#include "planner/policy.hpp"
#include "state/model/live_user.hpp"

#include <optional>
#include <string>
#include <vector>

namespace alignctl {

struct RepairPlan {
  std::optional<Action> action;    // none when nothing needs (or gets) repairing
  std::vector<std::string> errors; // a field is missing and the policy has no value for it
};

// The repair `live` needs before `planned` (its other actions), if any.
RepairPlan plan_repair(const std::string& key, const LiveUser& live,
                       const std::vector<Action>& planned, const Policy& policy);

} // namespace alignctl
