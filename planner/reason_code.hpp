// Why the plan holds each action and notice, as a stable code: written to the
// plan file beside the reviewer's text ("reason_code"), so pipelines and tests
// match codes, not prose. The list is versioned in docs/plan-format.md
// ("Reason codes"): a code's meaning never changes; new codes may be added.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace alignctl {

// What a notice is about: a live user the plan saw but did not touch, or a
// desired user who will not be able to log in.
enum class NoticeKind {
  Ignored,   // ignored by the policy (role, or no key with ignored.no_external_id)
  Protected, // protected by the policy: never changed
  Unmatched, // has no match key, so never matched or deactivated
  Locked,    // desired, but isLocked is neither 0 nor -1 (locked: leave)
  Login,     // desired and active, but userEndDate or a future userStartDate blocks login
  Exception, // a policy exception (protected/ignored entry with `until:`) expiring or expired
};
inline constexpr std::size_t k_notice_kind_count =
    static_cast<std::size_t>(NoticeKind::Exception) + 1;

std::string_view notice_kind_name(NoticeKind kind); // "ignored", "protected", …
std::optional<NoticeKind> notice_kind_from_name(std::string_view name);

enum class ReasonCode {
  Unspecified, // a plan written before reason codes (read only)
  // actions
  CreateNotInJiraAlign, // create: desired, and no live user has the key
  LinkEmailMatch,       // link: a live user without externalId has the desired email
  ReactivateDesired,    // reactivate: desired, but deactivated
  DeactivateNotDesired, // deactivate: active, not desired
  UpdateAttributes,     // update: managed attributes (or, login_dates: fix, dates) differ
  RepairBeforeChange,   // repair: legacy fields missing, before another action
  RepairScopeAll,       // repair: legacy fields missing (repair.scope: all)
  // notices
  IgnoredDesired,       // desired, but ignored by the policy
  IgnoredByPolicy,      // not desired, ignored by the policy (role)
  IgnoredNoKey,         // no key, and ignored.no_external_id is true
  ProtectedDesired,     // desired, but protected
  ProtectedKept,        // active and not desired, but protected: kept
  UnmatchedNoKey,       // no key: never matched or deactivated
  LockedNotReactivated, // isLocked neither 0 nor -1, locked: leave
  LoginBlocked,         // login dates block login (login_dates: report)
  ExceptionExpiring,    // a protected/ignored entry's `until:` is within 14 days
  ExceptionExpired,     // a protected/ignored entry's `until:` has passed: no longer applies
  // labels of plan --base (an action's label.reasons)
  ChangeAdded,        // change: the user was added to the desired state
  ChangeRemoved,      // change: the user was removed from the desired state
  ChangeJoinedGroup,  // change: the user joined a group
  ChangeLeftGroup,    // change: the user left a group
  ChangeAttribute,    // change: an attribute of the user's entry changed
  ChangeOther,        // change: the entry is the same; another entry changed
  DriftPlannedAtBase, // drift: planned at the base too
  // actions of a plan written by `alignctl undo` (docs/undo.md)
  UndoDeactivation, // reactivate: the undone plan deactivated the user
  UndoReactivation, // deactivate: the undone plan reactivated the user
  UndoCreation,     // deactivate: the undone plan created the user (the API cannot delete)
  UndoLink,         // link: the undone plan set externalId on the user
  UndoUpdate,       // update: the undone plan changed the user's attributes
};

// The last enumerator (keep in step when adding one).
inline constexpr ReasonCode k_last_reason_code = ReasonCode::UndoUpdate;

// "create.not-in-jira-align", "deactivate.not-desired", … ("unspecified").
std::string_view reason_code_name(ReasonCode code);
std::optional<ReasonCode> reason_code_from_name(std::string_view name);

} // namespace alignctl
