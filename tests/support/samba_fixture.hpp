// SambaDomain: a real Active Directory domain controller (Samba 4 "samba"
// in single-process mode) for integration tests: realm CORP.EXAMPLE.COM,
// provisioned into a temporary directory, serving LDAP (389), LDAPS (636) and
// StartTLS on its own loopback address (127.0.0.2–127.0.0.9, the first whose
// ports are free), with a test CA and a server certificate naming that IP so
// TLS can be verified (made with test_pki.hpp), and a Kerberos KDC (88) with
// the service principal ldap/<address>, so a GSSAPI bind can be tested with a
// ticket from kinit_admin(). Provisioning takes seconds: create one per test
// process. Stopped and removed when the object dies.
#pragma once

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <map>
#include <string>

namespace alignctl::test {

class SambaDomain {
public:
  SambaDomain(); // throws std::runtime_error with the relevant log on failure
  ~SambaDomain();
  SambaDomain(const SambaDomain&) = delete;
  SambaDomain& operator=(const SambaDomain&) = delete;

  const std::string& address() const { return m_address; }
  std::string ldap_url() const { return "ldap://" + m_address; }
  std::string ldaps_url() const { return "ldaps://" + m_address; }
  static std::string base_dn() { return "DC=corp,DC=example,DC=com"; }
  static std::string admin_dn() { return "CN=Administrator,CN=Users,DC=corp,DC=example,DC=com"; }
  static std::string admin_password() { return "Adm1n!Passw0rd#Test"; }
  std::string ca_file() const { return (m_dir / "tls/samba-ca.pem").string(); }
  const std::filesystem::path& dir() const { return m_dir.path(); }
  std::string krb5_conf() const { return (m_dir / "krb5.conf").string(); }

  // KRB5_CONFIG (this domain's krb5.conf) and KRB5CCNAME (a credential cache
  // named `cache_name` in the domain's directory, empty until kinit).
  std::map<std::string, std::string> kerberos_env(const std::string& cache_name) const;
  // kinit as Administrator into the "admin" cache; returns kerberos_env("admin").
  std::map<std::string, std::string> kinit_admin() const;

  // ldapadd / ldapmodify as Administrator; throw with the tool's output on failure.
  void add(const std::string& ldif);
  void modify(const std::string& ldif);

private:
  TempDir m_dir;
  std::string m_address;
  ChildProcess m_process;
};

} // namespace alignctl::test
