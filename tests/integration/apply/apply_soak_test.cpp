// The fault soak (issue 7): a plan applied against a simulator answering 20 %
// of requests 500/502/503, 10 % 429 with Retry-After, dropping 5 % of the
// successful writes after committing them, and delaying some requests beyond
// the client's timeout. One `apply` run must end with the desired state: every
// action done, zero duplicate users, nothing lost — and the read-back
// verification agreeing.
//
// Actions: ALIGNCTL_SOAK_ACTIONS (default 600, the CI form); the long form is
// bench/soak.sh (5,000 actions), which also prints the figures.
#include "apply_scenario.hpp"

#include <chrono>
#include <cstdlib>
#include <fmt/core.h>
#include <sstream>

using namespace alignctl;
using namespace alignctl::test;

TEST_CASE("fault soak: 5xx, 429, commit-then-drop and spikes lose nothing, duplicate nothing",
          "[apply][integration][soak]") {
  const int n = env_count("ALIGNCTL_SOAK_ACTIONS", 600, 10);
  TempDir dir;
  // A quarter each: deactivate, reactivate, retitle, create.
  const int per_kind = n / 4;
  json users = json::array();
  std::vector<Action> actions;
  for (int id = 1; id <= 3 * per_kind; ++id) {
    const int kind = (id - 1) / per_kind;
    json u = seed_user(id, fmt::format("u{:05}", id), kind == 1 ? -1 : 0);
    users.push_back(u);
    actions.push_back(kind == 0   ? deactivate(u)
                      : kind == 1 ? reactivate(u)
                                  : update_title(u, fmt::format("Title {}", id)));
  }
  for (int i = 0; i < n - 3 * per_kind; ++i) {
    actions.push_back(create(fmt::format("c{:05}", i)));
  }
  REQUIRE(static_cast<int>(actions.size()) == n);
  const int creates = n - 3 * per_kind;
  write_seed(dir / "seed.json", users);

  SimOptions so;
  so.seed_file = (dir / "seed.json").string();
  so.extra_args = {"--threads",
                   "32",
                   "--fault-seed",
                   "20261130",
                   "--latency-ms",
                   "5",
                   "--error-rate",
                   "0.2",
                   "--rate-429",
                   "0.1",
                   "--retry-after",
                   "1",
                   "--spike-rate",
                   "0.01",
                   "--spike-ms",
                   "1500",
                   "--drop-after-commit-rate",
                   "0.05"};
  SimServer sim(so);
  std::string plan = write_plan(dir, make_plan(sim.base_url(), actions));

  auto t0 = std::chrono::steady_clock::now();
  // --timeout 1: every spike (1.5 s) outlives the client's patience, so the
  // write may commit after the client gave up on it.
  RunResult r = run_apply(sim, plan, {"--timeout", "1", "--concurrency", "8"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(r.out.substr(r.out.size() > 4000 ? r.out.size() - 4000 : 0) << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(fmt::format("Apply complete: {} done, 0 already done, 0 failed", n)) !=
        std::string::npos);

  // The faults really happened, in the shares asked for.
  json counts = sim.counts();
  const json& faults = counts["faults"];
  const double total = counts["total"].get<double>();
  CHECK(faults.value("error", 0) > 0.15 * total);
  CHECK(faults.value("rate_429", 0) > 0.07 * total);
  CHECK(faults.value("drop_after_commit", 0) > 0);
  CHECK(faults.value("spike", 0) > 0);

  // The final state is the desired state: every user once, with the planned values.
  json state = sim.state();
  auto by_key = users_by_key(state);
  CHECK(state.size() == static_cast<std::size_t>(3 * per_kind + creates));
  CHECK(counts["committed_creates"] == creates);
  int wrong = 0;
  for (const Action& a : actions) {
    auto it = by_key.find(a.key);
    REQUIRE(it != by_key.end());
    REQUIRE(it->second.size() == 1);
    for (const auto& [field, value] : a.after.items()) {
      if (it->second.front().value(field, json(nullptr)) != value) {
        ++wrong;
        UNSCOPED_INFO(a.key << " " << field << " is " << it->second.front().value(field, json())
                            << ", planned " << value);
      }
    }
  }
  CHECK(wrong == 0);

  // The journal has exactly one "done" per action.
  std::map<std::size_t, int> done;
  std::istringstream journal(read_file(plan + ".journal"));
  for (std::string line; std::getline(journal, line);) {
    json rec = json::parse(line);
    if (rec["record"] == "done") {
      ++done[rec["index"].get<std::size_t>()];
    }
  }
  int not_once = 0;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    not_once += done[i] == 1 ? 0 : 1;
  }
  CHECK(not_once == 0);
  WARN(fmt::format("soak: {} actions in {:.1f} s ({:.0f}/s); {} requests: {} 5xx, {} 429, {} "
                   "commit-then-drop, {} spikes",
                   n, seconds, n / seconds, counts["total"].get<long>(), faults.value("error", 0),
                   faults.value("rate_429", 0), faults.value("drop_after_commit", 0),
                   faults.value("spike", 0)));
}
