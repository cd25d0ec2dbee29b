#include "state/directory/entra_token.hpp"

#include "state/jira/auth_header.hpp"
#include "state/jira/backoff.hpp"
#include "state/jira/curl_session.hpp"
#include "state/util/json_depth.hpp"

#include <algorithm>
#include <curl/curl.h>
#include <fmt/core.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <thread>

namespace alignctl {

namespace {

std::string base64url(std::string_view bytes) {
  std::string s = base64_encode(bytes);
  while (!s.empty() && s.back() == '=') {
    s.pop_back();
  }
  for (char& c : s) {
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return s;
}

std::string form_escape(const std::string& value) {
  char* e = curl_easy_escape(nullptr, value.c_str(), static_cast<int>(value.size()));
  std::string out = e != nullptr ? e : "";
  curl_free(e);
  return out;
}

void wipe(std::string& s) {
  volatile char* p = s.data();
  for (std::size_t i = 0; i < s.size(); ++i) {
    p[i] = 0;
  }
}

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  char buf[256] = {0};
  ERR_error_string_n(e, buf, sizeof buf);
  return e == 0 ? "unknown error" : buf;
}

} // namespace

Result<Secret> make_client_assertion(const std::string& certificate_file,
                                     const std::string& key_file, const std::string& client_id,
                                     const std::string& audience, std::int64_t now) {
  std::unique_ptr<FILE, int (*)(FILE*)> cf(std::fopen(certificate_file.c_str(), "rb"),
                                           &std::fclose);
  if (!cf) {
    return make_error(ErrorKind::Input, "client certificate: cannot read " + certificate_file);
  }
  std::unique_ptr<X509, void (*)(X509*)> cert(PEM_read_X509(cf.get(), nullptr, nullptr, nullptr),
                                              &X509_free);
  if (!cert) {
    return make_error(ErrorKind::Input,
                      fmt::format("client certificate {}: no PEM certificate ({})",
                                  certificate_file, openssl_error()));
  }
  std::unique_ptr<FILE, int (*)(FILE*)> kf(std::fopen(key_file.c_str(), "rb"), &std::fclose);
  if (!kf) {
    return make_error(ErrorKind::Input, "client key: cannot read " + key_file);
  }
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(
      PEM_read_PrivateKey(kf.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return make_error(ErrorKind::Input,
                      fmt::format("client key {}: no unencrypted PEM RSA private key (RS256 needs "
                                  "RSA)",
                                  key_file));
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return make_error(ErrorKind::Input, fmt::format("client key {} does not belong to the "
                                                    "certificate {}",
                                                    key_file, certificate_file));
  }
  unsigned char* der = nullptr;
  const int der_len = i2d_X509(cert.get(), &der);
  unsigned char s256[SHA256_DIGEST_LENGTH];
  unsigned char s1[SHA_DIGEST_LENGTH];
  SHA256(der, static_cast<std::size_t>(der_len), s256);
  SHA1(der, static_cast<std::size_t>(der_len), s1);
  OPENSSL_free(der);
  unsigned char jti[16];
  RAND_bytes(jti, sizeof jti);
  std::string jti_hex;
  for (unsigned char b : jti) {
    jti_hex += fmt::format("{:02x}", b);
  }
  const nlohmann::json header = {
      {"alg", "RS256"},
      {"typ", "JWT"},
      {"x5t#S256", base64url(std::string_view(reinterpret_cast<char*>(s256), sizeof s256))},
      {"x5t", base64url(std::string_view(reinterpret_cast<char*>(s1), sizeof s1))}};
  const nlohmann::json claims = {{"aud", audience}, {"iss", client_id}, {"sub", client_id},
                                 {"jti", jti_hex},  {"nbf", now},       {"iat", now},
                                 {"exp", now + 600}};
  const std::string signing_input = base64url(header.dump()) + "." + base64url(claims.dump());
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t sig_len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &sig_len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return make_error(ErrorKind::Internal, "signing the client assertion: " + openssl_error());
  }
  std::string sig(sig_len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sig_len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return make_error(ErrorKind::Internal, "signing the client assertion: " + openssl_error());
  }
  sig.resize(sig_len);
  return Secret(signing_input + "." + base64url(sig));
}

EntraTokenSource::EntraTokenSource(const DirectoryConfig& config, EntraCredential credential)
    : m_config(config), m_credential(std::move(credential)) {}

std::string EntraTokenSource::token_url() const {
  return m_config.authority + "/" + m_config.tenant_id + "/oauth2/v2.0/token";
}

Result<Secret> EntraTokenSource::token() {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_token.empty() || std::chrono::steady_clock::now() >= m_renew_at) {
    if (auto r = fetch(); !r) {
      return r.error();
    }
  }
  return m_token;
}

Result<Secret> EntraTokenSource::renew(const Secret& rejected) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_token.reveal() == rejected.reveal()) {
    if (auto r = fetch(); !r) {
      return r.error();
    }
  }
  return m_token;
}

Result<void> EntraTokenSource::fetch() {
  const std::string url = token_url();
  // The scope is the Graph resource's /.default: the application permissions granted to it.
  std::string body = "grant_type=client_credentials&client_id=" + form_escape(m_config.client_id) +
                     "&scope=" + form_escape(m_config.graph_url + "/.default");
  if (m_credential.certificate_file.empty()) {
    body += "&client_secret=" + form_escape(m_credential.client_secret.reveal());
  } else {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto assertion = make_client_assertion(m_credential.certificate_file, m_credential.key_file,
                                           m_config.client_id, url, now);
    if (!assertion) {
      return assertion.error();
    }
    body += "&client_assertion_type=" +
            form_escape("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") +
            "&client_assertion=" + form_escape(assertion->reveal());
  }
  ClientConfig http; // no token: the credential is in the body
  http.base_url = url;
  http.timeout = std::chrono::milliseconds(static_cast<long>(m_config.search_timeout_s * 1000));
  http.connect_timeout =
      std::chrono::milliseconds(static_cast<long>(m_config.connect_timeout_s * 1000));
  http.ca_bundle = m_config.ca_file;
  http.max_response_bytes = 1 << 20;
  CurlSession session(http, url);
  http.content_type = "application/x-www-form-urlencoded";
  HttpRequest request{"POST", "", body, "POST " + url};
  wipe(body);
  HttpOutcome outcome;
  const int max_attempts = 5;
  for (int attempt = 1;; ++attempt) {
    outcome = session.perform(request, attempt > 1);
    const bool retry = outcome.failure == TransportFailure::NotSent ||
                       outcome.failure == TransportFailure::MaybeSent || outcome.status == 429 ||
                       outcome.status >= 500;
    if (!retry || attempt >= max_attempts) {
      break;
    }
    std::this_thread::sleep_for(
        outcome.retry_after ? std::min(*outcome.retry_after, std::chrono::milliseconds(60000))
                            : full_jitter(attempt, std::chrono::milliseconds(200),
                                          std::chrono::milliseconds(5000), random_unit()));
  }
  wipe(request.body);
  if (outcome.failure != TransportFailure::None) {
    return make_error(ErrorKind::Transport,
                      fmt::format("getting a token from {}: {}", url, outcome.failure_message));
  }
  nlohmann::json answer = json_too_deep(outcome.body)
                              ? nlohmann::json::object()
                              : nlohmann::json::parse(outcome.body, nullptr, false);
  if (answer.is_discarded()) {
    answer = nlohmann::json::object();
  }
  wipe(outcome.body);
  if (outcome.status != 200) {
    std::string description;
    if (answer.is_object() && answer.contains("error_description") &&
        answer["error_description"].is_string()) {
      description = answer["error_description"].get<std::string>();
      description = description.substr(0, description.find_first_of("\r\n"));
    }
    const std::string error = answer.is_object() ? answer.value("error", "") : "";
    std::string hint;
    if (error == "invalid_client") {
      hint = m_credential.certificate_file.empty()
                 ? " — check the client secret in " + m_credential.origin +
                       " (the secret's value, not its id, and not expired)"
                 : " — check that the certificate " + m_credential.certificate_file +
                       " is uploaded to the app registration";
    } else if (error == "unauthorized_client" || error == "invalid_request") {
      hint = " — check directory.tenant_id and directory.client_id";
    }
    return make_error(ErrorKind::Auth,
                      fmt::format("getting a token from {} for client {}: refused (HTTP {}){}{}{}",
                                  url, m_config.client_id, outcome.status,
                                  error.empty() ? "" : ": " + error,
                                  description.empty() ? "" : ": " + description, hint),
                      outcome.status);
  }
  if (!answer.is_object() || !answer.contains("access_token") ||
      !answer["access_token"].is_string() || answer["access_token"].get<std::string>().empty()) {
    return make_error(
        ErrorKind::Protocol,
        fmt::format("getting a token from {}: the answer holds no access_token", url));
  }
  long lifetime = 3599;
  if (answer.contains("expires_in")) {
    const auto& e = answer["expires_in"];
    if (e.is_number_integer()) {
      lifetime = e.get<long>();
    } else if (e.is_string()) {
      lifetime = std::strtol(e.get<std::string>().c_str(), nullptr, 10);
    }
  }
  std::string t = answer["access_token"].get<std::string>();
  m_token = Secret(std::move(t));
  wipe(answer["access_token"].get_ref<std::string&>());
  // Renew in the last tenth of the token's life (at most 5 minutes before it ends).
  const long margin_ms = std::min<long>(300000, std::max<long>(lifetime, 1) * 100);
  m_renew_at = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(std::max<long>(lifetime, 1) * 1000 - margin_ms);
  ++m_fetched;
  return {};
}

} // namespace alignctl
