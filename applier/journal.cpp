#include "applier/journal.hpp"

#include "state/util/json_depth.hpp"

#include <fmt/core.h>
#include <vector>

namespace alignctl {

namespace {

using nlohmann::json;

std::vector<std::string_view> split_lines(std::string_view text, bool& last_complete) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  last_complete = true;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(pos));
      last_complete = false;
      break;
    }
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Applies one parsed record; returns an error message or "".
std::string apply_record(const json& r, JournalState& state, bool first) {
  if (!r.is_object() || !r.contains("record") || !r["record"].is_string()) {
    return "not a journal record";
  }
  const std::string kind = r["record"].get<std::string>();
  if (first) {
    if (kind != "header") {
      return "the first record is not a journal header";
    }
    if (r.value("format", "") != k_journal_format) {
      return "not an alignctl journal (format '" + r.value("format", "") + "')";
    }
    int version = r.value("version", 0);
    if (version != k_journal_version) {
      return fmt::format("unknown journal version {} (this alignctl reads version {})", version,
                         k_journal_version);
    }
    state.plan_checksum = r.value("plan_checksum", "");
    state.tool_version = r.value("tool_version", "");
    state.runs = 1;
    return "";
  }
  if (kind == "header") {
    return "a second journal header";
  }
  if (kind == "run") {
    ++state.runs;
    return "";
  }
  if (kind != "started" && kind != "done" && kind != "failed") {
    return "unknown record '" + kind + "'";
  }
  if (!r.contains("index") || !r["index"].is_number_unsigned()) {
    return "record '" + kind + "' without an action index";
  }
  auto index = r["index"].get<std::size_t>();
  JournalEntry& e = state.actions[index];
  e.op = r.value("op", e.op);
  e.key = r.value("key", e.key);
  if (kind == "started") {
    if (e.started_count > 0 && e.status == JournalStatus::Done) {
      e.started_after_done = true;
    }
    ++e.started_count;
    e.status = JournalStatus::Started;
    return "";
  }
  e.http_status = r.value("status", 0);
  if (kind == "done") {
    e.status = JournalStatus::Done;
    if (r.contains("user_id") && r["user_id"].is_number_integer()) {
      e.user_id = r["user_id"].get<std::int64_t>();
    }
    e.error.clear();
  } else {
    e.status = JournalStatus::Failed;
    e.error = r.value("error", "");
  }
  return "";
}

} // namespace

bool JournalState::done(std::size_t index) const {
  auto it = actions.find(index);
  return it != actions.end() && it->second.status == JournalStatus::Done;
}

Result<JournalState> read_journal(std::string_view text, const std::string& source) {
  bool last_complete = true;
  std::vector<std::string_view> lines = split_lines(text, last_complete);
  std::size_t last = lines.size();
  while (last > 0 && blank(lines[last - 1])) {
    --last;
  }
  JournalState state;
  bool first = true;
  for (std::size_t i = 0; i < last; ++i) {
    if (blank(lines[i])) {
      continue;
    }
    bool is_last = i + 1 == last;
    if (auto deep = json_too_deep(lines[i])) {
      // alignctl writes records three levels deep; this is not one of them
      return make_error(ErrorKind::Input,
                        fmt::format("{} line {}:{}: a record nested deeper than {} levels (the "
                                    "journal is damaged)",
                                    source, i + 1, *deep + 1, k_max_json_depth));
    }
    json r = json::parse(lines[i], nullptr, false);
    if (is_last && (r.is_discarded() || (i + 1 == lines.size() && !last_complete))) {
      // A crash mid-write: the record never became durable, so it never happened.
      state.torn_tail = true;
      break;
    }
    if (r.is_discarded()) {
      return make_error(ErrorKind::Input,
                        fmt::format("{} line {}: not a JSON record (the journal is damaged "
                                    "before its last line)",
                                    source, i + 1));
    }
    std::string problem = apply_record(r, state, first);
    if (!problem.empty()) {
      return make_error(ErrorKind::Input, fmt::format("{} line {}: {}", source, i + 1, problem));
    }
    first = false;
  }
  return state;
}

std::size_t journal_intact_length(std::string_view text) {
  std::size_t nl = text.rfind('\n');
  if (nl == std::string_view::npos) {
    return 0;
  }
  std::size_t intact = nl + 1;
  // The last complete line may itself be unreadable (torn, then a newline).
  std::size_t prev = nl == 0 ? std::string_view::npos : text.rfind('\n', nl - 1);
  std::size_t begin = prev == std::string_view::npos ? 0 : prev + 1;
  std::string_view line = text.substr(begin, nl - begin);
  if (!blank(line) && !json_too_deep(line) && json::parse(line, nullptr, false).is_discarded()) {
    return begin;
  }
  return intact;
}

json journal_header(const std::string& plan_checksum, const std::string& tool_version,
                    const std::string& time) {
  return json{{"record", "header"},           {"format", k_journal_format},
              {"version", k_journal_version}, {"plan_checksum", plan_checksum},
              {"tool_version", tool_version}, {"started", time}};
}

json journal_run(const std::string& tool_version, const std::string& time) {
  return json{{"record", "run"}, {"started", time}, {"tool_version", tool_version}};
}

json journal_started(std::size_t index, const std::string& op, const std::string& key,
                     const std::string& time) {
  return json{{"record", "started"}, {"index", index}, {"op", op}, {"key", key}, {"time", time}};
}

json journal_done(std::size_t index, const std::string& op, const std::string& key,
                  std::optional<std::int64_t> user_id, int http_status, const std::string& note,
                  const std::string& time) {
  json r{{"record", "done"}, {"index", index}, {"op", op}, {"key", key}};
  if (user_id) {
    r["user_id"] = *user_id;
  }
  r["status"] = http_status;
  if (!note.empty()) {
    r["note"] = note;
  }
  r["time"] = time;
  return r;
}

json journal_failed(std::size_t index, const std::string& op, const std::string& key,
                    int http_status, const std::string& error, const std::string& time) {
  return json{{"record", "failed"},    {"index", index}, {"op", op},    {"key", key},
              {"status", http_status}, {"error", error}, {"time", time}};
}

} // namespace alignctl
