// Turning directory entries (LDAP, LDIF or CSV rows) into desired-state users
// through the configured field mapping: values trimmed, defaults applied, the
// key normalised the way the policy compares it, duplicates refused.
#pragma once

#include "state/directory/directory_config.hpp"
#include "state/directory/directory_reader.hpp"
#include "state/model/desired_state.hpp"
#include "state/util/result.hpp"

#include <string>
#include <vector>

namespace alignctl {

// One user from `entry`. `where` names the entry in messages (its DN, or
// "file:line"). A missing key value, or a value that is not UTF-8, is an
// Input error naming the entry and the attribute.
Result<DesiredUser> map_user(const DirectoryEntry& entry, const std::vector<std::string>& groups,
                             const DirectoryConfig& config, const std::string& where);

// All members as a canonical DesiredState (sorted, groups sorted). Two
// entries with the same key (compared case-insensitively) are an Input error
// naming both.
Result<DesiredState> build_desired_state(const std::vector<MemberEntry>& members,
                                         const DirectoryConfig& config, const std::string& source);

// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

} // namespace alignctl
