#include "tests/sim/core/graph_app.hpp"

#include "tests/sim/core/api_variants.hpp"

#include <charconv>
#include <fmt/core.h>
#include <fstream>
#include <functional>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <set>
#include <variant>

namespace alignctl::sim {

namespace {

using Clock = std::chrono::steady_clock;

HttpResponse graph_error(int status, const std::string& code, const std::string& message) {
  return HttpResponse::json(
      status, nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump());
}

// The identity platform's error body (OAuth 2.0 error, AADSTS code in the description).
HttpResponse sts_error(int status, const std::string& error, int code, const std::string& text) {
  return HttpResponse::json(
      status, nlohmann::json{{"error", error},
                             {"error_description", fmt::format("AADSTS{}: {}", code, text)},
                             {"error_codes", {code}}}
                  .dump());
}

std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == ',' ||
        c == '$') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

bool is_identifier(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') {
      return false;
    }
  }
  return true;
}

struct GraphQuery {
  std::vector<std::string> select;
  int top = 0;
  std::size_t offset = 0;
  std::optional<std::string> filter_name;                // displayName eq '…'
  std::vector<std::pair<std::string, std::string>> kept; // all but $skiptoken, for nextLink
};

// Parses the query options `allowed`; anything else is a 400 like Graph's.
std::variant<GraphQuery, HttpResponse> parse_graph_query(const HttpRequest& req,
                                                         const std::set<std::string>& allowed,
                                                         const GraphSimConfig& c) {
  GraphQuery q;
  q.top = c.default_top;
  for (const auto& [key, value] : req.query) {
    if (allowed.count(key) == 0) {
      return graph_error(400, "Request_UnsupportedQuery",
                         fmt::format("Unsupported query option '{}' for this request.", key));
    }
    if (key != "$skiptoken") {
      q.kept.emplace_back(key, value);
    }
    if (key == "$select") {
      std::size_t start = 0;
      while (start <= value.size()) {
        std::size_t comma = value.find(',', start);
        std::string name =
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!is_identifier(name)) {
          return graph_error(400, "BadRequest",
                             fmt::format("Invalid $select property '{}'.", name));
        }
        q.select.push_back(name);
        if (comma == std::string::npos) {
          break;
        }
        start = comma + 1;
      }
    } else if (key == "$top") {
      int top = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), top);
      if (ec != std::errc() || p != value.data() + value.size() || top < 1 || top > c.max_top) {
        return graph_error(400, "Request_BadRequest",
                           fmt::format("Invalid page size specified: '{}'. Must be between 1 and "
                                       "{} inclusive.",
                                       value, c.max_top));
      }
      q.top = top;
    } else if (key == "$skiptoken") {
      std::size_t off = 0;
      auto [p, ec] = std::from_chars(value.data() + 1, value.data() + value.size(), off);
      if (value.size() < 2 || value[0] != 'X' || ec != std::errc() ||
          p != value.data() + value.size()) {
        return graph_error(400, "Directory_ExpiredPageToken",
                           "The specified page token value has expired or is invalid.");
      }
      q.offset = off;
    } else if (key == "$filter") {
      static const std::string prefix = "displayName eq '";
      if (value.rfind(prefix, 0) != 0 || value.size() < prefix.size() + 1 || value.back() != '\'') {
        return graph_error(400, "Request_UnsupportedQuery",
                           "Unsupported or invalid query filter clause specified: '" + value +
                               "' (graph-sim supports displayName eq 'NAME' only).");
      }
      std::string name;
      std::string_view body(value);
      body = body.substr(prefix.size(), body.size() - prefix.size() - 1);
      for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\'') {
          if (i + 1 >= body.size() || body[i + 1] != '\'') {
            return graph_error(400, "BadRequest", "Syntax error: unescaped ' in the filter.");
          }
          ++i;
        }
        name.push_back(body[i]);
      }
      q.filter_name = name;
    }
  }
  return q;
}

nlohmann::json project(const GraphObject& o, const std::vector<std::string>& select,
                       bool with_type) {
  nlohmann::json out = nlohmann::json::object();
  if (with_type) {
    out["@odata.type"] = o.odata_type;
  }
  if (select.empty()) {
    for (auto it = o.properties.begin(); it != o.properties.end(); ++it) {
      out[it.key()] = it.value();
    }
    return out;
  }
  out["id"] = o.id;
  for (const std::string& name : select) {
    auto it = o.properties.find(name);
    if (it != o.properties.end()) {
      out[name] = *it;
    } else if (o.odata_type == "#microsoft.graph.user") {
      out[name] = nullptr; // Graph answers unset properties with null
    }
  }
  return out;
}

// A page of the `total` items from q.offset (item(i) projects one), with
// @odata.nextLink when more remain.
HttpResponse page(std::size_t total, const std::function<nlohmann::json(std::size_t)>& item,
                  const GraphQuery& q, const std::string& self, const std::string& context) {
  nlohmann::json body = {{"@odata.context", context}};
  nlohmann::json value = nlohmann::json::array();
  std::size_t end = std::min(total, q.offset + static_cast<std::size_t>(q.top));
  for (std::size_t i = q.offset; i < end; ++i) {
    value.push_back(item(i));
  }
  if (end < total) {
    std::string link = self + "?";
    for (const auto& [k, v] : q.kept) {
      link += percent_encode(k) + "=" + percent_encode(v) + "&";
    }
    link += "$skiptoken=X" + std::to_string(end);
    body["@odata.nextLink"] = link;
  }
  body["value"] = std::move(value);
  return HttpResponse::json(200, body.dump());
}

std::string sha_b64url(const unsigned char* der, int len, bool sha256) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  if (sha256) {
    SHA256(der, static_cast<std::size_t>(len), md);
  } else {
    SHA1(der, static_cast<std::size_t>(len), md);
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(md),
                                           sha256 ? SHA256_DIGEST_LENGTH : SHA_DIGEST_LENGTH));
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
  static constexpr std::string_view k =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += {k[v >> 18], k[(v >> 12) & 63]};
  } else if (i + 2 == bytes.size()) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63]};
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string std(text);
  for (char& c : std) {
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  while (std.size() % 4 != 0) {
    std.push_back('=');
  }
  return base64_decode(std);
}

GraphApp::GraphApp(GraphSimConfig config, GraphDirectory directory)
    : m_config(std::move(config)), m_directory(std::move(directory)) {
  if (!m_config.client_cert_file.empty()) {
    std::ifstream in(m_config.client_cert_file, std::ios::binary);
    m_cert_pem.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
}

void GraphApp::set_origin(const std::string& origin) {
  std::lock_guard lock(m_mutex);
  m_origin = origin;
}

void GraphApp::shutdown() {
  {
    std::lock_guard lock(m_delay_mutex);
    m_shutting_down = true;
  }
  m_delay_cv.notify_all();
}

void GraphApp::delay(int ms) {
  std::unique_lock lock(m_delay_mutex);
  m_delay_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_shutting_down; });
}

void GraphApp::count(const std::string& what) {
  std::lock_guard lock(m_mutex);
  ++m_counts[what];
}

HttpResponse GraphApp::handle(const HttpRequest& req) {
  const std::string& path = req.path;
  if (path.rfind("/_sim/", 0) == 0) {
    if (!m_config.side_door) {
      return graph_error(404, "NotFound", "Not found.");
    }
    return side_door(req, path);
  }
  if (path.rfind("/v1.0/", 0) == 0) {
    HttpResponse r = graph(req, path.substr(5));
    count(r.drop ? "status_dropped" : "status_" + std::to_string(r.status));
    return r;
  }
  const std::string suffix = "/oauth2/v2.0/token";
  if (path.size() > suffix.size() + 1 &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return token(req, path.substr(1, path.size() - suffix.size() - 1));
  }
  return graph_error(404, "NotFound", "Resource not found for the segment '" + path + "'.");
}

HttpResponse GraphApp::token(const HttpRequest& req, const std::string& tenant) {
  count("token_requests");
  if (req.method != "POST") {
    return sts_error(405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
  }
  if (tenant != m_config.tenant) {
    return sts_error(400, "invalid_request", 90002,
                     fmt::format("Tenant '{}' not found. Check to make sure you have the correct "
                                 "tenant ID and are signing into the correct cloud.",
                                 tenant));
  }
  std::map<std::string, std::string> form;
  for (const auto& [k, v] : parse_query(req.body)) {
    form[k] = v;
  }
  if (form["grant_type"] != "client_credentials") {
    return sts_error(400, "unsupported_grant_type", 70003,
                     "The app requested an unsupported grant type '" + form["grant_type"] + "'.");
  }
  if (form["client_id"] != m_config.client_id) {
    return sts_error(400, "unauthorized_client", 700016,
                     fmt::format("Application with identifier '{}' was not found in the directory "
                                 "'{}'.",
                                 form["client_id"], tenant));
  }
  const std::string& scope = form["scope"];
  if (scope.size() < 9 || scope.compare(scope.size() - 9, 9, "/.default") != 0) {
    return sts_error(400, "invalid_scope", 1002012,
                     "The provided value for scope '" + scope +
                         "' is not valid. Client credential flows must have a scope value with "
                         "/.default suffixed to the resource identifier (application ID URI).");
  }
  if (form.count("client_secret") != 0) {
    if (m_config.client_secret.empty() || form["client_secret"] != m_config.client_secret) {
      count("token_refused");
      return sts_error(401, "invalid_client", 7000215,
                       fmt::format("Invalid client secret provided. Ensure the secret being sent "
                                   "in the request is the client secret value, not the client "
                                   "secret ID, for a secret added to app '{}'.",
                                   m_config.client_id));
    }
  } else if (form.count("client_assertion") != 0) {
    if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
      return sts_error(400, "invalid_request", 50027, "Invalid client_assertion_type.");
    }
    std::string why = check_assertion(form["client_assertion"], tenant);
    if (!why.empty()) {
      count("token_refused");
      return sts_error(401, "invalid_client", 700027, "Client assertion failed: " + why + ".");
    }
  } else {
    return sts_error(401, "invalid_client", 7000218,
                     "The request body must contain the following parameter: 'client_assertion' "
                     "or 'client_secret'.");
  }
  unsigned char rnd[16];
  RAND_bytes(rnd, sizeof rnd);
  std::string tok;
  {
    std::lock_guard lock(m_mutex);
    tok = fmt::format("eyJ0eXAiOiJKV1QifQ.sim{}.{}", ++m_token_seq,
                      base64url_encode(std::string_view(reinterpret_cast<char*>(rnd), 16)));
    m_tokens[tok] = Issued{Clock::now() + std::chrono::seconds(m_config.token_lifetime_s), 0};
    ++m_counts["tokens_issued"];
  }
  return HttpResponse::json(200, nlohmann::json{{"token_type", "Bearer"},
                                                {"expires_in", m_config.token_lifetime_s},
                                                {"ext_expires_in", m_config.token_lifetime_s},
                                                {"access_token", tok}}
                                     .dump());
}

std::string GraphApp::check_assertion(const std::string& jwt, const std::string& tenant) const {
  if (m_cert_pem.empty()) {
    return "no certificate is registered for the application";
  }
  auto d1 = jwt.find('.');
  auto d2 = d1 == std::string::npos ? d1 : jwt.find('.', d1 + 1);
  if (d2 == std::string::npos) {
    return "not a JWT";
  }
  auto header_text = base64url_decode(std::string_view(jwt).substr(0, d1));
  auto payload_text = base64url_decode(std::string_view(jwt).substr(d1 + 1, d2 - d1 - 1));
  auto sig = base64url_decode(std::string_view(jwt).substr(d2 + 1));
  if (!header_text || !payload_text || !sig) {
    return "not base64url";
  }
  nlohmann::json header;
  nlohmann::json payload;
  try {
    header = nlohmann::json::parse(*header_text);
    payload = nlohmann::json::parse(*payload_text);
  } catch (const nlohmann::json::exception&) {
    return "header or payload is not JSON";
  }
  if (header.value("alg", "") != "RS256") {
    return "alg must be RS256";
  }
  BIO* bio = BIO_new_mem_buf(m_cert_pem.data(), static_cast<int>(m_cert_pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (cert == nullptr) {
    return "the registered certificate cannot be read";
  }
  unsigned char* der = nullptr;
  int der_len = i2d_X509(cert, &der);
  std::string s256 = sha_b64url(der, der_len, true);
  std::string s1 = sha_b64url(der, der_len, false);
  OPENSSL_free(der);
  std::string why;
  if (header.value("x5t#S256", "") != s256 && header.value("x5t", "") != s1) {
    why = "the x5t#S256/x5t thumbprint names no registered certificate (AADSTS700027 key not "
          "found)";
  }
  EVP_PKEY* key = X509_get_pubkey(cert);
  X509_free(cert);
  if (why.empty()) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const std::string signed_part = jwt.substr(0, d2);
    bool ok =
        EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                         reinterpret_cast<const unsigned char*>(signed_part.data()),
                         signed_part.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) {
      why = "signature validation failed";
    }
  }
  EVP_PKEY_free(key);
  if (!why.empty()) {
    return why;
  }
  const std::string aud = m_origin + "/" + tenant + "/oauth2/v2.0/token";
  if (payload.value("aud", "") != aud) {
    return "aud must be " + aud;
  }
  if (payload.value("iss", "") != m_config.client_id ||
      payload.value("sub", "") != m_config.client_id) {
    return "iss and sub must be the client id";
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (!payload.contains("exp") || !payload["exp"].is_number() ||
      payload["exp"].get<std::int64_t>() < now) {
    return "the assertion is expired (exp)";
  }
  if (payload.contains("nbf") && payload["nbf"].is_number() &&
      payload["nbf"].get<std::int64_t>() > now + 300) {
    return "the assertion is not yet valid (nbf)";
  }
  return {};
}

std::string GraphApp::check_bearer(const HttpRequest& req) {
  const std::string* auth = req.header("authorization");
  if (auth == nullptr || auth->rfind("Bearer ", 0) != 0) {
    return "Access token is empty.";
  }
  std::lock_guard lock(m_mutex);
  auto it = m_tokens.find(auth->substr(7));
  if (it == m_tokens.end()) {
    return "Access token validation failure. Invalid audience.";
  }
  if (Clock::now() >= it->second.expires) {
    ++m_counts["token_expired"];
    return "Lifetime validation failed, the token is expired.";
  }
  if (m_config.revoke_after > 0 && ++it->second.uses > m_config.revoke_after) {
    ++m_counts["token_revoked"];
    return "Access token has been revoked.";
  }
  return {};
}

HttpResponse GraphApp::graph(const HttpRequest& req, const std::string& path) {
  FaultSettings faults;
  std::uint64_t n = 0;
  {
    std::lock_guard lock(m_mutex);
    faults = m_config.faults;
    n = m_request_seq++;
    ++m_counts["graph_requests"];
  }
  if (!m_limiter.admit(faults.rps_limit, Clock::now())) {
    count("fault_rps_limit");
    HttpResponse r = graph_error(429, "TooManyRequests", "Too many requests.");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  FaultDecision d = decide_faults(faults, n);
  if (d.delay_ms > 0) {
    delay(d.delay_ms);
  }
  if (d.status == 429) {
    count("fault_429");
    HttpResponse r = graph_error(429, "TooManyRequests",
                                 "Too many requests. Please retry after the time in Retry-After.");
    r.headers.emplace_back("Retry-After", std::to_string(faults.retry_after_s));
    return r;
  }
  if (d.status != 0) {
    count("fault_" + std::to_string(d.status));
    HttpResponse r =
        graph_error(d.status, d.status == 504 ? "GatewayTimeout" : "ServiceUnavailable",
                    "Injected server error.");
    if (d.status == 503) {
      r.headers.emplace_back("Retry-After", std::to_string(faults.retry_after_s));
    }
    return r;
  }
  if (d.drop) {
    count("fault_drop");
    HttpResponse r;
    r.drop = true;
    return r;
  }
  if (std::string why = check_bearer(req); !why.empty()) {
    HttpResponse r = graph_error(401, "InvalidAuthenticationToken", why);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"");
    return r;
  }
  if (req.method != "GET") {
    return graph_error(405, "Request_BadRequest", "graph-sim serves GET only.");
  }
  if (path == "/groups") {
    return list_groups(req);
  }
  if (path.rfind("/groups/", 0) != 0) {
    return graph_error(400, "BadRequest",
                       "Resource not found for the segment '" + path.substr(1) + "'.");
  }
  std::string rest = path.substr(8);
  std::string id = rest.substr(0, rest.find('/'));
  std::string tail = rest.size() > id.size() ? rest.substr(id.size()) : "";
  const GraphObject* g = m_directory.find(id);
  if (g == nullptr || g->odata_type != "#microsoft.graph.group") {
    return graph_error(404, "Request_ResourceNotFound",
                       fmt::format("Resource '{}' does not exist or one of its queried reference-"
                                   "property objects are not present.",
                                   id));
  }
  if (tail.empty()) {
    auto q = parse_graph_query(req, {"$select"}, m_config);
    if (auto* r = std::get_if<HttpResponse>(&q)) {
      return *r;
    }
    return HttpResponse::json(200, project(*g, std::get<GraphQuery>(q).select, false).dump());
  }
  if (tail == "/transitiveMembers" || tail == "/transitiveMembers/microsoft.graph.user") {
    return members(req, *g, tail != "/transitiveMembers", path);
  }
  return graph_error(400, "BadRequest",
                     "Resource not found for the segment '" + tail.substr(1) + "'.");
}

HttpResponse GraphApp::list_groups(const HttpRequest& req) {
  auto parsed = parse_graph_query(req, {"$filter", "$select", "$top", "$skiptoken"}, m_config);
  if (auto* r = std::get_if<HttpResponse>(&parsed)) {
    return *r;
  }
  const GraphQuery& q = std::get<GraphQuery>(parsed);
  std::vector<nlohmann::json> all;
  if (q.filter_name) {
    for (const GraphObject* g : m_directory.groups_named(*q.filter_name)) {
      all.push_back(project(*g, q.select, false));
    }
  }
  std::string origin;
  {
    std::lock_guard lock(m_mutex);
    origin = m_origin;
  }
  if (!q.filter_name) {
    return graph_error(400, "Request_UnsupportedQuery",
                       "graph-sim lists groups only with $filter=displayName eq 'NAME'.");
  }
  return page(
      all.size(), [&all](std::size_t i) { return all[i]; }, q, origin + "/v1.0/groups",
      origin + "/v1.0/$metadata#groups");
}

HttpResponse GraphApp::members(const HttpRequest& req, const GraphObject& group, bool users_only,
                               const std::string& path) {
  auto parsed = parse_graph_query(req, {"$select", "$top", "$skiptoken"}, m_config);
  if (auto* r = std::get_if<HttpResponse>(&parsed)) {
    return *r;
  }
  const GraphQuery& q = std::get<GraphQuery>(parsed);
  if (const std::string* cl = req.header("consistencylevel"); cl != nullptr && *cl != "eventual") {
    return graph_error(400, "Request_BadRequest", "Invalid ConsistencyLevel header: " + *cl);
  }
  const auto& flat = m_directory.transitive_members(group);
  std::vector<const GraphObject*> users;
  if (users_only) {
    for (const GraphObject* o : flat) {
      if (o->odata_type == "#microsoft.graph.user") {
        users.push_back(o);
      }
    }
  }
  const auto& items = users_only ? users : flat;
  count("pages");
  std::string origin;
  {
    std::lock_guard lock(m_mutex);
    origin = m_origin;
  }
  return page(
      items.size(), [&](std::size_t i) { return project(*items[i], q.select, !users_only); }, q,
      origin + "/v1.0" + path, origin + "/v1.0/$metadata#directoryObjects");
}

HttpResponse GraphApp::side_door(const HttpRequest& req, const std::string& path) {
  if (path == "/_sim/health") {
    return HttpResponse::json(200, nlohmann::json{{"ok", true}}.dump());
  }
  std::lock_guard lock(m_mutex);
  if (path == "/_sim/counts") {
    if (req.method == "POST") {
      m_counts.clear();
    }
    return HttpResponse::json(200, nlohmann::json(m_counts).dump());
  }
  if (path == "/_sim/faults") {
    if (req.method == "POST") {
      nlohmann::json body;
      try {
        body = nlohmann::json::parse(req.body);
      } catch (const nlohmann::json::exception&) {
        return graph_error(400, "BadRequest", "body is not JSON");
      }
      if (std::string err = apply_faults_json(body, m_config.faults); !err.empty()) {
        return graph_error(400, "BadRequest", err);
      }
    }
    return HttpResponse::json(200, faults_to_json(m_config.faults).dump());
  }
  return graph_error(404, "NotFound", "Not found.");
}

} // namespace alignctl::sim
