// SambaDomain: a real Active Directory domain controller (Samba 4 "samba"
// in single-process mode) for integration tests: realm CORP.EXAMPLE.COM,
// provisioned into a temporary directory, serving LDAP (389), LDAPS (636) and
// StartTLS on its own loopback address (127.0.0.2–127.0.0.9, the first whose
// ports are free), with a test CA and a server certificate naming that IP so
// TLS can be verified (made with test_pki.hpp). Provisioning takes seconds: create one per test
// process. Stopped and removed when the object dies.
#pragma once

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

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

  // ldapadd / ldapmodify as Administrator; throw with the tool's output on failure.
  void add(const std::string& ldif);
  void modify(const std::string& ldif);

private:
  TempDir m_dir;
  std::string m_address;
  ChildProcess m_process;
};

} // namespace alignctl::test
