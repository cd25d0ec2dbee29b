// What an export changes against the existing desired-state file: who joins,
// who leaves, whose attributes change — for the safety checks (refuse an
// empty or sharply shrunk result), the --check report and the commit message.
#pragma once

#include "state/model/desired_state.hpp"
#include "state/util/result.hpp"

#include <string>
#include <vector>

namespace alignctl {

struct ExportChange {
  std::size_t before = 0;           // users in the existing file
  std::size_t after = 0;            // users in the new export
  std::vector<std::string> joins;   // keys, sorted
  std::vector<std::string> leaves;  // keys, sorted
  std::vector<std::string> updates; // keys whose fields or groups changed, sorted
  bool empty() const { return joins.empty() && leaves.empty() && updates.empty(); }
};

// Compares by key (case-insensitively, as the policy does).
ExportChange compare_desired_states(const DesiredState& before, const DesiredState& after);

struct SafetyLimits {
  bool allow_empty = false;
  bool allow_shrink = false;
  double max_shrink = 0.20; // share of the existing users that may leave in one export
};

// Refuses (Input error with the figures and the flag that overrides) an
// export with no users, or one where more than max_shrink of the existing
// users leave.
Result<void> check_export_safety(const ExportChange& change, const SafetyLimits& limits);

// "export: 3 join, 1 leave, 2 updated (300 users)" + a body naming them
// (each list capped at `cap` names, then "… and N more") and the source.
std::string export_commit_message(const ExportChange& change, const std::string& source,
                                  std::size_t cap = 50);

// Who joins, leaves, is updated: "Join (3): a, b, c\nLeave (1): d\n" (each
// list capped at `cap` names, then "… and N more"; "" when nothing changes).
std::string export_change_names(const ExportChange& change, std::size_t cap);

// One line for people: "300 users: 3 join, 1 leave, 2 updated".
std::string export_change_summary(const ExportChange& change);

} // namespace alignctl
