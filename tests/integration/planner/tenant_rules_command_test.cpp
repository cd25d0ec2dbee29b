// What a real tenant holds, through the real CLI and the simulator over HTTP,
// on tenants made by jira-align-gen's variant flags: Atlassian account IDs in
// externalId (plan and validate refuse and name match.key: email), isLocked 1
// lockouts (left alone, reported), future start dates (reported, or fixed and
// applied), and repair.scope: all.
#include "generated_tenant.hpp"

#include <algorithm>

using namespace alignctl::test;
using nlohmann::json;

namespace {

std::size_t notices_of(const json& plan, const std::string& kind) {
  return static_cast<std::size_t>(std::count_if(plan["notices"].begin(), plan["notices"].end(),
                                                [&](const json& n) { return n["kind"] == kind; }));
}

} // namespace

TEST_CASE("plan and validate on a Guard-style tenant refuse and name match.key: email") {
  TenantRun t({"--account-id-share", "1"});
  const std::size_t desired = t.desired_count();
  REQUIRE(desired > 150);

  RunResult r = t.plan(gen_policy("limits:\n  max_deactivations: 10%\n"), {"--out", "plan.json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_FALSE(std::filesystem::exists(t.dir / "plan.json"));
  // The guard, not the safety limit, is what stops it.
  CHECK(r.err.find("safety limit") == std::string::npos);
  CHECK(r.err.find("hold an Atlassian account ID there (like '712020:") != std::string::npos);
  CHECK(r.err.find("Matching by externalId finds 0 of the " + std::to_string(desired) +
                   " desired users") != std::string::npos);
  CHECK(r.err.find("Set 'match.key: email' in the policy (alignctl.yaml): by email, " +
                   std::to_string(desired) + " of the " + std::to_string(desired) +
                   " desired users match a live user") != std::string::npos);

  RunResult v = t.alignctl(gen_policy(), {"validate", "--policy", "alignctl.yaml", "--desired",
                                          "users.yaml", "--token-env", "SIM_TOKEN"});
  CHECK(v.exit_code == 1);
  CHECK(v.err.find("alignctl.yaml: error: match.key is externalId, but ") != std::string::npos);
  CHECK(v.err.find("Set 'match.key: email'") != std::string::npos);

  // With the key it names, every desired user matches: nothing to create.
  RunResult e = t.plan(gen_policy("", "email"));
  INFO(e.err);
  REQUIRE(e.exit_code == 0);
  json plan = json::parse(e.out);
  CHECK(plan["summary"]["create"] == 0);
  CHECK(plan["summary"]["deactivate"] == 0);
}

TEST_CASE("validate passes the match key on an ordinary tenant") {
  TenantRun t({});
  RunResult v = t.alignctl(gen_policy(), {"validate", "--policy", "alignctl.yaml", "--desired",
                                          "users.yaml", "--token-env", "SIM_TOKEN"});
  INFO(v.err);
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("and the match key suits its users") != std::string::npos);
}

TEST_CASE("plan leaves isLocked 1 lockouts alone and reports future start dates") {
  TenantRun t({"--lockout-share", "0.05", "--future-start-share", "0.05"});
  RunResult r = t.plan(gen_policy());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json plan = json::parse(r.out);
  CHECK(notices_of(plan, "locked") == 10);
  CHECK(notices_of(plan, "login") == 10);
  CHECK(plan["summary"]["reactivate"] == 0);
  CHECK(plan["summary"]["update"] == 0);

  RunResult re = t.plan(gen_policy("locked: reactivate\n"));
  REQUIRE(re.exit_code == 0);
  CHECK(json::parse(re.out)["summary"]["reactivate"] == 10);
}

TEST_CASE("login_dates: fix plans the start-date fix, and apply makes it so") {
  TenantRun t({"--future-start-share", "0.05"});
  RunResult r = t.plan(gen_policy("login_dates: fix\n"), {"--out", "plan.json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json plan = json::parse(r.out);
  CHECK(notices_of(plan, "login") == 0);
  REQUIRE(plan["summary"]["update"] == 10);
  for (const json& a : plan["actions"]) {
    if (a["op"] != "update") {
      continue; // the tenant's pre-integration accounts are linked too
    }
    CHECK(a["reason"].get<std::string>().find("a start date in the future blocks login; "
                                              "login_dates: fix") != std::string::npos);
  }
  RunResult applied = t.alignctl(
      gen_policy(), {"apply", "plan.json", "--progress", "lines", "--token-env", "SIM_TOKEN"});
  INFO(applied.out << applied.err);
  CHECK(applied.exit_code == 0);
  for (const json& u : t.sim->state()) {
    if (u.value("isLocked", 0) == 0 && u.contains("userStartDate") &&
        u["userStartDate"].is_string()) {
      CHECK(u["userStartDate"].get<std::string>().rfind("2030", 0) != 0);
    }
  }
  // Planned again: nothing left to fix.
  RunResult again = t.plan(gen_policy("login_dates: fix\n"));
  REQUIRE(again.exit_code == 0);
  CHECK(json::parse(again.out)["summary"]["total"] == 0);
}

TEST_CASE("repair.scope: all repairs managed users that need no other change") {
  TempDir dir;
  json users = json::array();
  json same = scenario_user(1, "adavis", "Ann", "Davis", 2, 21); // desired, in sync
  same["divisionId"] = nullptr;
  users.push_back(same);
  json gone = scenario_user(2, "bkhan", "Bilal", "Khan", 1, 11); // deactivated, not desired
  gone["isLocked"] = -1;
  gone["cityId"] = nullptr;
  users.push_back(gone);
  write_seed(dir / "seed.json", users);
  SimOptions o;
  o.seed_file = (dir / "seed.json").string();
  SimServer sim(o);
  write_file(dir / "users.yaml",
             "version: 1\nusers:\n  - externalId: adavis\n    firstName: Ann\n"
             "    lastName: Davis\n    email: ann.davis@corp.example.com\n"
             "    title: Engineer\n    region: EMEA\n    groups: [JiraAlign-Users]\n");
  auto plan_with = [&](const std::string& policy) {
    write_file(dir / "alignctl.yaml", policy);
    RunOptions ro;
    ro.cwd = dir.path().string();
    ro.env["SIM_TOKEN"] = sim.token();
    return run_command({alignctl_bin(), "plan", "--policy", "alignctl.yaml", "--desired",
                        "users.yaml", "--format", "json", "--url", sim.base_url()},
                       ro);
  };
  RunResult before = plan_with(k_scenario_policy);
  REQUIRE(before.exit_code == 0);
  CHECK(json::parse(before.out)["summary"]["total"] == 0);

  std::string all = k_scenario_policy;
  all.replace(all.find("  company: Acme\n"), 15, "  company: Acme\n  scope: all\n");
  RunResult after = plan_with(all);
  INFO(after.err);
  REQUIRE(after.exit_code == 0);
  json plan = json::parse(after.out);
  CHECK(plan["summary"]["repair"] == 2);
  CHECK(plan["actions"][0]["key"] == "adavis");
  CHECK(plan["actions"][0]["after"] == json({{"divisionId", 200}}));
  CHECK(plan["actions"][1]["key"] == "bkhan");
  CHECK(plan["actions"][1]["after"] == json({{"cityId", 11}}));
}
