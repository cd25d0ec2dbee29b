#include "tests/support/graph_sim_fixture.hpp"

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <chrono>
#include <httplib.h>
#include <stdexcept>

namespace alignctl::test {

std::string graph_sim_bin() {
  return ALIGNCTL_GRAPH_SIM_BIN;
}

GraphSim::GraphSim(GraphSimOptions options)
    : m_dir(std::make_unique<TempDir>("alignctl-graph-sim")), m_secret(options.client_secret) {
  const auto secret_file = *m_dir / "secret";
  write_file(secret_file, m_secret + "\n");
  const auto port_file = *m_dir / "port";
  m_log = *m_dir / "graph-sim.log";
  std::vector<std::string> argv = {
      graph_sim_bin(),        "--side-door",       "--port", "0", "--port-file", port_file.string(),
      "--client-secret-file", secret_file.string()};
  if (!options.tenant.is_null()) {
    const auto tenant_file = *m_dir / "tenant.json";
    write_file(tenant_file, options.tenant.dump(1));
    argv.insert(argv.end(), {"--tenant-file", tenant_file.string()});
  }
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  m_process = std::make_unique<ChildProcess>(argv, m_log.string());
  std::string why;
  m_port = wait_until_serving(
      *m_process, port_file.string(), std::chrono::seconds(20),
      [](int port) {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(std::chrono::seconds(1));
        auto res = client.Get("/_sim/health");
        return res && res->status == 200;
      },
      why);
  if (m_port != 0) {
    return;
  }
  const std::string text = log();
  m_process->kill_hard();
  throw std::runtime_error("graph-sim did not come up (" + why + "); its log:\n" + text);
}

GraphSim::~GraphSim() = default;

std::string GraphSim::origin() const {
  return "http://127.0.0.1:" + std::to_string(m_port);
}

std::vector<std::string> GraphSim::export_args() const {
  return {"--source",  "entra",       "--tenant-id", tenant_id(),   "--client-id",
          client_id(), "--authority", origin(),      "--graph-url", origin()};
}

std::string GraphSim::log() const {
  try {
    return read_file(m_log);
  } catch (const std::exception&) {
    return {};
  }
}

nlohmann::json GraphSim::counts() const {
  httplib::Client client("127.0.0.1", m_port);
  auto res = client.Get("/_sim/counts");
  if (!res || res->status != 200) {
    throw std::runtime_error("graph-sim side door /_sim/counts failed");
  }
  return nlohmann::json::parse(res->body);
}

void GraphSim::set_faults(const nlohmann::json& faults) {
  httplib::Client client("127.0.0.1", m_port);
  auto res = client.Post("/_sim/faults", faults.dump(), "application/json");
  if (!res || res->status != 200) {
    throw std::runtime_error("graph-sim side door /_sim/faults failed: " +
                             (res ? res->body : std::string("no answer")));
  }
}

} // namespace alignctl::test
