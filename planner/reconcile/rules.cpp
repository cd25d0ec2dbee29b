#include "planner/reconcile/rules.hpp"

#include <array>

namespace alignctl {

namespace {

using F = const PairFacts&;

struct RuleRow {
  std::string_view situation;
  bool (*holds)(F);
  Rule rule;
  ReasonCode code;
  std::optional<NoticeKind> notice;
};

constexpr std::optional<NoticeKind> k_no_notice = std::nullopt;

// Read top to bottom; the first row whose situation holds wins. Matching
// (reconcile.cpp) has already paired users by key — or, with externalId as the
// key, a keyless live user by email, which puts a link in front of the
// pair's actions. Every pair that reaches Manage, Reactivate or Locked then
// gets, in this order: the login check (login_dates: report → notice
// login.blocked; fix → part of the update), the update (update.attributes),
// and the repair in front (repair.before-change); LeaveInactive gets the
// repair alone (repair.scope: all → repair.scope-all).
//
// On both paths ignored is checked before protected. The live path, unlike
// the desired one, asks "active?" between the two: a deactivated, protected
// live user gets no notice (there is nothing it would be protected from), and
// a live user without the key is never checked for protection (it can never
// be deactivated).
constexpr std::array k_rules{
    // desired user, no live user
    RuleRow{"desired, and no live user has its key (or keyless email)",
            [](F f) { return f.desired && !f.live; }, Rule::Create,
            ReasonCode::CreateNotInJiraAlign, k_no_notice},
    // desired user and the live user it matched
    RuleRow{"desired; the live user's roleId is in ignored.roleIds",
            [](F f) { return f.desired && f.ignored; }, Rule::Ignored, ReasonCode::IgnoredDesired,
            NoticeKind::Ignored},
    RuleRow{"desired; the live user is protected", [](F f) { return f.desired && f.is_protected; },
            Rule::Protected, ReasonCode::ProtectedDesired, NoticeKind::Protected},
    RuleRow{"desired and active (isLocked 0)", [](F f) { return f.desired && f.is_locked == 0; },
            Rule::Manage, ReasonCode::Unspecified, k_no_notice},
    RuleRow{"desired and deactivated (isLocked -1)",
            [](F f) { return f.desired && f.is_locked == -1; }, Rule::Reactivate,
            ReasonCode::ReactivateDesired, k_no_notice},
    RuleRow{"desired, isLocked neither 0 nor -1, and locked: reactivate",
            [](F f) { return f.desired && f.reactivate_locked; }, Rule::Reactivate,
            ReasonCode::ReactivateDesired, k_no_notice},
    RuleRow{"desired, isLocked neither 0 nor -1 (locked: leave)", [](F f) { return f.desired; },
            Rule::Locked, ReasonCode::LockedNotReactivated, NoticeKind::Locked},
    // live user no desired user matched, without the key
    RuleRow{"not desired, no key; roleId in ignored.roleIds",
            [](F f) { return !f.live_has_key && f.ignored; }, Rule::Ignored,
            ReasonCode::IgnoredByPolicy, NoticeKind::Ignored},
    RuleRow{"not desired, no key, and ignored.no_external_id: true",
            [](F f) { return !f.live_has_key && f.ignore_no_key; }, Rule::Ignored,
            ReasonCode::IgnoredNoKey, NoticeKind::Ignored},
    RuleRow{"not desired, no key", [](F f) { return !f.live_has_key; }, Rule::Unmatched,
            ReasonCode::UnmatchedNoKey, NoticeKind::Unmatched},
    // live user no desired user matched, with the key
    RuleRow{"not desired; roleId in ignored.roleIds", [](F f) { return f.ignored; }, Rule::Ignored,
            ReasonCode::IgnoredByPolicy, NoticeKind::Ignored},
    RuleRow{"not desired, not active, protected",
            [](F f) { return f.is_locked != 0 && f.is_protected; }, Rule::Leave,
            ReasonCode::Unspecified, k_no_notice},
    RuleRow{"not desired, not active", [](F f) { return f.is_locked != 0; }, Rule::LeaveInactive,
            ReasonCode::Unspecified, k_no_notice},
    RuleRow{"not desired, active, protected", [](F f) { return f.is_protected; }, Rule::Protected,
            ReasonCode::ProtectedKept, NoticeKind::Protected},
    RuleRow{"not desired, active", [](F) { return true; }, Rule::Deactivate,
            ReasonCode::DeactivateNotDesired, k_no_notice},
};

} // namespace

Classification classify(const PairFacts& facts) {
  for (const RuleRow& row : k_rules) {
    if (row.holds(facts)) {
      return Classification{row.rule, row.code, row.notice, row.situation};
    }
  }
  return {}; // not reached: the last row always holds
}

} // namespace alignctl
