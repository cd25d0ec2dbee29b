#include "applier/iso_time.hpp"

#include <cctype>
#include <charconv>
#include <ctime>
#include <fmt/core.h>

namespace alignctl {

namespace {

bool digits(const std::string& s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) {
    return false;
  }
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) {
      return false;
    }
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

Error bad_time(const std::string& text) {
  return make_error(ErrorKind::Input,
                    "not an ISO 8601 UTC time (like 2026-11-30T04:46:22Z): '" + text + "'");
}

} // namespace

Result<std::chrono::system_clock::time_point> parse_iso8601_utc(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second)) {
    return bad_time(text);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return bad_time(text);
  }
  std::size_t pos = 19;
  long millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    long scale = 100;
    std::size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
      millis += scale * (text[pos] - '0');
      scale /= 10;
      ++pos;
    }
    if (pos == start) {
      return bad_time(text);
    }
  }
  std::string zone = text.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00") {
    return bad_time(text);
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t t = timegm(&tm);
  return std::chrono::system_clock::from_time_t(t) + std::chrono::milliseconds(millis);
}

std::string format_iso8601_utc(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  long frac = static_cast<long>(ms % 1000);
  if (frac < 0) {
    frac += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

Result<std::chrono::seconds> parse_duration(const std::string& text) {
  Error bad =
      make_error(ErrorKind::Input, "not a duration (like 90s, 15m, 24h or 7d): '" + text + "'");
  if (text.empty()) {
    return bad;
  }
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || value < 0) {
    return bad;
  }
  std::string unit(p, end);
  if (unit.empty() || unit == "s") {
    return std::chrono::seconds(value);
  }
  if (unit == "m") {
    return std::chrono::seconds(value * 60);
  }
  if (unit == "h") {
    return std::chrono::seconds(value * 3600);
  }
  if (unit == "d") {
    return std::chrono::seconds(value * 86400);
  }
  return bad;
}

std::string format_duration(std::chrono::seconds d) {
  std::int64_t s = d.count();
  if (s < 0) {
    return "-" + format_duration(std::chrono::seconds(-s));
  }
  if (s >= 86400) {
    std::int64_t h = (s % 86400) / 3600;
    return h == 0 ? fmt::format("{}d", s / 86400) : fmt::format("{}d {}h", s / 86400, h);
  }
  if (s >= 3600) {
    std::int64_t m = (s % 3600) / 60;
    return m == 0 ? fmt::format("{}h", s / 3600) : fmt::format("{}h {}m", s / 3600, m);
  }
  if (s >= 60) {
    return fmt::format("{}m", s / 60);
  }
  return fmt::format("{}s", s);
}

} // namespace alignctl
