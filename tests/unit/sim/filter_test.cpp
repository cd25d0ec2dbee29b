#include "sim_test_util.hpp"
#include "tests/sim/core/filter.hpp"
#include "tests/sim/core/query.hpp"

#include <catch2/catch.hpp>

using namespace alignctl::sim;
using namespace alignctl::sim::testutil;

namespace {

User sample() {
  User u;
  u.id = 42;
  u.get(StrSlot::ExternalId) = "ADavis";
  u.get(StrSlot::FirstName) = "Ann";
  u.get(StrSlot::LastName) = "O'Brien";
  u.get(StrSlot::Email) = "Ann.Davis@Example.com";
  u.get(IntSlot::IsLocked) = 0;
  u.get(IntSlot::RoleId) = 3;
  u.teams = nlohmann::json::array({{{"teamId", 5}, {"teamName", "Blue"}}});
  return u;
}

bool match(const std::string& text, bool case_sensitive = false) {
  auto f = Filter::parse(text);
  INFO(text);
  REQUIRE(f.ok());
  return f.value().matches(sample(), k_base, case_sensitive);
}

std::string parse_error(const std::string& text) {
  auto f = Filter::parse(text);
  REQUIRE_FALSE(f.ok());
  return f.error().message;
}

} // namespace

TEST_CASE("filter: eq with integer and string literals") {
  CHECK(match("id eq 42"));
  CHECK_FALSE(match("id eq 41"));
  CHECK(match("externalId eq 'ADavis'"));
  CHECK(match("42 eq id"));
}

TEST_CASE("filter: property names and keywords are case-insensitive") {
  CHECK(match("EXTERNALID eq 'ADavis'"));
  CHECK(match("roleID eq 3"));
  CHECK(match("firstname EQ 'Ann' AND islocked Eq 0"));
}

TEST_CASE("filter: string comparison is case-insensitive by default, switchable") {
  CHECK(match("externalId eq 'adavis'"));
  CHECK(match("email eq 'ann.davis@example.com'"));
  CHECK_FALSE(match("externalId eq 'adavis'", true));
  CHECK(match("externalId eq 'ADavis'", true));
  CHECK(match("contains(email,'EXAMPLE')"));
  CHECK_FALSE(match("contains(email,'EXAMPLE')", true));
}

TEST_CASE("filter: '' escapes a quote inside a string literal") {
  CHECK(match("lastName eq 'O''Brien'"));
  CHECK(match("contains(lastName,'''')"));
}

TEST_CASE("filter: ne, and, or, not and parentheses — and binds tighter than or") {
  CHECK(match("isLocked ne -1"));
  CHECK_FALSE(match("isLocked ne 0"));
  CHECK(match("id eq 1 or id eq 42"));
  CHECK_FALSE(match("id eq 1 and id eq 42"));
  CHECK(match("id eq 1 and roleId eq 9 or id eq 42"));
  CHECK_FALSE(match("id eq 1 and (roleId eq 9 or id eq 42)"));
  CHECK(match("not (id eq 1)"));
}

TEST_CASE("filter: ordering comparisons and string functions") {
  CHECK(match("id gt 41 and id ge 42 and id lt 43 and id le 42"));
  CHECK(match("startswith(email,'ann.')"));
  CHECK(match("endswith(email,'.com')"));
  CHECK_FALSE(match("contains(title,'x')")); // null never contains
}

TEST_CASE("filter: null literal compares with absent values") {
  CHECK(match("title eq null"));
  CHECK(match("externalId ne null"));
  CHECK_FALSE(match("email eq null"));
}

TEST_CASE("filter: derived fields can be filtered") {
  CHECK(match("status eq 'Active'"));
  CHECK(match("fullName eq 'Ann O''Brien'"));
  CHECK(match("uid eq '42'"));
}

TEST_CASE("filter: teams/any lambda") {
  CHECK(match("teams/any(x: x/teamId eq 5)"));
  CHECK_FALSE(match("teams/any(x: x/teamId eq 6)"));
  CHECK(match("teams/any(t: t/teamName eq 'blue') and id eq 42"));
}

TEST_CASE("filter: parse errors name the problem and the 1-based position") {
  CHECK(parse_error("bogus eq 1") == "Invalid $filter: unknown property 'bogus' at position 1");
  CHECK(parse_error("id eq 'x") == "Invalid $filter: unterminated string literal at position 7");
  CHECK(parse_error("id equals 1") ==
        "Invalid $filter: expected a comparison operator (eq, ne, gt, ge, lt, le) but found "
        "'equals' at position 4");
  CHECK(parse_error("(id eq 1") == "Invalid $filter: expected ')' but found 'end of input' at "
                                   "position 9");
  CHECK(parse_error("id eq 1 id") == "Invalid $filter: unexpected 'id' at position 9");
  CHECK(parse_error("startswith2(id,'1')") ==
        "Invalid $filter: unknown function 'startswith2' at position 1");
  CHECK(parse_error("") == "Invalid $filter: empty expression at position 1");
}

TEST_CASE("filter: index keys are offered only when they cover every match") {
  std::vector<const FieldDef*> indexed = {find_field("id"), find_field("email"),
                                          find_field("externalId")};
  auto keys = [&](const std::string& text) {
    auto f = Filter::parse(text);
    REQUIRE(f.ok());
    return f.value().index_keys(indexed);
  };
  REQUIRE(keys("externalId eq 'a'"));
  CHECK(keys("externalId eq 'a'")->size() == 1);
  CHECK(keys("isLocked eq 0 and email eq 'a@b'")->size() == 1);
  CHECK(keys("externalId eq 'a' or email eq 'b@c'")->size() == 2);
  CHECK_FALSE(keys("externalId eq 'a' or isLocked eq 0"));
  CHECK_FALSE(keys("externalId ne 'a'"));
  CHECK_FALSE(keys("not (externalId eq 'a')"));
}

TEST_CASE("filter: indexed lookups and scans agree on a store") {
  UserStore store = store_with(300);
  auto run = [&](const std::string& f, bool cs = false) {
    auto q = parse_list_query({{"$filter", f}}, {});
    REQUIRE(q.ok());
    std::vector<std::int64_t> out;
    for (const auto* u : store.list(q.value(), k_base, cs)) {
      out.push_back(u->id);
    }
    return out;
  };
  CHECK(run("externalId eq 'U7'") == std::vector<std::int64_t>{7});
  CHECK(run("externalId eq 'U7'", true).empty());
  CHECK(run("email eq 'u9@example.com' or id eq 250") == std::vector<std::int64_t>{9, 250});
  CHECK(run("externalId eq 'u7' and isLocked eq -1").empty());
  CHECK(run("contains(externalId,'u29')").size() == 11); // u29, u290..u299
  auto q = parse_list_query({{"$filter", "isLocked eq 0"}, {"$skip", "100"}, {"$top", "100"}}, {});
  REQUIRE(q.ok());
  auto page = store.list(q.value(), k_base, false);
  REQUIRE(page.size() == 100);
  CHECK(page.front()->id == 101);
}
