#include "state/directory/dn.hpp"
#include "state/directory/ldap_filter.hpp"
#include "state/directory/ldap_url.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("filter values are escaped per RFC 4515", "[export][filter]") {
  CHECK(escape_filter_value("plain") == "plain");
  CHECK(escape_filter_value("a*b") == "a\\2ab");
  CHECK(escape_filter_value("(x)") == "\\28x\\29");
  CHECK(escape_filter_value("back\\slash") == "back\\5cslash");
  CHECK(escape_filter_value(std::string("nul\0x", 5)) == "nul\\00x");
  CHECK(escape_filter_value("Zoë Åström") == "Zoë Åström");
  CHECK(escape_filter_value("CN=A\\,B,DC=x") == "CN=A\\5c,B,DC=x");
  CHECK(escape_filter_value("*)(uid=*") == "\\2a\\29\\28uid=\\2a");
}

TEST_CASE("filters are combined and sanity-checked", "[export][filter]") {
  CHECK(filter_and({"(a=1)", "", "(b=2)"}) == "(&(a=1)(b=2))");
  CHECK(filter_and({"(a=1)", ""}) == "(a=1)");
  CHECK(check_filter_syntax("(&(a=1)(b=\\2a))").empty());
  CHECK(check_filter_syntax("(a=1") == "a filter must be enclosed in parentheses");
  CHECK(check_filter_syntax("((a=1)") == "unbalanced '(': missing ')'");
  CHECK(check_filter_syntax("(a=1))(b=2)") == "text after the closing ')' at offset 6");
  CHECK(check_filter_syntax("(a=\\zz)") == "'\\' not followed by two hex digits at offset 4");
}

TEST_CASE("DNs are parsed per RFC 4514", "[export][dn]") {
  auto dn = parse_dn("CN=Davis\\, Ann,OU=Users,DC=corp,DC=example,DC=com");
  REQUIRE(dn.ok());
  REQUIRE(dn->size() == 5);
  CHECK((*dn)[0][0].type == "CN");
  CHECK((*dn)[0][0].value == "Davis, Ann");
  CHECK((*dn)[4][0].value == "com");

  auto hex = parse_dn("cn=Zo\\C3\\AB,o=x");
  REQUIRE(hex.ok());
  CHECK((*hex)[0][0].value == "Zoë");

  auto multi = parse_dn("cn=a+uid=b,dc=x");
  REQUIRE(multi.ok());
  CHECK((*multi)[0].size() == 2);
  CHECK((*multi)[0][1].value == "b");

  auto spaced = parse_dn("cn=\\ lead, ou = Groups ,dc=x");
  REQUIRE(spaced.ok());
  CHECK((*spaced)[0][0].value == " lead");
  CHECK((*spaced)[1][0].value == "Groups");

  CHECK(parse_dn("").ok());
  auto bad = parse_dn("cn=x,novalue");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        "malformed DN 'cn=x,novalue' at offset 12: expected '=' after an attribute type");
  auto bad_escape = parse_dn("cn=x\\4");
  REQUIRE_FALSE(bad_escape.ok());
  CHECK(bad_escape.error().message ==
        "malformed DN 'cn=x\\4' at offset 5: '\\' followed by one hex digit");
}

TEST_CASE("DNs spelt differently normalise to one form", "[export][dn]") {
  CHECK(normalize_dn("CN=Ann Davis,OU=Users,DC=Corp,DC=Example,DC=com") ==
        normalize_dn("cn=ann davis, ou=users, dc=corp, dc=example, dc=com"));
  CHECK(normalize_dn("cn=A\\2CB,dc=x") == normalize_dn("CN=a\\,b,DC=X"));
  CHECK(normalize_dn("uid=b+cn=a,dc=x") == normalize_dn("cn=a+uid=b,dc=x"));
  CHECK(normalize_dn("cn=a,dc=x") != normalize_dn("cn=b,dc=x"));
  CHECK(escape_dn_value("#x, y ") == "\\#x\\, y\\ ");
  CHECK(dn_leaf_value("CN=JiraAlign-Users,OU=Groups,DC=corp") == "JiraAlign-Users");
  CHECK(dn_dns_domain("CN=Users,DC=corp,DC=example,DC=com") == "corp.example.com");
}

TEST_CASE("referral URLs are parsed", "[export][dn]") {
  auto u = parse_ldap_url("ldap://corp.example.com/CN=Configuration,DC=corp,DC=example,DC=com");
  REQUIRE(u.ok());
  CHECK(u->host == "corp.example.com");
  CHECK(u->port == 0);
  CHECK(u->dn == "CN=Configuration,DC=corp,DC=example,DC=com");
  auto p = parse_ldap_url("ldaps://dc2:636/OU=A%20B,DC=x??sub");
  REQUIRE(p.ok());
  CHECK(p->server() == "ldaps://dc2:636");
  CHECK(p->dn == "OU=A B,DC=x");
  CHECK_FALSE(parse_ldap_url("http://x/").ok());
}
