// A tenant made by jira-align-gen (with its variant flags) served by the
// simulator, and a policy that fits such tenants: shared by the tests that run
// the real CLI on generated tenants (tenant rules, doctor).
#pragma once

#include "scenario.hpp"

#include <memory>
#include <string>
#include <vector>

namespace alignctl::test {

inline std::string gen_bin() {
  std::string sim = sim_bin();
  return sim.substr(0, sim.rfind('/')) + "/jira-align-gen";
}

// A policy for jira-align-gen tenants (roles 3/9, connector role 7 ignored).
inline std::string gen_policy(const std::string& extra = "",
                              const std::string& key = "externalId") {
  return "jira:\n  token_env: SIM_TOKEN\nmatch:\n  key: " + key +
         "\ncreate:\n  roleId: 3\n  costCenterId: 100\n  divisionId: 200\n"
         "regions:\n  map:\n    AMER: {regionId: 1, cityId: 11}\n"
         "    EMEA: {regionId: 2, cityId: 21}\n    APAC: {regionId: 3, cityId: 31}\n"
         "ignored:\n  roleIds: [7]\nrepair:\n  divisionId: 200\n  cityId: 11\n"
         "  company: Example Corp\n" +
         extra;
}

struct TenantRun {
  TempDir dir{"alignctl-tenant"};
  std::unique_ptr<SimServer> sim;

  // jira-align-gen with `flags` (tenant and desired state, no changes), then
  // the simulator on that tenant, started with `sim_args`.
  explicit TenantRun(std::vector<std::string> flags, std::vector<std::string> sim_args = {}) {
    std::vector<std::string> argv = {gen_bin(),
                                     "--users",
                                     "200",
                                     "--seed",
                                     "4",
                                     "--out",
                                     (dir / "tenant.json").string(),
                                     "--desired-out",
                                     (dir / "users.yaml").string(),
                                     "--change-share",
                                     "0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    RunResult g = run_command(argv);
    INFO(g.err);
    REQUIRE(g.exit_code == 0);
    SimOptions o;
    o.seed_file = (dir / "tenant.json").string();
    o.extra_args = std::move(sim_args);
    sim = std::make_unique<SimServer>(o);
  }

  RunResult alignctl(const std::string& policy, std::vector<std::string> args) const {
    write_file(dir / "alignctl.yaml", policy);
    std::vector<std::string> argv = {alignctl_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--url", sim->base_url()});
    RunOptions o;
    o.cwd = dir.path().string();
    o.env["SIM_TOKEN"] = sim->token();
    o.unset_env = {"ALIGNCTL_PLAN_KEY", "ALIGNCTL_TOKEN"};
    return run_command(argv, o);
  }

  RunResult plan(const std::string& policy, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"plan",       "--policy", "alignctl.yaml", "--desired",
                                     "users.yaml", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return alignctl(policy, args);
  }

  std::size_t desired_count() const {
    std::string text = read_file(dir / "users.yaml");
    std::size_t n = 0;
    for (std::size_t p = text.find("- externalId:"); p != std::string::npos;
         p = text.find("- externalId:", p + 1)) {
      ++n;
    }
    return n;
  }
};

} // namespace alignctl::test
