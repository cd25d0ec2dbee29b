#include "tests/support/fake_jira_align.hpp"

#include "state/model/live_user_json.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace alignctl::test {

namespace {

using nlohmann::json;

Error bad_request(std::string message) {
  return make_error(ErrorKind::BadRequest, std::move(message), 400);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_read_only(const std::string& lowered) {
  static const char* k_read_only[] = {"status",     "fullname",        "uid", "self",
                                      "createdate", "lastupdateddate", "id"};
  return std::any_of(std::begin(k_read_only), std::end(k_read_only),
                     [&](const char* r) { return lowered == r; });
}

// The LiveUser field (API spelling) matching `name` case-insensitively, or "".
std::string live_field(std::string_view name) {
  std::string l = lower(name);
  for (std::string_view f : live_user_field_names()) {
    if (lower(f) == l) {
      return std::string(f);
    }
  }
  return "";
}

bool blank(const std::optional<std::string>& s) {
  return !s || s->find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string invalid(const char* field) {
  return std::string("Value for ") + field + " is invalid.";
}

bool same_text(const std::string& a, const std::string& b, bool case_sensitive) {
  return case_sensitive ? a == b : lower(a) == lower(b);
}

} // namespace

std::int64_t FakeJiraAlign::add_user(LiveUser user) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (user.id <= 0) {
    user.id = m_next_id;
  }
  m_next_id = std::max(m_next_id, user.id + 1);
  std::int64_t id = user.id;
  m_users[id] = std::move(user);
  return id;
}

void FakeJiraAlign::set_reference(RefKind kind, std::vector<RefItem> items) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_reference[kind] = std::move(items);
  m_missing_endpoint[kind] = false;
}

void FakeJiraAlign::remove_reference_endpoint(RefKind kind) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_missing_endpoint[kind] = true;
}

void FakeJiraAlign::fail_next(FakeFailure failure) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_failures.push_back(std::move(failure));
}

void FakeJiraAlign::set_create_returns_id(bool returns_id) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_create_returns_id = returns_id;
}

void FakeJiraAlign::set_case_sensitive_filter(bool sensitive) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_case_sensitive_filter = sensitive;
}

std::vector<LiveUser> FakeJiraAlign::users() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::vector<LiveUser> out;
  for (const auto& [id, u] : m_users) {
    out.push_back(u);
  }
  return out;
}

std::optional<LiveUser> FakeJiraAlign::user(std::int64_t id) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto it = m_users.find(id);
  return it == m_users.end() ? std::nullopt : std::optional<LiveUser>(it->second);
}

std::vector<RecordedCall> FakeJiraAlign::calls() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_calls;
}

std::vector<RecordedCall> FakeJiraAlign::writes() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::vector<RecordedCall> out;
  std::copy_if(m_calls.begin(), m_calls.end(), std::back_inserter(out), [](const RecordedCall& c) {
    return c.kind == FakeCall::CreateUser || c.kind == FakeCall::PatchUser;
  });
  return out;
}

void FakeJiraAlign::clear_calls() {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_calls.clear();
}

// Callers hold m_mutex.
void FakeJiraAlign::record(FakeCall kind, std::string method, std::string path, std::string body) {
  m_calls.push_back(RecordedCall{kind, std::move(method), std::move(path), std::move(body)});
}

std::optional<FakeFailure> FakeJiraAlign::take_failure(FakeCall kind,
                                                       std::optional<std::int64_t> user_id) {
  for (auto it = m_failures.begin(); it != m_failures.end(); ++it) {
    if (it->kind != kind || (it->user_id && it->user_id != user_id)) {
      continue;
    }
    if (it->after > 0) {
      --it->after;
      return std::nullopt;
    }
    FakeFailure f = *it;
    if (it->times > 0 && --it->times == 0) {
      m_failures.erase(it);
    }
    return f;
  }
  return std::nullopt;
}

Result<std::vector<LiveUser>> FakeJiraAlign::list_users(const ProgressFn& progress) {
  std::vector<LiveUser> out;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    record(FakeCall::ListUsers, "GET", "/Users", "");
    if (auto f = take_failure(FakeCall::ListUsers, std::nullopt)) {
      return f->error;
    }
    for (const auto& [id, u] : m_users) {
      out.push_back(u);
    }
  }
  if (progress) {
    progress(ListProgress{(out.size() / 100) + 1, out.size()});
  }
  return out;
}

Result<LiveUser> FakeJiraAlign::get_user(std::int64_t id) {
  std::lock_guard<std::mutex> lock(m_mutex);
  record(FakeCall::GetUser, "GET", "/Users/" + std::to_string(id), "");
  if (auto f = take_failure(FakeCall::GetUser, id)) {
    return f->error;
  }
  auto it = m_users.find(id);
  if (it == m_users.end()) {
    return make_error(ErrorKind::NotFound,
                      "GET /Users/" + std::to_string(id) + ": no user with id " +
                          std::to_string(id) + " (HTTP 404)",
                      404);
  }
  return it->second;
}

void FakeJiraAlign::set_before_find(std::function<void(std::string_view)> hook) {
  m_before_find = std::move(hook);
}

Result<std::vector<LiveUser>> FakeJiraAlign::find_users(std::string_view field,
                                                        std::string_view value) {
  if (m_before_find) {
    m_before_find(value);
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  std::string literal = "'";
  for (char c : value) {
    literal += c;
    if (c == '\'') {
      literal += '\'';
    }
  }
  literal += "'";
  record(FakeCall::FindUsers, "GET", "/Users?$filter=" + std::string(field) + " eq " + literal, "");
  if (auto f = take_failure(FakeCall::FindUsers, std::nullopt)) {
    return f->error;
  }
  if (field != "externalId" && field != "email") {
    return make_error(ErrorKind::Internal,
                      "find_users: unsupported field '" + std::string(field) + "'");
  }
  std::vector<LiveUser> out;
  for (const auto& [id, u] : m_users) {
    const auto& v = field == "email" ? u.email : u.external_id;
    if (v && same_text(*v, std::string(value), m_case_sensitive_filter)) {
      out.push_back(u);
    }
  }
  return out;
}

Result<std::optional<std::int64_t>> FakeJiraAlign::create_user(const std::string& json_body) {
  std::lock_guard<std::mutex> lock(m_mutex);
  record(FakeCall::CreateUser, "POST", "/Users", json_body);
  auto f = take_failure(FakeCall::CreateUser, std::nullopt);
  if (f && !f->commit) {
    return f->error;
  }
  auto r = do_create(json_body);
  if (f) {
    return f->error;
  }
  return r;
}

Result<std::optional<std::int64_t>> FakeJiraAlign::do_create(const std::string& json_body) {
  const std::string prefix = "Cannot create user. ";
  json body = json::parse(json_body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return bad_request(prefix + "The request body must be a JSON object.");
  }
  json record = json::object();
  for (auto it = body.begin(); it != body.end(); ++it) {
    std::string name = live_field(it.key());
    if (name.empty() || is_read_only(lower(it.key()))) {
      continue;
    }
    record[name] = it.value();
  }
  record["id"] = m_next_id;
  auto parsed = live_user_from_json(record);
  if (!parsed) {
    return bad_request(prefix + parsed.error().message);
  }
  LiveUser u = *parsed;
  if (blank(u.first_name)) {
    return bad_request(prefix + invalid("firstName"));
  }
  if (blank(u.last_name)) {
    return bad_request(prefix + invalid("lastName"));
  }
  if (blank(u.email) || u.email->find('@') == std::string::npos) {
    return bad_request(prefix + invalid("email"));
  }
  if (u.role_id.value_or(0) <= 0) {
    return bad_request(prefix + invalid("roleId"));
  }
  struct Ref {
    const char* name;
    std::optional<std::int64_t> LiveUser::*member;
    RefKind kind;
  };
  for (const Ref& r : {Ref{"costCenterId", &LiveUser::cost_center_id, RefKind::CostCenters},
                       Ref{"divisionId", &LiveUser::division_id, RefKind::Divisions},
                       Ref{"regionId", &LiveUser::region_id, RefKind::Regions},
                       Ref{"cityId", &LiveUser::city_id, RefKind::Cities}}) {
    const auto& v = u.*(r.member);
    if (!v) {
      return bad_request(prefix + invalid(r.name));
    }
    auto ref = m_reference.find(r.kind);
    if (ref != m_reference.end() && !ref->second.empty() &&
        std::none_of(ref->second.begin(), ref->second.end(),
                     [&](const RefItem& i) { return i.id == *v; })) {
      return bad_request(prefix + invalid(r.name));
    }
  }
  if (u.company && u.company->empty()) {
    return bad_request(prefix + invalid("company"));
  }
  for (const auto& [id, other] : m_users) {
    if (other.email && same_text(*other.email, *u.email, false)) {
      return bad_request(prefix + "A user with this email already exists.");
    }
    if (u.external_id && !u.external_id->empty() && other.external_id &&
        same_text(*other.external_id, *u.external_id, false)) {
      return bad_request(prefix + "A user with this externalId already exists.");
    }
  }
  std::int64_t id = m_next_id++;
  m_users[id] = u;
  return m_create_returns_id ? std::optional<std::int64_t>(id) : std::nullopt;
}

Result<void> FakeJiraAlign::patch_user(std::int64_t id, const std::string& json_patch) {
  std::lock_guard<std::mutex> lock(m_mutex);
  record(FakeCall::PatchUser, "PATCH", "/Users/" + std::to_string(id), json_patch);
  auto f = take_failure(FakeCall::PatchUser, id);
  if (f && !f->commit) {
    return f->error;
  }
  auto r = do_patch(id, json_patch);
  if (f) {
    return f->error;
  }
  return r;
}

Result<void> FakeJiraAlign::do_patch(std::int64_t id, const std::string& json_patch) {
  auto it = m_users.find(id);
  if (it == m_users.end()) {
    return make_error(ErrorKind::NotFound,
                      "PATCH /Users/" + std::to_string(id) + ": no user with id " +
                          std::to_string(id) + " (HTTP 404)",
                      404);
  }
  const std::string prefix = "Cannot update user with id " + std::to_string(id) + ". ";
  json ops = json::parse(json_patch, nullptr, false);
  if (ops.is_discarded() || !ops.is_array()) {
    return bad_request(prefix + "The request body must be a JSON Patch array.");
  }
  json merged = live_user_to_json(it->second);
  for (const json& op : ops) {
    if (!op.is_object() || !op.contains("op") || !op["op"].is_string() || !op.contains("path") ||
        !op["path"].is_string()) {
      return bad_request(prefix + "Each operation needs string 'op' and 'path' members.");
    }
    std::string name = lower(op["op"].get<std::string>());
    std::string path = op["path"].get<std::string>();
    if (!path.empty() && path.front() == '/') {
      path.erase(0, 1);
    }
    if (name != "replace" && name != "add" && name != "remove") {
      return bad_request(prefix + "Unsupported operation '" + op["op"].get<std::string>() + "'.");
    }
    std::string field = live_field(path);
    if (is_read_only(lower(path)) || field.empty()) {
      continue; // read-only and fields the fake does not hold: ignored, still success
    }
    if (name == "remove") {
      merged[field] = nullptr;
    } else if (!op.contains("value")) {
      return bad_request(prefix + "Operation '" + name + "' on '" + path + "' needs a value.");
    } else {
      merged[field] = op["value"];
    }
  }
  auto parsed = live_user_from_json(merged);
  if (!parsed) {
    return bad_request(prefix + parsed.error().message);
  }
  const LiveUser& u = *parsed;
  if (!u.division_id) {
    return bad_request(prefix + invalid("divisionId"));
  }
  if (!u.city_id) {
    return bad_request(prefix + invalid("cityId"));
  }
  if (u.company && u.company->empty()) {
    return bad_request(prefix + invalid("company"));
  }
  if (u.is_locked != 0 && u.is_locked != -1 && u.is_locked != 1) {
    return bad_request(prefix + invalid("isLocked"));
  }
  for (const auto& [other_id, other] : m_users) {
    if (other_id == id) {
      continue;
    }
    if (u.email && other.email && same_text(*other.email, *u.email, false)) {
      return bad_request(prefix + "A user with this email already exists.");
    }
    if (u.external_id && !u.external_id->empty() && other.external_id &&
        same_text(*other.external_id, *u.external_id, false)) {
      return bad_request(prefix + "A user with this externalId already exists.");
    }
  }
  it->second = u;
  return {};
}

Result<std::vector<RefItem>> FakeJiraAlign::list_reference(RefKind kind) {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::string path = std::string("/") + ref_kind_path(kind);
  record(FakeCall::ListReference, "GET", path, "");
  if (auto f = take_failure(FakeCall::ListReference, std::nullopt)) {
    return f->error;
  }
  auto missing = m_missing_endpoint.find(kind);
  if (missing != m_missing_endpoint.end() && missing->second) {
    return make_error(
        ErrorKind::NotFound,
        "GET " + path + ": this site has no " + ref_kind_path(kind) + " endpoint (HTTP 404)", 404);
  }
  auto it = m_reference.find(kind);
  return it == m_reference.end() ? std::vector<RefItem>{} : it->second;
}

} // namespace alignctl::test
