#include "applier/journal_file.hpp"

#include "applier/json_lines_file.hpp"
#include "state/util/file_io.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alignctl {

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

Result<std::string> read_fd(int fd, const std::string& path) {
  std::string text;
  char buf[65536];
  if (::lseek(fd, 0, SEEK_SET) < 0) {
    return make_error(ErrorKind::Io, "reading journal " + path + ": " + errno_text());
  }
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return make_error(ErrorKind::Io, "reading journal " + path + ": " + errno_text());
    }
    if (n == 0) {
      break;
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  return text;
}

} // namespace

Result<OpenedJournal> open_journal_file(const std::string& path) {
  bool existed = std::filesystem::exists(path);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(ErrorKind::Io, "opening journal " + path + ": " + errno_text());
  }
  auto fail = [&](Error e) -> Result<OpenedJournal> {
    ::close(fd);
    return e;
  };
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    return fail(make_error(ErrorKind::Io, "journal " + path + " is in use by another apply (" +
                                              errno_text() + ")"));
  }
  ::fchmod(fd, 0600);
  auto text = read_fd(fd, path);
  if (!text) {
    return fail(text.error());
  }
  auto state = read_journal(*text, path);
  if (!state) {
    return fail(state.error());
  }
  std::size_t keep = state->runs == 0 ? 0 : journal_intact_length(*text);
  if (keep < text->size()) {
    if (::ftruncate(fd, static_cast<off_t>(keep)) != 0 || ::fdatasync(fd) != 0) {
      return fail(make_error(ErrorKind::Io,
                             "cutting the torn end off journal " + path + ": " + errno_text()));
    }
  }
  if (!existed) {
    sync_parent_directory(path);
  }
  OpenedJournal out;
  out.sink = std::make_unique<JsonLinesFile<JournalSink>>(fd, "journal " + path, true);
  out.state = std::move(*state);
  return out;
}

Result<JournalState> read_journal_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) {
      return JournalState{};
    }
    return make_error(ErrorKind::Io, "reading journal " + path + ": cannot open");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return read_journal(buf.str(), path);
}

Result<JournalState> read_idle_journal_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return JournalState{};
    }
    return make_error(ErrorKind::Io, "opening journal " + path + ": " + errno_text());
  }
  auto read_unlocked_by_others = [&]() -> Result<JournalState> {
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
      return make_error(ErrorKind::Io, "journal " + path +
                                           " is in use by a running apply; wait until it has "
                                           "finished (or stop it), then undo");
    }
    auto text = read_fd(fd, path);
    if (!text) {
      return text.error();
    }
    return read_journal(*text, path);
  };
  Result<JournalState> out = read_unlocked_by_others();
  ::close(fd);
  return out;
}

} // namespace alignctl
