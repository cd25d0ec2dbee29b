// Two applies of the same reviewed plan racing from two places (two CI
// runners: two journals, so the journal lock cannot help) against a server
// that accepts duplicate emails (jira-align-sim --accept-duplicate-users).
// Each process talks through its own proxy, which lets both finish their
// precondition checks before either writes, then lets the first runner go and
// delays every request of the second by 300 ms — the second is "a re-run
// started while the first is still going", further from the server.
#include "apply_scenario.hpp"
#include "recording_proxy.hpp"

#include <future>
#include <thread>

using namespace alignctl;
using namespace alignctl::test;

namespace {

constexpr int k_race_creates = 24;

RunResult apply_through(const SimServer& sim, const RecordingProxy& proxy, const TempDir& dir,
                        const std::string& name) {
  Plan plan = make_plan(proxy.base_url(), {});
  for (int i = 0; i < k_race_creates; ++i) {
    plan.actions.push_back(create("race" + std::to_string(i)));
  }
  std::string path = write_plan(dir, plan, name + ".plan.json");
  std::vector<std::string> argv = {alignctl_bin(),
                                   "apply",
                                   path,
                                   "--url",
                                   proxy.base_url(),
                                   "--token-env",
                                   "SIM_TOKEN",
                                   "--progress",
                                   "lines",
                                   "--journal",
                                   (dir / (name + ".journal")).string()};
  RunOptions o;
  o.env["SIM_TOKEN"] = sim.token();
  o.unset_env = {"ALIGNCTL_PLAN_KEY"};
  o.timeout = std::chrono::seconds(120);
  return run_command(argv, o);
}

void wait_for_answers(const RecordingProxy& proxy, std::size_t n) {
  for (int i = 0; i < 6000 && proxy.answered() < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(proxy.answered() >= n);
}

} // namespace

TEST_CASE("two applies of one plan racing against a server that accepts duplicates create "
          "each user once",
          "[apply][integration][race]") {
  TempDir dir;
  SimOptions so;
  so.extra_args = {"--accept-duplicate-users"};
  SimServer sim(so);
  RecordingProxy first(sim.port());
  RecordingProxy second(sim.port());
  // The precondition check of 24 creates is 24 lookups by key; everything
  // after it waits at the gate.
  first.hold_after(k_race_creates);
  second.hold_after(k_race_creates);
  auto a = std::async(std::launch::async, [&] { return apply_through(sim, first, dir, "a"); });
  auto b = std::async(std::launch::async, [&] { return apply_through(sim, second, dir, "b"); });
  wait_for_answers(first, k_race_creates);
  wait_for_answers(second, k_race_creates);
  CHECK(sim.state().empty()); // both checked their preconditions before anyone wrote
  first.release(std::chrono::milliseconds(0));
  second.release(std::chrono::milliseconds(300));
  RunResult ra = a.get();
  RunResult rb = b.get();
  INFO("first:\n" << ra.out << ra.err << "second:\n" << rb.out << rb.err);

  json state = sim.state();
  auto by_key = users_by_key(state);
  CHECK(state.size() == static_cast<std::size_t>(k_race_creates));
  for (int i = 0; i < k_race_creates; ++i) {
    auto it = by_key.find("race" + std::to_string(i));
    REQUIRE(it != by_key.end());
    CHECK(it->second.size() == 1);
  }
  CHECK(ra.exit_code == 0);
  // The second found every user the first had made: each create's outcome,
  // journalled and verified, not a second account.
  CHECK(rb.exit_code == 0);
  CHECK(rb.out.find("Apply complete: 24 done") != std::string::npos);
  std::size_t second_posts = 0;
  for (const ProxiedRequest& r : second.requests()) {
    second_posts += r.method == "POST" ? 1 : 0;
  }
  CHECK(second_posts == 0);
  std::string journal = read_file(dir / "b.journal");
  CHECK(journal.find("a user with this key appeared after the preconditions were checked") !=
        std::string::npos);
}
