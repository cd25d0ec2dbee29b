// The order of a plan's actions and notices (the header contract of
// reconcile()): one user's actions in apply order with preconditions trimmed,
// then the whole plan sorted by apply order, key and id.
#pragma once

#include "planner/plan.hpp"

#include <vector>

namespace alignctl {

// Appends one user's actions to `out` in apply order, dropping from each
// precondition the fields an earlier action of the same user changes (so no
// action depends on a value the plan itself changes), and taking the `before`
// of such a field from that earlier action's `after`.
void append_user_actions(std::vector<Action> user_actions, std::vector<Action>& out);

// Actions by apply order, then key (case-insensitively), then key, then id;
// notices by kind name, then the same.
void sort_plan(Plan& plan);

} // namespace alignctl
