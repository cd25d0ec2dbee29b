#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace alignctl::sim;
using namespace alignctl::sim::testutil;

namespace {

std::string create_error(UserStore& store, const nlohmann::json& body) {
  auto r = store.create(body, k_now);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().http_status == 400);
  return r.error().message;
}

std::string patch_error(UserStore& store, std::int64_t id, const nlohmann::json& ops) {
  auto r = store.patch(id, ops, "2026-02-02T00:00:00Z");
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

// A connector "Integrated User": no externalId, divisionId or cityId.
User connector_user(std::int64_t id) {
  User u;
  u.id = id;
  u.get(StrSlot::FirstName) = "Jira";
  u.get(StrSlot::LastName) = "Bot";
  u.get(StrSlot::Email) = "bot@example.com";
  u.get(IntSlot::RoleId) = 7;
  u.get(IntSlot::RegionId) = 1;
  u.get(IntSlot::CostCenterId) = 100;
  u.get(IntSlot::IsLocked) = 0;
  return u;
}

} // namespace

TEST_CASE("store: create assigns increasing ids and fills the defaults") {
  UserStore store;
  auto a = store.create(valid_create("a", "a@example.com"), k_now);
  auto b = store.create(valid_create("b", "b@example.com"), k_now);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(b.value() == a.value() + 1);
  const User* u = store.find(a.value());
  REQUIRE(u != nullptr);
  CHECK(u->get(IntSlot::IsLocked) == 0);
  CHECK(u->get(StrSlot::CreateDate) == k_now);
  auto j = user_to_json(*u, k_base);
  CHECK(j["status"] == "Active");
  CHECK(j["fullName"] == "Ann Davis");
  CHECK(j["uid"] == std::to_string(a.value()));
  CHECK(j["self"] == k_base + "/" + std::to_string(a.value()));
  CHECK(j["teams"] == nlohmann::ordered_json::array());
  CHECK(j.size() == user_fields().size());
}

TEST_CASE("store: create requires each mandatory field, in the documented order") {
  for (const char* field : {"firstName", "lastName", "email", "roleId", "costCenterId",
                            "divisionId", "regionId", "cityId"}) {
    UserStore store;
    auto body = valid_create("a", "a@example.com");
    body.erase(field);
    CHECK(create_error(store, body) ==
          std::string("Cannot create user. Value for ") + field + " is invalid.");
  }
}

TEST_CASE("store: create rejects ids missing from the reference data and wrong types") {
  UserStore store;
  auto body = valid_create("a", "a@example.com");
  body["cityId"] = 99;
  CHECK(create_error(store, body) == "Cannot create user. Value for cityId is invalid.");
  body = valid_create("a", "a@example.com");
  body["divisionId"] = 999;
  CHECK(create_error(store, body) == "Cannot create user. Value for divisionId is invalid.");
  body = valid_create("a", "a@example.com");
  body["roleId"] = "3";
  CHECK(create_error(store, body) == "Cannot create user. Value for roleId is invalid.");
  body = valid_create("a", "not-an-email");
  CHECK(create_error(store, body) == "Cannot create user. Value for email is invalid.");
  body = valid_create("a", "a@example.com");
  body["isLocked"] = 5;
  CHECK(create_error(store, body) == "Cannot create user. Value for isLocked is invalid.");
  CHECK(create_error(store, nlohmann::json::array()) ==
        "Cannot create user. The request body must be a JSON object.");
  CHECK(store.size() == 0);
}

TEST_CASE("store: duplicate email or externalId is rejected case-insensitively") {
  UserStore store;
  REQUIRE(store.create(valid_create("adavis", "ann@example.com"), k_now).ok());
  CHECK(create_error(store, valid_create("other", "ANN@Example.COM")) ==
        "Cannot create user. A user with this email already exists.");
  CHECK(create_error(store, valid_create("ADAVIS", "new@example.com")) ==
        "Cannot create user. A user with this externalId already exists.");
  CHECK(store.size() == 1);
}

TEST_CASE("store: with accept_duplicates, create takes a taken email and externalId") {
  UserStore store;
  REQUIRE(store.create(valid_create("adavis", "ann@example.com"), k_now).ok());
  auto again = store.create(valid_create("ADAVIS", "ANN@example.com"), k_now, true);
  REQUIRE(again.ok());
  CHECK(again.value() == 2);
  CHECK(store.size() == 2);
  CHECK(create_error(store, valid_create("x", "ann@example.com")) ==
        "Cannot create user. A user with this email already exists.");
}

TEST_CASE("store: create ignores read-only and unknown fields") {
  UserStore store;
  auto body = valid_create("a", "a@example.com");
  body["id"] = 999;
  body["status"] = "Inactive";
  body["createDate"] = "1999-01-01T00:00:00Z";
  body["favouriteColour"] = "blue";
  auto id = store.create(body, k_now);
  REQUIRE(id.ok());
  CHECK(id.value() == 1);
  CHECK(store.find(1)->get(StrSlot::CreateDate) == k_now);
}

TEST_CASE("store: patch replaces, adds and removes — the leading slash is optional") {
  UserStore store = store_with(1);
  auto r = store.patch(
      1,
      nlohmann::json::array({op("replace", "/title", "Boss"), op("add", "employeeId", "E1"),
                             op("replace", "LASTNAME", "Khan"), op("remove", "/userStartDate")}),
      "2026-02-02T00:00:00Z");
  REQUIRE(r.ok());
  CHECK(r.value() == true);
  const User* u = store.find(1);
  CHECK(u->get(StrSlot::Title) == "Boss");
  CHECK(u->get(StrSlot::EmployeeId) == "E1");
  CHECK(u->get(StrSlot::LastName) == "Khan");
  CHECK(u->get(StrSlot::LastUpdatedDate) == "2026-02-02T00:00:00Z");
  CHECK(u->get(StrSlot::CreateDate) == k_now);
}

TEST_CASE("store: patch silently ignores read-only fields and succeeds") {
  UserStore store = store_with(1);
  auto r = store.patch(
      1,
      nlohmann::json::array(
          {op("replace", "/status", "Inactive"), op("replace", "/fullName", "X Y"),
           op("replace", "/id", 77), op("replace", "/uid", "77"), op("replace", "/self", "x"),
           op("replace", "/createDate", "x"), op("replace", "/lastUpdatedDate", "x")}),
      "2026-02-02T00:00:00Z");
  REQUIRE(r.ok());
  CHECK(r.value() == false);
  auto j = user_to_json(*store.find(1), k_base);
  CHECK(j["status"] == "Active");
  CHECK(j["fullName"] == "Ann Davis");
  CHECK(j["lastUpdatedDate"] == k_now);
  CHECK(store.find(77) == nullptr);
}

TEST_CASE("store: isLocked drives status — -1 and 1 are inactive — userEndDate may be nulled") {
  UserStore store = store_with(1);
  auto status = [&] { return user_to_json(*store.find(1), k_base)["status"]; };
  REQUIRE(store.patch(1, nlohmann::json::array({op("replace", "/isLocked", -1)}), k_now).ok());
  CHECK(status() == "Inactive");
  REQUIRE(store
              .patch(1,
                     nlohmann::json::array({op("replace", "/isLocked", 1),
                                            op("replace", "/userEndDate", "2026-01-01T00:00:00Z")}),
                     k_now)
              .ok());
  CHECK(status() == "Inactive");
  REQUIRE(store
              .patch(1,
                     nlohmann::json::array(
                         {op("replace", "/isLocked", 0), op("replace", "/userEndDate", nullptr)}),
                     k_now)
              .ok());
  CHECK(status() == "Active");
  CHECK_FALSE(store.find(1)->get(StrSlot::UserEndDate).has_value());
  CHECK(patch_error(store, 1, nlohmann::json::array({op("replace", "/isLocked", 2)})) ==
        "Cannot update user with id 1. Value for isLocked is invalid.");
}

TEST_CASE("store: patch validates the merged record (connector users)") {
  UserStore store;
  store.put(connector_user(5));
  CHECK(patch_error(store, 5, nlohmann::json::array({op("replace", "/isLocked", -1)})) ==
        "Cannot update user with id 5. Value for divisionId is invalid.");
  CHECK(patch_error(store, 5,
                    nlohmann::json::array(
                        {op("replace", "/isLocked", -1), op("replace", "/divisionId", 200)})) ==
        "Cannot update user with id 5. Value for cityId is invalid.");
  CHECK(store.find(5)->get(IntSlot::IsLocked) == 0); // nothing applied
  auto r = store.patch(
      5,
      nlohmann::json::array({op("replace", "/divisionId", 200), op("replace", "/cityId", 11),
                             op("replace", "/isLocked", -1)}),
      k_now);
  REQUIRE(r.ok());
  CHECK(store.find(5)->get(IntSlot::IsLocked) == -1);
}

TEST_CASE("store: an empty-string company fails every patch unless the patch fixes it") {
  UserStore store = store_with(1);
  User u = *store.find(1);
  u.get(StrSlot::Company) = "";
  store.put(u);
  CHECK(patch_error(store, 1, nlohmann::json::array({op("replace", "/title", "x")})) ==
        "Cannot update user with id 1. Value for company is invalid.");
  CHECK(store
            .patch(1,
                   nlohmann::json::array(
                       {op("replace", "/title", "x"), op("replace", "/company", "Acme")}),
                   k_now)
            .ok());
  CHECK(store.patch(1, nlohmann::json::array({op("remove", "/company")}), k_now)
            .ok()); // null is fine, "" is not
}

TEST_CASE("store: patch errors — unknown id, bad document, unknown field, duplicate email") {
  UserStore store = store_with(2);
  auto r = store.patch(9, nlohmann::json::array({op("replace", "/title", "x")}), k_now);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().http_status == 404);
  CHECK(patch_error(store, 1, nlohmann::json::object()) ==
        "Cannot update user with id 1. The request body must be a JSON Patch array.");
  CHECK(patch_error(store, 1, nlohmann::json::array({op("replace", "/nickname", "x")})) ==
        "Cannot update user with id 1. Unknown property 'nickname'.");
  CHECK(patch_error(store, 1, nlohmann::json::array({op("move", "/title", "x")})) ==
        "Cannot update user with id 1. Unsupported operation 'move'.");
  CHECK(patch_error(store, 1, nlohmann::json::array({{{"op", "replace"}, {"path", "/title"}}})) ==
        "Cannot update user with id 1. Operation 'replace' on 'title' needs a value.");
  CHECK(patch_error(store, 1, nlohmann::json::array({op("replace", "/roleId", "admin")})) ==
        "Cannot update user with id 1. Value for roleId is invalid.");
  CHECK(patch_error(store, 1, nlohmann::json::array({op("replace", "/email", "U2@EXAMPLE.com")})) ==
        "Cannot update user with id 1. A user with this email already exists.");
  // Changing the case of one's own email is not a duplicate.
  CHECK(store.patch(1, nlohmann::json::array({op("replace", "/email", "U1@example.com")}), k_now)
            .ok());
}

TEST_CASE("store: indexes follow patches, puts and removals") {
  UserStore store = store_with(2);
  REQUIRE(store.patch(1, nlohmann::json::array({op("replace", "/externalId", "NEW")}), k_now).ok());
  CHECK(store.ids_by_external_id("u1").empty());
  CHECK(store.ids_by_external_id("new") == std::vector<std::int64_t>{1});
  User drift = *store.find(2);
  drift.get(StrSlot::Email) = "U1@EXAMPLE.COM"; // side door may create duplicates
  store.put(drift);
  CHECK(store.ids_by_email("u1@example.com") == std::vector<std::int64_t>{1, 2});
  CHECK(store.remove(1));
  CHECK_FALSE(store.remove(1));
  CHECK(store.ids_by_email("u1@example.com") == std::vector<std::int64_t>{2});
}

TEST_CASE("store: put keeps id order and the next id above the highest") {
  UserStore store;
  User a = connector_user(50);
  User b = connector_user(10);
  store.put(a);
  store.put(b);
  CHECK(store.users().front().id == 10);
  CHECK(store.users().back().id == 50);
  auto id = store.create(valid_create("x", "x@example.com"), k_now);
  REQUIRE(id.ok());
  CHECK(id.value() == 51);
}
