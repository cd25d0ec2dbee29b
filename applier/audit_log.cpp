#include "applier/audit_log.hpp"

#include "applier/json_lines_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alignctl {

Result<std::unique_ptr<AuditSink>> open_audit_log(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(ErrorKind::Io, "opening audit log " + path + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);
  return std::unique_ptr<AuditSink>(
      std::make_unique<JsonLinesFile<AuditSink>>(fd, "audit log " + path, false));
}

} // namespace alignctl
