// What `plan` and `validate` share: reading the policy and the desired state
// (a file, or git:REF:PATH through libgit2) with provenance hashes, printing
// diagnostics, writing private files atomically, and finishing standard
// output. cmd/ only.
#pragma once

#include "planner/plan.hpp"
#include "planner/policy.hpp"
#include "planner/policy_loader.hpp"
#include "state/model/desired_state.hpp"
#include "state/util/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

struct PlanInputs {
  Policy policy;
  DesiredState desired;
  Provenance provenance;       // sources, desired commit (git), sha256 of both files' bytes
  std::string desired_blob_id; // the desired state's blob when read from git, else ""
  Diagnostics diagnostics;     // every problem in both files; the inputs are usable only when empty
};

// Reads and parses both inputs, collecting every diagnostic (the desired state
// is read with the policy's match key, or externalId when the policy is
// broken). Throws Fatal only when a file cannot be read at all (missing,
// unreadable, bad git ref) — a message naming the file or ref.
PlanInputs load_plan_inputs(const std::string& policy_path, const std::string& desired_spec);

// The policy file at `path`, loaded for `use`. When it has problems, prints
// every diagnostic and throws Fatal "policy file P has N problem(s);
// <consequence>" (e.g. "nothing exported"); when it cannot be read, Fatal
// naming it.
Policy read_policy_file(const std::string& path, const std::string& consequence,
                        PolicyUse use = PolicyUse::Plan);

// Prints each diagnostic on stderr ("file:line:col: error: …").
void print_diagnostics(const Diagnostics& diagnostics);

// The whole file; throws Fatal naming `what` and the path when it cannot be
// read or holds more than `max_bytes` (checked before reading; limits in
// state/util/input_limits.hpp).
std::string read_whole_file(const std::string& path, const std::string& what,
                            std::size_t max_bytes);

// The time now as a plan's created_at: ISO 8601 UTC to the second
// ("2026-01-02T03:04:05Z"). plan and undo.
std::string utc_now();

// Writes `content` to `path` with mode 0600 through a temporary file in the
// same directory, fsynced, then renamed over `path`. Throws Fatal naming the
// path and the system's message; on failure `path` is untouched.
void write_private_file_atomically(const std::string& path, std::string_view content);

// Flushes standard output; throws Fatal "writing the <what> to standard output
// failed" when a write to it failed (a closed pipe, a full disk).
void flush_stdout(const std::string& what);

} // namespace alignctl
