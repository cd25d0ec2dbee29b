// Judging a server certificate with OpenSSL, to say *why* a TLS connection
// was refused when the TLS library in use does not (libldap built with
// GnuTLS reports every refusal as "(unknown error code)").
#pragma once

#include <string>
#include <string_view>

namespace alignctl {

enum class CertVerdict {
  Ok,           // would verify
  Untrusted,    // not signed by a CA in the store (or self-signed)
  Expired,      // notAfter in the past
  NotYetValid,  // notBefore in the future
  HostMismatch, // valid, but issued for other names
  Other,        // any other verification failure (see detail)
  Unreadable,   // not a DER certificate, or the CA file cannot be loaded
};

struct CertCheck {
  CertVerdict verdict = CertVerdict::Unreadable;
  // OpenSSL's words ("certificate has expired"), plus what helps to act: the
  // expiry date, or the names the certificate is issued for.
  std::string detail;
};

// Verifies the leaf certificate `der` against the CA certificates in
// `ca_file` (PEM; empty = the system's default store) and `host` (a DNS name
// or an IP address), at the current time. Only the leaf is known, so a
// server that needs an intermediate certificate reports Untrusted.
CertCheck check_server_certificate(std::string_view der, const std::string& ca_file,
                                   const std::string& host);

} // namespace alignctl
