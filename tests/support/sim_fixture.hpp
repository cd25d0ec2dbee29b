// SimServer: starts jira-align-sim for one test — loopback, a free port, a
// temporary directory, the /_sim/ side door on — and stops it when destroyed.
// The side-door helpers read and steer the simulator over HTTP.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace alignctl::test {

class TempDir;
class ChildProcess;

// HTTPS for the simulator: jira-align-sim --tls-cert/--tls-key (see test_pki.hpp).
struct SimTls {
  std::string cert_file;
  std::string key_file;
  std::string host = "localhost"; // what base_url() names: "localhost" or "127.0.0.1"
};

struct SimOptions {
  std::string seed_file; // empty: start with an empty tenant (reference data: see write_seed)
  std::string token = "sim-token";
  std::vector<std::string>
      extra_args; // e.g. {"--latency-ms","20","--error-rate","0.2","--fault-seed","7"}
  // Serve HTTPS instead of HTTP. The side door then speaks TLS too, without
  // verifying the certificate (it is test plumbing; verification is what the
  // tests check through the real client).
  std::optional<SimTls> tls{};
};

class SimServer {
public:
  // Starts sim_bin() with --side-door --port 0 --port-file in a TempDir (the
  // token goes through a file, never argv) and waits until /_sim/health
  // answers. Throws std::runtime_error with the simulator's log when it does
  // not come up within ~10 s.
  explicit SimServer(SimOptions options = {});
  ~SimServer(); // stops it (SIGTERM, then SIGKILL)
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // "http://127.0.0.1:PORT/rest/align/api/2", or with TLS
  // "https://HOST:PORT/rest/align/api/2" (HOST from SimTls::host).
  std::string base_url() const;
  const std::string& token() const;
  int port() const { return m_port; }

  // Side door; each throws std::runtime_error on a transport error or a
  // non-2xx answer, quoting the body.
  nlohmann::json state() const;                  // GET /_sim/state: all users, full records
  nlohmann::json counts() const;                 // GET /_sim/counts
  void reset_counts();                           // POST /_sim/reset-counts
  void set_faults(const nlohmann::json& faults); // POST /_sim/faults, e.g. {"error_rate":0.2}
  void
  put_users(const nlohmann::json& users); // POST /_sim/users: raw records, insert or replace by id
  std::string log() const;                // the simulator's stdout/stderr so far

  // Stops the simulator (SIGTERM; it flushes --state) and returns the exit status.
  int stop();

private:
  nlohmann::json side_door(const std::string& method, const std::string& path,
                           const std::string& body) const;

  std::unique_ptr<TempDir> m_dir;
  std::unique_ptr<ChildProcess> m_process;
  std::string m_token;
  std::optional<SimTls> m_tls;
  std::filesystem::path m_log;
  int m_port = 0;
};

// Writes a small seed tenant to `path`: regions 1 "AMER", 2 "EMEA", 3 "APAC";
// cities 11 "AMER – Remote" (region 1), 21 "EMEA – Remote" (2), 31 "APAC –
// Remote" (3); cost centers 100, 101; divisions 200, 201; and `users` (a JSON
// array of raw user records).
void write_seed(const std::filesystem::path& path, const nlohmann::json& users);

} // namespace alignctl::test
