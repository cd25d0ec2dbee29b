// Contract tests: listing every user, under faults and while users change.
#include "client_fixture.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <httplib.h>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

TEST_CASE("list: every stored user once, in id order, at any concurrency", "[client][list]") {
  SeededSim s(make_users(1234, 3), {"--strict-top"});
  auto expected = stored_ids(s.sim);
  REQUIRE(expected.size() == 1234);
  for (int concurrency : {1, 4, 8}) {
    auto users = make_http_client(s.config(concurrency))->list_users();
    REQUIRE(users.ok());
    CHECK(ids_of(*users) == expected);
  }
  auto users = make_http_client(s.config())->list_users();
  CHECK(users->at(3).is_locked == -1);
  CHECK(users->at(0).external_id == "u1");
  CHECK(users->at(0).company == "Example Corp");
}

TEST_CASE("list: empty tenants and exact page multiples", "[client][list]") {
  for (int n : {0, 1, 99, 100, 198, 199, 200}) {
    SeededSim s(make_users(n));
    auto users = make_http_client(s.config(3))->list_users();
    REQUIRE(users.ok());
    CHECK(ids_of(*users) == stored_ids(s.sim));
    CHECK(users->size() == static_cast<std::size_t>(n));
  }
}

TEST_CASE("list: under 20% injected 5xx and 10% 429 none lost, none twice", "[client][list]") {
  SeededSim s(make_users(3000, 2), {"--error-rate", "0.2", "--rate-429", "0.1", "--retry-after",
                                    "1", "--fault-seed", "42"});
  auto users = make_http_client(s.config(4))->list_users();
  REQUIRE(users.ok());
  s.sim.set_faults({{"error_rate", 0.0}, {"rate_429", 0.0}});
  CHECK(ids_of(*users) == stored_ids(s.sim));
  json counts = s.sim.counts();
  INFO(counts.dump());
  // The faults really happened.
  CHECK(count_of(counts, "by_status", "429") > 0);
  CHECK(count_of(counts, "by_status", "500") + count_of(counts, "by_status", "502") +
            count_of(counts, "by_status", "503") >
        0);
}

TEST_CASE("list: users inserted before the cursor while paging are neither lost nor doubled",
          "[client][list]") {
  for (int concurrency : {1, 4}) {
    SeededSim s(make_users(1000, 10)); // ids 1, 11, 21, …
    std::atomic<bool> inserted{false};
    auto progress = [&](const ListProgress& p) {
      if (p.pages_done == 4 && !inserted.exchange(true)) {
        // Low ids shift every later page by three.
        json extra = make_users(3, 1, 2);
        for (auto& u : extra) {
          u["email"] = "new" + std::to_string(u["id"].get<int>()) + "@example.com";
          u["externalId"] = "new" + std::to_string(u["id"].get<int>());
        }
        s.sim.put_users(extra);
      }
    };
    auto users = make_http_client(s.config(concurrency))->list_users(progress);
    REQUIRE(inserted);
    REQUIRE(users.ok());
    CHECK(ids_of(*users) == stored_ids(s.sim));
    CHECK(users->size() == 1003);
  }
}

TEST_CASE("list: a user removed while paging does not make another disappear", "[client][list]") {
  SeededSim s(make_users(1000));
  std::atomic<bool> removed{false};
  auto progress = [&](const ListProgress& p) {
    if (p.pages_done == 5 && !removed.exchange(true)) {
      // Removing user 5 shifts every later page back by one: with plain
      // $skip paging the first user of each later page would be skipped.
      httplib::Client side_door("127.0.0.1", s.sim.port());
      auto r = side_door.Delete("/_sim/users/5");
      REQUIRE(r);
      REQUIRE(r->status == 204);
    }
  };
  auto users = make_http_client(s.config(1))->list_users(progress);
  REQUIRE(removed);
  REQUIRE(users.ok());
  CHECK(ids_of(*users) == stored_ids(s.sim));
  CHECK(users->size() == 999);
}

TEST_CASE("list: a list that never settles fails loudly instead of returning a wrong set",
          "[client][list]") {
  SeededSim s(make_users(600, 1000, 1000)); // ids 1000, 2000, …
  std::atomic<int> next{1};
  auto progress = [&](const ListProgress&) {
    int id = next++;
    json u = make_users(1, 1, id)[0];
    s.sim.put_users(json::array({u}));
  };
  auto users = make_http_client(s.config(2))->list_users(progress);
  REQUIRE_FALSE(users.ok());
  CHECK(users.error().kind == ErrorKind::Protocol);
  CHECK_THAT(users.error().message,
             Catch::StartsWith("GET /Users: the list kept changing while it was paged ("));
  CHECK_THAT(users.error().message,
             Catch::EndsWith(") after 3 tries; no partial result is returned — try again"));
}
