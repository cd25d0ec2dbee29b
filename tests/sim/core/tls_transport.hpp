// TLS for HttpServer (OpenSSL): a server context loaded once from PEM files,
// and one TlsStream per accepted connection that reads and writes on the
// connection's blocking socket. OpenSSL buffers what it has received, so a
// connection can hold a whole request while its socket does not poll
// readable: has_pending() says so.
#pragma once

#include "state/util/result.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace alignctl::sim {

class TlsServerContext {
public:
  // Loads the certificate (chain) and private key and checks that they
  // match. Input error naming the file and OpenSSL's reason otherwise.
  static Result<std::shared_ptr<TlsServerContext>> load(const std::string& cert_file,
                                                        const std::string& key_file);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  void* native() const { return m_ctx; } // SSL_CTX*

private:
  explicit TlsServerContext(void* ctx) : m_ctx(ctx) {}
  void* m_ctx;
};

class TlsStream {
public:
  // Does not own `fd`; the context must outlive the stream.
  TlsStream(const TlsServerContext& context, int fd);
  ~TlsStream();
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // The server side of the handshake. On failure, an error whose message is
  // OpenSSL's reason ("… tlsv1 alert unknown ca", "the peer closed the
  // connection").
  Result<void> accept();
  // Up to `size` decrypted bytes; 0 on close_notify, EOF, error or timeout.
  std::size_t read(char* buffer, std::size_t size);
  // Encrypts and sends everything; false on error.
  bool write_all(std::string_view data);
  // True when OpenSSL holds received bytes (decrypted or not) that read()
  // has not returned yet.
  bool has_pending() const;
  // Sends close_notify once (best effort; does not wait for the peer's).
  void shutdown();

private:
  void* m_ssl;           // SSL*
  bool m_usable = false; // handshake done and no fatal error since
};

} // namespace alignctl::sim
