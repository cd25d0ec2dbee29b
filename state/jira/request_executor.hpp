// RequestExecutor: sends requests with the client's retry, pacing and
// connection-reuse policy (docs/client.md). Internal to alignctl_jira.
#pragma once

#include "state/jira/adaptive_pacer.hpp"
#include "state/jira/client_config.hpp"
#include "state/jira/curl_session.hpp"
#include "state/jira/http_types.hpp"
#include "state/jira/rate_limiter.hpp"
#include "state/util/result.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace alignctl {

enum class Idempotency {
  Idempotent, // GET, PATCH: retried on 5xx, timeouts and dropped connections
  Once,       // POST: retried only when the server cannot have processed it (429, connect failure)
};

class RequestExecutor {
public:
  RequestExecutor(ClientConfig config, std::string base_url);

  // Sends `request` until it gets a 2xx answer or the policy gives up.
  // 2xx → the outcome (status and body). Otherwise an Error naming the request:
  // http_status_error() for final statuses; Transport when no answer came for
  // a request that was not sent or is idempotent; Ambiguous when a Once request
  // may have been processed (5xx, timeout or dropped connection after sending);
  // Protocol when the body exceeded the size cap.
  Result<HttpOutcome> execute(const HttpRequest& request, Idempotency idempotency);

  const ClientConfig& config() const { return m_config; }

private:
  std::unique_ptr<CurlSession> take_session();
  void give_back(std::unique_ptr<CurlSession> session);
  void pause(std::chrono::milliseconds delay);
  // Waits for this request's turn at the pacer's current rate; returns when it may be sent.
  std::chrono::steady_clock::time_point wait_turn();

  ClientConfig m_config;
  std::string m_base_url;
  AdaptivePacer m_pacer;
  RateLimiter m_limiter;
  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<CurlSession>> m_idle;
};

} // namespace alignctl
