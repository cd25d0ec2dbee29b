#include "tests/support/fake_jira_align.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using alignctl::test::FakeCall;
using alignctl::test::FakeFailure;
using alignctl::test::FakeJiraAlign;

namespace {

LiveUser person(std::string ext, std::string email, bool connector = false) {
  LiveUser u;
  u.external_id = std::move(ext);
  u.first_name = "Ada";
  u.last_name = "Lovelace";
  u.email = std::move(email);
  u.role_id = 3;
  u.region_id = 1;
  u.cost_center_id = 1;
  if (!connector) {
    u.city_id = 1;
    u.division_id = 1;
  }
  return u;
}

const char* k_create =
    R"({"firstName":"Grace","lastName":"Hopper","email":"grace@example.com","roleId":3,
        "costCenterId":1,"divisionId":1,"regionId":1,"cityId":1,"externalId":"S-1","status":"x"})";

} // namespace

TEST_CASE("fake: create assigns ids and records the call", "[fake]") {
  FakeJiraAlign fake;
  fake.add_user(person("S-0", "a@example.com")); // id 1
  auto id = fake.create_user(k_create);
  REQUIRE(id.ok());
  REQUIRE(id->has_value());
  CHECK(**id == 2);
  auto u = fake.user(2);
  REQUIRE(u);
  CHECK(u->email == "grace@example.com");
  CHECK(u->is_locked == 0);
  auto calls = fake.calls();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].method == "POST");
  CHECK(calls[0].path == "/Users");
  CHECK(calls[0].body == k_create);
}

TEST_CASE("fake: create validates like the contract", "[fake]") {
  FakeJiraAlign fake;
  auto missing = fake.create_user(R"({"firstName":"G","lastName":"H","email":"g@x","roleId":3,
                                      "costCenterId":1,"divisionId":1,"regionId":1})");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::BadRequest);
  CHECK(missing.error().message == "Cannot create user. Value for cityId is invalid.");

  REQUIRE(fake.create_user(k_create).ok());
  auto dup = fake.create_user(k_create);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message == "Cannot create user. A user with this email already exists.");

  fake.set_reference(RefKind::Cities, {{1, "Berlin", 1}});
  auto bad_city = fake.create_user(R"({"firstName":"G","lastName":"H","email":"z@x","roleId":3,
                                       "costCenterId":1,"divisionId":1,"regionId":1,"cityId":9})");
  REQUIRE_FALSE(bad_city.ok());
  CHECK(bad_city.error().message == "Cannot create user. Value for cityId is invalid.");
}

TEST_CASE("fake: patch validates the merged record", "[fake]") {
  FakeJiraAlign fake;
  auto id = fake.add_user(person("C-1", "conn@example.com", /*connector=*/true));
  auto r = fake.patch_user(id, R"([{"op":"replace","path":"/isLocked","value":-1}])");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::BadRequest);
  CHECK(r.error().message ==
        "Cannot update user with id " + std::to_string(id) + ". Value for divisionId is invalid.");
  CHECK(fake.user(id)->is_locked == 0);

  // The same patch passes when it also sets the missing fields.
  r = fake.patch_user(id, R"([{"op":"replace","path":"/isLocked","value":-1},
                              {"op":"add","path":"divisionId","value":4},
                              {"op":"replace","path":"/CityId","value":5}])");
  REQUIRE(r.ok());
  auto u = fake.user(id);
  CHECK(u->is_locked == -1);
  CHECK(u->division_id == 4);
  CHECK(u->city_id == 5);
}

TEST_CASE("fake: read-only fields are ignored and remove clears", "[fake]") {
  FakeJiraAlign fake;
  LiveUser p = person("S-1", "s@example.com");
  p.user_end_date = "2022-10-19T00:00:00Z";
  p.is_locked = -1;
  auto id = fake.add_user(p);
  auto r = fake.patch_user(id, R"([{"op":"replace","path":"/status","value":"Active"},
                                   {"op":"replace","path":"/id","value":99},
                                   {"op":"replace","path":"/isLocked","value":0},
                                   {"op":"remove","path":"/userEndDate"}])");
  REQUIRE(r.ok());
  auto u = fake.user(id);
  REQUIRE(u);
  CHECK(u->is_locked == 0);
  CHECK_FALSE(u->user_end_date.has_value());
  CHECK_FALSE(fake.user(99).has_value());

  auto missing = fake.patch_user(12345, "[]");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::NotFound);
}

TEST_CASE("fake: find by externalId or email, case-insensitive by default", "[fake]") {
  FakeJiraAlign fake;
  fake.add_user(person("S-1", "Mixed@Example.com"));
  fake.add_user(person("O'Brien", "ob@example.com"));
  CHECK(fake.find_users("email", "mixed@example.com")->size() == 1);
  CHECK(fake.find_users("externalId", "O'Brien")->size() == 1);
  CHECK(fake.calls().back().path == "/Users?$filter=externalId eq 'O''Brien'");
  fake.set_case_sensitive_filter(true);
  CHECK(fake.find_users("email", "mixed@example.com")->empty());
}

TEST_CASE("fake: scripted failures, including a create that commits", "[fake]") {
  FakeJiraAlign fake;
  Error ambiguous = make_error(ErrorKind::Ambiguous, "POST /Users: no answer");
  fake.fail_next(FakeFailure{FakeCall::CreateUser, ambiguous, 1, /*commit=*/true, std::nullopt});
  auto r = fake.create_user(k_create);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Ambiguous);
  CHECK(fake.users().size() == 1); // it happened anyway
  CHECK(fake.find_users("externalId", "S-1")->size() == 1);

  auto id = fake.users().front().id;
  Error rejected = make_error(ErrorKind::BadRequest, "Cannot update user with id.", 400);
  fake.fail_next(FakeFailure{FakeCall::PatchUser, rejected, -1, false, id});
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(fake.patch_user(id, "[]").ok());
  }
  auto other = fake.add_user(person("S-2", "two@example.com"));
  CHECK(fake.patch_user(other, "[]").ok());
  CHECK(fake.writes().size() == 5);
}

TEST_CASE("fake: reference data and a missing endpoint", "[fake]") {
  FakeJiraAlign fake;
  fake.set_reference(RefKind::Regions, {{1, "EMEA", std::nullopt}});
  CHECK(fake.list_reference(RefKind::Regions)->size() == 1);
  fake.remove_reference_endpoint(RefKind::Divisions);
  auto d = fake.list_reference(RefKind::Divisions);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == ErrorKind::NotFound);
}

TEST_CASE("fake: list returns every user ordered by id", "[fake]") {
  FakeJiraAlign fake;
  LiveUser a = person("A", "a@x");
  a.id = 50;
  fake.add_user(a);
  fake.add_user(person("B", "b@x")); // gets 51
  LiveUser c = person("C", "c@x");
  c.id = 7;
  fake.add_user(c);
  auto all = fake.list_users();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].id == 7);
  CHECK((*all)[1].id == 50);
  CHECK((*all)[2].id == 51);
}
