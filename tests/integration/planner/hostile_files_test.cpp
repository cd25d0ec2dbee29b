// The commands on hostile input files (docs/fuzzing.md): `plan` with an
// over-long value, a NUL byte, deep nesting, a file over the size limit or an
// alias bomb; `show` and `apply` with a plan JSON cannot hold; `export` with a
// UTF-16 CSV. Each exits 1 with one clear message (no crash, no signal),
// leaves an existing output file byte-identical, creates no journal, and sends
// no request to the simulator.
#include "scenario.hpp"

#include <filesystem>

using namespace alignctl::test;

namespace {

const std::string k_previous = "the previous plan, which must survive\n";

struct Hostile {
  TempDir dir{"alignctl-hostile"};
  TempDir seed_dir;
  std::unique_ptr<SimServer> sim;

  Hostile() {
    auto seed = seed_dir / "seed.json";
    write_seed(seed, scenario_live_users());
    SimOptions o;
    o.seed_file = seed.string();
    sim = std::make_unique<SimServer>(o);
    write_file(dir / "alignctl.yaml", k_scenario_policy);
    write_file(dir / "users.yaml", k_scenario_desired);
    write_file(dir / "plan.json", k_previous);
    sim->reset_counts();
  }

  RunResult run(std::vector<std::string> args) const {
    std::vector<std::string> argv = {alignctl_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions o;
    o.cwd = dir.path().string();
    o.env["SIM_TOKEN"] = sim->token();
    o.unset_env = {"ALIGNCTL_PLAN_KEY"};
    return run_command(argv, o);
  }

  RunResult plan() const {
    return run({"plan", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url",
                sim->base_url(), "--out", "plan.json"});
  }

  // Nothing written, nothing sent.
  void check_untouched() const {
    CHECK(read_file(dir / "plan.json") == k_previous);
    CHECK(sim->counts()["total"] == 0);
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = e.path().filename().string();
      CHECK((name == "alignctl.yaml" || name == "users.yaml" || name == "plan.json" ||
             name == "hostile.json" || name == "members.csv"));
    }
  }
};

const std::string k_nothing_planned =
    "alignctl: error: 1 problem in the inputs; nothing was planned and no request was sent\n";

} // namespace

TEST_CASE("plan: hostile desired-state files write nothing and send no request", "[hostile]") {
  struct Case {
    std::string desired;
    std::string error;
  };
  const std::string head = "version: 1\nusers:\n  - externalId: adavis\n";
  const std::string tail = "    lastName: Davis\n    email: a@x\n    groups: [G]\n";
  for (const Case& c : {
           Case{head + "    firstName: " + std::string(1 << 20, 'A') + "\n" + tail,
                "users.yaml:4:16: error: field 'firstName' of user 'adavis' is 1048576 "
                "characters long; the limit is 255\n"},
           Case{head + std::string("    firstName: A\0n\n", 18) + tail,
                "users.yaml:4:17: error: NUL byte (0x00); the file must be UTF-8 text\n"},
           Case{head + "    firstName: \"Ann\\N\"\n" + tail,
                "users.yaml:4:16: error: field 'firstName' of user 'adavis' is not UTF-8 once its "
                "escapes are decoded (byte 0x85; write \\u0085 for \\N and \\u00a0 for \\_)\n"},
           Case{"version: 1\nusers: " + std::string(100000, '['),
                "users.yaml:2:1: error: not valid YAML: lists and mappings nested too deeply (a "
                "desired state nests 3 levels)\n"},
       }) {
    Hostile h;
    write_file(h.dir / "users.yaml", c.desired);
    RunResult r = h.plan();
    INFO(r.err.substr(0, 300));
    CHECK(r.exit_code == 1);
    CHECK(r.err == c.error + k_nothing_planned);
    h.check_untouched();
  }
}

TEST_CASE("plan: a desired-state file over 512 MiB is refused before it is read", "[hostile]") {
  Hostile h;
  std::filesystem::resize_file(h.dir / "users.yaml", std::size_t{600} << 20); // sparse
  RunResult r = h.plan();
  CHECK(r.exit_code == 1);
  CHECK(r.err ==
        "alignctl: error: desired-state file users.yaml is 600 MiB, over the limit of 512 MiB\n");
  h.check_untouched();
}

TEST_CASE("plan: an alias-bomb policy is refused", "[hostile]") {
  Hostile h;
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) {
      bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
    }
    bomb += "]\n";
  }
  write_file(h.dir / "alignctl.yaml", std::string(k_scenario_policy) + bomb);
  RunResult r = h.plan();
  CHECK(r.exit_code == 1);
  CHECK(r.err == "alignctl.yaml: error: aliases (*name) would add more than 1 MiB to the policy "
                 "(an alias bomb?); write the values out instead\n" +
                     k_nothing_planned);
  h.check_untouched();
}

TEST_CASE("show and apply: a plan JSON cannot hold is an error, not a crash", "[hostile]") {
  for (const std::string& text :
       {std::string(R"({"format": "alignctl-plan", "format_version": 1, "x": 1e400})"),
        R"({"format": "alignctl-plan", "x": )" + std::string(1 << 20, '[')}) {
    Hostile h;
    write_file(h.dir / "hostile.json", text);
    const std::string why =
        text.find("1e400") != std::string::npos
            ? "not valid JSON ([json.exception.out_of_range.406] number overflow parsing '1e400')"
            : "JSON nested deeper than 64 levels (at byte 97), so not an alignctl plan";
    RunResult show = h.run({"show", "hostile.json"});
    CHECK(show.exit_code == 1);
    CHECK(show.signal == 0);
    CHECK(show.err == "alignctl: error: hostile.json: plan file: " + why + "\n");
    RunResult apply =
        h.run({"apply", "hostile.json", "--url", h.sim->base_url(), "--token-env", "SIM_TOKEN"});
    CHECK(apply.exit_code == 1);
    CHECK(apply.signal == 0);
    CHECK(apply.err == "alignctl: error: hostile.json: plan file: " + why + "\n");
    h.check_untouched(); // no journal, no audit log
  }
}

TEST_CASE("export: a UTF-16 CSV leaves the desired-state file as it was", "[hostile]") {
  Hostile h;
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("sAMAccountName,givenName,sn,mail\r\nadavis,Ann,Davis,a@x\r\n")) {
    utf16 += c;
    utf16 += '\0';
  }
  write_file(h.dir / "members.csv", utf16);
  RunResult r = h.run({"export", "--source", "csv", "--input", "members.csv", "--group",
                       "JiraAlign-Users", "--out", "users.yaml"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "alignctl: error: members.csv:1:1: the file is UTF-16 (it starts with a UTF-16 "
                 "byte-order mark); export it as UTF-8 (Export-Csv -Encoding UTF8)\n");
  CHECK(read_file(h.dir / "users.yaml") == k_scenario_desired);
  h.check_untouched();
}
