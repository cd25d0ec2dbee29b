// The plan file: the only code that reads or writes it (STYLE.md §4).
// Format: docs/plan-format.md. JSON; versioned; self-contained; a checksum over
// the content; an HMAC-SHA256 signature when a signing key is given. Never a
// token. Deterministic: the same Plan gives the same bytes.
#pragma once

#include "planner/plan.hpp"
#include "state/util/input_limits.hpp"
#include "state/util/result.hpp"
#include "state/util/secret.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

inline constexpr const char* k_plan_format_name = "alignctl-plan";
inline constexpr int k_plan_format_version = 1;

// Serialises `plan` (with its summary counts and checksum, and a signature
// when `signing_key` is given).
std::string write_plan_file(const Plan& plan, const std::optional<Secret>& signing_key);

struct LoadedPlan {
  Plan plan;
  std::string checksum; // "sha256:<hex>" over the content; identifies the plan (journals key on it)
  bool signed_plan = false;
};

// Parses and checks a plan file. Each refusal has its own message, e.g.
// "plan file: unknown format version 2 (this alignctl reads version 1)",
// "plan file: checksum mismatch — the file was altered after it was written",
// "plan file: not signed, but a signing key is configured",
// "plan file: bad signature — signed with another key, or altered".
// Hostile input is refused the same way: over k_max_plan_file_bytes, JSON
// nested deeper than k_max_json_depth, a number JSON cannot hold (1e400), a
// field of the wrong type or an id beyond 64 bits.
// `source` names the file in messages.
Result<LoadedPlan> read_plan_file(std::string_view text, const std::string& source,
                                  const std::optional<Secret>& signing_key);

} // namespace alignctl
