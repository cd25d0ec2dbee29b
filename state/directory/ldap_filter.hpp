// Building LDAP search filters safely (RFC 4515): every value that comes from
// configuration or from the directory goes through escape_filter_value.
#pragma once

#include <string>
#include <string_view>

namespace alignctl {

// Escapes `value` for use as an assertion value inside a filter: '*', '(',
// ')', '\\' and NUL become \2a, \28, \29, \5c, \00. Other bytes (UTF-8
// included) pass through unchanged, as RFC 4515 allows.
std::string escape_filter_value(std::string_view value);

// "(&a b …)" of the non-empty parts; a single part is returned as is, none gives "".
std::string filter_and(std::initializer_list<std::string_view> parts);

// Checks that `filter` is a parenthesised, balanced filter string (a cheap
// sanity check of configured filters, before the server sees them). Returns
// an empty string when it looks valid, otherwise what is wrong.
std::string check_filter_syntax(std::string_view filter);

} // namespace alignctl
