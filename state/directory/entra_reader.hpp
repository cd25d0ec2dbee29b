// EntraReader: who is in the configured Microsoft Entra ID groups, read
// through Microsoft Graph v1.0 — groups by object id or display name (a name
// that matches several groups is an error naming them), members transitively
// (GET /groups/{id}/transitiveMembers, paged through @odata.nextLink with the
// largest page Graph allows), users only (devices, service principals and
// contacts skipped and counted), disabled accounts left out, guests per
// directory.guests. Several groups are read at once (directory.concurrency).
// 429/503/504 and dropped connections are retried (Retry-After honoured) by
// the HTTP layer shared with the Jira Align client; a page that still fails
// fails the whole read: a partial membership is never returned.
#pragma once

#include "state/directory/directory_reader.hpp"
#include "state/directory/entra_token.hpp"
#include "state/model/directory_config.hpp"
#include "state/util/result.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alignctl {

class EntraReader {
public:
  EntraReader(const DirectoryConfig& config, EntraTokenSource& tokens);
  ~EntraReader();
  EntraReader(const EntraReader&) = delete;
  EntraReader& operator=(const EntraReader&) = delete;

  Result<MembershipResult> read_membership();

  // The user properties asked for ($select): id, userPrincipalName,
  // accountEnabled, userType and the mapped attributes.
  std::vector<std::string> user_properties() const;
  // Requests sent (pages, look-ups), for notes and benchmarks.
  int requests() const;

  struct Impl;

private:
  const DirectoryConfig& m_config;
  EntraTokenSource& m_tokens;
  std::unique_ptr<Impl> m_impl;
};

// One Graph user object as a DirectoryEntry: string, number and boolean
// properties as values, arrays of strings as several values, objects
// flattened as "parent.child"; nulls left out. The DN is the
// userPrincipalName (or the id).
DirectoryEntry entra_user_entry(const nlohmann::json& user);

// True when `name` looks like an object id (a GUID).
bool is_object_id(const std::string& name);

} // namespace alignctl
