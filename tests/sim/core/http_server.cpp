#include "tests/sim/core/http_server.hpp"

#include "tests/sim/core/tls_transport.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace alignctl::sim {

namespace {

constexpr std::size_t k_max_head = 64 * 1024;
constexpr long long k_max_body = 64LL * 1024 * 1024;
constexpr auto k_idle_timeout = std::chrono::seconds(60);

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

} // namespace

struct HttpServer::Connection {
  int fd = -1;
  std::string peer;               // "127.0.0.1:54321", for logs
  std::unique_ptr<TlsStream> tls; // null for plain HTTP
  bool handshaken = false;        // TLS handshake done
  std::string buffer;             // bytes read but not yet consumed
  std::chrono::steady_clock::time_point last_active = std::chrono::steady_clock::now();

  ~Connection() {
    if (tls) {
      tls->shutdown(); // close_notify, unless the connection was dropped or broke
      tls.reset();
    }
    if (fd >= 0) {
      ::close(fd);
    }
  }
  // Closes without a byte more: no answer, and over TLS no close_notify.
  void drop() {
    tls.reset();
    ::shutdown(fd, SHUT_RDWR);
  }
  bool send(std::string_view data) { return tls ? tls->write_all(data) : send_all(fd, data); }
  // Received bytes the TLS layer holds (the socket may not poll readable for them).
  bool has_pending() const { return tls && tls->has_pending(); }
  // Appends what the socket has; false on EOF, error or timeout.
  bool fill() {
    char buf[16384];
    if (tls) {
      std::size_t n = tls->read(buf, sizeof buf);
      buffer.append(buf, n);
      return n > 0;
    }
    while (true) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        return false;
      }
      buffer.append(buf, static_cast<std::size_t>(n));
      return true;
    }
  }
};

HttpServer::HttpServer(HttpHandler handler, int threads)
    : m_handler(std::move(handler)), m_threads(threads < 1 ? 1 : threads) {}

HttpServer::~HttpServer() {
  stop();
  for (auto& w : m_workers) {
    if (w.joinable()) {
      w.join();
    }
  }
  if (m_listen_fd >= 0) {
    ::close(m_listen_fd);
  }
  for (int fd : m_wake) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
}

Result<int> HttpServer::listen(const std::string& bind_address, int port) {
  auto fail = [](const std::string& what) {
    return make_error(ErrorKind::Io, what + ": " + std::strerror(errno));
  };
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, bind_address.c_str(), &addr.sin_addr) != 1) {
    return make_error(ErrorKind::Input, "invalid IPv4 bind address '" + bind_address + "'");
  }
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (m_listen_fd < 0) {
    return fail("socket");
  }
  int one = 1;
  ::setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return fail("bind " + bind_address + ":" + std::to_string(port));
  }
  if (::listen(m_listen_fd, 512) != 0) {
    return fail("listen");
  }
  socklen_t len = sizeof addr;
  if (::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return fail("getsockname");
  }
  if (::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    return fail("pipe");
  }
  return static_cast<int>(ntohs(addr.sin_port));
}

void HttpServer::enable_tls(std::shared_ptr<const TlsServerContext> context,
                            std::function<void(const std::string&)> log) {
  m_tls = std::move(context);
  m_tls_log = std::move(log);
}

void HttpServer::stop() {
  bool was = m_stopping.exchange(true);
  if (!was && m_wake[1] >= 0) {
    char c = 's';
    [[maybe_unused]] auto n = ::write(m_wake[1], &c, 1);
  }
  m_cv.notify_all();
}

void HttpServer::give_back(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(m_mutex);
    m_returned.push_back(std::move(conn));
  }
  char c = 'r';
  [[maybe_unused]] auto n = ::write(m_wake[1], &c, 1);
}

void HttpServer::run() {
  for (int i = 0; i < m_threads; ++i) {
    m_workers.emplace_back([this] { worker_loop(); });
  }
  std::vector<std::unique_ptr<Connection>> idle;
  std::vector<pollfd> fds;
  while (!m_stopping) {
    fds.clear();
    fds.push_back({m_listen_fd, POLLIN, 0});
    fds.push_back({m_wake[0], POLLIN, 0});
    for (const auto& c : idle) {
      fds.push_back({c->fd, POLLIN, 0});
    }
    int rc = ::poll(fds.data(), fds.size(), 1000);
    if (rc < 0 && errno != EINTR) {
      break;
    }
    if (m_stopping) {
      break;
    }
    auto now = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<Connection>> still_idle;
    std::vector<std::unique_ptr<Connection>> ready;
    for (std::size_t i = 0; i < idle.size(); ++i) {
      auto& c = idle[i];
      short re = rc > 0 ? fds[i + 2].revents : 0;
      if (re & (POLLIN | POLLHUP | POLLERR)) {
        ready.push_back(std::move(c));
      } else if (now - c->last_active > k_idle_timeout) {
        c.reset();
      } else {
        still_idle.push_back(std::move(c));
      }
    }
    idle = std::move(still_idle);
    if (rc > 0 && (fds[0].revents & POLLIN)) {
      while (true) {
        sockaddr_in peer{};
        socklen_t peer_len = sizeof peer;
        int fd = ::accept4(m_listen_fd, reinterpret_cast<sockaddr*>(&peer), &peer_len,
                           SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
          break;
        }
        // Workers read and write blocking, with a timeout against stuck peers.
        int flags = ::fcntl(fd, F_GETFL);
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        timeval tv{30, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto c = std::make_unique<Connection>();
        c->fd = fd;
        char ip[INET_ADDRSTRLEN] = "?";
        ::inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
        c->peer = std::string(ip) + ":" + std::to_string(ntohs(peer.sin_port));
        if (m_tls) {
          c->tls = std::make_unique<TlsStream>(*m_tls, fd);
        }
        idle.push_back(std::move(c));
      }
    }
    if (rc > 0 && (fds[1].revents & POLLIN)) {
      char buf[256];
      while (::read(m_wake[0], buf, sizeof buf) > 0) {
      }
    }
    {
      std::lock_guard lock(m_mutex);
      for (auto& c : m_returned) {
        c->last_active = now;
        idle.push_back(std::move(c));
      }
      m_returned.clear();
      for (auto& c : ready) {
        m_ready.push_back(std::move(c));
      }
    }
    if (!ready.empty()) {
      m_cv.notify_all();
    }
  }
  m_stopping = true;
  m_cv.notify_all();
  for (auto& w : m_workers) {
    w.join();
  }
  m_workers.clear();
  std::lock_guard lock(m_mutex);
  m_ready.clear();
  m_returned.clear();
}

void HttpServer::worker_loop() {
  while (true) {
    std::unique_ptr<Connection> conn;
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait(lock, [&] { return m_stopping || !m_ready.empty(); });
      if (m_stopping) {
        return;
      }
      conn = std::move(m_ready.front());
      m_ready.pop_front();
    }
    serve(std::move(conn));
  }
}

bool HttpServer::handshake(Connection& conn) {
  char first = 0;
  ssize_t n = ::recv(conn.fd, &first, 1, MSG_PEEK);
  if (n <= 0) {
    return false; // closed (or silent) before a byte: a port probe, not a failed handshake
  }
  auto done = conn.tls->accept();
  if (!done.ok()) {
    std::uint64_t count = ++m_tls_failures;
    if (m_tls_log) {
      m_tls_log("TLS handshake with " + conn.peer + " failed (" + std::to_string(count) +
                " so far): " + done.error().message);
    }
    return false;
  }
  conn.handshaken = true;
  ++m_tls_handshakes;
  return true;
}

void HttpServer::serve(std::unique_ptr<Connection> conn) {
  if (conn->tls && !conn->handshaken) {
    if (!handshake(*conn)) {
      return; // closes this connection only
    }
    if (!conn->has_pending()) {
      give_back(std::move(conn)); // the request comes on a later poll
      return;
    }
  }
  while (!m_stopping) {
    std::size_t head_end;
    while ((head_end = conn->buffer.find("\r\n\r\n")) == std::string::npos) {
      if (conn->buffer.size() > k_max_head || !conn->fill()) {
        if (conn->buffer.size() > k_max_head) {
          conn->send(serialize_response(HttpResponse::empty(431), false));
        }
        return; // closes
      }
    }
    auto parsed = parse_request_head(std::string_view(conn->buffer).substr(0, head_end));
    if (!parsed.ok()) {
      conn->send(serialize_response(
          HttpResponse::json(400, "{\"message\":\"" + parsed.error().message + "\"}"), false));
      return;
    }
    HttpRequest req = std::move(parsed.value());
    conn->buffer.erase(0, head_end + 4);
    if (const std::string* te = req.header("transfer-encoding"); te != nullptr) {
      conn->send(
          serialize_response(HttpResponse::json(501, "{\"message\":\"chunked request bodies are "
                                                     "not supported; send Content-Length\"}"),
                             false));
      return;
    }
    long long length = req.content_length();
    if (length < 0 || length > k_max_body) {
      conn->send(serialize_response(HttpResponse::empty(length < 0 ? 400 : 413), false));
      return;
    }
    if (const std::string* ex = req.header("expect");
        ex != nullptr && to_lower(*ex) == "100-continue" &&
        conn->buffer.size() < static_cast<std::size_t>(length)) {
      if (!conn->send("HTTP/1.1 100 Continue\r\n\r\n")) {
        return;
      }
    }
    while (conn->buffer.size() < static_cast<std::size_t>(length)) {
      if (!conn->fill()) {
        return;
      }
    }
    req.body = conn->buffer.substr(0, static_cast<std::size_t>(length));
    conn->buffer.erase(0, static_cast<std::size_t>(length));

    HttpResponse resp = m_handler(req);
    if (resp.drop) {
      conn->drop();
      return; // closes without a byte of answer
    }
    bool keep = req.keep_alive() && !m_stopping;
    if (!conn->send(serialize_response(resp, keep)) || !keep) {
      return;
    }
    if (conn->buffer.empty() && !conn->has_pending()) {
      give_back(std::move(conn));
      return;
    }
    // A pipelined request is already buffered (here or in the TLS layer):
    // serve it on this worker.
  }
}

} // namespace alignctl::sim
