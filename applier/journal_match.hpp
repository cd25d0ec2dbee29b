// Whether a journal belongs to a plan: the same checksum, and every recorded
// action's index, op and key those of the plan's action. apply checks it
// before resuming, undo before reading the outcomes.
#pragma once

#include "applier/journal.hpp"
#include "planner/plan.hpp"
#include "state/util/result.hpp"

#include <string>

namespace alignctl {

// Config error "J was written for another plan (…), not this one (…); …"
// when the checksums differ; Input error "J: action N (op key) does not match
// the plan" for a record that names another action. An empty journal
// (runs == 0) matches every plan.
Result<void> check_journal_matches(const Plan& plan, const std::string& plan_checksum,
                                   const JournalState& journal, const std::string& journal_name);

} // namespace alignctl
