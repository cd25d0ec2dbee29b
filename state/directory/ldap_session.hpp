// LdapSession: the narrow interface between alignctl's directory logic
// (paging, range retrieval, referrals, nesting — directory_reader) and the
// wire (libldap in ldap_connection.cpp). Unit tests put a fake behind it to
// play servers that misbehave (unasked ranges, size limits without paging).
#pragma once

#include "state/directory/directory_entry.hpp"
#include "state/util/result.hpp"

#include <string>
#include <vector>

namespace alignctl {

enum class SearchScope { Base, OneLevel, Subtree };

struct SearchRequest {
  std::string base;
  SearchScope scope = SearchScope::Subtree;
  std::string filter = "(objectClass=*)";
  std::vector<std::string> attributes; // empty = all user attributes; {"1.1"} = none
  int page_size = 0;                   // RFC 2696 paged results; 0 = do not ask for paging
};

// LDAP result codes the reader interprets itself.
inline constexpr int k_ldap_success = 0;
inline constexpr int k_ldap_size_limit_exceeded = 4;
inline constexpr int k_ldap_referral = 10;
inline constexpr int k_ldap_no_such_object = 32;

// What one search round trip (one page) returned.
struct SearchPage {
  std::vector<DirectoryEntry> entries;
  // Search continuation references (RFC 4511 4.5.3): parts of the tree held elsewhere.
  std::vector<std::string> references;
  // Referral URLs of a referral result (result code 10): the base itself is elsewhere.
  std::vector<std::string> referrals;
  std::string cookie;      // paged-results cookie; empty when this was the last page
  bool paged = false;      // the server answered with a paged-results control
  int result_code = 0;     // the LDAP result code of the search
  std::string result_text; // ldap_err2string(result_code)
  std::string diagnostic;  // the server's diagnostic message, if any
  std::string matched_dn;
};

class LdapSession {
public:
  virtual ~LdapSession() = default;
  // One search round trip: the page after `cookie` (empty: the first). A
  // failure to get any answer (connection lost, timeout, protocol error) is an
  // Error saying what was searched and libldap's message; a completed search
  // with a non-zero result code is returned as a page for the caller to judge.
  virtual Result<SearchPage> search(const SearchRequest& request, const std::string& cookie) = 0;
  // The URL this session is connected to (for messages).
  virtual std::string url() const = 0;
};

} // namespace alignctl
