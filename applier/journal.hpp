// The apply journal: an append-only JSON-lines record of what apply did to
// which action of which plan, so a crashed or interrupted run resumes without
// sending a "done" action again. Format (docs/apply.md):
//   {"record":"header","format":"alignctl-journal","version":1,
//    "plan_checksum":"sha256:…","tool_version":"…","started":"<ISO time>"}
//   {"record":"run","started":"…","tool_version":"…"}            (each later run)
//   {"record":"started","index":N,"op":"create","key":"…","time":"…"}
//   {"record":"done","index":N,"op":…,"key":…,"user_id":123,"status":201,"time":…}
//   {"record":"failed","index":N,"op":…,"key":…,"status":400,"error":"…","time":…}
// `index` is the action's position in the plan (0-based); op and key repeat it
// so a human can read the file and replay checks it. Never a token.
#pragma once

#include "state/util/result.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

inline constexpr const char* k_journal_format = "alignctl-journal";
inline constexpr int k_journal_version = 1;
// How the error of a "failed" record starts when nothing was sent (the lookup
// before a create failed, or another apply was creating the same users).
inline constexpr const char* k_journal_not_sent = "not sent: ";

enum class JournalStatus { Started, Done, Failed };

// The latest known state of one action, replayed from the journal.
struct JournalEntry {
  JournalStatus status = JournalStatus::Started;
  std::string op;
  std::string key;
  std::optional<std::int64_t> user_id; // from "done" (creates: the new user's id)
  int http_status = 0;                 // of the last done/failed record
  std::string error;                   // of the last failed record
  int started_count = 0;               // how many "started" records (sends attempted)
  bool started_after_done = false;     // a "started" after a "done": must never happen
};

struct JournalState {
  std::string plan_checksum;
  std::string tool_version;
  int runs = 0;                                // header + run records
  std::map<std::size_t, JournalEntry> actions; // by plan index
  bool torn_tail = false;                      // the last line was incomplete and ignored

  bool done(std::size_t index) const;
};

// Replays a journal's text. A last line that is incomplete or unreadable (a
// crash mid-write) is ignored and reported via torn_tail. An empty text, or
// one holding only a torn header, gives runs == 0 (nothing happened yet). An
// unreadable line before the last, a foreign first record, or an unknown
// version is an Input error "<source> line N: …".
Result<JournalState> read_journal(std::string_view text, const std::string& source);

// The length of the prefix of `text` made of complete, readable lines: what a
// writer keeps when it reopens a journal whose tail was torn by a crash.
std::size_t journal_intact_length(std::string_view text);

// Record builders (the one place the field names live).
nlohmann::json journal_header(const std::string& plan_checksum, const std::string& tool_version,
                              const std::string& time);
nlohmann::json journal_run(const std::string& tool_version, const std::string& time);
nlohmann::json journal_started(std::size_t index, const std::string& op, const std::string& key,
                               const std::string& time);
nlohmann::json journal_done(std::size_t index, const std::string& op, const std::string& key,
                            std::optional<std::int64_t> user_id, int http_status,
                            const std::string& note, const std::string& time);
nlohmann::json journal_failed(std::size_t index, const std::string& op, const std::string& key,
                              int http_status, const std::string& error, const std::string& time);

// Where records go: each append is durable (flushed and fsynced) before it
// returns. Safe to call from several threads.
class JournalSink {
public:
  virtual ~JournalSink() = default;
  virtual Result<void> append(const nlohmann::json& record) = 0;
};

} // namespace alignctl
