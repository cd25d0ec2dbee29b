// jira-align-sim: a local Jira Align REST API 2.0 simulator (contract §8).
// See docs/simulator.md.
#include "tests/sim/core/clock.hpp"
#include "tests/sim/core/http_server.hpp"
#include "tests/sim/core/secret_file.hpp"
#include "tests/sim/core/serve_loop.hpp"
#include "tests/sim/core/sim_app.hpp"
#include "tests/sim/core/state_flusher.hpp"
#include "tests/sim/core/tenant_file.hpp"
#include "tests/sim/core/tls_transport.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

using namespace alignctl::sim;

int fail(const std::string& message) {
  std::cerr << "jira-align-sim: error: " << message << "\n";
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App cli{"jira-align-sim: a local Jira Align REST API 2.0 simulator for tests, demos and\n"
               "benchmarks. Serves /rest/align/api/2/{Users,Regions,Cities,CostCenters,Divisions}\n"
               "with the real API's rules (see docs/simulator.md).\n\n"
               "  jira-align-sim --seed tenant.json --port 8080\n"
               "  curl -H 'Authorization: Bearer sim-token' "
               "'http://127.0.0.1:8080/rest/align/api/2/Users?$top=5'\n",
               "jira-align-sim"};
  std::string seed, state, token, token_file, readonly_token, bind = "127.0.0.1", port_file;
  std::string tls_cert, tls_key;
  int port = 8080, threads = 16;
  SimConfig config;
  FaultSettings& f = config.faults;
  cli.add_option("--seed", seed,
                 "Tenant JSON to start from (see jira-align-gen); default: "
                 "built-in reference data and no users")
      ->check(CLI::ExistingFile);
  cli.add_option("--state", state,
                 "Persist the tenant to this JSON file: loaded when it exists "
                 "(else --seed), rewritten atomically shortly after writes and "
                 "on exit");
  cli.add_option("--bind", bind, "IPv4 address to listen on")->capture_default_str();
  cli.add_option("--port", port, "TCP port; 0 picks a free one")->capture_default_str();
  cli.add_option("--port-file", port_file, "Write the port number here once listening");
  auto* cert_opt = cli.add_option("--tls-cert", tls_cert,
                                  "Serve HTTPS with this PEM certificate (chain) instead of HTTP")
                       ->check(CLI::ExistingFile);
  auto* key_opt = cli.add_option("--tls-key", tls_key, "PEM private key of --tls-cert")
                      ->check(CLI::ExistingFile);
  cert_opt->needs(key_opt);
  key_opt->needs(cert_opt);
  cli.add_option("--threads", threads, "Worker threads (requests served concurrently)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cli.add_option("--token", token,
                 "Accepted bearer token (else --token-file, else "
                 "$JIRA_ALIGN_SIM_TOKEN, else \"sim-token\")");
  cli.add_option("--token-file", token_file, "File holding the accepted bearer token");
  cli.add_option("--readonly-token", readonly_token,
                 "A second token that may read but gets 403 on POST/PATCH");
  cli.add_flag("--strict-top", config.strict_top, "Answer 400 to $top > 100 instead of capping");
  cli.add_flag("--case-sensitive-filter", config.case_sensitive_filter,
               "Compare strings in $filter case-sensitively (default: case-insensitive)");
  cli.add_flag("--no-divisions", config.no_divisions, "GET /Divisions answers 404");
  cli.add_flag("--text-errors", config.text_errors,
               "Error bodies as plain text instead of {\"message\": ...}");
  cli.add_flag("--side-door", config.side_door, "Serve the /_sim/ test endpoints");
  std::string orderby = "honour", auth = "bearer";
  cli.add_option("--orderby", orderby,
                 "How list calls treat $orderby: honour (sort by id), ignore (rows in the "
                 "server's own stable order, by a hash of the id) or reject (answer 400)")
      ->check(CLI::IsMember({"honour", "ignore", "reject"}))
      ->capture_default_str();
  cli.add_option("--auth", auth,
                 "Accepted Authorization schemes: bearer (Bearer TOKEN), basic (Basic "
                 "base64(USER:TOKEN), USER from --basic-user) or both")
      ->check(CLI::IsMember({"bearer", "basic", "both"}))
      ->capture_default_str();
  cli.add_option("--basic-user", config.basic_user,
                 "The email Basic credentials must carry (compared case-insensitively)");
  cli.add_flag("--accept-duplicate-users", config.accept_duplicate_users,
               "POST /Users accepts an email or externalId another user has (default: 400)");
  auto* faults = cli.add_option_group("Faults", "All random choices come from --fault-seed");
  faults->add_option("--fault-seed", f.seed, "Seed of the fault PRNG")->capture_default_str();
  faults->add_option("--latency-ms", f.latency_ms, "Delay added to every /rest request")
      ->check(CLI::NonNegativeNumber);
  faults->add_option("--spike-rate", f.spike_rate, "Share of requests delayed by --spike-ms")
      ->check(CLI::Range(0.0, 1.0));
  faults->add_option("--spike-ms", f.spike_ms, "Length of a latency spike")
      ->check(CLI::NonNegativeNumber);
  faults->add_option("--error-rate", f.error_rate, "Share answered 500/502/503 (no effect)")
      ->check(CLI::Range(0.0, 1.0));
  faults->add_option("--rate-429", f.rate_429, "Share answered 429 with Retry-After (no effect)")
      ->check(CLI::Range(0.0, 1.0));
  faults->add_option("--retry-after", f.retry_after_s, "Retry-After seconds on injected 429s")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  faults->add_option("--rps-limit", f.rps_limit, "Requests per second; beyond: 429 Retry-After 1")
      ->check(CLI::NonNegativeNumber);
  faults
      ->add_option("--drop-after-commit-rate", f.drop_after_commit_rate,
                   "Share of successful POST/PATCH applied and then answered by closing the "
                   "connection")
      ->check(CLI::Range(0.0, 1.0));
  CLI11_PARSE(cli, argc, argv);
  config.orderby = *orderby_mode_from_name(orderby);
  config.auth = *auth_mode_from_name(auth);
  if (config.auth != AuthMode::Bearer && config.basic_user.empty()) {
    return fail("--auth " + auth + " needs --basic-user EMAIL");
  }

  // Token: flag, file, environment, default.
  if (!token.empty()) {
    config.token = token;
  } else if (!token_file.empty()) {
    std::string err;
    config.token = read_secret_file(token_file, err);
    if (!err.empty()) {
      return fail("token file: " + err);
    }
  } else if (const char* env = std::getenv("JIRA_ALIGN_SIM_TOKEN"); env != nullptr && *env) {
    config.token = env;
  } else {
    config.token = "sim-token";
    std::cerr << "jira-align-sim: note: no --token, --token-file or JIRA_ALIGN_SIM_TOKEN given; "
                 "accepting the default token \"sim-token\"\n";
  }
  config.readonly_token = readonly_token;

  // Tenant: state file if present, else seed, else the built-in reference data.
  std::vector<std::string> notes;
  bool state_exists = !state.empty() && std::filesystem::exists(state);
  auto store = state_exists   ? load_tenant_file(state, &notes)
               : seed.empty() ? alignctl::Result<UserStore>(UserStore(default_reference_data()))
                              : load_tenant_file(seed, &notes);
  if (!store.ok()) {
    return fail(store.error().message);
  }
  for (const auto& n : notes) {
    std::cerr << "jira-align-sim: note: " << n << "\n";
  }
  std::size_t user_count = store.value().size();

  const sigset_t signals = block_stop_signals();

  std::shared_ptr<const TlsServerContext> tls;
  if (!tls_cert.empty()) {
    auto loaded = TlsServerContext::load(tls_cert, tls_key);
    if (!loaded.ok()) {
      return fail(loaded.error().message);
    }
    tls = std::move(loaded.value());
  }

  SimApp app(config, std::move(store.value()), iso_now);
  HttpServer server([&app](const HttpRequest& r) { return app.handle(r); }, threads);
  if (tls) {
    server.enable_tls(tls, [](const std::string& m) {
      std::cerr << ("jira-align-sim: " + m + "\n") << std::flush;
    });
  }
  auto bound = server.listen(bind, port);
  if (!bound.ok()) {
    return fail("cannot listen on " + bind + ":" + std::to_string(port) + ": " +
                bound.error().message);
  }
  std::string origin =
      std::string(tls ? "https://" : "http://") + bind + ":" + std::to_string(bound.value());
  app.set_origin(origin);

  std::unique_ptr<StateFlusher> flusher;
  if (!state.empty()) {
    flusher = std::make_unique<StateFlusher>(
        state, [&app] { return app.snapshot(); },
        [](const std::string& m) { std::cerr << m << "\n"; });
    app.set_on_change([f = flusher.get()] { f->mark_dirty(); });
    app.set_on_flush([f = flusher.get()] { f->flush(); });
    if (!state_exists && !flusher->flush()) {
      return fail("cannot write state file " + state);
    }
  }

  std::cout << "jira-align-sim listening on " << origin << k_api_base << std::endl;
  std::cerr << "jira-align-sim: " << user_count << " users"
            << (config.side_door ? ", side door /_sim/ enabled" : "")
            << (config.orderby != OrderbyMode::Honour ? ", $orderby: " + orderby : std::string())
            << (config.auth != AuthMode::Bearer ? ", auth: " + auth : std::string())
            << (tls ? ", TLS with " + tls_cert : std::string()) << "\n";
  if (auto r = write_port_file(port_file, bound.value()); !r.ok()) {
    return fail(r.error().message);
  }

  serve_until_signalled(server, signals, [&server, &app](int sig) {
    std::cerr << "jira-align-sim: received " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
              << ", shutting down\n";
    app.shutdown();
    server.stop();
  });
  if (flusher) {
    flusher->flush();
    flusher.reset();
  }
  if (tls) {
    std::cerr << "jira-align-sim: " << server.tls_handshakes() << " TLS handshakes, "
              << server.tls_handshake_failures() << " failed\n";
  }
  std::cerr << "jira-align-sim: stopped\n";
  return 0;
}
