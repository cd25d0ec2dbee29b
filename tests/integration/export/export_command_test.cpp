// alignctl export's checks that need no directory server: a bad URL is a
// usage error (exit 64) saying what a good one looks like, before libldap
// sees it; a password file others can read is named.
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

using namespace alignctl::test;

namespace {

std::vector<std::string> ldap_export_args(const std::string& url) {
  return {alignctl_bin(),       "export",         "--url", url,         "--base-dn",
          "dc=corp,dc=example", "--group",        "Staff", "--bind-dn", "cn=svc",
          "--password-env",     "EXPORT_TEST_PW", "--out", "users.yaml"};
}

} // namespace

TEST_CASE("export: a bad directory URL exits 64 before any connection",
          "[integration][export][cli]") {
  TempDir dir("alignctl-export-url");
  RunOptions o;
  o.cwd = dir.path().string();
  o.env = {{"EXPORT_TEST_PW", "secret"}};
  RunResult r = run_command(ldap_export_args("127.0.0.20"), o);
  CHECK(r.exit_code == 64);
  CHECK(r.err == "alignctl: error: --url: bad directory URL '127.0.0.20': no scheme; expected "
                 "ldap://HOST[:PORT] or ldaps://HOST[:PORT], e.g. ldaps://dc1.corp.example.com or "
                 "ldap://10.0.0.5:389\n");

  write_file(dir / "alignctl.yaml", "directory:\n  url: ldap://dc1:389x\n");
  auto from_policy = ldap_export_args("");
  from_policy.erase(from_policy.begin() + 2, from_policy.begin() + 4);
  from_policy.insert(from_policy.end(), {"--policy", "alignctl.yaml"});
  RunResult p = run_command(from_policy, o);
  CHECK(p.exit_code == 64);
  CHECK(p.err.find("alignctl: error: alignctl.yaml: directory.url: bad directory URL "
                   "'ldap://dc1:389x': port '389x'") == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "users.yaml"));
}

TEST_CASE("export: a world-readable password file is named", "[integration][export][cli]") {
  TempDir dir("alignctl-export-pwfile");
  write_file(dir / "pw", "secret\n");
  REQUIRE(::chmod((dir / "pw").c_str(), 0644) == 0);
  auto args = ldap_export_args("ldap://127.0.0.1:1");
  args.insert(args.end(), {"--password-file", "pw", "--connect-timeout", "2"});
  RunOptions o;
  o.cwd = dir.path().string();
  RunResult r = run_command(args, o);
  CHECK(r.exit_code == 1); // nothing listens on port 1
  CHECK(r.err.find("alignctl: warning: the password file pw is readable by every user of this "
                   "machine (mode 0644); restrict it: chmod 600 pw\n") == 0);
  CHECK(r.err.find("secret") == std::string::npos);

  REQUIRE(::chmod((dir / "pw").c_str(), 0600) == 0);
  RunResult quiet = run_command(args, o);
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.err.find("warning") == std::string::npos);
}

TEST_CASE("export: every problem of the policy's directory section is listed, nothing written",
          "[integration][export][cli]") {
  TempDir dir("alignctl-export-policy");
  write_file(dir / "alignctl.yaml", "directory:\n  page_size: lots\n  nested: deep\n  url: [x]\n");
  write_file(dir / "m.csv", "SamAccountName,GivenName,Surname,Mail\nann,Ann,Lee,ann@x.example\n");
  RunOptions o;
  o.cwd = dir.path().string();
  RunResult r = run_command({alignctl_bin(), "export", "--policy", "alignctl.yaml", "--source",
                             "csv", "--input", "m.csv", "--group", "Staff", "--out", "users.yaml"},
                            o);
  CHECK(r.exit_code == 1);
  CHECK(r.err == "alignctl.yaml:2:14: error: directory.page_size: must be a number from 1 to "
                 "1000000, not 'lots'\n"
                 "alignctl.yaml:3:11: error: directory.nested: unknown nested mode 'deep' "
                 "(expected in-chain, recursive or none)\n"
                 "alignctl.yaml:4:8: error: directory.url must be a string\n"
                 "alignctl: error: policy file alignctl.yaml has 3 problems; nothing exported\n");
  CHECK_FALSE(std::filesystem::exists(dir / "users.yaml"));
  // A flag's value goes through the same parser: the message names the flag.
  RunResult flag = run_command({alignctl_bin(), "export", "--source", "csv", "--input", "m.csv",
                                "--nested", "deep", "--out", "users.yaml"},
                               o);
  CHECK(flag.exit_code == 64);
  CHECK(flag.err == "alignctl: error: --nested: unknown nested mode 'deep' (expected in-chain, "
                    "recursive or none)\n");
}
