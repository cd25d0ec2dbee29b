// Parsing the LDAP URLs that referrals carry (RFC 4516), only as far as
// following them needs: scheme, host, port and base DN.
#pragma once

#include "state/util/result.hpp"

#include <string>
#include <string_view>

namespace alignctl {

struct LdapUrl {
  std::string scheme; // "ldap" or "ldaps"
  std::string host;   // may be empty (same server)
  int port = 0;       // 0 when not given
  std::string dn;     // percent-decoded; empty when not given
  // scheme://host[:port] — the server part, for connecting.
  std::string server() const;
};

Result<LdapUrl> parse_ldap_url(std::string_view url);

// Checks the configured directory URL before any connection is tried:
// scheme ldap or ldaps, a host name or address, an optional port 1–65535,
// nothing after it. The Input error says what is wrong and what a good URL
// looks like.
Result<void> check_directory_url(std::string_view url);

} // namespace alignctl
