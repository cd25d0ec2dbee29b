#include "planner/doctor/live_census.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <set>

namespace alignctl {

namespace {

bool role_ignored(const Policy& policy, const std::optional<std::int64_t>& role) {
  return role && std::any_of(policy.ignored_role_ids.begin(), policy.ignored_role_ids.end(),
                             [&](const PolicyId& id) { return id.value == *role; });
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string join_ids(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (std::int64_t id : ids) {
    out += (out.empty() ? "" : ", ") + std::to_string(id);
  }
  return out;
}

// Whether `plan` gives `role` to anyone (create.roleId, roles.from_groups).
bool role_assigned(const Policy& policy, std::int64_t role) {
  return policy.create_role_id.value == role ||
         std::any_of(policy.roles_from_groups.begin(), policy.roles_from_groups.end(),
                     [&](const GroupRole& g) { return g.role_id.value == role; });
}

// Ignoring by role only works for a role the policy never gives to its own
// users; otherwise only `no_external_id` tells the connector's users apart.
std::string connector_fix(const LiveCensus& c, const Policy& policy) {
  std::vector<std::int64_t> own, foreign;
  for (std::int64_t role : c.connector_like_roles) {
    (role_assigned(policy, role) ? own : foreign).push_back(role);
  }
  std::string fix;
  if (!foreign.empty()) {
    fix = fmt::format("if they are, add their role to the policy: `ignored: {{roleIds: [{}]}}`",
                      join_ids(foreign));
  }
  if (!own.empty()) {
    fix += fmt::format("{}role{} {} {} also given by the policy to its own users, so ignoring "
                       "by role would hide them too; `ignored: {{no_external_id: true}}` ignores "
                       "users without externalId instead",
                       fix.empty() ? "" : "; ", own.size() == 1 ? "" : "s", join_ids(own),
                       own.size() == 1 ? "is" : "are");
  }
  return fix;
}

} // namespace

LiveCensus take_census(const std::vector<LiveUser>& users, const Policy& policy) {
  LiveCensus c;
  std::set<std::int64_t> roles;
  for (const LiveUser& u : users) {
    ++c.total;
    ++c.is_locked[u.is_locked];
    const bool keyless = !u.external_id || u.external_id->empty();
    const bool legacy_missing = !u.division_id || !u.city_id;
    c.without_external_id += keyless ? 1 : 0;
    c.without_division_or_city += legacy_missing ? 1 : 0;
    if (keyless && legacy_missing) {
      ++c.connector_like;
      if (role_ignored(policy, u.role_id)) {
        ++c.connector_like_ignored;
      } else if (u.role_id) {
        roles.insert(*u.role_id);
      }
    }
  }
  c.connector_like_roles.assign(roles.begin(), roles.end());
  return c;
}

std::vector<Finding> census_findings(const LiveCensus& c, const Policy& policy) {
  std::vector<Finding> out;
  auto locked = [&](int v) {
    auto it = c.is_locked.find(v);
    return it == c.is_locked.end() ? std::size_t{0} : it->second;
  };
  out.push_back({"users", c.total == 0 ? Verdict::Note : Verdict::Ok,
                 "GET /Users lists every user, active and deactivated",
                 fmt::format("{}: {} active (isLocked 0), {} deactivated (isLocked -1)",
                             plural(c.total, "user"), locked(0), locked(-1)),
                 ""});

  std::string others;
  std::size_t other_count = 0;
  for (const auto& [value, n] : c.is_locked) {
    if (value != 0 && value != -1) {
      others +=
          fmt::format("{}isLocked {}: {}", others.empty() ? "" : ", ", value, plural(n, "user"));
      other_count += n;
    }
  }
  if (other_count == 0) {
    out.push_back({"locked", Verdict::Ok, "isLocked is 0 (active) or -1 (deactivated)",
                   "only isLocked 0 and -1 seen", ""});
  } else {
    out.push_back(
        {"locked", Verdict::Note, "isLocked is 0 (active) or -1 (deactivated)",
         others + (locked(1) > 0 ? " — isLocked 1 may be the failed-password lockout, which "
                                   "only an admin's Unlock should clear"
                                 : ""),
         policy.locked == LockedRule::Reactivate
             ? "the policy says `locked: reactivate`: desired users among them are reactivated, "
               "which clears such a lockout; `locked: leave` reports them instead"
             : "none needed: such users are never reactivated unless the policy says "
               "`locked: reactivate` (docs/policy.md)"});
  }

  const bool repairs = policy.repair_division_id && policy.repair_city_id;
  if (c.without_division_or_city == 0) {
    out.push_back({"legacy-fields", Verdict::Ok,
                   "users have divisionId and cityId (PATCH validates the whole record)",
                   "every user has divisionId and cityId", ""});
  } else {
    out.push_back(
        {"legacy-fields", repairs ? Verdict::Ok : Verdict::Note,
         "users have divisionId and cityId (PATCH validates the whole record)",
         fmt::format("{} lack divisionId or cityId: any PATCH to them fails unless it sets both{}",
                     plural(c.without_division_or_city, "user"),
                     repairs ? "; the policy's repair values fill them first" : ""),
         repairs ? "" : "add `repair: {divisionId: <id>, cityId: <id>}` to the policy"});
  }

  const std::size_t unignored = c.connector_like - c.connector_like_ignored;
  if (c.connector_like == 0) {
    out.push_back({"connector-users", Verdict::Ok,
                   "connector \"Integrated Users\" (no externalId, no divisionId/cityId) are "
                   "ignored by role",
                   "no user looks like a connector's Integrated User", ""});
  } else {
    out.push_back(
        {"connector-users", unignored == 0 ? Verdict::Ok : Verdict::Note,
         "connector \"Integrated Users\" (no externalId, no divisionId/cityId) are ignored by "
         "role",
         fmt::format("{} {} like a connector's Integrated Users ({} ignored by the policy)",
                     plural(c.connector_like, "user"), c.connector_like == 1 ? "looks" : "look",
                     c.connector_like_ignored),
         unignored == 0 ? "" : connector_fix(c, policy)});
  }

  out.push_back(
      {"external-id-missing",
       c.without_external_id == 0 || policy.match_key == MatchKey::Email ? Verdict::Ok
                                                                         : Verdict::Note,
       "every user alignctl manages has its match key (" + match_key_name(policy.match_key) + ")",
       c.without_external_id == 0
           ? "every user has an externalId"
           : fmt::format("{} have no externalId{}", plural(c.without_external_id, "user"),
                         policy.match_key == MatchKey::Email
                             ? " (matching is by email)"
                             : "; plan links those whose email matches a desired user"),
       ""});
  return out;
}

} // namespace alignctl
