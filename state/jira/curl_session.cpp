#include "state/jira/curl_session.hpp"

#include "state/jira/api_errors.hpp"
#include "state/jira/auth_header.hpp"
#include "state/jira/base_url.hpp"
#include "state/util/ascii_case.hpp"
#include "state/util/version.hpp"
#include "state/util/x509_refusal.hpp"

#include <cctype>
#include <charconv>
#include <curl/curl.h>
#include <mutex>
#include <openssl/x509_vfy.h>
#include <optional>

namespace alignctl {

namespace {

struct Sink {
  std::string* body;
  std::size_t limit;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->body->size() + n > sink->limit) {
    sink->too_large = true;
    return 0; // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* outcome = static_cast<HttpOutcome*>(user);
  std::size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    outcome->retry_after.reset(); // a new response (after 100 Continue or a redirect)
    return n;
  }
  auto colon = line.find(':');
  if (colon != std::string_view::npos && fold_case(line.substr(0, colon)) == "retry-after") {
    outcome->retry_after = parse_retry_after(line.substr(colon + 1));
  }
  return n;
}

// Errors raised before any request byte can have left this machine.
bool before_sending(CURLcode rc) {
  switch (rc) {
  case CURLE_UNSUPPORTED_PROTOCOL:
  case CURLE_URL_MALFORMAT:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_CONNECT:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
    return true;
  default:
    return false;
  }
}

// Why a certificate was refused, from OpenSSL's verify result (libcurl's
// CURLINFO_SSL_VERIFYRESULT) and libcurl's text; nullopt when `rc` is not a
// refusal of the server's certificate.
std::optional<TlsRefusal> tls_refusal(CURLcode rc, long verify_result, std::string_view text) {
  switch (rc) {
  case CURLE_PEER_FAILED_VERIFICATION:
    break;
  case CURLE_SSL_CACERT_BADFILE:
    return TlsRefusal::BadCaBundle;
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
    return TlsRefusal::Other;
  default:
    return std::nullopt;
  }
  switch (classify_x509_error(verify_result)) {
  case X509Refusal::Expired:
    return TlsRefusal::Expired;
  case X509Refusal::NotYetValid:
    return TlsRefusal::NotYetValid;
  case X509Refusal::HostMismatch:
    return TlsRefusal::HostMismatch;
  case X509Refusal::Untrusted:
    return TlsRefusal::Untrusted;
  case X509Refusal::Other:
    break;
  }
  // libcurl checks the name itself, after OpenSSL accepted the chain
  // ("SSL: no alternative certificate subject name matches target host name
  // 'x'"); the verify result is then not an X509 error.
  if (text.find("host name") != std::string_view::npos) {
    return TlsRefusal::HostMismatch;
  }
  return TlsRefusal::Other;
}

} // namespace

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  long long seconds = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || ec != std::errc() || p != value.data() + value.size() || seconds < 0) {
    return std::nullopt;
  }
  if (seconds > 24 * 3600) {
    seconds = 24 * 3600;
  }
  return std::chrono::milliseconds(seconds * 1000);
}

CurlSession::CurlSession(const ClientConfig& config, std::string base_url)
    : m_config(config), m_base_url(std::move(base_url)) {
  ensure_curl_initialized();
  m_handle = curl_easy_init();
}

CurlSession::~CurlSession() {
  if (m_handle != nullptr) {
    curl_easy_cleanup(static_cast<CURL*>(m_handle));
  }
}

HttpOutcome CurlSession::perform(const HttpRequest& request, bool fresh_connection) {
  HttpOutcome outcome;
  CURL* h = static_cast<CURL*>(m_handle);
  if (h == nullptr) {
    outcome.failure = TransportFailure::NotSent;
    outcome.failure_message = "libcurl could not create a handle";
    return outcome;
  }
  // Reset keeps the connection cache, so connections stay alive and reused.
  curl_easy_reset(h);
  std::string url = m_base_url + request.target;
  char errbuf[CURL_ERROR_SIZE] = {0};
  Sink sink{&outcome.body, m_config.max_response_bytes};

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_VERBOSE, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); // a redirect is answered as is, token stays
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(m_config.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(m_config.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); // gzip when offered; the cap applies decoded
  curl_easy_setopt(h, CURLOPT_USERAGENT, (std::string("alignctl/") + k_version).c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &outcome);
  if (m_config.insecure_skip_tls) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  }
  if (!m_config.ca_bundle.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, m_config.ca_bundle.c_str());
  }
  if (fresh_connection) {
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  }

  curl_slist* headers = nullptr;
  if (!m_config.token.empty()) { // no token: a request that carries its credential in the body
    std::string auth = authorization_header(m_config).reveal();
    headers = curl_slist_append(headers, auth.c_str());
    for (char& c : auth) { // our copy is wiped at once; libcurl keeps its own in the list
      c = 0;
    }
  }
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    const std::string type = "Content-Type: " + m_config.content_type;
    headers = curl_slist_append(headers, type.c_str());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    if (request.method != "POST") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);

  CURLcode rc = curl_easy_perform(h);

  // Drop our references to the header list before freeing it.
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  for (curl_slist* p = headers; p != nullptr; p = p->next) {
    for (char* c = p->data; *c != '\0'; ++c) {
      *c = 0;
    }
  }
  curl_slist_free_all(headers);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);

  if (rc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    outcome.status = static_cast<int>(status);
    return outcome;
  }
  outcome.body.clear();
  if (sink.too_large) {
    outcome.failure = TransportFailure::TooLarge;
    outcome.failure_message = "the answer's body exceeds the limit of " +
                              std::to_string(m_config.max_response_bytes) + " bytes";
    return outcome;
  }
  outcome.failure_message = curl_easy_strerror(rc);
  if (errbuf[0] != '\0') {
    outcome.failure_message += std::string(": ") + errbuf;
  }
  long verify_result = X509_V_OK;
  curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &verify_result);
  if (auto why = tls_refusal(rc, verify_result, errbuf)) {
    outcome.failure_message =
        tls_refusal_message(*why, url_host(m_base_url), m_config.ca_bundle,
                            errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(rc));
    outcome.failure = TransportFailure::Refused;
    return outcome;
  }
  bool not_sent = before_sending(rc);
  if (!not_sent && rc == CURLE_OPERATION_TIMEDOUT) {
    long request_size = 0; // bytes of request headers sent so far
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
    not_sent = request_size == 0;
  }
  outcome.failure = not_sent ? TransportFailure::NotSent : TransportFailure::MaybeSent;
  return outcome;
}

} // namespace alignctl
