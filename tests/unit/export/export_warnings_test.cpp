// Misconfigurations that still give a well-formed export, said instead of
// silent: a bad directory URL (checked before libldap sees it), a mapped
// attribute no entry has, a configured group with no users, users without an
// email.
#include "state/directory/directory_config.hpp"
#include "state/directory/export_warnings.hpp"
#include "state/directory/file_source.hpp"
#include "state/directory/ldap_url.hpp"
#include "state/directory/user_mapping.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

namespace {

std::string url_problem(const std::string& url) {
  auto r = check_directory_url(url);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Input);
  return r.error().message;
}

DirectoryEntry entry_with_mail(const std::string& uid, const std::string& mail) {
  DirectoryEntry e;
  e.dn = "uid=" + uid + ",dc=x";
  e.add("sAMAccountName", uid);
  e.add("givenName", "G");
  e.add("sn", "S");
  if (!mail.empty()) {
    e.add("mail", mail);
  }
  e.add("userPrincipalName", uid + "@corp.example.com");
  return e;
}

DirectoryConfig finalized(DirectoryConfig c) {
  REQUIRE(finalize_directory_config(c, false).ok());
  return c;
}

} // namespace

TEST_CASE("directory URLs are checked before connecting, saying what a good one is",
          "[export][url]") {
  for (const char* good : {"ldap://dc1.corp.example.com", "ldaps://dc1:636", "LDAPS://10.0.0.5/",
                           "ldap://[::1]:389", "ldap://dc_1.corp"}) {
    INFO(good);
    CHECK(check_directory_url(good).ok());
  }
  CHECK(url_problem("127.0.0.20") ==
        "bad directory URL '127.0.0.20': no scheme; expected ldap://HOST[:PORT] or "
        "ldaps://HOST[:PORT], e.g. ldaps://dc1.corp.example.com or ldap://10.0.0.5:389");
  CHECK(url_problem("http://dc1").find(": scheme 'http' (only ldap and ldaps);") !=
        std::string::npos);
  CHECK(url_problem("ldap://").find(": no host;") != std::string::npos);
  CHECK(url_problem("ldap://dc1:0").find(": port '0' (expected a number 1–65535);") !=
        std::string::npos);
  CHECK(url_problem("ldap://dc1:70000").find(": port '70000'") != std::string::npos);
  CHECK(url_problem("ldap://dc1:ldaps").find(": port 'ldaps'") != std::string::npos);
  CHECK(url_problem("ldap://dc1:").find(": an empty port;") != std::string::npos);
  CHECK(url_problem("ldap://dc 1").find(": ' ' in the host name;") != std::string::npos);
  CHECK(url_problem("ldap://dc1/dc=corp").find(": '/…' in the host name;") != std::string::npos);
  CHECK(url_problem("ldap://[::1").find("closing ']'") != std::string::npos);
}

TEST_CASE("a mapped attribute that no entry has is named", "[export][warnings]") {
  DirectoryConfig c;
  c.fields["region"] = FieldMapping{"officeRegion", "", true};
  c = finalized(c);
  std::vector<MemberEntry> members = {{entry_with_mail("ann", "ann@x"), {"G"}},
                                      {entry_with_mail("bob", "bob@x"), {"G"}}};
  auto w = unseen_attribute_warnings(members, c);
  REQUIRE(w.size() == 1);
  CHECK(w[0] == "none of the 2 users has a value for 'officeRegion', the attribute mapped to "
                "region: every user gets no region (check the attribute's name)");
  CHECK(unseen_attribute_warnings(members, c, {"region"}).empty());
  c.fields["region"].default_value = "AMER";
  CHECK(unseen_attribute_warnings(members, c)[0].find("every user gets the default 'AMER'") !=
        std::string::npos);
  // One entry with a value is enough; defaults of the type are not checked.
  members[1].entry.add("officeRegion", "EMEA");
  CHECK(unseen_attribute_warnings(members, c).empty());
  CHECK(unseen_attribute_warnings({}, c).empty());
}

TEST_CASE("users without an email are named, and a fallback attribute fills them",
          "[export][warnings]") {
  DirectoryConfig c = finalized(DirectoryConfig{});
  std::vector<MemberEntry> members = {{entry_with_mail("ann", ""), {"G"}},
                                      {entry_with_mail("bob", "bob@x"), {"G"}}};
  members[0].entry.line = 7;
  auto state = build_desired_state(members, c, "src");
  REQUIRE(state.ok());
  auto missing = users_without_email(*state);
  CHECK(missing == std::vector<std::string>{"ann (line 7)"});
  CHECK(missing_email_message(missing, c)
            .find("1 user has no email (attribute 'mail'): ann "
                  "(line 7). Jira Align refuses") == 0);

  c.email_fallback = "userPrincipalName";
  auto filled = build_desired_state(members, c, "src");
  REQUIRE(filled.ok());
  CHECK(filled->users[0].email == "ann@corp.example.com");
  CHECK(filled->users[1].email == "bob@x");
  CHECK(users_without_email(*filled).empty());

  DesiredState by_email;
  by_email.key = MatchKey::Email;
  by_email.users.push_back(DesiredUser{});
  CHECK(users_without_email(by_email).empty());
}

TEST_CASE("an LDIF group that gives no users is named, with AD's primary-group hint",
          "[export][warnings]") {
  test::TempDir dir;
  test::write_file(dir / "d.ldif", "dn: cn=Domain Users,cn=Users,dc=x\nobjectClass: group\n"
                                   "cn: Domain Users\n\n"
                                   "dn: cn=Staff,dc=x\nobjectClass: group\ncn: Staff\n"
                                   "member: uid=ann,dc=x\n\n"
                                   "dn: uid=ann,dc=x\nobjectClass: user\nsAMAccountName: ann\n");
  DirectoryConfig c;
  c.groups = {"Domain Users", "Staff"};
  c = finalized(c);
  auto r = read_ldif_membership((dir / "d.ldif").string(), c);
  REQUIRE(r.ok());
  CHECK(r->members.size() == 1);
  REQUIRE(r->warnings.size() == 1);
  CHECK(r->warnings[0].find("group 'Domain Users' gave no users; Active Directory does not list a "
                            "user in the `member` attribute of the user's primary group") == 0);
  c.type = DirectoryType::Generic;
  auto generic = read_ldif_membership((dir / "d.ldif").string(), c);
  REQUIRE(generic.ok());
  CHECK(generic->warnings == std::vector<std::string>{"group 'Domain Users' gave no users"});
}
