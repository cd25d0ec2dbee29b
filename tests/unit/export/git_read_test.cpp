// Reading a file at a git ref (plan --desired git:REF:PATH) from a real
// repository in a temporary directory: the content and commit, and the size
// limit checked from the object's header before the blob is read.
#include "state/git/git_read.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;
using namespace alignctl::test;

TEST_CASE("a file at a git ref: content, commit, and the size limit before reading",
          "[export][git]") {
  TempDir dir("alignctl-git-read");
  auto git = [&](std::vector<std::string> args) { return git_in(dir.path().string(), args); };
  git({"init", "-q", "-b", "main"});
  const std::string content = "version: 1\nusers: []\n" + std::string(4000, '#') + "\n";
  write_file(dir / "users.yaml", content);
  git({"add", "users.yaml"});
  git({"commit", "-q", "-m", "desired"});
  std::string head = git({"rev-parse", "HEAD"});
  head.pop_back();

  auto ok = read_file_at_ref(dir.path().string(), "main", "users.yaml", 1 << 20, "desired file");
  REQUIRE(ok);
  CHECK(ok->content == content);
  CHECK(ok->commit_id == head);

  auto big = read_file_at_ref(dir.path().string(), "main", "users.yaml", 1000, "desired file");
  REQUIRE_FALSE(big);
  CHECK(big.error().kind == ErrorKind::Input);
  CHECK(big.error().message ==
        "desired file git:main:users.yaml is 3.9 KiB, over the limit of 1000 bytes");
}
