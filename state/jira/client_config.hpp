// ClientConfig: how to reach a Jira Align instance and how hard to try.
#pragma once

#include "state/util/secret.hpp"

#include <chrono>
#include <string>

namespace alignctl {

struct ClientConfig {
  // API base, e.g. https://acme.jiraalign.com/rest/align/api/2 (no trailing /).
  // Plain http:// is refused unless the host is loopback.
  std::string base_url;
  Secret token;                       // sent as "Authorization: Bearer …", never logged
  std::string ca_bundle;              // PEM file; empty = system store
  bool insecure_skip_tls = false;     // explicit, loudly logged
  int concurrency = 4;                // parallel page fetches / in-flight requests
  double max_requests_per_second = 0; // 0 = no ceiling
  int max_attempts = 6;               // per idempotent request, including the first
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{10000};
};

} // namespace alignctl
