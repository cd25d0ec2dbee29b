#include "planner/reconcile.hpp"

#include "planner/email_check.hpp"
#include "planner/exception_expiry.hpp"
#include "planner/external_id_shape.hpp"
#include "planner/login_dates.hpp"
#include "planner/reconcile/action_builder.hpp"
#include "planner/reconcile/exemptions.hpp"
#include "planner/reconcile/limits.hpp"
#include "planner/reconcile/matching.hpp"
#include "planner/reconcile/messages.hpp"
#include "planner/reconcile/output_order.hpp"
#include "planner/reconcile/placement.hpp"
#include "planner/reconcile/repair.hpp"
#include "planner/reconcile/rules.hpp"
#include "planner/reconcile/update.hpp"
#include "planner/text_util.hpp"

#include <optional>
#include <unordered_map>

// How reconcile is put together (the files in planner/reconcile/):
//   match users (matching) → classify each pair (rules) → build its
//   actions (action_builder, update, repair) and notices (messages) → check
//   limits (limits) → order the output (output_order).

namespace alignctl {

namespace {

namespace text = reconcile_text;

// The reviewer's "who" (name and email), or nothing when both are unknown.
std::optional<Person> person(const std::string& first, const std::string& last,
                             const std::string& email) {
  std::string name = first;
  if (!last.empty()) {
    name += name.empty() ? last : " " + last;
  }
  if (name.empty() && email.empty()) {
    return std::nullopt;
  }
  return Person{std::move(name), email};
}

std::optional<Person> person(const LiveUser& u) {
  return person(u.first_name.value_or(""), u.last_name.value_or(""), u.email.value_or(""));
}

class Reconciler {
public:
  Reconciler(const DesiredState& desired, const std::vector<LiveUser>& live, const Policy& policy,
             const PlanContext& context, PlanOutcome& out)
      : m_desired(desired), m_live(live), m_policy(policy), m_now(context.created_at), m_out(out),
        m_key(policy.match_key), m_by_email(m_key == MatchKey::Email), m_placement(policy) {
    for (const std::string& t : context.targets) {
      m_targets.emplace(fold_case(t), false);
    }
  }

  void run() {
    if (m_desired.users.empty() && !m_policy.allow_empty_desired) {
      error(text::empty_desired(m_desired.source.empty() ? "desired state" : m_desired.source,
                                m_policy.file));
      return;
    }
    if (auto why = account_id_guard(m_desired, m_live, m_policy)) {
      error(std::move(*why)); // before any limit: every other message would mislead
      return;
    }
    Matcher matcher(m_desired, m_live, m_key, m_policy.ignore_no_external_id, m_out.errors);
    if (!m_out.errors.empty()) {
      return; // duplicate keys: matching would be guesswork
    }
    m_matched.assign(m_live.size(), false);
    for (const DesiredUser& d : m_desired.users) {
      if (key_value(d, m_key).empty()) {
        continue; // reported by the matcher
      }
      Match m = matcher.match(d, m_out.errors);
      if (m.refused) {
        targeted(key_value(d, m_key)); // a target refused above is not also "unknown"
        continue;
      }
      if (m.live) {
        m_matched[*m.live] = true;
      }
      plan_pair(&d, m.live ? &m_live[*m.live] : nullptr, m.link);
    }
    for (std::size_t i = 0; i < m_live.size(); ++i) {
      if (!m_matched[i]) {
        plan_pair(nullptr, &m_live[i], false);
      }
    }
    for (const std::string& t : m_out.plan.targets) {
      if (!m_targets.at(fold_case(t))) {
        error(text::target_unknown(t, m_key,
                                   m_desired.source.empty() ? "desired state" : m_desired.source));
      }
    }
    for (std::string& e : limit_errors(m_out.plan.actions, m_policy, m_managed_active)) {
      error(std::move(e));
    }
    sort_plan(m_out.plan);
  }

private:
  void error(std::string message) { m_out.errors.push_back(std::move(message)); }

  // The one classification step: a desired user with its live user (or
  // none), or a live user no desired user matched. rules.cpp decides; this
  // carries the decision out.
  void plan_pair(const DesiredUser* d, const LiveUser* u, bool link) {
    const std::string ignored = u ? ignored_reason(*u, m_policy) : std::string();
    const std::string protection = u ? protected_reason(*u, m_policy) : std::string();
    PairFacts facts;
    facts.desired = d != nullptr;
    facts.live = u != nullptr;
    facts.live_has_key = u && live_key(*u, m_key);
    facts.ignored = !ignored.empty();
    facts.is_protected = !protection.empty();
    facts.ignore_no_key = m_policy.ignore_no_external_id;
    facts.reactivate_locked = m_policy.locked == LockedRule::Reactivate;
    facts.is_locked = u ? u->is_locked : 0;
    const Classification c = classify(facts);
    const std::string key = d ? key_value(*d, m_key) : live_label(*u);
    if (!targeted(key)) {
      // Not planned (plan --target), but counted: a percentage limit is of
      // every managed active user, as in a plan of everyone.
      m_managed_active += u && u->active() && counts_as_managed(c.rule) ? 1 : 0;
      return;
    }
    if (c.rule == Rule::Create) {
      plan_create(*d);
      return;
    }
    if (c.notice) {
      notice(c, key, *u, text::notice_reason(c.code, *u, m_key, ignored, protection));
    }
    switch (c.rule) {
    case Rule::Manage:
    case Rule::Reactivate:
    case Rule::Locked:
      plan_managed(*d, *u, c.rule, link);
      return;
    case Rule::LeaveInactive:
      finish_user_actions(key, *u, {}); // repair.scope: all may repair it
      return;
    case Rule::Deactivate: {
      ++m_managed_active;
      Patch patch(*u);
      patch.change("isLocked", -1);
      patch.remember("userEndDate"); // undo restores it, should the server stamp one
      std::vector<Action> acts;
      acts.push_back(patch_action(ActionOp::Deactivate, c.code, key, text::deactivate_reason(),
                                  m_key, std::move(patch)));
      finish_user_actions(key, *u, std::move(acts));
      return;
    }
    default:
      return; // a notice (Ignored, Protected, Unmatched) or nothing (Leave)
    }
  }

  // True when every user is planned, or `key` is one of the --target values
  // (which is then marked as found).
  bool targeted(const std::string& key) {
    if (m_targets.empty()) {
      return true;
    }
    auto it = m_targets.find(fold_case(key));
    if (it == m_targets.end()) {
      return false;
    }
    it->second = true;
    return true;
  }

  static bool counts_as_managed(Rule rule) {
    return rule == Rule::Manage || rule == Rule::Reactivate || rule == Rule::Locked ||
           rule == Rule::Deactivate;
  }

  std::string live_label(const LiveUser& u) const {
    if (auto k = live_key(u, m_key)) {
      return *k;
    }
    return u.email.value_or("");
  }

  void notice(const Classification& c, std::string key, const LiveUser& u, std::string reason) {
    m_out.plan.notices.push_back(Notice{c.notice.value_or(NoticeKind::Ignored), std::move(key),
                                        u.id, std::move(reason), c.code, person(u)});
  }

  // Manage, Reactivate and Locked: the link (when matched by email), the
  // reactivation, the login check, the update, and the repair in front.
  void plan_managed(const DesiredUser& d, const LiveUser& u, Rule rule, bool link) {
    const std::string& key = key_value(d, m_key);
    if (u.active()) {
      ++m_managed_active;
    }
    std::vector<Action> acts;
    if (link) {
      Patch patch(u);
      patch.expect("email");
      patch.change("externalId", d.external_id);
      acts.push_back(patch_action(ActionOp::Link, ReasonCode::LinkEmailMatch, key,
                                  text::link_reason(u.email), m_key, std::move(patch)));
    }
    if (rule == Rule::Reactivate) {
      Patch patch(u);
      patch.expect("isLocked");
      patch.set("isLocked", 0);
      patch.set("userEndDate", nullptr);
      acts.push_back(patch_action(ActionOp::Reactivate, ReasonCode::ReactivateDesired, key,
                                  text::reactivate_reason(u.is_locked), m_key, std::move(patch)));
    }
    const bool will_be_active = rule != Rule::Locked;
    LoginBlock block = will_be_active ? login_block(u, m_now) : LoginBlock{};
    block.end_date_set = block.end_date_set && u.active(); // a reactivation clears it
    if (block.blocked() && m_policy.login_dates == LoginDatesRule::Report) {
      m_out.plan.notices.push_back(Notice{NoticeKind::Login, key, u.id,
                                          text::login_blocked(u, block), ReasonCode::LoginBlocked,
                                          person(u)});
    }
    UpdatePlan update =
        plan_update(d, u, m_policy.login_dates == LoginDatesRule::Fix ? block : LoginBlock{},
                    m_policy, m_placement, m_now);
    if (update.region_unmapped) {
      region_error(d);
    }
    if (update.action) {
      acts.push_back(std::move(*update.action));
    }
    finish_user_actions(key, u, std::move(acts));
  }

  void region_error(const DesiredUser& d) {
    error(text::region_unmapped(desired_where(m_desired, d), key_value(d, m_key), d.region,
                                m_policy.file));
  }

  void plan_create(const DesiredUser& d) {
    auto region = m_placement.region_for(d);
    if (!region) {
      region_error(d);
      return;
    }
    RoleChoice role = m_placement.role_for(d);
    nlohmann::json body = nlohmann::json::object();
    if (!m_by_email || !d.external_id.empty()) {
      body["externalId"] = d.external_id;
    }
    body["firstName"] = d.first_name;
    body["lastName"] = d.last_name;
    body["email"] = d.email;
    if (!d.title.empty()) {
      body["title"] = d.title;
    }
    body["roleId"] = role.role_id;
    body["costCenterId"] = m_policy.create_cost_center_id.value;
    body["divisionId"] = m_policy.create_division_id.value;
    body["regionId"] = region->target->region_id.value;
    body["cityId"] = region->target->city_id.value;
    body["isExternal"] = m_policy.create_is_external;
    m_out.plan.actions.push_back(create_action(key_value(d, m_key),
                                               text::create_reason(m_key, role.why, region->how,
                                                                   region->target->region_id.value,
                                                                   region->target->city_id.value),
                                               std::move(body)));
    m_out.plan.actions.back().who = person(d.first_name, d.last_name, d.email);
  }

  // Puts a repair in front when one is needed, then appends the user's
  // actions to the plan in apply order.
  void finish_user_actions(const std::string& key, const LiveUser& u, std::vector<Action> acts) {
    RepairPlan repair = plan_repair(key, u, acts, m_policy);
    if (!repair.errors.empty()) {
      for (std::string& e : repair.errors) {
        error(std::move(e));
      }
      return;
    }
    if (repair.action) {
      acts.insert(acts.begin(), std::move(*repair.action));
    }
    for (Action& a : acts) {
      a.who = person(u);
    }
    append_user_actions(std::move(acts), m_out.plan.actions);
  }

  const DesiredState& m_desired;
  const std::vector<LiveUser>& m_live;
  const Policy& m_policy;
  const std::string& m_now; // the plan's created_at: the planner reads no clock
  PlanOutcome& m_out;
  const MatchKey m_key;
  const bool m_by_email; // m_key == MatchKey::Email
  const Placement m_placement;
  std::vector<bool> m_matched;
  int m_managed_active = 0;
  std::unordered_map<std::string, bool> m_targets; // folded --target value → found
};

} // namespace

PlanOutcome reconcile(const DesiredState& desired, const std::vector<LiveUser>& live,
                      const Policy& policy, const PlanContext& context) {
  PlanOutcome out;
  out.plan.tool_version = context.tool_version;
  out.plan.target_url = context.target_url;
  out.plan.created_at = context.created_at;
  out.plan.match_key = policy.match_key;
  for (const std::string& t : context.targets) { // once each, in the order given
    bool seen = false;
    for (const std::string& kept : out.plan.targets) {
      seen = seen || iequals(kept, t);
    }
    if (!seen) {
      out.plan.targets.push_back(t);
    }
  }
  out.plan.provenance = context.provenance;
  // Exceptions (protected/ignored entries) past their `until:` day no longer
  // apply; those expired or expiring are notices (sorted with the rest).
  out.plan.notices = exception_notices(policy, context.created_at);
  const Policy in_force = policy_in_force(policy, context.created_at);
  Reconciler(desired, live, in_force, context, out).run();
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
          text::region_not_listed(key_value(u, policy.match_key), u.region, policy.file)});
    }
  }
  return out;
}

} // namespace alignctl
