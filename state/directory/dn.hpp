// Distinguished names (RFC 4514): parsing, escaping and a normalised form for
// comparing DNs that the directory spelt differently (case, spacing,
// escaping, hex-encoded characters).
#pragma once

#include "state/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

struct DnAttribute {
  std::string type;  // as written ("CN", "ou", an OID)
  std::string value; // unescaped bytes
};

// One relative DN: usually one attribute, several for multi-valued RDNs ("cn=a+uid=b").
using Rdn = std::vector<DnAttribute>;

// Parses `dn` into RDNs, leftmost (most specific) first. The empty DN gives no
// RDNs. Malformed input (missing '=', bad escape, unterminated hex) is an
// Input error naming the DN and the offset of the problem.
Result<std::vector<Rdn>> parse_dn(std::string_view dn);

// Escapes a value for use in a DN string (RFC 4514 section 2.4).
std::string escape_dn_value(std::string_view value);

// A canonical spelling: attribute types and values lower-cased (ASCII),
// values re-escaped minimally, AVAs of a multi-valued RDN sorted, "," between
// RDNs without spaces. Two DNs naming the same entry in AD or OpenLDAP give
// the same string. A DN that does not parse is returned lower-cased as is.
std::string normalize_dn(std::string_view dn);

// The value of the first RDN (for a group "CN=JiraAlign-Users,OU=…" gives
// "JiraAlign-Users"); "" when the DN does not parse or is empty.
std::string dn_leaf_value(std::string_view dn);

// "DC=corp,DC=example,DC=com" → "corp.example.com" (the DC components in
// order); "" when the DN has none.
std::string dn_dns_domain(std::string_view dn);

} // namespace alignctl
