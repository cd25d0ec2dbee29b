#include "applier/undo_outcomes.hpp"

#include "applier/journal_match.hpp"
#include "state/model/live_user_json.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

using nlohmann::json;

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

ActionOutcome outcome_of(const Action& a, const JournalEntry& e) {
  ActionOutcome o;
  switch (e.status) {
  case JournalStatus::Done:
    o.outcome = AppliedOutcome::Done;
    o.user_id = a.op == ActionOp::Create ? e.user_id : a.user_id;
    return o;
  case JournalStatus::Failed:
    // Nothing sent, or an answer that refused the request: no effect.
    if (starts_with(e.error, k_journal_not_sent) || (e.http_status >= 400 && e.http_status < 500)) {
      o.outcome = AppliedOutcome::NotApplied;
      return o;
    }
    o.outcome = AppliedOutcome::Uncertain;
    o.detail = "failed without a definite answer: " + e.error;
    return o;
  case JournalStatus::Started:
    break;
  }
  o.outcome = AppliedOutcome::Uncertain;
  o.detail = "sent, but no outcome recorded: the run was interrupted";
  return o;
}

// Whether `user` holds every field of `values` (API names).
bool holds(const LiveUser& user, const json& values) {
  for (const auto& [field, value] : values.items()) {
    if (live_user_field(user, field) != value) {
      return false;
    }
  }
  return true;
}

// The values of the fields `a` sets, as they were before it (its `before`,
// else its precondition); nullopt when the plan does not record one.
std::optional<json> values_before(const Action& a) {
  json out = json::object();
  for (const auto& [field, unused] : a.after.items()) {
    (void)unused;
    if (a.before.contains(field)) {
      out[field] = a.before[field];
    } else if (a.precondition.contains(field)) {
      out[field] = a.precondition[field];
    } else {
      return std::nullopt;
    }
  }
  return out;
}

} // namespace

Result<std::vector<ActionOutcome>> outcomes_from_journal(const Plan& plan,
                                                         const std::string& plan_checksum,
                                                         const JournalState& journal,
                                                         const std::string& journal_path) {
  if (journal.runs == 0) {
    return make_error(ErrorKind::Input,
                      fmt::format("no journal at {}: the plan was never applied there (give "
                                  "--journal with the journal apply wrote)",
                                  journal_path));
  }
  if (auto m = check_journal_matches(plan, plan_checksum, journal, journal_path); !m) {
    return m.error();
  }
  std::vector<ActionOutcome> out(plan.actions.size());
  for (const auto& [index, entry] : journal.actions) {
    out[index] = outcome_of(plan.actions[index], entry);
  }
  return out;
}

bool open_outcome(const Action& a, const ActionOutcome& o) {
  return o.outcome == AppliedOutcome::Uncertain ||
         (o.outcome == AppliedOutcome::Done && a.op == ActionOp::Create && !o.user_id);
}

bool needs_settling(const Plan& plan, const std::vector<ActionOutcome>& outcomes) {
  for (std::size_t i = 0; i < outcomes.size() && i < plan.actions.size(); ++i) {
    if (open_outcome(plan.actions[i], outcomes[i])) {
      return true;
    }
  }
  return false;
}

TouchedUsers users_to_settle(const Plan& plan, const std::vector<ActionOutcome>& outcomes) {
  return users_of_actions(plan, [&](std::size_t i) {
    return i < outcomes.size() && open_outcome(plan.actions[i], outcomes[i]);
  });
}

void settle_outcomes(const Plan& plan, std::vector<ActionOutcome>& outcomes,
                     const LiveSnapshot& live) {
  for (std::size_t i = 0; i < outcomes.size() && i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    ActionOutcome& o = outcomes[i];
    if (!open_outcome(a, o)) {
      continue;
    }
    if (a.op == ActionOp::Create) {
      const auto& holders = live.with_key(a.key);
      if (holders.size() == 1) {
        o.outcome = AppliedOutcome::Done;
        o.user_id = holders.front().id;
      } else if (holders.empty()) {
        o.outcome = AppliedOutcome::NotApplied;
      } else {
        o.outcome = AppliedOutcome::Uncertain;
        o.detail += fmt::format("; {} users now hold the key", holders.size());
      }
      continue;
    }
    auto it = a.user_id ? live.by_id.find(*a.user_id) : live.by_id.end();
    if (it == live.by_id.end()) {
      o.detail += "; the user no longer exists";
      continue;
    }
    if (holds(it->second, a.after)) {
      o.outcome = AppliedOutcome::Done;
    } else if (auto before = values_before(a); before && holds(it->second, *before)) {
      o.outcome = AppliedOutcome::NotApplied;
    } else {
      o.detail += "; the user holds neither its effect nor the values before it (changed since)";
    }
  }
}

} // namespace alignctl
