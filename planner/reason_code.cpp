#include "planner/reason_code.hpp"

#include "state/util/enum_names.hpp"

namespace alignctl {

namespace {

constexpr EnumName<NoticeKind> k_kinds[] = {
    {NoticeKind::Ignored, "ignored"},     {NoticeKind::Protected, "protected"},
    {NoticeKind::Unmatched, "unmatched"}, {NoticeKind::Locked, "locked"},
    {NoticeKind::Login, "login"},         {NoticeKind::Exception, "exception"},
};

constexpr EnumName<ReasonCode> k_codes[] = {
    {ReasonCode::Unspecified, "unspecified"},
    {ReasonCode::CreateNotInJiraAlign, "create.not-in-jira-align"},
    {ReasonCode::LinkEmailMatch, "link.email-match"},
    {ReasonCode::ReactivateDesired, "reactivate.desired"},
    {ReasonCode::DeactivateNotDesired, "deactivate.not-desired"},
    {ReasonCode::UpdateAttributes, "update.attributes"},
    {ReasonCode::RepairBeforeChange, "repair.before-change"},
    {ReasonCode::RepairScopeAll, "repair.scope-all"},
    {ReasonCode::IgnoredDesired, "ignored.desired"},
    {ReasonCode::IgnoredByPolicy, "ignored.by-policy"},
    {ReasonCode::IgnoredNoKey, "ignored.no-key"},
    {ReasonCode::ProtectedDesired, "protected.desired"},
    {ReasonCode::ProtectedKept, "protected.kept"},
    {ReasonCode::UnmatchedNoKey, "unmatched.no-key"},
    {ReasonCode::LockedNotReactivated, "locked.not-reactivated"},
    {ReasonCode::LoginBlocked, "login.blocked"},
    {ReasonCode::ExceptionExpiring, "exception.expiring"},
    {ReasonCode::ExceptionExpired, "exception.expired"},
    {ReasonCode::ChangeAdded, "change.added"},
    {ReasonCode::ChangeRemoved, "change.removed"},
    {ReasonCode::ChangeJoinedGroup, "change.joined-group"},
    {ReasonCode::ChangeLeftGroup, "change.left-group"},
    {ReasonCode::ChangeAttribute, "change.attribute"},
    {ReasonCode::ChangeOther, "change.other"},
    {ReasonCode::DriftPlannedAtBase, "drift.planned-at-base"},
    {ReasonCode::UndoDeactivation, "undo.deactivation"},
    {ReasonCode::UndoReactivation, "undo.reactivation"},
    {ReasonCode::UndoCreation, "undo.creation"},
    {ReasonCode::UndoLink, "undo.link"},
    {ReasonCode::UndoUpdate, "undo.update"},
};

static_assert(lists_every_value(k_kinds, NoticeKind::Exception),
              "k_kinds must list every NoticeKind in enum order");
static_assert(lists_every_value(k_codes, k_last_reason_code),
              "k_codes must list every ReasonCode in enum order");

} // namespace

std::string_view notice_kind_name(NoticeKind kind) {
  return name_of(k_kinds, kind);
}

std::optional<NoticeKind> notice_kind_from_name(std::string_view name) {
  return from_name(k_kinds, name);
}

std::string_view reason_code_name(ReasonCode code) {
  return name_of(k_codes, code);
}

std::optional<ReasonCode> reason_code_from_name(std::string_view name) {
  return from_name(k_codes, name);
}

} // namespace alignctl
