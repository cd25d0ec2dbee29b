// Contract tests: adaptive pacing against a server with a limit alignctl is
// not told (jira-align-sim --rps-limit: 429 Retry-After 1 beyond N requests
// in a one-second window). They check that the results stay exact while the
// client finds the limit; how close to the limit it holds is measured by
// bench/pacing.sh, not here.
#include "client_fixture.hpp"

#include <catch2/catch.hpp>
#include <thread>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

TEST_CASE("pacing: with no ceiling a list against an unknown limit is exact", "[client][pacing]") {
  SeededSim s(make_users(4000, 3), {"--rps-limit", "15"});
  auto users = make_http_client(s.config())->list_users();
  REQUIRE(users.ok());
  CHECK(ids_of(*users) == stored_ids(s.sim));
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_status", "429") > 0); // the limit was really there
}

TEST_CASE("pacing: creates and patches from 4 threads against an unknown limit each happen once",
          "[client][pacing]") {
  SeededSim s(make_users(40), {"--rps-limit", "15"});
  auto client = make_http_client(s.config());
  constexpr int k_threads = 4;
  constexpr int k_per_thread = 10;
  std::vector<std::string> failures(k_threads);
  std::vector<std::thread> pool;
  for (int w = 0; w < k_threads; ++w) {
    pool.emplace_back([&, w] {
      for (int i = 0; i < k_per_thread; ++i) {
        int n = w * k_per_thread + i;
        std::string key = "p" + std::to_string(n);
        json body = {{"externalId", key}, {"firstName", "Paced"},
                     {"lastName", key},   {"email", key + "@example.com"},
                     {"roleId", 3},       {"costCenterId", 100},
                     {"divisionId", 200}, {"regionId", 1},
                     {"cityId", 11}};
        auto created = client->create_user(body.dump());
        auto patched = client->patch_user(
            n + 1,
            json::array({{{"op", "replace"}, {"path", "/title"}, {"value", "T" + key}}}).dump());
        if (!created.ok() || !patched.ok()) {
          failures[w] += (created.ok() ? patched.error() : created.error()).message + "\n";
        }
      }
    });
  }
  for (auto& t : pool) {
    t.join();
  }
  for (const auto& f : failures) {
    CHECK(f.empty());
  }
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_status", "429") > 0);
  std::map<std::string, int> seen;
  std::map<std::int64_t, std::string> titles;
  auto text = [](const json& u, const char* key) {
    auto it = u.find(key);
    return it != u.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const auto& u : s.sim.state()) {
    seen[text(u, "externalId")] += 1;
    titles[u.at("id").get<std::int64_t>()] = text(u, "title");
  }
  CHECK(seen.size() == 80);
  for (int n = 0; n < k_threads * k_per_thread; ++n) {
    CHECK(seen["p" + std::to_string(n)] == 1);
    CHECK(titles[n + 1] == "Tp" + std::to_string(n));
  }
}
