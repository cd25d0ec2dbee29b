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
#include <memory>
#include <string>
#include <vector>

namespace alignctl {

// The bounds of the history walk (docs/plan-format.md "Labels").
inline constexpr std::size_t k_base_history_max_commits = 1000;
inline constexpr std::size_t k_base_history_max_versions = 20;

// One `plan --base REF`: the desired state at REF is read and parsed in the
// background while the live users are fetched, the base is planned in the
// background while the plan itself is reconciled, then the plan is labelled.
class BaseComparison {
public:
  // Starts reading the desired state at `base_ref`. Throws Fatal (usage) when
  // `desired_spec` is not git:REF:PATH.
  BaseComparison(std::string base_ref, const std::string& desired_spec, MatchKey key);
  ~BaseComparison();
  BaseComparison(const BaseComparison&) = delete;
  BaseComparison& operator=(const BaseComparison&) = delete;

  // Starts planning the base against the same live users and policy. The
  // arguments must outlive label().
  void start_plan(const DesiredState& desired, const std::vector<LiveUser>& live,
                  const Policy& policy, const PlanContext& context);

  // Waits for the background work (call before the live users or the
  // context go away, e.g. when planning fails).
  void wait() noexcept;

  // Waits for both, labels every action of `plan` and finds the commits.
  // Throws Fatal when REF cannot be read or planned (a desired state missing
  // at REF counts as empty).
  void label(Plan& plan, const PlanInputs& in);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace alignctl
