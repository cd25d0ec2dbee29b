// Loading the policy file (alignctl.yaml; docs/policy.md) from its text.
#pragma once

#include "planner/policy.hpp"
#include "state/util/diagnostic.hpp"
#include "state/util/input_limits.hpp"

#include <string>
#include <string_view>

namespace alignctl {

struct PolicyLoad {
  Policy policy;           // meaningful only when diagnostics is empty
  Diagnostics diagnostics; // every problem found, in file order, each with file:line:col
  bool ok() const { return diagnostics.empty(); }
};

// Parses `text` (named `file` in diagnostics). Never stops at the first
// problem: unknown keys, wrong types, missing required values, duplicate keys
// and out-of-range values are all reported. The top-level `directory:` section
// belongs to `export` and is skipped without inspection.
// Hostile input (state/util/input_limits.hpp) gives a clear diagnostic, never
// a crash or runaway memory: a file over k_max_policy_bytes, a NUL byte or
// invalid UTF-8 (with line:col), nesting yaml-cpp refuses (about 500 levels),
// aliases that expand the document by more than k_max_alias_expansion_bytes
// beyond twice its size; values are quoted in messages by their first 80
// characters; at most k_max_diagnostics problems are listed.
PolicyLoad load_policy(std::string_view text, const std::string& file);

} // namespace alignctl
