// `alignctl doctor` against the simulator over HTTP: ready on a tenant that
// fits the policy, not ready (exit 1, the fix named) on a wrong token or a
// policy id the instance lacks; read-only in every case.
#include "scenario.hpp"

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

const json& doctor_check(const json& report, const std::string& check) {
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
  const json& auth = doctor_check(report, "auth");
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
