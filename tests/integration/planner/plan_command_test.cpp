// `alignctl plan` and `alignctl show` against the simulator over HTTP: golden
// text, Markdown and JSON; exit codes; nothing written on bad input.
#include "scenario.hpp"

#include <sys/stat.h>

using namespace alignctl::test;
using nlohmann::json;

namespace {

const char* k_now = "2026-01-02T03:04:05Z";

struct Workspace {
  TempDir dir{"alignctl-plan"};
  Workspace(const std::string& policy, const std::string& desired) {
    write_file(dir / "alignctl.yaml", policy);
    write_file(dir / "users.yaml", desired);
  }
  RunResult run(const SimServer& sim, std::vector<std::string> args) const {
    std::vector<std::string> argv = {alignctl_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--url", sim.base_url()});
    RunOptions o;
    o.cwd = dir.path().string();
    o.env["SIM_TOKEN"] = sim.token();
    o.unset_env = {"ALIGNCTL_PLAN_KEY"};
    return run_command(argv, o);
  }
};

std::vector<std::string> plan_args(std::vector<std::string> extra) {
  std::vector<std::string> args = {"plan",  "--policy", "alignctl.yaml", "--desired", "users.yaml",
                                   "--now", k_now};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::unique_ptr<SimServer> scenario_sim(TempDir& dir, const json& users = scenario_live_users()) {
  auto seed = dir / "seed.json";
  write_seed(seed, users);
  SimOptions o;
  o.seed_file = seed.string();
  return std::make_unique<SimServer>(o);
}

// The checksum covers target_url, whose port varies: mask it for the golden.
std::string mask_checksum(std::string text) {
  const std::string tag = "\"checksum\": \"sha256:";
  auto pos = text.find(tag);
  if (pos != std::string::npos) {
    text.replace(pos + tag.size(), 64, "CHECKSUM");
  }
  return text;
}

std::int64_t writes(const SimServer& sim) {
  json c = sim.counts();
  return c["committed_creates"].get<std::int64_t>() + c["committed_patches"].get<std::int64_t>();
}

} // namespace

TEST_CASE("plan: the scenario gives the golden text, Markdown and JSON, and a 0600 plan file") {
  TempDir seed_dir;
  auto sim = scenario_sim(seed_dir);
  Workspace ws(k_scenario_policy, k_scenario_desired);
  const std::string url = sim->base_url();

  RunResult text = ws.run(
      *sim, plan_args({"--out", "plan.json", "--detailed-exitcode", "--markdown-out", "plan.md"}));
  INFO(text.err);
  REQUIRE(text.exit_code == 2);
  CHECK(text.err.empty());
  check_golden("scenario.txt", replace_all(text.out, url, "SIM_URL"));
  check_golden("scenario.md", replace_all(read_file(ws.dir / "plan.md"), url, "SIM_URL"));
  check_golden("scenario.plan.json",
               mask_checksum(replace_all(read_file(ws.dir / "plan.json"), url, "SIM_URL")));

  struct stat st {};
  REQUIRE(::stat((ws.dir / "plan.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  RunResult md = ws.run(*sim, plan_args({"--format", "markdown"}));
  REQUIRE(md.exit_code == 0);
  CHECK(md.out == read_file(ws.dir / "plan.md"));

  // show renders the saved plan exactly as plan did.
  std::vector<std::string> show = {alignctl_bin(), "show", (ws.dir / "plan.json").string()};
  RunResult shown = run_command(show);
  REQUIRE(shown.exit_code == 0);
  CHECK(replace_all(shown.out, (ws.dir / "plan.json").string(), "plan.json") ==
        text.out.substr(0, text.out.size()));
  show.insert(show.end(), {"--format", "json"});
  RunResult shown_json = run_command(show);
  REQUIRE(shown_json.exit_code == 0);
  CHECK(shown_json.out == read_file(ws.dir / "plan.json"));

  // plan reads only: nothing was written to the simulator.
  CHECK(writes(*sim) == 0);
}

TEST_CASE("plan: the same inputs give byte-identical plan files") {
  TempDir seed_dir;
  auto sim = scenario_sim(seed_dir);
  Workspace ws(k_scenario_policy, k_scenario_desired);
  REQUIRE(ws.run(*sim, plan_args({"--out", "a.json"})).exit_code == 0);
  REQUIRE(ws.run(*sim, plan_args({"--out", "b.json"})).exit_code == 0);
  CHECK(read_file(ws.dir / "a.json") == read_file(ws.dir / "b.json"));
}

TEST_CASE("plan: signs with ALIGNCTL_PLAN_KEY — show refuses a tampered plan") {
  TempDir seed_dir;
  auto sim = scenario_sim(seed_dir);
  Workspace ws(k_scenario_policy, k_scenario_desired);
  std::vector<std::string> argv = {alignctl_bin()};
  for (const auto& a : plan_args({"--out", "plan.json", "--url", sim->base_url()})) {
    argv.push_back(a);
  }
  RunOptions o;
  o.cwd = ws.dir.path().string();
  o.env = {{"SIM_TOKEN", sim->token()}, {"ALIGNCTL_PLAN_KEY", "k3y"}};
  REQUIRE(run_command(argv, o).exit_code == 0);
  std::string file = read_file(ws.dir / "plan.json");
  CHECK(file.find("\"signature\": \"hmac-sha256:") != std::string::npos);
  CHECK(file.find(sim->token()) == std::string::npos);

  RunOptions with_key;
  with_key.env = {{"ALIGNCTL_PLAN_KEY", "k3y"}};
  CHECK(
      run_command({alignctl_bin(), "show", (ws.dir / "plan.json").string()}, with_key).exit_code ==
      0);
  with_key.env = {{"ALIGNCTL_PLAN_KEY", "other"}};
  RunResult wrong =
      run_command({alignctl_bin(), "show", (ws.dir / "plan.json").string()}, with_key);
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err == "alignctl: error: " + (ws.dir / "plan.json").string() +
                         ": plan file: bad signature — signed with another key, or altered\n");

  auto pos = file.find("\"isLocked\": -1");
  REQUIRE(pos != std::string::npos);
  write_file(ws.dir / "tampered.json", file.replace(pos, 14, "\"isLocked\": 0 "));
  RunResult tampered = run_command({alignctl_bin(), "show", (ws.dir / "tampered.json").string()});
  CHECK(tampered.exit_code == 1);
  CHECK(tampered.err == "alignctl: error: " + (ws.dir / "tampered.json").string() +
                            ": plan file: checksum mismatch — the file was altered after it was "
                            "written\n");
}

TEST_CASE("plan: no changes exits 0 even with --detailed-exitcode") {
  TempDir seed_dir;
  json users = json::array({scenario_user(1, "adavis", "Ann", "Davis", 2, 21)});
  auto sim = scenario_sim(seed_dir, users);
  const char* desired = "version: 1\nusers:\n  - externalId: adavis\n    firstName: Ann\n"
                        "    lastName: Davis\n    email: ann.davis@corp.example.com\n"
                        "    title: Engineer\n    region: EMEA\n    groups: [JiraAlign-Users]\n";
  Workspace ws(k_scenario_policy, desired);
  RunResult r = ws.run(*sim, plan_args({"--out", "plan.json", "--detailed-exitcode"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  check_golden("no_changes.txt", replace_all(r.out, sim->base_url(), "SIM_URL"));
  RunResult md = ws.run(*sim, plan_args({"--format", "markdown"}));
  check_golden("no_changes.md", replace_all(md.out, sim->base_url(), "SIM_URL"));
}

TEST_CASE("plan: a broken input writes nothing and sends no request") {
  TempDir seed_dir;
  auto sim = scenario_sim(seed_dir);
  std::string policy =
      replace_all(k_scenario_policy, "  costCenterId: 100\n", "  costCenterId: x\n");
  Workspace ws(policy, replace_all(k_scenario_desired, "    lastName: Lee\n", ""));
  sim->reset_counts();
  RunResult r = ws.run(*sim, plan_args({"--out", "plan.json"}));
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "alignctl.yaml:8:17: error: create.costCenterId must be a whole number, not 'x'\n"
                 "users.yaml:19:5: error: user 'dlee' lacks required field 'lastName'\n"
                 "alignctl: error: 2 problems in the inputs; nothing was planned and no request "
                 "was sent\n");
  CHECK_FALSE(std::filesystem::exists(ws.dir / "plan.json"));
  CHECK(sim->counts()["total"] == 0);
}

TEST_CASE("plan: a safety limit stops the plan and writes nothing") {
  TempDir seed_dir;
  auto sim = scenario_sim(seed_dir);
  const char* desired = "version: 1\nusers:\n  - externalId: adavis\n    firstName: Ann\n"
                        "    lastName: Davis\n    email: ann.davis@corp.example.com\n"
                        "    title: Engineer\n    region: EMEA\n    groups: [JiraAlign-Users]\n";
  Workspace ws(k_scenario_policy, desired);
  RunResult r = ws.run(*sim, plan_args({"--out", "plan.json", "--markdown-out", "plan.md"}));
  CHECK(r.exit_code == 1);
  CHECK(r.err == "alignctl: error: safety limit exceeded: the plan would deactivate 4 users, but "
                 "limits.max_deactivations is 50% of 5 managed active users = 2; no plan was "
                 "written. If this is intended, raise limits.max_deactivations in the reviewed "
                 "policy (alignctl.yaml)\n"
                 "alignctl: error: no plan: 1 problem (above); nothing was written\n");
  CHECK_FALSE(std::filesystem::exists(ws.dir / "plan.json"));
  CHECK_FALSE(std::filesystem::exists(ws.dir / "plan.md"));
}

TEST_CASE("plan: --desired git:REF:PATH reads the committed file and records the commit") {
  TempDir seed_dir;
  auto sim = scenario_sim(seed_dir);
  Workspace ws(k_scenario_policy, k_scenario_desired);
  auto git = [&](std::vector<std::string> args) { return git_in(ws.dir.path().string(), args); };
  git({"init", "-q", "-b", "main"});
  git({"add", "users.yaml"});
  git({"commit", "-q", "-m", "desired"});
  std::string head = git({"rev-parse", "HEAD"});
  head.pop_back();
  // The working copy changes after the commit; plan must read the commit.
  write_file(ws.dir / "users.yaml", "garbage: [\n");

  RunResult r = ws.run(*sim, {"plan", "--policy", "alignctl.yaml", "--desired",
                              "git:main:users.yaml", "--now", k_now, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json plan = json::parse(r.out);
  CHECK(plan["provenance"]["desired_source"] == "git:main:users.yaml");
  CHECK(plan["provenance"]["desired_commit"] == head);
  CHECK(plan["summary"]["total"] == 7);

  RunResult bad = ws.run(*sim, {"plan", "--policy", "alignctl.yaml", "--desired",
                                "git:nope:users.yaml", "--now", k_now});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("alignctl: error: resolving git ref 'nope' in ") == 0);
  CHECK(bad.err.find("revspec 'nope' not found") != std::string::npos);
}
