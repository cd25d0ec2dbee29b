// Checking the ids a policy names against a Jira Align instance's reference
// data (for `validate`): regions, cities (and that each city belongs to the
// region it is paired with), cost centers, divisions. Pure: the caller fetches.
#pragma once

#include "planner/policy.hpp"
#include "state/model/reference.hpp"
#include "state/util/diagnostic.hpp"

#include <optional>
#include <vector>

namespace alignctl {

struct ReferenceData {
  std::vector<RefItem> regions;
  std::vector<RefItem> cities;
  std::vector<RefItem> cost_centers;
  std::optional<std::vector<RefItem>> divisions; // absent: the site has no /Divisions (404)
};

// One diagnostic per id the instance does not have, at the id's position in
// the policy file, e.g. "alignctl.yaml:14:33: error: regions.map.EMEA.cityId 99
// is not a city in Jira Align (GET /Cities)". Role ids cannot be checked (the
// API has no roles endpoint).
Diagnostics check_policy_ids(const Policy& policy, const ReferenceData& reference);

} // namespace alignctl
