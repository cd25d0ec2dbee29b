#include "tests/sim/core/sim_app.hpp"

#include "tests/sim/core/tenant_file.hpp"

#include <charconv>
#include <chrono>

namespace alignctl::sim {

namespace {

std::string normalize_path(const std::string& path) {
  std::string p = to_lower(path);
  while (p.size() > 1 && p.back() == '/') {
    p.pop_back();
  }
  return p;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v <= 0) {
    return std::nullopt;
  }
  return v;
}

std::optional<nlohmann::json> parse_json(const std::string& body) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// What /_sim/counts files a request under, decided before auth so 401s count too.
std::string path_kind(const std::string& method, const std::string& rel) {
  if (rel == "/users") {
    return method == "POST" ? "users_create" : "users_list";
  }
  if (rel.rfind("/users/", 0) == 0) {
    return method == "PATCH" ? "users_patch" : "users_get";
  }
  if (rel == "/regions" || rel == "/cities" || rel == "/costcenters" || rel == "/divisions") {
    return "reference";
  }
  return "other";
}

} // namespace

SimApp::SimApp(SimConfig config, UserStore store, std::function<std::string()> clock)
    : m_token(std::move(config.token)), m_readonly_token(std::move(config.readonly_token)),
      m_auth(config.auth), m_basic_user(std::move(config.basic_user)),
      m_side_door(config.side_door), m_accept_duplicate_users(config.accept_duplicate_users),
      m_clock(std::move(clock)), m_settings{config.strict_top,   config.case_sensitive_filter,
                                            config.no_divisions, config.text_errors,
                                            config.faults,       config.orderby},
      m_store(std::move(store)) {}

void SimApp::set_origin(const std::string& origin) {
  std::lock_guard lock(m_settings_mutex);
  m_origin = origin;
}

void SimApp::set_on_change(std::function<void()> on_change) {
  m_on_change = std::move(on_change);
}

void SimApp::set_on_flush(std::function<void()> on_flush) {
  m_on_flush = std::move(on_flush);
}

SimApp::Settings SimApp::settings() const {
  std::lock_guard lock(m_settings_mutex);
  return m_settings;
}

std::string SimApp::self_base() const {
  std::lock_guard lock(m_settings_mutex);
  return m_origin + std::string(k_api_base) + "/users";
}

std::string SimApp::snapshot() const {
  std::string base = self_base();
  std::shared_lock lock(m_store_mutex);
  return tenant_to_json_text(m_store, base);
}

std::size_t SimApp::user_count() const {
  std::shared_lock lock(m_store_mutex);
  return m_store.size();
}

void SimApp::shutdown() {
  {
    std::lock_guard lock(m_delay_mutex);
    m_shutting_down = true;
  }
  m_delay_cv.notify_all();
}

void SimApp::delay(int ms) {
  std::unique_lock lock(m_delay_mutex);
  m_delay_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_shutting_down; });
}

void SimApp::changed() {
  if (m_on_change) {
    m_on_change();
  }
}

HttpResponse SimApp::error(int status, const std::string& message, const Settings& s) const {
  if (s.text_errors) {
    HttpResponse r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = message;
    return r;
  }
  return HttpResponse::json(status, nlohmann::json{{"message", message}}.dump());
}

HttpResponse SimApp::handle(const HttpRequest& req) {
  std::string path = normalize_path(req.path);
  if (path == "/_sim" || starts_with(path, "/_sim/")) {
    if (!m_side_door) {
      return HttpResponse::json(404, R"({"message":"Not found."})");
    }
    return handle_side_door(req, path);
  }
  if (path == "/rest" || starts_with(path, "/rest/")) {
    std::string kind = "other";
    HttpResponse r = handle_rest(req, path, kind);
    m_counters.record(req.method, r.drop ? 0 : r.status, kind);
    return r;
  }
  return HttpResponse::json(404, R"({"message":"Not found."})");
}

HttpResponse SimApp::handle_rest(const HttpRequest& req, const std::string& path,
                                 std::string& kind) {
  Settings s = settings();
  bool under_base = starts_with(path, k_api_base) &&
                    (path.size() == k_api_base.size() || path[k_api_base.size()] == '/');
  std::string rel = under_base ? path.substr(k_api_base.size()) : std::string();
  kind = under_base ? path_kind(req.method, rel) : "other";
  std::uint64_t n = m_request_seq.fetch_add(1);
  if (!m_limiter.admit(s.faults.rps_limit, std::chrono::steady_clock::now())) {
    m_counters.fault("rps_limit");
    HttpResponse r = error(429, "Too many requests.", s);
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  FaultDecision d = decide_faults(s.faults, n);
  if (d.delay_ms > 0) {
    m_counters.fault(d.spike ? "spike" : "latency");
    delay(d.delay_ms);
  }
  if (d.status == 429) {
    m_counters.fault("rate_429");
    HttpResponse r = error(429, "Too many requests.", s);
    r.headers.emplace_back("Retry-After", std::to_string(s.faults.retry_after_s));
    return r;
  }
  if (d.status != 0) {
    m_counters.fault("error");
    return error(d.status, "Injected server error.", s);
  }
  if (d.drop) {
    m_counters.fault("drop");
    HttpResponse r;
    r.drop = true;
    return r;
  }
  if (!under_base) {
    return error(404, "Not found.", s);
  }
  return route_rest(req, rel, s, d, kind);
}

SimApp::Access SimApp::access_of(const HttpRequest& req) const {
  const std::string* auth = req.header("authorization");
  if (auth == nullptr) {
    return Access::None;
  }
  auto sp = auth->find(' ');
  if (sp == std::string::npos) {
    return Access::None;
  }
  std::string scheme = auth->substr(0, sp);
  auto start = auth->find_first_not_of(' ', sp);
  std::string credentials = start == std::string::npos ? std::string() : auth->substr(start);
  std::string token;
  if (iequals(scheme, "bearer") && m_auth != AuthMode::Basic) {
    token = credentials;
  } else if (iequals(scheme, "basic") && m_auth != AuthMode::Bearer) {
    auto decoded = base64_decode(credentials);
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos || !iequals(decoded->substr(0, colon), m_basic_user)) {
      return Access::None;
    }
    token = decoded->substr(colon + 1);
  }
  if (!token.empty() && token == m_token) {
    return Access::Full;
  }
  if (!token.empty() && !m_readonly_token.empty() && token == m_readonly_token) {
    return Access::ReadOnly;
  }
  return Access::None;
}

std::optional<HttpResponse> SimApp::orderby_rule(const HttpRequest& req, const Settings& s,
                                                 QueryParams& params, bool& had_orderby) const {
  had_orderby = false;
  params.clear();
  for (const auto& p : req.query) {
    if (to_lower(p.first) == "$orderby") {
      had_orderby = true;
      if (s.orderby == OrderbyMode::Honour) {
        params.push_back(p);
      }
    } else {
      params.push_back(p);
    }
  }
  if (had_orderby && s.orderby == OrderbyMode::Reject) {
    return error(400, "The query option $orderby is not supported.", s);
  }
  return std::nullopt;
}

HttpResponse SimApp::route_rest(const HttpRequest& req, const std::string& rel, const Settings& s,
                                const FaultDecision& faults, std::string& kind) {
  Access access = access_of(req);
  if (access == Access::None) {
    return error(401, "Unauthorized.", s);
  }
  bool write = req.method != "GET" && req.method != "HEAD";
  if (write && access == Access::ReadOnly) {
    return error(403, "Forbidden: the token's user lacks the privilege for this request.", s);
  }
  auto method_not_allowed = [&] { return error(405, "Method not allowed.", s); };

  if (rel == "/users") {
    if (req.method == "GET") {
      kind = "users_list";
      return list_users(req, s);
    }
    if (req.method == "POST") {
      kind = "users_create";
      return create_user(req, s, faults.drop_after_commit);
    }
    return method_not_allowed();
  }
  if (starts_with(rel, "/users/")) {
    auto id = parse_id(std::string_view(rel).substr(7));
    if (req.method == "GET") {
      kind = "users_get";
      if (!id) {
        return error(404, "User not found.", s);
      }
      return get_user(*id, s);
    }
    if (req.method == "PATCH") {
      kind = "users_patch";
      if (!id) {
        return error(404, "User not found.", s);
      }
      return patch_user(*id, req, s, faults.drop_after_commit);
    }
    return method_not_allowed();
  }
  static const std::pair<std::string_view, RefKind> refs[] = {
      {"/regions", RefKind::Regions},
      {"/cities", RefKind::Cities},
      {"/costcenters", RefKind::CostCenters},
      {"/divisions", RefKind::Divisions}};
  for (const auto& [name, ref_kind] : refs) {
    if (rel == name) {
      kind = "reference";
      if (req.method != "GET") {
        return method_not_allowed();
      }
      if (ref_kind == RefKind::Divisions && s.no_divisions) {
        return error(404, "Not found.", s);
      }
      return list_reference(req, ref_kind, s);
    }
  }
  return error(404, "Not found.", s);
}

HttpResponse SimApp::list_users(const HttpRequest& req, const Settings& s) {
  QueryParams params;
  bool had_orderby = false;
  if (auto refused = orderby_rule(req, s, params, had_orderby)) {
    return *refused;
  }
  auto q = parse_list_query(params, QueryRules{s.strict_top, true});
  if (!q.ok()) {
    return error(400, q.error().message, s);
  }
  std::string base = self_base();
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  {
    std::shared_lock lock(m_store_mutex);
    std::vector<const User*> page =
        s.orderby == OrderbyMode::Ignore
            ? m_own_order.page(m_store, q.value(), base, s.case_sensitive_filter, m_generation)
            : m_store.list(q.value(), base, s.case_sensitive_filter);
    for (const User* u : page) {
      out.push_back(user_to_json(*u, base, q.value().select));
    }
  }
  return HttpResponse::json(200, out.dump());
}

HttpResponse SimApp::get_user(std::int64_t id, const Settings& s) {
  std::string base = self_base();
  std::shared_lock lock(m_store_mutex);
  const User* u = m_store.find(id);
  if (u == nullptr) {
    return error(404, "User with id " + std::to_string(id) + " not found.", s);
  }
  return HttpResponse::json(200, user_to_json(*u, base).dump());
}

HttpResponse SimApp::create_user(const HttpRequest& req, const Settings& s, bool drop) {
  auto body = parse_json(req.body);
  if (!body) {
    return error(400, "Cannot create user. The request body is not valid JSON.", s);
  }
  std::string base = self_base();
  HttpResponse r;
  {
    std::unique_lock lock(m_store_mutex);
    auto id = m_store.create(*body, m_clock(), m_accept_duplicate_users);
    if (!id.ok()) {
      return error(400, id.error().message, s);
    }
    ++m_generation;
    r = HttpResponse::json(201, user_to_json(*m_store.find(id.value()), base).dump());
    r.headers.emplace_back("Location", base + "/" + std::to_string(id.value()));
  }
  m_counters.committed_create();
  changed();
  if (drop) {
    m_counters.fault("drop_after_commit");
    r.drop = true;
  }
  return r;
}

HttpResponse SimApp::patch_user(std::int64_t id, const HttpRequest& req, const Settings& s,
                                bool drop) {
  auto body = parse_json(req.body);
  if (!body) {
    return error(400,
                 "Cannot update user with id " + std::to_string(id) +
                     ". The request body is not valid JSON.",
                 s);
  }
  bool changed_now = false;
  {
    std::unique_lock lock(m_store_mutex);
    auto r = m_store.patch(id, *body, m_clock());
    if (!r.ok()) {
      return error(r.error().http_status, r.error().message, s);
    }
    changed_now = r.value();
  }
  m_counters.committed_patch();
  if (changed_now) {
    changed();
  }
  HttpResponse r = HttpResponse::empty(204);
  if (drop) {
    m_counters.fault("drop_after_commit");
    r.drop = true;
  }
  return r;
}

HttpResponse SimApp::list_reference(const HttpRequest& req, RefKind kind, const Settings& s) {
  QueryParams params;
  bool had_orderby = false;
  if (auto refused = orderby_rule(req, s, params, had_orderby)) {
    return *refused;
  }
  auto q = parse_list_query(params, QueryRules{s.strict_top, false});
  if (!q.ok()) {
    return error(400, q.error().message, s);
  }
  std::shared_lock lock(m_store_mutex);
  const auto& all = m_store.reference().to_json(kind);
  auto out = nlohmann::ordered_json::array();
  auto size = static_cast<std::int64_t>(all.size());
  for (std::int64_t i = q.value().skip; i < size && i < q.value().skip + q.value().top; ++i) {
    out.push_back(all[static_cast<std::size_t>(i)]);
  }
  return HttpResponse::json(200, out.dump());
}

HttpResponse SimApp::handle_side_door(const HttpRequest& req, const std::string& path) {
  auto bad = [](const std::string& m) {
    return HttpResponse::json(400, nlohmann::json{{"message", m}}.dump());
  };
  const std::string& m = req.method;
  if (path == "/_sim/health" && m == "GET") {
    return HttpResponse::json(200, nlohmann::json{{"ok", true}, {"users", user_count()}}.dump());
  }
  if (path == "/_sim/state" && m == "GET") {
    std::string base = self_base();
    std::shared_lock lock(m_store_mutex);
    return HttpResponse::json(200, "[" + users_to_json_lines(m_store.users(), base) + "]");
  }
  if (path == "/_sim/counts" && m == "GET") {
    return HttpResponse::json(200, m_counters.to_json().dump());
  }
  if (path == "/_sim/reset-counts" && m == "POST") {
    m_counters.reset();
    return HttpResponse::empty(204);
  }
  if (path == "/_sim/faults" && (m == "GET" || m == "POST")) {
    std::lock_guard lock(m_settings_mutex);
    if (m == "POST") {
      auto body = parse_json(req.body);
      if (!body) {
        return bad("body is not valid JSON");
      }
      if (std::string err = apply_faults_json(*body, m_settings.faults); !err.empty()) {
        return bad(err);
      }
    }
    return HttpResponse::json(200, faults_to_json(m_settings.faults).dump());
  }
  if (path == "/_sim/config" && (m == "GET" || m == "POST")) {
    std::lock_guard lock(m_settings_mutex);
    if (m == "POST") {
      auto body = parse_json(req.body);
      if (!body || !body->is_object()) {
        return bad("body must be a JSON object");
      }
      Settings next = m_settings;
      for (auto it = body->begin(); it != body->end(); ++it) {
        bool* target = it.key() == "strict_top"              ? &next.strict_top
                       : it.key() == "case_sensitive_filter" ? &next.case_sensitive_filter
                       : it.key() == "no_divisions"          ? &next.no_divisions
                       : it.key() == "text_errors"           ? &next.text_errors
                                                             : nullptr;
        if (target == nullptr || !it.value().is_boolean()) {
          return bad("unknown key or non-boolean value: '" + it.key() + "'");
        }
        *target = it.value().get<bool>();
      }
      m_settings = next;
    }
    return HttpResponse::json(
        200, nlohmann::json{{"strict_top", m_settings.strict_top},
                            {"case_sensitive_filter", m_settings.case_sensitive_filter},
                            {"no_divisions", m_settings.no_divisions},
                            {"text_errors", m_settings.text_errors}}
                 .dump());
  }
  if (path == "/_sim/users" && m == "POST") {
    auto body = parse_json(req.body);
    if (!body || !(body->is_array() || body->is_object())) {
      return bad("body must be a user object or an array of them");
    }
    if (body->is_object()) {
      *body = nlohmann::json::array({*body});
    }
    std::vector<User> users;
    for (std::size_t i = 0; i < body->size(); ++i) {
      User u;
      if (std::string err = user_from_json((*body)[i], u); !err.empty()) {
        return bad("users[" + std::to_string(i) + "]: " + err);
      }
      if (u.teams.is_null()) {
        u.teams = nlohmann::json::array();
      }
      users.push_back(std::move(u));
    }
    auto ids = nlohmann::json::array();
    {
      std::unique_lock lock(m_store_mutex);
      for (auto& u : users) {
        ids.push_back(m_store.put(std::move(u)));
      }
      ++m_generation;
    }
    changed();
    return HttpResponse::json(200, nlohmann::json{{"ids", ids}}.dump());
  }
  if (starts_with(path, "/_sim/users/") && m == "DELETE") {
    auto id = parse_id(std::string_view(path).substr(12));
    bool removed = false;
    if (id) {
      std::unique_lock lock(m_store_mutex);
      removed = m_store.remove(*id);
      ++m_generation;
    }
    if (!removed) {
      return HttpResponse::json(404, R"({"message":"no such user"})");
    }
    changed();
    return HttpResponse::empty(204);
  }
  if (path == "/_sim/flush" && m == "POST") {
    if (m_on_flush) {
      m_on_flush();
    }
    return HttpResponse::empty(204);
  }
  return HttpResponse::json(404, R"({"message":"unknown side-door endpoint"})");
}

} // namespace alignctl::sim
