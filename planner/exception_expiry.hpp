// Exceptions that expire: an entry of protected.* or ignored.roleIds with
// `until: YYYY-MM-DD` applies through that day and no longer after it, and is
// reported in its last k_expiry_warning_days days. Pure: "today" is the
// plan's created_at (or the caller's clock for validate and doctor), passed in.
#pragma once

#include "planner/plan.hpp"
#include "planner/policy.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

// An entry is "expiring" from this many days before its `until` day (that day
// included): 14 → warned on the last 14 days it applies.
inline constexpr std::int64_t k_expiry_warning_days = 14;

struct ExceptionStatus {
  const ExceptionUntil* entry = nullptr;
  bool expired = false;       // today is after `until`: the entry no longer applies
  std::int64_t days_left = 0; // expiring: days from today to `until` (0: today is the last day)
};

// The dated entries that are expired or expiring at `today` (an ISO 8601 date
// or date-time), in file order. None when `today` is not a date.
std::vector<ExceptionStatus> exception_statuses(const Policy& policy, std::string_view today);

// The policy without the entries that have expired at `today`.
Policy policy_in_force(const Policy& policy, std::string_view today);

// "protected.externalIds" for a list.
const char* exception_list_name(ExceptionList list);

// One sentence: which entry, where, since or until when, and what follows.
std::string exception_status_text(const ExceptionStatus& status, const std::string& policy_file);

// The same texts, for `validate` and `doctor` (which pass today's date).
std::vector<std::string> exception_warnings(const Policy& policy, std::string_view today);

// The plan's notices for them (kind `exception`, codes exception.expiring
// and exception.expired; key: the entry's value, no user id).
std::vector<Notice> exception_notices(const Policy& policy, std::string_view today);

} // namespace alignctl
