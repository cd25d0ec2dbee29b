#include "state/util/file_io.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alignctl {

namespace {

Error io_error(const std::string& doing, int err) {
  return Error{ErrorKind::Io, fmt::format("{}: {}", doing, std::strerror(err))};
}

} // namespace

Result<void> append_to_file(int fd, std::string_view data, bool sync, const std::string& what) {
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return io_error("writing " + what, n < 0 ? errno : EIO);
    }
    off += static_cast<std::size_t>(n);
  }
  if (sync && ::fdatasync(fd) != 0) {
    return io_error("syncing " + what, errno);
  }
  return {};
}

void sync_parent_directory(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) {
    parent = ".";
  }
  int dfd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

Result<void> write_file_atomically(const std::string& path, std::string_view content, mode_t mode) {
  std::filesystem::path target(path);
  std::filesystem::path temp_path =
      target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX");
  std::string temp = temp_path.string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    return io_error("creating a temporary file next to " + path, errno);
  }
  auto fail = [&](const std::string& doing, int err) -> Result<void> {
    ::close(fd);
    ::unlink(temp.c_str());
    return io_error(doing, err);
  };
  if (auto w = append_to_file(fd, content, false, path); !w) {
    ::close(fd);
    ::unlink(temp.c_str());
    return w;
  }
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
    return fail("flushing " + path, errno);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return io_error("closing " + path, err);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return io_error("renaming the new file over " + path, err);
  }
  sync_parent_directory(path);
  return {};
}

} // namespace alignctl
