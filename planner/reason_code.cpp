#include "planner/reason_code.hpp"

#include <array>
#include <utility>

namespace alignctl {

namespace {

constexpr std::array<std::pair<NoticeKind, std::string_view>, k_notice_kind_count> k_kinds{{
    {NoticeKind::Ignored, "ignored"},
    {NoticeKind::Protected, "protected"},
    {NoticeKind::Unmatched, "unmatched"},
    {NoticeKind::Locked, "locked"},
    {NoticeKind::Login, "login"},
}};

constexpr std::array<std::pair<ReasonCode, std::string_view>, 21> k_codes{{
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
    {ReasonCode::UndoDeactivation, "undo.deactivation"},
    {ReasonCode::UndoReactivation, "undo.reactivation"},
    {ReasonCode::UndoCreation, "undo.creation"},
    {ReasonCode::UndoLink, "undo.link"},
    {ReasonCode::UndoUpdate, "undo.update"},
}};

// Both tables list every enumerator once, in enum order.
template <class Table> constexpr bool in_enum_order(const Table& table) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (static_cast<std::size_t>(table[i].first) != i) {
      return false;
    }
  }
  return true;
}
static_assert(in_enum_order(k_kinds), "k_kinds must list every NoticeKind in enum order");
static_assert(in_enum_order(k_codes), "k_codes must list every ReasonCode in enum order");
static_assert(static_cast<std::size_t>(ReasonCode::UndoUpdate) + 1 == k_codes.size(),
              "every ReasonCode needs a name");

template <class Table, class E> std::string_view name_in(const Table& table, E value) {
  return table[static_cast<std::size_t>(value)].second;
}

template <class E, class Table>
std::optional<E> value_in(const Table& table, std::string_view name) {
  for (const auto& [value, n] : table) {
    if (n == name) {
      return value;
    }
  }
  return std::nullopt;
}

} // namespace

std::string_view notice_kind_name(NoticeKind kind) {
  return name_in(k_kinds, kind);
}

std::optional<NoticeKind> notice_kind_from_name(std::string_view name) {
  return value_in<NoticeKind>(k_kinds, name);
}

std::string_view reason_code_name(ReasonCode code) {
  return name_in(k_codes, code);
}

std::optional<ReasonCode> reason_code_from_name(std::string_view name) {
  return value_in<ReasonCode>(k_codes, name);
}

} // namespace alignctl
