#include "state/model/live_user_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace alignctl;
using nlohmann::json;

TEST_CASE("live user JSON: connector user with nulls and numeric strings", "[live_user]") {
  json j = json::parse(R"({"id": "42", "externalId": null, "firstName": "Ann", "isLocked": -1,
    "divisionId": null, "cityId": "7", "roleId": 9, "teams": [], "self": "x", "unknown": {}})");
  auto r = live_user_from_json(j);
  REQUIRE(r.ok());
  CHECK(r->id == 42);
  CHECK_FALSE(r->external_id.has_value());
  CHECK(r->first_name == "Ann");
  CHECK(r->is_locked == -1);
  CHECK_FALSE(r->active());
  CHECK_FALSE(r->division_id.has_value());
  CHECK(r->city_id == 7);
  CHECK(live_user_field(*r, "cityId") == json(7));
  CHECK(live_user_field(*r, "externalId").is_null());
  CHECK(live_user_field(*r, "nonsense").is_discarded());
  CHECK(live_user_to_json(*r)["roleId"] == json(9));
}

TEST_CASE("live user JSON: wrong kinds are protocol errors naming the field", "[live_user]") {
  auto r = live_user_from_json(json::parse(R"({"id": 1, "email": {"a": 1}})"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Protocol);
  CHECK(r.error().message == R"(user field 'email' is not a string: {"a":1})");
  auto no_id = live_user_from_json(json::parse(R"({"email": "a@b"})"));
  REQUIRE_FALSE(no_id.ok());
  CHECK(no_id.error().message == "user object has no 'id'");
  CHECK_FALSE(live_user_from_json(json::parse(R"({"id": "x1"})")).ok());
}
