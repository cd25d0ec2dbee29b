// The journal on disk: opened for appending, created with mode 0600, locked
// against a second apply on the same file, and each record written with one
// write() and fdatasync() before append() returns.
#pragma once

#include "applier/journal.hpp"

#include <memory>
#include <string>

namespace alignctl {

struct OpenedJournal {
  std::unique_ptr<JournalSink> sink;
  JournalState state; // what the file held (runs == 0: new or empty)
};

// Opens or creates the journal at `path`. A torn last line left by a crash is
// cut off (it never became durable); a file holding no complete header is
// emptied. Io error when the file cannot be created, read or locked
// ("journal J is in use by another apply"); Input error when it is damaged.
Result<OpenedJournal> open_journal_file(const std::string& path);

// Reads a journal without changing or locking it (dry runs, tests). A missing
// file gives runs == 0.
Result<JournalState> read_journal_file(const std::string& path);

// Reads a journal no apply is writing (undo): like read_journal_file, but an
// Io error "journal J is in use by a running apply; …" while an apply holds
// its lock, since the outcomes are not settled yet.
Result<JournalState> read_idle_journal_file(const std::string& path);

} // namespace alignctl
