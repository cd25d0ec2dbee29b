// File sources, for sites whose CI cannot reach the directory: a CSV export
// (PowerShell Get-ADUser | Export-Csv: one row per member) or an LDIF export
// holding the groups and the users (ldapsearch, slapcat, ldifde). Both give
// the same MembershipResult the LDAP reader gives, so mapping and writing are
// shared.
#pragma once

#include "state/directory/directory_config.hpp"
#include "state/directory/directory_reader.hpp"
#include "state/util/result.hpp"

#include <string>

namespace alignctl {

// CSV: every enabled row is a member. Columns are matched to the field
// mapping case-insensitively (Get-ADUser's Surname/EmailAddress/GivenName
// also answer for sn/mail/givenName). Groups come from
// config.csv_groups_column (';'-separated), else from a column named `group`
// when there is one, else are the configured groups' names (a missing
// configured column, or neither column nor groups, is an error saying how to
// proceed). Rows whose config.csv_enabled_column is "False" are left out.
Result<MembershipResult> read_csv_membership(const std::string& path,
                                             const DirectoryConfig& config);

// LDIF: the configured groups (DN or cn) are found among the entries and
// expanded through `member` recursively (cycles noted, not fatal); member
// entries that are groups themselves are expanded, the rest are users.
// Disabled users (userAccountControl bit 2, or disabled_filter of the form
// (attr=value)) are left out. A configured group absent from the file is an
// error.
Result<MembershipResult> read_ldif_membership(const std::string& path,
                                              const DirectoryConfig& config);

} // namespace alignctl
