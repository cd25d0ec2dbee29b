#include "applier/verify.hpp"

#include "state/model/live_user_json.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

using nlohmann::json;

std::optional<std::int64_t> known_id(const Action& a,
                                     const std::optional<std::int64_t>& journal_id) {
  return a.op == ActionOp::Create ? journal_id : a.user_id;
}

// Which done action wrote each (user, field) last in apply order: only that
// one's `after` is what the user must show now (a repair's cityId is
// legitimately replaced by a later update's region change).
std::map<std::pair<std::string, std::string>, std::size_t>
last_writers(const Plan& plan, const std::map<std::size_t, std::optional<std::int64_t>>& done) {
  std::map<std::pair<std::string, std::string>, std::size_t> last;
  for (const auto& [index, id] : done) {
    if (index >= plan.actions.size() || !plan.actions[index].after.is_object()) {
      continue;
    }
    const Action& a = plan.actions[index];
    auto uid = known_id(a, id);
    std::string who = uid ? "#" + std::to_string(*uid) : "key:" + a.key;
    for (const auto& item : a.after.items()) {
      auto [it, fresh] = last.emplace(std::pair{who, item.key()}, index);
      const Action& prev = plan.actions[it->second];
      if (!fresh &&
          std::pair{apply_rank(prev.op), it->second} < std::pair{apply_rank(a.op), index}) {
        it->second = index;
      }
    }
  }
  return last;
}

} // namespace

TouchedUsers users_to_verify(const Plan& plan,
                             const std::map<std::size_t, std::optional<std::int64_t>>& done) {
  TouchedUsers t;
  for (const auto& [index, id] : done) {
    if (index >= plan.actions.size()) {
      continue;
    }
    const Action& a = plan.actions[index];
    if (auto uid = known_id(a, id)) {
      t.ids.insert(*uid);
    } else {
      t.keys.insert(a.key);
    }
  }
  return t;
}

std::vector<VerifyFailure>
verify_actions(const Plan& plan, const std::map<std::size_t, std::optional<std::int64_t>>& done,
               const LiveSnapshot& live) {
  std::vector<VerifyFailure> failures;
  const auto last = last_writers(plan, done);
  for (const auto& [index, id] : done) {
    if (index >= plan.actions.size()) {
      continue;
    }
    const Action& a = plan.actions[index];
    auto base = mismatch_of_action<VerifyFailure>(index, a);
    base.user_id = known_id(a, id);
    const LiveUser* user = nullptr;
    if (base.user_id) {
      auto it = live.by_id.find(*base.user_id);
      user = it == live.by_id.end() ? nullptr : &it->second;
    } else {
      const auto& holders = live.with_key(a.key);
      if (holders.size() == 1) {
        user = &holders.front();
        base.user_id = user->id;
      } else if (holders.size() > 1) {
        failures.push_back(mismatch_at(base, "", "one user", live_user_ids(holders)));
        continue;
      }
    }
    if (user == nullptr) {
      failures.push_back(mismatch_at(base, "", "the user exists", nullptr));
      continue;
    }
    if (!a.after.is_object()) {
      continue;
    }
    const auto uid = known_id(a, id);
    const std::string who = uid ? "#" + std::to_string(*uid) : "key:" + a.key;
    for (const auto& [field, expected] : a.after.items()) {
      if (auto w = last.find({who, field}); w != last.end() && w->second != index) {
        continue; // a later action of this plan set the field again
      }
      json found = live_user_field(*user, field);
      if (found.is_discarded() || found == expected) {
        continue;
      }
      failures.push_back(mismatch_at(base, field, expected, found));
    }
  }
  return failures;
}

std::string describe_verify_failure(const VerifyFailure& f) {
  const std::string who = mismatch_subject(f);
  if (f.field.empty()) {
    if (f.found.is_array()) {
      return fmt::format("{}: expected one user with the key, found ids {}", who, f.found.dump());
    }
    return fmt::format("{}: the user is not there", who);
  }
  return fmt::format("{}: {} expected {}, found {} (the write was accepted but did not take)", who,
                     f.field, f.expected.dump(), f.found.dump());
}

} // namespace alignctl
