// One field of one action whose live value is not what the plan says: before
// the run, a precondition that no longer holds (Drift, preconditions.hpp);
// after it, an `after` value that did not take (VerifyFailure, verify.hpp).
#pragma once

#include "planner/plan.hpp"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

} // namespace alignctl
