// Turning an unwanted HTTP answer into an Error a user can act on. Every
// message starts with the request's label ("GET /Users/42") and quotes the
// server's own message, shortened; headers are never quoted. Also the text
// for a refused TLS handshake (no HTTP answer at all).
#pragma once

#include "state/util/result.hpp"

#include <string>
#include <string_view>

namespace alignctl {

// The server's message from a body: the "message"/"Message"/"error" string of a
// JSON object when there is one, otherwise the text; whitespace collapsed, cut
// to `max_chars` characters with "…". Empty when the body is empty.
std::string quote_server_message(std::string_view body, std::size_t max_chars = 300);

// The Error for a final non-2xx `status`. `token_origin` says where the token
// came from (for 401); `attempts` is how many times the request was sent.
Error http_status_error(const std::string& label, int status, std::string_view body,
                        const std::string& token_origin, int attempts);

// Why the server's TLS certificate was refused.
enum class TlsRefusal {
  Untrusted,    // not signed by a trusted CA (or self-signed)
  Expired,      // notAfter in the past
  NotYetValid,  // notBefore in the future
  HostMismatch, // valid, but issued for another name
  BadCaBundle,  // the configured CA bundle cannot be read or holds no certificate
  Other,        // revoked, bad signature, pinned key mismatch, …
};

// The message for a refused certificate of `host` (or an unusable CA
// bundle): what is wrong, in words,
// then what to do. `ca_bundle` is the configured --ca-bundle ("" = the system
// store); `detail` is the TLS library's own text, quoted in parentheses.
std::string tls_refusal_message(TlsRefusal why, const std::string& host,
                                const std::string& ca_bundle, const std::string& detail);

} // namespace alignctl
