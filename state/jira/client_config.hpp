// ClientConfig: how to reach a Jira Align instance and how hard to try.
#pragma once

#include "state/util/secret.hpp"

#include <chrono>
#include <cstddef>
#include <string>

namespace alignctl {

// How the token is sent (contract §1).
enum class AuthScheme {
  Bearer, // Authorization: Bearer <token> (a Jira Align API token)
  Basic,  // Authorization: Basic base64(<basic_user>:<token>) (an Atlassian API token)
};

struct ClientConfig {
  // API base, e.g. https://acme.jiraalign.com/rest/align/api/2 (no trailing /).
  // Plain http:// is refused unless the host is loopback.
  std::string base_url;
  Secret token; // sent in the Authorization header, never logged
  AuthScheme auth = AuthScheme::Bearer;
  std::string basic_user;             // the account's email, for AuthScheme::Basic
  std::string ca_bundle;              // PEM file; empty = system store
  bool insecure_skip_tls = false;     // explicit, loudly logged
  int concurrency = 4;                // parallel page fetches / in-flight requests
  double max_requests_per_second = 0; // 0 = no ceiling
  int max_attempts = 6;               // per idempotent request, including the first
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{10000};
  // Where the token came from ("environment variable ALIGNCTL_TOKEN", "file
  // /path"), so a 401 can say what to check. Never the token itself.
  std::string token_origin;
  // 429 answers retried per request (they do not count against max_attempts:
  // the server said it did not process the request).
  int max_rate_limited_retries = 30;
  // Longest Retry-After honoured; a larger value is clamped to this.
  std::chrono::milliseconds max_retry_after{120000};
  // A response body larger than this is a Protocol error (hostile or broken server).
  std::size_t max_response_bytes = std::size_t{64} << 20;
  // Content-Type of request bodies (an OAuth token request sends a form).
  std::string content_type = "application/json";
};

} // namespace alignctl
