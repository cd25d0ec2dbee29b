#include "planner/import_desired.hpp"

#include "planner/text_util.hpp"

#include <algorithm>
#include <map>

namespace alignctl {

namespace {

bool ignored(const LiveUser& user, const Policy& policy) {
  return user.role_id && std::any_of(policy.ignored_role_ids.begin(), policy.ignored_role_ids.end(),
                                     [&](const PolicyId& id) { return id.value == *user.role_id; });
}

std::string region_value(const LiveUser& user, const Policy& policy) {
  if (!user.region_id) {
    return "";
  }
  const RegionEntry* region_only = nullptr;
  for (const RegionEntry& r : policy.regions) {
    if (r.target.region_id.value != *user.region_id) {
      continue;
    }
    if (user.city_id && r.target.city_id.value == *user.city_id) {
      return r.value;
    }
    if (region_only == nullptr) {
      region_only = &r;
    }
  }
  return region_only != nullptr ? region_only->value : "";
}

std::vector<std::string> groups_for(const LiveUser& user, const Policy& policy) {
  if (!user.role_id) {
    return {};
  }
  for (const GroupRole& g : policy.roles_from_groups) {
    if (g.role_id.value == *user.role_id) {
      return {g.group};
    }
  }
  return {};
}

} // namespace

ImportResult import_desired(const std::vector<LiveUser>& live, const Policy& policy,
                            const std::string& source) {
  ImportResult result;
  result.desired.key = policy.match_key;
  result.desired.source = source;
  const bool by_email = policy.match_key == MatchKey::Email;
  std::map<std::string, std::int64_t> seen; // folded key -> live id
  for (const LiveUser& user : live) {
    if (!user.active()) {
      ++result.skipped_inactive;
      continue;
    }
    if (ignored(user, policy)) {
      ++result.skipped_ignored;
      continue;
    }
    const std::optional<std::string>& key = by_email ? user.email : user.external_id;
    if (!key || key->empty()) {
      ++result.skipped_keyless;
      continue;
    }
    auto [it, fresh] = seen.emplace(fold_case(*key), user.id);
    if (!fresh) {
      result.errors.push_back("live users " + std::to_string(it->second) + " and " +
                              std::to_string(user.id) + " share the " +
                              match_key_name(policy.match_key) + " '" + *key + "'");
      continue;
    }
    DesiredUser d;
    d.external_id = user.external_id.value_or("");
    d.first_name = user.first_name.value_or("");
    d.last_name = user.last_name.value_or("");
    d.email = user.email.value_or("");
    d.title = user.title.value_or("");
    d.region = region_value(user, policy);
    d.groups = groups_for(user, policy);
    result.desired.users.push_back(std::move(d));
  }
  return result;
}

} // namespace alignctl
