// Calendar dates written as "YYYY-MM-DD" (the policy's `until:`): checked and
// turned into a day number, so dates can be compared and subtracted without
// a clock or a time zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace alignctl {

// Days since 1970-01-01 of a real date "YYYY-MM-DD" (years 1970..9999, the
// month's days, leap years); nullopt for anything else ("2026-02-30",
// "2026-1-5", "2026-01-05T00:00:00Z").
std::optional<std::int64_t> calendar_day(std::string_view date);

// The day of an ISO 8601 date-time's date part ("2026-12-01T16:49:56Z" → its
// day); nullopt when it does not start with a real date.
std::optional<std::int64_t> calendar_day_of(std::string_view date_time);

} // namespace alignctl
