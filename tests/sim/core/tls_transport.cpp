#include "tests/sim/core/tls_transport.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace alignctl::sim {

namespace {

SSL* ssl_of(void* p) {
  return static_cast<SSL*>(p);
}

// The oldest queued OpenSSL error as text, or `fallback`; clears the queue.
std::string openssl_reason(const std::string& fallback) {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) {
    return fallback;
  }
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

} // namespace

Result<std::shared_ptr<TlsServerContext>> TlsServerContext::load(const std::string& cert_file,
                                                                 const std::string& key_file) {
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) {
    return make_error(ErrorKind::Internal, "creating the TLS context: " + openssl_reason("?"));
  }
  std::shared_ptr<TlsServerContext> out(new TlsServerContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // Read what the socket has, not one record at a time: fewer system calls,
  // and pipelined requests then wait in OpenSSL's buffer (see has_pending()).
  SSL_CTX_set_read_ahead(ctx, 1);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return make_error(ErrorKind::Input, "cannot use TLS certificate " + cert_file + ": " +
                                            openssl_reason("not a PEM certificate"));
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return make_error(ErrorKind::Input, "cannot use TLS private key " + key_file + ": " +
                                            openssl_reason("not a PEM private key"));
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return make_error(ErrorKind::Input, "TLS private key " + key_file +
                                            " does not match certificate " + cert_file + ": " +
                                            openssl_reason("mismatch"));
  }
  return out;
}

TlsServerContext::~TlsServerContext() {
  SSL_CTX_free(static_cast<SSL_CTX*>(m_ctx));
}

TlsStream::TlsStream(const TlsServerContext& context, int fd)
    : m_ssl(SSL_new(static_cast<SSL_CTX*>(context.native()))) {
  if (m_ssl != nullptr && SSL_set_fd(ssl_of(m_ssl), fd) != 1) {
    SSL_free(ssl_of(m_ssl));
    m_ssl = nullptr;
  }
}

TlsStream::~TlsStream() {
  if (m_ssl != nullptr) {
    SSL_free(ssl_of(m_ssl));
  }
}

Result<void> TlsStream::accept() {
  if (m_ssl == nullptr) {
    return make_error(ErrorKind::Internal, "cannot create a TLS session: " + openssl_reason("?"));
  }
  ERR_clear_error();
  errno = 0;
  int rc = SSL_accept(ssl_of(m_ssl));
  if (rc == 1) {
    m_usable = true;
    return {};
  }
  int err = SSL_get_error(ssl_of(m_ssl), rc);
  std::string why;
  switch (err) {
  case SSL_ERROR_ZERO_RETURN:
    why = "the peer closed the connection";
    break;
  case SSL_ERROR_WANT_READ:
  case SSL_ERROR_WANT_WRITE:
    why = "timed out waiting for the peer";
    break;
  case SSL_ERROR_SYSCALL:
    why = openssl_reason(errno != 0 ? std::strerror(errno)
                                    : "the peer closed the connection during the handshake");
    break;
  default:
    why = openssl_reason("handshake failed");
    break;
  }
  return make_error(ErrorKind::Transport, why);
}

std::size_t TlsStream::read(char* buffer, std::size_t size) {
  if (!m_usable) {
    return 0;
  }
  ERR_clear_error();
  int want = size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
  int n = SSL_read(ssl_of(m_ssl), buffer, want);
  if (n > 0) {
    return static_cast<std::size_t>(n);
  }
  int err = SSL_get_error(ssl_of(m_ssl), n);
  if (err != SSL_ERROR_ZERO_RETURN) {
    m_usable = false; // no close_notify after a fatal error or a timeout
  }
  ERR_clear_error();
  return 0;
}

bool TlsStream::write_all(std::string_view data) {
  while (m_usable && !data.empty()) {
    ERR_clear_error();
    std::size_t chunk = data.size() > static_cast<std::size_t>(INT_MAX) ? INT_MAX : data.size();
    int n = SSL_write(ssl_of(m_ssl), data.data(), static_cast<int>(chunk));
    if (n <= 0) {
      m_usable = false;
      ERR_clear_error();
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return m_usable;
}

bool TlsStream::has_pending() const {
  return m_usable && SSL_has_pending(ssl_of(m_ssl)) == 1;
}

void TlsStream::shutdown() {
  if (m_usable) {
    m_usable = false;
    ERR_clear_error();
    SSL_shutdown(ssl_of(m_ssl));
    ERR_clear_error();
  }
}

} // namespace alignctl::sim
