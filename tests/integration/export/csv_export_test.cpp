// alignctl export from a CSV file (Get-ADUser | Export-Csv) through the real
// binary: --group names recorded when the file has no group column, --check's
// exit codes, and --commit into real git repositories — the message counted
// against the branch tip, nothing written when the commit cannot happen.
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/core.h>

using namespace alignctl::test;

namespace {

// Get-ADUser -Properties mail | Export-Csv: no group column.
std::string ad_users_csv(const std::vector<std::string>& names) {
  std::string csv = "#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n"
                    "\"SamAccountName\",\"GivenName\",\"Surname\",\"EmailAddress\",\"Enabled\"\r\n";
  for (const std::string& n : names) {
    csv += fmt::format("\"{0}\",\"{0}\",\"Tester\",\"{0}@example.com\",\"True\"\r\n", n);
  }
  return csv;
}

// As Export-JiraAlignGroup.ps1 writes it: with the group column.
std::string group_csv(const std::vector<std::string>& names) {
  std::string csv = "SamAccountName,GivenName,Surname,EmailAddress,group\n";
  for (const std::string& n : names) {
    csv += fmt::format("{0},{0},Tester,{0}@example.com,JiraAlign-Users\n", n);
  }
  return csv;
}

// A run of the binary with a clean git environment: no identity from the
// caller's environment or configuration unless the test gives one.
struct CsvExport {
  TempDir home{"alignctl-csv-home"};
  std::string dir;
  explicit CsvExport(std::string work_dir) : dir(std::move(work_dir)) {}

  RunResult run(const std::vector<std::string>& extra) const {
    std::vector<std::string> argv = {alignctl_bin(), "export",    "--source", "csv",
                                     "--input",      "m.csv",     "--group",  "JiraAlign-Users",
                                     "--out",        "users.yaml"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunOptions o;
    o.cwd = dir;
    const std::string home_dir = home.path().string();
    o.env = {{"HOME", home_dir}, {"XDG_CONFIG_HOME", home_dir}, {"GIT_CONFIG_NOSYSTEM", "1"}};
    o.unset_env = {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                   "GIT_COMMITTER_EMAIL", "EMAIL"};
    return run_command(argv, o);
  }
};

const std::vector<std::string> k_bot = {"--author-name", "Export Bot", "--author-email",
                                        "bot@example.com"};

std::vector<std::string> args_with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void init_repo(const std::string& dir) {
  REQUIRE(run_command({"git", "init", "-q", "-b", "main", dir}).exit_code == 0);
}

} // namespace

TEST_CASE("csv export: a Get-ADUser CSV without a group column records the --group names",
          "[integration][export][csv]") {
  TempDir dir("alignctl-csv");
  write_file(dir / "m.csv", ad_users_csv({"bob", "alice"}));
  CsvExport e(dir.path().string());
  RunResult r = e.run({});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string text = read_file(dir / "users.yaml");
  CHECK(text.find("  - externalId: alice\n"
                  "    firstName: alice\n"
                  "    lastName: Tester\n"
                  "    email: alice@example.com\n"
                  "    groups: [JiraAlign-Users]\n") != std::string::npos);
  CHECK(text.find("  - externalId: bob\n") != std::string::npos);

  // A configured column that is absent is still an error, saying how to proceed.
  write_file(dir / "alignctl.yaml", "directory:\n  csv_groups_column: memberOf\n");
  RunResult missing = e.run({"--policy", "alignctl.yaml"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("m.csv:1: no column 'memberOf' (directory.csv_groups_column; columns: "
                         "SamAccountName, GivenName, Surname, EmailAddress, Enabled): name the "
                         "column that lists each row's groups, or remove csv_groups_column to "
                         "record the --group names for every row") != std::string::npos);
}

TEST_CASE("csv export: --check exits 2 when the file would change, 0 when up to date, 1 on error",
          "[integration][export][csv]") {
  TempDir dir("alignctl-csv-check");
  write_file(dir / "m.csv", ad_users_csv({"alice", "bob", "carol", "dave", "erin"}));
  CsvExport e(dir.path().string());
  RunResult missing_file = e.run({"--check"});
  CHECK(missing_file.exit_code == 2);
  REQUIRE(e.run({}).exit_code == 0);
  const std::string first = read_file(dir / "users.yaml");
  RunResult same = e.run({"--check"});
  CHECK(same.exit_code == 0);
  CHECK(same.out == "users.yaml is up to date (5 users)\n");

  write_file(dir / "m.csv", ad_users_csv({"alice", "bob", "carol", "dave", "frank"}));
  RunResult changed = e.run({"--check"});
  INFO(changed.out + changed.err);
  CHECK(changed.exit_code == 2);
  CHECK(changed.out.find("users.yaml would change: 5 users: 1 join, 1 leave, 0 updated\n") == 0);
  CHECK(read_file(dir / "users.yaml") == first);

  // An error is not "would change".
  write_file(dir / "m.csv", "SamAccountName,GivenName\nalice,\"open\n");
  RunResult bad = e.run({"--check"});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("unterminated quoted field") != std::string::npos);
}

TEST_CASE("csv export: --commit counts joins and leaves against the branch tip, not the file",
          "[integration][export][csv][git]") {
  TempDir dir("alignctl-csv-tip");
  init_repo(dir.path().string());
  CsvExport e(dir.path().string());
  write_file(dir / "m.csv", group_csv({"alice", "bob", "carol", "dave", "erin"}));
  RunResult first = e.run(args_with({"--commit"}, k_bot));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);

  // carol leaves; an export without --commit writes the file, then one with
  // --commit finds the file unchanged on disk — but the commit removes carol.
  write_file(dir / "m.csv", group_csv({"alice", "bob", "dave", "erin"}));
  REQUIRE(e.run({}).exit_code == 0);
  RunResult second = e.run(args_with({"--commit"}, k_bot));
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("4 users: 0 join, 1 leave, 0 updated") != std::string::npos);
  const std::string message = git_in(dir.path().string(), {"log", "-1", "--format=%B"});
  CHECK(message.find("export: 0 join, 1 leave (4 users)\n\nLeave (1): carol\n") == 0);
  CHECK(git_in(dir.path().string(), {"rev-list", "--count", "HEAD"}) == "2\n");
}

TEST_CASE("csv export: a --commit that cannot happen writes nothing",
          "[integration][export][csv][git]") {
  TempDir dir("alignctl-csv-nocommit");
  write_file(dir / "m.csv", group_csv({"alice", "bob"}));
  CsvExport e(dir.path().string());

  SECTION("outside a repository") {
    RunResult r = e.run(args_with({"--commit"}, k_bot));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("opening the git repository containing") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "users.yaml"));
  }
  SECTION("no author identity") {
    init_repo(dir.path().string());
    RunResult r = e.run({"--commit"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no git author identity") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "users.yaml"));
  }
  SECTION("a branch that exists at another commit") {
    init_repo(dir.path().string());
    REQUIRE(e.run(args_with({"--commit"}, k_bot)).exit_code == 0);
    git_in(dir.path().string(), {"branch", "elsewhere"});
    write_file(dir / "note.txt", "x\n");
    git_in(dir.path().string(), {"add", "note.txt"});
    git_in(dir.path().string(), {"commit", "-q", "-m", "note"});
    const std::string before = read_file(dir / "users.yaml");
    write_file(dir / "m.csv", group_csv({"alice", "bob", "carol"}));
    RunResult r = e.run(args_with({"--commit", "--branch", "elsewhere"}, k_bot));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("branch 'elsewhere' exists at another commit than HEAD") != std::string::npos);
    CHECK(read_file(dir / "users.yaml") == before);
  }
}

TEST_CASE("csv export: a header-only difference is no change — not reported, rewritten or "
          "committed",
          "[integration][export][csv][git]") {
  TempDir dir("alignctl-csv-header");
  init_repo(dir.path().string());
  CsvExport e(dir.path().string());
  write_file(dir / "m.csv", ad_users_csv({"alice", "bob"}));
  REQUIRE(e.run({"--group", "JiraAlign-Admins"}).exit_code == 0);
  const std::string text = read_file(dir / "users.yaml");
  CHECK(text.find("# Source: groups JiraAlign-Admins; JiraAlign-Users\n") != std::string::npos);

  // The groups in the other order: the same bytes.
  RunResult other_order = run_command({alignctl_bin(), "export", "--source", "csv", "--input",
                                       "m.csv", "--group", "JiraAlign-Admins", "--group",
                                       "JiraAlign-Users", "--out", "users.yaml", "--check"},
                                      [&] {
                                        RunOptions o;
                                        o.cwd = dir.path().string();
                                        return o;
                                      }());
  CHECK(other_order.exit_code == 0);
  CHECK(other_order.out == "users.yaml is up to date (2 users)\n");

  // A file with another header (as an older alignctl wrote it, naming the
  // server) and the same users, committed.
  std::string old_header = text;
  const std::string line = "# Source: groups JiraAlign-Admins; JiraAlign-Users\n";
  old_header.replace(old_header.find(line), line.size(),
                     "# Source: ldap://dc7.corp.example.com groups JiraAlign-Users; "
                     "JiraAlign-Admins\n");
  write_file(dir / "users.yaml", old_header);
  git_in(dir.path().string(), {"add", "users.yaml"});
  git_in(dir.path().string(), {"commit", "-q", "-m", "older export"});

  RunResult check = e.run({"--group", "JiraAlign-Admins", "--check"});
  CHECK(check.exit_code == 0);
  CHECK(check.out ==
        "users.yaml is up to date (2 users; only its header differs, which is not rewritten)\n");
  RunResult commit = e.run(args_with({"--group", "JiraAlign-Admins", "--commit"}, k_bot));
  INFO(commit.err);
  CHECK(commit.exit_code == 0);
  CHECK(commit.out == "nothing to commit: the users in users.yaml are unchanged on main\n");
  CHECK(read_file(dir / "users.yaml") == old_header);
  CHECK(git_in(dir.path().string(), {"rev-list", "--count", "HEAD"}) == "1\n");

  // A real change is committed, and the output names who joins.
  write_file(dir / "m.csv", ad_users_csv({"alice", "bob", "carol"}));
  RunResult joined = e.run(args_with({"--group", "JiraAlign-Admins", "--commit"}, k_bot));
  INFO(joined.err);
  REQUIRE(joined.exit_code == 0);
  CHECK(joined.out.find(" on main: 3 users: 1 join, 0 leave, 0 updated\nJoin (1): carol\n") !=
        std::string::npos);
  CHECK(
      read_file(dir / "users.yaml").find("# Source: groups JiraAlign-Admins; JiraAlign-Users\n") !=
      std::string::npos);
}
