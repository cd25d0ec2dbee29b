#include "recording_proxy.hpp"

#include <chrono>
#include <httplib.h>
#include <stdexcept>
#include <thread>

namespace alignctl::test {

RecordingProxy::RecordingProxy(int upstream_port)
    : m_upstream(upstream_port), m_server(std::make_unique<httplib::Server>()) {
  auto forward = [this](const httplib::Request& req, httplib::Response& res) {
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_requests.push_back({req.method, req.target, req.body});
      if (m_requests.size() > m_hold_after) {
        m_gate.wait(lock, [this] { return m_released; });
        const auto delay = m_delay;
        lock.unlock();
        std::this_thread::sleep_for(delay);
      }
    }
    struct Answered {
      RecordingProxy* proxy;
      ~Answered() {
        std::lock_guard<std::mutex> lock(proxy->m_mutex);
        ++proxy->m_answered;
      }
    } answered{this};
    httplib::Client up("127.0.0.1", m_upstream);
    up.set_read_timeout(120, 0);
    httplib::Headers headers;
    for (const auto& [k, v] : req.headers) {
      if (k == "Authorization" || k == "Content-Type" || k == "Accept") {
        headers.emplace(k, v);
      }
    }
    std::string type = req.get_header_value("Content-Type");
    httplib::Result r = req.method == "GET"    ? up.Get(req.target, headers)
                        : req.method == "POST" ? up.Post(req.target, headers, req.body, type)
                                               : up.Patch(req.target, headers, req.body, type);
    if (!r) {
      // The simulator dropped the connection (commit-then-drop): drop ours too.
      res.status = 502;
      res.set_header("Connection", "close");
      return;
    }
    res.status = r->status;
    for (const auto& [k, v] : r->headers) {
      if (k == "Retry-After" || k == "Location") {
        res.set_header(k, v);
      }
    }
    std::string content_type =
        r->has_header("Content-Type") ? r->get_header_value("Content-Type") : "application/json";
    res.set_content(r->body, content_type);
  };
  // Enough workers for every client connection (a keep-alive connection holds
  // one), and connections closed after each answer, so none waits on another.
  m_server->new_task_queue = [] { return new httplib::ThreadPool(32); };
  m_server->set_keep_alive_max_count(1);
  m_server->Get(".*", forward);
  m_server->Post(".*", forward);
  m_server->Patch(".*", forward);
  m_port = m_server->bind_to_any_port("127.0.0.1");
  if (m_port <= 0) {
    throw std::runtime_error("recording proxy: cannot bind a loopback port");
  }
  m_thread = std::thread([this] { m_server->listen_after_bind(); });
  while (!m_server->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

RecordingProxy::~RecordingProxy() {
  release(std::chrono::milliseconds(0));
  m_server->stop();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

std::string RecordingProxy::base_url() const {
  return "http://127.0.0.1:" + std::to_string(m_port) + "/rest/align/api/2";
}

std::size_t RecordingProxy::answered() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_answered;
}

void RecordingProxy::hold_after(std::size_t n) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_hold_after = n;
}

void RecordingProxy::release(std::chrono::milliseconds delay) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_delay = delay;
    m_released = true;
  }
  m_gate.notify_all();
}

std::vector<ProxiedRequest> RecordingProxy::requests() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_requests;
}

} // namespace alignctl::test
