// SlapdServer: a private OpenLDAP slapd for integration tests, on loopback
// at a free port, in a temporary directory, stopped and removed when the
// object dies. Suffix dc=example,dc=com; core, cosine, inetorgperson and the
// AD-attribute schema (tests/fixtures/directory/alignctl-ad.schema); the
// memberof overlay; optionally AD-like forced paging (size limits of 1,000 for
// every user except the rootdn). A non-rootdn account (reader_dn) exists so
// that the limits apply to the tests' binds. Optionally TLS: StartTLS on the
// ldap:// port and an ldaps:// port as well (slapd runs as the test's user,
// so it reads the 0600 key files test_pki writes).
#pragma once

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <memory>
#include <optional>
#include <string>

namespace alignctl::test {

// slapd's TLS configuration: PEM files (see test_pki.hpp).
struct SlapdTls {
  std::string ca_file;   // TLSCACertificateFile
  std::string cert_file; // TLSCertificateFile
  std::string key_file;  // TLSCertificateKeyFile
};

struct SlapdOptions {
  bool forced_paging = false;    // limits users size.soft=1000 size.hard=1000 size.pr=1000
  std::optional<SlapdTls> tls{}; // also listen on ldaps:// and offer StartTLS
};

class SlapdServer {
public:
  explicit SlapdServer(const SlapdOptions& options = {}); // throws std::runtime_error with the log
  ~SlapdServer();
  SlapdServer(const SlapdServer&) = delete;
  SlapdServer& operator=(const SlapdServer&) = delete;

  std::string url() const { return "ldap://127.0.0.1:" + std::to_string(m_port); }
  int port() const { return m_port; }
  // With SlapdOptions::tls: "ldaps://127.0.0.1:PORT" (the certificate must name 127.0.0.1).
  std::string ldaps_url() const { return "ldaps://127.0.0.1:" + std::to_string(m_ldaps_port); }
  static std::string base_dn() { return "dc=example,dc=com"; }
  static std::string admin_dn() { return "cn=admin,dc=example,dc=com"; }
  static std::string admin_password() { return "admin-secret"; }
  static std::string reader_dn() { return "cn=reader,dc=example,dc=com"; }
  static std::string reader_password() { return "reader-secret"; }
  const std::filesystem::path& dir() const { return m_dir.path(); }

  // Adds entries with ldapadd as the rootdn; throws with ldapadd's output on failure.
  void add(const std::string& ldif);
  // Modifies with ldapmodify as the rootdn.
  void modify(const std::string& ldif);

private:
  TempDir m_dir;
  int m_port = 0;
  int m_ldaps_port = 0; // 0 without TLS
  ChildProcess m_process;
};

// A free TCP port on 127.0.0.1 (bound and released; tests retry on a race).
int free_loopback_port();
// Waits until something accepts TCP connections at host:port; false on timeout.
bool wait_for_port(const std::string& host, int port, double timeout_s);

} // namespace alignctl::test
