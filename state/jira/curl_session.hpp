// CurlSession: one libcurl easy handle, used by one thread at a time, that
// keeps its connection alive between requests. Internal to alignctl_jira.
#pragma once

#include "state/jira/client_config.hpp"
#include "state/jira/http_types.hpp"

namespace alignctl {

// Calls curl_global_init once per process (thread-safe).
void ensure_curl_initialized();

class CurlSession {
public:
  // `config` must outlive the session; `base_url` is already normalized.
  CurlSession(const ClientConfig& config, std::string base_url);
  ~CurlSession();
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;

  // Sends the request and waits for the answer. `fresh_connection` opens a new
  // connection for this request: libcurl silently re-sends a request whose
  // reused connection died before any answer byte, which would repeat a POST.
  // Verbose output stays off; headers (and so the token) never reach a log.
  HttpOutcome perform(const HttpRequest& request, bool fresh_connection);

private:
  const ClientConfig& m_config;
  std::string m_base_url;
  void* m_handle = nullptr; // CURL*
};

// Parses a Retry-After value in seconds ("3", " 10 "); std::nullopt for
// anything else (HTTP dates are not honoured; the caller backs off instead).
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

} // namespace alignctl
