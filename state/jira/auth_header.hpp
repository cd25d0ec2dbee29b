// The Authorization header of every request: Bearer with the API token, or
// Basic with base64(email:token) for sites on Atlassian accounts (contract §1).
// Internal to alignctl_jira; the header is a Secret and never reaches a log.
#pragma once

#include "state/jira/client_config.hpp"
#include "state/util/secret.hpp"

#include <string>
#include <string_view>

namespace alignctl {

// RFC 4648 base64 with padding.
std::string base64_encode(std::string_view bytes);

// "Authorization: Bearer <token>" or "Authorization: Basic <base64(user:token)>".
Secret authorization_header(const ClientConfig& config);

} // namespace alignctl
