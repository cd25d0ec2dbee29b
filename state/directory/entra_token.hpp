// EntraTokenSource: Microsoft Graph access tokens from the Microsoft identity
// platform's OAuth 2.0 client-credentials flow — with a client secret, or a
// client assertion (a JWT signed RS256 with the application's certificate
// key, naming the certificate by its x5t#S256 and x5t thumbprints). A token
// is kept and renewed before it expires, and once more when Graph answers
// 401. Tokens, secrets and assertions are Secrets: never printed or logged.
#pragma once

#include "state/model/directory_config.hpp"
#include "state/util/result.hpp"
#include "state/util/secret.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace alignctl {

// How the application proves who it is.
struct EntraCredential {
  Secret client_secret;         // empty when a certificate is used
  std::string certificate_file; // PEM certificate
  std::string key_file;         // PEM private key (RSA)
  std::string origin;           // "environment variable X", "file Y": for messages
};

// The client assertion for `client_id` at `audience` (the token endpoint's
// URL), valid for ten minutes from `now` (seconds since the epoch).
Result<Secret> make_client_assertion(const std::string& certificate_file,
                                     const std::string& key_file, const std::string& client_id,
                                     const std::string& audience, std::int64_t now);

class EntraTokenSource {
public:
  EntraTokenSource(const DirectoryConfig& config, EntraCredential credential);

  // A token valid for a while yet: the kept one, or a new one when it is
  // missing or close to expiry (the last tenth of its life, at most 5 minutes).
  Result<Secret> token();
  // After Graph refused `rejected` (401): a new token, unless another thread
  // already renewed it.
  Result<Secret> renew(const Secret& rejected);
  int tokens_fetched() const { return m_fetched; }

  // The token endpoint: AUTHORITY/TENANT/oauth2/v2.0/token.
  std::string token_url() const;

private:
  Result<void> fetch();

  const DirectoryConfig& m_config;
  EntraCredential m_credential;
  std::mutex m_mutex;
  Secret m_token;
  std::chrono::steady_clock::time_point m_renew_at{};
  int m_fetched = 0;
};

} // namespace alignctl
