// Helpers shared by the client contract tests: a seeded simulator, a client
// configured for fast retries, and comparing a list with /_sim/state.
#pragma once

#include "state/jira/http_client.hpp"
#include "tests/support/sim_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace alignctl::test {

// `n` ordinary users with ids step, 2·step, … (gaps leave room to insert).
inline nlohmann::json make_users(int n, int step = 1, int first_id = 1) {
  nlohmann::json users = nlohmann::json::array();
  for (int i = 0; i < n; ++i) {
    int id = first_id + i * step;
    std::string key = "u" + std::to_string(id);
    users.push_back({{"id", id},
                     {"externalId", key},
                     {"firstName", "First" + std::to_string(id)},
                     {"lastName", "Last"},
                     {"email", key + "@example.com"},
                     {"isLocked", i % 10 == 3 ? -1 : 0},
                     {"isExternal", 0},
                     {"roleId", 3},
                     {"regionId", 1},
                     {"cityId", 11},
                     {"divisionId", 200},
                     {"costCenterId", 100},
                     {"company", "Example Corp"}});
  }
  return users;
}

// A simulator seeded with `users` plus the fixture's reference data.
struct SeededSim {
  TempDir dir{"alignctl-client-it"};
  SimServer sim;
  SeededSim(const nlohmann::json& users, std::vector<std::string> extra_args = {})
      : sim(options(dir, users, std::move(extra_args))) {}

  static SimOptions options(TempDir& d, const nlohmann::json& users,
                            std::vector<std::string> extra_args) {
    write_seed(d / "seed.json", users);
    SimOptions o;
    o.seed_file = (d / "seed.json").string();
    o.extra_args = std::move(extra_args);
    return o;
  }

  ClientConfig config(int concurrency = 4) const {
    ClientConfig c;
    c.base_url = sim.base_url();
    c.token = Secret(sim.token());
    c.token_origin = "environment variable ALIGNCTL_TOKEN";
    c.concurrency = concurrency;
    c.max_attempts = 10;
    c.backoff_base = std::chrono::milliseconds(5);
    c.backoff_max = std::chrono::milliseconds(100);
    c.timeout = std::chrono::milliseconds(5000);
    return c;
  }
};

// The ids of a list of users, in order.
template <class Users> std::vector<std::int64_t> ids_of(const Users& users) {
  std::vector<std::int64_t> ids;
  for (const auto& u : users) {
    ids.push_back(u.id);
  }
  return ids;
}

// The ids /_sim/state holds, in order.
inline std::vector<std::int64_t> stored_ids(const SimServer& sim) {
  std::vector<std::int64_t> ids;
  for (const auto& u : sim.state()) {
    ids.push_back(u.at("id").get<std::int64_t>());
  }
  return ids;
}

inline std::int64_t count_of(const nlohmann::json& counts, const char* group, const char* key) {
  auto g = counts.find(group);
  if (g == counts.end() || !g->contains(key)) {
    return 0;
  }
  return (*g)[key].get<std::int64_t>();
}

} // namespace alignctl::test
