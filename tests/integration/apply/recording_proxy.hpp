// RecordingProxy: an HTTP proxy on loopback in front of the simulator that
// records every request it receives (method, target, body) before forwarding
// it — an independent witness of what alignctl sent, even when alignctl is
// killed while the request is in flight. It can also hold requests back (a
// gate) and slow them down: a client further from the server.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
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
  // Requests answered so far.
  std::size_t answered() const;
  // Every request after the first `n` waits until release() before it is
  // forwarded (call before the client starts).
  void hold_after(std::size_t n);
  // Opens the gate; each held and later request is then forwarded `delay` late.
  void release(std::chrono::milliseconds delay);

private:
  int m_upstream;
  int m_port = 0;
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::condition_variable m_gate;
  std::vector<ProxiedRequest> m_requests;
  std::size_t m_answered = 0;
  std::size_t m_hold_after = static_cast<std::size_t>(-1);
  bool m_released = false;
  std::chrono::milliseconds m_delay{0};
};

} // namespace alignctl::test
