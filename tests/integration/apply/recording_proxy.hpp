// RecordingProxy: an HTTP proxy on loopback in front of the simulator that
// records every request it receives (method, target, body) before forwarding
// it — an independent witness of what alignctl sent, even when alignctl is
// killed while the request is in flight.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace alignctl::test {

struct ProxiedRequest {
  std::string method;
  std::string target; // path and query, as sent
  std::string body;
};

class RecordingProxy {
public:
  explicit RecordingProxy(int upstream_port);
  ~RecordingProxy();
  RecordingProxy(const RecordingProxy&) = delete;
  RecordingProxy& operator=(const RecordingProxy&) = delete;

  std::string base_url() const; // "http://127.0.0.1:PORT/rest/align/api/2"
  std::vector<ProxiedRequest> requests() const;

private:
  int m_upstream;
  int m_port = 0;
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::vector<ProxiedRequest> m_requests;
};

} // namespace alignctl::test
