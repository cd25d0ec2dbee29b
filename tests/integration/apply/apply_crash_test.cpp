// The crash test (issue 5): a 1,000-action plan applied while the test kills
// alignctl with SIGKILL at random moments (fixed seed), resuming each time.
// At the end the simulator's state is the desired state, there are no
// duplicate users, and no action was sent again after its "done" record —
// checked against a recording proxy that saw every request alignctl sent.
// Kills: 50 (the long form; it takes ~12 s, so CI runs it too);
// ALIGNCTL_CRASH_KILLS=N for another count.
//
// Kill timing follows progress, not the clock, so the test means the same on a
// fast machine and an overloaded one: each run is killed once a random number of
// further actions are "done" in the journal (sometimes zero — a kill during
// start-up), plus a random 0–20 ms so that kills also land mid-request. The
// target is drawn so that the work is not finished before the last kill.
#include "apply_scenario.hpp"
#include "recording_proxy.hpp"

#include <cstdlib>
#include <fmt/core.h>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

using namespace alignctl;
using namespace alignctl::test;

namespace {

std::vector<json> journal_records(const std::string& path) {
  std::vector<json> out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    json r = json::parse(line, nullptr, false);
    if (!r.is_discarded()) { // a torn last line is the applier's to ignore
      out.push_back(r);
    }
  }
  return out;
}

} // namespace

// Number of "done" records in the journal (0 when it does not exist yet).
static int journal_done_count(const std::string& path) {
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    n += line.find("\"record\":\"done\"") != std::string::npos ? 1 : 0;
  }
  return n;
}

// True once the journal holds at least one complete record (its header).
static bool journal_has_header(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  return static_cast<bool>(std::getline(in, line)) && !in.eof();
}

TEST_CASE("crash test: SIGKILL at random moments, resume, exact final state",
          "[apply][integration][crash]") {
  const int kills_wanted = env_count("ALIGNCTL_CRASH_KILLS", 50, 1);
  TempDir dir;
  // 250 to deactivate, 150 to reactivate, 200 to retitle, 400 to create.
  json users = json::array();
  std::vector<Action> actions;
  for (int id = 1; id <= 600; ++id) {
    json u = seed_user(id, fmt::format("u{:04}", id), id > 250 && id <= 400 ? -1 : 0);
    users.push_back(u);
    if (id <= 250) {
      actions.push_back(deactivate(u));
    } else if (id <= 400) {
      actions.push_back(reactivate(u));
    } else {
      actions.push_back(update_title(u, fmt::format("Title {}", id)));
    }
  }
  for (int i = 0; i < 400; ++i) {
    actions.push_back(create(fmt::format("c{:04}", i)));
  }
  REQUIRE(actions.size() == 1000);
  write_seed(dir / "seed.json", users);
  SimOptions so;
  so.seed_file = (dir / "seed.json").string();
  so.extra_args = {"--latency-ms", "20"};
  SimServer sim(so);
  RecordingProxy proxy(sim.port());
  Plan plan_model = make_plan(proxy.base_url(), actions);
  std::string plan = write_plan(dir, plan_model);
  std::string journal = plan + ".journal";

  std::vector<std::string> argv = {alignctl_bin(),   "apply",         plan,        "--url",
                                   proxy.base_url(), "--token-env",   "SIM_TOKEN", "--progress",
                                   "lines",          "--concurrency", "4"};
  std::mt19937 rng(20261130);
  std::uniform_int_distribution<int> extra_ms(0, 20);
  const int total = static_cast<int>(actions.size());
  int kills = 0;
  bool finished_early = false;
  while (kills < kills_wanted) {
    std::vector<std::string> a = argv;
    // Every other run says --resume; the rest resume by finding the journal. A
    // kill can land before the journal's header is written (slow start-up, e.g.
    // under ASan), and then --resume rightly refuses, so it is only passed then.
    if (kills > 0 && kills % 2 == 0 && journal_has_header(journal)) {
      a.push_back("--resume");
    }
    const int done_before = journal_done_count(journal);
    const int remaining = total - done_before;
    // On average remaining / (kills left + 1) actions per run, and always a
    // margin of 20 (more than can finish in the extra 20 ms at 20 ms latency).
    const int most = std::min(remaining - 20, 2 * remaining / (kills_wanted - kills + 1));
    const int target = std::uniform_int_distribution<int>(0, std::max(0, most))(rng);
    ChildProcess p(a, (dir / "apply.log").string(), {{"SIM_TOKEN", sim.token()}});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (p.running() && journal_done_count(journal) - done_before < target &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms(rng)));
    if (!p.running()) {
      finished_early = true;
      break;
    }
    p.kill_hard();
    ++kills;
  }
  INFO("kills: " << kills);
  CHECK_FALSE(finished_early);
  CHECK(kills == kills_wanted);

  RunOptions ro;
  ro.env = {{"SIM_TOKEN", sim.token()}};
  RunResult last = run_command(argv, ro);
  INFO(last.out << last.err);
  REQUIRE(last.exit_code == 0);
  CHECK(last.out.find("Apply complete:") != std::string::npos);

  // 1. The final state is the desired state, with no duplicates.
  json state = sim.state();
  CHECK(state.size() == 1000);
  auto by_key = users_by_key(state);
  CHECK(by_key.size() == 1000);
  for (const Action& a : actions) {
    auto it = by_key.find(a.key);
    REQUIRE(it != by_key.end());
    REQUIRE(it->second.size() == 1);
    const json& live = it->second.front();
    for (const auto& [field, value] : a.after.items()) {
      INFO(a.key << " " << field);
      CHECK(live.value(field, json(nullptr)) == value);
    }
  }

  // 2. The journal: one header, one "done" per action, never a "started" after it.
  std::vector<json> records = journal_records(journal);
  REQUIRE_FALSE(records.empty());
  CHECK(records.front()["record"] == "header");
  std::map<std::size_t, int> done, started;
  std::map<std::size_t, bool> started_after_done;
  int runs = 0;
  for (const json& r : records) {
    std::string kind = r["record"];
    if (kind == "run" || kind == "header") {
      ++runs;
      continue;
    }
    std::size_t i = r["index"];
    if (kind == "started") {
      ++started[i];
      started_after_done[i] = started_after_done[i] || done[i] > 0;
    } else if (kind == "done") {
      ++done[i];
    }
  }
  CHECK(runs >= 2); // at least one resume happened with the journal in place
  for (std::size_t i = 0; i < actions.size(); ++i) {
    INFO("action " << i << " " << actions[i].key);
    CHECK(done[i] == 1);
    CHECK_FALSE(started_after_done[i]);
  }

  // 3. What alignctl really sent: each action's requests are no more than its
  // "started" records — so nothing was sent that the journal did not announce,
  // and (with 2.) nothing after its "done".
  std::map<std::string, int> patches_by_path, posts_by_key;
  for (const ProxiedRequest& r : proxy.requests()) {
    if (r.method == "PATCH") {
      ++patches_by_path[r.target.substr(r.target.find("/Users/"))];
    } else if (r.method == "POST") {
      ++posts_by_key[json::parse(r.body)["externalId"].get<std::string>()];
    }
  }
  int resent = 0;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const Action& a = actions[i];
    int sent = a.op == ActionOp::Create ? posts_by_key[a.key] : patches_by_path[a.request.path];
    INFO("action " << i << " " << a.key << " sent " << sent << " started " << started[i]);
    CHECK(sent >= 1);
    CHECK(sent <= started[i]);
    resent += sent > 1 ? 1 : 0;
  }
  json counts = sim.counts();
  CHECK(counts["committed_creates"] == 400);
  WARN("crash test: " << kills << " kills, " << runs << " runs, " << resent
                      << " actions sent more than once (in flight at a kill, never after done)");
}
