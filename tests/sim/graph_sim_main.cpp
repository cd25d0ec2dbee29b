// graph-sim: a local Microsoft Graph (v1.0 groups and transitive members) and
// Microsoft identity platform token endpoint for tests, demos and benchmarks.
// See docs/simulator.md ("graph-sim").
#include "tests/sim/core/graph_app.hpp"
#include "tests/sim/core/http_server.hpp"
#include "tests/sim/core/secret_file.hpp"
#include "tests/sim/core/serve_loop.hpp"
#include "tests/sim/core/tenant_file.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace {

using namespace alignctl::sim;

int fail(const std::string& message) {
  std::cerr << "graph-sim: error: " << message << "\n";
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App cli{"graph-sim: a local Microsoft Graph simulator (groups, transitive members, the\n"
               "client-credentials token endpoint) for tests, demos and benchmarks.\n\n"
               "  graph-sim --tenant-file tenant.json --client-secret-file secret --port 8090\n"
               "  graph-sim --generate-users 100000 --generate-subgroups 10 --latency-ms 20\n",
               "graph-sim"};
  GraphSimConfig config;
  config.faults.error_codes = {503, 504};
  std::string tenant_file, secret_file, bind = "127.0.0.1", port_file, root = "JiraAlign-All";
  std::size_t gen_users = 0, gen_subgroups = 10;
  int port = 8090, threads = 16;
  cli.add_option("--tenant-file", tenant_file, "Directory JSON (users, groups, objects)")
      ->check(CLI::ExistingFile);
  cli.add_option("--generate-users", gen_users,
                 "Instead of --tenant-file: a nested group of this many users");
  cli.add_option("--generate-subgroups", gen_subgroups, "Nested groups holding them")
      ->capture_default_str();
  cli.add_option("--generate-root", root, "Display name of the generated root group")
      ->capture_default_str();
  cli.add_option("--tenant", config.tenant, "Tenant id the token endpoint accepts")
      ->capture_default_str();
  cli.add_option("--client-id", config.client_id, "Application (client) id it accepts")
      ->capture_default_str();
  cli.add_option("--client-secret-file", secret_file, "File holding the accepted client secret");
  cli.add_option("--client-cert", config.client_cert_file,
                 "PEM certificate whose private key signs accepted client assertions")
      ->check(CLI::ExistingFile);
  cli.add_option("--token-lifetime", config.token_lifetime_s, "Seconds a token is valid")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cli.add_option("--revoke-after", config.revoke_after,
                 "A token answers 401 after this many Graph requests (0: never)");
  cli.add_option("--max-top", config.max_top, "Largest $top (Graph: 999)")->capture_default_str();
  cli.add_flag("--side-door", config.side_door, "Serve /_sim/health, /_sim/counts, /_sim/faults");
  cli.add_option("--bind", bind, "IPv4 address to listen on")->capture_default_str();
  cli.add_option("--port", port, "TCP port; 0 picks a free one")->capture_default_str();
  cli.add_option("--port-file", port_file, "Write the port number here once listening");
  cli.add_option("--threads", threads, "Worker threads")->capture_default_str();
  FaultSettings& f = config.faults;
  auto* faults =
      cli.add_option_group("Faults", "On /v1.0 requests; random choices from --fault-seed");
  faults->add_option("--fault-seed", f.seed, "Seed of the fault PRNG")->capture_default_str();
  faults->add_option("--latency-ms", f.latency_ms, "Delay added to every request");
  faults->add_option("--spike-rate", f.spike_rate, "Share of requests delayed by --spike-ms");
  faults->add_option("--spike-ms", f.spike_ms, "Length of a latency spike");
  faults->add_option("--error-rate", f.error_rate, "Share answered 503 or 504")
      ->check(CLI::Range(0.0, 1.0));
  faults->add_option("--rate-429", f.rate_429, "Share answered 429 with Retry-After")
      ->check(CLI::Range(0.0, 1.0));
  faults->add_option("--retry-after", f.retry_after_s, "Retry-After seconds on 429/503")
      ->capture_default_str();
  faults->add_option("--drop-rate", f.drop_rate, "Share answered by closing the connection")
      ->check(CLI::Range(0.0, 1.0));
  faults->add_option("--rps-limit", f.rps_limit, "Requests per second; beyond: 429");
  CLI11_PARSE(cli, argc, argv);
  if (!secret_file.empty()) {
    std::string err;
    config.client_secret = read_secret_file(secret_file, err);
    if (!err.empty()) {
      return fail("--client-secret-file: " + err);
    }
  } else if (const char* env = std::getenv("GRAPH_SIM_CLIENT_SECRET"); env != nullptr) {
    config.client_secret = env;
  }
  if (config.client_secret.empty() && config.client_cert_file.empty()) {
    return fail("give --client-secret-file (or GRAPH_SIM_CLIENT_SECRET) or --client-cert");
  }
  GraphDirectory directory;
  if (gen_users > 0) {
    directory = GraphDirectory::generate_nested(root, gen_users, gen_subgroups);
  } else if (!tenant_file.empty()) {
    auto loaded = GraphDirectory::load(tenant_file);
    if (!loaded) {
      return fail(loaded.error().message);
    }
    directory = std::move(*loaded);
  } else {
    return fail("give --tenant-file or --generate-users");
  }
  const std::size_t objects = directory.size();

  const sigset_t signals = block_stop_signals();

  GraphApp app(config, std::move(directory));
  HttpServer server([&app](const HttpRequest& r) { return app.handle(r); }, threads);
  auto bound = server.listen(bind, port);
  if (!bound.ok()) {
    return fail("cannot listen on " + bind + ":" + std::to_string(port) + ": " +
                bound.error().message);
  }
  const std::string origin = "http://" + bind + ":" + std::to_string(bound.value());
  app.set_origin(origin);
  std::cout << "graph-sim listening on " << origin << " (authority " << origin << ", Graph "
            << origin << "/v1.0), " << objects << " objects" << std::endl;
  if (auto r = write_port_file(port_file, bound.value()); !r.ok()) {
    return fail(r.error().message);
  }
  serve_until_signalled(server, signals, [&server, &app](int) {
    app.shutdown();
    server.stop();
  });
  std::cerr << "graph-sim: stopped\n";
  return 0;
}
