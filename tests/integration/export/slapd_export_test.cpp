// alignctl export against a real OpenLDAP slapd (generic LDAP): nested groups
// with a cycle expanded on the client, a disabled-account filter, non-ASCII
// names, forced paging (size limits of 1,000 for non-rootdn binds), a second
// run byte-identical, --check, the safety refusals, and --commit into a
// temporary git repository.
#include "tests/support/desired_text.hpp"
#include "tests/support/process.hpp"
#include "tests/support/slapd_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace alignctl::test;

namespace {

std::string person(const std::string& uid, const std::string& given, const std::string& sn,
                   const std::string& extra = "") {
  return fmt::format("dn: uid={0},ou=People,dc=example,dc=com\nobjectClass: inetOrgPerson\n"
                     "uid: {0}\ncn: {1} {2}\ngivenName: {1}\nsn: {2}\nmail: {0}@example.com\n{3}\n",
                     uid, given, sn, extra);
}

std::string group(const std::string& cn, const std::vector<std::string>& members) {
  std::string s = fmt::format(
      "dn: cn={},ou=Groups,dc=example,dc=com\nobjectClass: groupOfNames\ncn: {}\n", cn, cn);
  for (const auto& m : members) {
    s += "member: " + m + "\n";
  }
  return s + "\n";
}

std::string user_dn(const std::string& uid) {
  return "uid=" + uid + ",ou=People,dc=example,dc=com";
}
std::string group_dn(const std::string& cn) {
  return "cn=" + cn + ",ou=Groups,dc=example,dc=com";
}

// The small directory: JiraAlign-Users → Engineering → Platform → JiraAlign-Users (a cycle).
void load_small(SlapdServer& s) {
  s.add(person("alice", "Zoë", "Ångström", "title: Staff Engineer\nl: EMEA\n") +
        person("bob", "Bob", "Builder", "l: AMER\n") + person("carol", "Carol", "Ng", "l: APAC\n") +
        person("dave", "Dave", "Gone", "employeeType: disabled\n") +
        person("erin", "Erin", "Admin") + person("frank", "Frank", "O'Neil", "title: yes\n"));
  // Groups refer to each other; create them empty-ish first, then close the cycle.
  s.add(group("Platform", {user_dn("carol"), user_dn("dave"), user_dn("frank")}) +
        group("Engineering", {user_dn("bob"), group_dn("Platform")}) +
        group("JiraAlign-Users", {user_dn("alice"), group_dn("Engineering")}) +
        group("JiraAlign-Admins", {user_dn("bob"), user_dn("erin")}));
  s.modify("dn: " + group_dn("Platform") +
           "\nchangetype: modify\nadd: member\nmember: " + group_dn("JiraAlign-Users") + "\n");
}

std::vector<std::string> base_args(const SlapdServer& s, const std::string& out) {
  return {alignctl_bin(),   "export",
          "--type",         "ldap",
          "--url",          s.url(),
          "--bind-dn",      SlapdServer::reader_dn(),
          "--password-env", "TEST_LDAP_PW",
          "--base-dn",      SlapdServer::base_dn(),
          "--out",          out};
}

RunOptions slapd_env() {
  RunOptions o;
  o.env["TEST_LDAP_PW"] = SlapdServer::reader_password();
  return o;
}

} // namespace

TEST_CASE("slapd: nested groups with a cycle, disabled filter, non-ASCII, two groups",
          "[integration][export][slapd]") {
  SlapdServer s;
  load_small(s);
  TempDir dir("alignctl-export-slapd");
  const std::string out = (dir / "users.yaml").string();
  auto args = base_args(s, out);
  for (const char* a :
       {"--group", "JiraAlign-Users", "--group", "cn=JiraAlign-Admins,ou=Groups,dc=example,dc=com",
        "--nested", "recursive", "--disabled-filter", "(employeeType=disabled)",
        "--region-attribute", "l"}) {
    args.push_back(a);
  }
  auto r = run_command(args, slapd_env());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string expected =
      "# alignctl desired state — who should have a Jira Align account.\n"
      "# Source: groups cn=JiraAlign-Admins,ou=Groups,dc=example,dc=com; JiraAlign-Users\n"
      "# Written by alignctl export. Change the directory, not this file.\n"
      "version: 1\n"
      "users:\n"
      "  - externalId: alice\n"
      "    firstName: Zoë\n"
      "    lastName: Ångström\n"
      "    email: alice@example.com\n"
      "    title: Staff Engineer\n"
      "    region: EMEA\n"
      "    groups: [JiraAlign-Users]\n"
      "  - externalId: bob\n"
      "    firstName: Bob\n"
      "    lastName: Builder\n"
      "    email: bob@example.com\n"
      "    region: AMER\n"
      "    groups: [JiraAlign-Admins, JiraAlign-Users]\n"
      "  - externalId: carol\n"
      "    firstName: Carol\n"
      "    lastName: Ng\n"
      "    email: carol@example.com\n"
      "    region: APAC\n"
      "    groups: [JiraAlign-Users]\n"
      "  - externalId: erin\n"
      "    firstName: Erin\n"
      "    lastName: Admin\n"
      "    email: erin@example.com\n"
      "    groups: [JiraAlign-Admins]\n"
      "  - externalId: frank\n"
      "    firstName: Frank\n"
      "    lastName: O'Neil\n"
      "    email: frank@example.com\n"
      "    title: \"yes\"\n"
      "    groups: [JiraAlign-Users]\n";
  const std::string first = read_file(out);
  CHECK(first == expected);
  CHECK(r.err.find("group cycle ignored") != std::string::npos);

  // A second export of the unchanged directory is byte-identical, and --check agrees.
  auto again = run_command(args, slapd_env());
  REQUIRE(again.exit_code == 0);
  CHECK(read_file(out) == first);
  auto check_args = args;
  check_args.push_back("--check");
  CHECK(run_command(check_args, slapd_env()).exit_code == 0);

  // The same groups listed in the other order, through another name of the
  // same server: the same content, so the same bytes and nothing to report.
  auto reordered = base_args(s, out);
  std::string other_url = s.url();
  other_url.replace(other_url.find("127.0.0.1"), 9, "localhost");
  reordered[5] = other_url;
  for (const char* a : {"--group", "cn=JiraAlign-Admins,ou=Groups,dc=example,dc=com", "--group",
                        "JiraAlign-Users", "--nested", "recursive", "--disabled-filter",
                        "(employeeType=disabled)", "--region-attribute", "l"}) {
    reordered.push_back(a);
  }
  reordered.push_back("--check");
  auto same = run_command(reordered, slapd_env());
  INFO(same.out + same.err);
  CHECK(same.exit_code == 0);
  CHECK(same.out == out + " is up to date (5 users)\n");

  // Erin leaves: --check reports a change (exit 2) and writes nothing.
  s.modify("dn: " + group_dn("JiraAlign-Admins") +
           "\nchangetype: modify\ndelete: member\nmember: " + user_dn("erin") + "\n");
  auto changed = run_command(check_args, slapd_env());
  INFO(changed.out + changed.err);
  CHECK(changed.exit_code == 2);
  CHECK(changed.out == out + " would change: 4 users: 0 join, 1 leave, 0 updated\n"
                             "Leave (1): erin\n");
  CHECK(read_file(out) == first);

  // 1 of 5 leaving is the 20 % the default allows; 2 of 5 is refused, file untouched.
  s.modify("dn: " + group_dn("JiraAlign-Users") +
           "\nchangetype: modify\ndelete: member\nmember: " + user_dn("alice") + "\n");
  auto refused = run_command(args, slapd_env());
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("alignctl: note: group cycle ignored: JiraAlign-Users → Engineering → "
                         "Platform → JiraAlign-Users\n") == 0);
  CHECK(refused.err.find("\nalignctl: error: refusing an export in which 2 of 5 users leave "
                         "(40.0% > the 20.0% allowed by max_shrink): check the directory, or pass "
                         "--allow-shrink\n") != std::string::npos);
  CHECK(read_file(out) == first);
  args.push_back("--allow-shrink");
  CHECK(run_command(args, slapd_env()).exit_code == 0);
  CHECK(read_file(out) != first);
}

TEST_CASE("slapd: forced paging (size limit 1,000) and --commit into a git repository",
          "[integration][export][slapd]") {
  SlapdOptions options;
  options.forced_paging = true;
  SlapdServer s(options);
  std::string ldif;
  std::vector<std::string> members;
  for (int i = 0; i < 1500; ++i) {
    const std::string uid = fmt::format("user{:04}", i);
    ldif += person(uid, "Given", fmt::format("Number{}", i),
                   i % 100 == 7 ? "employeeType: disabled\n" : "");
    members.push_back(user_dn(uid));
  }
  s.add(ldif);
  s.add(group("Bulk", members));

  TempDir dir("alignctl-export-paging");
  REQUIRE(run_command({"git", "init", "-q", "-b", "main", dir.path().string()}).exit_code == 0);
  const std::string out = (dir / "users.yaml").string();
  auto args = base_args(s, out);
  for (const char* a :
       {"--group", "Bulk", "--nested", "none", "--disabled-filter", "(employeeType=disabled)",
        "--page-size", "400", "--commit", "--branch", "access/export-1", "--author-name",
        "Export Bot", "--author-email", "bot@example.com"}) {
    args.push_back(a);
  }
  auto r = run_command(args, slapd_env());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("committed ") == 0);
  const std::string text = read_file(out);
  CHECK(count_desired_users(text) ==
        1485); // 1,500 minus the 15 disabled, read in 4 pages past the 1,000 limit
  CHECK(text.find("externalId: user0007\n") == std::string::npos);
  CHECK(text.find("externalId: user1499\n") != std::string::npos);

  RunOptions in_repo;
  in_repo.cwd = dir.path().string();
  auto branch = run_command({"git", "rev-parse", "--abbrev-ref", "HEAD"}, in_repo);
  CHECK(branch.out == "access/export-1\n");
  auto tree = run_command({"git", "ls-tree", "--name-only", "HEAD"}, in_repo);
  CHECK(tree.out == "users.yaml\n");
  auto blob = run_command({"git", "show", "HEAD:users.yaml"}, in_repo);
  CHECK(blob.out == text);
  auto log = run_command({"git", "log", "--format=%an <%ae>%n%B"}, in_repo);
  CHECK(log.out.find(
            "Export Bot <bot@example.com>\nexport: 1485 join, 0 leave (1485 users)\n\nJoin (1485): "
            "user0000, user0001,") == 0);
  CHECK(log.out.find("… and 1435 more\n") != std::string::npos);
  auto status = run_command({"git", "status", "--porcelain"}, in_repo);
  CHECK(status.out.empty());

  // Unchanged directory: no second commit.
  auto again = run_command(args, slapd_env());
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("nothing to commit") == 0);
  auto count = run_command({"git", "rev-list", "--count", "HEAD"}, in_repo);
  CHECK(count.out == "1\n");

  // Without paging room the server stops at 1,000: the export fails and writes nothing.
  auto no_paging = base_args(s, (dir / "other.yaml").string());
  for (const char* a : {"--group", "Bulk", "--nested", "none", "--page-size", "1500"}) {
    no_paging.push_back(a);
  }
  auto failed = run_command(no_paging, slapd_env());
  INFO(failed.err);
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("alignctl: error: ") == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "other.yaml"));
}
