#include "state/jira/http_client.hpp"

#include "state/jira/base_url.hpp"
#include "state/jira/odata_query.hpp"
#include "state/jira/paged_list.hpp"
#include "state/jira/request_executor.hpp"
#include "state/jira/response_json.hpp"
#include "state/model/live_user_json.hpp"

#include <nlohmann/json.hpp>

namespace alignctl {

namespace {

using nlohmann::json;

constexpr std::size_t k_page_size = 100;

std::string select_list() {
  std::string s;
  for (std::string_view name : live_user_field_names()) {
    if (!s.empty()) {
      s += ',';
    }
    s += name;
  }
  return s;
}

// "externalId 'x', email 'y'" from a create body, for messages.
std::string describe_new_user(const std::string& json_body) {
  json j = json::parse(json_body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return "";
  }
  std::string out;
  for (const char* key : {"externalId", "email"}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string()) {
      out += (out.empty() ? "" : ", ") + std::string(key) + " '" + it->get<std::string>() + "'";
    }
  }
  return out;
}

class HttpJiraAlign final : public JiraAlign {
public:
  explicit HttpJiraAlign(const ClientConfig& config)
      : m_base(normalize_base_url(config.base_url)),
        m_executor(config, m_base ? *m_base : std::string()) {}

  Result<std::vector<LiveUser>> list_users(const ProgressFn& progress) override {
    if (!m_base) {
      return m_base.error();
    }
    PageSpec spec{
        "/Users", {{"$select", select_list()}}, k_page_size, m_executor.config().concurrency};
    return fetch_collection<LiveUser>(m_executor, spec, parse_users_page, {{"$select", "id"}},
                                      m_mode, progress);
  }

  std::optional<ListingMode> listing_mode() const override { return m_mode.get(); }

  Result<ListingMode> probe_listing_mode() override {
    if (!m_base) {
      return m_base.error();
    }
    PageSpec spec{"/Users", {{"$select", "id"}}, k_page_size, 1};
    auto mode = probe_orderby<LiveUser>(m_executor, spec, parse_users_page);
    if (mode) {
      m_mode.set(*mode);
    }
    return mode;
  }

  Result<PageCapProbe> probe_page_cap() override {
    if (!m_base) {
      return m_base.error();
    }
    HttpRequest request{"GET", make_target("/Users", {{"$top", "101"}, {"$select", "id"}}), "",
                        "GET /Users?$top=101"};
    auto answer = m_executor.execute(request, Idempotency::Idempotent);
    if (!answer) {
      if (answer.error().kind == ErrorKind::BadRequest) {
        return PageCapProbe{true, 0};
      }
      return answer.error();
    }
    auto rows = parse_users_page(answer->body, request.label);
    if (!rows) {
      return rows.error();
    }
    return PageCapProbe{false, rows->size()};
  }

  Result<LiveUser> get_user(std::int64_t id) override {
    if (!m_base) {
      return m_base.error();
    }
    std::string path = "/Users/" + std::to_string(id);
    HttpRequest request{"GET", make_target(path, {{"$select", select_list()}}), "", "GET " + path};
    auto answer = m_executor.execute(request, Idempotency::Idempotent);
    if (!answer) {
      Error e = answer.error();
      if (e.kind == ErrorKind::NotFound) {
        e.message = request.label + ": no user with id " + std::to_string(id) + " (HTTP 404)";
      }
      return e;
    }
    auto user = parse_user_answer(answer->body, request.label);
    if (!user) {
      return user.error();
    }
    if (user->id != id) {
      return make_error(ErrorKind::Protocol, request.label + ": the answer is user " +
                                                 std::to_string(user->id) + ", not " +
                                                 std::to_string(id));
    }
    return user;
  }

  Result<std::vector<LiveUser>> find_users(std::string_view field,
                                           std::string_view value) override {
    if (!m_base) {
      return m_base.error();
    }
    if (field != "externalId" && field != "email") {
      return make_error(ErrorKind::Internal,
                        "find_users: unsupported field '" + std::string(field) + "'");
    }
    std::string filter = std::string(field) + " eq " + odata_string_literal(value);
    PageSpec spec{"/Users", {{"$filter", filter}, {"$select", select_list()}}, k_page_size, 1};
    return fetch_collection<LiveUser>(m_executor, spec, parse_users_page,
                                      {{"$filter", filter}, {"$select", "id"}}, m_mode);
  }

  Result<std::optional<std::int64_t>> create_user(const std::string& json_body) override {
    if (!m_base) {
      return m_base.error();
    }
    std::string who = describe_new_user(json_body);
    HttpRequest request{"POST", "/Users", json_body,
                        "POST /Users" + (who.empty() ? "" : " (" + who + ")")};
    auto answer = m_executor.execute(request, Idempotency::Once);
    if (!answer) {
      return answer.error();
    }
    // The contract does not promise a body; an id is used when present.
    return parse_created_id(answer->body);
  }

  Result<void> patch_user(std::int64_t id, const std::string& json_patch) override {
    if (!m_base) {
      return m_base.error();
    }
    std::string path = "/Users/" + std::to_string(id);
    HttpRequest request{"PATCH", path, json_patch, "PATCH " + path};
    auto answer = m_executor.execute(request, Idempotency::Idempotent);
    if (!answer) {
      return answer.error();
    }
    return {};
  }

  Result<std::vector<RefItem>> list_reference(RefKind kind) override {
    if (!m_base) {
      return m_base.error();
    }
    std::string path = std::string("/") + ref_kind_path(kind);
    PageSpec spec{path, {}, k_page_size, std::min(2, m_executor.config().concurrency)};
    auto items = fetch_collection<RefItem>(m_executor, spec, parse_reference_page, {}, m_mode);
    if (!items && items.error().kind == ErrorKind::NotFound) {
      Error e = items.error();
      e.message =
          "GET " + path + ": this site has no " + ref_kind_path(kind) + " endpoint (HTTP 404)";
      return e;
    }
    return items;
  }

private:
  Result<std::string> m_base;
  RequestExecutor m_executor;
  ListingModeCell m_mode;
};

} // namespace

std::unique_ptr<JiraAlign> make_http_client(const ClientConfig& config) {
  ensure_curl_initialized();
  return std::make_unique<HttpJiraAlign>(config);
}

} // namespace alignctl
