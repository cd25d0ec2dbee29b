// Completing a DirectoryConfig of type entra (Microsoft Entra ID through
// Microsoft Graph): the attribute defaults, the page size Graph allows, the
// authority and Graph URLs, and the settings every export needs.
#pragma once

#include "state/model/directory_config.hpp"
#include "state/util/result.hpp"

namespace alignctl {

// Graph's largest page for transitiveMembers ($top).
inline constexpr int k_graph_max_page = 999;

// Fills the defaults (attributes onPremisesSamAccountName, givenName,
// surname, mail, jobTitle; page size 999; the client secret's variable) and
// checks: tenant_id, client_id and groups given, page_size at most 999,
// authority and graph_url https:// (or http:// to loopback), a certificate
// with its key or a secret, not both.
Result<void> finalize_entra_config(DirectoryConfig& config);

} // namespace alignctl
