// Small string helpers the planner shares: joining, and glob matching for
// protected patterns (case folding is state/util/ascii_case).
#pragma once

#include "state/util/ascii_case.hpp" // fold_case, iequals

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

// "42%": part of whole as a whole percentage, rounded half up; "0%" when
// whole is 0.
std::string percent_text(std::size_t part, std::size_t whole);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Shell-style glob (`*` any run, `?` one character), ASCII case-insensitive.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace alignctl
