// plan --base REF: reads the desired state at REF (git), plans it against the
// same live users and policy, labels each action change or drift
// (planner/change_label) and finds, through libgit2, the commit that last
// changed each changed user's entry — walking at most a bounded number of
// commits and file versions. cmd/ only.
#pragma once

#include "cmd/plan_inputs.hpp"
#include "planner/reconcile.hpp"
#include "state/model/live_user.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace alignctl {

// The bounds of the history walk (docs/plan-format.md "Labels").
inline constexpr std::size_t k_base_history_max_commits = 1000;
inline constexpr std::size_t k_base_history_max_versions = 20;

// Labels `plan` (reconciled from `in` and `live` with `context`) against the
// desired state at `base_ref`. Throws Fatal (usage) when the desired state is
// not read from git, and Fatal when REF cannot be read or planned. A desired
// state missing at REF counts as empty.
void label_plan_against_base(Plan& plan, const std::string& base_ref,
                             const std::string& desired_spec, const PlanInputs& in,
                             const std::vector<LiveUser>& live, const PlanContext& context);

} // namespace alignctl
