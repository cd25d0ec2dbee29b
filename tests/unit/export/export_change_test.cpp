#include "planner/policy_loader.hpp"
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

// The `directory:` section as export reads it: through the one policy loader.
PolicyLoad load_directory_section_of(const std::string& text, const std::string& file) {
  return load_policy(text, file, PolicyUse::Export);
}

TEST_CASE("the directory section of the policy file is read with positions", "[export][config]") {
  auto loaded = load_directory_section_of("jira:\n  url: x\n"
                                          "directory:\n"
                                          "  type: ldap\n"
                                          "  url: ldap://127.0.0.1:3890\n"
                                          "  groups: [\"cn=a,dc=x\", JiraAlign-Users]\n"
                                          "  nested: recursive\n"
                                          "  page_size: 250\n"
                                          "  attributes:\n"
                                          "    region: {attribute: l, default: AMER}\n"
                                          "    title: employeeType\n",
                                          "alignctl.yaml");
  REQUIRE(loaded.ok());
  DirectoryConfig* c = &loaded.policy.directory;
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

  auto bad = load_directory_section_of("directory:\n  url: x\n  nestd: none\n", "bad.yaml");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(
      bad.diagnostics[0].to_string().rfind(
          "bad.yaml:3:3: error: unknown key 'nestd' in section 'directory' (expected: type, url, ",
          0) == 0);

  auto bad2 = load_directory_section_of("directory:\n  page_size: lots\n", "bad2.yaml");
  REQUIRE(bad2.diagnostics.size() == 1);
  CHECK(bad2.diagnostics[0].to_string() == "bad2.yaml:2:14: error: directory.page_size: must be a "
                                           "number from 1 to 1000000, not 'lots'");
}

TEST_CASE("every problem in the directory section is reported, with the rest of the policy",
          "[export][config]") {
  // The section's own loader stopped at the first of these.
  const std::string text = "directory:\n"
                           "  page_size: lots\n"
                           "  bind: kerberos\n"
                           "  attributes:\n"
                           "    mail: email\n"
                           "match:\n"
                           "  key: phone\n";
  auto loaded = load_directory_section_of(text, "p.yaml");
  REQUIRE(loaded.diagnostics.size() == 4);
  CHECK(loaded.diagnostics[0].to_string() == "p.yaml:2:14: error: directory.page_size: must be a "
                                             "number from 1 to 1000000, not 'lots'");
  CHECK(loaded.diagnostics[1].to_string() ==
        "p.yaml:3:9: error: directory.bind: unknown bind method 'kerberos' (expected simple, "
        "gssapi or anonymous)");
  CHECK(loaded.diagnostics[2].to_string() ==
        "p.yaml:5:5: error: unknown key 'mail' in directory.attributes (expected: externalId, "
        "firstName, lastName, email, title, region)");
  CHECK(loaded.diagnostics[3].to_string() ==
        "p.yaml:7:8: error: match.key must be externalId or email, not 'phone'");
  // plan and validate read the same file the same way: the same three, and
  // the sections plan needs.
  auto for_plan = load_policy(text, "p.yaml");
  CHECK(for_plan.diagnostics.size() == 6);
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

  auto c = load_directory_section_of("directory:\n  bind: GSSAPI\n  referrals: bounce\n",
                                     "alignctl.yaml");
  REQUIRE(c.diagnostics.size() == 1);
  CHECK(c.diagnostics[0].to_string() ==
        "alignctl.yaml:3:14: error: directory.referrals: unknown referrals mode 'bounce' (expected "
        "follow or error)");
  // The flags go through the same setter as the file's values.
  DirectoryConfig flags;
  REQUIRE(set_directory_option(flags, "bind", "GSSAPI").ok());
  CHECK(flags.bind == BindMethod::Gssapi);
  auto page = set_directory_option(flags, "page_size", "0");
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().message == "must be a number from 1 to 1000000, not '0'");
}
