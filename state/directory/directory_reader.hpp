// DirectoryReader: who is in the configured groups, read through an
// LdapSession. Owns the protocol logic above the wire: paged searches,
// `member;range=` retrieval (asked for, or returned unasked by AD), referrals
// (followed or refused, never dropped), nested groups (server-side in-chain,
// client-side recursion with cycle detection, or direct members only) and the
// exclusion of disabled accounts. Every failure aborts the whole read: a
// partial membership is never returned.
#pragma once

#include "state/directory/directory_config.hpp"
#include "state/directory/ldap_session.hpp"
#include "state/model/desired_state.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace alignctl {

// A directory account that is a member, and the configured groups (cn) that
// granted it.
struct MemberEntry {
  DirectoryEntry entry;
  std::vector<std::string> groups;
};

struct MembershipResult {
  std::vector<MemberEntry> members; // in the order found; one per DN
  std::vector<std::string> notes;   // things the operator should know (cycles, followed referrals)
  // Signs of a misconfiguration, shown even with --quiet (a configured group
  // that gave no users).
  std::vector<std::string> warnings;
};

// The warning for a configured group that gave no users; for Active
// Directory it adds that members whose primary group it is are not listed in
// `member`.
std::string empty_group_warning(const std::string& group, bool active_directory);

// Opens (or reuses) a session for the server a referral points at.
using ReferralOpener = std::function<Result<LdapSession*>(const std::string& url)>;

class DirectoryReader {
public:
  DirectoryReader(LdapSession& session, const DirectoryConfig& config, ReferralOpener opener = {});

  // All entries of a search, page by page, calling on_entry for each. Handles
  // continuation references and referral results per config.referrals; a
  // size or time limit, or any other non-success result, is an Error.
  Result<void> search_all(const SearchRequest& request,
                          const std::function<void(DirectoryEntry&&)>& on_entry);

  // The values of `member` of the group at `dn`, through range retrieval when
  // config.range_size > 0 or when the server answers with `member;range=`.
  Result<std::vector<std::string>> read_members(const std::string& dn);

  // The enabled members of the configured groups (union), per config.nested.
  Result<MembershipResult> read_membership();

  // The attributes to fetch for users: those the field mapping names.
  std::vector<std::string> user_attributes() const;

private:
  struct Group {
    std::string dn;
    std::string name; // cn
  };
  Result<Group> resolve_group(const std::string& configured);
  Result<void> search_one_server(LdapSession& session, const SearchRequest& request,
                                 const std::function<void(DirectoryEntry&&)>& on_entry, int depth,
                                 std::vector<std::string>& pending_references);
  Result<void> follow_references(const SearchRequest& request, std::vector<std::string> urls,
                                 const std::function<void(DirectoryEntry&&)>& on_entry, int depth);
  Result<std::vector<std::string>> expand_recursive(const Group& group,
                                                    std::vector<std::string>& notes);
  std::string enabled_users_filter(const std::string& membership_filter) const;

  LdapSession& m_session;
  const DirectoryConfig& m_config;
  ReferralOpener m_opener;
  std::vector<std::string> m_notes;
};

} // namespace alignctl
