#include "applier/audit_log.hpp"

#include "state/util/file_io.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace alignctl {

namespace {

class FileAuditLog final : public AuditSink {
public:
  FileAuditLog(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
  ~FileAuditLog() override { ::close(m_fd); }
  FileAuditLog(const FileAuditLog&) = delete;
  FileAuditLog& operator=(const FileAuditLog&) = delete;

  Result<void> append(const nlohmann::json& record) override {
    std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    line += '\n';
    std::lock_guard<std::mutex> lock(m_mutex);
    return append_to_file(m_fd, line, false, "audit log " + m_path);
  }

private:
  int m_fd;
  std::string m_path;
  std::mutex m_mutex;
};

} // namespace

Result<std::unique_ptr<AuditSink>> open_audit_log(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(ErrorKind::Io, "opening audit log " + path + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);
  return std::unique_ptr<AuditSink>(std::make_unique<FileAuditLog>(fd, path));
}

} // namespace alignctl
