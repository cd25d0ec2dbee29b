#include "cmd/connection_options.hpp"

#include "state/jira/base_url.hpp"
#include "state/jira/http_client.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
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
  app.add_option("--auth", options.auth,
                 "How the token is sent: bearer, or basic with --user (default: the policy's "
                 "jira.auth, else bearer)")
      ->check(CLI::IsMember({"bearer", "basic"}));
  app.add_option(
      "--user", options.user,
      "Email of the token's account, for --auth basic (default: the policy's jira.user)");
  app.add_option("--user-env", options.user_env,
                 "Environment variable holding that email (instead of --user)");
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

namespace {

// The email sent with Basic auth: --user, --user-env, the policy's jira.user
// or jira.user_env, in that order.
std::string basic_user(const ConnectionOptions& options, const Policy* policy) {
  std::string user = options.user;
  std::string env = options.user_env;
  if (user.empty() && env.empty() && policy != nullptr) {
    user = policy->jira_user;
    env = policy->jira_user_env;
  }
  if (user.empty() && !env.empty()) {
    const char* v = std::getenv(env.c_str());
    if (v == nullptr || *v == '\0') {
      throw Fatal("Basic auth: environment variable " + env +
                  " (the email of the API token's account) is not set");
    }
    user = v;
  }
  if (user.empty()) {
    throw Fatal("Basic auth needs the email of the API token's account: give --user EMAIL, or "
                "jira.user in the policy",
                k_exit_usage);
  }
  std::string from = env.empty() ? std::string("--user / jira.user") : env;
  if (user.find(':') != std::string::npos) { // not quoted: it may be a token pasted there
    throw Fatal("Basic auth: the email from " + from + " contains ':', which an email cannot",
                k_exit_usage);
  }
  if (user.find('@') == std::string::npos) {
    throw Fatal("Basic auth: '" + user + "' (from " + from + ") is not an email address",
                k_exit_usage);
  }
  return user;
}

} // namespace

ClientConfig resolve_connection(const ConnectionOptions& options, const Policy* policy) {
  ClientConfig config;
  std::string url = !options.url.empty() ? options.url : policy ? policy->jira_url : "";
  if (url.empty()) {
    throw Fatal("no Jira Align URL: give --url (e.g. https://acme.jiraalign.com/rest/align/api/2)",
                k_exit_usage);
  }
  Result<std::string> base = normalize_base_url(url);
  if (!base) {
    throw Fatal(base.error().message, k_exit_usage);
  }
  config.base_url = *base;

  std::string policy_token_env = policy ? policy->jira_token_env : "";
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
  std::string auth = !options.auth.empty() ? options.auth : policy ? policy->jira_auth : "bearer";
  if (auth == "basic") {
    config.auth = AuthScheme::Basic;
    config.basic_user = basic_user(options, policy);
    config.token_origin += " (sent with Basic auth as " + config.basic_user + ")";
  } else if (!options.user.empty() || !options.user_env.empty()) {
    throw Fatal("--user and --user-env are only used with --auth basic", k_exit_usage);
  }

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
  if (config.insecure_skip_tls) {
    fmt::print(stderr, "alignctl: WARNING: TLS certificate verification is OFF "
                       "(--insecure-skip-tls-verify). Anyone on the network path can read the "
                       "API token and forge answers. Use --ca-bundle instead.\n");
  }
  return make_http_client(config);
}

void note_listing_mode(const JiraAlign& client) {
  auto mode = client.listing_mode();
  if (mode && *mode != ListingMode::Honoured) {
    fmt::print(stderr, "alignctl: note: {}\n", describe_listing_mode(*mode));
  }
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
