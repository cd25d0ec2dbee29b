// TempDir: a fresh directory under $TMPDIR (or /tmp), removed with its
// contents when the object dies unless ALIGNCTL_KEEP_TEST_DIRS is set.
#pragma once

#include <filesystem>
#include <string>

namespace alignctl::test {

class TempDir {
public:
  explicit TempDir(const std::string& prefix = "alignctl-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
  std::filesystem::path m_path;
};

// Writes `content` to `path` (creating parent directories); throws on failure.
void write_file(const std::filesystem::path& path, const std::string& content);
// Reads the whole file; throws on failure.
std::string read_file(const std::filesystem::path& path);

} // namespace alignctl::test
