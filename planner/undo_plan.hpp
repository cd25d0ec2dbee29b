// The pure half of `alignctl undo` (docs/undo.md): an applied plan plus what
// its journal says each action came to → a new, ordinary plan that puts every
// user the apply touched back to the values recorded before it. Reads no
// clock, file, network or journal: the applier turns the journal into
// ActionOutcomes (applier/undo_outcomes.hpp), the command passes the time.
#pragma once

#include "planner/plan.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

// What became of one action of the applied plan.
enum class AppliedOutcome {
  NotApplied, // never sent, or refused by the server: nothing to undo
  Done,       // its effect is in Jira Align
  Uncertain,  // sent, but the outcome is unknown: undo refuses
};

struct ActionOutcome {
  AppliedOutcome outcome = AppliedOutcome::NotApplied;
  std::optional<std::int64_t> user_id; // a done create: the created user's id
  std::string detail;                  // Uncertain: what the journal says, for the message
};

struct UndoContext {
  std::string created_at;    // ISO 8601 UTC, passed in
  std::string tool_version;  // alignctl's version
  std::string plan_path;     // the undone plan, as given
  std::string plan_checksum; // its checksum ("sha256:…")
};

struct UndoOutcome {
  Plan plan;                       // meaningful only when errors is empty
  std::vector<std::string> errors; // each one complete sentence; any error means no plan
  bool ok() const { return errors.empty(); }
};

// One action per touched user, in apply order:
// - created → deactivate (isLocked -1; the API cannot delete);
// - deactivated → reactivate to the old isLocked and userEndDate;
// - reactivated → deactivate to the old isLocked and userEndDate;
// - linked → link back to the old externalId; updated → the old attributes;
// - repaired fields stay repaired (a repair alone gives no action).
// A user with several done actions gets one action restoring all of them.
// Its precondition is what the apply left (the done actions' preconditions
// overlaid with their `after`; for a created user its body and isLocked 0),
// so applying the undo refuses if anyone changed the user since; its `before`
// holds the same values, so an undo can itself be undone.
// Errors: an Uncertain outcome; a done create without the new user's id; a
// field whose old value the plan does not record (plans written before
// `before`, for a reactivation's userEndDate); `outcomes` not one per action.
UndoOutcome build_undo_plan(const Plan& applied, const std::vector<ActionOutcome>& outcomes,
                            const UndoContext& context);

} // namespace alignctl
