// Reading a Jira Align instance's reference data (Regions, Cities,
// CostCenters, Divisions) to check the ids a policy names; shared by
// `validate` and `doctor`.
#pragma once

#include "planner/policy_ids.hpp"
#include "state/jira/jira_align.hpp"

namespace alignctl {

// Every reference list; `divisions` is absent when the site has no
// /Divisions endpoint (404). Throws Fatal naming the list that failed.
ReferenceData fetch_reference(JiraAlign& client);

} // namespace alignctl
