// What a finished `alignctl apply` prints and which exit code it ends with:
// one table from ApplyOutcome to exit code (docs/exit-codes.md).
#pragma once

#include "applier/applier.hpp"

#include <string>

namespace alignctl {

// The exit code of `outcome`: 0 applied or dry run, 3 drift, 4 partial,
// unverified or aborted.
int apply_exit_code(ApplyOutcome outcome);

// Prints the summary and each failure of `report` (stdout, stderr) and
// returns 0 when the plan was applied (or the dry run passed); otherwise
// throws Fatal with the outcome's message and apply_exit_code().
int report_apply(const Plan& plan, const ApplyReport& report, const std::string& journal_path);

} // namespace alignctl
