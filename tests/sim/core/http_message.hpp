// HTTP/1.1 messages for the simulator's server: parsing a request head,
// decoding the query string, and writing a response. No sockets here.
#pragma once

#include "state/util/result.hpp"
#include "tests/sim/core/query.hpp"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alignctl::sim {

struct HttpRequest {
  std::string method;
  std::string target;                         // as sent: path and query
  std::string path;                           // percent-decoded, without the query
  QueryParams query;                          // decoded ('+' is a space)
  std::map<std::string, std::string> headers; // names lowercased; repeated names joined by ", "
  std::string body;
  int minor_version = 1; // HTTP/1.<minor>

  // nullptr when absent; `name` lowercase.
  const std::string* header(const std::string& name) const;
  // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive".
  bool keep_alive() const;
  // Content-Length, 0 when absent; -1 when malformed.
  long long content_length() const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Close the socket without writing anything (commit-then-drop fault).
  bool drop = false;

  static HttpResponse json(int status, std::string body);
  static HttpResponse empty(int status);
};

// Parses the request line and headers (`head` excludes the blank line).
// BadRequest on a malformed line.
Result<HttpRequest> parse_request_head(std::string_view head);

QueryParams parse_query(std::string_view query);
std::string percent_decode(std::string_view s, bool plus_is_space);

const char* reason_phrase(int status);
std::string serialize_response(const HttpResponse& response, bool keep_alive);

} // namespace alignctl::sim
