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

// What the policy is loaded for: `plan` and `validate` need the sections that
// say how to create users (create, regions); `export` reads the file for its
// `directory:` section and needs neither. Every section present is checked
// either way, with the same messages.
enum class PolicyUse { Plan, Export };

// Parses `text` (named `file` in diagnostics) — the whole file, its
// `directory:` section included (Policy::directory, through
// state/model/directory_section). Never stops at the first problem: unknown
// keys, wrong types, missing required values, duplicate keys and out-of-range
// values are all reported, in file order.
// Hostile input (state/util/input_limits.hpp) gives a clear diagnostic, never
// a crash or runaway memory: a file over k_max_policy_bytes, a NUL byte or
// invalid UTF-8 (with line:col), nesting yaml-cpp refuses (about 500 levels),
// aliases that expand the document by more than k_max_alias_expansion_bytes
// beyond twice its size; values are quoted in messages by their first 80
// characters; at most k_max_diagnostics problems are listed.
PolicyLoad load_policy(std::string_view text, const std::string& file,
                       PolicyUse use = PolicyUse::Plan);

} // namespace alignctl
