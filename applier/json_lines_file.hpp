// An append-only file of JSON lines, as the journal and the audit log are:
// each record one line, appended whole under a lock (state/util/file_io's
// append_to_file), and synced when the file is one that resume relies on.
#pragma once

#include "state/util/file_io.hpp"
#include "state/util/result.hpp"

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

namespace alignctl {

// `Sink` is the interface it serves (JournalSink, AuditSink): one virtual
// `append(const nlohmann::json&)`. Owns `fd` and closes it.
template <class Sink> class JsonLinesFile final : public Sink {
public:
  // `what` names the file in errors ("journal P"); `sync`: fdatasync each line.
  JsonLinesFile(int fd, std::string what, bool sync)
      : m_fd(fd), m_what(std::move(what)), m_sync(sync) {}
  ~JsonLinesFile() override { ::close(m_fd); }
  JsonLinesFile(const JsonLinesFile&) = delete;
  JsonLinesFile& operator=(const JsonLinesFile&) = delete;

  Result<void> append(const nlohmann::json& record) override {
    std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    line += '\n';
    std::lock_guard<std::mutex> lock(m_mutex);
    return append_to_file(m_fd, line, m_sync, m_what);
  }

private:
  int m_fd;
  std::string m_what;
  bool m_sync;
  std::mutex m_mutex;
};

} // namespace alignctl
