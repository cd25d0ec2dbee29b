// DirectoryEntry: one directory object as alignctl reads it (from LDAP, LDIF
// or a CSV row): its DN and its attributes. Attribute names are matched
// case-insensitively, as LDAP does; values keep their bytes.
#pragma once

#include "state/util/ascii_case.hpp" // fold_case: how LDAP compares attribute names

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

struct DirectoryEntry {
  std::string dn;
  // Lower-cased attribute description (with options, e.g. "member;range=0-1499") → values.
  std::map<std::string, std::vector<std::string>> attributes;
  int line = 0; // where the entry starts in an input file (diagnostics), 0 if unknown

  void add(std::string_view name, std::string value);
  // All values of `name` (case-insensitive); empty when absent.
  const std::vector<std::string>& values(std::string_view name) const;
  // The first value of `name`, or "" when absent.
  std::string first(std::string_view name) const;
  bool has(std::string_view name) const;
};

// `text` without leading and trailing white space (space, tab, CR, LF).
std::string trim(std::string_view text);

} // namespace alignctl
