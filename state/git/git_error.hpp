// Turning a failed libgit2 call into an Error that says what was being done,
// on which object, and quotes libgit2's own message (git_error_last()).
#pragma once

#include "state/util/result.hpp"

#include <string>

namespace alignctl {

// `doing` says what and on what ("opening the repository at /x"); `rc` is the
// libgit2 return code.
Error git_failure(const std::string& doing, int rc);

} // namespace alignctl
