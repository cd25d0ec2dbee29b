// `alignctl users`, `plan` and `apply` through the real CLI against the
// simulator playing each API variant of the contract's unknowns: $orderby=id
// honoured, ignored (the server's own order) or rejected (400), and Basic auth.
#include "scenario.hpp"

#include <algorithm>

using namespace alignctl::test;
using nlohmann::json;

namespace {

constexpr int k_variant_users = 330; // four pages

const char* k_variant_policy = R"(jira:
  token_env: SIM_TOKEN
match:
  key: externalId
create:
  roleId: 7
  costCenterId: 100
  divisionId: 200
  isExternal: 0
regions:
  map:
    AMER: {regionId: 1, cityId: 11}
  default: {regionId: 1, cityId: 11}
sync: [firstName, lastName, title, region]
)";

// Live: u1..u330 in sync, except u5 (another title) and u7 (not desired).
json variant_live_users() {
  json users = json::array();
  for (int i = 1; i <= k_variant_users; ++i) {
    std::string key = "u" + std::to_string(i);
    users.push_back({{"id", i},
                     {"externalId", key},
                     {"firstName", "First" + std::to_string(i)},
                     {"lastName", "Last"},
                     {"email", key + "@corp.example.com"},
                     {"title", i == 5 ? "Intern" : "Engineer"},
                     {"isLocked", 0},
                     {"isExternal", 0},
                     {"roleId", 7},
                     {"regionId", 1},
                     {"cityId", 11},
                     {"divisionId", 200},
                     {"costCenterId", 100},
                     {"company", "Acme"}});
  }
  return users;
}

// Desired: every live user but u7, and a new "znew".
std::string variant_desired() {
  std::vector<std::string> keys;
  for (int i = 1; i <= k_variant_users; ++i) {
    if (i != 7) {
      keys.push_back("u" + std::to_string(i));
    }
  }
  keys.push_back("znew");
  std::sort(keys.begin(), keys.end());
  std::string out = "# variants test\nversion: 1\nusers:\n";
  for (const std::string& k : keys) {
    std::string first = k == "znew" ? "Zed" : "First" + k.substr(1);
    out += "  - externalId: " + k + "\n    firstName: " + first + "\n    lastName: Last\n" +
           "    email: " + k + "@corp.example.com\n    title: Engineer\n    region: AMER\n" +
           "    groups: [JiraAlign-Users]\n";
  }
  return out;
}

struct VariantSite {
  TempDir dir{"alignctl-variants"};
  std::unique_ptr<SimServer> sim;
  std::vector<std::string> users_args; // extra options of `users` (it reads no policy)

  explicit VariantSite(std::vector<std::string> sim_args, std::string policy = k_variant_policy) {
    write_seed(dir / "seed.json", variant_live_users());
    write_file(dir / "alignctl.yaml", policy);
    write_file(dir / "users.yaml", variant_desired());
    SimOptions o;
    o.seed_file = (dir / "seed.json").string();
    o.extra_args = std::move(sim_args);
    sim = std::make_unique<SimServer>(o);
  }

  RunResult alignctl(std::vector<std::string> args) const {
    std::vector<std::string> argv = {alignctl_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--url", sim->base_url()});
    if (args.front() == "users") {
      argv.insert(argv.end(), users_args.begin(), users_args.end());
    }
    RunOptions o;
    o.cwd = dir.path().string();
    o.env["SIM_TOKEN"] = sim->token();
    o.env["ALIGNCTL_TOKEN"] = sim->token();
    o.unset_env = {"ALIGNCTL_PLAN_KEY"};
    o.timeout = std::chrono::seconds(300);
    return run_command(argv, o);
  }

  std::vector<std::int64_t> stored() const {
    std::vector<std::int64_t> ids;
    for (const auto& u : sim->state()) {
      ids.push_back(u.at("id").get<std::int64_t>());
    }
    return ids;
  }
};

std::vector<std::int64_t> listed_ids(const std::string& users_json) {
  std::vector<std::int64_t> ids;
  for (const auto& u : json::parse(users_json)) {
    ids.push_back(u.at("id").get<std::int64_t>());
  }
  return ids;
}

// users, plan, apply, plan again: exact at each step, the mode recorded.
void users_plan_apply(const VariantSite& site, const std::string& mode,
                      std::vector<std::string> plan_extra = {}) {
  RunResult users = site.alignctl({"users", "--json"});
  INFO(users.err);
  REQUIRE(users.exit_code == 0);
  CHECK(listed_ids(users.out) == site.stored());
  if (mode != "honoured") {
    CHECK(users.err.find("alignctl: note: $orderby=id " + mode) != std::string::npos);
  } else {
    CHECK(users.err.empty());
  }

  std::vector<std::string> plan = {"plan",      "--policy",           "alignctl.yaml",
                                   "--desired", "users.yaml",         "--out",
                                   "plan.json", "--detailed-exitcode"};
  plan.insert(plan.end(), plan_extra.begin(), plan_extra.end());
  RunResult planned = site.alignctl(plan);
  INFO(planned.err);
  REQUIRE(planned.exit_code == 2);
  CHECK(planned.out.find("live users:    listed with $orderby=id " + mode) != std::string::npos);
  json file = json::parse(read_file(site.dir / "plan.json"));
  CHECK(file["provenance"]["listing_mode"] == mode);
  CHECK(file["summary"]["create"] == 1);
  CHECK(file["summary"]["deactivate"] == 1);
  CHECK(file["summary"]["update"] == 1);
  CHECK(file["summary"]["total"] == 3);

  RunResult applied = site.alignctl({"apply", "plan.json", "--policy", "alignctl.yaml"});
  INFO(applied.out);
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  json state = site.sim->state();
  CHECK(state.size() == k_variant_users + 1);
  for (const auto& u : state) {
    if (u["externalId"] == "u7") {
      CHECK(u["isLocked"] == -1);
    }
    if (u["externalId"] == "u5") {
      CHECK(u["title"] == "Engineer");
    }
  }

  RunResult again = site.alignctl(plan);
  INFO(again.err);
  CHECK(again.exit_code == 0); // nothing left to change
}

} // namespace

TEST_CASE("variants: users, plan and apply are exact whatever the server does with $orderby") {
  for (const std::string server : {"honour", "ignore", "reject"}) {
    const std::string mode = server == "honour"   ? "honoured"
                             : server == "ignore" ? "ignored"
                                                  : "rejected";
    DYNAMIC_SECTION("--orderby " << server) {
      VariantSite site({"--orderby", server});
      users_plan_apply(site, mode);
    }
  }
}

TEST_CASE("variants: Basic auth from the policy or the command line, for every command") {
  const std::string policy = std::string(k_variant_policy)
                                 .replace(std::string(k_variant_policy).find("  token_env"), 0,
                                          "  auth: basic\n  user: admin@corp.example.com\n");
  VariantSite site(
      {"--auth", "basic", "--basic-user", "admin@corp.example.com", "--orderby", "ignore"}, policy);
  RunResult bearer = site.alignctl({"users", "--json"});
  CHECK(bearer.exit_code == 1); // the site takes Basic only
  CHECK(bearer.err.find("(HTTP 401)") != std::string::npos);
  site.users_args = {"--auth", "basic", "--user", "admin@corp.example.com"};
  users_plan_apply(site, "ignored");
  RunResult valid =
      site.alignctl({"validate", "--policy", "alignctl.yaml", "--desired", "users.yaml"});
  INFO(valid.err);
  CHECK(valid.exit_code == 0);
  CHECK(valid.out.find("every id exists in Jira Align") != std::string::npos);
}
