// Contract tests: the retry and idempotency policy against injected faults.
#include "client_fixture.hpp"

#include <catch2/catch.hpp>
#include <chrono>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

const char* k_fault_user = R"({"externalId":"n1","firstName":"New","lastName":"Person",
  "email":"n1@example.com","roleId":3,"costCenterId":100,"divisionId":200,"regionId":1,
  "cityId":11})";

std::size_t stored_with_external_id(const SimServer& sim, const std::string& ext) {
  std::size_t n = 0;
  for (const auto& u : sim.state()) {
    if (u.value("externalId", json()) == ext) {
      ++n;
    }
  }
  return n;
}

} // namespace

TEST_CASE("faults: a POST answered by a dropped connection is Ambiguous, never re-sent",
          "[client][faults]") {
  SeededSim s(make_users(3), {"--drop-after-commit-rate", "1.0"});
  auto client = make_http_client(s.config());
  // Warm a keep-alive connection first: libcurl would silently re-send a
  // request on a reused connection that dies without answering.
  REQUIRE(client->get_user(1).ok());
  auto r = client->create_user(k_fault_user);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Ambiguous);
  CHECK_THAT(r.error().message,
             Catch::StartsWith("POST /Users (externalId 'n1', email 'n1@example.com'): no answer "
                               "after the request was sent ("));
  CHECK_THAT(r.error().message, Catch::EndsWith("); the server may or may not have applied it — "
                                                "look it up before trying again"));
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_kind", "users_create") == 1); // sent exactly once
  CHECK(stored_with_external_id(s.sim, "n1") == 1);        // and it did commit
  // The caller's next step: look it up.
  auto found = client->find_users("externalId", "n1");
  REQUIRE(found.ok());
  CHECK(found->size() == 1);
}

TEST_CASE("faults: a POST answered 5xx is Ambiguous — 429 is retried", "[client][faults]") {
  {
    SeededSim s(make_users(1), {"--error-rate", "1.0"});
    auto r = make_http_client(s.config())->create_user(k_fault_user);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Ambiguous);
    CHECK(count_of(s.sim.counts(), "by_kind", "users_create") == 1);
  }
  SeededSim s(make_users(1), {"--rate-429", "0.6", "--retry-after", "0", "--fault-seed", "3"});
  auto r = make_http_client(s.config())->create_user(k_fault_user);
  REQUIRE(r.ok());
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_kind", "users_create") > 1); // some 429s were retried
  s.sim.set_faults({{"rate_429", 0.0}});
  CHECK(stored_with_external_id(s.sim, "n1") == 1);
}

TEST_CASE("faults: a PATCH answered by a dropped connection is retried to success",
          "[client][faults]") {
  SeededSim s(make_users(3), {"--drop-after-commit-rate", "0.5", "--fault-seed", "9"});
  auto client = make_http_client(s.config());
  for (int i = 1; i <= 3; ++i) {
    auto r = client->patch_user(i, R"([{"op":"replace","path":"/title","value":"Patched"}])");
    REQUIRE(r.ok());
  }
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_kind", "users_patch") > 3); // drops happened and were retried
  s.sim.set_faults({{"drop_after_commit_rate", 0.0}});
  for (const auto& u : s.sim.state()) {
    CHECK(u.at("title") == "Patched");
  }
}

TEST_CASE("faults: GETs slower than the timeout fail as Transport after retries",
          "[client][faults]") {
  SeededSim s(make_users(2), {"--latency-ms", "400"});
  ClientConfig c = s.config();
  c.timeout = std::chrono::milliseconds(100);
  c.max_attempts = 3;
  auto r = make_http_client(c)->get_user(1);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Transport);
  CHECK_THAT(r.error().message, Catch::StartsWith("GET /Users/1: no answer after 3 attempts: "));
  CHECK_THAT(r.error().message, Catch::Contains("Timeout"));
}

TEST_CASE("faults: latency spikes past the timeout are retried — the list stays exact",
          "[client][faults]") {
  SeededSim s(make_users(800), {"--latency-ms", "5", "--spike-rate", "0.25", "--spike-ms", "1500",
                                "--fault-seed", "5"});
  ClientConfig c = s.config(4);
  c.timeout = std::chrono::milliseconds(400);
  auto users = make_http_client(c)->list_users();
  REQUIRE(users.ok());
  CHECK(ids_of(*users) == stored_ids(s.sim));
}

TEST_CASE("faults: the rps ceiling keeps under the server's limit", "[client][faults]") {
  SeededSim s(make_users(1100), {"--rps-limit", "10"});
  ClientConfig c = s.config(4);
  c.max_requests_per_second = 8;
  auto start = std::chrono::steady_clock::now();
  auto users = make_http_client(c)->list_users();
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(users.ok());
  CHECK(ids_of(*users) == stored_ids(s.sim));
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_status", "429") == 0);
  // 12+ requests spaced 125 ms apart.
  CHECK(elapsed >= std::chrono::milliseconds(1300));
}

TEST_CASE("faults: without a ceiling the server's 429s are honoured", "[client][faults]") {
  SeededSim s(make_users(1500), {"--rps-limit", "8"});
  auto users = make_http_client(s.config(8))->list_users();
  REQUIRE(users.ok());
  CHECK(ids_of(*users) == stored_ids(s.sim));
  json counts = s.sim.counts();
  INFO(counts.dump());
  CHECK(count_of(counts, "by_status", "429") > 0);
}
