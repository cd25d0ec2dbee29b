// GraphApp: the request handler of graph-sim, a local Microsoft Graph and
// Microsoft identity platform simulator (docs/simulator.md, "graph-sim"):
//   POST /{tenant}/oauth2/v2.0/token   client credentials (secret or a client
//                                      assertion JWT checked against a certificate)
//   GET  /v1.0/groups?$filter=displayName eq '…'&$select=…&$top=…
//   GET  /v1.0/groups/{id}?$select=…
//   GET  /v1.0/groups/{id}/transitiveMembers[/microsoft.graph.user]?$select=…&$top=…
// paging through @odata.nextLink ($skiptoken), 400 on any query option not
// listed, tokens with a configurable lifetime, and the Jira simulator's
// seeded faults (faults.hpp) on the /v1.0 requests. Side door: /_sim/health,
// /_sim/counts, /_sim/faults.
#pragma once

#include "tests/sim/core/faults.hpp"
#include "tests/sim/core/graph_directory.hpp"
#include "tests/sim/core/http_message.hpp"
#include "tests/sim/core/rate_limiter.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace alignctl::sim {

struct GraphSimConfig {
  std::string tenant = "00000000-0000-0000-0000-0000000000aa";
  std::string client_id = "11111111-1111-1111-1111-111111111111";
  std::string client_secret;    // "" = secrets are refused
  std::string client_cert_file; // PEM certificate whose key signs assertions ("" = refused)
  int token_lifetime_s = 3599;  // expires_in of issued tokens
  int revoke_after = 0;         // a token answers 401 after this many Graph requests (0: never)
  int max_top = 999;            // largest $top
  int default_top = 100;        // page size without $top
  FaultSettings faults;
  bool side_door = false;
};

class GraphApp {
public:
  GraphApp(GraphSimConfig config, GraphDirectory directory);
  HttpResponse handle(const HttpRequest& request);
  void set_origin(const std::string& origin); // "http://127.0.0.1:PORT"
  void shutdown();                            // ends injected delays at once

private:
  HttpResponse token(const HttpRequest& req, const std::string& tenant);
  HttpResponse graph(const HttpRequest& req, const std::string& path);
  HttpResponse side_door(const HttpRequest& req, const std::string& path);
  HttpResponse list_groups(const HttpRequest& req);
  HttpResponse members(const HttpRequest& req, const GraphObject& group, bool users_only,
                       const std::string& path);
  std::string check_assertion(const std::string& jwt, const std::string& tenant) const;
  // "" when the bearer token is good, else the 401 message.
  std::string check_bearer(const HttpRequest& req);
  void delay(int ms);
  void count(const std::string& what);

  GraphSimConfig m_config;
  GraphDirectory m_directory;
  std::string m_origin;
  std::string m_cert_pem;

  std::mutex m_mutex; // tokens, counters, faults
  struct Issued {
    std::chrono::steady_clock::time_point expires;
    int uses = 0;
  };
  std::map<std::string, Issued> m_tokens;
  std::uint64_t m_token_seq = 0;
  std::uint64_t m_request_seq = 0;
  std::map<std::string, std::int64_t> m_counts;
  RateLimiter m_limiter;

  std::mutex m_delay_mutex;
  std::condition_variable m_delay_cv;
  bool m_shutting_down = false;
};

// Base64url (RFC 4648 §5, no padding) — the JWT encoding.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace alignctl::sim
