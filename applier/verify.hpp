// Verification after apply: the API answers 204 to writes it ignores, so the
// applier reads the touched users back and compares them with each done
// action's `after`.
#pragma once

#include "applier/field_mismatch.hpp"
#include "applier/live_snapshot.hpp"
#include "planner/plan.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace alignctl {

// One action whose effect is not visible.
// One `after` value that did not take (FieldMismatch; field "" when the
// user itself is missing).
struct VerifyFailure : FieldMismatch {};

// The users to read back for `done` actions (index → the user id known for it;
// creates may have none and are looked up by key).
TouchedUsers users_to_verify(const Plan& plan,
                             const std::map<std::size_t, std::optional<std::int64_t>>& done);

// Compares every done action's `after` with the live users. A create must be
// found by its id, or else by its key (exactly one live user). Fields of
// `after` that LiveUser does not hold are not checked.
std::vector<VerifyFailure>
verify_actions(const Plan& plan, const std::map<std::size_t, std::optional<std::int64_t>>& done,
               const LiveSnapshot& live);

// "update jdoe (id 812): title expected \"Dev\", found \"QA\"" — one line.
std::string describe_verify_failure(const VerifyFailure& f);

} // namespace alignctl
