// The real Jira Align client: REST API 2.0 over libcurl.
// Policy (retries, idempotency, TLS, errors): docs/client.md.
#pragma once

#include "state/jira/client_config.hpp"
#include "state/jira/jira_align.hpp"

#include <memory>

namespace alignctl {

// A client for `config`. Never fails here: an invalid base URL (see
// normalize_base_url) makes every call return that Input error. Prints
// nothing: the warning for config.insecure_skip_tls is the caller's (cmd/).
// The client is safe to use from several threads at once.
std::unique_ptr<JiraAlign> make_http_client(const ClientConfig& config);

} // namespace alignctl
