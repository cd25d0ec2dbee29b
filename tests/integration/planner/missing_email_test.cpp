// A user without an email, from the directory to the plan: export names it
// (a warning, or an error by policy), validate and plan refuse a create or an
// update that would clear an email — instead of apply failing on Jira Align's
// 400 "Value for email is invalid".
#include "scenario.hpp"

#include <fmt/core.h>

using namespace alignctl::test;
using nlohmann::json;

namespace {

// The 1-based line of `needle` in `text`, 0 when absent.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  if (pos == std::string::npos) {
    return 0;
  }
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

struct EmailWorkspace {
  TempDir dir{"alignctl-missing-email"};
  RunResult run(std::vector<std::string> args, const std::string& url = "") const {
    std::vector<std::string> argv = {alignctl_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    if (!url.empty()) {
      argv.insert(argv.end(), {"--url", url});
    }
    RunOptions o;
    o.cwd = dir.path().string();
    o.env = {{"SIM_TOKEN", "sim-token"}};
    return run_command(argv, o);
  }
};

} // namespace

TEST_CASE("missing email: export names the users, validate and plan refuse them") {
  EmailWorkspace ws;
  std::string policy = k_scenario_policy;
  const std::string sync = "sync: [firstName, lastName, title, region]";
  policy.replace(policy.find(sync), sync.size(),
                 "sync: [firstName, lastName, email, title, region]");
  write_file(ws.dir / "alignctl.yaml", policy);
  // adavis has lost her mail; nomail never had one; bkhan is fine.
  write_file(ws.dir / "m.csv", "SamAccountName,GivenName,Surname,EmailAddress,UserPrincipalName\n"
                               "adavis,Ann,Davis,,adavis@corp.example.com\n"
                               "bkhan,Bilal,Khan,bilal.khan@corp.example.com,bkhan@corp\n"
                               "nomail,No,Mail,,nomail@corp.example.com\n");
  const std::vector<std::string> export_args = {"export",          "--source", "csv",
                                                "--input",         "m.csv",    "--group",
                                                "JiraAlign-Users", "--out",    "users.yaml"};

  RunResult exported = ws.run(export_args);
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  CHECK(exported.err.find("alignctl: warning: 2 users have no email (attribute 'mail'): adavis "
                          "(line 2), nomail (line 4). Jira Align refuses to create a user "
                          "without one") != std::string::npos);
  const std::string desired = read_file(ws.dir / "users.yaml");
  const int adavis_line = line_of(desired, "  - externalId: adavis\n");
  const int nomail_line = line_of(desired, "  - externalId: nomail\n");
  REQUIRE(adavis_line > 0);
  REQUIRE(nomail_line > 0);

  // By policy it is an error, and nothing is written.
  auto strict = export_args;
  strict.back() = "strict.yaml";
  strict.insert(strict.end(), {"--missing-email", "error"});
  RunResult refused = ws.run(strict);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err == "alignctl: error: 2 users have no email (attribute 'mail'): adavis (line "
                       "2), nomail (line 4). Jira Align refuses to create a user without one, and "
                       "plan refuses to clear an email; give them a mail value in the directory, "
                       "or map a fallback attribute (directory.email_fallback, e.g. "
                       "userPrincipalName) (directory.missing_email: error)\n");
  CHECK_FALSE(std::filesystem::exists(ws.dir / "strict.yaml"));

  // With the fallback attribute the export is complete.
  auto fallback = export_args;
  fallback.back() = "fallback.yaml";
  fallback.insert(fallback.end(), {"--email-fallback", "UserPrincipalName"});
  RunResult filled = ws.run(fallback);
  REQUIRE(filled.exit_code == 0);
  CHECK(filled.err.find("no email") == std::string::npos);
  CHECK(read_file(ws.dir / "fallback.yaml").find("    email: nomail@corp.example.com\n") !=
        std::string::npos);

  RunResult validated =
      ws.run({"validate", "--offline", "--policy", "alignctl.yaml", "--desired", "users.yaml"});
  CHECK(validated.exit_code == 1);
  CHECK(validated.err.find(fmt::format("users.yaml:{}: error: user 'adavis' has an empty email",
                                       adavis_line)) != std::string::npos);
  CHECK(validated.err.find(fmt::format("users.yaml:{}: error: user 'nomail' has an empty email",
                                       nomail_line)) != std::string::npos);

  TempDir seed_dir;
  const auto seed = seed_dir / "seed.json";
  json live = json::array();
  live.push_back(scenario_user(1, "adavis", "Ann", "Davis", 2, 21));
  live.push_back(scenario_user(2, "bkhan", "Bilal", "Khan", 1, 11));
  write_seed(seed, live);
  SimOptions so;
  so.seed_file = seed.string();
  SimServer sim(so);
  RunResult planned = ws.run({"plan", "--policy", "alignctl.yaml", "--desired", "users.yaml",
                              "--now", "2026-01-02T03:04:05Z", "--out", "plan.json"},
                             sim.base_url());
  INFO(planned.out + planned.err);
  CHECK(planned.exit_code == 1);
  CHECK(planned.err.find(fmt::format("users.yaml:{}: desired user 'nomail' has an empty email: it "
                                     "would be created without one",
                                     nomail_line)) != std::string::npos);
  CHECK(planned.err.find(fmt::format("users.yaml:{}: desired user 'adavis' has an empty email: the "
                                     "update would clear the email of user id 1",
                                     adavis_line)) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(ws.dir / "plan.json"));

  // The fallback export plans cleanly.
  RunResult clean = ws.run({"plan", "--policy", "alignctl.yaml", "--desired", "fallback.yaml",
                            "--now", "2026-01-02T03:04:05Z", "--out", "plan.json"},
                           sim.base_url());
  INFO(clean.err);
  CHECK(clean.exit_code == 0);
}
