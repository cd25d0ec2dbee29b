// The real LdapSession over libldap: connect (ldap://, ldaps://, StartTLS,
// CA file, timeouts), bind (simple with a Secret, SASL/GSSAPI with the
// Kerberos ticket from the environment, or anonymous) and paged searches.
// Every libldap call is wrapped so a failure says what was being done, on
// which server/DN, and quotes ldap_err2string plus the server's diagnostic.
#pragma once

#include "state/directory/directory_config.hpp"
#include "state/directory/directory_reader.hpp"
#include "state/directory/ldap_session.hpp"
#include "state/util/secret.hpp"

#include <map>
#include <memory>
#include <string>

namespace alignctl {

// Connects and binds to `url` with the TLS, timeout and bind settings of
// `config`. Errors: Transport (connect/TLS/timeouts), Auth (bind refused),
// Config (bad URL or option).
Result<std::unique_ptr<LdapSession>>
connect_ldap(const std::string& url, const DirectoryConfig& config, const Secret& password);

// Follows referrals for a DirectoryReader: a referral to the server already
// connected, or to the DNS name of the base DN's domain (an AD domain name
// resolves to its domain controllers, and every DC holds the Configuration
// partition), reuses `primary`; any other server gets its own connection with
// the same credentials, cached for the life of the object.
class ReferralConnections {
public:
  ReferralConnections(LdapSession& primary, const DirectoryConfig& config, Secret password);
  Result<LdapSession*> open(const std::string& url);
  ReferralOpener opener() {
    return [this](const std::string& url) { return open(url); };
  }

private:
  LdapSession& m_primary;
  const DirectoryConfig& m_config;
  Secret m_password;
  std::map<std::string, std::unique_ptr<LdapSession>> m_sessions;
};

} // namespace alignctl
