// The one definition of "the same text, ignoring case" in alignctl (and the
// value of a hex digit, a close relative): ASCII
// only, independent of the locale. Keys (externalId, email), region values,
// group names, LDAP attribute names, URL schemes and hosts, HTTP header
// names are all compared this way; other bytes (UTF-8 included) compare as
// they are.
#pragma once

#include <string>
#include <string_view>

namespace alignctl {

// `c` with A–Z lowered to a–z; any other byte as it is.
constexpr char fold_char(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with A–Z lowered to a–z.
std::string fold_case(std::string_view s);

// fold_case(a) == fold_case(b), without building either.
bool iequals(std::string_view a, std::string_view b);

// The value of the hexadecimal digit `c` (0–9, a–f, A–F), or -1.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  const char f = fold_char(c);
  return f >= 'a' && f <= 'f' ? f - 'a' + 10 : -1;
}

} // namespace alignctl
