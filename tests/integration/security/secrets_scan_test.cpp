// The secrets scan (issue 7): every subcommand runs with a marker API token,
// (an Entra ID export, issue 15: a marker client secret and Graph's tokens),
// a marker LDAP bind password and a marker plan-signing key — on the happy
// path and on the error paths that quote credentials' origins (wrong token,
// wrong password) — and then stdout, stderr, every file written (desired
// YAML, plan, Markdown, journal, audit log) and every git object the export
// committed are scanned for the markers, raw and base64-encoded: zero
// occurrences. Plans, journals and audit logs must be mode 0600.
#include "tests/support/graph_sim_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/sim_fixture.hpp"
#include "tests/support/slapd_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/core.h>
#include <sys/stat.h>

using namespace alignctl::test;
namespace fs = std::filesystem;

namespace {

const std::string k_token = "MARKER-api-token-5c1f9e27d4";
const std::string k_wrong_token = "MARKER-wrong-token-0b7d33";
const std::string k_password = "MARKER-bind-password-a8e61c";
const std::string k_wrong_password = "MARKER-wrong-password-91fa";
const std::string k_plan_key = "MARKER-plan-key-77c2b0e5";

std::string base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
  }
  return out; // the whole-group prefix is enough to spot an encoded copy
}

// Basic auth sends base64("<email>:<token>"): the needles are the raw pair, the
// whole encoded pair, and its second half (the groups that encode the token,
// whatever the email's length does to the alignment).
const std::string k_basic_user = "robot.admin@example.com";
std::vector<std::string> basic_needles(const std::string& token) {
  std::string pair = k_basic_user + ":" + token;
  std::string encoded = base64(pair);
  return {pair, encoded, encoded.substr(encoded.size() / 2)};
}

// Every marker, and each one's base64 form (a leak through an "Authorization"
// or LDAP bind dump would be encoded). The bare "MARKER-" prefix is also
// searched, so a truncated or partially redacted copy is caught too.
std::vector<std::string> needles() {
  std::vector<std::string> out = {"MARKER-"};
  for (const std::string& s : {k_token, k_wrong_token, k_password, k_wrong_password, k_plan_key}) {
    out.push_back(s);
    out.push_back(base64(s).substr(0, 16));
  }
  return out;
}

struct Scan {
  std::vector<std::string> leaks;
  int sources = 0;
  std::vector<std::string> extra_needles; // e.g. the Basic credentials
  void check(const std::string& what, const std::string& text) {
    ++sources;
    std::vector<std::string> all = needles();
    all.insert(all.end(), extra_needles.begin(), extra_needles.end());
    for (const std::string& n : all) {
      if (text.find(n) != std::string::npos) {
        leaks.push_back(what + " contains \"" + n + "\"");
      }
    }
  }
  // Runs `alignctl argv…` with `options`, expects `want_exit`, scans both streams.
  RunResult run(const std::string& name, std::vector<std::string> argv, const RunOptions& options,
                int want_exit) {
    argv.insert(argv.begin(), alignctl_bin());
    RunResult r = run_command(argv, options);
    INFO(name << ": exit " << r.exit_code << "\n" << r.out << r.err);
    CHECK(r.exit_code == want_exit);
    check(name + " stdout", r.out);
    check(name + " stderr", r.err);
    return r;
  }
};

std::string person(const std::string& uid, const std::string& region) {
  return fmt::format("dn: uid={0},ou=People,dc=example,dc=com\nobjectClass: inetOrgPerson\n"
                     "uid: {0}\ncn: {0} Person\ngivenName: {0}\nsn: Person\n"
                     "mail: {0}@example.com\nl: {1}\n\n",
                     uid, region);
}

const char* k_policy = R"(jira:
  token_env: ALIGN_TOKEN
match:
  key: externalId
create: {roleId: 7, costCenterId: 100, divisionId: 200, isExternal: 0}
regions:
  map:
    AMER: {regionId: 1, cityId: 11}
    EMEA: {regionId: 2, cityId: 21}
  default: {regionId: 1, cityId: 11}
sync: [firstName, lastName, title, region]
repair: {divisionId: 200, cityId: 11, company: Acme}
limits:
  max_deactivations: 100%
  max_creates: 10
)";

// A seed of one user who stays (ann) and one to deactivate (zed), and the
// simulator options with the marker token.
SimOptions scan_tenant(const TempDir& dir) {
  nlohmann::json users = nlohmann::json::array();
  for (auto [id, key] : {std::pair{1, "ann"}, std::pair{2, "zed"}}) {
    users.push_back({{"id", id},
                     {"externalId", key},
                     {"firstName", key},
                     {"lastName", "Person"},
                     {"email", std::string(key) + "@example.com"},
                     {"isLocked", 0},
                     {"roleId", 7},
                     {"regionId", 1},
                     {"cityId", 11},
                     {"divisionId", 200},
                     {"costCenterId", 100},
                     {"isExternal", 0}});
  }
  write_seed(dir / "seed.json", users);
  SimOptions so;
  so.seed_file = (dir / "seed.json").string();
  so.token = k_token;
  return so;
}

} // namespace

TEST_CASE("secrets never leak: every subcommand, outputs, files and git objects scanned",
          "[integration][security][secrets]") {
  TempDir dir("alignctl-secrets");
  const fs::path repo = dir / "repo";
  REQUIRE(run_command({"git", "init", "-q", "-b", "main", repo.string()}).exit_code == 0);

  // The directory: four people in a group; the reader's password is the marker.
  SlapdServer ldap;
  ldap.add(person("ann", "AMER") + person("ben", "EMEA") + person("cat", "AMER") +
           person("dan", "EMEA"));
  ldap.add("dn: cn=JiraAlign-Users,ou=Groups,dc=example,dc=com\nobjectClass: groupOfNames\n"
           "cn: JiraAlign-Users\nmember: uid=ann,ou=People,dc=example,dc=com\n"
           "member: uid=ben,ou=People,dc=example,dc=com\n"
           "member: uid=cat,ou=People,dc=example,dc=com\n"
           "member: uid=dan,ou=People,dc=example,dc=com\n\n");
  ldap.modify("dn: " + SlapdServer::reader_dn() +
              "\nchangetype: modify\nreplace: userPassword\nuserPassword: " + k_password + "\n");

  // The tenant: one user who stays, one to deactivate, and the token is the marker.
  SimOptions so = scan_tenant(dir);
  SimServer sim(so);
  write_file(dir / "token.txt", k_token + "\n");
  write_file(repo / "alignctl.yaml", k_policy);

  RunOptions env;
  env.cwd = repo.string();
  env.env = {{"ALIGN_TOKEN", k_token},
             {"WRONG_TOKEN", k_wrong_token},
             {"LDAP_PW", k_password},
             {"WRONG_PW", k_wrong_password},
             {"ALIGNCTL_PLAN_KEY", k_plan_key}};
  Scan scan;
  const std::string url = sim.base_url();
  const std::string users_yaml = (repo / "users.yaml").string();
  const std::string plan = (dir / "plan.json").string();
  auto run = [&](const std::string& name, std::vector<std::string> argv, int want_exit) {
    return scan.run(name, std::move(argv), env, want_exit);
  };
  const std::vector<std::string> ldap_args = {"export",
                                              "--type",
                                              "ldap",
                                              "--url",
                                              ldap.url(),
                                              "--bind-dn",
                                              SlapdServer::reader_dn(),
                                              "--base-dn",
                                              SlapdServer::base_dn(),
                                              "--group",
                                              "JiraAlign-Users",
                                              "--region-attribute",
                                              "l"};
  auto with = [](std::vector<std::string> a, std::initializer_list<std::string> more) {
    a.insert(a.end(), more);
    return a;
  };

  run("version", {"--version"}, 0);
  run("export (wrong password)",
      with(ldap_args, {"--password-env", "WRONG_PW", "--out", users_yaml}), 1);
  run("export --commit",
      with(ldap_args, {"--password-env", "LDAP_PW", "--out", users_yaml, "--commit",
                       "--author-name", "Export Bot", "--author-email", "bot@example.com"}),
      0);
  run("export --check",
      with(ldap_args, {"--password-env", "LDAP_PW", "--out", users_yaml, "--check"}), 0);
  run("import",
      {"import", "--url", url, "--token-env", "ALIGN_TOKEN", "--policy", "alignctl.yaml", "--out",
       (dir / "imported.yaml").string()},
      0);
  run("validate",
      {"validate", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url}, 0);
  run("validate (wrong token)",
      {"validate", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url,
       "--token-env", "WRONG_TOKEN"},
      1);
  run("users", {"users", "--url", url, "--token-file", (dir / "token.txt").string(), "--json"}, 0);
  run("doctor", {"doctor", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url},
      0);
  run("doctor (wrong token)",
      {"doctor", "--policy", "alignctl.yaml", "--url", url, "--token-env", "WRONG_TOKEN"}, 1);
  run("users (wrong token)", {"users", "--url", url, "--token-env", "WRONG_TOKEN"}, 1);
  run("plan (wrong token)",
      {"plan", "--policy", "alignctl.yaml", "--desired", "git:HEAD:users.yaml", "--url", url,
       "--token-env", "WRONG_TOKEN", "--out", (dir / "refused-plan.json").string()},
      1);
  CHECK_FALSE(fs::exists(dir / "refused-plan.json"));
  run("plan",
      {"plan", "--policy", "alignctl.yaml", "--desired", "git:HEAD:users.yaml", "--url", url,
       "--out", plan, "--format", "json", "--markdown-out", (dir / "plan.md").string(),
       "--detailed-exitcode", "--timings"},
      2);
  for (const char* format : {"text", "markdown", "json"}) {
    run(std::string("show --format ") + format, {"show", plan, "--format", format}, 0);
  }
  run("apply --dry-run",
      {"apply", plan, "--policy", "alignctl.yaml", "--url", url, "--dry-run", "--progress",
       "lines"},
      0);
  run("apply (wrong token)",
      {"apply", plan, "--url", url, "--token-env", "WRONG_TOKEN", "--progress", "lines"}, 1);
  run("apply (token file)",
      {"apply", plan, "--url", url, "--token-file", (dir / "token.txt").string(), "--dry-run",
       "--progress", "lines"},
      0);
  run("apply",
      {"apply", plan, "--policy", "alignctl.yaml", "--url", url, "--progress", "lines",
       "--audit-log", (dir / "audit.jsonl").string()},
      0);
  run("plan again",
      {"plan", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url,
       "--detailed-exitcode"},
      0);
  const std::string undo_plan = (dir / "plan.undo.json").string();
  run("undo",
      {"undo", plan, "--out", undo_plan, "--format", "markdown", "--url", url, "--token-env",
       "ALIGN_TOKEN"},
      0);
  run("apply undo",
      {"apply", undo_plan, "--policy", "alignctl.yaml", "--url", url, "--progress", "lines"}, 0);

  // The apply really happened (so the scan covered a real journal and audit log).
  auto state = sim.state();
  CHECK(state.size() == 5); // ann kept, zed deactivated, ben, cat, dan created

  // Every file written under the test directory, and their modes.
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file() && entry.path().filename() != "token.txt" &&
        entry.path().string().find("/.git/objects/") == std::string::npos) {
      ++files;
      scan.check(entry.path().string(), read_file(entry.path()));
    }
  }
  for (const fs::path& p :
       {fs::path(plan), fs::path(plan + ".journal"), dir / "audit.jsonl", fs::path(undo_plan)}) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    INFO(p);
    CHECK((st.st_mode & 0777) == 0600);
  }
  // Every git object, decompressed.
  RunOptions in_repo;
  in_repo.cwd = repo.string();
  auto objects =
      run_command({"git", "cat-file", "--batch-all-objects", "--batch", "--unordered"}, in_repo);
  REQUIRE(objects.exit_code == 0);
  CHECK(objects.out.find("externalId: ann") != std::string::npos); // the blob really is there
  scan.check("git objects", objects.out);

  INFO("sources scanned: " << scan.sources << " (files " << files << ")");
  CHECK(files >= 6);
  for (const std::string& leak : scan.leaks) {
    UNSCOPED_INFO(leak);
  }
  CHECK(scan.leaks.empty());
}

TEST_CASE("secrets never leak with Basic auth: the token and base64(email:token) stay hidden",
          "[integration][security][secrets]") {
  TempDir dir("alignctl-secrets-basic");
  SimOptions so = scan_tenant(dir);
  so.extra_args = {"--auth", "basic", "--basic-user", k_basic_user};
  SimServer sim(so);
  std::string policy = k_policy;
  policy.replace(policy.find("  token_env"), 0, "  auth: basic\n  user_env: ALIGN_USER\n");
  write_file(dir / "alignctl.yaml", policy);
  write_file(dir / "users.yaml", "version: 1\nusers:\n"
                                 "  - externalId: ann\n    firstName: ann\n    lastName: Person\n"
                                 "    email: ann@example.com\n    region: AMER\n    groups: []\n"
                                 "  - externalId: ben\n    firstName: ben\n    lastName: Person\n"
                                 "    email: ben@example.com\n    region: EMEA\n    groups: []\n");
  write_file(dir / "token.txt", k_token + "\n");

  RunOptions env;
  env.cwd = dir.path().string();
  env.env = {{"ALIGN_TOKEN", k_token},
             {"WRONG_TOKEN", k_wrong_token},
             {"ALIGN_USER", k_basic_user},
             {"ALIGNCTL_PLAN_KEY", k_plan_key}};
  Scan scan;
  scan.extra_needles = basic_needles(k_token);
  for (const std::string& n : basic_needles(k_wrong_token)) {
    scan.extra_needles.push_back(n);
  }
  const std::string url = sim.base_url();
  const std::string plan = (dir / "plan.json").string();
  auto run = [&](const std::string& name, std::vector<std::string> argv, int want_exit) {
    return scan.run(name, std::move(argv), env, want_exit);
  };
  const std::vector<std::string> basic = {"--auth", "basic", "--user-env", "ALIGN_USER"};
  auto with_basic = [&](std::vector<std::string> a) {
    a.insert(a.end(), basic.begin(), basic.end());
    return a;
  };
  run("users", with_basic({"users", "--url", url, "--token-env", "ALIGN_TOKEN", "--json"}), 0);
  RunResult refused = run("users (wrong token)",
                          with_basic({"users", "--url", url, "--token-env", "WRONG_TOKEN"}), 1);
  CHECK(refused.err.find("sent with Basic auth as " + k_basic_user) != std::string::npos);
  run("users (bearer refused)", {"users", "--url", url, "--token-env", "ALIGN_TOKEN"}, 1);
  run("doctor", {"doctor", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url},
      0);
  run("doctor (wrong token)",
      {"doctor", "--policy", "alignctl.yaml", "--url", url, "--token-env", "WRONG_TOKEN"}, 1);
  run("doctor (bearer refused)",
      {"doctor", "--policy", "alignctl.yaml", "--url", url, "--auth", "bearer", "--token-env",
       "ALIGN_TOKEN", "--format", "json"},
      1);
  run("import",
      {"import", "--url", url, "--policy", "alignctl.yaml", "--out",
       (dir / "imported.yaml").string()},
      0);
  run("validate",
      {"validate", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url}, 0);
  run("plan (wrong token)",
      {"plan", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url, "--token-env",
       "WRONG_TOKEN"},
      1);
  run("plan",
      {"plan", "--policy", "alignctl.yaml", "--desired", "users.yaml", "--url", url, "--out", plan,
       "--markdown-out", (dir / "plan.md").string(), "--detailed-exitcode"},
      2);
  run("show", {"show", plan, "--format", "json"}, 0);
  run("apply",
      {"apply", plan, "--policy", "alignctl.yaml", "--url", url, "--progress", "lines",
       "--audit-log", (dir / "audit.jsonl").string()},
      0);
  run("apply --dry-run (token file)",
      with_basic({"apply", plan, "--url", url, "--token-file", (dir / "token.txt").string(),
                  "--dry-run", "--progress", "lines"}),
      0);
  CHECK(sim.state().size() == 3); // ann kept, zed deactivated, ben created

  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file() && entry.path().filename() != "token.txt") {
      ++files;
      scan.check(entry.path().string(), read_file(entry.path()));
    }
  }
  INFO("sources scanned: " << scan.sources << " (files " << files << ")");
  CHECK(files >= 5);
  for (const std::string& leak : scan.leaks) {
    UNSCOPED_INFO(leak);
  }
  CHECK(scan.leaks.empty());
}

TEST_CASE("secrets never leak from an Entra ID export: client secret and Graph tokens",
          "[integration][security][secrets]") {
  const std::string secret = "MARKER-entra-client-secret-3f9a1c";
  const std::string wrong = "MARKER-wrong-entra-secret-77e0";
  GraphSim sim(
      GraphSimOptions{nullptr,
                      secret,
                      {"--generate-users", "120", "--revoke-after", "2", "--token-lifetime", "1"}});
  TempDir dir("alignctl-entra-secrets");
  Scan scan;
  // graph-sim's access tokens all start so: none may reach any output.
  scan.extra_needles = {secret, wrong, "eyJ0eXAiOiJKV1QifQ.sim"};
  RunOptions env;
  env.cwd = dir.path().string();
  env.env = {{"ENTRA_SECRET", secret}, {"WRONG_SECRET", wrong}};
  std::vector<std::string> args = {
      "export",        "--out",       "users.yaml", "--group",
      "JiraAlign-All", "--page-size", "20",         "--client-secret-env"};
  auto with = [&](const std::string& var) {
    std::vector<std::string> a = args;
    a.push_back(var);
    auto extra = sim.export_args();
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  scan.run("entra export (wrong secret)", with("WRONG_SECRET"), env, 1);
  scan.run("entra export", with("ENTRA_SECRET"), env, 0);
  scan.run(
      "entra export --check",
      [&] {
        auto a = with("ENTRA_SECRET");
        a.push_back("--check");
        return a;
      }(),
      env, 0);
  scan.check("users.yaml", read_file(dir / "users.yaml"));
  const auto counts = sim.counts();
  CHECK(counts.value("token_revoked", 0) > 0); // renewal paths ran too
  for (const std::string& leak : scan.leaks) {
    FAIL_CHECK(leak);
  }
  CHECK(scan.leaks.empty());
  CHECK(scan.sources == 7);
}
