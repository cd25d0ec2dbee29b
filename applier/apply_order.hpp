// The order in which apply executes actions: repairs first (later PATCHes need
// the legacy fields), then revocations before grants, then attribute updates.
#pragma once

#include "planner/plan.hpp"

namespace alignctl {

// Lower runs earlier. Repair 0, Deactivate 1, Reactivate 2, Create 3, Link 4, Update 5.
int apply_rank(ActionOp op);

} // namespace alignctl
