// The findings of `alignctl doctor`: for each thing alignctl assumes about a
// Jira Align instance, what the probe found, a verdict, and — when something
// must change — the exact policy line to change. Pure data; rendered by
// doctor_render.hpp, assembled by cmd/cmd_doctor.cpp (docs/doctor.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

enum class Verdict {
  Ok,    // as alignctl assumes
  Note,  // differs, and alignctl copes (or the reader should know); not blocking
  Block, // alignctl cannot run as configured; `fix` says what to change
};

std::string_view verdict_name(Verdict v); // "ok", "note", "block"

struct Finding {
  std::string check; // stable id for pipelines: "auth", "page-cap", "orderby", …
  Verdict verdict = Verdict::Ok;
  std::string assumes; // what alignctl assumes
  std::string found;   // what the instance showed
  std::string fix;     // the policy line (or step) to change; empty when nothing to do
};

struct DoctorReport {
  std::string target; // the API base URL probed
  std::vector<Finding> findings;

  // True when no finding blocks: alignctl can run as configured.
  bool ready() const;
  std::size_t count(Verdict v) const;
};

} // namespace alignctl
