// HttpServer: a small HTTP/1.1 server on raw sockets — keep-alive, a fixed
// pool of worker threads, Expect: 100-continue, and the one thing general
// libraries do not offer: a handler may ask to close the socket without
// answering (HttpResponse::drop) after it has committed a write.
//
// One poll() thread owns idle connections; when one becomes readable it is
// handed to a worker, which reads one request, calls the handler, writes the
// answer and hands the connection back (or closes it).
#pragma once

#include "state/util/result.hpp"
#include "tests/sim/core/http_message.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace alignctl::sim {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
public:
  HttpServer(HttpHandler handler, int threads);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns the bound port (useful with port 0), or an
  // Io error quoting strerror.
  Result<int> listen(const std::string& bind_address, int port);
  // Serves until stop() is called. Call once, after listen().
  void run();
  // Thread-safe; makes run() return after closing every connection.
  void stop();

  struct Connection;

private:
  void worker_loop();
  void serve(std::unique_ptr<Connection> conn);
  void give_back(std::unique_ptr<Connection> conn);

  HttpHandler m_handler;
  int m_threads;
  int m_listen_fd = -1;
  int m_wake[2] = {-1, -1};
  std::atomic<bool> m_stopping{false};

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::unique_ptr<Connection>> m_ready;     // readable, waiting for a worker
  std::vector<std::unique_ptr<Connection>> m_returned; // served, back to the poll thread
  std::vector<std::thread> m_workers;
};

} // namespace alignctl::sim
