// Login dates: Jira Align refuses logins for a user whose userEndDate is set
// or whose userStartDate lies in the future (contract §2 "isLocked"). Pure:
// "now" is the plan's created_at, passed in.
#pragma once

#include "state/model/live_user.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

// "YYYY-MM-DDTHH:MM:SS" from an ISO 8601 date or date-time ("2022-10-19",
// "2022-10-19T00:00:00Z", "…T00:00:00.000", "…+02:00": the offset is not
// applied — a day's precision is what matters here); nullopt when `text` does
// not start with a date.
std::optional<std::string> iso_sortable(std::string_view text);

// What keeps an active user from logging in.
struct LoginBlock {
  bool end_date_set = false;    // userEndDate is set (to anything)
  bool start_in_future = false; // userStartDate is later than now
  bool blocked() const { return end_date_set || start_in_future; }
};

LoginBlock login_block(const LiveUser& user, std::string_view now);

// The start of now's day, "YYYY-MM-DDT00:00:00Z": what a future userStartDate
// is set to by login_dates: fix. Empty when `now` is not a date.
std::string start_of_day(std::string_view now);

} // namespace alignctl
