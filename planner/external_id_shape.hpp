// What the values of `externalId` look like, and what that means for
// matching. Jira Align sites on Atlassian Guard fill externalId with the
// Atlassian account ID (contract §2 "What externalId holds"); directory
// usernames then match nobody. `plan` and `validate` refuse such a
// configuration (account_id_guard), and `alignctl doctor` reports the shares
// and the match key that would work (count_shapes, count_key_matches).
#pragma once

#include "planner/policy.hpp"
#include "state/model/desired_state.hpp"
#include "state/model/live_user.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

enum class ExternalIdShape {
  Empty,              // absent or ""
  AtlassianAccountId, // "712020:<uuid>" (any numeric prefix) or a 24-hex-digit legacy id
  Email,              // local@domain.tld
  AccountName,        // anything else: a directory account name (sAMAccountName, uid, …)
};

inline constexpr std::size_t k_external_id_shape_count = 4;

// "empty", "Atlassian account ID", "email", "account name".
const char* external_id_shape_name(ExternalIdShape shape);

ExternalIdShape classify_external_id(std::string_view value);

// How many values have each shape.
struct ShapeCounts {
  std::array<std::size_t, k_external_id_shape_count> by_shape{};
  std::size_t total = 0; // every value counted, empty ones included

  std::size_t count(ExternalIdShape shape) const;
  std::size_t non_empty() const { return total - count(ExternalIdShape::Empty); }
  // count(shape) as a share of the non-empty values (0 when there are none).
  double share(ExternalIdShape shape) const;
};

ShapeCounts count_live_external_id_shapes(const std::vector<LiveUser>& live);
ShapeCounts count_desired_external_id_shapes(const DesiredState& desired);

// How many desired users have a live user under each match key (compared
// case-insensitively, as plan does; a desired user with an empty value under
// a key does not match under it).
struct KeyMatchCounts {
  std::size_t desired = 0;
  std::size_t by_external_id = 0;
  std::size_t by_email = 0;
};

KeyMatchCounts count_key_matches(const DesiredState& desired, const std::vector<LiveUser>& live);

// The reason `plan`/`validate` must refuse, or nullopt: the policy matches by
// externalId, most live externalIds look like Atlassian account IDs (or
// emails), and most desired keys do not look like that. The message explains
// the cause and names `match.key: email` with the number of desired users it
// would match.
std::optional<std::string> account_id_guard(const DesiredState& desired,
                                            const std::vector<LiveUser>& live,
                                            const Policy& policy);

} // namespace alignctl
