// Small string helpers the planner shares: joining, and glob matching for
// protected patterns (case folding is state/util/ascii_case).
#pragma once

#include "state/util/ascii_case.hpp" // fold_case, iequals

#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Shell-style glob (`*` any run, `?` one character), ASCII case-insensitive.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace alignctl
