// The probes of `alignctl doctor` that talk HTTP: which auth scheme the
// instance takes, what it does with $orderby=id (the listing mode alignctl
// will use) and with $top=101 (the page cap). Each returns a Finding
// (planner/doctor/finding.hpp); all are read-only GETs.
#pragma once

#include "planner/doctor/finding.hpp"
#include "state/jira/client_config.hpp"
#include "state/jira/jira_align.hpp"

#include <vector>

namespace alignctl {

// "auth" and, when the token is accepted, "orderby". When the configured
// scheme gets 401, the other scheme is tried with the same token (Basic only
// when an email is configured) so the fix can name the working one. The
// "auth" finding blocks when no scheme works.
std::vector<Finding> probe_auth_and_orderby(JiraAlign& client, const ClientConfig& config);

// "page-cap": what GET /Users?$top=101 answered.
Finding probe_page_cap_finding(JiraAlign& client, std::size_t live_users);

} // namespace alignctl
