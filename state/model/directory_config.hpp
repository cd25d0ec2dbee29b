// DirectoryConfig: where `alignctl export` reads group membership from and how
// directory attributes become desired-state fields — the `directory:` section
// of the policy file (docs/export.md). A plain model with its value parsers:
// the policy loader fills it from the file (state/model/directory_section),
// export's flags override it through the same set_directory_option, and
// state/directory/directory_config completes it with the defaults of the
// directory type (Active Directory or generic LDAP).
#pragma once

#include "state/model/match_key.hpp"
#include "state/util/result.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

enum class DirectoryType { ActiveDirectory, Generic, Entra };
// How nested groups are expanded.
enum class NestedMode {
  Unset,
  InChain,   // AD's LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941), server side
  Recursive, // client side, reading `member` of each group, with cycle detection
  None,      // direct members only (memberOf=<group>)
};
enum class ReferralMode { Unset, Follow, Error };
enum class BindMethod { Unset, Simple, Gssapi, Anonymous };
enum class MissingEmail { Warn, Error };
// Entra ID guests (userType Guest): left out (the default) or exported.
enum class GuestPolicy { Exclude, Include };

// Where one desired-state field comes from.
struct FieldMapping {
  std::string attribute;     // directory attribute (or CSV column); "" = always the default
  std::string default_value; // used when the attribute is absent or blank
  bool set = false;          // configured explicitly (else the type's default applies)
};

// The desired-state fields, in file order.
inline const std::vector<std::string> k_desired_fields = {"externalId", "firstName", "lastName",
                                                          "email",      "title",     "region"};

struct DirectoryConfig {
  std::string loaded_from; // the policy file, for messages ("" when none)
  DirectoryType type = DirectoryType::ActiveDirectory;

  // Connection
  std::string url; // ldap://host:389, ldaps://host:636
  BindMethod bind = BindMethod::Unset;
  std::string bind_dn;
  std::string password_env; // environment variable holding the bind password
  std::string password_file;
  std::string sasl_mech = "GSSAPI";
  std::string ca_file;
  bool starttls = false;
  bool tls_verify = true;        // false only for testing; loudly reported
  double connect_timeout_s = 10; // TCP connect + TLS handshake
  double search_timeout_s = 120; // per search operation (one page)
  ReferralMode referrals = ReferralMode::Unset;

  // What to read
  std::string base_dn;
  std::vector<std::string> groups; // DNs, or plain names (cn) looked up under base_dn
  NestedMode nested = NestedMode::Unset;
  int page_size = 0;   // RFC 2696 page size; 0 = default (500)
  int range_size = -1; // values per `member;range=` request; 0 = ask plainly; -1 = type default
  std::string user_filter;
  std::string group_filter;
  std::string disabled_filter;                // entries matching it are excluded; "none" disables
  std::map<std::string, FieldMapping> fields; // by desired-state field name

  // Output
  MatchKey key = MatchKey::ExternalId;
  bool lowercase_key = false; // store the key lower-cased
  double max_shrink = 0.20;   // refuse an export losing more than this share of users
  // A user without an email is named on stderr (Warn) or fails the export
  // (Error); Jira Align refuses to create a user without one.
  MissingEmail missing_email = MissingEmail::Warn;
  // Attribute whose value is the email when the mapped one is empty (e.g.
  // userPrincipalName); "" = none.
  std::string email_fallback;

  // File sources
  // CSV column listing each row's group names separated by ';' ("" = the
  // column `group` when the file has one, else every row belongs to all
  // configured groups).
  std::string csv_groups_column;
  // CSV column as Get-ADUser writes it; rows whose value is "False" are disabled.
  std::string csv_enabled_column = "Enabled";

  // Microsoft Entra ID (type entra) through Microsoft Graph — docs/export.md "Entra ID".
  std::string tenant_id;
  std::string client_id;
  std::string client_secret_env; // default ALIGNCTL_ENTRA_CLIENT_SECRET (no certificate given)
  std::string client_secret_file;
  std::string client_certificate; // PEM certificate for a client assertion instead of a secret
  std::string client_key;         // its PEM private key (default: the certificate file)
  std::string authority = "https://login.microsoftonline.com";
  std::string graph_url = "https://graph.microsoft.com";
  GuestPolicy guests = GuestPolicy::Exclude;
  int concurrency = 4; // groups read at once
};

// The values of the `directory:` section, parsed the same way for the policy
// file and for export's flags; each error names the value and what is expected.
Result<NestedMode> parse_nested_mode(const std::string& text);
Result<BindMethod>
parse_bind_method(const std::string& text); // simple, gssapi (any case), anonymous
Result<ReferralMode> parse_referral_mode(const std::string& text); // follow, error
Result<DirectoryType> parse_directory_type(const std::string& text);
// "warn" or "error".
Result<MissingEmail> parse_missing_email(const std::string& text);
// "include" or "exclude".
Result<GuestPolicy> parse_guest_policy(const std::string& text);

// The options of the section that take one scalar value (all but `groups` and
// `attributes`), by their name in the file: type, url, bind, page_size, …
const std::vector<std::string>& directory_scalar_options();

// Sets the option `name` (a name of directory_scalar_options()) from its text
// — the one parse of each option, for the policy file and for export's flags
// alike. The error says what was expected and quotes the value, without
// naming the option (the caller says where: "directory.page_size", "--page-size").
Result<void> set_directory_option(DirectoryConfig& config, std::string_view name,
                                  const std::string& value);

} // namespace alignctl
