#include "applier/preconditions.hpp"

#include "state/model/live_user_json.hpp"

#include <fmt/core.h>
#include <map>

namespace alignctl {

namespace {

using nlohmann::json;

bool journal_touched(const JournalState& journal, std::size_t index) {
  return journal.actions.count(index) != 0;
}

} // namespace

TouchedUsers users_to_check(const Plan& plan, const JournalState& journal) {
  return users_of_actions(plan, [&](std::size_t i) { return !journal.done(i); });
}

std::vector<Drift> check_preconditions(const Plan& plan, const LiveSnapshot& live,
                                       const JournalState& journal) {
  // Values the journal says this run or an earlier one may already have written,
  // per user and field.
  std::map<std::int64_t, std::map<std::string, std::vector<json>>> written;
  for (const auto& [index, entry] : journal.actions) {
    if (index >= plan.actions.size()) {
      continue;
    }
    const Action& a = plan.actions[index];
    if (!a.user_id || !a.after.is_object()) {
      continue;
    }
    for (const auto& [field, value] : a.after.items()) {
      written[*a.user_id][field].push_back(value);
    }
  }
  std::vector<Drift> drifts;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    if (journal.done(i)) {
      continue;
    }
    const auto base = mismatch_of_action<Drift>(i, a);
    if (a.op == ActionOp::Create) {
      const auto& holders = live.with_key(a.key);
      if (!holders.empty() && !journal_touched(journal, i)) {
        drifts.push_back(mismatch_at(base, "exists", false, live_user_ids(holders)));
      }
      continue;
    }
    auto it = a.user_id ? live.by_id.find(*a.user_id) : live.by_id.end();
    if (it == live.by_id.end()) {
      drifts.push_back(
          mismatch_at(base, "id", a.user_id ? json(*a.user_id) : json(nullptr), nullptr));
      continue;
    }
    if (!a.precondition.is_object()) {
      continue;
    }
    for (const auto& [field, expected] : a.precondition.items()) {
      json found = live_user_field(it->second, field);
      if (found.is_discarded()) {
        drifts.push_back(mismatch_at(base, field, expected, "(not a field apply can read)"));
        continue;
      }
      if (found == expected) {
        continue;
      }
      bool own_effect = false;
      auto w = written.find(it->first);
      if (w != written.end()) {
        auto f = w->second.find(field);
        if (f != w->second.end()) {
          for (const json& v : f->second) {
            own_effect = own_effect || v == found;
          }
        }
      }
      if (!own_effect) {
        drifts.push_back(mismatch_at(base, field, expected, found));
      }
    }
  }
  return drifts;
}

std::string describe_drift(const Drift& d, MatchKey key_field) {
  const std::string who = mismatch_subject(d);
  if (d.field == "exists") {
    std::string ids;
    for (const auto& id : d.found) {
      ids += (ids.empty() ? "" : ", ") + id.dump();
    }
    return fmt::format("{}: expected no live user with {} '{}', found id {}", who, key_field, d.key,
                       ids);
  }
  if (d.field == "id") {
    return fmt::format("{}: the user no longer exists", who);
  }
  return fmt::format("{}: {} expected {}, found {}", who, d.field, d.expected.dump(),
                     d.found.dump());
}

} // namespace alignctl
