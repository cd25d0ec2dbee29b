#include "state/util/bounded_read.hpp"

#include "state/util/text_scan.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alignctl {

namespace {

class Fd {
public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
};

} // namespace

Result<std::string> read_file_bounded(const std::string& path, std::size_t max_bytes,
                                      const std::string& what) {
  auto io_error = [&](int err) {
    return make_error(ErrorKind::Io,
                      fmt::format("cannot read {} {}: {}", what, path, std::strerror(err)));
  };
  auto too_large = [&](const std::string& size) {
    return make_error(ErrorKind::Input, fmt::format("{} {} is {}, over the limit of {}", what, path,
                                                    size, format_size(max_bytes)));
  };
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return io_error(errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return io_error(errno);
  }
  if (S_ISDIR(st.st_mode)) {
    return io_error(EISDIR);
  }
  std::string out;
  if (S_ISREG(st.st_mode)) {
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > max_bytes) {
      return too_large(format_size(size));
    }
    out.reserve(size);
  }
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return io_error(errno);
    }
    if (n == 0) {
      break;
    }
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      // a pipe, or a file still growing
      return make_error(ErrorKind::Input, fmt::format("{} {} holds more than {}, the limit", what,
                                                      path, format_size(max_bytes)));
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

} // namespace alignctl
