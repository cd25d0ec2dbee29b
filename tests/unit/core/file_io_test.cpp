// state/util/file_io: the one atomic writer (explicit mode) and the appender
// the journal and the audit log use.
#include "state/util/file_io.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

using namespace alignctl;

namespace {

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

} // namespace

TEST_CASE("file_io: the atomic writer gives the file exactly the mode asked for") {
  test::TempDir dir("alignctl-file-io");
  const std::string plan = (dir / "plan.json").string();
  const std::string users = (dir / "users.yaml").string();
  test::write_file(plan, "old plan");
  ::chmod(plan.c_str(), 0644);
  REQUIRE(write_file_atomically(plan, "{}", 0600).ok());
  REQUIRE(write_file_atomically(users, "users: []\n", 0644).ok());
  CHECK(mode_of(plan) == 0600); // replaced, not the old file's mode
  CHECK(mode_of(users) == 0644);
  CHECK(test::read_file(plan) == "{}");
}

TEST_CASE("file_io: a failed replace leaves what was there and no temporary") {
  test::TempDir dir("alignctl-file-io");
  // A directory where the file should go: the rename fails (even for root).
  const std::string path = (dir / "users.yaml").string();
  std::filesystem::create_directory(path);
  test::write_file(dir / "users.yaml" / "keep", "old");
  auto r = write_file_atomically(path, "new", 0644);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Io);
  CHECK(r.error().message.find("renaming the new file over " + path + ": ") == 0);
  CHECK(test::read_file(dir / "users.yaml" / "keep") == "old");
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  CHECK(entries == 1); // the temporary is gone
}

TEST_CASE("file_io: append writes every byte and names the file when it cannot") {
  test::TempDir dir("alignctl-file-io");
  const std::string path = (dir / "journal").string();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  std::string big(1 << 20, 'x');
  REQUIRE(append_to_file(fd, "one\n", true, "journal " + path).ok());
  REQUIRE(append_to_file(fd, big, false, "journal " + path).ok());
  ::close(fd);
  CHECK(test::read_file(path) == "one\n" + big);
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC); // not writable
  auto r = append_to_file(fd, "two\n", true, "journal " + path);
  ::close(fd);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("writing journal " + path + ": ") == 0);
}
