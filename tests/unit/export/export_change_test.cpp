#include "state/directory/directory_config.hpp"
#include "state/directory/export_change.hpp"
#include "state/directory/user_mapping.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

namespace {

DesiredState state_of(std::vector<std::string> ids) {
  DesiredState s;
  for (auto& id : ids) {
    DesiredUser u;
    u.external_id = id;
    u.groups = {"G"};
    s.users.push_back(u);
  }
  return s;
}

} // namespace

TEST_CASE("joins, leaves and updates are found by key, case-insensitively", "[export][change]") {
  DesiredState before = state_of({"amy", "Bob", "cid"});
  DesiredState after = state_of({"AMY", "bob", "dan"});
  after.users[1].external_id = "Bob";
  after.users[1].title = "Boss";
  ExportChange c = compare_desired_states(before, after);
  CHECK(c.joins == std::vector<std::string>{"dan"});
  CHECK(c.leaves == std::vector<std::string>{"cid"});
  CHECK(c.updates == std::vector<std::string>{"AMY", "Bob"});
  CHECK(export_commit_message(c, "ldap://dc1 groups G", 1) ==
        "export: 1 join, 1 leave, 2 updated (3 users)\n\n"
        "Join (1): dan\nLeave (1): cid\nUpdated (2): AMY … and 1 more\n\n"
        "Source: ldap://dc1 groups G\nWritten by alignctl export.\n");
}

TEST_CASE("empty and shrinking exports are refused unless allowed", "[export][change]") {
  DesiredState before = state_of({"a", "b", "c", "d", "e"});
  ExportChange empty = compare_desired_states(before, state_of({}));
  auto r = check_export_safety(empty, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "refusing to write an export with no users (the existing file has 5): "
                             "check the groups and filters, or pass --allow-empty");
  ExportChange two_leave = compare_desired_states(before, state_of({"a", "b", "c"}));
  auto s = check_export_safety(two_leave, {});
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "refusing an export in which 2 of 5 users leave (40.0% > the 20.0% "
                             "allowed by max_shrink): check the directory, or pass --allow-shrink");
  CHECK(check_export_safety(two_leave, {false, true, 0.2}).ok());
  CHECK(check_export_safety(two_leave, {false, false, 0.4}).ok());
  ExportChange one_leaves = compare_desired_states(before, state_of({"a", "b", "c", "d"}));
  CHECK(check_export_safety(one_leaves, {}).ok());
  CHECK(check_export_safety(compare_desired_states(state_of({}), state_of({})), {true, false, 0.2})
            .ok());
}

TEST_CASE("the directory section of the policy file is read with positions", "[export][config]") {
  test::TempDir dir("alignctl-config");
  test::write_file(dir / "alignctl.yaml", "jira:\n  url: x\n"
                                          "directory:\n"
                                          "  type: ldap\n"
                                          "  url: ldap://127.0.0.1:3890\n"
                                          "  groups: [\"cn=a,dc=x\", JiraAlign-Users]\n"
                                          "  nested: recursive\n"
                                          "  page_size: 250\n"
                                          "  attributes:\n"
                                          "    region: {attribute: l, default: AMER}\n"
                                          "    title: employeeType\n");
  auto c = load_directory_config((dir / "alignctl.yaml").string());
  REQUIRE(c.ok());
  REQUIRE(finalize_directory_config(*c, false).ok());
  CHECK(c->type == DirectoryType::Generic);
  CHECK(c->groups == std::vector<std::string>{"cn=a,dc=x", "JiraAlign-Users"});
  CHECK(c->nested == NestedMode::Recursive);
  CHECK(c->page_size == 250);
  CHECK(c->fields["region"].attribute == "l");
  CHECK(c->fields["region"].default_value == "AMER");
  CHECK(c->fields["title"].attribute == "employeeType");
  CHECK(c->fields["externalId"].attribute == "uid");
  CHECK(c->disabled_filter == "none");

  test::write_file(dir / "bad.yaml", "directory:\n  url: x\n  nestd: none\n");
  auto bad = load_directory_config((dir / "bad.yaml").string());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        (dir / "bad.yaml").string() + ":3:3: unknown key 'nestd' in 'directory'");

  test::write_file(dir / "bad2.yaml", "directory:\n  page_size: lots\n");
  auto bad2 = load_directory_config((dir / "bad2.yaml").string());
  REQUIRE_FALSE(bad2.ok());
  CHECK(bad2.error().message == (dir / "bad2.yaml").string() +
                                    ":2:14: 'directory.page_size' must be a number from 1 to "
                                    "1000000, not 'lots'");
}

TEST_CASE("entries map to users with defaults, trimming and key rules", "[export][mapping]") {
  DirectoryConfig c;
  c.fields["region"] = FieldMapping{"physicalDeliveryOfficeName", "AMER", true};
  REQUIRE(finalize_directory_config(c, false).ok());
  DirectoryEntry e;
  e.dn = "CN=Ann,DC=x";
  e.add("sAMAccountName", "  adavis ");
  e.add("givenName", "Ann");
  e.add("SN", "Davis");
  auto u = map_user(e, {"G"}, c, "'CN=Ann,DC=x'");
  REQUIRE(u.ok());
  CHECK(u->external_id == "adavis");
  CHECK(u->last_name == "Davis");
  CHECK(u->region == "AMER");
  CHECK(u->email.empty());

  DirectoryEntry nokey;
  nokey.dn = "CN=NoKey,DC=x";
  auto missing = map_user(nokey, {}, c, "'CN=NoKey,DC=x'");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        "'CN=NoKey,DC=x': no value for externalId (sAMAccountName), the key of the desired state");

  DirectoryEntry twin = e;
  twin.dn = "CN=Twin,DC=x";
  twin.attributes["samaccountname"] = {"ADAVIS"};
  auto dup = build_desired_state({{e, {"G"}}, {twin, {"G"}}}, c, "src");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message == "'CN=Ann,DC=x' and 'CN=Twin,DC=x' have the same externalId 'ADAVIS' "
                               "(keys compare case-insensitively)");
}

TEST_CASE("bind and referrals values mean the same in the policy file and on the command line",
          "[export][config]") {
  // One parser for both: the file took GSSAPI while --bind refused it.
  for (const char* gssapi : {"gssapi", "GSSAPI", "GssApi"}) {
    auto m = parse_bind_method(gssapi);
    REQUIRE(m.ok());
    CHECK(*m == BindMethod::Gssapi);
  }
  CHECK(*parse_bind_method("simple") == BindMethod::Simple);
  CHECK(*parse_bind_method("anonymous") == BindMethod::Anonymous);
  auto bad = parse_bind_method("kerberos");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        "unknown bind method 'kerberos' (expected simple, gssapi or anonymous)");
  CHECK(*parse_referral_mode("error") == ReferralMode::Error);
  CHECK_FALSE(parse_referral_mode("chase").ok());

  test::TempDir dir("alignctl-config");
  test::write_file(dir / "alignctl.yaml", "directory:\n  bind: GSSAPI\n  referrals: bounce\n");
  auto c = load_directory_config((dir / "alignctl.yaml").string());
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().message ==
        (dir / "alignctl.yaml").string() +
            ":3:14: unknown referrals mode 'bounce' (expected follow or error)");
}
