// apply against a misbehaving simulator: commit-then-drop never yields a
// duplicate user; a per-user 400 does not stop the others.
#include "apply_scenario.hpp"

#include <sstream>

using namespace alignctl;
using namespace alignctl::test;

TEST_CASE("commit-then-drop faults yield zero duplicate users", "[apply][integration]") {
  TempDir dir;
  json users = json::array();
  std::vector<Action> actions;
  for (int i = 1; i <= 20; ++i) {
    users.push_back(seed_user(i, "old" + std::to_string(i)));
  }
  write_seed(dir / "seed.json", users);
  for (const json& u : users) {
    actions.push_back(deactivate(u));
  }
  for (int i = 0; i < 40; ++i) {
    actions.push_back(create("new" + std::to_string(i)));
  }
  SimOptions o;
  o.seed_file = (dir / "seed.json").string();
  o.extra_args = {"--drop-after-commit-rate", "0.3", "--fault-seed", "7"};
  SimServer sim(o);
  std::string plan = write_plan(dir, make_plan(sim.base_url(), actions));
  RunResult r = run_apply(sim, plan, {"--timeout", "5"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  json counts = sim.counts();
  CHECK(counts["faults"].value("drop_after_commit", 0) > 5); // the fault really happened
  CHECK(counts["committed_creates"] == 40);
  auto by_key = users_by_key(sim.state());
  for (int i = 0; i < 40; ++i) {
    auto it = by_key.find("new" + std::to_string(i));
    REQUIRE(it != by_key.end());
    CHECK(it->second.size() == 1);
  }
  for (int i = 1; i <= 20; ++i) {
    CHECK(by_key["old" + std::to_string(i)].at(0)["isLocked"] == -1);
  }
  CHECK(sim.state().size() == 60);
  CHECK(r.out.find("Apply complete: 60 done") != std::string::npos);
}

TEST_CASE("a per-user 400 does not stop the others", "[apply][integration]") {
  TempDir dir;
  json users = json::array();
  for (int i = 1; i <= 5; ++i) {
    users.push_back(seed_user(i, "old" + std::to_string(i)));
  }
  write_seed(dir / "seed.json", users);
  std::vector<Action> actions;
  for (const json& u : users) {
    actions.push_back(deactivate(u));
  }
  for (int i = 0; i < 6; ++i) {
    actions.push_back(create("new" + std::to_string(i), i == 2 ? 999 : 11)); // city 999: invalid
  }
  SimOptions o;
  o.seed_file = (dir / "seed.json").string();
  SimServer sim(o);
  std::string plan = write_plan(dir, make_plan(sim.base_url(), actions));
  RunResult r = run_apply(sim, plan);
  CHECK(r.exit_code == 4);
  CHECK(r.out.find("Apply incomplete: 10 done, 0 already done, 1 failed") != std::string::npos);
  CHECK(r.err.find("failed: create new2: HTTP 400: ") != std::string::npos);
  auto by_key = users_by_key(sim.state());
  CHECK(by_key.count("new2") == 0);
  CHECK(by_key.count("new5") == 1);
  CHECK(by_key["old5"].at(0)["isLocked"] == -1);
  bool failed_recorded = false;
  std::istringstream journal(read_file(plan + ".journal"));
  for (std::string line; std::getline(journal, line);) {
    json rec = json::parse(line);
    failed_recorded = failed_recorded || (rec["record"] == "failed" && rec["index"] == 7 &&
                                          rec["key"] == "new2" && rec["status"] == 400);
  }
  CHECK(failed_recorded);
  // Applying again retries only the failed action (still refused), nothing else.
  sim.reset_counts();
  RunResult again = run_apply(sim, plan);
  CHECK(again.exit_code == 4);
  CHECK(sim.counts()["by_method"].value("POST", 0) == 1);
  CHECK(sim.counts()["by_method"].value("PATCH", 0) == 0);
  CHECK(again.out.find("Apply incomplete: 0 done, 10 already done, 1 failed") != std::string::npos);
}
