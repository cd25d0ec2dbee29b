// SimApp without sockets: routing, auth, faults, side door.
#include "sim_test_util.hpp"
#include "tests/sim/core/sim_app.hpp"

#include <catch2/catch.hpp>
#include <chrono>

using namespace alignctl::sim;
using namespace alignctl::sim::testutil;

namespace {

HttpRequest request(const std::string& method, const std::string& target,
                    const std::string& token = "sim-token", const std::string& body = "") {
  return bearer_request(method, target, token, body);
}

SimConfig config(bool side_door = true) {
  SimConfig c;
  c.token = "sim-token";
  c.readonly_token = "ro-token";
  c.side_door = side_door;
  return c;
}

SimApp make_app(SimConfig c = config(), int users = 3) {
  return SimApp(std::move(c), store_with(users), [] { return k_now; });
}

nlohmann::json body_of(const HttpResponse& r) {
  return nlohmann::json::parse(r.body);
}

} // namespace

TEST_CASE("app: missing or wrong token is 401 — scheme is case-insensitive") {
  SimApp app = make_app();
  CHECK(app.handle(request("GET", "/rest/align/api/2/Users", "")).status == 401);
  CHECK(app.handle(request("GET", "/rest/align/api/2/Users", "wrong")).status == 401);
  auto r = request("GET", "/rest/align/api/2/Users", "");
  r.headers["authorization"] = "bEaReR sim-token";
  CHECK(app.handle(r).status == 200);
  r.headers["authorization"] = "Basic sim-token";
  CHECK(app.handle(r).status == 401);
  r.headers["authorization"] = "Bearer ";
  CHECK(app.handle(r).status == 401);
}

TEST_CASE("app: the read-only token reads but gets 403 on writes, which change nothing") {
  SimApp app = make_app();
  CHECK(app.handle(request("GET", "/rest/align/api/2/Users/1", "ro-token")).status == 200);
  CHECK(app.handle(request("POST", "/rest/align/api/2/Users", "ro-token",
                           valid_create("n", "n@example.com").dump()))
            .status == 403);
  CHECK(app.handle(request("PATCH", "/rest/align/api/2/Users/1", "ro-token",
                           R"([{"op":"replace","path":"/isLocked","value":-1}])"))
            .status == 403);
  CHECK(app.user_count() == 3);
  CHECK(body_of(app.handle(request("GET", "/rest/align/api/2/users/1")))["isLocked"] == 0);
}

TEST_CASE("app: resource paths are case-insensitive — self links are lowercase") {
  SimApp app = make_app();
  app.set_origin("http://127.0.0.1:9");
  auto a = app.handle(request("GET", "/rest/align/api/2/Users?$top=1"));
  auto b = app.handle(request("GET", "/REST/Align/API/2/users/?$TOP=1"));
  REQUIRE(a.status == 200);
  CHECK(a.body == b.body);
  CHECK(body_of(a)[0]["self"] == "http://127.0.0.1:9/rest/align/api/2/users/1");
}

TEST_CASE("app: GET /Users/{id} answers 404 for an unknown id") {
  SimApp app = make_app();
  auto r = app.handle(request("GET", "/rest/align/api/2/Users/99"));
  CHECK(r.status == 404);
  CHECK(body_of(r)["message"] == "User with id 99 not found.");
  CHECK(app.handle(request("GET", "/rest/align/api/2/Users/abc")).status == 404);
  CHECK(app.handle(request("GET", "/rest/align/api/2/Nope")).status == 404);
}

TEST_CASE("app: POST answers 201 with the user — 400 bodies carry the message") {
  SimApp app = make_app();
  auto r = app.handle(request("POST", "/rest/align/api/2/Users", "sim-token",
                              valid_create("n", "n@example.com").dump()));
  REQUIRE(r.status == 201);
  CHECK(body_of(r)["id"] == 4);
  auto dup = app.handle(request("POST", "/rest/align/api/2/Users", "sim-token",
                                valid_create("n2", "N@example.com").dump()));
  CHECK(dup.status == 400);
  CHECK(body_of(dup)["message"] == "Cannot create user. A user with this email already exists.");
  auto junk = app.handle(request("POST", "/rest/align/api/2/Users", "sim-token", "{"));
  CHECK(junk.status == 400);
}

TEST_CASE("app: --text-errors sends 400 messages as plain text") {
  SimConfig c = config();
  c.text_errors = true;
  SimApp app = make_app(c);
  auto r = app.handle(request("PATCH", "/rest/align/api/2/Users/1", "sim-token",
                              R"([{"op":"replace","path":"/cityId","value":null}])"));
  CHECK(r.status == 400);
  CHECK(r.body == "Cannot update user with id 1. Value for cityId is invalid.");
}

TEST_CASE("app: PATCH answers 204 and the change is visible") {
  SimApp app = make_app();
  auto r = app.handle(request("PATCH", "/rest/align/api/2/users/2", "sim-token",
                              R"([{"op":"replace","path":"isLocked","value":-1}])"));
  CHECK(r.status == 204);
  CHECK(r.body.empty());
  auto u = body_of(app.handle(request("GET", "/rest/align/api/2/users/2")));
  CHECK(u["status"] == "Inactive");
}

TEST_CASE("app: reference endpoints, paging, and --no-divisions") {
  SimApp app = make_app();
  auto regions = body_of(app.handle(request("GET", "/rest/align/api/2/Regions")));
  CHECK(regions.size() == 3);
  auto cities = body_of(app.handle(request("GET", "/rest/align/api/2/cities?$skip=1&$top=1")));
  REQUIRE(cities.size() == 1);
  CHECK(cities[0]["id"] == 21);
  CHECK(cities[0]["regionId"] == 2);
  CHECK(body_of(app.handle(request("GET", "/rest/align/api/2/CostCenters"))).size() == 2);
  CHECK(app.handle(request("GET", "/rest/align/api/2/Divisions")).status == 200);
  SimConfig c = config();
  c.no_divisions = true;
  SimApp without = make_app(c);
  CHECK(without.handle(request("GET", "/rest/align/api/2/Divisions")).status == 404);
}

TEST_CASE("app: $top strictness is configurable") {
  SimApp lax = make_app(config(), 150);
  CHECK(body_of(lax.handle(request("GET", "/rest/align/api/2/Users?$top=150"))).size() == 100);
  SimConfig c = config();
  c.strict_top = true;
  SimApp strict = make_app(c, 150);
  CHECK(strict.handle(request("GET", "/rest/align/api/2/Users?$top=150")).status == 400);
}

TEST_CASE("app: case-sensitive filter switch") {
  SimConfig c = config();
  c.case_sensitive_filter = true;
  SimApp app = make_app(c);
  CHECK(
      body_of(app.handle(request("GET", "/rest/align/api/2/Users?$filter=externalId%20eq%20'U1'")))
          .empty());
  SimApp lax = make_app();
  CHECK(body_of(lax.handle(request("GET", "/rest/align/api/2/Users?$filter=externalId+eq+'U1'")))
            .size() == 1);
}

TEST_CASE("app: side door is 404 unless enabled, and never counted") {
  SimApp off = make_app(config(false));
  CHECK(off.handle(request("GET", "/_sim/health")).status == 404);
  CHECK(off.handle(request("GET", "/_sim/state")).status == 404);
  SimApp on = make_app();
  CHECK(on.handle(request("GET", "/_sim/health")).status == 200);
  auto counts = body_of(on.handle(request("GET", "/_sim/counts")));
  CHECK(counts["total"] == 0);
}

TEST_CASE("app: counts by method, status and kind — reset") {
  SimApp app = make_app();
  app.handle(request("GET", "/rest/align/api/2/Users"));
  app.handle(request("GET", "/rest/align/api/2/Users", "bad"));
  app.handle(request("PATCH", "/rest/align/api/2/Users/1", "sim-token",
                     R"([{"op":"replace","path":"/title","value":"x"}])"));
  auto c = body_of(app.handle(request("GET", "/_sim/counts")));
  CHECK(c["total"] == 3);
  CHECK(c["by_method"]["GET"] == 2);
  CHECK(c["by_status"]["401"] == 1);
  CHECK(c["by_kind"]["users_list"] == 2);
  CHECK(c["by_kind"]["users_patch"] == 1);
  CHECK(c["committed_patches"] == 1);
  CHECK(app.handle(request("POST", "/_sim/reset-counts")).status == 204);
  CHECK(body_of(app.handle(request("GET", "/_sim/counts")))["total"] == 0);
}

TEST_CASE("app: side door state, users (drift) and deletion") {
  SimApp app = make_app();
  auto put = app.handle(request("POST", "/_sim/users", "",
                                R"([{"id":2,"firstName":"Drift","email":"d@x","isLocked":-1},
                                    {"firstName":"New","email":"n@x"}])"));
  REQUIRE(put.status == 200);
  CHECK(body_of(put)["ids"] == nlohmann::json::array({2, 4}));
  auto state = body_of(app.handle(request("GET", "/_sim/state")));
  REQUIRE(state.size() == 4);
  CHECK(state[1]["firstName"] == "Drift");
  CHECK(state[1]["divisionId"].is_null()); // replaced wholesale, no validation
  CHECK(app.handle(request("DELETE", "/_sim/users/4")).status == 204);
  CHECK(app.user_count() == 3);
  CHECK(app.handle(request("POST", "/_sim/users", "", R"([{"roleId":"x"}])")).status == 400);
}

TEST_CASE("app: faults can be changed at runtime and are rejected when malformed") {
  SimApp app = make_app();
  auto r = app.handle(request("POST", "/_sim/faults", "", R"({"error_rate":1})"));
  REQUIRE(r.status == 200);
  CHECK(body_of(r)["error_rate"] == 1.0);
  auto e = app.handle(request("GET", "/rest/align/api/2/Users"));
  CHECK((e.status == 500 || e.status == 502 || e.status == 503));
  auto counts = body_of(app.handle(request("GET", "/_sim/counts")));
  CHECK(counts["by_kind"]["users_list"] == 1); // faulted requests are filed by kind too
  CHECK(counts["faults"]["error"] == 1);
  CHECK(app.handle(request("POST", "/_sim/faults", "", R"({"error_rate":2})")).status == 400);
  CHECK(app.handle(request("POST", "/_sim/faults", "", R"({"bogus":1})")).status == 400);
  // Faults never apply to the side door.
  CHECK(app.handle(request("GET", "/_sim/health")).status == 200);
}

TEST_CASE("app: injected 429 carries Retry-After and has no effect") {
  SimConfig c = config();
  c.faults.rate_429 = 1;
  c.faults.retry_after_s = 7;
  SimApp app = make_app(c);
  auto r = app.handle(request("PATCH", "/rest/align/api/2/Users/1", "sim-token",
                              R"([{"op":"replace","path":"/isLocked","value":-1}])"));
  CHECK(r.status == 429);
  REQUIRE(r.headers.size() >= 2);
  CHECK(r.headers.back() == std::make_pair(std::string("Retry-After"), std::string("7")));
  CHECK(body_of(app.handle(request("GET", "/_sim/state")))[0]["isLocked"] == 0);
}

TEST_CASE("app: the rps limit answers 429 Retry-After 1 beyond N per second") {
  SimConfig c = config();
  c.faults.rps_limit = 5;
  SimApp app = make_app(c);
  int ok = 0, limited = 0;
  for (int i = 0; i < 8; ++i) {
    auto r = app.handle(request("GET", "/rest/align/api/2/Regions"));
    (r.status == 200 ? ok : limited) += 1;
  }
  CHECK(ok == 5);
  CHECK(limited == 3);
  CHECK(body_of(app.handle(request("GET", "/_sim/counts")))["faults"]["rps_limit"] == 3);
}

TEST_CASE("app: drop-after-commit applies the write and asks to drop the connection") {
  SimConfig c = config();
  c.faults.drop_after_commit_rate = 1;
  SimApp app = make_app(c);
  auto r = app.handle(request("POST", "/rest/align/api/2/Users", "sim-token",
                              valid_create("n", "n@example.com").dump()));
  CHECK(r.drop);
  CHECK(app.user_count() == 4);
  auto p = app.handle(request("PATCH", "/rest/align/api/2/Users/1", "sim-token",
                              R"([{"op":"replace","path":"/isLocked","value":-1}])"));
  CHECK(p.drop);
  // A failing write is answered normally.
  auto bad = app.handle(request("POST", "/rest/align/api/2/Users", "sim-token", "{}"));
  CHECK_FALSE(bad.drop);
  CHECK(bad.status == 400);
  // Reads are never dropped.
  CHECK_FALSE(app.handle(request("GET", "/rest/align/api/2/Users")).drop);
  auto counts = body_of(app.handle(request("GET", "/_sim/counts")));
  CHECK(counts["by_status"]["dropped"] == 2);
  CHECK(counts["committed_creates"] == 1);
  CHECK(counts["committed_patches"] == 1);
}

TEST_CASE("app: snapshot is seed-format JSON with every user") {
  SimApp app = make_app();
  auto j = nlohmann::json::parse(app.snapshot());
  CHECK(j["users"].size() == 3);
  CHECK(j["regions"].size() == 3);
  CHECK(j["cities"][0]["regionId"] == 1);
}

TEST_CASE("app: shutdown cuts injected delays short") {
  SimConfig c = config();
  c.faults.latency_ms = 10000;
  SimApp app = make_app(c);
  app.shutdown();
  auto t0 = std::chrono::steady_clock::now();
  CHECK(app.handle(request("GET", "/rest/align/api/2/Regions")).status == 200);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}
