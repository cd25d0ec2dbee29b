// The history of one file for plan --base (state/git/git_history), in a real
// repository: only the commits that changed the file, newest first, along
// first parents; the cap; blobs read back; a file missing at a ref.
#include "state/git/git_history.hpp"
#include "state/git/git_read.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using namespace alignctl::test;

TEST_CASE("file history: the commits that changed the file, newest first, and the cap",
          "[export][git]") {
  TempDir dir("alignctl-git-history");
  const std::string repo = dir.path().string();
  auto git = [&](std::vector<std::string> args) {
    std::string out = git_in(repo, args);
    if (!out.empty() && out.back() == '\n') {
      out.pop_back();
    }
    return out;
  };
  git({"init", "-q", "-b", "main"});
  write_file(dir / "other.txt", "x\n");
  git({"add", "other.txt"});
  git({"commit", "-q", "-m", "before the file"});
  const std::string before = git({"rev-parse", "HEAD"});
  write_file(dir / "users.yaml", "v1\n");
  git({"add", "users.yaml"});
  git({"commit", "-q", "-m", "add"});
  const std::string c1 = git({"rev-parse", "HEAD"});
  write_file(dir / "other.txt", "y\n");
  git({"commit", "-q", "-am", "unrelated"});
  write_file(dir / "users.yaml", "v2\n");
  git({"commit", "-q", "-am", "change"});
  const std::string c2 = git({"rev-parse", "HEAD"});

  auto history = GitHistory::open(repo);
  REQUIRE(history);
  std::vector<FileChange> seen;
  auto walk = history->walk_file_changes(c2, "users.yaml", 100, [&](const FileChange& c) {
    seen.push_back(c);
    return true;
  });
  REQUIRE(walk);
  CHECK_FALSE(walk->capped);
  CHECK(walk->commits_walked == 3); // c2, unrelated, c1 (the file is absent before)
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].commit.id == c2);
  CHECK(seen[1].commit.id == c1);
  CHECK(seen[1].parent_blob_id.empty());
  CHECK(seen[0].parent_blob_id == seen[1].blob_id);
  CHECK(seen[0].commit.date.size() == 20); // 2026-01-02T03:04:05Z
  CHECK_FALSE(seen[0].commit.author.empty());
  auto text = history->read_blob(seen[0].blob_id, 100, "desired-state file");
  REQUIRE(text);
  CHECK(*text == "v2\n");
  auto big = history->read_blob(seen[0].blob_id, 2, "desired-state file");
  REQUIRE_FALSE(big);
  CHECK(big.error().kind == ErrorKind::Input);

  // Two commits allowed: c2, then "unrelated"; c1 is never reached.
  seen.clear();
  walk = history->walk_file_changes(c2, "users.yaml", 2, [&](const FileChange& c) {
    seen.push_back(c);
    return true;
  });
  REQUIRE(walk);
  CHECK(walk->capped);
  CHECK(seen.size() == 1);

  // The file missing at a ref is NotFound (plan --base treats it as empty);
  // the ref still resolves.
  auto missing = read_file_at_ref(repo, before, "users.yaml", 100, "desired-state file");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::NotFound);
  auto resolved = resolve_commit_id(repo, "HEAD~3");
  REQUIRE(resolved);
  CHECK(*resolved == before);
}
