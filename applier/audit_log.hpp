// The audit log a pipeline keeps: one JSON line per request apply sent or
// lookup it made — {"time","op","key","user_id","method","path","body",
// "status","duration_ms","outcome","error"}. Never the Authorization header
// or the token: the applier only ever sees the planned request, not the
// client's headers.
#pragma once

#include "state/util/result.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace alignctl {

class AuditSink {
public:
  virtual ~AuditSink() = default;
  // Best effort for the caller: a failing audit write is reported once by the
  // applier and does not stop the run (the journal is what resume relies on).
  virtual Result<void> append(const nlohmann::json& record) = 0;
};

// Appends to (or creates, mode 0600) the file at `path`; each record is one
// write() of one line. Io error when it cannot be opened.
Result<std::unique_ptr<AuditSink>> open_audit_log(const std::string& path);

} // namespace alignctl
