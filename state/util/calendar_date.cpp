#include "state/util/calendar_date.hpp"

namespace alignctl {

namespace {

std::optional<int> digits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Days from 1970-01-01 (H. Hinnant's days_from_civil, proleptic Gregorian).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = y / 400; // y >= 1969 here: no negative division
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

} // namespace

std::optional<std::int64_t> calendar_day(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    return std::nullopt;
  }
  auto y = digits(date.substr(0, 4));
  auto m = digits(date.substr(5, 2));
  auto d = digits(date.substr(8, 2));
  if (!y || !m || !d || *y < 1970 || *m < 1 || *m > 12 || *d < 1) {
    return std::nullopt;
  }
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int month_days = k_days[*m - 1] + (*m == 2 && leap(*y) ? 1 : 0);
  if (*d > month_days) {
    return std::nullopt;
  }
  return days_from_civil(*y, *m, *d);
}

std::optional<std::int64_t> calendar_day_of(std::string_view date_time) {
  if (date_time.size() > 10 && date_time[10] != 'T') {
    return std::nullopt;
  }
  return calendar_day(date_time.substr(0, 10));
}

} // namespace alignctl
