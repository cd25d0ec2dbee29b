// What `alignctl doctor` reports about the live users: how many, which
// isLocked values (1 called out: it may be the failed-password lockout), how
// many lack externalId or the legacy divisionId/cityId, and how many look
// like the Jira connector's "Integrated Users". Pure.
#pragma once

#include "planner/doctor/finding.hpp"
#include "planner/policy.hpp"
#include "state/model/live_user.hpp"

#include <cstddef>
#include <map>
#include <vector>

namespace alignctl {

struct LiveCensus {
  std::size_t total = 0;
  std::map<int, std::size_t> is_locked; // value → users
  std::size_t without_external_id = 0;
  std::size_t without_division_or_city = 0;
  // No externalId and no divisionId/cityId: how the connector creates users.
  std::size_t connector_like = 0;
  // Of those, how many the policy already ignores by role.
  std::size_t connector_like_ignored = 0;
  std::vector<std::int64_t> connector_like_roles; // their role ids, ascending, once each
};

LiveCensus take_census(const std::vector<LiveUser>& users, const Policy& policy);

// The findings "users", "locked", "legacy-fields", "connector-users" and
// "external-id-missing" for `census` under `policy`.
std::vector<Finding> census_findings(const LiveCensus& census, const Policy& policy);

} // namespace alignctl
