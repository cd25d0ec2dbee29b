// e2e for `alignctl undo` (issue 14, docs/undo.md), the real binary against
// the simulator over HTTP:
// - plan → apply → undo → apply puts every touched pre-existing user back,
//   every field alignctl reads identical (repaired fields stay repaired), and
//   deactivates the created user;
// - a hand edit between undo and its apply makes apply refuse the stale undo
//   plan (exit 3, nothing written);
// - after an apply SIGKILLed at random moments (fixed seed), undo undoes
//   exactly the actions that took effect: the journal's done ones, and those
//   it left open that the users show took effect.
#include "state/model/live_user_json.hpp"
#include "tests/integration/apply/apply_scenario.hpp"
#include "tests/integration/planner/scenario.hpp"
#include "tests/support/process.hpp"

#include <fmt/core.h>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace alignctl;
using namespace alignctl::test;
using nlohmann::json;

namespace {

struct UndoWorkspace {
  TempDir dir{"alignctl-undo"};
  std::unique_ptr<SimServer> sim;

  UndoWorkspace(const std::string& policy, const std::string& desired, const json& users,
                std::vector<std::string> sim_args = {}) {
    write_file(dir / "alignctl.yaml", policy);
    write_file(dir / "users.yaml", desired);
    write_seed(dir / "seed.json", users);
    SimOptions o;
    o.seed_file = (dir / "seed.json").string();
    o.extra_args = std::move(sim_args);
    sim = std::make_unique<SimServer>(o);
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  std::vector<std::string> argv(std::vector<std::string> args) const {
    std::vector<std::string> a = {alignctl_bin()};
    a.insert(a.end(), args.begin(), args.end());
    a.insert(a.end(), {"--url", sim->base_url(), "--token-env", "SIM_TOKEN"});
    return a;
  }
  RunResult run(std::vector<std::string> args) const {
    RunOptions o;
    o.cwd = dir.path().string();
    o.env["SIM_TOKEN"] = sim->token();
    o.unset_env = {"ALIGNCTL_PLAN_KEY"};
    return run_command(argv(std::move(args)), o);
  }
  RunResult plan() const {
    return run(
        {"plan", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--out", "plan.json"});
  }
  RunResult apply(const std::string& plan_file) const {
    return run({"apply", plan_file, "--progress", "lines"});
  }
};

// Every user as alignctl reads it (LiveUser's fields), by id.
std::map<std::int64_t, json> users_as_read(const json& state) {
  std::map<std::int64_t, json> out;
  for (const json& raw : state) {
    auto u = live_user_from_json(raw);
    REQUIRE(u.ok());
    out[u->id] = live_user_to_json(*u);
  }
  return out;
}

std::vector<json> undo_journal_records(const std::string& path) {
  std::vector<json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    json r = json::parse(line, nullptr, false);
    if (!r.is_discarded()) {
      out.push_back(r);
    }
  }
  return out;
}

int undo_journal_done(const std::string& path) {
  int n = 0;
  for (const json& r : undo_journal_records(path)) {
    n += r.value("record", "") == "done" ? 1 : 0;
  }
  return n;
}

json read_plan_json(const std::string& path) {
  return json::parse(read_file(path));
}

} // namespace

TEST_CASE("undo: plan then apply then undo then apply puts every touched user back",
          "[undo][e2e]") {
  UndoWorkspace ws(k_scenario_policy, k_scenario_desired, scenario_live_users());
  const auto before = users_as_read(ws.sim->state());
  RunResult planned = ws.plan();
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  RunResult applied = ws.apply("plan.json");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const auto changed = users_as_read(ws.sim->state());
  REQUIRE(changed.size() == before.size() + 1); // jnew created

  RunResult undone = ws.run({"undo", "plan.json"});
  INFO(undone.out << undone.err);
  REQUIRE(undone.exit_code == 0);
  CHECK(undone.out.find("Undo plan written to plan.undo.json") != std::string::npos);
  const json undo = read_plan_json(ws.path("plan.undo.json"));
  CHECK(undo["provenance"]["undoes"]["plan"] == "plan.json");
  CHECK(undo["provenance"]["undoes"]["checksum"] ==
        read_plan_json(ws.path("plan.json"))["checksum"]);
  std::map<std::string, std::string> code_by_key;
  for (const json& a : undo["actions"]) {
    code_by_key[a["key"]] = a["op"].get<std::string>() + " " + a["reason_code"].get<std::string>();
  }
  const std::map<std::string, std::string> expected_codes = {
      {"bkhan", "reactivate undo.deactivation"},
      {"fgarcia", "reactivate undo.deactivation"},
      {"cjones", "deactivate undo.reactivation"},
      {"jnew", "deactivate undo.creation"},
      {"eng", "link undo.link"},
      {"gwu", "update undo.update"}};
  CHECK(code_by_key == expected_codes);
  // show renders it like any plan, naming the plan it undoes.
  RunResult shown =
      run_command({alignctl_bin(), "show", ws.path("plan.undo.json"), "--format", "markdown"});
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("**undoes** plan `plan.json`") != std::string::npos);

  RunResult reverted = ws.apply("plan.undo.json");
  INFO(reverted.out << reverted.err);
  REQUIRE(reverted.exit_code == 0);
  const auto after = users_as_read(ws.sim->state());
  REQUIRE(after.size() == before.size() + 1);
  for (const auto& [id, was] : before) {
    INFO("user " << id);
    json expected = was;
    if (id == 7) {
      expected["divisionId"] = 200; // fgarcia's repair stays
    }
    CHECK(after.at(id) == expected);
  }
  const std::int64_t created = after.rbegin()->first;
  CHECK(after.at(created)["externalId"] == "jnew");
  CHECK(after.at(created)["isLocked"] == -1);

  // An undo can be undone: the redo plan puts the apply's effects back.
  RunResult redo = ws.run({"undo", "plan.undo.json", "--out", "redo.json"});
  INFO(redo.out << redo.err);
  REQUIRE(redo.exit_code == 0);
  RunResult redone = ws.apply("redo.json");
  INFO(redone.out << redone.err);
  REQUIRE(redone.exit_code == 0);
  const auto again = users_as_read(ws.sim->state());
  for (const auto& [id, was] : changed) {
    INFO("user " << id);
    CHECK(again.at(id) == was);
  }
}

TEST_CASE("undo: a hand edit after the undo was written makes apply refuse it", "[undo][e2e]") {
  UndoWorkspace ws(k_scenario_policy, k_scenario_desired, scenario_live_users());
  REQUIRE(ws.plan().exit_code == 0);
  REQUIRE(ws.apply("plan.json").exit_code == 0);
  RunResult undone = ws.run({"undo", "plan.json", "--out", "undo.json"});
  INFO(undone.out << undone.err);
  REQUIRE(undone.exit_code == 0);
  // Someone retitles gwu by hand (the apply had set "Staff Engineer").
  json gwu;
  for (const json& u : ws.sim->state()) {
    if (u.value("externalId", json()) == "gwu") {
      gwu = u;
    }
  }
  REQUIRE(gwu["title"] == "Staff Engineer");
  gwu["title"] = "Principal Engineer";
  ws.sim->put_users(json::array({gwu}));
  const json state_before = ws.sim->state();
  ws.sim->reset_counts();
  RunResult refused = ws.apply("undo.json");
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find("title expected \"Staff Engineer\", found \"Principal Engineer\"") !=
        std::string::npos);
  json counts = ws.sim->counts();
  CHECK(counts["committed_patches"] == 0);
  CHECK(counts["committed_creates"] == 0);
  CHECK(ws.sim->state() == state_before);
}

TEST_CASE("undo: after a SIGKILLed apply the undo undoes exactly what took effect",
          "[undo][e2e][crash]") {
  // 30 to retitle, 30 deactivated with an end date to reactivate, 30 to
  // create, 30 not desired to deactivate: 120 actions.
  std::string desired = "version: 1\nusers:\n";
  json users = json::array();
  auto add_desired = [&](const std::string& key, int id, const std::string& title) {
    desired += fmt::format("  - externalId: {}\n    firstName: First{}\n    lastName: Last{}\n"
                           "    email: {}@corp.example.com\n    title: {}\n    region: AMER\n"
                           "    groups: [JiraAlign-Users]\n",
                           key, id, id, key, title);
  };
  auto live = [&](int id, const std::string& key, int locked) {
    json u = seed_user(id, key, locked);
    if (locked != 0) {
      u["userEndDate"] = "2025-06-30T00:00:00Z";
    }
    users.push_back(u);
  };
  int id = 1;
  for (int i = 0; i < 30; ++i) {
    std::string k = fmt::format("t{:03}", i);
    add_desired(k, id, "Staff Engineer");
    live(id++, k, 0);
  }
  for (int i = 0; i < 30; ++i) {
    std::string k = fmt::format("r{:03}", i);
    add_desired(k, id, "Engineer");
    live(id++, k, -1);
  }
  for (int i = 0; i < 30; ++i) {
    add_desired(fmt::format("c{:03}", i), 1000 + i, "Engineer");
  }
  for (int i = 0; i < 30; ++i) {
    live(id++, fmt::format("d{:03}", i), 0);
  }
  std::string policy = k_scenario_policy;
  policy = replace_all(policy, "max_deactivations: 50%", "max_deactivations: 100%");

  // One kill per round, in each phase of the apply order: deactivations,
  // reactivations and creates, updates.
  const int lowest[] = {1, 31, 91};
  const int highest[] = {30, 90, 100};
  for (int round = 0; round < 3; ++round) {
    DYNAMIC_SECTION("round " << round) {
      std::mt19937 rng(20261201 + static_cast<unsigned>(round));
      UndoWorkspace ws(policy, desired, users, {"--latency-ms", "20"});
      const auto before = users_as_read(ws.sim->state());
      REQUIRE(ws.plan().exit_code == 0);
      const json plan = read_plan_json(ws.path("plan.json"));
      REQUIRE(plan["actions"].size() == 120);
      const std::string journal = ws.path("plan.json.journal");
      // Kill once the round's number of actions are done, plus 0–20 ms.
      const int target = std::uniform_int_distribution<int>(lowest[round], highest[round])(rng);
      {
        ChildProcess p(
            ws.argv({"apply", ws.path("plan.json"), "--progress", "lines", "--concurrency", "2"}),
            ws.path("apply.log"), {{"SIM_TOKEN", ws.sim->token()}});
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (p.running() && undo_journal_done(journal) < target &&
               std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 20)(rng)));
        REQUIRE(p.running()); // killed mid-run, not finished
        p.kill_hard();
      }
      // Requests in flight at the kill still land (the simulator answers
      // after its latency): let them, then see what took effect.
      std::this_thread::sleep_for(std::chrono::milliseconds(1000));
      const auto killed = users_as_read(ws.sim->state());
      // What the journal says: done, and started without an outcome.
      std::set<std::size_t> done, started;
      for (const json& r : undo_journal_records(journal)) {
        const std::string kind = r.value("record", "");
        if (kind == "done") {
          done.insert(r["index"].get<std::size_t>());
        } else if (kind == "started") {
          started.insert(r["index"].get<std::size_t>());
        }
      }
      INFO("target " << target << ", done " << done.size() << ", started " << started.size());
      REQUIRE(done.size() >= 1);

      RunResult undone = ws.run({"undo", "plan.json", "--out", "undo.json"});
      INFO(undone.out << undone.err);
      REQUIRE(undone.exit_code == 0);
      // The users the undo plan touches: exactly those of the actions that
      // took effect — every done one, and an open one only if its effect is
      // visible.
      std::set<std::string> undone_keys, expected_keys;
      const json undo = read_plan_json(ws.path("undo.json"));
      for (const json& a : undo["actions"]) {
        undone_keys.insert(a["key"].get<std::string>());
      }
      for (std::size_t i = 0; i < plan["actions"].size(); ++i) {
        const json& a = plan["actions"][i];
        const std::string key = a["key"];
        if (done.count(i) != 0) {
          expected_keys.insert(key);
        } else if (started.count(i) != 0) {
          bool visible = false;
          if (a["op"] == "create") {
            for (const auto& [uid, u] : killed) {
              visible = visible || (before.count(uid) == 0 && u["externalId"] == key);
            }
          } else {
            const json& u = killed.at(a["user_id"].get<std::int64_t>());
            visible = true;
            for (const auto& [f, v] : a["after"].items()) {
              visible = visible && u[f] == v;
            }
          }
          if (visible) {
            expected_keys.insert(key);
          }
        }
      }
      CHECK(undone_keys == expected_keys);

      RunResult reverted = ws.apply("undo.json");
      INFO(reverted.out << reverted.err);
      REQUIRE(reverted.exit_code == 0);
      const auto after = users_as_read(ws.sim->state());
      for (const auto& [uid, was] : before) {
        INFO("user " << uid);
        CHECK(after.at(uid) == was);
      }
      for (const auto& [uid, u] : after) {
        if (before.count(uid) == 0) {
          INFO("created user " << u["externalId"]);
          CHECK(u["isLocked"] == -1);
        }
      }
    }
  }
}

TEST_CASE("undo: refusals write nothing", "[undo][e2e]") {
  UndoWorkspace ws(k_scenario_policy, k_scenario_desired, scenario_live_users());
  REQUIRE(ws.plan().exit_code == 0);
  const json plan = read_plan_json(ws.path("plan.json"));
  auto undo_offline = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {alignctl_bin(), "undo", "plan.json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunOptions o;
    o.cwd = ws.dir.path().string();
    o.unset_env = {"ALIGNCTL_PLAN_KEY"};
    return run_command(argv, o);
  };

  // Never applied: no journal.
  RunResult none = undo_offline({});
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("no journal at plan.json.journal: the plan was never applied there") !=
        std::string::npos);

  // A journal of another plan.
  const std::string other_header = json{{"record", "header"},
                                        {"format", "alignctl-journal"},
                                        {"version", 1},
                                        {"plan_checksum", "sha256:" + std::string(64, 'f')},
                                        {"tool_version", "0.1.0"},
                                        {"started", "2026-01-01T00:00:00.000Z"}}
                                       .dump() +
                                   "\n";
  write_file(ws.dir / "plan.json.journal", other_header);
  RunResult other = undo_offline({});
  CHECK(other.exit_code == 1);
  CHECK(other.err.find("plan.json.journal was written for another plan") != std::string::npos);

  // A run killed right after announcing action 1: its outcome is open.
  json header = json::parse(other_header);
  header["plan_checksum"] = plan["checksum"];
  const json& first = plan["actions"][0];
  write_file(ws.dir / "plan.json.journal", header.dump() + "\n" +
                                               json{{"record", "started"},
                                                    {"index", 0},
                                                    {"op", first["op"]},
                                                    {"key", first["key"]},
                                                    {"time", "2026-01-01T00:00:01.000Z"}}
                                                   .dump() +
                                               "\n");
  RunResult open = undo_offline({});
  CHECK(open.exit_code == 1);
  CHECK(open.err.find("action 1 (repair fgarcia): sent, but no outcome recorded") !=
        std::string::npos);
  CHECK(open.err.find("give --url and --token-env (or --policy)") != std::string::npos);
  // With a connection undo reads fgarcia: the repair never landed, so there
  // is nothing to undo.
  RunResult settled = ws.run({"undo", "plan.json"});
  INFO(settled.out << settled.err);
  CHECK(settled.exit_code == 1);
  CHECK(settled.err.find("nothing to undo") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(ws.dir / "plan.undo.json"));
}
