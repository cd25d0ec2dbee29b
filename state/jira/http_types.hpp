// One HTTP exchange as the client sees it, independent of libcurl.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace alignctl {

struct HttpRequest {
  std::string method; // GET, POST, PATCH
  std::string target; // path and encoded query relative to the base URL: "/Users?$skip=0"
  std::string body;   // JSON; empty for GET
  std::string label; // how errors name the request: "GET /Users/42", "POST /Users (externalId 'x')"
};

// Why no HTTP answer was received.
enum class TransportFailure {
  None,      // an HTTP status was received (see HttpOutcome::status)
  NotSent,   // the request cannot have reached the server (DNS, connect, TLS handshake)
  MaybeSent, // the request may have been processed (timeout or dropped connection after sending)
  TooLarge,  // the answer's body exceeded ClientConfig::max_response_bytes
  Refused,   // the server's TLS certificate was refused: not sent, and retrying cannot help
};

struct HttpOutcome {
  TransportFailure failure = TransportFailure::None;
  std::string failure_message; // libcurl's description; never contains headers
  int status = 0;
  std::string body;
  std::optional<std::chrono::milliseconds> retry_after; // from a Retry-After header in seconds
};

} // namespace alignctl
