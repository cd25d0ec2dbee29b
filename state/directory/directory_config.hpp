// Completing a DirectoryConfig (state/model/directory_config.hpp, loaded from
// the policy's `directory:` section and export's flags) with the defaults of
// the directory type, and checking it — filters are checked with the LDAP
// filter parser, which is why this half lives beside the directory code.
#pragma once

#include "state/model/directory_config.hpp"
#include "state/util/result.hpp"

#include <map>
#include <string>

namespace alignctl {

// Fills what is unset with the defaults of config.type, checks consistency
// (filters balanced, key known, page size positive, …). `need_ldap` demands
// url/base_dn/groups.
Result<void> finalize_directory_config(DirectoryConfig& config, bool need_ldap);

// Sets each field's attribute that is not configured explicitly (`set`) to the
// type's default in `defaults` (desired-state field → attribute).
void apply_default_attributes(DirectoryConfig& config,
                              const std::map<std::string, std::string>& defaults);

} // namespace alignctl
