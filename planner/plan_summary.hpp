// Counting a plan's actions by op and its notices by kind: the summary the
// plan file records and every renderer shows first.
#pragma once

#include "planner/plan.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace alignctl {

struct PlanSummary {
  // Every op in apply order, with its count (zero counts included).
  std::vector<std::pair<ActionOp, std::size_t>> actions;
  std::size_t total_actions = 0;
  // "ignored", "protected", "unmatched" (always present), then any other kind.
  std::vector<std::pair<std::string, std::size_t>> notices;
  // plan --base: actions labelled change and drift (`labelled` when any is).
  bool labelled = false;
  std::size_t change = 0;
  std::size_t drift = 0;
  bool has_changes() const { return total_actions > 0; }
};

PlanSummary summarize(const Plan& plan);

// Every ActionOp in apply order.
const std::vector<ActionOp>& all_action_ops();

} // namespace alignctl
