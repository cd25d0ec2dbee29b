// Which kind of refusal an OpenSSL certificate verification error is — one
// list of X509_V_ERR_* codes for both outside connections (the Jira Align
// client through libcurl, and export's LDAPS certificate check).
#pragma once

namespace alignctl {

enum class X509Refusal {
  Untrusted,    // not signed by a trusted CA (or self-signed)
  Expired,      // notAfter in the past
  NotYetValid,  // notBefore in the future
  HostMismatch, // valid, but issued for another name or address
  Other,        // anything else (revoked, bad purpose, …)
};

// `verify_error` is an X509_V_ERR_* value (X509_STORE_CTX_get_error,
// CURLINFO_SSL_VERIFYRESULT).
X509Refusal classify_x509_error(long verify_error);

} // namespace alignctl
