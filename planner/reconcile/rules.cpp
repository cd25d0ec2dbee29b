#include "planner/reconcile/rules.hpp"

namespace alignctl {

namespace {

using F = const PairFacts&;

struct RuleRow {
  std::string_view situation;
  Rule rule;
  ReasonCode code;
  std::optional<NoticeKind> notice;
  bool (*holds)(F);
};

using R = Rule;
using C = ReasonCode;
using N = NoticeKind;
constexpr std::optional<NoticeKind> k_none = std::nullopt;

// Read top to bottom ("locked": isLocked neither 0 nor -1); the first row whose situation holds
// wins. Matching (matching.cpp) has already paired users by key — or, with externalId as the key, a
// keyless live user by email, which puts a link in front of the pair's actions. Every pair that
// reaches Manage, Reactivate or Locked then gets, in this order: the login check (login_dates:
// report → notice login.blocked; fix → part of the update), the update (update.attributes), and the
// repair in front (repair.before-change); LeaveInactive gets the repair alone (repair.scope: all →
// repair.scope-all).
//
// On both paths ignored is checked before protected. The live path, unlike
// the desired one, asks "active?" between the two: a deactivated, protected
// live user gets no notice (there is nothing it would be protected from), and
// a live user without the key is never checked for protection (it can never
// be deactivated).
// clang-format off
constexpr RuleRow k_rules[] = {
    // situation                           rule              reason code              notice
    //   and when it holds

    // desired user, no live user
    {"desired, no live user matched",      R::Create,        C::CreateNotInJiraAlign, k_none,
     [](F f) { return f.desired && !f.live; }},

    // desired user and the live user it matched
    {"desired; roleId in ignored.roleIds", R::Ignored,       C::IgnoredDesired,       N::Ignored,
     [](F f) { return f.desired && f.ignored; }},
    {"desired; protected",                 R::Protected,     C::ProtectedDesired,     N::Protected,
     [](F f) { return f.desired && f.is_protected; }},
    {"desired, active (isLocked 0)",       R::Manage,        C::Unspecified,          k_none,
     [](F f) { return f.desired && f.is_locked == 0; }},
    {"desired, deactivated (isLocked -1)", R::Reactivate,    C::ReactivateDesired,    k_none,
     [](F f) { return f.desired && f.is_locked == -1; }},
    {"desired, locked, locked: reactivate",R::Reactivate,    C::ReactivateDesired,    k_none,
     [](F f) { return f.desired && f.reactivate_locked; }},
    {"desired, locked (locked: leave)",    R::Locked,        C::LockedNotReactivated, N::Locked,
     [](F f) { return f.desired; }},

    // live user no desired user matched, without the key
    {"no key; roleId in ignored.roleIds",  R::Ignored,       C::IgnoredByPolicy,      N::Ignored,
     [](F f) { return !f.live_has_key && f.ignored; }},
    {"no key; ignored.no_external_id",     R::Ignored,       C::IgnoredNoKey,         N::Ignored,
     [](F f) { return !f.live_has_key && f.ignore_no_key; }},
    {"no key",                             R::Unmatched,     C::UnmatchedNoKey,       N::Unmatched,
     [](F f) { return !f.live_has_key; }},

    // live user no desired user matched, with the key
    {"roleId in ignored.roleIds",          R::Ignored,       C::IgnoredByPolicy,      N::Ignored,
     [](F f) { return f.ignored; }},
    {"not active, protected",              R::Leave,         C::Unspecified,          k_none,
     [](F f) { return f.is_locked != 0 && f.is_protected; }},
    {"not active",                         R::LeaveInactive, C::Unspecified,          k_none,
     [](F f) { return f.is_locked != 0; }},
    {"active, protected",                  R::Protected,     C::ProtectedKept,        N::Protected,
     [](F f) { return f.is_protected; }},
    {"active",                             R::Deactivate,    C::DeactivateNotDesired, k_none,
     [](F) { return true; }},
};
// clang-format on

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
