// Listing exactly whatever the server does with $orderby=id (honour, ignore:
// its own stable order, reject: 400), chosen by the client per run: every
// stored user once, under faults, and a user created or deleted while paging
// detected and listed again — never a wrong set.
#include "client_fixture.hpp"
#include "tests/sim/core/own_order.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <httplib.h>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

struct OrderbyCase {
  const char* server; // jira-align-sim --orderby
  ListingMode mode;   // what the client must find
};

const OrderbyCase k_orderby_cases[] = {{"honour", ListingMode::Honoured},
                                       {"ignore", ListingMode::Ignored},
                                       {"reject", ListingMode::Rejected}};

// The position of `id` among `ids` in the server's listing order.
bool lists_before(const char* server, std::int64_t id, std::int64_t other) {
  return std::string(server) == "ignore" ? sim::own_order_key(id) < sim::own_order_key(other)
                                         : id < other;
}

// An unused id that the server lists before every id in `stored`: creating it
// shifts every page by one.
std::int64_t first_in_order(const char* server, const std::vector<std::int64_t>& stored) {
  for (std::int64_t id = 1; id < 10'000'000; ++id) {
    if (std::find(stored.begin(), stored.end(), id) != stored.end()) {
      continue;
    }
    bool first = std::all_of(stored.begin(), stored.end(),
                             [&](std::int64_t s) { return lists_before(server, id, s); });
    if (first) {
      return id;
    }
  }
  throw std::runtime_error("no id sorts first");
}

// The id the server lists at `position`.
std::int64_t at_position(const char* server, std::vector<std::int64_t> ids, std::size_t position) {
  std::sort(ids.begin(), ids.end(),
            [&](std::int64_t a, std::int64_t b) { return lists_before(server, a, b); });
  return ids.at(position);
}

json user_with_id(std::int64_t id) {
  json u = make_users(1, 1, static_cast<int>(id))[0];
  u["externalId"] = "new" + std::to_string(id);
  u["email"] = "new" + std::to_string(id) + "@example.com";
  return u;
}

std::int64_t list_requests(const SimServer& sim) {
  return count_of(sim.counts(), "by_kind", "users_list");
}

} // namespace

TEST_CASE("listing modes: each is found and lists every stored user once", "[client][list]") {
  for (const OrderbyCase& c : k_orderby_cases) {
    DYNAMIC_SECTION("--orderby " << c.server) {
      SeededSim s(make_users(1234, 3), {"--orderby", c.server, "--strict-top"});
      auto expected = stored_ids(s.sim);
      for (int concurrency : {1, 4}) {
        auto client = make_http_client(s.config(concurrency));
        CHECK_FALSE(client->listing_mode().has_value());
        auto users = client->list_users();
        REQUIRE(users.ok());
        CHECK(ids_of(*users) == expected);
        CHECK(client->listing_mode() == c.mode);
        // The mode is kept: lookups and reference lists use it too.
        auto found = client->find_users("email", "u4@example.com");
        REQUIRE(found.ok());
        REQUIRE(found->size() == 1);
        CHECK(found->at(0).id == 4);
        auto cities = client->list_reference(RefKind::Cities);
        REQUIRE(cities.ok());
        CHECK(cities->size() == 3);
      }
      // A new client probes without listing.
      auto probe = make_http_client(s.config())->probe_listing_mode();
      REQUIRE(probe.ok());
      CHECK(*probe == c.mode);
      // Lookups alone find the mode as well.
      auto lookup_only = make_http_client(s.config());
      auto found = lookup_only->find_users("externalId", "u7");
      REQUIRE(found.ok());
      CHECK(found->size() == 1);
    }
  }
}

TEST_CASE("listing modes: under 20% 5xx and 10% 429 none lost, none twice", "[client][list]") {
  for (const OrderbyCase& c : k_orderby_cases) {
    DYNAMIC_SECTION("--orderby " << c.server) {
      SeededSim s(make_users(2500, 2), {"--orderby", c.server, "--error-rate", "0.2", "--rate-429",
                                        "0.1", "--retry-after", "0", "--fault-seed", "11"});
      auto client = make_http_client(s.config(4));
      auto users = client->list_users();
      REQUIRE(users.ok());
      CHECK(client->listing_mode() == c.mode);
      s.sim.set_faults({{"error_rate", 0.0}, {"rate_429", 0.0}});
      CHECK(ids_of(*users) == stored_ids(s.sim));
      json counts = s.sim.counts();
      INFO(counts.dump());
      CHECK(count_of(counts, "by_status", "429") > 0);
      CHECK(count_of(counts, "by_status", "500") + count_of(counts, "by_status", "502") +
                count_of(counts, "by_status", "503") >
            0);
    }
  }
}

TEST_CASE("listing modes: a user created while paging is detected and listed", "[client][list]") {
  for (const OrderbyCase& c : k_orderby_cases) {
    for (int concurrency : {1, 4}) {
      DYNAMIC_SECTION("--orderby " << c.server << ", concurrency " << concurrency) {
        SeededSim s(make_users(1000, 10, 10), {"--orderby", c.server}); // ids 10, 20, …
        std::int64_t created = first_in_order(c.server, stored_ids(s.sim));
        auto client = make_http_client(s.config(concurrency));
        REQUIRE(client->list_users().ok()); // a clean listing, for its cost
        std::int64_t clean = list_requests(s.sim);
        s.sim.reset_counts();
        std::atomic<bool> done{false};
        auto progress = [&](const ListProgress& p) {
          if (p.pages_done == 4 && !done.exchange(true)) {
            s.sim.put_users(json::array({user_with_id(created)})); // shifts every page
          }
        };
        auto users = client->list_users(progress);
        REQUIRE(done);
        REQUIRE(users.ok());
        CHECK(ids_of(*users) == stored_ids(s.sim));
        CHECK(users->size() == 1001);
        if (concurrency == 1) { // detected: pages were asked again
          CHECK(list_requests(s.sim) > clean);
        }
      }
    }
  }
}

TEST_CASE("listing modes: a user deleted while paging does not make another disappear",
          "[client][list]") {
  for (const OrderbyCase& c : k_orderby_cases) {
    DYNAMIC_SECTION("--orderby " << c.server) {
      SeededSim s(make_users(1000), {"--orderby", c.server});
      std::int64_t removed_id = at_position(c.server, stored_ids(s.sim), 5);
      auto client = make_http_client(s.config(1));
      std::atomic<bool> removed{false};
      auto progress = [&](const ListProgress& p) {
        if (p.pages_done == 5 && !removed.exchange(true)) {
          httplib::Client side_door("127.0.0.1", s.sim.port());
          auto r = side_door.Delete("/_sim/users/" + std::to_string(removed_id));
          REQUIRE(r);
          REQUIRE(r->status == 204);
        }
      };
      auto users = client->list_users(progress);
      REQUIRE(removed);
      REQUIRE(users.ok());
      CHECK(ids_of(*users) == stored_ids(s.sim));
      CHECK(users->size() == 999);
    }
  }
}

TEST_CASE("listing modes: a list that never settles fails loudly in every mode", "[client][list]") {
  for (const OrderbyCase& c : k_orderby_cases) {
    DYNAMIC_SECTION("--orderby " << c.server) {
      SeededSim s(make_users(600, 1000, 1000), {"--orderby", c.server}); // ids 1000, 2000, …
      std::vector<std::int64_t> stored = stored_ids(s.sim);
      std::int64_t next = 1;
      auto progress = [&](const ListProgress&) {
        // Each new user is listed within the first page: every later page shifts.
        std::int64_t bound = at_position(c.server, stored, 50);
        while (std::find(stored.begin(), stored.end(), next) != stored.end() ||
               !lists_before(c.server, next, bound)) {
          ++next;
        }
        stored.push_back(next);
        s.sim.put_users(json::array({user_with_id(next)}));
      };
      auto users = make_http_client(s.config(2))->list_users(progress);
      REQUIRE_FALSE(users.ok());
      CHECK(users.error().kind == ErrorKind::Protocol);
      CHECK_THAT(users.error().message,
                 Catch::StartsWith("GET /Users: the list kept changing while it was paged ("));
    }
  }
}
