// Contract tests: every endpoint of the real client against jira-align-sim.
#include "client_fixture.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

json connector_user(int id) {
  // A user created by a Jira connector: no externalId, divisionId or cityId.
  return {{"id", id},
          {"firstName", "Conn"},
          {"lastName", "Ector"},
          {"email", "connector@example.com"},
          {"isLocked", 0},
          {"roleId", 3},
          {"regionId", 1},
          {"costCenterId", 100}};
}

const char* k_new_user = R"({"externalId":"o'neil","firstName":"Shaq","lastName":"O'Neil",
  "email":"shaq@example.com","roleId":3,"costCenterId":100,"divisionId":200,"regionId":1,
  "cityId":11,"title":"Center","isExternal":0})";

} // namespace

TEST_CASE("client: get one user, and 404 for an unknown id", "[client][endpoints]") {
  SeededSim s(make_users(5));
  auto client = make_http_client(s.config());
  auto u = client->get_user(4);
  REQUIRE(u.ok());
  CHECK(u->id == 4);
  CHECK(u->external_id == "u4");
  CHECK(u->email == "u4@example.com");
  CHECK(u->division_id == 200);
  CHECK(u->is_locked == -1);

  auto missing = client->get_user(999);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::NotFound);
  CHECK(missing.error().http_status == 404);
  CHECK(missing.error().message == "GET /Users/999: no user with id 999 (HTTP 404)");
}

TEST_CASE("client: find by externalId and email with $filter, quotes escaped",
          "[client][endpoints]") {
  json users = make_users(3);
  users[1]["externalId"] = "o'brien";
  users[1]["email"] = "Pat.OBrien@Example.com";
  SeededSim s(users);
  auto client = make_http_client(s.config());
  auto by_ext = client->find_users("externalId", "o'brien");
  REQUIRE(by_ext.ok());
  REQUIRE(by_ext->size() == 1);
  CHECK(by_ext->front().id == 2);
  auto by_email = client->find_users("email", "pat.obrien@example.com");
  REQUIRE(by_email.ok());
  REQUIRE(by_email->size() == 1); // the simulator compares case-insensitively by default
  CHECK(by_email->front().id == 2);
  auto none = client->find_users("externalId", "nobody' or 1 eq 1 or '");
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("client: $filter string comparison may be case-sensitive", "[client][endpoints]") {
  json users = make_users(2);
  users[0]["email"] = "Mixed@Example.com";
  SeededSim s(users, {"--case-sensitive-filter"});
  auto client = make_http_client(s.config());
  CHECK(client->find_users("email", "mixed@example.com")->empty());
  CHECK(client->find_users("email", "Mixed@Example.com")->size() == 1);
}

TEST_CASE("client: create returns the new id — the user is stored once", "[client][endpoints]") {
  SeededSim s(make_users(2));
  auto client = make_http_client(s.config());
  auto id = client->create_user(k_new_user);
  REQUIRE(id.ok());
  REQUIRE(id->has_value());
  auto u = client->get_user(**id);
  REQUIRE(u.ok());
  CHECK(u->external_id == "o'neil");
  CHECK(u->last_name == "O'Neil");
  CHECK(stored_ids(s.sim).size() == 3);
  CHECK(count_of(s.sim.counts(), "by_kind", "users_create") == 1);
}

TEST_CASE("client: create rejected with 400 quotes the server", "[client][endpoints]") {
  SeededSim s(make_users(1));
  auto client = make_http_client(s.config());
  auto r = client->create_user(R"({"externalId":"x1","firstName":"A","lastName":"B",
    "email":"x1@example.com","roleId":3,"costCenterId":100,"divisionId":200,"regionId":1})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::BadRequest);
  CHECK(r.error().message ==
        "POST /Users (externalId 'x1', email 'x1@example.com'): the server rejected the request "
        "(HTTP 400): server said \"Cannot create user. Value for cityId is invalid.\"");
  auto dup = client->create_user(R"({"externalId":"x2","firstName":"A","lastName":"B",
    "email":"u1@example.com","roleId":3,"costCenterId":100,"divisionId":200,"regionId":1,
    "cityId":11})");
  REQUIRE_FALSE(dup.ok());
  CHECK_THAT(dup.error().message, Catch::EndsWith("A user with this email already exists.\""));
}

TEST_CASE("client: plain-text error bodies are quoted too", "[client][endpoints]") {
  SeededSim s(make_users(1), {"--text-errors"});
  auto client = make_http_client(s.config());
  auto r = client->patch_user(1, R"([{"op":"replace","path":"/cityId","value":424242}])");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "PATCH /Users/1: the server rejected the request (HTTP 400): server "
                             "said \"Cannot update user with id 1. Value for cityId is invalid.\"");
}

TEST_CASE("client: patch applies — merged-record validation is reported", "[client][endpoints]") {
  json users = make_users(2);
  users.push_back(connector_user(7));
  SeededSim s(users);
  auto client = make_http_client(s.config());
  auto r = client->patch_user(
      1,
      R"([{"op":"replace","path":"/isLocked","value":-1},{"op":"replace","path":"title","value":"Boss"}])");
  REQUIRE(r.ok());
  auto u = client->get_user(1);
  CHECK(u->is_locked == -1);
  CHECK(u->title == "Boss");

  auto bad = client->patch_user(7, R"([{"op":"replace","path":"/isLocked","value":-1}])");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::BadRequest);
  CHECK(bad.error().http_status == 400);
  CHECK(bad.error().message ==
        "PATCH /Users/7: the server rejected the request (HTTP 400): server said \"Cannot update "
        "user with id 7. Value for divisionId is invalid.\"");
  // Setting the missing fields in the same patch passes.
  auto fixed = client->patch_user(7, R"([{"op":"replace","path":"/isLocked","value":-1},
      {"op":"add","path":"/divisionId","value":200},{"op":"add","path":"/cityId","value":11}])");
  REQUIRE(fixed.ok());
  CHECK(client->get_user(7)->is_locked == -1);

  auto missing = client->patch_user(999, "[]");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::NotFound);
}

TEST_CASE("client: reference data, and a site without Divisions", "[client][endpoints]") {
  {
    SeededSim s(make_users(1));
    auto client = make_http_client(s.config());
    auto regions = client->list_reference(RefKind::Regions);
    REQUIRE(regions.ok());
    REQUIRE(regions->size() == 3);
    CHECK(regions->at(1).id == 2);
    CHECK(regions->at(1).name == "EMEA");
    auto cities = client->list_reference(RefKind::Cities);
    REQUIRE(cities.ok());
    REQUIRE(cities->size() == 3);
    CHECK(cities->at(0).id == 11);
    CHECK(cities->at(0).region_id == 1);
    CHECK(client->list_reference(RefKind::CostCenters)->size() == 2);
    CHECK(client->list_reference(RefKind::Divisions)->size() == 2);
  }
  SeededSim s(make_users(1), {"--no-divisions"});
  auto client = make_http_client(s.config());
  auto d = client->list_reference(RefKind::Divisions);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == ErrorKind::NotFound);
  CHECK(d.error().message == "GET /Divisions: this site has no Divisions endpoint (HTTP 404)");
}

TEST_CASE("client: 401 and 403 say what to fix and never show the token", "[client][endpoints]") {
  SeededSim s(make_users(1), {"--readonly-token", "reader:1|ro-token"});
  ClientConfig wrong = s.config();
  wrong.token = Secret("user:1|wrong-token");
  auto r = make_http_client(wrong)->list_users();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Auth);
  CHECK(r.error().message ==
        "GET /Users?$skip=0&$top=100&$orderby=id: the token was rejected (HTTP 401) — check that "
        "environment variable ALIGNCTL_TOKEN holds a current Jira Align API token (a token ends "
        "when it is regenerated) and that --url points at the right site");
  CHECK(r.error().message.find("wrong-token") == std::string::npos);

  ClientConfig reader = s.config();
  reader.token = Secret("reader:1|ro-token");
  auto client = make_http_client(reader);
  REQUIRE(client->get_user(1).ok());
  auto w = client->patch_user(1, R"([{"op":"replace","path":"/title","value":"x"}])");
  REQUIRE_FALSE(w.ok());
  CHECK(w.error().kind == ErrorKind::Forbidden);
  CHECK_THAT(w.error().message,
             Catch::StartsWith("PATCH /Users/1: the token's user lacks the privilege (HTTP 403) — "
                               "provisioning needs a Super Admin token"));
  CHECK(w.error().message.find("ro-token") == std::string::npos);
}

TEST_CASE("client: an oversized answer is a Protocol error", "[client][endpoints]") {
  SeededSim s(make_users(50));
  ClientConfig c = s.config();
  c.max_response_bytes = 2000;
  auto r = make_http_client(c)->list_users();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Protocol);
  CHECK_THAT(r.error().message,
             Catch::EndsWith(": the answer's body exceeds the limit of 2000 bytes"));
}
