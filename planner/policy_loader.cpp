#include "planner/policy_loader.hpp"

#include "planner/text_util.hpp"
#include "state/model/directory_section.hpp"
#include "state/model/yaml_field_reader.hpp"
#include "state/model/yaml_guard.hpp"
#include "state/util/input_limits.hpp"
#include "state/util/text_scan.hpp"

#include <charconv>
#include <fmt/core.h>
#include <functional>
#include <istream>
#include <map>
#include <set>
#include <yaml-cpp/yaml.h>

namespace alignctl {

namespace {

using Loader = YamlFieldReader;

// The largest count limits.max_creates / max_deactivations accept.
constexpr double k_max_limit_count = 1e9;

std::optional<PolicyId> id_value(Loader& l, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    l.error(node, fmt::format("{} must be a whole number", what));
    return std::nullopt;
  }
  const std::string& s = node.Scalar();
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    l.error(node, fmt::format("{} must be a whole number, not '{}'", what, shown(s)));
    return std::nullopt;
  }
  if (v <= 0) {
    l.error(node, fmt::format("{} must be a positive id, not {}", what, v));
    return std::nullopt;
  }
  PolicyId id;
  id.value = v;
  id.line = node.Mark().line + 1;
  id.column = node.Mark().column + 1;
  return id;
}

std::optional<Limit> limit_value(Loader& l, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    l.error(node, fmt::format("{} must be a count or a percentage like '5%'", what));
    return std::nullopt;
  }
  std::string s = node.Scalar();
  Limit limit;
  limit.text = s;
  if (!s.empty() && s.back() == '%') {
    limit.is_percent = true;
    s.pop_back();
  }
  double v = 0;
  bool ok = !s.empty();
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c == '.' && limit.is_percent))) {
      ok = false;
    }
  }
  if (ok) {
    try {
      std::size_t used = 0;
      v = std::stod(s, &used);
      ok = used == s.size(); // "1.2.3%" is not 1.2%
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || (limit.is_percent && v > 100)) {
    l.error(node, fmt::format("{} must be a count or a percentage like '5%', not '{}'", what,
                              shown(limit.text)));
    return std::nullopt;
  }
  // Limit::allowed converts a count to int64: beyond its range that is
  // undefined behaviour, and no tenant has a billion users.
  if (!limit.is_percent && v > k_max_limit_count) {
    l.error(node, fmt::format("{} must be at most {}, not {}", what,
                              static_cast<std::int64_t>(k_max_limit_count), shown(limit.text)));
    return std::nullopt;
  }
  limit.value = v;
  return limit;
}

const std::vector<std::string> k_top_keys = {
    "jira",    "match",  "create", "regions",   "roles",  "sync",       "protected",
    "ignored", "repair", "limits", "directory", "locked", "login_dates"};
const std::vector<std::string> k_sync_attributes = {"firstName", "lastName", "email", "title",
                                                    "region"};

// A name of an environment variable (letters, digits, _) for `key`.
std::optional<std::string> env_name_value(Loader& l, const YAML::Node& node, const char* key) {
  auto v = l.string_value(node, key);
  if (!v) {
    return std::nullopt;
  }
  bool valid = !v->empty();
  for (char c : *v) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      valid = false;
    }
  }
  if (!valid) {
    l.error(node, fmt::format("{} must name an environment variable (letters, digits, _), not '{}'",
                              key, shown(*v)));
    return std::nullopt;
  }
  return v;
}

// jira.auth, jira.user, jira.user_env (docs/policy.md "jira").
void load_jira_auth(Loader& l, const std::map<std::string, YAML::Node>& f, Policy& p) {
  auto auth = f.find("auth");
  if (auth != f.end()) {
    auto v = l.string_value(auth->second, "jira.auth");
    if (v && *v != "bearer" && *v != "basic") {
      l.error(auth->second, fmt::format("jira.auth must be bearer or basic, not '{}'", shown(*v)));
    } else if (v) {
      p.jira_auth = *v;
    }
  }
  auto user = f.find("user");
  auto user_env = f.find("user_env");
  if (user != f.end()) {
    auto v = l.string_value(user->second, "jira.user");
    if (v && v->find('@') == std::string::npos) {
      l.error(user->second,
              fmt::format("jira.user must be the email of the API token's account, not '{}'",
                          shown(*v)));
    } else if (v) {
      p.jira_user = *v;
    }
  }
  if (user_env != f.end()) {
    p.jira_user_env = env_name_value(l, user_env->second, "jira.user_env").value_or("");
  }
  if (user != f.end() && user_env != f.end()) {
    l.error(user_env->second, "give jira.user or jira.user_env, not both");
  }
  const bool has_user = user != f.end() || user_env != f.end();
  if (p.jira_auth == "basic" && !has_user && auth != f.end()) {
    l.error(auth->second, "jira.auth: basic needs jira.user (the email of the API token's "
                          "account) or jira.user_env");
  }
  if (p.jira_auth != "basic" && has_user) {
    const YAML::Node& at = user != f.end() ? user->second : user_env->second;
    l.error(at, "jira.user and jira.user_env are only used with jira.auth: basic");
  }
}

void load_jira(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'jira'", {"url", "token_env", "auth", "user", "user_env"});
  if (auto it = f.find("url"); it != f.end()) {
    p.jira_url = l.string_value(it->second, "jira.url").value_or("");
  }
  if (auto it = f.find("token_env"); it != f.end()) {
    p.jira_token_env = env_name_value(l, it->second, "jira.token_env").value_or("");
  }
  load_jira_auth(l, f, p);
}

void load_match(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'match'", {"key"});
  if (auto it = f.find("key"); it != f.end()) {
    auto v = l.string_value(it->second, "match.key");
    if (auto key = v ? match_key_from_name(*v) : std::nullopt) {
      p.match_key = *key;
    } else if (v) {
      l.error(it->second,
              fmt::format("match.key must be externalId or email, not '{}'", shown(*v)));
    }
  }
}

void load_create(Loader& l, const YAML::Node& node, Policy& p) {
  auto f =
      l.fields(node, "section 'create'", {"roleId", "costCenterId", "divisionId", "isExternal"});
  if (!node.IsMap()) {
    return;
  }
  struct Req {
    const char* name;
    PolicyId* out;
  };
  for (const Req& r :
       {Req{"roleId", &p.create_role_id}, Req{"costCenterId", &p.create_cost_center_id},
        Req{"divisionId", &p.create_division_id}}) {
    auto it = f.find(r.name);
    if (it == f.end()) {
      l.error(node, fmt::format("create.{} is required", r.name));
      continue;
    }
    if (auto v = id_value(l, it->second, fmt::format("create.{}", r.name))) {
      *r.out = *v;
    }
  }
  if (auto it = f.find("isExternal"); it != f.end()) {
    const YAML::Node& v = it->second;
    if (v.IsScalar() && (v.Scalar() == "0" || v.Scalar() == "1")) {
      p.create_is_external = v.Scalar() == "1" ? 1 : 0;
    } else {
      l.error(v, fmt::format("create.isExternal must be 0 or 1, not '{}'",
                             v.IsScalar() ? shown(v.Scalar()) : std::string("a collection")));
    }
  }
}

std::optional<RegionTarget> load_region_target(Loader& l, const YAML::Node& node,
                                               const std::string& where) {
  auto f = l.fields(node, where, {"regionId", "cityId"});
  if (!node.IsMap()) {
    return std::nullopt;
  }
  RegionTarget t;
  bool ok = true;
  for (auto [name, out] : {std::pair{"regionId", &t.region_id}, std::pair{"cityId", &t.city_id}}) {
    auto it = f.find(name);
    if (it == f.end()) {
      l.error(node, fmt::format("{} needs {}", where, name));
      ok = false;
      continue;
    }
    auto v = id_value(l, it->second, fmt::format("{}.{}", where, name));
    if (!v) {
      ok = false;
      continue;
    }
    *out = *v;
  }
  return ok ? std::optional<RegionTarget>(t) : std::nullopt;
}

void load_regions(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'regions'", {"map", "default", "unknown"});
  if (auto it = f.find("map"); it != f.end() && !it->second.IsNull()) {
    if (!it->second.IsMap()) {
      l.error(it->second, "regions.map must be a mapping of directory value to {regionId, cityId}");
    } else {
      std::map<std::string, int> seen; // lowercased value → line
      for (auto e = it->second.begin(); e != it->second.end(); ++e) {
        if (!e->first.IsScalar()) {
          l.error(e->first, "regions.map: keys must be directory values (strings)");
          continue;
        }
        if (!l.clean_text(e->first, "a key of regions.map")) {
          continue;
        }
        const std::string value = e->first.Scalar();
        auto [pos, inserted] = seen.emplace(fold_case(value), e->first.Mark().line + 1);
        if (!inserted) {
          l.error(e->first, fmt::format("duplicate region '{}' in regions.map (first at line {}; "
                                        "region values are compared case-insensitively)",
                                        shown(value), pos->second));
          continue;
        }
        auto t = load_region_target(l, e->second, fmt::format("regions.map.{}", shown(value)));
        if (t) {
          p.regions.push_back(RegionEntry{value, *t});
        }
      }
    }
  }
  auto d = f.find("default");
  auto u = f.find("unknown");
  if (u != f.end()) {
    if (!u->second.IsScalar() || u->second.Scalar() != "error") {
      l.error(u->second, "regions.unknown can only be 'error' (or give regions.default instead)");
    } else if (d != f.end()) {
      l.error(u->second, "regions: give either 'default' or 'unknown: error', not both");
    }
  }
  if (d != f.end()) {
    p.region_default = load_region_target(l, d->second, "regions.default");
  }
  const bool map_given =
      f.count("map") > 0 && !f.find("map")->second.IsNull() && f.find("map")->second.size() > 0;
  if (!map_given && d == f.end() && node.IsMap()) {
    l.error(node, "regions needs a map of directory values or a default");
  }
}

void load_roles(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'roles'", {"from_groups", "enforce"});
  if (auto it = f.find("from_groups"); it != f.end()) {
    std::map<std::string, int> seen;
    std::size_t index = 0;
    for (const YAML::Node& item : l.items(it->second, "roles.from_groups")) {
      const std::string where = fmt::format("roles.from_groups[{}]", index++);
      auto g = l.fields(item, where, {"group", "roleId"});
      if (!item.IsMap()) {
        continue;
      }
      auto gi = g.find("group");
      auto ri = g.find("roleId");
      if (gi == g.end() || ri == g.end()) {
        l.error(item, fmt::format("{} needs both group and roleId", where));
        continue;
      }
      auto group = l.string_value(gi->second, where + ".group");
      auto role = id_value(l, ri->second, where + ".roleId");
      if (!group || !role) {
        continue;
      }
      auto [pos, inserted] = seen.emplace(fold_case(*group), gi->second.Mark().line + 1);
      if (!inserted) {
        l.error(gi->second, fmt::format("group '{}' is listed twice in roles.from_groups "
                                        "(first at line {})",
                                        shown(*group), pos->second));
        continue;
      }
      p.roles_from_groups.push_back(GroupRole{*group, *role});
    }
  }
  if (auto it = f.find("enforce"); it != f.end()) {
    auto v = l.string_value(it->second, "roles.enforce");
    if (v && *v == "create-only") {
      p.role_enforce = RoleEnforce::CreateOnly;
    } else if (v && *v == "always") {
      p.role_enforce = RoleEnforce::Always;
    } else if (v) {
      l.error(it->second,
              fmt::format("roles.enforce must be create-only or always, not '{}'", shown(*v)));
    }
  }
}

void load_sync(Loader& l, const YAML::Node& node, Policy& p) {
  for (const YAML::Node& item : l.items(node, "sync")) {
    auto v = l.string_value(item, "sync entry");
    if (!v) {
      continue;
    }
    if (std::find(k_sync_attributes.begin(), k_sync_attributes.end(), *v) ==
        k_sync_attributes.end()) {
      l.error(item, fmt::format("unknown sync attribute '{}' (expected: {})", shown(*v),
                                join(k_sync_attributes, ", ")));
      continue;
    }
    if (p.syncs(*v)) {
      l.error(item, fmt::format("sync attribute '{}' is listed twice", *v));
      continue;
    }
    p.sync.push_back(*v);
  }
}

std::vector<PolicyId> ids_of(Loader& l, const std::vector<YAML::Node>& items,
                             const std::string& what) {
  std::vector<PolicyId> out;
  for (const YAML::Node& item : items) {
    if (auto v = id_value(l, item, what + " entry")) {
      out.push_back(*v);
    }
  }
  return out;
}

std::vector<std::string> strings_of(Loader& l, const std::vector<YAML::Node>& items,
                                    const std::string& what) {
  std::vector<std::string> out;
  for (const YAML::Node& item : items) {
    auto v = l.string_value(item, what + " entry");
    if (v && v->empty()) {
      l.error(item, fmt::format("{} entry must not be empty", what));
    } else if (v) {
      out.push_back(*v);
    }
  }
  return out;
}

// The entries of an exception list (protected.*, ignored.roleIds): each the
// value itself, or `{NAME: value, until: YYYY-MM-DD}` — then recorded in
// p.exceptions_until. Returns the value nodes, one per entry.
std::vector<YAML::Node> exception_items(Loader& l, const YAML::Node& node, const std::string& what,
                                        const char* name, ExceptionList list, Policy& p) {
  std::vector<YAML::Node> out;
  for (const YAML::Node& item : l.items(node, what)) {
    if (!item.IsMap()) {
      out.push_back(item);
      continue;
    }
    auto f = l.fields(item, what + " entry", {name, "until"});
    auto value = f.find(name);
    if (value == f.end()) {
      l.error(item, fmt::format("{} entry has no '{}' (write {{{}: …, until: YYYY-MM-DD}})", what,
                                name, name));
      continue;
    }
    out.push_back(value->second);
    if (auto until = f.find("until"); until != f.end()) {
      if (auto date = l.date_value(until->second, what + " entry: until")) {
        const std::string shown_value =
            value->second.IsScalar() ? value->second.Scalar() : std::string();
        p.exceptions_until.push_back(ExceptionUntil{list, out.size() - 1, shown_value, *date,
                                                    item.Mark().line + 1, item.Mark().column + 1});
      }
    }
  }
  return out;
}

void load_protected(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'protected'", {"externalIds", "patterns", "roleIds"});
  if (auto it = f.find("externalIds"); it != f.end()) {
    const std::string what = "protected.externalIds";
    p.protected_external_ids = strings_of(
        l,
        exception_items(l, it->second, what, "externalId", ExceptionList::ProtectedExternalIds, p),
        what);
  }
  if (auto it = f.find("patterns"); it != f.end()) {
    const std::string what = "protected.patterns";
    p.protected_patterns = strings_of(
        l, exception_items(l, it->second, what, "pattern", ExceptionList::ProtectedPatterns, p),
        what);
  }
  if (auto it = f.find("roleIds"); it != f.end()) {
    const std::string what = "protected.roleIds";
    p.protected_role_ids = ids_of(
        l, exception_items(l, it->second, what, "roleId", ExceptionList::ProtectedRoleIds, p),
        what);
  }
}

void load_ignored(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'ignored'", {"roleIds", "no_external_id"});
  if (auto it = f.find("roleIds"); it != f.end()) {
    const std::string what = "ignored.roleIds";
    p.ignored_role_ids = ids_of(
        l, exception_items(l, it->second, what, "roleId", ExceptionList::IgnoredRoleIds, p), what);
  }
  if (auto it = f.find("no_external_id"); it != f.end()) {
    p.ignore_no_external_id = l.bool_value(it->second, "ignored.no_external_id").value_or(false);
  }
}

// Rules for what a real tenant holds (docs/policy.md "Lock states, login dates,
// repair scope"): one of a few words, each setting the policy.
using Choices = std::vector<std::pair<std::string, std::function<void()>>>;

void load_choice(Loader& l, const YAML::Node& node, const std::string& what,
                 const Choices& choices) {
  auto v = l.string_value(node, what);
  if (!v) {
    return;
  }
  std::vector<std::string> names;
  for (const auto& [name, apply] : choices) {
    if (*v == name) {
      apply();
      return;
    }
    names.push_back(name);
  }
  l.error(node, fmt::format("{} must be {}, not '{}'", what, join(names, " or "), shown(*v)));
}

void load_tenant_rules(Loader& l, const std::map<std::string, YAML::Node>& f, Policy& p) {
  if (auto it = f.find("locked"); it != f.end()) {
    load_choice(l, it->second, "locked",
                {{"leave", [&] { p.locked = LockedRule::Leave; }},
                 {"reactivate", [&] { p.locked = LockedRule::Reactivate; }}});
  }
  if (auto it = f.find("login_dates"); it != f.end()) {
    load_choice(l, it->second, "login_dates",
                {{"report", [&] { p.login_dates = LoginDatesRule::Report; }},
                 {"fix", [&] { p.login_dates = LoginDatesRule::Fix; }}});
  }
}

void load_repair(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'repair'", {"divisionId", "cityId", "company", "scope"});
  if (auto it = f.find("divisionId"); it != f.end()) {
    p.repair_division_id = id_value(l, it->second, "repair.divisionId");
  }
  if (auto it = f.find("cityId"); it != f.end()) {
    p.repair_city_id = id_value(l, it->second, "repair.cityId");
  }
  if (auto it = f.find("company"); it != f.end()) {
    auto v = l.string_value(it->second, "repair.company");
    if (v && v->empty()) {
      l.error(it->second, "repair.company must not be empty (an empty company is what it repairs)");
    } else if (v) {
      p.repair_company = *v;
    }
  }
  if (auto it = f.find("scope"); it != f.end()) {
    load_choice(l, it->second, "repair.scope",
                {{"before-change", [&] { p.repair_scope = RepairScope::BeforeChange; }},
                 {"all", [&] { p.repair_scope = RepairScope::All; }}});
  }
}

void load_limits(Loader& l, const YAML::Node& node, Policy& p) {
  auto f = l.fields(node, "section 'limits'",
                    {"max_deactivations", "max_creates", "allow_empty_desired"});
  if (auto it = f.find("max_deactivations"); it != f.end()) {
    p.max_deactivations = limit_value(l, it->second, "limits.max_deactivations");
  }
  if (auto it = f.find("max_creates"); it != f.end()) {
    p.max_creates = limit_value(l, it->second, "limits.max_creates");
  }
  if (auto it = f.find("allow_empty_desired"); it != f.end()) {
    p.allow_empty_desired = l.bool_value(it->second, "limits.allow_empty_desired").value_or(false);
  }
}

// The sections with a loader of their own, in the order they are read. A
// section `plan` cannot do without has the error its absence gives.
struct Section {
  const char* key;
  void (*load)(Loader& l, const YAML::Node& node, Policy& p);
  const char* missing_for_plan; // nullptr: optional
};
constexpr Section k_sections[] = {
    {"jira", load_jira, nullptr},
    {"match", load_match, nullptr},
    {"create", load_create,
     "missing section 'create' (roleId, costCenterId, divisionId for new users)"},
    {"regions", load_regions,
     "missing section 'regions' (where new users' regionId and cityId come from)"},
    {"roles", load_roles, nullptr},
    {"sync", load_sync, nullptr},
    {"protected", load_protected, nullptr},
    {"ignored", load_ignored, nullptr},
    {"repair", load_repair, nullptr},
    {"limits", load_limits, nullptr},
};

} // namespace

PolicyLoad load_policy(std::string_view text, const std::string& file, PolicyUse use) {
  PolicyLoad out;
  out.policy.file = file;
  Loader l(file);
  auto give_up = [&] {
    out.diagnostics = std::move(l.diagnostics());
    return out;
  };
  GuardedYaml loaded =
      load_guarded_yaml(text, file, k_max_policy_bytes, "policy", "a policy nests 4 levels");
  if (loaded.problem) {
    out.diagnostics.push_back(std::move(*loaded.problem));
    return out;
  }
  const YAML::Node root = loaded.root;
  if (!root.IsMap()) {
    l.error_nowhere("the policy must be a YAML mapping (jira:, match:, create:, regions:, …)");
    return give_up();
  }
  Policy& p = out.policy;
  // Default: a truncated export can never deactivate more than a tenth of the
  // managed users unless the reviewed policy says otherwise.
  p.max_deactivations = Limit{true, 10, "10% (default)"};
  auto f = l.fields(root, "the policy", k_top_keys);
  for (const Section& section : k_sections) {
    if (auto it = f.find(section.key); it != f.end()) {
      section.load(l, it->second, p);
    } else if (section.missing_for_plan != nullptr && use == PolicyUse::Plan) {
      l.error_nowhere(section.missing_for_plan);
    }
  }
  load_tenant_rules(l, f, p);
  p.directory.loaded_from = file;
  if (auto it = f.find("directory"); it != f.end()) {
    load_directory_section(l, it->second, p.directory);
  }
  out.diagnostics = l.take_sorted();
  return out;
}

} // namespace alignctl
