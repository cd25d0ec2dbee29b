// The one place alignctl writes files durably: whole files replaced
// atomically with an explicit mode (plan files, desired state, Markdown), and
// lines appended and synced (journal, audit log). POSIX; no exceptions.
#pragma once

#include "state/util/result.hpp"

#include <string>
#include <string_view>
#include <sys/types.h>

namespace alignctl {

// Replaces `path` with `content`: written to a temporary file beside it, given
// `mode` (e.g. 0600 for plan files, 0644 for the desired state), fsynced,
// renamed over `path`, and the directory fsynced. On failure `path` is
// untouched, the temporary file removed, and the ErrorKind::Io error says what
// failed: "creating a temporary file next to P: …", "writing P: …",
// "flushing P: …", "renaming the new file over P: …".
Result<void> write_file_atomically(const std::string& path, std::string_view content, mode_t mode);

// Writes all of `data` to `fd` (retrying short writes and EINTR) and, when
// `sync`, fdatasyncs it. `what` names the file in errors: "writing journal
// P: …", "syncing journal P: …".
Result<void> append_to_file(int fd, std::string_view data, bool sync, const std::string& what);

// fsyncs the directory holding `path` (after a create or rename), so the new
// entry survives a crash. Best effort: a directory that cannot be opened is
// left as it is.
void sync_parent_directory(const std::string& path);

} // namespace alignctl
