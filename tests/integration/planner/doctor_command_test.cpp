// `alignctl doctor` against the simulator over HTTP: ready on a tenant that
// fits the policy, not ready (exit 1, the fix named) on a wrong token or a
// policy id the instance lacks; read-only in every case.
#include "generated_tenant.hpp"

using namespace alignctl::test;
using nlohmann::json;

namespace {

struct DoctorSite {
  TempDir dir{"alignctl-doctor"};
  std::unique_ptr<SimServer> sim;

  explicit DoctorSite(const std::string& policy = k_scenario_policy,
                      std::vector<std::string> sim_args = {}) {
    write_file(dir / "alignctl.yaml", policy);
    write_file(dir / "users.yaml", k_scenario_desired);
    write_seed(dir / "seed.json", scenario_live_users());
    SimOptions o;
    o.seed_file = (dir / "seed.json").string();
    o.extra_args = std::move(sim_args);
    sim = std::make_unique<SimServer>(o);
  }

  RunResult doctor(std::vector<std::string> extra = {}, const std::string& token = "") const {
    std::vector<std::string> argv = {alignctl_bin(),  "doctor", "--policy",
                                     "alignctl.yaml", "--url",  sim->base_url()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunOptions o;
    o.cwd = dir.path().string();
    o.env["SIM_TOKEN"] = token.empty() ? sim->token() : token;
    return run_command(argv, o);
  }

  // Doctor is read-only: no POST or PATCH ever reaches the simulator.
  void require_read_only() const {
    json m = sim->counts()["by_method"];
    CHECK(m.value("POST", 0) == 0);
    CHECK(m.value("PATCH", 0) == 0);
  }
};

json doctor_check(const json& report, const std::string& check) {
  for (const json& f : report["findings"]) {
    if (f["check"] == check) {
      return f;
    }
  }
  FAIL("no finding " << check << " in " << report.dump());
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("doctor: the scenario tenant is ready — text and JSON agree") {
  DoctorSite site;
  RunResult text = site.doctor();
  INFO(text.out << text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("alignctl doctor: " + site.sim->base_url()) == 0);
  CHECK(text.out.find("ok     users ") != std::string::npos);
  CHECK(text.out.find("12 users: 9 active (isLocked 0), 2 deactivated (isLocked -1)") !=
        std::string::npos);
  CHECK(text.out.find("\nready: alignctl can run against this instance as configured") !=
        std::string::npos);

  RunResult j = site.doctor({"--format", "json"});
  CHECK(j.exit_code == 0);
  json report = json::parse(j.out);
  CHECK(report["ready"] == true);
  CHECK(doctor_check(report, "locked")["verdict"] == "note");
  CHECK(doctor_check(report, "locked")["found"].get<std::string>().find("isLocked 1: 1 user") == 0);
  CHECK(doctor_check(report, "connector-users")["found"] ==
        "1 user looks like a connector's Integrated Users (1 ignored by the policy)");
  CHECK(doctor_check(report, "policy-ids")["verdict"] == "ok");
  site.require_read_only();
}

TEST_CASE("doctor: a wrong token blocks, naming where the token came from, never the token") {
  DoctorSite site;
  RunResult r = site.doctor({"--format", "json"}, "WRONG-doctor-token-5c1e");
  CHECK(r.exit_code == 1);
  json report = json::parse(r.out);
  CHECK(report["ready"] == false);
  json auth = doctor_check(report, "auth");
  CHECK(auth["verdict"] == "block");
  CHECK(auth["fix"].get<std::string>().find("environment variable SIM_TOKEN") != std::string::npos);
  CHECK((r.out + r.err).find("WRONG-doctor-token-5c1e") == std::string::npos);
  site.require_read_only();
}

TEST_CASE("doctor: a policy id the instance lacks blocks, at its file:line:col") {
  std::string policy = replace_all(k_scenario_policy, "EMEA: {regionId: 2, cityId: 21}",
                                   "EMEA: {regionId: 2, cityId: 99}");
  DoctorSite site(policy);
  RunResult r = site.doctor();
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("block  policy-ids") != std::string::npos);
  CHECK(r.out.find("alignctl.yaml:") != std::string::npos);
  CHECK(r.out.find("cityId 99") != std::string::npos);
  CHECK(r.out.find("not ready: 1 blocking finding") != std::string::npos);
  site.require_read_only();
}

TEST_CASE("doctor on a Guard-style tenant names match.key: email and how many would match") {
  TenantRun t({"--account-id-share", "1"});
  const std::size_t desired = t.desired_count();
  RunResult r = t.alignctl(gen_policy(), {"doctor", "--policy", "alignctl.yaml", "--desired",
                                          "users.yaml", "--format", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  json report = json::parse(r.out);
  CHECK(report["ready"] == false);
  CHECK(doctor_check(report, "external-id-shapes")["found"].get<std::string>().find(
            "most are Atlassian account IDs") != std::string::npos);
  json match = doctor_check(report, "match");
  CHECK(match["verdict"] == "block");
  CHECK(match["found"].get<std::string>().find("0 of the " + std::to_string(desired) +
                                               " desired users match a live user by "
                                               "externalId; by email: " +
                                               std::to_string(desired)) == 0);
  CHECK(match["fix"] == "set `match: {key: email}` in alignctl.yaml (" + std::to_string(desired) +
                            " of " + std::to_string(desired) + " would match)");

  RunResult fixed = t.alignctl(gen_policy("", "email"),
                               {"doctor", "--policy", "alignctl.yaml", "--desired", "users.yaml"});
  INFO(fixed.out);
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out.find("ok     match ") != std::string::npos);
}

TEST_CASE("doctor names the listing mode the server's $orderby answer leads to") {
  for (std::string mode : {"ignore", "reject"}) {
    DYNAMIC_SECTION("--orderby " << mode) {
      DoctorSite site(k_scenario_policy, {"--orderby", mode});
      RunResult r = site.doctor({"--format", "json"});
      INFO(r.out << r.err);
      CHECK(r.exit_code == 0);
      json orderby = doctor_check(json::parse(r.out), "orderby");
      CHECK(orderby["verdict"] == "note");
      CHECK(orderby["found"].get<std::string>().find(
                mode == "ignore" ? "$orderby=id ignored" : "$orderby=id rejected") == 0);
    }
  }
  DoctorSite honoured;
  const json& orderby =
      doctor_check(json::parse(honoured.doctor({"--format", "json"}).out), "orderby");
  CHECK(orderby["verdict"] == "ok");
}

TEST_CASE("doctor finds the auth scheme that works and names the policy line") {
  DoctorSite basic_site(k_scenario_policy,
                        {"--auth", "basic", "--basic-user", "admin@corp.example.com"});
  // Bearer refused: it says what an Atlassian API token needs.
  RunResult bearer = basic_site.doctor({"--format", "json"});
  INFO(bearer.out << bearer.err);
  CHECK(bearer.exit_code == 1);
  json auth = doctor_check(json::parse(bearer.out), "auth");
  CHECK(auth["verdict"] == "block");
  CHECK(auth["fix"].get<std::string>().find("set `jira: {auth: basic, user: <your email>}`") !=
        std::string::npos);
  // Configured as Basic, it is ready.
  RunResult basic = basic_site.doctor({"--auth", "basic", "--user", "admin@corp.example.com"});
  CHECK(basic.exit_code == 0);
  CHECK(basic.out.find("Basic (email:token) credentials accepted") != std::string::npos);
  basic_site.require_read_only();

  // Basic configured on a Bearer site: doctor tries Bearer with the same token.
  DoctorSite bearer_site;
  RunResult wrong = bearer_site.doctor(
      {"--format", "json", "--auth", "basic", "--user", "admin@corp.example.com"});
  INFO(wrong.out << wrong.err);
  CHECK(wrong.exit_code == 1);
  json report = json::parse(wrong.out);
  auth = doctor_check(report, "auth");
  CHECK(auth["verdict"] == "block");
  CHECK(auth["found"].get<std::string>().find("Bearer with the same token is accepted") !=
        std::string::npos);
  CHECK(auth["fix"] == "set `jira: {auth: bearer}` in the policy (or --auth bearer)");
  CHECK(doctor_check(report, "orderby")["verdict"] == "ok");
}

TEST_CASE("doctor reports the page cap: capped, or refused by a strict server") {
  DoctorSite strict(k_scenario_policy, {"--strict-top"});
  json cap = doctor_check(json::parse(strict.doctor({"--format", "json"}).out), "page-cap");
  CHECK(cap["verdict"] == "ok");
  CHECK(cap["found"] == "$top=101 is refused (HTTP 400); alignctl asks for 100 rows per page");
  DoctorSite lenient;
  const json& small =
      doctor_check(json::parse(lenient.doctor({"--format", "json"}).out), "page-cap");
  CHECK(small["found"].get<std::string>().find("$top=101 gave 12 rows (the instance has no more "
                                               "users") == 0);
}

TEST_CASE("doctor: a protected entry past its until day is a note, and the site stays ready") {
  std::string policy = replace_all(k_scenario_policy, "externalIds: [breakglass]",
                                   "externalIds: [{externalId: breakglass, until: 2020-01-31}]");
  DoctorSite site(policy);
  RunResult r = site.doctor({"--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  json f = doctor_check(json::parse(r.out), "exception-until");
  CHECK(f["verdict"] == "note");
  CHECK(f["found"].get<std::string>().find("protected.externalIds entry 'breakglass' "
                                           "(alignctl.yaml:") == 0);
  CHECK(f["found"].get<std::string>().find("expired after 2020-01-31") != std::string::npos);
  site.require_read_only();
}
