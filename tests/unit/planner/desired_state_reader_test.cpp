// Reading users.yaml: the canonical form, and broken files with exact messages.
#include "state/model/desired_state_reader.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

namespace {

std::vector<std::string> messages(const std::string& text, MatchKey key = MatchKey::ExternalId) {
  std::vector<std::string> out;
  for (const Diagnostic& d : read_desired_state(text, "users.yaml", key).diagnostics) {
    out.push_back(d.to_string());
  }
  return out;
}

} // namespace

TEST_CASE("the canonical format reads back field by field") {
  auto r = read_desired_state(R"(# alignctl desired state — who should have a Jira Align account.
# Source: ldap://dc1.corp.example.com:389 groups CN=JiraAlign-Users
version: 1
users:
  - externalId: adavis
    firstName: Ann
    lastName: Davis
    email: ann.davis@corp.example.com
    title: Senior Engineer
    region: EMEA
    groups: [JiraAlign-Users]
  - externalId: "007"
    firstName: "Bilal"
    lastName: "O'Neil: Jr"
    email: b@x.com
    groups: [JiraAlign-Users, JiraAlign-Admins]
)",
                              "users.yaml");
  REQUIRE(r.ok());
  CHECK(r.state.key == MatchKey::ExternalId);
  REQUIRE(r.state.users.size() == 2);
  const DesiredUser& a = r.state.users[0];
  CHECK(a.external_id == "adavis");
  CHECK(a.first_name == "Ann");
  CHECK(a.last_name == "Davis");
  CHECK(a.email == "ann.davis@corp.example.com");
  CHECK(a.title == "Senior Engineer");
  CHECK(a.region == "EMEA");
  CHECK(a.groups == std::vector<std::string>{"JiraAlign-Users"});
  CHECK(a.line == 5);
  CHECK(a.region_line == 10);
  CHECK(a.region_column == 13);
  const DesiredUser& b = r.state.users[1];
  CHECK(b.external_id == "007");
  CHECK(b.last_name == "O'Neil: Jr");
  CHECK(b.title.empty());
  CHECK(b.region.empty());
  CHECK(b.region_line == 0);
  CHECK(b.groups == std::vector<std::string>{"JiraAlign-Admins", "JiraAlign-Users"});
}

TEST_CASE("an empty users list is read (plan decides whether to allow it)") {
  auto r = read_desired_state("version: 1\nusers: []\n", "users.yaml");
  CHECK(r.ok());
  CHECK(r.state.users.empty());
}

TEST_CASE("every problem is reported with its position") {
  const char* text = R"(version: 2
users:
  - externalId: ADavis
    firstName: Ann
    lastName: Davis
    email: ann.davis@corp.example.com
    phone: 123
    groups: [JiraAlign-Users]
  - externalId: adavis
    firstName: yes
    lastName: 123
    email: a@x.com
    title: ~
    groups: JiraAlign-Users
  - externalId: ckim
    firstName: [C]
    lastName: Kim
    lastName: Kim2
  - just a string
  - externalId: ""
    firstName: E
    lastName: F
    email: e@x
    groups: [1, "2", {a: b}]
extra: true
)";
  std::vector<std::string> expected = {
      "users.yaml:1:10: error: version must be 1, not '2' (this alignctl reads version 1)",
      "users.yaml:7:5: error: unknown field 'phone' in user 'ADavis' (expected: externalId, "
      "firstName, lastName, email, title, region, groups)",
      "users.yaml:9:17: error: duplicate externalId 'adavis' (also at line 3 as 'ADavis'; keys "
      "are compared case-insensitively)",
      "users.yaml:10:16: error: field 'firstName' of user 'adavis' is a boolean, not a string; "
      "quote it",
      "users.yaml:11:15: error: field 'lastName' of user 'adavis' is a number, not a string; quote "
      "it",
      "users.yaml:13:12: error: field 'title' of user 'adavis' is null, not a string; quote it",
      "users.yaml:14:13: error: field 'groups' of user 'adavis' must be a list like [GroupName]",
      "users.yaml:15:5: error: user 'ckim' lacks required field 'email'",
      "users.yaml:15:5: error: user 'ckim' lacks required field 'groups'",
      "users.yaml:16:16: error: field 'firstName' of user 'ckim' must be a string",
      "users.yaml:18:5: error: field 'lastName' appears twice in user 'ckim'",
      "users.yaml:19:5: error: each entry of 'users' must be a mapping of fields",
      "users.yaml:20:17: error: externalId of the user at line 20 is empty",
      "users.yaml:24:14: error: group '1' of the user at line 20 is a number, not a name; quote it",
      "users.yaml:24:22: error: groups of the user at line 20 must be names (strings)",
      "users.yaml:25:1: error: unknown key 'extra' (expected: version, users)",
  };
  CHECK(messages(text) == expected);
}

TEST_CASE("duplicate emails are errors when users are matched by email") {
  const char* text = "version: 1\nusers:\n"
                     "  - {externalId: a, firstName: A, lastName: A, email: X@y.com, groups: []}\n"
                     "  - {externalId: b, firstName: B, lastName: B, email: x@Y.com, groups: []}\n";
  CHECK(messages(text).empty());
  CHECK(messages(text, MatchKey::Email) ==
        std::vector<std::string>{"users.yaml:4:55: error: duplicate email 'x@Y.com' (also at line "
                                 "3 as 'X@y.com'; keys are compared case-insensitively)"});
}

TEST_CASE("empty, non-UTF-8, invalid YAML and missing parts") {
  CHECK(messages("") ==
        std::vector<std::string>{"users.yaml: error: the file is empty; expected 'version: 1' and "
                                 "'users:'"});
  CHECK(messages("version: 1\nusers:\n  - externalId: a\xff\n") ==
        std::vector<std::string>{
            "users.yaml:3:18: error: not UTF-8: invalid byte 0xff; the file must be UTF-8"});
  CHECK(messages("version: 1\nusers:\n  - externalId: [a\n").back() ==
        "users.yaml:4:1: error: not valid YAML: end of sequence flow not found");
  CHECK(messages("users:\n") ==
        std::vector<std::string>{"users.yaml: error: missing 'version: 1'"});
  CHECK(messages("version: 1\n") ==
        std::vector<std::string>{
            "users.yaml: error: missing 'users:' (an empty list is written as 'users: []')"});
  CHECK(messages("- a\n") ==
        std::vector<std::string>{"users.yaml:1:1: error: the file must be a mapping with "
                                 "'version' and 'users'"});
}

TEST_CASE("100,000 users are read, streaming") {
  std::string text = "version: 1\nusers:\n";
  for (int i = 0; i < 100000; ++i) {
    text +=
        "  - externalId: user" + std::to_string(i) +
        "\n    firstName: First\n    lastName: "
        "Last\n    email: user" +
        std::to_string(i) +
        "@corp.example.com\n    title: Engineer\n    region: EMEA\n    groups: [JiraAlign-Users]\n";
  }
  auto r = read_desired_state(text, "users.yaml");
  REQUIRE(r.ok());
  CHECK(r.state.users.size() == 100000);
}
