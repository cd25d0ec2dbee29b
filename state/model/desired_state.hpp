// DesiredState: who should have a Jira Align account, as written by
// `alignctl export` (docs/desired-state-format.md) and read by `plan`.
#pragma once

#include "state/model/match_key.hpp"

#include <string>
#include <vector>

namespace alignctl {

struct DesiredUser {
  std::string external_id; // the directory's account name (sAMAccountName, uid, …)
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string title;
  std::string region; // directory value, mapped to regionId/cityId by the policy
  // Names of the configured groups that grant this user access (sorted); the
  // policy's role mapping reads them.
  std::vector<std::string> groups;
  int line = 0; // where the user's block starts in the file (diagnostics), 0 if unknown
  // Where the region value is (diagnostics about it); 0 when absent or unknown.
  int region_line = 0;
  int region_column = 0;
};

struct DesiredState {
  MatchKey key = MatchKey::ExternalId; // which field identifies users
  std::string source;                  // the header's description of where it came from
  std::vector<DesiredUser> users;      // sorted by key, case-insensitively
};

} // namespace alignctl
