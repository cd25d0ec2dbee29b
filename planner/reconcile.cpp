#include "planner/reconcile.hpp"

#include "planner/email_check.hpp"
#include "planner/external_id_shape.hpp"
#include "planner/login_dates.hpp"
#include "planner/text_util.hpp"
#include "state/model/live_user_json.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

namespace alignctl {

namespace {

using nlohmann::json;

std::string quoted(const std::optional<std::string>& v) {
  return v ? fmt::format("'{}'", *v) : std::string("null");
}

std::string opt_id(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string("null");
}

std::string desired_where(const DesiredState& d, const DesiredUser& u) {
  std::string src = d.source.empty() ? std::string("desired state") : d.source;
  return u.line > 0 ? fmt::format("{}:{}", src, u.line) : src;
}

// The live user's value of the match key, or nullopt when it has none.
std::optional<std::string> live_key(const LiveUser& u, MatchKey key) {
  const std::optional<std::string>& v = key_value(u, key);
  if (!v || v->empty()) {
    return std::nullopt;
  }
  return v;
}

bool contains_id(const std::vector<PolicyId>& ids, const std::optional<std::int64_t>& v) {
  return v && std::any_of(ids.begin(), ids.end(), [&](const PolicyId& p) { return p.value == *v; });
}

struct RegionChoice {
  const RegionTarget* target = nullptr;
  std::string how; // "region 'EMEA'" or "default region"
};

class Reconciler {
public:
  Reconciler(const DesiredState& desired, const std::vector<LiveUser>& live, const Policy& policy,
             const PlanContext& context, PlanOutcome& out)
      : m_desired(desired), m_live(live), m_policy(policy), m_now(context.created_at), m_out(out),
        m_key(policy.match_key), m_by_email(m_key == MatchKey::Email),
        m_key_name(match_key_name(m_key)) {
    for (const RegionEntry& e : policy.regions) {
      m_regions.emplace(fold_case(e.value), &e);
    }
  }

  void run() {
    if (m_desired.users.empty() && !m_policy.allow_empty_desired) {
      error(fmt::format(
          "the desired state ({}) lists no users; refusing to plan, since that would deactivate "
          "every managed user. If that is really intended, set limits.allow_empty_desired: true "
          "in the policy ({})",
          m_desired.source.empty() ? "desired state" : m_desired.source, m_policy.file));
      return;
    }
    if (auto why = account_id_guard(m_desired, m_live, m_policy)) {
      error(std::move(*why)); // before any limit: every other message would mislead
      return;
    }
    index_desired();
    index_live();
    if (!m_out.errors.empty()) {
      return; // duplicate keys: matching would be guesswork
    }
    m_matched.assign(m_live.size(), false);
    for (const DesiredUser& d : m_desired.users) {
      plan_desired(d);
    }
    for (std::size_t i = 0; i < m_live.size(); ++i) {
      if (!m_matched[i]) {
        plan_unmatched_live(m_live[i]);
      }
    }
    check_limits();
    sort_output();
  }

private:
  void error(std::string message) { m_out.errors.push_back(std::move(message)); }

  void index_desired() {
    m_desired_index.reserve(m_desired.users.size());
    for (std::size_t i = 0; i < m_desired.users.size(); ++i) {
      const DesiredUser& u = m_desired.users[i];
      const std::string& key = key_value(u, m_key);
      if (key.empty()) {
        error(fmt::format("{}: a desired user has an empty {}", desired_where(m_desired, u),
                          m_key_name));
        continue;
      }
      auto [it, inserted] = m_desired_index.emplace(fold_case(key), i);
      if (!inserted) {
        const DesiredUser& first = m_desired.users[it->second];
        error(fmt::format("duplicate {} in the desired state: '{}' ({}) and '{}' ({}) are the same "
                          "key compared case-insensitively",
                          m_key_name, key_value(first, m_key), desired_where(m_desired, first), key,
                          desired_where(m_desired, u)));
      }
    }
  }

  void index_live() {
    m_live_index.reserve(m_live.size());
    for (std::size_t i = 0; i < m_live.size(); ++i) {
      const LiveUser& u = m_live[i];
      if (auto key = live_key(u, m_key)) {
        auto [it, inserted] = m_live_index.emplace(fold_case(*key), i);
        if (!inserted) {
          const LiveUser& first = m_live[it->second];
          error(fmt::format("two Jira Align users have the same {} (compared case-insensitively): "
                            "id {} ('{}') and id {} ('{}'); fix one of them in Jira Align first",
                            m_key_name, first.id, *live_key(first, m_key), u.id, *key));
        }
      } else if (!m_by_email && u.email && !u.email->empty()) {
        m_keyless_by_email[fold_case(*u.email)].push_back(i);
      }
      if (!m_by_email && u.email && !u.email->empty()) {
        m_all_by_email.emplace(fold_case(*u.email), i);
      }
    }
  }

  // Why the policy leaves this live user alone, or "" when it does not.
  std::string ignored_reason(const LiveUser& u) const {
    if (contains_id(m_policy.ignored_role_ids, u.role_id)) {
      return fmt::format("roleId {} is listed in ignored.roleIds", *u.role_id);
    }
    return "";
  }

  std::string protected_reason(const LiveUser& u) const {
    if (u.external_id && !u.external_id->empty()) {
      for (const std::string& p : m_policy.protected_external_ids) {
        if (iequals(p, *u.external_id)) {
          return fmt::format("externalId '{}' is listed in protected.externalIds", *u.external_id);
        }
      }
    }
    for (const std::string& p : m_policy.protected_patterns) {
      for (const auto* v : {&u.external_id, &u.email}) {
        if (*v && !(*v)->empty() && glob_match(p, **v)) {
          return fmt::format("'{}' matches protected pattern '{}'", **v, p);
        }
      }
    }
    if (contains_id(m_policy.protected_role_ids, u.role_id)) {
      return fmt::format("roleId {} is listed in protected.roleIds", *u.role_id);
    }
    return "";
  }

  std::string live_label(const LiveUser& u) const {
    if (auto k = live_key(u, m_key)) {
      return *k;
    }
    return u.email.value_or("");
  }

  void notice(ReasonCode code, NoticeKind kind, std::string key, const LiveUser& u,
              std::string reason) {
    m_out.plan.notices.push_back(Notice{kind, std::move(key), u.id, std::move(reason), code});
  }

  std::optional<RegionChoice> region_for(const DesiredUser& d) const {
    auto it = m_regions.find(fold_case(d.region));
    if (!d.region.empty() && it != m_regions.end()) {
      return RegionChoice{&it->second->target, fmt::format("region '{}'", d.region)};
    }
    if (m_policy.region_default) {
      return RegionChoice{&*m_policy.region_default,
                          d.region.empty() ? std::string("no region, so regions.default")
                                           : fmt::format("region '{}' is not mapped, so "
                                                         "regions.default",
                                                         d.region)};
    }
    return std::nullopt;
  }

  void region_error(const DesiredUser& d) {
    error(fmt::format("{}: user '{}' has {}, which regions.map does not list, and the policy ({}) "
                      "has no regions.default; add the value to regions.map",
                      desired_where(m_desired, d), key_value(d, m_key),
                      d.region.empty() ? std::string("no region")
                                       : fmt::format("region '{}'", d.region),
                      m_policy.file));
  }

  std::pair<std::int64_t, std::string> role_for(const DesiredUser& d) const {
    for (const GroupRole& r : m_policy.roles_from_groups) {
      for (const std::string& g : d.groups) {
        if (iequals(g, r.group)) {
          return {r.role_id.value,
                  fmt::format("roleId {} from group '{}'", r.role_id.value, r.group)};
        }
      }
    }
    return {m_policy.create_role_id.value,
            fmt::format("roleId {} (create.roleId)", m_policy.create_role_id.value)};
  }

  void plan_desired(const DesiredUser& d) {
    const std::string& key = key_value(d, m_key);
    if (key.empty()) {
      return;
    }
    std::optional<std::size_t> found;
    bool link = false;
    if (auto it = m_live_index.find(fold_case(key)); it != m_live_index.end()) {
      found = it->second;
    } else if (!m_by_email && !d.email.empty() && !m_policy.ignore_no_external_id) {
      auto c = m_keyless_by_email.find(fold_case(d.email));
      if (c != m_keyless_by_email.end()) {
        if (c->second.size() > 1) {
          std::vector<std::string> ids;
          for (std::size_t i : c->second) {
            ids.push_back(fmt::format("id {}", m_live[i].id));
          }
          error(fmt::format("desired user '{}' ({}) has email '{}', which {} Jira Align users "
                            "without externalId share ({}); give the right one the externalId "
                            "'{}' in Jira Align, or deactivate the others",
                            key, desired_where(m_desired, d), d.email, c->second.size(),
                            join(ids, ", "), key));
          return;
        }
        found = c->second.front();
        link = true;
      }
    }
    if (!found) {
      if (!m_by_email && !d.email.empty()) {
        auto k = m_all_by_email.find(fold_case(d.email));
        if (k != m_all_by_email.end()) {
          const LiveUser& other = m_live[k->second];
          error(fmt::format("desired user '{}' ({}) has email '{}', which Jira Align user id {} "
                            "already has {}; creating a second account is refused — correct the "
                            "externalId in Jira Align or in the directory",
                            key, desired_where(m_desired, d), d.email, other.id,
                            live_key(other, MatchKey::ExternalId)
                                ? fmt::format("with externalId '{}'", *other.external_id)
                                : std::string("without externalId (ignored.no_external_id is "
                                              "true, so it is not linked)")));
          return;
        }
      }
      plan_create(d);
      return;
    }
    m_matched[*found] = true;
    const LiveUser& u = m_live[*found];
    if (std::string why = ignored_reason(u); !why.empty()) {
      notice(ReasonCode::IgnoredDesired, NoticeKind::Ignored, key, u,
             fmt::format("in the desired state, but ignored by the policy ({}); not changed", why));
      return;
    }
    if (std::string why = protected_reason(u); !why.empty()) {
      notice(ReasonCode::ProtectedDesired, NoticeKind::Protected, key, u,
             fmt::format("in the desired state; protected ({}), so never changed", why));
      return;
    }
    if (u.active()) {
      ++m_managed_active;
    }
    std::vector<Action> acts;
    if (link) {
      acts.push_back(make_link(d, u));
    }
    bool will_be_active = u.active();
    if (!u.active()) {
      if (u.is_locked == -1 || m_policy.locked == LockedRule::Reactivate) {
        acts.push_back(make_reactivate(key, u));
        will_be_active = true;
      } else {
        notice(ReasonCode::LockedNotReactivated, NoticeKind::Locked, key, u,
               fmt::format("in the desired state, but isLocked {}, which is neither active (0) "
                           "nor deactivated (-1): it may be the lockout after too many failed "
                           "password attempts, which reactivating would silently undo; not "
                           "reactivated. If the person should get in, unlock them in Jira Align, "
                           "or set 'locked: reactivate' in the policy to reactivate such users",
                           u.is_locked));
      }
    }
    LoginBlock block = will_be_active ? login_block(u, m_now) : LoginBlock{};
    block.end_date_set = block.end_date_set && u.active(); // a reactivation clears it
    if (block.blocked() && m_policy.login_dates == LoginDatesRule::Report) {
      notice(ReasonCode::LoginBlocked, NoticeKind::Login, key, u, login_notice(u, block));
    }
    if (auto upd =
            make_update(d, u, m_policy.login_dates == LoginDatesRule::Fix ? block : LoginBlock{})) {
      acts.push_back(std::move(*upd));
    }
    finish_user_actions(key, u, std::move(acts));
  }

  void plan_unmatched_live(const LiveUser& u) {
    auto key = live_key(u, m_key);
    std::string ignored = ignored_reason(u);
    if (!key) {
      if (!ignored.empty()) {
        notice(ReasonCode::IgnoredByPolicy, NoticeKind::Ignored, live_label(u), u,
               fmt::format("ignored by the policy ({})", ignored));
      } else if (m_policy.ignore_no_external_id) {
        notice(ReasonCode::IgnoredNoKey, NoticeKind::Ignored, live_label(u), u,
               fmt::format("has no {}; ignored.no_external_id is true", m_key_name));
      } else {
        notice(ReasonCode::UnmatchedNoKey, NoticeKind::Unmatched, live_label(u), u,
               fmt::format("has no {}{}, so it is never matched or deactivated; give it an "
                           "{} in Jira Align to manage it",
                           m_key_name, m_by_email ? "" : " and its email matches no desired user",
                           m_key_name));
      }
      return;
    }
    if (!ignored.empty()) {
      notice(ReasonCode::IgnoredByPolicy, NoticeKind::Ignored, *key, u,
             fmt::format("ignored by the policy ({})", ignored));
      return;
    }
    if (!u.active()) {
      // Not desired and already deactivated (isLocked -1 or 1): nothing to do,
      // unless repair.scope: all repairs its missing fields.
      if (protected_reason(u).empty()) {
        finish_user_actions(*key, u, {});
      }
      return;
    }
    if (std::string why = protected_reason(u); !why.empty()) {
      notice(ReasonCode::ProtectedKept, NoticeKind::Protected, *key, u,
             fmt::format("active and not in the desired state, but protected ({}); kept", why));
      return;
    }
    ++m_managed_active;
    Action a;
    a.op = ActionOp::Deactivate;
    a.key = *key;
    a.user_id = u.id;
    a.reason = fmt::format("active, but not in the desired state");
    a.reason_code = ReasonCode::DeactivateNotDesired;
    a.precondition = json::object({{"isLocked", u.is_locked}});
    a.precondition[m_key_name] = live_user_field(u, m_key_name);
    a.after = json::object({{"isLocked", -1}});
    a.request = patch_request(u.id, json::array({replace_op("isLocked", -1)}));
    std::vector<Action> acts;
    acts.push_back(std::move(a));
    finish_user_actions(*key, u, std::move(acts));
  }

  static json replace_op(const std::string& field, json value) {
    return json::object({{"op", "replace"}, {"path", "/" + field}, {"value", std::move(value)}});
  }

  static PlannedRequest patch_request(std::int64_t id, json patch) {
    return PlannedRequest{"PATCH", fmt::format("/Users/{}", id), std::move(patch)};
  }

  void plan_create(const DesiredUser& d) {
    auto region = region_for(d);
    if (!region) {
      region_error(d);
      return;
    }
    auto [role, role_why] = role_for(d);
    json body = json::object();
    if (!m_by_email || !d.external_id.empty()) {
      body["externalId"] = d.external_id;
    }
    body["firstName"] = d.first_name;
    body["lastName"] = d.last_name;
    body["email"] = d.email;
    if (!d.title.empty()) {
      body["title"] = d.title;
    }
    body["roleId"] = role;
    body["costCenterId"] = m_policy.create_cost_center_id.value;
    body["divisionId"] = m_policy.create_division_id.value;
    body["regionId"] = region->target->region_id.value;
    body["cityId"] = region->target->city_id.value;
    body["isExternal"] = m_policy.create_is_external;
    Action a;
    a.op = ActionOp::Create;
    a.key = key_value(d, m_key);
    a.reason = fmt::format("in the desired state, no Jira Align user has this {}; {}; {} → "
                           "regionId {}, cityId {}",
                           m_key_name, role_why, region->how, region->target->region_id.value,
                           region->target->city_id.value);
    a.reason_code = ReasonCode::CreateNotInJiraAlign;
    a.precondition = json::object({{"exists", false}});
    a.after = body;
    a.request = PlannedRequest{"POST", "/Users", std::move(body)};
    m_out.plan.actions.push_back(std::move(a));
  }

  Action make_link(const DesiredUser& d, const LiveUser& u) const {
    Action a;
    a.op = ActionOp::Link;
    a.key = d.external_id;
    a.user_id = u.id;
    a.reason = fmt::format("has no externalId, and its email '{}' matches the desired user (an "
                           "account made before the integration): set externalId, never a "
                           "second account",
                           u.email.value_or(""));
    a.reason_code = ReasonCode::LinkEmailMatch;
    a.precondition = json::object(
        {{"externalId", live_user_field(u, "externalId")}, {"email", live_user_field(u, "email")}});
    a.after = json::object({{"externalId", d.external_id}});
    a.request = patch_request(u.id, json::array({replace_op("externalId", d.external_id)}));
    return a;
  }

  Action make_reactivate(const std::string& key, const LiveUser& u) const {
    Action a;
    a.op = ActionOp::Reactivate;
    a.key = key;
    a.user_id = u.id;
    a.reason = fmt::format("in the desired state, but deactivated (isLocked {}); userEndDate is "
                           "cleared so the user can log in",
                           u.is_locked);
    a.reason_code = ReasonCode::ReactivateDesired;
    a.precondition = json::object({{"isLocked", u.is_locked}});
    a.precondition[m_key_name] = live_user_field(u, m_key_name);
    a.after = json::object({{"isLocked", 0}, {"userEndDate", nullptr}});
    a.request = patch_request(
        u.id, json::array({replace_op("isLocked", 0), replace_op("userEndDate", nullptr)}));
    return a;
  }

  // Why an active desired user cannot log in, and what to do (login_dates: report).
  std::string login_notice(const LiveUser& u, const LoginBlock& block) const {
    std::vector<std::string> why;
    if (block.end_date_set) {
      why.push_back(fmt::format("userEndDate '{}' is set", u.user_end_date.value_or("")));
    }
    if (block.start_in_future) {
      why.push_back(
          fmt::format("userStartDate '{}' is in the future", u.user_start_date.value_or("")));
    }
    return fmt::format("in the desired state and {}, but cannot log in: {}. Correct the date in "
                       "Jira Align, or set 'login_dates: fix' in the policy to plan the change",
                       u.active() ? "active" : "reactivated by this plan", join(why, " and "));
  }

  std::optional<Action> make_update(const DesiredUser& d, const LiveUser& u,
                                    const LoginBlock& fix) {
    json patch = json::array();
    json before = json::object();
    json after = json::object();
    std::vector<std::string> changes;
    auto change = [&](const std::string& field, json from, json to, std::string text) {
      patch.push_back(replace_op(field, to));
      before[field] = std::move(from);
      after[field] = std::move(to);
      changes.push_back(std::move(text));
    };
    auto sync_string = [&](const char* attr, const std::string& want,
                           const std::optional<std::string>& have, bool ci) {
      if (!m_policy.syncs(attr)) {
        return;
      }
      std::string h = have.value_or("");
      if (ci ? iequals(h, want) : h == want) {
        return;
      }
      change(attr, live_user_field(u, attr), want,
             fmt::format("{} {} → '{}'", attr, quoted(have), want));
    };
    sync_string("firstName", d.first_name, u.first_name, false);
    sync_string("lastName", d.last_name, u.last_name, false);
    if (!m_by_email) {
      sync_string("email", d.email, u.email, true);
    }
    sync_string("title", d.title, u.title, false);
    if (m_policy.syncs("region")) {
      auto region = region_for(d);
      if (!region) {
        region_error(d);
        return std::nullopt;
      }
      std::int64_t r = region->target->region_id.value;
      std::int64_t c = region->target->city_id.value;
      if (u.region_id != r || u.city_id != c) {
        change("regionId", live_user_field(u, "regionId"), r,
               fmt::format("regionId {} → {}", opt_id(u.region_id), r));
        change("cityId", live_user_field(u, "cityId"), c,
               fmt::format("cityId {} → {} ({})", opt_id(u.city_id), c, region->how));
      }
    }
    if (m_policy.role_enforce == RoleEnforce::Always) {
      auto [role, role_why] = role_for(d);
      if (u.role_id != role) {
        change("roleId", live_user_field(u, "roleId"), role,
               fmt::format("roleId {} → {} ({}; roles.enforce: always)", opt_id(u.role_id), role,
                           role_why));
      }
    }
    if (fix.end_date_set) {
      change("userEndDate", live_user_field(u, "userEndDate"), nullptr,
             fmt::format("userEndDate '{}' → null (while it is set the user cannot log in; "
                         "login_dates: fix)",
                         u.user_end_date.value_or("")));
    }
    if (fix.start_in_future) {
      const std::string today = start_of_day(m_now);
      change("userStartDate", live_user_field(u, "userStartDate"), today,
             fmt::format("userStartDate '{}' → '{}' (a start date in the future blocks login; "
                         "login_dates: fix)",
                         u.user_start_date.value_or(""), today));
    }
    if (patch.empty()) {
      return std::nullopt;
    }
    Action a;
    a.op = ActionOp::Update;
    a.key = key_value(d, m_key);
    a.user_id = u.id;
    a.reason = join(changes, "; ");
    a.reason_code = ReasonCode::UpdateAttributes;
    a.precondition = std::move(before);
    a.precondition[m_key_name] = live_user_field(u, m_key_name);
    a.after = std::move(after);
    a.request = patch_request(u.id, std::move(patch));
    return a;
  }

  // Adds a Repair in front when a PATCH is planned for a user missing legacy
  // fields, trims preconditions so no action depends on a field an earlier
  // action of the same user changes, and appends the actions to the plan.
  void finish_user_actions(const std::string& key, const LiveUser& u, std::vector<Action> acts) {
    const bool lacks_legacy = u.division_id.value_or(0) == 0 || u.city_id.value_or(0) == 0;
    if (acts.empty() && !(m_policy.repair_scope == RepairScope::All && lacks_legacy)) {
      return; // repair.scope: before-change — no needless writes
    }
    json patch = json::array();
    json before = json::object();
    json after = json::object();
    std::vector<std::string> missing;
    auto need = [&](const char* field, bool is_missing, const std::optional<json>& value,
                    const char* policy_key) {
      if (!is_missing) {
        return true;
      }
      if (!value) {
        error(fmt::format("Jira Align user id {} ('{}') lacks {}, and every change to it would be "
                          "refused (PATCH validates the whole record); set {} in the policy ({}), "
                          "or list the user's roleId in ignored.roleIds",
                          u.id, key, field, policy_key, m_policy.file));
        return false;
      }
      patch.push_back(replace_op(field, *value));
      before[field] = live_user_field(u, field);
      after[field] = *value;
      missing.push_back(field);
      return true;
    };
    auto id_json = [](const std::optional<PolicyId>& p) {
      return p ? std::optional<json>(p->value) : std::nullopt;
    };
    bool ok = need("divisionId", u.division_id.value_or(0) == 0,
                   id_json(m_policy.repair_division_id), "repair.divisionId");
    ok = need("cityId", u.city_id.value_or(0) == 0, id_json(m_policy.repair_city_id),
              "repair.cityId") &&
         ok;
    ok =
        need("company", u.company && u.company->empty(),
             m_policy.repair_company ? std::optional<json>(*m_policy.repair_company) : std::nullopt,
             "repair.company") &&
        ok;
    if (!ok) {
      return;
    }
    if (!patch.empty()) {
      Action r;
      r.op = ActionOp::Repair;
      r.key = key;
      r.user_id = u.id;
      std::vector<std::string> ops;
      for (const Action& a : acts) {
        ops.push_back(action_op_name(a.op));
      }
      r.reason = fmt::format("lacks {}, which the API needs before any change (PATCH validates "
                             "the whole record); filled from the policy's repair values {}",
                             join(missing, ", "),
                             ops.empty() ? std::string("(repair.scope: all)")
                                         : "before the " + join(ops, " and "));
      r.reason_code = ops.empty() ? ReasonCode::RepairScopeAll : ReasonCode::RepairBeforeChange;
      r.precondition = std::move(before);
      r.precondition[m_key_name] = live_user_field(u, m_key_name);
      r.after = std::move(after);
      r.request = patch_request(u.id, std::move(patch));
      acts.insert(acts.begin(), std::move(r));
    }
    std::stable_sort(acts.begin(), acts.end(), [](const Action& a, const Action& b) {
      return apply_rank(a.op) < apply_rank(b.op);
    });
    std::vector<std::string> changed;
    for (Action& a : acts) {
      for (const std::string& f : changed) {
        a.precondition.erase(f);
      }
      for (auto it = a.after.begin(); it != a.after.end(); ++it) {
        changed.push_back(it.key());
      }
      m_out.plan.actions.push_back(std::move(a));
    }
  }

  void check_limits() {
    std::int64_t creates = 0;
    std::int64_t deactivations = 0;
    for (const Action& a : m_out.plan.actions) {
      creates += a.op == ActionOp::Create ? 1 : 0;
      deactivations += a.op == ActionOp::Deactivate ? 1 : 0;
    }
    auto check = [&](const std::optional<Limit>& limit, const char* name, const char* verb,
                     std::int64_t count) {
      if (!limit) {
        return;
      }
      std::int64_t allowed = limit->allowed(m_managed_active);
      if (count <= allowed) {
        return;
      }
      std::string of = limit->is_percent ? fmt::format(" of {} managed active users = {}",
                                                       m_managed_active, allowed)
                                         : "";
      error(fmt::format("safety limit exceeded: the plan would {} {} users, but limits.{} is {}{}; "
                        "no plan was written. If this is intended, raise limits.{} in the reviewed "
                        "policy ({})",
                        verb, count, name, limit->text, of, name, m_policy.file));
    };
    check(m_policy.max_deactivations, "max_deactivations", "deactivate", deactivations);
    check(m_policy.max_creates, "max_creates", "create", creates);
  }

  void sort_output() {
    auto& actions = m_out.plan.actions;
    std::vector<std::pair<std::string, std::size_t>> order;
    order.reserve(actions.size());
    for (std::size_t i = 0; i < actions.size(); ++i) {
      order.emplace_back(fold_case(actions[i].key), i);
    }
    std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
      const Action& a = actions[x.second];
      const Action& b = actions[y.second];
      return std::tie(a.op, x.first, a.key, a.user_id) < std::tie(b.op, y.first, b.key, b.user_id);
    });
    std::vector<Action> sorted;
    sorted.reserve(actions.size());
    for (const auto& o : order) {
      sorted.push_back(std::move(actions[o.second]));
    }
    actions = std::move(sorted);
    std::sort(m_out.plan.notices.begin(), m_out.plan.notices.end(),
              [](const Notice& a, const Notice& b) {
                // By kind name, then key: the order reviewers have always seen.
                std::string_view na = notice_kind_name(a.kind);
                std::string_view nb = notice_kind_name(b.kind);
                std::string ka = fold_case(a.key);
                std::string kb = fold_case(b.key);
                return std::tie(na, ka, a.key, a.user_id) < std::tie(nb, kb, b.key, b.user_id);
              });
  }

  const DesiredState& m_desired;
  const std::vector<LiveUser>& m_live;
  const Policy& m_policy;
  const std::string& m_now; // the plan's created_at: the planner reads no clock
  PlanOutcome& m_out;
  const MatchKey m_key;
  const bool m_by_email;        // m_key == MatchKey::Email
  const std::string m_key_name; // "externalId" or "email", for messages and API fields
  std::unordered_map<std::string, const RegionEntry*> m_regions;
  std::unordered_map<std::string, std::size_t> m_desired_index;
  std::unordered_map<std::string, std::size_t> m_live_index;
  std::unordered_map<std::string, std::vector<std::size_t>> m_keyless_by_email;
  std::unordered_map<std::string, std::size_t> m_all_by_email;
  std::vector<bool> m_matched;
  int m_managed_active = 0;
};

} // namespace

PlanOutcome reconcile(const DesiredState& desired, const std::vector<LiveUser>& live,
                      const Policy& policy, const PlanContext& context) {
  PlanOutcome out;
  out.plan.tool_version = context.tool_version;
  out.plan.target_url = context.target_url;
  out.plan.created_at = context.created_at;
  out.plan.match_key = policy.match_key;
  out.plan.provenance = context.provenance;
  Reconciler(desired, live, policy, context, out).run();
  for (std::string& e : empty_email_errors(out.plan, desired)) {
    out.errors.push_back(std::move(e));
  }
  if (!out.ok()) {
    out.plan.actions.clear();
    out.plan.notices.clear();
  }
  return out;
}

Diagnostics check_desired_against_policy(const DesiredState& desired, const Policy& policy,
                                         const std::string& desired_file) {
  Diagnostics out;
  if (policy.region_default) {
    return out;
  }
  std::unordered_map<std::string, bool> known;
  for (const RegionEntry& e : policy.regions) {
    known.emplace(fold_case(e.value), true);
  }
  for (const DesiredUser& u : desired.users) {
    if (known.count(fold_case(u.region)) == 0) {
      const bool at_value = u.region_line > 0;
      out.push_back(Diagnostic{
          desired_file, at_value ? u.region_line : u.line, at_value ? u.region_column : 0,
          fmt::format("user '{}' has {}, which regions.map in {} does not list (and there is no "
                      "regions.default)",
                      key_value(u, policy.match_key),
                      u.region.empty() ? std::string("no region")
                                       : fmt::format("region '{}'", u.region),
                      policy.file)});
    }
  }
  return out;
}

} // namespace alignctl
