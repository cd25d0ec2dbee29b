// What `alignctl undo` learns from an applied plan's journal (docs/undo.md):
// which actions are done (with the ids of created users), which never took
// effect, and which the journal leaves open — sent, but no outcome recorded
// (a killed run) or an answer that did not say. The open ones are settled by
// reading the users they touched, by the rules apply itself follows on resume.
#pragma once

#include "applier/journal.hpp"
#include "applier/live_snapshot.hpp"
#include "planner/plan.hpp"
#include "planner/undo_plan.hpp"
#include "state/util/result.hpp"

#include <string>
#include <vector>

namespace alignctl {

// One outcome per action of `plan`:
// - no record → NotApplied;
// - "done" → Done (a create with the journal's user id, possibly none);
// - "failed" with nothing sent, or refused by the server (4xx) → NotApplied;
// - "started" only, or "failed" without a definite answer (timeout, 5xx,
//   "outcome unknown") → Uncertain.
// Input error when the journal is not this plan's: none (runs == 0), another
// plan's checksum, or a record whose index, op or key does not match the plan.
Result<std::vector<ActionOutcome>> outcomes_from_journal(const Plan& plan,
                                                         const std::string& plan_checksum,
                                                         const JournalState& journal,
                                                         const std::string& journal_path);

// The users to read to settle the Uncertain outcomes (and done creates
// without an id): their ids, and the keys of their creates.
TouchedUsers users_to_settle(const Plan& plan, const std::vector<ActionOutcome>& outcomes);

// Settles what it can with the users just read:
// - a PATCH whose `after` values the user holds → Done; whose values before
//   it the user still holds → NotApplied; anything else stays Uncertain (the
//   user was changed since, or is gone);
// - a create: exactly one user holding its key → Done with that id (as apply
//   does on resume: nobody held the key when the plan was checked); nobody →
//   NotApplied; several → stays Uncertain.
void settle_outcomes(const Plan& plan, std::vector<ActionOutcome>& outcomes,
                     const LiveSnapshot& live);

// Whether the outcome of `action` is open: Uncertain, or a done create
// without the new user's id.
bool open_outcome(const Action& action, const ActionOutcome& outcome);

// Whether any outcome is open.
bool needs_settling(const Plan& plan, const std::vector<ActionOutcome>& outcomes);

} // namespace alignctl
