// How `alignctl apply` shows progress: one line per finished action (logs,
// pipelines) on stdout, or a progress bar on stderr (terminals) with failures
// printed as they happen.
#pragma once

#include "applier/applier.hpp"

#include <memory>
#include <string>

namespace alignctl {

// "create jdoe (id 42)": the op, the key and the user's id when known.
std::string describe_action(const Action& a, const ActionResult& r);

// `mode` is "lines", "bar" or "auto" (a bar when stderr is a terminal).
std::unique_ptr<ApplyObserver> make_apply_progress(const std::string& mode);

} // namespace alignctl
