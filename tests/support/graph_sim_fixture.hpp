// GraphSim: starts graph-sim (the Microsoft Graph simulator, docs/simulator.md)
// for one test — loopback, a free port, a temporary directory, the side door
// on, the client secret through a file — and stops it when destroyed.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alignctl::test {

class TempDir;
class ChildProcess;

struct GraphSimOptions {
  nlohmann::json tenant; // users/groups/objects; null: use `extra_args` (--generate-…)
  std::string client_secret = "graph-sim-secret";
  std::vector<std::string> extra_args; // e.g. {"--latency-ms","5","--token-lifetime","2"}
};

class GraphSim {
public:
  explicit GraphSim(GraphSimOptions options = {});
  ~GraphSim();
  GraphSim(const GraphSim&) = delete;
  GraphSim& operator=(const GraphSim&) = delete;

  std::string origin() const; // http://127.0.0.1:PORT: both the authority and the Graph URL
  const std::string& client_secret() const { return m_secret; }
  static const char* tenant_id() { return "00000000-0000-0000-0000-0000000000aa"; }
  static const char* client_id() { return "11111111-1111-1111-1111-111111111111"; }
  // alignctl export flags reaching this simulator (source, tenant, client, URLs).
  std::vector<std::string> export_args() const;

  nlohmann::json counts() const;                 // GET /_sim/counts
  void set_faults(const nlohmann::json& faults); // POST /_sim/faults
  std::string log() const;

private:
  std::unique_ptr<TempDir> m_dir;
  std::unique_ptr<ChildProcess> m_process;
  std::string m_secret;
  std::filesystem::path m_log;
  int m_port = 0;
};

std::string graph_sim_bin();

} // namespace alignctl::test
