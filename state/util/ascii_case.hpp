// The one definition of "the same text, ignoring case" in alignctl: ASCII
// only, independent of the locale. Keys (externalId, email), region values,
// group names, LDAP attribute names, URL schemes and hosts, HTTP header
// names are all compared this way; other bytes (UTF-8 included) compare as
// they are.
#pragma once

#include <string>
#include <string_view>

namespace alignctl {

// `s` with A–Z lowered to a–z.
std::string fold_case(std::string_view s);

// fold_case(a) == fold_case(b), without building either.
bool iequals(std::string_view a, std::string_view b);

} // namespace alignctl
