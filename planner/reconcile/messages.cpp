#include "planner/reconcile/messages.hpp"

#include "planner/text_util.hpp"

#include <fmt/core.h>

namespace alignctl::reconcile_text {

namespace {

std::string quoted(const std::optional<std::string>& v) {
  return v ? fmt::format("'{}'", *v) : std::string("null");
}

std::string opt_id(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string("null");
}

} // namespace

std::string region_phrase(const std::string& region) {
  return region.empty() ? std::string("no region") : fmt::format("region '{}'", region);
}

std::string region_mapped(const std::string& region) {
  return fmt::format("region '{}'", region);
}

std::string region_default(const std::string& region) {
  return region.empty() ? std::string("no region, so regions.default")
                        : fmt::format("region '{}' is not mapped, so regions.default", region);
}

std::string role_from_group(std::int64_t role_id, const std::string& group) {
  return fmt::format("roleId {} from group '{}'", role_id, group);
}

std::string role_from_create(std::int64_t role_id) {
  return fmt::format("roleId {} (create.roleId)", role_id);
}

std::string ignored_role(std::int64_t role_id) {
  return fmt::format("roleId {} is listed in ignored.roleIds", role_id);
}

std::string protected_external_id(const std::string& external_id) {
  return fmt::format("externalId '{}' is listed in protected.externalIds", external_id);
}

std::string protected_pattern(const std::string& value, const std::string& pattern) {
  return fmt::format("'{}' matches protected pattern '{}'", value, pattern);
}

std::string protected_role(std::int64_t role_id) {
  return fmt::format("roleId {} is listed in protected.roleIds", role_id);
}

std::string empty_desired(const std::string& desired_source, const std::string& policy_file) {
  return fmt::format(
      "the desired state ({}) lists no users; refusing to plan, since that would deactivate "
      "every managed user. If that is really intended, set limits.allow_empty_desired: true "
      "in the policy ({})",
      desired_source, policy_file);
}

std::string empty_desired_key(const std::string& where, MatchKey key) {
  return fmt::format("{}: a desired user has an empty {}", where, key);
}

std::string target_unknown(const std::string& target, MatchKey key,
                           const std::string& desired_source) {
  return fmt::format("--target '{}' is the {} of no user in the desired state ({}) and of no "
                     "user in Jira Align; check the value (the policy matches users by {})",
                     target, key, desired_source, key);
}

std::string duplicate_desired_key(MatchKey key, const std::string& first_value,
                                  const std::string& first_where, const std::string& value,
                                  const std::string& where) {
  return fmt::format("duplicate {} in the desired state: '{}' ({}) and '{}' ({}) are the same "
                     "key compared case-insensitively",
                     key, first_value, first_where, value, where);
}

std::string duplicate_live_key(MatchKey key, std::int64_t first_id, const std::string& first_value,
                               std::int64_t id, const std::string& value) {
  return fmt::format("two Jira Align users have the same {} (compared case-insensitively): "
                     "id {} ('{}') and id {} ('{}'); fix one of them in Jira Align first",
                     key, first_id, first_value, id, value);
}

std::string email_shared_by_keyless(const std::string& key, const std::string& where,
                                    const std::string& email,
                                    const std::vector<std::int64_t>& ids) {
  std::vector<std::string> named;
  for (std::int64_t id : ids) {
    named.push_back(fmt::format("id {}", id));
  }
  return fmt::format("desired user '{}' ({}) has email '{}', which {} Jira Align users "
                     "without externalId share ({}); give the right one the externalId "
                     "'{}' in Jira Align, or deactivate the others",
                     key, where, email, ids.size(), join(named, ", "), key);
}

std::string email_taken(const std::string& key, const std::string& where, const std::string& email,
                        std::int64_t other_id,
                        const std::optional<std::string>& other_external_id) {
  return fmt::format("desired user '{}' ({}) has email '{}', which Jira Align user id {} "
                     "already has {}; creating a second account is refused — correct the "
                     "externalId in Jira Align or in the directory",
                     key, where, email, other_id,
                     other_external_id
                         ? fmt::format("with externalId '{}'", *other_external_id)
                         : std::string("without externalId (ignored.no_external_id is "
                                       "true, so it is not linked)"));
}

std::string region_unmapped(const std::string& where, const std::string& key,
                            const std::string& region, const std::string& policy_file) {
  return fmt::format("{}: user '{}' has {}, which regions.map does not list, and the policy ({}) "
                     "has no regions.default; add the value to regions.map",
                     where, key, region_phrase(region), policy_file);
}

std::string repair_value_missing(std::int64_t user_id, const std::string& key, const char* field,
                                 const char* policy_key, const std::string& policy_file) {
  return fmt::format("Jira Align user id {} ('{}') lacks {}, and every change to it would be "
                     "refused (PATCH validates the whole record); set {} in the policy ({}), "
                     "or list the user's roleId in ignored.roleIds",
                     user_id, key, field, policy_key, policy_file);
}

std::string limit_exceeded(const char* verb, std::int64_t count, const char* limit_name,
                           const std::string& limit_text, const std::string& of_managed,
                           const std::string& policy_file) {
  return fmt::format("safety limit exceeded: the plan would {} {} users, but limits.{} is {}{}; "
                     "no plan was written. If this is intended, raise limits.{} in the reviewed "
                     "policy ({})",
                     verb, count, limit_name, limit_text, of_managed, limit_name, policy_file);
}

std::string of_managed_active(int managed_active, std::int64_t allowed) {
  return fmt::format(" of {} managed active users = {}", managed_active, allowed);
}

std::string create_reason(MatchKey key, const std::string& role_why, const std::string& region_how,
                          std::int64_t region_id, std::int64_t city_id) {
  return fmt::format("in the desired state, no Jira Align user has this {}; {}; {} → "
                     "regionId {}, cityId {}",
                     key, role_why, region_how, region_id, city_id);
}

std::string link_reason(const std::optional<std::string>& live_email) {
  return fmt::format("has no externalId, and its email '{}' matches the desired user (an "
                     "account made before the integration): set externalId, never a "
                     "second account",
                     live_email.value_or(""));
}

std::string reactivate_reason(int is_locked) {
  return fmt::format("in the desired state, but deactivated (isLocked {}); userEndDate is "
                     "cleared so the user can log in",
                     is_locked);
}

std::string deactivate_reason() {
  return "active, but not in the desired state";
}

std::string repair_reason(const std::vector<std::string>& missing,
                          const std::vector<std::string>& before_ops) {
  return fmt::format("lacks {}, which the API needs before any change (PATCH validates "
                     "the whole record); filled from the policy's repair values {}",
                     join(missing, ", "),
                     before_ops.empty() ? std::string("(repair.scope: all)")
                                        : "before the " + join(before_ops, " and "));
}

std::string change_text(const std::string& field, const std::optional<std::string>& from,
                        const std::string& to) {
  return fmt::format("{} {} → '{}'", field, quoted(from), to);
}

std::string change_region(const std::optional<std::int64_t>& from, std::int64_t to) {
  return fmt::format("regionId {} → {}", opt_id(from), to);
}

std::string change_city(const std::optional<std::int64_t>& from, std::int64_t to,
                        const std::string& region_how) {
  return fmt::format("cityId {} → {} ({})", opt_id(from), to, region_how);
}

std::string change_role(const std::optional<std::int64_t>& from, std::int64_t to,
                        const std::string& role_why) {
  return fmt::format("roleId {} → {} ({}; roles.enforce: always)", opt_id(from), to, role_why);
}

std::string change_end_date(const std::optional<std::string>& from) {
  return fmt::format("userEndDate '{}' → null (while it is set the user cannot log in; "
                     "login_dates: fix)",
                     from.value_or(""));
}

std::string change_start_date(const std::optional<std::string>& from, const std::string& to) {
  return fmt::format("userStartDate '{}' → '{}' (a start date in the future blocks login; "
                     "login_dates: fix)",
                     from.value_or(""), to);
}

std::string ignored_desired(const std::string& why) {
  return fmt::format("in the desired state, but ignored by the policy ({}); not changed", why);
}

std::string protected_desired(const std::string& why) {
  return fmt::format("in the desired state; protected ({}), so never changed", why);
}

std::string locked_not_reactivated(int is_locked) {
  return fmt::format("in the desired state, but isLocked {}, which is neither active (0) "
                     "nor deactivated (-1): it may be the lockout after too many failed "
                     "password attempts, which reactivating would silently undo; not "
                     "reactivated. If the person should get in, unlock them in Jira Align, "
                     "or set 'locked: reactivate' in the policy to reactivate such users",
                     is_locked);
}

std::string login_blocked(const LiveUser& user, const LoginBlock& block) {
  std::vector<std::string> why;
  if (block.end_date_set) {
    why.push_back(fmt::format("userEndDate '{}' is set", user.user_end_date.value_or("")));
  }
  if (block.start_in_future) {
    why.push_back(
        fmt::format("userStartDate '{}' is in the future", user.user_start_date.value_or("")));
  }
  return fmt::format("in the desired state and {}, but cannot log in: {}. Correct the date in "
                     "Jira Align, or set 'login_dates: fix' in the policy to plan the change",
                     user.active() ? "active" : "reactivated by this plan", join(why, " and "));
}

std::string ignored_by_policy(const std::string& why) {
  return fmt::format("ignored by the policy ({})", why);
}

std::string ignored_no_key(MatchKey key) {
  return fmt::format("has no {}; ignored.no_external_id is true", key);
}

std::string unmatched_no_key(MatchKey key) {
  return fmt::format("has no {}{}, so it is never matched or deactivated; give it an "
                     "{} in Jira Align to manage it",
                     key, key == MatchKey::Email ? "" : " and its email matches no desired user",
                     key);
}

std::string protected_kept(const std::string& why) {
  return fmt::format("active and not in the desired state, but protected ({}); kept", why);
}

std::string notice_reason(ReasonCode code, const LiveUser& user, MatchKey key,
                          const std::string& ignored, const std::string& protection) {
  switch (code) {
  case ReasonCode::IgnoredDesired:
    return ignored_desired(ignored);
  case ReasonCode::ProtectedDesired:
    return protected_desired(protection);
  case ReasonCode::LockedNotReactivated:
    return locked_not_reactivated(user.is_locked);
  case ReasonCode::IgnoredByPolicy:
    return ignored_by_policy(ignored);
  case ReasonCode::IgnoredNoKey:
    return ignored_no_key(key);
  case ReasonCode::UnmatchedNoKey:
    return unmatched_no_key(key);
  case ReasonCode::ProtectedKept:
    return protected_kept(protection);
  default:
    return "";
  }
}

std::string region_not_listed(const std::string& key, const std::string& region,
                              const std::string& policy_file) {
  return fmt::format("user '{}' has {}, which regions.map in {} does not list (and there is no "
                     "regions.default)",
                     key, region_phrase(region), policy_file);
}

} // namespace alignctl::reconcile_text
