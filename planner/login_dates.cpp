#include "planner/login_dates.hpp"

namespace alignctl {

namespace {

bool digits_at(std::string_view s, std::size_t pos, std::size_t count) {
  if (s.size() < pos + count) {
    return false;
  }
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<std::string> iso_sortable(std::string_view t) {
  if (!digits_at(t, 0, 4) || t.size() < 10 || t[4] != '-' || !digits_at(t, 5, 2) || t[7] != '-' ||
      !digits_at(t, 8, 2)) {
    return std::nullopt;
  }
  std::string out(t.substr(0, 10));
  std::string time = "00:00:00";
  if (t.size() >= 16 && (t[10] == 'T' || t[10] == ' ') && digits_at(t, 11, 2) && t[13] == ':' &&
      digits_at(t, 14, 2)) {
    time.replace(0, 5, t.substr(11, 5));
    if (t.size() >= 19 && t[16] == ':' && digits_at(t, 17, 2)) {
      time.replace(6, 2, t.substr(17, 2));
    }
  }
  return out + "T" + time;
}

LoginBlock login_block(const LiveUser& user, std::string_view now) {
  LoginBlock b;
  b.end_date_set = user.user_end_date && !user.user_end_date->empty();
  if (user.user_start_date) {
    auto start = iso_sortable(*user.user_start_date);
    auto current = iso_sortable(now);
    b.start_in_future = start && current && *start > *current;
  }
  return b;
}

std::string start_of_day(std::string_view now) {
  auto s = iso_sortable(now);
  return s ? s->substr(0, 10) + "T00:00:00Z" : std::string();
}

} // namespace alignctl
