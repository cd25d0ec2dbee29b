// Test PKI: certificate authorities and server certificates made at test time
// with the OpenSSL C API (no openssl command), written as PEM files. Keys are
// ECDSA P-256 and written with mode 0600. Every failure throws
// std::runtime_error naming the step and OpenSSL's error text.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace alignctl::test {

// A server certificate and its key on disk.
struct ServerCertFiles {
  std::filesystem::path cert_file; // PEM certificate (leaf only)
  std::filesystem::path key_file;  // PEM private key, mode 0600
};

// What a server certificate says.
struct ServerCertSpec {
  std::string common_name;               // subject CN
  std::vector<std::string> dns_names;    // subjectAltName DNS entries
  std::vector<std::string> ip_addresses; // subjectAltName IP entries ("127.0.0.1")
  // Validity relative to now, in seconds: the default is valid from an hour
  // ago for two days; an expired certificate has both in the past.
  long not_before_s = -3600;
  long not_after_s = 2 * 24 * 3600;
};

// A self-signed CA in `dir` (`<name>-ca.pem`, `<name>-ca.key`) that issues
// server certificates into the same directory.
class TestCa {
public:
  // `name` becomes part of the subject ("alignctl test CA <name>") and of the
  // file names. The directory must exist.
  TestCa(std::filesystem::path dir, std::string name);
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  const std::filesystem::path& ca_file() const { return m_ca_file; }

  // Issues a serverAuth certificate signed by this CA as `<file_stem>.pem`
  // and `<file_stem>.key`.
  ServerCertFiles issue(const std::string& file_stem, const ServerCertSpec& spec) const;

private:
  struct Keys;
  std::filesystem::path m_dir;
  std::filesystem::path m_ca_file;
  std::unique_ptr<Keys> m_keys; // the CA's key and certificate (OpenSSL objects)
};

// The set every TLS test needs, in `dir`:
//   ca_file      — the CA that signed the three server certificates;
//   other_ca_file — an unrelated CA (the "wrong CA");
//   good         — localhost + IP 127.0.0.1, valid now;
//   expired      — the same names, notAfter one day ago;
//   wrong_host   — only wrong.example (no IP), valid now.
struct TestPki {
  std::filesystem::path ca_file;
  std::filesystem::path other_ca_file;
  ServerCertFiles good;
  ServerCertFiles expired;
  ServerCertFiles wrong_host;
};
TestPki make_test_pki(const std::filesystem::path& dir);

} // namespace alignctl::test
