// One field of one action whose live value is not what the plan says: before
// the run, a precondition that no longer holds (Drift, preconditions.hpp);
// after it, an `after` value that did not take (VerifyFailure, verify.hpp).
#pragma once

#include "planner/plan.hpp"
#include "state/model/live_user.hpp"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

struct FieldMismatch {
  std::size_t index = 0; // the action's position in the plan
  ActionOp op = ActionOp::Update;
  std::string key;
  std::optional<std::int64_t> user_id;
  // API field name. Drift: "exists" for creates, "id" for a vanished user.
  // VerifyFailure: "" when the user itself is missing.
  std::string field;
  nlohmann::json expected; // as the plan records it (precondition or after)
  nlohmann::json found;    // as read now (null when absent)
};

// "update bob (id 4)", or "create ann" when no id is known: whom it concerns.
std::string mismatch_subject(const FieldMismatch& m);

// A mismatch (Drift or VerifyFailure) of the plan's action at `index`, its
// field not named yet.
template <class M> M mismatch_of_action(std::size_t index, const Action& a) {
  M m;
  m.index = index;
  m.op = a.op;
  m.key = a.key;
  m.user_id = a.user_id;
  return m;
}

// `base` (same action) about `field`: `expected`, but `found`.
template <class M>
M mismatch_at(const M& base, std::string field, nlohmann::json expected, nlohmann::json found) {
  M m = base;
  m.field = std::move(field);
  m.expected = std::move(expected);
  m.found = std::move(found);
  return m;
}

// The ids of `users` as a JSON array: what is found when several live users
// hold one key.
nlohmann::json live_user_ids(const std::vector<LiveUser>& users);

} // namespace alignctl
