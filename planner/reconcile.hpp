// reconcile: the pure heart of `plan`. (desired state, live users, policy,
// context) → Plan, or the list of reasons there can be no plan. Reads no clock,
// file, network or repository. The rules are described in docs/policy.md
// ("How plan decides").
#pragma once

#include "planner/plan.hpp"
#include "planner/policy.hpp"
#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"
#include "state/util/diagnostic.hpp"

#include <string>
#include <vector>

namespace alignctl {

// What the caller knows and the planner must not look up itself.
struct PlanContext {
  std::string created_at;   // ISO 8601 UTC
  std::string target_url;   // the API base the live users came from
  Provenance provenance;    // where desired state and policy came from, hashed
  std::string tool_version; // alignctl's version
  // `plan --target`: plan only the users with these match-key values
  // (compared case-insensitively); empty: every user.
  std::vector<std::string> targets;
};

struct PlanOutcome {
  Plan plan;                       // meaningful only when errors is empty
  std::vector<std::string> errors; // each one complete sentence; any error means no plan
  bool ok() const { return errors.empty(); }
};

// Computes the plan. Errors (no plan): an empty desired state unless
// limits.allow_empty_desired; duplicate keys in the desired state or among live
// users (case-insensitively, naming both); an email matching several keyless
// live users; a desired user whose email belongs to a live user with another
// key; an unmapped region where one is needed; a legacy field a PATCH needs but
// the policy has no repair value for; a safety limit exceeded (naming the
// limit, the count and how to raise it); a target (context.targets) that is
// the key of no desired and no live user. With targets, only the targeted
// users get actions and notices, but every check above still covers every
// user, and a percentage limit is still of all managed active users. Actions
// are sorted by apply order,
// then key (case-insensitively), then id; notices by kind, then key.
PlanOutcome reconcile(const DesiredState& desired, const std::vector<LiveUser>& live,
                      const Policy& policy, const PlanContext& context);

// Checks a desired state against a policy without live data (for `validate`):
// region values the policy cannot map. One diagnostic per user, located at
// the user's line in `desired_file`.
Diagnostics check_desired_against_policy(const DesiredState& desired, const Policy& policy,
                                         const std::string& desired_file);

} // namespace alignctl
