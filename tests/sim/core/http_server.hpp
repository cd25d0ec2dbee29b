// HttpServer: a small HTTP/1.1 server on raw sockets — keep-alive, a fixed
// pool of worker threads, Expect: 100-continue, and the one thing general
// libraries do not offer: a handler may ask to close the socket without
// answering (HttpResponse::drop) after it has committed a write.
//
// One poll() thread owns idle connections; when one becomes readable it is
// handed to a worker, which reads one request, calls the handler, writes the
// answer and hands the connection back (or closes it).
//
// With enable_tls() every connection is TLS (tls_transport.hpp): the worker
// that first gets a connection runs the handshake; a failed handshake closes
// that connection only and is counted and logged. A connection whose TLS
// layer already holds received bytes stays on its worker (its socket may
// never poll readable again for them).
#pragma once

#include "state/util/result.hpp"
#include "tests/sim/core/http_message.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace alignctl::sim {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
class TlsServerContext;

class HttpServer {
public:
  HttpServer(HttpHandler handler, int threads);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns the bound port (useful with port 0), or an
  // Io error quoting strerror.
  Result<int> listen(const std::string& bind_address, int port);
  // Serves HTTPS instead of HTTP on the same port. Call before run().
  // `log` receives one line per failed handshake (from worker threads).
  void enable_tls(std::shared_ptr<const TlsServerContext> context,
                  std::function<void(const std::string&)> log);
  // Serves until stop() is called. Call once, after listen().
  void run();
  // Thread-safe; makes run() return after closing every connection.
  void stop();
  // TLS handshakes completed and failed since start (peers that closed
  // before sending a byte are neither).
  std::uint64_t tls_handshakes() const { return m_tls_handshakes; }
  std::uint64_t tls_handshake_failures() const { return m_tls_failures; }

  struct Connection;

private:
  void worker_loop();
  void serve(std::unique_ptr<Connection> conn);
  void give_back(std::unique_ptr<Connection> conn);
  bool handshake(Connection& conn);

  HttpHandler m_handler;
  int m_threads;
  int m_listen_fd = -1;
  int m_wake[2] = {-1, -1};
  std::atomic<bool> m_stopping{false};
  std::shared_ptr<const TlsServerContext> m_tls; // null: plain HTTP
  std::function<void(const std::string&)> m_tls_log;
  std::atomic<std::uint64_t> m_tls_handshakes{0};
  std::atomic<std::uint64_t> m_tls_failures{0};

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::unique_ptr<Connection>> m_ready;     // readable, waiting for a worker
  std::vector<std::unique_ptr<Connection>> m_returned; // served, back to the poll thread
  std::vector<std::thread> m_workers;
};

} // namespace alignctl::sim
