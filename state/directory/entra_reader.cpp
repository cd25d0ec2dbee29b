#include "state/directory/entra_reader.hpp"

#include "state/jira/request_executor.hpp"
#include "state/util/json_depth.hpp"

#include <algorithm>
#include <atomic>
#include <fmt/core.h>
#include <fmt/format.h>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace alignctl {

namespace {

constexpr std::string_view k_user_type = "#microsoft.graph.user";
constexpr std::string_view k_group_type = "#microsoft.graph.group";
constexpr std::string_view k_graph_version = "/v1.0";

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// An OData string literal: quotes doubled.
std::string odata_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

void flatten(DirectoryEntry& e, const std::string& name, const nlohmann::json& v) {
  if (v.is_string()) {
    e.add(name, v.get<std::string>());
  } else if (v.is_boolean()) {
    e.add(name, v.get<bool>() ? "true" : "false");
  } else if (v.is_number()) {
    e.add(name, v.dump());
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (item.is_string()) {
        e.add(name, item.get<std::string>());
      }
    }
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      flatten(e, name + "." + it.key(), it.value());
    }
  }
}

struct Group {
  std::string id;
  std::string name;
};

// What one group's transitive members gave.
struct GroupRead {
  std::vector<std::pair<std::string, DirectoryEntry>> users; // by object id
  int disabled = 0;
  int guests = 0;
  int nested_groups = 0;
  std::map<std::string, int> others; // by type: device, servicePrincipal, orgContact, …
  int pages = 0;
};

} // namespace

DirectoryEntry entra_user_entry(const nlohmann::json& user) {
  DirectoryEntry e;
  const std::string upn = user.value("userPrincipalName", nlohmann::json()).is_string()
                              ? user["userPrincipalName"].get<std::string>()
                              : "";
  e.dn = upn.empty() ? user.value("id", "") : upn;
  for (auto it = user.begin(); it != user.end(); ++it) {
    if (!it.key().empty() && it.key()[0] != '@') {
      flatten(e, it.key(), it.value());
    }
  }
  return e;
}

bool is_object_id(const std::string& s) {
  if (s.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) {
      return false;
    }
  }
  return true;
}

struct EntraReader::Impl {
  const DirectoryConfig& config;
  EntraTokenSource& tokens;
  std::string base; // GRAPH_URL/v1.0
  std::mutex mutex;
  std::string executor_token;
  std::shared_ptr<RequestExecutor> executor;
  std::atomic<int> requests{0};

  Impl(const DirectoryConfig& c, EntraTokenSource& t)
      : config(c), tokens(t), base(c.graph_url + std::string(k_graph_version)) {}

  // The executor sending with `token` (a new one when the token changed).
  std::shared_ptr<RequestExecutor> executor_for(const Secret& token) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!executor || executor_token != token.reveal()) {
      ClientConfig http;
      http.base_url = base;
      http.token = token;
      http.ca_bundle = config.ca_file;
      http.insecure_skip_tls = !config.tls_verify;
      http.concurrency = config.concurrency;
      http.timeout = std::chrono::milliseconds(static_cast<long>(config.search_timeout_s * 1000));
      http.connect_timeout =
          std::chrono::milliseconds(static_cast<long>(config.connect_timeout_s * 1000));
      http.token_origin = "the Microsoft Graph token for client " + config.client_id;
      executor = std::make_shared<RequestExecutor>(http, base);
      executor_token = token.reveal();
    }
    return executor;
  }

  Error explain(const Error& e, const std::string& what) const {
    switch (e.http_status) {
    case 401:
      return make_error(ErrorKind::Auth,
                        fmt::format("{}: Microsoft Graph refused a new token too (HTTP 401) — "
                                    "check directory.tenant_id and that graph_url ({}) is the "
                                    "Graph of the authority's cloud",
                                    what, config.graph_url),
                        401);
    case 403:
      return make_error(ErrorKind::Forbidden,
                        fmt::format("{}: Microsoft Graph refused (HTTP 403) — the application "
                                    "lacks a permission: grant it the application permissions "
                                    "GroupMember.Read.All and User.Read.All, with admin consent",
                                    what),
                        403);
    case 429:
      return make_error(ErrorKind::RateLimited,
                        fmt::format("{}: Microsoft Graph still throttles (HTTP 429) after the "
                                    "retries — lower directory.concurrency and try later",
                                    what),
                        429);
    default:
      return make_error(e.kind, what + ": " + e.message, e.http_status);
    }
  }

  // GET `target` (relative to base); renews the token once on a 401.
  Result<nlohmann::json> get(const std::string& target, const std::string& what) {
    Secret token;
    {
      auto t = tokens.token();
      if (!t) {
        return t.error();
      }
      token = std::move(*t);
    }
    for (int round = 0;; ++round) {
      auto exec = executor_for(token);
      ++requests;
      const std::string label = "GET " + base + target.substr(0, target.find('?'));
      auto r = exec->execute(HttpRequest{"GET", target, "", label}, Idempotency::Idempotent);
      if (!r && r.error().http_status == 401 && round == 0) {
        auto renewed = tokens.renew(token);
        if (!renewed) {
          return renewed.error();
        }
        token = std::move(*renewed);
        continue;
      }
      if (!r) {
        return explain(r.error(), what);
      }
      if (auto deep = json_too_deep(r->body)) {
        return make_error(ErrorKind::Protocol,
                          fmt::format("{}: the answer nests JSON deeper than {} levels (at byte "
                                      "{})",
                                      what, k_max_json_depth, *deep + 1));
      }
      nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        return make_error(ErrorKind::Protocol,
                          fmt::format("{}: the answer is not a JSON object", what));
      }
      return j;
    }
  }

  // A value of an unexpected JSON type in an answer (nlohmann throws) is a
  // Protocol error, not a crash.
  template <class F> static auto guarded(const std::string& what, F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (const nlohmann::json::exception& e) {
      return make_error(
          ErrorKind::Protocol,
          fmt::format("{}: the answer holds a value of an unexpected type ({})", what, e.what()));
    }
  }

  Result<Group> resolve(const std::string& configured) {
    return guarded("looking up the group '" + configured + "'",
                   [&] { return resolve_unguarded(configured); });
  }

  Result<GroupRead> read_group(const Group& group, const std::string& select) {
    return guarded("reading the members of '" + group.name + "'",
                   [&] { return read_group_unguarded(group, select); });
  }

  Result<Group> resolve_unguarded(const std::string& configured) {
    if (is_object_id(configured)) {
      const std::string what = fmt::format("reading the group with object id '{}'", configured);
      auto g = get("/groups/" + configured + "?$select=id,displayName", what);
      if (!g) {
        if (g.error().http_status == 404) {
          return make_error(ErrorKind::Config,
                            fmt::format("no group has the object id '{}' in tenant {}", configured,
                                        config.tenant_id));
        }
        return g.error();
      }
      return Group{g->value("id", configured), g->value("displayName", configured)};
    }
    const std::string what = fmt::format("looking up the group named '{}'", configured);
    std::string target =
        "/groups?$filter=" + url_encode("displayName eq " + odata_quote(configured)) +
        "&$select=id,displayName&$top=" + std::to_string(k_graph_page);
    std::vector<Group> found;
    while (!target.empty()) {
      auto page = get(target, what);
      if (!page) {
        return page.error();
      }
      if (!page->contains("value") || !(*page)["value"].is_array()) {
        return make_error(ErrorKind::Protocol, what + ": the answer has no 'value' list");
      }
      for (const auto& g : (*page)["value"]) {
        found.push_back(Group{g.value("id", ""), g.value("displayName", configured)});
      }
      auto next = next_target(*page, what);
      if (!next) {
        return next.error();
      }
      target = *next;
    }
    if (found.empty()) {
      return make_error(ErrorKind::Config, fmt::format("no group is named '{}' in tenant {}",
                                                       configured, config.tenant_id));
    }
    if (found.size() > 1) {
      std::vector<std::string> ids;
      for (const Group& g : found) {
        ids.push_back(g.id);
      }
      return make_error(ErrorKind::Config,
                        fmt::format("{} groups are named '{}' (object ids {}): configure the "
                                    "group by its object id",
                                    found.size(), configured, fmt::join(ids, ", ")));
    }
    return found.front();
  }

  // The next page's target from @odata.nextLink ("" when none). A link to
  // another place than the configured Graph is refused: the token goes with it.
  Result<std::string> next_target(const nlohmann::json& page, const std::string& what) const {
    if (!page.contains("@odata.nextLink") || page["@odata.nextLink"].is_null()) {
      return std::string();
    }
    if (!page["@odata.nextLink"].is_string()) {
      return make_error(ErrorKind::Protocol, what + ": @odata.nextLink is not a string");
    }
    const std::string link = page["@odata.nextLink"].get<std::string>();
    if (link.rfind(base, 0) != 0 || link.size() == base.size() || link[base.size()] != '/') {
      return make_error(ErrorKind::Protocol,
                        fmt::format("{}: @odata.nextLink '{}' leaves {} — refusing to send the "
                                    "token there",
                                    what, link.substr(0, 200), base));
    }
    return link.substr(base.size());
  }

  static constexpr int k_graph_page = 999;

  // The users of one page into `out`; the rest counted.
  Result<void> take_page(const nlohmann::json& page, GroupRead& out, const std::string& key_attr,
                         const std::vector<std::string>& bookkeeping) const {
    for (const auto& item : page["value"]) {
      const std::string type = item.value("@odata.type", std::string(k_user_type));
      if (type == k_group_type) {
        ++out.nested_groups;
        continue;
      }
      if (type != k_user_type) {
        ++out.others[type.rfind("#microsoft.graph.", 0) == 0 ? type.substr(17) : type];
        continue;
      }
      if (item.contains("accountEnabled") && item["accountEnabled"].is_boolean() &&
          !item["accountEnabled"].get<bool>()) {
        ++out.disabled;
        continue;
      }
      DirectoryEntry entry = entra_user_entry(item);
      const bool guest = fold_case(entry.first("userType")) == "guest" ||
                         entry.first("userPrincipalName").find("#EXT#") != std::string::npos;
      if (guest && config.guests == GuestPolicy::Exclude) {
        ++out.guests;
        continue;
      }
      if (!key_attr.empty() && entry.first(key_attr).find("#EXT#") != std::string::npos) {
        return make_error(ErrorKind::Input,
                          fmt::format("'{}': the key attribute {} holds the guest user "
                                      "principal name '{}' (#EXT#), which is no stable key — "
                                      "map externalId to another attribute (e.g. mail) or set "
                                      "directory.guests: exclude",
                                      entry.dn, key_attr, entry.first(key_attr)));
      }
      std::string id = item.value("id", entry.dn);
      for (const std::string& unused : bookkeeping) {
        entry.attributes.erase(unused); // asked for the filtering above, not mapped
      }
      out.users.emplace_back(std::move(id), std::move(entry));
    }
    return {};
  }

  Result<GroupRead> read_group_unguarded(const Group& group, const std::string& select) {
    GroupRead out;
    const std::string key_attr = config.fields.at(match_key_name(config.key)).attribute;
    std::vector<std::string> bookkeeping;
    for (const char* name : {"id", "accountenabled", "usertype"}) {
      bool mapped = fold_case(config.email_fallback) == name;
      for (const auto& [field, m] : config.fields) {
        mapped = mapped || fold_case(m.attribute) == name;
      }
      if (!mapped) {
        bookkeeping.emplace_back(name);
      }
    }
    std::string target = "/groups/" + group.id + "/transitiveMembers?$select=" + select +
                         "&$top=" + std::to_string(config.page_size);
    // Page N is taken apart on another thread while page N+1 is fetched (its
    // link is known once N is parsed); one page at a time touches `out`.
    std::future<Result<void>> taking;
    auto finish = [&taking]() -> Result<void> {
      return taking.valid() ? taking.get() : Result<void>();
    };
    while (!target.empty()) {
      const std::string what =
          fmt::format("reading the members of '{}' (page {})", group.name, out.pages + 1);
      auto page = get(target, what);
      Result<std::string> next =
          page ? next_target(*page, what) : Result<std::string>(page.error());
      if (next && (!page->contains("value") || !(*page)["value"].is_array())) {
        next = make_error(ErrorKind::Protocol, what + ": the answer has no 'value' list");
      }
      if (auto taken = finish(); !taken) {
        return taken.error();
      }
      if (!next) {
        return next.error();
      }
      ++out.pages;
      taking = std::async(std::launch::async,
                          [this, &out, &key_attr, &bookkeeping, p = std::move(*page)] {
                            return take_page(p, out, key_attr, bookkeeping);
                          });
      target = *next;
    }
    if (auto taken = finish(); !taken) {
      return taken.error();
    }
    return out;
  }
};

EntraReader::EntraReader(const DirectoryConfig& config, EntraTokenSource& tokens)
    : m_config(config), m_tokens(tokens), m_impl(std::make_unique<Impl>(config, tokens)) {}

EntraReader::~EntraReader() = default;

int EntraReader::requests() const {
  return m_impl->requests.load();
}

std::vector<std::string> EntraReader::user_properties() const {
  std::vector<std::string> props = {"id", "userPrincipalName", "accountEnabled", "userType"};
  auto add = [&props](const std::string& attr) {
    const std::string top = attr.substr(0, attr.find('.'));
    if (!top.empty() && std::none_of(props.begin(), props.end(), [&](const std::string& p) {
          return fold_case(p) == fold_case(top);
        })) {
      props.push_back(top);
    }
  };
  for (const std::string& field : k_desired_fields) {
    auto it = m_config.fields.find(field);
    if (it != m_config.fields.end()) {
      add(it->second.attribute);
    }
  }
  add(m_config.email_fallback);
  return props;
}

Result<MembershipResult> EntraReader::read_membership() {
  std::vector<Group> groups;
  for (const std::string& configured : m_config.groups) {
    auto g = m_impl->resolve(configured);
    if (!g) {
      return g.error();
    }
    groups.push_back(std::move(*g));
  }
  const std::string select = fmt::format("{}", fmt::join(user_properties(), ","));
  std::vector<std::optional<Result<GroupRead>>> reads(groups.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (std::size_t i = next++; i < groups.size() && !failed; i = next++) {
      reads[i] = m_impl->read_group(groups[i], select);
      if (!*reads[i]) {
        failed = true;
      }
    }
  };
  const std::size_t n_threads = std::min<std::size_t>(
      groups.size(), static_cast<std::size_t>(std::max(1, m_config.concurrency)));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < n_threads; ++t) {
    threads.emplace_back(worker);
  }
  worker();
  for (std::thread& t : threads) {
    t.join();
  }
  MembershipResult result;
  std::unordered_map<std::string, std::size_t> by_id;
  int pages = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (reads[i] && !*reads[i]) {
      return reads[i]->error();
    }
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    GroupRead& r = reads[i]->value();
    const std::string& name = groups[i].name;
    pages += r.pages;
    for (auto& [id, entry] : r.users) {
      auto it = by_id.find(id);
      if (it == by_id.end()) {
        by_id.emplace(id, result.members.size());
        result.members.push_back(MemberEntry{std::move(entry), {name}});
      } else {
        auto& g = result.members[it->second].groups;
        if (std::find(g.begin(), g.end(), name) == g.end()) {
          g.push_back(name);
        }
      }
    }
    std::vector<std::string> left_out;
    if (r.disabled > 0) {
      left_out.push_back(fmt::format("{} disabled (accountEnabled false)", r.disabled));
    }
    if (r.guests > 0) {
      left_out.push_back(fmt::format("{} guests (directory.guests: exclude)", r.guests));
    }
    for (const auto& [type, count] : r.others) {
      left_out.push_back(fmt::format("{} {} (not users)", count, type));
    }
    if (!left_out.empty()) {
      result.notes.push_back(fmt::format("'{}': {} users; left out: {}", name, r.users.size(),
                                         fmt::join(left_out, ", ")));
    }
    if (r.users.empty()) {
      result.warnings.push_back(empty_group_warning(name, false));
    }
  }
  result.notes.push_back(fmt::format("Microsoft Graph: {} groups, {} pages, {} requests, {} "
                                     "token{}",
                                     groups.size(), pages, m_impl->requests.load(),
                                     m_tokens.tokens_fetched(),
                                     m_tokens.tokens_fetched() == 1 ? "" : "s"));
  return result;
}

} // namespace alignctl
