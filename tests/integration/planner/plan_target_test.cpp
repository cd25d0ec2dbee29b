// `alignctl plan --target` against the simulator over HTTP: a partial plan of
// one joiner and one leaver, shown as partial by plan, show and apply; apply
// changes only those users; an unknown target is refused with nothing written.
#include "scenario.hpp"

#include <filesystem>

using namespace alignctl::test;
using nlohmann::json;

namespace {

struct TargetRun {
  TempDir dir{"alignctl-target"};
  std::unique_ptr<SimServer> sim;
  TargetRun() {
    write_file(dir / "alignctl.yaml", k_scenario_policy);
    write_file(dir / "users.yaml", k_scenario_desired);
    write_seed(dir / "seed.json", scenario_live_users());
    SimOptions o;
    o.seed_file = (dir / "seed.json").string();
    sim = std::make_unique<SimServer>(o);
  }
  RunResult run(std::vector<std::string> args, bool with_url = true) const {
    std::vector<std::string> argv = {alignctl_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    if (with_url) {
      argv.insert(argv.end(), {"--url", sim->base_url()});
    }
    RunOptions o;
    o.cwd = dir.path().string();
    o.env["SIM_TOKEN"] = sim->token();
    o.unset_env = {"ALIGNCTL_PLAN_KEY"};
    return run_command(argv, o);
  }
  json user(int id) const {
    for (const json& u : sim->state()) {
      if (u["id"] == id) {
        return u;
      }
    }
    FAIL("no user " << id);
    return json();
  }
};

std::vector<std::string> target_plan_args(std::vector<std::string> extra) {
  std::vector<std::string> args = {"plan", "--policy", "alignctl.yaml", "--desired", "users.yaml"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

} // namespace

TEST_CASE("plan --target: a partial plan of the targets, shown as partial, applied to them only") {
  TargetRun t;
  RunResult plan = t.run(target_plan_args(
      {"--target", "jnew", "--target", "BKHAN", "--out", "plan.json", "--format", "json"}));
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  json doc = json::parse(plan.out);
  CHECK(doc["targets"] == json({"jnew", "BKHAN"}));
  REQUIRE(doc["actions"].size() == 2);
  CHECK(doc["actions"][0]["op"] == "deactivate");
  CHECK(doc["actions"][0]["key"] == "bkhan");
  CHECK(doc["actions"][1]["op"] == "create");
  CHECK(doc["actions"][1]["key"] == "jnew");
  CHECK(doc["notices"].empty()); // the other users' notices belong to a full plan

  RunResult text = t.run({"show", "plan.json"}, false);
  CHECK(text.out.find("PARTIAL PLAN:  only the users given by --target (externalId jnew, "
                      "BKHAN); no other user was planned") != std::string::npos);
  RunResult md = t.run({"show", "plan.json", "--format", "markdown"}, false);
  CHECK(md.out.find("**Partial plan:** only the users given by --target") != std::string::npos);

  RunResult applied = t.run({"apply", "plan.json", "--policy", "alignctl.yaml"});
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(applied.out.find("Partial plan: only the users given by --target (externalId jnew, "
                         "BKHAN)") != std::string::npos);
  CHECK(t.user(2)["isLocked"] == -1);      // bkhan: deactivated
  CHECK(t.user(7)["isLocked"] == 0);       // fgarcia: not targeted, still active
  CHECK(t.user(9)["title"] == "Engineer"); // gwu: its update was not planned
  bool created = false;
  for (const json& u : t.sim->state()) {
    created = created || u.value("externalId", json()) == "jnew";
  }
  CHECK(created);
}

TEST_CASE("plan --target refuses a value that names no user, and writes nothing") {
  TargetRun t;
  RunResult r = t.run(target_plan_args({"--target", "jnew", "--target", "nobody", "--out",
                                        "plan.json", "--markdown-out", "plan.md"}));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--target 'nobody' is the externalId of no user in the desired state") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(t.dir / "plan.json"));
  CHECK_FALSE(std::filesystem::exists(t.dir / "plan.md"));

  RunResult empty = t.run(target_plan_args({"--target", ""}));
  CHECK(empty.exit_code == 64);
  CHECK(empty.err.find("--target must be") != std::string::npos);
}
