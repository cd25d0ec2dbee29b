#include "cmd/connection_options.hpp"

#include "state/jira/base_url.hpp"
#include "state/jira/http_client.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/core.h>

namespace alignctl {

namespace {
constexpr const char* k_default_token_env = "ALIGNCTL_TOKEN";
constexpr int k_max_concurrency = 64;
} // namespace

void add_connection_options(CLI::App& app, ConnectionOptions& options) {
  app.add_option("--url", options.url,
                 "Jira Align API base, e.g. https://acme.jiraalign.com/rest/align/api/2");
  app.add_option("--token-env", options.token_env,
                 "Environment variable holding the API token (default: ALIGNCTL_TOKEN)");
  app.add_option("--token-file", options.token_file,
                 "File holding the API token (wins over the variable)");
  app.add_option("--ca-bundle,--ca-file", options.ca_bundle,
                 "PEM file of CA certificates to trust instead of the system store");
  app.add_flag("--insecure-skip-tls-verify", options.insecure,
               "Do not verify the server's TLS certificate (dangerous; for testing only)");
  app.add_option("--concurrency", options.concurrency, "Parallel requests while paging")
      ->check(CLI::Range(1, k_max_concurrency))
      ->capture_default_str();
  app.add_option("--max-rps", options.max_rps,
                 "Ceiling on requests per second across all threads (0: none — the pace "
                 "adapts to the server's 429s below any ceiling)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--timeout", options.timeout_s, "Seconds allowed per request")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

ClientConfig resolve_connection(const ConnectionOptions& options, const std::string& policy_url,
                                const std::string& policy_token_env) {
  ClientConfig config;
  std::string url = options.url.empty() ? policy_url : options.url;
  if (url.empty()) {
    throw Fatal("no Jira Align URL: give --url (e.g. https://acme.jiraalign.com/rest/align/api/2)",
                k_exit_usage);
  }
  Result<std::string> base = normalize_base_url(url);
  if (!base) {
    throw Fatal(base.error().message, k_exit_usage);
  }
  config.base_url = *base;

  std::string env = !options.token_env.empty()  ? options.token_env
                    : !policy_token_env.empty() ? policy_token_env
                                                : k_default_token_env;
  Result<Secret> token = load_secret("Jira Align token", env, options.token_file);
  if (!token) {
    throw Fatal(token.error().message);
  }
  config.token = std::move(*token);
  config.token_origin = options.token_file.empty() ? "environment variable " + env
                                                   : "token file " + options.token_file;

  if (options.concurrency < 1 || options.concurrency > k_max_concurrency) {
    throw Fatal("--concurrency must be between 1 and " + std::to_string(k_max_concurrency),
                k_exit_usage);
  }
  if (!(options.max_rps >= 0) || !std::isfinite(options.max_rps)) {
    throw Fatal("--max-rps must be a number >= 0", k_exit_usage);
  }
  if (!(options.timeout_s > 0) || !std::isfinite(options.timeout_s)) {
    throw Fatal("--timeout must be a positive number of seconds", k_exit_usage);
  }
  config.ca_bundle = options.ca_bundle;
  config.insecure_skip_tls = options.insecure;
  config.concurrency = options.concurrency;
  config.max_requests_per_second = options.max_rps;
  config.timeout = std::chrono::milliseconds(static_cast<long long>(options.timeout_s * 1000));
  return config;
}

std::unique_ptr<JiraAlign> connect_jira_align(const ClientConfig& config) {
  return make_http_client(config);
}

Result<std::vector<LiveUser>> list_live_users(JiraAlign& client, bool show_progress) {
  ProgressFn progress;
  if (show_progress) {
    progress = [](const ListProgress& p) {
      fmt::print(stderr, "\ralignctl: listing users: {} pages, {} users", p.pages_done,
                 p.users_so_far);
      std::fflush(stderr);
    };
  }
  auto users = client.list_users(progress);
  if (show_progress) {
    fmt::print(stderr, "\r\033[K");
  }
  return users;
}

} // namespace alignctl
