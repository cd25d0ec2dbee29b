// `alignctl export` over LDAPS and StartTLS against a real slapd serving
// certificates made at test time (tests/support/test_pki): the right CA
// works both ways; a wrong CA, an expired certificate and a host-name
// mismatch each fail with a message that says which, and write nothing;
// --insecure-skip-tls-verify connects anyway and warns on stderr.
#include "tests/support/desired_text.hpp"
#include "tests/support/process.hpp"
#include "tests/support/slapd_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_pki.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace alignctl::test;

namespace {

// One set of certificates for the whole test process.
const TestPki& pki() {
  static TempDir dir("alignctl-ldap-pki");
  static const TestPki p = make_test_pki(dir.path());
  return p;
}

// A slapd serving `cert` on ldaps:// and StartTLS, with three users in one group.
std::unique_ptr<SlapdServer> tls_slapd(const ServerCertFiles& cert) {
  SlapdOptions o;
  o.tls = SlapdTls{pki().ca_file.string(), cert.cert_file.string(), cert.key_file.string()};
  auto s = std::make_unique<SlapdServer>(o);
  std::string ldif;
  for (const char* uid : {"alice", "bob", "carol"}) {
    ldif += fmt::format("dn: uid={0},ou=People,dc=example,dc=com\nobjectClass: inetOrgPerson\n"
                        "uid: {0}\ncn: {0}\ngivenName: {0}\nsn: Tester\nmail: {0}@example.com\n\n",
                        uid);
  }
  ldif += "dn: cn=JiraAlign-Users,ou=Groups,dc=example,dc=com\nobjectClass: groupOfNames\n"
          "cn: JiraAlign-Users\nmember: uid=alice,ou=People,dc=example,dc=com\n"
          "member: uid=bob,ou=People,dc=example,dc=com\n"
          "member: uid=carol,ou=People,dc=example,dc=com\n";
  s->add(ldif);
  return s;
}

RunResult export_to(const std::string& url, const std::string& out,
                    std::vector<std::string> tls_args) {
  std::vector<std::string> argv = {alignctl_bin(),   "export",
                                   "--type",         "ldap",
                                   "--url",          url,
                                   "--bind-dn",      SlapdServer::reader_dn(),
                                   "--password-env", "TEST_LDAP_PW",
                                   "--base-dn",      SlapdServer::base_dn(),
                                   "--group",        "JiraAlign-Users",
                                   "--out",          out};
  argv.insert(argv.end(), tls_args.begin(), tls_args.end());
  RunOptions o;
  o.env["TEST_LDAP_PW"] = SlapdServer::reader_password();
  return run_command(argv, o);
}

// A refused connection: exit 1, `prefix` then the TLS explanation, the
// password nowhere, and the output file as it was before.
void check_refused(const RunResult& r, const std::string& out, const std::string& before,
                   const std::string& prefix) {
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::StartsWith("alignctl: error: " + prefix));
  CHECK_THAT(r.err, Catch::EndsWith("; no bind was attempted (the password was not sent)\n"));
  CHECK(r.err.find(SlapdServer::reader_password()) == std::string::npos);
  CHECK(r.err.find("(unknown error code)") == std::string::npos);
  if (before.empty()) {
    CHECK_FALSE(std::filesystem::exists(out));
  } else {
    CHECK(read_file(out) == before);
  }
}

} // namespace

TEST_CASE("slapd TLS: LDAPS and StartTLS verified with the right CA",
          "[integration][export][slapd][tls]") {
  auto s = tls_slapd(pki().good);
  TempDir dir("alignctl-ldap-tls");
  const std::string out = (dir / "users.yaml").string();

  auto ldaps = export_to(s->ldaps_url(), out, {"--ca-file", pki().ca_file.string()});
  INFO(ldaps.err);
  REQUIRE(ldaps.exit_code == 0);
  const std::string text = read_file(out);
  CHECK(count_desired_users(text) == 3);
  // The header holds what describes the content, not the URL it was read from.
  CHECK(text.find("# Source: groups JiraAlign-Users\n") != std::string::npos);
  CHECK(ldaps.err.find("warning") == std::string::npos);

  const std::string out2 = (dir / "starttls.yaml").string();
  auto starttls = export_to(s->url(), out2, {"--starttls", "--ca-file", pki().ca_file.string()});
  INFO(starttls.err);
  REQUIRE(starttls.exit_code == 0);
  CHECK(count_desired_users(read_file(out2)) == 3);
  // ldaps:// → ldap:// with StartTLS reads the same users: the same bytes.
  CHECK(read_file(out2) == text);
}

TEST_CASE("slapd TLS: a wrong CA is refused as not trusted and nothing is written",
          "[integration][export][slapd][tls]") {
  auto s = tls_slapd(pki().good);
  TempDir dir("alignctl-ldap-tls");
  const std::string out = (dir / "users.yaml").string();
  const std::string other = pki().other_ca_file.string();
  const std::string why = "TLS: the certificate of 127.0.0.1 is not trusted (unable to get local "
                          "issuer certificate; it is issued by /O=alignctl tests/CN=alignctl test "
                          "CA main): it is not signed by a CA in the CA file " +
                          other +
                          " — give --ca-file FILE (ca_file in the policy) with the CA "
                          "that issued it";

  auto ldaps = export_to(s->ldaps_url(), out, {"--ca-file", other});
  check_refused(ldaps, out, "",
                "connecting to " + s->ldaps_url() + ": Can't contact LDAP server (-1): " + why);

  // StartTLS; an existing file stays as it was.
  write_file(out, "previous content\n");
  auto starttls = export_to(s->url(), out, {"--starttls", "--ca-file", other});
  check_refused(starttls, out, "previous content\n",
                "starting TLS (StartTLS) with " + s->url() + ": Connect error (-11): " + why);
}

TEST_CASE("slapd TLS: an expired certificate is refused as expired",
          "[integration][export][slapd][tls]") {
  auto s = tls_slapd(pki().expired);
  TempDir dir("alignctl-ldap-tls");
  const std::string out = (dir / "users.yaml").string();
  for (bool starttls : {false, true}) {
    std::vector<std::string> args = {"--ca-file", pki().ca_file.string()};
    if (starttls) {
      args.push_back("--starttls");
    }
    auto r = export_to(starttls ? s->url() : s->ldaps_url(), out, args);
    check_refused(r, out, "",
                  (starttls
                       ? "starting TLS (StartTLS) with " + s->url() + ": Connect error (-11)"
                       : "connecting to " + s->ldaps_url() + ": Can't contact LDAP server (-1)") +
                      ": TLS: the certificate of 127.0.0.1 has expired (certificate has "
                      "expired; it expired on ");
    CHECK_THAT(r.err, Catch::Contains(" UTC) — the server's certificate must be renewed (or this "
                                      "machine's clock is wrong)"));
  }
}

TEST_CASE("slapd TLS: a certificate for another host is refused as a name mismatch",
          "[integration][export][slapd][tls]") {
  auto s = tls_slapd(pki().wrong_host);
  TempDir dir("alignctl-ldap-tls");
  const std::string out = (dir / "users.yaml").string();
  auto r = export_to(s->ldaps_url(), out, {"--ca-file", pki().ca_file.string()});
  check_refused(r, out, "",
                "connecting to " + s->ldaps_url() +
                    ": Can't contact LDAP server (-1): TLS: the certificate of 127.0.0.1 does "
                    "not match the host name '127.0.0.1' (IP address mismatch; it is issued for "
                    "wrong.example) — connect with a name the certificate is issued for");
}

TEST_CASE("slapd TLS: --insecure-skip-tls-verify connects anyway and warns",
          "[integration][export][slapd][tls]") {
  auto s = tls_slapd(pki().wrong_host);
  TempDir dir("alignctl-ldap-tls");
  const std::string out = (dir / "users.yaml").string();
  auto r = export_to(s->ldaps_url(), out, {"--insecure-skip-tls-verify"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(count_desired_users(read_file(out)) == 3);
  CHECK(r.err.find("alignctl: WARNING: TLS certificate verification is OFF for " + s->ldaps_url() +
                   " (--insecure-skip-tls-verify). Anyone on the network path can read the "
                   "bind password") != std::string::npos);

  const std::string out2 = (dir / "starttls.yaml").string();
  auto st = export_to(s->url(), out2, {"--starttls", "--insecure-skip-tls-verify"});
  INFO(st.err);
  REQUIRE(st.exit_code == 0);
  CHECK(count_desired_users(read_file(out2)) == 3);
  CHECK(st.err.find("TLS certificate verification is OFF for " + s->url()) != std::string::npos);
}
