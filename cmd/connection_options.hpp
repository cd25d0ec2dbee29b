// The options every command that talks to Jira Align shares (--url, token,
// TLS, concurrency, pacing), and turning them into a connected client.
#pragma once

#include "planner/policy.hpp"
#include "state/jira/client_config.hpp"
#include "state/jira/jira_align.hpp"

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace alignctl {

struct ConnectionOptions {
  std::string url; // --url: API base; overrides the policy's
  std::string
      token_env; // --token-env: variable holding the token (default: policy's, else ALIGNCTL_TOKEN)
  std::string token_file; // --token-file: file holding the token (wins over the variable)
  std::string auth;       // --auth bearer|basic (default: the policy's jira.auth, else bearer)
  std::string user;       // --user: the email for Basic auth (default: the policy's)
  std::string user_env;   // --user-env: variable holding that email
  std::string ca_bundle;  // --ca-bundle
  bool insecure = false;  // --insecure-skip-tls-verify (loudly logged)
  int concurrency = 4;    // --concurrency
  double max_rps = 0;     // --max-rps (0: no ceiling; pacing adapts below it either way)
  double timeout_s = 30;  // --timeout (seconds per request)
};

void add_connection_options(CLI::App& app, ConnectionOptions& options);

// Resolves options (falling back to the policy's jira: section — url,
// token_env, auth, user, user_env — when `policy` is given) into a
// ClientConfig; reads the token (and, for Basic auth, the email). Throws Fatal
// with a clear message (no URL, bad URL, token or email missing) — never
// mentioning the token value.
ClientConfig resolve_connection(const ConnectionOptions& options, const Policy* policy = nullptr);

// "alignctl: note: …" on stderr when the server did not sort by id, saying how
// the users were listed instead; nothing when it did (or none ran).
void note_listing_mode(const JiraAlign& client);

// A live client (libcurl) for the config.
std::unique_ptr<JiraAlign> connect_jira_align(const ClientConfig& config);

// Every live user; when `show_progress`, a one-line page counter on stderr
// that is erased when the listing ends.
Result<std::vector<LiveUser>> list_live_users(JiraAlign& client, bool show_progress);

} // namespace alignctl
