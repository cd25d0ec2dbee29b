// `alignctl validate`: a corpus of broken inputs (validate_corpus/<case>/ with
// alignctl.yaml, users.yaml and expected.txt = "exit N", then stdout and
// stderr) gives exactly the expected messages; with a token, the policy's ids
// are checked against the simulator's reference data.
#include "scenario.hpp"

#include <algorithm>
#include <map>

using namespace alignctl::test;

namespace {

std::string run_validate(const std::filesystem::path& dir, std::vector<std::string> extra = {},
                         std::map<std::string, std::string> env = {}) {
  std::vector<std::string> argv = {alignctl_bin(),  "validate",  "--policy",
                                   "alignctl.yaml", "--desired", "users.yaml"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  RunOptions o;
  o.cwd = dir.string();
  o.env = std::move(env);
  o.unset_env = {"ALIGNCTL_TOKEN"};
  RunResult r = run_command(argv, o);
  return "exit " + std::to_string(r.exit_code) + "\n" + r.out + r.err;
}

} // namespace

TEST_CASE("validate: the corpus of broken inputs gives the exact messages") {
  auto corpus = std::filesystem::path(source_dir()) / "tests/integration/planner/validate_corpus";
  std::vector<std::filesystem::path> cases;
  for (const auto& e : std::filesystem::directory_iterator(corpus)) {
    cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 6);
  for (const auto& dir : cases) {
    INFO("case " << dir.filename().string());
    CHECK(run_validate(dir, {"--offline"}) == read_file(dir / "expected.txt"));
  }
}

TEST_CASE("validate: without a token it says the ids were not checked") {
  auto dir =
      std::filesystem::path(source_dir()) / "tests/integration/planner/validate_corpus/valid";
  CHECK(run_validate(dir, {"--url", "http://127.0.0.1:9/rest/align/api/2"}) ==
        "exit 0\nalignctl.yaml and users.yaml are valid (2 users)\nalignctl: note: no token; the "
        "policy's ids were not checked against Jira Align\n");
}

TEST_CASE("validate: with a token, every id is checked against the live reference data") {
  SimServer sim;
  TempDir dir;
  write_file(dir / "users.yaml", "version: 1\nusers: []\n");
  write_file(dir / "alignctl.yaml", R"(create:
  roleId: 7
  costCenterId: 999
  divisionId: 201
regions:
  map:
    AMER: {regionId: 1, cityId: 11}
    EMEA: {regionId: 2, cityId: 11}
    Mars: {regionId: 4, cityId: 41}
  default: {regionId: 3, cityId: 31}
repair:
  divisionId: 777
  cityId: 21
)");
  std::string out = run_validate(dir.path(), {"--url", sim.base_url(), "--token-env", "SIM_TOKEN"},
                                 {{"SIM_TOKEN", sim.token()}});
  CHECK(out == "exit 1\n"
               "alignctl.yaml:3:17: error: create.costCenterId 999 is not a cost center in Jira "
               "Align (GET /CostCenters)\n"
               "alignctl.yaml:8:33: error: regions.map.EMEA.cityId 11 ('AMER – Remote') belongs "
               "to region 1, not to region 2 it is paired with\n"
               "alignctl.yaml:9:22: error: regions.map.Mars.regionId 4 is not a region in Jira "
               "Align (GET /Regions)\n"
               "alignctl.yaml:9:33: error: regions.map.Mars.cityId 41 is not a city in Jira Align "
               "(GET /Cities)\n"
               "alignctl.yaml:12:15: error: repair.divisionId 777 is not a division in Jira Align "
               "(GET /Divisions)\n"
               "alignctl: error: 5 problems found\n");
}
