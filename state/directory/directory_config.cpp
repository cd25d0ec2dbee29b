#include "state/directory/directory_config.hpp"

#include "state/directory/entra_config.hpp"
#include "state/directory/ldap_filter.hpp"

#include <fmt/core.h>

namespace alignctl {

void apply_default_attributes(DirectoryConfig& c,
                              const std::map<std::string, std::string>& defaults) {
  for (const auto& [field, attr] : defaults) {
    FieldMapping& m = c.fields[field];
    if (!m.set) {
      m.attribute = attr;
    }
  }
}

Result<void> finalize_directory_config(DirectoryConfig& c, bool need_ldap) {
  if (c.type == DirectoryType::Entra) {
    return finalize_entra_config(c);
  }
  const bool ad = c.type == DirectoryType::ActiveDirectory;
  const std::string where = c.loaded_from.empty() ? "" : c.loaded_from + ": ";
  if (c.nested == NestedMode::Unset) {
    c.nested = ad ? NestedMode::InChain : NestedMode::Recursive;
  }
  if (c.referrals == ReferralMode::Unset) {
    c.referrals = ReferralMode::Follow;
  }
  if (c.bind == BindMethod::Unset) {
    c.bind = c.bind_dn.empty() ? BindMethod::Anonymous : BindMethod::Simple;
  }
  if (c.page_size == 0) {
    c.page_size = 500;
  }
  if (c.range_size < 0) {
    c.range_size = ad ? 1500 : 0;
  }
  if (c.user_filter.empty()) {
    c.user_filter =
        ad ? "(&(objectCategory=person)(objectClass=user))" : "(objectClass=inetOrgPerson)";
  }
  if (c.group_filter.empty()) {
    c.group_filter =
        ad ? "(objectClass=group)"
           : "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))";
  }
  if (c.disabled_filter.empty()) {
    c.disabled_filter = ad ? "(userAccountControl:1.2.840.113556.1.4.803:=2)" : "none";
  }
  const std::map<std::string, std::string> defaults = {
      {"externalId", ad ? "sAMAccountName" : "uid"},
      {"firstName", "givenName"},
      {"lastName", "sn"},
      {"email", "mail"},
      {"title", "title"},
      {"region", ""},
  };
  apply_default_attributes(c, defaults);
  if (c.key == MatchKey::Email && !c.lowercase_key) {
    c.lowercase_key = true; // addresses compare case-insensitively
  }
  for (const auto& [name, filter] :
       {std::pair<std::string, std::string>{"user_filter", c.user_filter},
        {"group_filter", c.group_filter}}) {
    std::string problem = check_filter_syntax(filter);
    if (!problem.empty()) {
      return make_error(ErrorKind::Config,
                        fmt::format("{}directory.{} '{}': {}", where, name, filter, problem));
    }
  }
  if (c.disabled_filter != "none") {
    std::string problem = check_filter_syntax(c.disabled_filter);
    if (!problem.empty()) {
      return make_error(ErrorKind::Config, fmt::format("{}directory.disabled_filter '{}': {}",
                                                       where, c.disabled_filter, problem));
    }
  }
  if (need_ldap) {
    if (c.url.empty()) {
      return make_error(ErrorKind::Config,
                        "no directory URL: give --url or directory.url in the policy file");
    }
    if (c.base_dn.empty()) {
      return make_error(ErrorKind::Config,
                        "no base DN: give --base-dn or directory.base_dn in the policy file");
    }
    if (c.groups.empty()) {
      return make_error(ErrorKind::Config,
                        "no groups: give --group or directory.groups in the policy file");
    }
    if (c.bind == BindMethod::Simple && c.password_env.empty() && c.password_file.empty()) {
      c.password_env = "ALIGNCTL_LDAP_PASSWORD";
    }
    if (c.starttls && c.url.rfind("ldaps://", 0) == 0) {
      return make_error(ErrorKind::Config, "starttls is for ldap:// URLs; ldaps:// is already TLS");
    }
  }
  return {};
}

} // namespace alignctl
