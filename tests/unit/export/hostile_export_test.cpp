// Hostile directory exports: UTF-16 and NUL bytes in CSV and LDIF, a file over
// the size limit (refused before it is read), groups nested without end,
// values over the desired state's limits, a hostile policy file read for its
// directory section. Limits: state/util/input_limits.hpp.
#include "planner/policy_loader.hpp"
#include "state/directory/csv_reader.hpp"
#include "state/directory/directory_config.hpp"
#include "state/directory/file_source.hpp"
#include "state/directory/ldif_reader.hpp"
#include "state/directory/user_mapping.hpp"
#include "state/util/input_limits.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>

using namespace alignctl;

namespace {

std::string csv_error(const std::string& text) {
  auto r = parse_csv(text, "m.csv");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Input);
  return r.error().message;
}

std::string ldif_error(const std::string& text) {
  auto r = parse_ldif(text, "d.ldif");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Input);
  return r.error().message;
}

// "a,b\r\n" as PowerShell's Unicode encoding writes it: UTF-16LE.
std::string utf16le(const std::string& ascii, bool bom) {
  std::string out = bom ? "\xFF\xFE" : "";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

DirectoryConfig ldif_config(const std::string& group) {
  DirectoryConfig c;
  c.type = DirectoryType::Generic;
  c.groups = {group};
  REQUIRE(finalize_directory_config(c, false).ok());
  return c;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

} // namespace

TEST_CASE("CSV: UTF-16 and NUL bytes are refused with a hint", "[export][hostile]") {
  CHECK(csv_error(utf16le("a,b\r\n1,2\r\n", true)) ==
        "m.csv:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); export it as "
        "UTF-8 (Export-Csv -Encoding UTF8)");
  CHECK(csv_error(utf16le("a,b\r\n1,2\r\n", false)) ==
        "m.csv:1:2: NUL byte (0x00): not a UTF-8 text file (UTF-16 without a byte-order mark?); "
        "export it as UTF-8 (Export-Csv -Encoding UTF8)");
  CHECK(csv_error(std::string("a,b\nZoë,x\n\"q\0\",2\n", 18)) ==
        "m.csv:3:3: NUL byte (0x00): not a UTF-8 text file (UTF-16 without a byte-order mark?); "
        "export it as UTF-8 (Export-Csv -Encoding UTF8)");
  // Windows-1252 (Export-Csv -Encoding Default): the position of the first such byte.
  CHECK(csv_error("a,b\nZo\xeb,x\n") ==
        "m.csv:2:3: not UTF-8 (byte 0xeb); export it as UTF-8 (Export-Csv -Encoding UTF8)");
}

TEST_CASE("LDIF: UTF-16 and NUL bytes are refused", "[export][hostile]") {
  CHECK(ldif_error(utf16le("dn: cn=x\n", true)) ==
        "d.ldif:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); export it as "
        "UTF-8 (ldapsearch, slapcat and ldifde write UTF-8)");
  CHECK(ldif_error(std::string("dn: cn=x\ncn: a\0b\n", 17)) ==
        "d.ldif:2:6: NUL byte (0x00): not a UTF-8 text file (UTF-16 without a byte-order mark?); "
        "export it as UTF-8 (ldapsearch, slapcat and ldifde write UTF-8)");
  // Latin-1 text: refused where the first such byte is, not value by value.
  CHECK(ldif_error("dn: cn=x\ncn: Ren\xe9\n") ==
        "d.ldif:2:8: not UTF-8 (byte 0xe9); export it as UTF-8 (ldapsearch, slapcat and ldifde "
        "write UTF-8)");
  // Binary values stay possible, base64-encoded, as RFC 2849 wants them.
  auto ok = parse_ldif("dn: cn=x\nobjectGUID:: AAECAw==\n", "d.ldif");
  REQUIRE(ok.ok());
  CHECK((*ok)[0].first("objectGUID") == std::string("\0\1\2\3", 4));
}

TEST_CASE("CSV and LDIF files over the size limit are refused before reading",
          "[export][hostile]") {
  test::TempDir dir;
  for (const char* name : {"big.csv", "big.ldif"}) {
    const auto path = dir / name;
    write(path, "");
    std::filesystem::resize_file(path, k_max_directory_file_bytes + 1); // sparse: no disk used
    DirectoryConfig c = ldif_config("G");
    auto r = std::string(name) == "big.csv" ? read_csv_membership(path.string(), c)
                                            : read_ldif_membership(path.string(), c);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Input);
    CHECK(r.error().message == std::string(name == std::string("big.csv") ? "CSV" : "LDIF") +
                                   " file " + path.string() +
                                   " is 1.0 GiB, over the limit of 1 GiB");
  }
}

TEST_CASE("LDIF: groups nested without end are an error, not a stack overflow",
          "[export][hostile]") {
  // g0 ⊃ g1 ⊃ … ⊃ g{n-1} ⊃ one user.
  auto chain = [](std::size_t n) {
    std::string text;
    for (std::size_t i = 0; i < n; ++i) {
      text += "dn: cn=g" + std::to_string(i) + ",dc=x\nobjectClass: groupOfNames\ncn: g" +
              std::to_string(i) + "\nmember: " +
              (i + 1 < n ? "cn=g" + std::to_string(i + 1) + ",dc=x" : std::string("uid=u,dc=x")) +
              "\n\n";
    }
    return text + "dn: uid=u,dc=x\nuid: u\ncn: U\n";
  };
  test::TempDir dir;
  write(dir / "ok.ldif", chain(k_max_group_nesting));
  auto ok = read_ldif_membership((dir / "ok.ldif").string(), ldif_config("g0"));
  REQUIRE(ok.ok());
  REQUIRE(ok->members.size() == 1);
  CHECK(ok->members[0].entry.dn == "uid=u,dc=x");

  write(dir / "deep.ldif", chain(100000));
  auto deep = read_ldif_membership((dir / "deep.ldif").string(), ldif_config("g0"));
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().message ==
        (dir / "deep.ldif").string() + ": groups nested more than 100 deep (at cn=g100,dc=x)");
}

TEST_CASE("export refuses values the desired state could not hold", "[export][hostile]") {
  DirectoryConfig c;
  REQUIRE(finalize_directory_config(c, false).ok());
  DirectoryEntry e;
  e.dn = "CN=Ann,DC=x";
  e.add("sAMAccountName", "adavis");
  e.add("givenName", std::string(1 << 20, 'A'));
  e.add("sn", "Davis");
  auto long_name = map_user(e, {"G"}, c, "'CN=Ann,DC=x'");
  REQUIRE_FALSE(long_name.ok());
  CHECK(long_name.error().message == "'CN=Ann,DC=x': the value of givenName (for firstName) is "
                                     "1048576 characters long; the limit is 255");

  e.attributes.erase("givenname");
  e.add("givenName", std::string("A\0nn", 4));
  auto nul = map_user(e, {"G"}, c, "'CN=Ann,DC=x'");
  REQUIRE_FALSE(nul.ok());
  CHECK(nul.error().message ==
        "'CN=Ann,DC=x': the value of givenName (for firstName) contains a NUL character");

  e.attributes.erase("givenname");
  e.add("givenName", "Ann");
  REQUIRE(map_user(e, {"G"}, c, "'CN=Ann,DC=x'").ok());
  auto long_group = map_user(e, {std::string(300, 'g')}, c, "'CN=Ann,DC=x'");
  REQUIRE_FALSE(long_group.ok());
  CHECK(long_group.error().message == "'CN=Ann,DC=x': group name '" + std::string(80, 'g') +
                                          "…' is 300 characters long; the limit is 255");
}

TEST_CASE("a base64 value that is not UTF-8 is refused with the entry's DN and line",
          "[export][hostile]") {
  test::TempDir dir;
  const auto path = dir / "d.ldif";
  write(path, "dn: cn=G,dc=x\nobjectClass: groupOfNames\ncn: G\nmember: cn=ann,dc=x\n\n"
              "dn: cn=ann,dc=x\nobjectClass: inetOrgPerson\nuid: ann\ngivenName: Ann\n"
              "sn:: U23/aXRo\nmail: ann@example.com\n");
  DirectoryConfig c = ldif_config("G");
  auto members = read_ldif_membership(path.string(), c);
  REQUIRE(members.ok());
  auto state = build_desired_state(members->members, c, "d.ldif");
  REQUIRE_FALSE(state.ok());
  CHECK(state.error().message ==
        "'cn=ann,dc=x' (line 6): the value of sn (for lastName) is not UTF-8");
}

TEST_CASE("export's directory section is read with the policy loader's guards",
          "[export][hostile]") {
  auto refusal = [](const std::string& name, const std::string& text) {
    auto r = load_policy(text, name, PolicyUse::Export);
    REQUIRE(r.diagnostics.size() == 1);
    const Diagnostic& d = r.diagnostics[0];
    return (d.line > 0 ? fmt::format(":{}:{}", d.line, d.column) : std::string()) + ": " +
           d.message;
  };
  // An alias inside the list it names: refused, not walked forever.
  CHECK(refusal("cycle.yaml", "directory:\n  groups: &g [a, *g]\n") ==
        ":2:18: an alias (*name) inside the list or mapping it names: the policy would never end");
  // 10^8 scalars once expanded.
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 8; ++i) {
    bomb += fmt::format("a{}: &a{} [", i, i);
    for (int k = 0; k < 10; ++k) {
      bomb += fmt::format("{}*a{}", k ? ", " : "", i - 1);
    }
    bomb += "]\n";
  }
  CHECK(refusal("bomb.yaml", bomb + "directory:\n  groups: *a8\n") ==
        ": aliases (*name) would add more than 1 MiB to the policy (an alias bomb?); write the "
        "values out instead");
  CHECK(refusal("nul.yaml", std::string("directory:\n  url: ldap://a\0b\n", 29)) ==
        ":2:16: NUL byte (0x00); the file must be UTF-8 text");
  CHECK(refusal("deep.yaml", "directory:\n  groups: " + std::string(2000, '[')) ==
        ":2:1: not valid YAML: lists and mappings nested too deeply (a policy nests 4 levels)");

  auto r = load_policy(std::string(k_max_policy_bytes + 1, ' '), "big.yaml", PolicyUse::Export);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].message == "the file is 16.0 MiB, over the limit of 16 MiB for a policy");
}
