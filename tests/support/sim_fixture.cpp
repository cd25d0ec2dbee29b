#include "tests/support/sim_fixture.hpp"

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <chrono>
#include <fstream>
#include <httplib.h>
#include <stdexcept>
#include <thread>

namespace alignctl::test {

namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// An HTTP(S) client for the side door on 127.0.0.1.
std::unique_ptr<httplib::Client> side_door_client(bool tls, int port) {
  auto client = std::make_unique<httplib::Client>(
      (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port));
  if (tls) {
    client->enable_server_certificate_verification(false);
  }
  return client;
}

} // namespace

void write_seed(const std::filesystem::path& path, const nlohmann::json& users) {
  nlohmann::json seed = {
      {"regions",
       {{{"id", 1}, {"name", "AMER"}},
        {{"id", 2}, {"name", "EMEA"}},
        {{"id", 3}, {"name", "APAC"}}}},
      {"cities",
       {{{"id", 11}, {"name", "AMER \xE2\x80\x93 Remote"}, {"regionId", 1}},
        {{"id", 21}, {"name", "EMEA \xE2\x80\x93 Remote"}, {"regionId", 2}},
        {{"id", 31}, {"name", "APAC \xE2\x80\x93 Remote"}, {"regionId", 3}}}},
      {"costCenters",
       {{{"id", 100}, {"name", "Cost Center 100"}}, {{"id", 101}, {"name", "Cost Center 101"}}}},
      {"divisions",
       {{{"id", 200}, {"name", "Division 200"}}, {{"id", 201}, {"name", "Division 201"}}}},
      {"users", users.is_null() ? nlohmann::json::array() : users},
  };
  write_file(path, seed.dump(2) + "\n");
}

SimServer::SimServer(SimOptions options)
    : m_dir(std::make_unique<TempDir>("alignctl-sim")), m_token(options.token), m_tls(options.tls) {
  std::string seed = options.seed_file;
  if (seed.empty()) {
    seed = (*m_dir / "seed.json").string();
    write_seed(seed, nlohmann::json::array());
  }
  auto token_file = *m_dir / "token";
  write_file(token_file, m_token + "\n");
  auto port_file = *m_dir / "port";
  m_log = *m_dir / "sim.log";
  std::vector<std::string> argv = {
      sim_bin(),     "--seed",           seed,           "--side-door",      "--port", "0",
      "--port-file", port_file.string(), "--token-file", token_file.string()};
  if (m_tls) {
    argv.insert(argv.end(), {"--tls-cert", m_tls->cert_file, "--tls-key", m_tls->key_file});
  }
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  m_process = std::make_unique<ChildProcess>(argv, m_log.string());

  std::string why;
  const bool tls = m_tls.has_value();
  m_port = wait_until_serving(
      *m_process, port_file.string(), std::chrono::seconds(10),
      [tls](int port) {
        auto client = side_door_client(tls, port);
        client->set_connection_timeout(std::chrono::seconds(1));
        client->set_read_timeout(std::chrono::seconds(2));
        auto res = client->Get("/_sim/health");
        return res && res->status == 200;
      },
      why);
  if (m_port != 0) {
    return;
  }
  std::string log_text = read_all(m_log);
  m_process->kill_hard();
  throw std::runtime_error("jira-align-sim did not come up (" + why + "); its log:\n" + log_text);
}

SimServer::~SimServer() = default;

int SimServer::stop() {
  return m_process->stop();
}

std::string SimServer::base_url() const {
  if (m_tls) {
    return "https://" + m_tls->host + ":" + std::to_string(m_port) + "/rest/align/api/2";
  }
  return "http://127.0.0.1:" + std::to_string(m_port) + "/rest/align/api/2";
}

const std::string& SimServer::token() const {
  return m_token;
}

std::string SimServer::log() const {
  return read_all(m_log);
}

nlohmann::json SimServer::side_door(const std::string& method, const std::string& path,
                                    const std::string& body) const {
  auto client = side_door_client(m_tls.has_value(), m_port);
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::seconds(60));
  httplib::Result res = method == "GET" ? client->Get(path.c_str())
                                        : client->Post(path.c_str(), body, "application/json");
  if (!res) {
    throw std::runtime_error("side door " + method + " " + path + ": " +
                             httplib::to_string(res.error()));
  }
  if (res->status < 200 || res->status > 299) {
    throw std::runtime_error("side door " + method + " " + path + ": HTTP " +
                             std::to_string(res->status) + ": " + res->body);
  }
  return res->body.empty() ? nlohmann::json() : nlohmann::json::parse(res->body);
}

nlohmann::json SimServer::state() const {
  return side_door("GET", "/_sim/state", "");
}

nlohmann::json SimServer::counts() const {
  return side_door("GET", "/_sim/counts", "");
}

void SimServer::reset_counts() {
  side_door("POST", "/_sim/reset-counts", "");
}

void SimServer::set_faults(const nlohmann::json& faults) {
  side_door("POST", "/_sim/faults", faults.dump());
}

void SimServer::put_users(const nlohmann::json& users) {
  side_door("POST", "/_sim/users", users.dump());
}

} // namespace alignctl::test
