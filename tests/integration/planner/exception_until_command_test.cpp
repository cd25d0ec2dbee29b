// `until:` on a protected entry, through the real binary against the
// simulator: past its day the entry no longer protects (the user is
// deactivated) and the plan says why; in its last 14 days it still protects,
// with a notice in every rendering.
#include "scenario.hpp"

using namespace alignctl::test;
using nlohmann::json;

namespace {

RunResult plan_with_until(const std::string& until, const std::string& now,
                          const std::string& format) {
  TempDir dir("alignctl-until");
  std::string policy = k_scenario_policy;
  const std::string from = "externalIds: [breakglass]";
  policy.replace(policy.find(from), from.size(),
                 "externalIds: [{externalId: breakglass, until: " + until + "}]");
  write_file(dir / "alignctl.yaml", policy);
  write_file(dir / "users.yaml", k_scenario_desired);
  write_seed(dir / "seed.json", scenario_live_users());
  SimOptions o;
  o.seed_file = (dir / "seed.json").string();
  SimServer sim(o);
  RunOptions ro;
  ro.cwd = dir.path().string();
  ro.env["SIM_TOKEN"] = sim.token();
  return run_command({alignctl_bin(), "plan", "--policy", "alignctl.yaml", "--desired",
                      "users.yaml", "--now", now, "--format", format, "--url", sim.base_url()},
                     ro);
}

const json* until_notice(const json& plan) {
  for (const json& n : plan["notices"]) {
    if (n["kind"] == "exception") {
      return &n;
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("plan: a protected entry past its until day no longer protects, and says so") {
  RunResult r = plan_with_until("2026-01-01", "2026-01-02T03:04:05Z", "json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json plan = json::parse(r.out);
  bool deactivated = false;
  for (const json& a : plan["actions"]) {
    deactivated = deactivated || (a["op"] == "deactivate" && a["key"] == "breakglass");
  }
  CHECK(deactivated);
  const json* n = until_notice(plan);
  REQUIRE(n);
  CHECK((*n)["reason_code"] == "exception.expired");
  CHECK((*n)["key"] == "breakglass");
  CHECK((*n)["user_id"].is_null());
  CHECK(plan["summary"]["notices"]["exception"] == 1);
}

TEST_CASE("plan: a protected entry in its last 14 days still protects, with a notice") {
  RunResult r = plan_with_until("2026-01-10", "2026-01-02T03:04:05Z", "json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json plan = json::parse(r.out);
  for (const json& a : plan["actions"]) {
    CHECK(a["key"] != "breakglass");
  }
  const json* n = until_notice(plan);
  REQUIRE(n);
  CHECK((*n)["reason_code"] == "exception.expiring");
  CHECK((*n)["reason"].get<std::string>().find("applies until 2026-01-10 (8 days left)") !=
        std::string::npos);

  RunResult text = plan_with_until("2026-01-10", "2026-01-02T03:04:05Z", "text");
  CHECK(text.out.find("! exception breakglass: protected.externalIds entry 'breakglass'") !=
        std::string::npos);
  RunResult md = plan_with_until("2026-01-10", "2026-01-02T03:04:05Z", "markdown");
  CHECK(md.out.find("| _not changed: exception_ | 1 |") != std::string::npos);

  // More than 14 days ahead: no notice.
  RunResult quiet = plan_with_until("2026-01-16", "2026-01-02T03:04:05Z", "json");
  REQUIRE(quiet.exit_code == 0);
  CHECK_FALSE(until_notice(json::parse(quiet.out)));
}
