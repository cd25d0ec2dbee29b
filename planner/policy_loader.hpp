// Loading the policy file (alignctl.yaml; docs/policy.md) from its text.
#pragma once

#include "planner/policy.hpp"
#include "state/util/diagnostic.hpp"

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
PolicyLoad load_policy(std::string_view text, const std::string& file);

} // namespace alignctl
