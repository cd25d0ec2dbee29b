// The update of a managed user: the attributes the policy syncs (names, email,
// title, region and city, role with roles.enforce: always) and, with
// login_dates: fix, the dates that block login — each a field of one PATCH.
#pragma once

#include "planner/login_dates.hpp"
#include "planner/plan.hpp"
#include "planner/policy.hpp"
#include "planner/reconcile/placement.hpp"
#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"

#include <optional>
#include <string>

namespace alignctl {

struct UpdatePlan {
  std::optional<Action> action; // none when nothing differs
  bool region_unmapped = false; // region synced but not mappable: an error, no action
};

// `fix` lists the login blocks to clear (empty unless login_dates: fix); `now`
// is the plan's created_at.
UpdatePlan plan_update(const DesiredUser& desired, const LiveUser& live, const LoginBlock& fix,
                       const Policy& policy, const Placement& placement, const std::string& now);

} // namespace alignctl
