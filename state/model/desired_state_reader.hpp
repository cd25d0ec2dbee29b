// Reading the desired-state file (users.yaml; docs/desired-state-format.md).
// The canonical writer is state/model/desired_state_writer.hpp.
#pragma once

#include "state/model/desired_state.hpp"
#include "state/util/diagnostic.hpp"
#include "state/util/input_limits.hpp"

#include <string>
#include <string_view>

namespace alignctl {

struct DesiredStateRead {
  DesiredState state;      // complete only when diagnostics is empty
  Diagnostics diagnostics; // every problem, in file order, each with file:line:col
  bool ok() const { return diagnostics.empty(); }
};

// Parses `text` (named `file` in diagnostics). `key` is the policy's match key
// ("externalId" or "email"): it decides which field must be unique
// (case-insensitively; a duplicate's message names both lines) and non-empty.
// Reports, without stopping at the first: invalid YAML, non-UTF-8 bytes, a
// version other than 1, unknown fields, missing required fields, values that
// YAML reads as something other than a string (numbers, booleans, null —
// quote them), and duplicate keys. Streams the YAML (no document tree), so
// 100,000 users cost little more memory than the result. Sets state.key; the
// users keep file order and their `line`.
// Hostile input (state/util/input_limits.hpp) gives one clear diagnostic, never
// a crash: a file over k_max_desired_state_bytes, a NUL byte or invalid UTF-8
// (with line:col), aliases, nesting yaml-cpp refuses (about 500 levels), a
// value longer than k_max_value_chars characters (naming the field and the
// limit); after k_max_diagnostics problems the reader stops and says so.
DesiredStateRead read_desired_state(std::string_view text, const std::string& file,
                                    MatchKey key = MatchKey::ExternalId);

} // namespace alignctl
