#include "planner/exception_expiry.hpp"

#include "state/util/calendar_date.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

template <class T> void erase_indexes(std::vector<T>& list, const std::vector<bool>& gone) {
  std::vector<T> kept;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i >= gone.size() || !gone[i]) {
      kept.push_back(std::move(list[i]));
    }
  }
  list = std::move(kept);
}

std::size_t list_size(const Policy& p, ExceptionList list) {
  switch (list) {
  case ExceptionList::ProtectedExternalIds:
    return p.protected_external_ids.size();
  case ExceptionList::ProtectedPatterns:
    return p.protected_patterns.size();
  case ExceptionList::ProtectedRoleIds:
    return p.protected_role_ids.size();
  case ExceptionList::IgnoredRoleIds:
    return p.ignored_role_ids.size();
  }
  return 0;
}

} // namespace

const char* exception_list_name(ExceptionList list) {
  switch (list) {
  case ExceptionList::ProtectedExternalIds:
    return "protected.externalIds";
  case ExceptionList::ProtectedPatterns:
    return "protected.patterns";
  case ExceptionList::ProtectedRoleIds:
    return "protected.roleIds";
  case ExceptionList::IgnoredRoleIds:
    return "ignored.roleIds";
  }
  return "?";
}

std::vector<ExceptionStatus> exception_statuses(const Policy& policy, std::string_view today) {
  std::vector<ExceptionStatus> out;
  const auto now = calendar_day_of(today);
  if (!now) {
    return out;
  }
  for (const ExceptionUntil& e : policy.exceptions_until) {
    const auto until = calendar_day(e.until);
    if (!until) {
      continue; // the loader refuses such a date
    }
    const std::int64_t left = *until - *now;
    if (left < k_expiry_warning_days) { // expiring, or expired (< 0)
      out.push_back(ExceptionStatus{&e, left < 0, left < 0 ? 0 : left});
    }
  }
  return out;
}

Policy policy_in_force(const Policy& policy, std::string_view today) {
  std::vector<ExceptionStatus> statuses = exception_statuses(policy, today);
  bool any = false;
  for (const ExceptionStatus& s : statuses) {
    any = any || s.expired;
  }
  if (!any) {
    return policy;
  }
  Policy out = policy;
  std::vector<std::vector<bool>> gone(4);
  for (const ExceptionStatus& s : statuses) {
    if (s.expired) {
      auto& g = gone[static_cast<std::size_t>(s.entry->list)];
      g.resize(list_size(policy, s.entry->list), false);
      if (s.entry->index < g.size()) {
        g[s.entry->index] = true;
      }
    }
  }
  erase_indexes(out.protected_external_ids,
                gone[static_cast<std::size_t>(ExceptionList::ProtectedExternalIds)]);
  erase_indexes(out.protected_patterns,
                gone[static_cast<std::size_t>(ExceptionList::ProtectedPatterns)]);
  erase_indexes(out.protected_role_ids,
                gone[static_cast<std::size_t>(ExceptionList::ProtectedRoleIds)]);
  erase_indexes(out.ignored_role_ids,
                gone[static_cast<std::size_t>(ExceptionList::IgnoredRoleIds)]);
  out.exceptions_until.clear(); // the indexes no longer hold
  return out;
}

std::string exception_status_text(const ExceptionStatus& s, const std::string& policy_file) {
  const ExceptionUntil& e = *s.entry;
  const std::string entry = fmt::format("{} entry '{}' ({}:{})", exception_list_name(e.list),
                                        e.value, policy_file, e.line);
  if (s.expired) {
    return fmt::format("{} expired after {} and no longer applies; renew its 'until' in the "
                       "reviewed policy, or remove the entry",
                       entry, e.until);
  }
  const std::string when = s.days_left == 0   ? std::string("today is its last day")
                           : s.days_left == 1 ? std::string("1 day left")
                                              : fmt::format("{} days left", s.days_left);
  return fmt::format("{} applies until {} ({}); after that it no longer applies unless its "
                     "'until' is renewed in the reviewed policy",
                     entry, e.until, when);
}

std::vector<std::string> exception_warnings(const Policy& policy, std::string_view today) {
  std::vector<std::string> out;
  for (const ExceptionStatus& s : exception_statuses(policy, today)) {
    out.push_back(exception_status_text(s, policy.file));
  }
  return out;
}

std::vector<Notice> exception_notices(const Policy& policy, std::string_view today) {
  std::vector<Notice> out;
  for (const ExceptionStatus& s : exception_statuses(policy, today)) {
    Notice notice;
    notice.kind = NoticeKind::Exception;
    notice.key = s.entry->value;
    notice.reason = exception_status_text(s, policy.file);
    notice.reason_code = s.expired ? ReasonCode::ExceptionExpired : ReasonCode::ExceptionExpiring;
    out.push_back(std::move(notice));
  }
  return out;
}

} // namespace alignctl
