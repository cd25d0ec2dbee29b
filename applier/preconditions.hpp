// Stale-plan detection: compare each pending action's recorded precondition
// with the live state just read. Any difference refuses the whole plan.
#pragma once

#include "applier/field_mismatch.hpp"
#include "applier/journal.hpp"
#include "applier/live_snapshot.hpp"
#include "planner/plan.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

// One field of one action that no longer holds.
struct Drift : FieldMismatch {};

// What the applier reads to check the pending actions: their user ids, and the
// keys of their creates. Actions done in the journal are left out.
TouchedUsers users_to_check(const Plan& plan, const JournalState& journal);

// The drifts of every action not "done" in the journal, in plan order.
// - create ({"exists": false}): drift when a live user holds the key
//   (case-insensitively), unless the journal shows this create was started —
//   then that user is the create's own effect (the applier records it done).
// - other actions: drift when the user no longer exists, or a recorded field
//   differs — except when the value found is the `after` of an action on the
//   same user the journal shows started or done (its effect, seen on resume).
std::vector<Drift> check_preconditions(const Plan& plan, const LiveSnapshot& live,
                                       const JournalState& journal);

// "deactivate jdoe (id 812): isLocked expected 0, found -1" — one line.
std::string describe_drift(const Drift& d, MatchKey key_field);

} // namespace alignctl
