#include "state/directory/csv_reader.hpp"
#include "state/directory/ldif_reader.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("CSV as PowerShell Export-Csv writes it", "[export][csv]") {
  const std::string text =
      "\xEF\xBB\xBF#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n"
      "\"sAMAccountName\",\"givenName\",\"sn\",\"title\"\r\n"
      "\"adavis\",\"Ann\",\"Davis\",\"Engineer, Senior\"\r\n"
      "\"bkhan\",\"Bilal\",\"Khan\",\"Says \"\"hi\"\"\"\r\n"
      "\"cz\",\"Zoë\",\"Multi\r\nLine\",\"\"\r\n"
      "plain,unquoted,row,x\n";
  auto t = parse_csv(text, "m.csv");
  REQUIRE(t.ok());
  REQUIRE(t->header == std::vector<std::string>{"sAMAccountName", "givenName", "sn", "title"});
  REQUIRE(t->rows.size() == 4);
  CHECK(t->rows[0].line == 3);
  CHECK(t->rows[0].fields[3] == "Engineer, Senior");
  CHECK(t->rows[1].fields[3] == "Says \"hi\"");
  CHECK(t->rows[2].fields[1] == "Zoë");
  CHECK(t->rows[2].fields[2] == "Multi\nLine");
  CHECK(t->rows[2].fields[3].empty());
  CHECK(t->rows[3].line == 7);
  CHECK(t->rows[3].fields[0] == "plain");
}

TEST_CASE("malformed CSV gives exact messages", "[export][csv]") {
  auto unterminated = parse_csv("a,b\n1,\"open\n2,3\n", "m.csv");
  REQUIRE_FALSE(unterminated.ok());
  CHECK(unterminated.error().message == "m.csv:2:3: unterminated quoted field (no closing '\"')");

  auto after_quote = parse_csv("a,b\n\"x\"y,2\n", "m.csv");
  REQUIRE_FALSE(after_quote.ok());
  CHECK(after_quote.error().message == "m.csv:2:4: unexpected 'y' after a closing quote");

  auto width = parse_csv("a,b\n1,2\n1,2,3\n", "m.csv");
  REQUIRE_FALSE(width.ok());
  CHECK(width.error().message == "m.csv:3: row has 3 fields, the header has 2");

  auto dup = parse_csv("a,A\n", "m.csv");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message == "m.csv:1: column 'A' appears twice in the header");

  auto stray = parse_csv("a,b\n1,x\"y\n", "m.csv");
  REQUIRE_FALSE(stray.ok());
  CHECK(stray.error().message == "m.csv:2:4: '\"' inside an unquoted field");

  auto empty = parse_csv("\xEF\xBB\xBF", "m.csv");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "m.csv: no header row");
}

TEST_CASE("LDIF with base64, continued lines and comments", "[export][ldif]") {
  const std::string text = "version: 1\n"
                           "\n"
                           "# a comment\n"
                           "#  continued comment\n"
                           "dn: cn=Ann Davis,ou=People,dc=x\n"
                           "objectClass: inetOrgPerson\n"
                           "cn: Ann Davis\n"
                           "description: a long value that\n"
                           "  continues here\n"
                           "givenName:: Wm/Dqw==\n"
                           "\n"
                           "\n"
                           "dn:: Y249WsO2w6ssZGM9eA==\r\n"
                           "mail: z@x\r\n";
  auto entries = parse_ldif(text, "d.ldif");
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 2);
  const DirectoryEntry& a = (*entries)[0];
  CHECK(a.dn == "cn=Ann Davis,ou=People,dc=x");
  CHECK(a.line == 5);
  CHECK(a.first("DESCRIPTION") == "a long value that continues here");
  CHECK(a.first("givenname") == "Zoë");
  CHECK((*entries)[1].dn == "cn=Zöë,dc=x");
  CHECK((*entries)[1].first("mail") == "z@x");
  CHECK((*entries)[1].line == 13);
}

TEST_CASE("malformed LDIF gives exact messages", "[export][ldif]") {
  auto no_dn = parse_ldif("cn: x\n", "d.ldif");
  REQUIRE_FALSE(no_dn.ok());
  CHECK(no_dn.error().message == "d.ldif:1: an entry must start with 'dn:', found 'cn:'");

  auto bad64 = parse_ldif("dn: cn=x\ncn:: ab$=\n", "d.ldif");
  REQUIRE_FALSE(bad64.ok());
  CHECK(
      bad64.error().message ==
      "d.ldif:2:5: invalid base64 in the value of 'cn': invalid base64 character '$' at offset 3");

  auto colon = parse_ldif("dn: cn=x\nnocolon\n", "d.ldif");
  REQUIRE_FALSE(colon.ok());
  CHECK(colon.error().message == "d.ldif:2: expected 'attribute: value', found 'nocolon'");

  auto cont = parse_ldif(" orphan\n", "d.ldif");
  REQUIRE_FALSE(cont.ok());
  CHECK(cont.error().message ==
        "d.ldif:1: a continuation line (starting with a space) with no line to continue");

  auto change = parse_ldif("dn: cn=x\nchangetype: modify\n", "d.ldif");
  REQUIRE_FALSE(change.ok());
  CHECK(change.error().message ==
        "d.ldif:2: change records are not supported (expected an export of entries)");

  auto version = parse_ldif("version: 2\n\ndn: cn=x\n", "d.ldif");
  REQUIRE_FALSE(version.ok());
  CHECK(version.error().message == "d.ldif:1: unsupported LDIF version '2' (expected 1)");
}
